//! The incident form and its answer. The form is a plain GET form with the
//! same fields as the incident format, so the answer's URL is its permalink:
//! the incident travels in the URL and nothing is stored on the server.

use std::collections::BTreeMap;

use jiff::tz::TimeZone;
use maud::{Markup, html};

use super::form::{AssessForm, DeterminationFields, NONE_OF_THESE, PartyFields, PlaceRow};
use super::pages::urlencode;
use super::{Mode, Nav, Page, Site, layout};
use crate::engine::Assessment;
use crate::format::Tlp;
use crate::incident::Problem;
use crate::model::Section;

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
            @if site.mode == Mode::Static && !site.offline_engine {
                h1 { "Assess an incident" }
                p { "This copy was exported without the assessment engine (" code { "obligo build --engine" } ", see the README). Run " code { "obligo serve" } " and open this page there, or use " code { "obligo query incident.toml" } "." }
            } @else {
                @match outcome {
                    Outcome::Answer { assessment, zone, query } => (super::answer::answer(&page, assessment, zone, query)),
                    Outcome::Problems(problems) => {
                        h1 { "Assess an incident" }
                        div class="problems" role="alert" {
                            h2 { "The incident has " (problems.len()) " problem(s)" }
                            ul { @for p in problems { li { strong { (form_label(&p.field)) } ": " (p.message) } } }
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
                @if site.mode == Mode::Static {
                    p id="engine-status" class="small engine-status" data-digest=(site.data.digest) {
                        "The assessment runs in this browser, with the browser's clock as now: nothing you type leaves this machine."
                    }
                    noscript { p class="problems" { "Assessing in the static copy needs JavaScript and WebAssembly. Without them, use " code { "obligo query incident.toml" } " or " code { "obligo serve" } "." } }
                }
            }
        },
    )
}

/// The zone names for the form's picker: the bundled tz database's
/// canonical, geographic names (no `Etc/GMT+5` or legacy aliases).
fn time_zone_names() -> Vec<String> {
    let mut names: Vec<String> = jiff::tz::db()
        .available()
        .map(|n| n.as_str().to_string())
        .filter(|n| {
            n.contains('/')
                && !n.starts_with("Etc/")
                && !n.starts_with("SystemV/")
                && !n.starts_with("US/")
                && n.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        })
        .collect();
    names.sort();
    names.push("UTC".into());
    names
}

/// A problem's field as the form labels it ("Party 2: Affected people live
/// in"), whether it comes from the form or from the incident's check
/// (`parties[1].jurisdiction`): a responder should never have to decode a
/// field path.
fn form_label(field: &str) -> String {
    let own = |name: &str| -> Option<&'static str> {
        Some(match name {
            "aware" | "aware_at" => "Became aware",
            "determined" | "determined_at" => "Determined at",
            "ransom_paid" | "ransom_paid_at" => "Ransom paid",
            "occurred" | "occurred_at" => "Occurred",
            "tz" => "Time zone",
            "kinds" | "kind" => "What happened",
            "data" => "Data involved",
            "facts" => "What you know",
            "sent" => "Notices already sent",
            "parties" => "Parties",
            "role" => "Role",
            "name" => "Name",
            "established_in" | "established" => "Established in",
            "jurisdiction" | "where" => "Affected people live in",
            "count" => "How many",
            "sectors" | "sector" => "Sectors",
            "entity_types" | "entity" => "Types of organisation",
            "targets" => "Offers goods or services to, or monitors, people in",
            "representative_in" | "representative" => "Representative established in",
            "processes_in" => "Processes the data in",
            _ => return None,
        })
    };
    if let Some(rest) = field.strip_prefix("parties[") {
        if let Some((index, sub)) = rest.split_once(']') {
            if let Ok(i) = index.parse::<usize>() {
                if let Some((row, sub)) = sub
                    .strip_prefix(".places[")
                    .and_then(|r| r.split_once(']'))
                    .and_then(|(r, sub)| Some((r.parse::<usize>().ok()?, sub)))
                {
                    let sub = sub.trim_start_matches('.');
                    let label = own(sub).unwrap_or("Place");
                    return format!("Party {}, place {}: {label}", i + 1, row + 1);
                }
                let sub = sub.trim_start_matches('.');
                let sub = sub.split(['.', '[']).next().unwrap_or(sub);
                return match own(sub) {
                    Some(label) => format!("Party {}: {label}", i + 1),
                    None => format!("Party {}", i + 1),
                };
            }
        }
    }
    if let Some(name) = field.strip_prefix("determinations.") {
        return format!("Legal determination “{}”", name.replace(['-', '_'], " "));
    }
    if field.starts_with("sent") {
        return "Notices already sent".to_string();
    }
    if let Some(name) = field.strip_prefix("facts.") {
        return format!("What you know: “{}”", name.replace('_', " "));
    }
    let head = field.split(['.', '[']).next().unwrap_or(field);
    own(head)
        .map(str::to_string)
        .unwrap_or_else(|| field.replace('_', " "))
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
            }
            @let rows = if p.places.is_empty() { vec![PlaceRow::default()] } else { p.places.clone() };
            table class="places" {
                caption class="small" { "Affected people live in (one row per place, with how many; blank = unknown)" }
                thead { tr { th scope="col" { "Place" } th scope="col" { "How many" } th {} } }
                tbody {
                    @for (r, row) in rows.iter().enumerate() {
                        tr {
                            td { input type="text" name=(format!("p{i}.where")) value=(row.place) list="jurisdiction-list" placeholder="e.g. US-CA" aria-label=(format!("Party {} place {}", i + 1, r + 1)); }
                            td { input type="text" inputmode="numeric" name=(format!("p{i}.count")) value=(row.count) placeholder="blank = unknown" aria-label=(format!("Party {} how many in place {}", i + 1, r + 1)); }
                            td { button type="button" class="secondary remove-place" { "Remove" } }
                        }
                    }
                }
            }
            p { button type="button" class="secondary add-place" { "Add a place" } }
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
            datalist id="tz-list" {
                @for zone in time_zone_names() { option value=(zone) { (zone.rsplit('/').next().unwrap_or(&zone).replace('_', " ")) } }
            }
            fieldset {
                legend { "When" }
                div class="row" {
                    label { "Became aware (local time) " input type="datetime-local" name="aware" value=(form.aware) required; }
                    label { "Occurred (if known) " input type="datetime-local" name="occurred" value=(form.occurred); }
                    label { "Ransom paid (if so) " input type="datetime-local" name="ransom_paid" value=(form.ransom_paid); }
                    label { "Time zone " input type="text" name="tz" id="tz" value=(form.tz) list="tz-list" autocomplete="off" placeholder="a city, e.g. New York"; }
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
            label class="paste" {
                "Or paste where affected people live, with how many: "
                textarea name="affected" rows="2" placeholder="US-CA 12000, US-NY 3000, DE 800" {}
                span class="small" { "One place per line, or separated by commas; each becomes a party above when you assess." }
            }
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
