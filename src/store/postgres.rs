//! The PostgreSQL adapter (cargo feature `postgres`).
//!
//! # Why the synchronous `postgres` client
//! [`ArticleStore`] is synchronous (see the [module docs](super)), and the `postgres`
//! crate is the synchronous face of `tokio-postgres`: the same protocol code, without
//! making every caller own an executor. Async hosts call the store from
//! `spawn_blocking`, exactly as with SQLite. The store keeps its own small pool of
//! connections (a `Mutex<Vec<Client>>`), so no pool crate is needed.
//!
//! # Layout and guarantees
//! The same layout as the SQLite adapter: `articles` holds the model's JSON (as `text`,
//! so it reads back byte for byte) plus indexed columns — `slug` (unique), category,
//! status, revision, a recency key and an expiry key — and `article_tags` holds one row
//! per tag. Ids, slugs and tags use the `"C"` collation so the database orders them as
//! Rust does.
//!
//! Every `put`/`delete` is one transaction: the row is locked (`SELECT … FOR UPDATE`), the
//! revision compared, and the update is itself a compare-and-set
//! (`UPDATE … WHERE revision = $old`). Races the locks cannot see — two inserts of one
//! id, two articles taking one slug — are caught by the unique indexes and reported as
//! [`StoreError::Conflict`] / [`StoreError::SlugTaken`]. PostgreSQL's write-ahead log
//! makes every commit durable before it is acknowledged.
//!
//! The schema is created and migrated by [`PostgresStore::connect`], under an advisory
//! lock so several processes starting at once migrate it once; the version lives in
//! `tintuc_schema_version`.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use postgres::error::SqlState;
use postgres::{Client, NoTls, Transaction};

use super::sql::{decode, expiry_key, instant_key, recency_key, status_str, visible_clause};
use super::{
    ArticleStore, Filter, ListQuery, Listing, Revision, RevisionInfo, RevisionStore, StoreError,
    StoredArticle,
};
use crate::model::{Article, ArticleId, Category, Slug};

mod history;
use history::{next_revision, record};

const SCHEMA_VERSION: i32 = 5;

const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE articles (
    id            text COLLATE "C" NOT NULL PRIMARY KEY,
    slug          text COLLATE "C" NOT NULL,
    revision      bigint NOT NULL,
    status        text   NOT NULL,
    category_slug text COLLATE "C",
    category_name text,
    rk_secs       bigint NOT NULL,
    rk_nanos      bigint NOT NULL,
    json          text   NOT NULL
);
CREATE UNIQUE INDEX articles_slug ON articles (slug);
CREATE INDEX articles_recent ON articles (rk_secs DESC, rk_nanos DESC, id);
CREATE INDEX articles_status_recent ON articles (status, rk_secs DESC, rk_nanos DESC, id);
CREATE INDEX articles_category ON articles (category_slug, rk_secs DESC, rk_nanos DESC, id);
CREATE TABLE article_tags (
    article_id text COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    tag        text COLLATE "C" NOT NULL,
    rk_secs    bigint NOT NULL,
    rk_nanos   bigint NOT NULL,
    PRIMARY KEY (article_id, tag)
);
CREATE INDEX article_tags_tag ON article_tags (tag, rk_secs DESC, rk_nanos DESC, article_id);
"#,
    r#"
-- v2: full-text terms for related-article candidates (`related::postgres`);
-- filled by `backfill_terms` when a store with a terms function connects.
ALTER TABLE articles ADD COLUMN terms tsvector NOT NULL DEFAULT ''::tsvector;
CREATE INDEX articles_terms ON articles USING gin (terms);
"#,
    r#"
-- v3: the expiry instant (UTC seconds + nanoseconds, NULL: never expires), read by the
-- visibility filter of listings; filled from the JSON by `backfill_expiry`.
ALTER TABLE articles ADD COLUMN ex_secs bigint, ADD COLUMN ex_nanos bigint;
"#,
    r#"
-- v4: revision history (`RevisionStore`). No foreign key: history outlives a delete.
-- `json` and `status` are NULL for a delete's tombstone; `changed` is a JSON array of
-- field names.
CREATE TABLE article_revisions (
    article_id text COLLATE "C" NOT NULL,
    revision   bigint NOT NULL,
    at         text   NOT NULL,
    editor     text,
    changed    text   NOT NULL,
    status     text,
    json       text,
    PRIMARY KEY (article_id, revision)
);
INSERT INTO article_revisions (article_id, revision, at, editor, changed, status, json)
    SELECT id, revision, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
           NULL, '[]', status, json FROM articles;
"#,
    r#"
-- v5: the tombstones of each article, so `RevisionStore::creator` finds the last delete
-- with one index probe instead of reading a history that grows with every write.
CREATE INDEX article_revisions_tombstones ON article_revisions (article_id, revision)
    WHERE json IS NULL;
"#,
];

/// The first schema version with the expiry columns.
const EXPIRY_VERSION: usize = 3;

/// Advisory lock key taken while migrating ("tintuc" in ASCII).
const MIGRATION_LOCK: i64 = 0x7469_6e74_7563;

fn pg_err(what: &str) -> impl FnOnce(postgres::Error) -> StoreError + '_ {
    move |e| StoreError::backend(what, e)
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn to_i64(v: usize, what: &str) -> Result<i64, StoreError> {
    i64::try_from(v).map_err(|e| StoreError::backend(what, e))
}

fn to_usize(v: i64, what: &str) -> Result<usize, StoreError> {
    usize::try_from(v).map_err(|e| StoreError::backend(what, e))
}

fn to_rev(v: i64) -> Result<Revision, StoreError> {
    u64::try_from(v)
        .map(Revision)
        .map_err(|e| StoreError::backend("reading a revision", e))
}

fn from_rev(r: Revision) -> Result<i64, StoreError> {
    i64::try_from(r.0).map_err(|e| StoreError::backend("encoding a revision", e))
}

/// Whether `name` is a plain lower-case SQL identifier (safe to splice into SQL).
fn is_plain_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && name.len() <= 63
}

/// Computes an article's `terms` column: a `tsvector` literal (`'lexeme':1A,7D …`).
pub(crate) type TermsFn = fn(&Article) -> String;

/// The cached set of terms too common to query, with when it was read.
pub(crate) type CommonTermsCache = Mutex<Option<(Instant, Arc<HashSet<String>>)>>;

/// Fills the expiry columns of rows written before they existed, from their JSON.
fn backfill_expiry(tx: &mut Transaction<'_>) -> Result<(), StoreError> {
    let rows = tx
        .query(
            "SELECT json, revision FROM articles WHERE json LIKE '%\"expires\"%'",
            &[],
        )
        .map_err(pg_err("reading articles to migrate"))?;
    for row in &rows {
        let a = decode(row.get(0), row.get(1))?.article;
        let (ex_secs, ex_nanos) = expiry_key(&a);
        tx.execute(
            "UPDATE articles SET ex_secs = $2, ex_nanos = $3 WHERE id = $1",
            &[&a.id.as_str(), &ex_secs, &ex_nanos],
        )
        .map_err(pg_err("migrating expiry times"))?;
    }
    Ok(())
}

/// Computes `terms` for rows whose column is empty: rows written before schema v2 or by
/// a store without a terms function.
fn backfill_terms(tx: &mut Transaction<'_>, terms: TermsFn) -> Result<(), StoreError> {
    let rows = tx
        .query(
            "SELECT json, revision FROM articles WHERE terms = ''::tsvector",
            &[],
        )
        .map_err(pg_err("reading articles to index"))?;
    for row in &rows {
        let stored = decode(row.get(0), row.get(1))?;
        // A writer may have changed the row since it was read: its terms are then its own.
        tx.execute(
            "UPDATE articles SET terms = $2::text::tsvector WHERE id = $1 AND revision = $3",
            &[
                &stored.article.id.as_str(),
                &terms(&stored.article),
                &from_rev(stored.revision)?,
            ],
        )
        .map_err(pg_err("indexing an article's terms"))?;
    }
    Ok(())
}

/// Articles in a PostgreSQL database. `Send + Sync`; share it as
/// `Arc<dyn ArticleStore>` and, in async hosts, call it from `spawn_blocking`.
///
/// A store opened here leaves the `terms` full-text column empty. To use the database
/// as a related-article candidate source, open it with `tintuc::related::postgres::connect`
/// (feature `postgres`), which fills the column on every write and indexes the rows
/// written without it when it connects.
///
/// ```no_run
/// use tintuc::store::{ArticleStore, PostgresStore};
///
/// let store = PostgresStore::connect("host=127.0.0.1 user=tintuc dbname=tintuc")?;
/// // Or keep the tables in their own schema (created if missing):
/// let other = PostgresStore::connect_in_schema("host=127.0.0.1 dbname=tintuc", "portal")?;
/// println!("{} articles", store.count()?);
/// # Ok::<(), tintuc::store::StoreError>(())
/// ```
pub struct PostgresStore {
    params: String,
    schema: Option<String>,
    idle: Mutex<Vec<Client>>,
    /// Computes the `terms` column on every write; `None` leaves it empty.
    terms: Option<TermsFn>,
    /// Terms too common to generate candidates from, with when they were read.
    pub(crate) common_terms: CommonTermsCache,
}

impl std::fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The connection string may hold a password: never print it.
        f.debug_struct("PostgresStore")
            .field("schema", &self.schema)
            .finish_non_exhaustive()
    }
}

/// A pooled connection; returned to the pool on drop unless it broke.
struct Conn<'a> {
    store: &'a PostgresStore,
    client: Option<Client>,
}

impl Conn<'_> {
    fn client(&mut self) -> Result<&mut Client, StoreError> {
        self.client.as_mut().ok_or_else(|| {
            StoreError::backend(
                "using a pooled connection",
                std::io::Error::other("connection already returned"),
            )
        })
    }
}

impl Drop for Conn<'_> {
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            if client.is_closed() {
                return;
            }
            let mut idle = lock(&self.store.idle);
            if idle.len() < PostgresStore::MAX_IDLE {
                idle.push(client);
            }
        }
    }
}

/// What a failed write transaction tells the caller to do once it has rolled back.
enum WriteError {
    Store(StoreError),
    Db(postgres::Error),
}

impl From<StoreError> for WriteError {
    fn from(e: StoreError) -> Self {
        WriteError::Store(e)
    }
}

impl From<postgres::Error> for WriteError {
    fn from(e: postgres::Error) -> Self {
        WriteError::Db(e)
    }
}

impl PostgresStore {
    /// Connections kept open for reuse.
    pub const MAX_IDLE: usize = 8;

    /// Connects with a libpq-style connection string (`host=… user=… dbname=…` or a
    /// `postgresql://` URL) and brings the schema up to date. TLS is not used: connect
    /// over a local socket, loopback or a private network.
    ///
    /// Fails with [`StoreError::Backend`] when the server cannot be reached or the
    /// database holds a newer schema than this version knows.
    pub fn connect(params: &str) -> Result<Self, StoreError> {
        Self::build(params, None, None)
    }

    /// Like [`PostgresStore::connect`], keeping the tables in `schema` (a plain
    /// lower-case identifier, created if missing).
    pub fn connect_in_schema(params: &str, schema: &str) -> Result<Self, StoreError> {
        Self::build(params, Some(schema), None)
    }

    /// Connects (in `schema` when given) with `terms` computing the `terms` column on
    /// every write; rows whose column is empty are indexed before this returns.
    pub(crate) fn connect_with_terms(
        params: &str,
        schema: Option<&str>,
        terms: TermsFn,
    ) -> Result<Self, StoreError> {
        Self::build(params, schema, Some(terms))
    }

    /// Whether this store computes the `terms` column on writes.
    pub(crate) fn has_terms(&self) -> bool {
        self.terms.is_some()
    }

    fn build(
        params: &str,
        schema: Option<&str>,
        terms: Option<TermsFn>,
    ) -> Result<Self, StoreError> {
        if let Some(schema) = schema.filter(|s| !is_plain_identifier(s)) {
            return Err(StoreError::backend(
                "choosing the schema",
                std::io::Error::other(format!(
                    "schema name {schema:?} must match [a-z_][a-z0-9_]{{0,62}}"
                )),
            ));
        }
        let store = PostgresStore {
            params: params.to_string(),
            schema: schema.map(str::to_string),
            idle: Mutex::new(Vec::new()),
            terms,
            common_terms: Default::default(),
        };
        let mut conn = store.conn()?;
        let client = conn.client()?;
        store.migrate(client)?;
        if let Some(terms) = terms {
            let mut tx = client
                .transaction()
                .map_err(pg_err("starting to index terms"))?;
            backfill_terms(&mut tx, terms)?;
            tx.commit().map_err(pg_err("committing the terms"))?;
        }
        drop(conn);
        Ok(store)
    }

    fn open_client(&self) -> Result<Client, StoreError> {
        let mut client =
            Client::connect(&self.params, NoTls).map_err(pg_err("connecting to postgres"))?;
        if let Some(schema) = &self.schema {
            // `schema` is a checked plain identifier.
            client
                .batch_execute(&format!(
                    "CREATE SCHEMA IF NOT EXISTS {schema}; SET search_path TO {schema}"
                ))
                .map_err(pg_err("selecting the schema"))?;
        }
        Ok(client)
    }

    fn conn(&self) -> Result<Conn<'_>, StoreError> {
        let pooled = lock(&self.idle).pop();
        let client = match pooled {
            Some(c) => c,
            None => self.open_client()?,
        };
        Ok(Conn {
            store: self,
            client: Some(client),
        })
    }

    fn migrate(&self, client: &mut Client) -> Result<(), StoreError> {
        let mut tx = client
            .transaction()
            .map_err(pg_err("starting the migration"))?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .map_err(pg_err("locking for the migration"))?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS tintuc_schema_version (version integer NOT NULL)",
        )
        .map_err(pg_err("creating the version table"))?;
        let version: i32 = match tx
            .query_opt("SELECT version FROM tintuc_schema_version", &[])
            .map_err(pg_err("reading the schema version"))?
        {
            Some(row) => row.get(0),
            None => {
                tx.execute("INSERT INTO tintuc_schema_version VALUES (0)", &[])
                    .map_err(pg_err("recording the schema version"))?;
                0
            }
        };
        if version > SCHEMA_VERSION {
            return Err(StoreError::backend(
                "checking the schema version",
                std::io::Error::other(format!(
                    "database schema version {version} is newer than this library's {SCHEMA_VERSION}"
                )),
            ));
        }
        let start = usize::try_from(version)
            .map_err(|e| StoreError::backend("reading the schema version", e))?;
        for (i, step) in MIGRATIONS.iter().enumerate().skip(start) {
            tx.batch_execute(step)
                .map_err(pg_err("migrating the schema"))?;
            let v = i32::try_from(i + 1)
                .map_err(|e| StoreError::backend("recording the schema version", e))?;
            tx.execute("UPDATE tintuc_schema_version SET version = $1", &[&v])
                .map_err(pg_err("recording the schema version"))?;
        }
        if start < EXPIRY_VERSION {
            backfill_expiry(&mut tx)?;
        }
        tx.commit().map_err(pg_err("committing the migration"))
    }

    /// Runs `f` on a pooled connection.
    pub(crate) fn with_client<T>(
        &self,
        f: impl FnOnce(&mut Client) -> Result<T, postgres::Error>,
    ) -> Result<T, StoreError> {
        let mut conn = self.conn()?;
        f(conn.client()?).map_err(pg_err("querying postgres"))
    }

    fn get_where(&self, column: &str, value: &str) -> Result<Option<StoredArticle>, StoreError> {
        let mut conn = self.conn()?;
        let sql = format!("SELECT json, revision FROM articles WHERE {column} = $1");
        let row = conn
            .client()?
            .query_opt(sql.as_str(), &[&value])
            .map_err(pg_err("reading an article"))?;
        row.map(|r| decode(r.get(0), r.get(1))).transpose()
    }

    fn put_tx(
        tx: &mut Transaction<'_>,
        terms: Option<TermsFn>,
        article: &Article,
        expected: Option<Revision>,
        by: Option<&str>,
    ) -> Result<Revision, WriteError> {
        let id = article.id.as_str();
        let json = serde_json::to_string(article)
            .map_err(|e| StoreError::backend("encoding article json", e))?;
        let (rk_secs, rk_nanos) = recency_key(article);
        let (ex_secs, ex_nanos) = expiry_key(article);
        let (cat_slug, cat_name) = match &article.category {
            Some(c) => (Some(c.slug.as_str()), Some(c.name.as_str())),
            None => (None, None),
        };
        let terms = terms.map(|f| f(article)).unwrap_or_default();
        let current = tx
            .query_opt(
                "SELECT json, revision FROM articles WHERE id = $1 FOR UPDATE",
                &[&id],
            )?
            .map(|r| decode(r.get(0), r.get(1)))
            .transpose()?;
        let actual = current.as_ref().map(|c| c.revision);
        if actual != expected {
            return Err(StoreError::Conflict {
                id: article.id.clone(),
                expected,
                actual,
            }
            .into());
        }
        if let Some(row) = tx.query_opt(
            "SELECT id FROM articles WHERE slug = $1 AND id <> $2",
            &[&article.slug.as_str(), &id],
        )? {
            let owner = ArticleId::new(row.get::<_, String>(0))
                .map_err(|e| StoreError::backend("reading the slug's owner", e))?;
            return Err(StoreError::SlugTaken {
                slug: article.slug.clone(),
                owner,
            }
            .into());
        }
        let revision = next_revision(tx, id)?;
        let new_rev = from_rev(revision)?;
        let status = status_str(article.status);
        let slug = article.slug.as_str();
        let changed = match actual {
            None => tx.execute(
                "INSERT INTO articles (id, slug, revision, status, category_slug, \
                 category_name, rk_secs, rk_nanos, json, terms, ex_secs, ex_nanos) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::text::tsvector, $11, $12)",
                &[
                    &id, &slug, &new_rev, &status, &cat_slug, &cat_name, &rk_secs, &rk_nanos,
                    &json, &terms, &ex_secs, &ex_nanos,
                ],
            )?,
            Some(old) => {
                let old = from_rev(old)?;
                tx.execute(
                    "UPDATE articles SET slug = $2, revision = $3, status = $4, \
                     category_slug = $5, category_name = $6, rk_secs = $7, rk_nanos = $8, \
                     json = $9, terms = $11::text::tsvector, ex_secs = $12, ex_nanos = $13 \
                     WHERE id = $1 AND revision = $10",
                    &[
                        &id, &slug, &new_rev, &status, &cat_slug, &cat_name, &rk_secs, &rk_nanos,
                        &json, &old, &terms, &ex_secs, &ex_nanos,
                    ],
                )?
            }
        };
        if changed != 1 {
            return Err(StoreError::Conflict {
                id: article.id.clone(),
                expected,
                actual: None,
            }
            .into());
        }
        tx.execute("DELETE FROM article_tags WHERE article_id = $1", &[&id])?;
        if !article.tags.is_empty() {
            let tags: Vec<&str> = article.tags.iter().map(String::as_str).collect();
            tx.execute(
                "INSERT INTO article_tags (article_id, tag, rk_secs, rk_nanos) \
                 SELECT $1, t, $3, $4 FROM unnest($2::text[]) AS t",
                &[&id, &tags, &rk_secs, &rk_nanos],
            )?;
        }
        let info = RevisionInfo::for_write(
            revision,
            current.as_ref().map(|c| &c.article),
            Some(article),
            by,
        );
        record(tx, id, &info, Some(&json))?;
        Ok(revision)
    }

    /// Turns a unique-index violation from a racing writer into the store's error.
    fn explain_violation(
        &self,
        e: postgres::Error,
        article: &Article,
        expected: Option<Revision>,
    ) -> StoreError {
        let constraint = e
            .as_db_error()
            .filter(|d| d.code() == &SqlState::UNIQUE_VIOLATION)
            .and_then(|d| d.constraint().map(str::to_string));
        match constraint.as_deref() {
            // Two inserts of one id (or a re-insert after a delete) race on the history
            // key too; either way the loser is a conflict.
            Some("articles_pkey" | "article_revisions_pkey") => {
                let actual = self.get(&article.id).ok().flatten().map(|s| s.revision);
                StoreError::Conflict {
                    id: article.id.clone(),
                    expected,
                    actual,
                }
            }
            Some("articles_slug") => match self.get_by_slug(&article.slug) {
                Ok(Some(owner)) => StoreError::SlugTaken {
                    slug: article.slug.clone(),
                    owner: owner.article.id,
                },
                _ => StoreError::backend("writing the article", e),
            },
            _ => StoreError::backend("writing the article", e),
        }
    }
}

impl ArticleStore for PostgresStore {
    fn get(&self, id: &ArticleId) -> Result<Option<StoredArticle>, StoreError> {
        self.get_where("id", id.as_str())
    }

    fn get_by_slug(&self, slug: &Slug) -> Result<Option<StoredArticle>, StoreError> {
        self.get_where("slug", slug.as_str())
    }

    fn slug_exists(&self, slug: &Slug) -> Result<bool, StoreError> {
        let mut conn = self.conn()?;
        let row = conn
            .client()?
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM articles WHERE slug = $1)",
                &[&slug.as_str()],
            )
            .map_err(pg_err("checking a slug"))?;
        Ok(row.get(0))
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
        let (from, key, order, bound): (&str, &str, &str, Option<&str>) = match &query.filter {
            Filter::All => (
                "articles a",
                "$1::text IS NULL",
                "a.rk_secs DESC, a.rk_nanos DESC, a.id",
                None,
            ),
            // The primary category by its index; further categories and topics are read
            // from the article's JSON (no schema change; a scan for those rows).
            Filter::Category(slug) => (
                "articles a",
                "(a.category_slug = $1 OR (a.json LIKE '%\"more_categories\"%' AND \
                 (a.json::jsonb -> 'more_categories') @> \
                 jsonb_build_array(jsonb_build_object('slug', $1::text))))",
                "a.rk_secs DESC, a.rk_nanos DESC, a.id",
                Some(slug.as_str()),
            ),
            Filter::Topic(slug) => (
                "articles a",
                "a.json LIKE '%\"topic\"%' AND (a.json::jsonb #>> '{topic,slug}') = $1",
                "a.rk_secs DESC, a.rk_nanos DESC, a.id",
                Some(slug.as_str()),
            ),
            Filter::Tag(tag) => (
                "article_tags t JOIN articles a ON a.id = t.article_id",
                "t.tag = $1",
                "t.rk_secs DESC, t.rk_nanos DESC, t.article_id",
                Some(tag.as_str()),
            ),
        };
        let status = query.status.map(status_str);
        // Spelled per case (not `$2 IS NULL OR ...`) so a status filter can use its index.
        let status_clause = if status.is_some() {
            "a.status = $2"
        } else {
            "$2::text IS NULL"
        };
        let (now_s, now_n) = query.visible_at.map(instant_key).unzip();
        // `now` is $3, $4 in the count and $5, $6 in the page query.
        let visible = |s: &str, n: &str| {
            if query.visible_at.is_some() {
                visible_clause(s, n)
            } else {
                format!("{s}::bigint IS NULL AND {n}::bigint IS NULL")
            }
        };
        let (count_visible, page_visible) = (visible("$3", "$4"), visible("$5", "$6"));
        let mut conn = self.conn()?;
        // One snapshot for the page and its total.
        let mut tx = conn
            .client()?
            .build_transaction()
            .isolation_level(postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .map_err(pg_err("starting a listing"))?;
        let total: i64 = tx
            .query_one(
                format!(
                    "SELECT COUNT(*) FROM {from} WHERE {key} AND {status_clause} \
                     AND {count_visible}"
                )
                .as_str(),
                &[&bound, &status, &now_s, &now_n],
            )
            .map_err(pg_err("counting a listing"))?
            .get(0);
        let (lim, off) = (
            to_i64(limit, "page size")?,
            to_i64(query.offset(), "page offset")?,
        );
        let rows = tx
            .query(
                format!(
                    "SELECT a.json, a.revision FROM {from} WHERE {key} AND {status_clause} \
                     AND {page_visible} ORDER BY {order} LIMIT $3 OFFSET $4"
                )
                .as_str(),
                &[&bound, &status, &lim, &off, &now_s, &now_n],
            )
            .map_err(pg_err("listing articles"))?;
        let items = rows
            .iter()
            .map(|r| decode(r.get(0), r.get(1)))
            .collect::<Result<Vec<_>, _>>()?;
        tx.commit().map_err(pg_err("ending a listing"))?;
        Ok(Listing {
            items,
            total: to_usize(total, "counting a listing")?,
            page: query.page.max(1),
            per_page: limit,
        })
    }

    fn scan(
        &self,
        after: Option<&ArticleId>,
        limit: usize,
    ) -> Result<Vec<StoredArticle>, StoreError> {
        let lim = to_i64(limit, "scan limit")?;
        let mut conn = self.conn()?;
        let client = conn.client()?;
        let rows = match after {
            Some(a) => client.query(
                "SELECT json, revision FROM articles WHERE id > $1 ORDER BY id LIMIT $2",
                &[&a.as_str(), &lim],
            ),
            None => client.query(
                "SELECT json, revision FROM articles ORDER BY id LIMIT $1",
                &[&lim],
            ),
        }
        .map_err(pg_err("scanning articles"))?;
        rows.iter().map(|r| decode(r.get(0), r.get(1))).collect()
    }

    fn count(&self) -> Result<usize, StoreError> {
        let mut conn = self.conn()?;
        let n: i64 = conn
            .client()?
            .query_one("SELECT COUNT(*) FROM articles", &[])
            .map_err(pg_err("counting articles"))?
            .get(0);
        to_usize(n, "counting articles")
    }

    fn categories(&self) -> Result<Vec<(Category, usize)>, StoreError> {
        let mut conn = self.conn()?;
        let rows = conn
            .client()?
            .query(
                "SELECT category_slug, category_name, n FROM ( \
                   SELECT category_slug, category_name, \
                     COUNT(*) OVER (PARTITION BY category_slug) AS n, \
                     ROW_NUMBER() OVER (PARTITION BY category_slug \
                       ORDER BY rk_secs DESC, rk_nanos DESC, id) AS rn \
                   FROM articles WHERE category_slug IS NOT NULL) c WHERE rn = 1",
                &[],
            )
            .map_err(pg_err("listing categories"))?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let slug = Slug::new(r.get::<_, String>(0))
                .map_err(|e| StoreError::backend("reading a category slug", e))?;
            let name: String = r.get(1);
            out.push((
                Category { name, slug },
                to_usize(r.get(2), "counting a category")?,
            ));
        }
        out.sort_by(|a, b| a.0.name.cmp(&b.0.name).then(a.0.slug.cmp(&b.0.slug)));
        Ok(out)
    }
}
