//! The SQLite adapter (cargo feature `sqlite`).
//!
//! # Layout
//! One row per article in `articles`: the model's JSON (the source of truth, read back
//! with `serde_json`) plus the columns the queries need — `slug` (unique index),
//! `category_slug`, `status`, the revision, a recency key and an expiry key — and one
//! row per tag in `article_tags`. Listings walk an index in the order they return
//! (recency; category then recency; tag then recency), so a page never sorts the table;
//! a visibility filter ([`ListQuery::visible_at`]) reads the status, recency (publish)
//! and expiry keys of the rows it walks.
//!
//! # Guarantees
//! - The schema is created and migrated by [`SqliteStore::open`], tracked with SQLite's
//!   `user_version`; a file written by a newer schema is refused, not guessed at.
//! - The journal is in WAL mode with `synchronous=FULL`: a committed write survives the
//!   process being killed (and a power loss); a write interrupted before its commit
//!   leaves nothing behind.
//! - Every `put`/`delete` is one `BEGIN IMMEDIATE` transaction: the revision check (a
//!   compare-and-set on the `revision` column), the slug check, the row and its tags are
//!   written together or not at all, and two processes writing the same file serialise
//!   on SQLite's write lock (with a busy timeout) instead of failing.
//!
//! # Connections
//! One writer connection behind a `Mutex` (SQLite allows one writer at a time anyway;
//! queuing in-process writers on a mutex is fairer and cheaper than letting them spin in
//! SQLite's busy handler) and a small pool of reader connections, so reads proceed in
//! parallel with each other and with the writer (WAL readers never block). A reader is
//! opened on demand and kept for reuse, up to [`SqliteStore::MAX_IDLE_READERS`].
//!
//! # The write-ahead log
//! SQLite's automatic checkpoints copy the log back into the database but cannot start
//! it over while readers keep using it, so under reads that never pause the log file
//! only grows. Every [`SqliteStore::CHECKPOINT_EVERY`] writes the writer looks at the
//! log's size and, past [`SqliteStore::WAL_LIMIT`], checkpoints it and truncates it
//! (`wal_checkpoint(TRUNCATE)`, waiting at most [`SqliteStore::CHECKPOINT_WAIT`] for
//! readers, else trying again later); `journal_size_limit` keeps a log that started
//! over from staying large.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};

use super::revisions::{check_editor, newest_first};
use super::sql::{
    decode, decode_change, decode_revision, encode_info, expiry_key, instant_key, recency_key,
    recent_changes_sql, status_str, visible_clause, CREATOR_SQL,
};
use super::{
    ArticleRevision, ArticleStore, Filter, ListQuery, Listing, Revision, RevisionInfo,
    RevisionStore, StatusChange, StoreError, StoredArticle,
};
use crate::model::{Article, ArticleId, Category, Slug};

/// The schema version this code writes (`PRAGMA user_version`).
const SCHEMA_VERSION: i64 = 4;

/// Migrations: entry `i` moves a database from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE articles (
    id            TEXT    NOT NULL PRIMARY KEY,
    slug          TEXT    NOT NULL,
    revision      INTEGER NOT NULL,
    status        TEXT    NOT NULL,
    category_slug TEXT,
    category_name TEXT,
    -- recency key: publish instant as UTC seconds + nanoseconds; undated = (min, 0),
    -- so `ORDER BY rk_secs DESC, rk_nanos DESC, id` is newest first, undated last.
    rk_secs       INTEGER NOT NULL,
    rk_nanos      INTEGER NOT NULL,
    json          TEXT    NOT NULL
) STRICT;
CREATE UNIQUE INDEX articles_slug ON articles (slug);
CREATE INDEX articles_recent ON articles (rk_secs DESC, rk_nanos DESC, id);
CREATE INDEX articles_status_recent ON articles (status, rk_secs DESC, rk_nanos DESC, id);
CREATE INDEX articles_category ON articles (category_slug, rk_secs DESC, rk_nanos DESC, id);
CREATE TABLE article_tags (
    article_id TEXT    NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    tag        TEXT    NOT NULL,
    rk_secs    INTEGER NOT NULL,
    rk_nanos   INTEGER NOT NULL,
    PRIMARY KEY (article_id, tag)
) STRICT;
CREATE INDEX article_tags_tag ON article_tags (tag, rk_secs DESC, rk_nanos DESC, article_id);
"#,
    r#"
-- v2: the expiry instant (UTC seconds + nanoseconds, NULL: never expires), read by the
-- visibility filter of listings; filled from the JSON by `backfill_expiry`.
ALTER TABLE articles ADD COLUMN ex_secs INTEGER;
ALTER TABLE articles ADD COLUMN ex_nanos INTEGER;
"#,
    r#"
-- v3: revision history (`RevisionStore`). No foreign key: history outlives a delete.
-- `json` and `status` are NULL for a delete's tombstone; `changed` is a JSON array of
-- field names.
CREATE TABLE article_revisions (
    article_id TEXT    NOT NULL,
    revision   INTEGER NOT NULL,
    at         TEXT    NOT NULL,
    editor     TEXT,
    changed    TEXT    NOT NULL,
    status     TEXT,
    json       TEXT,
    PRIMARY KEY (article_id, revision)
) STRICT;
INSERT INTO article_revisions (article_id, revision, at, editor, changed, status, json)
    SELECT id, revision, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), NULL, '[]', status, json
    FROM articles;
"#,
    r#"
-- v4: the tombstones of each article, so `RevisionStore::creator` finds the last delete
-- with one index probe instead of reading a history that grows with every write.
CREATE INDEX article_revisions_tombstones ON article_revisions (article_id, revision)
    WHERE json IS NULL;
"#,
];

/// The first schema version with the expiry columns.
const EXPIRY_VERSION: usize = 2;

fn db_err(what: &str) -> impl FnOnce(rusqlite::Error) -> StoreError + '_ {
    move |e| StoreError::backend(what, e)
}

fn to_i64(v: usize, what: &str) -> Result<i64, StoreError> {
    i64::try_from(v).map_err(|e| StoreError::backend(what, e))
}

fn to_usize(v: i64, what: &str) -> Result<usize, StoreError> {
    usize::try_from(v).map_err(|e| StoreError::backend(what, e))
}

/// Articles in an SQLite database file. `Send + Sync`; share it as
/// `Arc<dyn ArticleStore>` and, in async hosts, call it from `spawn_blocking`.
///
/// ```
/// use tintuc::model::Article;
/// use tintuc::store::{ArticleStore, SqliteStore};
///
/// let dir = std::env::temp_dir().join(format!("tintuc-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let path = dir.join("tin.sqlite3");
/// # let _ = std::fs::remove_file(&path);
/// let store = SqliteStore::open(&path)?;
/// let a = Article::new("a1".parse()?, "Tiêu đề".into(), "tieu-de".parse()?);
/// let r = store.put(&a, None)?;
/// drop(store);
///
/// let reopened = SqliteStore::open(&path)?;
/// assert_eq!(reopened.get(&a.id)?.unwrap().revision, r);
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct SqliteStore {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: Mutex<Vec<Connection>>,
    /// Writes committed, for [`SqliteStore::CHECKPOINT_EVERY`].
    commits: AtomicU64,
}

/// A reader connection borrowed from the pool; returned on drop.
struct Reader<'a> {
    store: &'a SqliteStore,
    conn: Option<Connection>,
}

impl std::ops::Deref for Reader<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        // Always `Some` until drop.
        self.conn.as_ref().unwrap_or_else(|| unreachable!())
    }
}

impl Drop for Reader<'_> {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            let mut idle = lock(&self.store.readers);
            if idle.len() < SqliteStore::MAX_IDLE_READERS {
                idle.push(conn);
            }
        }
    }
}

// A panic while a connection is borrowed cannot corrupt it (SQLite rolls back an
// unfinished transaction when the `Transaction` is dropped), so recover the guard.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl SqliteStore {
    /// Reader connections kept open for reuse.
    pub const MAX_IDLE_READERS: usize = 8;

    /// How long a write waits for another process holding the file's write lock.
    pub const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

    /// Writes between two looks at the write-ahead log's size.
    pub const CHECKPOINT_EVERY: u64 = 128;

    /// The write-ahead log's size past which the writer checkpoints and truncates it
    /// (also its `journal_size_limit`), in bytes.
    pub const WAL_LIMIT: u64 = 32 << 20;

    /// How long that checkpoint waits for readers still using the log.
    pub const CHECKPOINT_WAIT: Duration = Duration::from_millis(200);

    /// Opens (creating if needed) the database at `path`, switches it to WAL mode and
    /// brings its schema up to date.
    ///
    /// Fails with [`StoreError::Backend`] when the file cannot be opened, is not an
    /// SQLite database, or was written by a newer schema than this version knows.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let path = path.as_ref().to_path_buf();
        let mut writer = Connection::open(&path).map_err(db_err("opening the database"))?;
        // WAL is a property of the file: set once, every later connection uses it.
        let mode: String = writer
            .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
            .map_err(db_err("switching to WAL mode"))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::backend(
                "switching to WAL mode",
                std::io::Error::other(format!("journal_mode is {mode}")),
            ));
        }
        configure(&writer)?;
        writer
            .pragma_update(
                None,
                "journal_size_limit",
                i64::try_from(Self::WAL_LIMIT).unwrap_or(i64::MAX),
            )
            .map_err(db_err("limiting the journal size"))?;
        migrate(&mut writer)?;
        Ok(SqliteStore {
            path,
            writer: Mutex::new(writer),
            readers: Mutex::new(Vec::new()),
            commits: AtomicU64::new(0),
        })
    }

    /// After a commit on the writer connection `conn`: every
    /// [`SqliteStore::CHECKPOINT_EVERY`] writes, a log past [`SqliteStore::WAL_LIMIT`]
    /// is checkpointed and truncated. A checkpoint that readers keep from finishing is
    /// left for a later write: the write itself succeeded.
    fn after_commit(&self, conn: &Connection) {
        let n = self.commits.fetch_add(1, Ordering::Relaxed) + 1;
        if n % Self::CHECKPOINT_EVERY != 0 {
            return;
        }
        let mut wal = self.path.clone().into_os_string();
        wal.push("-wal");
        if std::fs::metadata(&wal).map_or(true, |m| m.len() <= Self::WAL_LIMIT) {
            return;
        }
        let _ = conn.busy_timeout(Self::CHECKPOINT_WAIT);
        let _ = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        let _ = conn.busy_timeout(Self::BUSY_TIMEOUT);
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn reader(&self) -> Result<Reader<'_>, StoreError> {
        let pooled = lock(&self.readers).pop();
        let conn = match pooled {
            Some(c) => c,
            None => {
                let c = Connection::open_with_flags(
                    &self.path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY
                        | OpenFlags::SQLITE_OPEN_NO_MUTEX
                        | OpenFlags::SQLITE_OPEN_URI,
                )
                .map_err(db_err("opening a reader connection"))?;
                configure(&c)?;
                c
            }
        };
        Ok(Reader {
            store: self,
            conn: Some(conn),
        })
    }

    fn get_where(&self, column: &str, value: &str) -> Result<Option<StoredArticle>, StoreError> {
        let conn = self.reader()?;
        let sql = format!("SELECT json, revision FROM articles WHERE {column} = ?1");
        let row = conn
            .prepare_cached(&sql)
            .and_then(|mut st| {
                st.query_row([value], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
                })
                .optional()
            })
            .map_err(db_err("reading an article"))?;
        row.map(|(json, rev)| decode(&json, rev)).transpose()
    }
}

fn configure(conn: &Connection) -> Result<(), StoreError> {
    conn.busy_timeout(SqliteStore::BUSY_TIMEOUT)
        .map_err(db_err("setting the busy timeout"))?;
    conn.execute_batch("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;")
        .map_err(db_err("configuring the connection"))
}

fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(db_err("starting the migration"))?;
    let version: i64 = tx
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(db_err("reading the schema version"))?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::backend(
            "checking the schema version",
            std::io::Error::other(format!(
                "database schema version {version} is newer than this library's {SCHEMA_VERSION}"
            )),
        ));
    }
    let start = to_usize(version, "reading the schema version")?;
    for (i, step) in MIGRATIONS.iter().enumerate().skip(start) {
        tx.execute_batch(step)
            .map_err(db_err("migrating the schema"))?;
        tx.pragma_update(None, "user_version", i + 1)
            .map_err(db_err("recording the schema version"))?;
    }
    if start < EXPIRY_VERSION {
        backfill_expiry(&tx)?;
    }
    tx.commit().map_err(db_err("committing the migration"))
}

/// Fills the expiry columns of rows written before they existed, from their JSON.
fn backfill_expiry(tx: &rusqlite::Transaction<'_>) -> Result<(), StoreError> {
    let mut read = tx
        .prepare("SELECT json, revision FROM articles WHERE json LIKE '%\"expires\"%'")
        .map_err(db_err("reading articles to migrate"))?;
    let rows = read
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
        .map_err(db_err("reading articles to migrate"))?;
    let mut write = tx
        .prepare("UPDATE articles SET ex_secs = ?2, ex_nanos = ?3 WHERE id = ?1")
        .map_err(db_err("migrating expiry times"))?;
    for row in rows {
        let (json, rev) = row.map_err(db_err("reading articles to migrate"))?;
        let a = decode(&json, rev)?.article;
        let (ex_secs, ex_nanos) = expiry_key(&a);
        write
            .execute(params![a.id.as_str(), ex_secs, ex_nanos])
            .map_err(db_err("migrating expiry times"))?;
    }
    Ok(())
}

impl ArticleStore for SqliteStore {
    fn get(&self, id: &ArticleId) -> Result<Option<StoredArticle>, StoreError> {
        self.get_where("id", id.as_str())
    }

    fn get_by_slug(&self, slug: &Slug) -> Result<Option<StoredArticle>, StoreError> {
        self.get_where("slug", slug.as_str())
    }

    fn slug_exists(&self, slug: &Slug) -> Result<bool, StoreError> {
        let conn = self.reader()?;
        conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM articles WHERE slug = ?1)")
            .and_then(|mut st| st.query_row([slug.as_str()], |r| r.get(0)))
            .map_err(db_err("checking a slug"))
    }

    fn put(&self, article: &Article, expected: Option<Revision>) -> Result<Revision, StoreError> {
        self.put_as(article, expected, None)
    }

    fn delete(&self, id: &ArticleId, expected: Option<Revision>) -> Result<(), StoreError> {
        self.delete_as(id, expected, None).map(drop)
    }

    fn revision_store(&self) -> Option<&dyn RevisionStore> {
        Some(self)
    }

    fn list(&self, query: &ListQuery) -> Result<Listing<StoredArticle>, StoreError> {
        let limit = query.limit();
        let offset = to_i64(query.offset(), "computing the page offset")?;
        let status = query.status.map(status_str);
        // Every variant filters on one bound value (`?1`, NULL for "all").
        let (from, key, order, bound): (&str, &str, &str, Option<&str>) = match &query.filter {
            Filter::All => (
                "articles a",
                "?1 IS NULL",
                "a.rk_secs DESC, a.rk_nanos DESC, a.id",
                None,
            ),
            // The primary category by its index; further categories and topics are read
            // from the article's JSON (no schema change; a scan for those rows).
            Filter::Category(slug) => (
                "articles a",
                "(a.category_slug = ?1 OR (a.json LIKE '%\"more_categories\"%' AND EXISTS \
                 (SELECT 1 FROM json_each(a.json, '$.more_categories') j \
                 WHERE json_extract(j.value, '$.slug') = ?1)))",
                "a.rk_secs DESC, a.rk_nanos DESC, a.id",
                Some(slug.as_str()),
            ),
            Filter::Topic(slug) => (
                "articles a",
                "a.json LIKE '%\"topic\"%' AND json_extract(a.json, '$.topic.slug') = ?1",
                "a.rk_secs DESC, a.rk_nanos DESC, a.id",
                Some(slug.as_str()),
            ),
            Filter::Tag(tag) => (
                "article_tags t JOIN articles a ON a.id = t.article_id",
                "t.tag = ?1",
                "t.rk_secs DESC, t.rk_nanos DESC, t.article_id",
                Some(tag.as_str()),
            ),
        };
        // Spelled per case (not `?2 IS NULL OR ...`) so a status filter can use its index.
        let status_clause = if status.is_some() {
            "a.status = ?2"
        } else {
            "?2 IS NULL"
        };
        let (now_s, now_n) = query.visible_at.map(instant_key).unzip();
        let visible = if query.visible_at.is_some() {
            visible_clause("?5", "?6")
        } else {
            "?5 IS NULL AND ?6 IS NULL".to_string()
        };
        let status_clause = format!("{status_clause} AND {visible}");
        let conn = self.reader()?;
        // One read transaction, so the page and the total agree.
        conn.execute_batch("BEGIN")
            .map_err(db_err("starting a listing"))?;
        let result = (|| {
            let total: i64 = conn
                .prepare_cached(&format!(
                    "SELECT COUNT(*) FROM {from} WHERE {key} AND {status_clause}"
                ))
                .and_then(|mut st| {
                    st.query_row(
                        params![bound, status, None::<i64>, None::<i64>, now_s, now_n],
                        |r| r.get(0),
                    )
                })
                .map_err(db_err("counting a listing"))?;
            let mut st = conn
                .prepare_cached(&format!(
                    "SELECT a.json, a.revision FROM {from} WHERE {key} AND {status_clause} \
                     ORDER BY {order} LIMIT ?3 OFFSET ?4"
                ))
                .map_err(db_err("listing articles"))?;
            let rows = st
                .query_map(
                    params![
                        bound,
                        status,
                        to_i64(limit, "page size")?,
                        offset,
                        now_s,
                        now_n
                    ],
                    |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)),
                )
                .map_err(db_err("listing articles"))?;
            let mut items = Vec::with_capacity(limit);
            for row in rows {
                let (json, rev) = row.map_err(db_err("listing articles"))?;
                items.push(decode(&json, rev)?);
            }
            Ok(Listing {
                items,
                total: to_usize(total, "counting a listing")?,
                page: query.page.max(1),
                per_page: limit,
            })
        })();
        // A read transaction has nothing to keep; ending it cannot lose data.
        let _ = conn.execute_batch("COMMIT");
        result
    }

    fn scan(
        &self,
        after: Option<&ArticleId>,
        limit: usize,
    ) -> Result<Vec<StoredArticle>, StoreError> {
        let conn = self.reader()?;
        // Two statements rather than `?1 IS NULL OR id > ?1`, which would defeat the
        // primary-key range search.
        let (sql, after) = match after {
            Some(a) => (
                "SELECT json, revision FROM articles WHERE id > ?1 ORDER BY id LIMIT ?2",
                a.as_str(),
            ),
            None => (
                "SELECT json, revision FROM articles WHERE ?1 = ?1 ORDER BY id LIMIT ?2",
                "",
            ),
        };
        let mut st = conn
            .prepare_cached(sql)
            .map_err(db_err("scanning articles"))?;
        let rows = st
            .query_map(params![after, to_i64(limit, "scan limit")?], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
            })
            .map_err(db_err("scanning articles"))?;
        let mut out = Vec::new();
        for row in rows {
            let (json, rev) = row.map_err(db_err("scanning articles"))?;
            out.push(decode(&json, rev)?);
        }
        Ok(out)
    }

    fn count(&self) -> Result<usize, StoreError> {
        let conn = self.reader()?;
        let n: i64 = conn
            .prepare_cached("SELECT COUNT(*) FROM articles")
            .and_then(|mut st| st.query_row([], |r| r.get(0)))
            .map_err(db_err("counting articles"))?;
        to_usize(n, "counting articles")
    }

    fn categories(&self) -> Result<Vec<(Category, usize)>, StoreError> {
        let conn = self.reader()?;
        // The display name comes from the newest article in each category, as in
        // `MemoryStore`.
        let mut st = conn
            .prepare_cached(
                "SELECT category_slug, category_name, n FROM ( \
                   SELECT category_slug, category_name, \
                     COUNT(*) OVER (PARTITION BY category_slug) AS n, \
                     ROW_NUMBER() OVER (PARTITION BY category_slug \
                       ORDER BY rk_secs DESC, rk_nanos DESC, id) AS rn \
                   FROM articles WHERE category_slug IS NOT NULL) WHERE rn = 1",
            )
            .map_err(db_err("listing categories"))?;
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })
            .map_err(db_err("listing categories"))?;
        let mut out = Vec::new();
        for row in rows {
            let (slug, name, n) = row.map_err(db_err("listing categories"))?;
            let slug =
                Slug::new(slug).map_err(|e| StoreError::backend("reading a category slug", e))?;
            out.push((Category { name, slug }, to_usize(n, "counting a category")?));
        }
        out.sort_by(|a, b| a.0.name.cmp(&b.0.name).then(a.0.slug.cmp(&b.0.slug)));
        Ok(out)
    }
}

/// The revision the next write of `id` gets: one past the last recorded, so numbers keep
/// growing across a delete. Called inside the write transaction.
fn next_revision(tx: &Connection, id: &str) -> Result<Revision, StoreError> {
    let last: Option<i64> = tx
        .prepare_cached("SELECT MAX(revision) FROM article_revisions WHERE article_id = ?1")
        .and_then(|mut st| st.query_row([id], |r| r.get(0)))
        .map_err(db_err("reading the last revision"))?;
    let last = last
        .map(u64::try_from)
        .transpose()
        .map_err(|e| StoreError::backend("reading the last revision", e))?;
    Ok(Revision(last.map_or(1, |r| r.saturating_add(1))))
}

/// Appends a history row, inside the write transaction.
fn record(
    tx: &Connection,
    id: &str,
    info: &RevisionInfo,
    json: Option<&str>,
) -> Result<(), StoreError> {
    let (at, changed) = encode_info(info)?;
    let status = info.status.map(status_str);
    let rev = i64::try_from(info.revision.0)
        .map_err(|e| StoreError::backend("encoding the revision", e))?;
    tx.prepare_cached(
        "INSERT INTO article_revisions (article_id, revision, at, editor, changed, status, \
         json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )
    .and_then(|mut st| st.execute(params![id, rev, at, info.by, changed, status, json]))
    .map_err(db_err("recording the revision"))?;
    Ok(())
}

impl RevisionStore for SqliteStore {
    fn put_as(
        &self,
        article: &Article,
        expected: Option<Revision>,
        by: Option<&str>,
    ) -> Result<Revision, StoreError> {
        article.validate()?;
        check_editor(by)?;
        let json = serde_json::to_string(article)
            .map_err(|e| StoreError::backend("encoding article json", e))?;
        let (rk_secs, rk_nanos) = recency_key(article);
        let (ex_secs, ex_nanos) = expiry_key(article);
        let (cat_slug, cat_name) = match &article.category {
            Some(c) => (Some(c.slug.as_str()), Some(c.name.as_str())),
            None => (None, None),
        };
        let id = article.id.as_str();

        let mut conn = lock(&self.writer);
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db_err("starting a write"))?;
        let current: Option<(i64, String)> = tx
            .prepare_cached("SELECT revision, json FROM articles WHERE id = ?1")
            .and_then(|mut st| {
                st.query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()
            })
            .map_err(db_err("reading the current revision"))?;
        let current = current.map(|(rev, json)| decode(&json, rev)).transpose()?;
        let actual = current.as_ref().map(|c| c.revision);
        if actual != expected {
            return Err(StoreError::Conflict {
                id: article.id.clone(),
                expected,
                actual,
            });
        }
        let owner: Option<String> = tx
            .prepare_cached("SELECT id FROM articles WHERE slug = ?1 AND id <> ?2")
            .and_then(|mut st| {
                st.query_row([article.slug.as_str(), id], |r| r.get(0))
                    .optional()
            })
            .map_err(db_err("checking the slug"))?;
        if let Some(owner) = owner {
            let owner = ArticleId::new(owner)
                .map_err(|e| StoreError::backend("reading the slug's owner", e))?;
            return Err(StoreError::SlugTaken {
                slug: article.slug.clone(),
                owner,
            });
        }
        let revision = next_revision(&tx, id)?;
        let new_rev = i64::try_from(revision.0)
            .map_err(|e| StoreError::backend("encoding the revision", e))?;
        let status = status_str(article.status);
        let changed = match actual {
            None => tx
                .prepare_cached(
                    "INSERT INTO articles (id, slug, revision, status, category_slug, \
                     category_name, rk_secs, rk_nanos, json, ex_secs, ex_nanos) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                )
                .and_then(|mut st| {
                    st.execute(params![
                        id,
                        article.slug.as_str(),
                        new_rev,
                        status,
                        cat_slug,
                        cat_name,
                        rk_secs,
                        rk_nanos,
                        json,
                        ex_secs,
                        ex_nanos
                    ])
                }),
            Some(old) => {
                let old = i64::try_from(old.0)
                    .map_err(|e| StoreError::backend("encoding the revision", e))?;
                // Compare-and-set: the row changes only if its revision is still `old`.
                tx.prepare_cached(
                    "UPDATE articles SET slug = ?2, revision = ?3, status = ?4, \
                     category_slug = ?5, category_name = ?6, rk_secs = ?7, rk_nanos = ?8, \
                     json = ?9, ex_secs = ?11, ex_nanos = ?12 WHERE id = ?1 AND revision = ?10",
                )
                .and_then(|mut st| {
                    st.execute(params![
                        id,
                        article.slug.as_str(),
                        new_rev,
                        status,
                        cat_slug,
                        cat_name,
                        rk_secs,
                        rk_nanos,
                        json,
                        old,
                        ex_secs,
                        ex_nanos
                    ])
                })
            }
        }
        .map_err(db_err("writing the article"))?;
        if changed != 1 {
            // Unreachable while the write lock is held; refuse rather than guess.
            return Err(StoreError::Conflict {
                id: article.id.clone(),
                expected,
                actual: None,
            });
        }
        tx.prepare_cached("DELETE FROM article_tags WHERE article_id = ?1")
            .and_then(|mut st| st.execute([id]))
            .map_err(db_err("replacing tags"))?;
        {
            let mut st = tx
                .prepare_cached(
                    "INSERT INTO article_tags (article_id, tag, rk_secs, rk_nanos) \
                     VALUES (?1, ?2, ?3, ?4)",
                )
                .map_err(db_err("writing tags"))?;
            for tag in &article.tags {
                st.execute(params![id, tag, rk_secs, rk_nanos])
                    .map_err(db_err("writing tags"))?;
            }
        }
        let info = RevisionInfo::for_write(
            revision,
            current.as_ref().map(|c| &c.article),
            Some(article),
            by,
        );
        record(&tx, id, &info, Some(&json))?;
        tx.commit().map_err(db_err("committing the article"))?;
        self.after_commit(&conn);
        Ok(revision)
    }

    fn delete_as(
        &self,
        id: &ArticleId,
        expected: Option<Revision>,
        by: Option<&str>,
    ) -> Result<Revision, StoreError> {
        check_editor(by)?;
        let mut conn = lock(&self.writer);
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db_err("starting a delete"))?;
        let current: Option<(i64, String)> = tx
            .prepare_cached("SELECT revision, json FROM articles WHERE id = ?1")
            .and_then(|mut st| {
                st.query_row([id.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()
            })
            .map_err(db_err("reading the current revision"))?;
        let Some((actual, json)) = current else {
            return Err(StoreError::NotFound { id: id.clone() });
        };
        let old = decode(&json, actual)?;
        let actual_rev = old.revision;
        if expected.is_some_and(|e| e != actual_rev) {
            return Err(StoreError::Conflict {
                id: id.clone(),
                expected,
                actual: Some(actual_rev),
            });
        }
        // Tags go with the row (ON DELETE CASCADE).
        tx.prepare_cached("DELETE FROM articles WHERE id = ?1 AND revision = ?2")
            .and_then(|mut st| st.execute(params![id.as_str(), actual]))
            .map_err(db_err("deleting the article"))?;
        let revision = next_revision(&tx, id.as_str())?;
        let info = RevisionInfo::for_write(revision, Some(&old.article), None, by);
        record(&tx, id.as_str(), &info, None)?;
        tx.commit().map_err(db_err("committing the delete"))?;
        self.after_commit(&conn);
        Ok(revision)
    }

    fn recent_status_changes(&self, limit: usize) -> Result<Vec<StatusChange>, StoreError> {
        let conn = self.reader()?;
        let mut st = conn
            .prepare_cached(&recent_changes_sql("IS NOT", "?1"))
            .map_err(db_err("reading the audit log"))?;
        let rows = st
            .query_map([to_i64(limit, "the audit log limit")?], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                ))
            })
            .map_err(db_err("reading the audit log"))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, rev, at, by, from, to) = row.map_err(db_err("reading the audit log"))?;
            out.push(decode_change(
                id,
                rev,
                &at,
                by,
                from.as_deref(),
                to.as_deref(),
            )?);
        }
        newest_first(&mut out);
        Ok(out)
    }

    fn revisions(&self, id: &ArticleId) -> Result<Vec<RevisionInfo>, StoreError> {
        let conn = self.reader()?;
        let mut st = conn
            .prepare_cached(
                "SELECT revision, at, editor, changed, json IS NULL, status \
                 FROM article_revisions WHERE article_id = ?1 ORDER BY revision",
            )
            .map_err(db_err("reading the history"))?;
        let rows = st
            .query_map([id.as_str()], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, bool>(4)?,
                    r.get::<_, Option<String>>(5)?,
                ))
            })
            .map_err(db_err("reading the history"))?;
        let mut out = Vec::new();
        for row in rows {
            let (rev, at, by, changed, deleted, status) =
                row.map_err(db_err("reading the history"))?;
            // Decode the entry without its article; `deleted` comes from the row.
            let mut info = decode_revision(rev, &at, by, &changed, status.as_deref(), None)?.info;
            info.deleted = deleted;
            out.push(info);
        }
        Ok(out)
    }

    fn creator(&self, id: &ArticleId, as_of: Revision) -> Result<Option<String>, StoreError> {
        // Past i64::MAX no revision is stored: every one is at or before `as_of`.
        let as_of = i64::try_from(as_of.0).unwrap_or(i64::MAX);
        let conn = self.reader()?;
        let mut st = conn
            .prepare_cached(CREATOR_SQL)
            .map_err(db_err("reading the creator"))?;
        let row = st
            .query_row(rusqlite::params![id.as_str(), as_of], |r| {
                r.get::<_, Option<String>>(0)
            })
            .optional()
            .map_err(db_err("reading the creator"))?;
        Ok(row.flatten())
    }

    fn revision(
        &self,
        id: &ArticleId,
        revision: Revision,
    ) -> Result<Option<ArticleRevision>, StoreError> {
        let Ok(rev) = i64::try_from(revision.0) else {
            return Ok(None);
        };
        let conn = self.reader()?;
        let row = conn
            .prepare_cached(
                "SELECT at, editor, changed, status, json FROM article_revisions \
                 WHERE article_id = ?1 AND revision = ?2",
            )
            .and_then(|mut st| {
                st.query_row(params![id.as_str(), rev], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, Option<String>>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, Option<String>>(4)?,
                    ))
                })
                .optional()
            })
            .map_err(db_err("reading a past version"))?;
        row.map(|(at, by, changed, status, json)| {
            decode_revision(rev, &at, by, &changed, status.as_deref(), json.as_deref())
        })
        .transpose()
    }
}

#[cfg(test)]
#[path = "sqlite_plans.rs"]
mod plans;
