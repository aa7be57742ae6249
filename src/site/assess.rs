//! The incident form and its answer. The form is a plain GET form with the
//! same fields as the incident format, so the answer's URL is its permalink:
//! the incident travels in the URL and nothing is stored on the server.

use std::collections::BTreeMap;

use jiff::tz::TimeZone;
use maud::{Markup, html};

use super::form::{AssessForm, DeterminationFields, NONE_OF_THESE, PartyFields};
use super::pages::urlencode;
use super::{Mode, Nav, Page, Site, external, layout};
use crate::engine::{Assessment, Status, in_zone};
use crate::format::{NOT_LEGAL_ADVICE, Tlp};
use crate::incident::Problem;
use crate::model::Section;
use crate::summary;

/// What the form led to.
pub enum Outcome<'a> {
    /// The empty form.
    Blank,
    Problems(&'a [Problem]),
    Answer {
        assessment: &'a Assessment,
        zone: &'a TimeZone,
        /// The query string of this answer, for the download links.
        query: &'a str,
    },
}

fn tlp_class(t: Tlp) -> &'static str {
    match t {
        Tlp::Clear => "tlp tlp-clear",
        Tlp::Green => "tlp tlp-green",
        Tlp::Amber | Tlp::AmberStrict => "tlp tlp-amber",
        Tlp::Red => "tlp tlp-red",
    }
}

/// The page: the answer (if any) above the form, pre-filled.
pub fn assess_page(site: Site<'_>, form: &AssessForm, outcome: Outcome<'_>) -> Markup {
    let page = Page {
        site,
        root: "",
        nav: Nav::Assess,
    };
    let title = match outcome {
        Outcome::Answer { .. } => "Assessment",
        _ => "Assess an incident",
    };
    layout(
        &page,
        title,
        html! {
            @if let Some(t) = form.tlp { p class=(tlp_class(t)) { (t.label()) } }
            @if site.mode == Mode::Static {
                h1 { "Assess an incident" }
                p { "The assessment needs the engine: run " code { "obligo serve" } " and open this page there, or use " code { "obligo query incident.toml" } "." }
            } @else {
                @match outcome {
                    Outcome::Answer { assessment, zone, query } => (answer(&page, assessment, zone, query)),
                    Outcome::Problems(problems) => {
                        h1 { "Assess an incident" }
                        div class="problems" role="alert" {
                            h2 { "The incident has " (problems.len()) " problem(s)" }
                            ul { @for p in problems { li { code { (p.field) } ": " (p.message) } } }
                        }
                    }
                    Outcome::Blank => {
                        h1 { "Assess an incident" }
                        p class="lead" { "Describe what you know now. Leave unknowns blank: obligations that depend on them are shown as conditional, with the question to answer." }
                    }
                }
                (form_view(site, form, match &outcome {
                    Outcome::Answer { assessment, .. } => Some(determinations_in_reach(site.data, assessment)),
                    _ => None,
                }.as_ref()))
            }
        },
    )
}

fn answer(page: &Page<'_>, a: &Assessment, zone: &TimeZone, query: &str) -> Markup {
    let zone_name = zone.iana_name().unwrap_or("UTC");
    let applies = a
        .obligations
        .iter()
        .filter(|o| o.status == Status::Applies)
        .count();
    let data = page.site.data;
    // What certainly applies first; conditional ones after, so a duty that
    // depends on an unanswered question does not bury one that does not.
    let mut next = summary::next_deadlines(a);
    next.sort_by_key(|o| (o.status == Status::Conditional, o.deadline.due));
    let overdue: Vec<_> = next
        .iter()
        .filter(|o| o.deadline.due.is_some_and(|d| d < a.now))
        .collect();
    let overdue_certain = overdue
        .iter()
        .filter(|o| o.status == Status::Applies)
        .count();
    let checklist = summary::checklist(data, a);
    let questions = summary::open_questions(data, a);
    html! {
        h1 { "Notification obligations" }
        p class="lead" {
            (a.obligations.len()) " obligation(s): " (applies) " apply, " (a.obligations.len() - applies) " conditional. "
            "Aware at " strong { (in_zone(a.aware_at, zone)) } "; as of " strong { (in_zone(a.now, zone)) } "; times in " (zone_name) "."
        }
        @if !overdue.is_empty() {
            div class="overdue-box" role="alert" {
                strong { "⚠ " (overdue.len()) " deadline(s) have passed without a recorded send (" (overdue_certain) " certain, " (overdue.len() - overdue_certain) " conditional):" }
                ul { @for o in &overdue { li { @if o.status == Status::Applies { strong { (summary::recipient_label(data, o)) } } @else { (summary::recipient_label(data, o)) " (if its conditions hold)" } " — " (o.regime_title) ", due " (in_zone(o.deadline.due.unwrap_or(a.now), zone)) ", " (summary::time_left(o.deadline.due.unwrap_or(a.now), a.now).0) } } }
            }
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
                                        (o.stage.label()) " — " (o.regime_title) ": "
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
                                " · " a href=(format!("assess.html?{query}&{}=yes", urlencode(param))) { "answer yes" }
                                " · " a href=(format!("assess.html?{query}&{}=no", urlencode(param))) { "answer no" }
                            }
                        }
                    }
                }
            }
        }
        p class="downloads" {
            "Download: "
            a href=(format!("assess.md?{query}")) download="obligations.md" { "Markdown" } " · "
            a href=(format!("assess.json?{query}")) download="obligations.json" { "JSON" } " · "
            a href=(format!("assess.ics?{query}")) download="obligations.ics" { "iCalendar" } " · "
            a href=(format!("assess.html?{query}")) { "Permalink" }
            span class="small" { " — the permalink holds the incident in its URL; share it as its TLP marking allows." }
        }
        @for r in &a.reviewed_no_duty {
            p class="reviewed" { strong { "Reviewed: " } (r.finding) @if let Some(note) = r.review.as_ref().and_then(|v| v.note.as_deref()) { br; span class="small" { (note) } } }
        }
        @for w in &a.warnings { p class="warning" { (w) } }
        @if a.obligations.is_empty() {
            p class="gap" { "No obligation found in the dataset for this incident. That is not a finding that none exists: check the rules that do not apply below, and the coverage of the places involved." }
        }
        ol class="timeline answer" {
            @for o in &a.obligations {
                @let urgency = summary::open_deadline(o).map(|d| summary::time_left(d, a.now));
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
                            "Notify " (o.recipient.kind.replace('-', " "))
                            @if let Some(auth) = &o.recipient.authority { ": " a href=(page.link(&crate::search::authority_path(&auth.id))) { (auth.name) } }
                            @else { " in " (data.jurisdictions.get(o.place.as_deref().unwrap_or(&o.jurisdiction)).map(|j| j.name.as_str()).unwrap_or(o.place.as_deref().unwrap_or(&o.jurisdiction))) }
                            " — " (o.regime_title) " " span class="small" { "(" (o.stage.label()) " report)" }
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
                            p class="small" { a class="mark-sent" href=(format!("assess.html?{query}&{}={}", urlencode(&sent_key(o)), urlencode(&local_input(a.now, zone)))) { "Mark as sent now" } " — adds it to the permalink; chained deadlines then run from it." }
                        }
                        @if !o.questions.is_empty() {
                            div class="questions" { strong { "To settle: " } ul { @for q in &o.questions { li { (q) } } } }
                        }
                        details {
                            summary { "Why, and the source" }
                            ul { @for b in &o.because { li { (b) } } }
                            @for n in &o.notes { p class="note" { (n) } }
                            @if !o.content.is_empty() { p { "Content: " (o.content.join("; ")) } }
                            p class="small" { (o.citation) " · " (external(&o.source, "official text")) " · " a href=(page.link(&format!("{}#rule-{}", crate::search::regime_path(&o.regime), o.rule))) { "rule" } " · reviewed " (o.review.last_reviewed) " (" (o.review.status.label()) ")" }
                        }
                    }
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

/// The form and permalink key of an obligation's send: `sent.<rule>.<obligation>[.<place>]`.
fn sent_key(o: &crate::engine::Obligation) -> String {
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

/// The determinations the rules of the assessed places use (in `when` or
/// as a clock start), so the form asks only those once there is an answer.
pub fn determinations_in_reach(
    data: &crate::model::Dataset,
    a: &Assessment,
) -> std::collections::BTreeSet<String> {
    fn collect(c: &crate::model::Criteria, out: &mut std::collections::BTreeSet<String>) {
        out.extend(c.determinations.iter().cloned());
        for block in &c.any_of {
            collect(block, out);
        }
    }
    let rules: std::collections::BTreeSet<&str> = a
        .obligations
        .iter()
        .map(|o| o.rule.as_str())
        .chain(a.not_applicable.iter().map(|n| n.rule.as_str()))
        .collect();
    let mut out = std::collections::BTreeSet::new();
    for rule in data.rules.iter().filter(|r| rules.contains(r.id.as_str())) {
        collect(&rule.when.criteria, &mut out);
    }
    out
}

/// For each determination, the jurisdictions whose rules use it.
fn determination_users(
    data: &crate::model::Dataset,
) -> BTreeMap<&str, std::collections::BTreeSet<&str>> {
    let mut out: BTreeMap<&str, std::collections::BTreeSet<&str>> = BTreeMap::new();
    for rule in &data.rules {
        for d in &rule.when.criteria.determinations {
            out.entry(d.as_str())
                .or_default()
                .insert(&rule.jurisdiction);
        }
    }
    out
}

fn determination_field(
    name: &str,
    term: &crate::model::Term,
    value: Option<&DeterminationFields>,
    users: &[&str],
) -> Markup {
    let made = value.and_then(|v| v.made);
    let at = value.map(|v| v.at.as_str()).unwrap_or("");
    html! {
        div class="fact determination" {
            label for=(format!("det-{name}")) {
                (term.question.as_deref().unwrap_or(name))
                @if !users.is_empty() { " " span class="small" { "(" (users.join(", ")) ")" } }
            }
            div class="row" {
                select id=(format!("det-{name}")) name=(format!("det.{name}")) {
                    option value="" selected[made.is_none() && at.is_empty()] { "Not yet" }
                    option value="yes" selected[made == Some(true) || (made.is_none() && !at.is_empty())] { "Yes" }
                    option value="no" selected[made == Some(false)] { "No" }
                }
                label { "made at (local time) " input type="datetime-local" name=(format!("det.{name}.at")) value=(at); }
            }
        }
    }
}

/// The facts most rules ask about, shown first; the rest are asked by few laws.
const COMMON_FACTS: [&str; 4] = ["encrypted", "high_risk", "risk_unlikely", "risk_of_harm"];

/// For each fact, the jurisdictions whose rules depend on it, so a responder
/// knows which answers matter for the places involved.
fn fact_users(data: &crate::model::Dataset) -> BTreeMap<&str, std::collections::BTreeSet<&str>> {
    fn collect<'a>(
        c: &'a crate::model::Criteria,
        code: &'a str,
        out: &mut BTreeMap<&'a str, std::collections::BTreeSet<&'a str>>,
    ) {
        for f in c.facts.iter().chain(&c.unless) {
            out.entry(f.as_str()).or_default().insert(code);
        }
        for block in &c.any_of {
            collect(block, code, out);
        }
    }
    let mut out = BTreeMap::new();
    for rule in &data.rules {
        collect(&rule.when.criteria, &rule.jurisdiction, &mut out);
    }
    out
}

fn select_fact(name: &str, question: &str, value: Option<bool>, users: &[&str]) -> Markup {
    let id = format!("fact-{name}");
    let shown: Vec<&str> = users.iter().take(8).copied().collect();
    html! {
        div class="fact" {
            label for=(id) {
                (question)
                @if !users.is_empty() {
                    " " span class="small" { "(" (shown.join(", ")) @if users.len() > shown.len() { " and " (users.len() - shown.len()) " more" } ")" }
                }
            }
            select id=(id) name=(format!("fact.{name}")) {
                option value="" selected[value.is_none()] { "Unknown" }
                option value="yes" selected[value == Some(true)] { "Yes" }
                option value="no" selected[value == Some(false)] { "No" }
            }
        }
    }
}

fn checkboxes(
    name: &str,
    terms: &BTreeMap<String, crate::model::Term>,
    chosen: &[String],
) -> Markup {
    html! {
        div class="checks" {
            @for (term, def) in terms {
                label title=(def.definition) {
                    input type="checkbox" name=(name) value=(term) checked[chosen.contains(term)];
                    " " (term)
                }
            }
        }
    }
}

fn none_of_these(name: &str, checked: bool) -> Markup {
    html! {
        label class="none-of-these" {
            input type="checkbox" name=(name) value=(NONE_OF_THESE) checked[checked];
            " none of these (known)"
        }
    }
}

fn party_view(site: Site<'_>, i: usize, p: &PartyFields) -> Markup {
    let tax = &site.data.taxonomy;
    html! {
        fieldset class="party" data-index=(i) {
            legend { "Party " (i + 1) }
            div class="row" {
                label { "Role "
                    select name=(format!("p{i}.role")) {
                        option value="" selected[p.role.is_empty()] { "— none —" }
                        @for role in tax.terms(Section::PartyRoles).keys() {
                            option value=(role) selected[&p.role == role] { (role) }
                        }
                    }
                }
                label { "Name " input type="text" name=(format!("p{i}.name")) value=(p.name) placeholder="optional label"; }
            }
            div class="row" {
                label { "Established in " input type="text" name=(format!("p{i}.established")) value=(p.established) list="jurisdiction-list" placeholder="e.g. DE-BE, FR (main establishment first)"; }
                label { "Affected people live in " input type="text" name=(format!("p{i}.where")) value=(p.place) list="jurisdiction-list" placeholder="e.g. US-CA"; }
                label { "How many " input type="text" inputmode="numeric" name=(format!("p{i}.count")) value=(p.count) placeholder="blank = unknown"; }
            }
            div class="row" {
                label { "Offers goods or services to, or monitors, people in " input type="text" name=(format!("p{i}.targets")) value=(p.targets) list="jurisdiction-list" placeholder="e.g. GB, EU; “none”; blank = unknown"; }
                label { "Representative established in " input type="text" name=(format!("p{i}.representative")) value=(p.representative) list="jurisdiction-list" placeholder="e.g. DE-BY (GDPR Art. 27)"; }
            }
            details {
                summary { "Sectors and entity types" }
                p class="small" { "Nothing ticked means unknown: rules for these sectors and types are then shown as conditional. Tick “none of these” when you know none applies." }
                h4 { "Sectors" }
                (none_of_these(&format!("p{i}.sector"), p.no_sectors))
                (checkboxes(&format!("p{i}.sector"), tax.terms(Section::Sectors), &p.sectors))
                h4 { "Entity types" }
                (none_of_these(&format!("p{i}.entity"), p.no_entity_types))
                (checkboxes(&format!("p{i}.entity"), tax.terms(Section::EntityTypes), &p.entity_types))
            }
            button type="button" class="remove-party secondary" { "Remove this party" }
        }
    }
}

/// The form, pre-filled. `in_reach`: the determinations the rules of the
/// assessed places use, once there is an answer (all of them otherwise).
fn form_view(
    site: Site<'_>,
    form: &AssessForm,
    in_reach: Option<&std::collections::BTreeSet<String>>,
) -> Markup {
    let tax = &site.data.taxonomy;
    let mut parties = form.parties.clone();
    if parties.is_empty() {
        parties.push(PartyFields {
            role: "organisation".into(),
            ..Default::default()
        });
        parties.push(PartyFields {
            role: "affected-people".into(),
            ..Default::default()
        });
    }
    let blank = parties.len();
    let users = fact_users(site.data);
    let det_users = determination_users(site.data);
    let asked: Vec<(&String, &crate::model::Term)> = tax
        .terms(Section::Determinations)
        .iter()
        .filter(|(name, _)| {
            in_reach.is_none_or(|r| r.contains(*name)) || form.determinations.contains_key(*name)
        })
        .collect();
    html! {
        form class="assess" action="assess.html" method="get" id="assess-form" {
            datalist id="jurisdiction-list" {
                @for j in site.data.jurisdictions.values() { option value=(j.code) { (j.name) } }
            }
            fieldset {
                legend { "When" }
                div class="row" {
                    label { "Became aware (local time) " input type="datetime-local" name="aware" value=(form.aware) required; }
                    label { "Occurred (if known) " input type="datetime-local" name="occurred" value=(form.occurred); }
                    label { "Ransom paid (if so) " input type="datetime-local" name="ransom_paid" value=(form.ransom_paid); }
                    label { "Time zone " input type="text" name="tz" id="tz" value=(form.tz) placeholder="e.g. Europe/Berlin"; }
                }
                @if !form.determined.is_empty() {
                    input type="hidden" name="determined" value=(form.determined);
                }
            }
            @if !asked.is_empty() {
                fieldset {
                    legend { "Legal determinations (each with its own time)" }
                    p class="small" { "Whether the incident is “significant”, “material”, “major” or “notifiable” is a determination the organisation makes, at a time of its own; some clocks start then. Until it is made, obligations that need it are conditional and show the date they would fall if it were made now."
                        @if in_reach.is_some() { " Only the determinations the laws of the places involved use are asked." } }
                    details open[in_reach.is_some() || !form.determinations.is_empty()] {
                        summary { (asked.len()) " determination(s)" }
                        div class="facts-grid" {
                            @for (name, term) in &asked {
                                (determination_field(name, term, form.determinations.get(*name), &det_users.get(name.as_str()).map(|s| s.iter().copied().collect::<Vec<_>>()).unwrap_or_default()))
                            }
                        }
                    }
                }
            }
            @if !form.sent.is_empty() {
                fieldset {
                    legend { "Notices already sent" }
                    p class="small" { "Chained deadlines (a final report one month after the notification) run from these times. Clear a time to undo." }
                    div class="facts-grid" {
                        @for ((rule, obligation, place), at) in &form.sent {
                            label {
                                code { (rule) } " · " (obligation) @if !place.is_empty() { " · " (place) } " "
                                input type="datetime-local" name=(if place.is_empty() { format!("sent.{rule}.{obligation}") } else { format!("sent.{rule}.{obligation}.{place}") }) value=(at);
                            }
                        }
                    }
                }
            }
            fieldset {
                legend { "What happened" }
                h4 { "Kinds of incident" }
                (checkboxes("kind", tax.terms(Section::IncidentKinds), &form.kinds))
                h4 { "Data involved" }
                (checkboxes("data", tax.terms(Section::DataCategories), &form.data))
            }
            fieldset {
                legend { "What you know (leave unknown if unsure)" }
                p class="small" { "In brackets: the jurisdictions whose rules depend on the answer." }
                div class="facts-grid" {
                    @for name in COMMON_FACTS {
                        @if let Some(term) = tax.terms(Section::Facts).get(name) {
                            (select_fact(name, term.question.as_deref().unwrap_or(name), form.facts.get(name).copied(), &users.get(name).map(|s| s.iter().copied().collect::<Vec<_>>()).unwrap_or_default()))
                        }
                    }
                }
                details open[form.facts.keys().any(|f| !COMMON_FACTS.contains(&f.as_str()))] {
                    summary { "More questions, asked by fewer laws" }
                    div class="facts-grid" {
                        @for (name, term) in tax.terms(Section::Facts) {
                            @if !COMMON_FACTS.contains(&name.as_str()) {
                                (select_fact(name, term.question.as_deref().unwrap_or(name), form.facts.get(name).copied(), &users.get(name.as_str()).map(|s| s.iter().copied().collect::<Vec<_>>()).unwrap_or_default()))
                            }
                        }
                    }
                }
            }
            div id="parties" {
                @for (i, p) in parties.iter().enumerate() { (party_view(site, i, p)) }
            }
            template id="party-template" { (party_view(site, blank, &PartyFields::default())) }
            p { button type="button" id="add-party" class="secondary" { "Add a party" } }
            fieldset {
                legend { "Marking" }
                label { "TLP "
                    select name="tlp" {
                        option value="" selected[form.tlp.is_none()] { "— none —" }
                        @for t in Tlp::ALL { option value=(t.label().trim_start_matches("TLP:")) selected[form.tlp == Some(t)] { (t.label()) } }
                    }
                }
            }
            p { button type="submit" { "Assess" } }
        }
    }
}

/// The query string that reproduces a form (for permalinks built elsewhere).
pub fn query_string(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
        .collect::<Vec<_>>()
        .join("&")
}
