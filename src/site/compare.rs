//! The compare page: every notice the laws reaching the chosen places
//! require, side by side, filtered by recipient and by outer limit, with
//! a CSV of what is shown. One table serves the server and the static
//! export: each row carries its law's jurisdiction, its recipient and its
//! limit in hours, and each place's checkbox the jurisdictions it lies
//! within, so the browser can filter it without a server.

use maud::{Markup, html};

use super::pages::{date_text, deadline_words, html_page, page};
use super::{Nav, Site, status_badge};
use crate::model::*;
use crate::search::{self, jurisdiction_path};

/// What the visitor asked to compare.
#[derive(Debug, Default, Clone)]
pub struct CompareQuery {
    /// Canonical codes of the places chosen (none: everything).
    pub places: Vec<String>,
    /// Only notices to this kind of recipient.
    pub recipient: Option<String>,
    /// Only notices whose outer limit is at most this many hours.
    pub within_hours: Option<i64>,
    /// What in the request could not be read, to show instead of ignoring.
    pub problems: Vec<String>,
}

impl CompareQuery {
    /// Reads `j`, `recipient` and `within` from the query pairs; an unknown
    /// code or value is kept as a problem for the page to state.
    pub fn parse(data: &Dataset, pairs: &[(String, String)]) -> CompareQuery {
        let mut q = CompareQuery::default();
        for (key, value) in pairs.iter().take(400) {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            match key.as_str() {
                "j" => match crate::incident::resolve_code(data, value) {
                    Ok((code, true)) => {
                        if !q.places.contains(&code) {
                            q.places.push(code);
                        }
                    }
                    Ok((code, false)) => q.problems.push(format!(
                        "obligo has no data for {code} yet, so it cannot be compared"
                    )),
                    Err(message) => q.problems.push(message),
                },
                "recipient" => {
                    if data.taxonomy.contains(Section::RecipientKinds, value) {
                        q.recipient = Some(value.to_string());
                    } else {
                        q.problems.push(format!(
                            "`{value}` is not a kind of recipient in the dataset"
                        ));
                    }
                }
                "within" => match value.trim_end_matches('h').parse::<i64>() {
                    Ok(h) if (1..=100_000).contains(&h) => q.within_hours = Some(h),
                    _ => q.problems.push(format!(
                        "`{value}` is not a number of hours (e.g. within=72)"
                    )),
                },
                _ => {}
            }
        }
        q
    }

    fn is_filtered(&self) -> bool {
        !self.places.is_empty() || self.recipient.is_some() || self.within_hours.is_some()
    }
}

/// The outer limit in hours at its longest, for the "72 hours or less"
/// filter: business days count as calendar days plus the weekends they
/// can span, months as 31 days. `None`: no limit, or a clock that is not
/// counted in time (the end of the year).
fn limit_hours(d: &DeadlineSpec) -> Option<i64> {
    if d.from == ClockStart::YearEnd {
        return None;
    }
    Some(match d.limit? {
        Limit::Hours(h) => h,
        Limit::Days(n) => n * 24,
        Limit::BusinessDays(n) => (n + 2 * (n / 5 + 1)) * 24,
        Limit::Months(n) => n * 31 * 24,
    })
}

struct Row<'a> {
    rule: &'a Rule,
    regime: &'a Regime,
    obligation: &'a ObligationSpec,
    /// The chosen places the rule reaches from above ("reaches France").
    chosen_below: Vec<&'a str>,
}

pub fn compare(site: Site<'_>, q: &CompareQuery) -> Markup {
    let p = page(site, "", Nav::Compare);
    let data = site.data;
    let mut rows: Vec<Row<'_>> = Vec::new();
    for rule in &data.rules {
        let within = |c: &&String| data.is_within(c, &rule.jurisdiction);
        if !q.places.is_empty() && !q.places.iter().any(|c| within(&c)) {
            continue;
        }
        let chosen_below: Vec<&str> = q
            .places
            .iter()
            .filter(|c| within(c) && **c != rule.jurisdiction)
            .map(String::as_str)
            .collect();
        for o in &rule.obligations {
            if q.recipient.as_ref().is_some_and(|r| r != &o.recipient) {
                continue;
            }
            if let Some(max) = q.within_hours {
                if limit_hours(&o.deadline).is_none_or(|h| h > max) {
                    continue;
                }
            }
            rows.push(Row {
                rule,
                regime: &data.regimes[&rule.regime],
                obligation: o,
                chosen_below: chosen_below.clone(),
            });
        }
    }
    let name = |code: &str| {
        data.jurisdictions
            .get(code)
            .map(|j| j.name.clone())
            .unwrap_or_else(|| code.to_string())
    };
    let mut by_region: Vec<(Region, Vec<&Jurisdiction>)> = Vec::new();
    for j in data.jurisdictions.values() {
        match by_region.iter_mut().find(|(r, _)| *r == j.region) {
            Some((_, list)) => list.push(j),
            None => by_region.push((j.region, vec![j])),
        }
    }
    by_region.sort_by_key(|(r, _)| r.label());
    for (_, list) in &mut by_region {
        list.sort_by(|a, b| a.name.cmp(&b.name));
    }
    let recipients = data.taxonomy.terms(Section::RecipientKinds);
    html_page(
        &p,
        "Compare jurisdictions",
        html! {
            h1 { "Compare jurisdictions" }
            @if !q.problems.is_empty() {
                div class="problems" role="alert" {
                    ul { @for m in &q.problems { li { (m) } } }
                }
            }
            form class="compare-form" action="compare.html" method="get" {
                fieldset {
                    legend { "Places to compare (the laws that reach each one, from above too: GDPR for Germany)" }
                    p class="toggles" {
                        "Select: "
                        @for (code, label) in [("EU", "all EU members"), ("US", "all US states"), ("CA", "all Canadian provinces"), ("DE", "all German Länder")] {
                            button type="button" class="secondary select-within" data-within=(code) { (label) } " "
                        }
                        button type="button" class="secondary select-none" { "none" }
                    }
                    @for (region, list) in &by_region {
                        details class="region" open[list.iter().any(|j| q.places.contains(&j.code))] {
                            summary { (region.label()) " (" (list.len()) ")" }
                            div class="checks" {
                                @for j in list {
                                    @let within = j.within.join(" ");
                                    @let direct = j.parent.iter().chain(&j.member_of).cloned().collect::<Vec<_>>().join(" ");
                                    label {
                                        input type="checkbox" name="j" value=(j.code) data-within=(within) data-in=(direct) checked[q.places.contains(&j.code)];
                                        " " (j.name)
                                    }
                                }
                            }
                        }
                    }
                }
                div class="row" {
                    label { "Recipient "
                        select name="recipient" {
                            option value="" selected[q.recipient.is_none()] { "any" }
                            @for (kind, _) in recipients {
                                option value=(kind) selected[q.recipient.as_deref() == Some(kind.as_str())] { (crate::summary::human_kind(data, kind)) }
                            }
                        }
                    }
                    label { "Outer limit "
                        select name="within" {
                            option value="" selected[q.within_hours.is_none()] { "any" }
                            @for (h, label) in [(24, "24 hours or less"), (72, "72 hours or less"), (168, "7 days or less"), (720, "30 days or less")] {
                                option value=(h) selected[q.within_hours == Some(h)] { (label) }
                            }
                        }
                    }
                    button type="submit" { "Compare" }
                    " "
                    button type="button" class="secondary" id="compare-csv" { "Download CSV of the rows shown" }
                }
            }
            p class="small" {
                span id="compare-count" { @if q.is_filtered() { (rows.len()) " notice(s) match. " } @else { "Every notice in the dataset (" (rows.len()) "). " } }
                "Each row is one notice a law requires; thresholds and exemptions decide whether it applies to an incident."
            }
            div class="table-scroll" {
                table class="data compare" id="compare-table" {
                    thead { tr { th { "Where" } th { "Law" } th { "Recipient" } th { "Stage" } th { "Outer limit" } th { "Thresholds and exemptions" } } }
                    tbody {
                        @for row in &rows {
                            @let c = &row.rule.when.criteria;
                            @let hours = limit_hours(&row.obligation.deadline).map(|h| h.to_string()).unwrap_or_default();
                            tr data-j=(row.rule.jurisdiction) data-recipient=(row.obligation.recipient) data-hours=(hours) {
                                td {
                                    a href=(jurisdiction_path(&row.rule.jurisdiction)) { (name(&row.rule.jurisdiction)) }
                                    @if !row.chosen_below.is_empty() { br; span class="small" { "reaches " (row.chosen_below.iter().map(|c| name(c)).collect::<Vec<_>>().join(", ")) } }
                                }
                                td {
                                    a href=(format!("{}#rule-{}", search::regime_path(&row.regime.id), row.rule.id)) { (row.regime.title) }
                                    @if row.regime.status != LegalStatus::InForce { " " (status_badge(row.regime.status)) }
                                    br; span class="small" { (row.rule.citation) }
                                    @if row.rule.applies_from.is_some() || row.rule.applies_until.is_some() {
                                        br; span class="small" { "version " (date_text(row.rule.applies_from.or(row.regime.applies_from))) " – " (date_text(row.rule.applies_until)) }
                                    }
                                }
                                td { (crate::summary::human_kind(data, &row.obligation.recipient)) }
                                td { (row.obligation.stage.report()) }
                                td { strong { (deadline_words(&row.obligation.deadline)) } }
                                td class="small" {
                                    @if let Some(n) = c.affected_at_least { "≥ " (n) " people. " }
                                    @if let Some(n) = c.affected_more_than { "> " (n) " people. " }
                                    @if let Some(n) = c.affected_fewer_than { "< " (n) " people. " }
                                    @if !c.facts.is_empty() { "Requires " (c.facts.join(", ")) ". " }
                                    @if !c.determinations.is_empty() { "Determined to be " (c.determinations.join(", ")) ". " }
                                    @if !c.unless.is_empty() { "Exempt if " (c.unless.join(", ")) ". " }
                                    @if !c.any_of.is_empty() { "Alternatives: see the rule." }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}
