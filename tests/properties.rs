//! Property tests: invariants that must hold for every incident, not only
//! the hand-written scenarios.

use std::sync::OnceLock;

use jiff::Timestamp;
use obligo::engine;
use obligo::incident::{IncidentInput, PartyInput};
use obligo::model::Dataset;
use proptest::prelude::*;

fn data() -> &'static Dataset {
    static DATA: OnceLock<Dataset> = OnceLock::new();
    DATA.get_or_init(|| obligo::load::embedded().expect("embedded dataset loads"))
}

/// Codes an incident may name: every jurisdiction in the dataset, plus a
/// few real ISO codes without a file.
fn codes() -> Vec<String> {
    let mut out: Vec<String> = data().jurisdictions.keys().cloned().collect();
    out.extend(["AQ", "MX-CMX", "US-UM", "DE-BY"].map(String::from));
    out
}

fn terms(section: obligo::model::Section) -> Vec<String> {
    data().taxonomy.terms(section).keys().cloned().collect()
}

prop_compose! {
    fn an_incident()(
        org_codes in prop::collection::vec(prop::sample::select(codes()), 1..3),
        targets in prop::option::of(prop::collection::vec(prop::sample::select(codes()), 0..3)),
        residents in prop::collection::vec((prop::sample::select(codes()), prop::option::of(0u64..20_000)), 0..5),
        kinds in prop::option::of(prop::sample::subsequence(terms(obligo::model::Section::IncidentKinds), 0..3)),
        data_cats in prop::option::of(prop::sample::subsequence(terms(obligo::model::Section::DataCategories), 0..4)),
        entity_types in prop::option::of(prop::sample::subsequence(terms(obligo::model::Section::EntityTypes), 0..2)),
        sectors in prop::option::of(prop::sample::subsequence(terms(obligo::model::Section::Sectors), 0..2)),
        encrypted in prop::option::of(any::<bool>()),
        high_risk in prop::option::of(any::<bool>()),
        day in 0i64..1100,
        hour in 0i64..24,
    ) -> IncidentInput {
        let aware: Timestamp = "2025-01-01T00:00:00Z".parse::<Timestamp>().unwrap()
            + jiff::SignedDuration::from_hours(day * 24 + hour);
        let mut parties = vec![PartyInput {
            role: "organisation".into(),
            established_in: Some(org_codes),
            targets,
            // Known: processing only where the organisation is established.
            processes_in: Some(Vec::new()),
            sectors,
            entity_types,
            ..PartyInput::default()
        }];
        for (code, count) in residents {
            parties.push(PartyInput {
                role: "affected-people".into(),
                jurisdiction: Some(code),
                count,
                ..PartyInput::default()
            });
        }
        IncidentInput {
            aware_at: aware.to_string(),
            kinds,
            data: data_cats,
            encrypted,
            high_risk,
            parties,
            ..IncidentInput::default()
        }
    }
}

fn key(o: &engine::Obligation) -> String {
    format!(
        "{}|{}|{:?}|{}|{:?}|{:?}|{:?}",
        o.rule,
        o.obligation,
        o.place,
        o.party.index,
        o.status,
        o.deadline.due,
        o.deadline.projected
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// The reach index never drops an obligation: assessing only the rules
    /// of the places an incident reaches gives exactly the obligations of
    /// evaluating every rule in the dataset, for every incident whose places
    /// are known. (Where the organisation's establishment or places of
    /// processing are unknown, they could be anywhere: the answer then
    /// warns and asks for them instead of listing the world; see
    /// `an_unknown_establishment_is_a_question_not_silence`.)
    #[test]
    fn the_reach_index_equals_evaluating_every_rule(input in an_incident()) {
        let data = data();
        let incident = input.check(data).expect("generated incidents are valid");
        let now = incident.aware_at;
        let indexed = engine::assess(data, &incident, now);
        let everything = engine::assess_every_rule(data, &incident, now);
        let mut a: Vec<String> = indexed.obligations.iter().map(key).collect();
        let mut b: Vec<String> = everything.obligations.iter().map(key).collect();
        a.sort();
        b.sort();
        prop_assert_eq!(a, b);
        // What is listed as not applicable is a subset of what would be.
        for n in &indexed.not_applicable {
            prop_assert!(everything.not_applicable.iter().any(|m| m.rule == n.rule));
        }
    }

    /// Adding affected people never removes an obligation.
    #[test]
    fn adding_an_affected_party_never_removes_an_obligation(
        input in an_incident(),
        extra in prop::sample::select(codes()),
    ) {
        let data = data();
        let before = input.check(data).unwrap();
        let mut more = input.clone();
        more.parties.push(PartyInput {
            role: "affected-people".into(),
            jurisdiction: Some(extra),
            ..PartyInput::default()
        });
        let after = more.check(data).unwrap();
        let now = before.aware_at;
        let a = engine::assess(data, &before, now);
        let b = engine::assess(data, &after, now);
        for o in &a.obligations {
            prop_assert!(
                b.obligations.iter().any(|p| p.rule == o.rule && p.obligation == o.obligation && p.place == o.place),
                "{} / {} disappeared", o.rule, o.obligation
            );
        }
    }

    /// A due instant is never before the clock's earliest start (awareness),
    /// and a day-counted end-of-day deadline ends on the last second of a day.
    #[test]
    fn due_instants_are_never_before_awareness(input in an_incident()) {
        let data = data();
        let incident = input.check(data).unwrap();
        let a = engine::assess(data, &incident, incident.aware_at);
        for o in &a.obligations {
            if let Some(due) = o.deadline.due {
                // Year-end clocks run from the following 1 January; all others
                // from awareness or later.
                prop_assert!(due > incident.aware_at, "{} due {} before awareness", o.rule, due);
            }
        }
    }
}

#[test]
fn an_unknown_establishment_is_a_question_not_silence() {
    let data = data();
    let input = IncidentInput {
        aware_at: "2026-01-01T00:00:00Z".into(),
        parties: vec![PartyInput {
            role: "organisation".into(),
            ..PartyInput::default()
        }],
        ..IncidentInput::default()
    };
    let incident = input.check(data).unwrap();
    let a = engine::assess(data, &incident, incident.aware_at);
    assert!(a.obligations.is_empty());
    assert!(
        a.warnings
            .iter()
            .any(|w| w.contains("where the organisation is established is not known")),
        "{:?}",
        a.warnings
    );
}
