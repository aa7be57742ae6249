//! What a responder reads first, shared by the answer page and the
//! Markdown export so both say the same: time left on every deadline, the
//! next deadlines, a checklist with each recipient once, and the open
//! questions ranked by how many obligations each settles.

use std::collections::BTreeMap;

use jiff::{SignedDuration, Timestamp};

use crate::engine::{Assessment, Obligation, Status};
use crate::model::{Dataset, Section};

/// How close a deadline is, for markers that never rely on colour alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Urgency {
    Overdue,
    Within24Hours,
    Later,
}

impl Urgency {
    /// A text marker with an icon, so colour is never the only signal.
    pub fn marker(self) -> &'static str {
        match self {
            Urgency::Overdue => "⚠ OVERDUE",
            Urgency::Within24Hours => "⏰ due within 24 h",
            Urgency::Later => "",
        }
    }

    pub fn class(self) -> &'static str {
        match self {
            Urgency::Overdue => "overdue",
            Urgency::Within24Hours => "soon",
            Urgency::Later => "later",
        }
    }
}

/// "in 5 h 20 min", "in 3 days", "2 h 5 min ago", from `now` to `due`.
pub fn time_left(due: Timestamp, now: Timestamp) -> (String, Urgency) {
    let left = due.duration_since(now);
    let urgency = if left < SignedDuration::ZERO {
        Urgency::Overdue
    } else if left <= SignedDuration::from_hours(24) {
        Urgency::Within24Hours
    } else {
        Urgency::Later
    };
    let span = words(left.abs());
    let text = if urgency == Urgency::Overdue {
        format!("{span} ago")
    } else {
        format!("in {span}")
    };
    (text, urgency)
}

fn words(d: SignedDuration) -> String {
    let minutes = d.as_secs() / 60;
    let (days, hours, mins) = (minutes / 1440, (minutes % 1440) / 60, minutes % 60);
    match (days, hours) {
        (0, 0) => format!("{mins} min"),
        (0, h) => format!("{h} h {mins} min"),
        (d, h) if d < 3 => format!("{d} day{} {h} h", if d == 1 { "" } else { "s" }),
        (d, _) => format!("{d} days"),
    }
}

/// An obligation's deadline that a responder still has to meet.
pub fn open_deadline(o: &Obligation) -> Option<Timestamp> {
    if o.sent_at.is_some() {
        return None;
    }
    o.deadline.due
}

/// The obligations not yet sent with a due instant: what binds any
/// organisation first (certain before conditional), then what binds only
/// some kinds of organisation, each soonest first.
pub fn next_deadlines(a: &Assessment) -> Vec<&Obligation> {
    let mut next: Vec<&Obligation> = a
        .obligations
        .iter()
        .filter(|o| open_deadline(o).is_some())
        .collect();
    next.sort_by_key(|o| {
        (
            o.depends_on_organisation_type,
            o.status == Status::Conditional,
            open_deadline(o),
        )
    });
    next
}

/// Who an obligation goes to, in words that tell two cards apart:
/// "data protection authority: CNIL", "individuals in US-CA".
pub fn recipient_label(data: &Dataset, o: &Obligation) -> String {
    let kind = human_kind(data, &o.recipient.kind);
    match &o.recipient.authority {
        Some(a) => format!("{kind}: {}", a.name),
        None => {
            let place = o.place.as_deref().unwrap_or(&o.jurisdiction);
            let name = data
                .jurisdictions
                .get(place)
                .map(|j| j.name.as_str())
                .unwrap_or(place);
            format!("{kind} in {name}")
        }
    }
}

/// A recipient kind as a reader says it ("data protection authority").
pub fn human_kind(_data: &Dataset, kind: &str) -> String {
    match kind {
        "csirt" => "CSIRT (incident response team)".to_string(),
        other => other.replace('-', " "),
    }
}

/// One recipient with everything due to it.
pub struct ChecklistItem<'a> {
    pub recipient: String,
    pub obligations: Vec<&'a Obligation>,
}

/// Each recipient once, in the order of its first deadline.
pub fn checklist<'a>(data: &Dataset, a: &'a Assessment) -> Vec<ChecklistItem<'a>> {
    let mut out: Vec<ChecklistItem<'a>> = Vec::new();
    for o in a
        .obligations
        .iter()
        .filter(|o| !o.depends_on_organisation_type)
    {
        let label = recipient_label(data, o);
        match out.iter_mut().find(|i| i.recipient == label) {
            Some(item) => item.obligations.push(o),
            None => out.push(ChecklistItem {
                recipient: label,
                obligations: vec![o],
            }),
        }
    }
    out
}

/// An open question, with what answering it would settle.
pub struct OpenQuestion {
    pub question: String,
    /// How many obligations ask it.
    pub obligations: usize,
    pub jurisdictions: Vec<String>,
    /// The permalink parameter that answers it yes / no, where the question
    /// is a taxonomy fact or determination (`fact.high_risk`).
    pub parameter: Option<String>,
}

/// The questions of all obligations, most obligations first.
pub fn open_questions(data: &Dataset, a: &Assessment) -> Vec<OpenQuestion> {
    let mut by_text: BTreeMap<&str, (usize, Vec<String>)> = BTreeMap::new();
    for o in &a.obligations {
        for q in &o.questions {
            let entry = by_text.entry(q.as_str()).or_default();
            entry.0 += 1;
            if !entry.1.contains(&o.jurisdiction) {
                entry.1.push(o.jurisdiction.clone());
            }
        }
    }
    let tax = &data.taxonomy;
    let parameter = |q: &str| -> Option<String> {
        for name in tax.terms(Section::Facts).keys() {
            if tax.question(name) == q {
                return Some(format!("fact.{name}"));
            }
        }
        for name in tax.terms(Section::Determinations).keys() {
            if q.starts_with(&tax.determination_question(name)) {
                return Some(format!("det.{name}"));
            }
        }
        None
    };
    let mut out: Vec<OpenQuestion> = by_text
        .into_iter()
        .map(|(q, (n, mut places))| {
            places.sort();
            OpenQuestion {
                question: q.to_string(),
                obligations: n,
                jurisdictions: places,
                parameter: parameter(q),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.obligations
            .cmp(&a.obligations)
            .then(a.question.cmp(&b.question))
    });
    out
}
