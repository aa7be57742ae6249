//! Coverage of the dataset, for `obligo stats`: what is there, by region
//! and by review status, so gaps are visible.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::Serialize;

use crate::model::{Dataset, Region, ReviewStatus};

#[derive(Debug, Clone, Serialize, Default)]
pub struct Counts {
    pub jurisdictions: usize,
    /// Jurisdictions with at least one regime.
    pub covered: usize,
    pub regimes: usize,
    pub rules: usize,
    pub authorities: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    pub total: Counts,
    pub by_region: BTreeMap<Region, Counts>,
    /// Rules by the review status of their data.
    pub rules_by_review: BTreeMap<ReviewStatus, usize>,
    pub regimes_by_review: BTreeMap<ReviewStatus, usize>,
}

pub fn compute(data: &Dataset) -> Stats {
    let mut total = Counts::default();
    let mut by_region: BTreeMap<Region, Counts> = BTreeMap::new();
    for j in data.jurisdictions.values() {
        let c = by_region.entry(j.region).or_default();
        let regimes = data
            .regimes
            .values()
            .filter(|r| r.jurisdiction == j.code)
            .count();
        let rules = data
            .rules
            .iter()
            .filter(|r| r.jurisdiction == j.code)
            .count();
        let authorities = data
            .authorities
            .values()
            .filter(|a| a.jurisdiction == j.code)
            .count();
        for counts in [&mut *c, &mut total] {
            counts.jurisdictions += 1;
            counts.covered += usize::from(regimes > 0);
            counts.regimes += regimes;
            counts.rules += rules;
            counts.authorities += authorities;
        }
    }
    let mut rules_by_review = BTreeMap::new();
    for r in &data.rules {
        *rules_by_review.entry(r.review.status).or_insert(0) += 1;
    }
    let mut regimes_by_review = BTreeMap::new();
    for r in data.regimes.values() {
        *regimes_by_review.entry(r.review.status).or_insert(0) += 1;
    }
    Stats {
        total,
        by_region,
        rules_by_review,
        regimes_by_review,
    }
}

pub fn render(s: &Stats) -> String {
    let mut out = String::new();
    let row = |out: &mut String, name: &str, c: &Counts| {
        let _ = writeln!(
            out,
            "{name:<16} {:>13} {:>8} {:>8} {:>6} {:>12}",
            c.jurisdictions, c.covered, c.regimes, c.rules, c.authorities
        );
    };
    let _ = writeln!(
        out,
        "{:<16} {:>13} {:>8} {:>8} {:>6} {:>12}",
        "REGION", "JURISDICTIONS", "COVERED", "REGIMES", "RULES", "AUTHORITIES"
    );
    for (region, c) in &s.by_region {
        row(&mut out, region.label(), c);
    }
    row(&mut out, "Total", &s.total);
    let _ = writeln!(
        out,
        "\n(COVERED: jurisdictions with at least one regime of their own.)\n"
    );
    for (label, map) in [
        ("Regimes", &s.regimes_by_review),
        ("Rules", &s.rules_by_review),
    ] {
        let parts: Vec<String> = map
            .iter()
            .map(|(k, v)| format!("{v} {}", k.label()))
            .collect();
        let _ = writeln!(out, "{label} by review status: {}", parts.join(", "));
    }
    out
}
