//! A conformance suite any [`ArticleStore`] implementation can run against itself.
//!
//! Each check gets a fresh, empty store from your factory. Failures are collected, not
//! panicked, so a run reports every broken behaviour at once.
//!
//! ```
//! use tintuc::store::{conformance, MemoryStore};
//! let report = conformance::run(|| MemoryStore::new());
//! assert!(report.failures.is_empty(), "{report}");
//! assert!(report.passed.len() >= 10);
//! ```

use std::fmt;

use super::{ArticleStore, Filter, ListQuery, Revision, StoreError, MAX_PER_PAGE};
use crate::model::{Article, ArticleId, Category, Slug, Status, Timestamp, VIETNAM_OFFSET};
use chrono::TimeZone;

/// The result of [`run`].
#[derive(Debug, Default)]
pub struct Report {
    /// Names of the checks that passed.
    pub passed: Vec<&'static str>,
    /// Failed checks with what went wrong.
    pub failures: Vec<(&'static str, String)>,
}

impl Report {
    /// Panics with every failure listed, for use in tests.
    ///
    /// # Panics
    /// When any check failed.
    pub fn assert_ok(&self) {
        assert!(
            self.failures.is_empty(),
            "store conformance failed:\n{self}"
        );
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} passed, {} failed",
            self.passed.len(),
            self.failures.len()
        )?;
        for (name, why) in &self.failures {
            writeln!(f, "  FAIL {name}: {why}")?;
        }
        Ok(())
    }
}

type CheckResult = Result<(), String>;
type Check<S> = (&'static str, fn(&S) -> CheckResult);

macro_rules! ensure {
    ($cond:expr, $($fmt:tt)*) => {
        if !$cond {
            return Err(format!($($fmt)*));
        }
    };
}

fn e2s(e: StoreError) -> String {
    format!("unexpected store error: {e}")
}

fn id(s: &str) -> Result<ArticleId, String> {
    ArticleId::new(s).map_err(|e| e.to_string())
}

fn when(day: u32, hour: u32) -> Result<Timestamp, String> {
    VIETNAM_OFFSET
        .with_ymd_and_hms(2018, 8, day, hour, 0, 0)
        .single()
        .ok_or_else(|| "bad test date".to_string())
}

/// A valid published test article.
fn article(n: usize, category: &str, tags: &[&str], day: u32) -> Result<Article, String> {
    let slug = Slug::new(format!("bai-viet-{n}")).map_err(|e| e.to_string())?;
    let mut a = Article::new(
        id(&format!("conf-{n:04}"))?,
        format!("Bài viết số {n}"),
        slug,
    );
    a.body = vec![crate::model::Block::paragraph(format!("Nội dung bài {n}."))];
    a.category = Category::from_name(category);
    a.tags = tags.iter().map(|t| t.to_string()).collect();
    a.published = Some(when(day, (n % 24) as u32)?);
    a.status = Status::Published;
    Ok(a)
}

fn check_insert_get<S: ArticleStore>(s: &S) -> CheckResult {
    let a = article(1, "Pháp luật", &["an toàn"], 10)?;
    let r = s.put(&a, None).map_err(e2s)?;
    ensure!(r == Revision(1), "first revision is {r}, expected 1");
    let got = s
        .get(&a.id)
        .map_err(e2s)?
        .ok_or("inserted article not found")?;
    ensure!(got.article == a, "article changed by the round trip");
    ensure!(got.revision == r, "revision mismatch");
    let by_slug = s.get_by_slug(&a.slug).map_err(e2s)?;
    ensure!(
        by_slug.map(|x| x.article.id) == Some(a.id.clone()),
        "get_by_slug failed"
    );
    ensure!(
        s.slug_exists(&a.slug).map_err(e2s)?,
        "slug_exists false after insert"
    );
    ensure!(s.count().map_err(e2s)? == 1, "count != 1");
    Ok(())
}

fn check_missing<S: ArticleStore>(s: &S) -> CheckResult {
    ensure!(
        s.get(&id("nope")?).map_err(e2s)?.is_none(),
        "get on empty store returned something"
    );
    let slug = Slug::new("nope").map_err(|e| e.to_string())?;
    ensure!(
        s.get_by_slug(&slug).map_err(e2s)?.is_none(),
        "get_by_slug on empty store"
    );
    ensure!(
        !s.slug_exists(&slug).map_err(e2s)?,
        "slug_exists on empty store"
    );
    match s.delete(&id("nope")?, None) {
        Err(StoreError::NotFound { .. }) => Ok(()),
        other => Err(format!("delete of missing article gave {other:?}")),
    }
}

fn check_insert_twice_conflicts<S: ArticleStore>(s: &S) -> CheckResult {
    let a = article(2, "Pháp luật", &[], 10)?;
    s.put(&a, None).map_err(e2s)?;
    match s.put(&a, None) {
        Err(StoreError::Conflict {
            actual: Some(Revision(1)),
            expected: None,
            ..
        }) => Ok(()),
        other => Err(format!("second insert gave {other:?}")),
    }
}

fn check_optimistic_update<S: ArticleStore>(s: &S) -> CheckResult {
    let mut a = article(3, "Pháp luật", &[], 10)?;
    let r1 = s.put(&a, None).map_err(e2s)?;
    a.title = "Đã sửa".into();
    let r2 = s.put(&a, Some(r1)).map_err(e2s)?;
    ensure!(r2 > r1, "revision did not grow: {r1} -> {r2}");
    a.title = "Sửa lần hai từ bản cũ".into();
    match s.put(&a, Some(r1)) {
        Err(StoreError::Conflict {
            expected, actual, ..
        }) => {
            ensure!(
                expected == Some(r1) && actual == Some(r2),
                "conflict fields wrong"
            );
        }
        other => return Err(format!("stale update gave {other:?}")),
    }
    let got = s.get(&a.id).map_err(e2s)?.ok_or("article vanished")?;
    ensure!(
        got.article.title == "Đã sửa",
        "stale update overwrote the article"
    );
    match s.put(&article(99, "X", &[], 1)?, Some(Revision(1))) {
        Err(StoreError::Conflict { actual: None, .. }) => Ok(()),
        other => Err(format!("update of missing article gave {other:?}")),
    }
}

fn check_slug_unique<S: ArticleStore>(s: &S) -> CheckResult {
    let a = article(4, "Pháp luật", &[], 10)?;
    s.put(&a, None).map_err(e2s)?;
    let mut b = article(5, "Pháp luật", &[], 10)?;
    b.slug = a.slug.clone();
    match s.put(&b, None) {
        Err(StoreError::SlugTaken { owner, .. }) if owner == a.id => {}
        other => return Err(format!("duplicate slug gave {other:?}")),
    }
    ensure!(
        s.get(&b.id).map_err(e2s)?.is_none(),
        "rejected article was stored"
    );
    // Renaming frees the old slug.
    let mut a2 = a.clone();
    a2.slug = Slug::new("ten-moi").map_err(|e| e.to_string())?;
    s.put(&a2, Some(Revision(1))).map_err(e2s)?;
    ensure!(
        !s.slug_exists(&a.slug).map_err(e2s)?,
        "old slug still exists after rename"
    );
    s.put(&b, None).map_err(e2s)?;
    Ok(())
}

fn check_invalid_rejected<S: ArticleStore>(s: &S) -> CheckResult {
    let mut a = article(6, "Pháp luật", &[], 10)?;
    a.title = "  ".into();
    match s.put(&a, None) {
        Err(StoreError::Invalid(e)) if e.field == "title" => {}
        other => return Err(format!("invalid article gave {other:?}")),
    }
    ensure!(s.count().map_err(e2s)? == 0, "invalid article was stored");
    Ok(())
}

fn check_delete<S: ArticleStore>(s: &S) -> CheckResult {
    let a = article(7, "Pháp luật", &["x"], 10)?;
    let r = s.put(&a, None).map_err(e2s)?;
    match s.delete(&a.id, Some(Revision(r.0 + 5))) {
        Err(StoreError::Conflict { .. }) => {}
        other => return Err(format!("stale delete gave {other:?}")),
    }
    s.delete(&a.id, Some(r)).map_err(e2s)?;
    ensure!(
        s.get(&a.id).map_err(e2s)?.is_none(),
        "deleted article still there"
    );
    ensure!(
        !s.slug_exists(&a.slug).map_err(e2s)?,
        "deleted article's slug still taken"
    );
    let listed = s
        .list(&ListQuery::new(Filter::Tag("x".into())))
        .map_err(e2s)?;
    ensure!(listed.total == 0, "deleted article still listed by tag");
    // Re-inserting after delete starts over.
    s.put(&a, None).map_err(e2s)?;
    Ok(())
}

fn check_list_recency_and_pages<S: ArticleStore>(s: &S) -> CheckResult {
    for n in 0..25 {
        let cat = if n % 2 == 0 {
            "Pháp luật"
        } else {
            "Thi đua"
        };
        s.put(
            &article(100 + n, cat, &["chung"], 1 + (n as u32 % 28))?,
            None,
        )
        .map_err(e2s)?;
    }
    let p1 = s
        .list(&ListQuery::new(Filter::All).per_page(10))
        .map_err(e2s)?;
    ensure!(p1.total == 25, "total {} != 25", p1.total);
    ensure!(p1.items.len() == 10, "page size {}", p1.items.len());
    ensure!(p1.page_count() == 3, "page_count {}", p1.page_count());
    let mut all = Vec::new();
    for page in 1..=3 {
        let p = s
            .list(&ListQuery::new(Filter::All).per_page(10).page(page))
            .map_err(e2s)?;
        all.extend(p.items);
    }
    ensure!(all.len() == 25, "pages cover {} items", all.len());
    for w in all.windows(2) {
        if let [x, y] = w {
            let (px, py) = (x.article.published, y.article.published);
            ensure!(
                px > py || (px == py && x.article.id < y.article.id),
                "not newest first: {} then {}",
                x.article.id,
                y.article.id
            );
        }
    }
    let past = s
        .list(&ListQuery::new(Filter::All).per_page(10).page(9))
        .map_err(e2s)?;
    ensure!(
        past.items.is_empty() && past.total == 25,
        "page past the end"
    );
    let slug = Slug::new("phap-luat").map_err(|e| e.to_string())?;
    let cat = s
        .list(&ListQuery::new(Filter::Category(slug)).per_page(100))
        .map_err(e2s)?;
    ensure!(
        cat.total == 13 && cat.items.len() == 13,
        "category listing {}",
        cat.total
    );
    ensure!(
        cat.items
            .iter()
            .all(|x| x.article.category.as_ref().map(|c| c.slug.as_str()) == Some("phap-luat")),
        "category listing has other categories"
    );
    let tag = s
        .list(&ListQuery::new(Filter::Tag("chung".into())))
        .map_err(e2s)?;
    ensure!(tag.total == 25, "tag listing {}", tag.total);
    let cats = s.categories().map_err(e2s)?;
    ensure!(cats.len() == 2, "categories() gave {}", cats.len());
    Ok(())
}

fn check_list_status_filter<S: ArticleStore>(s: &S) -> CheckResult {
    for n in 0..6 {
        let mut a = article(200 + n, "Pháp luật", &[], 5)?;
        if n % 3 == 0 {
            a.status = Status::Draft;
        }
        s.put(&a, None).map_err(e2s)?;
    }
    let q = ListQuery::new(Filter::All)
        .status(Status::Published)
        .per_page(3);
    let p = s.list(&q).map_err(e2s)?;
    ensure!(p.total == 4, "published total {}", p.total);
    ensure!(
        p.items
            .iter()
            .all(|x| x.article.status == Status::Published),
        "draft listed"
    );
    let p2 = s.list(&q.clone().page(2)).map_err(e2s)?;
    ensure!(p2.items.len() == 1, "second page has {}", p2.items.len());
    Ok(())
}

/// Listings with [`ListQuery::visible_at`] select exactly the articles
/// [`Article::is_visible_at`] accepts, at and around every publish and expiry instant
/// (to the nanosecond), under every filter, with the status filter too.
fn check_list_visible_at<S: ArticleStore>(s: &S) -> CheckResult {
    let base = when(10, 10)?;
    let ns = |n: i64| base + chrono::Duration::nanoseconds(n);
    let times = [None, Some(ns(-1_500_000_000)), Some(ns(0)), Some(ns(250))];
    let statuses = [
        Status::Draft,
        Status::InReview,
        Status::Approved,
        Status::Scheduled,
        Status::Published,
        Status::Expired,
        Status::Withdrawn,
    ];
    let mut stored = Vec::new();
    let mut n = 400;
    for status in statuses {
        for published in times {
            for expires in times {
                n += 1;
                let tag = if n % 2 == 0 { "chẵn" } else { "lẻ" };
                let mut a = article(n, "Lịch", &[tag], 5)?;
                a.status = status;
                a.published = published;
                a.expires = expires;
                if a.validate().is_err() {
                    continue;
                }
                s.put(&a, None).map_err(e2s)?;
                stored.push(a);
            }
        }
    }
    let instants = [-1_500_000_001, -1_500_000_000, -1, 0, 1, 249, 250, 251];
    let filters = [
        Filter::All,
        Filter::Category(Slug::new("lich").map_err(|e| e.to_string())?),
        Filter::Tag("chẵn".into()),
    ];
    for at in instants.map(ns) {
        for filter in &filters {
            for status in [None, Some(Status::Scheduled)] {
                let mut want: Vec<&str> = stored
                    .iter()
                    .filter(|a| a.is_visible_at(at))
                    .filter(|a| status.is_none_or(|st| a.status == st))
                    .filter(|a| match filter {
                        Filter::Tag(t) => a.tags.contains(t),
                        _ => true,
                    })
                    .map(|a| a.id.as_str())
                    .collect();
                want.sort_unstable();
                let mut q = ListQuery::new(filter.clone())
                    .visible_at(at)
                    .per_page(MAX_PER_PAGE);
                q.status = status;
                let got = s.list(&q).map_err(e2s)?;
                let mut ids: Vec<&str> = got.items.iter().map(|x| x.article.id.as_str()).collect();
                ids.sort_unstable();
                ensure!(
                    ids == want && got.total == want.len(),
                    "visible at {at} ({filter:?}, {status:?}): listed {ids:?} (total {}), \
                     the model says {want:?}",
                    got.total
                );
            }
        }
    }
    // Pages of a visibility listing count only visible articles.
    let q = ListQuery::new(Filter::All).visible_at(ns(0)).per_page(2);
    let visible = stored.iter().filter(|a| a.is_visible_at(ns(0))).count();
    let last = s.list(&q.clone().page(visible.div_ceil(2))).map_err(e2s)?;
    ensure!(
        last.total == visible && last.items.len() == visible - 2 * (visible.div_ceil(2) - 1),
        "last page of {visible} visible: {} items, total {}",
        last.items.len(),
        last.total
    );
    Ok(())
}

fn check_update_moves_indexes<S: ArticleStore>(s: &S) -> CheckResult {
    let mut a = article(300, "Pháp luật", &["cũ"], 5)?;
    let r = s.put(&a, None).map_err(e2s)?;
    a.category = Category::from_name("Thi đua");
    a.tags = vec!["mới".into()];
    s.put(&a, Some(r)).map_err(e2s)?;
    let old = Slug::new("phap-luat").map_err(|e| e.to_string())?;
    ensure!(
        s.list(&ListQuery::new(Filter::Category(old)))
            .map_err(e2s)?
            .total
            == 0,
        "still listed under old category"
    );
    ensure!(
        s.list(&ListQuery::new(Filter::Tag("cũ".into())))
            .map_err(e2s)?
            .total
            == 0,
        "still listed under old tag"
    );
    ensure!(
        s.list(&ListQuery::new(Filter::Tag("mới".into())))
            .map_err(e2s)?
            .total
            == 1,
        "not listed under new tag"
    );
    Ok(())
}

fn check_curation_filters<S: ArticleStore>(s: &S) -> CheckResult {
    let topic = crate::model::Topic::from_name("Bão số 3").ok_or("no topic slug")?;
    for n in 0..6usize {
        let mut a = article(400 + n, "Pháp luật", &[], 4 + n as u32)?;
        if n % 2 == 0 {
            a.more_categories = vec![Category::from_name("Thi đua").ok_or("no slug")?];
        }
        if n % 3 == 0 {
            a.topic = Some(topic.clone());
        }
        s.put(&a, None).map_err(e2s)?;
    }
    let mut primary = article(406, "Thi đua", &[], 1)?;
    primary.topic = Some(topic.clone());
    let r = s.put(&primary, None).map_err(e2s)?;
    let ids = |f: Filter| -> Result<Vec<String>, String> {
        let got = s.list(&ListQuery::new(f).per_page(100)).map_err(e2s)?;
        ensure!(
            got.total == got.items.len(),
            "total {} for {} items",
            got.total,
            got.items.len()
        );
        Ok(got
            .items
            .into_iter()
            .map(|x| x.article.id.to_string())
            .collect())
    };
    let thi_dua = Slug::new("thi-dua").map_err(|e| e.to_string())?;
    let got = ids(Filter::Category(thi_dua.clone()))?;
    ensure!(
        got == ["conf-0404", "conf-0402", "conf-0400", "conf-0406"],
        "by primary or further category, newest first: {got:?}"
    );
    let got = ids(Filter::Topic(topic.slug.clone()))?;
    ensure!(
        got == ["conf-0403", "conf-0400", "conf-0406"],
        "by topic, newest first: {got:?}"
    );
    let other = Slug::new("khac").map_err(|e| e.to_string())?;
    ensure!(
        ids(Filter::Topic(other))?.is_empty(),
        "unknown topic lists articles"
    );
    // moving the article off the topic and the category takes it off both listings
    primary.topic = None;
    primary.category = Category::from_name("Pháp luật");
    s.put(&primary, Some(r)).map_err(e2s)?;
    ensure!(
        ids(Filter::Category(thi_dua))?.len() == 3,
        "still under its old category"
    );
    ensure!(
        ids(Filter::Topic(topic.slug))?.len() == 2,
        "still under its old topic"
    );
    Ok(())
}

fn check_scan_iterates_everything<S: ArticleStore>(s: &S) -> CheckResult {
    for n in 0..600 {
        s.put(&article(1000 + n, "Pháp luật", &[], 3)?, None)
            .map_err(e2s)?;
    }
    let mut n = 0;
    let mut prev: Option<ArticleId> = None;
    for item in super::ScanIter::new(s) {
        let item = item.map_err(e2s)?;
        if let Some(p) = &prev {
            ensure!(p < &item.article.id, "scan not in id order");
        }
        prev = Some(item.article.id);
        n += 1;
    }
    ensure!(n == 600, "iter yielded {n} of 600");
    let first = s.scan(None, 5).map_err(e2s)?;
    ensure!(first.len() == 5, "scan limit ignored");
    Ok(())
}

fn check_concurrent_writers<S: ArticleStore>(s: &S) -> CheckResult {
    let a = article(400, "Pháp luật", &[], 5)?;
    s.put(&a, None).map_err(e2s)?;
    let successes = std::sync::atomic::AtomicUsize::new(0);
    let conflicts = std::sync::atomic::AtomicUsize::new(0);
    let errors = std::sync::Mutex::new(Vec::<String>::new());
    std::thread::scope(|scope| {
        for w in 0..8 {
            let (a, successes, conflicts, errors) = (&a, &successes, &conflicts, &errors);
            scope.spawn(move || {
                for i in 0..25 {
                    let cur = match s.get(&a.id) {
                        Ok(Some(c)) => c,
                        other => {
                            if let Ok(mut e) = errors.lock() {
                                e.push(format!("get gave {other:?}"));
                            }
                            return;
                        }
                    };
                    let mut next = cur.article.clone();
                    next.tags.push(format!("w{w}-{i}"));
                    match s.put(&next, Some(cur.revision)) {
                        Ok(_) => successes.fetch_add(1, std::sync::atomic::Ordering::SeqCst),
                        Err(StoreError::Conflict { .. }) => {
                            conflicts.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
                        }
                        Err(e) => {
                            if let Ok(mut v) = errors.lock() {
                                v.push(e.to_string());
                            }
                            0
                        }
                    };
                }
            });
        }
    });
    let errors = errors.into_inner().unwrap_or_default();
    ensure!(errors.is_empty(), "writer errors: {errors:?}");
    let ok = successes.into_inner();
    let conf = conflicts.into_inner();
    ensure!(
        ok + conf == 200,
        "{ok} successes + {conf} conflicts != 200 attempts"
    );
    let fin = s.get(&a.id).map_err(e2s)?.ok_or("article vanished")?;
    // No lost update: every successful write added exactly one tag that survived.
    ensure!(
        fin.article.tags.len() == ok,
        "{} tags survived but {ok} writes succeeded (lost update)",
        fin.article.tags.len()
    );
    ensure!(
        fin.revision.0 == 1 + ok as u64,
        "revision {} after {ok} updates",
        fin.revision
    );
    Ok(())
}

/// Runs every check, each on a fresh store from `make`.
pub fn run<S: ArticleStore, F: FnMut() -> S>(mut make: F) -> Report {
    let checks: [Check<S>; 14] = [
        ("insert_get", check_insert_get::<S>),
        ("missing", check_missing::<S>),
        ("insert_twice_conflicts", check_insert_twice_conflicts::<S>),
        ("optimistic_update", check_optimistic_update::<S>),
        ("slug_unique", check_slug_unique::<S>),
        ("invalid_rejected", check_invalid_rejected::<S>),
        ("delete", check_delete::<S>),
        ("list_recency_and_pages", check_list_recency_and_pages::<S>),
        ("curation_filters", check_curation_filters::<S>),
        ("list_status_filter", check_list_status_filter::<S>),
        ("list_visible_at", check_list_visible_at::<S>),
        ("update_moves_indexes", check_update_moves_indexes::<S>),
        (
            "scan_iterates_everything",
            check_scan_iterates_everything::<S>,
        ),
        ("concurrent_writers", check_concurrent_writers::<S>),
    ];
    let mut report = Report::default();
    for (name, check) in checks {
        let store = make();
        match check(&store) {
            Ok(()) => report.passed.push(name),
            Err(why) => report.failures.push((name, why)),
        }
    }
    report
}
