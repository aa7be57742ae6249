//! An assessment as text: a terminal table, Markdown for the incident
//! ticket, JSON for tools, iCalendar for everyone's calendar.

use std::fmt::Write;

use ics::properties::{Description, DtEnd, DtStart, Name, Summary, Trigger, URL};
use ics::{Alarm, Event, ICalendar, escape_text};
use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::engine::{Assessment, Obligation, Status, in_zone};

/// The disclaimer carried by every output.
pub const NOT_LEGAL_ADVICE: &str = "obligo is not legal advice: it summarises notification rules to help you find and read them. Check every obligation against its source with counsel.";

/// A Traffic Light Protocol 2.0 marking: how far the answer may be shared.
/// It travels with every export so a pasted timeline keeps its marking.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
pub enum Tlp {
    #[serde(rename = "CLEAR")]
    Clear,
    #[serde(rename = "GREEN")]
    Green,
    #[serde(rename = "AMBER")]
    Amber,
    #[serde(rename = "AMBER+STRICT")]
    AmberStrict,
    #[serde(rename = "RED")]
    Red,
}

impl Tlp {
    pub const ALL: [Tlp; 5] = [
        Tlp::Clear,
        Tlp::Green,
        Tlp::Amber,
        Tlp::AmberStrict,
        Tlp::Red,
    ];

    /// The marking as TLP 2.0 writes it: `TLP:AMBER+STRICT`.
    pub fn label(self) -> &'static str {
        match self {
            Tlp::Clear => "TLP:CLEAR",
            Tlp::Green => "TLP:GREEN",
            Tlp::Amber => "TLP:AMBER",
            Tlp::AmberStrict => "TLP:AMBER+STRICT",
            Tlp::Red => "TLP:RED",
        }
    }

    /// Accepts `AMBER`, `amber`, `TLP:AMBER`, `amber+strict`.
    pub fn parse(s: &str) -> Option<Tlp> {
        let s = s.trim().to_ascii_uppercase();
        let s = s.strip_prefix("TLP:").unwrap_or(&s);
        Tlp::ALL
            .into_iter()
            .find(|t| t.label().strip_prefix("TLP:") == Some(s))
    }
}

/// The JSON document: the assessment, its marking and the disclaimer.
#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema)]
pub struct AssessmentDocument {
    #[serde(flatten)]
    pub assessment: Assessment,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tlp: Option<Tlp>,
    pub disclaimer: String,
}

impl AssessmentDocument {
    /// With the responder's zone added to each obligation when one is given.
    pub fn new(assessment: &Assessment, zone: Option<&TimeZone>, tlp: Option<Tlp>) -> Self {
        let mut assessment = assessment.clone();
        if let Some(tz) = zone {
            for o in &mut assessment.obligations {
                o.deadline.due_in_zone = o
                    .deadline
                    .due
                    .map(|d| d.to_zoned_datetime(tz.clone()).to_string());
            }
        }
        AssessmentDocument {
            assessment,
            tlp,
            disclaimer: NOT_LEGAL_ADVICE.to_string(),
        }
    }
}

/// JSON: the assessment contract (see README).
pub fn json(assessment: &Assessment, zone: Option<&TimeZone>, tlp: Option<Tlp>) -> String {
    let mut s = serde_json::to_string_pretty(&AssessmentDocument::new(assessment, zone, tlp))
        .expect("assessment serialises");
    s.push('\n');
    s
}

fn recipient(o: &Obligation) -> String {
    match &o.recipient.authority {
        Some(a) => format!("{}: {}", o.recipient.kind, a.name),
        None if !o.recipient.candidates.is_empty() => format!(
            "{}: one of {}",
            o.recipient.kind,
            o.recipient
                .candidates
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None => o.recipient.kind.clone(),
    }
}

/// The due instant for a one-line timeline: the date, or the projected
/// date marked as such, or "no outer limit".
fn due_short(o: &Obligation, tz: &TimeZone) -> String {
    let d = &o.deadline;
    let text = match (d.due, d.projected) {
        (Some(due), _) => in_zone(due, tz),
        (None, Some(p)) => format!("({} if started now)", in_zone(p, tz)),
        (None, None) => "no outer limit".into(),
    };
    match o.sent_at {
        Some(_) => format!("{text} SENT"),
        None => text,
    }
}

/// The due instant in words, the same in every text format: a real
/// deadline, a projected one (clearly marked, never passed off as due), or
/// why there is none; and whether the notice was already sent.
pub fn due_text(o: &Obligation, tz: &TimeZone) -> String {
    let d = &o.deadline;
    let mut text = match (d.due, d.projected, &d.waiting_for) {
        (Some(due), Some(p), _) => format!(
            "{} (earlier if {}: {} if now)",
            in_zone(due, tz),
            d.waiting_for.as_deref().unwrap_or("its clock starts"),
            in_zone(p, tz)
        ),
        (Some(due), None, _) => in_zone(due, tz),
        (None, Some(p), Some(event)) => {
            format!(
                "not started: waits for {event}; if now: {} (projected)",
                in_zone(p, tz)
            )
        }
        (None, Some(p), None) => format!("projected: {}", in_zone(p, tz)),
        (None, None, Some(event)) => format!("after {event}, no outer limit"),
        (None, None, None) => "no outer limit".into(),
    };
    if let Some(sent) = o.sent_at {
        text.push_str(&format!(" — SENT {}", in_zone(sent, tz)));
    }
    text
}

fn status_text(o: &Obligation) -> &'static str {
    match o.status {
        Status::Applies => "applies",
        Status::Conditional => "CONDITIONAL",
    }
}

fn zone_name(tz: &TimeZone) -> String {
    tz.iana_name().map(str::to_string).unwrap_or_else(|| {
        let offset = tz.to_offset(Timestamp::UNIX_EPOCH);
        format!("UTC{offset}")
    })
}

/// The terminal view: a timeline, then each obligation in detail.
pub fn table(a: &Assessment, tz: &TimeZone, tlp: Option<Tlp>) -> String {
    let mut out = String::new();
    if let Some(t) = tlp {
        let _ = writeln!(out, "{}\n", t.label());
    }
    let _ = writeln!(
        out,
        "obligo: {} obligation(s) for an incident the organisation became aware of at {} (times in {})\n",
        a.obligations.len(),
        in_zone(a.aware_at, tz),
        zone_name(tz)
    );
    let rows: Vec<[String; 6]> = a
        .obligations
        .iter()
        .enumerate()
        .map(|(i, o)| {
            [
                format!("{}", i + 1),
                due_short(o, tz),
                status_text(o).to_string(),
                o.jurisdiction.clone(),
                o.stage.label().to_string(),
                recipient(o),
            ]
        })
        .collect();
    let header = ["#", "DUE", "STATUS", "WHERE", "STAGE", "RECIPIENT"].map(String::from);
    let mut widths = header.clone().map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    for row in std::iter::once(&header).chain(&rows) {
        let line: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        let _ = writeln!(out, "{}", line.join("  ").trim_end());
    }
    for (i, o) in a.obligations.iter().enumerate() {
        let _ = writeln!(out, "\n{}. {} — {}", i + 1, o.regime_title, o.rule_title);
        let _ = writeln!(
            out,
            "   {} must notify {} ({} report)",
            o.party.role,
            recipient(o),
            o.stage.label()
        );
        let _ = writeln!(
            out,
            "   due:       {} — {}",
            due_text(o, tz),
            o.deadline.text
        );
        if let Some(local) = &o.deadline.due_local {
            let _ = writeln!(out, "   local:     {local} ({})", o.deadline.basis);
        } else {
            let _ = writeln!(out, "   rule:      {}", o.deadline.basis);
        }
        if let Some(auth) = &o.recipient.authority {
            let _ = writeln!(
                out,
                "   contact:   {}",
                auth.portal.as_deref().unwrap_or(&auth.url)
            );
        }
        for c in &o.recipient.candidates {
            let _ = writeln!(
                out,
                "   candidate: {} — {}",
                c.name,
                c.portal.as_deref().unwrap_or(&c.url)
            );
        }
        if let Some(choose) = &o.recipient.choose {
            let _ = writeln!(out, "   choosing:  {choose}");
        }
        let _ = writeln!(out, "   citation:  {}", o.citation);
        let _ = writeln!(out, "   source:    {}", o.source);
        for q in &o.questions {
            let _ = writeln!(out, "   QUESTION:  {q}");
        }
        for b in o.because.iter() {
            let _ = writeln!(out, "   because:   {b}");
        }
        for n in &o.notes {
            let _ = writeln!(out, "   note:      {n}");
        }
        let _ = writeln!(
            out,
            "   data:      {} review, last reviewed {}",
            o.review.status.label(),
            o.review.last_reviewed
        );
    }
    if !a.warnings.is_empty() || !a.reviewed_no_duty.is_empty() {
        let _ = writeln!(out);
        for r in &a.reviewed_no_duty {
            let _ = writeln!(out, "REVIEWED:  {}", r.finding);
        }
        for w in &a.warnings {
            let _ = writeln!(out, "WARNING: {w}");
        }
    }
    let _ = writeln!(
        out,
        "\n{} rule(s) considered do not apply (see --format json or markdown for why); {} rule(s) of places the incident does not reach were not assessed.",
        a.not_applicable.len(),
        a.out_of_reach
    );
    let _ = writeln!(out, "{NOT_LEGAL_ADVICE}");
    out
}

/// Text from the data or the incident as inert Markdown: every character
/// that can start inline markup (links, emphasis, code, HTML, table cells)
/// is escaped, and line breaks cannot open a new block. (Text never starts a
/// line in our output, so block markers such as `#` or `+` are harmless.)
fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A link whose address came from the data: only a valid https URL becomes
/// a link (its address percent-encoded so it cannot close the link early);
/// anything else is shown as escaped text.
fn md_link(text: &str, url: &str) -> String {
    match crate::load::https_url(url) {
        Ok(u) => {
            let href = u.as_str().replace('(', "%28").replace(')', "%29");
            format!("[{}](<{href}>)", md_escape(text))
        }
        Err(_) => format!("{} ({})", md_escape(text), md_escape(url)),
    }
}

/// Markdown for an incident ticket: the timeline, details, what does not apply.
pub fn markdown(a: &Assessment, tz: &TimeZone, tlp: Option<Tlp>) -> String {
    let mut out = String::new();
    if let Some(t) = tlp {
        let _ = writeln!(out, "**{}**\n", t.label());
    }
    let _ = writeln!(out, "# Notification obligations\n");
    let _ = writeln!(
        out,
        "Became aware: **{}**. As of {}. Times in {}.\n\n> {NOT_LEGAL_ADVICE}\n",
        in_zone(a.aware_at, tz),
        in_zone(a.now, tz),
        zone_name(tz)
    );
    for r in &a.reviewed_no_duty {
        let _ = writeln!(out, "> **Reviewed:** {}\n", md_escape(&r.finding));
    }
    for w in &a.warnings {
        let _ = writeln!(out, "> **Warning:** {}\n", md_escape(w));
    }
    // The same summary as the answer page: the next deadlines with the time
    // left, then each recipient once.
    let next = crate::summary::next_deadlines(a);
    if !next.is_empty() {
        let _ = writeln!(out, "## Next deadlines (as of {})\n", in_zone(a.now, tz));
        for o in next.iter().take(5) {
            let due = o.deadline.due.unwrap_or(a.now);
            let (left, urgency) = crate::summary::time_left(due, a.now);
            let _ = writeln!(
                out,
                "- **{left}** {} — {} ({}){}",
                urgency.marker(),
                md_escape(&recipient(o)),
                md_escape(&o.regime_title),
                if o.status == Status::Conditional {
                    ", conditional"
                } else {
                    ""
                }
            );
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "## All obligations\n");
    let _ = writeln!(
        out,
        "| # | Due | Status | Where | Stage | Recipient | Citation |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|---|");
    for (i, o) in a.obligations.iter().enumerate() {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            i + 1,
            md_escape(&due_text(o, tz)),
            status_text(o),
            md_escape(&o.jurisdiction),
            o.stage.label(),
            md_escape(&recipient(o)),
            md_link(&o.citation, &o.source)
        );
    }
    for (i, o) in a.obligations.iter().enumerate() {
        let _ = writeln!(
            out,
            "\n## {}. {} — {}\n",
            i + 1,
            md_escape(&o.regime_title),
            md_escape(&o.rule_title)
        );
        let _ = writeln!(
            out,
            "- **Due:** {} — {}",
            md_escape(&due_text(o, tz)),
            md_escape(&o.deadline.text)
        );
        let _ = writeln!(
            out,
            "- **Who notifies whom:** {} → {}",
            o.party.role,
            md_escape(&recipient(o))
        );
        let _ = writeln!(out, "- **Rule:** {}", md_escape(&o.deadline.basis));
        if let Some(auth) = &o.recipient.authority {
            let address = auth.portal.as_deref().unwrap_or(&auth.url);
            let _ = writeln!(out, "- **Contact:** {}", md_link(address, address));
            if let Some(c) = &auth.contact {
                let _ = writeln!(out, "- **Phone / e-mail:** {}", md_escape(c));
            }
        }
        for c in &o.recipient.candidates {
            let _ = writeln!(
                out,
                "- **Candidate authority:** {}",
                md_link(&c.name, c.portal.as_deref().unwrap_or(&c.url))
            );
        }
        if let Some(choose) = &o.recipient.choose {
            let _ = writeln!(
                out,
                "- **How the authority is chosen:** {}",
                md_escape(choose)
            );
        }
        let _ = writeln!(out, "- **Citation:** {}", md_link(&o.citation, &o.source));
        for q in &o.questions {
            let _ = writeln!(out, "- **Question to settle:** {}", md_escape(q));
        }
        for b in o.because.iter() {
            let _ = writeln!(out, "- Because {}", md_escape(b));
        }
        for n in &o.notes {
            let _ = writeln!(out, "- Note: {}", md_escape(n));
        }
        if !o.content.is_empty() {
            let _ = writeln!(
                out,
                "- **Required content:** {}",
                md_escape(&o.content.join("; "))
            );
        }
        let _ = writeln!(
            out,
            "- Data: {} review, last reviewed {}",
            o.review.status.label(),
            o.review.last_reviewed
        );
    }
    if !a.not_applicable.is_empty() {
        let _ = writeln!(out, "\n## Rules that do not apply\n");
        for n in &a.not_applicable {
            let _ = writeln!(
                out,
                "- **{}** {} — {}: {}",
                md_escape(&n.jurisdiction),
                md_escape(&n.regime_title),
                md_escape(&n.rule_title),
                md_escape(&n.reasons.join("; "))
            );
        }
    }
    out
}

fn ics_time(t: Timestamp) -> String {
    t.strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// iCalendar: one event per obligation with a due instant, so deadlines land
/// in everyone's calendar. Obligations without an outer limit are listed in
/// the calendar's description instead of inventing a date.
/// Each deadline's calendar event reminds its attendees this many hours
/// before: time enough to file a notice that is not yet drafted.
const ALARM_HOURS_BEFORE: i64 = 4;

const CALENDAR_NAME: &str = "obligo: notification deadlines";

fn reminder(o: &Obligation) -> Alarm<'static> {
    Alarm::display(
        Trigger::new(format!("-PT{}S", ALARM_HOURS_BEFORE * 3600)),
        Description::new(escape_text(format!(
            "Due in {ALARM_HOURS_BEFORE} hours: notify {}",
            recipient(o)
        ))),
    )
}

pub fn ics(a: &Assessment, tlp: Option<Tlp>) -> String {
    let mut cal = ICalendar::new("2.0", "-//obligo//notification deadlines//EN");
    cal.push(Name::new(CALENDAR_NAME));
    // The name as the calendar apps that predate RFC 7986 read it.
    cal.push(ics::components::Property::new(
        "X-WR-CALNAME",
        CALENDAR_NAME,
    ));
    let marking = tlp.map(|t| format!("{}\n", t.label())).unwrap_or_default();
    let mut open = Vec::new();
    let mut waiting = Vec::new();
    let mut sent = Vec::new();
    for o in &a.obligations {
        if let Some(at) = o.sent_at {
            sent.push(format!(
                "{} — {} (sent {})",
                o.jurisdiction,
                recipient(o),
                ics_time(at)
            ));
            continue;
        }
        let Some(due) = o.deadline.due else {
            let line = format!(
                "{} — {} ({})",
                o.jurisdiction,
                recipient(o),
                o.deadline.text
            );
            match (&o.deadline.waiting_for, o.deadline.projected) {
                (Some(event), Some(p)) => waiting.push(format!(
                    "{line}: waits for {event}; if now, due {} (projected)",
                    ics_time(p)
                )),
                _ => open.push(line),
            }
            continue;
        };
        let status = if o.status == Status::Conditional {
            " [CONDITIONAL]"
        } else {
            ""
        };
        let mut description = format!(
            "{marking}{}\nDeadline: {}\nCitation: {}\nSource: {}\n",
            o.rule_title, o.deadline.text, o.citation, o.source
        );
        for q in &o.questions {
            let _ = writeln!(description, "Question: {q}");
        }
        for b in o.because.iter() {
            let _ = writeln!(description, "Because: {b}");
        }
        description.push_str(NOT_LEGAL_ADVICE);
        let authority = o
            .recipient
            .authority
            .as_ref()
            .map(|x| x.id.as_str())
            .unwrap_or("none");
        let uid = format!(
            "{}-{}-{}-p{}-{}-{}{}@obligo",
            o.rule,
            o.obligation,
            o.recipient.kind,
            o.party.index,
            authority,
            o.place
                .as_deref()
                .map(|p| format!("{p}-"))
                .unwrap_or_default(),
            a.aware_at.as_second()
        );
        // A fixed stamp and uid keep the file the same for the same incident.
        let mut event = Event::new(uid, ics_time(a.aware_at));
        event.push(Summary::new(escape_text(format!(
            "Deadline{status}: notify {} ({} {}, {})",
            recipient(o),
            o.jurisdiction,
            o.regime,
            o.stage.label()
        ))));
        event.push(Description::new(escape_text(description)));
        event.push(URL::new(o.source.to_string()));
        event.push(DtStart::new(ics_time(due)));
        event.push(DtEnd::new(ics_time(due)));
        event.add_alarm(reminder(o));
        cal.add_event(event);
    }
    let mut description = marking.clone();
    for r in &a.reviewed_no_duty {
        description.push_str(&format!("Reviewed: {}\n", r.finding));
    }
    for (label, list) in [
        ("Also due, without an outer limit", &open),
        (
            "Not started yet (no event until the clock starts)",
            &waiting,
        ),
        ("Already sent", &sent),
    ] {
        if !list.is_empty() {
            description.push_str(&format!("{label}: {}\n", list.join("; ")));
        }
    }
    if !description.is_empty() {
        cal.push(Description::new(escape_text(
            description.trim_end().to_string(),
        )));
    }
    cal.to_string()
}
