//! The obligation engine: an [`Incident`] in, an [`Assessment`] out. Pure:
//! no I/O and no clock; everything it needs comes in as arguments.
//!
//! Every condition is evaluated three-valued (true, false, unknown). A rule
//! whose conditions are all true applies; one with a false condition goes to
//! `not_applicable` with the reason; one with unknown conditions (and none
//! false) yields *conditional* obligations with the questions that settle
//! them, so an unknown fact never silently drops or adds an obligation.

pub mod deadline;

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;

use crate::incident::{Incident, Party};
use crate::model::*;

/// The answer: every obligation, and every rule that does not apply and why.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Assessment {
    #[schemars(with = "String")]
    pub aware_at: Timestamp,
    /// Sorted by due instant; obligations without an outer limit come last.
    pub obligations: Vec<Obligation>,
    pub not_applicable: Vec<NotApplicable>,
    /// What the assessment could not cover (jurisdictions without data).
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Obligation {
    pub jurisdiction: String,
    pub regime: String,
    pub regime_title: String,
    pub rule: String,
    pub rule_title: String,
    pub party: PartyRef,
    pub recipient: Recipient,
    pub stage: Stage,
    pub deadline: Deadline,
    pub status: Status,
    /// For conditional obligations: what would settle them.
    pub questions: Vec<String>,
    /// The conditions that matched, in words.
    pub because: Vec<String>,
    /// Other things a responder must know (e.g. an authority not resolved).
    pub notes: Vec<String>,
    pub content: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    pub citation: String,
    pub source: String,
    pub review: Review,
    /// Where the rule is defined, so a reader can check or correct it.
    pub origin: Origin,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PartyRef {
    pub role: String,
    pub index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Recipient {
    pub kind: String,
    pub authority: Option<AuthorityRef>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct AuthorityRef {
    pub id: String,
    pub name: String,
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub portal: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Deadline {
    /// The latest instant the law allows, or `None` where it sets no outer limit.
    #[schemars(with = "Option<String>")]
    pub due: Option<Timestamp>,
    /// `due` in `time_zone`, RFC 9557.
    pub due_local: Option<String>,
    /// `due` in the responder's zone, when the output was asked for one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_in_zone: Option<String>,
    /// The zone the days were counted in (the authority's or the law's).
    pub time_zone: String,
    /// The law's wording, in short.
    pub text: String,
    pub business_days: bool,
    /// What the outer limit is and when its clock started, in words.
    pub basis: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Applies,
    Conditional,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct NotApplicable {
    pub jurisdiction: String,
    pub regime: String,
    pub regime_title: String,
    pub rule: String,
    pub rule_title: String,
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Truth {
    True,
    False,
    Unknown,
}

/// One evaluated condition: its truth, why (in words), and for unknowns the
/// question that settles it.
#[derive(Debug, Clone)]
struct Finding {
    truth: Truth,
    text: String,
    question: Option<String>,
}

impl Finding {
    fn yes(text: impl Into<String>) -> Self {
        Finding {
            truth: Truth::True,
            text: text.into(),
            question: None,
        }
    }
    fn no(text: impl Into<String>) -> Self {
        Finding {
            truth: Truth::False,
            text: text.into(),
            question: None,
        }
    }
    fn unknown(text: impl Into<String>, question: impl Into<String>) -> Self {
        Finding {
            truth: Truth::Unknown,
            text: text.into(),
            question: Some(question.into()),
        }
    }
}

/// The conjunction of findings.
fn all(findings: &[Finding]) -> Truth {
    if findings.iter().any(|f| f.truth == Truth::False) {
        Truth::False
    } else if findings.iter().any(|f| f.truth == Truth::Unknown) {
        Truth::Unknown
    } else {
        Truth::True
    }
}

/// Assesses an incident against the dataset.
pub fn assess(data: &Dataset, incident: &Incident) -> Assessment {
    let mut obligations = Vec::new();
    let mut not_applicable = Vec::new();
    for rule in &data.rules {
        let regime = &data.regimes[&rule.regime];
        let (mut found, reasons) = assess_rule(data, incident, regime, rule);
        if found.is_empty() {
            not_applicable.push(NotApplicable {
                jurisdiction: rule.jurisdiction.clone(),
                regime: regime.id.clone(),
                regime_title: regime.title.clone(),
                rule: rule.id.clone(),
                rule_title: rule.title.clone(),
                reasons,
            });
        }
        obligations.append(&mut found);
    }
    obligations.sort_by(|a, b| {
        let due = |o: &Obligation| (o.deadline.due.is_none(), o.deadline.due);
        (
            due(a),
            &a.jurisdiction,
            &a.regime,
            a.stage,
            &a.recipient.kind,
        )
            .cmp(&(
                due(b),
                &b.jurisdiction,
                &b.regime,
                b.stage,
                &b.recipient.kind,
            ))
    });
    let warnings = incident
        .uncovered
        .iter()
        .map(|code| {
            let reached: Vec<String> = data
                .reach(code)
                .into_iter()
                .filter(|c| data.jurisdictions.contains_key(c))
                .collect();
            if reached.is_empty() {
                format!("obligo has no data for {code}: no law of {code} was assessed")
            } else {
                format!(
                    "obligo has no data for {code}: its own law was not assessed, only that of {}",
                    reached.join(", ")
                )
            }
        })
        .collect();
    Assessment {
        aware_at: incident.aware_at,
        obligations,
        not_applicable,
        warnings,
    }
}

/// The law as it stood: whether the regime and the rule applied on `date`.
fn in_force(regime: &Regime, rule: &Rule, date: Date) -> Result<String, String> {
    if regime.status == LegalStatus::Proposed {
        return Err(format!("{} is only proposed: not in force", regime.title));
    }
    let from = rule
        .applies_from
        .into_iter()
        .chain(regime.applies_from)
        .max();
    let until = rule
        .applies_until
        .into_iter()
        .chain(regime.applies_until)
        .min();
    if let Some(from) = from {
        if date < from {
            let state = if regime.status == LegalStatus::Adopted {
                "adopted but "
            } else {
                ""
            };
            return Err(format!(
                "{state}not yet applicable on {date}: applies from {from}"
            ));
        }
    }
    if let Some(until) = until {
        if date >= until {
            return Err(format!(
                "no longer applicable on {date}: applied until {until} (exclusive)"
            ));
        }
    }
    let since = from
        .map(|f| format!(", applicable since {f}"))
        .unwrap_or_default();
    Ok(format!(
        "{} ({}) was in force on {date}{since}",
        regime.title, rule.citation
    ))
}

/// Evaluates one rule for every acting party (and, per residence, every
/// place where affected people live). Returns the obligations, or the
/// reasons it does not apply.
fn assess_rule(
    data: &Dataset,
    incident: &Incident,
    regime: &Regime,
    rule: &Rule,
) -> (Vec<Obligation>, Vec<String>) {
    let law_zone = data.time_zone(&rule.jurisdiction);
    let date = incident.aware_at.to_zoned_datetime(law_zone).date();
    let in_force_text = match in_force(regime, rule, date) {
        Ok(t) => t,
        Err(reason) => return (Vec::new(), vec![reason]),
    };
    let when = &rule.when;
    let actors: Vec<(usize, &Party)> = incident
        .parties
        .iter()
        .enumerate()
        .filter(|(_, p)| p.role == when.actor)
        .collect();
    if actors.is_empty() {
        return (
            Vec::new(),
            vec![format!("no {} among the incident's parties", when.actor)],
        );
    }
    let residents: Vec<&Party> = incident
        .parties
        .iter()
        .filter(|p| p.role == "affected-people")
        .filter(|p| {
            p.jurisdiction
                .as_deref()
                .is_some_and(|j| data.is_within(j, &rule.jurisdiction))
        })
        .collect();
    // With per_residence, one assessment per place one level below the rule's
    // jurisdiction (each member state for the EU, each state for the US).
    let groups: Vec<Option<String>> = if when.per_residence {
        let mut places: Vec<String> = residents
            .iter()
            .filter_map(|p| p.jurisdiction.as_deref())
            .map(|j| {
                data.child_towards(j, &rule.jurisdiction)
                    .unwrap_or_else(|| j.to_string())
            })
            .collect();
        places.sort();
        places.dedup();
        if places.is_empty() {
            return (
                Vec::new(),
                vec![format!("no affected people live in {}", rule.jurisdiction)],
            );
        }
        places.into_iter().map(Some).collect()
    } else {
        vec![None]
    };

    let mut out = Vec::new();
    let mut reasons = Vec::new();
    for (index, actor) in &actors {
        let nexus = nexus_finding(data, rule, actor, &residents);
        let mut base = vec![nexus];
        if let Some(wanted) = when.established {
            base.push(established_finding(data, &rule.jurisdiction, actor, wanted));
        }
        for area in &when.not_established_in {
            base.push(established_finding(data, area, actor, false));
        }
        for group in &groups {
            let group_residents: Vec<&Party> = match group {
                Some(place) => residents
                    .iter()
                    .copied()
                    .filter(|p| {
                        p.jurisdiction
                            .as_deref()
                            .is_some_and(|j| data.is_within(j, place))
                    })
                    .collect(),
                None => residents.clone(),
            };
            let scope = Scope {
                place: group.as_deref().unwrap_or(&rule.jurisdiction),
                residents: &group_residents,
            };
            let mut findings = base.clone();
            findings.extend(criteria_findings(
                data,
                incident,
                actor,
                &when.criteria,
                &scope,
            ));
            match all(&findings) {
                Truth::False => {
                    for f in findings.iter().filter(|f| f.truth == Truth::False) {
                        let text = match group {
                            Some(place) => format!("{place}: {}", f.text),
                            None => f.text.clone(),
                        };
                        if !reasons.contains(&text) {
                            reasons.push(text);
                        }
                    }
                }
                truth => {
                    let ctx = Context {
                        data,
                        incident,
                        regime,
                        rule,
                        actor_index: *index,
                        actor,
                        place: group.as_deref(),
                        in_force: &in_force_text,
                    };
                    out.extend(obligations_for(&ctx, &findings, truth == Truth::Unknown));
                }
            }
        }
    }
    (out, reasons)
}

/// Which affected people a threshold counts, and where.
struct Scope<'a> {
    place: &'a str,
    residents: &'a [&'a Party],
}

fn nexus_finding(data: &Dataset, rule: &Rule, actor: &Party, residents: &[&Party]) -> Finding {
    let mut options = Vec::new();
    for nexus in &rule.when.nexus {
        options.push(match nexus {
            Nexus::Establishment => establishment(data, &rule.jurisdiction, actor),
            Nexus::Residence => {
                if residents.is_empty() {
                    Finding::no(format!("no affected people live in {}", rule.jurisdiction))
                } else {
                    let places: Vec<String> = residents
                        .iter()
                        .filter_map(|p| p.jurisdiction.clone())
                        .collect();
                    Finding::yes(format!(
                        "affected people live in {} (within {})",
                        places.join(", "),
                        rule.jurisdiction
                    ))
                }
            }
        });
    }
    any(options, "")
}

/// Whether the actor is established in `area` (or a place within it).
fn establishment(data: &Dataset, area: &str, actor: &Party) -> Finding {
    match &actor.established_in {
        None => Finding::unknown(
            format!("where the {} is established is not known", actor.role),
            format!(
                "Where is the {} established (ISO codes, main establishment first)?",
                actor.role
            ),
        ),
        Some(list) => {
            let inside: Vec<&String> = list.iter().filter(|c| data.is_within(c, area)).collect();
            if inside.is_empty() {
                Finding::no(format!("the {} is not established in {}", actor.role, area))
            } else {
                Finding::yes(format!(
                    "the {} is established in {} (within {})",
                    actor.role,
                    inside
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    area
                ))
            }
        }
    }
}

fn established_finding(data: &Dataset, area: &str, actor: &Party, wanted: bool) -> Finding {
    let f = establishment(data, area, actor);
    match (f.truth, wanted) {
        (Truth::Unknown, _) => f,
        (Truth::True, true) | (Truth::False, false) => Finding::yes(f.text),
        (Truth::True, false) => Finding::no(format!(
            "{} (this rule is for parties not established there)",
            f.text
        )),
        (Truth::False, true) => Finding::no(f.text),
    }
}

/// The disjunction of findings; `label` prefixes the text of a false result.
fn any(options: Vec<Finding>, label: &str) -> Finding {
    if let Some(t) = options.iter().find(|f| f.truth == Truth::True) {
        return t.clone();
    }
    let unknown: Vec<&Finding> = options
        .iter()
        .filter(|f| f.truth == Truth::Unknown)
        .collect();
    if !unknown.is_empty() {
        return Finding {
            truth: Truth::Unknown,
            text: unknown
                .iter()
                .map(|f| f.text.clone())
                .collect::<Vec<_>>()
                .join("; or "),
            question: Some(
                unknown
                    .iter()
                    .filter_map(|f| f.question.clone())
                    .collect::<Vec<_>>()
                    .join(" / "),
            ),
        };
    }
    let texts: Vec<String> = options.iter().map(|f| f.text.clone()).collect();
    Finding::no(format!("{label}{}", texts.join("; and ")))
}

fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

fn criteria_findings(
    data: &Dataset,
    incident: &Incident,
    actor: &Party,
    c: &Criteria,
    scope: &Scope<'_>,
) -> Vec<Finding> {
    let tax = &data.taxonomy;
    let mut out = Vec::new();
    if !c.kinds.is_empty() {
        out.push(match &incident.kinds {
            None => Finding::unknown(
                "the kind of incident is not known",
                format!("Is this incident a {}?", join_or(&c.kinds)),
            ),
            Some(kinds) => match c.kinds.iter().find(|k| kinds.contains(*k)) {
                Some(k) => Finding::yes(format!("the incident is a {k}")),
                None => Finding::no(format!("the incident is not a {}", join_or(&c.kinds))),
            },
        });
    }
    if !c.data.is_empty() {
        let combos: Vec<String> = c.data.iter().map(|combo| combo.join(" + ")).collect();
        out.push(match &incident.data {
            None => Finding::unknown(
                "the data involved is not known",
                format!(
                    "Which data was involved? This rule covers: {}.",
                    combos.join("; ")
                ),
            ),
            Some(involved) => match c
                .data
                .iter()
                .find(|combo| combo.iter().all(|d| involved.contains(d)))
            {
                Some(combo) => Finding::yes(format!("data involved: {}", combo.join(" + "))),
                None => Finding::no(format!(
                    "none of the covered data was involved ({})",
                    combos.join("; ")
                )),
            },
        });
    }
    for (values, what, actor_set) in [
        (&c.sectors, "sector", &actor.sectors),
        (&c.entity_types, "entity type", &actor.entity_types),
    ] {
        if values.is_empty() {
            continue;
        }
        out.push(match actor_set {
            None => Finding::unknown(
                format!("the {}'s {what} is not known", actor.role),
                format!(
                    "Is the {} {}?",
                    actor.role,
                    describe_terms(tax, what, values)
                ),
            ),
            Some(set) => match values.iter().find(|v| set.contains(*v)) {
                Some(v) => Finding::yes(format!("the {} is {what} {v}", actor.role)),
                None => Finding::no(format!("the {} is not {}", actor.role, join_or(values))),
            },
        });
    }
    for (n, bound) in [
        (c.affected_at_least, Bound::AtLeast),
        (c.affected_more_than, Bound::MoreThan),
        (c.affected_fewer_than, Bound::FewerThan),
    ] {
        if let Some(n) = n {
            out.push(threshold(incident, c.count, scope, n, bound));
        }
    }
    for fact in &c.facts {
        let def = fact_definition(tax, fact);
        out.push(match incident.fact(fact) {
            Some(true) => Finding::yes(def),
            Some(false) => Finding::no(format!("not the case: {def}")),
            None => Finding::unknown(format!("unknown: {def}"), tax.question(fact)),
        });
    }
    for fact in &c.unless {
        let def = fact_definition(tax, fact);
        out.push(match incident.fact(fact) {
            Some(true) => Finding::no(format!("exempt: {def}")),
            Some(false) => Finding::yes(format!(
                "no exemption applies: not the case that {}",
                lower_first(&def)
            )),
            None => Finding::unknown(format!("an exemption may apply: {def}"), tax.question(fact)),
        });
    }
    if !c.any_of.is_empty() {
        let blocks: Vec<Finding> = c
            .any_of
            .iter()
            .map(|block| {
                let fs = criteria_findings(data, incident, actor, block, scope);
                let truth = all(&fs);
                let pick = |t: Truth| fs.iter().filter(move |f| f.truth == t);
                match truth {
                    Truth::True => Finding::yes(
                        fs.iter()
                            .map(|f| f.text.clone())
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
                    Truth::False => Finding::no(
                        pick(Truth::False)
                            .map(|f| f.text.clone())
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
                    Truth::Unknown => Finding {
                        truth,
                        text: pick(Truth::Unknown)
                            .map(|f| f.text.clone())
                            .collect::<Vec<_>>()
                            .join(", "),
                        question: Some(
                            pick(Truth::Unknown)
                                .filter_map(|f| f.question.clone())
                                .collect::<Vec<_>>()
                                .join(" "),
                        ),
                    },
                }
            })
            .collect();
        out.push(any(blocks, "none of the alternatives holds: "));
    }
    out
}

fn describe_terms(tax: &Taxonomy, what: &str, values: &[String]) -> String {
    let section = if what == "sector" {
        Section::Sectors
    } else {
        Section::EntityTypes
    };
    let described: Vec<String> = values
        .iter()
        .map(|v| match tax.terms(section).get(v) {
            Some(t) => format!("{v} ({})", t.definition.trim_end_matches('.')),
            None => v.clone(),
        })
        .collect();
    let prefix = if what == "sector" {
        "in the sector "
    } else {
        ""
    };
    format!("{prefix}{}", join_or(&described))
}

fn fact_definition(tax: &Taxonomy, fact: &str) -> String {
    tax.terms(Section::Facts)
        .get(fact)
        .map(|t| t.definition.trim_end_matches('.').to_string())
        .unwrap_or_else(|| fact.to_string())
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// How a count of affected people is compared with a rule's threshold.
#[derive(Clone, Copy)]
enum Bound {
    AtLeast,
    MoreThan,
    FewerThan,
}

fn threshold(
    incident: &Incident,
    count: CountScope,
    scope: &Scope<'_>,
    n: u64,
    bound: Bound,
) -> Finding {
    let counted: Vec<&Party> = match count {
        CountScope::All => incident
            .parties
            .iter()
            .filter(|p| p.role == "affected-people")
            .collect(),
        CountScope::Residents => scope.residents.to_vec(),
    };
    let whom = match count {
        CountScope::All => "affected people in all".to_string(),
        CountScope::Residents => format!("affected residents of {}", scope.place),
    };
    let known: u64 = counted
        .iter()
        .filter_map(|p| p.count)
        .fold(0, u64::saturating_add);
    let unknown = counted.iter().any(|p| p.count.is_none());
    let (limit, met) = match bound {
        Bound::AtLeast => (format!("at least {n}"), known >= n),
        Bound::MoreThan => (format!("more than {n}"), known > n),
        Bound::FewerThan => (format!("fewer than {n}"), known < n),
    };
    // Unknown counts can only add people: they can turn "at least" true and
    // "fewer than" false, never the other way round.
    let settled = match bound {
        Bound::AtLeast | Bound::MoreThan => met || !unknown,
        Bound::FewerThan => !met || !unknown,
    };
    if !settled {
        Finding::unknown(
            format!("the number of {whom} is not known (threshold: {limit})"),
            format!("How many {whom} are there? The rule applies to {limit}."),
        )
    } else if met {
        Finding::yes(format!("{known} {whom} (threshold: {limit})"))
    } else {
        Finding::no(format!("{known} {whom}, outside the threshold ({limit})"))
    }
}

/// Everything an obligation needs from its rule's evaluation.
struct Context<'a> {
    data: &'a Dataset,
    incident: &'a Incident,
    regime: &'a Regime,
    rule: &'a Rule,
    actor_index: usize,
    actor: &'a Party,
    /// With per_residence: where the affected people of this assessment live.
    place: Option<&'a str>,
    in_force: &'a str,
}

fn obligations_for(ctx: &Context<'_>, findings: &[Finding], conditional: bool) -> Vec<Obligation> {
    let Context {
        data,
        incident,
        regime,
        rule,
        ..
    } = *ctx;
    let mut because: Vec<String> = Vec::new();
    for f in findings.iter().filter(|f| f.truth == Truth::True) {
        if !because.contains(&f.text) {
            because.push(f.text.clone());
        }
    }
    because.push(ctx.in_force.to_string());
    let questions: Vec<String> = findings.iter().filter_map(|f| f.question.clone()).collect();
    let mut dues: BTreeMap<&str, Option<Timestamp>> = BTreeMap::new();
    let mut out = Vec::new();
    for spec in &rule.obligations {
        let mut notes = Vec::new();
        let authority = resolve_authority(ctx, spec, &mut notes);
        let zone_code = authority
            .map(|a| a.jurisdiction.as_str())
            .unwrap_or(&rule.jurisdiction);
        let tz = data.time_zone(zone_code);
        let holidays = data.holidays(zone_code);
        let clock_at = |from: &ClockStart| -> (Option<Timestamp>, String) {
            match from {
                ClockStart::Aware => (Some(incident.aware_at), "becoming aware".to_string()),
                ClockStart::Determined => (incident.determined_at, "the determination".to_string()),
                ClockStart::RansomPaid => {
                    (incident.ransom_paid_at, "the ransom payment".to_string())
                }
                ClockStart::YearEnd => (
                    deadline::end_of_year(incident.aware_at, &tz),
                    "the end of the calendar year".to_string(),
                ),
                ClockStart::Obligation(id) => {
                    let name = rule
                        .obligations
                        .iter()
                        .find(|o| &o.id == id)
                        .map(|o| format!("the {} notice to {}", o.stage.label(), o.recipient))
                        .unwrap_or_else(|| id.clone());
                    (dues.get(id.as_str()).copied().flatten(), name)
                }
            }
        };
        let (start, clock) = clock_at(&spec.deadline.from);
        let cap = spec.deadline.at_latest.as_ref().map(|(from, limit)| {
            let (cap_start, cap_clock) = clock_at(from);
            let cap_due = cap_start.and_then(|s| deadline::due_at(s, *limit, false, &tz, holidays));
            (cap_due, format!("{} after {cap_clock}", limit.describe()))
        });
        let cap_due = cap.as_ref().and_then(|(due, _)| *due);
        let mut obligation_questions = questions.clone();
        let mut clock_missing = false;
        if let (None, Some(limit)) = (start, spec.deadline.limit) {
            match (&spec.deadline.from, cap_due) {
                (ClockStart::Determined, Some(_)) => notes.push(format!(
                    "due earlier if the determination is made earlier: {} after it (give `determined_at`)",
                    limit.describe()
                )),
                (ClockStart::Determined, None) => {
                    clock_missing = true;
                    obligation_questions.push(
                        "When was the determination made (e.g. materiality, or the assessment that the breach is notifiable)? Give `determined_at`; the deadline runs from it.".into(),
                    );
                }
                (ClockStart::RansomPaid, _) => {
                    clock_missing = true;
                    obligation_questions.push(
                        "When was the ransom paid? Give `ransom_paid_at`; the deadline runs from the payment.".into(),
                    );
                }
                _ => notes.push(format!(
                    "the deadline runs from {clock}, which has no outer limit"
                )),
            }
        }
        let own_due = match (start, spec.deadline.limit) {
            (Some(s), Some(limit)) => {
                deadline::due_at(s, limit, spec.deadline.end_of_day, &tz, holidays)
            }
            _ => None,
        };
        let due = match (own_due, cap_due) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        dues.insert(spec.id.as_str(), due);
        let basis = match spec.deadline.limit {
            None => "no outer limit in the law".to_string(),
            Some(limit) => {
                let counted = match spec.deadline.from {
                    ClockStart::Obligation(_) => {
                        " (counted from the latest time it is due; earlier if it is made earlier)"
                    }
                    _ => "",
                };
                let eod = if spec.deadline.end_of_day {
                    ", to the end of the last day"
                } else {
                    ""
                };
                let latest = cap
                    .as_ref()
                    .map(|(_, c)| format!(", and at the latest {c}"))
                    .unwrap_or_default();
                format!("{} after {clock}{counted}{eod}{latest}", limit.describe())
            }
        };
        let status = if conditional || clock_missing {
            Status::Conditional
        } else {
            Status::Applies
        };
        out.push(Obligation {
            jurisdiction: rule.jurisdiction.clone(),
            regime: regime.id.clone(),
            regime_title: regime.title.clone(),
            rule: rule.id.clone(),
            rule_title: rule.title.clone(),
            party: PartyRef {
                role: ctx.actor.role.clone(),
                index: ctx.actor_index,
                name: ctx.actor.name.clone(),
            },
            recipient: Recipient {
                kind: spec.recipient.clone(),
                authority: authority.map(|a| AuthorityRef {
                    id: a.id.clone(),
                    name: a.name.clone(),
                    url: a.website.clone(),
                    portal: a.portal.clone(),
                    contact: a.contact.clone(),
                }),
            },
            stage: spec.stage,
            deadline: Deadline {
                due,
                due_local: due.map(|d| d.to_zoned_datetime(tz.clone()).to_string()),
                due_in_zone: None,
                time_zone: tz.iana_name().unwrap_or("UTC").to_string(),
                text: spec.deadline.text.clone(),
                business_days: matches!(spec.deadline.limit, Some(Limit::BusinessDays(_))),
                basis,
            },
            status,
            questions: if status == Status::Conditional {
                obligation_questions
            } else {
                Vec::new()
            },
            because: because.clone(),
            notes,
            content: spec.content.clone(),
            method: spec.method.clone(),
            citation: format!(
                "{}, {}",
                regime.citation,
                spec.citation.as_deref().unwrap_or(&rule.citation)
            ),
            source: rule.source.clone(),
            review: rule.review.clone(),
            origin: rule.origin.clone(),
        });
    }
    out
}

fn resolve_authority<'a>(
    ctx: &Context<'a>,
    spec: &ObligationSpec,
    notes: &mut Vec<String>,
) -> Option<&'a Authority> {
    let data = ctx.data;
    let (place, how) = match &spec.authority {
        AuthoritySpec::None => return None,
        AuthoritySpec::Fixed(id) => return data.authorities.get(id),
        AuthoritySpec::WhereEstablished => {
            let main = ctx
                .actor
                .established_in
                .iter()
                .flatten()
                .find(|c| data.is_within(c, &ctx.rule.jurisdiction))
                .cloned();
            (main, "where the organisation has its main establishment")
        }
        AuthoritySpec::WhereResident => (
            ctx.place.map(str::to_string),
            "where the affected people live",
        ),
    };
    let Some(place) = place else {
        notes.push(format!(
            "the competent {} is the one {how}; that place is not known",
            spec.recipient
        ));
        return None;
    };
    let found = data.competent_authority(&place, &spec.recipient);
    if found.is_none() {
        notes.push(format!(
            "obligo records no single competent {} for {place}; find the authority competent {how} (for a country with regional authorities, give the region's code, e.g. DE-BY)",
            spec.recipient
        ));
    }
    found
}

/// The responder's view of a due instant in a given zone.
pub fn in_zone(due: Timestamp, tz: &TimeZone) -> String {
    due.to_zoned_datetime(tz.clone())
        .strftime("%Y-%m-%d %H:%M %Z")
        .to_string()
}

/// The zone of a name from the data (validated at load), UTC if unknown.
pub fn zone_or_utc(name: &str) -> TimeZone {
    TimeZone::get(name).unwrap_or(TimeZone::UTC)
}
