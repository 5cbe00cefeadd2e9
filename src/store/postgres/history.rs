//! The PostgreSQL store's revision history ([`RevisionStore`]): the `article_revisions`
//! rows written in each write's transaction, and reading them back.

use postgres::Transaction;

use super::super::revisions::{check_editor, newest_first};
use super::super::sql::{
    decode, decode_change, decode_revision, encode_info, recent_changes_sql, status_str,
    CREATOR_SQL,
};
use super::super::{
    ArticleRevision, Revision, RevisionInfo, RevisionStore, StatusChange, StoreError,
};
use super::{from_rev, pg_err, to_rev, PostgresStore, WriteError};
use crate::model::{Article, ArticleId};

/// The revision the next write of `id` gets: one past the last recorded, so numbers keep
/// growing across a delete. Called inside the write transaction.
pub(super) fn next_revision(tx: &mut Transaction<'_>, id: &str) -> Result<Revision, WriteError> {
    let last: Option<i64> = tx
        .query_one(
            "SELECT MAX(revision) FROM article_revisions WHERE article_id = $1",
            &[&id],
        )?
        .get(0);
    Ok(Revision(match last {
        Some(r) => to_rev(r)?.0.saturating_add(1),
        None => 1,
    }))
}

/// Appends a history row, inside the write transaction.
pub(super) fn record(
    tx: &mut Transaction<'_>,
    id: &str,
    info: &RevisionInfo,
    json: Option<&str>,
) -> Result<(), WriteError> {
    let (at, changed) = encode_info(info)?;
    let status = info.status.map(status_str);
    let rev = from_rev(info.revision)?;
    tx.execute(
        "INSERT INTO article_revisions (article_id, revision, at, editor, changed, status, \
         json) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        &[&id, &rev, &at, &info.by, &changed, &status, &json],
    )?;
    Ok(())
}

impl RevisionStore for PostgresStore {
    fn put_as(
        &self,
        article: &Article,
        expected: Option<Revision>,
        by: Option<&str>,
    ) -> Result<Revision, StoreError> {
        article.validate()?;
        check_editor(by)?;
        let mut conn = self.conn()?;
        let client = conn.client()?;
        let mut tx = client.transaction().map_err(pg_err("starting a write"))?;
        match Self::put_tx(&mut tx, self.terms, article, expected, by) {
            Ok(rev) => match tx.commit() {
                Ok(()) => Ok(rev),
                Err(e) => {
                    drop(conn);
                    Err(self.explain_violation(e, article, expected))
                }
            },
            Err(WriteError::Store(e)) => Err(e),
            Err(WriteError::Db(e)) => {
                drop(tx); // rolls back
                drop(conn);
                Err(self.explain_violation(e, article, expected))
            }
        }
    }

    fn delete_as(
        &self,
        id: &ArticleId,
        expected: Option<Revision>,
        by: Option<&str>,
    ) -> Result<Revision, StoreError> {
        check_editor(by)?;
        let mut conn = self.conn()?;
        let mut tx = conn
            .client()?
            .transaction()
            .map_err(pg_err("starting a delete"))?;
        let current = tx
            .query_opt(
                "SELECT json, revision FROM articles WHERE id = $1 FOR UPDATE",
                &[&id.as_str()],
            )
            .map_err(pg_err("reading the current revision"))?;
        let Some(current) = current else {
            return Err(StoreError::NotFound { id: id.clone() });
        };
        let actual: i64 = current.get(1);
        let old = decode(current.get(0), actual)?;
        let actual_rev = old.revision;
        if expected.is_some_and(|e| e != actual_rev) {
            return Err(StoreError::Conflict {
                id: id.clone(),
                expected,
                actual: Some(actual_rev),
            });
        }
        tx.execute(
            "DELETE FROM articles WHERE id = $1 AND revision = $2",
            &[&id.as_str(), &actual],
        )
        .map_err(pg_err("deleting the article"))?;
        let revision = next_revision(&mut tx, id.as_str()).map_err(|e| match e {
            WriteError::Store(e) => e,
            WriteError::Db(e) => StoreError::backend("reading the last revision", e),
        })?;
        let info = RevisionInfo::for_write(revision, Some(&old.article), None, by);
        record(&mut tx, id.as_str(), &info, None).map_err(|e| match e {
            WriteError::Store(e) => e,
            WriteError::Db(e) => StoreError::backend("recording the revision", e),
        })?;
        tx.commit().map_err(pg_err("committing the delete"))?;
        Ok(revision)
    }

    fn recent_status_changes(&self, limit: usize) -> Result<Vec<StatusChange>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut conn = self.conn()?;
        let rows = conn
            .client()?
            .query(
                recent_changes_sql("IS DISTINCT FROM", "$1").as_str(),
                &[&limit],
            )
            .map_err(pg_err("reading the audit log"))?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            out.push(decode_change(
                r.get(0),
                r.get(1),
                r.get(2),
                r.get(3),
                r.get(4),
                r.get(5),
            )?);
        }
        newest_first(&mut out);
        Ok(out)
    }

    fn revisions(&self, id: &ArticleId) -> Result<Vec<RevisionInfo>, StoreError> {
        let mut conn = self.conn()?;
        let rows = conn
            .client()?
            .query(
                "SELECT revision, at, editor, changed, json IS NULL, status \
                 FROM article_revisions WHERE article_id = $1 ORDER BY revision",
                &[&id.as_str()],
            )
            .map_err(pg_err("reading the history"))?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let status: Option<&str> = r.get(5);
            let mut info =
                decode_revision(r.get(0), r.get(1), r.get(2), r.get(3), status, None)?.info;
            info.deleted = r.get(4);
            out.push(info);
        }
        Ok(out)
    }

    fn creator(&self, id: &ArticleId, as_of: Revision) -> Result<Option<String>, StoreError> {
        // Past i64::MAX no revision is stored: every one is at or before `as_of`.
        let as_of = i64::try_from(as_of.0).unwrap_or(i64::MAX);
        let mut conn = self.conn()?;
        let row = conn
            .client()?
            .query_opt(CREATOR_SQL, &[&id.as_str(), &as_of])
            .map_err(pg_err("reading the creator"))?;
        Ok(row.and_then(|r| r.get::<_, Option<String>>(0)))
    }

    fn revision(
        &self,
        id: &ArticleId,
        revision: Revision,
    ) -> Result<Option<ArticleRevision>, StoreError> {
        let Ok(rev) = i64::try_from(revision.0) else {
            return Ok(None);
        };
        let mut conn = self.conn()?;
        let row = conn
            .client()?
            .query_opt(
                "SELECT at, editor, changed, status, json FROM article_revisions \
                 WHERE article_id = $1 AND revision = $2",
                &[&id.as_str(), &rev],
            )
            .map_err(pg_err("reading a past version"))?;
        row.map(|r| decode_revision(rev, r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)))
            .transpose()
    }
}
