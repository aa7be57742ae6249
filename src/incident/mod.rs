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
}

mod check;
mod instant;

pub use check::resolve_code;
pub use instant::parse_instant;
