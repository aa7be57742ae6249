//! An incident as `POST /api/v1/assess` reads it (JSON).
#![no_main]

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    if let Ok(text) = std::str::from_utf8(bytes) {
        if let Ok(input) = obligo::incident::IncidentInput::from_json(text) {
            common::answer_everything(&input);
        }
    }
});
