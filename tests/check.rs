//! The linter: a valid fixture and the real dataset produce no diagnostics;
//! each broken fixture produces exactly the diagnostics written at its end
//! (`# expect: LINE:COL: LINT: MESSAGE`, optionally `# hint: ...`), in order.

use std::path::Path;

use obligo::load::{self, Diagnostic, LoadOptions, SourceFile};

fn options() -> LoadOptions {
    LoadOptions {
        today: Some("2026-06-01".parse().unwrap()),
    }
}

fn valid_fixture() -> Vec<SourceFile> {
    load::read_dir(Path::new("tests/fixtures/valid")).expect("valid fixture readable")
}

fn with_file(relative: &str, text: String) -> Vec<SourceFile> {
    let mut files = valid_fixture();
    files.push(SourceFile {
        display: relative.to_string(),
        relative: relative.to_string(),
        text,
    });
    files
}

fn render(d: &Diagnostic) -> String {
    let mut s = format!("{}:{}: {}: {}", d.line, d.column, d.lint, d.message);
    if let Some(h) = &d.hint {
        s.push_str(&format!("\n# hint: {h}"));
    }
    s
}

#[test]
fn valid_fixture_has_no_diagnostics() {
    let data = load::load(&valid_fixture(), options()).expect("valid fixture loads");
    assert_eq!(data.rules.len(), 1);
    assert_eq!(data.rules[0].obligations.len(), 2);
}

#[test]
fn embedded_dataset_is_valid() {
    let today = jiff::ZonedDateTime::now().date();
    if let Err(d) = load::load(&load::embedded_files(), LoadOptions { today: Some(today) }) {
        let listing: Vec<String> = d.0.iter().map(|x| x.to_string()).collect();
        panic!("the dataset has problems:\n{}", listing.join("\n"));
    }
}

#[test]
fn example_file_is_valid_and_documents_every_key() {
    let example = std::fs::read_to_string("data/EXAMPLE.toml").unwrap();
    let mut files = load::embedded_files();
    files.push(SourceFile {
        relative: "jurisdictions/xx.toml".into(),
        display: "data/EXAMPLE.toml".into(),
        text: example.clone(),
    });
    if let Err(d) = load::load(&files, LoadOptions::default()) {
        let listing: Vec<String> = d.0.iter().map(|x| x.to_string()).collect();
        panic!("EXAMPLE.toml has problems:\n{}", listing.join("\n"));
    }
    // Every key of the schema appears in the example, commented or not.
    let schema =
        serde_json::to_string(&schemars::schema_for!(load::raw::JurisdictionFile)).unwrap();
    let value: serde_json::Value = serde_json::from_str(&schema).unwrap();
    let mut keys = Vec::new();
    collect_property_names(&value, &mut keys);
    for key in keys {
        assert!(
            example.contains(&format!("{key} ="))
                || example.contains(&format!("[{key}"))
                || example.contains(&format!(".{key}]")),
            "EXAMPLE.toml does not document `{key}`"
        );
    }
}

fn collect_property_names(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::Object(props)) = map.get("properties") {
                out.extend(props.keys().cloned());
            }
            for child in map.values() {
                collect_property_names(child, out);
            }
        }
        serde_json::Value::Array(items) => {
            items.iter().for_each(|i| collect_property_names(i, out))
        }
        _ => {}
    }
}

#[test]
fn an_oversized_file_is_refused_before_it_is_parsed() {
    let valid = std::fs::read_to_string("tests/fixtures/valid/jurisdictions/zz.toml").unwrap();
    let text =
        valid.replace("\"ZZ\"", "\"XY\"").replace("zz-", "xy-") + &"# padding\n".repeat(60_000);
    let err = load::load(&with_file("jurisdictions/xy.toml", text), options()).unwrap_err();
    let rendered: Vec<String> = err.0.iter().map(render).collect();
    assert_eq!(
        rendered,
        [format!(
            "1:1: too-long: the file has {} bytes; the limit is 524288\n# hint: split it, or link to long texts instead of quoting them",
            valid.len() + 600_000
        )]
    );
}

#[test]
fn each_broken_fixture_reports_its_expected_diagnostics() {
    let mut dir: Vec<_> = std::fs::read_dir("tests/fixtures/broken")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dir.sort();
    assert!(dir.len() >= 15, "expected a fixture per kind of error");
    let mut failures = Vec::new();
    for path in dir {
        let text = std::fs::read_to_string(&path).unwrap();
        let expected: Vec<String> = text
            .lines()
            .filter_map(|l| {
                l.strip_prefix("# expect: ")
                    .map(str::to_string)
                    .or_else(|| l.strip_prefix("# hint: ").map(|h| format!("# hint: {h}")))
            })
            .collect();
        assert!(
            !expected.is_empty(),
            "{} has no `# expect:` lines",
            path.display()
        );
        let actual: Vec<String> =
            match load::load(&with_file("jurisdictions/xy.toml", text.clone()), options()) {
                Ok(_) => Vec::new(),
                Err(d) => {
                    d.0.iter()
                        .flat_map(|x| render(x).lines().map(str::to_string).collect::<Vec<_>>())
                        .collect()
                }
            };
        if actual != expected {
            failures.push(format!(
                "{}:\n  expected:\n    {}\n  actual:\n    {}",
                path.display(),
                expected.join("\n    "),
                actual.join("\n    ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_misspelt_file_extension_is_an_error_not_a_missing_country() {
    let dir = std::env::temp_dir().join(format!("obligo-stray-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("jurisdictions")).unwrap();
    for entry in std::fs::read_dir("tests/fixtures/valid/jurisdictions").unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        // The fixture's one jurisdiction file, saved as `.tml` by mistake.
        let name = name.replace(".toml", ".tml");
        std::fs::copy(&path, dir.join("jurisdictions").join(name)).unwrap();
    }
    std::fs::copy(
        "tests/fixtures/valid/taxonomy.toml",
        dir.join("taxonomy.toml"),
    )
    .unwrap();
    // Editor swap files stay invisible.
    std::fs::write(dir.join("jurisdictions/.xx.toml.swp"), b"\x00binary").unwrap();
    let files = load::read_dir(&dir).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let problems = load::load(&files, options()).expect_err("a stray file is reported");
    let stray: Vec<&Diagnostic> = problems
        .0
        .iter()
        .filter(|d| d.lint == "file-name")
        .collect();
    assert_eq!(stray.len(), 1, "{:?}", problems.0);
    assert!(
        stray[0].message.contains(".tml` is not read"),
        "{}",
        stray[0]
    );
    assert!(stray[0].hint.as_deref().unwrap().contains(".toml`"));
}

#[test]
fn contributing_documents_exactly_the_registered_lints() {
    let text = std::fs::read_to_string("CONTRIBUTING.md").unwrap();
    let section = text
        .split("\n## Lints")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("CONTRIBUTING.md has a Lints section");
    let mut documented: Vec<&str> = section
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split(" | ").next())
        .flat_map(|ids| ids.split(", "))
        .map(|id| id.trim_matches('`'))
        .collect();
    documented.sort();
    let mut registered: Vec<&str> = load::lints::LINTS.iter().map(|l| l.id).collect();
    registered.sort();
    assert_eq!(documented, registered);
}

#[test]
fn every_registered_lint_has_a_fixture_that_trips_it() {
    let mut expected = String::new();
    for entry in std::fs::read_dir("tests/fixtures/broken").unwrap() {
        expected.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    for lint in load::lints::LINTS {
        assert!(
            expected.contains(&format!(": {}: ", lint.id)),
            "no fixture in tests/fixtures/broken expects `{}`",
            lint.id
        );
        assert_ne!(lint.mistake, lint.fix, "{}", lint.id);
    }
}

#[test]
fn every_broken_fixture_lint_is_registered() {
    for entry in std::fs::read_dir("tests/fixtures/broken").unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for line in text.lines().filter_map(|l| l.strip_prefix("# expect: ")) {
            let lint = line.split(": ").nth(1).unwrap();
            assert!(load::lints::is_registered(lint), "{line}");
        }
    }
}

#[test]
fn committed_schema_matches_the_code() {
    let committed: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("data/obligo.schema.json").unwrap()).unwrap();
    let generated =
        serde_json::to_value(schemars::schema_for!(load::raw::JurisdictionFile)).unwrap();
    assert_eq!(
        committed, generated,
        "run `cargo run -- schema > data/obligo.schema.json`"
    );
}
