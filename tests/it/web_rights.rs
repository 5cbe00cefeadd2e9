//! Rights through the JSON API: tokens map to users with roles per category, every write
//! is checked (403 problem+json naming what is missing), the history names who wrote
//! each version, and `/api/audit` lists the status changes.

use std::net::SocketAddr;
use std::sync::Arc;

use tintuc::store::ArticleStore;
use tintuc::web::{ApiUsers, Config};

use super::web_client::{call, sample_store, site, start, Reply};

const USERS: &str = r#"{
    "tok-lan":  {"user": "lan",  "roles": {"hoat-dong-nganh": ["author"]}},
    "tok-minh": {"user": "minh", "roles": {"hoat-dong-nganh": ["editor"]}},
    "tok-hoa":  {"user": "hoa",  "roles": {"hoat-dong-nganh": ["publisher"]}},
    "tok-khac": {"user": "khac", "roles": {"thi-dua-khen-thuong": ["editor", "publisher"]}}
}"#;

const ID: &str = "quyen-2024-01";

struct Api {
    addr: SocketAddr,
}

impl Api {
    fn send(
        &self,
        token: &str,
        method: &str,
        path: &str,
        extra: &[(&str, &str)],
        body: &str,
    ) -> Reply {
        let auth = format!("Bearer {token}");
        let mut headers = vec![("authorization", auth.as_str())];
        headers.extend_from_slice(extra);
        if !body.is_empty() {
            headers.push(("content-type", "application/json"));
        }
        call(self.addr, method, path, &headers, body.as_bytes())
    }

    /// The stored article's JSON and revision.
    fn current(&self) -> (serde_json::Value, u64) {
        let r = self.send("secret", "GET", &format!("/api/articles/{ID}"), &[], "");
        assert_eq!(r.status, 200, "{}", r.text());
        let j = r.json();
        (j["article"].clone(), j["revision"].as_u64().unwrap())
    }

    /// PUTs the current article with `change` applied, at its current revision.
    fn edit(&self, token: &str, change: impl FnOnce(&mut serde_json::Value)) -> Reply {
        let (mut a, rev) = self.current();
        change(&mut a);
        let etag = format!("\"{rev}\"");
        self.send(
            token,
            "PUT",
            &format!("/api/articles/{ID}"),
            &[("if-match", etag.as_str())],
            &a.to_string(),
        )
    }
}

fn status(s: &'static str) -> impl FnOnce(&mut serde_json::Value) {
    move |a| a["status"] = s.into()
}

fn forbidden(r: &Reply, user: &str, needs: &[&str]) -> serde_json::Value {
    let p = r.assert_problem(403, None);
    assert_eq!(p["user"], user, "{p}");
    assert_eq!(p["category"], "hoat-dong-nganh", "{p}");
    assert_eq!(p["needs"], serde_json::json!(needs), "{p}");
    assert!(p["detail"].as_str().unwrap().contains(user), "{p}");
    p
}

#[test]
fn roles_through_the_api_memory() {
    roles_through_the_api(sample_store());
}

#[cfg(feature = "sqlite")]
#[test]
fn roles_through_the_api_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let store = tintuc::store::SqliteStore::open(dir.path().join("rights.sqlite3")).unwrap();
    for a in tintuc::import::sample_articles().unwrap() {
        store.put(&a, None).unwrap();
    }
    roles_through_the_api(Arc::new(store));
}

#[cfg(feature = "postgres")]
#[test]
fn roles_through_the_api_postgres() {
    use crate::common::pg::{pg_params, Schemas};
    let Some(params) = pg_params() else { return };
    let schemas = Schemas::new(&params);
    let schema = schemas.fresh("web_rights");
    let store = tintuc::store::PostgresStore::connect_in_schema(&params, &schema).unwrap();
    for a in tintuc::import::sample_articles().unwrap() {
        store.put(&a, None).unwrap();
    }
    roles_through_the_api(Arc::new(store));
}

fn roles_through_the_api(store: Arc<dyn ArticleStore>) {
    let users = ApiUsers::from_json(USERS).unwrap();
    let s = start(store, |addr| {
        Config::new(site(addr)).token("secret").api_users(users)
    });
    let api = Api { addr: s.addr };
    let item = format!("/api/articles/{ID}");

    // Lan (author) writes a draft; publishing it herself is refused.
    // The plain import format makes articles published unless told otherwise.
    let plain = format!(
        r#"{{"id":"{ID}","title":"Hội nghị phân quyền","body":"Một.\nHai.","category":"Hoạt động ngành"}}"#
    );
    let r = api.send("tok-lan", "POST", "/api/articles", &[], &plain);
    let p = forbidden(&r, "lan", &["publisher", "admin"]);
    assert_eq!(p["action"], "create an article as published");
    let draft = plain.replace(r#""category""#, r#""status":"draft","category""#);
    let r = api.send("tok-hoa", "POST", "/api/articles", &[], &draft);
    forbidden(&r, "hoa", &["author", "editor", "admin"]);
    let r = api.send("tok-lan", "POST", "/api/articles", &[], &draft);
    assert_eq!(r.status, 201, "{}", r.text());
    let p = forbidden(
        &api.edit("tok-lan", status("published")),
        "lan",
        &["publisher", "admin"],
    );
    assert_eq!(p["action"], "move an article from draft to published");
    // An editor of another category may not touch it.
    let r = api.edit("tok-khac", |a| a["title"] = "Khác".into());
    forbidden(&r, "khac", &["author", "editor", "admin"]);

    // Lan submits it, Minh (editor) approves, Lan may no longer edit it.
    assert_eq!(api.edit("tok-lan", status("in_review")).status, 200);
    // The editors' queue.
    let j = api
        .send("tok-minh", "GET", "/api/articles?status=in_review", &[], "")
        .json();
    assert_eq!(j["total"], 1, "{j}");
    assert_eq!(j["items"][0]["article"]["id"], ID);
    let r = api.edit("tok-minh", status("approved"));
    assert_eq!(r.status, 200, "{}", r.text());
    let p = forbidden(
        &api.edit("tok-lan", |a| a["title"] = "Sửa sau duyệt".into()),
        "lan",
        &["author", "editor", "admin"],
    );
    assert!(p["detail"].as_str().unwrap().contains("own"), "{p}");
    // Minh may not publish; Hoa (publisher) publishes.
    forbidden(
        &api.edit("tok-minh", status("published")),
        "minh",
        &["publisher", "admin"],
    );
    let r = api.edit("tok-hoa", |a| {
        a["status"] = "published".into();
        a["published"] = "2024-05-01T08:00:00+07:00".into();
    });
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["revision"], 4);

    // Only an admin deletes: the single --token is one.
    let r = api.send("tok-hoa", "DELETE", &item, &[("if-match", "\"4\"")], "");
    forbidden(&r, "hoa", &["admin"]);
    let r = api.send("secret", "DELETE", &item, &[("if-match", "\"4\"")], "");
    assert_eq!(r.status, 204, "{}", r.text());

    // The history names each writer; the audit log lists every status change.
    let j = api
        .send("tok-khac", "GET", &format!("{item}/revisions"), &[], "")
        .json();
    let by: Vec<&str> = j["revisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["by"].as_str().unwrap())
        .collect();
    assert_eq!(by, ["lan", "lan", "minh", "hoa", "admin"]);
    let r = api.send(
        "tok-lan",
        "GET",
        &format!("/api/audit?article={ID}"),
        &[],
        "",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let j = r.json();
    assert_eq!(j["article"], ID);
    let log: Vec<(u64, &str, serde_json::Value, serde_json::Value)> = j["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            assert!(c["at"].as_str().unwrap().contains('T'), "{c}");
            (
                c["revision"].as_u64().unwrap(),
                c["by"].as_str().unwrap(),
                c["from"].clone(),
                c["to"].clone(),
            )
        })
        .collect();
    let n = serde_json::Value::Null;
    let st = |s: &str| serde_json::Value::from(s);
    assert_eq!(
        log,
        [
            (1, "lan", n.clone(), st("draft")),
            (2, "lan", st("draft"), st("in_review")),
            (3, "minh", st("in_review"), st("approved")),
            (4, "hoa", st("approved"), st("published")),
            (5, "admin", st("published"), n),
        ]
    );

    // A restore needs the rights of the write it makes: bringing the deleted article
    // back as approved (revision 3) is an editor's, not a publisher's.
    let restore = format!("{item}/revisions/3/restore");
    let r = api.send("tok-hoa", "POST", &restore, &[("if-match", "*")], "");
    forbidden(&r, "hoa", &["editor", "admin"]);
    let r = api.send("tok-minh", "POST", &restore, &[("if-match", "*")], "");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["revision"], 6);
    let j = api
        .send(
            "secret",
            "GET",
            &format!("/api/audit?article={ID}"),
            &[],
            "",
        )
        .json();
    let last = &j["changes"][5];
    assert_eq!(last["revision"], 6);
    assert_eq!(last["by"], "minh");
    assert!(last["from"].is_null());
    assert_eq!(last["to"], "approved");

    // The site's log: the most recent changes of every article, newest first.
    let r = api.send("tok-khac", "GET", "/api/audit?limit=3", &[], "");
    assert_eq!(r.status, 200, "{}", r.text());
    let j = r.json();
    assert_eq!(j["limit"], 3);
    let recent: Vec<(&str, u64, &str)> = j["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["article"].as_str().unwrap(),
                c["revision"].as_u64().unwrap(),
                c["by"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(recent, [(ID, 6, "minh"), (ID, 5, "admin"), (ID, 4, "hoa")]);
    // Without a limit: the sample articles' creations too (written without a user).
    let j = api.send("secret", "GET", "/api/audit", &[], "").json();
    let all = j["changes"].as_array().unwrap();
    assert_eq!(j["limit"], 100);
    assert_eq!(
        all.len(),
        6 + tintuc::import::sample_articles().unwrap().len()
    );
    assert!(all
        .iter()
        .skip(6)
        .all(|c| c["by"].is_null() && c["from"].is_null()));
}

#[test]
fn audit_errors_and_unknown_tokens() {
    let users = ApiUsers::from_json(USERS).unwrap();
    let s = start(sample_store(), |addr| {
        Config::new(site(addr)).api_users(users)
    });
    let api = Api { addr: s.addr };
    for bad in ["limit=0", "limit=1001", "limit=x"] {
        api.send("tok-lan", "GET", &format!("/api/audit?{bad}"), &[], "")
            .assert_problem(400, Some("limit"));
    }
    api.send("tok-lan", "GET", "/api/audit?article=", &[], "")
        .assert_problem(400, Some("article"));
    api.send("tok-lan", "GET", "/api/audit?article=khong-co", &[], "")
        .assert_problem(404, Some("article"));
    let r = api.send("tok-lan", "POST", "/api/audit", &[], "");
    r.assert_problem(405, Some("method"));
    api.send("secret", "GET", "/api/articles", &[], "")
        .assert_problem(403, Some("Authorization"));
    // Any user may read.
    assert_eq!(
        api.send("tok-khac", "GET", "/api/articles", &[], "").status,
        200
    );
}
