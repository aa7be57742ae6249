//! Reading the dataset: from the copy embedded in the binary or from a
//! working directory, into a validated [`Dataset`], or into the complete
//! list of problems with file, line and column.

mod check;
mod comment_lines;
pub mod lints;
pub mod raw;

use std::fmt;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use jiff::civil::Date;

use crate::model::Dataset;

#[cfg(not(target_arch = "wasm32"))]
static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/data");
/// The browser's engine embeds the data files with comment lines blanked (build.rs).
#[cfg(target_arch = "wasm32")]
static EMBEDDED: Dir<'static> = include_dir!("$OUT_DIR/data");

/// One data file's text and the path it is reported under.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the data directory, with `/` separators
    /// (`taxonomy.toml`, `jurisdictions/de.toml`).
    pub relative: String,
    /// Path as shown in messages (`data/jurisdictions/de.toml`).
    pub display: String,
    pub text: String,
}

/// Settings for a load that are not in the data.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Today's date, for "last reviewed in the future" checks; `None` skips them.
    pub today: Option<Date>,
}

/// A problem in a data file, located precisely enough to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// A stable id for the kind of problem (`unknown-term`), documented in CONTRIBUTING.md.
    pub lint: &'static str,
    pub message: String,
    pub hint: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: error[{}]: {}",
            self.file, self.line, self.column, self.lint, self.message
        )?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Everything that is wrong with a dataset, in file and line order.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{} problem(s) in the dataset", .0.len())]
pub struct Diagnostics(pub Vec<Diagnostic>);

/// Failure to read a data directory from disk.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read data directory `{path}`: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("`{0}` has no taxonomy.toml: is it an obligo data directory?")]
    NotADataDir(PathBuf),
}

/// The data files compiled into the binary.
pub fn embedded_files() -> Vec<SourceFile> {
    let mut files = Vec::new();
    collect_embedded(&EMBEDDED, &mut files);
    files.sort_by(|a, b| a.relative.cmp(&b.relative));
    files
}

fn collect_embedded(dir: &Dir<'static>, out: &mut Vec<SourceFile>) {
    for file in dir.files() {
        let relative = file.path().to_string_lossy().replace('\\', "/");
        if is_data_file(&relative) {
            out.push(SourceFile {
                display: format!("data/{relative}"),
                relative,
                text: String::from_utf8_lossy(file.contents()).into_owned(),
            });
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, out);
    }
}

/// The taxonomy and everything in `jurisdictions/` are data (`EXAMPLE.toml`
/// and the rest of the directory are documentation). A file there that
/// does not end in `.toml` is kept so the check can name it: a misspelt
/// `fr.tml` must not silently drop France.
fn is_data_file(relative: &str) -> bool {
    relative == "taxonomy.toml"
        || relative
            .strip_prefix("jurisdictions/")
            .is_some_and(|name| !name.starts_with('.') && !name.contains('/'))
}

/// Whether a file the loader keeps is parsed (see [`is_data_file`]).
fn is_toml(relative: &str) -> bool {
    relative.ends_with(".toml")
}

/// The data files of a working copy, sorted by path.
pub fn read_dir(dir: &Path) -> Result<Vec<SourceFile>, ReadError> {
    if !dir.join("taxonomy.toml").is_file() {
        return Err(ReadError::NotADataDir(dir.to_path_buf()));
    }
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ReadError::Io { path, source }
    };
    let mut relatives = vec!["taxonomy.toml".to_string()];
    let jdir = dir.join("jurisdictions");
    if jdir.is_dir() {
        for entry in std::fs::read_dir(&jdir).map_err(io(&jdir))? {
            let entry = entry.map_err(io(&jdir))?;
            let name = entry.file_name().to_string_lossy().to_string();
            let relative = format!("jurisdictions/{name}");
            if entry.path().is_file() && is_data_file(&relative) {
                relatives.push(relative);
            }
        }
    }
    relatives.sort();
    relatives
        .into_iter()
        .map(|relative| {
            let path = dir.join(&relative);
            // A stray file is only named in a diagnostic, never read.
            // Bytes that are not UTF-8 become U+FFFD, which the check
            // reports with its line, instead of failing the whole read.
            let text = if is_toml(&relative) {
                let bytes = std::fs::read(&path).map_err(io(&path))?;
                String::from_utf8_lossy(&bytes).into_owned()
            } else {
                String::new()
            };
            Ok(SourceFile {
                display: path.to_string_lossy().to_string(),
                relative,
                text,
            })
        })
        .collect()
}

/// Validates the files and builds the dataset, or returns every problem.
pub fn load(files: &[SourceFile], options: LoadOptions) -> Result<Dataset, Diagnostics> {
    check::build(files, options)
}

/// The embedded dataset. It is checked by the test suite, so a failure here
/// means the binary was built from a broken `data/`.
pub fn embedded() -> Result<Dataset, Diagnostics> {
    load(&embedded_files(), LoadOptions::default())
}

/// JSON Schemas of the two kinds of data file, for editors.
pub fn schemas() -> serde_json::Value {
    serde_json::json!({
        "jurisdiction-file": schemars::schema_for!(raw::JurisdictionFile),
        "taxonomy-file": schemars::schema_for!(raw::TaxonomyFile),
    })
}

/// Whether `s` is an https URL safe to print as a link anywhere (HTML,
/// Markdown, iCalendar): it parses (the `url` crate), has a host, and holds
/// no whitespace, quotes, angle brackets, backslashes or control characters.
pub fn https_url(s: &str) -> Result<url::Url, &'static str> {
    if s.chars().any(|c| {
        c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '\\' | '`')
    }) {
        return Err(
            "it contains whitespace, a quote, an angle bracket, a backslash or a control character",
        );
    }
    let url = url::Url::parse(s).map_err(|_| "it does not parse as a URL")?;
    if url.scheme() != "https" {
        return Err("the scheme is not https");
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("it has no host");
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("it carries credentials");
    }
    Ok(url)
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// The closest term to `wrong` among `candidates`, if it is close enough to
/// be a typo.
pub fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::jaro_winkler(&wrong.to_lowercase(), &c.to_lowercase()),
                c,
            )
        })
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}
