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
    /// Jurisdictions with a CSIRT recorded (an authority of kind `csirt`).
    pub with_csirt: usize,
    /// Jurisdictions reviewed and found to have no general breach duty (or
    /// a voluntary one): an answer, unlike a jurisdiction with nothing.
    pub reviewed_no_duty: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    pub total: Counts,
    pub by_region: BTreeMap<Region, Counts>,
    /// Rules by the review status of their data.
    pub rules_by_review: BTreeMap<ReviewStatus, usize>,
    pub regimes_by_review: BTreeMap<ReviewStatus, usize>,
    /// For each jurisdiction with parts (a country's states, a union's
    /// members): how many parts there are and how many are covered.
    pub parts: BTreeMap<String, PartCounts>,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct PartCounts {
    pub name: String,
    /// Subdivisions and territories (`parent`) or members (`member_of`).
    pub parts: usize,
    /// Parts with at least one regime of their own.
    pub covered: usize,
    /// Parts reviewed and found to have no general breach duty of their own.
    pub reviewed_no_duty: usize,
    /// Whether the jurisdiction itself has a regime of its own.
    pub itself_covered: bool,
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
        let csirt = data
            .authorities
            .values()
            .any(|a| a.jurisdiction == j.code && a.kind == "csirt");
        for counts in [&mut *c, &mut total] {
            counts.with_csirt += usize::from(csirt);
            counts.reviewed_no_duty += usize::from(j.breach_duty.is_some());
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
    let has_regime = |code: &str| data.regimes.values().any(|r| r.jurisdiction == code);
    let mut parts: BTreeMap<String, PartCounts> = BTreeMap::new();
    for j in data.jurisdictions.values() {
        for outer in j.parent.iter().chain(&j.member_of) {
            let Some(o) = data.jurisdictions.get(outer) else {
                continue;
            };
            let entry = parts.entry(outer.clone()).or_insert_with(|| PartCounts {
                name: o.name.clone(),
                itself_covered: has_regime(outer),
                ..Default::default()
            });
            entry.parts += 1;
            entry.covered += usize::from(has_regime(&j.code));
            entry.reviewed_no_duty += usize::from(j.breach_duty.is_some());
        }
    }
    Stats {
        parts,
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
            "{name:<16} {:>13} {:>8} {:>8} {:>6} {:>12} {:>6} {:>10}",
            c.jurisdictions,
            c.covered,
            c.regimes,
            c.rules,
            c.authorities,
            c.with_csirt,
            c.reviewed_no_duty
        );
    };
    let _ = writeln!(
        out,
        "{:<16} {:>13} {:>8} {:>8} {:>6} {:>12} {:>6} {:>10}",
        "REGION", "JURISDICTIONS", "COVERED", "REGIMES", "RULES", "AUTHORITIES", "CSIRT", "NO-DUTY"
    );
    for (region, c) in &s.by_region {
        row(&mut out, region.label(), c);
    }
    row(&mut out, "Total", &s.total);
    let _ = writeln!(
        out,
        "\n(COVERED: jurisdictions with at least one regime of their own; CSIRT: with a CSIRT recorded;\n NO-DUTY: reviewed and found to have no general breach-notification duty.)\n"
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
    let _ = writeln!(out, "\nPARTS (subdivisions, territories, members) covered:");
    for (code, p) in &s.parts {
        let _ = writeln!(
            out,
            "{code:<4} {:<28} {:>3} of {:>3} parts covered{}; {} itself {}",
            p.name,
            p.covered,
            p.parts,
            if p.reviewed_no_duty > 0 {
                format!(", {} reviewed: no duty found", p.reviewed_no_duty)
            } else {
                String::new()
            },
            code,
            if p.itself_covered {
                "covered"
            } else {
                "has no regime of its own"
            }
        );
    }
    out
}
