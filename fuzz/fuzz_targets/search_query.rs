//! A search box query, with and without a kind and jurisdiction filter.
#![no_main]

use std::sync::OnceLock;

use obligo::search::{DocKind, Filter, SearchIndex};

#[path = "common.rs"]
mod common;

fn index() -> &'static SearchIndex {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    INDEX.get_or_init(|| SearchIndex::build(common::data()).expect("index builds"))
}

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let _ = index().search(text, &Filter::default());
    let (filter_text, query) = text.split_once('\n').unwrap_or(("", text));
    let (kind, jurisdiction) = filter_text.split_once(' ').unwrap_or((filter_text, ""));
    let filter = Filter {
        kind: DocKind::parse(kind),
        jurisdiction: (!jurisdiction.is_empty()).then(|| jurisdiction.to_string()),
    };
    let _ = index().search(query, &filter);
});
