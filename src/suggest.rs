//! Suggested links: which open items an unlinked feedback note most likely
//! speaks of. A lexical model (BM25 over stemmed words without stop words)
//! matches the note's text against each open item's title, body and the text
//! of the notes already linked to it, so it learns from the team's own links.
//! Pure and offline: the same content gives the same suggestions.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use rayon::iter::{IntoParallelRefIterator, ParallelIterator};

use rust_stemmers::{Algorithm, Stemmer};

use crate::backlog::Backlog;
use crate::model::Language;

/// BM25's term-frequency saturation.
const K1: f64 = 1.2;
/// BM25's length normalisation.
const B: f64 = 0.75;
/// How many times an item's title counts, against once for its body: the
/// title is the item's own summary of what it is about.
const TITLE_WEIGHT: f64 = 2.0;
/// How much a word of a note linked to an item counts, against once for the
/// item's own words: notes say much besides what the item is about (names,
/// places, other wishes), so their words only tip the balance.
const NOTE_WEIGHT: f64 = 0.2;
/// A word in more than this share of the open items tells none of them
/// apart: matching skips it (as a stop word of this backlog), which also
/// keeps a query from walking every item for every common word.
const COMMON_SHARE: f64 = 0.5;
/// Below this many open items no word counts as common.
const COMMON_MIN_ITEMS: usize = 10;
/// How many matched words a candidate shows.
const SHOWN_TERMS: usize = 5;

/// One item a note may speak of.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Index into `backlog.items`.
    pub item: usize,
    /// How well it fits, 0 to 100: the item's BM25 score as a share of the
    /// most the note's words could score.
    pub score: f64,
    /// The note's words that matched, strongest first.
    pub terms: Vec<String>,
}

/// A note and the items it may speak of, best first (empty: no item fits).
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// Index into `backlog.feedback`.
    pub note: usize,
    pub candidates: Vec<Candidate>,
}

/// Splits text into lower-case stems, leaving out stop words. It can be
/// shared between threads: each thread keeps its own cache of stems.
pub struct Analyzer {
    language: Language,
    stemmer: Stemmer,
    stop: &'static [&'static str],
}

/// Each word as written → its stem (`None`: left out), per thread, for one
/// language at a time. A backlog uses a few thousand distinct words millions
/// of times, so each is stemmed once.
type StemCache = (Option<Language>, HashMap<String, Option<Rc<str>>>);

thread_local! {
    static STEMS: RefCell<StemCache> = RefCell::new((None, HashMap::new()));
}

impl Analyzer {
    pub fn new(language: Language) -> Self {
        let algorithm = match language {
            Language::English => Algorithm::English,
            Language::Danish => Algorithm::Danish,
            Language::Dutch => Algorithm::Dutch,
            Language::Finnish => Algorithm::Finnish,
            Language::French => Algorithm::French,
            Language::German => Algorithm::German,
            Language::Hungarian => Algorithm::Hungarian,
            Language::Italian => Algorithm::Italian,
            Language::Norwegian => Algorithm::Norwegian,
            Language::Portuguese => Algorithm::Portuguese,
            Language::Romanian => Algorithm::Romanian,
            Language::Russian => Algorithm::Russian,
            Language::Spanish => Algorithm::Spanish,
            Language::Swedish => Algorithm::Swedish,
            Language::Turkish => Algorithm::Turkish,
        };
        let stop = match language {
            Language::English => ENGLISH_STOP_WORDS,
            _ => &[],
        };
        Self {
            language,
            stemmer: Stemmer::create(algorithm),
            stop,
        }
    }

    /// Each word worth matching as `(stem, word)`, in text order. Words are
    /// runs of letters and digits; numbers alone, single letters and stop
    /// words are left out.
    pub fn words<'a>(&'a self, text: &'a str) -> impl Iterator<Item = (String, String)> + 'a {
        text.split(|c: char| !c.is_alphanumeric())
            .filter_map(|raw| {
                self.stem(raw)
                    .map(|stem| (stem.to_string(), raw.to_lowercase()))
            })
    }

    /// Calls `f` with the stem of each word worth matching, in text order.
    pub fn each_stem(&self, text: &str, mut f: impl FnMut(&str)) {
        for raw in text.split(|c: char| !c.is_alphanumeric()) {
            if let Some(stem) = self.stem(raw) {
                f(&stem);
            }
        }
    }

    /// The stem of one word as written, or `None` when it is left out.
    fn stem(&self, raw: &str) -> Option<Rc<str>> {
        if raw.is_empty() {
            return None;
        }
        STEMS.with(|cache| {
            let mut cache = cache.borrow_mut();
            if cache.0 != Some(self.language) {
                *cache = (Some(self.language), HashMap::new());
            }
            if let Some(found) = cache.1.get(raw) {
                return found.clone();
            }
            let word = raw.to_lowercase();
            let stem = (word.chars().nth(1).is_some()
                && !word.chars().all(|c| c.is_ascii_digit())
                && self.stop.binary_search(&word.as_str()).is_err())
            .then(|| Rc::from(self.stemmer.stem(&word).as_ref()));
            cache.1.insert(raw.to_owned(), stem.clone());
            stem
        })
    }
}

/// The open items as BM25 documents.
pub struct Index {
    analyzer: Analyzer,
    /// Index into `backlog.items` of each document.
    items: Vec<usize>,
    /// Words per document.
    lengths: Vec<f64>,
    average_length: f64,
    /// Stem → (document, weighted occurrences), documents ascending.
    postings: HashMap<String, Vec<(u32, f64)>>,
}

impl Index {
    /// Indexes every open item of the backlog: its title, its body and the
    /// text of the notes linked to it.
    pub fn new(backlog: &Backlog) -> Self {
        debug_assert!(
            backlog.bodies == crate::parse::Bodies::Keep,
            "suggestions need a backlog loaded with its bodies"
        );
        let analyzer = Analyzer::new(backlog.config.suggest.language);
        // An id claimed by an earlier file is not this item's to suggest.
        let items: Vec<usize> = (0..backlog.items.len())
            .filter(|&index| {
                let item = &backlog.items[index];
                item.status.is_open() && backlog.item(&item.id.value) == Some(index)
            })
            .collect();
        // Each item's words on any thread; the postings are then built in
        // item order, so they (and every sum over them) are the same
        // whatever the threads did.
        let documents: Vec<(Vec<(String, f64)>, f64)> = items
            .par_iter()
            .map(|&index| document(backlog, &analyzer, index))
            .collect();
        let mut lengths = Vec::with_capacity(items.len());
        let mut postings: HashMap<String, Vec<(u32, f64)>> = HashMap::new();
        for (doc, (counts, length)) in documents.into_iter().enumerate() {
            for (stem, count) in counts {
                postings.entry(stem).or_default().push((doc as u32, count));
            }
            lengths.push(length);
        }
        let average_length = if lengths.is_empty() {
            1.0
        } else {
            (lengths.iter().sum::<f64>() / lengths.len() as f64).max(1.0)
        };
        Self {
            analyzer,
            items,
            lengths,
            average_length,
            postings,
        }
    }

    /// The best `limit` open items for a text scoring at least `min_score`,
    /// best first; ties go to the item listed first (by path).
    pub fn candidates(&self, text: &str, limit: usize, min_score: f64) -> Vec<Candidate> {
        // Each distinct stem once, in a fixed order, so sums never depend on
        // hashing; the first word seen stands for its stem.
        let mut query: BTreeMap<String, String> = BTreeMap::new();
        for (stem, word) in self.analyzer.words(text) {
            query.entry(stem).or_insert(word);
        }
        // The most the note's words could score (each saturated in one item):
        // scores are shares of it, 0 to 100, so that one threshold suits a
        // one-line ticket and a long interview alike.
        let mut ceiling = 0.0;
        for stem in query.keys() {
            if let Some(postings) = self.matching(stem) {
                ceiling += self.idf(postings.len()) * (K1 + 1.0);
            }
        }
        let mut scores = vec![0.0f64; self.items.len()];
        let mut touched = Vec::new();
        for stem in query.keys() {
            let Some(postings) = self.matching(stem) else {
                continue;
            };
            let idf = self.idf(postings.len());
            for &(doc, tf) in postings {
                let doc = doc as usize;
                if scores[doc] == 0.0 {
                    touched.push(doc);
                }
                scores[doc] += idf * self.saturation(doc, tf);
            }
        }
        let mut ranked: Vec<(usize, f64)> = touched
            .into_iter()
            .map(|doc| (doc, scores[doc]))
            .filter(|&(_, score)| score > 0.0 && 100.0 * score / ceiling >= min_score)
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(limit);
        ranked
            .into_iter()
            .map(|(doc, score)| Candidate {
                item: self.items[doc],
                score: 100.0 * score / ceiling,
                terms: self.matched_terms(&query, doc),
            })
            .collect()
    }

    /// Each distinct stem of a text with its weight (occurrences, saturated,
    /// times its rarity among the items: a word no item uses weighs most)
    /// and the first word that stood for it, for comparing notes with each
    /// other (see [`crate::themes`]).
    pub fn weights(&self, text: &str) -> BTreeMap<String, (f64, String)> {
        let mut counts: BTreeMap<String, (f64, String)> = BTreeMap::new();
        for (stem, word) in self.analyzer.words(text) {
            counts.entry(stem).or_insert((0.0, word)).0 += 1.0;
        }
        for (stem, (weight, _)) in &mut counts {
            let df = self.postings.get(stem).map_or(0, Vec::len);
            *weight = (1.0 + weight.ln()) * self.idf(df);
        }
        counts
    }

    /// The query's words that matched a document, strongest first.
    fn matched_terms(&self, query: &BTreeMap<String, String>, doc: usize) -> Vec<String> {
        let mut terms: Vec<(f64, &str)> = query
            .iter()
            .filter_map(|(stem, word)| {
                let postings = self.matching(stem)?;
                let at = postings
                    .binary_search_by_key(&(doc as u32), |&(d, _)| d)
                    .ok()?;
                let value = self.idf(postings.len()) * self.saturation(doc, postings[at].1);
                Some((value, word.as_str()))
            })
            .collect();
        terms.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        terms
            .into_iter()
            .take(SHOWN_TERMS)
            .map(|(_, word)| word.to_owned())
            .collect()
    }

    /// The postings of a stem that tells items apart: `None` for a stem no
    /// item uses, or one too common to count (see [`COMMON_SHARE`]).
    fn matching(&self, stem: &str) -> Option<&Vec<(u32, f64)>> {
        let postings = self.postings.get(stem)?;
        let n = self.items.len();
        let common = n >= COMMON_MIN_ITEMS && postings.len() as f64 > COMMON_SHARE * n as f64;
        (!common).then_some(postings)
    }

    /// Inverse document frequency, never negative (the "+1" form).
    fn idf(&self, documents_with_term: usize) -> f64 {
        let n = self.items.len() as f64;
        let df = documents_with_term as f64;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    fn saturation(&self, doc: usize, tf: f64) -> f64 {
        let norm = 1.0 - B + B * self.lengths[doc] / self.average_length;
        tf * (K1 + 1.0) / (tf + K1 * norm)
    }
}

/// One open item as a BM25 document: its stems with their weighted
/// occurrences, sorted (so postings never depend on hashing), and its length.
fn document(backlog: &Backlog, analyzer: &Analyzer, index: usize) -> (Vec<(String, f64)>, f64) {
    let item = &backlog.items[index];
    let mut counts: HashMap<String, f64> = HashMap::new();
    let mut length = 0.0;
    let mut add = |text: &str, weight: f64| {
        analyzer.each_stem(text, |stem| {
            match counts.get_mut(stem) {
                Some(count) => *count += weight,
                None => {
                    counts.insert(stem.to_owned(), weight);
                }
            }
            length += weight;
        });
    };
    add(&item.title, TITLE_WEIGHT);
    add(&item.body, 1.0);
    if let Some(evidence) = backlog.links.evidence.get(index) {
        for e in evidence {
            add(&backlog.feedback[e.note].body, NOTE_WEIGHT);
        }
    }
    let mut counts: Vec<(String, f64)> = counts.into_iter().collect();
    counts.sort_by(|a, b| a.0.cmp(&b.0));
    (counts, length)
}

/// The notes linked to no item, in path order.
pub fn unlinked(backlog: &Backlog) -> Vec<usize> {
    (0..backlog.feedback.len())
        .filter(|&n| !backlog.links.linked[n])
        .collect()
}

/// Suggestions for the given notes (indices into `backlog.feedback`), with at
/// most `limit` candidates each, every one scoring at least `min_score`.
pub fn suggest(
    backlog: &Backlog,
    notes: &[usize],
    limit: usize,
    min_score: f64,
) -> Vec<Suggestion> {
    let index = Index::new(backlog);
    notes
        .par_iter()
        .map(|&note| Suggestion {
            note,
            candidates: index.candidates(&backlog.feedback[note].body, limit, min_score),
        })
        .collect()
}

/// English words too common to tell items apart, sorted for binary search.
const ENGLISH_STOP_WORDS: &[&str] = &[
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "aren",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "couldn",
    "did",
    "didn",
    "do",
    "does",
    "doesn",
    "doing",
    "don",
    "down",
    "during",
    "each",
    "even",
    "ever",
    "every",
    "few",
    "for",
    "from",
    "further",
    "get",
    "gets",
    "got",
    "had",
    "hadn",
    "has",
    "hasn",
    "have",
    "haven",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "if",
    "in",
    "into",
    "is",
    "isn",
    "it",
    "its",
    "itself",
    "just",
    "ll",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "re",
    "same",
    "she",
    "should",
    "shouldn",
    "so",
    "some",
    "still",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "us",
    "ve",
    "very",
    "was",
    "wasn",
    "we",
    "were",
    "weren",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "won",
    "would",
    "wouldn",
    "yet",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

#[cfg(test)]
mod tests {
    use super::{Analyzer, ENGLISH_STOP_WORDS};
    use crate::model::Language;

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(ENGLISH_STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn words_are_stemmed_without_stop_words_numbers_or_single_letters() {
        let analyzer = Analyzer::new(Language::English);
        let words: Vec<(String, String)> = analyzer
            .words("The caches were warming up: 20 minutes, a [[ci-cache]]!")
            .collect();
        let stems: Vec<&str> = words.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(stems, ["cach", "warm", "minut", "ci", "cach"]);
        assert_eq!(words[0].1, "caches");
    }

    /// The stems cached on a thread belong to one language: analyzers of two
    /// languages taking turns on one thread each get their own stems, as on
    /// a thread of their own.
    #[test]
    fn analyzers_of_two_languages_taking_turns_keep_their_own_stems() {
        let text = "the running runners were nationalities and hoffnungen";
        let alone = |language: Language| {
            std::thread::spawn(move || Analyzer::new(language).words(text).collect::<Vec<_>>())
                .join()
                .expect("joins")
        };
        let (english, german) = (alone(Language::English), alone(Language::German));
        assert_ne!(english, german, "the languages stem differently");
        let (en, de) = (
            Analyzer::new(Language::English),
            Analyzer::new(Language::German),
        );
        for _ in 0..3 {
            assert_eq!(en.words(text).collect::<Vec<_>>(), english);
            assert_eq!(de.words(text).collect::<Vec<_>>(), german);
        }
    }
}
