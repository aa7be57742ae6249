//! Engine semantics on a small fixture dataset, where each rule isolates one
//! behaviour: the law as it stood (proposed, adopted, repealed), unknown
//! facts, thresholds, chained clocks, and unknown jurisdictions.

use std::path::Path;

use obligo::engine::{self, Obligation, Status};
use obligo::incident::IncidentInput;
use obligo::load::{self, LoadOptions, SourceFile};
use obligo::model::Dataset;

/// Assesses as of the moment of awareness, so answers do not depend on the clock.
fn assess_at_awareness(
    data: &Dataset,
    incident: &obligo::incident::Incident,
) -> engine::Assessment {
    engine::assess(data, incident, incident.aware_at)
}

/// The valid fixture with its regime's status and dates replaced.
fn fixture(status: &str, dates: &str) -> Dataset {
    let mut files = load::read_dir(Path::new("tests/fixtures/valid")).unwrap();
    let zz: &mut SourceFile = files
        .iter_mut()
        .find(|f| f.relative.ends_with("zz.toml"))
        .unwrap();
    zz.text = zz.text.replace(
        "status = \"in-force\"\napplies_from = \"2020-01-01\"",
        &format!("status = \"{status}\"\n{dates}"),
    );
    load::load(&files, LoadOptions::default()).expect("fixture variant loads")
}

fn incident(toml_text: &str) -> IncidentInput {
    IncidentInput::from_toml(toml_text).expect("incident parses")
}

const ZZ_BREACH: &str = r#"
aware_at = "2026-04-30T10:00:00+02:00[Europe/Paris]"
kinds = ["personal-data-breach"]
data = ["name", "ssn"]
encrypted = false
[[parties]]
role = "organisation"
established_in = ["ZZ"]
"#;

#[test]
fn a_proposed_law_is_never_an_obligation() {
    let data = fixture("proposed", "");
    let a = assess_at_awareness(&data, &incident(ZZ_BREACH).check(&data).unwrap());
    assert!(a.obligations.is_empty());
    assert_eq!(a.not_applicable.len(), 1);
    assert!(
        a.not_applicable[0].reasons[0].contains("only proposed"),
        "{:?}",
        a.not_applicable
    );
}

#[test]
fn an_adopted_law_applies_only_from_its_date() {
    let data = fixture("adopted", "applies_from = \"2026-05-01\"");
    // Aware on 30 April: the day before the law applies.
    let a = assess_at_awareness(&data, &incident(ZZ_BREACH).check(&data).unwrap());
    assert!(a.obligations.is_empty());
    let reason = &a.not_applicable[0].reasons[0];
    assert!(
        reason.contains("adopted but not yet applicable on 2026-04-30")
            && reason.contains("2026-05-01"),
        "{reason}"
    );
    // Aware on 1 May (local date in the law's zone): it applies.
    let later = ZZ_BREACH.replace("2026-04-30T10:00:00", "2026-05-01T00:30:00");
    let a = assess_at_awareness(&data, &incident(&later).check(&data).unwrap());
    assert_eq!(a.obligations.len(), 2);
}

#[test]
fn a_repealed_law_applies_to_incidents_before_its_end() {
    let data = fixture(
        "repealed",
        "applies_from = \"2020-01-01\"\napplies_until = \"2026-01-01\"",
    );
    let a = assess_at_awareness(&data, &incident(ZZ_BREACH).check(&data).unwrap());
    assert!(a.obligations.is_empty());
    assert!(a.not_applicable[0].reasons[0].contains("no longer applicable"));
    let earlier = ZZ_BREACH.replace("2026-04-30T10:00:00+02:00", "2025-12-31T10:00:00+01:00");
    let a = assess_at_awareness(&data, &incident(&earlier).check(&data).unwrap());
    assert_eq!(a.obligations.len(), 2);
}

#[test]
fn unknown_facts_make_obligations_conditional_with_questions() {
    let data = fixture("in-force", "applies_from = \"2020-01-01\"");
    let unknown = ZZ_BREACH
        .replace("encrypted = false\n", "")
        .replace("data = [\"name\", \"ssn\"]\n", "");
    let a = assess_at_awareness(&data, &incident(&unknown).check(&data).unwrap());
    assert_eq!(
        a.obligations.len(),
        2,
        "unknown facts must not drop obligations"
    );
    for o in &a.obligations {
        assert_eq!(o.status, Status::Conditional);
        assert!(
            o.questions.iter().any(|q| q.contains("encrypted")),
            "{:?}",
            o.questions
        );
        assert!(
            o.questions.iter().any(|q| q.contains("Which data")),
            "{:?}",
            o.questions
        );
    }
    // Answering the exemption question settles it.
    let encrypted = ZZ_BREACH.replace("encrypted = false", "encrypted = true");
    let a = assess_at_awareness(&data, &incident(&encrypted).check(&data).unwrap());
    assert!(a.obligations.is_empty());
    assert!(
        a.not_applicable[0]
            .reasons
            .iter()
            .any(|r| r.starts_with("exempt"))
    );
}

#[test]
fn a_chained_clock_runs_from_the_real_send_never_from_the_earlier_deadline() {
    let data = fixture("in-force", "applies_from = \"2020-01-01\"");
    let at = |extra: &str, now: &str| {
        let incident = incident(&format!("{ZZ_BREACH}{extra}"))
            .check(&data)
            .unwrap();
        let a = engine::assess(&data, &incident, now.parse().unwrap());
        let people = a
            .obligations
            .iter()
            .find(|o| o.obligation == "people")
            .unwrap()
            .clone();
        (a.obligations[0].clone(), people)
    };
    // Not sent yet: no due instant; if the DPA were notified now (a day
    // after awareness at 08:00Z), 3 calendar days later in Paris.
    let (dpa, people) = at("", "2026-05-01T08:00:00Z");
    assert_eq!(
        dpa.deadline.due.unwrap().to_string(),
        "2026-05-03T08:00:00Z"
    );
    assert_eq!(people.deadline.due, None);
    assert_eq!(
        people.deadline.projected.unwrap().to_string(),
        "2026-05-04T08:00:00Z"
    );
    assert!(
        people
            .deadline
            .waiting_for
            .as_deref()
            .unwrap()
            .contains("sending")
    );
    assert_eq!(people.status, Status::Applies);
    // Sent early (10 hours after awareness): the people's notice is due 3 days
    // after the real send, earlier than 3 days after the DPA deadline would be.
    let sent =
        "[[sent]]\nrule = \"zz-act-dpa\"\nobligation = \"dpa\"\nat = \"2026-04-30T18:00:00Z\"\n";
    let (dpa, people) = at(sent, "2026-05-01T08:00:00Z");
    assert_eq!(dpa.sent_at.unwrap().to_string(), "2026-04-30T18:00:00Z");
    assert_eq!(
        people.deadline.due.unwrap().to_string(),
        "2026-05-03T18:00:00Z"
    );
    assert_eq!(people.deadline.projected, None);
    // The sent entry can name the stage instead of the obligation id.
    let by_stage = sent.replace(
        "obligation = \"dpa\"",
        "stage = \"single\"\nrecipient = \"data-protection-authority\"",
    );
    let (_, people) = at(&by_stage, "2026-05-01T08:00:00Z");
    assert_eq!(
        people.deadline.due.unwrap().to_string(),
        "2026-05-03T18:00:00Z"
    );
    // An unknown rule or an ambiguous obligation is a clear problem.
    let err = incident(&format!(
        "{ZZ_BREACH}[[sent]]\nrule = \"zz-act-dpx\"\nat = \"2026-04-30T18:00:00Z\"\n"
    ))
    .check(&data)
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("sent[0].rule: unknown rule `zz-act-dpx`; did you mean `zz-act-dpa`?"),
        "{err}"
    );
    let err = incident(&format!(
        "{ZZ_BREACH}[[sent]]\nrule = \"zz-act-dpa\"\nat = \"2026-04-30T18:00:00Z\"\n"
    ))
    .check(&data)
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("several obligations of rule `zz-act-dpa` match (dpa, people)"),
        "{err}"
    );
}

#[test]
fn uncovered_jurisdictions_are_accepted_with_a_warning() {
    // A real ISO 3166-2 code (Mexico City) without a file of its own.
    let data = load::embedded().unwrap();
    let text = r#"
aware_at = "2026-06-01T09:00:00Z"
kinds = ["personal-data-breach"]
data = ["name", "ssn"]
[[parties]]
role = "organisation"
established_in = ["MX-CMX"]
sectors = []
entity_types = []
[[parties]]
role = "affected-people"
jurisdiction = "mx-cmx"
count = 10
"#;
    let a = assess_at_awareness(&data, &incident(text).check(&data).unwrap());
    assert_eq!(a.warnings.len(), 1);
    assert!(
        a.warnings[0].contains("no data for MX-CMX") && a.warnings[0].contains("only that of MX"),
        "{:?}",
        a.warnings
    );
}

#[test]
fn bad_incidents_get_every_problem_with_a_hint() {
    let data = load::embedded().unwrap();
    let text = r#"
aware_at = "2026-13-01T09:00:00Z"
kinds = ["personal-data-breech"]
data = ["helth"]
[[parties]]
role = "organisaton"
established_in = ["Germny"]
[[parties]]
role = "affected-people"
"#;
    let err = incident(text).check(&data).unwrap_err().to_string();
    for needle in [
        "aware_at: `2026-13-01T09:00:00Z` is not a date and time",
        "kinds: unknown incident kind `personal-data-breech`; did you mean `personal-data-breach`?",
        "data: unknown data category `helth`; did you mean `health`?",
        "parties[0].role: unknown party role `organisaton`; did you mean `organisation`?",
        "parties[0].established_in[0]: `Germny` is not a jurisdiction code; did you mean `DE` (Germany)?",
        "parties[1].jurisdiction: affected people need a `jurisdiction`",
    ] {
        assert!(err.contains(needle), "missing {needle:?} in:\n{err}");
    }
}

#[test]
fn the_uk_alias_resolves_to_gb_and_offsets_are_required() {
    let data = load::embedded().unwrap();
    let (code, covered) = obligo::incident::resolve_code(&data, "UK").unwrap();
    assert_eq!((code.as_str(), covered), ("GB", true));
    let text = "aware_at = \"2026-03-06T16:30:00\"\n";
    let err = incident(text).check(&data).unwrap_err().to_string();
    assert!(err.contains("no offset or time zone"), "{err}");
}

#[test]
fn syntax_errors_name_the_line() {
    let err =
        IncidentInput::from_toml("aware_at = \"2026-03-06T16:30:00Z\"\nkinds = [\"ransomware\"\n")
            .unwrap_err();
    assert!(err.to_string().contains("line 2"), "{err}");
    let err = IncidentInput::from_json("{\"aware_at\": 5}").unwrap_err();
    assert!(err.to_string().contains("not valid JSON"), "{err}");
}

#[test]
fn huge_counts_do_not_overflow() {
    let data = load::embedded().unwrap();
    let text = r#"
aware_at = "2026-06-01T09:00:00Z"
kinds = ["personal-data-breach"]
data = ["name", "ssn"]
[[parties]]
role = "organisation"
established_in = ["US"]
[[parties]]
role = "affected-people"
jurisdiction = "US-TX"
count = 18446744073709551615
[[parties]]
role = "affected-people"
jurisdiction = "US-TX"
count = 18446744073709551615
"#;
    let a = assess_at_awareness(&data, &incident(text).check(&data).unwrap());
    assert!(
        a.obligations
            .iter()
            .any(|o| o.jurisdiction == "US-TX" && o.recipient.kind == "attorney-general")
    );
}

/// The valid fixture with pieces of zz.toml replaced.
fn variant(replacements: &[(&str, &str)]) -> Dataset {
    let mut files = load::read_dir(Path::new("tests/fixtures/valid")).unwrap();
    let zz = files
        .iter_mut()
        .find(|f| f.relative.ends_with("zz.toml"))
        .unwrap();
    for (from, to) in replacements {
        assert!(zz.text.contains(from), "the fixture has no {from:?}");
        zz.text = zz.text.replace(from, to);
    }
    load::load(&files, LoadOptions::default()).expect("fixture variant loads")
}

const DPA_72_HOURS: &str = "text = \"within 72 hours\"\nhours = 72";

/// The DPA obligation for ZZ_BREACH with top-level keys `before` it and tables `after` it.
fn dpa_obligation(data: &Dataset, before: &str, after: &str) -> Obligation {
    let a = assess_at_awareness(
        data,
        &incident(&format!("{before}{ZZ_BREACH}{after}"))
            .check(data)
            .unwrap(),
    );
    a.obligations
        .into_iter()
        .find(|o| o.recipient.kind == "data-protection-authority")
        .expect("a DPA obligation")
}

/// The DPA obligation's due instant, status and notes.
fn dpa_due(data: &Dataset, before: &str, after: &str) -> (Option<String>, Status, Vec<String>) {
    let o = dpa_obligation(data, before, after);
    (o.deadline.due.map(|d| d.to_string()), o.status, o.notes)
}

#[test]
fn a_capped_deadline_is_due_at_whichever_clock_ends_first() {
    let data = variant(&[(
        DPA_72_HOURS,
        "text = \"4 hours after classification, at the latest 24 hours after awareness\"\nfrom = \"determined\"\ndetermination = \"classified-major\"\nhours = 4\nat_latest = { hours = 24 }",
    )]);
    let classified = |at: &str| format!("[determinations]\nclassified-major = \"{at}\"\n");
    // Aware 2026-04-30 08:00 UTC. Classified two hours later: 4 h after that.
    let (due, status, _) = dpa_due(&data, "", &classified("2026-04-30T10:00:00Z"));
    assert_eq!(due.as_deref(), Some("2026-04-30T14:00:00Z"));
    assert_eq!(status, Status::Applies);
    // Classified 22 hours later: the 24-hour cap comes first.
    let (due, _, _) = dpa_due(&data, "", &classified("2026-05-01T06:00:00Z"));
    assert_eq!(due.as_deref(), Some("2026-05-01T08:00:00Z"));
    // Classified, time not given: the cap binds, and the note says it may come sooner.
    let (due, status, notes) = dpa_due(&data, "", "[determinations]\nclassified-major = true\n");
    assert_eq!(due.as_deref(), Some("2026-05-01T08:00:00Z"));
    assert_eq!(status, Status::Applies);
    assert!(notes.iter().any(|n| n.contains("due earlier")), "{notes:?}");
    // Not classified yet: conditional, with the question; the cap is a real
    // due instant and the 4-hour clock is projected from `now` (awareness).
    let o = dpa_obligation(&data, "", "");
    assert_eq!(o.status, Status::Conditional);
    assert_eq!(
        o.deadline.due.map(|d| d.to_string()).as_deref(),
        Some("2026-05-01T08:00:00Z")
    );
    assert_eq!(
        o.deadline.projected.map(|d| d.to_string()).as_deref(),
        Some("2026-04-30T12:00:00Z")
    );
    assert!(
        o.questions
            .iter()
            .any(|q| q.contains("classified as major")),
        "{:?}",
        o.questions
    );
    assert_eq!(
        o.deadline.waiting_for.as_deref(),
        Some("the classification as major")
    );
    // Classified as not major: the rule does not apply.
    let a = assess_at_awareness(
        &data,
        &incident(&format!(
            "{ZZ_BREACH}[determinations]\nclassified-major = false\n"
        ))
        .check(&data)
        .unwrap(),
    );
    assert!(
        a.obligations
            .iter()
            .all(|o| o.recipient.kind != "data-protection-authority"),
        "a determination made 'no' drops the rule"
    );
}

#[test]
fn a_year_end_clock_and_a_fewer_than_threshold() {
    let data = variant(&[
        (
            "unless = [\"encrypted\"]\n",
            "unless = [\"encrypted\"]\naffected_fewer_than = 500\ncount = \"all\"\n",
        ),
        (
            DPA_72_HOURS,
            "text = \"within 60 days after the end of the calendar year\"\nfrom = \"year-end\"\ndays = 60",
        ),
    ]);
    let people = |count: &str| {
        format!("[[parties]]\nrole = \"affected-people\"\njurisdiction = \"ZZ\"\n{count}\n")
    };
    // 1 January 2027 00:00 in Paris, plus 60 days: 2 March 2027 00:00 CET.
    let (due, status, _) = dpa_due(&data, "", &people("count = 499"));
    assert_eq!(due.as_deref(), Some("2027-03-01T23:00:00Z"));
    assert_eq!(status, Status::Applies);
    let (_, status, _) = dpa_due(&data, "", &people(""));
    assert_eq!(status, Status::Conditional);
    let a = assess_at_awareness(
        &data,
        &incident(&format!("{ZZ_BREACH}{}", people("count = 500")))
            .check(&data)
            .unwrap(),
    );
    assert!(a.obligations.is_empty(), "500 is not fewer than 500");
    assert!(
        a.not_applicable[0]
            .reasons
            .iter()
            .any(|r| r.contains("fewer than 500")),
        "{:?}",
        a.not_applicable
    );
}

#[test]
fn a_ransom_payment_clock_runs_from_the_payment_or_asks_for_it() {
    let data = variant(&[(
        DPA_72_HOURS,
        "text = \"within 24 hours of the extortion payment\"\nfrom = \"ransom-paid\"\nhours = 24",
    )]);
    let paid = "ransom_paid_at = \"2026-05-02T18:00:00Z\"\n";
    let (due, status, _) = dpa_due(&data, paid, "");
    assert_eq!(due.as_deref(), Some("2026-05-03T18:00:00Z"));
    assert_eq!(status, Status::Applies);
    let o = dpa_obligation(&data, "", "");
    assert_eq!(o.deadline.due, None);
    assert_eq!(o.status, Status::Conditional);
    assert!(
        o.questions.iter().any(|q| q.contains("ransom_paid_at")),
        "{:?}",
        o.questions
    );
}

#[test]
fn an_occurrence_clock_is_never_later_than_the_law_allows() {
    let data = variant(&[(
        DPA_72_HOURS,
        "text = \"72 hours after the breach occurs\"\nfrom = \"occurred\"\nhours = 72",
    )]);
    // Occurred a day before awareness: due a day earlier than from awareness.
    let (due, status, _) = dpa_due(&data, "occurred_at = \"2026-04-29T08:00:00Z\"\n", "");
    assert_eq!(due.as_deref(), Some("2026-05-02T08:00:00Z"));
    assert_eq!(status, Status::Applies);
    // Not known: counted from awareness (the latest the breach can have
    // occurred), still applying, with the question and a note saying so.
    let o = dpa_obligation(&data, "", "");
    assert_eq!(
        o.deadline.due.map(|d| d.to_string()).as_deref(),
        Some("2026-05-03T08:00:00Z")
    );
    assert_eq!(o.status, Status::Applies);
    assert!(
        o.questions.iter().any(|q| q.contains("occurred_at")),
        "{:?}",
        o.questions
    );
    assert!(
        o.notes.iter().any(|n| n.contains("due earlier")),
        "{:?}",
        o.notes
    );
    // An occurrence after awareness is a mistake, refused with its field.
    let late = incident(&format!(
        "occurred_at = \"2026-05-01T08:00:00Z\"\n{ZZ_BREACH}"
    ));
    let err = late.check(&data).unwrap_err().to_string();
    assert!(err.contains("occurred_at"), "{err}");
}

#[test]
fn a_duty_for_some_kinds_of_organisation_says_so_until_the_type_is_known() {
    let data = variant(&[(
        "unless = [\"encrypted\"]",
        "unless = [\"encrypted\"]\nentity_types = [\"essential\"]",
    )]);
    // Type unknown: conditional, and marked as depending on the type.
    let o = dpa_obligation(&data, "", "");
    assert_eq!(o.status, Status::Conditional);
    assert!(o.depends_on_organisation_type);
    // Type given: it applies and the mark is gone.
    let o = dpa_obligation(&data, "", "entity_types = [\"essential\"]\n");
    assert_eq!(o.status, Status::Applies);
    assert!(!o.depends_on_organisation_type);
    // Another fact unknown too: still marked, since the type is still open.
    let another_unknown = variant(&[(
        "unless = [\"encrypted\"]",
        "unless = [\"encrypted\"]\nfacts = [\"high_risk\"]\nentity_types = [\"essential\"]",
    )]);
    assert!(dpa_obligation(&another_unknown, "", "").depends_on_organisation_type);
    // A duty for any organisation is never marked.
    let plain = variant(&[]);
    assert!(!dpa_obligation(&plain, "", "").depends_on_organisation_type);
}

#[test]
fn new_party_lists_are_bounded_with_a_clear_problem() {
    let data = load::embedded().unwrap();
    let many: Vec<String> = (0..201).map(|_| "\"FR\"".to_string()).collect();
    let text = format!(
        "aware_at = \"2026-06-01T09:00:00Z\"\n[[parties]]\nrole = \"organisation\"\nestablished_in = [\"US\"]\ntargets = [{}]\n",
        many.join(", ")
    );
    let err = incident(&text).check(&data).unwrap_err().to_string();
    assert!(
        err.contains("parties[0].targets: more than 200 entries"),
        "{err}"
    );
}

#[test]
fn a_determined_at_that_dates_nothing_is_a_warning() {
    let data = load::embedded().unwrap();
    let text = "aware_at = \"2026-06-01T09:00:00+08:00\"\ndetermined_at = \"2026-06-02T09:00:00+08:00\"\nkinds = [\"personal-data-breach\"]\n[[parties]]\nrole = \"organisation\"\nestablished_in = [\"SG\"]\n[[parties]]\nrole = \"affected-people\"\njurisdiction = \"SG\"\ncount = 900\n";
    let a = assess_at_awareness(&data, &incident(text).check(&data).unwrap());
    assert!(
        a.warnings
            .iter()
            .any(|w| w.contains("only dates determinations recorded as `true`")),
        "{:?}",
        a.warnings
    );
    let pdpc = a
        .obligations
        .iter()
        .find(|o| o.rule == "sg-pdpa-26d-commission")
        .unwrap();
    assert_eq!(pdpc.status, Status::Conditional);
    // Recorded `true`: it is dated by `determined_at` (2 June 09:00 SGT),
    // due at the end of 5 June SGT.
    let dated = text.replace(
        "[[parties]]\nrole = \"organisation\"",
        "[determinations]\nsg-notifiable-data-breach = true\n[[parties]]\nrole = \"organisation\"",
    );
    let a = assess_at_awareness(&data, &incident(&dated).check(&data).unwrap());
    assert!(a.warnings.iter().all(|w| !w.contains("determined_at")));
    let pdpc = a
        .obligations
        .iter()
        .find(|o| o.rule == "sg-pdpa-26d-commission")
        .unwrap();
    assert_eq!(
        pdpc.deadline.due.unwrap().to_string(),
        "2026-06-05T15:59:59Z"
    );
}

#[test]
fn a_reviewed_no_duty_jurisdiction_is_an_answer_not_a_gap() {
    let mut files = load::read_dir(Path::new("tests/fixtures/valid")).unwrap();
    files.push(SourceFile {
        relative: "jurisdictions/xa.toml".into(),
        display: "xa.toml".into(),
        text: "[jurisdiction]\ncode = \"XA\"\nname = \"Nolawland\"\nkind = \"country\"\nregion = \"africa\"\ntime_zone = \"Africa/Nairobi\"\nbreach_duty = \"none-found\"\n\n[jurisdiction.review]\nlast_reviewed = \"2026-11-30\"\nreviewed_by = \"test\"\nstatus = \"unverified\"\nnote = \"Checked the statute book index; no breach duty found.\"\n".into(),
    });
    let data = load::load(&files, LoadOptions::default()).unwrap();
    let text = "aware_at = \"2026-06-01T09:00:00Z\"\nkinds = [\"personal-data-breach\"]\n[[parties]]\nrole = \"organisation\"\nestablished_in = [\"XA\"]\n[[parties]]\nrole = \"affected-people\"\njurisdiction = \"XA\"\n";
    let a = assess_at_awareness(&data, &incident(text).check(&data).unwrap());
    assert!(a.obligations.is_empty());
    assert!(
        a.warnings.iter().all(|w| !w.contains("no data")),
        "{:?}",
        a.warnings
    );
    assert_eq!(a.reviewed_no_duty.len(), 1);
    assert!(a.reviewed_no_duty[0].finding.contains(
        "Nolawland (XA): no general breach-notification duty found, reviewed 2026-11-30"
    ));
    let table = obligo::format::table(&a, &jiff::tz::TimeZone::UTC, None);
    assert!(table.contains("REVIEWED:  Nolawland (XA)"), "{table}");
    let md = obligo::format::markdown(&a, &jiff::tz::TimeZone::UTC, None);
    assert!(md.contains("> **Reviewed:** Nolawland (XA)"), "{md}");
}

#[test]
fn a_country_on_file_without_reviewed_law_is_a_warning_not_silence() {
    let mut files = load::read_dir(Path::new("tests/fixtures/valid")).unwrap();
    files.push(SourceFile {
        relative: "jurisdictions/xb.toml".into(),
        display: "xb.toml".into(),
        text: "[jurisdiction]\ncode = \"XB\"\nname = \"Unreviewedland\"\nkind = \"country\"\nregion = \"africa\"\ntime_zone = \"Africa/Nairobi\"\n".into(),
    });
    let data = load::load(&files, LoadOptions::default()).unwrap();
    let text = "aware_at = \"2026-06-01T09:00:00Z\"\nkinds = [\"personal-data-breach\"]\n[[parties]]\nrole = \"organisation\"\nestablished_in = [\"ZZ\"]\n[[parties]]\nrole = \"affected-people\"\njurisdiction = \"XB\"\n";
    let a = assess_at_awareness(&data, &incident(text).check(&data).unwrap());
    assert!(
        a.warnings
            .iter()
            .any(|w| w.contains("obligo has not reviewed the law of XB yet")),
        "{:?}",
        a.warnings
    );
}

#[test]
fn data_strings_cannot_inject_markup_into_the_markdown_export() {
    let data = variant(&[
        (
            "website = \"https://dpa.zz.example/\"",
            "website = \"https://dpa.zz.example/\"\ncontact = \"https://x\\\"><script>alert(1)</script>\"",
        ),
        (
            "source = \"https://laws.zz.example/data-act\"",
            "source = \"https://evil.example/)[click](javascript:alert(4))\"",
        ),
        (
            "citation = \"Data Act 2020\"",
            "citation = \"Act *2020* [x](javascript:alert(5))\"",
        ),
    ]);
    let a = assess_at_awareness(&data, &incident(ZZ_BREACH).check(&data).unwrap());
    let md = obligo::format::markdown(&a, &jiff::tz::TimeZone::UTC, None);
    assert!(!md.contains("<script>"), "{md}");
    // Every `](` the data brought in is escaped (`\](`), so no link opens.
    assert!(
        md.match_indices("](javascript:")
            .all(|(i, _)| md[..i].ends_with('\\')),
        "{md}"
    );
    assert!(
        md.contains("\\[x\\]"),
        "brackets from the data are escaped: {md}"
    );
    assert!(
        md.contains("(<https://evil.example/%29[click]%28javascript:alert%284%29%29>)"),
        "{md}"
    );
}

#[test]
fn check_rejects_urls_a_link_could_break_out_of() {
    for bad in [
        "https://x.example/\\\"onclick",
        "https://x.example/<b>",
        "https://",
        "https://user:pw@x.example/",
        "https://x.example/a b",
    ] {
        let files = {
            let mut files = load::read_dir(Path::new("tests/fixtures/valid")).unwrap();
            let zz = files
                .iter_mut()
                .find(|f| f.relative.ends_with("zz.toml"))
                .unwrap();
            zz.text = zz.text.replace("https://dpa.zz.example/", bad);
            files
        };
        let err = load::load(&files, LoadOptions::default()).unwrap_err();
        assert!(
            err.0.iter().any(|d| d.lint == "https-url"),
            "{bad} passed the check"
        );
    }
}
