//! The validated, cross-referenced dataset: what the engine, search and site
//! read. Built only by [`crate::load`], so every reference in it resolves.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;

/// Where an entity was defined, so every page and answer can point a
/// contributor at the line to correct.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Origin {
    pub file: String,
    pub line: usize,
}

/// The whole dataset. Maps are `BTreeMap` so every listing is deterministic.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub taxonomy: Taxonomy,
    pub jurisdictions: BTreeMap<String, Jurisdiction>,
    pub authorities: BTreeMap<String, Authority>,
    pub regimes: BTreeMap<String, Regime>,
    /// Sorted by jurisdiction, then regime, then rule id.
    pub rules: Vec<Rule>,
    /// Jurisdiction code to the range of its rules in `rules`, so an
    /// assessment only visits the rules of the places an incident reaches.
    pub rules_by_jurisdiction: BTreeMap<String, std::ops::Range<usize>>,
    /// Alternative code (e.g. `UK`) to canonical code (`GB`).
    pub aliases: BTreeMap<String, String>,
    /// A fingerprint of the data files it was loaded from, so a static
    /// site's assessment engine built from other data can refuse to answer.
    pub digest: String,
}

/// The shared vocabulary of `data/taxonomy.toml`.
#[derive(Debug, Clone, Default)]
pub struct Taxonomy {
    pub sections: BTreeMap<Section, BTreeMap<String, Term>>,
}

/// A section of the taxonomy: each rule field draws its terms from one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Section {
    PartyRoles,
    IncidentKinds,
    DataCategories,
    Sectors,
    EntityTypes,
    RecipientKinds,
    Facts,
    Determinations,
}

impl Section {
    pub const ALL: [Section; 8] = [
        Section::PartyRoles,
        Section::IncidentKinds,
        Section::DataCategories,
        Section::Sectors,
        Section::EntityTypes,
        Section::RecipientKinds,
        Section::Facts,
        Section::Determinations,
    ];

    /// The table name in `taxonomy.toml`.
    pub fn key(self) -> &'static str {
        match self {
            Section::PartyRoles => "party-roles",
            Section::IncidentKinds => "incident-kinds",
            Section::DataCategories => "data-categories",
            Section::Sectors => "sectors",
            Section::EntityTypes => "entity-types",
            Section::RecipientKinds => "recipient-kinds",
            Section::Facts => "facts",
            Section::Determinations => "determinations",
        }
    }

    /// How a term of this section is named in messages ("unknown data category").
    pub fn singular(self) -> &'static str {
        match self {
            Section::PartyRoles => "party role",
            Section::IncidentKinds => "incident kind",
            Section::DataCategories => "data category",
            Section::Sectors => "sector",
            Section::EntityTypes => "entity type",
            Section::RecipientKinds => "recipient kind",
            Section::Facts => "fact",
            Section::Determinations => "determination",
        }
    }
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Term {
    pub definition: String,
    /// For facts and determinations: the question a responder answers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// For determinations: the event, as a clock that starts at it reads
    /// ("the determination that the incident is material").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
}

impl Taxonomy {
    pub fn contains(&self, section: Section, term: &str) -> bool {
        self.terms(section).contains_key(term)
    }

    pub fn terms(&self, section: Section) -> &BTreeMap<String, Term> {
        static EMPTY: BTreeMap<String, Term> = BTreeMap::new();
        self.sections.get(&section).unwrap_or(&EMPTY)
    }

    /// The question that settles an unknown fact.
    pub fn question(&self, fact: &str) -> String {
        self.terms(Section::Facts)
            .get(fact)
            .and_then(|t| t.question.clone())
            .unwrap_or_else(|| format!("Is `{fact}` true for this incident?"))
    }

    /// The question that settles an unknown determination.
    pub fn determination_question(&self, name: &str) -> String {
        self.terms(Section::Determinations)
            .get(name)
            .and_then(|t| t.question.clone())
            .unwrap_or_else(|| format!("Has the determination `{name}` been made?"))
    }

    /// A determination as a clock start reads ("the materiality determination").
    pub fn determination_event(&self, name: &str) -> String {
        self.terms(Section::Determinations)
            .get(name)
            .and_then(|t| t.event.clone())
            .unwrap_or_else(|| format!("the determination `{name}`"))
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum JurisdictionKind {
    Country,
    Subdivision,
    Territory,
    Supranational,
}

impl JurisdictionKind {
    pub fn label(self) -> &'static str {
        match self {
            JurisdictionKind::Country => "country",
            JurisdictionKind::Subdivision => "subdivision",
            JurisdictionKind::Territory => "territory",
            JurisdictionKind::Supranational => "supranational",
        }
    }
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
pub enum Region {
    Europe,
    NorthAmerica,
    LatinAmerica,
    AsiaPacific,
    MiddleEast,
    Africa,
}

impl Region {
    pub fn label(self) -> &'static str {
        match self {
            Region::Europe => "Europe",
            Region::NorthAmerica => "North America",
            Region::LatinAmerica => "Latin America",
            Region::AsiaPacific => "Asia-Pacific",
            Region::MiddleEast => "Middle East",
            Region::Africa => "Africa",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Jurisdiction {
    pub code: String,
    pub name: String,
    pub local_names: Vec<String>,
    pub alt_names: Vec<String>,
    pub kind: JurisdictionKind,
    pub parent: Option<String>,
    pub member_of: Vec<String>,
    /// Every jurisdiction whose law reaches this one (parents and unions,
    /// nearest first, itself excluded), computed once at load by
    /// [`Dataset::index_rules`] so the engine's `is_within` is a short scan.
    pub within: Vec<String>,
    pub region: Region,
    pub time_zone: TimeZone,
    pub time_zone_name: String,
    pub aliases: Vec<String>,
    pub holidays: BTreeSet<Date>,
    /// Recipient kind to the authority that receives that kind of notice here.
    pub competent: BTreeMap<String, String>,
    /// Recipient kind to how the competent authority is chosen among those
    /// of the subdivisions, where this jurisdiction has none of its own
    /// (Germany: 16 Land data-protection authorities).
    pub competent_choice: BTreeMap<String, String>,
    /// A reviewed finding that there is no general breach-notification duty
    /// (or only a voluntary one): an answer, unlike a place obligo has no
    /// data for.
    pub breach_duty: Option<BreachDuty>,
    /// Who checked the jurisdiction as a whole, when, and what was checked
    /// (required with `breach_duty`).
    pub review: Option<Review>,
    pub origin: Origin,
}

/// What a review of a jurisdiction found when it has no regime that
/// creates a general breach-notification duty.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum BreachDuty {
    /// Reviewed: no general duty to notify a data breach was found.
    NoneFound,
    /// Reviewed: notice is only recommended (regulator guidance).
    Voluntary,
}

impl BreachDuty {
    pub fn label(self) -> &'static str {
        match self {
            BreachDuty::NoneFound => "no general breach-notification duty found",
            BreachDuty::Voluntary => "breach notification is voluntary (recommended, not required)",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Authority {
    pub id: String,
    pub jurisdiction: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub local_name: Option<String>,
    pub kind: String,
    pub website: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub portal: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    pub origin: Origin,
}

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

impl Dataset {
    /// The canonical code for a code or alias (`UK` → `GB`).
    pub fn canonical_code<'a>(&'a self, code: &'a str) -> &'a str {
        self.aliases.get(code).map(String::as_str).unwrap_or(code)
    }

    /// Every jurisdiction whose law reaches `code`: itself, its parents, and
    /// the unions they are members of, nearest first. Codes not in the
    /// dataset (`US-WY` before Wyoming is added) still reach their country.
    pub fn reach(&self, code: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut queue = std::collections::VecDeque::from([code.to_string()]);
        while let Some(current) = queue.pop_front() {
            if out.contains(&current) {
                continue;
            }
            match self.jurisdictions.get(&current) {
                Some(j) => {
                    queue.extend(j.parent.iter().cloned());
                    queue.extend(j.member_of.iter().cloned());
                }
                None => queue.extend(current.split_once('-').map(|(c, _)| c.to_string())),
            }
            out.push(current);
        }
        out
    }

    /// Whether the law of `outer` reaches `code` (`US-CA` is within `US`, `DE` within `EU`).
    /// Allocation-free: the engine asks this for every party and rule.
    pub fn is_within(&self, code: &str, outer: &str) -> bool {
        if code == outer {
            return true;
        }
        match self.jurisdictions.get(code) {
            Some(j) => j.within.iter().any(|w| w == outer),
            // A subdivision without a file (`DE-BY`) is within what its
            // country is within.
            None => code
                .split_once('-')
                .is_some_and(|(country, _)| self.is_within(country, outer)),
        }
    }

    /// The step from `outer` towards `code`: the jurisdiction directly below
    /// `outer` that contains `code` (for `US-CA` in `US`: `US-CA`; for
    /// `DE-BY` in `EU`: `DE`).
    pub fn child_towards(&self, code: &str, outer: &str) -> Option<String> {
        let mut current = code.to_string();
        loop {
            if current == outer {
                return None;
            }
            let direct = match self.jurisdictions.get(&current) {
                Some(j) => {
                    j.parent.as_deref() == Some(outer) || j.member_of.iter().any(|m| m == outer)
                }
                None => current.split_once('-').map(|(c, _)| c) == Some(outer),
            };
            if direct {
                return Some(current);
            }
            let up = match self.jurisdictions.get(&current) {
                Some(j) => j.parent.clone(),
                None => current.split_once('-').map(|(c, _)| c.to_string()),
            };
            match up {
                Some(p) if self.is_within(&p, outer) => current = p,
                _ => return None,
            }
        }
    }

    /// The authority competent for `recipient` at `code`, looking upwards
    /// through parents (`DE-BY` → `DE`) but never into unions.
    pub fn competent_authority(&self, code: &str, recipient: &str) -> Option<&Authority> {
        let mut current = Some(code.to_string());
        while let Some(c) = current {
            let j = match self.jurisdictions.get(&c) {
                Some(j) => j,
                None => {
                    current = c.split_once('-').map(|(p, _)| p.to_string());
                    continue;
                }
            };
            if let Some(id) = j.competent.get(recipient) {
                return self.authorities.get(id);
            }
            current = j.parent.clone();
        }
        None
    }

    /// The time zone in which a jurisdiction's days are counted (UTC for
    /// codes not in the dataset, after trying their country).
    pub fn time_zone(&self, code: &str) -> TimeZone {
        let mut current = Some(code);
        while let Some(c) = current {
            if let Some(j) = self.jurisdictions.get(c) {
                return j.time_zone.clone();
            }
            current = c.split_once('-').map(|(p, _)| p);
        }
        TimeZone::UTC
    }

    /// The public holidays for business-day counting: the jurisdiction's
    /// own list, or its nearest parent's when it lists none.
    pub fn holidays(&self, code: &str) -> Option<&BTreeSet<Date>> {
        let mut current = Some(code.to_string());
        while let Some(c) = current {
            let j = self.jurisdictions.get(&c)?;
            if !j.holidays.is_empty() {
                return Some(&j.holidays);
            }
            current = j.parent.clone();
        }
        None
    }

    /// The rules of one jurisdiction (its own, not those from above).
    pub fn rules_in(&self, code: &str) -> &[Rule] {
        match self.rules_by_jurisdiction.get(code) {
            Some(range) => &self.rules[range.clone()],
            None => &[],
        }
    }

    /// Builds `rules_by_jurisdiction` and each jurisdiction's `within`;
    /// `rules` must be sorted by jurisdiction.
    pub fn index_rules(&mut self) {
        let within: Vec<(String, Vec<String>)> = self
            .jurisdictions
            .keys()
            .map(|code| (code.clone(), self.reach(code).into_iter().skip(1).collect()))
            .collect();
        for (code, outer) in within {
            if let Some(j) = self.jurisdictions.get_mut(&code) {
                j.within = outer;
            }
        }
        self.rules_by_jurisdiction.clear();
        let mut start = 0;
        for i in 1..=self.rules.len() {
            if i == self.rules.len() || self.rules[i].jurisdiction != self.rules[start].jurisdiction
            {
                let code = self.rules[start].jurisdiction.clone();
                self.rules_by_jurisdiction.insert(code, start..i);
                start = i;
            }
        }
    }

    pub fn rules_of<'a>(&'a self, regime: &'a str) -> impl Iterator<Item = &'a Rule> + 'a {
        self.rules.iter().filter(move |r| r.regime == regime)
    }
}
