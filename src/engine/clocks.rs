//! Where a clock is started: what starts each deadline (awareness, a
//! determination, a ransom payment, the real sending of an earlier notice,
//! the end of the year), and so when it falls due. A clock whose start has
//! not happened yet has no due instant, never an invented one: it says what
//! it waits for and when it would fall if that happened `now`.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::Deadline;
use super::deadline;
use super::obligations::Context;
use crate::model::*;

/// A deadline with what the responder still needs to know about its clock.
pub(super) struct Clocked {
    pub deadline: Deadline,
    pub notes: Vec<String>,
    pub questions: Vec<String>,
    /// No instant at all could be computed because a start event's time is
    /// unknown (not merely pending): the obligation is then conditional.
    pub start_unknown: bool,
}

/// Where one clock stands.
enum Start {
    /// It started at this instant.
    At(Timestamp),
    /// It has not started yet; `event` says what it waits for.
    Pending { event: String },
    /// It started, but the incident does not say when.
    TimeUnknown { event: String, question: String },
    /// It started at an unknown instant no later than `bound` (the
    /// incident's occurrence, before awareness): counted from `bound`, the
    /// due instant is the latest it can be, and may be earlier.
    NoLaterThan {
        bound: Timestamp,
        event: String,
        question: String,
    },
}

/// The deadline of `spec` for this rule evaluation, counted in the zone of
/// `zone_code` (the authority's jurisdiction, or the rule's).
pub(super) fn deadline(ctx: &Context<'_>, spec: &ObligationSpec, zone_code: &str) -> Clocked {
    let data = ctx.data;
    let tz = data.time_zone(zone_code);
    let holidays = data.holidays(zone_code);
    let d = &spec.deadline;
    let mut notes = Vec::new();
    let mut questions = Vec::new();
    let due_after = |start: Timestamp, limit: Limit, end_of_day: bool| {
        deadline::due_at(start, limit, end_of_day, &tz, holidays)
    };
    // "If it happened now": never before awareness.
    let now = ctx.now.max(ctx.incident.aware_at);

    let (main_event, main) = start_of(ctx, &d.from, &tz);
    let own_due = match (&main, d.limit) {
        (Start::At(s) | Start::NoLaterThan { bound: s, .. }, Some(limit)) => {
            due_after(*s, limit, d.end_of_day)
        }
        _ => None,
    };
    let own_projected = match (&main, d.limit) {
        (Start::Pending { .. }, Some(limit)) => due_after(now, limit, d.end_of_day),
        _ => None,
    };
    let cap = d.at_latest.as_ref().map(|(from, limit)| {
        let (event, start) = start_of(ctx, from, &tz);
        let due = match &start {
            Start::At(s) | Start::NoLaterThan { bound: s, .. } => due_after(*s, *limit, false),
            _ => None,
        };
        (due, format!("{} after {event}", limit.describe()))
    });
    let cap_due = cap.as_ref().and_then(|(due, _)| *due);
    let due = match (own_due, cap_due) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let projected = own_projected
        .map(|p| cap_due.map_or(p, |c| p.min(c)))
        .filter(|p| due.is_none_or(|due| *p < due));

    let mut waiting_for = None;
    let mut start_unknown = false;
    match main {
        Start::At(_) => {}
        Start::Pending { event } => {
            if d.limit.is_none() {
                notes.push(format!(
                    "the clock starts at {event}; the law sets no outer limit after it"
                ));
            }
            waiting_for = Some(event);
        }
        Start::NoLaterThan {
            event, question, ..
        } => {
            if let Some(limit) = d.limit {
                notes.push(format!(
                    "counted from becoming aware, the latest {event} can have been; due earlier if it was earlier: {} after it",
                    limit.describe()
                ));
            }
            questions.push(question);
        }
        Start::TimeUnknown { event, question } => {
            match (d.limit, cap_due) {
                (Some(limit), Some(_)) => notes.push(format!(
                    "due earlier if {event} was earlier: {} after it",
                    limit.describe()
                )),
                (Some(_), None) => start_unknown = true,
                (None, _) => {}
            }
            questions.push(question);
        }
    }

    let basis = match d.limit {
        None => match &d.from {
            ClockStart::Aware => "no outer limit in the law".to_string(),
            _ => format!("no outer limit in the law; runs from {main_event}"),
        },
        Some(limit) => {
            let eod = if d.end_of_day {
                ", to the end of the last day"
            } else {
                ""
            };
            let latest = cap
                .as_ref()
                .map(|(_, c)| format!(", and at the latest {c}"))
                .unwrap_or_default();
            format!("{} after {main_event}{eod}{latest}", limit.describe())
        }
    };
    let local = |t: Timestamp| t.to_zoned_datetime(tz.clone()).to_string();
    Clocked {
        deadline: Deadline {
            due,
            due_local: due.map(local),
            due_in_zone: None,
            time_zone: tz.iana_name().unwrap_or("UTC").to_string(),
            text: d.text.clone(),
            business_days: matches!(d.limit, Some(Limit::BusinessDays(_))),
            basis,
            waiting_for,
            projected,
            projected_local: projected.map(local),
        },
        notes,
        questions,
        start_unknown,
    }
}

/// What a clock start is, in words, and where it stands for this incident.
fn start_of(ctx: &Context<'_>, from: &ClockStart, tz: &TimeZone) -> (String, Start) {
    let incident = ctx.incident;
    match from {
        ClockStart::Aware => ("becoming aware".into(), Start::At(incident.aware_at)),
        ClockStart::YearEnd => {
            let event = "the end of the calendar year".to_string();
            match deadline::end_of_year(incident.aware_at, tz) {
                Some(t) => (event, Start::At(t)),
                None => (event.clone(), Start::Pending { event }),
            }
        }
        ClockStart::Occurred => {
            let event = "the incident itself".to_string();
            match incident.occurred_at {
                Some(t) => (event, Start::At(t)),
                None => (
                    event.clone(),
                    Start::NoLaterThan {
                        bound: incident.aware_at,
                        event,
                        question: "When did the incident itself occur? Give `occurred_at`; this deadline runs from it, not from awareness.".into(),
                    },
                ),
            }
        }
        ClockStart::RansomPaid => {
            let event = "the ransom payment".to_string();
            match incident.ransom_paid_at {
                Some(t) => (event, Start::At(t)),
                None => (
                    event.clone(),
                    Start::TimeUnknown {
                        event,
                        question: "When was the ransom paid? Give `ransom_paid_at`; the deadline runs from the payment.".into(),
                    },
                ),
            }
        }
        ClockStart::Determined(name) => {
            let event = ctx.data.taxonomy.determination_event(name);
            match incident.determination(name) {
                Some(d) if d.holds => match d.at {
                    Some(t) => (event, Start::At(t)),
                    None => (
                        event.clone(),
                        Start::TimeUnknown {
                            question: format!(
                                "When was {event} made? Record it as `{name} = \"<instant>\"` under [determinations] (or give `determined_at`); the deadline runs from it."
                            ),
                            event,
                        },
                    ),
                },
                // Not made (or made "no", which the rule's conditions turn
                // into not-applicable): the clock waits.
                _ => (event.clone(), Start::Pending { event }),
            }
        }
        ClockStart::Obligation { rule, id } => {
            let rule_id = rule.as_deref().unwrap_or(&ctx.rule.id);
            let spec = if rule.is_none() {
                ctx.rule.obligations.iter().find(|o| &o.id == id)
            } else {
                ctx.data
                    .rules
                    .iter()
                    .find(|r| r.id == rule_id)
                    .and_then(|r| r.obligations.iter().find(|o| &o.id == id))
            };
            let event = spec
                .map(|o| {
                    format!(
                        "the sending of the {} notice to the {}",
                        o.stage.label(),
                        o.recipient
                    )
                })
                .unwrap_or_else(|| format!("the sending of `{id}`"));
            let event = match rule {
                Some(r) => format!("{event} (rule {r})"),
                None => event,
            };
            match incident.sent_at(rule_id, id, ctx.place) {
                Some(t) => (event, Start::At(t)),
                None => (event.clone(), Start::Pending { event }),
            }
        }
    }
}
