//! The dataset as plain JSON records: what the API serves, what the static
//! site ships as `data/obligo.json`, and what other tools can consume without
//! reading TOML. Every record says where it was defined (`file`, `line`).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::model::*;

/// Where a record comes from in the repository, so readers can correct it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SourceRef {
    pub file: String,
    pub line: usize,
}

impl From<&Origin> for SourceRef {
    fn from(o: &Origin) -> Self {
        SourceRef {
            file: o.file.clone(),
            line: o.line,
        }
    }
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct JurisdictionRecord {
    pub code: String,
    pub name: String,
    pub local_names: Vec<String>,
    pub alt_names: Vec<String>,
    /// country, subdivision, territory or supranational.
    pub kind: JurisdictionKind,
    pub parent: Option<String>,
    pub member_of: Vec<String>,
    pub region: Region,
    pub time_zone: String,
    pub aliases: Vec<String>,
    /// Recipient kind to the id of the authority competent here.
    pub competent: BTreeMap<String, String>,
    /// How the authority is chosen among the subdivisions' (Germany's Länder).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub competent_choice: BTreeMap<String, String>,
    /// A reviewed finding of no general breach-notification duty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub breach_duty: Option<BreachDuty>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review: Option<ReviewRecord>,
    /// Jurisdictions directly inside this one (states, Länder, members).
    pub subdivisions: Vec<String>,
    pub regimes: Vec<String>,
    pub authorities: Vec<String>,
    pub defined_in: SourceRef,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AuthorityRecord {
    pub id: String,
    pub jurisdiction: String,
    pub name: String,
    pub local_name: Option<String>,
    /// A `recipient-kinds` term.
    pub kind: String,
    pub website: String,
    pub portal: Option<String>,
    pub contact: Option<String>,
    pub defined_in: SourceRef,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ReviewRecord {
    #[schemars(with = "String")]
    pub last_reviewed: jiff::civil::Date,
    pub reviewed_by: String,
    pub status: ReviewStatus,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RegimeRecord {
    pub id: String,
    pub jurisdiction: String,
    pub title: String,
    pub citation: String,
    /// The official text.
    pub source: String,
    pub status: LegalStatus,
    #[schemars(with = "Option<String>")]
    pub applies_from: Option<jiff::civil::Date>,
    #[schemars(with = "Option<String>")]
    pub applies_until: Option<jiff::civil::Date>,
    pub summary: Option<String>,
    /// Whom the law reaches, by which connection, with the provision.
    pub scope: Vec<ScopeBasis>,
    pub review: ReviewRecord,
    pub rules: Vec<String>,
    pub defined_in: SourceRef,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RuleRecord {
    pub id: String,
    pub regime: String,
    pub jurisdiction: String,
    pub title: String,
    pub citation: String,
    pub source: String,
    #[schemars(with = "Option<String>")]
    pub applies_from: Option<jiff::civil::Date>,
    #[schemars(with = "Option<String>")]
    pub applies_until: Option<jiff::civil::Date>,
    pub note: Option<String>,
    pub review: ReviewRecord,
    pub when: ConditionsRecord,
    pub obligations: Vec<ObligationRecord>,
    pub defined_in: SourceRef,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ConditionsRecord {
    pub actor: String,
    pub nexus: Vec<Nexus>,
    pub established: Option<bool>,
    pub not_established_in: Vec<String>,
    pub per_residence: bool,
    #[serde(flatten)]
    pub criteria: CriteriaRecord,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CriteriaRecord {
    pub kinds: Vec<String>,
    /// Data categories; `a+b` means both together.
    pub data: Vec<String>,
    pub sectors: Vec<String>,
    pub entity_types: Vec<String>,
    pub affected_at_least: Option<u64>,
    pub affected_more_than: Option<u64>,
    pub affected_fewer_than: Option<u64>,
    pub count: CountScope,
    pub facts: Vec<String>,
    pub unless: Vec<String>,
    /// Legal determinations that must have been made.
    pub determinations: Vec<String>,
    pub any_of: Vec<CriteriaRecord>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ObligationRecord {
    pub id: String,
    /// A `recipient-kinds` term.
    pub recipient: String,
    /// The authority's id when it is always the same one.
    pub authority: Option<String>,
    /// `establishment` or `residence` when the competent authority is resolved per incident.
    pub authority_where: Option<String>,
    pub stage: Stage,
    pub content: Vec<String>,
    pub method: Option<String>,
    pub citation: Option<String>,
    pub deadline: DeadlineRecord,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct DeadlineRecord {
    /// The law's wording, in short.
    pub text: String,
    /// `aware`, `determined:<determination>`, `ransom-paid`, `year-end`, or
    /// another obligation's id (the clock runs from its sending).
    pub from: String,
    /// The outer limit in words ("72 hours"), or none.
    pub limit: Option<String>,
    /// The outer limit in hours when it is counted in hours, for sorting and comparing.
    pub hours: Option<i64>,
    pub end_of_day: bool,
    /// A second clock that caps the first, in words ("24 hours after aware").
    pub at_latest: Option<String>,
}

/// The whole dataset in one document.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct DatasetRecord {
    /// The dataset's licence (SPDX id): facts about the law, free to reuse.
    pub licence: String,
    pub jurisdictions: Vec<JurisdictionRecord>,
    pub authorities: Vec<AuthorityRecord>,
    pub regimes: Vec<RegimeRecord>,
    pub rules: Vec<RuleRecord>,
    /// Section name to term to its definition.
    pub taxonomy: BTreeMap<String, BTreeMap<String, Term>>,
}

pub fn jurisdiction(data: &Dataset, j: &Jurisdiction) -> JurisdictionRecord {
    JurisdictionRecord {
        code: j.code.clone(),
        name: j.name.clone(),
        local_names: j.local_names.clone(),
        alt_names: j.alt_names.clone(),
        kind: j.kind,
        parent: j.parent.clone(),
        member_of: j.member_of.clone(),
        region: j.region,
        time_zone: j.time_zone_name.clone(),
        aliases: j.aliases.clone(),
        competent: j.competent.clone(),
        competent_choice: j.competent_choice.clone(),
        breach_duty: j.breach_duty,
        review: j.review.as_ref().map(review),
        subdivisions: data
            .jurisdictions
            .values()
            .filter(|c| c.parent.as_deref() == Some(&j.code) || c.member_of.contains(&j.code))
            .map(|c| c.code.clone())
            .collect(),
        regimes: data
            .regimes
            .values()
            .filter(|r| r.jurisdiction == j.code)
            .map(|r| r.id.clone())
            .collect(),
        authorities: data
            .authorities
            .values()
            .filter(|a| a.jurisdiction == j.code)
            .map(|a| a.id.clone())
            .collect(),
        defined_in: (&j.origin).into(),
    }
}

pub fn authority(a: &Authority) -> AuthorityRecord {
    AuthorityRecord {
        id: a.id.clone(),
        jurisdiction: a.jurisdiction.clone(),
        name: a.name.clone(),
        local_name: a.local_name.clone(),
        kind: a.kind.clone(),
        website: a.website.clone(),
        portal: a.portal.clone(),
        contact: a.contact.clone(),
        defined_in: (&a.origin).into(),
    }
}

fn review(r: &Review) -> ReviewRecord {
    ReviewRecord {
        last_reviewed: r.last_reviewed,
        reviewed_by: r.reviewed_by.clone(),
        status: r.status,
        note: r.note.clone(),
    }
}

pub fn regime(data: &Dataset, r: &Regime) -> RegimeRecord {
    RegimeRecord {
        id: r.id.clone(),
        jurisdiction: r.jurisdiction.clone(),
        title: r.title.clone(),
        citation: r.citation.clone(),
        source: r.source.clone(),
        status: r.status,
        applies_from: r.applies_from,
        applies_until: r.applies_until,
        summary: r.summary.clone(),
        scope: r.scope.clone(),
        review: review(&r.review),
        rules: data.rules_of(&r.id).map(|x| x.id.clone()).collect(),
        defined_in: (&r.origin).into(),
    }
}

fn criteria(c: &Criteria) -> CriteriaRecord {
    CriteriaRecord {
        kinds: c.kinds.clone(),
        data: c.data.iter().map(|combo| combo.join("+")).collect(),
        sectors: c.sectors.clone(),
        entity_types: c.entity_types.clone(),
        affected_at_least: c.affected_at_least,
        affected_more_than: c.affected_more_than,
        affected_fewer_than: c.affected_fewer_than,
        count: c.count,
        facts: c.facts.clone(),
        unless: c.unless.clone(),
        determinations: c.determinations.clone(),
        any_of: c.any_of.iter().map(criteria).collect(),
    }
}

/// The clock start as written in the data.
pub fn clock_name(from: &ClockStart) -> String {
    match from {
        ClockStart::Aware => "aware".into(),
        ClockStart::Determined(name) => format!("determined:{name}"),
        ClockStart::YearEnd => "year-end".into(),
        ClockStart::RansomPaid => "ransom-paid".into(),
        ClockStart::Occurred => "occurred".into(),
        ClockStart::Obligation { rule: None, id } => id.clone(),
        ClockStart::Obligation {
            rule: Some(rule),
            id,
        } => format!("{rule}#{id}"),
    }
}

pub fn deadline(d: &DeadlineSpec) -> DeadlineRecord {
    DeadlineRecord {
        text: d.text.clone(),
        from: clock_name(&d.from),
        limit: d.limit.map(Limit::describe),
        hours: d.limit.map(|l| match l {
            Limit::Hours(n) => n,
            Limit::Days(n) | Limit::BusinessDays(n) => n.saturating_mul(24),
            Limit::Months(n) => n.saturating_mul(24 * 30),
        }),
        end_of_day: d.end_of_day,
        at_latest: d
            .at_latest
            .as_ref()
            .map(|(from, limit)| format!("{} after {}", limit.describe(), clock_name(from))),
    }
}

pub fn rule(r: &Rule) -> RuleRecord {
    RuleRecord {
        id: r.id.clone(),
        regime: r.regime.clone(),
        jurisdiction: r.jurisdiction.clone(),
        title: r.title.clone(),
        citation: r.citation.clone(),
        source: r.source.clone(),
        applies_from: r.applies_from,
        applies_until: r.applies_until,
        note: r.note.clone(),
        review: review(&r.review),
        when: ConditionsRecord {
            actor: r.when.actor.clone(),
            nexus: r.when.nexus.clone(),
            established: r.when.established,
            not_established_in: r.when.not_established_in.clone(),
            per_residence: r.when.per_residence,
            criteria: criteria(&r.when.criteria),
        },
        obligations: r
            .obligations
            .iter()
            .map(|o| ObligationRecord {
                id: o.id.clone(),
                recipient: o.recipient.clone(),
                authority: match &o.authority {
                    AuthoritySpec::Fixed(id) => Some(id.clone()),
                    _ => None,
                },
                authority_where: match &o.authority {
                    AuthoritySpec::WhereEstablished => Some("establishment".into()),
                    AuthoritySpec::WhereResident => Some("residence".into()),
                    _ => None,
                },
                stage: o.stage,
                content: o.content.to_vec(),
                method: o.method.clone(),
                citation: o.citation.clone(),
                deadline: deadline(&o.deadline),
            })
            .collect(),
        defined_in: r.origin.as_ref().into(),
    }
}

/// The licence of `data/` (its full text is `data/LICENSE`); the code is Apache-2.0.
pub const DATA_LICENCE: &str = "CC0-1.0";

pub fn dataset(data: &Dataset) -> DatasetRecord {
    DatasetRecord {
        licence: DATA_LICENCE.to_string(),
        jurisdictions: data
            .jurisdictions
            .values()
            .map(|j| jurisdiction(data, j))
            .collect(),
        authorities: data.authorities.values().map(authority).collect(),
        regimes: data.regimes.values().map(|r| regime(data, r)).collect(),
        rules: data.rules.iter().map(rule).collect(),
        taxonomy: data
            .taxonomy
            .sections
            .iter()
            .map(|(s, terms)| (s.key().to_string(), terms.clone()))
            .collect(),
    }
}

#[cfg(feature = "native")]
pub mod static_site;
