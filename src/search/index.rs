//! The tantivy index over [`super::documents`], with the ranking described in
//! the parent module.

use std::ops::Bound;

use tantivy::collector::TopDocs;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{FAST, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};
use tantivy::{Index, IndexReader, TantivyDocument, Term};

use super::*;
use crate::model::Dataset;

const ANALYZER: &str = "folded";

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("building the search index failed: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("reading the search index's words failed: {0}")]
    Words(#[from] std::io::Error),
}

pub struct SearchIndex {
    docs: Vec<SearchDoc>,
    reader: IndexReader,
    /// The fields with their boosts, in [`BOOSTS`] order.
    fields: Vec<(Field, f32)>,
    /// Each document's weight, by `ord`, for the scorer.
    weights: std::sync::Arc<[f32]>,
    /// The indexed words of each field, in [`BOOSTS`] order (empty for the
    /// fields without typo matching).
    vocabularies: Vec<Vocabulary>,
}

/// A field's distinct indexed words, for typo matching: scanning a few
/// thousand words with a cheap filter and checking the few survivors costs
/// a fraction of walking the term dictionary with a Levenshtein automaton,
/// and finds exactly the same words.
#[derive(Default)]
struct Vocabulary {
    /// The words by their length in characters: each typo changes the
    /// length by at most one, so only a few lengths are read.
    by_length: Vec<Vec<VocabularyWord>>,
}

struct VocabularyWord {
    text: String,
    /// One bit per character (its code point modulo 64).
    letters: u64,
}

fn letters(word: &str) -> u64 {
    word.chars()
        .fold(0, |bits, c| bits | 1 << (u32::from(c) % 64))
}

impl Vocabulary {
    fn of(reader: &IndexReader, field: Field) -> Result<Vocabulary, SearchError> {
        let mut texts = std::collections::BTreeSet::new();
        for segment in reader.searcher().segment_readers() {
            let index = segment.inverted_index(field)?;
            let mut stream = index.terms().stream()?;
            while stream.advance() {
                if let Ok(text) = std::str::from_utf8(stream.key()) {
                    texts.insert(text.to_string());
                }
            }
        }
        let mut by_length: Vec<Vec<VocabularyWord>> = Vec::new();
        for text in texts {
            let chars = text.chars().count();
            if by_length.len() <= chars {
                by_length.resize_with(chars + 1, Vec::new);
            }
            by_length[chars].push(VocabularyWord {
                letters: letters(&text),
                text,
            });
        }
        Ok(Vocabulary { by_length })
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.by_length.iter().map(Vec::len).sum()
    }

    /// The words within `distance` edits of `word` (optimal string
    /// alignment: a transposition is one edit, as tantivy's automata count).
    /// Each edit removes at most one distinct letter of either word, so a
    /// word missing more than `distance` of the other's letters is skipped
    /// before the exact check.
    fn near(&self, word: &str, distance: u8) -> impl Iterator<Item = &str> {
        let chars = word.chars().count();
        let longest = (chars + usize::from(distance) + 1).min(self.by_length.len());
        let lengths = chars.saturating_sub(usize::from(distance)).min(longest)..longest;
        let bits = letters(word);
        let limit = u32::from(distance);
        self.by_length
            .get(lengths)
            .into_iter()
            .flatten()
            .flatten()
            .filter(move |w| {
                (bits & !w.letters).count_ones() <= limit
                    && (w.letters & !bits).count_ones() <= limit
                    && strsim::osa_distance(word, &w.text) <= usize::from(distance)
            })
            .map(|w| w.text.as_str())
    }

    /// The documents with any of the [`Vocabulary::near`] words in `field`;
    /// `None` when no word is near.
    fn near_query(&self, field: Field, word: &str, distance: u8) -> Option<BooleanQuery> {
        let near: Vec<(Occur, Box<dyn Query>)> = self
            .near(word, distance)
            .map(|w| {
                let term = Term::from_field_text(field, w);
                let query: Box<dyn Query> =
                    Box::new(TermQuery::new(term, IndexRecordOption::Basic));
                (Occur::Should, query)
            })
            .collect();
        (!near.is_empty()).then(|| BooleanQuery::new(near))
    }
}

fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

thread_local! {
    /// Built once per thread: snippets tokenise many texts per search.
    static WORDS: std::cell::RefCell<TextAnalyzer> = std::cell::RefCell::new(analyzer());
}

/// Lower-cased, accent-folded words with their byte ranges in `text`.
fn words_of(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    WORDS.with(|cell| {
        let mut analyzer = cell.borrow_mut();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.offset_from..t.offset_to));
        }
        out
    })
}

/// Whether a word of a document matches the query.
type WordTest<'a> = dyn Fn(&str) -> bool + 'a;

/// The byte ranges of the words of `text`, each with whether it matches
/// (tokenised as the index does, without copying the words), up to the
/// end of the snippet's window after the first match.
/// The flag says whether the whole text was read.
fn marked_words(text: &str, matches: &WordTest) -> (Vec<(std::ops::Range<usize>, bool)>, bool) {
    WORDS.with(|cell| {
        let mut analyzer = cell.borrow_mut();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        let mut first = None;
        while stream.advance() {
            let t = stream.token();
            let hit = matches(&t.text);
            if hit && first.is_none() {
                first = Some(out.len());
            }
            out.push((t.offset_from..t.offset_to, hit));
            if first.is_some_and(|f| out.len() > f + SNIPPET_WORDS) {
                return (out, false);
            }
        }
        (out, true)
    })
}

/// How many typos a word of this length tolerates.
fn typos(word: &str) -> u8 {
    match word.chars().count() {
        0..=3 => 0,
        4..=6 => 1,
        _ => 2,
    }
}

/// Whether a document word is the query word or starts with it.
fn word_matches_exactly(query: &str, word: &str) -> bool {
    word == query || (query.len() >= 2 && word.starts_with(query))
}

/// Whether a document word matches a query word, as the index does in
/// titles and names (with typos). Cheap checks first.
fn word_matches(query: &str, word: &str) -> bool {
    if word_matches_exactly(query, word) {
        return true;
    }
    let allowed = usize::from(typos(query));
    if allowed == 0 || query.chars().count().abs_diff(word.chars().count()) > allowed {
        return false;
    }
    strsim::osa_distance(query, word) <= allowed
}

impl SearchIndex {
    /// Indexes the dataset in memory.
    pub fn build(data: &Dataset) -> Result<SearchIndex, SearchError> {
        let docs = documents(data);
        let mut schema = Schema::builder();
        let text = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(ANALYZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        // A fast (columnar) field: a hit's document is found by reading one
        // number, not by decompressing a stored document per hit.
        let ord = schema.add_u64_field("ord", FAST);
        let fields: Vec<(Field, f32)> = BOOSTS
            .iter()
            .map(|&(name, boost)| {
                let mut options = text.clone();
                if name == "deadline" {
                    // A long legal wording of the same deadline is no weaker a match.
                    options = TextOptions::default().set_indexing_options(
                        TextFieldIndexing::default()
                            .set_tokenizer(ANALYZER)
                            .set_fieldnorms(false)
                            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
                    );
                }
                (schema.add_text_field(name, options), boost)
            })
            .collect();
        let index = Index::create_in_ram(schema.build());
        index.tokenizers().register(ANALYZER, analyzer());
        let mut writer = index.writer_with_num_threads::<TantivyDocument>(1, 15_000_000)?;
        for (i, d) in docs.iter().enumerate() {
            let mut doc = TantivyDocument::default();
            doc.add_u64(ord, i as u64);
            for (&(field, _), text) in fields
                .iter()
                .zip([&d.title, &d.names, &d.deadline, &d.body])
            {
                doc.add_text(field, text);
            }
            writer.add_document(doc)?;
        }
        writer.commit()?;
        let reader = index.reader()?;
        let weights = docs.iter().map(|d| d.weight as f32).collect();
        let vocabularies = fields
            .iter()
            .zip(BOOSTS)
            .map(|(&(field, _), (name, _))| {
                if FUZZY_FIELDS.contains(&name) {
                    Vocabulary::of(&reader, field)
                } else {
                    Ok(Vocabulary::default())
                }
            })
            .collect::<Result<_, _>>()?;
        Ok(SearchIndex {
            docs,
            reader,
            fields,
            weights,
            vocabularies,
        })
    }

    pub fn documents(&self) -> &[SearchDoc] {
        &self.docs
    }

    /// The clauses that let one word (or a synonym, at half weight) match
    /// in any field, boosted by field.
    fn word_query(&self, word: &str) -> Box<dyn Query> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (i, alternative) in expand(word).into_iter().enumerate() {
            let weight = if i == 0 { 1.0 } else { 0.5 };
            clauses.push((Occur::Should, self.one_word_query(alternative, weight)));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// One word in every field: exactly, and for the word itself (not a
    /// synonym) as a prefix, and with typos in the fields people misspell
    /// ([`FUZZY_FIELDS`]: a typo-tolerant match in long bodies is mostly
    /// noise, and each costs an automaton).
    fn one_word_query(&self, word: &str, weight: f32) -> Box<dyn Query> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let synonym = weight < 1.0;
        for ((&(field, boost), &(name, _)), vocabulary) in self
            .fields
            .iter()
            .zip(BOOSTS.iter())
            .zip(&self.vocabularies)
        {
            let boost = boost * weight;
            let term = Term::from_field_text(field, word);
            let exact = TermQuery::new(term.clone(), IndexRecordOption::WithFreqs);
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(exact), boost)),
            ));
            if synonym {
                continue;
            }
            if word.len() >= 2 {
                // Every term that starts with the word: a slice of the sorted
                // term dictionary, read directly (a prefix automaton walks the
                // dictionary's graph and costs several times more); the same
                // constant score as any prefix match.
                let upper = Term::from_field_text(field, &format!("{word}\u{10FFFF}"));
                let prefix = RangeQuery::new(Bound::Included(term.clone()), Bound::Included(upper));
                clauses.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(prefix), boost * 0.5)),
                ));
            }
            let distance = typos(word);
            if distance > 0 && FUZZY_FIELDS.contains(&name) {
                // One constant score for a document with any near word, as
                // a fuzzy term query gives.
                if let Some(near) = vocabulary.near_query(field, word, distance) {
                    let fuzzy = ConstScoreQuery::new(Box::new(near), 1.0);
                    clauses.push((
                        Occur::Should,
                        Box::new(BoostQuery::new(Box::new(fuzzy), boost * 0.3)),
                    ));
                }
            }
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// Searches; never fails on what the user typed.
    pub fn search(&self, query: &str, filter: &Filter) -> SearchResults {
        let mut words: Vec<String> = Vec::new();
        for (w, _) in words_of(query) {
            if !words.contains(&w) {
                words.push(w);
            }
        }
        words.truncate(MAX_QUERY_WORDS);
        let mut results = SearchResults {
            query: query.to_string(),
            words: words.clone(),
            all_words: true,
            facets: Facets::default(),
            hits: Vec::new(),
        };
        if words.is_empty() {
            return results;
        }
        let mut found = self.run(&words, Occur::Must);
        if found.is_empty() && words.len() > 1 {
            results.all_words = false;
            found = self.run(&words, Occur::Should);
        }
        for (score, i) in found {
            let d = &self.docs[i];
            *results
                .facets
                .kinds
                .entry(d.kind.label().to_string())
                .or_default() += 1;
            *results
                .facets
                .jurisdictions
                .entry(d.jurisdiction.clone())
                .or_default() += 1;
            if filter.kind.is_some_and(|k| k != d.kind)
                || filter
                    .jurisdiction
                    .as_deref()
                    .is_some_and(|j| !j.eq_ignore_ascii_case(&d.jurisdiction))
            {
                continue;
            }
            results.hits.push(Hit {
                kind: d.kind,
                id: d.id.clone(),
                jurisdiction: d.jurisdiction.clone(),
                title: d.title.clone(),
                path: d.path.clone(),
                score,
                snippet: snippet(d, &words),
            });
        }
        results
    }

    fn run(&self, words: &[String], occur: Occur) -> Vec<(f32, usize)> {
        let clauses: Vec<(Occur, Box<dyn Query>)> =
            words.iter().map(|w| (occur, self.word_query(w))).collect();
        let query = BooleanQuery::new(clauses);
        let searcher = self.reader.searcher();
        // Each text score times its document's weight, read through the
        // `ord` column; the document number comes back with the score.
        let weights = self.weights.clone();
        let weighted = TopDocs::with_limit(MAX_RESULTS).tweak_score(
            move |segment: &tantivy::SegmentReader| {
                let column = segment.fast_fields().u64("ord").ok();
                let weights = weights.clone();
                move |doc: tantivy::DocId, score: tantivy::Score| {
                    let weight = column
                        .as_ref()
                        .and_then(|c| c.first(doc))
                        .and_then(|ord| weights.get(ord as usize).copied())
                        .unwrap_or(1.0);
                    score * weight
                }
            },
        );
        let Ok(top) = searcher.search(&query, &weighted) else {
            return Vec::new();
        };
        let columns: Vec<_> = searcher
            .segment_readers()
            .iter()
            .map(|segment| segment.fast_fields().u64("ord").ok())
            .collect();
        top.into_iter()
            .filter_map(|(score, address)| {
                let column = columns.get(address.segment_ord as usize)?.as_ref()?;
                let ord = column.first(address.doc_id)?;
                Some((score, usize::try_from(ord).ok()?))
            })
            .collect()
    }
}

/// About this many words of context around the first match.
const SNIPPET_WORDS: usize = 28;

/// A window of the document's body (or names) around the first matching
/// word, with every matching word marked.
pub fn snippet(doc: &SearchDoc, words: &[String]) -> Vec<Piece> {
    let wanted: Vec<&str> = words.iter().flat_map(|q| expand(q)).collect();
    // As the index matches: typos only in titles and names.
    let exact = |w: &str| wanted.iter().any(|a| word_matches_exactly(a, w));
    let typo = |w: &str| wanted.iter().any(|a| word_matches(a, w));
    // The first field with a match, tokenised once; the body if none matches.
    let fields: [(&String, &WordTest); 4] = [
        (&doc.body, &exact),
        (&doc.names, &typo),
        (&doc.deadline, &exact),
        (&doc.title, &typo),
    ];
    let (source, (tokens, complete), first) = fields
        .into_iter()
        .find_map(|(text, matches)| {
            let tokens = marked_words(text, matches);
            let first = tokens.0.iter().position(|(_, hit)| *hit)?;
            Some((text, tokens, first))
        })
        .unwrap_or_else(|| (&doc.body, marked_words(&doc.body, &exact), 0));
    let start_token = first.saturating_sub(SNIPPET_WORDS / 3);
    let end_token = (start_token + SNIPPET_WORDS).min(tokens.len());
    if tokens.is_empty() {
        return vec![Piece {
            text: source.chars().take(200).collect(),
            mark: false,
        }];
    }
    let start = if start_token == 0 {
        0
    } else {
        tokens[start_token].0.start
    };
    let end = if end_token == tokens.len() && complete {
        source.len()
    } else {
        tokens[end_token - 1].0.end
    };
    let mut pieces = Vec::new();
    if start > 0 {
        pieces.push(Piece {
            text: "… ".into(),
            mark: false,
        });
    }
    let mut at = start;
    for (range, hit) in &tokens[start_token..end_token] {
        if *hit {
            if range.start > at {
                pieces.push(Piece {
                    text: source[at..range.start].to_string(),
                    mark: false,
                });
            }
            pieces.push(Piece {
                text: source[range.clone()].to_string(),
                mark: true,
            });
            at = range.end;
        }
    }
    if end > at {
        pieces.push(Piece {
            text: source[at..end].to_string(),
            mark: false,
        });
    }
    if end < source.len() {
        pieces.push(Piece {
            text: " …".into(),
            mark: false,
        });
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::DocSetCollector;
    use tantivy::query::FuzzyTermQuery;

    /// The documents a query matches, as (segment, doc) pairs.
    fn matched(index: &SearchIndex, query: &dyn Query) -> std::collections::HashSet<(u32, u32)> {
        index
            .reader
            .searcher()
            .search(query, &DocSetCollector)
            .expect("the query runs")
            .into_iter()
            .map(|a| (a.segment_ord, a.doc_id))
            .collect()
    }

    /// Typo matching scans a word list instead of running tantivy's
    /// Levenshtein automaton; it must find exactly the documents the
    /// automaton finds, for misspellings of words across the vocabulary.
    #[test]
    fn typo_matching_finds_what_the_levenshtein_automaton_finds() {
        let data = crate::load::embedded().expect("the embedded dataset loads");
        let index = SearchIndex::build(&data).expect("the index builds");
        let mut checked = 0;
        for ((&(field, _), (name, _)), vocabulary) in
            index.fields.iter().zip(BOOSTS).zip(&index.vocabularies)
        {
            if !FUZZY_FIELDS.contains(&name) {
                continue;
            }
            assert!(vocabulary.len() > 500, "{name} has its words");
            let longest = vocabulary.by_length.last().expect("words on file");
            let mut samples: Vec<String> = ["germny", "calfornia", "helth", "hours", "brazl"]
                .map(String::from)
                .to_vec();
            // Past the longest length on file: the longest words, one letter longer.
            samples.extend(longest.iter().map(|w| format!("{}e", w.text)));
            for w in vocabulary.by_length.iter().flatten().step_by(37) {
                let chars: Vec<char> = w.text.chars().collect();
                let n = chars.len();
                samples.push(w.text.clone());
                if n >= 2 {
                    let mut swapped = chars.clone();
                    swapped.swap(n / 2 - 1, n / 2);
                    samples.push(swapped.into_iter().collect());
                    let mut dropped = chars.clone();
                    dropped.remove(n / 2);
                    samples.push(dropped.into_iter().collect());
                }
                let mut changed = chars.clone();
                changed[0] = if changed[0] == 'q' { 'z' } else { 'q' };
                changed.push('e');
                samples.push(changed.into_iter().collect());
            }
            for word in &samples {
                let distance = typos(word);
                if distance == 0 {
                    continue;
                }
                let term = Term::from_field_text(field, word);
                let automaton = FuzzyTermQuery::new(term, distance, true);
                let near = vocabulary
                    .near_query(field, word, distance)
                    .unwrap_or_else(|| BooleanQuery::new(Vec::new()));
                assert_eq!(
                    matched(&index, &automaton),
                    matched(&index, &near),
                    "{name}: {word:?} within {distance}"
                );
                checked += 1;
            }
        }
        assert!(checked > 300, "only {checked} misspellings were compared");
    }
}
