//! `obligo build`: the site as static files, for any static host or
//! `file://`. Pages come from the same views as the live server; search runs
//! in the browser over an index shipped as a script (a script, not JSON, so
//! it loads from `file://` where fetching files is not allowed).

use std::path::{Path, PathBuf};

use crate::model::Dataset;
use crate::search::{self, SearchIndex};
use crate::site::{self, AssessForm, Mode, Outcome, Site};

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Search(#[from] search::SearchError),
    #[error(
        "the assessment engine is not a WebAssembly module (build it with tools/wasm/build.sh)"
    )]
    NotAnEngine,
}

/// What was written.
#[derive(Debug, Clone, Default)]
pub struct BuildReport {
    pub pages: usize,
    pub files: usize,
}

fn write(
    out: &Path,
    relative: &str,
    body: &str,
    report: &mut BuildReport,
) -> Result<(), BuildError> {
    let path = out.join(relative);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|source| BuildError::Write {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    std::fs::write(&path, body).map_err(|source| BuildError::Write { path, source })?;
    report.files += 1;
    if relative.ends_with(".html") {
        report.pages += 1;
    }
    Ok(())
}

/// Writes every page that does not need a server, the assets, the dataset
/// as JSON and the browser's search index into `out`.
/// How much of each document's body the static search index keeps.
const STATIC_BODY_CHARS: usize = 120;

/// The engine as a script, since `file://` pages cannot fetch a `.wasm`
/// file: one string whose characters U+0000–U+00FF are the module's bytes
/// (app.js reads them back with `charCodeAt`). Unlike base64 it keeps the
/// bytes aligned, so it compresses about as well as the module itself.
fn engine_script(bytes: &[u8]) -> String {
    let mut script = String::with_capacity(bytes.len() * 3 / 2 + 32);
    script.push_str("window.OBLIGO_ENGINE = \"");
    for &byte in bytes {
        match byte {
            b'\\' => script.push_str("\\\\"),
            b'"' => script.push_str("\\\""),
            b'\n' => script.push_str("\\n"),
            b'\r' => script.push_str("\\r"),
            // Not `\0`: before a digit it would read as an octal escape.
            0 => script.push_str("\\x00"),
            _ => script.push(char::from(byte)),
        }
    }
    script.push_str("\";\n");
    script
}

/// The first words of `text`, at most `max` bytes, cut at a word boundary.
fn first_words(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let cut = text[..end].rfind(' ').unwrap_or(end);
    format!("{}…", &text[..cut])
}

/// `engine` is the WebAssembly module of `tools/wasm/build.sh`; without it
/// the assess page points to the server and the command line instead.
pub fn build(data: &Dataset, out: &Path, engine: Option<&[u8]>) -> Result<BuildReport, BuildError> {
    if engine.is_some_and(|bytes| !bytes.starts_with(b"\0asm")) {
        return Err(BuildError::NotAnEngine);
    }
    let index = SearchIndex::build(data)?;
    let site = Site {
        data,
        mode: Mode::Static,
        offline_engine: engine.is_some(),
    };
    let mut report = BuildReport::default();
    let pages = [
        ("index.html", site::home(site)),
        ("jurisdictions.html", site::jurisdictions(site)),
        (
            "compare.html",
            site::compare(site, &site::CompareQuery::default()),
        ),
        (
            "search.html",
            site::search_page(site, "", &Default::default(), None),
        ),
        ("about.html", site::about(site)),
        (
            "assess.html",
            site::assess_page(site, &AssessForm::default(), Outcome::Blank),
        ),
    ];
    for (path, markup) in pages {
        write(out, path, &markup.into_string(), &mut report)?;
    }
    for j in data.jurisdictions.values() {
        let html = site::jurisdiction(site, j).into_string();
        write(out, &search::jurisdiction_path(&j.code), &html, &mut report)?;
    }
    for r in data.regimes.values() {
        let html = site::regime(site, r).into_string();
        write(out, &search::regime_path(&r.id), &html, &mut report)?;
    }
    for a in data.authorities.values() {
        let html = site::authority(site, a).into_string();
        write(out, &search::authority_path(&a.id), &html, &mut report)?;
    }
    write(out, "assets/style.css", site::STYLE_CSS, &mut report)?;
    write(out, "assets/app.js", site::APP_JS, &mut report)?;
    // The browser downloads the whole index to search from `file://`: keep
    // each document's body to its first words (titles, names and citations
    // stay whole), so the payload stays small at world scale.
    let compact: Vec<search::SearchDoc> = index
        .documents()
        .iter()
        .map(|d| search::SearchDoc {
            body: first_words(&d.body, STATIC_BODY_CHARS),
            // app.js derives these pages from the kind and the id.
            path: if d.kind == search::DocKind::Rule {
                d.path.clone()
            } else {
                String::new()
            },
            // ... and a jurisdiction's own code from its id.
            jurisdiction: if d.kind == search::DocKind::Jurisdiction {
                String::new()
            } else {
                d.jurisdiction.clone()
            },
            ..d.clone()
        })
        .collect();
    let boosts: std::collections::BTreeMap<&str, f32> = search::BOOSTS.into_iter().collect();
    let index_json = site::script_json(&serde_json::json!({
        "boosts": boosts,
        "synonyms": search::SYNONYMS,
        "docs": compact,
    }));
    write(
        out,
        "assets/search-index.js",
        &format!("window.OBLIGO_INDEX = {};\n", index_json.0),
        &mut report,
    )?;
    write(
        out,
        "assets/vendor/minisearch.js",
        site::MINISEARCH_JS,
        &mut report,
    )?;
    write(
        out,
        "assets/vendor/minisearch.LICENSE.txt",
        site::MINISEARCH_LICENSE,
        &mut report,
    )?;
    if let Some(bytes) = engine {
        write(out, "assets/engine.js", &engine_script(bytes), &mut report)?;
        write(out, "assets/offline.js", site::OFFLINE_JS, &mut report)?;
    }
    let dataset = serde_json::to_string_pretty(&super::dataset(data)).expect("dataset json");
    write(out, "data/obligo.json", &dataset, &mut report)?;
    Ok(report)
}
