//! The assess page's form, as a browser submits it (URL-encoded).
#![no_main]

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(bytes)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if let Ok(form) = obligo::site::parse_form(&pairs) {
        let _ = form.zone();
        if let Ok(input) = form.to_incident() {
            common::answer_everything(&input);
        }
    }
});
