//! Checking an incident against the dataset: every term, code, count and
//! instant, with a problem (and a "did you mean") for each that is wrong.

use super::*;

impl IncidentInput {
    /// Checks every field against the dataset and returns the incident in
    /// canonical form, or every problem found.
    pub fn check(&self, data: &Dataset) -> Result<Incident, IncidentError> {
        let mut problems = Vec::new();
        let mut problem =
            |field: String, message: String| problems.push(Problem { field, message });

        let (aware_at, zone) = match parse_instant(&self.aware_at) {
            Ok(v) => v,
            Err(m) => {
                problem("aware_at".into(), m);
                (Timestamp::UNIX_EPOCH, TimeZone::UTC)
            }
        };
        let mut optional_instant = |field: &str, value: &Option<String>| match value {
            None => None,
            Some(s) => match parse_instant(s) {
                Ok((t, _)) => Some(t),
                Err(m) => {
                    problem(field.into(), m);
                    None
                }
            },
        };
        let determined_at = optional_instant("determined_at", &self.determined_at);
        let ransom_paid_at = optional_instant("ransom_paid_at", &self.ransom_paid_at);
        let occurred_at = optional_instant("occurred_at", &self.occurred_at);
        if let (Some(occurred), Ok((aware, _))) = (occurred_at, parse_instant(&self.aware_at)) {
            if occurred > aware {
                problem(
                    "occurred_at".into(),
                    format!(
                        "`{}` is after `aware_at`; an incident cannot be known before it happens",
                        self.occurred_at.as_deref().unwrap_or_default()
                    ),
                );
            }
        }
        if self.parties.len() > MAX_PARTIES {
            problem(
                "parties".into(),
                format!(
                    "{} parties is more than the {MAX_PARTIES} an incident may have; group affected people by jurisdiction",
                    self.parties.len()
                ),
            );
            return Err(IncidentError::Invalid(problems));
        }

        let tax = &data.taxonomy;
        let mut terms = |field: &str,
                         section: Section,
                         list: &Option<Vec<String>>|
         -> Option<BTreeSet<String>> {
            let list = list.as_ref()?;
            if list.len() > MAX_LIST {
                problem(field.into(), format!("more than {MAX_LIST} entries"));
                return Some(BTreeSet::new());
            }
            for t in list {
                if section == Section::IncidentKinds && tax.contains(Section::Determinations, t) {
                    problem(
                        field.into(),
                        format!(
                            "`{t}` is a legal determination, not an incident kind; record it under `[determinations]` as `{t} = \"<when it was made>\"` (or `true` / `false`)"
                        ),
                    );
                } else if let Some(det) = former_kind(section, t) {
                    problem(
                        field.into(),
                        format!(
                            "`{t}` is no longer an incident kind: it is a legal determination; record it under `[determinations]` as `{det} = \"<when it was made>\"` (or `true` / `false`)"
                        ),
                    );
                } else if !tax.contains(section, t) {
                    problem(field.into(), unknown_term_message(data, section, t));
                }
            }
            Some(list.iter().cloned().collect())
        };
        let kinds = terms("kinds", Section::IncidentKinds, &self.kinds);
        let data_categories = terms("data", Section::DataCategories, &self.data);

        let mut facts = self.facts.clone();
        for (name, value) in [("encrypted", self.encrypted), ("high_risk", self.high_risk)] {
            if let Some(v) = value {
                facts.insert(name.to_string(), v);
            }
        }
        let mut uncovered = BTreeSet::new();
        let mut parties = Vec::new();
        let mut problems_later = Vec::new();
        let suggestions_left = std::cell::Cell::new(MAX_PROBLEMS);
        let mut determinations = BTreeMap::new();
        let determined_at_unused = determined_at.is_some()
            && !self
                .determinations
                .values()
                .any(|v| *v == DeterminationInput::Made(true));
        for (name, value) in &self.determinations {
            let field = format!("determinations.{name}");
            if !tax.contains(Section::Determinations, name) {
                problems_later.push(Problem {
                    field,
                    message: unknown_term_message(data, Section::Determinations, name),
                });
                continue;
            }
            let made = match value {
                DeterminationInput::Made(holds) => Determination {
                    holds: *holds,
                    at: if *holds { determined_at } else { None },
                },
                DeterminationInput::At(at) => match parse_instant(at) {
                    Ok((t, _)) => Determination {
                        holds: true,
                        at: Some(t),
                    },
                    Err(m) => {
                        problems_later.push(Problem { field, message: m });
                        continue;
                    }
                },
            };
            determinations.insert(name.clone(), made);
        }
        let sent = check_sent(data, &self.sent, &mut problems_later);
        for name in facts.keys() {
            if !tax.contains(Section::Facts, name) {
                problems_later.push(Problem {
                    field: format!("facts.{name}"),
                    message: unknown_term_message(data, Section::Facts, name),
                });
            }
        }
        for (i, p) in self.parties.iter().enumerate() {
            let at = |f: &str| format!("parties[{i}].{f}");
            let mut bad =
                |field: String, message: String| problems_later.push(Problem { field, message });
            if !tax.contains(Section::PartyRoles, &p.role) {
                bad(
                    at("role"),
                    unknown_term_message(data, Section::PartyRoles, &p.role),
                );
            }
            let mut too_long: Vec<String> = Vec::new();
            let mut code = |field: String, c: &str| -> String {
                let suggest = suggestions_left.get() > 0;
                match resolve_code_suggesting(data, c, suggest) {
                    Ok((canonical, covered)) => {
                        if !covered {
                            uncovered.insert(canonical.clone());
                        }
                        canonical
                    }
                    Err(m) => {
                        suggestions_left.set(suggestions_left.get().saturating_sub(1));
                        bad(field, m);
                        c.to_string()
                    }
                }
            };
            let jurisdiction = p.jurisdiction.as_ref().map(|c| code(at("jurisdiction"), c));
            let mut codes = |field: &str, list: &Option<Vec<String>>| {
                list.as_ref().map(|list| {
                    if list.len() > MAX_LIST {
                        too_long.push(at(field));
                        return Vec::new();
                    }
                    list.iter()
                        .enumerate()
                        .map(|(k, c)| code(at(&format!("{field}[{k}]")), c))
                        .collect::<Vec<_>>()
                })
            };
            let established_in = codes("established_in", &p.established_in);
            let targets = codes("targets", &p.targets);
            let processes_in = codes("processes_in", &p.processes_in);
            let representative_in = p
                .representative_in
                .as_ref()
                .map(|c| code(at("representative_in"), c));
            for field in too_long {
                problems_later.push(Problem {
                    field,
                    message: format!("more than {MAX_LIST} entries"),
                });
            }
            let mut set = |field: &str, section: Section, list: &Option<Vec<String>>| {
                list.as_ref().map(|l| {
                    for t in l {
                        if !tax.contains(section, t) {
                            problems_later.push(Problem {
                                field: at(field),
                                message: unknown_term_message(data, section, t),
                            });
                        }
                    }
                    l.iter().cloned().collect::<BTreeSet<_>>()
                })
            };
            let sectors = set("sectors", Section::Sectors, &p.sectors);
            let entity_types = set("entity_types", Section::EntityTypes, &p.entity_types);
            if p.role == "affected-people" {
                if jurisdiction.is_none() {
                    problems_later.push(Problem {
                        field: at("jurisdiction"),
                        message: "affected people need a `jurisdiction`: where they live".into(),
                    });
                }
            } else if p.jurisdiction.is_some() || p.count.is_some() {
                problems_later.push(Problem {
                    field: at("jurisdiction"),
                    message: format!(
                        "`jurisdiction` and `count` describe affected people; for a {} use `established_in`",
                        p.role
                    ),
                });
            }
            parties.push(Party {
                role: p.role.clone(),
                name: p.name.clone(),
                established_in,
                sectors,
                entity_types,
                jurisdiction,
                count: p.count,
                targets,
                processes_in,
                representative_in,
            });
        }
        problems.extend(problems_later);
        if problems.len() > MAX_PROBLEMS {
            let more = problems.len() - MAX_PROBLEMS;
            problems.truncate(MAX_PROBLEMS);
            problems.push(Problem {
                field: "incident".into(),
                message: format!("and {more} more problem(s); fix these first"),
            });
        }
        if !problems.is_empty() {
            return Err(IncidentError::Invalid(problems));
        }
        Ok(Incident {
            aware_at,
            zone,
            determined_at,
            determinations,
            sent,
            ransom_paid_at,
            occurred_at,
            kinds,
            data: data_categories,
            facts,
            parties,
            uncovered,
            determined_at_unused,
        })
    }
}

/// Incident kinds of the first data contract that are legal
/// determinations, so an old incident gets a precise hint, not "unknown".
fn former_kind(section: Section, kind: &str) -> Option<&'static str> {
    if section != Section::IncidentKinds {
        return None;
    }
    match kind {
        "significant-incident" => Some("nis2-significant-incident"),
        "material-cybersecurity-incident" => Some("sec-material-cybersecurity-incident"),
        "major-ict-incident" => Some("dora-major-ict-incident"),
        "severe-product-incident" => Some("cra-severe-incident"),
        _ => None,
    }
}

/// Resolves each `[[sent]]` entry to one obligation of one rule.
fn check_sent(data: &Dataset, list: &[SentInput], problems: &mut Vec<Problem>) -> Vec<Sent> {
    let mut out = Vec::new();
    if list.len() > MAX_LIST {
        problems.push(Problem {
            field: "sent".into(),
            message: format!("more than {MAX_LIST} entries"),
        });
        return out;
    }
    for (i, s) in list.iter().enumerate() {
        let field = |f: &str| format!("sent[{i}].{f}");
        let Some(rule) = data.rules.iter().find(|r| r.id == s.rule) else {
            let hint = did_you_mean(&s.rule, data.rules.iter().map(|r| r.id.as_str()))
                .map(|m| format!("; did you mean `{m}`?"))
                .unwrap_or_default();
            problems.push(Problem {
                field: field("rule"),
                message: format!("unknown rule `{}`{hint}", s.rule),
            });
            continue;
        };
        let candidates: Vec<&str> = rule
            .obligations
            .iter()
            .filter(|o| s.obligation.as_ref().is_none_or(|id| &o.id == id))
            .filter(|o| s.stage.as_ref().is_none_or(|st| o.stage.label() == st))
            .filter(|o| s.recipient.as_ref().is_none_or(|r| &o.recipient == r))
            .map(|o| o.id.as_str())
            .collect();
        let all: Vec<&str> = rule.obligations.iter().map(|o| o.id.as_str()).collect();
        let obligation = match candidates.as_slice() {
            [one] => one.to_string(),
            [] => {
                problems.push(Problem {
                    field: field("obligation"),
                    message: format!(
                        "rule `{}` has no such obligation; its obligations are: {}",
                        rule.id,
                        all.join(", ")
                    ),
                });
                continue;
            }
            many => {
                problems.push(Problem {
                    field: field("obligation"),
                    message: format!(
                        "several obligations of rule `{}` match ({}); say which with `obligation`",
                        rule.id,
                        many.join(", ")
                    ),
                });
                continue;
            }
        };
        let place = match &s.jurisdiction {
            None => None,
            Some(c) => match resolve_code(data, c) {
                Ok((canonical, _)) => Some(canonical),
                Err(m) => {
                    problems.push(Problem {
                        field: field("jurisdiction"),
                        message: m,
                    });
                    continue;
                }
            },
        };
        match parse_instant(&s.at) {
            Ok((at, _)) => out.push(Sent {
                rule: rule.id.clone(),
                obligation,
                place,
                at,
            }),
            Err(m) => problems.push(Problem {
                field: field("at"),
                message: m,
            }),
        }
    }
    out
}

fn unknown_term_message(data: &Dataset, section: Section, term: &str) -> String {
    let terms = data.taxonomy.terms(section);
    match did_you_mean(term, terms.keys().map(String::as_str)) {
        Some(s) => format!(
            "unknown {} `{term}`; did you mean `{s}`?",
            section.singular()
        ),
        None => format!(
            "unknown {} `{term}`; expected one of: {}",
            section.singular(),
            terms.keys().cloned().collect::<Vec<_>>().join(", ")
        ),
    }
}

/// Resolves a jurisdiction code or alias. Codes of the right shape that the
/// dataset does not cover are accepted (returned with `false`) so the answer
/// can say what was not assessed; anything else is an error.
pub fn resolve_code(data: &Dataset, code: &str) -> Result<(String, bool), String> {
    resolve_code_suggesting(data, code, true)
}

/// `resolve_code`, with "did you mean" work only when `suggest` (an
/// incident with thousands of bad codes gets suggestions for the first few).
fn resolve_code_suggesting(
    data: &Dataset,
    code: &str,
    suggest: bool,
) -> Result<(String, bool), String> {
    if code.len() > 64 {
        return Err(format!(
            "a jurisdiction code of {} bytes is not a code; use ISO 3166-1 (`DE`) or ISO 3166-2 (`US-CA`)",
            code.len()
        ));
    }
    let upper = code.trim().to_ascii_uppercase();
    let canonical = data.canonical_code(&upper).to_string();
    if data.jurisdictions.contains_key(&canonical) {
        return Ok((canonical, true));
    }
    match crate::codes::kind(&canonical) {
        Some(CodeKind::Country | CodeKind::Subdivision | CodeKind::Extension) => {
            return Ok((canonical, false));
        }
        Some(CodeKind::UserAssigned) => {
            return Err(format!(
                "`{code}` is a code ISO 3166 leaves for private use, not a jurisdiction"
            ));
        }
        None => {}
    }
    if !suggest {
        return Err(format!("unknown jurisdiction code `{code}`"));
    }
    // A code-shaped typo (`US-CAL`, `DEU`) gets the nearest code; a name
    // (`Germny`) the code of the nearest name, below.
    let code_shaped = canonical.contains('-') || canonical.len() <= 3;
    if let Some(s) = code_shaped
        .then(|| crate::codes::suggest(&canonical))
        .flatten()
    {
        let name = data
            .jurisdictions
            .get(&s)
            .map(|j| j.name.as_str())
            .or(crate::codes::name(&s))
            .unwrap_or("");
        return Err(format!(
            "unknown jurisdiction code `{code}`; did you mean `{s}` ({name})?"
        ));
    }
    // People type names ("Germany"); suggest the code of the closest name.
    let by_name = data.jurisdictions.values().flat_map(|j| {
        std::iter::once(j.name.as_str())
            .chain(j.local_names.iter().map(String::as_str))
            .chain(j.alt_names.iter().map(String::as_str))
    });
    let suggestion = did_you_mean(code, by_name).and_then(|name| {
        data.jurisdictions
            .values()
            .find(|j| j.name == name || j.local_names.iter().chain(&j.alt_names).any(|n| n == name))
    });
    Err(match suggestion {
        Some(j) => format!(
            "`{code}` is not a jurisdiction code; did you mean `{}` ({})?",
            j.code, j.name
        ),
        None => format!(
            "`{code}` is not a jurisdiction code; use ISO 3166-1 (`DE`) or ISO 3166-2 (`US-CA`)"
        ),
    })
}
