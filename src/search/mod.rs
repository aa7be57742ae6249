//! Full-text search over the dataset: jurisdictions (with local and alternate
//! names), authorities, regimes and rules, in a tantivy index built in memory
//! from the model at start.
//!
//! Queries are never parsed as query syntax: the text is split into words,
//! and each word matches exactly, as a prefix ("calif") or with a typo or two
//! ("Germny"), so stray quotes or `AND OR` still get an answer. Every word
//! must match somewhere; when nothing does, any word may.
//!
//! Ranking, shared with the static site's search (MiniSearch, given the same
//! fields, boosts, synonyms and weights by the export): a word counts most in
//! a title, a code or citation, and a rule's deadline wording (`deadline`,
//! scored without length normalisation, so "not later than 72 hours after
//! having become aware" counts as much as "within 72 hours"), then in the
//! body; each document's score is multiplied by its [`SearchDoc::weight`], the
//! reach of its law, so GDPR outranks one country's copy of the same words.
//!
//! This module says what is searchable and how results look; `index` (the
//! `native` feature) holds the tantivy index that ranks them.

use std::collections::BTreeMap;

use crate::model::{Dataset, LegalStatus};
use schemars::JsonSchema;
use serde::Serialize;

/// The most words of a query that are used; the rest are ignored, so a
/// pasted paragraph cannot make a search slow.
pub const MAX_QUERY_WORDS: usize = 8;
/// The most results returned.
pub const MAX_RESULTS: usize = 100;

#[cfg(feature = "native")]
mod index;
#[cfg(feature = "native")]
pub use index::{SearchError, SearchIndex, snippet};

/// What a search result points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DocKind {
    Jurisdiction,
    Authority,
    Regime,
    Rule,
}

impl DocKind {
    pub const ALL: [DocKind; 4] = [
        DocKind::Jurisdiction,
        DocKind::Authority,
        DocKind::Regime,
        DocKind::Rule,
    ];

    pub fn label(self) -> &'static str {
        match self {
            DocKind::Jurisdiction => "jurisdiction",
            DocKind::Authority => "authority",
            DocKind::Regime => "regime",
            DocKind::Rule => "rule",
        }
    }

    pub fn plural(self) -> &'static str {
        match self {
            DocKind::Jurisdiction => "jurisdictions",
            DocKind::Authority => "authorities",
            DocKind::Regime => "regimes",
            DocKind::Rule => "rules",
        }
    }

    pub fn parse(s: &str) -> Option<DocKind> {
        DocKind::ALL.into_iter().find(|k| k.label() == s)
    }
}

/// One searchable thing, as the site shows it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SearchDoc {
    pub kind: DocKind,
    pub id: String,
    /// The jurisdiction it belongs to. The static index leaves it out for a
    /// jurisdiction's own document (it is the id).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub jurisdiction: String,
    pub title: String,
    /// Codes, local and alternate names, ids and citations.
    pub names: String,
    /// A rule's deadline wordings (empty, and left out of the JSON, for
    /// other documents).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub deadline: String,
    pub body: String,
    /// The page, relative to the site root. The static index leaves it out
    /// where the browser can derive it from the kind and id (all but rules).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub path: String,
    /// How many places the law reaches, dampened: `1 + ln(n) / 2` for the
    /// `n` jurisdictions on file within the document's jurisdiction (itself
    /// included), so the EU's and the US's rules weigh about 3 and one
    /// country's 1; halved for a law not in force (proposed, adopted,
    /// repealed), which a responder rarely looks for first. Left out of
    /// the JSON when 1.
    #[serde(skip_serializing_if = "is_one")]
    pub weight: f64,
}

/// Field boosts: a match in a title, a code or citation or a deadline counts
/// this many times a match in the body. The export hands them to the
/// browser's search, so both rank alike.
pub const BOOSTS: [(&str, f32); 4] = [
    ("title", 3.0),
    ("names", 3.0),
    ("deadline", 2.0),
    ("body", 1.0),
];
/// The fields where a word may match with typos ("Germny").
pub const FUZZY_FIELDS: [&str; 2] = ["title", "names"];
/// Words that find each other: a query word also matches its alternatives,
/// exactly and at half weight. Kept small and obvious; shared with the static search.
pub const SYNONYMS: &[&[&str]] = &[
    &["hours", "hour", "h", "hrs"],
    &["days", "day"],
    &["breach", "incident"],
    &["hhs", "hipaa"],
];

/// The query words a word stands for: itself first, then its synonyms.
pub fn expand(word: &str) -> Vec<&str> {
    let mut out = vec![word];
    for group in SYNONYMS {
        if group.contains(&word) {
            out.extend(group.iter().copied().filter(|w| *w != word));
        }
    }
    out
}

/// A piece of a snippet; `mark` pieces matched the query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Piece {
    pub text: String,
    pub mark: bool,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Hit {
    pub kind: DocKind,
    pub id: String,
    pub jurisdiction: String,
    pub title: String,
    pub path: String,
    pub score: f32,
    /// Where the query matched, with the matching words marked.
    pub snippet: Vec<Piece>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SearchResults {
    pub query: String,
    /// The words searched for, after normalisation (lower case, no accents).
    pub words: Vec<String>,
    /// False when no result matched every word and any word was accepted.
    pub all_words: bool,
    /// Counts per kind and per jurisdiction, before the filters.
    pub facets: Facets,
    pub hits: Vec<Hit>,
}

#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct Facets {
    pub kinds: BTreeMap<String, usize>,
    pub jurisdictions: BTreeMap<String, usize>,
}

/// Narrows results to one kind and/or one jurisdiction.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub kind: Option<DocKind>,
    pub jurisdiction: Option<String>,
}

/// The documents of the dataset, one per jurisdiction, authority, regime and rule.
pub fn documents(data: &Dataset) -> Vec<SearchDoc> {
    let mut docs = Vec::new();
    // How many jurisdictions lie within each one (itself included), counted
    // once: every place counts for itself and each place it is within.
    let mut inside: BTreeMap<&str, usize> = BTreeMap::new();
    for j in data.jurisdictions.values() {
        for outer in std::iter::once(&j.code).chain(&j.within) {
            *inside.entry(outer.as_str()).or_default() += 1;
        }
    }
    let weight = |code: &str| {
        let n = inside.get(code).copied().unwrap_or(1).max(1);
        // Two decimals: the browser's copy of the index stays small.
        ((1.0 + (n as f64).ln() / 2.0) * 100.0).round() / 100.0
    };
    let name_of = |code: &str| {
        data.jurisdictions
            .get(code)
            .map(|j| j.name.clone())
            .unwrap_or_else(|| code.to_string())
    };
    for j in data.jurisdictions.values() {
        let regimes: Vec<&str> = data
            .regimes
            .values()
            .filter(|r| r.jurisdiction == j.code)
            .map(|r| r.title.as_str())
            .collect();
        let mut names = vec![j.code.clone()];
        names.extend(j.local_names.iter().cloned());
        names.extend(j.alt_names.iter().cloned());
        names.extend(j.aliases.iter().cloned());
        let mut body = format!("{} ({}).", j.kind.label(), j.region.label());
        if let Some(p) = &j.parent {
            body.push_str(&format!(" Part of {}.", name_of(p)));
        }
        if !regimes.is_empty() {
            body.push_str(&format!(" Regimes: {}.", regimes.join("; ")));
        }
        docs.push(SearchDoc {
            kind: DocKind::Jurisdiction,
            id: j.code.clone(),
            jurisdiction: j.code.clone(),
            title: j.name.clone(),
            names: names.join(" · "),
            deadline: String::new(),
            body,
            path: jurisdiction_path(&j.code),
            weight: weight(&j.code),
        });
    }
    for a in data.authorities.values() {
        let mut names = vec![a.id.clone()];
        names.extend(a.local_name.iter().cloned());
        docs.push(SearchDoc {
            kind: DocKind::Authority,
            id: a.id.clone(),
            jurisdiction: a.jurisdiction.clone(),
            title: a.name.clone(),
            names: names.join(" · "),
            body: format!(
                "{} of {}. {}",
                a.kind.replace('-', " "),
                name_of(&a.jurisdiction),
                a.website
            ),
            deadline: String::new(),
            path: authority_path(&a.id),
            weight: weight(&a.jurisdiction),
        });
    }
    for r in data.regimes.values() {
        let status = match r.status {
            LegalStatus::InForce => String::new(),
            other => format!(" Status: {}.", other.label()),
        };
        docs.push(SearchDoc {
            kind: DocKind::Regime,
            id: r.id.clone(),
            jurisdiction: r.jurisdiction.clone(),
            title: r.title.clone(),
            names: format!("{} · {}", r.id, r.citation),
            body: format!(
                "{} {}.{status}",
                r.summary.as_deref().unwrap_or(""),
                name_of(&r.jurisdiction)
            )
            .trim()
            .to_string(),
            deadline: String::new(),
            path: regime_path(&r.id),
            weight: weight(&r.jurisdiction) * status_factor(r.status),
        });
    }
    for rule in &data.rules {
        let mut body: Vec<String> = Vec::new();
        let mut deadlines: Vec<&str> = Vec::new();
        // The deadline wording is its own field (scored apart), not
        // repeated in the body.
        let mut recipients: Vec<String> = Vec::new();
        for o in &rule.obligations {
            let recipient = o.recipient.replace('-', " ");
            if !recipients.contains(&recipient) {
                recipients.push(recipient);
            }
            if !deadlines.contains(&o.deadline.text.as_str()) {
                deadlines.push(&o.deadline.text);
            }
        }
        body.push(format!("Notify {}.", recipients.join(", ")));
        body.extend(rule.note.iter().cloned());
        body.push(format!("{}.", name_of(&rule.jurisdiction)));
        docs.push(SearchDoc {
            kind: DocKind::Rule,
            id: rule.id.clone(),
            jurisdiction: rule.jurisdiction.clone(),
            title: rule.title.clone(),
            names: format!("{} · {}", rule.id, rule.citation),
            deadline: deadlines.join(" · "),
            body: body.join(" "),
            path: format!("{}#rule-{}", regime_path(&rule.regime), rule.id),
            weight: weight(&rule.jurisdiction)
                * data
                    .regimes
                    .get(&rule.regime)
                    .map_or(1.0, |r| status_factor(r.status)),
        });
    }
    docs
}

fn status_factor(status: LegalStatus) -> f64 {
    if status == LegalStatus::InForce {
        1.0
    } else {
        0.5
    }
}

fn is_one(weight: &f64) -> bool {
    *weight == 1.0
}

/// Page paths, relative to the site root; shared by the site, the server and the export.
pub fn jurisdiction_path(code: &str) -> String {
    format!("jurisdiction/{}.html", code.to_ascii_lowercase())
}
pub fn regime_path(id: &str) -> String {
    format!("regime/{id}.html")
}
pub fn authority_path(id: &str) -> String {
    format!("authority/{id}.html")
}
