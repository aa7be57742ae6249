//! Laws and what they require: regimes, rules, their conditions, obligations
//! and deadlines.

use jiff::civil::Date;
use serde::Serialize;

use super::*;

/// Where a law stands in its life: only `in-force` (and `adopted` or
/// `repealed` within their dates) can create obligations.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum LegalStatus {
    Proposed,
    Adopted,
    InForce,
    Repealed,
}

impl LegalStatus {
    pub fn label(self) -> &'static str {
        match self {
            LegalStatus::Proposed => "proposed",
            LegalStatus::Adopted => "adopted",
            LegalStatus::InForce => "in force",
            LegalStatus::Repealed => "repealed",
        }
    }
}

/// How far the data has been checked against the official text.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewStatus {
    Verified,
    Unverified,
    Outdated,
}

impl ReviewStatus {
    pub fn label(self) -> &'static str {
        match self {
            ReviewStatus::Verified => "verified",
            ReviewStatus::Unverified => "unverified",
            ReviewStatus::Outdated => "outdated",
        }
    }
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Review {
    #[schemars(with = "String")]
    pub last_reviewed: Date,
    pub reviewed_by: String,
    pub status: ReviewStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Regime {
    pub id: String,
    pub jurisdiction: String,
    pub title: String,
    pub citation: String,
    pub source: String,
    pub status: LegalStatus,
    pub applies_from: Option<Date>,
    pub applies_until: Option<Date>,
    pub summary: Option<String>,
    /// Whom the law reaches, by which connection, with the provision.
    pub scope: Vec<ScopeBasis>,
    pub review: Review,
    pub origin: Origin,
}

/// One way a law reaches an organisation (GDPR Art. 3(1) establishment,
/// Art. 3(2) targeting), with the provision that says so.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ScopeBasis {
    pub basis: Nexus,
    pub citation: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Regime {
    /// The provision for a basis of scope, for "why" texts.
    pub fn scope_citation(&self, basis: Nexus) -> Option<&str> {
        self.scope
            .iter()
            .find(|s| s.basis == basis)
            .map(|s| s.citation.as_str())
    }
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub regime: String,
    pub jurisdiction: String,
    pub title: String,
    pub citation: String,
    pub source: String,
    pub applies_from: Option<Date>,
    pub applies_until: Option<Date>,
    pub note: Option<String>,
    /// Shared (`Arc`): every obligation of the rule carries it, and its
    /// note can be long.
    pub review: std::sync::Arc<Review>,
    pub when: Conditions,
    pub obligations: Vec<ObligationSpec>,
    pub origin: std::sync::Arc<Origin>,
}

impl Rule {
    /// The days this version of the rule applies: from the later of its
    /// own and its regime's start, until the earlier of their ends
    /// (exclusive).
    pub fn applies_between(&self, regime: &Regime) -> (Option<Date>, Option<Date>) {
        let from = self
            .applies_from
            .into_iter()
            .chain(regime.applies_from)
            .max();
        let until = self
            .applies_until
            .into_iter()
            .chain(regime.applies_until)
            .min();
        (from, until)
    }
}

/// What connects an incident to a jurisdiction.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Nexus {
    /// The acting party is established there.
    Establishment,
    /// Affected people live there (US state laws, effects doctrines).
    Residence,
    /// Affected people live there and the acting party, established
    /// elsewhere, offers them goods or services or monitors them there
    /// (GDPR and UK GDPR Art. 3(2)).
    Targeting,
    /// The acting party processes (or collects) the data there.
    Processing,
}

impl Nexus {
    pub fn label(self) -> &'static str {
        match self {
            Nexus::Establishment => "establishment",
            Nexus::Residence => "residence",
            Nexus::Targeting => "targeting",
            Nexus::Processing => "processing",
        }
    }
}

/// Which affected people a threshold counts.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum CountScope {
    /// Residents of the rule's jurisdiction (or of each one, per residence).
    #[default]
    Residents,
    /// Every affected person, wherever they live.
    All,
}

/// When a rule applies: the party and nexus, then criteria over the facts.
#[derive(Debug, Clone)]
pub struct Conditions {
    pub actor: String,
    pub nexus: Vec<Nexus>,
    pub established: Option<bool>,
    /// The actor must not be established in any of these (GDPR Art. 3(2):
    /// "not established in the Union", and likewise the EEA).
    pub not_established_in: Vec<String>,
    pub per_residence: bool,
    pub criteria: Criteria,
}

/// Declarative tests over the incident; all present ones must hold.
#[derive(Debug, Clone, Default)]
pub struct Criteria {
    pub kinds: Vec<String>,
    /// Alternatives; each is a set of categories that must all be involved.
    pub data: Vec<Vec<String>>,
    pub sectors: Vec<String>,
    pub entity_types: Vec<String>,
    pub affected_at_least: Option<u64>,
    pub affected_more_than: Option<u64>,
    /// Strictly fewer than this many (e.g. HIPAA's annual log of small breaches).
    pub affected_fewer_than: Option<u64>,
    pub count: CountScope,
    pub facts: Vec<String>,
    pub unless: Vec<String>,
    /// Legal determinations that must have been made (NIS2 "significant",
    /// SEC "material", DORA "major"): unknown until the incident says so.
    pub determinations: Vec<String>,
    /// At least one block must hold.
    pub any_of: Vec<Criteria>,
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    Initial,
    Intermediate,
    Final,
    Single,
}

impl Stage {
    pub fn label(self) -> &'static str {
        match self {
            Stage::Initial => "initial",
            Stage::Intermediate => "intermediate",
            Stage::Final => "final",
            Stage::Single => "single",
        }
    }

    /// The stage as a reader says it: "initial report", or "notice" for
    /// the only one.
    pub fn report(self) -> &'static str {
        match self {
            Stage::Initial => "initial report",
            Stage::Intermediate => "intermediate report",
            Stage::Final => "final report",
            Stage::Single => "notice",
        }
    }
}

/// Where the recipient authority comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthoritySpec {
    /// No specific authority (individuals, media, the customer).
    None,
    /// Always this authority.
    Fixed(String),
    /// The competent authority where the acting party is established.
    WhereEstablished,
    /// The competent authority where the affected people of this assessment live.
    WhereResident,
}

#[derive(Debug, Clone)]
pub struct ObligationSpec {
    pub id: String,
    pub recipient: String,
    pub authority: AuthoritySpec,
    pub stage: Stage,
    /// Shared with every obligation made from this spec.
    pub content: std::sync::Arc<[String]>,
    pub method: Option<String>,
    pub citation: Option<String>,
    pub deadline: DeadlineSpec,
}

/// What starts a deadline's clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClockStart {
    /// The incident's `aware_at`.
    Aware,
    /// The instant a determination was made (SEC materiality, DORA
    /// classification, Singapore's notifiability assessment).
    Determined(String),
    /// The sending of another obligation: of the same rule (NIS2's final
    /// report runs from the incident notification as submitted), or with
    /// `rule`, of another rule of the same regime (California's attorney
    /// general copy runs from the notice to residents).
    Obligation { rule: Option<String>, id: String },
    /// The incident's `ransom_paid_at`.
    RansomPaid,
    /// When the incident occurred (Vietnam's Decree 13: "72 hours after the
    /// violation occurs"). Never after awareness, so until the incident says
    /// when, the deadline counted from awareness is the latest it can be.
    Occurred,
    /// The end of the calendar year in which the organisation became aware
    /// (HIPAA's annual log: "within 60 days after the end of each calendar year").
    YearEnd,
}

/// The outer limit of a deadline, as the law counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    Hours(i64),
    Days(i64),
    BusinessDays(i64),
    Months(i64),
}

impl Limit {
    pub fn describe(self) -> String {
        let plural = |n: i64, one: &str, many: &str| {
            if n == 1 {
                format!("1 {one}")
            } else {
                format!("{n} {many}")
            }
        };
        match self {
            Limit::Hours(n) => plural(n, "hour", "hours"),
            Limit::Days(n) => plural(n, "day", "days"),
            Limit::BusinessDays(n) => plural(n, "business day", "business days"),
            Limit::Months(n) => plural(n, "month", "months"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct DeadlineSpec {
    pub text: String,
    pub from: ClockStart,
    /// `None`: no outer limit ("without undue delay", "upon request").
    pub limit: Option<Limit>,
    pub end_of_day: bool,
    /// A second clock that caps the first: due at whichever comes first
    /// (DORA: 4 hours after classification, at the latest 24 hours after awareness).
    pub at_latest: Option<(ClockStart, Limit)>,
}
