//! The obligation engine: an [`Incident`] in, an [`Assessment`] out. Pure:
//! no I/O and no clock; everything it needs comes in as arguments.
//!
//! Every condition is evaluated three-valued (true, false, unknown). A rule
//! whose conditions are all true applies; one with a false condition goes to
//! `not_applicable` with the reason; one with unknown conditions (and none
//! false) yields *conditional* obligations with the questions that settle
//! them, so an unknown fact never silently drops or adds an obligation.

//!
//! One module per concept, so a newcomer finds in one hop where a thing is
//! decided: [`conditions`] (is each condition true, false or unknown),
//! [`obligations`] (a rule's evaluation into obligations), [`clocks`] (what
//! starts a deadline and when it falls), [`deadline`] (calendar arithmetic)
//! and [`authorities`] (who receives the notice).

mod authorities;
mod clocks;
mod conditions;
pub mod deadline;
mod obligations;

use std::collections::BTreeSet;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::Serialize;

use crate::incident::Incident;
use crate::model::*;

/// The answer: every obligation, and every rule that does not apply and why.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Assessment {
    #[schemars(with = "String")]
    pub aware_at: Timestamp,
    /// The instant the answer was computed for: time left and projected
    /// dates ("if determined now") are relative to it.
    #[schemars(with = "String")]
    pub now: Timestamp,
    /// Sorted by due instant (or projected instant, where the clock has not
    /// started); obligations without an outer limit come last.
    pub obligations: Vec<Obligation>,
    /// The rules of the jurisdictions the incident reaches that do not
    /// apply, each with why not.
    pub not_applicable: Vec<NotApplicable>,
    /// How many rules of jurisdictions the incident does not reach were left
    /// out (no establishment, residents, targeting or processing there).
    pub out_of_reach: usize,
    /// Places the incident reaches that were reviewed and found to have no
    /// general breach-notification duty (or only a voluntary one): an
    /// answer, not a gap in the data.
    pub reviewed_no_duty: Vec<ReviewedNoDuty>,
    /// What the assessment could not cover (jurisdictions without data).
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ReviewedNoDuty {
    pub jurisdiction: String,
    pub name: String,
    pub breach_duty: BreachDuty,
    /// The finding in words.
    pub finding: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Obligation {
    pub jurisdiction: String,
    pub regime: String,
    pub regime_title: String,
    pub rule: String,
    pub rule_title: String,
    /// The obligation's id within its rule: what `[[sent]]` refers to.
    pub obligation: String,
    /// With per-residence rules: the place whose people this notice covers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    pub party: PartyRef,
    pub recipient: Recipient,
    pub stage: Stage,
    pub deadline: Deadline,
    pub status: Status,
    /// Conditional on the organisation's sector or type (a bank, a telecom
    /// operator, an essential entity…), which the incident does not give
    /// (there may be other open questions too): a view can fold these
    /// under "if you are a …" so they do not bury what applies to anyone.
    pub depends_on_organisation_type: bool,
    /// When the incident records this notice as sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub sent_at: Option<Timestamp>,
    /// What is still open: for conditional obligations, what settles whether
    /// they apply; for any, what settles the recipient or the clock.
    pub questions: Vec<String>,
    /// The conditions that matched, in words (shared by the obligations of
    /// one rule and place).
    pub because: std::sync::Arc<[String]>,
    /// Other things a responder must know (e.g. an authority not resolved).
    pub notes: Vec<String>,
    pub content: std::sync::Arc<[String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    pub citation: String,
    pub source: String,
    pub review: std::sync::Arc<Review>,
    /// Where the rule is defined, so a reader can check or correct it.
    pub origin: std::sync::Arc<Origin>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PartyRef {
    pub role: String,
    pub index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Recipient {
    pub kind: String,
    pub authority: Option<AuthorityRef>,
    /// Where the authority depends on a fact the incident lacks: the
    /// authorities it can be, and how the law chooses among them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<AuthorityRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub choose: Option<String>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct AuthorityRef {
    pub id: String,
    pub name: String,
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub portal: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Deadline {
    /// The latest instant the law allows, or `None` where it sets no outer limit.
    #[schemars(with = "Option<String>")]
    pub due: Option<Timestamp>,
    /// `due` in `time_zone`, RFC 9557.
    pub due_local: Option<String>,
    /// `due` in the responder's zone, when the output was asked for one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_in_zone: Option<String>,
    /// The zone the days were counted in (the authority's or the law's).
    pub time_zone: String,
    /// The law's wording, in short.
    pub text: String,
    pub business_days: bool,
    /// What the outer limit is and when its clock started, in words.
    pub basis: String,
    /// The event the clock is still waiting for (a determination, a
    /// payment, the sending of an earlier notice), if it has not started.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waiting_for: Option<String>,
    /// Where the clock has not started: when the deadline would fall if
    /// that event happened at `now`. Never a real due instant.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub projected: Option<Timestamp>,
    /// `projected` in `time_zone`, RFC 9557.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub projected_local: Option<String>,
}

impl Deadline {
    /// The instant to sort and warn by: the real due instant, or the
    /// projected one where that is earlier or the only one.
    pub fn effective(&self) -> Option<Timestamp> {
        match (self.due, self.projected) {
            (Some(d), Some(p)) => Some(d.min(p)),
            (d, p) => d.or(p),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Applies,
    Conditional,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct NotApplicable {
    pub jurisdiction: String,
    pub regime: String,
    pub regime_title: String,
    pub rule: String,
    pub rule_title: String,
    pub reasons: Vec<String>,
}

/// Assesses an incident against the dataset, as of `now` (the engine has no
/// clock: the caller passes the current time, or any instant to replay).
///
/// Only the rules of the jurisdictions the incident reaches are evaluated:
/// the places it names (establishment, residence of affected people,
/// targeting, processing, representative), their parents and the unions
/// they belong to.
pub fn assess(data: &Dataset, incident: &Incident, now: Timestamp) -> Assessment {
    let reached = reached(data, incident);
    assess_rules(data, incident, now, &reached, &reached)
}

/// `assess` without the reach index: every rule of the dataset is
/// evaluated. Only for tests that check the index never drops an
/// obligation.
#[doc(hidden)]
pub fn assess_every_rule(data: &Dataset, incident: &Incident, now: Timestamp) -> Assessment {
    let everywhere: BTreeSet<String> = data.rules_by_jurisdiction.keys().cloned().collect();
    assess_rules(data, incident, now, &everywhere, &reached(data, incident))
}

/// Evaluates the rules of the jurisdictions in `evaluated`; `reached` are
/// the places the incident reaches (for the "reviewed: no duty" records).
fn assess_rules(
    data: &Dataset,
    incident: &Incident,
    now: Timestamp,
    evaluated: &BTreeSet<String>,
    reached: &BTreeSet<String>,
) -> Assessment {
    let mut obligations = Vec::new();
    let mut not_applicable = Vec::new();
    let mut visited = 0;
    for code in evaluated {
        let residents = obligations::residents_within(data, incident, code);
        for rule in data.rules_in(code) {
            visited += 1;
            let regime = &data.regimes[&rule.regime];
            let (mut found, reasons) =
                obligations::assess_rule(data, incident, regime, rule, &residents, now);
            if found.is_empty() {
                not_applicable.push(NotApplicable {
                    jurisdiction: rule.jurisdiction.clone(),
                    regime: regime.id.clone(),
                    regime_title: regime.title.clone(),
                    rule: rule.id.clone(),
                    rule_title: rule.title.clone(),
                    reasons,
                });
            }
            obligations.append(&mut found);
        }
    }
    obligations.sort_by(|a, b| {
        let due = |o: &Obligation| {
            let at = o.deadline.effective();
            (at.is_none(), at)
        };
        (
            due(a),
            &a.jurisdiction,
            &a.regime,
            a.stage,
            &a.recipient.kind,
            &a.place,
        )
            .cmp(&(
                due(b),
                &b.jurisdiction,
                &b.regime,
                b.stage,
                &b.recipient.kind,
                &b.place,
            ))
    });
    let reviewed_no_duty = reached
        .iter()
        .filter_map(|code| data.jurisdictions.get(code))
        .filter_map(|j| {
            j.breach_duty.map(|duty| ReviewedNoDuty {
                jurisdiction: j.code.clone(),
                name: j.name.clone(),
                breach_duty: duty,
                finding: format!(
                    "{} ({}): {}{}",
                    j.name,
                    j.code,
                    duty.label(),
                    j.review
                        .as_ref()
                        .map(|r| format!(", reviewed {}", r.last_reviewed))
                        .unwrap_or_default()
                ),
                review: j.review.clone(),
            })
        })
        .collect();
    Assessment {
        aware_at: incident.aware_at,
        now,
        obligations,
        not_applicable,
        out_of_reach: data.rules.len() - visited,
        reviewed_no_duty,
        warnings: warnings(data, incident),
    }
}

/// The jurisdictions whose law the incident reaches, in code order.
fn reached(data: &Dataset, incident: &Incident) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for code in incident.named_codes() {
        if out.contains(code) {
            continue;
        }
        out.extend(data.reach(code));
    }
    out
}

fn warnings(data: &Dataset, incident: &Incident) -> Vec<String> {
    let mut out: Vec<String> = incident
        .uncovered
        .iter()
        .map(|code| {
            let reached: Vec<String> = data
                .reach(code)
                .into_iter()
                .filter(|c| data.jurisdictions.contains_key(c))
                .collect();
            if reached.is_empty() {
                format!("obligo has no data for {code}: no law of {code} was assessed")
            } else {
                format!(
                    "obligo has no data for {code}: its own law was not assessed, only that of {}",
                    reached.join(", ")
                )
            }
        })
        .collect();
    // A country or territory on file whose own law nobody has reviewed yet
    // (no regime, no "no duty found" record) is a gap, not an answer.
    let mut unreviewed: Vec<&str> = incident
        .named_codes()
        .filter_map(|code| {
            let country = code.split('-').next().unwrap_or(code);
            [code, country]
                .into_iter()
                .find_map(|c| data.jurisdictions.get(c))
        })
        .filter(|j| {
            matches!(
                j.kind,
                JurisdictionKind::Country | JurisdictionKind::Territory
            )
        })
        .filter(|j| j.breach_duty.is_none())
        .filter(|j| !data.regimes.values().any(|r| r.jurisdiction == j.code))
        .map(|j| j.code.as_str())
        .collect();
    unreviewed.sort();
    unreviewed.dedup();
    for code in unreviewed {
        out.push(format!(
            "obligo has not reviewed the law of {code} yet (its authorities are on file, no law is): its own law was not assessed"
        ));
    }
    for p in &incident.parties {
        if p.role != "affected-people" && p.established_in.is_none() {
            out.push(format!(
                "where the {} is established is not known: laws that apply by establishment were assessed only for the places the incident names; give `established_in`",
                p.role
            ));
        }
    }
    if incident.determined_at_unused {
        out.push("`determined_at` only dates determinations recorded as `true`; none is, so it started no clock: record each determination under [determinations] (with its own instant, or `true`)".into());
    }
    if incident.parties.iter().all(|p| p.role != "affected-people") {
        out.push("the incident lists no affected people: laws that apply by residence were not assessed; add an `affected-people` party per place".into());
    }
    out
}

/// The responder's view of a due instant in a given zone.
pub fn in_zone(due: Timestamp, tz: &TimeZone) -> String {
    due.to_zoned_datetime(tz.clone())
        .strftime("%Y-%m-%d %H:%M %Z")
        .to_string()
}

/// The zone of a name from the data (validated at load), UTC if unknown.
pub fn zone_or_utc(name: &str) -> TimeZone {
    TimeZone::get(name).unwrap_or(TimeZone::UTC)
}
