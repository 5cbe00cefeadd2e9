//! # tintuc — Vietnamese news and government portals
//!
//! Model, clean, link and render the articles of a Vietnamese news or agency portal.
//!
//! | module | owns |
//! |---|---|
//! | [`model`] | articles, blocks, figures, authors, categories, cited documents; validation; JSON |
//! | [`import`] | the plain JSON Lines import format used to migrate old portals |
//! | [`slug`] | URL slugs (`đ`→`d`, any Unicode form in, `[a-z0-9-]` out) |
//! | [`store`] | storage traits, the in-memory [`store::MemoryStore`], a conformance suite |
//! | [`text`] | Vietnamese text: normalise, tone style, fold, repair, collation, syllables, extraction |
//! | [`related`] | related articles ("Tin liên quan") |
//! | [`search`] | site search ("Tìm kiếm"): marks optional, either tone style, typos, as-you-type |
//! | [`render`] | HTML pages, feeds and sitemaps |
//!
//! The core is pure: only [`store`] implementations touch the outside world.
//!
//! ```
//! use tintuc::{import, store::{ArticleStore, MemoryStore}};
//!
//! let line = r#"{"id":"a1","title":"Sơ kết thi đua 6 tháng đầu năm 2018","body":"Đoạn một.\nĐoạn hai.","published":"17/8/2018"}"#;
//! let article = import::parse_line(line)?;
//! assert_eq!(article.slug.as_str(), "so-ket-thi-dua-6-thang-dau-nam-2018");
//! assert_eq!(article.body.len(), 2);
//!
//! let store = MemoryStore::new();
//! let rev = store.put(&article, None)?;
//! assert_eq!(store.get(&article.id)?.unwrap().revision, rev);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
// `unsafe` is denied everywhere except `text::simd` (SSSE3/AVX2 intrinsics behind run-time
// detection: a measured win, docs/bench-text.md session 3).
#![deny(unsafe_code)]
#![deny(missing_docs)]
#![warn(missing_debug_implementations)]

pub mod import;
pub mod model;
pub mod related;
pub mod render;
pub mod search;
pub mod slug;
pub mod store;
pub mod text;

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
