//! Vietnamese text: normalisation, tone-mark style, folding, legacy-encoding repair,
//! collation, URL slugs, syllables and entity extraction.
//!
//! Pure functions over `&str` returning strings and this module's own plain types; no
//! I/O, and nothing from the rest of the crate (every other module builds on this one). Everything is table-driven over the 134 Vietnamese
//! letters (12 vowels × 6 tones × 2 cases that are not ASCII, plus `đ/Đ`), with ASCII fast
//! paths and no allocation per character.
//!
//! ```
//! use tintuc::text::{fold, normalize, compare, ToneStyle, convert_tone_style};
//! assert_eq!(normalize("Hoá học  \u{200B}"), "Hóa học");
//! assert_eq!(convert_tone_style("Hóa học", ToneStyle::New), "Hoá học");
//! assert_eq!(fold("Hóa học"), "hoa hoc");
//! assert_eq!(compare("đa", "dê"), std::cmp::Ordering::Greater); // d < đ
//! ```

mod collate;
mod extract;
mod fold;
pub(crate) mod letters;
mod nfc;
mod normalize;
pub mod repair;
pub(crate) mod simd;
mod slug;
pub(crate) mod syllable;
mod syllable_rules;

pub use collate::{compare, sort_key, SortKey};
pub use extract::{
    extract_dates, extract_documents, DocumentKind, ExtractedDate, ExtractedDocument,
};
pub use fold::fold;
#[cfg(fuzzing)]
#[doc(hidden)]
pub use fold::vector_loops_agree as fold_vector_loops_agree;
pub use nfc::nfc;
pub use normalize::{convert_tone_style, normalize, Normalizer};
#[cfg(fuzzing)]
#[doc(hidden)]
pub use slug::vector_loops_agree as slug_vector_loops_agree;
pub use slug::{slugify, Slugger};
#[cfg(fuzzing)]
#[doc(hidden)]
pub use syllable::normalized_syllables_agree;
pub use syllable::{syllables, Syllable, Syllables};
pub use syllable_rules::ToneStyle;
