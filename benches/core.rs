//! Benchmarks of the core paths: loading and validating the whole dataset,
//! and assessing a 10-party incident (plus rendering it), also on a
//! dataset grown by 2,000 rules the incident does not reach.

use criterion::{Criterion, criterion_group, criterion_main};
use obligo::incident::IncidentInput;
use obligo::{engine, format, load};
use std::hint::black_box;

/// The binary's allocator (src/main.rs), so the figures are the server's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const TEN_PARTIES: &str = r#"
aware_at = "2026-03-06T16:30:00+01:00[Europe/Berlin]"
kinds = ["personal-data-breach", "ransomware"]
data = ["name", "ssn", "health", "financial-account"]
encrypted = false
high_risk = true

[[parties]]
role = "organisation"
established_in = ["DE-BE", "US"]
sectors = ["health"]
entity_types = ["nis2-essential", "hipaa-covered-entity"]

[[parties]]
role = "service-provider"
established_in = ["IE"]

[[parties]]
role = "affected-people"
jurisdiction = "DE"
count = 40000
[[parties]]
role = "affected-people"
jurisdiction = "FR"
count = 1200
[[parties]]
role = "affected-people"
jurisdiction = "NL"
[[parties]]
role = "affected-people"
jurisdiction = "US-CA"
count = 600
[[parties]]
role = "affected-people"
jurisdiction = "US-NY"
count = 300
[[parties]]
role = "affected-people"
jurisdiction = "US-TX"
count = 250
[[parties]]
role = "affected-people"
jurisdiction = "GB"
count = 80
[[parties]]
role = "affected-people"
jurisdiction = "SG"
count = 700
"#;

fn benches(c: &mut Criterion) {
    let files = load::embedded_files();
    c.bench_function("load_and_validate_dataset", |b| {
        b.iter(|| load::load(black_box(&files), load::LoadOptions::default()).unwrap())
    });
    let data = load::embedded().unwrap();
    let input = IncidentInput::from_toml(TEN_PARTIES).unwrap();
    c.bench_function("parse_and_check_incident_10_parties", |b| {
        b.iter(|| {
            IncidentInput::from_toml(black_box(TEN_PARTIES))
                .unwrap()
                .check(&data)
                .unwrap()
        })
    });
    let incident = input.check(&data).unwrap();
    c.bench_function("assess_10_parties", |b| {
        b.iter(|| engine::assess(black_box(&data), black_box(&incident), incident.aware_at))
    });
    // The same incident on the dataset plus 2,000 rules in a country it does
    // not touch (Latin America): with the reach index the time must stay within
    // 1.2x of `assess_10_parties` (issue 10).
    let synthetic = load::load(
        &with_synthetic_rules(&files, 2000),
        load::LoadOptions::default(),
    )
    .expect("the synthetic rules are valid");
    assert_eq!(synthetic.rules.len(), data.rules.len() + 2000);
    let synthetic_incident = input.check(&synthetic).unwrap();
    c.bench_function("assess_10_parties_plus_2000_untouched_rules", |b| {
        b.iter(|| {
            engine::assess(
                black_box(&synthetic),
                black_box(&synthetic_incident),
                synthetic_incident.aware_at,
            )
        })
    });
    let assessment = engine::assess(&data, &incident, incident.aware_at);
    c.bench_function("render_json_10_parties", |b| {
        b.iter(|| format::json(black_box(&assessment), None, None))
    });
}

/// The embedded files with `n` rules spread over five Latin American files
/// (each file stays under the loader's size limit), each rule on the file's
/// first regime and its data-protection authority.
fn with_synthetic_rules(files: &[load::SourceFile], n: usize) -> Vec<load::SourceFile> {
    const HOSTS: [&str; 5] = ["br", "ar", "co", "mx", "pe"];
    let mut out = files.to_vec();
    for (h, code) in HOSTS.iter().enumerate() {
        let file = out
            .iter_mut()
            .find(|f| f.relative == format!("jurisdictions/{code}.toml"))
            .expect("the host country is in the dataset");
        let parsed: toml::Table = toml::from_str(&file.text).expect("a valid data file");
        let first_id = |key: &str| -> String {
            parsed[key].as_array().expect("a list")[0]["id"]
                .as_str()
                .expect("an id")
                .to_string()
        };
        let regime = first_id("regimes");
        let authority = parsed["authorities"]
            .as_array()
            .expect("a list")
            .iter()
            .find(|a| a["kind"].as_str() == Some("data-protection-authority"))
            .and_then(|a| a["id"].as_str())
            .expect("the host has a data-protection authority")
            .to_string();
        for i in (h..n).step_by(HOSTS.len()) {
            file.text.push_str(&format!(
                r#"
[[rules]]
id = "{code}-synthetic-{i}"
regime = "{regime}"
title = "Synthetic rule {i} (benchmark only)"
citation = "art. 1"

[rules.when]
kinds = ["personal-data-breach"]

[[rules.obligations]]
id = "authority"
recipient = "data-protection-authority"
authority = "{authority}"
stage = "single"

[rules.obligations.deadline]
hours = 72
text = "within 72 hours"
"#
            ));
        }
    }
    out
}

criterion_group!(core, benches);
criterion_main!(core);
