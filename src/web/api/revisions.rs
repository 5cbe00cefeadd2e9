//! `/api/articles/{id}/revisions`: an article's history, one past version, the
//! difference between two versions, and restoring one.
//!
//! - `GET …/revisions` — `{"id", "revisions": [{"revision", "at", "by"?, "changed",
//!   "deleted"?}, …]}`, oldest first; 404 when nothing was ever written under the id.
//! - `GET …/revisions/{rev}` — that entry with `"article"` (`null` for a delete).
//! - `GET …/revisions/{rev}/diff[?against=N]` — `{"id", "from", "to", "fields",
//!   "blocks"}` between revision `N` (default: the entry before `rev`; `from` is `null`
//!   for the first) and `rev`; `blocks` are body edits by block index.
//! - `POST …/revisions/{rev}/restore` with `If-Match` (the current revision, or `*`) —
//!   writes that version back as a new revision; answers like `PUT`, and needs the
//!   rights of the write from the current version to the restored one.
//! - `GET /api/audit?article=ID` — `{"article", "changes": [{"article", "revision",
//!   "at", "by"?, "from", "to"}, …]}`: the article's status changes, oldest first
//!   (`null`: absent); `GET /api/audit?limit=N` — `{"limit", "changes"}`: the site's `N`
//!   most recent status changes (default 100, at most 1000), newest first.
//!
//! A store without history (`ArticleStore::revision_store` is `None`) answers 501.

use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::Response;

use crate::model::{changed_fields, diff_blocks, ArticleId};
use crate::store::{Revision, RevisionStore, StoreError};

use super::super::ApiUser;
use super::write::{allow, check, creator, put_by, saved};
use super::{failure_problem, json, param, write_problem, Expected, Problem, Shared};

fn no_history() -> Problem {
    Problem::new(
        StatusCode::NOT_IMPLEMENTED,
        "no revision history",
        "this site's store keeps no revision history",
    )
}

/// The history behind a store call (the check in [`history_available`] ran first).
fn history(s: &dyn crate::store::ArticleStore) -> Result<&dyn RevisionStore, StoreError> {
    s.revision_store().ok_or_else(|| {
        StoreError::backend(
            "reading revisions",
            std::io::Error::other("the store keeps no revision history"),
        )
    })
}

fn history_available(sh: &Shared) -> Result<(), Problem> {
    // Returns a reference, no I/O: fine on the async thread.
    sh.store.revision_store().map(drop).ok_or_else(no_history)
}

pub(super) async fn list(sh: &Arc<Shared>, id: ArticleId) -> Result<Response, Problem> {
    history_available(sh)?;
    let key = id.clone();
    let revs = sh
        .with_store(move |s| history(s)?.revisions(&key))
        .await
        .map_err(failure_problem)?;
    if revs.is_empty() {
        return Err(write_problem(StoreError::NotFound { id }));
    }
    Ok(json(
        StatusCode::OK,
        &serde_json::json!({"id": id, "revisions": revs}),
    ))
}

pub(super) async fn get(
    sh: &Arc<Shared>,
    id: ArticleId,
    rev: Revision,
) -> Result<Response, Problem> {
    history_available(sh)?;
    let key = id.clone();
    let found = sh
        .with_store(move |s| history(s)?.revision(&key, rev))
        .await
        .map_err(failure_problem)?
        .ok_or_else(|| write_problem(StoreError::RevisionNotFound { id, revision: rev }))?;
    let value = serde_json::to_value(&found).map_err(|_| {
        Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal error",
            "the revision could not be encoded",
        )
    })?;
    Ok(json(StatusCode::OK, &value))
}

pub(super) async fn diff(
    sh: &Arc<Shared>,
    id: ArticleId,
    rev: Revision,
    params: &[(String, String)],
) -> Result<Response, Problem> {
    history_available(sh)?;
    let against = param(params, "against")
        .map(|v| {
            v.parse::<u64>().map(Revision).map_err(|_| {
                Problem::new(
                    StatusCode::BAD_REQUEST,
                    "bad query parameter",
                    "against must be a revision number",
                )
                .field("against")
            })
        })
        .transpose()?;
    let key = id.clone();
    let (from, old, new) = sh
        .with_store(move |s| {
            let h = history(s)?;
            let missing = |revision| StoreError::RevisionNotFound {
                id: key.clone(),
                revision,
            };
            let new = h.revision(&key, rev)?.ok_or_else(|| missing(rev))?;
            let from = match against {
                Some(r) => Some(r),
                None => h
                    .revisions(&key)?
                    .iter()
                    .map(|i| i.revision)
                    .filter(|&r| r < rev)
                    .max(),
            };
            let old = match from {
                Some(r) => Some(h.revision(&key, r)?.ok_or_else(|| missing(r))?),
                None => None,
            };
            Ok((from, old.and_then(|o| o.article), new.article))
        })
        .await
        .map_err(failure_problem)?;
    let body =
        |a: &Option<crate::model::Article>| a.as_ref().map(|a| a.body.clone()).unwrap_or_default();
    let fields = changed_fields(old.as_ref(), new.as_ref());
    let blocks = diff_blocks(&body(&old), &body(&new));
    Ok(json(
        StatusCode::OK,
        &serde_json::json!({"id": id, "from": from, "to": rev, "fields": fields, "blocks": blocks}),
    ))
}

pub(super) async fn restore(
    sh: &Arc<Shared>,
    user: &ApiUser,
    id: ArticleId,
    rev: Revision,
    expected: Expected,
) -> Result<Response, Problem> {
    history_available(sh)?;
    let key = id.clone();
    // The version to write back, and the one it replaces (checked against If-Match).
    let (target, old, creator) = sh
        .with_store(move |s| {
            let target = history(s)?
                .revision(&key, rev)?
                .and_then(|r| r.article)
                .ok_or_else(|| StoreError::RevisionNotFound {
                    id: key.clone(),
                    revision: rev,
                })?;
            let old = match (s.get(&key)?, expected) {
                (None, Expected::Any) => None,
                (None, Expected::Revision(r)) => {
                    return Err(StoreError::Conflict {
                        id: key.clone(),
                        expected: Some(Revision(r)),
                        actual: None,
                    })
                }
                (stored, expected) => Some(check(stored, &key, expected)?),
            };
            Ok((target, old, creator(s, &key)?))
        })
        .await
        .map_err(failure_problem)?;
    allow(
        user,
        old.as_ref().map(|o| &o.article),
        Some(&target),
        creator.as_deref(),
    )?;
    let (a, by) = (target.clone(), user.name.clone());
    let new_rev = sh
        .write(id, move |s| {
            // Compare-and-set on the version checked above (`None`: still absent).
            let expected = old.as_ref().map(|o| o.revision);
            let rev = put_by(s, &a, expected, &by)?;
            Ok((rev, old.map(|o| o.article), Some(a)))
        })
        .await
        .map_err(failure_problem)?;
    Ok(saved(sh, StatusCode::OK, &target, new_rev))
}

/// Most entries in one answer of `GET /api/audit`.
const MAX_AUDIT: usize = 1000;

/// `GET /api/audit?article=ID`: the article's status changes, oldest first;
/// `GET /api/audit?limit=N`: the site's `N` (default 100) most recent, newest first.
pub(super) async fn audit(
    sh: &Arc<Shared>,
    params: &[(String, String)],
) -> Result<Response, Problem> {
    history_available(sh)?;
    let Some(raw) = param(params, "article") else {
        let limit = match param(params, "limit") {
            None => 100,
            Some(v) => v
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=MAX_AUDIT).contains(n))
                .ok_or_else(|| {
                    Problem::new(
                        StatusCode::BAD_REQUEST,
                        "bad query parameter",
                        format!("limit must be a whole number from 1 to {MAX_AUDIT}"),
                    )
                    .field("limit")
                })?,
        };
        let changes = sh
            .with_store(move |s| history(s)?.recent_status_changes(limit))
            .await
            .map_err(failure_problem)?;
        return Ok(json(
            StatusCode::OK,
            &serde_json::json!({"limit": limit, "changes": changes}),
        ));
    };
    let id = ArticleId::new(raw.to_string()).map_err(|e| {
        Problem::new(StatusCode::BAD_REQUEST, "bad id", e.to_string()).field("article")
    })?;
    let key = id.clone();
    let (revs, changes) = sh
        .with_store(move |s| {
            let h = history(s)?;
            let revs = h.revisions(&key)?.len();
            Ok((revs, h.status_changes(&key)?))
        })
        .await
        .map_err(failure_problem)?;
    if revs == 0 {
        return Err(write_problem(StoreError::NotFound { id }).field("article"));
    }
    Ok(json(
        StatusCode::OK,
        &serde_json::json!({"article": id, "changes": changes}),
    ))
}
