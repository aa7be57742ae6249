//! An incident file as `obligo query` reads it (TOML).
#![no_main]

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    if let Ok(text) = std::str::from_utf8(bytes) {
        if let Ok(input) = obligo::incident::IncidentInput::from_toml(text) {
            common::answer_everything(&input);
        }
    }
});
