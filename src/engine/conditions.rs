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

/// Which words a caller needs: a rule is first evaluated with none (truth
/// only), then, once its outcome is known, with only those it shows (the
/// false reasons of a rule that does not apply; the true reasons and the
/// questions of one that does). Most findings are never put into words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Words {
    pub true_texts: bool,
    pub false_texts: bool,
    /// Why a condition is open, in words; no view asks for them today (the
    /// question says the same), so every outcome leaves them out.
    pub unknown_texts: bool,
    pub questions: bool,
}

impl Words {
    pub const NONE: Words = Words {
        true_texts: false,
        false_texts: false,
        unknown_texts: false,
        questions: false,
    };
    /// What a rule with this outcome shows.
    pub fn for_outcome(truth: Truth) -> Words {
        match truth {
            Truth::False => Words {
                false_texts: true,
                ..Words::NONE
            },
            Truth::True | Truth::Unknown => Words {
                true_texts: true,
                questions: true,
                ..Words::NONE
            },
        }
    }
    fn wants(self, truth: Truth) -> bool {
        match truth {
            Truth::True => self.true_texts,
            Truth::False => self.false_texts,
            Truth::Unknown => self.unknown_texts,
        }
    }
    /// For a finding whose words are reused under another truth
    /// (established / not established): both sides.
    fn either_side(self) -> Words {
        let any = self.true_texts || self.false_texts;
        Words {
            true_texts: any,
            false_texts: any,
            ..self
        }
    }
}

impl Finding {
    pub fn yes(words: Words, text: impl FnOnce() -> String) -> Self {
        Finding {
            truth: Truth::True,
            text: if words.true_texts {
                text()
            } else {
                String::new()
            },
            question: None,
            about_organisation_type: false,
        }
    }
    pub fn no(words: Words, text: impl FnOnce() -> String) -> Self {
        Finding {
            truth: Truth::False,
            text: if words.false_texts {
                text()
            } else {
                String::new()
            },
            question: None,
            about_organisation_type: false,
        }
    }
    pub fn unknown(
        words: Words,
        text: impl FnOnce() -> String,
        question: impl FnOnce() -> String,
    ) -> Self {
        Finding {
            truth: Truth::Unknown,
            text: if words.unknown_texts {
                text()
            } else {
                String::new()
            },
            question: words.questions.then(question),
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
    w: Words,
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
                let f = establishment(w, data, &rule.jurisdiction, actor);
                match f.truth {
                    Truth::False => f,
                    truth if !w.wants(truth) => f,
                    _ => Finding {
                        text: format!("{}{}", f.text, cite(Nexus::Establishment)),
                        ..f
                    },
                }
            }
            Nexus::Residence => residence(w, scope, || cite(Nexus::Residence)),
            Nexus::Targeting => {
                let lives = residence(w, scope, String::new);
                if lives.truth != Truth::True {
                    lives
                } else {
                    targeting(w, data, actor, place, || cite(Nexus::Targeting))
                }
            }
            Nexus::Processing => processing(w, data, actor, &rule.jurisdiction, || {
                cite(Nexus::Processing)
            }),
        });
    }
    any(w, options, "")
}

fn residence(w: Words, scope: &Scope<'_>, cite: impl FnOnce() -> String) -> Finding {
    if scope.residents.is_empty() {
        return Finding::no(w, || format!("no affected people live in {}", scope.place));
    }
    Finding::yes(w, || {
        let mut places: Vec<&str> = scope
            .residents
            .iter()
            .filter_map(|p| p.jurisdiction.as_deref())
            .collect();
        places.dedup();
        format!(
            "affected people live in {} (within {}){}",
            places.join(", "),
            scope.place,
            cite()
        )
    })
}

/// Whether the actor offers goods or services to, or monitors, people in `place`.
fn targeting(
    w: Words,
    data: &Dataset,
    actor: &Party,
    place: &str,
    cite: impl Fn() -> String,
) -> Finding {
    match &actor.targets {
        None => Finding::unknown(
            w,
            || {
                format!(
                    "whether the {} offers goods or services to people in {place}, or monitors them there, is not known{}",
                    actor.role,
                    cite()
                )
            },
            || {
                format!(
                    "Does the {} offer goods or services to people in {place}, or monitor their behaviour there{}? Record the places as `targets` on the party (`[]` for none).",
                    actor.role,
                    cite()
                )
            },
        ),
        Some(list) => {
            let hit = list
                .iter()
                .find(|t| data.is_within(place, t) || data.is_within(t, place));
            match hit {
                Some(t) => Finding::yes(w, || {
                    format!(
                        "the {} offers goods or services to, or monitors, people in {t}{}",
                        actor.role,
                        cite()
                    )
                }),
                None => Finding::no(w, || {
                    format!(
                        "the {} neither offers goods or services to people in {place} nor monitors them there",
                        actor.role
                    )
                }),
            }
        }
    }
}

/// Whether the actor processes or collects the data in `area`.
fn processing(
    w: Words,
    data: &Dataset,
    actor: &Party,
    area: &str,
    cite: impl Fn() -> String,
) -> Finding {
    match &actor.processes_in {
        None => Finding::unknown(
            w,
            || {
                format!(
                    "whether the {} processes the data in {area} is not known{}",
                    actor.role,
                    cite()
                )
            },
            || {
                format!(
                    "Does the {} process or collect the data in {area}{}? Record the places as `processes_in` on the party.",
                    actor.role,
                    cite()
                )
            },
        ),
        Some(list) => match list.iter().find(|c| data.is_within(c, area)) {
            Some(c) => Finding::yes(w, || {
                format!("the {} processes the data in {c}{}", actor.role, cite())
            }),
            None => Finding::no(w, || {
                format!("the {} does not process the data in {area}", actor.role)
            }),
        },
    }
}

/// Whether the actor is established in `area` (or a place within it).
fn establishment(w: Words, data: &Dataset, area: &str, actor: &Party) -> Finding {
    match &actor.established_in {
        None => Finding::unknown(
            w,
            || format!("where the {} is established is not known", actor.role),
            || {
                format!(
                    "Where is the {} established (ISO codes, main establishment first)?",
                    actor.role
                )
            },
        ),
        Some(list) => {
            let inside = || list.iter().filter(|c| data.is_within(c, area));
            if inside().next().is_none() {
                Finding::no(w, || {
                    format!("the {} is not established in {}", actor.role, area)
                })
            } else {
                Finding::yes(w, || {
                    format!(
                        "the {} is established in {} (within {})",
                        actor.role,
                        inside().map(|s| s.as_str()).collect::<Vec<_>>().join(", "),
                        area
                    )
                })
            }
        }
    }
}

pub(super) fn established_finding(
    w: Words,
    data: &Dataset,
    area: &str,
    actor: &Party,
    wanted: bool,
) -> Finding {
    let f = establishment(w.either_side(), data, area, actor);
    match (f.truth, wanted) {
        (Truth::Unknown, _) => f,
        (Truth::True, true) | (Truth::False, false) => Finding::yes(w, || f.text),
        (Truth::True, false) => Finding::no(w, || {
            format!(
                "{} (this rule is for parties not established there)",
                f.text
            )
        }),
        (Truth::False, true) => Finding::no(w, || f.text),
    }
}

/// The disjunction of findings; `label` prefixes the text of a false result.
fn any(w: Words, mut options: Vec<Finding>, label: &str) -> Finding {
    if let Some(i) = options.iter().position(|f| f.truth == Truth::True) {
        return options.swap_remove(i);
    }
    let unknown: Vec<&Finding> = options
        .iter()
        .filter(|f| f.truth == Truth::Unknown)
        .collect();
    if !unknown.is_empty() {
        return Finding {
            truth: Truth::Unknown,
            text: if w.unknown_texts {
                unknown
                    .iter()
                    .map(|f| f.text.as_str())
                    .collect::<Vec<_>>()
                    .join("; or ")
            } else {
                String::new()
            },
            about_organisation_type: unknown.iter().all(|f| f.about_organisation_type),
            question: w.questions.then(|| {
                unknown
                    .iter()
                    .filter_map(|f| f.question.as_deref())
                    .collect::<Vec<_>>()
                    .join(" / ")
            }),
        };
    }
    Finding::no(w, || {
        let texts: Vec<&str> = options.iter().map(|f| f.text.as_str()).collect();
        format!("{label}{}", texts.join("; and "))
    })
}

fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

pub(super) fn criteria_findings(
    w: Words,
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
                w,
                || "the kind of incident is not known".to_string(),
                || format!("Is this incident a {}?", join_or(&c.kinds)),
            ),
            Some(kinds) => match c.kinds.iter().find(|k| kinds.contains(*k)) {
                Some(k) => Finding::yes(w, || format!("the incident is a {k}")),
                None => Finding::no(w, || format!("the incident is not a {}", join_or(&c.kinds))),
            },
        });
    }
    if !c.data.is_empty() {
        let combos = || {
            c.data
                .iter()
                .map(|combo| combo.join(" + "))
                .collect::<Vec<_>>()
                .join("; ")
        };
        out.push(match &incident.data {
            None => Finding::unknown(
                w,
                || "the data involved is not known".to_string(),
                || format!("Which data was involved? This rule covers: {}.", combos()),
            ),
            Some(involved) => match c
                .data
                .iter()
                .find(|combo| combo.iter().all(|d| involved.contains(d)))
            {
                Some(combo) => Finding::yes(w, || format!("data involved: {}", combo.join(" + "))),
                None => Finding::no(w, || {
                    format!("none of the covered data was involved ({})", combos())
                }),
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
                    w,
                    || format!("the {}'s {what} is not known", actor.role),
                    || {
                        format!(
                            "Is the {} {}?",
                            actor.role,
                            describe_terms(tax, what, values)
                        )
                    },
                )
            },
            Some(set) => match values.iter().find(|v| set.contains(*v)) {
                Some(v) => Finding::yes(w, || format!("the {} is {what} {v}", actor.role)),
                None => Finding::no(w, || {
                    format!("the {} is not {}", actor.role, join_or(values))
                }),
            },
        });
    }
    for (n, bound) in [
        (c.affected_at_least, Bound::AtLeast),
        (c.affected_more_than, Bound::MoreThan),
        (c.affected_fewer_than, Bound::FewerThan),
    ] {
        if let Some(n) = n {
            out.push(threshold(w, incident, c.count, scope, n, bound));
        }
    }
    for fact in &c.facts {
        let def = || fact_definition(tax, fact);
        out.push(match incident.fact(fact) {
            Some(true) => Finding::yes(w, def),
            Some(false) => Finding::no(w, || format!("not the case: {}", def())),
            None => Finding::unknown(w, || format!("unknown: {}", def()), || tax.question(fact)),
        });
    }
    for fact in &c.unless {
        let def = || fact_definition(tax, fact);
        out.push(match incident.fact(fact) {
            Some(true) => Finding::no(w, || format!("exempt: {}", def())),
            Some(false) => Finding::yes(w, || {
                format!(
                    "no exemption applies: not the case that {}",
                    lower_first(&def())
                )
            }),
            None => Finding::unknown(
                w,
                || format!("an exemption may apply: {}", def()),
                || tax.question(fact),
            ),
        });
    }
    for name in &c.determinations {
        out.push(determination_finding(w, tax, incident, name));
    }
    if !c.any_of.is_empty() {
        let blocks: Vec<Finding> = c
            .any_of
            .iter()
            .map(|block| {
                let fs = criteria_findings(w, data, incident, actor, block, scope);
                let truth = all(&fs);
                let pick = |t: Truth| fs.iter().filter(move |f| f.truth == t);
                let join = |t: Truth| {
                    pick(t)
                        .map(|f| f.text.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                match truth {
                    Truth::True => Finding::yes(w, || join(Truth::True)),
                    Truth::False => Finding::no(w, || join(Truth::False)),
                    Truth::Unknown => Finding {
                        truth,
                        about_organisation_type: pick(Truth::Unknown)
                            .all(|f| f.about_organisation_type),
                        text: if w.unknown_texts {
                            join(Truth::Unknown)
                        } else {
                            String::new()
                        },
                        question: w.questions.then(|| {
                            pick(Truth::Unknown)
                                .filter_map(|f| f.question.as_deref())
                                .collect::<Vec<_>>()
                                .join(" ")
                        }),
                    },
                }
            })
            .collect();
        out.push(any(w, blocks, "none of the alternatives holds: "));
    }
    out
}

/// A legal determination: unknown until the incident records it made.
fn determination_finding(w: Words, tax: &Taxonomy, incident: &Incident, name: &str) -> Finding {
    let def = || {
        tax.terms(Section::Determinations)
            .get(name)
            .map(|t| t.definition.trim_end_matches('.').to_string())
            .unwrap_or_else(|| name.to_string())
    };
    match incident.determination(name) {
        Some(d) if d.holds => Finding::yes(w, || {
            let when =
                d.at.map(|t| format!(" (made {})", t.strftime("%Y-%m-%d %H:%M UTC")))
                    .unwrap_or_default();
            format!("determined{when}: {}", def())
        }),
        Some(_) => Finding::no(w, || format!("determined not to be the case: {}", def())),
        None => Finding::unknown(
            w,
            || format!("not yet determined: {}", def()),
            || {
                format!(
                    "{} Record it under [determinations] as `{name} = \"<when it was made>\"`, or `{name} = false`.",
                    tax.determination_question(name)
                )
            },
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
    w: Words,
    incident: &Incident,
    count: CountScope,
    scope: &Scope<'_>,
    n: u64,
    bound: Bound,
) -> Finding {
    let all_parties = || {
        incident
            .parties
            .iter()
            .filter(|p| p.role == "affected-people")
    };
    let (known, unknown) = match count {
        CountScope::All => tally(all_parties()),
        CountScope::Residents => tally(scope.residents.iter().copied()),
    };
    let whom = || match count {
        CountScope::All => "affected people in all".to_string(),
        CountScope::Residents => format!("affected residents of {}", scope.place),
    };
    let (word, met) = match bound {
        Bound::AtLeast => ("at least", known >= n),
        Bound::MoreThan => ("more than", known > n),
        Bound::FewerThan => ("fewer than", known < n),
    };
    let limit = || format!("{word} {n}");
    // Unknown counts can only add people: they can turn "at least" true and
    // "fewer than" false, never the other way round.
    let settled = match bound {
        Bound::AtLeast | Bound::MoreThan => met || !unknown,
        Bound::FewerThan => !met || !unknown,
    };
    if !settled {
        Finding::unknown(
            w,
            || {
                format!(
                    "the number of {} is not known (threshold: {})",
                    whom(),
                    limit()
                )
            },
            || {
                format!(
                    "How many {} are there? The rule applies to {}.",
                    whom(),
                    limit()
                )
            },
        )
    } else if met {
        Finding::yes(w, || format!("{known} {} (threshold: {})", whom(), limit()))
    } else {
        Finding::no(w, || {
            format!("{known} {}, outside the threshold ({})", whom(), limit())
        })
    }
}

/// The known number of people, and whether any count is unknown.
fn tally<'a>(parties: impl Iterator<Item = &'a Party>) -> (u64, bool) {
    parties.fold((0, false), |(sum, unknown), p| match p.count {
        Some(c) => (sum.saturating_add(c), unknown),
        None => (sum, true),
    })
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
pub(super) fn in_force<'a>(
    regime: &'a Regime,
    rule: &'a Rule,
    date: Date,
) -> Result<InForce<'a>, String> {
    if regime.status == LegalStatus::Proposed {
        return Err(format!("{} is only proposed: not in force", regime.title));
    }
    let (from, until) = rule.applies_between(regime);
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
