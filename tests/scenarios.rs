//! Scenario tests, the heart of the suite: each `tests/scenarios/*.toml` is
//! an incident and EVERY obligation the engine must find for it, computed by
//! hand from the law. A missing or an extra obligation fails the test, and
//! so does a wrong due instant, recipient, authority, stage or status.

use std::collections::BTreeMap;

use obligo::engine::{self, Obligation, Status};
use obligo::incident::IncidentInput;
use obligo::load;
use obligo::model::Dataset;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Scenario {
    description: String,
    /// The instant to assess as of (default: `aware_at`): time left and
    /// projected dates ("if determined now") depend on it.
    now: Option<String>,
    incident: IncidentInput,
    #[serde(default)]
    expect: Vec<Expected>,
    #[serde(default)]
    not_applicable: Vec<ExpectedNotApplicable>,
    /// Every rule listed as not applicable must belong to one of these
    /// jurisdictions: the answer lists only what the incident reaches.
    #[serde(default)]
    reach: Vec<String>,
    /// Rules of jurisdictions the incident does not reach: neither an
    /// obligation nor listed as not applicable.
    #[serde(default)]
    not_assessed: Vec<String>,
    /// Substrings that must appear in the assessment's warnings.
    #[serde(default)]
    warnings: Vec<String>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct Expected {
    jurisdiction: String,
    regime: String,
    rule: Option<String>,
    recipient: String,
    authority: Option<String>,
    stage: String,
    status: String,
    due: String,
    /// Where the clock has not started: the projected instant ("if it
    /// happened now"), or "none".
    projected: Option<String>,
    party: Option<usize>,
    /// Substrings that must appear among the obligation's questions.
    #[serde(default)]
    questions: Vec<String>,
    /// Authority ids that must all be among the candidates when the
    /// authority depends on a fact the incident lacks.
    #[serde(default)]
    candidates: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedNotApplicable {
    rule: String,
    /// A substring of one of the reasons.
    reason: Option<String>,
}

impl Expected {
    fn matches(&self, o: &Obligation) -> bool {
        let status = match o.status {
            Status::Applies => "applies",
            Status::Conditional => "conditional",
        };
        let due = o
            .deadline
            .due
            .map(|d| d.to_string())
            .unwrap_or_else(|| "none".into());
        let authority = o
            .recipient
            .authority
            .as_ref()
            .map(|a| a.id.as_str())
            .unwrap_or("none");
        self.jurisdiction == o.jurisdiction
            && self.regime == o.regime
            && self.rule.as_ref().is_none_or(|r| r == &o.rule)
            && self.recipient == o.recipient.kind
            && self.authority.as_ref().is_none_or(|a| a == authority)
            && self.stage == o.stage.label()
            && self.status == status
            && self.due == due
            && self.projected.as_ref().is_none_or(|p| {
                *p == o
                    .deadline
                    .projected
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "none".into())
            })
            && self.party.is_none_or(|p| p == o.party.index)
            && self
                .questions
                .iter()
                .all(|q| o.questions.iter().any(|oq| oq.contains(q.as_str())))
            && self
                .candidates
                .iter()
                .all(|c| o.recipient.candidates.iter().any(|a| &a.id == c))
    }
}

fn describe(o: &Obligation) -> String {
    format!(
        "{} {} rule={} recipient={} authority={} stage={} status={:?} due={} party={}",
        o.jurisdiction,
        o.regime,
        o.rule,
        o.recipient.kind,
        o.recipient
            .authority
            .as_ref()
            .map(|a| a.id.as_str())
            .unwrap_or("none"),
        o.stage.label(),
        o.status,
        o.deadline
            .due
            .map(|d| d.to_string())
            .unwrap_or_else(|| "none".into()),
        o.party.index
    )
}

fn run(data: &Dataset, name: &str, scenario: &Scenario) -> Result<(), String> {
    let incident = scenario
        .incident
        .check(data)
        .map_err(|e| format!("incident rejected: {e}"))?;
    let now = match &scenario.now {
        Some(s) => {
            obligo::incident::parse_instant(s)
                .map_err(|m| format!("now: {m}"))?
                .0
        }
        None => incident.aware_at,
    };
    let assessment = engine::assess(data, &incident, now);
    let mut problems = Vec::new();
    let mut used = vec![false; assessment.obligations.len()];
    for e in &scenario.expect {
        match assessment
            .obligations
            .iter()
            .enumerate()
            .find(|(i, o)| !used[*i] && e.matches(o))
        {
            Some((i, _)) => used[i] = true,
            None => problems.push(format!("missing: {e:?}")),
        }
    }
    for (o, used) in assessment.obligations.iter().zip(&used) {
        if !used {
            problems.push(format!("unexpected: {}", describe(o)));
        }
    }
    for na in &scenario.not_applicable {
        let found = assessment.not_applicable.iter().find(|n| n.rule == na.rule);
        match (found, &na.reason) {
            (None, _) => problems.push(format!("rule {} is not in not_applicable", na.rule)),
            (Some(n), Some(reason)) if !n.reasons.iter().any(|r| r.contains(reason.as_str())) => {
                problems.push(format!(
                    "rule {}: no reason contains {reason:?}; reasons: {:?}",
                    na.rule, n.reasons
                ))
            }
            _ => {}
        }
    }
    if !scenario.reach.is_empty() {
        for n in &assessment.not_applicable {
            if !scenario.reach.contains(&n.jurisdiction) {
                problems.push(format!(
                    "rule {} of {} is listed, but the incident does not reach {}",
                    n.rule, n.jurisdiction, n.jurisdiction
                ));
            }
        }
    }
    for id in &scenario.not_assessed {
        if assessment.obligations.iter().any(|o| &o.rule == id)
            || assessment.not_applicable.iter().any(|n| &n.rule == id)
        {
            problems.push(format!(
                "rule {id} was assessed, but the incident does not reach it"
            ));
        }
    }
    for w in &scenario.warnings {
        if !assessment.warnings.iter().any(|x| x.contains(w.as_str())) {
            problems.push(format!(
                "no warning contains {w:?}: {:?}",
                assessment.warnings
            ));
        }
    }
    // The contract: sorted by due (or projected) instant, open-ended ones last.
    let dues: Vec<_> = assessment
        .obligations
        .iter()
        .map(|o| (o.deadline.effective().is_none(), o.deadline.effective()))
        .collect();
    if !dues.is_sorted() {
        problems.push("obligations are not sorted by due instant".into());
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{name} ({}):\n  {}",
            scenario.description,
            problems.join("\n  ")
        ))
    }
}

#[test]
fn every_scenario_yields_exactly_its_expected_obligations() {
    // Contributors can run a built copy of this test against a working copy
    // of the data without rebuilding: OBLIGO_DATA=data OBLIGO_SCENARIO=us-ca.
    let data = match std::env::var_os("OBLIGO_DATA") {
        Some(dir) => {
            let files = load::read_dir(std::path::Path::new(&dir))
                .unwrap_or_else(|e| panic!("cannot read {dir:?}: {e}"));
            load::load(&files, load::LoadOptions::default())
                .unwrap_or_else(|e| panic!("the data in {dir:?} does not load:\n{e}"))
        }
        None => load::embedded().expect("embedded dataset loads"),
    };
    let only = std::env::var("OBLIGO_SCENARIO").unwrap_or_default();
    let mut paths: Vec<_> = std::fs::read_dir("tests/scenarios")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .filter(|p| p.to_string_lossy().contains(&only))
        .collect();
    paths.sort();
    assert!(
        paths.len() >= 15 || !only.is_empty(),
        "the suite needs at least 15 scenarios, found {}",
        paths.len()
    );
    let mut failures = BTreeMap::new();
    for path in &paths {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(path).unwrap();
        let scenario: Scenario = match toml::from_str(&text) {
            Ok(s) => s,
            Err(e) => {
                failures.insert(name, format!("cannot parse: {e}"));
                continue;
            }
        };
        if scenario.expect.is_empty()
            && scenario.not_applicable.is_empty()
            && scenario.not_assessed.is_empty()
        {
            failures.insert(name.clone(), format!("{name} asserts nothing"));
            continue;
        }
        if let Err(e) = run(&data, &name, &scenario) {
            failures.insert(name, e);
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} scenarios failed:\n\n{}",
        failures.len(),
        paths.len(),
        failures.into_values().collect::<Vec<_>>().join("\n\n")
    );
}
