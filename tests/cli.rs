//! The `obligo` binary as a user runs it: exit codes, messages, and the
//! output formats (the JSON contract, Markdown, iCalendar, the table).

use std::process::{Command, Output};

/// Runs the binary. Queries are assessed as of a fixed `now`, so two runs
/// (and the expectations below) do not depend on the clock.
fn obligo(args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_obligo"));
    command.args(args);
    if args.first() == Some(&"query") && !args.contains(&"--now") {
        command.args(["--now", "2026-03-07T12:00:00Z"]);
    }
    command.output().expect("runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

const HOSPITAL: &str = "tests/scenarios/eu-de-be-hospital-ransomware.toml";

/// Writes a scenario's `[incident]` table as a standalone incident file.
fn incident_file(scenario: &str, ext: &str) -> std::path::PathBuf {
    let text = std::fs::read_to_string(scenario).unwrap();
    let value: toml::Table = toml::from_str(&text).unwrap();
    let incident = value["incident"].clone();
    // Tests run in parallel: each call gets its own directory so that no test
    // reads a file another is still writing.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("obligo-cli-{}-{call}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let stem = std::path::Path::new(scenario)
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .to_string();
    let path = dir.join(format!("{stem}.{ext}"));
    let body = if ext == "json" {
        serde_json::to_string(&incident).unwrap()
    } else {
        toml::to_string(&incident).unwrap()
    };
    std::fs::write(&path, body).unwrap();
    path
}

#[test]
fn check_passes_on_the_dataset_and_fails_with_locations_on_broken_data() {
    let ok = obligo(&["check", "data"]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(stdout(&ok).starts_with("ok: data is valid"));

    let dir = std::env::temp_dir().join(format!("obligo-broken-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("jurisdictions")).unwrap();
    std::fs::copy(
        "tests/fixtures/valid/taxonomy.toml",
        dir.join("taxonomy.toml"),
    )
    .unwrap();
    std::fs::copy(
        "tests/fixtures/broken/unknown-term.toml",
        dir.join("jurisdictions/xy.toml"),
    )
    .unwrap();
    let bad = obligo(&["check", dir.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(1));
    let out = stdout(&bad);
    assert!(out.contains("xy.toml:43:9: error[unknown-term]: unknown data category `helth`\n  hint: did you mean `health`?"), "{out}");
}

#[test]
fn check_locates_bytes_that_are_not_utf8_and_says_so_once() {
    let dir = std::env::temp_dir().join(format!("obligo-utf8-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("jurisdictions")).unwrap();
    std::fs::copy(
        "tests/fixtures/valid/taxonomy.toml",
        dir.join("taxonomy.toml"),
    )
    .unwrap();
    let valid = std::fs::read("tests/fixtures/valid/jurisdictions/zz.toml").unwrap();
    let at = valid.windows(7).position(|w| w == b"Zedland").unwrap() + 3;
    let mut bytes = valid.clone();
    bytes.insert(at, 0xff);
    std::fs::write(dir.join("jurisdictions/zz.toml"), bytes).unwrap();
    let out = obligo(&["check", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("zz.toml:3:12: error[encoding]: the file is not valid UTF-8 here"),
        "{text}"
    );
    assert_eq!(
        text.matches("UTF-8").count(),
        2,
        "once in the message, once in the hint: {text}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_reader_that_stops_early_gets_no_panic() {
    // `obligo query big.toml -f json | head -c 8`: an answer larger than
    // the pipe's buffer, and a reader that closes after a few bytes.
    let mut parties = String::from(
        "[[parties]]\nrole = \"organisation\"\nestablished_in = [\"DE-BE\", \"US\"]\n",
    );
    for place in [
        "DE", "FR", "NL", "US-CA", "US-NY", "US-TX", "GB", "SG", "AU", "BR", "JP",
    ] {
        parties.push_str(&format!(
            "[[parties]]\nrole = \"affected-people\"\njurisdiction = \"{place}\"\ncount = 5000\n"
        ));
    }
    let path = std::env::temp_dir().join(format!("obligo-pipe-{}.toml", std::process::id()));
    std::fs::write(
        &path,
        format!("aware_at = \"2026-03-06T16:30:00Z\"\nkinds = [\"personal-data-breach\"]\ndata = [\"name\", \"ssn\", \"health\"]\n{parties}"),
    )
    .unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_obligo"))
        .args(["query", path.to_str().unwrap(), "-f", "json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 8];
    use std::io::Read;
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    std::fs::remove_file(&path).ok();
}

#[test]
fn check_lists_every_lint_with_its_meaning() {
    let out = obligo(&["check", "--list-lints"]);
    assert!(out.status.success());
    let text = stdout(&out);
    for lint in obligo::load::lints::LINTS {
        let line = text
            .lines()
            .find(|l| l.split_whitespace().next() == Some(lint.id))
            .unwrap_or_else(|| panic!("`{}` is not listed:\n{text}", lint.id));
        assert!(line.contains(lint.meaning), "{line}");
        assert!(
            text.contains(&format!("mistake: {}", lint.mistake)),
            "{}",
            lint.id
        );
        assert!(
            text.contains(&format!("fix:     {}", lint.fix)),
            "{}",
            lint.id
        );
    }
}

#[test]
fn query_json_follows_the_assessment_contract() {
    let path = incident_file(HOSPITAL, "toml");
    let out = obligo(&[
        "query",
        path.to_str().unwrap(),
        "--format",
        "json",
        "--tz",
        "America/New_York",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let obligations = v["obligations"].as_array().unwrap();
    assert!(!obligations.is_empty());
    for o in obligations {
        for key in [
            "jurisdiction",
            "regime",
            "regime_title",
            "party",
            "recipient",
            "stage",
            "deadline",
            "status",
            "questions",
            "because",
            "citation",
            "source",
            "review",
        ] {
            assert!(o.get(key).is_some(), "obligation lacks `{key}`: {o}");
        }
        assert!(o["source"].as_str().unwrap().starts_with("https://"));
        assert!(o["party"]["role"].is_string() && o["party"]["index"].is_u64());
        assert!(o["deadline"]["business_days"].is_boolean() && o["deadline"]["text"].is_string());
        assert!(["applies", "conditional"].contains(&o["status"].as_str().unwrap()));
        assert!(!o["because"].as_array().unwrap().is_empty());
        if let Some(due) = o["deadline"]["due"].as_str() {
            assert!(
                due.ends_with('Z'),
                "due is an RFC 3339 instant in UTC: {due}"
            );
            let in_zone = o["deadline"]["due_in_zone"].as_str().unwrap();
            assert!(in_zone.contains("[America/New_York]"), "{in_zone}");
        }
    }
    // Sorted by due, open-ended ones last.
    let dues: Vec<Option<&str>> = obligations
        .iter()
        .map(|o| o["deadline"]["due"].as_str())
        .collect();
    let first_none = dues.iter().position(Option::is_none).unwrap_or(dues.len());
    assert!(dues[first_none..].iter().all(Option::is_none));
    assert!(dues[..first_none].is_sorted());
    let na = v["not_applicable"].as_array().unwrap();
    assert!(
        na.iter()
            .all(|n| n["rule"].is_string() && !n["reasons"].as_array().unwrap().is_empty())
    );
}

#[test]
fn json_and_toml_incidents_give_the_same_answer() {
    let t = obligo(&[
        "query",
        incident_file(HOSPITAL, "toml").to_str().unwrap(),
        "-f",
        "json",
    ]);
    let j = obligo(&[
        "query",
        incident_file(HOSPITAL, "json").to_str().unwrap(),
        "-f",
        "json",
    ]);
    assert!(t.status.success() && j.status.success());
    assert_eq!(stdout(&t), stdout(&j));
}

#[test]
fn ics_has_one_event_per_dated_obligation_not_yet_sent() {
    let path = incident_file(HOSPITAL, "toml");
    let json = obligo(&["query", path.to_str().unwrap(), "-f", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let obligations = v["obligations"].as_array().unwrap();
    // The scenario records the BSI notification as sent: no event for it.
    assert_eq!(
        obligations
            .iter()
            .filter(|o| o["sent_at"].is_string())
            .count(),
        1
    );
    let dated: Vec<String> = obligations
        .iter()
        .filter(|o| o["sent_at"].is_null())
        .filter_map(|o| o["deadline"]["due"].as_str())
        .map(|d| d.replace(['-', ':'], ""))
        .collect();
    let ics = stdout(&obligo(&["query", path.to_str().unwrap(), "-f", "ics"]));
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(ics.contains("Already sent: DE"), "{ics}");
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), dated.len());
    // Every deadline reminds 4 hours before, and the file is the same each time.
    assert_eq!(ics.matches("BEGIN:VALARM").count(), dated.len());
    assert_eq!(ics.matches("TRIGGER:-PT14400S").count(), dated.len());
    assert_eq!(
        ics,
        stdout(&obligo(&["query", path.to_str().unwrap(), "-f", "ics"]))
    );
    for d in dated {
        assert!(ics.contains(&format!("DTSTART:{d}")), "no event at {d}");
    }
}

#[test]
fn markdown_and_table_show_deadlines_in_the_chosen_zone_with_the_disclaimer() {
    let path = incident_file(HOSPITAL, "toml");
    let md = stdout(&obligo(&[
        "query",
        path.to_str().unwrap(),
        "-f",
        "markdown",
        "--tz",
        "Asia/Tokyo",
    ]));
    assert!(md.contains("| # | Due | Status | Where | Stage | Recipient | Citation |"));
    assert!(md.contains("JST") && md.contains("not legal advice"));
    assert!(md.contains("## Rules that do not apply"));
    let table = stdout(&obligo(&["query", path.to_str().unwrap(), "-f", "table"]));
    assert!(table.contains("DUE") && table.contains("CET") && table.contains("not legal advice"));
}

#[test]
fn bad_input_is_a_clear_error_not_a_panic() {
    let dir = std::env::temp_dir().join(format!("obligo-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.toml");
    std::fs::write(&path, "aware_at = \"yesterday\"\n[[parties]]\nrole = \"organisation\"\nestablished_in = [\"Frnce\"]\n").unwrap();
    let out = obligo(&["query", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("aware_at: `yesterday` is not a date and time"),
        "{err}"
    );
    assert!(err.contains("did you mean `FR` (France)?"), "{err}");
    let out = obligo(&["query", "/nonexistent/incident.toml"]);
    assert_eq!(out.status.code(), Some(2));
    let out = obligo(&["query", path.to_str().unwrap(), "--tz", "Mars/Olympus"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown time zone"));
}

#[test]
fn the_readme_example_incident_runs() {
    let out = obligo(&[
        "query",
        "tests/incidents/de-hospital-ransomware.toml",
        "-f",
        "json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ca_ag = v["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["jurisdiction"] == "US-CA" && o["recipient"]["kind"] == "attorney-general")
        .expect("California AG notice listed");
    assert_eq!(
        ca_ag["status"], "conditional",
        "the California count is unknown"
    );
}

#[test]
fn data_flag_uses_a_working_copy_instead_of_the_embedded_dataset() {
    let dir = std::env::temp_dir().join(format!("obligo-data-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("zz.toml");
    std::fs::write(
        &path,
        "aware_at = \"2026-04-30T10:00:00+02:00[Europe/Paris]\"\nkinds = [\"personal-data-breach\"]\ndata = [\"health\"]\nencrypted = false\n[[parties]]\nrole = \"organisation\"\nestablished_in = [\"ZZ\"]\n",
    )
    .unwrap();
    let out = obligo(&[
        "--data",
        "tests/fixtures/valid",
        "query",
        path.to_str().unwrap(),
        "-f",
        "json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let regimes: Vec<&str> = v["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["regime"].as_str().unwrap())
        .collect();
    assert_eq!(regimes, ["zz-act", "zz-act"]);
    // ZZ is a private-use code: the embedded dataset does not have it, so it
    // is rejected (exit 2) instead of silently assessing nothing.
    let out = obligo(&["query", path.to_str().unwrap(), "-f", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("`ZZ` is a code ISO 3166 leaves for private use"),
        "{err}"
    );
}

#[test]
fn unknown_codes_are_rejected_and_real_codes_without_data_warn() {
    let dir = std::env::temp_dir().join(format!("obligo-codes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, code: &str| {
        let path = dir.join(name);
        std::fs::write(
            &path,
            format!("aware_at = \"2026-06-01T09:00:00Z\"\nkinds = [\"personal-data-breach\"]\n[[parties]]\nrole = \"organisation\"\nestablished_in = [\"{code}\"]\n"),
        )
        .unwrap();
        path
    };
    for (code, hint) in [
        ("XX", "private use"),
        ("US-ZZ", "unknown jurisdiction code `US-ZZ`"),
        ("US-CAL", "did you mean `US-CA`"),
    ] {
        let out = obligo(&[
            "query",
            write("bad.toml", code).to_str().unwrap(),
            "-f",
            "json",
        ]);
        assert_eq!(out.status.code(), Some(2), "{code}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(hint), "{code}: {err}");
    }
    // A real ISO code obligo has no file for (Antarctica): assessed, with a warning.
    let out = obligo(&[
        "query",
        write("ok.toml", "AQ").to_str().unwrap(),
        "-f",
        "json",
    ]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        v["warnings"][0]
            .as_str()
            .unwrap()
            .contains("obligo has no data for AQ"),
        "{v}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn stats_and_schema_describe_the_dataset() {
    let s = stdout(&obligo(&["stats", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&s).unwrap();
    assert!(v["total"]["jurisdictions"].as_u64().unwrap() >= 20);
    assert!(v["by_region"]["europe"]["covered"].as_u64().unwrap() >= 5);
    assert!(stdout(&obligo(&["stats"])).contains("Total"));
    // Coverage promised by the dataset: every US state, DC and the four
    // territories with a law of their own; every EU member state; the EEA.
    // The 50 states, DC, PR, GU and VI have a law of their own; American
    // Samoa and the Northern Mariana Islands are reviewed: no duty found.
    assert_eq!(v["parts"]["US"]["parts"], 56);
    assert_eq!(v["parts"]["US"]["covered"], 54);
    assert_eq!(v["parts"]["US"]["reviewed_no_duty"], 2);
    assert_eq!(v["parts"]["EU"]["covered"], 27);
    assert_eq!(v["parts"]["EEA"]["covered"], 30);
    for code in ["GB", "CH", "NO", "IS", "LI", "EU"] {
        let j = serde_json::from_str::<serde_json::Value>(&stdout(&obligo(&[
            "search",
            code,
            "--kind",
            "jurisdiction",
            "--json",
        ])))
        .unwrap();
        assert!(
            j["hits"]
                .as_array()
                .unwrap()
                .iter()
                .any(|h| h["jurisdiction"] == code),
            "{code}"
        );
    }
    let schema: serde_json::Value = serde_json::from_str(&stdout(&obligo(&["schema"]))).unwrap();
    assert_eq!(schema["additionalProperties"], false);
    assert!(schema["properties"]["rules"].is_object());
    let incident: serde_json::Value =
        serde_json::from_str(&stdout(&obligo(&["schema", "--of", "incident"]))).unwrap();
    assert!(incident["properties"]["aware_at"].is_object());
}

#[test]
fn a_day_counted_deadline_ends_on_its_last_day_in_every_format() {
    // Singapore PDPA s 26D(1): 3 calendar days after Thursday 14 May 2026:
    // the last day is Sunday 17 May, so every output shows 23:59 on the
    // 17th, never 00:00 on the 18th.
    let path = incident_file("tests/scenarios/world-sg-determined.toml", "toml");
    let p = path.to_str().unwrap();
    let table = stdout(&obligo(&[
        "query",
        p,
        "-f",
        "table",
        "--tz",
        "Asia/Singapore",
    ]));
    assert!(table.contains("2026-05-17 23:59 +08"), "{table}");
    assert!(!table.contains("2026-05-18 00:00"), "{table}");
    let md = stdout(&obligo(&[
        "query",
        p,
        "-f",
        "markdown",
        "--tz",
        "Asia/Singapore",
    ]));
    assert!(md.contains("2026-05-17 23:59 +08"), "{md}");
    let ics = stdout(&obligo(&["query", p, "-f", "ics"]));
    assert!(ics.contains("DTSTART:20260517T155959Z"), "{ics}");
    let json: serde_json::Value =
        serde_json::from_slice(&obligo(&["query", p, "-f", "json"]).stdout).unwrap();
    let pdpc = json["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["rule"] == "sg-pdpa-26d-commission")
        .unwrap();
    assert_eq!(pdpc["deadline"]["due"], "2026-05-17T15:59:59Z");
    assert_eq!(
        pdpc["deadline"]["due_local"],
        "2026-05-17T23:59:59+08:00[Asia/Singapore]"
    );
}
