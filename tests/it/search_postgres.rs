//! `search::postgres` against a real server: results beside the in-memory index on the
//! bundled sample, the search rows kept current through insert / update / delete and
//! repaired by `sync`, filters, drafts, quoted phrases, bad input, and the store
//! conformance suite on the wrapping store.
//!
//! Reads the libpq connection string from `TINTUC_TEST_PG` (start a throwaway server with
//! `eval "$(scripts/pg-test-server.sh)"`). Unset: each test prints
//! `SKIP: TINTUC_TEST_PG not set` and returns. Each test works in fresh schemas, dropped
//! at the end.
#![cfg(feature = "postgres")]

use tintuc::import::sample_articles;
use tintuc::model::{Article, Status};
use tintuc::search::postgres::{self, PgSearchError, PostgresSearch};
use tintuc::search::{Index, Order, Query, SearchError};
use tintuc::store::{conformance, ArticleStore, PostgresStore};

use crate::common::pg::{pg_params, Schemas, ENV};

/// Opens searches in the test's schemas.
trait Open {
    fn open(&self, schema: &str) -> PostgresSearch;
}

impl Open for Schemas {
    fn open(&self, schema: &str) -> PostgresSearch {
        postgres::connect_in_schema(&self.params, schema)
            .unwrap_or_else(|e| panic!("{ENV} is set but connecting failed: {e:?}"))
    }
}

fn ids(r: &tintuc::search::Results) -> Vec<&str> {
    r.hits.iter().map(|h| h.id.as_str()).collect()
}

#[test]
fn finds_what_the_in_memory_index_finds_on_the_sample() {
    let Some(params) = pg_params() else { return };
    let schemas = Schemas::new(&params);
    let pg = schemas.open(&schemas.fresh("same")).published_only(false);
    let articles = sample_articles().unwrap();
    for a in &articles {
        pg.put(a, None).unwrap();
    }
    let mem = Index::build(&articles);
    let queries = [
        "so ket phong trao thi dua",
        "so ket phong trao thi du",
        "phomg trao thi dua",
        "giao ước thi đua năm 2018",
        "giao ưóc thi đua",
        "tuyen truyen phap luat dong bao khmer",
        "xét xử lưu động",
        "08/KH-UBND",
        "ma tuy",
        "kiem sat truc tiep thi hanh an",
    ];
    for q in queries {
        let m = mem.search(&Query::new(q)).unwrap();
        let p = pg.search(&Query::new(q)).unwrap();
        assert!(!m.hits.is_empty(), "{q:?}: in-memory finds nothing");
        let top = m.hits[0].id.as_str();
        let found = ids(&p);
        assert!(
            found.iter().take(3).any(|id| *id == top),
            "{q:?}: in-memory top {top} not in postgres top 3 {found:?}"
        );
        assert!(p.total >= p.hits.len());
        let hit = &p.hits[0];
        assert!(!hit.snippet.parts.is_empty(), "{q:?}: no snippet");
        assert!(!hit.explanation.matches.is_empty(), "{q:?}: no explanation");
    }
    // Nothing to match, and refused queries.
    assert!(pg.search(&Query::new("   ")).unwrap().hits.is_empty());
    assert!(pg
        .search(&Query::new("zzqxw wwkjq"))
        .unwrap()
        .hits
        .is_empty());
    let long = "thi đua ".repeat(400);
    assert!(matches!(
        pg.search(&Query::new(long)),
        Err(PgSearchError::Query(SearchError::QueryTooLong { .. }))
    ));
    assert!(matches!(
        pg.search(&Query::new("thi dua").page(0, 5000)),
        Err(PgSearchError::Query(SearchError::LimitTooLarge { .. }))
    ));
}

#[test]
fn rows_follow_inserts_updates_deletes_and_sync_repairs() {
    let Some(params) = pg_params() else { return };
    let schemas = Schemas::new(&params);
    let schema = schemas.fresh("life");
    let pg = schemas.open(&schema);
    let articles = sample_articles().unwrap();
    let mut a: Article = articles
        .iter()
        .find(|a| a.status == Status::Published)
        .unwrap()
        .clone();
    let rev = pg.put(&a, None).unwrap();
    let found = |pg: &PostgresSearch, q: &str| -> Vec<String> {
        pg.search(&Query::new(q))
            .unwrap()
            .hits
            .iter()
            .map(|h| h.id.to_string())
            .collect()
    };
    assert!(a.title.starts_with("Khối thi đua"), "{}", a.title);
    let title = tintuc::text::fold(&a.title);
    assert_eq!(found(&pg, &title), [a.id.to_string()]);

    // Update: the new title is found, the old one no longer.
    a.title = "Hội thao mừng xuân Kỷ Hợi".into();
    a.lead = None;
    a.body = vec![tintuc::model::Block::paragraph("Bóng chuyền, kéo co.")];
    a.tags.clear();
    a.documents.clear();
    pg.put(&a, Some(rev)).unwrap();
    assert_eq!(found(&pg, "hoi thao mung xuan"), [a.id.to_string()]);
    // The row itself lost the old keys (the ranking reads the current article anyway).
    let mut client = ::postgres::Client::connect(&params, ::postgres::NoTls).unwrap();
    let row = client
        .query_one(
            &format!(
                "SELECT keys @@ 'khoi'::tsquery, keys @@ '''mung xuan'''::tsquery \
                 FROM {schema}.search_docs WHERE id = $1"
            ),
            &[&a.id.as_str()],
        )
        .unwrap();
    assert!(!row.get::<_, bool>(0), "old key kept");
    assert!(row.get::<_, bool>(1), "new bigram missing");

    // A draft is not found unless asked for.
    let draft = articles.iter().find(|a| a.status == Status::Draft).unwrap();
    pg.put(draft, None).unwrap();
    let dq = tintuc::text::fold(&draft.title);
    assert!(!found(&pg, &dq).contains(&draft.id.to_string()));
    let all = schemas.open(&schema).published_only(false);
    assert!(found(&all, &dq).contains(&draft.id.to_string()));

    // Delete: the row goes with the article.
    pg.delete(&a.id, None).unwrap();
    assert!(found(&pg, "hoi thao mung xuan").is_empty());

    // Written through a plain store: not found until `sync`.
    let plain = PostgresStore::connect_in_schema(&params, &schema).unwrap();
    let other = articles
        .iter()
        .find(|x| x.status == Status::Published && x.id != a.id)
        .unwrap();
    plain.put(other, None).unwrap();
    let oq = tintuc::text::fold(&other.title);
    assert!(!found(&pg, &oq).contains(&other.id.to_string()));
    assert_eq!(pg.sync().unwrap(), 1);
    assert!(found(&pg, &oq).contains(&other.id.to_string()));
    assert_eq!(pg.sync().unwrap(), 0);
    // A stale row (the article changed behind its back) is re-indexed too.
    let stored = plain.get(&other.id).unwrap().unwrap();
    let mut changed = other.clone();
    changed.title = "Giải bóng đá truyền thống ngành kiểm sát".into();
    plain.put(&changed, Some(stored.revision)).unwrap();
    assert_eq!(pg.sync().unwrap(), 1);
    assert!(found(&pg, "giai bong da truyen thong").contains(&other.id.to_string()));
}

#[test]
fn filters_phrases_and_date_order() {
    let Some(params) = pg_params() else { return };
    let schemas = Schemas::new(&params);
    let pg = schemas.open(&schemas.fresh("filt"));
    let articles = sample_articles().unwrap();
    for a in &articles {
        pg.put(a, None).unwrap();
    }
    let published: Vec<&Article> = articles
        .iter()
        .filter(|a| a.status == Status::Published)
        .collect();
    let mem = Index::build(published.iter().copied());

    let q = Query::new("thi dua").category("thi-dua-khen-thuong");
    let r = pg.search(&q).unwrap();
    assert!(!r.hits.is_empty());
    for h in &r.hits {
        let a = articles.iter().find(|a| a.id == h.id).unwrap();
        assert_eq!(
            a.category.as_ref().unwrap().slug.as_str(),
            "thi-dua-khen-thuong"
        );
    }
    assert_eq!(r.total, mem.search(&q).unwrap().total);

    let q = Query::new("ky ket").tag("Giao ước thi đua");
    let r = pg.search(&q).unwrap();
    assert_eq!(ids(&r), ids(&mem.search(&q).unwrap()));

    // A quoted phrase is required: every hit has the two syllables side by side.
    let q = Query::new("\"thi hành án\" kiểm sát");
    let r = pg.search(&q).unwrap();
    assert!(!r.hits.is_empty());
    for h in &r.hits {
        let a = articles.iter().find(|a| a.id == h.id).unwrap();
        let text = tintuc::text::fold(&format!(
            "{} {} {}",
            a.title,
            a.lead.clone().unwrap_or_default(),
            a.body_text()
        ));
        assert!(text.to_lowercase().contains("thi hanh an"), "{}", a.id);
    }
    assert_eq!(r.total, mem.search(&q).unwrap().total);

    // Date order: newest first, as the in-memory index orders them.
    let q = Query::new("tuyen truyen phap luat")
        .order(Order::Newest)
        .page(0, 5);
    let r = pg.search(&q).unwrap();
    let dates: Vec<_> = r
        .hits
        .iter()
        .map(|h| articles.iter().find(|a| a.id == h.id).unwrap().published)
        .collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    assert_eq!(ids(&r), ids(&mem.search(&q).unwrap()));

    // A date window.
    let from = "2018-07-01T00:00:00+07:00".parse().unwrap();
    let q = Query::new("thi dua").published(Some(from), None);
    let r = pg.search(&q).unwrap();
    assert!(!r.hits.is_empty());
    for h in &r.hits {
        let a = articles.iter().find(|a| a.id == h.id).unwrap();
        assert!(a.published.unwrap() >= from);
    }
    assert_eq!(r.total, mem.search(&q).unwrap().total);
}

#[test]
fn the_wrapping_store_passes_conformance() {
    let Some(params) = pg_params() else { return };
    let schemas = Schemas::new(&params);
    let report = conformance::run(|| schemas.open(&schemas.fresh("conf")));
    report.assert_ok();
}
