//! Shared helpers for the peer-comparison benches (fixtures read from `../shared/data`).
#![forbid(unsafe_code)]
#![allow(missing_docs)]

use std::path::PathBuf;

/// Path of a file under the shared data folder (`../shared/data` from the repository root).
pub fn shared_data(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/data")
        .join(rel)
}

#[path = "../../benches/common/search_queries.rs"]
pub mod bench_queries;
pub mod holdout;
pub mod related;
pub mod render_model;
pub mod render_ref;
pub mod search_queries;
pub mod tantivy_search;
