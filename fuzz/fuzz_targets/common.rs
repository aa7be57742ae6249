//! What every target shares: the embedded dataset, loaded once, and "ask
//! for everything" on an incident that parsed.

use std::sync::OnceLock;

use obligo::incident::IncidentInput;
use obligo::model::Dataset;

pub fn data() -> &'static Dataset {
    static DATA: OnceLock<Dataset> = OnceLock::new();
    DATA.get_or_init(|| obligo::load::embedded().expect("embedded dataset loads"))
}

/// The answer in every format a user can download; only a panic is a bug.
pub fn answer_everything(input: &IncidentInput) {
    let Ok(incident) = input.check(data()) else {
        return;
    };
    let now: jiff::Timestamp = "2026-12-01T00:00:00Z".parse().unwrap();
    let assessment = obligo::engine::assess(data(), &incident, now);
    let tz = jiff::tz::TimeZone::UTC;
    let _ = obligo::format::json(&assessment, Some(&tz), None);
    let _ = obligo::format::markdown(&assessment, &tz, None);
    let _ = obligo::format::table(&assessment, &tz, None);
    let _ = obligo::format::ics(&assessment, None);
}
