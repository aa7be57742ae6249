//! Where a condition is decided: each part of a rule's `when` becomes a
//! [`Finding`] that is true, false or unknown, with its reason in words and,
//! when unknown, the question that settles it.

use crate::incident::{Incident, Party};
use jiff::civil::Date;

use crate::model::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Truth {
    True,
    False,
    Unknown,
}

/// One evaluated condition: its truth, why (in words), and for unknowns the
/// question that settles it.
#[derive(Debug, Clone)]
pub(super) struct Finding {
    pub truth: Truth,
    pub text: String,
    pub question: Option<String>,
    /// Unknown only because the organisation's sector or type is not
    /// given: the answer page folds such obligations away ("if you are a
    /// bank…") so they do not bury what certainly applies.
    pub about_organisation_type: bool,
}

impl Finding {
    pub fn yes(text: impl Into<String>) -> Self {
        Finding {
            truth: Truth::True,
            text: text.into(),
            question: None,
            about_organisation_type: false,
        }
    }
    pub fn no(text: impl Into<String>) -> Self {
        Finding {
            truth: Truth::False,
            text: text.into(),
            question: None,
            about_organisation_type: false,
        }
    }
    pub fn unknown(text: impl Into<String>, question: impl Into<String>) -> Self {
        Finding {
            truth: Truth::Unknown,
            text: text.into(),
            question: Some(question.into()),
            about_organisation_type: false,
        }
    }
}

/// The conjunction of findings.
pub(super) fn all(findings: &[Finding]) -> Truth {
    if findings.iter().any(|f| f.truth == Truth::False) {
        Truth::False
    } else if findings.iter().any(|f| f.truth == Truth::Unknown) {
        Truth::Unknown
    } else {
        Truth::True
    }
}

/// Which affected people a threshold counts, and where.
pub(super) struct Scope<'a> {
    pub place: &'a str,
    pub residents: &'a [&'a Party],
}

/// What connects the incident to the rule's jurisdiction (any basis of
/// `nexus` suffices). `scope` is the place being assessed: the rule's
/// jurisdiction, or with `per_residence` one place within it.
pub(super) fn nexus_finding(
    data: &Dataset,
    regime: &Regime,
    rule: &Rule,
    actor: &Party,
    scope: &Scope<'_>,
) -> Finding {
    let cite = |basis: Nexus| {
        regime
            .scope_citation(basis)
            .map(|c| format!(" ({c})"))
            .unwrap_or_default()
    };
    let place = scope.place;
    let mut options = Vec::new();
    for nexus in &rule.when.nexus {
        options.push(match nexus {
            Nexus::Establishment => {
                let f = establishment(data, &rule.jurisdiction, actor);
                match f.truth {
                    Truth::False => f,
                    _ => Finding {
                        text: format!("{}{}", f.text, cite(Nexus::Establishment)),
                        ..f
                    },
                }
            }
            Nexus::Residence => residence(scope, &cite(Nexus::Residence)),
            Nexus::Targeting => {
                let lives = residence(scope, "");
                if lives.truth != Truth::True {
                    lives
                } else {
                    targeting(data, actor, place, &cite(Nexus::Targeting))
                }
            }
            Nexus::Processing => {
                processing(data, actor, &rule.jurisdiction, &cite(Nexus::Processing))
            }
        });
    }
    any(options, "")
}

fn residence(scope: &Scope<'_>, cite: &str) -> Finding {
    if scope.residents.is_empty() {
        return Finding::no(format!("no affected people live in {}", scope.place));
    }
    let mut places: Vec<&str> = scope
        .residents
        .iter()
        .filter_map(|p| p.jurisdiction.as_deref())
        .collect();
    places.dedup();
    Finding::yes(format!(
        "affected people live in {} (within {}){cite}",
        places.join(", "),
        scope.place
    ))
}

/// Whether the actor offers goods or services to, or monitors, people in `place`.
fn targeting(data: &Dataset, actor: &Party, place: &str, cite: &str) -> Finding {
    match &actor.targets {
        None => Finding::unknown(
            format!(
                "whether the {} offers goods or services to people in {place}, or monitors them there, is not known{cite}",
                actor.role
            ),
            format!(
                "Does the {} offer goods or services to people in {place}, or monitor their behaviour there{cite}? Record the places as `targets` on the party (`[]` for none).",
                actor.role
            ),
        ),
        Some(list) => {
            let hit = list
                .iter()
                .find(|t| data.is_within(place, t) || data.is_within(t, place));
            match hit {
                Some(t) => Finding::yes(format!(
                    "the {} offers goods or services to, or monitors, people in {t}{cite}",
                    actor.role
                )),
                None => Finding::no(format!(
                    "the {} neither offers goods or services to people in {place} nor monitors them there",
                    actor.role
                )),
            }
        }
    }
}

/// Whether the actor processes or collects the data in `area`.
fn processing(data: &Dataset, actor: &Party, area: &str, cite: &str) -> Finding {
    match &actor.processes_in {
        None => Finding::unknown(
            format!(
                "whether the {} processes the data in {area} is not known{cite}",
                actor.role
            ),
            format!(
                "Does the {} process or collect the data in {area}{cite}? Record the places as `processes_in` on the party.",
                actor.role
            ),
        ),
        Some(list) => match list.iter().find(|c| data.is_within(c, area)) {
            Some(c) => Finding::yes(format!(
                "the {} processes the data in {c}{cite}",
                actor.role
            )),
            None => Finding::no(format!(
                "the {} does not process the data in {area}",
                actor.role
            )),
        },
    }
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

pub(super) fn established_finding(
    data: &Dataset,
    area: &str,
    actor: &Party,
    wanted: bool,
) -> Finding {
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
            about_organisation_type: unknown.iter().all(|f| f.about_organisation_type),
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

pub(super) fn criteria_findings(
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
            None => Finding {
                about_organisation_type: true,
                ..Finding::unknown(
                    format!("the {}'s {what} is not known", actor.role),
                    format!(
                        "Is the {} {}?",
                        actor.role,
                        describe_terms(tax, what, values)
                    ),
                )
            },
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
    for name in &c.determinations {
        out.push(determination_finding(tax, incident, name));
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
                        about_organisation_type: pick(Truth::Unknown)
                            .all(|f| f.about_organisation_type),
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

/// A legal determination: unknown until the incident records it made.
fn determination_finding(tax: &Taxonomy, incident: &Incident, name: &str) -> Finding {
    let def = tax
        .terms(Section::Determinations)
        .get(name)
        .map(|t| t.definition.trim_end_matches('.').to_string())
        .unwrap_or_else(|| name.to_string());
    match incident.determination(name) {
        Some(d) if d.holds => {
            let when =
                d.at.map(|t| format!(" (made {})", t.strftime("%Y-%m-%d %H:%M UTC")))
                    .unwrap_or_default();
            Finding::yes(format!("determined{when}: {def}"))
        }
        Some(_) => Finding::no(format!("determined not to be the case: {def}")),
        None => Finding::unknown(
            format!("not yet determined: {def}"),
            format!(
                "{} Record it under [determinations] as `{name} = \"<when it was made>\"`, or `{name} = false`.",
                tax.determination_question(name)
            ),
        ),
    }
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

/// Why a rule was in force on a day, kept as its parts: the words are only
/// written for rules that yield obligations.
pub(super) struct InForce<'a> {
    regime: &'a Regime,
    rule: &'a Rule,
    date: Date,
    since: Option<Date>,
}

impl InForce<'_> {
    pub fn text(&self) -> String {
        let since = self
            .since
            .map(|f| format!(", applicable since {f}"))
            .unwrap_or_default();
        format!(
            "{} ({}) was in force on {}{since}",
            self.regime.title, self.rule.citation, self.date
        )
    }
}

/// The law as it stood: whether the regime and the rule applied on `date`.
pub(super) fn in_force<'a>(regime: &'a Regime, rule: &'a Rule, date: Date) -> Result<InForce<'a>, String> {
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
    Ok(InForce {
        regime,
        rule,
        date,
        since: from,
    })
}
