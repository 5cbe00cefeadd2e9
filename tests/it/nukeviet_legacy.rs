//! The NukeViet migration of a 4.0–4.2 site, whose bodies are in `_bodyhtml_{n}` tables
//! (2,000 ids each) instead of `_detail`, against a real MariaDB: `legacy-4.2.sql`
//! under a fresh table prefix. Needs `TINTUC_MARIADB_URL` (see `nukeviet.rs`).
#![cfg(feature = "nukeviet")]

use mysql::prelude::Queryable;
use serde_json::{json, Value};
use tintuc::import::nukeviet::{migrate, read_mysql, Note, Options, Outcome, Tables};
use tintuc::model::Status;

use super::nukeviet::{server, statements};

const LEGACY: &str = include_str!("../data/nukeviet/legacy-4.2.sql");
const TABLES: [&str; 11] = [
    "cat",
    "sources",
    "topics",
    "block_cat",
    "block",
    "rows",
    "bodytext",
    "bodyhtml_1",
    "bodyhtml_2",
    "tags",
    "tags_id",
];

/// The 4.2 tables under a fresh prefix, dropped when the guard goes.
struct Legacy {
    conn: mysql::Conn,
    prefix: String,
}

impl Legacy {
    fn load(url: &str) -> Legacy {
        let opts = mysql::Opts::from_url(url).expect("a mysql:// url");
        let mut conn = mysql::Conn::new(opts).expect("connecting to TINTUC_MARIADB_URL");
        conn.query_drop("SET NAMES utf8mb4").unwrap();
        let prefix = format!("l{}", std::process::id());
        let sql = LEGACY.replace("nv4_vi_news_", &format!("{prefix}_vi_news_"));
        let mut site = Legacy { conn, prefix };
        for stmt in statements(&sql) {
            site.conn
                .query_drop(&stmt)
                .unwrap_or_else(|e| panic!("loading the 4.2 fixture: {e}\n{stmt}"));
        }
        site
    }
}

impl Drop for Legacy {
    fn drop(&mut self) {
        for t in TABLES {
            let sql = format!("DROP TABLE IF EXISTS {}_vi_news_{t}", self.prefix);
            let _ = self.conn.query_drop(sql);
        }
    }
}

fn p(text: &str) -> Value {
    json!({"type": "paragraph", "text": text})
}

#[test]
fn nukeviet_42_bodies_come_from_the_bodyhtml_tables() {
    let Some(url) = server() else { return };
    let site = Legacy::load(&url);
    let tables = Tables::new(&site.prefix, "vi", "news").unwrap();
    let snap = read_mysql(&url, &tables).expect("reading the 4.2 site");
    let missing: Vec<(u64, Option<&str>)> = snap
        .rows
        .iter()
        .map(|r| (r.id, r.missing_body.as_deref()))
        .collect();
    assert_eq!(
        missing,
        [
            (1, None),
            (2001, None),
            (2002, Some("bodyhtml_2")),
            (4001, Some("bodyhtml_3"))
        ]
    );
    let m = migrate(&snap, &Options::default());

    let tin_tuc = json!({"name": "Tin tức", "slug": "tin-tuc"});
    let van_ban = json!({"name": "Văn bản", "slug": "van-ban"});
    let expected = [
        json!({
            "id": "1", "slug": "thong-bao-01-tb-ubnd",
            "title": "Thông báo 01/TB-UBND (bổ sung)",
            "lead": "Ủy ban nhân dân tỉnh thông báo bổ sung.",
            "body": [
                {"type": "figure", "src": "/uploads/news/2017_03/hoi-nghi.jpg",
                 "alt": "Hội nghị", "caption": "Hội nghị"},
                p("Nội dung thông báo."),
                {"type": "heading", "level": 2, "text": "Phụ lục"},
            ],
            "authors": [{"name": "Lê Văn Hùng"}],
            "category": tin_tuc,
            "more_categories": [van_ban],
            "topic": {"name": "Đại hội Đảng bộ", "slug": "dai-hoi-dang-bo"},
            "groups": [{"name": "Tin tiêu điểm", "slug": "tin-tieu-diem", "position": 2}],
            "tags": ["cải cách"],
            "published": "2017-03-01T08:00:00+07:00",
            "updated": "2017-03-01T10:00:00+07:00",
            "status": "published",
            "source_url": "https://baochinhphu.vn/bai-goc.htm",
            "source_name": "Báo Chính phủ",
        }),
        json!({
            "id": "2001", "slug": "tin-so-2001", "title": "Tin số 2001",
            "body": [
                p("Bài thứ 2001."),
                {"type": "list", "ordered": false, "items": ["Một", "Hai"]},
            ],
            "category": tin_tuc,
            "groups": [{"name": "Tin tiêu điểm", "slug": "tin-tieu-diem", "position": 1}],
            "published": "2017-05-10T07:00:00+07:00",
            "status": "published",
        }),
        // No body row: kept with what `_rows` holds; the image is shown (the column's
        // default), the stray row in table 1 is not used.
        json!({
            "id": "2002", "slug": "tin-khong-con-noi-dung", "title": "Tin không còn nội dung",
            "lead": "Phần mở đầu vẫn còn.",
            "body": [
                {"type": "figure", "src": "https://example.gov.vn/anh.jpg",
                 "alt": "Tin không còn nội dung"},
            ],
            "category": van_ban,
            "tags": ["cải cách"],
            "published": "2017-05-10T09:00:00+07:00",
            "status": "published",
        }),
        json!({
            "id": "4001", "slug": "tin-so-4001", "title": "Tin số 4001",
            "body": [],
            "category": tin_tuc,
            "published": "2017-06-01T15:30:00+07:00",
            "status": "published",
        }),
    ];
    assert_eq!(m.articles.len(), expected.len());
    for (a, want) in m.articles.iter().zip(&expected) {
        a.validate().unwrap();
        assert_eq!(&serde_json::to_value(a).unwrap(), want, "article {}", a.id);
    }

    let notes: Vec<(u64, Vec<Note>)> = m
        .report
        .iter()
        .map(|r| {
            assert_eq!(r.outcome, Outcome::Imported(Status::Published), "{r}");
            assert!(r.repairs.is_empty(), "{r}");
            (r.nukeviet_id, r.notes.clone())
        })
        .collect();
    assert_eq!(
        notes,
        [
            (1, vec![]),
            (2001, vec![]),
            (2002, vec![Note::MissingBody("bodyhtml_2".into())]),
            (4001, vec![Note::MissingBody("bodyhtml_3".into())]),
        ]
    );
    let line = m.report.iter().find(|r| r.nukeviet_id == 4001).unwrap();
    assert_eq!(
        line.to_string(),
        "article 4001 (\"Tin số 4001\"): imported as Published; no body: no row in table `bodyhtml_3`"
    );
    let tags: Vec<_> = m.tags.iter().map(|t| (t.id, t.name.as_str())).collect();
    assert_eq!(tags, [(1, "cải cách")]);
}
