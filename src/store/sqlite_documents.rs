//! The SQLite document store (cargo feature `sqlite`).
//!
//! One row per document in `documents`: the model's JSON (the source of truth) plus the
//! columns queries need — `slug` (unique), the symbol key and year (lookup), kind,
//! issuer key, issue/effective/expiry days as ISO text (listing filters; validity is
//! decided in SQL) — and one row per field in `document_fields`. The tables live beside
//! the article tables in any SQLite file; their schema version is kept in
//! `tintuc_schema` under the name `documents`, apart from the articles' `user_version`.
//! Every write is one `BEGIN IMMEDIATE` transaction (revision compare-and-set, slug
//! check, row and fields together or not at all).

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use super::documents::{
    DocumentLookup, DocumentQuery, DocumentStore, DocumentStoreError, StoredDocument,
};
use super::{Listing, Revision};
use crate::document::{issuer_key, Document, DocumentId, Validity};
use crate::model::{Slug, VIETNAM_OFFSET};

const SCHEMA_VERSION: i64 = 1;

const SCHEMA: &str = r#"
CREATE TABLE documents (
    id          TEXT    NOT NULL PRIMARY KEY,
    slug        TEXT    NOT NULL UNIQUE,
    symbol_key  TEXT    NOT NULL,
    year        INTEGER NOT NULL,
    kind        TEXT    NOT NULL,
    issuer_key  TEXT    NOT NULL,
    issued      TEXT    NOT NULL,
    effective   TEXT    NOT NULL,
    expires     TEXT,
    revision    INTEGER NOT NULL,
    json        TEXT    NOT NULL
) STRICT;
CREATE INDEX documents_symbol ON documents (symbol_key, year);
CREATE INDEX documents_recent ON documents (issued DESC, id);
CREATE TABLE document_fields (
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    field       TEXT NOT NULL,
    PRIMARY KEY (document_id, field)
) STRICT;
CREATE INDEX document_fields_field ON document_fields (field);
"#;

fn db_err(what: &'static str) -> impl FnOnce(rusqlite::Error) -> DocumentStoreError {
    move |e| DocumentStoreError::Backend {
        message: what.into(),
        source: Box::new(e),
    }
}

fn other(what: &'static str, msg: String) -> DocumentStoreError {
    DocumentStoreError::Backend {
        message: what.into(),
        source: Box::new(std::io::Error::other(msg)),
    }
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn kind_name(d: &Document) -> Result<String, DocumentStoreError> {
    match serde_json::to_value(d.kind) {
        Ok(serde_json::Value::String(s)) => Ok(s),
        _ => Err(other("encoding a document kind", format!("{:?}", d.kind))),
    }
}

fn decode(json: &str, revision: i64) -> Result<StoredDocument, DocumentStoreError> {
    let document: Document =
        serde_json::from_str(json).map_err(|e| DocumentStoreError::Backend {
            message: "decoding document json".into(),
            source: Box::new(e),
        })?;
    let revision = u64::try_from(revision).map_err(|_| {
        other(
            "reading a revision",
            format!("negative revision {revision}"),
        )
    })?;
    Ok(StoredDocument {
        document,
        revision: Revision(revision),
    })
}

/// Documents in an SQLite database file (the articles' file or another). `Send + Sync`.
///
/// ```
/// use tintuc::store::{document_conformance, DocumentStore, SqliteDocumentStore};
/// let dir = std::env::temp_dir().join(format!("tintuc-docs-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let path = dir.join("van-ban.sqlite3");
/// # let _ = std::fs::remove_file(&path);
/// let store = SqliteDocumentStore::open(&path)?;
/// let d = tintuc::document::sample_documents()?.remove(0);
/// let r = store.put_document(&d, None)?;
/// drop(store);
/// let reopened = SqliteDocumentStore::open(&path)?;
/// assert_eq!(reopened.get_document(&d.id)?.unwrap().revision, r);
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct SqliteDocumentStore {
    conn: Mutex<Connection>,
}

impl SqliteDocumentStore {
    /// Opens (creating if needed) the database at `path` and brings the document tables
    /// up to date. A file whose document tables are newer than this library is refused.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, DocumentStoreError> {
        let mut conn = Connection::open(path).map_err(db_err("opening the database"))?;
        conn.busy_timeout(std::time::Duration::from_secs(30))
            .map_err(db_err("setting the busy timeout"))?;
        conn.execute_batch("PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;")
            .map_err(db_err("configuring the connection"))?;
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db_err("starting the migration"))?;
        tx.execute_batch(
            "CREATE TABLE IF NOT EXISTS tintuc_schema (name TEXT NOT NULL PRIMARY KEY, version INTEGER NOT NULL) STRICT;",
        )
        .map_err(db_err("creating the schema table"))?;
        let version: i64 = tx
            .query_row(
                "SELECT version FROM tintuc_schema WHERE name = 'documents'",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(db_err("reading the schema version"))?
            .unwrap_or(0);
        if version > SCHEMA_VERSION {
            return Err(other(
                "checking the schema version",
                format!("document schema version {version} is newer than this library's {SCHEMA_VERSION}"),
            ));
        }
        if version < 1 {
            tx.execute_batch(SCHEMA)
                .map_err(db_err("creating the document tables"))?;
            tx.execute(
                "INSERT OR REPLACE INTO tintuc_schema (name, version) VALUES ('documents', ?1)",
                [SCHEMA_VERSION],
            )
            .map_err(db_err("recording the schema version"))?;
        }
        tx.commit().map_err(db_err("committing the migration"))?;
        Ok(SqliteDocumentStore {
            conn: Mutex::new(conn),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic mid-transaction leaves nothing behind: the transaction rolls back on drop.
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn get_where(
        &self,
        column: &'static str,
        value: &str,
    ) -> Result<Option<StoredDocument>, DocumentStoreError> {
        let conn = self.lock();
        let sql = format!("SELECT json, revision FROM documents WHERE {column} = ?1");
        let row = conn
            .prepare_cached(&sql)
            .and_then(|mut st| {
                st.query_row([value], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
                })
                .optional()
            })
            .map_err(db_err("reading a document"))?;
        row.map(|(j, r)| decode(&j, r)).transpose()
    }
}

impl DocumentStore for SqliteDocumentStore {
    fn get_document(&self, id: &DocumentId) -> Result<Option<StoredDocument>, DocumentStoreError> {
        self.get_where("id", id.as_str())
    }

    fn get_document_by_slug(
        &self,
        slug: &Slug,
    ) -> Result<Option<StoredDocument>, DocumentStoreError> {
        self.get_where("slug", slug.as_str())
    }

    fn put_document(
        &self,
        d: &Document,
        expected: Option<Revision>,
    ) -> Result<Revision, DocumentStoreError> {
        d.validate()?;
        let json = serde_json::to_string(d).map_err(|e| DocumentStoreError::Backend {
            message: "encoding document json".into(),
            source: Box::new(e),
        })?;
        let kind = kind_name(d)?;
        let mut conn = self.lock();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db_err("starting a write"))?;
        let actual: Option<i64> = tx
            .query_row(
                "SELECT revision FROM documents WHERE id = ?1",
                [d.id.as_str()],
                |r| r.get(0),
            )
            .optional()
            .map_err(db_err("reading the revision"))?;
        let actual = actual.map(|r| Revision(u64::try_from(r).unwrap_or(0)));
        if actual != expected {
            return Err(DocumentStoreError::Conflict {
                id: d.id.clone(),
                expected,
                actual,
            });
        }
        let owner: Option<String> = tx
            .query_row(
                "SELECT id FROM documents WHERE slug = ?1",
                [d.slug.as_str()],
                |r| r.get(0),
            )
            .optional()
            .map_err(db_err("checking the slug"))?;
        if let Some(owner) = owner.filter(|o| o != d.id.as_str()) {
            let owner =
                DocumentId::new(owner).map_err(|e| other("reading a slug owner", e.to_string()))?;
            return Err(DocumentStoreError::SlugTaken {
                slug: d.slug.clone(),
                owner,
            });
        }
        let revision = actual.map_or(1, |r| r.0 + 1);
        let rev_i64 = i64::try_from(revision)
            .map_err(|_| other("writing a revision", revision.to_string()))?;
        tx.execute(
            "INSERT INTO documents (id, slug, symbol_key, year, kind, issuer_key, issued, effective, expires, revision, json)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
             ON CONFLICT (id) DO UPDATE SET slug = ?2, symbol_key = ?3, year = ?4, kind = ?5,
               issuer_key = ?6, issued = ?7, effective = ?8, expires = ?9, revision = ?10, json = ?11",
            params![
                d.id.as_str(),
                d.slug.as_str(),
                d.symbol.key(),
                d.year(),
                kind,
                issuer_key(&d.issuer),
                day(d.issued),
                day(d.effective_from()),
                d.expires.map(day),
                rev_i64,
                json
            ],
        )
        .map_err(db_err("writing a document"))?;
        tx.execute(
            "DELETE FROM document_fields WHERE document_id = ?1",
            [d.id.as_str()],
        )
        .map_err(db_err("writing document fields"))?;
        for f in &d.fields {
            tx.execute(
                "INSERT OR IGNORE INTO document_fields (document_id, field) VALUES (?1, ?2)",
                params![d.id.as_str(), f],
            )
            .map_err(db_err("writing document fields"))?;
        }
        tx.commit().map_err(db_err("committing a write"))?;
        Ok(Revision(revision))
    }

    fn delete_document(
        &self,
        id: &DocumentId,
        expected: Option<Revision>,
    ) -> Result<(), DocumentStoreError> {
        let mut conn = self.lock();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db_err("starting a delete"))?;
        let actual: Option<i64> = tx
            .query_row(
                "SELECT revision FROM documents WHERE id = ?1",
                [id.as_str()],
                |r| r.get(0),
            )
            .optional()
            .map_err(db_err("reading the revision"))?;
        let Some(actual) = actual.map(|r| Revision(u64::try_from(r).unwrap_or(0))) else {
            return Err(DocumentStoreError::NotFound { id: id.clone() });
        };
        if expected.is_some_and(|e| e != actual) {
            return Err(DocumentStoreError::Conflict {
                id: id.clone(),
                expected,
                actual: Some(actual),
            });
        }
        tx.execute("DELETE FROM documents WHERE id = ?1", [id.as_str()])
            .map_err(db_err("deleting a document"))?;
        tx.commit().map_err(db_err("committing a delete"))
    }

    fn list_documents(
        &self,
        q: &DocumentQuery,
    ) -> Result<Listing<StoredDocument>, DocumentStoreError> {
        let mut clauses: Vec<String> = Vec::new();
        let mut values: Vec<rusqlite::types::Value> = Vec::new();
        let mut bind = |clause: &str, v: rusqlite::types::Value, clauses: &mut Vec<String>| {
            values.push(v);
            clauses.push(clause.replace('?', &format!("?{}", values.len())));
        };
        if let Some(k) = q.kind {
            let name = match serde_json::to_value(k) {
                Ok(serde_json::Value::String(s)) => s,
                _ => String::new(),
            };
            bind("kind = ?", name.into(), &mut clauses);
        }
        if let Some(i) = &q.issuer {
            bind("issuer_key = ?", issuer_key(i).into(), &mut clauses);
        }
        if let Some(f) = &q.field {
            bind(
                "EXISTS (SELECT 1 FROM document_fields f WHERE f.document_id = documents.id AND f.field = ?)",
                f.clone().into(),
                &mut clauses,
            );
        }
        if let Some(y) = q.year {
            bind("year = ?", i64::from(y).into(), &mut clauses);
        }
        if let Some((v, at)) = q.validity {
            let today = day(at.with_timezone(&VIETNAM_OFFSET).date_naive());
            let clause = match v {
                Validity::NotYetInForce => "effective > ?",
                Validity::InForce => "effective <= ?1x AND (expires IS NULL OR expires > ?1x)",
                Validity::Expired => "expires <= ?",
            };
            if v == Validity::InForce {
                values.push(today.into());
                let n = values.len();
                clauses.push(clause.replace("?1x", &format!("?{n}")));
            } else {
                bind(clause, today.into(), &mut clauses);
            }
        }
        let filter = if clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", clauses.join(" AND "))
        };
        let conn = self.lock();
        let total: i64 = conn
            .query_row(
                &format!("SELECT COUNT(*) FROM documents{filter}"),
                rusqlite::params_from_iter(values.iter()),
                |r| r.get(0),
            )
            .map_err(db_err("counting documents"))?;
        let limit = i64::try_from(q.limit()).unwrap_or(i64::MAX);
        let offset = i64::try_from(q.offset()).unwrap_or(i64::MAX);
        let sql = format!(
            "SELECT json, revision FROM documents{filter} ORDER BY issued DESC, id LIMIT {limit} OFFSET {offset}"
        );
        let mut st = conn.prepare(&sql).map_err(db_err("listing documents"))?;
        let rows = st
            .query_map(rusqlite::params_from_iter(values.iter()), |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
            })
            .map_err(db_err("listing documents"))?;
        let mut items = Vec::new();
        for row in rows {
            let (j, r) = row.map_err(db_err("listing documents"))?;
            items.push(decode(&j, r)?);
        }
        Ok(Listing {
            items,
            total: usize::try_from(total).unwrap_or(0),
            page: q.page.max(1),
            per_page: q.limit(),
        })
    }

    fn lookup(&self, lookup: &DocumentLookup) -> Result<Vec<StoredDocument>, DocumentStoreError> {
        let conn = self.lock();
        let mut st = conn
            .prepare_cached(
                "SELECT json, revision FROM documents WHERE symbol_key = ?1 ORDER BY issued, id",
            )
            .map_err(db_err("looking up documents"))?;
        let rows = st
            .query_map([lookup.symbol.key()], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
            })
            .map_err(db_err("looking up documents"))?;
        let mut out = Vec::new();
        for row in rows {
            let (j, r) = row.map_err(db_err("looking up documents"))?;
            let s = decode(&j, r)?;
            if lookup.matches(&s.document) {
                out.push(s);
            }
        }
        Ok(out)
    }

    fn count_documents(&self) -> Result<usize, DocumentStoreError> {
        let n: i64 = self
            .lock()
            .query_row("SELECT COUNT(*) FROM documents", [], |r| r.get(0))
            .map_err(db_err("counting documents"))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }
}
