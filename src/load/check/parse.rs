//! Reading one data file into its serde structs while reporting *every*
//! problem a contributor should fix, not only the first: all syntax errors
//! (the TOML parser recovers past each), every string with characters that
//! must not reach a page or an export, and every shape error (an unknown
//! key, a value of the wrong kind), each skipped so the next one and the
//! file's semantic checks can still be reported.

use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue, Deserializer};

use super::Checker;
use crate::load::SourceFile;

/// Far above the largest file in the dataset (~63 kB): a bigger file is a
/// mistake (a pasted law, a generated blob) and would slow every start.
pub(super) const MAX_FILE_BYTES: usize = 512 * 1024;

/// Far above the longest string in the dataset (a ~3,100-character review
/// note); summaries and notes link to the law instead of quoting it whole.
pub(super) const MAX_STRING_CHARS: usize = 10_000;

/// Enough to fix a file in one pass without flooding the terminal.
const MAX_PROBLEMS_PER_FILE: usize = 50;

impl Checker {
    /// The file's contents as `T`, or `None` when it cannot be read as one;
    /// either way every problem found is recorded.
    pub(super) fn parse<T: DeserializeOwned>(&mut self, file: &SourceFile) -> Option<T> {
        let before = self.diags.len();
        if let Some(at) = file.text.find('\u{FFFD}') {
            self.at(
                file,
                at..at,
                "encoding",
                "the file is not valid UTF-8 here (or holds U+FFFD, the replacement character)"
                    .into(),
                Some("save the file as UTF-8 and retype the character that was lost".into()),
            );
        }
        if file.text.len() > MAX_FILE_BYTES {
            self.at(
                file,
                0..0,
                "too-long",
                format!(
                    "the file has {} bytes; the limit is {MAX_FILE_BYTES}",
                    file.text.len()
                ),
                Some("split it, or link to long texts instead of quoting them".into()),
            );
            return None;
        }
        let (table, syntax_errors) = DeTable::parse_recoverable(&file.text);
        if !syntax_errors.is_empty() {
            for e in syntax_errors.iter().take(MAX_PROBLEMS_PER_FILE) {
                let message = e.message().trim().to_string();
                self.at(file, e.span().unwrap_or(0..0), "parse", message, None);
            }
            return None;
        }
        let mut table = table;
        self.check_strings(file, table.get_mut());
        let mut skipped: Vec<String> = Vec::new();
        // Values read under a corrected key name: an error in one of them
        // follows from the guess, so it is stepped past without a report.
        let mut renamed: Vec<Range<usize>> = Vec::new();
        loop {
            let error = match T::deserialize(Deserializer::from(table.clone())) {
                // With problems recorded the load fails anyway; the value
                // still goes on so its references and terms get checked.
                Ok(value) => return Some(value),
                Err(e) => e,
            };
            let message = error.message().trim().to_string();
            // A value skipped for being wrong is then reported missing: that
            // is the same mistake, already reported.
            let repeats_a_skip = message.contains("missing field")
                && skipped
                    .iter()
                    .any(|key| message.contains(&format!("`{key}`")));
            if repeats_a_skip {
                return None;
            }
            let span = error.span().unwrap_or(0..0);
            let follows_a_rename = renamed.iter().any(|r| contains(r, &span));
            if !follows_a_rename {
                let hint = parse_hint(&message);
                self.at(file, span.clone(), "parse", message.clone(), hint);
            }
            if self.diags.len() - before >= MAX_PROBLEMS_PER_FILE {
                return None;
            }
            let repair = if follows_a_rename {
                Repair::Remove
            } else if message.starts_with("unknown variant") {
                closest_expected(&message).map_or(Repair::Remove, Repair::Replace)
            } else if message.starts_with("unknown field") {
                unknown_field_suggestion(&message).map_or(Repair::Remove, Repair::Rename)
            } else {
                Repair::Remove
            };
            match repair_at(table.get_mut(), &span, &repair) {
                Some(Repaired::Skipped(key)) => skipped.push(key),
                Some(Repaired::Renamed(value)) => renamed.push(value),
                Some(Repaired::Replaced) => {}
                None => return None,
            }
        }
    }

    /// Strings are printed into HTML, Markdown and iCalendar: characters
    /// that are invisible or reorder text (Trojan Source) have no place in
    /// a citation, and a string as long as a book stalls every page. A
    /// TOML date literal is reported and read as the string it spells, so
    /// the dates it holds are still checked.
    fn check_strings(&mut self, file: &SourceFile, table: &mut DeTable<'_>) {
        for (_, value) in table.iter_mut() {
            self.check_value(file, value);
        }
    }

    fn check_value(&mut self, file: &SourceFile, value: &mut Spanned<DeValue<'_>>) {
        let span = value.span();
        match value.get_mut() {
            DeValue::String(s) => {
                if let Some(c) = s.chars().find(|&c| is_forbidden_char(c)) {
                    self.at(
                        file,
                        span.clone(),
                        "control-character",
                        format!(
                            "the string holds the invisible character U+{:04X}",
                            c as u32
                        ),
                        Some(r#"delete it; write line breaks in a """multi-line""" string"#.into()),
                    );
                }
                let chars = s.chars().count();
                if chars > MAX_STRING_CHARS {
                    self.at(
                        file,
                        span,
                        "too-long",
                        format!(
                            "the string has {chars} characters; the limit is {MAX_STRING_CHARS}"
                        ),
                        Some("summarise, and link to the official text for the rest".into()),
                    );
                }
            }
            DeValue::Datetime(d) => {
                let spelt = d.to_string();
                self.at(
                    file,
                    span,
                    "parse",
                    format!("`{spelt}` is a TOML date, but obligo reads dates as strings"),
                    Some(format!("write it in quotes: \"{spelt}\"")),
                );
                *value.get_mut() = DeValue::String(spelt.into());
            }
            DeValue::Array(items) => {
                let slice: &mut [Spanned<DeValue<'_>>] = &mut *items;
                for item in slice {
                    self.check_value(file, item);
                }
            }
            DeValue::Table(t) => self.check_strings(file, t),
            DeValue::Integer(_) | DeValue::Float(_) | DeValue::Boolean(_) => {}
        }
    }
}

/// Control characters other than line breaks and tabs, and the Unicode
/// bidirectional overrides and isolates.
fn is_forbidden_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// How to step past a shape error that is already reported.
enum Repair {
    /// Drop the key or array element.
    Remove,
    /// Put this value in place of the wrong one (the closest allowed value).
    Replace(String),
    /// Read a misspelt key under the name it was surely meant to have.
    Rename(String),
}

enum Repaired {
    /// The key (or array element, with an empty name) was dropped.
    Skipped(String),
    /// The value a wrong one was replaced with.
    Replaced,
    /// The span of the value now read under the corrected key.
    Renamed(Range<usize>),
}

/// Applies `repair` to the key (or array element) the error at `span`
/// points at, so deserializing can go on to the next problem. Returns the
/// key's name, or `None` when no value matches (the error is about a whole
/// table, such as a missing key). Every value is visited: a `[table]`'s own
/// span covers only its header.
fn repair_at(table: &mut DeTable<'_>, span: &Range<usize>, repair: &Repair) -> Option<Repaired> {
    let mut target = None;
    for (key, value) in table.iter_mut() {
        if value.span() == *span {
            if let Repair::Replace(text) = repair {
                *value.get_mut() = DeValue::String(text.clone().into());
                return Some(Repaired::Replaced);
            }
        }
        if key.span() == *span || value.span() == *span {
            target = Some(key.clone());
            break;
        }
        let inner = match value.get_mut() {
            DeValue::Table(t) => repair_at(t, span, repair),
            DeValue::Array(items) => repair_in_array(items, span, repair),
            _ => None,
        };
        if inner.is_some() {
            return inner;
        }
    }
    let key = target?;
    let value = table.remove(&key)?;
    match repair {
        Repair::Rename(name) if !table.contains_key(name.as_str()) => {
            let value_span = value.span();
            table.insert(Spanned::new(key.span(), name.clone().into()), value);
            Some(Repaired::Renamed(value_span))
        }
        _ => Some(Repaired::Skipped(key.get_ref().to_string())),
    }
}

fn repair_in_array(
    items: &mut DeArray<'_>,
    span: &Range<usize>,
    repair: &Repair,
) -> Option<Repaired> {
    let slice: &mut [Spanned<DeValue<'_>>] = &mut *items;
    let mut target = None;
    for (index, item) in slice.iter_mut().enumerate() {
        if item.span() == *span {
            if let Repair::Replace(text) = repair {
                *item.get_mut() = DeValue::String(text.clone().into());
                return Some(Repaired::Replaced);
            }
            target = Some(index);
            break;
        }
        if let DeValue::Table(t) = item.get_mut() {
            if let Some(key) = repair_at(t, span, repair) {
                return Some(key);
            }
        }
    }
    let index = target?;
    let old = std::mem::replace(items, DeArray::new());
    for (i, item) in old.iter().enumerate() {
        if i != index {
            items.push(item.clone());
        }
    }
    Some(Repaired::Skipped(String::new()))
}

fn contains(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

/// For "unknown variant `erope`, expected one of `europe`, ...": the
/// closest expected value, to stand in for the wrong one (already
/// reported) while the rest of the file is checked.
fn closest_expected(message: &str) -> Option<String> {
    let mut quoted = message.split('`').skip(1).step_by(2);
    let wrong = quoted.next()?;
    let expected: Vec<&str> = quoted.collect();
    crate::load::did_you_mean(wrong, expected.iter().copied())
        .or(expected.first().copied())
        .map(str::to_string)
}

/// A tip for the most common shape errors serde reports.
fn parse_hint(message: &str) -> Option<String> {
    if message.contains("unknown field") {
        let suggestion = unknown_field_suggestion(message)
            .map(|s| format!("did you mean `{s}`? "))
            .unwrap_or_default();
        Some(format!(
            "{suggestion}check the spelling against data/EXAMPLE.toml; unknown keys are errors so typos never pass silently"
        ))
    } else if message.contains("missing field") {
        Some("data/EXAMPLE.toml lists every required key".into())
    } else {
        None
    }
}

/// The expected key closest to the unknown one in serde's message
/// "unknown field `time_zon`, expected one of `code`, `time_zone`, ...".
fn unknown_field_suggestion(message: &str) -> Option<String> {
    let mut quoted = message.split('`').skip(1).step_by(2);
    let wrong = quoted.next()?;
    let expected: Vec<&str> = quoted.collect();
    crate::load::did_you_mean(wrong, expected.iter().copied()).map(str::to_string)
}
