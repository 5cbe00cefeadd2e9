//! Tests of the SQLite store that look inside it (its query plans).

use super::super::sql::CREATOR_SQL;
use crate::model::Article;
use crate::store::{RevisionStore, SqliteStore};

/// SQLite's plan for the creator query searches the tombstone index and the primary
/// key, and scans no table.
#[test]
fn creator_query_uses_the_tombstone_index() {
    let dir = std::env::temp_dir().join(format!("tintuc-creator-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("creator.sqlite3");
    let _ = std::fs::remove_file(&path);
    let store = SqliteStore::open(&path).unwrap();
    let a = Article::new("a1".parse().unwrap(), "Tin".into(), "tin".parse().unwrap());
    let mut rev = store.put_as(&a, None, Some("lan")).unwrap();
    for _ in 0..50 {
        rev = store.put_as(&a, Some(rev), Some("minh")).unwrap();
    }
    assert_eq!(store.creator(&a.id, rev).unwrap().as_deref(), Some("lan"));
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mut st = conn
        .prepare(&format!("EXPLAIN QUERY PLAN {CREATOR_SQL}"))
        .unwrap();
    let plan: Vec<String> = st
        .query_map(rusqlite::params!["a1", 51], |r| r.get::<_, String>(3))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let text = plan.join("\n");
    drop(st);
    drop(conn);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(text.contains("article_revisions_tombstones"), "{text}");
    assert!(!text.contains("SCAN"), "{text}");
}
