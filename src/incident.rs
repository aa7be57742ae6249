//! The incident format (the engine's input): parsed from TOML or JSON and
//! checked against the dataset's vocabulary and jurisdictions. An absent
//! field is *unknown*, never false.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use jiff::Timestamp;
use jiff::fmt::temporal::Pieces;
use jiff::tz::TimeZone;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::load::{did_you_mean, line_col};
use crate::model::{Dataset, Section};

/// An incident as a responder writes it (`incident.toml` or JSON).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IncidentInput {
    /// When the organisation became aware: RFC 9557
    /// (`2026-03-06T16:30:00+01:00[Europe/Berlin]`) or RFC 3339 with an offset.
    pub aware_at: String,
    /// When a determination that starts some clocks was made (materiality for
    /// SEC 8-K, a notifiability assessment in Singapore).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub determined_at: Option<String>,
    /// When a ransom or extortion payment was made (NYDFS 500.17(c): 24 hours).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ransom_paid_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kinds: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Vec<String>>,
    /// Shorthand for `facts.encrypted`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encrypted: Option<bool>,
    /// Shorthand for `facts.high_risk`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high_risk: Option<bool>,
    /// Answers to other taxonomy facts.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub facts: BTreeMap<String, bool>,
    #[serde(default)]
    pub parties: Vec<PartyInput>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PartyInput {
    /// `organisation`, `service-provider` or `affected-people`.
    pub role: String,
    /// A label for the party in the answer (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Where the party is established, main establishment first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub established_in: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sectors: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_types: Option<Vec<String>>,
    /// For affected people: where they live.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jurisdiction: Option<String>,
    /// For affected people: how many.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
}

/// A checked incident, in the dataset's canonical codes.
#[derive(Debug, Clone)]
pub struct Incident {
    pub aware_at: Timestamp,
    /// The zone the responder wrote `aware_at` in, for display.
    pub zone: TimeZone,
    pub determined_at: Option<Timestamp>,
    pub ransom_paid_at: Option<Timestamp>,
    pub kinds: Option<BTreeSet<String>>,
    pub data: Option<BTreeSet<String>>,
    pub facts: BTreeMap<String, bool>,
    pub parties: Vec<Party>,
    /// Codes the incident names that the dataset has no file for.
    pub uncovered: BTreeSet<String>,
}

#[derive(Debug, Clone)]
pub struct Party {
    pub role: String,
    pub name: Option<String>,
    pub established_in: Option<Vec<String>>,
    pub sectors: Option<BTreeSet<String>>,
    pub entity_types: Option<BTreeSet<String>>,
    pub jurisdiction: Option<String>,
    pub count: Option<u64>,
}

impl Incident {
    pub fn fact(&self, name: &str) -> Option<bool> {
        self.facts.get(name).copied()
    }
}

/// A problem with an incident, for a 4xx answer or a CLI error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Where in the incident (`parties[1].jurisdiction`).
    pub field: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum IncidentError {
    #[error("the incident is not valid {format} (line {line}, column {column}): {message}")]
    Syntax {
        format: &'static str,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("the incident has {} problem(s):\n{}", .0.len(), .0.iter().map(|p| format!("  - {p}")).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Problem>),
}

/// Hostile-input guards: far above any real incident.
pub const MAX_PARTIES: usize = 1000;
const MAX_LIST: usize = 200;

impl IncidentInput {
    pub fn from_toml(text: &str) -> Result<Self, IncidentError> {
        toml::from_str(text).map_err(|e| {
            let (line, column) = line_col(text, e.span().map(|s| s.start).unwrap_or(0));
            IncidentError::Syntax {
                format: "TOML",
                line,
                column,
                message: e.message().trim().to_string(),
            }
        })
    }

    pub fn from_json(text: &str) -> Result<Self, IncidentError> {
        serde_json::from_str(text).map_err(|e| IncidentError::Syntax {
            format: "JSON",
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })
    }

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
                if !tax.contains(section, t) {
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
            let mut code = |field: String, c: &str| -> String {
                match resolve_code(data, c) {
                    Ok((canonical, covered)) => {
                        if !covered {
                            uncovered.insert(canonical.clone());
                        }
                        canonical
                    }
                    Err(m) => {
                        bad(field, m);
                        c.to_string()
                    }
                }
            };
            let established_in = p.established_in.as_ref().map(|list| {
                list.iter()
                    .enumerate()
                    .map(|(k, c)| code(at(&format!("established_in[{k}]")), c))
                    .collect::<Vec<_>>()
            });
            let jurisdiction = p.jurisdiction.as_ref().map(|c| code(at("jurisdiction"), c));
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
            });
        }
        problems.extend(problems_later);
        if !problems.is_empty() {
            return Err(IncidentError::Invalid(problems));
        }
        Ok(Incident {
            aware_at,
            zone,
            determined_at,
            ransom_paid_at,
            kinds,
            data: data_categories,
            facts,
            parties,
            uncovered,
        })
    }
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
    let upper = code.trim().to_ascii_uppercase();
    let canonical = data.canonical_code(&upper).to_string();
    if data.jurisdictions.contains_key(&canonical) {
        return Ok((canonical, true));
    }
    let mut parts = canonical.splitn(2, '-');
    let country = parts.next().unwrap_or("");
    let sub = parts.next();
    let country_shape = country.len() == 2 && country.chars().all(|c| c.is_ascii_alphabetic());
    let sub_shape = sub
        .is_none_or(|s| (1..=3).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric()));
    if country_shape && sub_shape {
        return Ok((canonical, false));
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

/// Parses an instant with its zone: RFC 9557 with a bracketed zone, or RFC
/// 3339 with an offset (the offset is then the display zone).
pub fn parse_instant(s: &str) -> Result<(Timestamp, TimeZone), String> {
    let hint = "expected a date and time with an offset, e.g. `2026-03-06T16:30:00+01:00` or `2026-03-06T16:30:00+01:00[Europe/Berlin]`";
    let pieces =
        Pieces::parse(s).map_err(|e| format!("`{s}` is not a date and time ({e}); {hint}"))?;
    let zone = pieces.to_time_zone().map_err(|e| format!("`{s}`: {e}"))?;
    let offset_zone = pieces.to_numeric_offset().map(TimeZone::fixed);
    if pieces.time().is_none() {
        return Err(format!("`{s}` has no time of day; {hint}"));
    }
    match (zone, offset_zone) {
        (Some(tz), _) => {
            let zdt = s
                .parse::<jiff::ZonedDateTime>()
                .map_err(|e| format!("`{s}`: {e}"))?;
            Ok((zdt.timestamp(), tz))
        }
        (None, Some(tz)) => {
            let ts = s.parse::<Timestamp>().map_err(|e| format!("`{s}`: {e}"))?;
            Ok((ts, tz))
        }
        (None, None) => Err(format!(
            "`{s}` has no offset or time zone, so the instant is ambiguous; {hint}"
        )),
    }
}
