//! Site search ("Tìm kiếm") that understands how Vietnamese readers type: without marks,
//! in either tone style, with a typo, or half-way through the last word.
//!
//! ```
//! use tintuc::import::sample_articles;
//! use tintuc::search::{Index, Query};
//!
//! let articles = sample_articles()?;
//! let index = Index::build(&articles);
//! // No marks, and the last syllable unfinished: still finds "…Sơ kết phong trào thi đua…".
//! let results = index.search(&Query::new("so ket phong trao thi du"))?;
//! let top = &results.hits[0];
//! assert_eq!(top.id.as_str(), "vks-st-2018-0817-01");
//! // `du` completes to `dua` where it follows `thi`.
//! assert!(top.explanation.matches.iter().any(|m| m.term == "thi dua"));
//! let html = top.snippet.to_html(|s, out| out.push_str(s)); // pass the renderer's escaper
//! assert!(html.contains("<mark>"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Analysis
//! Documents and queries go through the same steps ([`crate::text::normalize`]: NFC,
//! invisible and control characters dropped, one tone style so `hoà` = `hòa`; then
//! [`crate::text::syllables`]). Each syllable is indexed twice — **exact** (lower case,
//! marks kept) and **folded** ([`crate::text::fold`]) — and each pair of adjacent
//! syllables in a paragraph as a folded **bigram**; cited document numbers
//! ([`crate::text::extract_documents`], and the article's own [`crate::model::CitedDocument`]s)
//! are one key each (`08/KH-UBND`). Title, lead, body, tags and category are weighted
//! 3 : 1.5 : 1 : 2 : 1 in the term frequencies (document numbers 3).
//!
//! # Matching and scoring
//! A query syllable without marks matches any marks (folded key); one with marks matches
//! folded too but adds the exact key, so the exact spelling scores higher. Folded
//! syllables of 4–12 letters also match the index's syllables one edit away
//! (substitution, insertion, deletion, transposition); when the typed syllable is itself
//! known, only weakly and only where the variant sits next to a neighbouring query
//! syllable (through their bigram). The last syllable, unless the query ends in a space
//! or punctuation, also matches as a prefix: after another syllable, the completions that
//! follow it somewhere count where they follow it (through their bigram); a query's only
//! syllable matches its most frequent completions. Adjacent query syllables add their
//! bigrams (over those alternatives), so a phrase outranks scattered syllables. Text in double quotes is a phrase: each adjacent pair
//! of it (and its marks, when typed) is required. Scores are BM25 (k₁ 1.2, b 0.75) over the
//! field-weighted frequencies, times the square of the share of query syllables matched.
//! Every [`Hit`] carries an [`Explanation`] (each matched key, its [`MatchKind`] and share)
//! and a [`Snippet`]. [`Index::search_ids`] ranks the same way (same order, scores and
//! total) and returns only the ids and scores ([`IdResults`]), for a JSON API or a
//! suggestion box that shows no passages.
//!
//! # Index lifecycle
//! [`Index::build`] / [`Index::from_store`]; [`Index::insert`], [`Index::update`],
//! [`Index::remove`]; [`Index::snapshot`] gives readers an `Arc`-shared view while one
//! writer goes on (copy-on-write); [`Index::to_json`] / [`Index::from_json`] (and serde)
//! save and load it with a format version.
//!
//! # Bad input
//! Queries longer than [`MAX_QUERY_BYTES`] or with more than [`MAX_QUERY_SYLLABLES`]
//! syllables are errors; a query with no syllable (empty, punctuation, lone marks,
//! control characters) has no results. Work per query is bounded by the query's size and
//! the posting lists it reads.
//!
//! # Layout
//! `analyze` maps text to keys and knows nothing of postings; `index` holds the
//! dictionaries (one per key kind), slot-ordered postings and stored documents; `expand`
//! turns a query's syllables into weighted terms; `score` validates, filters, orders and
//! explains; `accumulate` ranks by relevance term at a time, rarest first, into
//! per-thread arrays over the slots, and once the documents found are sure to fill the
//! page, the longest lists only complete their scores and count the others in a bitset
//! (the exact `total` and the best page from the same pass, the scores those of an
//! exhaustive pass); `topk` holds BM25, the term bounds, the coverage factor and the rank order;
//! `snippet` and `persist` do what they say. The analysis and
//! postings are shaped to sit on a shared retrieval core (term dictionary + postings)
//! with `related`.

mod accumulate;
mod analyze;
mod dense;
pub mod documents;
mod expand;
mod index;
#[cfg(test)]
mod maxscore;
mod persist;
#[cfg(feature = "postgres")]
pub mod postgres;
mod query;
mod score;
mod snippet;
mod topk;

pub use index::{Index, Snapshot};
pub use persist::FORMAT_VERSION;
pub use query::{
    Explanation, Filter, Hit, IdHit, IdResults, MatchKind, Order, Query, Results, TermMatch, Word,
    MAX_LIMIT, MAX_QUERY_BYTES, MAX_QUERY_SYLLABLES,
};
pub use snippet::{Snippet, SnippetPart};

/// Why a search or a load failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SearchError {
    /// The query text is longer than [`MAX_QUERY_BYTES`].
    #[error("query: {bytes} bytes, at most {max} allowed")]
    QueryTooLong {
        /// Its length in bytes.
        bytes: usize,
        /// The limit.
        max: usize,
    },
    /// The query has more than [`MAX_QUERY_SYLLABLES`] syllables.
    #[error("query: {count} syllables, at most {max} allowed")]
    TooManySyllables {
        /// Its syllables.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// The page size is larger than [`MAX_LIMIT`].
    #[error("limit: {limit}, at most {max} allowed")]
    LimitTooLarge {
        /// The requested page size.
        limit: usize,
        /// The limit.
        max: usize,
    },
    /// A saved index has a format version this build cannot read.
    #[error("format_version: {found} is not supported (this build reads {supported})")]
    UnsupportedVersion {
        /// The saved version.
        found: u32,
        /// The version this build reads.
        supported: u32,
    },
    /// A saved index could not be read or written.
    #[error("saved index: {0}")]
    Format(String),
}

#[cfg(test)]
mod tests;
