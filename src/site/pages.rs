//! The reference pages: home, the list of jurisdictions, search and about,
//! and the small helpers every page uses (links, dates, a rule's conditions
//! and deadline in words). One record's page is in `records`, compare in
//! `compare`.

use std::collections::BTreeMap;

use maud::{Markup, html};

use super::{Mode, Nav, Page, Site, layout, review_badge};
use crate::export;
use crate::model::*;
use crate::search::{self, DocKind, Filter, SearchResults, authority_path, jurisdiction_path};
use crate::stats;

pub(super) fn page<'a>(site: Site<'a>, root: &'static str, nav: Nav) -> Page<'a> {
    Page { site, root, nav }
}

pub(super) fn jurisdiction_link(p: &Page<'_>, code: &str) -> Markup {
    match p.site.data.jurisdictions.get(code) {
        Some(j) => html! { a href=(p.link(&jurisdiction_path(code))) { (j.name) " (" (code) ")" } },
        None => html! { (code) },
    }
}

pub(super) fn authority_link(p: &Page<'_>, id: &str) -> Markup {
    match p.site.data.authorities.get(id) {
        Some(a) => html! { a href=(p.link(&authority_path(id))) { (a.name) } },
        None => html! { (id) },
    }
}

pub(super) fn regime_link(p: &Page<'_>, r: &Regime) -> Markup {
    html! { a href=(p.link(&search::regime_path(&r.id))) { (r.title) } }
}

pub(super) fn date_text(d: Option<jiff::civil::Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_else(|| "—".into())
}

pub(super) fn term_list(items: &[String]) -> String {
    items.join(", ")
}

/// A basis of territorial scope, as counsel reads it.
pub(super) fn scope_label(basis: Nexus) -> &'static str {
    match basis {
        Nexus::Establishment => "organisations established here",
        Nexus::Targeting => {
            "organisations elsewhere that offer goods or services to, or monitor, people here"
        }
        Nexus::Processing => "processing or collection of the data here",
        Nexus::Residence => "affected people who live here",
    }
}

/// A rule's conditions in words, one line each.
pub fn conditions(rule: &Rule) -> Vec<String> {
    let w = &rule.when;
    let mut out = Vec::new();
    let nexus: Vec<&str> = w
        .nexus
        .iter()
        .map(|n| match n {
            Nexus::Establishment => "the organisation is established here",
            Nexus::Residence => "affected people live here",
            Nexus::Targeting => {
                "affected people live here and the organisation offers them goods or services or monitors them here"
            }
            Nexus::Processing => "the organisation processes the data here",
        })
        .collect();
    out.push(format!("Acting party: {}", w.actor));
    out.push(format!("Connection: {}", nexus.join(", or ")));
    match w.established {
        Some(true) => out.push("Only organisations established here".into()),
        Some(false) => out.push("Only organisations NOT established here".into()),
        None => {}
    }
    if !w.not_established_in.is_empty() {
        out.push(format!(
            "Only organisations established nowhere in {}",
            w.not_established_in.join(" or ")
        ));
    }
    if w.per_residence {
        out.push("Assessed separately for each place where affected people live".into());
    }
    criteria_lines(&w.criteria, &mut out);
    out
}

fn criteria_lines(c: &Criteria, out: &mut Vec<String>) {
    if !c.kinds.is_empty() {
        out.push(format!("Incident kind: any of {}", term_list(&c.kinds)));
    }
    if !c.data.is_empty() {
        let combos: Vec<String> = c.data.iter().map(|x| x.join(" + ")).collect();
        out.push(format!("Data involved: any of {}", combos.join("; ")));
    }
    if !c.sectors.is_empty() {
        out.push(format!("Sector: any of {}", term_list(&c.sectors)));
    }
    if !c.entity_types.is_empty() {
        out.push(format!(
            "Entity type: any of {}",
            term_list(&c.entity_types)
        ));
    }
    let whom = match c.count {
        CountScope::Residents => "affected residents",
        CountScope::All => "affected people in all",
    };
    if let Some(n) = c.affected_at_least {
        out.push(format!("At least {n} {whom}"));
    }
    if let Some(n) = c.affected_more_than {
        out.push(format!("More than {n} {whom}"));
    }
    if let Some(n) = c.affected_fewer_than {
        out.push(format!("Fewer than {n} {whom}"));
    }
    if !c.facts.is_empty() {
        out.push(format!("Requires: {}", term_list(&c.facts)));
    }
    if !c.determinations.is_empty() {
        out.push(format!(
            "Determined to be: {}",
            term_list(&c.determinations)
        ));
    }
    if !c.unless.is_empty() {
        out.push(format!("Exempt when: {}", term_list(&c.unless)));
    }
    for (i, block) in c.any_of.iter().enumerate() {
        let mut lines = Vec::new();
        criteria_lines(block, &mut lines);
        out.push(format!("Alternative {}: {}", i + 1, lines.join("; ")));
    }
}

/// The deadline of an obligation in words: "72 hours after becoming aware".
pub fn deadline_words(d: &DeadlineSpec) -> String {
    let record = export::deadline(d);
    let clock = match &d.from {
        ClockStart::Aware => "awareness".to_string(),
        ClockStart::Determined(name) => format!("the determination `{name}`"),
        ClockStart::YearEnd => "the end of the calendar year".to_string(),
        ClockStart::RansomPaid => "the ransom payment".to_string(),
        ClockStart::Occurred => "the incident itself".to_string(),
        ClockStart::Obligation { id, .. } => format!("sending the {} notice", id.replace('-', " ")),
    };
    let mut s = match &record.limit {
        Some(limit) => format!("{limit} after {clock}"),
        None => "no outer limit".to_string(),
    };
    if let Some(cap) = record.at_latest {
        s.push_str(&format!(" (at the latest {cap})"));
    }
    s
}

pub fn home(site: Site<'_>) -> Markup {
    let p = page(site, "", Nav::Home);
    let s = stats::compute(site.data);
    html_page(
        &p,
        "Who must notify whom, by when, and why",
        html! {
            section class="hero" {
                h1 { "Who must notify whom, by when, and why" }
                p class="lead" { "Data-breach and security-incident notification obligations by jurisdiction, each with its citation and a link to the official text." }
                form class="big-search" role="search" action="search.html" method="get" {
                    label for="home-q" class="visually-hidden" { "Search" }
                    input id="home-q" type="search" name="q" placeholder="Try “72 hours”, “HIPAA”, “Deutschland”, “calif”…" autocomplete="off";
                    button type="submit" { "Search" }
                }
            }
            div class="cards" {
                section class="card" {
                    h2 { "Assess an incident" }
                    @if site.mode == Mode::Server || site.offline_engine {
                        p { "Describe the incident once — when you became aware, what data, which parties and where — and get every obligation on one timeline, with the reasons and the questions still open." }
                        p { a class="button" href="assess.html" { "Open the incident form" } }
                    } @else {
                        p { "This is the static copy of the site. Run the assessment with the command line or a live server:" }
                        pre { code { "obligo query incident.toml --format table\nobligo serve   # then open http://127.0.0.1:8080/assess.html" } }
                    }
                }
                section class="card" {
                    h2 { "Compare jurisdictions" }
                    p { "Deadlines, recipients and thresholds side by side." }
                    p { a class="button secondary" href="compare.html" { "Compare" } }
                }
            }
            section {
                h2 { "Coverage at a glance" }
                table class="data" {
                    thead { tr { th { "Region" } th class="num" { "Jurisdictions" } th class="num" { "With laws of their own" } th class="num" { "Regimes" } th class="num" { "Rules" } th class="num" { "Authorities" } } }
                    tbody {
                        @for (region, c) in &s.by_region {
                            tr { td { (region.label()) } td class="num" { (c.jurisdictions) } td class="num" { (c.covered) } td class="num" { (c.regimes) } td class="num" { (c.rules) } td class="num" { (c.authorities) } }
                        }
                    }
                    tfoot { tr { th { "Total" } th class="num" { (s.total.jurisdictions) } th class="num" { (s.total.covered) } th class="num" { (s.total.regimes) } th class="num" { (s.total.rules) } th class="num" { (s.total.authorities) } } }
                }
                p class="small" {
                    "Review status of the rules: "
                    @for (status, n) in &s.rules_by_review { (review_badge(*status)) " " (n) " " }
                    a href="about.html#review" { "what this means" }
                }
                p { a href="jurisdictions.html" { "All jurisdictions →" } }
            }
            (coverage_map(&p, site.data))
        },
    )
}

pub(super) fn html_page(p: &Page<'_>, title: &str, content: Markup) -> Markup {
    layout(p, title, content)
}

pub fn jurisdictions(site: Site<'_>) -> Markup {
    let p = page(site, "", Nav::Jurisdictions);
    let mut by_region: BTreeMap<Region, Vec<&Jurisdiction>> = BTreeMap::new();
    for j in site.data.jurisdictions.values() {
        by_region.entry(j.region).or_default().push(j);
    }
    html_page(
        &p,
        "Jurisdictions",
        html! {
            h1 { "Jurisdictions" }
            @for (region, list) in &by_region {
                section {
                    h2 { (region.label()) }
                    ul class="columns" {
                        @for j in list {
                            @let regimes = site.data.regimes.values().filter(|r| r.jurisdiction == j.code).count();
                            li {
                                a href=(jurisdiction_path(&j.code)) { (j.name) }
                                " " span class="code" { (j.code) }
                                @if regimes > 0 { " " span class="small" { (regimes) " regime" @if regimes > 1 { "s" } } }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// The search page; `results` are the server's (the static copy searches
/// in the browser and passes `None`).
pub fn search_page(
    site: Site<'_>,
    query: &str,
    filter: &Filter,
    results: Option<&SearchResults>,
) -> Markup {
    let p = page(site, "", Nav::Search);
    html_page(
        &p,
        if query.is_empty() { "Search" } else { query },
        html! {
            h1 { "Search" }
            form class="big-search" role="search" action="search.html" method="get" id="search-form" {
                label for="q" class="visually-hidden" { "Search" }
                input id="q" type="search" name="q" value=(query) placeholder="Jurisdiction, authority, law, citation, “72 hours”…" autocomplete="off";
                button type="submit" { "Search" }
            }
            div id="search-results" {
                @if let Some(results) = results { (search_results_markup(results, filter)) }
            }
            @if site.mode == Mode::Static {
                noscript { p class="gap" { "Search in the static copy needs JavaScript. Browse the " a href="jurisdictions.html" { "jurisdictions" } " instead." } }
            }
        },
    )
}

fn facet_link(query: &str, kind: Option<DocKind>, jurisdiction: Option<&str>) -> String {
    let mut url = format!("search.html?q={}", urlencode(query));
    if let Some(k) = kind {
        url.push_str(&format!("&kind={}", k.label()));
    }
    if let Some(j) = jurisdiction {
        url.push_str(&format!("&j={}", urlencode(j)));
    }
    url
}

/// Percent-encodes a query-string value.
pub fn urlencode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The results part of the search page (also what the benchmarks render).
pub fn search_results_markup(results: &SearchResults, filter: &Filter) -> Markup {
    let q = &results.query;
    html! {
        @if results.hits.is_empty() && results.facets.kinds.is_empty() {
            p class="gap" { "Nothing matches “" (q) "”. Try fewer words, or another spelling." }
        } @else {
            @if !results.all_words { p class="small" { "No result has every word; showing results with any of them." } }
            nav class="facets" aria-label="Filter results" {
                a href=(facet_link(q, None, filter.jurisdiction.as_deref())) class=(if filter.kind.is_none() { "chip on" } else { "chip" }) { "All kinds" }
                @for (kind, n) in &results.facets.kinds {
                    @let k = DocKind::parse(kind);
                    a href=(facet_link(q, k, filter.jurisdiction.as_deref())) class=(if filter.kind == k { "chip on" } else { "chip" }) { (kind) " " span class="count" { (n) } }
                }
                @if results.facets.jurisdictions.len() > 1 || filter.jurisdiction.is_some() {
                    span class="facet-sep" {}
                    a href=(facet_link(q, filter.kind, None)) class=(if filter.jurisdiction.is_none() { "chip on" } else { "chip" }) { "All places" }
                    @for (j, n) in results.facets.jurisdictions.iter().take(30) {
                        a href=(facet_link(q, filter.kind, Some(j))) class=(if filter.jurisdiction.as_deref() == Some(j.as_str()) { "chip on" } else { "chip" }) { (j) " " span class="count" { (n) } }
                    }
                }
            }
            @for kind in DocKind::ALL {
                @let hits: Vec<_> = results.hits.iter().filter(|h| h.kind == kind).collect();
                @if !hits.is_empty() {
                    section class="result-group" {
                        h2 { (kind.plural()) }
                        ol class="results" {
                            @for h in hits {
                                li {
                                    a href=(h.path) { (h.title) } " " span class="code" { (h.jurisdiction) }
                                    p class="snippet" { @for piece in &h.snippet { @if piece.mark { mark { (piece.text) } } @else { (piece.text) } } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

pub fn about(site: Site<'_>) -> Markup {
    let p = page(site, "", Nav::About);
    html_page(
        &p,
        "About and methodology",
        html! {
            h1 { "About obligo" }
            p class="lead" { "obligo answers one question during an incident: who must notify whom, by when, and why. It is a community dataset of notification rules with a small, explainable engine." }
            p class="dataset-version" {
                "obligo " (env!("CARGO_PKG_VERSION")) " · dataset as of "
                strong { (latest_review(site.data).map(|d| d.to_string()).unwrap_or_else(|| "an unknown date".into())) }
                " (its latest review) · " (site.data.jurisdictions.len()) " jurisdictions, "
                (site.data.regimes.len()) " laws, " (site.data.rules.len()) " rules"
            }
            section id="not-legal-advice" {
                h2 { "Not legal advice" }
                p { "obligo summarises notification rules so that you can find and read them quickly. It does not replace the official text or your counsel. Every obligation links to its source: check it." }
            }
            section id="review" {
                h2 { "How the data is curated" }
                p { "Each jurisdiction is one TOML file under " code { "data/jurisdictions/" } ". Every law (regime) and rule carries a citation, a link to the official text (legislation portal, official journal or regulator) and a review record: when it was last reviewed, by whom, and how far." }
                ul {
                    li { (review_badge(ReviewStatus::Verified)) " — checked against the official text or a faithful copy of it." }
                    li { (review_badge(ReviewStatus::Unverified)) " — recorded from secondary sources or not fully checked; the note says what is missing. An honest gap beats a confident error." }
                    li { (review_badge(ReviewStatus::Outdated)) " — known to have changed since the review." }
                }
                p { "Laws are recorded as they stand, with the dates each version applies from, so an incident is judged by the law in force on its date. A proposed law is shown but never creates an obligation." }
            }
            section id="engine" {
                h2 { "How the engine decides" }
                ol {
                    li { "For every rule, it checks the connection to the jurisdiction: the organisation is established there, or affected people live there." }
                    li { "It evaluates each condition — incident kind, data, sector, entity type, number of affected people, risk facts, exemptions such as encryption — as true, false or unknown." }
                    li { "A rule with a false condition does not apply, and the answer says why. A rule with only true conditions applies. A rule with unknown conditions is shown as conditional, with the questions that would settle it: an unknown never silently adds or drops an obligation." }
                    li { "Deadlines are absolute instants: hours are elapsed time; days and months keep the local wall-clock time in the authority's time zone (so daylight-saving changes are handled); business days skip weekends and public holidays." }
                    li { "The recipient authority is resolved from where the organisation is established (e.g. the lead authority under GDPR's one-stop-shop, a German Land's authority) or where the affected people live." }
                }
            }
            section id="contribute" {
                h2 { "Contributing" }
                p { "Found an error? Every page names the data file and line it comes from. Correct it, run " code { "obligo check" } ", and open a pull request; see CONTRIBUTING.md." }
            }
            section id="privacy" {
                h2 { "Privacy" }
                p { "The server stores and logs nothing about your queries: no incident fields, no search terms, no cookies, no third-party assets. An assessment's permalink carries the incident in its own URL; treat it with the care its TLP marking asks for." }
            }
        },
    )
}

/// The home page's map: every country by what obligo knows of its law.
fn coverage_map(p: &Page<'_>, data: &Dataset) -> Markup {
    // A territory with its own ISO code is on file under its country's
    // (`PR` is `US-PR`).
    let on_file = |code: &str| {
        data.jurisdictions.get(code).or_else(|| {
            data.jurisdictions.values().find(|j| {
                j.kind == JurisdictionKind::Territory
                    && j.code.split_once('-').is_some_and(|(_, rest)| rest == code)
            })
        })
    };
    let class_of = |code: &str| -> (&'static str, &'static str) {
        let Some(j) = on_file(code) else {
            return ("map-missing", "not on file yet");
        };
        if data
            .reach(&j.code)
            .iter()
            .any(|c| !data.rules_in(c).is_empty())
        {
            ("map-covered", "notification rules recorded")
        } else if j.breach_duty.is_some() {
            ("map-no-duty", "reviewed: no general duty found")
        } else {
            (
                "map-unreviewed",
                "authorities on file, law not reviewed yet",
            )
        }
    };
    let name = |code: &str| match on_file(code) {
        Some(j) => j.name.clone(),
        None => {
            rust_iso3166::from_alpha2(code).map_or_else(|| code.to_string(), |c| c.name.to_string())
        }
    };
    let mark = |code: &str| {
        let (class, words) = class_of(code);
        Some(super::map::Mark {
            class,
            title: format!("{}: {words}", name(code)),
            href: on_file(code).map(|j| p.link(&crate::search::jurisdiction_path(&j.code))),
        })
    };
    let drawn: Vec<&str> = super::map::drawable().collect();
    let legend: Vec<super::map::LegendEntry> = [
        ("map-covered", "Notification rules recorded"),
        ("map-no-duty", "Reviewed: no general duty found"),
        (
            "map-unreviewed",
            "Authorities on file, law not reviewed yet",
        ),
        ("map-missing", "Not on file yet"),
    ]
    .into_iter()
    .map(|(class, label)| super::map::LegendEntry {
        class,
        label: label.to_string(),
        places: drawn
            .iter()
            .filter(|c| class_of(c).0 == class)
            .map(|c| name(c))
            .collect(),
    })
    .collect();
    html! {
        section class="coverage-map" {
            h2 { "Coverage" }
            (super::map::world_map("World map of obligo's coverage by country", &mark, &legend))
        }
    }
}

/// The newest review date of any record: how fresh the dataset is.
pub(super) fn latest_review(data: &Dataset) -> Option<jiff::civil::Date> {
    let regimes = data.regimes.values().map(|r| r.review.last_reviewed);
    let rules = data.rules.iter().map(|r| r.review.last_reviewed);
    let places = data
        .jurisdictions
        .values()
        .filter_map(|j| j.review.as_ref().map(|r| r.last_reviewed));
    regimes.chain(rules).chain(places).max()
}
