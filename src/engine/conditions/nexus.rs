//! The territorial conditions: whether the law reaches the incident through
//! the residence of the affected people, the organisation's establishment,
//! its targeting of people in the place, or processing there.

use super::*;

/// Which affected people a threshold counts, and where.
pub(in crate::engine) struct Scope<'a> {
    pub place: &'a str,
    pub residents: &'a [&'a Party],
}

/// What connects the incident to the rule's jurisdiction (any basis of
/// `nexus` suffices). `scope` is the place being assessed: the rule's
/// jurisdiction, or with `per_residence` one place within it.
pub(in crate::engine) fn nexus_finding(
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

pub(in crate::engine) fn established_finding(
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
