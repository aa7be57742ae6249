//! A rule's evaluation: for each acting party (and, per residence, each
//! place where affected people live), its conditions decide whether the
//! rule applies, and each of its obligation specs becomes an [`Obligation`]
//! with recipient, deadline and reasons.

use jiff::Timestamp;

use super::conditions::{self, Finding, Scope, Truth, Words};
use super::{AuthorityRef, Obligation};
use super::{PartyRef, Recipient, Status, authorities, clocks};
use crate::incident::{Incident, Party};
use crate::model::*;

/// Evaluates one rule. Returns the obligations, or the reasons it does not
/// apply.
/// The incident's affected people who live within `code`: the same for
/// every rule of that jurisdiction, so it is found once per jurisdiction.
pub(super) fn residents_within<'a>(
    data: &Dataset,
    incident: &'a Incident,
    code: &str,
) -> Vec<&'a Party> {
    incident
        .parties
        .iter()
        .filter(|p| p.role == "affected-people")
        .filter(|p| {
            p.jurisdiction
                .as_deref()
                .is_some_and(|j| data.is_within(j, code))
        })
        .collect()
}

/// `residents` are [`residents_within`] the rule's jurisdiction.
pub(super) fn assess_rule(
    data: &Dataset,
    incident: &Incident,
    regime: &Regime,
    rule: &Rule,
    residents: &[&Party],
    now: Timestamp,
) -> (Vec<Obligation>, Vec<String>) {
    let law_zone = data.time_zone(&rule.jurisdiction);
    let date = incident.aware_at.to_zoned_datetime(law_zone).date();
    let in_force = match conditions::in_force(regime, rule, date) {
        Ok(t) => t,
        Err(reason) => return (Vec::new(), vec![reason]),
    };
    let when = &rule.when;
    let actors: Vec<(usize, &Party)> = incident
        .parties
        .iter()
        .enumerate()
        .filter(|(_, p)| p.role == when.actor)
        .collect();
    if actors.is_empty() {
        return (
            Vec::new(),
            vec![format!("no {} among the incident's parties", when.actor)],
        );
    }
    // With per_residence, one assessment per place one level below the rule's
    // jurisdiction (each member state for the EU, each state for the US).
    let groups: Vec<Option<String>> = if when.per_residence {
        let mut places: Vec<String> = residents
            .iter()
            .filter_map(|p| p.jurisdiction.as_deref())
            .map(|j| {
                data.child_towards(j, &rule.jurisdiction)
                    .unwrap_or_else(|| j.to_string())
            })
            .collect();
        places.sort();
        places.dedup();
        // A place with no single authority of its own (Germany's Länder)
        // is split into the subdivisions the incident names, so each gets
        // its own notice; people given only at country level stay there.
        let mut refined = Vec::new();
        for place in places {
            let split = data
                .jurisdictions
                .get(&place)
                .is_some_and(|j| !j.competent_choice.is_empty());
            if !split {
                refined.push(place);
                continue;
            }
            for p in residents {
                let sub = p
                    .jurisdiction
                    .as_deref()
                    .and_then(|j| data.child_towards(j, &place));
                refined.push(sub.unwrap_or_else(|| place.clone()));
            }
        }
        refined.sort();
        refined.dedup();
        let places = refined;
        if places.is_empty() {
            return (
                Vec::new(),
                vec![format!("no affected people live in {}", rule.jurisdiction)],
            );
        }
        places.into_iter().map(Some).collect()
    } else {
        vec![None]
    };

    let mut out = Vec::new();
    let mut reasons = Vec::new();
    for (index, actor) in &actors {
        for group in &groups {
            // Each resident counts in the most specific group containing it
            // (people in DE-BY in the DE-BY group, not also in DE's).
            let group_residents: Vec<&Party> = match group {
                Some(place) => residents
                    .iter()
                    .copied()
                    .filter(|p| {
                        p.jurisdiction.as_deref().is_some_and(|j| {
                            data.is_within(j, place)
                                && !groups.iter().flatten().any(|g| {
                                    g != place && data.is_within(j, g) && data.is_within(g, place)
                                })
                        })
                    })
                    .collect(),
                None => residents.to_vec(),
            };
            let scope = Scope {
                place: group.as_deref().unwrap_or(&rule.jurisdiction),
                residents: &group_residents,
            };
            let evaluate = |w: Words| {
                let mut findings = vec![conditions::nexus_finding(
                    w, data, regime, rule, actor, &scope,
                )];
                if let Some(wanted) = when.established {
                    findings.push(conditions::established_finding(
                        w,
                        data,
                        &rule.jurisdiction,
                        actor,
                        wanted,
                    ));
                }
                for area in &when.not_established_in {
                    findings.push(conditions::established_finding(w, data, area, actor, false));
                }
                findings.extend(conditions::criteria_findings(
                    w,
                    data,
                    incident,
                    actor,
                    &when.criteria,
                    &scope,
                ));
                findings
            };
            // Truth first, then only the words this outcome shows.
            let outcome = conditions::all(&evaluate(Words::NONE));
            let findings = evaluate(Words::for_outcome(outcome));
            debug_assert_eq!(conditions::all(&findings), outcome);
            match outcome {
                Truth::False => {
                    for f in findings.iter().filter(|f| f.truth == Truth::False) {
                        let text = match group {
                            Some(place) => format!("{place}: {}", f.text),
                            None => f.text.clone(),
                        };
                        if !reasons.contains(&text) {
                            reasons.push(text);
                        }
                    }
                }
                truth => {
                    let ctx = Context {
                        data,
                        incident,
                        regime,
                        rule,
                        actor_index: *index,
                        actor,
                        place: group.as_deref(),
                        residents: &group_residents,
                        in_force: &in_force,
                        now,
                    };
                    out.extend(obligations_for(&ctx, &findings, truth == Truth::Unknown));
                }
            }
        }
    }
    (out, reasons)
}

/// Everything an obligation needs from its rule's evaluation.
pub(super) struct Context<'a> {
    pub data: &'a Dataset,
    pub incident: &'a Incident,
    pub regime: &'a Regime,
    pub rule: &'a Rule,
    pub actor_index: usize,
    pub actor: &'a Party,
    /// With per_residence: where the affected people of this assessment live.
    pub place: Option<&'a str>,
    /// The affected people of this assessment (of `place`, or of the rule's
    /// jurisdiction).
    pub residents: &'a [&'a Party],
    pub in_force: &'a conditions::InForce<'a>,
    pub now: Timestamp,
}

fn obligations_for(ctx: &Context<'_>, findings: &[Finding], conditional: bool) -> Vec<Obligation> {
    let Context { regime, rule, .. } = *ctx;
    let mut because: Vec<String> = Vec::new();
    for f in findings.iter().filter(|f| f.truth == Truth::True) {
        if !because.contains(&f.text) {
            because.push(f.text.clone());
        }
    }
    because.push(ctx.in_force.text());
    let because: std::sync::Arc<[String]> = because.into();
    let type_unknown = conditional
        && findings
            .iter()
            .any(|f| f.truth == Truth::Unknown && f.about_organisation_type);
    let mut questions: Vec<String> = Vec::new();
    for q in findings.iter().filter_map(|f| f.question.clone()) {
        if !questions.contains(&q) {
            questions.push(q);
        }
    }
    let mut out = Vec::new();
    for spec in &rule.obligations {
        let mut notes = Vec::new();
        let mut obligation_questions = questions.clone();
        let resolved = authorities::resolve(ctx, spec);
        notes.extend(resolved.notes);
        obligation_questions.extend(resolved.questions);
        let authority = resolved.authority;
        let zone_code = authority
            .map(|a| a.jurisdiction.as_str())
            .unwrap_or(&rule.jurisdiction);
        let clock = clocks::deadline(ctx, spec, zone_code);
        notes.extend(clock.notes);
        obligation_questions.extend(clock.questions);
        let status = if conditional || clock.start_unknown {
            Status::Conditional
        } else {
            Status::Applies
        };
        out.push(Obligation {
            jurisdiction: rule.jurisdiction.clone(),
            regime: regime.id.clone(),
            regime_title: regime.title.clone(),
            rule: rule.id.clone(),
            rule_title: rule.title.clone(),
            obligation: spec.id.clone(),
            place: ctx.place.map(str::to_string),
            party: PartyRef {
                role: ctx.actor.role.clone(),
                index: ctx.actor_index,
                name: ctx.actor.name.clone(),
            },
            recipient: Recipient {
                kind: spec.recipient.clone(),
                authority: authority.map(authority_ref),
                candidates: resolved.candidates.into_iter().map(authority_ref).collect(),
                choose: resolved.choose,
            },
            stage: spec.stage,
            deadline: clock.deadline,
            depends_on_organisation_type: type_unknown,
            status,
            sent_at: ctx.incident.sent_at(&rule.id, &spec.id, ctx.place),
            questions: obligation_questions,
            because: because.clone(),
            notes,
            content: spec.content.clone(),
            method: spec.method.clone(),
            citation: format!(
                "{}, {}",
                regime.citation,
                spec.citation.as_deref().unwrap_or(&rule.citation)
            ),
            source: rule.source.clone(),
            review: rule.review.clone(),
            origin: rule.origin.clone(),
        });
    }
    out
}

fn authority_ref(a: &Authority) -> AuthorityRef {
    AuthorityRef {
        id: a.id.clone(),
        name: a.name.clone(),
        url: a.website.clone(),
        portal: a.portal.clone(),
        contact: a.contact.clone(),
    }
}
