//! Revision history: every write keeps the version it wrote, with who, when and which
//! fields changed; list, read, compare and restore past versions.
//!
//! # What a store records
//! A store implementing [`RevisionStore`] appends one entry per successful write —
//! insert, update, restore and delete — in the same transaction (or under the same lock)
//! as the write itself, so an acknowledged write is always in the history and a failed
//! one never is. The entry holds the full article as written; a delete appends a
//! *tombstone* (no article) and the history stays. Revision numbers keep growing across
//! a delete: re-inserting a deleted id continues after the tombstone, so `(id, revision)`
//! names one version forever.
//!
//! [`ArticleStore::put`] and [`ArticleStore::delete`] record entries without an editor;
//! [`RevisionStore::put_as`] and [`RevisionStore::delete_as`] name one.
//!
//! ```
//! use tintuc::model::{Article, Block};
//! use tintuc::store::{ArticleStore, MemoryStore, RevisionStore};
//!
//! let store = MemoryStore::new();
//! let mut a = Article::new("a1".parse()?, "Hội nghị".into(), "hoi-nghi".parse()?);
//! let r1 = store.put_as(&a, None, Some("lan"))?;
//! a.title = "Hội nghị sơ kết".into();
//! let r2 = store.put_as(&a, Some(r1), Some("minh"))?;
//!
//! let history = store.revisions(&a.id)?;
//! assert_eq!(history.len(), 2);
//! assert_eq!((history[1].revision, history[1].by.as_deref()), (r2, Some("minh")));
//! assert_eq!(history[1].changed, ["title"]);
//!
//! // Restoring is itself a write: revision 3 holds revision 1's text.
//! let r3 = store.restore(&a.id, r1, None, Some("lan"))?;
//! assert_eq!(store.get(&a.id)?.unwrap().article.title, "Hội nghị");
//! assert_eq!(store.revisions(&a.id)?.len(), 3);
//! # let _ = r3;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{ArticleStore, Revision, StoreError};
use crate::model::{changed_fields, Article, ArticleId, Status};

/// Longest accepted editor name in a history entry, in bytes.
pub const MAX_EDITOR_LEN: usize = 200;

/// One entry of an article's history, without the article itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RevisionInfo {
    /// The revision this write produced.
    pub revision: Revision,
    /// When the store recorded the write.
    pub at: DateTime<Utc>,
    /// Who wrote it, when the writer said ([`RevisionStore::put_as`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// JSON names of the fields that differ from the previous entry, alphabetically
    /// (every field set, for a first insert or an insert after a delete; every field
    /// the article had, for a delete).
    pub changed: Vec<String>,
    /// This entry is a delete's tombstone: no article is stored under it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
    /// The status the write left the article in; `None` for a tombstone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
}

impl RevisionInfo {
    /// An entry for the write that turns `old` into `new` (`None`: absent / deleted).
    ///
    /// ```
    /// use tintuc::model::Article;
    /// use tintuc::store::{Revision, RevisionInfo};
    /// let a = Article::new("a1".parse()?, "Tin".into(), "tin".parse()?);
    /// let info = RevisionInfo::for_write(Revision(1), None, Some(&a), Some("lan"));
    /// assert!(!info.deleted && info.changed.contains(&"title".to_string()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn for_write(
        revision: Revision,
        old: Option<&Article>,
        new: Option<&Article>,
        by: Option<&str>,
    ) -> Self {
        RevisionInfo {
            revision,
            at: Utc::now(),
            by: by.map(str::to_string),
            changed: changed_fields(old, new),
            deleted: new.is_none(),
            status: new.map(|a| a.status),
        }
    }
}

/// A past version: its history entry and the article as written (`None` for a
/// tombstone).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ArticleRevision {
    /// The history entry.
    #[serde(flatten)]
    pub info: RevisionInfo,
    /// The article as this write left it; `None` when the write was a delete.
    pub article: Option<Article>,
}

impl ArticleRevision {
    /// Pairs an entry with its article.
    pub fn new(info: RevisionInfo, article: Option<Article>) -> Self {
        ArticleRevision { info, article }
    }
}

/// One status change in an article's history: its audit log entry. See
/// [`RevisionStore::status_changes`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StatusChange {
    /// The article.
    pub article: ArticleId,
    /// The revision that changed the status.
    pub revision: Revision,
    /// When.
    pub at: DateTime<Utc>,
    /// Who, when the writer said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// The status before (`None`: the article did not exist, or was deleted).
    pub from: Option<Status>,
    /// The status after (`None`: the write deleted the article).
    pub to: Option<Status>,
}

/// The status changes in the history of `id` (oldest first, as
/// [`RevisionStore::revisions`] returns it): every entry whose status differs from the
/// entry before it.
///
/// ```
/// use tintuc::model::{Article, Status};
/// use tintuc::store::{status_changes, Revision, RevisionInfo};
/// let mut a = Article::new("a1".parse()?, "Tin".into(), "tin".parse()?);
/// let first = RevisionInfo::for_write(Revision(1), None, Some(&a), Some("lan"));
/// let mut b = a.clone();
/// b.title = "Tin mới".into();
/// let edit = RevisionInfo::for_write(Revision(2), Some(&a), Some(&b), Some("lan"));
/// a = b.clone();
/// b.status = Status::Published;
/// let publish = RevisionInfo::for_write(Revision(3), Some(&a), Some(&b), Some("minh"));
/// let log = status_changes(&a.id, &[first, edit, publish]);
/// assert_eq!(log.len(), 2);
/// assert_eq!((log[1].from, log[1].to, log[1].by.as_deref()),
///            (Some(Status::Draft), Some(Status::Published), Some("minh")));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn status_changes(id: &ArticleId, history: &[RevisionInfo]) -> Vec<StatusChange> {
    let mut before: Option<Status> = None;
    let mut out = Vec::new();
    for e in history {
        let after = if e.deleted { None } else { e.status };
        if after != before {
            out.push(StatusChange {
                article: id.clone(),
                revision: e.revision,
                at: e.at,
                by: e.by.clone(),
                from: before,
                to: after,
            });
        }
        before = after;
    }
    out
}

/// [`RevisionStore::creator`] over a history given oldest first (entries of any type,
/// `info` reading each one's [`RevisionInfo`]): the editor of the first entry after the
/// last tombstone at or before `as_of`, when that entry is at or before `as_of` too.
/// The revision conformance suite checks it against every store.
pub(crate) fn created_by<T>(
    history: &[T],
    info: impl Fn(&T) -> &RevisionInfo,
    as_of: Revision,
) -> Option<String> {
    let upto = history.partition_point(|r| info(r).revision <= as_of);
    let seen = history.get(..upto)?;
    let start = seen
        .iter()
        .rposition(|r| info(r).deleted)
        .map_or(0, |i| i + 1);
    seen.get(start).and_then(|r| info(r).by.clone())
}

/// Checks an editor name: at most [`MAX_EDITOR_LEN`] bytes, no control characters.
pub(crate) fn check_editor(by: Option<&str>) -> Result<(), StoreError> {
    match by {
        Some(b) if b.len() > MAX_EDITOR_LEN || b.chars().any(char::is_control) => {
            Err(StoreError::InvalidEditor {
                editor: b.chars().take(40).collect(),
            })
        }
        _ => Ok(()),
    }
}

/// Newest first: by time, then article id, then revision, all descending.
pub(crate) fn newest_first(changes: &mut [StatusChange]) {
    changes.sort_by(|a, b| (b.at, &b.article, b.revision).cmp(&(a.at, &a.article, a.revision)));
}

/// A store that keeps every version of every article, with who wrote it, when and
/// which fields changed.
///
/// `MemoryStore`, `SqliteStore` and `PostgresStore` implement it;
/// `store::revision_conformance::run` checks an implementation.
pub trait RevisionStore: ArticleStore {
    /// [`ArticleStore::put`], recording `by` as the editor in the history.
    ///
    /// Fails with [`StoreError::InvalidEditor`] when `by` is longer than
    /// [`MAX_EDITOR_LEN`] or holds control characters.
    fn put_as(
        &self,
        article: &Article,
        expected: Option<Revision>,
        by: Option<&str>,
    ) -> Result<Revision, StoreError>;

    /// [`ArticleStore::delete`], recording `by` as the editor of the tombstone.
    /// Returns the tombstone's revision.
    fn delete_as(
        &self,
        id: &ArticleId,
        expected: Option<Revision>,
        by: Option<&str>,
    ) -> Result<Revision, StoreError>;

    /// The history of `id`, oldest first; empty when nothing was ever written under it.
    fn revisions(&self, id: &ArticleId) -> Result<Vec<RevisionInfo>, StoreError>;

    /// One past version of `id`, or `None` when no such revision was recorded.
    fn revision(
        &self,
        id: &ArticleId,
        revision: Revision,
    ) -> Result<Option<ArticleRevision>, StoreError>;

    /// The audit log of `id`'s status: who moved it from which status to which, and
    /// when, oldest first (see [`status_changes`]). Every store records each
    /// revision's status with the revision, in the same transaction as the write.
    fn status_changes(&self, id: &ArticleId) -> Result<Vec<StatusChange>, StoreError> {
        Ok(status_changes(id, &self.revisions(id)?))
    }

    /// Who created `id` as it stood at revision `as_of`: the editor of the first
    /// revision after the last delete at or before `as_of` (the first revision when
    /// it was never deleted). `None` when no such revision exists or it names no
    /// editor.
    ///
    /// The default reads the whole history. The SQLite and PostgreSQL
    /// stores answer from an index of tombstones, at a cost that does not grow with the
    /// history; the memory store without copying it.
    ///
    /// ```
    /// use tintuc::model::Article;
    /// use tintuc::store::{MemoryStore, RevisionStore};
    ///
    /// let store = MemoryStore::new();
    /// let a = Article::new("a1".parse()?, "Tin".into(), "tin".parse()?);
    /// let r1 = store.put_as(&a, None, Some("lan"))?;
    /// let r2 = store.put_as(&a, Some(r1), Some("minh"))?;
    /// let r3 = store.delete_as(&a.id, Some(r2), Some("minh"))?;
    /// let r4 = store.put_as(&a, None, Some("an"))?;
    /// assert_eq!(store.creator(&a.id, r2)?.as_deref(), Some("lan"));
    /// assert_eq!(store.creator(&a.id, r3)?, None); // deleted at r3
    /// assert_eq!(store.creator(&a.id, r4)?.as_deref(), Some("an"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn creator(&self, id: &ArticleId, as_of: Revision) -> Result<Option<String>, StoreError> {
        Ok(created_by(&self.revisions(id)?, |r| r, as_of))
    }

    /// The site's audit log: the `limit` most recent status changes of every article,
    /// deleted ones included, newest first (by recorded time, then article id).
    fn recent_status_changes(&self, limit: usize) -> Result<Vec<StatusChange>, StoreError>;

    /// Writes revision `revision` of `id` back as a new revision and returns it; the
    /// history in between stays. `expected` is the caller's view of the current
    /// revision (`None`: whatever it is, including deleted); a stale view fails with
    /// [`StoreError::Conflict`].
    ///
    /// Fails with [`StoreError::RevisionNotFound`] when the revision was not recorded
    /// or is a tombstone, and like [`ArticleStore::put`] otherwise (a slug taken since
    /// then gives [`StoreError::SlugTaken`]).
    fn restore(
        &self,
        id: &ArticleId,
        revision: Revision,
        expected: Option<Revision>,
        by: Option<&str>,
    ) -> Result<Revision, StoreError> {
        let Some(article) = self.revision(id, revision)?.and_then(|r| r.article) else {
            return Err(StoreError::RevisionNotFound {
                id: id.clone(),
                revision,
            });
        };
        let current = self.get(id)?.map(|s| s.revision);
        if expected.is_some() && expected != current {
            return Err(StoreError::Conflict {
                id: id.clone(),
                expected,
                actual: current,
            });
        }
        // `put_as` compares against `current` again inside its transaction, so a write
        // landing between the read above and this one is a conflict, never lost.
        self.put_as(&article, current, by)
    }
}

impl<T: RevisionStore + ?Sized> RevisionStore for std::sync::Arc<T> {
    fn put_as(
        &self,
        article: &Article,
        expected: Option<Revision>,
        by: Option<&str>,
    ) -> Result<Revision, StoreError> {
        (**self).put_as(article, expected, by)
    }
    fn delete_as(
        &self,
        id: &ArticleId,
        expected: Option<Revision>,
        by: Option<&str>,
    ) -> Result<Revision, StoreError> {
        (**self).delete_as(id, expected, by)
    }
    fn revisions(&self, id: &ArticleId) -> Result<Vec<RevisionInfo>, StoreError> {
        (**self).revisions(id)
    }
    fn revision(
        &self,
        id: &ArticleId,
        revision: Revision,
    ) -> Result<Option<ArticleRevision>, StoreError> {
        (**self).revision(id, revision)
    }
    fn status_changes(&self, id: &ArticleId) -> Result<Vec<StatusChange>, StoreError> {
        (**self).status_changes(id)
    }
    fn creator(&self, id: &ArticleId, as_of: Revision) -> Result<Option<String>, StoreError> {
        (**self).creator(id, as_of)
    }
    fn recent_status_changes(&self, limit: usize) -> Result<Vec<StatusChange>, StoreError> {
        (**self).recent_status_changes(limit)
    }
    fn restore(
        &self,
        id: &ArticleId,
        revision: Revision,
        expected: Option<Revision>,
        by: Option<&str>,
    ) -> Result<Revision, StoreError> {
        (**self).restore(id, revision, expected, by)
    }
}
