//! The answer to an incident, as the page shows it: what is overdue, the
//! next deadlines, a checklist by recipient and the questions that settle
//! the most, then one card per obligation (or per obligation across
//! several places), with the duties that depend only on the organisation's
//! type folded away below.

use jiff::tz::TimeZone;
use maud::{Markup, html};

use super::pages::urlencode;
use super::{Download, Mode, Page, external};
use crate::engine::{Assessment, Obligation, Status, in_zone};
use crate::format::NOT_LEGAL_ADVICE;
use crate::summary;

pub(super) fn answer(page: &Page<'_>, a: &Assessment, zone: &TimeZone, query: &str) -> Markup {
    let zone_name = zone.iana_name().unwrap_or("UTC");
    let applies = a
        .obligations
        .iter()
        .filter(|o| o.status == Status::Applies)
        .count();
    let data = page.site.data;
    // What binds any organisation first, certain before conditional; what
    // binds only some kinds of organisation after, so it buries nothing.
    let next = summary::next_deadlines(a);
    let (overdue, overdue_if_type): (Vec<&&Obligation>, Vec<&&Obligation>) = next
        .iter()
        .filter(|o| o.deadline.due.is_some_and(|d| d < a.now))
        .partition(|o| !o.depends_on_organisation_type);
    let overdue_certain = overdue
        .iter()
        .filter(|o| o.status == Status::Applies)
        .count();
    let checklist = summary::checklist(data, a);
    let (if_type, certain_or_open): (Vec<&Obligation>, Vec<&Obligation>) = a
        .obligations
        .iter()
        .partition(|o| o.depends_on_organisation_type);
    let questions = summary::open_questions(data, a);
    html! {
        h1 { "Notification obligations" }
        p class="lead" {
            (a.obligations.len()) " obligation(s): " (applies) " apply, " (a.obligations.len() - applies) " conditional. "
            "Aware at " strong { (in_zone(a.aware_at, zone)) } "; as of " strong { (in_zone(a.now, zone)) } "; times in " (zone_name) "."
        }
        @let if_type_note = format!("{} deadline(s) that bind only some kinds of organisation (a bank, a telecom operator, a manufacturer…) have passed: see “If the organisation is of a sector or type” below.", overdue_if_type.len());
        @if !overdue.is_empty() {
            div class="overdue-box" role="alert" {
                strong { "⚠ " (overdue.len()) " deadline(s) have passed without a recorded send (" (overdue_certain) " certain, " (overdue.len() - overdue_certain) " conditional):" }
                ul { @for o in &overdue { li { @if o.status == Status::Applies { strong { (summary::recipient_label(data, o)) } } @else { (summary::recipient_label(data, o)) " (if its conditions hold)" } " — " (o.regime_title) ", due " (in_zone(o.deadline.due.unwrap_or(a.now), zone)) ", " (summary::time_left(o.deadline.due.unwrap_or(a.now), a.now).0) } } }
                @if !overdue_if_type.is_empty() { p class="small" { "And " (if_type_note) } }
            }
        } @else if !overdue_if_type.is_empty() {
            p class="note overdue-if-type" { "ⓘ " (if_type_note) }
        }
        @if !next.is_empty() {
            section class="next" {
                h2 { "Next deadlines" }
                ol class="strip" {
                    @for o in next.iter().take(5) {
                        @let due = o.deadline.due.unwrap_or(a.now);
                        @let (left, urgency) = summary::time_left(due, a.now);
                        li class=(urgency.class()) {
                            strong { (left) } " " span class="marker" { (urgency.marker()) } br;
                            (summary::recipient_label(data, o)) br;
                            span class="small" { (in_zone(due, zone)) " · " (o.regime_title) @if o.status == Status::Conditional { " · conditional" } }
                        }
                    }
                }
            }
        }
        @if !checklist.is_empty() {
            details class="checklist" open {
                summary { "Checklist by recipient (" (checklist.len()) ")" }
                ul {
                    @for item in &checklist {
                        li {
                            strong { (item.recipient) }
                            ul {
                                @for o in &item.obligations {
                                    li {
                                        @if o.sent_at.is_some() { "✓ " } @else { "☐ " }
                                        (o.stage.report()) " — " (o.regime_title) ": "
                                        @match (o.deadline.due, o.deadline.projected) {
                                            (Some(d), _) => { (in_zone(d, zone)) " (" (summary::time_left(d, a.now).0) ")" }
                                            (None, Some(p)) => { "not started; " (in_zone(p, zone)) " if started now" }
                                            (None, None) => { "no outer limit" }
                                        }
                                        @if o.status == Status::Conditional { " · conditional" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if !questions.is_empty() {
            details class="questions-panel" open {
                summary { "Questions that settle the most (" (questions.len()) ")" }
                ol {
                    @for q in questions.iter().take(12) {
                        li {
                            (q.question) br;
                            span class="small" { "settles " (q.obligations) " obligation(s) in " (q.jurisdictions.join(", ")) }
                            @if let Some(param) = &q.parameter {
                                " · " a href=(page.assess_link(&format!("{query}&{}=yes", urlencode(param)))) { "answer yes" }
                                " · " a href=(page.assess_link(&format!("{query}&{}=no", urlencode(param)))) { "answer no" }
                            }
                        }
                    }
                }
            }
        }
        p class="downloads" {
            "Download: "
            @for format in Download::ALL {
                @let file = format!("obligations.{}", format.extension());
                @if page.site.mode == Mode::Server {
                    a href=(format!("assess.{}?{query}", format.extension())) download=(file) { (format.label()) }
                } @else {
                    // Made in the browser by the engine when clicked (app.js).
                    a href="#download" data-download=(format.extension()) download=(file) { (format.label()) }
                }
                " · "
            }
            a href=(page.assess_link(query)) { "Permalink" }
            span class="small" { " — the permalink holds the incident in its URL; share it as its TLP marking allows." }
        }
        (answer_map(page, a, zone))
        @for r in &a.reviewed_no_duty {
            p class="reviewed" { strong { "Reviewed: " } (r.finding) @if let Some(note) = r.review.as_ref().and_then(|v| v.note.as_deref()) { br; span class="small" { (note) } } }
        }
        @for w in &a.warnings { p class="warning" { (w) } }
        @if a.obligations.is_empty() {
            p class="gap" { "No obligation found in the dataset for this incident. That is not a finding that none exists: check the rules that do not apply below, and the coverage of the places involved." }
        }
        ol class="timeline answer" {
            @for group in card_groups(&certain_or_open) { (card(page, a, zone, query, &group)) }
        }
        @if !if_type.is_empty() {
            details class="if-type" {
                summary { "If the organisation is of a sector or type not given yet — " (if_type.len()) " more obligation(s)" }
                p class="small" { "These bind only some kinds of organisation (a bank, a telecom operator, an essential or important entity, …). Give the organisation's sectors and types in the form, or tick “none of these”, to settle them." }
                ol class="timeline answer" {
                    @for group in card_groups(&if_type) { (card(page, a, zone, query, &group)) }
                }
            }
        }
        @if !a.not_applicable.is_empty() {
            details class="not-applicable" {
                summary { (a.not_applicable.len()) " rule(s) considered that do not apply" }
                ul { @for n in &a.not_applicable { li { strong { (n.jurisdiction) " — " (n.rule_title) } ": " (n.reasons.join("; ")) } } }
            }
        }
        p class="small" { (NOT_LEGAL_ADVICE) }
        hr;
        h2 { "Change the incident" }
    }
}

/// One card: an obligation, or the same obligation for several places
/// (HIPAA's media notice in four states is one card naming the four).
fn card(
    page: &Page<'_>,
    a: &Assessment,
    zone: &TimeZone,
    query: &str,
    group: &[&Obligation],
) -> Markup {
    let o = group[0];
    let data = page.site.data;
    let zone_name = zone.iana_name().unwrap_or("UTC");
    let place_name = |code: &str| -> String {
        data.jurisdictions
            .get(code)
            .map(|j| j.name.clone())
            .unwrap_or_else(|| code.to_string())
    };
    let places: Vec<&Obligation> = group
        .iter()
        .copied()
        .filter(|o| o.place.is_some())
        .collect();
    let where_names = if places.len() > 1 {
        let names: Vec<String> = places
            .iter()
            .map(|o| place_name(o.place.as_deref().unwrap_or_default()))
            .collect();
        join_and(&names)
    } else {
        place_name(o.place.as_deref().unwrap_or(&o.jurisdiction))
    };
    let urgency = summary::open_deadline(o).map(|d| summary::time_left(d, a.now));
    html! {
        li class=(if o.status == Status::Conditional { "conditional" } else { "applies" }) {
            div class="when" {
                @if let Some((left, u)) = &urgency {
                    span class=(format!("left {}", u.class())) { (left) " " (u.marker()) } br;
                }
                @match (o.deadline.due, o.deadline.projected) {
                    (Some(d), _) => { strong { (in_zone(d, zone)) } @if o.deadline.time_zone != zone_name { br; span class="small" { (in_zone(d, &crate::engine::zone_or_utc(&o.deadline.time_zone))) } } }
                    (None, Some(_)) => strong { "not started" },
                    (None, None) => strong { "no outer limit" },
                }
                @if let Some(p) = o.deadline.projected {
                    br; span class="projected" { "projected: " (in_zone(p, zone)) }
                }
                br; span class=(if o.status == Status::Conditional { "badge conditional" } else { "badge applies" }) { (if o.status == Status::Conditional { "conditional" } else { "applies" }) }
                @if let Some(sent) = o.sent_at { br; span class="badge sent" { "✓ sent " (in_zone(sent, zone)) } }
            }
            div class="what" {
                h3 {
                    "Notify " (summary::human_kind(data, &o.recipient.kind))
                    @if let Some(auth) = &o.recipient.authority { ": " a href=(page.link(&crate::search::authority_path(&auth.id))) { (auth.name) } }
                    @else { " in " (where_names) }
                    " — " (o.regime_title) " " span class="small" { "(" (o.stage.report()) ")" }
                }
                p { "“" (o.deadline.text) "” — " (o.deadline.basis) }
                @if let (Some(event), Some(p)) = (&o.deadline.waiting_for, o.deadline.projected) {
                    p class="projected" { "The clock starts at " (event) ". If that happened now (" (in_zone(a.now, zone)) "), this would be due " strong { (in_zone(p, zone)) } "; that is a projection, not a deadline yet." }
                } @else if let Some(event) = &o.deadline.waiting_for {
                    p class="projected" { "The clock starts at " (event) "." }
                }
                @if let Some(auth) = &o.recipient.authority {
                    p class="small" { (external(&auth.url, "website")) @if let Some(portal) = &auth.portal { " · " (external(portal, "notification portal")) } @if let Some(c) = &auth.contact { " · " (c) } }
                }
                @if !o.recipient.candidates.is_empty() {
                    div class="candidates" {
                        strong { "Which authority: " }
                        @if let Some(choose) = &o.recipient.choose { (choose) }
                        ul { @for c in &o.recipient.candidates { li { a href=(page.link(&crate::search::authority_path(&c.id))) { (c.name) } @if let Some(portal) = &c.portal { " · " (external(portal, "portal")) } } } }
                    }
                }
                @if o.sent_at.is_none() {
                    @if places.len() > 1 {
                        p class="small" {
                            "Mark as sent now: "
                            @for (i, p) in places.iter().enumerate() {
                                @if i > 0 { " · " }
                                a class="mark-sent" href=(page.assess_link(&format!("{query}&{}={}", urlencode(&sent_key(p)), urlencode(&local_input(a.now, zone))))) { (place_name(p.place.as_deref().unwrap_or_default())) }
                            }
                            " — adds it to the permalink; chained deadlines then run from it."
                        }
                    } @else {
                        p class="small" { a class="mark-sent" href=(page.assess_link(&format!("{query}&{}={}", urlencode(&sent_key(o)), urlencode(&local_input(a.now, zone))))) { "Mark as sent now" } " — adds it to the permalink; chained deadlines then run from it." }
                    }
                }
                @if !o.questions.is_empty() {
                    div class="questions" { strong { "To settle: " } ul { @for q in &o.questions { li { (q) } } } }
                }
                details {
                    summary { "Why, and the source" }
                    ul { @for b in o.because.iter() { li { (b) } } }
                    @for n in &o.notes { p class="note" { (n) } }
                    @if !o.content.is_empty() { p { "Content: " (o.content.join("; ")) } }
                    p class="small" { (o.citation) " · " (external(&o.source, "official text")) " · " a href=(page.link(&format!("{}#rule-{}", crate::search::regime_path(&o.regime), o.rule))) { "rule" } " · reviewed " (o.review.last_reviewed) " (" (o.review.status.label()) ")" }
                }
            }
        }
    }
}

/// Obligations that differ only in the place they are for become one group
/// (same rule, obligation, recipient, deadline, status and questions), in
/// the order of their first member.
fn card_groups<'a>(obligations: &[&'a Obligation]) -> Vec<Vec<&'a Obligation>> {
    let key = |o: &Obligation| {
        (
            o.rule.clone(),
            o.obligation.clone(),
            o.recipient.kind.clone(),
            o.deadline.due,
            o.deadline.projected,
            o.status,
            o.sent_at,
            o.questions.clone(),
        )
    };
    let mut groups: Vec<Vec<&'a Obligation>> = Vec::new();
    for &o in obligations {
        let groupable = o.place.is_some() && o.recipient.authority.is_none();
        let existing = groups.iter_mut().find(|g| {
            groupable
                && g[0].place.is_some()
                && g[0].recipient.authority.is_none()
                && key(g[0]) == key(o)
        });
        match existing {
            Some(g) => g.push(o),
            None => groups.push(vec![o]),
        }
    }
    groups
}

/// "California", "California and Texas", "California, Florida and Texas".
fn join_and(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The form and permalink key of an obligation's send: `sent.<rule>.<obligation>[.<place>]`.
fn sent_key(o: &Obligation) -> String {
    match &o.place {
        Some(place) => format!("sent.{}.{}.{place}", o.rule, o.obligation),
        None => format!("sent.{}.{}", o.rule, o.obligation),
    }
}

/// An instant as the form's `datetime-local` value in `zone`.
fn local_input(t: jiff::Timestamp, zone: &TimeZone) -> String {
    t.to_zoned_datetime(zone.clone())
        .strftime("%Y-%m-%dT%H:%M")
        .to_string()
}

/// The country an obligation is for: the place of a per-residence notice,
/// the jurisdiction of a national law, or (for a union's law, GDPR's lead
/// authority) the country of the authority it goes to.
fn country_of(data: &crate::model::Dataset, o: &Obligation) -> Option<String> {
    let code = o
        .place
        .as_deref()
        .filter(|p| rust_iso3166::from_alpha2(p.split('-').next().unwrap_or(p)).is_some())
        .or_else(|| {
            let j = o.jurisdiction.as_str();
            rust_iso3166::from_alpha2(j.split('-').next().unwrap_or(j)).map(|_| j)
        })
        .or_else(|| {
            let id = o.recipient.authority.as_ref()?.id.as_str();
            data.authorities.get(id).map(|a| a.jurisdiction.as_str())
        })?;
    Some(code.split('-').next().unwrap_or(code).to_string())
}

/// The places of the answer on the world map, coloured by their first open
/// deadline (duties that bind only some kinds of organisation left out).
fn answer_map(page: &Page<'_>, a: &Assessment, zone: &TimeZone) -> Markup {
    use std::collections::BTreeMap;
    let data = page.site.data;
    let mut first: BTreeMap<String, Option<jiff::Timestamp>> = BTreeMap::new();
    for o in a
        .obligations
        .iter()
        .filter(|o| !o.depends_on_organisation_type)
    {
        let Some(country) = country_of(data, o) else {
            continue;
        };
        let due = summary::open_deadline(o);
        let held = first.entry(country).or_insert(due);
        *held = match (*held, due) {
            (Some(x), Some(y)) => Some(x.min(y)),
            (x, y) => x.or(y),
        };
    }
    let no_duty: Vec<String> = a
        .reviewed_no_duty
        .iter()
        .map(|r| r.jurisdiction.clone())
        .filter(|c| !first.contains_key(c))
        .collect();
    if first.is_empty() && no_duty.is_empty() {
        return html! {};
    }
    let class_of = |due: Option<jiff::Timestamp>| match due {
        Some(d) => match summary::time_left(d, a.now).1 {
            summary::Urgency::Overdue => "map-overdue",
            summary::Urgency::Within24Hours => "map-soon",
            summary::Urgency::Later => "map-later",
        },
        None => "map-open",
    };
    let name = |code: &str| {
        data.jurisdictions
            .get(code)
            .map_or_else(|| code.to_string(), |j| j.name.clone())
    };
    let mark = |code: &str| -> Option<super::map::Mark> {
        if let Some(due) = first.get(code) {
            let when = match due {
                Some(d) => format!(
                    "first open deadline {} ({})",
                    in_zone(*d, zone),
                    summary::time_left(*d, a.now).0
                ),
                None => "obligations without an open fixed deadline".to_string(),
            };
            return Some(super::map::Mark {
                class: class_of(*due),
                title: format!("{}: {when}", name(code)),
                href: None,
            });
        }
        no_duty.iter().any(|c| c == code).then(|| super::map::Mark {
            class: "map-no-duty",
            title: format!("{}: reviewed, no general duty found", name(code)),
            href: None,
        })
    };
    let mut legend: Vec<super::map::LegendEntry> = [
        ("map-overdue", "Overdue"),
        ("map-soon", "Due within 24 hours"),
        ("map-later", "Due later"),
        ("map-open", "No open fixed deadline"),
    ]
    .into_iter()
    .map(|(class, label)| super::map::LegendEntry {
        class,
        label: label.to_string(),
        places: first
            .iter()
            .filter(|(_, due)| class_of(**due) == class)
            .map(|(c, _)| name(c))
            .collect(),
    })
    .filter(|e| !e.places.is_empty())
    .collect();
    if !no_duty.is_empty() {
        legend.push(super::map::LegendEntry {
            class: "map-no-duty",
            label: "Reviewed, no general duty".to_string(),
            places: no_duty.iter().map(|c| name(c)).collect(),
        });
    }
    html! {
        details class="answer-map" open {
            summary { "Map: the places of this answer by their first open deadline" }
            (super::map::world_map("World map of the places with obligations, coloured by their first open deadline", &mark, &legend))
            p class="small" { "Duties that bind only some kinds of organisation are left out. EU-wide duties are shown at the authority's country." }
        }
    }
}
