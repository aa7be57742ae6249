//! The rule's criteria: kinds of incident, data, sectors and types of
//! organisation, facts, determinations and thresholds of affected people.

use super::*;

pub(in crate::engine) fn criteria_findings(
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
