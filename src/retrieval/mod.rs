//! The retrieval core: what an inverted index over Vietnamese articles is made of, each
//! part with one concern. `related` stands on it; nothing here knows about
//! ranking articles against each other.
//!
//! | module | owns |
//! |---|---|
//! | `analysis` | tokens, one tone style, bigrams, document numbers → weighted term hashes |
//! | `termdict` | the term table (string → [`TermId`]) and the document-frequency sketch |
//! | `weighting` | TF-IDF weights of an analysed article: saturation, IDF floor, pruning |
//! | `postings` | five-byte postings in impact order, accumulation into scores |
//! | `vectors` | the stored-vector codec and query-side dot products |
//! | `collector` | top-k candidates from the score accumulator |
//! | `latent` | latent topics: the term–topic matrix, 8-bit topic vectors, fold-in; the SVD fit (feature `latent`) |
//! | `parallel` | the build's parallel map |
//! | `prefetch` | reading memory ahead of cache-missing loops |
//! | `quantize` | rounding and key sorts shared by postings and vectors |
//! | `tsvector` | PostgreSQL lexeme literals (feature `postgres`) |
//!
//! Everything here is crate-private: its types change with the index format.

pub(crate) mod analysis;
pub(crate) mod collector;
pub(crate) mod latent;
pub(crate) mod parallel;
pub(crate) mod postings;
pub(crate) mod prefetch;
pub(crate) mod quantize;
pub(crate) mod termdict;
#[cfg(feature = "postgres")]
pub(crate) mod tsvector;
pub(crate) mod vectors;
pub(crate) mod weighting;

/// A term's id in the term dictionary: its position in the term strings, and the key of
/// its posting list.
pub(crate) type TermId = u32;

/// An article's slot in an index: its position in the document table (reused after a
/// removal), and what postings and candidates name it by.
pub(crate) type Slot = u32;

/// A term of a vector and its weight.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct TermWeight {
    pub(crate) term: TermId,
    pub(crate) weight: f32,
}

impl TermWeight {
    pub(crate) fn new(term: TermId, weight: f32) -> Self {
        TermWeight { term, weight }
    }

    /// Heaviest first: higher weight, then lower term id (a total order on distinct
    /// terms).
    pub(crate) fn heavier_first(a: &TermWeight, b: &TermWeight) -> std::cmp::Ordering {
        b.weight.total_cmp(&a.weight).then(a.term.cmp(&b.term))
    }
}

/// An article and its score in a query.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct Scored {
    pub(crate) slot: Slot,
    pub(crate) score: f32,
}

impl Scored {
    pub(crate) fn new(slot: Slot, score: f32) -> Self {
        Scored { slot, score }
    }

    /// Best first: higher score, then lower slot (a total order on distinct slots).
    pub(crate) fn best_first(a: &Scored, b: &Scored) -> std::cmp::Ordering {
        b.score.total_cmp(&a.score).then(a.slot.cmp(&b.slot))
    }
}
