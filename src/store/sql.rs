//! Helpers shared by the SQL adapters: the indexed columns derived from an article.

use super::{Revision, StoreError, StoredArticle};
use crate::model::{Article, Status};

/// The recency key of an article: `(UTC seconds, nanoseconds)`, undated `(i64::MIN, 0)`.
pub(crate) fn recency_key(a: &Article) -> (i64, i64) {
    match a.published {
        Some(t) => (t.timestamp(), i64::from(t.timestamp_subsec_nanos())),
        None => (i64::MIN, 0),
    }
}

pub(crate) fn status_str(s: Status) -> &'static str {
    match s {
        Status::Draft => "draft",
        Status::InReview => "in_review",
        Status::Approved => "approved",
        Status::Scheduled => "scheduled",
        Status::Published => "published",
        Status::Expired => "expired",
        Status::Withdrawn => "withdrawn",
    }
}

pub(crate) fn decode(json: &str, revision: i64) -> Result<StoredArticle, StoreError> {
    let article: Article =
        serde_json::from_str(json).map_err(|e| StoreError::backend("decoding article json", e))?;
    let revision = u64::try_from(revision).map_err(|e| {
        StoreError::backend(format!("negative revision for article {}", article.id), e)
    })?;
    Ok(StoredArticle {
        article,
        revision: Revision(revision),
    })
}
