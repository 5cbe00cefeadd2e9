//! The editorial lifecycle: visibility over time, JSON compatibility of statuses,
//! validation of expiry, and the next refresh time.

use proptest::prelude::*;
use tintuc::model::*;

const ALL: [Status; 7] = [
    Status::Draft,
    Status::InReview,
    Status::Approved,
    Status::Scheduled,
    Status::Published,
    Status::Expired,
    Status::Withdrawn,
];

fn ts(secs: i64) -> Timestamp {
    chrono::DateTime::from_timestamp(secs, 0)
        .unwrap()
        .with_timezone(&VIETNAM_OFFSET)
}

fn article(status: Status, published: Option<i64>, expires: Option<i64>) -> Article {
    let mut a = Article::new("a1".parse().unwrap(), "Tin".into(), "tin".parse().unwrap());
    a.status = status;
    a.published = published.map(ts);
    a.expires = expires.map(ts);
    a
}

/// 0 = not yet, 1 = visible, 2 = expired; hidden is not a phase.
fn phase(v: Visibility) -> u8 {
    match v {
        Visibility::NotYet { .. } => 0,
        Visibility::Visible => 1,
        Visibility::Expired { .. } => 2,
        other => panic!("a scheduled article with a time is never {other:?}"),
    }
}

const T: std::ops::Range<i64> = 1_000_000_000..1_100_000_000;

proptest! {
    #[test]
    fn scheduled_visibility_is_monotone_in_time(
        status in prop_oneof![Just(Status::Scheduled), Just(Status::Published)],
        p in T,
        life in proptest::option::of(1i64..10_000_000),
        mut instants in proptest::collection::vec(T, 1..20),
    ) {
        let a = article(status, Some(p), life.map(|l| p + l));
        instants.sort_unstable();
        let phases: Vec<u8> = instants.iter().map(|&t| phase(a.visibility_at(ts(t)))).collect();
        prop_assert!(phases.windows(2).all(|w| w[0] <= w[1]), "{phases:?}");
        for &t in &instants {
            let expected = t >= p && life.is_none_or(|l| t < p + l);
            prop_assert_eq!(a.is_visible_at(ts(t)), expected);
        }
    }

    #[test]
    fn never_visible_outside_scheduled_and_published(
        i in 0usize..ALL.len(),
        p in proptest::option::of(T),
        e in proptest::option::of(T),
        now in T,
    ) {
        let s = ALL[i];
        let a = article(s, p, e);
        if !matches!(s, Status::Scheduled | Status::Published) {
            prop_assert!(!a.is_visible_at(ts(now)));
            prop_assert_eq!(a.next_transition_after(ts(now)), None);
        }
        if matches!(s, Status::Draft | Status::InReview | Status::Approved | Status::Withdrawn) {
            prop_assert_eq!(a.visibility_at(ts(now)), Visibility::Hidden);
        }
    }

    #[test]
    fn visibility_is_constant_until_next_transition(
        i in 0usize..ALL.len(),
        p in proptest::option::of(T),
        e in proptest::option::of(T),
        now in T,
        step in 0i64..10_000_000,
    ) {
        let a = article(ALL[i], p, e);
        let v = a.visibility_at(ts(now));
        let later = now + step;
        match a.next_transition_after(ts(now)) {
            Some(n) => {
                prop_assert!(n > ts(now));
                if ts(later) < n {
                    prop_assert_eq!(phase_or_hidden(a.visibility_at(ts(later))), phase_or_hidden(v));
                }
                prop_assert_ne!(phase_or_hidden(a.visibility_at(n)), phase_or_hidden(v));
            }
            None => prop_assert_eq!(phase_or_hidden(a.visibility_at(ts(later))), phase_or_hidden(v)),
        }
    }

    #[test]
    fn next_transition_is_the_minimum_over_articles(
        rows in proptest::collection::vec(
            (0usize..ALL.len(), proptest::option::of(T), proptest::option::of(T)), 0..8),
        now in T,
    ) {
        let articles: Vec<Article> =
            rows.iter().map(|&(i, p, e)| article(ALL[i], p, e)).collect();
        let expected = articles.iter().filter_map(|a| a.next_transition_after(ts(now))).min();
        prop_assert_eq!(next_transition(&articles, ts(now)), expected);
    }
}

fn phase_or_hidden(v: Visibility) -> u8 {
    match v {
        Visibility::Hidden => 9,
        other => phase(other),
    }
}

#[test]
fn existing_status_json_loads_and_round_trips() {
    for (json, status) in [
        (r#""draft""#, Status::Draft),
        (r#""published""#, Status::Published),
        (r#""in_review""#, Status::InReview),
        (r#""approved""#, Status::Approved),
        (r#""scheduled""#, Status::Scheduled),
        (r#""expired""#, Status::Expired),
        (r#""withdrawn""#, Status::Withdrawn),
    ] {
        let s: Status = serde_json::from_str(json).unwrap();
        assert_eq!(s, status);
        assert_eq!(serde_json::to_string(&s).unwrap(), json);
    }
    let archived: Status = serde_json::from_str(r#""archived""#).unwrap();
    assert_eq!(archived, Status::Expired);
    assert!(serde_json::from_str::<Status>(r#""live""#).is_err());

    let old = r#"{"id":"a1","slug":"tin","title":"Tin","body":[],"published":"2018-08-17T08:00:00+07:00","status":"published"}"#;
    let a: Article = serde_json::from_str(old).unwrap();
    assert_eq!(a.expires, None);
    assert_eq!(serde_json::to_string(&a).unwrap(), old);
}

#[test]
fn expires_at_is_read_and_written_as_expires() {
    let json = r#"{"id":"a1","slug":"tin","title":"Tin","published":"2018-08-17T08:00:00+07:00","expires_at":"2018-09-17T08:00:00+07:00","status":"scheduled"}"#;
    let a: Article = serde_json::from_str(json).unwrap();
    assert_eq!(
        a.expires,
        Some("2018-09-17T08:00:00+07:00".parse().unwrap())
    );
    let back = serde_json::to_string(&a).unwrap();
    assert!(
        back.contains(r#""expires":"2018-09-17T08:00:00+07:00""#),
        "{back}"
    );
    assert_eq!(serde_json::from_str::<Article>(&back).unwrap(), a);
}

#[test]
fn validation_names_expiry_and_publish_fields() {
    let mut a = article(Status::Scheduled, Some(2_000), Some(1_000));
    let errs = a.validation_errors();
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].field, "expires");
    assert_eq!(errs[0].kind, ValidationErrorKind::ExpiresBeforePublished);
    assert_eq!(
        errs[0].to_string(),
        "field `expires`: expiry time is not after publish time"
    );
    a.expires = Some(ts(2_000));
    assert_eq!(a.validate().unwrap_err().field, "expires");
    a.expires = Some(ts(2_001));
    assert!(a.validate().is_ok());
    a.published = None;
    let e = a.validate().unwrap_err();
    assert_eq!(
        (e.field.as_str(), e.kind),
        ("published", ValidationErrorKind::MissingPublishTime)
    );
    a.status = Status::Published;
    assert!(
        a.validate().is_ok(),
        "a published article may lack a publish time"
    );
}

/// The static path at 09:59:59 and 10:00:00: store listings, every page `SitePages`
/// renders (article pages, category and tag listings, home, feeds, sitemap, Google News
/// sitemap), the related list of another article and search, for an article scheduled
/// for 10:00 and one expiring then; withdrawn and draft articles never appear.
mod at_ten {
    use tintuc::model::{Article, Block, Category, Status, Timestamp};
    use tintuc::related::{Index as Related, QueryOptions};
    use tintuc::render::{ArticleView, HomeSection, RelatedLink, Renderer, Site, SitePages};
    use tintuc::search::{Index as Search, Query};
    use tintuc::store::{ArticleStore, Filter, ListQuery, MemoryStore};

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn article(id: &str, title: &str, status: Status, published: &str) -> Article {
        let mut a = Article::new(
            id.parse().unwrap(),
            title.into(),
            tintuc::model::Slug::from_title(title).unwrap(),
        );
        a.status = status;
        a.published = Some(at(published));
        a.category = Category::from_name("Tiếp công dân");
        a.tags = vec!["tiếp dân".into()];
        a.body = vec![Block::paragraph(format!(
            "{title}. Viện kiểm sát tổ chức tiếp công dân định kỳ, tiếp nhận khiếu nại về \
             đất đai, hướng dẫn công dân thực hiện quyền khiếu nại, tố cáo."
        ))];
        a
    }

    /// R (visible), S (scheduled 10:00), E (expires 10:00), W (withdrawn), D (draft).
    fn site_articles() -> Vec<Article> {
        let r = article(
            "r",
            "Tiếp công dân tháng tư",
            Status::Published,
            "2024-04-01T08:00:00+07:00",
        );
        let mut s = article(
            "s",
            "Lịch tiếp công dân tháng năm",
            Status::Scheduled,
            "2024-05-01T10:00:00+07:00",
        );
        // Not a near-duplicate of R: the related index would leave it out.
        s.body = vec![Block::paragraph(
            "Lãnh đạo Viện trực tiếp tiếp công dân vào thứ năm hằng tuần tại phòng tiếp \
             dân; công dân mang theo giấy tờ tùy thân và tài liệu liên quan đến vụ việc \
             khiếu nại về đất đai.",
        )];
        let mut e = article(
            "e",
            "Thông báo tiếp công dân ngày lễ",
            Status::Published,
            "2024-04-30T08:00:00+07:00",
        );
        e.expires = Some(at("2024-05-01T10:00:00+07:00"));
        let w = article(
            "w",
            "Tin tiếp công dân đã gỡ",
            Status::Withdrawn,
            "2024-04-29T08:00:00+07:00",
        );
        let d = article(
            "d",
            "Bản nháp tiếp công dân",
            Status::Draft,
            "2024-04-29T09:00:00+07:00",
        );
        vec![r, s, e, w, d]
    }

    /// Which of the articles each output shows at `now`, built the way a static host
    /// builds its site: from store listings asked for `now`, the related index and
    /// the search index (both over every article) queried at `now`, and `SitePages`.
    fn shown(now: Timestamp) -> Vec<(String, Vec<String>)> {
        let articles = site_articles();
        let store = MemoryStore::new();
        for a in &articles {
            store.put(a, None).unwrap();
        }
        let related = Related::build(&articles, Default::default());
        let search = Search::build(&articles);
        let r = Renderer::new(Site::new("Cổng", "https://example.gov.vn".parse().unwrap()));
        let mut pages = SitePages::new(&r, 10, now);
        let mut out: Vec<(String, String)> = Vec::new();
        let mut publish = |p: tintuc::render::SitePage<'_>| {
            out.push((p.path.to_string(), p.body.to_string()));
            true
        };
        let listing = |f: Filter| -> Vec<Article> {
            let q = ListQuery::new(f).visible_at(now);
            store
                .list(&q)
                .unwrap()
                .items
                .into_iter()
                .map(|s| s.article)
                .collect()
        };
        let cat = Category::from_name("Tiếp công dân").unwrap();
        let in_cat = listing(Filter::Category(cat.slug.clone()));
        let in_tag = listing(Filter::Tag("tiếp dân".into()));
        let all = listing(Filter::All);
        let mut result = vec![(
            "store listing".to_string(),
            all.iter().map(|a| a.id.to_string()).collect(),
        )];
        // Every article is offered to SitePages: it renders only the visible ones.
        for a in &articles {
            let links: Vec<RelatedLink> = related
                .related(&a.id, &QueryOptions::top(5).visible_at(now))
                .iter()
                .filter_map(|x| articles.iter().find(|b| b.id == x.id))
                .map(|b| RelatedLink::to(b, r.urls()))
                .collect();
            pages.article(&ArticleView::new(a, &links), &mut publish);
        }
        let every: Vec<&Article> = articles.iter().collect();
        fn refs(v: &[Article]) -> Vec<&Article> {
            v.iter().collect()
        }
        pages.category(&cat, &refs(&in_cat), &mut publish);
        pages.tag(
            "tiếp dân",
            &"tiep-dan".parse().unwrap(),
            &refs(&in_tag),
            &mut publish,
        );
        pages.home(
            &[HomeSection {
                category: &cat,
                articles: &every,
            }],
            &mut publish,
        );
        pages.feeds(&every, &mut publish);
        pages.finish(&mut publish);
        for (path, body) in &out {
            let ids = articles
                .iter()
                .filter(|a| body.contains(&format!("/tin/{}.html", a.slug)))
                .map(|a| a.id.to_string())
                .collect();
            result.push((path.clone(), ids));
        }
        let related_of_r = related.related(
            &"r".parse::<tintuc::model::ArticleId>().unwrap(),
            &QueryOptions::top(5).visible_at(now),
        );
        result.push((
            "related of r".into(),
            related_of_r.iter().map(|x| x.id.to_string()).collect(),
        ));
        let hits = search
            .search(&Query::new("tiep cong dan").page(0, 100).visible_at(now))
            .unwrap()
            .hits;
        result.push((
            "search".into(),
            hits.iter().map(|h| h.id.to_string()).collect(),
        ));
        result
    }

    fn find<'a>(shown: &'a [(String, Vec<String>)], what: &str) -> &'a [String] {
        &shown
            .iter()
            .find(|(k, _)| k == what)
            .unwrap_or_else(|| panic!("no output {what}: {shown:?}"))
            .1
    }

    const OUTPUTS: [&str; 11] = [
        "store listing",
        "/chuyen-muc/tiep-cong-dan",
        "/the/tiep-dan",
        "/",
        "/rss.xml",
        "/atom.xml",
        "/sitemap.xml",
        "/sitemap-news.xml",
        "/tin/tiep-cong-dan-thang-tu.html",
        "related of r",
        "search",
    ];

    #[test]
    fn scheduled_and_expiring_articles_switch_at_ten_in_every_static_output() {
        let before = shown(at("2024-05-01T09:59:59+07:00"));
        let after = shown(at("2024-05-01T10:00:00+07:00"));
        for what in OUTPUTS {
            let (b, a) = (find(&before, what), find(&after, what));
            let has = |v: &[String], id: &str| v.iter().any(|x| x == id);
            assert!(
                !has(b, "s") && has(a, "s"),
                "{what}: s before {b:?}, after {a:?}"
            );
            assert!(
                has(b, "e") && !has(a, "e"),
                "{what}: e before {b:?}, after {a:?}"
            );
            for id in ["w", "d"] {
                assert!(!has(b, id) && !has(a, id), "{what}: {id} shown");
            }
        }
        // Article pages: S's from 10:00, E's until then; W's and D's never.
        let page = |v: &[(String, Vec<String>)], slug: &str| {
            v.iter().any(|(p, _)| p == &format!("/tin/{slug}.html"))
        };
        assert!(
            !page(&before, "lich-tiep-cong-dan-thang-nam")
                && page(&after, "lich-tiep-cong-dan-thang-nam")
        );
        assert!(
            page(&before, "thong-bao-tiep-cong-dan-ngay-le")
                && !page(&after, "thong-bao-tiep-cong-dan-ngay-le")
        );
        for slug in ["tin-tiep-cong-dan-da-go", "ban-nhap-tiep-cong-dan"] {
            assert!(!page(&before, slug) && !page(&after, slug), "{slug}");
        }
        // The next refresh a static host schedules.
        assert_eq!(
            tintuc::model::next_transition(&site_articles(), at("2024-05-01T09:59:59+07:00")),
            Some(at("2024-05-01T10:00:00+07:00"))
        );
    }
}
