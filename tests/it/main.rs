//! The integration tests, linked as one binary (one link instead of one per file).
//!
//! Run one group with `cargo test --test it GROUP::` (for example `render_xss::`).
//! Property tests take `PROPTEST_CASES` from the environment to run more cases.
//! `tests/pathological.rs` and `tests/viqr_recode.rs` stay separate binaries: CI runs
//! them in release builds (their timing and full-corpus checks need optimised code).

mod cli;
mod common;
mod dates_links;
mod document_eval;
mod document_props;
mod document_related;
mod document_render;
mod document_store;
mod import_repair;
mod layers;
mod lifecycle;
mod model_props;
mod nukeviet;
mod nukeviet_legacy;
#[cfg(feature = "web")]
mod nukeviet_web;
mod related;
mod related_postgres;
mod render_curation;
mod render_golden;
mod render_pages;
mod render_props;
mod render_xss;
mod repair_props;
mod repair_tables;
mod repair_vectors;
mod repair_vntc;
mod search_page;
mod search_postgres;
mod store_conformance;
mod store_postgres;
mod store_sqlite;
mod text_data;
mod text_props;
mod text_slug;
#[cfg(feature = "web")]
mod web_api;
#[cfg(feature = "web")]
mod web_client;
#[cfg(feature = "web")]
mod web_curation;
#[cfg(feature = "web")]
mod web_documents;
#[cfg(all(feature = "web", feature = "sqlite"))]
mod web_faults;
#[cfg(feature = "web")]
mod web_moved;
#[cfg(feature = "web")]
mod web_pages;
#[cfg(feature = "web")]
mod web_postgres;
#[cfg(feature = "web")]
mod web_readme;
#[cfg(feature = "web")]
mod web_revisions;
#[cfg(feature = "web")]
mod web_rights;
#[cfg(feature = "web")]
mod web_schedule;
