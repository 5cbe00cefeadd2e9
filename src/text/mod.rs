//! Vietnamese text: normalisation, tone-mark style, folding, legacy-encoding repair,
//! collation, syllables and entity extraction.
//!
//! Pure functions over `&str`/`&[u8]`; no I/O.

pub mod repair;
