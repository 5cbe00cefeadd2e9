//! The PostgreSQL document store (cargo feature `postgres`).
//!
//! Tables `documents` and `document_fields`, as in the SQLite store (days as ISO text,
//! the JSON as the source of truth), versioned in `tintuc_document_schema` apart from
//! the article tables. One client behind a mutex; every write is one transaction that
//! locks the document's row (`SELECT … FOR UPDATE`) before the revision check.

use std::sync::{Mutex, MutexGuard};

use postgres::types::ToSql;
use postgres::{Client, NoTls};

use super::documents::{
    DocumentLookup, DocumentQuery, DocumentStore, DocumentStoreError, StoredDocument,
};
use super::{Listing, Revision};
use crate::document::{issuer_key, Document, DocumentId, Validity};
use crate::model::{Slug, VIETNAM_OFFSET};

const SCHEMA_VERSION: i32 = 1;
/// `pg_advisory_xact_lock` key serialising concurrent migrations of the document tables.
const MIGRATION_LOCK: i64 = 0x7469_6e74_7563_0002;

const SCHEMA: &str = r#"
CREATE TABLE documents (
    id          text    NOT NULL PRIMARY KEY,
    slug        text    NOT NULL UNIQUE,
    symbol_key  text    NOT NULL,
    year        integer NOT NULL,
    kind        text    NOT NULL,
    issuer_key  text    NOT NULL,
    issued      text    NOT NULL,
    effective   text    NOT NULL,
    expires     text,
    revision    bigint  NOT NULL,
    json        text    NOT NULL
);
CREATE INDEX documents_symbol ON documents (symbol_key, year);
CREATE INDEX documents_recent ON documents (issued DESC, id);
CREATE TABLE document_fields (
    document_id text NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    field       text NOT NULL,
    PRIMARY KEY (document_id, field)
);
"#;

fn pg_err(what: &'static str) -> impl FnOnce(postgres::Error) -> DocumentStoreError {
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

fn day(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn kind_name(k: crate::model::DocumentKind) -> String {
    match serde_json::to_value(k) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
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

fn is_plain_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && name.len() <= 63
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Documents in a PostgreSQL database. `Send + Sync`.
///
/// ```no_run
/// use tintuc::store::{DocumentStore, PostgresDocumentStore};
/// let store = PostgresDocumentStore::connect("host=127.0.0.1 user=postgres")?;
/// for d in tintuc::document::sample_documents()? {
///     store.put_document(&d, None)?;
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct PostgresDocumentStore {
    client: Mutex<Client>,
}

impl std::fmt::Debug for PostgresDocumentStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresDocumentStore")
            .finish_non_exhaustive()
    }
}

impl PostgresDocumentStore {
    /// Connects (libpq connection string) and brings the document tables up to date.
    pub fn connect(params: &str) -> Result<Self, DocumentStoreError> {
        Self::build(params, None)
    }

    /// Like [`PostgresDocumentStore::connect`], keeping the tables in `schema` (a plain
    /// lower-case identifier, created if missing).
    pub fn connect_in_schema(params: &str, schema: &str) -> Result<Self, DocumentStoreError> {
        if !is_plain_identifier(schema) {
            return Err(other(
                "choosing the schema",
                format!("schema name {schema:?} must match [a-z_][a-z0-9_]{{0,62}}"),
            ));
        }
        Self::build(params, Some(schema))
    }

    fn build(params: &str, schema: Option<&str>) -> Result<Self, DocumentStoreError> {
        let mut client =
            Client::connect(params, NoTls).map_err(pg_err("connecting to postgres"))?;
        if let Some(schema) = schema {
            // `schema` is a checked plain identifier.
            client
                .batch_execute(&format!(
                    "CREATE SCHEMA IF NOT EXISTS {schema}; SET search_path TO {schema}"
                ))
                .map_err(pg_err("selecting the schema"))?;
        }
        let mut tx = client
            .transaction()
            .map_err(pg_err("starting the migration"))?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .map_err(pg_err("locking for the migration"))?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS tintuc_document_schema (version integer NOT NULL)",
        )
        .map_err(pg_err("creating the version table"))?;
        let version: i32 = tx
            .query_opt("SELECT version FROM tintuc_document_schema", &[])
            .map_err(pg_err("reading the schema version"))?
            .map_or(0, |r| r.get(0));
        if version > SCHEMA_VERSION {
            return Err(other(
                "checking the schema version",
                format!("document schema version {version} is newer than this library's {SCHEMA_VERSION}"),
            ));
        }
        if version < 1 {
            tx.batch_execute(SCHEMA)
                .map_err(pg_err("creating the document tables"))?;
            tx.execute("DELETE FROM tintuc_document_schema", &[])
                .map_err(pg_err("recording the schema version"))?;
            tx.execute(
                "INSERT INTO tintuc_document_schema VALUES ($1)",
                &[&SCHEMA_VERSION],
            )
            .map_err(pg_err("recording the schema version"))?;
        }
        tx.commit().map_err(pg_err("committing the migration"))?;
        Ok(PostgresDocumentStore {
            client: Mutex::new(client),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Client> {
        self.client.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn get_where(
        &self,
        column: &'static str,
        value: &str,
    ) -> Result<Option<StoredDocument>, DocumentStoreError> {
        let sql = format!("SELECT json, revision FROM documents WHERE {column} = $1");
        let row = self
            .lock()
            .query_opt(&sql, &[&value])
            .map_err(pg_err("reading a document"))?;
        row.map(|r| decode(r.get(0), r.get(1))).transpose()
    }
}

impl DocumentStore for PostgresDocumentStore {
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
        let mut client = self.lock();
        let mut tx = client.transaction().map_err(pg_err("starting a write"))?;
        let actual: Option<i64> = tx
            .query_opt(
                "SELECT revision FROM documents WHERE id = $1 FOR UPDATE",
                &[&d.id.as_str()],
            )
            .map_err(pg_err("reading the revision"))?
            .map(|r| r.get(0));
        let actual = actual.map(|r| Revision(u64::try_from(r).unwrap_or(0)));
        if actual != expected {
            return Err(DocumentStoreError::Conflict {
                id: d.id.clone(),
                expected,
                actual,
            });
        }
        let owner: Option<String> = tx
            .query_opt(
                "SELECT id FROM documents WHERE slug = $1",
                &[&d.slug.as_str()],
            )
            .map_err(pg_err("checking the slug"))?
            .map(|r| r.get(0));
        if let Some(owner) = owner.filter(|o| o != d.id.as_str()) {
            let owner =
                DocumentId::new(owner).map_err(|e| other("reading a slug owner", e.to_string()))?;
            return Err(DocumentStoreError::SlugTaken {
                slug: d.slug.clone(),
                owner,
            });
        }
        let revision = actual.map_or(1, |r| r.0 + 1);
        let rev = i64::try_from(revision)
            .map_err(|_| other("writing a revision", revision.to_string()))?;
        let year = d.year();
        tx.execute(
            "INSERT INTO documents (id, slug, symbol_key, year, kind, issuer_key, issued, effective, expires, revision, json)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
             ON CONFLICT (id) DO UPDATE SET slug = $2, symbol_key = $3, year = $4, kind = $5,
               issuer_key = $6, issued = $7, effective = $8, expires = $9, revision = $10, json = $11",
            &[
                &d.id.as_str(),
                &d.slug.as_str(),
                &d.symbol.key(),
                &year,
                &kind_name(d.kind),
                &issuer_key(&d.issuer),
                &day(d.issued),
                &day(d.effective_from()),
                &d.expires.map(day),
                &rev,
                &json,
            ],
        )
        .map_err(pg_err("writing a document"))?;
        tx.execute(
            "DELETE FROM document_fields WHERE document_id = $1",
            &[&d.id.as_str()],
        )
        .map_err(pg_err("writing document fields"))?;
        for f in &d.fields {
            tx.execute(
                "INSERT INTO document_fields (document_id, field) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                &[&d.id.as_str(), f],
            )
            .map_err(pg_err("writing document fields"))?;
        }
        tx.commit().map_err(pg_err("committing a write"))?;
        Ok(Revision(revision))
    }

    fn delete_document(
        &self,
        id: &DocumentId,
        expected: Option<Revision>,
    ) -> Result<(), DocumentStoreError> {
        let mut client = self.lock();
        let mut tx = client.transaction().map_err(pg_err("starting a delete"))?;
        let actual: Option<i64> = tx
            .query_opt(
                "SELECT revision FROM documents WHERE id = $1 FOR UPDATE",
                &[&id.as_str()],
            )
            .map_err(pg_err("reading the revision"))?
            .map(|r| r.get(0));
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
        tx.execute("DELETE FROM documents WHERE id = $1", &[&id.as_str()])
            .map_err(pg_err("deleting a document"))?;
        tx.commit().map_err(pg_err("committing a delete"))
    }

    fn list_documents(
        &self,
        q: &DocumentQuery,
    ) -> Result<Listing<StoredDocument>, DocumentStoreError> {
        let mut clauses: Vec<String> = Vec::new();
        let mut values: Vec<Box<dyn ToSql + Sync>> = Vec::new();
        let mut push = |clause: &str, v: Box<dyn ToSql + Sync>, clauses: &mut Vec<String>| {
            values.push(v);
            clauses.push(clause.replace('?', &format!("${}", values.len())));
        };
        if let Some(k) = q.kind {
            push("kind = ?", Box::new(kind_name(k)), &mut clauses);
        }
        if let Some(i) = &q.issuer {
            push("issuer_key = ?", Box::new(issuer_key(i)), &mut clauses);
        }
        if let Some(f) = &q.field {
            push(
                "EXISTS (SELECT 1 FROM document_fields f WHERE f.document_id = documents.id AND f.field = ?)",
                Box::new(f.clone()),
                &mut clauses,
            );
        }
        if let Some(y) = q.year {
            push("year = ?", Box::new(y), &mut clauses);
        }
        if let Some((v, at)) = q.validity {
            let today = day(at.with_timezone(&VIETNAM_OFFSET).date_naive());
            let clause = match v {
                Validity::NotYetInForce => "effective > ?",
                Validity::InForce => "effective <= ? AND (expires IS NULL OR expires > ?)",
                Validity::Expired => "expires <= ?",
            };
            let n = clause.matches('?').count();
            let mut c = clause.to_string();
            for _ in 0..n {
                values.push(Box::new(today.clone()));
                c = c.replacen('?', &format!("${}", values.len()), 1);
            }
            clauses.push(c);
        }
        let filter = if clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", clauses.join(" AND "))
        };
        let params: Vec<&(dyn ToSql + Sync)> = values.iter().map(|b| b.as_ref()).collect();
        let mut client = self.lock();
        let total: i64 = client
            .query_one(&format!("SELECT COUNT(*) FROM documents{filter}"), &params)
            .map_err(pg_err("counting documents"))?
            .get(0);
        let limit = i64::try_from(q.limit()).unwrap_or(i64::MAX);
        let offset = i64::try_from(q.offset()).unwrap_or(i64::MAX);
        let sql = format!(
            "SELECT json, revision FROM documents{filter} ORDER BY issued DESC, id LIMIT {limit} OFFSET {offset}"
        );
        let rows = client
            .query(&sql, &params)
            .map_err(pg_err("listing documents"))?;
        let items = rows
            .iter()
            .map(|r| decode(r.get(0), r.get(1)))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Listing {
            items,
            total: usize::try_from(total).unwrap_or(0),
            page: q.page.max(1),
            per_page: q.limit(),
        })
    }

    fn lookup(&self, lookup: &DocumentLookup) -> Result<Vec<StoredDocument>, DocumentStoreError> {
        let rows = self
            .lock()
            .query(
                "SELECT json, revision FROM documents WHERE symbol_key = $1 ORDER BY issued, id",
                &[&lookup.symbol.key()],
            )
            .map_err(pg_err("looking up documents"))?;
        let mut out = Vec::new();
        for r in &rows {
            let s = decode(r.get(0), r.get(1))?;
            if lookup.matches(&s.document) {
                out.push(s);
            }
        }
        Ok(out)
    }

    fn count_documents(&self) -> Result<usize, DocumentStoreError> {
        let n: i64 = self
            .lock()
            .query_one("SELECT COUNT(*) FROM documents", &[])
            .map_err(pg_err("counting documents"))?
            .get(0);
        Ok(usize::try_from(n).unwrap_or(0))
    }
}
