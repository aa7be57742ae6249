//! The static export: every page is written, every internal link resolves
//! to a file, and the browser's search index and the dataset ship with it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Builds into a directory of this test's own (tests run in parallel).
fn build(test: &str) -> (PathBuf, obligo::model::Dataset) {
    let data = obligo::load::embedded().unwrap();
    let out = std::env::temp_dir().join(format!("obligo-export-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    obligo::export::static_site::build(&data, &out, None).unwrap();
    (out, data)
}

fn html_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            html_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "html") {
            out.push(path);
        }
    }
}

/// The values of `href="…"` and `src="…"` attributes.
fn links(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attr in ["href=\"", "src=\""] {
        for (i, _) in html.match_indices(attr) {
            let start = i + attr.len();
            let end = start + html[start..].find('"').unwrap();
            found.push(html[start..end].replace("&amp;", "&"));
        }
    }
    found
}

#[test]
fn every_internal_link_of_the_export_resolves_to_a_file() {
    let (out, data) = build("links");
    let mut pages = Vec::new();
    html_files(&out, &mut pages);
    let expected = 6 + data.jurisdictions.len() + data.regimes.len() + data.authorities.len();
    assert_eq!(pages.len(), expected);
    let mut checked = BTreeSet::new();
    for page in &pages {
        let html = std::fs::read_to_string(page).unwrap();
        for link in links(&html) {
            if link.starts_with("https://") || link.starts_with('#') || link.starts_with("data:") {
                continue;
            }
            assert!(
                !link.starts_with('/') && !link.contains("://"),
                "{}: links must be relative, found {link}",
                page.display()
            );
            let file = link.split(['?', '#']).next().unwrap();
            let target = page.parent().unwrap().join(file);
            assert!(
                target.is_file(),
                "{}: {link} does not resolve",
                page.display()
            );
            checked.insert(target);
        }
    }
    assert!(
        checked.len() > 100,
        "only {} distinct targets",
        checked.len()
    );
}

#[test]
fn the_export_ships_search_and_the_dataset_and_no_server_features() {
    let (out, data) = build("assets");
    let index = std::fs::read_to_string(out.join("assets/search-index.js")).unwrap();
    let search = std::fs::read_to_string(out.join("search.html")).unwrap();
    let json = index
        .strip_prefix("window.OBLIGO_INDEX = ")
        .and_then(|s| s.trim_end().strip_suffix(';'))
        .unwrap();
    let index_json: serde_json::Value = serde_json::from_str(json).unwrap();
    let docs = index_json["docs"].as_array().unwrap();
    // The ranking settings the browser's MiniSearch uses are the server's.
    assert_eq!(index_json["boosts"]["title"], 3.0);
    // A weight is given where it is not 1 (the EU's and the US's laws).
    assert!(
        docs.iter()
            .any(|d| d["weight"].as_f64().is_some_and(|w| w > 2.0))
    );
    assert!(search.contains("assets/vendor/minisearch.js"));
    assert!(out.join("assets/vendor/minisearch.LICENSE.txt").exists());
    assert!(
        docs.iter().any(
            |d| d["title"] == "Germany" && d["names"].as_str().unwrap().contains("Deutschland")
        )
    );
    assert!(
        !index.contains("</script"),
        "the index cannot close a script element"
    );
    let dataset: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("data/obligo.json")).unwrap())
            .unwrap();
    assert_eq!(dataset["rules"].as_array().unwrap().len(), data.rules.len());
    assert!(search.contains("assets/search-index.js"));
    let assess = std::fs::read_to_string(out.join("assess.html")).unwrap();
    assert!(
        assess.contains("obligo serve"),
        "the static assess page points to the server"
    );
    assert!(!assess.contains("<form class=\"assess\""));
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!home.contains("api/v1"), "no API links in the static copy");
}

#[test]
fn the_browser_search_payload_stays_small_at_world_scale() {
    let (out, data) = build("payload");
    // Everything the search page downloads: the index, the ranking library
    // and the site's script (the page itself is a few kB).
    let index = std::fs::read(out.join("assets/search-index.js")).unwrap();
    let mut gzipped = 0;
    for file in [
        "assets/search-index.js",
        "assets/vendor/minisearch.js",
        "assets/app.js",
    ] {
        let bytes = std::fs::read(out.join(file)).unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        std::io::Write::write_all(&mut gz, &bytes).unwrap();
        gzipped += gz.finish().unwrap().len();
    }
    assert!(
        gzipped < 150_000,
        "the static search downloads {gzipped} bytes gzipped for {} jurisdictions",
        data.jurisdictions.len()
    );
    // Every jurisdiction is still findable by name.
    let text = String::from_utf8(index).unwrap();
    for j in data.jurisdictions.values() {
        assert!(
            text.contains(&format!("\"title\":\"{}\"", j.name)),
            "{}",
            j.code
        );
    }
    std::fs::remove_dir_all(out).ok();
}

#[test]
fn an_engine_that_is_not_webassembly_is_refused_and_without_one_the_form_says_how() {
    let data = obligo::load::embedded().unwrap();
    let out = std::env::temp_dir().join(format!("obligo-export-engine-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let refused = obligo::export::static_site::build(&data, &out, Some(b"<html>not wasm"));
    assert!(
        matches!(
            refused,
            Err(obligo::export::static_site::BuildError::NotAnEngine)
        ),
        "a file that is not a WebAssembly module must not be shipped as the engine"
    );
    obligo::export::static_site::build(&data, &out, None).unwrap();
    let assess = std::fs::read_to_string(out.join("assess.html")).unwrap();
    assert!(!out.join("assets/engine.js").exists());
    assert!(assess.contains("exported without the assessment engine"));
    assert!(!assess.contains("assets/engine.js"));
    // A module (even a minimal one) is shipped and loaded by the assess page only.
    obligo::export::static_site::build(&data, &out, Some(b"\0asm\x01\0\0\0")).unwrap();
    let script = std::fs::read_to_string(out.join("assets/engine.js")).unwrap();
    assert_eq!(
        script,
        "window.OBLIGO_ENGINE = \"\\x00asm\u{1}\\x00\\x00\\x00\";\n"
    );
    assert!(
        std::fs::read_to_string(out.join("assess.html"))
            .unwrap()
            .contains("assets/engine.js")
    );
    assert!(
        !std::fs::read_to_string(out.join("index.html"))
            .unwrap()
            .contains("assets/engine.js")
    );
    let _ = std::fs::remove_dir_all(&out);
}
