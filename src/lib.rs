//! # tintuc — Vietnamese news and government portals
//!
//! Model, clean, link and render the articles of a Vietnamese news or agency portal.
//!
//! | module | owns |
//! |---|---|
//! | [`text`] | Vietnamese text: normalise, tone style, fold, repair, collation, URL slugs, syllables, extraction |
//! | [`model`] | articles, blocks, figures, authors, categories, slugs, cited documents; editorial lifecycle and visibility at an instant; validation; JSON |
//! | [`store`] | storage traits, the in-memory [`store::MemoryStore`], unique slugs, a conformance suite |
//! | [`document`] | official documents (văn bản): model, JSON Lines import, citations resolved to a registry |
//! | [`import`] | the plain JSON Lines import format used to migrate old portals |
//! | [`related`] | related articles ("Tin liên quan") |
//! | [`search`] | site search ("Tìm kiếm"): marks optional, either tone style, typos, as-you-type |
//! | [`render`] | HTML pages, feeds and sitemaps |
//! | `web` | (feature `web`) the portal as an axum service over any store, with the JSON API |
//!
//! The modules are layers, listed bottom up: each uses only the ones below it (`store`
//! and `import` stand side by side and never use each other; `related` and `render`
//! likewise), so [`text`] knows nothing of articles and [`model`] nothing of storage.
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
// detection: a measured win, see docs/bench-text.md).
#![deny(unsafe_code)]
#![deny(missing_docs)]
#![warn(missing_debug_implementations)]

pub mod document;
pub mod import;
pub mod model;
pub mod related;
pub mod render;
mod retrieval;
pub mod search;
pub mod store;
pub mod text;
#[cfg(feature = "web")]
pub mod web;

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
