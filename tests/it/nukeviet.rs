//! The NukeViet migration against a real MariaDB (or MySQL) server.
//!
//! Reads the server's address from `TINTUC_MARIADB_URL`
//! (`mysql://user:password@127.0.0.1:port/database`; start a throwaway server with
//! `eval "$(scripts/mariadb-test-server.sh)"`). Unset: each test prints
//! `SKIP: TINTUC_MARIADB_URL not set` and returns. Set: a server that is down fails.
//! Each test creates the news tables of `tests/data/nukeviet/schema.sql` under a fresh
//! table prefix, fills them from `fixture.sql`, and drops them at the end.
#![cfg(feature = "nukeviet")]

use std::sync::atomic::{AtomicUsize, Ordering};

use mysql::prelude::Queryable;
use serde_json::{json, Value};
use tintuc::import::nukeviet::{
    migrate, read_mysql, redirects, resolve, Migration, Note, Options, Outcome, ReadError,
    Redirect, Tables, Target, UrlConfig,
};
use tintuc::import::RepairKind;
use tintuc::model::{next_transition, Link, Status, Timestamp, Visibility};
use tintuc::render::{DefaultUrls, UrlScheme};
use tintuc::text::repair::Encoding;

pub(crate) const ENV: &str = "TINTUC_MARIADB_URL";
const SCHEMA: &str = include_str!("../data/nukeviet/schema.sql");
const FIXTURE: &str = include_str!("../data/nukeviet/fixture.sql");
const TABLES: [&str; 9] = [
    "cat",
    "sources",
    "topics",
    "block_cat",
    "block",
    "rows",
    "detail",
    "tags",
    "tags_id",
];

pub(crate) fn server() -> Option<String> {
    match std::env::var(ENV) {
        Ok(s) if !s.trim().is_empty() => Some(s),
        _ => {
            println!("SKIP: {ENV} not set");
            None
        }
    }
}

/// The fixture's tables under a fresh prefix, dropped when the guard goes.
struct Site {
    url: String,
    prefix: String,
}

impl Site {
    fn load(url: &str) -> Site {
        static N: AtomicUsize = AtomicUsize::new(0);
        let prefix = format!(
            "t{}x{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        );
        let site = Site {
            url: url.to_string(),
            prefix,
        };
        let mut conn = site.conn();
        for sql in [SCHEMA, FIXTURE] {
            let sql = sql.replace("nv4_vi_news_", &format!("{}_vi_news_", site.prefix));
            for stmt in statements(&sql) {
                conn.query_drop(&stmt)
                    .unwrap_or_else(|e| panic!("loading the fixture: {e}\n{stmt}"));
            }
        }
        site
    }
    fn conn(&self) -> mysql::Conn {
        let opts = mysql::Opts::from_url(&self.url).expect("a mysql:// url");
        let mut conn = mysql::Conn::new(opts)
            .unwrap_or_else(|e| panic!("{ENV} is set but connecting failed: {e}"));
        conn.query_drop("SET NAMES utf8mb4").unwrap();
        conn
    }
    fn tables(&self) -> Tables {
        Tables::new(&self.prefix, "vi", "news").unwrap()
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        let mut conn = self.conn();
        for t in TABLES {
            let _ = conn.query_drop(format!("DROP TABLE IF EXISTS {}_vi_news_{t}", self.prefix));
        }
    }
}

/// Statements end with `;` at the end of a line; `--` lines are comments.
pub(crate) fn statements(sql: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for line in sql.lines() {
        if line.trim_start().starts_with("--") {
            continue;
        }
        cur.push_str(line);
        cur.push('\n');
        if line.trim_end().ends_with(';') {
            out.push(std::mem::take(&mut cur));
        }
    }
    assert!(cur.trim().is_empty(), "unterminated statement: {cur}");
    out
}

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

/// The tests' fixed instant: between the fixture's past and future times.
fn now() -> Timestamp {
    at("2024-06-15T12:00:00+07:00")
}

pub(crate) fn migrated(url: &str) -> Migration {
    let site = Site::load(url);
    let snap = read_mysql(url, &site.tables()).expect("reading the fixture site");
    assert_eq!(snap.rows.len(), 12);
    migrate(&snap, &Options::default())
}

fn p(text: &str) -> Value {
    json!({"type": "paragraph", "text": text})
}

fn cat(name: &str, slug: &str) -> Value {
    json!({"name": name, "slug": slug})
}

/// Every field of every article, written out by hand from fixture.sql.
fn expected_articles() -> Vec<Value> {
    vec![
        json!({
            "id": "101", "slug": "ke-hoach-08-kh-ubnd-ve-thi-dua-giai-doan-2024-2025",
            "title": "Kế hoạch 08/KH-UBND về thi đua (giai đoạn 2024 - 2025)",
            "lead": "Sáng 2/5, UBND tỉnh ban hành Kế hoạch thi đua giai đoạn 2024 - 2025.",
            "body": [
                {"type": "figure", "src": "/uploads/news/2024_05/hoi-nghi-thi-dua.jpg",
                 "alt": "Toàn cảnh hội nghị", "caption": "Toàn cảnh hội nghị"},
                p("Kế hoạch nhằm động viên cán bộ, công chức thi đua hoàn thành nhiệm vụ."),
                p("Thời gian thực hiện: từ tháng 5/2024."),
                {"type": "figure", "src": "/uploads/news/2024_05/bieu-do.png", "alt": "Biểu đồ",
                 "width": 600, "height": 400},
            ],
            "authors": [{"name": "Trần Việt Tuấn"}],
            "category": cat("Hoạt động ngành", "hoat-dong-nganh"),
            "more_categories": [cat("Thông báo", "thong-bao")],
            "groups": [{"name": "Tin tiêu điểm", "slug": "tin-tieu-diem", "position": 1}],
            "tags": ["thi đua khen thưởng"],
            "published": "2024-05-02T08:00:00+07:00",
            "updated": "2024-05-02T09:30:00+07:00",
            "status": "published",
            "source_url": "https://soctrang.gov.vn",
            "source_name": "Cổng thông tin điện tử tỉnh",
        }),
        json!({
            "id": "102", "slug": "thong-bao-lich-tiep-cong-dan-thang-6",
            "title": "Thông báo: Lịch tiếp công dân tháng 6 của 'Chủ tịch UBND tỉnh'",
            "body": [
                p("Chủ tịch UBND tỉnh tiếp công dân vào ngày 20/6/2024."),
                {"type": "list", "ordered": false,
                 "items": ["Địa điểm: Trụ sở Tiếp công dân tỉnh", "Thời gian: 7 giờ 30"]},
            ],
            "category": cat("Thông báo", "thong-bao"),
            "published": "2024-06-01T07:30:00+07:00",
            "expires": "2024-12-31T00:00:00+07:00",
            "status": "published",
            "source_url": "https://soctrang.gov.vn/thong-bao/lich-tiep-cong-dan.html",
            "source_name": "Cổng thông tin điện tử tỉnh",
        }),
        json!({
            "id": "103", "slug": "hoi-nghi-chuyen-doi-so-nam-2024",
            "title": "Hội nghị chuyển đổi số năm 2024 sẽ diễn ra ngày 20/6",
            "body": [p("Hội nghị do Sở Thông tin và Truyền thông chủ trì.")],
            "category": cat("Tin tức", "tin-tuc"),
            "tags": ["chuyển đổi số"],
            "published": "2024-06-20T06:00:00+07:00",
            "status": "scheduled",
        }),
        json!({
            "id": "104", "slug": "tap-huan-nghiep-vu-van-thu-luu-tru",
            "title": "Tập huấn nghiệp vụ văn thư, lưu trữ",
            "body": [p("Lớp tập huấn có 80 học viên.")],
            "category": cat("Tin tức", "tin-tuc"),
            "tags": ["chuyển đổi số"],
            "published": "2024-06-12T15:00:00+07:00",
            "status": "scheduled",
            "source_name": "Nguồn lạ",
        }),
        json!({
            "id": "105", "slug": "thong-bao-tuyen-dung-vien-chuc-nam-2024",
            "title": "Thông báo tuyển dụng viên chức năm 2024",
            "body": [p("Hạn nộp hồ sơ: 31/5/2024.")],
            "category": cat("Thông báo", "thong-bao"),
            "published": "2024-03-01T08:00:00+07:00",
            "expires": "2024-06-01T00:00:00+07:00",
            "status": "published",
        }),
        json!({
            "id": "106", "slug": "lich-nghi-tet-nguyen-dan-giap-thin",
            "title": "Lịch nghỉ Tết Nguyên đán Giáp Thìn",
            "body": [p("Cán bộ, công chức nghỉ Tết từ ngày 8/2 đến hết ngày 14/2/2024.")],
            "category": cat("Thông báo", "thong-bao"),
            "published": "2024-01-15T08:00:00+07:00",
            "expires": "2024-02-01T00:00:00+07:00",
            "status": "expired",
        }),
        json!({
            "id": "107", "slug": "khoi-thi-dua-1-so-ket-cong-tac-6-thang-dau-nam-2024",
            "title": "Khối thi đua 1 sơ kết công tác 6 tháng đầu năm 2024",
            "body": [p("Khối thi đua 1 gồm 8 đơn vị.")],
            "authors": [{"name": "Ban Thi đua & Khen thưởng"}],
            "category": cat("Hoạt động ngành", "hoat-dong-nganh"),
            "tags": ["thi đua khen thưởng"],
            "published": "2024-04-20T08:00:00+07:00",
            "status": "published",
        }),
        json!({
            "id": "108", "slug": "du-thao-bao-cao-quy-ii",
            "title": "Dự thảo báo cáo quý II",
            "body": [p("Đang soạn.")],
            "category": cat("Tin tức", "tin-tuc"),
            "updated": "2024-06-14T10:00:00+07:00",
            "status": "draft",
        }),
        json!({
            "id": "109", "slug": "chi-thi-ve-phong-chong-thien-tai",
            "title": "Chỉ thị về phòng chống thiên tai",
            "body": [p("Các sở, ngành chủ động phương án ứng phó.")],
            "category": cat("Chỉ đạo (điều hành)", "chi-dao-dieu-hanh"),
            "published": "2024-06-05T10:00:00+07:00",
            "status": "withdrawn",
        }),
        json!({
            "id": "110", "slug": "ung-pho-bao-so-3-tinh-huy-dong-2000-nguoi",
            "title": "Ứng phó bão số 3: tỉnh huy động 2.000 người",
            "lead": "Chiều 5/6, Ban Chỉ huy phòng chống thiên tai họp khẩn.",
            "body": [
                {"type": "figure", "src": "https://baochinhphu.vn/anh/bao-so-3.jpg",
                 "alt": "Ứng phó bão số 3: tỉnh huy động 2.000 người"},
                {"type": "heading", "level": 3, "text": "Lực lượng"},
                p("Đơn vị | Số người"),
                p("Quân sự | 1.200"),
                {"type": "list", "ordered": true, "items": ["Sơ tán dân", "Gia cố nhà cửa"]},
                {"type": "quote", "text": "Không để ai bị bỏ lại phía sau."},
            ],
            "authors": [{"name": "Minh Anh"}],
            "category": cat("Tin tức", "tin-tuc"),
            "more_categories": [cat("Chỉ đạo (điều hành)", "chi-dao-dieu-hanh")],
            "topic": {"name": "Bão số 3 (Yagi)", "slug": "bao-so-3-yagi"},
            "groups": [
                {"name": "Tin tiêu điểm", "slug": "tin-tieu-diem", "position": 2},
                {"name": "Tin nổi bật", "slug": "tin-noi-bat", "position": 1},
            ],
            "tags": ["bão lũ"],
            "published": "2024-06-05T09:00:00+07:00",
            "updated": "2024-06-05T10:00:00+07:00",
            "status": "published",
            "source_url": "https://baochinhphu.vn",
            "source_name": "Báo Chính phủ",
        }),
        json!({
            "id": "111", "slug": "thong-bao-lich-tiep-cong-dan-thang-6-111",
            "title": "Thông báo: Lịch tiếp công dân tháng 7",
            "body": [p("Lịch tiếp công dân tháng 7.")],
            "category": cat("Thông báo", "thong-bao"),
            "published": "2024-07-01T08:00:00+07:00",
            "status": "published",
        }),
        json!({
            "id": "112", "slug": "hoi-dap-ve-thu-tuc-mot-cua",
            "title": "Hỏi & đáp về thủ tục \"một cửa\"",
            "body": [p("Hồ sơ nộp tại Bộ phận một cửa.")],
            "category": cat("Cải cách hành chính", "cai-cach-hanh-chinh"),
            "tags": ["cải cách hành chính"],
            "published": "2024-04-20T08:00:00+07:00",
            "status": "withdrawn",
        }),
    ]
}

#[test]
fn nukeviet_every_field_of_every_article() {
    let Some(url) = server() else { return };
    let m = migrated(&url);
    let expected = expected_articles();
    assert_eq!(m.articles.len(), expected.len());
    for (a, want) in m.articles.iter().zip(&expected) {
        a.validate().unwrap();
        let got = serde_json::to_value(a).unwrap();
        assert_eq!(&got, want, "article {}", a.id);
    }
    let categories: Vec<_> = m
        .categories
        .iter()
        .map(|c| {
            (
                c.id,
                c.parent,
                c.alias.as_str(),
                c.name.as_str(),
                c.slug.as_str(),
            )
        })
        .collect();
    assert_eq!(
        categories,
        [
            (1, 0, "tin-tuc", "Tin tức", "tin-tuc"),
            (
                2,
                1,
                "hoat-dong-nganh",
                "Hoạt động ngành",
                "hoat-dong-nganh"
            ),
            (3, 0, "thong-bao", "Thông báo", "thong-bao"),
            (
                4,
                0,
                "chi-dao-dieu-hanh",
                "Chỉ đạo (điều hành)",
                "chi-dao-dieu-hanh"
            ),
            (
                5,
                1,
                "Cai-cach-hanh-chinh",
                "Cải cách hành chính",
                "cai-cach-hanh-chinh"
            ),
        ]
    );
    // Only tags some article uses; aliases keep their diacritics, slugs do not.
    let tags: Vec<_> = m
        .tags
        .iter()
        .map(|t| (t.id, t.alias.as_str(), t.name.as_str(), t.slug.as_str()))
        .collect();
    assert_eq!(
        tags,
        [
            (
                1,
                "thi-đua-khen-thưởng",
                "thi đua khen thưởng",
                "thi-dua-khen-thuong"
            ),
            (2, "chuyển-đổi-số", "chuyển đổi số", "chuyen-doi-so"),
            (3, "bão-lũ", "bão lũ", "bao-lu"),
            (
                4,
                "cải-cách-hành-chính",
                "cải cách hành chính",
                "cai-cach-hanh-chinh"
            ),
        ]
    );
    assert!(m.table_repairs.is_empty(), "{:?}", m.table_repairs);

    // The articles as JSON Lines read back unchanged, with no repair, in strict mode.
    let jsonl: String = m
        .articles
        .iter()
        .map(|a| serde_json::to_string(a).unwrap() + "\n")
        .collect();
    let back = tintuc::import::Importer::new()
        .strict(true)
        .read(jsonl.as_bytes())
        .unwrap();
    assert_eq!(back.articles, m.articles);
}

#[test]
fn nukeviet_report_names_every_article_and_repair() {
    let Some(url) = server() else { return };
    let m = migrated(&url);
    assert_eq!(m.report.len(), 12);
    let mut seen = Vec::new();
    for r in &m.report {
        assert!(matches!(r.outcome, Outcome::Imported(_)), "{r}");
        seen.push(r.nukeviet_id);
        let (repairs, notes): (&[(String, RepairKind)], Vec<Note>) = match r.nukeviet_id {
            107 => (
                &[(
                    "title".to_string(),
                    RepairKind::Encoding {
                        encoding: Encoding::Tcvn3,
                    },
                )],
                vec![],
            ),
            104 => (
                &[],
                vec![Note::SourceLinkDropped("không phải địa chỉ".into())],
            ),
            109 => (&[], vec![Note::LockedByCategory(1)]),
            110 => (&[], vec![Note::TablesFlattened(1)]),
            111 => (
                &[],
                vec![Note::SlugChanged {
                    alias: "thong-bao-lich-tiep-cong-dan-thang-6".into(),
                    slug: "thong-bao-lich-tiep-cong-dan-thang-6-111".parse().unwrap(),
                }],
            ),
            112 => (
                &[],
                vec![
                    Note::SlugChanged {
                        alias: "Hoi-dap-ve-thu-tuc-mot-cua".into(),
                        slug: "hoi-dap-ve-thu-tuc-mot-cua".parse().unwrap(),
                    },
                    Note::Missing {
                        table: "cat",
                        id: 9,
                    },
                ],
            ),
            _ => (&[], vec![]),
        };
        assert_eq!(r.repairs, repairs, "{r}");
        assert_eq!(r.notes, notes, "{r}");
    }
    assert_eq!(seen, (101..=112).collect::<Vec<u64>>());
    let line = m.report.iter().find(|r| r.nukeviet_id == 107).unwrap();
    assert_eq!(
        line.to_string(),
        "article 107 (\"Khối thi đua 1 sơ kết công tác 6 tháng đầu năm 2024\"): \
         imported as Published; field `title`: decoded from tcvn3"
    );
}

#[test]
fn nukeviet_visibility_of_scheduled_and_expired_rows() {
    let Some(url) = server() else { return };
    let m = migrated(&url);
    let vis = |id: &str| {
        m.articles
            .iter()
            .find(|a| a.id.as_str() == id)
            .unwrap()
            .visibility_at(now())
    };
    assert_eq!(vis("101"), Visibility::Visible);
    assert_eq!(vis("102"), Visibility::Visible, "expires in December");
    assert_eq!(
        vis("103"),
        Visibility::NotYet {
            at: at("2024-06-20T06:00:00+07:00")
        },
        "status 2, publtime ahead"
    );
    assert_eq!(vis("104"), Visibility::Visible, "status 2, publtime passed");
    assert_eq!(
        vis("105"),
        Visibility::Expired {
            at: Some(at("2024-06-01T00:00:00+07:00"))
        },
        "status 1, exptime passed, archive 0"
    );
    assert_eq!(
        vis("106"),
        Visibility::Expired {
            at: Some(at("2024-02-01T00:00:00+07:00"))
        },
        "status 3, archived"
    );
    assert_eq!(vis("107"), Visibility::Visible);
    assert_eq!(vis("108"), Visibility::Hidden, "draft");
    assert_eq!(vis("109"), Visibility::Hidden, "category suspended");
    assert_eq!(vis("110"), Visibility::Visible);
    assert_eq!(
        vis("111"),
        Visibility::NotYet {
            at: at("2024-07-01T08:00:00+07:00")
        },
        "status 1, publtime ahead"
    );
    assert_eq!(vis("112"), Visibility::Hidden, "suspended");
    // 103 appears on 20/6 at 06:00 with nobody visiting; then 111, then 102 expires.
    assert_eq!(
        next_transition(&m.articles, now()),
        Some(at("2024-06-20T06:00:00+07:00"))
    );
    assert_eq!(
        next_transition(&m.articles, at("2024-06-20T06:00:00+07:00")),
        Some(at("2024-07-01T08:00:00+07:00"))
    );
    assert_eq!(
        next_transition(&m.articles, at("2024-07-01T08:00:00+07:00")),
        Some(at("2024-12-31T00:00:00+07:00"))
    );
    // A second before and at 103's publication.
    let a103 = m.articles.iter().find(|a| a.id.as_str() == "103").unwrap();
    assert!(!a103.is_visible_at(at("2024-06-20T05:59:59+07:00")));
    assert!(a103.is_visible_at(at("2024-06-20T06:00:00+07:00")));
    let statuses: Vec<Status> = m.articles.iter().map(|a| a.status).collect();
    assert!(statuses.contains(&Status::Scheduled) && statuses.contains(&Status::Expired));
}

fn article_redirect(cat: &str, alias: &str, id: u64) -> (String, Target) {
    (
        format!("/vi/news/{cat}/{alias}-{id}.html"),
        Target::Article(id.to_string().parse().unwrap()),
    )
}

#[test]
fn nukeviet_every_redirect() {
    let Some(url) = server() else { return };
    let m = migrated(&url);
    let got: Vec<(String, Target)> = redirects(&m, &UrlConfig::default())
        .into_iter()
        .map(|r| (r.from, r.target))
        .collect();
    let s = |x: &str| x.parse().unwrap();
    let mut want = vec![
        ("/vi/news/".to_string(), Target::Home),
        ("/vi/news/rss/".to_string(), Target::Feed),
    ];
    for (alias, slug) in [
        ("tin-tuc", "tin-tuc"),
        ("hoat-dong-nganh", "hoat-dong-nganh"),
        ("thong-bao", "thong-bao"),
        ("chi-dao-dieu-hanh", "chi-dao-dieu-hanh"),
        ("Cai-cach-hanh-chinh", "cai-cach-hanh-chinh"),
    ] {
        want.push((format!("/vi/news/{alias}/"), Target::Category(s(slug))));
        want.push((
            format!("/vi/news/rss/{alias}/"),
            Target::CategoryFeed(s(slug)),
        ));
    }
    let k = "ke-hoach-08-kh-ubnd-ve-thi-dua-giai-doan-2024-2025";
    want.extend([
        article_redirect("hoat-dong-nganh", k, 101),
        article_redirect("thong-bao", k, 101),
        article_redirect("thong-bao", "thong-bao-lich-tiep-cong-dan-thang-6", 102),
        article_redirect("tin-tuc", "hoi-nghi-chuyen-doi-so-nam-2024", 103),
        article_redirect("tin-tuc", "tap-huan-nghiep-vu-van-thu-luu-tru", 104),
        article_redirect("thong-bao", "thong-bao-tuyen-dung-vien-chuc-nam-2024", 105),
        article_redirect("thong-bao", "lich-nghi-tet-nguyen-dan-giap-thin", 106),
        article_redirect(
            "hoat-dong-nganh",
            "khoi-thi-dua-1-so-ket-cong-tac-6-thang-dau-nam-2024",
            107,
        ),
        article_redirect("tin-tuc", "du-thao-bao-cao-quy-ii", 108),
        article_redirect("chi-dao-dieu-hanh", "chi-thi-ve-phong-chong-thien-tai", 109),
        article_redirect("tin-tuc", "ung-pho-bao-so-3-tinh-huy-dong-2000-nguoi", 110),
        article_redirect(
            "chi-dao-dieu-hanh",
            "ung-pho-bao-so-3-tinh-huy-dong-2000-nguoi",
            110,
        ),
        article_redirect("thong-bao", "thong-bao-lich-tiep-cong-dan-thang-6", 111),
        article_redirect("Cai-cach-hanh-chinh", "Hoi-dap-ve-thu-tuc-mot-cua", 112),
    ]);
    for (alias, slug) in [
        ("thi-đua-khen-thưởng", "thi-dua-khen-thuong"),
        ("chuyển-đổi-số", "chuyen-doi-so"),
        ("bão-lũ", "bao-lu"),
        ("cải-cách-hành-chính", "cai-cach-hanh-chinh"),
    ] {
        want.push((format!("/vi/news/tag/{alias}"), Target::Tag(s(slug))));
    }
    want.push((
        "/vi/news/topic/bao-so-3-yagi/".to_string(),
        Target::Topic(s("bao-so-3-yagi")),
    ));
    want.push((
        "/vi/news/groups/tin-tieu-diem/".to_string(),
        Target::Group(s("tin-tieu-diem")),
    ));
    want.push((
        "/vi/news/groups/tin-noi-bat/".to_string(),
        Target::Group(s("tin-noi-bat")),
    ));
    assert_eq!(got, want);

    // Every article URL parses back to the id it redirects to.
    for (from, target) in &got {
        if let Target::Article(id) = target {
            let p = tintuc::import::nukeviet::parse_article_path(from).unwrap();
            assert_eq!(p.id.to_string(), id.as_str());
            assert_eq!(p.lang.as_deref(), Some("vi"));
        }
    }

    // Resolved with the crate's default URLs: every target gets a link; articles get
    // their own page, topics theirs, groups (no page of their own) the home page.
    let all = redirects(&m, &UrlConfig::default());
    let (map, left) = resolve(&all, |t| default_link(&m, t));
    assert_eq!(map.len(), all.len());
    assert!(left.is_empty(), "{left:?}");
    let link = |from: &str| {
        map.iter()
            .find(|(f, _)| f == from)
            .map(|(_, l)| l.as_str().to_string())
    };
    assert_eq!(
        link("/vi/news/thong-bao/thong-bao-lich-tiep-cong-dan-thang-6-111.html").as_deref(),
        Some("/tin/thong-bao-lich-tiep-cong-dan-thang-6-111.html")
    );
    assert_eq!(
        link("/vi/news/tag/thi-đua-khen-thưởng").as_deref(),
        Some("/the/thi-dua-khen-thuong")
    );
    assert_eq!(
        link("/vi/news/Cai-cach-hanh-chinh/").as_deref(),
        Some("/chuyen-muc/cai-cach-hanh-chinh")
    );
    assert_eq!(link("/vi/news/").as_deref(), Some("/"));
    assert_eq!(link("/vi/news/groups/tin-tieu-diem/").as_deref(), Some("/"));
    assert_eq!(
        link("/vi/news/topic/bao-so-3-yagi/").as_deref(),
        Some("/dong-su-kien/bao-so-3-yagi")
    );
    assert_eq!(
        Redirect::new("/vi/news/tag/bão-lũ", Target::Feed).encoded_from(),
        "/vi/news/tag/b%C3%A3o-l%C5%A9"
    );

    // A single-language site with the news module at the root: no `/vi/news`.
    let root = redirects(&m, &UrlConfig::default().lang(None).module(None));
    assert!(root.iter().all(|r| r.from != "/"));
    assert!(root
        .iter()
        .any(|r| r.from == "/tin-tuc/du-thao-bao-cao-quy-ii-108.html"));
}

/// The crate's default URL scheme for a target; groups have no page there: their old
/// URLs lead to the home page, which shows the group blocks.
pub(crate) fn default_link(m: &Migration, t: &Target) -> Option<Link> {
    let u = DefaultUrls;
    Some(match t {
        Target::Home => u.home(),
        Target::Article(id) => u.article(m.articles.iter().find(|a| &a.id == id)?),
        Target::Category(s) => u.category(s, 1),
        Target::Tag(s) => u.tag(s, 1),
        Target::Topic(s) => u.topic(s, 1),
        Target::Group(_) => u.home(),
        Target::Feed => u.rss(),
        Target::CategoryFeed(s) => format!("{}/rss.xml", u.category(s, 1)).parse().ok()?,
        _ => return None,
    })
}

#[test]
fn nukeviet_table_names_are_configurable_and_checked() {
    let Some(url) = server() else { return };
    let site = Site::load(&url);
    let snap = read_mysql(&url, &site.tables()).unwrap();
    assert_eq!(snap.categories.len(), 5);
    assert_eq!(snap.tag_links.len(), 6);
    assert_eq!(snap.group_links.len(), 3);
    // The fixture's TCVN3 title reaches the migration as the bytes MariaDB stores.
    let legacy = snap.rows.iter().find(|r| r.id == 107).unwrap();
    assert!(String::from_utf8_lossy(&legacy.title).starts_with("Khèi thi ®ua"));
    let missing = Tables::new(&format!("{}none", site.prefix), "vi", "news").unwrap();
    let err = read_mysql(&url, &missing).unwrap_err();
    assert!(matches!(err, ReadError::Database { .. }), "{err}");
    assert!(err.to_string().contains("none_vi_news_rows"), "{err}");
    assert!(matches!(
        Tables::new("nv4`", "vi", "news"),
        Err(ReadError::Name(_))
    ));
    // A row with no `_detail` row is read with an empty body, the image shown (the
    // column's default), and marked.
    assert!(snap.rows.iter().all(|r| r.missing_body.is_none()));
    let detail = format!("{}_vi_news_detail", site.prefix);
    site.conn()
        .query_drop(format!("DELETE FROM {detail} WHERE id = 101"))
        .unwrap();
    let snap = read_mysql(&url, &site.tables()).unwrap();
    let row = snap.rows.iter().find(|r| r.id == 101).unwrap();
    assert_eq!(row.missing_body.as_deref(), Some("detail"));
    assert_eq!((row.bodyhtml.len(), row.imgposition), (0, 1));
    let m = migrate(&snap, &Options::default());
    let line = m.report.iter().find(|r| r.nukeviet_id == 101).unwrap();
    assert_eq!(line.notes, [Note::MissingBody("detail".into())]);
    let a = m.articles.iter().find(|a| a.id.as_str() == "101").unwrap();
    assert_eq!(a.body.len(), 1, "only the article image: {:?}", a.body);
}
