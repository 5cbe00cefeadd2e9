//! The retrieval core: what an inverted index over Vietnamese articles is made of, each
//! part with one concern. [`crate::related`] stands on it; nothing here knows about
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
//! | `parallel` | the build's parallel map |
//! | `prefetch` | reading memory ahead of cache-missing loops |
//!
//! Everything here is crate-private: its types change with the index format.

pub(crate) mod analysis;
pub(crate) mod collector;
pub(crate) mod parallel;
pub(crate) mod postings;
pub(crate) mod prefetch;
pub(crate) mod termdict;
pub(crate) mod vectors;
pub(crate) mod weighting;
