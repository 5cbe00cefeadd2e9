//! Writes through the API — create, update, delete, and the rights each needs.
//!
//! A write runs in two steps: the stored version is read, checked against `If-Match`
//! and against the user's rights ([`check_write`]); then the new version is written
//! with that version's revision as the expected one, so a write the rights were not
//! checked against never lands: a write landing in between is a `412` when `If-Match`
//! named a revision; under `If-Match: *` an update overtaken that way takes the
//! version stored at its turn as its base (checked again, [`rebase`]), and the read, the
//! check and the write are tried again when that fails. The user's name goes into
//! the revision history when the store keeps one.

use std::sync::Arc;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::model::{check_write, Article, ArticleId, Denied};
use crate::store::{ArticleStore, Revision, StoreError, StoredArticle};

use super::super::ApiUser;
use super::{failure_problem, json, revision_etag, Expected, Problem, Shared};
use crate::web::state::Failure;

/// The answer to a save: the id, slug, revision and page URL; the revision as ETag.
pub(super) fn saved(sh: &Shared, status: StatusCode, article: &Article, rev: Revision) -> Response {
    let page = sh.render.urls().article(article);
    let base = sh.render.site().base_url.as_str().trim_end_matches('/');
    let url = if page.as_str().starts_with('/') {
        format!("{base}{}", page.as_str())
    } else {
        page.as_str().to_string()
    };
    let mut r = json(
        status,
        &serde_json::json!({"id": article.id, "slug": article.slug, "revision": rev, "url": url}),
    );
    revision_etag(&mut r, rev);
    let location = format!("/api/articles/{}", encode_segment(article.id.as_str()));
    if let Ok(v) = HeaderValue::from_str(&location) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

/// `s` as one path segment: unreserved characters kept, the rest `%XX`.
fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The `403` for a write the user's roles do not allow, naming what is missing.
pub(super) fn forbidden(d: &Denied) -> Problem {
    let needs: Vec<&str> = d.any_of.iter().map(|r| r.as_str()).collect();
    Problem::new(StatusCode::FORBIDDEN, "not allowed", d.to_string())
        .member("user", d.user.clone().into())
        .member("action", d.what.clone().into())
        .member(
            "category",
            d.category
                .as_ref()
                .map_or(serde_json::Value::Null, |c| c.as_str().into()),
        )
        .member("needs", needs.into())
}

/// Checks `user`'s rights to write `new` over `old`.
pub(super) fn allow(
    user: &ApiUser,
    old: Option<&Article>,
    new: Option<&Article>,
    creator: Option<&str>,
) -> Result<(), Problem> {
    check_write(&user.roles, &user.name, old, new, creator).map_err(|d| forbidden(&d))
}

/// Who created the article now stored under `id`: the editor of the first revision after
/// its last delete. `None` without history or editor.
pub(super) fn creator(s: &dyn ArticleStore, id: &ArticleId) -> Result<Option<String>, StoreError> {
    match s.revision_store() {
        Some(h) => h.creator(id, Revision(u64::MAX)),
        None => Ok(None),
    }
}

/// [`creator`] of the article as of its stored revision `rev`, remembered per article:
/// most writes follow a write to the same article through this service, which recorded
/// the creator it kept.
fn creator_at(
    sh: &Shared,
    s: &dyn ArticleStore,
    id: &ArticleId,
    rev: Revision,
) -> Result<Option<String>, StoreError> {
    let known = sh
        .creators
        .lock()
        .ok()
        .and_then(|m| m.get(id).filter(|(r, _)| *r == rev).map(|(_, c)| c.clone()));
    if let Some(c) = known {
        return Ok(c);
    }
    let Some(h) = s.revision_store() else {
        return Ok(None);
    };
    // As of `rev`: a later write may have landed since it was read.
    let c = h.creator(id, rev)?;
    remember_creator(sh, id, rev, c.clone());
    Ok(c)
}

/// Records that `creator` created article `id` as of revision `rev`.
fn remember_creator(sh: &Shared, id: &ArticleId, rev: Revision, creator: Option<String>) {
    if let Ok(mut m) = sh.creators.lock() {
        m.insert(id.clone(), (rev, creator));
    }
}

/// `put`, naming the editor when the store keeps a history.
pub(super) fn put_by(
    s: &dyn ArticleStore,
    a: &Article,
    expected: Option<Revision>,
    by: &str,
) -> Result<Revision, StoreError> {
    match s.revision_store() {
        Some(h) => h.put_as(a, expected, Some(by)),
        None => s.put(a, expected),
    }
}

/// The stored version `expected` names, or the error to answer.
pub(super) fn check(
    stored: Option<StoredArticle>,
    id: &ArticleId,
    expected: Expected,
) -> Result<StoredArticle, StoreError> {
    let stored = stored.ok_or_else(|| StoreError::NotFound { id: id.clone() })?;
    match expected {
        Expected::Any => Ok(stored),
        Expected::Revision(r) if stored.revision == Revision(r) => Ok(stored),
        Expected::Revision(r) => Err(StoreError::Conflict {
            id: id.clone(),
            expected: Some(Revision(r)),
            actual: Some(stored.revision),
        }),
    }
}

/// The version a write replaces (checked against `If-Match`) and its creator.
async fn current(
    sh: &Arc<Shared>,
    id: &ArticleId,
    expected: Expected,
) -> Result<(StoredArticle, Option<String>), Problem> {
    let (id, me) = (id.clone(), Arc::clone(sh));
    sh.with_store(move |s| {
        let stored = check(s.get(&id)?, &id, expected)?;
        let creator = creator_at(&me, s, &id, stored.revision)?;
        Ok((stored, creator))
    })
    .await
    .map_err(failure_problem)
}

pub(super) async fn create(
    sh: &Arc<Shared>,
    user: &ApiUser,
    article: Article,
) -> Result<Response, Problem> {
    allow(user, None, Some(&article), None)?;
    let (a, by) = (article.clone(), user.name.clone());
    let rev = sh
        .write(article.id.clone(), move |s| {
            let rev = put_by(s, &a, None, &by)?;
            Ok((rev, None, Some(a)))
        })
        .await
        .map_err(failure_problem)?;
    Ok(saved(sh, StatusCode::CREATED, &article, rev))
}

pub(super) async fn update(
    sh: &Arc<Shared>,
    user: &ApiUser,
    article: Article,
    expected: Expected,
) -> Result<Response, Problem> {
    let mut attempt = 0;
    loop {
        let (old, creator) = current(sh, &article.id, expected).await?;
        allow(user, Some(&old.article), Some(&article), creator.as_deref())?;
        let (a, me, who) = (article.clone(), Arc::clone(sh), user.clone());
        let written = sh
            .write(article.id.clone(), move |s| {
                let (old, creator) = match put_by(s, &a, Some(old.revision), &who.name) {
                    Err(StoreError::Conflict { .. }) if matches!(expected, Expected::Any) => {
                        rebase(&me, s, &who, &a, old.revision)?
                    }
                    done => {
                        let rev = done?;
                        remember_creator(&me, &a.id, rev, creator);
                        return Ok((rev, Some(old.article), Some(a)));
                    }
                };
                let rev = put_by(s, &a, Some(old.revision), &who.name)?;
                // An update keeps the article's creator (known before the next write
                // reads this revision).
                remember_creator(&me, &a.id, rev, creator);
                Ok((rev, Some(old.article), Some(a)))
            })
            .await;
        match written {
            Ok(rev) => return Ok(saved(sh, StatusCode::OK, &article, rev)),
            Err(f) if retry_any(expected, &f, &mut attempt) => continue,
            Err(f) => return Err(failure_problem(f)),
        }
    }
}

/// Under `If-Match: *`, when a write landed between the read of version `read` and
/// this update's turn at the service's writer lock: the version stored now, with its
/// creator, as the update's new base, the rights checked against it. A busy article's
/// updates then do not fail on each other while they queue. A denial against the newer
/// version, or an article deleted meanwhile, comes back as a conflict, and the retry
/// ([`retry_any`]) answers it (`403`, `404`).
fn rebase(
    sh: &Shared,
    s: &dyn ArticleStore,
    user: &ApiUser,
    new: &Article,
    read: Revision,
) -> Result<(StoredArticle, Option<String>), StoreError> {
    let conflict = |actual| StoreError::Conflict {
        id: new.id.clone(),
        expected: Some(read),
        actual,
    };
    let Some(now) = s.get(&new.id)? else {
        return Err(conflict(None));
    };
    let creator = creator_at(sh, s, &new.id, now.revision)?;
    if allow(user, Some(&now.article), Some(new), creator.as_deref()).is_err() {
        return Err(conflict(Some(now.revision)));
    }
    Ok((now, creator))
}

/// Writes under `If-Match: *` that another write overtook between the read and the
/// write are tried again (the rights checked anew against the version now stored), up
/// to [`ANY_RETRIES`] times; with a revision in `If-Match` the overtaking is the client's
/// `412`.
fn retry_any(expected: Expected, f: &Failure, attempt: &mut u32) -> bool {
    let conflict = matches!(f, Failure::Store(StoreError::Conflict { .. }));
    *attempt += 1;
    conflict && matches!(expected, Expected::Any) && *attempt <= ANY_RETRIES
}

/// See [`retry_any`].
const ANY_RETRIES: u32 = 16;

pub(super) async fn delete(
    sh: &Arc<Shared>,
    user: &ApiUser,
    id: ArticleId,
    expected: Expected,
) -> Result<Response, Problem> {
    let mut attempt = 0;
    loop {
        let (old, creator) = current(sh, &id, expected).await?;
        allow(user, Some(&old.article), None, creator.as_deref())?;
        let (by, key) = (user.name.clone(), id.clone());
        let written = sh
            .write(id.clone(), move |s| {
                match s.revision_store() {
                    Some(h) => h.delete_as(&key, Some(old.revision), Some(&by)).map(drop)?,
                    None => s.delete(&key, Some(old.revision))?,
                }
                Ok(((), Some(old.article), None))
            })
            .await;
        match written {
            Ok(()) => break,
            Err(f) if retry_any(expected, &f, &mut attempt) => continue,
            Err(f) => return Err(failure_problem(f)),
        }
    }
    let mut r = StatusCode::NO_CONTENT.into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(r)
}
