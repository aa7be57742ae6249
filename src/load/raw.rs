//! The data files exactly as written: serde structs that reject unknown keys,
//! keep the position of every value worth pointing at, and generate the JSON
//! Schema that `obligo schema` prints for editors.

use std::borrow::Cow;
use std::collections::BTreeMap;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::Deserialize;

use crate::model::{CountScope, JurisdictionKind, LegalStatus, Nexus, Region, ReviewStatus, Stage};

/// A value with its byte range in the file, so a semantic error can name the
/// line. A thin wrapper over `toml::Spanned` that also describes itself in
/// the JSON Schema as the value it holds.
#[derive(Debug, Clone, Deserialize)]
#[serde(transparent)]
pub struct Sp<T>(pub toml::Spanned<T>);

impl<T> Sp<T> {
    pub fn get(&self) -> &T {
        self.0.get_ref()
    }
    pub fn span(&self) -> std::ops::Range<usize> {
        self.0.span()
    }
}

impl<T: JsonSchema> JsonSchema for Sp<T> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

/// `data/taxonomy.toml`: section name to terms.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TaxonomyFile {
    pub party_roles: BTreeMap<String, TermRaw>,
    pub incident_kinds: BTreeMap<String, TermRaw>,
    pub data_categories: BTreeMap<String, TermRaw>,
    pub sectors: BTreeMap<String, TermRaw>,
    pub entity_types: BTreeMap<String, TermRaw>,
    pub recipient_kinds: BTreeMap<String, TermRaw>,
    pub facts: BTreeMap<String, TermRaw>,
    /// Legal qualifications an organisation makes, each at its own instant.
    #[serde(default)]
    pub determinations: BTreeMap<String, TermRaw>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TermRaw {
    pub definition: String,
    pub question: Option<String>,
    /// For determinations: how a clock that starts at it reads
    /// ("the determination that the incident is material").
    pub event: Option<String>,
}

/// One file under `data/jurisdictions/`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "obligo jurisdiction file")]
pub struct JurisdictionFile {
    pub jurisdiction: JurisdictionRaw,
    #[serde(default)]
    pub authorities: Vec<AuthorityRaw>,
    #[serde(default)]
    pub regimes: Vec<RegimeRaw>,
    #[serde(default)]
    pub rules: Vec<RuleRaw>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct JurisdictionRaw {
    /// ISO 3166-1 alpha-2, ISO 3166-2, or `EU` / `EEA`; matches the file name.
    pub code: Sp<String>,
    pub name: String,
    #[serde(default)]
    pub local_names: Vec<String>,
    #[serde(default)]
    pub alt_names: Vec<String>,
    pub kind: JurisdictionKind,
    pub parent: Option<Sp<String>>,
    #[serde(default)]
    pub member_of: Vec<Sp<String>>,
    pub region: Region,
    /// IANA time zone in which days are counted.
    pub time_zone: Sp<String>,
    #[serde(default)]
    pub aliases: Vec<Sp<String>>,
    /// Public holidays (YYYY-MM-DD) skipped by business-day deadlines.
    #[serde(default)]
    pub holidays: Vec<Sp<String>>,
    /// Recipient kind to authority id.
    #[serde(default)]
    pub competent: BTreeMap<String, Sp<String>>,
    /// Recipient kind to how the authority is chosen among the subdivisions'
    /// where this jurisdiction has no single one (with the provision).
    #[serde(default)]
    pub competent_choice: BTreeMap<String, String>,
    /// `none-found` or `voluntary`: a reviewed finding that no general
    /// breach-notification duty exists (needs `[jurisdiction.review]`).
    pub breach_duty: Option<Sp<crate::model::BreachDuty>>,
    /// Who reviewed the jurisdiction as a whole, and what was checked.
    pub review: Option<ReviewRaw>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuthorityRaw {
    pub id: Sp<String>,
    pub name: String,
    pub local_name: Option<String>,
    /// A `recipient-kinds` term.
    pub kind: Sp<String>,
    pub website: Sp<String>,
    pub portal: Option<Sp<String>>,
    pub contact: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegimeRaw {
    pub id: Sp<String>,
    pub title: String,
    pub citation: String,
    /// https link to the official text.
    pub source: Sp<String>,
    pub status: Sp<LegalStatus>,
    pub applies_from: Option<Sp<String>>,
    pub applies_until: Option<Sp<String>>,
    pub summary: Option<String>,
    /// Whom the law reaches: one entry per basis, with its provision.
    #[serde(default)]
    pub scope: Vec<ScopeRaw>,
    pub review: ReviewRaw,
}

/// `[[regimes.scope]]`: one way the law reaches an organisation.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScopeRaw {
    pub basis: Sp<Nexus>,
    /// The provision that says so (`Art. 3(2)`).
    pub citation: String,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewRaw {
    pub last_reviewed: Sp<String>,
    pub reviewed_by: String,
    pub status: Sp<ReviewStatus>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleRaw {
    pub id: Sp<String>,
    pub regime: Sp<String>,
    pub title: String,
    pub citation: String,
    pub source: Option<Sp<String>>,
    pub applies_from: Option<Sp<String>>,
    pub applies_until: Option<Sp<String>>,
    pub note: Option<String>,
    pub review: Option<ReviewRaw>,
    pub when: WhenRaw,
    #[serde(default)]
    pub obligations: Vec<ObligationRaw>,
}

/// `[rules.when]`: who acts and what connects the incident here, then the
/// criteria (the same keys as an `any_of` block; serde's `flatten` would lose
/// the positions, so they are spelled out twice).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WhenRaw {
    /// A `party-roles` term; default `organisation`.
    pub actor: Option<Sp<String>>,
    /// Default: every basis of the regime's `scope`.
    pub nexus: Option<Sp<Vec<Nexus>>>,
    pub established: Option<bool>,
    /// Jurisdiction codes the actor must not be established in (e.g. `EU`, `EEA`).
    #[serde(default)]
    pub not_established_in: Vec<Sp<String>>,
    #[serde(default)]
    pub per_residence: bool,
    #[serde(default)]
    pub kinds: Vec<Sp<String>>,
    /// Data categories; `a+b` means both together.
    #[serde(default)]
    pub data: Vec<Sp<String>>,
    #[serde(default)]
    pub sectors: Vec<Sp<String>>,
    #[serde(default)]
    pub entity_types: Vec<Sp<String>>,
    pub affected_at_least: Option<u64>,
    pub affected_more_than: Option<u64>,
    pub affected_fewer_than: Option<u64>,
    pub count: Option<CountScope>,
    #[serde(default)]
    pub facts: Vec<Sp<String>>,
    #[serde(default)]
    pub unless: Vec<Sp<String>>,
    /// `determinations` terms that must have been made.
    #[serde(default)]
    pub determinations: Vec<Sp<String>>,
    #[serde(default)]
    pub any_of: Vec<CriteriaRaw>,
}

impl WhenRaw {
    /// The criteria part, in the shape of an `any_of` block.
    pub fn criteria(&self) -> CriteriaView<'_> {
        CriteriaView {
            kinds: &self.kinds,
            data: &self.data,
            sectors: &self.sectors,
            entity_types: &self.entity_types,
            affected_at_least: self.affected_at_least,
            affected_more_than: self.affected_more_than,
            affected_fewer_than: self.affected_fewer_than,
            count: self.count,
            facts: &self.facts,
            unless: &self.unless,
            determinations: &self.determinations,
        }
    }
}

/// An `any_of` block: one alternative set of criteria.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CriteriaRaw {
    #[serde(default)]
    pub kinds: Vec<Sp<String>>,
    #[serde(default)]
    pub data: Vec<Sp<String>>,
    #[serde(default)]
    pub sectors: Vec<Sp<String>>,
    #[serde(default)]
    pub entity_types: Vec<Sp<String>>,
    pub affected_at_least: Option<u64>,
    pub affected_more_than: Option<u64>,
    pub affected_fewer_than: Option<u64>,
    pub count: Option<CountScope>,
    #[serde(default)]
    pub facts: Vec<Sp<String>>,
    #[serde(default)]
    pub unless: Vec<Sp<String>>,
    #[serde(default)]
    pub determinations: Vec<Sp<String>>,
}

impl CriteriaRaw {
    pub fn view(&self) -> CriteriaView<'_> {
        CriteriaView {
            kinds: &self.kinds,
            data: &self.data,
            sectors: &self.sectors,
            entity_types: &self.entity_types,
            affected_at_least: self.affected_at_least,
            affected_more_than: self.affected_more_than,
            affected_fewer_than: self.affected_fewer_than,
            count: self.count,
            facts: &self.facts,
            unless: &self.unless,
            determinations: &self.determinations,
        }
    }
}

/// Borrowed criteria, so `when` and `any_of` blocks are checked by one function.
pub struct CriteriaView<'a> {
    pub kinds: &'a [Sp<String>],
    pub data: &'a [Sp<String>],
    pub sectors: &'a [Sp<String>],
    pub entity_types: &'a [Sp<String>],
    pub affected_at_least: Option<u64>,
    pub affected_more_than: Option<u64>,
    pub affected_fewer_than: Option<u64>,
    pub count: Option<CountScope>,
    pub facts: &'a [Sp<String>],
    pub unless: &'a [Sp<String>],
    pub determinations: &'a [Sp<String>],
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ObligationRaw {
    pub id: Sp<String>,
    /// A `recipient-kinds` term.
    pub recipient: Sp<String>,
    pub authority: Option<Sp<String>>,
    pub authority_where: Option<Sp<AuthorityWhere>>,
    pub stage: Option<Stage>,
    #[serde(default)]
    pub content: Vec<String>,
    pub method: Option<String>,
    pub citation: Option<String>,
    pub deadline: DeadlineRaw,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AuthorityWhere {
    Establishment,
    Residence,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeadlineRaw {
    pub text: Sp<String>,
    /// `aware` (default), `determined`, `ransom-paid`, `year-end`, or another obligation's id.
    pub from: Option<Sp<String>>,
    /// With `from = "determined"`: which `determinations` term starts the
    /// clock; default the rule's only one.
    pub determination: Option<Sp<String>>,
    pub hours: Option<i64>,
    pub days: Option<i64>,
    pub business_days: Option<i64>,
    pub months: Option<i64>,
    #[serde(default)]
    pub end_of_day: bool,
    /// A second clock that caps this one: the deadline is whichever comes first.
    pub at_latest: Option<LatestRaw>,
}

/// The cap of a deadline: another clock start and limit.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LatestRaw {
    /// `aware` (default), `determined`, `ransom-paid`, `year-end`, or another obligation's id.
    pub from: Option<Sp<String>>,
    pub hours: Option<i64>,
    pub days: Option<i64>,
    pub business_days: Option<i64>,
    pub months: Option<i64>,
}
