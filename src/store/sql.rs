//! Helpers shared by the SQL adapters: the indexed columns derived from an article.

use chrono::{DateTime, Utc};

use super::{ArticleRevision, Revision, RevisionInfo, StatusChange, StoreError, StoredArticle};
use crate::model::{Article, ArticleId, Status, Timestamp};

/// `RevisionStore::creator` in both SQL dialects (`$1`: the article id, `$2`: the
/// revision it is asked as of): the last tombstone at or before `$2` from the partial
/// index `article_revisions_tombstones`, then the first revision after it along the
/// primary key. Two index probes however long the history.
pub(crate) const CREATOR_SQL: &str = "SELECT editor FROM article_revisions \
     WHERE article_id = $1 AND revision <= $2 AND revision > COALESCE(( \
         SELECT MAX(revision) FROM article_revisions \
         WHERE article_id = $1 AND revision <= $2 AND json IS NULL), -1) \
     ORDER BY revision LIMIT 1";

/// The recency key of an article: `(UTC seconds, nanoseconds)`, undated `(i64::MIN, 0)`.
pub(crate) fn recency_key(a: &Article) -> (i64, i64) {
    match a.published {
        Some(t) => (t.timestamp(), i64::from(t.timestamp_subsec_nanos())),
        None => (i64::MIN, 0),
    }
}

/// The expiry key of an article: `(UTC seconds, nanoseconds)` of `expires`, or NULLs.
pub(crate) fn expiry_key(a: &Article) -> (Option<i64>, Option<i64>) {
    match a.expires {
        Some(t) => (
            Some(t.timestamp()),
            Some(i64::from(t.timestamp_subsec_nanos())),
        ),
        None => (None, None),
    }
}

/// An instant as the `(seconds, nanoseconds)` the key columns hold.
pub(crate) fn instant_key(t: Timestamp) -> (i64, i64) {
    (t.timestamp(), i64::from(t.timestamp_subsec_nanos()))
}

/// The SQL form of [`Article::is_visible_at`] over the key columns of `articles a`, with
/// `now` bound as seconds `s` and nanoseconds `n` (placeholders). Only scheduled and
/// published rows; not before the recency (publish) key, which is `i64::MIN` for an
/// undated row (a published article without a time is visible; a scheduled one cannot
/// be stored: validation refuses it); not from the expiry key on. The conformance suite
/// checks it against the model's rule.
pub(crate) fn visible_clause(s: &str, n: &str) -> String {
    format!(
        "a.status IN ('scheduled', 'published') \
         AND (a.rk_secs < {s} OR (a.rk_secs = {s} AND a.rk_nanos <= {n})) \
         AND (a.ex_secs IS NULL OR a.ex_secs > {s} OR (a.ex_secs = {s} AND a.ex_nanos > {n}))"
    )
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

/// A history row's stored columns: `(at as RFC 3339, changed as a JSON array)`.
pub(crate) fn encode_info(info: &RevisionInfo) -> Result<(String, String), StoreError> {
    let changed = serde_json::to_string(&info.changed)
        .map_err(|e| StoreError::backend("encoding changed fields", e))?;
    Ok((info.at.to_rfc3339(), changed))
}

/// The site's audit log in SQL: every history row whose status differs from the row
/// before it for the same article (`{ne}` is the adapter's null-safe "differs"), newest
/// first, `{limit}` rows. Columns: article id, revision, at, editor, status before,
/// status after.
pub(crate) fn recent_changes_sql(ne: &str, limit: &str) -> String {
    format!(
        "SELECT article_id, revision, at, editor, prev, status FROM ( \
           SELECT article_id, revision, at, editor, status, \
                  LAG(status) OVER (PARTITION BY article_id ORDER BY revision) AS prev \
           FROM article_revisions) AS h \
         WHERE prev {ne} status \
         ORDER BY at DESC, article_id DESC, revision DESC LIMIT {limit}"
    )
}

/// One row of [`recent_changes_sql`] back.
pub(crate) fn decode_change(
    article: String,
    revision: i64,
    at: &str,
    by: Option<String>,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<StatusChange, StoreError> {
    let info = decode_revision(revision, at, by, "[]", to, None)?.info;
    Ok(StatusChange {
        article: ArticleId::new(article)
            .map_err(|e| StoreError::backend("reading a history article id", e))?,
        revision: info.revision,
        at: info.at,
        by: info.by,
        from: from.map(parse_status).transpose()?,
        to: info.status,
    })
}

/// A status as stored in a `status` column, back.
pub(crate) fn parse_status(s: &str) -> Result<Status, StoreError> {
    serde_json::from_value(serde_json::Value::String(s.to_string()))
        .map_err(|e| StoreError::backend("reading a status", e))
}

/// A history row back from its columns: revision, at, editor, changed, status, article
/// json.
pub(crate) fn decode_revision(
    revision: i64,
    at: &str,
    by: Option<String>,
    changed: &str,
    status: Option<&str>,
    json: Option<&str>,
) -> Result<ArticleRevision, StoreError> {
    let revision = u64::try_from(revision)
        .map(Revision)
        .map_err(|e| StoreError::backend("reading a history revision", e))?;
    let at = DateTime::parse_from_rfc3339(at)
        .map_err(|e| StoreError::backend("reading a history time", e))?
        .with_timezone(&Utc);
    let changed: Vec<String> = serde_json::from_str(changed)
        .map_err(|e| StoreError::backend("reading changed fields", e))?;
    let article = json
        .map(serde_json::from_str::<Article>)
        .transpose()
        .map_err(|e| StoreError::backend("decoding a history version", e))?;
    Ok(ArticleRevision::new(
        RevisionInfo {
            revision,
            at,
            by,
            changed,
            deleted: article.is_none(),
            status: status.map(parse_status).transpose()?,
        },
        article,
    ))
}
