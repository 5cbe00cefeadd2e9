//! The PostgreSQL adapter against a real server.
//!
//! Reads the libpq connection string from `TINTUC_TEST_PG` (start a throwaway server with
//! `eval "$(scripts/pg-test-server.sh)"`). Unset: each test prints
//! `SKIP: TINTUC_TEST_PG not set` and returns. Set: a server that is down fails the tests.
//! Each store gets its own fresh schema, dropped at the end of the test.
#![cfg(feature = "postgres")]

use std::sync::Arc;

use tintuc::model::Status;
use tintuc::store::{
    conformance, revision_conformance, ArticleStore, Filter, ListQuery, PostgresStore,
    RevisionStore,
};

use crate::common::pg::{pg_params, Schemas, ENV};
use crate::common::store_checks;

/// Opens stores in the test's schemas.
trait Open {
    fn open(&self, schema: &str) -> PostgresStore;
    /// Opens the store with the `terms` column kept (a related candidate source).
    fn open_with_terms(&self, schema: &str) -> PostgresStore;
}

impl Open for Schemas {
    fn open(&self, schema: &str) -> PostgresStore {
        PostgresStore::connect_in_schema(&self.params, schema)
            .unwrap_or_else(|e| panic!("{ENV} is set but connecting failed: {e:?}"))
    }
    fn open_with_terms(&self, schema: &str) -> PostgresStore {
        tintuc::related::postgres::connect_in_schema(&self.params, schema)
            .unwrap_or_else(|e| panic!("{ENV} is set but connecting failed: {e:?}"))
    }
}

#[test]
fn postgres_store_passes_conformance() {
    let Some(params) = pg_params() else { return };
    let schemas = Schemas::new(&params);
    let report = conformance::run(|| {
        let s = schemas.fresh("conf");
        schemas.open(&s)
    });
    report.assert_ok();
    assert_eq!(report.passed.len(), 14);
    let report = conformance::run(|| {
        let s = schemas.fresh("conft");
        schemas.open_with_terms(&s)
    });
    report.assert_ok();
    assert_eq!(report.passed.len(), 14);
}

#[test]
fn postgres_store_passes_revision_conformance() {
    let Some(params) = pg_params() else { return };
    let schemas = Schemas::new(&params);
    let report = revision_conformance::run(|| {
        let s = schemas.fresh("revs");
        schemas.open(&s)
    });
    report.assert_ok();
    assert_eq!(report.passed.len(), 5);
}

#[test]
fn postgres_store_is_object_safe_and_reopens() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<PostgresStore>();
    let Some(params) = pg_params() else { return };
    let schemas = Schemas::new(&params);
    let schema = schemas.fresh("reopen");
    let sample = tintuc::import::sample_articles().unwrap();
    {
        let store: Arc<dyn ArticleStore> = Arc::new(schemas.open(&schema));
        for a in &sample {
            store.put(a, None).unwrap();
        }
    }
    // A second connect migrates nothing and sees everything.
    let store = schemas.open(&schema);
    let memory =
        tintuc::store::MemoryStore::with_articles(tintuc::import::sample_articles().unwrap())
            .unwrap();
    assert_eq!(store.count().unwrap(), sample.len());
    for a in &sample {
        assert_eq!(&store.get_by_slug(&a.slug).unwrap().unwrap().article, a);
    }
    assert_eq!(store.categories().unwrap(), memory.categories().unwrap());
    let mut filters = vec![Filter::All];
    for (c, _) in memory.categories().unwrap() {
        filters.push(Filter::Category(c.slug));
    }
    for a in &sample {
        for t in &a.tags {
            filters.push(Filter::Tag(t.clone()));
        }
    }
    for f in filters {
        for status in [None, Some(Status::Published), Some(Status::Draft)] {
            for page in 1..=3 {
                let mut q = ListQuery::new(f.clone()).per_page(7).page(page);
                q.status = status;
                assert_eq!(store.list(&q).unwrap(), memory.list(&q).unwrap(), "{q:?}");
            }
        }
    }
}

#[test]
fn bad_schema_name_is_refused() {
    let Some(params) = pg_params() else { return };
    let err = PostgresStore::connect_in_schema(&params, "x; DROP TABLE y").unwrap_err();
    assert!(format!("{err:?}").contains("schema name"), "{err:?}");
}

/// 8 threads, each with its own `PostgresStore` (its own connections), one schema.
#[test]
fn eight_writers_on_separate_connections_lose_nothing() {
    let Some(params) = pg_params() else { return };
    let schemas = Schemas::new(&params);
    let schema = schemas.fresh("writers");
    store_checks::eight_writers(|| schemas.open(&schema));
}

/// Not a test on its own: the child process of `killed_writer_loses_nothing_committed`.
#[test]
#[ignore = "child process of the crash test"]
fn pg_crash_child_process() {
    let (Ok(schema), Ok(prefix), Some(params)) = (
        std::env::var(store_checks::CHILD_DB_ENV),
        std::env::var(store_checks::CHILD_PREFIX_ENV),
        pg_params(),
    ) else {
        return;
    };
    let store = PostgresStore::connect_in_schema(&params, &schema).unwrap();
    store_checks::child_loop(store, &prefix);
}

/// A client process writing ~100 KB articles is SIGKILLed mid-batch, five times: the
/// server must keep every acknowledged commit and roll back the interrupted one.
#[test]
fn killed_writer_loses_nothing_committed() {
    let Some(params) = pg_params() else { return };
    let schemas = Schemas::new(&params);
    let schema = schemas.fresh("crash");
    drop(schemas.open(&schema)); // create the schema before the child starts
    store_checks::killed_writer(
        "store_postgres::pg_crash_child_process",
        &schema,
        || schemas.open(&schema),
        || {},
    );
}

/// A database written by schema v1 (no `terms` column) is migrated on connect; a store
/// opened without terms cannot serve candidates, and opening it with terms indexes the
/// articles already there.
#[test]
fn v1_database_is_migrated_and_backfilled() {
    use tintuc::related::{CandidateQuery, CandidateSource, Constraints};
    let Some(params) = pg_params() else { return };
    let schemas = Schemas::new(&params);
    let schema = schemas.fresh("migrate");
    let sample = tintuc::import::sample_articles().unwrap();
    {
        let store = schemas.open(&schema);
        for a in &sample {
            store.put(a, None).unwrap();
        }
    }
    // Turn the schema back into v1.
    let mut admin = postgres::Client::connect(&params, postgres::NoTls).unwrap();
    admin
        .batch_execute(&format!(
            "ALTER TABLE {schema}.articles DROP COLUMN terms, DROP COLUMN ex_secs, \
             DROP COLUMN ex_nanos; \
             DROP TABLE {schema}.article_revisions; \
             UPDATE {schema}.tintuc_schema_version SET version = 1"
        ))
        .unwrap();
    let plain = schemas.open(&schema);
    let version: i32 = admin
        .query_one(
            &format!("SELECT version FROM {schema}.tintuc_schema_version"),
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(version, 5);
    // The history is backfilled: one entry per article, at its current revision.
    for a in &sample {
        let h = plain.revisions(&a.id).unwrap();
        assert_eq!(h.len(), 1, "{}", a.id);
        let v = plain.revision(&a.id, h[0].revision).unwrap().unwrap();
        assert_eq!(v.article.as_ref(), Some(a));
    }
    // A term in exactly two published articles: never "common", whatever the statistics.
    let published: Vec<_> = sample
        .iter()
        .filter(|a| a.status == Status::Published)
        .collect();
    let mut df: std::collections::BTreeMap<String, usize> = Default::default();
    for a in &published {
        let text = format!(
            "{}\n{}\n{}",
            a.title,
            a.lead.as_deref().unwrap_or(""),
            a.body_text()
        );
        let mut ts = tintuc::related::terms(&text);
        ts.sort();
        ts.dedup();
        for t in ts {
            *df.entry(t).or_default() += 1;
        }
    }
    let (term, _) = df.iter().find(|(_, n)| **n == 2).unwrap();
    let constraints = Constraints::default();
    let q = CandidateQuery {
        terms: vec![(term.as_str(), 1.0)],
        tags: vec![],
        exclude: None,
        constraints: &constraints,
        published: None,
        limit: 50,
    };
    let err = plain.candidates(&q).unwrap_err();
    assert!(err.message.contains("terms"), "{err}");
    let store = schemas.open_with_terms(&schema);
    let found = store.candidates(&q).unwrap();
    assert_eq!(found.len(), 2, "backfilled terms do not match ({term})");
    // A write through the plain store empties the article's terms; the next store
    // opened with terms indexes it again.
    let first = published.iter().find(|a| {
        let text = format!(
            "{}\n{}\n{}",
            a.title,
            a.lead.as_deref().unwrap_or(""),
            a.body_text()
        );
        tintuc::related::terms(&text).contains(term)
    });
    let first = first.unwrap();
    let rev = plain.get(&first.id).unwrap().unwrap().revision;
    plain.put(first, Some(rev)).unwrap();
    assert_eq!(store.candidates(&q).unwrap().len(), 1);
    let store = schemas.open_with_terms(&schema);
    assert_eq!(store.candidates(&q).unwrap().len(), 2);
}

#[test]
fn a_version_2_database_gets_its_expiry_times_from_the_json() {
    let Some(params) = pg_params() else { return };
    let schemas = Schemas::new(&params);
    let schema = schemas.fresh("expiry");
    let mut a =
        tintuc::model::Article::new("a1".parse().unwrap(), "Tin".into(), "tin".parse().unwrap());
    a.status = Status::Published;
    a.published = Some("2024-05-01T08:00:00+07:00".parse().unwrap());
    a.expires = Some("2024-05-02T08:00:00.5+07:00".parse().unwrap());
    schemas.open(&schema).put(&a, None).unwrap();
    // Back to the version-2 layout: no expiry columns.
    let mut admin = postgres::Client::connect(&params, postgres::NoTls).unwrap();
    admin
        .batch_execute(&format!(
            "ALTER TABLE {schema}.articles DROP COLUMN ex_secs, DROP COLUMN ex_nanos; \
             DROP TABLE {schema}.article_revisions; \
             UPDATE {schema}.tintuc_schema_version SET version = 2"
        ))
        .unwrap();
    let store = schemas.open(&schema);
    let at = |t: &str| {
        let q = ListQuery::new(Filter::All).visible_at(t.parse().unwrap());
        store.list(&q).unwrap().total
    };
    assert_eq!(at("2024-05-02T08:00:00.499+07:00"), 1);
    assert_eq!(at("2024-05-02T08:00:00.5+07:00"), 0);
}
