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

use crate::codes::CodeKind;
use crate::load::{did_you_mean, line_col};
use crate::model::{Dataset, Section};

/// The instants the JSON Schema describes: RFC 3339 with an offset, a real
/// calendar date (leap days included), 1971 to 2199 so the instant is
/// inside the 1970 to 2200 that obligo handles in every zone, no leap
/// second, and optionally RFC 9557's bracketed zone
/// (`...+01:00[Europe/Berlin]`), which must also be a zone the time-zone
/// database knows (a pattern cannot check that; the server answers 422).
pub const INSTANT_PATTERN: &str = concat!(
    r"^(?:(?:197[1-9]|19[89][0-9]|2[01][0-9][0-9])-",
    r"(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)",
    r"|(?:19(?:7[26]|8[048]|9[26])|20(?:[02468][048]|[13579][26])|21(?:[02468][48]|[13579][26]))-02-29)",
    r"T(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]{1,9})?)?",
    r"(?:Z|[+-](?:0[0-9]|1[0-4]):[0-5][0-9])(?:\[[A-Za-z][A-Za-z0-9_+/-]{0,40}\])?$",
);

/// An incident as a responder writes it (`incident.toml` or JSON).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IncidentInput {
    /// When the organisation became aware: RFC 9557
    /// (`2026-03-06T16:30:00+01:00[Europe/Berlin]`) or RFC 3339 with an offset.
    #[schemars(regex(pattern = INSTANT_PATTERN))]
    pub aware_at: String,
    /// Fallback instant for every determination recorded as `true` without
    /// an instant of its own in `determinations`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = INSTANT_PATTERN))]
    pub determined_at: Option<String>,
    /// Legal determinations (`data/taxonomy.toml` `[determinations]`): the
    /// instant it was made, `true` (made; its instant is `determined_at`, or
    /// unknown) or `false` (made: it is not). Absent means not made yet.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub determinations: BTreeMap<String, DeterminationInput>,
    /// Notices already sent; a clock chained to one runs from its real send.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sent: Vec<SentInput>,
    /// When a ransom or extortion payment was made (NYDFS 500.17(c): 24 hours).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = INSTANT_PATTERN))]
    pub ransom_paid_at: Option<String>,
    /// When the incident itself occurred, if known (at or before `aware_at`):
    /// a few laws count from it rather than from awareness.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = INSTANT_PATTERN))]
    pub occurred_at: Option<String>,
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

/// A determination as an incident records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum DeterminationInput {
    /// `true`: made, at `determined_at` or an unknown time; `false`: the
    /// organisation determined that it is not the case.
    Made(bool),
    /// Made at this instant (RFC 9557 or RFC 3339 with an offset).
    At(#[schemars(regex(pattern = INSTANT_PATTERN))] String),
}

/// A notice already sent, so chained clocks run from it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SentInput {
    /// The rule's id (as in the answer's `rule`).
    pub rule: String,
    /// The obligation's id within the rule (the answer's `obligation`);
    /// or give `stage` (and `recipient` where a rule has several).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub obligation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<String>,
    /// For rules assessed per place of residence: which place's notice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jurisdiction: Option<String>,
    /// When it was sent.
    #[schemars(regex(pattern = INSTANT_PATTERN))]
    pub at: String,
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
    /// Where the party offers goods or services to people, or monitors
    /// them, without being established there (GDPR Art. 3(2)); `[]` means
    /// nowhere else, absent means unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub targets: Option<Vec<String>>,
    /// Where the party processes (or collects) the data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub processes_in: Option<Vec<String>>,
    /// Where its representative is established (GDPR Art. 27), which can
    /// decide the competent authority (a German Land, say).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub representative_in: Option<String>,
}

/// A checked incident, in the dataset's canonical codes.
#[derive(Debug, Clone)]
pub struct Incident {
    pub aware_at: Timestamp,
    /// The zone the responder wrote `aware_at` in, for display.
    pub zone: TimeZone,
    pub determined_at: Option<Timestamp>,
    pub determinations: BTreeMap<String, Determination>,
    pub sent: Vec<Sent>,
    pub ransom_paid_at: Option<Timestamp>,
    pub occurred_at: Option<Timestamp>,
    pub kinds: Option<BTreeSet<String>>,
    pub data: Option<BTreeSet<String>>,
    pub facts: BTreeMap<String, bool>,
    pub parties: Vec<Party>,
    /// Codes the incident names that the dataset has no file for.
    pub uncovered: BTreeSet<String>,
    /// `determined_at` was given but no determination is recorded as `true`
    /// without an instant of its own, so it dates nothing.
    pub determined_at_unused: bool,
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
    pub targets: Option<Vec<String>>,
    pub processes_in: Option<Vec<String>>,
    pub representative_in: Option<String>,
}

/// A determination that was made: whether it holds, and when it was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Determination {
    pub holds: bool,
    pub at: Option<Timestamp>,
}

/// A notice recorded as sent, resolved to one obligation of one rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    pub rule: String,
    pub obligation: String,
    /// For per-residence rules: the place; `None` matches every place.
    pub place: Option<String>,
    pub at: Timestamp,
}

impl Incident {
    pub fn fact(&self, name: &str) -> Option<bool> {
        self.facts.get(name).copied()
    }

    pub fn determination(&self, name: &str) -> Option<Determination> {
        self.determinations.get(name).copied()
    }

    /// When the notice of `obligation` under `rule` (at `place`) was sent.
    pub fn sent_at(&self, rule: &str, obligation: &str, place: Option<&str>) -> Option<Timestamp> {
        self.sent
            .iter()
            .filter(|s| s.rule == rule && s.obligation == obligation)
            .filter(|s| s.place.is_none() || s.place.as_deref() == place)
            .map(|s| s.at)
            .min()
    }

    /// Every jurisdiction code the incident names, for the places it reaches.
    pub fn named_codes(&self) -> impl Iterator<Item = &str> {
        self.parties.iter().flat_map(|p| {
            p.established_in
                .iter()
                .flatten()
                .chain(p.targets.iter().flatten())
                .chain(p.processes_in.iter().flatten())
                .chain(p.jurisdiction.iter())
                .chain(p.representative_in.iter())
                .map(String::as_str)
        })
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
/// An answer lists at most this many problems, then how many more.
pub const MAX_PROBLEMS: usize = 50;

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
        // serde would also read a struct from an array of its fields.
        if !text.trim_start().starts_with('{') {
            return Err(IncidentError::Syntax {
                format: "JSON",
                line: 1,
                column: 1,
                message: "an incident is a JSON object (`{\"aware_at\": ...}`)".into(),
            });
        }
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

/// Parses an instant with its zone: RFC 9557 with a bracketed zone, or RFC
/// 3339 with an offset (the offset is then the display zone).
pub fn parse_instant(s: &str) -> Result<(Timestamp, TimeZone), String> {
    let hint = "expected a date and time with an offset, e.g. `2026-03-06T16:30:00+01:00` or `2026-03-06T16:30:00+01:00[Europe/Berlin]`";
    if s.len() > 100 {
        return Err(format!(
            "a date and time of {} bytes is not one; {hint}",
            s.len()
        ));
    }
    // jiff reads a leap second as :59; say so rather than move the instant.
    if s.get(17..19) == Some("60") && s.get(16..17) == Some(":") {
        return Err(format!(
            "`{s}` is a leap second, which obligo does not count; use :59 (the deadline is at most one second earlier)"
        ));
    }
    let pieces =
        Pieces::parse(s).map_err(|e| format!("`{s}` is not a date and time ({e}); {hint}"))?;
    let zone = pieces.to_time_zone().map_err(|e| format!("`{s}`: {e}"))?;
    let offset_zone = pieces.to_numeric_offset().map(TimeZone::fixed);
    if pieces.time().is_none() {
        return Err(format!("`{s}` has no time of day; {hint}"));
    }
    let (instant, zone) = match (zone, offset_zone) {
        (Some(tz), _) => {
            let zdt = s
                .parse::<jiff::ZonedDateTime>()
                .map_err(|e| format!("`{s}`: {e}"))?;
            (zdt.timestamp(), tz)
        }
        (None, Some(tz)) => {
            let ts = s.parse::<Timestamp>().map_err(|e| format!("`{s}`: {e}"))?;
            (ts, tz)
        }
        (None, None) => {
            return Err(format!(
                "`{s}` has no offset or time zone, so the instant is ambiguous; {hint}"
            ));
        }
    };
    // Deadlines are computed up to years ahead: an instant outside this
    // range is a typo, and near the end of the calendar a deadline could
    // not be computed at all (and would read as "no outer limit").
    let year = instant.to_zoned_datetime(TimeZone::UTC).year();
    if !(1970..=2200).contains(&year) {
        return Err(format!(
            "`{s}` is in the year {year}; obligo handles instants from 1970 to 2200"
        ));
    }
    Ok((instant, zone))
}
