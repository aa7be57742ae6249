//! Bounded fuzzing: real incidents, data files and form submissions,
//! mutated byte by byte, must come back as a value or a clear error, never
//! a panic. This is proptest rather than `cargo fuzz` so it runs on stable
//! Rust inside the normal test run (a few seconds, a fixed number of cases).

use std::sync::OnceLock;

use jiff::Timestamp;
use obligo::engine;
use obligo::incident::IncidentInput;
use obligo::load::{self, LoadOptions, SourceFile};
use obligo::model::Dataset;
use proptest::prelude::*;

fn data() -> &'static Dataset {
    static DATA: OnceLock<Dataset> = OnceLock::new();
    DATA.get_or_init(|| load::embedded().expect("embedded dataset loads"))
}

/// The `[incident]` table of every scenario.
fn incident_values() -> &'static [toml::Value] {
    static SEEDS: OnceLock<Vec<toml::Value>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut paths: Vec<_> = std::fs::read_dir("tests/scenarios")
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        paths
            .iter()
            .map(|p| {
                let doc: toml::Value =
                    toml::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
                doc["incident"].clone()
            })
            .collect()
    })
}

/// The same incidents as TOML and JSON text, for byte-level mutation.
fn incident_seeds() -> &'static [(String, String)] {
    static SEEDS: OnceLock<Vec<(String, String)>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        incident_values()
            .iter()
            .map(|v| {
                (
                    toml::to_string(v).unwrap(),
                    serde_json::to_string(v).unwrap(),
                )
            })
            .collect()
    })
}

/// What the structured fuzzer does to one leaf of an incident.
#[derive(Debug, Clone)]
enum Change {
    /// Drop the key (or the array item): the fact becomes unknown.
    Remove,
    /// Another value of the same type: edge instants, codes that are
    /// aliases, unknown or user-assigned, terms from the wrong section,
    /// extreme numbers.
    Same(String, i64, bool),
    /// A value of any type, usually refused by the parser.
    Wild(toml::Value),
}

fn a_change() -> impl Strategy<Value = Change> {
    use toml::Value;
    let string = prop_oneof![
        3 => prop::sample::select(vec![
            "", " ", "UK", "EU", "ZZ", "XK", "US-XX", "DE-BY", "fr", "AE-DIFC",
            "1970-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "2200-12-31T23:59:59Z",
            "2026-03-29T02:30:00[Europe/Berlin]", "2026-10-25T02:30:00+01:00[Europe/Berlin]",
            "2016-12-31T23:59:60Z", "2026-02-30T10:00:00Z", "9999-12-31T23:59:59Z",
            "personal-data-breach", "ransomware", "health", "nis2-essential", "organisation",
            "affected-people", "processor", "nis2-significant-incident", "true",
        ])
        .prop_map(String::from),
        1 => ".{0,24}",
    ];
    let int = prop::sample::select(vec![
        0i64,
        -1,
        1,
        499,
        500,
        1_000_000_000,
        i64::MAX,
        i64::MIN,
    ]);
    prop_oneof![
        3 => Just(Change::Remove),
        6 => (string, int, any::<bool>()).prop_map(|(s, i, b)| Change::Same(s, i, b)),
        1 => prop_oneof![
            Just(Value::Array(Vec::new())),
            Just(Value::Table(Default::default())),
            any::<i64>().prop_map(Value::Integer),
            ".{0,8}".prop_map(Value::String),
        ]
        .prop_map(Change::Wild),
    ]
}

/// Applies `change` to `leaf`; `false` means remove it.
fn changed(leaf: &mut toml::Value, change: &Change) -> bool {
    use toml::Value;
    match (change, &*leaf) {
        (Change::Remove, _) => return false,
        (Change::Same(s, _, _), Value::String(_)) => *leaf = Value::String(s.clone()),
        (Change::Same(_, i, _), Value::Integer(_)) => *leaf = Value::Integer(*i),
        (Change::Same(_, _, b), Value::Boolean(_)) => *leaf = Value::Boolean(*b),
        (Change::Same(..), _) => {}
        (Change::Wild(v), _) => *leaf = v.clone(),
    }
    true
}

/// Changes the `n`-th leaf, counting in document order.
fn change_leaf(value: &mut toml::Value, n: &mut usize, change: &Change) -> bool {
    use toml::Value;
    let is_leaf = |v: &Value| !matches!(v, Value::Table(_) | Value::Array(_));
    match value {
        Value::Table(t) => {
            let keys: Vec<String> = t.keys().cloned().collect();
            for k in keys {
                let child = t.get_mut(&k).unwrap();
                if is_leaf(child) && *n == 0 {
                    if !changed(child, change) {
                        t.remove(&k);
                    }
                    return true;
                }
                if is_leaf(child) {
                    *n -= 1;
                } else if change_leaf(child, n, change) {
                    return true;
                }
            }
            false
        }
        Value::Array(items) => {
            for i in 0..items.len() {
                if is_leaf(&items[i]) && *n == 0 {
                    if !changed(&mut items[i], change) {
                        items.remove(i);
                    }
                    return true;
                }
                if is_leaf(&items[i]) {
                    *n -= 1;
                } else if change_leaf(&mut items[i], n, change) {
                    return true;
                }
            }
            false
        }
        _ => false,
    }
}

fn count_leaves(value: &toml::Value) -> usize {
    match value {
        toml::Value::Table(t) => t.values().map(count_leaves).sum(),
        toml::Value::Array(a) => a.iter().map(count_leaves).sum(),
        _ => 1,
    }
}

/// Jurisdiction files of several shapes, with what they refer to: the
/// unions, a federation and its state, countries with national rules, a
/// reviewed "no duty found".
fn data_seeds() -> Vec<SourceFile> {
    let files = load::embedded_files();
    ["eu", "eea", "us", "us-ca", "de", "gb", "sg", "au", "me"]
        .iter()
        .map(|code| {
            let relative = format!("jurisdictions/{code}.toml");
            files
                .iter()
                .find(|f| f.relative == relative)
                .unwrap_or_else(|| panic!("{relative} exists"))
                .clone()
        })
        .collect()
}

#[derive(Debug, Clone)]
enum Mutation {
    Delete { at: f64, len: usize },
    Insert { at: f64, bytes: Vec<u8> },
    Duplicate { at: f64, len: usize },
    Replace { at: f64, byte: u8 },
}

fn a_mutation() -> impl Strategy<Value = Mutation> {
    // Bytes that matter to TOML and JSON, plus anything at all.
    let interesting = prop_oneof![
        prop::sample::select(b"\"'[]{}=,.:#\\\n-+0123456789eTZz\x00\xff".to_vec()),
        any::<u8>(),
    ];
    prop_oneof![
        (0.0..1.0f64, 1usize..40).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (
            0.0..1.0f64,
            prop::collection::vec(interesting.clone(), 1..12)
        )
            .prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
        (0.0..1.0f64, 1usize..200).prop_map(|(at, len)| Mutation::Duplicate { at, len }),
        (0.0..1.0f64, interesting).prop_map(|(at, byte)| Mutation::Replace { at, byte }),
    ]
}

fn mutate(text: &str, mutations: &[Mutation]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for m in mutations {
        let pos = |at: f64, len: usize| ((at * len as f64) as usize).min(len);
        match m {
            Mutation::Delete { at, len } => {
                let start = pos(*at, bytes.len());
                let end = (start + len).min(bytes.len());
                bytes.drain(start..end);
            }
            Mutation::Insert { at, bytes: new } => {
                let start = pos(*at, bytes.len());
                bytes.splice(start..start, new.iter().copied());
            }
            Mutation::Duplicate { at, len } => {
                let start = pos(*at, bytes.len());
                let end = (start + len).min(bytes.len());
                let copy = bytes[start..end].to_vec();
                bytes.splice(end..end, copy);
            }
            Mutation::Replace { at, byte } => {
                if !bytes.is_empty() {
                    let i = pos(*at, bytes.len() - 1);
                    bytes[i] = *byte;
                }
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Everything a user can ask for with an incident that parsed: the answer
/// in every format. Only a panic fails; `false` if the incident was refused.
fn answer_everything(input: &IncidentInput) -> bool {
    let Ok(incident) = input.check(data()) else {
        return false;
    };
    let now: Timestamp = "2026-12-01T00:00:00Z".parse().unwrap();
    let assessment = engine::assess(data(), &incident, now);
    let tz = jiff::tz::TimeZone::UTC;
    let _ = obligo::format::json(&assessment, Some(&tz), None);
    let _ = obligo::format::markdown(&assessment, &tz, None);
    let _ = obligo::format::table(&assessment, &tz, None);
    let _ = obligo::format::ics(&assessment, None);
    true
}

/// A fixed number of cases, no regression file: the run stays bounded.
fn runner(cases: u32) -> proptest::test_runner::TestRunner {
    proptest::test_runner::TestRunner::new(ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    })
}

#[test]
fn mutated_incidents_parse_or_fail_cleanly() {
    let strategy = (
        any::<prop::sample::Index>(),
        prop::collection::vec(a_mutation(), 1..4),
    );
    // Byte mutants mostly test the parsers; the structured test below is
    // the one that must reach the engine.
    runner(400)
        .run(&strategy, |(seed, mutations)| {
            let seeds = incident_seeds();
            let (as_toml, as_json) = &seeds[seed.index(seeds.len())];
            for (text, parse) in [
                (
                    mutate(as_toml, &mutations),
                    IncidentInput::from_toml as fn(&str) -> _,
                ),
                (mutate(as_json, &mutations), IncidentInput::from_json),
            ] {
                match parse(&text) {
                    Ok(input) => {
                        answer_everything(&input);
                    }
                    Err(e) => prop_assert!(!e.to_string().trim().is_empty()),
                }
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn incidents_with_odd_values_are_answered_or_refused_with_a_reason() {
    let answered = std::cell::Cell::new(0usize);
    let strategy = (
        any::<prop::sample::Index>(),
        prop::collection::vec((any::<prop::sample::Index>(), a_change()), 1..4),
    );
    runner(600)
        .run(&strategy, |(seed, changes)| {
            let values = incident_values();
            let mut incident = values[seed.index(values.len())].clone();
            for (leaf, with) in &changes {
                let leaves = count_leaves(&incident);
                if leaves > 0 {
                    change_leaf(&mut incident, &mut leaf.index(leaves), with);
                }
            }
            let json = serde_json::to_string(&incident).unwrap();
            match IncidentInput::from_json(&json) {
                Ok(input) => match input.check(data()) {
                    Ok(_) => {
                        prop_assert!(answer_everything(&input));
                        answered.set(answered.get() + 1);
                    }
                    Err(e) => prop_assert!(!e.to_string().trim().is_empty()),
                },
                Err(e) => prop_assert!(!e.to_string().trim().is_empty()),
            }
            if let Ok(text) = toml::to_string(&incident) {
                if let Ok(input) = IncidentInput::from_toml(&text) {
                    let _ = answer_everything(&input);
                }
            }
            Ok(())
        })
        .unwrap();
    // Input is strict (an unknown term, code or instant is refused), so most
    // changed incidents are refused with a reason (about 15% are answered);
    // fewer than 40 answered would mean the fuzzer no longer reaches the engine.
    assert!(
        answered.get() >= 40,
        "only {} of 600 changed incidents were answered: the fuzzer is not reaching the engine",
        answered.get()
    );
}

#[test]
fn the_unmutated_data_seeds_load() {
    // So a mutant that still parses is checked all the way through.
    let mut files: Vec<SourceFile> = load::embedded_files()
        .into_iter()
        .filter(|f| f.relative == "taxonomy.toml")
        .collect();
    files.extend(data_seeds());
    if let Err(problems) = load::load(&files, LoadOptions::default()) {
        panic!("{:?}", problems.0);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_data_files_load_or_point_at_a_line(
        seed in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(a_mutation(), 1..6),
    ) {
        let seeds = data_seeds();
        let mut files: Vec<SourceFile> = load::embedded_files()
            .into_iter()
            .filter(|f| f.relative == "taxonomy.toml")
            .collect();
        let mut target = seeds[seed.index(seeds.len())].clone();
        target.text = mutate(&target.text, &mutations);
        let lines = target.text.lines().count().max(1);
        let display = target.display.clone();
        // Its parents and unions, so a sound file still loads.
        files.extend(seeds.into_iter().filter(|f| f.display != display));
        files.push(target);
        if let Err(problems) = load::load(&files, LoadOptions::default()) {
            prop_assert!(!problems.0.is_empty());
            for d in problems.0.iter().filter(|d| d.file == display) {
                prop_assert!(d.line >= 1 && d.line <= lines + 1, "{d} (file has {lines} lines)");
                prop_assert!(!d.message.is_empty());
            }
        }
    }

    #[test]
    fn arbitrary_form_submissions_never_panic(
        pairs in prop::collection::vec(
            (
                prop::sample::select(vec![
                    "aware", "determined", "ransom_paid", "tz", "kind", "data", "tlp",
                    "det.nis2-significant-incident", "det.nis2-significant-incident.at",
                    "sent.gdpr-art33-controller.notification", "sent.x.y.DE", "fact.risk_unlikely",
                    "p0.role", "p0.established", "p0.where", "p0.count", "p0.sector", "p0.entity",
                    "p0.targets", "p0.representative", "p1.role", "p1.where", "p1.count", "p15.role",
                ]).prop_map(String::from),
                prop_oneof![
                    prop::sample::select(vec![
                        "", "organisation", "affected-people", "DE", "fr", "US-CA", "UK", "DE, FR",
                        "2026-03-06T16:30", "2026-03-29T02:30", "Europe/Berlin", "personal-data-breach",
                        "health", "yes", "no", "12", "-1", "18446744073709551616", "amber", "clear",
                    ]).prop_map(String::from),
                    ".{0,40}",
                ],
            ),
            0..24,
        ),
    ) {
        if let Ok(form) = obligo::site::parse_form(&pairs) {
            let _ = form.zone();
            if let Ok(input) = form.to_incident() {
                let _ = answer_everything(&input);
            }
        }
    }
}
