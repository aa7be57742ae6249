//! The pages of one record of the dataset: a jurisdiction (with every
//! obligation that reaches it), a law with its rules, an authority. Each
//! ends with a "for contributors" section: the data file and line, and what
//! each review checked.

use maud::{Markup, html};

use super::pages::{
    authority_link, conditions, date_text, deadline_words, html_page, jurisdiction_link,
    latest_review, page, regime_link, scope_label,
};
use super::{Nav, Site, external, review_badge, status_badge};
use crate::export;
use crate::model::*;
use crate::search::{self, authority_path};

/// Every rule whose law reaches this jurisdiction: its own, its parents' and its unions'.
fn rules_reaching<'a>(data: &'a Dataset, code: &str) -> Vec<&'a Rule> {
    let reach = data.reach(code);
    let mut rules: Vec<&Rule> = data
        .rules
        .iter()
        .filter(|r| reach.contains(&r.jurisdiction))
        .collect();
    rules.sort_by_key(|r| reach.iter().position(|c| c == &r.jurisdiction));
    rules
}

pub fn jurisdiction(site: Site<'_>, j: &Jurisdiction) -> Markup {
    let p = page(site, "../", Nav::Jurisdictions);
    let data = site.data;
    let record = export::jurisdiction(data, j);
    let regimes: Vec<&Regime> = data
        .regimes
        .values()
        .filter(|r| r.jurisdiction == j.code)
        .collect();
    let authorities: Vec<&Authority> = data
        .authorities
        .values()
        .filter(|a| a.jurisdiction == j.code)
        .collect();
    // Pages depend only on the dataset, so "in force" is judged on the
    // dataset's date (its newest review), not on the day the page is read.
    let as_of = latest_review(data);
    let mut timeline: Vec<(Option<i64>, &Rule, &ObligationSpec)> = Vec::new();
    let mut other_times: Vec<(Option<i64>, &Rule, &ObligationSpec)> = Vec::new();
    for rule in rules_reaching(data, &j.code) {
        let current = phase(&data.regimes[&rule.regime], rule, as_of) == Phase::Current;
        for o in &rule.obligations {
            let item = (export::deadline(&o.deadline).hours, rule, o);
            if current {
                timeline.push(item);
            } else {
                other_times.push(item);
            }
        }
    }
    timeline.sort_by_key(|(h, _, _)| (h.is_none(), *h));
    other_times.sort_by_key(|(h, _, _)| (h.is_none(), *h));
    let key = key_deadlines(&timeline, true);
    let key_limited = key_deadlines(&timeline, false);
    html_page(
        &p,
        &j.name,
        html! {
            p class="crumbs" { a href="../jurisdictions.html" { "Jurisdictions" } " › " (j.region.label()) }
            h1 { (j.name) " " span class="code" { (j.code) } }
            @if !j.local_names.is_empty() || !j.alt_names.is_empty() {
                p class="lead" { (j.local_names.iter().chain(&j.alt_names).cloned().collect::<Vec<_>>().join(" · ")) }
            }
            @if !key.is_empty() || !key_limited.is_empty() {
                section class="key-deadlines" aria-labelledby="key-deadlines" {
                    h2 id="key-deadlines" { "Key deadlines" }
                    p class="small" { "The shortest outer limit to each kind of recipient under the laws in force that reach " (j.name) @if let Some(d) = as_of { " (as of " (d) ")" } ", counted from awareness unless said. Whether each applies depends on the incident." }
                    @if !key.is_empty() {
                        h3 { "For any organisation" }
                        (key_list(data, j, &key))
                    }
                    @if !key_limited.is_empty() {
                        h3 { "Shorter, for some sectors or kinds of organisation" }
                        (key_list(data, j, &key_limited))
                    }
                }
            }
            @if let Some(duty) = j.breach_duty {
                div class="reviewed" {
                    p { strong { "Reviewed: " } (duty.label()) @if let Some(r) = &j.review { " (as of " (r.last_reviewed) ", " (review_badge(r.status)) ")" } "." }
                    @if let Some(note) = j.review.as_ref().and_then(|r| r.note.as_deref()) { p class="small" { (note) } }
                }
            }
            dl class="facts" {
                dt { "Kind" } dd { (j.kind.label()) }
                dt { "Time zone" } dd { (j.time_zone_name) " " span class="small" { "(days and business days are counted here)" } }
                @if let Some(parent) = &j.parent { dt { "Part of" } dd { (jurisdiction_link(&p, parent)) } }
                @if !j.member_of.is_empty() {
                    dt { "Member of" } dd { @for (i, m) in j.member_of.iter().enumerate() { @if i > 0 { ", " } (jurisdiction_link(&p, m)) } }
                }
                @if !record.subdivisions.is_empty() {
                    dt { "Includes" } dd { @for (i, m) in record.subdivisions.iter().enumerate() { @if i > 0 { ", " } (jurisdiction_link(&p, m)) } }
                }
                @if !j.aliases.is_empty() { dt { "Also written" } dd { (j.aliases.join(", ")) } }
            }
            section {
                h2 { "Authorities" }
                @if authorities.is_empty() {
                    p class="gap" { "No authority recorded yet. " a href="../about.html#contribute" { "Help add it." } }
                } @else {
                    div class="cards" {
                        @for a in &authorities {
                            div class="card" {
                                h3 { a href=(format!("../{}", authority_path(&a.id))) { (a.name) } }
                                @if let Some(l) = &a.local_name { p class="small" { (l) } }
                                p { span class="badge kind" { (crate::summary::human_kind(data, &a.kind)) } }
                                p { (external(&a.website, "Website")) @if let Some(portal) = &a.portal { " · " (external(portal, "Notification portal")) } }
                            }
                        }
                    }
                }
            }
            section {
                h2 { "Laws" }
                @if regimes.is_empty() {
                    p class="gap" { "No law of this jurisdiction itself is recorded yet; the laws that reach it from above are listed in the timeline below." }
                } @else {
                    ul {
                        @for r in &regimes {
                            li { (regime_link(&p, r)) " " (status_badge(r.status)) " " (review_badge(r.review.status)) br; span class="small" { (r.citation) } }
                        }
                    }
                }
            }
            section {
                h2 { "Obligations, relative to awareness" }
                p class="small" { "Every obligation a law reaching " (j.name) " can create, shortest outer limit first. Whether each applies depends on the incident: " a href="../assess.html" { "assess an incident" } "." }
                @let (own, inherited): (Vec<_>, Vec<_>) = timeline.iter().partition(|(_, rule, _)| rule.jurisdiction == j.code);
                @if timeline.is_empty() {
                    p class="gap" { "None recorded." }
                }
                @if !own.is_empty() {
                    h3 { "Under the laws of " (j.name) }
                    (timeline_view(data, &own, true))
                }
                @if !inherited.is_empty() {
                    h3 { "Under laws that reach " (j.name) " from above" }
                    (timeline_view(data, &inherited, true))
                }
                @if !other_times.is_empty() {
                    details class="history" {
                        summary { "History and coming: " (other_times.len()) " obligations of versions no longer in force, not yet in force, or only proposed" }
                        (timeline_view(data, &other_times.iter().collect::<Vec<_>>(), false))
                    }
                }
            }
            section class="for-contributors" id="for-contributors" {
                h2 { "For contributors" }
                p class="small" { "Data file: " code { (j.origin.file) ":" (j.origin.line) } " — correct it there and open a pull request (see CONTRIBUTING.md)." }
            }
        },
    )
}

type TimelineItem<'a> = (Option<i64>, &'a Rule, &'a ObligationSpec);

fn key_list(data: &Dataset, j: &Jurisdiction, items: &[TimelineItem<'_>]) -> Markup {
    html! {
        ul class="key-list" {
            @for (_, rule, o) in items {
                @let regime = &data.regimes[&rule.regime];
                li {
                    strong { (short_limit(&o.deadline)) }
                    " to the " (crate::summary::human_kind(data, &o.recipient))
                    @if o.stage != Stage::Single { " (" (o.stage.label()) ")" }
                    " — " a href=(format!("../{}#rule-{}", search::regime_path(&regime.id), rule.id)) { (regime.title) }
                    @if rule.jurisdiction != j.code { " " span class="small" { "(" (rule.jurisdiction) ")" } }
                    @if let Some(only) = only_for(data, rule) { br; span class="small" { "Only for " (only) "." } }
                }
            }
        }
    }
}

/// Where a rule stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Current,
    /// Proposed, or adopted with a start date still ahead.
    Coming,
    /// Repealed, or a version whose end date has passed.
    Past,
}

fn phase(regime: &Regime, rule: &Rule, as_of: Option<jiff::civil::Date>) -> Phase {
    if regime.status == LegalStatus::Proposed {
        return Phase::Coming;
    }
    let (from, until) = rule.applies_between(regime);
    match as_of {
        Some(day) if from.is_some_and(|f| f > day) => Phase::Coming,
        Some(day) if until.is_some_and(|u| u <= day) => Phase::Past,
        _ if regime.status == LegalStatus::Repealed => Phase::Past,
        _ => Phase::Current,
    }
}

/// For each kind of recipient, the obligation with the shortest outer
/// limit (an unbounded "without undue delay" only where no limit exists),
/// shortest first. `general` picks among rules for any organisation; the
/// others among rules for some sectors or types only, where they are
/// shorter than the general one (DORA's 4 hours next to GDPR's 72).
fn key_deadlines<'a>(timeline: &[TimelineItem<'a>], general: bool) -> Vec<TimelineItem<'a>> {
    let limited = |rule: &Rule| only_for_terms(rule).next().is_some();
    let shorter = |a: Option<i64>, b: Option<i64>| match (a, b) {
        (Some(a), Some(b)) => a < b,
        (Some(_), None) => true,
        _ => false,
    };
    let shortest = |pick: &dyn Fn(&Rule) -> bool| {
        let mut best: Vec<TimelineItem<'a>> = Vec::new();
        for item in timeline.iter().filter(|(_, rule, _)| pick(rule)) {
            match best.iter_mut().find(|b| b.2.recipient == item.2.recipient) {
                Some(held) if shorter(item.0, held.0) => *held = *item,
                Some(_) => {}
                None => best.push(*item),
            }
        }
        best
    };
    let everyone = shortest(&|rule| !limited(rule));
    let mut out = if general {
        everyone
    } else {
        shortest(&limited)
            .into_iter()
            .filter(|item| {
                everyone
                    .iter()
                    .find(|g| g.2.recipient == item.2.recipient)
                    .is_none_or(|g| shorter(item.0, g.0))
            })
            .filter(|item| item.0.is_some())
            .collect()
    };
    out.sort_by_key(|(h, _, _)| (h.is_none(), *h));
    out.truncate(6);
    out
}

fn only_for_terms(rule: &Rule) -> impl Iterator<Item = (Section, &String)> {
    let c = &rule.when.criteria;
    c.sectors
        .iter()
        .map(|s| (Section::Sectors, s))
        .chain(c.entity_types.iter().map(|e| (Section::EntityTypes, e)))
}

/// Whom a rule is limited to by its sectors or entity types, in the
/// taxonomy's words.
fn only_for(data: &Dataset, rule: &Rule) -> Option<String> {
    let words: Vec<String> = only_for_terms(rule)
        .map(
            |(section, term)| match data.taxonomy.terms(section).get(term) {
                Some(t) => {
                    let d = t.definition.trim_end_matches('.');
                    let mut chars = d.chars();
                    match chars.next() {
                        Some(first) => first.to_lowercase().chain(chars).collect(),
                        None => term.replace('-', " "),
                    }
                }
                None => term.replace('-', " "),
            },
        )
        .collect();
    (!words.is_empty()).then(|| words.join("; or "))
}

/// "72 hours", "3 days", "10 business days" as the law counts them (with
/// the clock's start where it is not awareness), or the law's words where
/// it sets no number.
fn short_limit(d: &DeadlineSpec) -> String {
    match d.limit {
        Some(limit) if d.from == ClockStart::Aware => limit.describe(),
        Some(_) => deadline_words(d),
        None => d.text.clone(),
    }
}

/// `current`: the rules in force, where a start date already past is no
/// news and is not shown as a badge.
fn timeline_view(data: &Dataset, items: &[&TimelineItem<'_>], current: bool) -> Markup {
    html! {
        ol class="timeline" {
            @for (_, rule, o) in items {
                @let regime = &data.regimes[&rule.regime];
                li {
                    span class="when" { (deadline_words(&o.deadline)) }
                    span class="what" {
                        strong { (o.recipient.replace('-', " ")) }
                        @if o.stage != Stage::Single { " · " (o.stage.label()) }
                        " — " a href=(format!("../{}#rule-{}", search::regime_path(&regime.id), rule.id)) { (rule.title) }
                        " " span class="small" { "(" (rule.jurisdiction) ", " (regime.title) ")" }
                        @if regime.status != LegalStatus::InForce { " " (status_badge(regime.status)) }
                        @if let Some(until) = rule.applies_until { " " span class="badge repealed" { "until " (until) } }
                        @if let Some(from) = rule.applies_from.or(regime.applies_from).filter(|_| !current) { " " span class="badge adopted" { "from " (from) } }
                    }
                }
            }
        }
    }
}

pub fn regime(site: Site<'_>, r: &Regime) -> Markup {
    let p = page(site, "../", Nav::Jurisdictions);
    let data = site.data;
    let rules: Vec<&Rule> = data.rules_of(&r.id).collect();
    html_page(
        &p,
        &r.title,
        html! {
            p class="crumbs" { a href="../jurisdictions.html" { "Jurisdictions" } " › " (jurisdiction_link(&p, &r.jurisdiction)) }
            h1 { (r.title) }
            p { (status_badge(r.status)) " " (review_badge(r.review.status)) }
            dl class="facts" {
                dt { "Citation" } dd { (r.citation) }
                dt { "Official text" } dd { (external(&r.source, &r.source)) }
                dt { "Applies from" } dd { (date_text(r.applies_from)) }
                @if r.applies_until.is_some() { dt { "Applies until" } dd { (date_text(r.applies_until)) } }
                dt { "Territorial scope" } dd {
                    ul class="scope" {
                        @for b in &r.scope {
                            li { strong { (scope_label(b.basis)) } " — " (b.citation) @if let Some(n) = &b.note { br; span class="small" { (n) } } }
                        }
                    }
                }
                dt { "Last reviewed" } dd { (r.review.last_reviewed) " by " (r.review.reviewed_by) " · " (review_badge(r.review.status)) @if r.review.note.is_some() { " · " a href="#for-contributors" { "what was checked" } } }
            }
            @if let Some(summary) = &r.summary { p class="lead" { (summary) } }
            @if rules.is_empty() {
                p class="gap" { "No rules of its own: see the summary." }
            }
            @for rule in &rules {
                section class="rule" id=(format!("rule-{}", rule.id)) {
                    h2 { (rule.title) }
                    p class="small" {
                        (rule.citation) " · " (external(&rule.source, "official text"))
                        @let from = rule.applies_from.or(r.applies_from);
                        @if from != r.applies_from || rule.applies_until.is_some() {
                            " · this version applies " (date_text(from)) " – " (date_text(rule.applies_until))
                        }
                        @if rule.review.status != r.review.status { " · " (review_badge(rule.review.status)) }
                    }
                    h3 { "When it applies" }
                    ul class="conditions" { @for line in conditions(rule) { li { (line) } } }
                    @if let Some(note) = &rule.note { p class="note" { (note) } }
                    h3 { "Obligations" }
                    div class="table-scroll" {
                        table class="data" {
                            thead { tr { th { "Stage" } th { "Recipient" } th { "Deadline" } th { "Content" } } }
                            tbody {
                                @for o in &rule.obligations {
                                    tr {
                                        td { (o.stage.report()) }
                                        td {
                                            (crate::summary::human_kind(data, &o.recipient))
                                            @match &o.authority {
                                                AuthoritySpec::Fixed(id) => { br; (authority_link(&p, id)) }
                                                AuthoritySpec::WhereEstablished => { br; span class="small" { "the competent authority where the organisation is established" } }
                                                AuthoritySpec::WhereResident => { br; span class="small" { "the competent authority where the affected people live" } }
                                                AuthoritySpec::None => {}
                                            }
                                        }
                                        td { strong { (deadline_words(&o.deadline)) } br; span class="small" { "“" (o.deadline.text) "”" } @if let Some(c) = &o.citation { br; span class="small" { (c) } } }
                                        td {
                                            @if o.content.is_empty() { span class="small" { "not specified" } }
                                            @else { ul class="tight" { @for c in o.content.iter() { li { (c) } } } }
                                            @if let Some(m) = &o.method { p class="small" { "How: " (m) } }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            section class="for-contributors" id="for-contributors" {
                h2 { "For contributors" }
                p class="small" { "What each record's review checked, and where to correct it: open a pull request against the data file (see CONTRIBUTING.md)." }
                dl class="facts" {
                    dt { "This law" } dd {
                        code { (r.origin.file) ":" (r.origin.line) } " · " (review_badge(r.review.status)) " " (r.review.last_reviewed)
                        @if let Some(note) = &r.review.note { p class="note" { (note) } }
                    }
                    @for rule in &rules {
                        dt { a href=(format!("#rule-{}", rule.id)) { (rule.title) } }
                        dd {
                            code { (rule.origin.file) ":" (rule.origin.line) } " · " (review_badge(rule.review.status)) " " (rule.review.last_reviewed)
                            @if let Some(note) = rule.review.note.as_ref().filter(|n| Some(*n) != r.review.note.as_ref()) { p class="note" { (note) } }
                        }
                    }
                }
            }
        },
    )
}

pub fn authority(site: Site<'_>, a: &Authority) -> Markup {
    let p = page(site, "../", Nav::Jurisdictions);
    let data = site.data;
    let competent_in: Vec<&Jurisdiction> = data
        .jurisdictions
        .values()
        .filter(|j| j.competent.values().any(|id| id == &a.id))
        .collect();
    let rules: Vec<&Rule> = data
        .rules
        .iter()
        .filter(|r| {
            r.obligations.iter().any(|o| match &o.authority {
                AuthoritySpec::Fixed(id) => id == &a.id,
                AuthoritySpec::WhereEstablished | AuthoritySpec::WhereResident => {
                    o.recipient == a.kind
                        && competent_in
                            .iter()
                            .any(|j| data.is_within(&j.code, &r.jurisdiction))
                }
                AuthoritySpec::None => false,
            })
        })
        .collect();
    html_page(
        &p,
        &a.name,
        html! {
            p class="crumbs" { a href="../jurisdictions.html" { "Jurisdictions" } " › " (jurisdiction_link(&p, &a.jurisdiction)) }
            h1 { (a.name) }
            @if let Some(l) = &a.local_name { p class="lead" { (l) } }
            dl class="facts" {
                dt { "Kind" } dd { (crate::summary::human_kind(data, &a.kind)) }
                dt { "Jurisdiction" } dd { (jurisdiction_link(&p, &a.jurisdiction)) }
                dt { "Website" } dd { (external(&a.website, &a.website)) }
                dt { "Notification portal" } dd { @match &a.portal { Some(u) => (external(u, u)), None => span class="gap" { "not recorded" } } }
                @if let Some(c) = &a.contact { dt { "Contact" } dd { (c) } }
                @if !competent_in.is_empty() {
                    dt { "Competent for" } dd { @for (i, j) in competent_in.iter().enumerate() { @if i > 0 { ", " } (jurisdiction_link(&p, &j.code)) } }
                }
            }
            h2 { "Rules that notify it" }
            @if rules.is_empty() { p class="gap" { "None recorded." } }
            ul {
                @for rule in &rules {
                    li { a href=(format!("../{}#rule-{}", search::regime_path(&rule.regime), rule.id)) { (rule.title) } " " span class="small" { "(" (rule.jurisdiction) ")" } }
                }
            }
            section class="for-contributors" id="for-contributors" {
                h2 { "For contributors" }
                p class="small" { "Data file: " code { (a.origin.file) ":" (a.origin.line) } " — correct it there and open a pull request (see CONTRIBUTING.md)." }
            }
        },
    )
}
