//! The two parts of an uncached article page, each in its own function, for
//! instruction counts under callgrind (`--toggle-collect`): the store round trip that
//! `tintuc::web` no longer makes for a visible article (the article by slug, then the
//! first 7 of its category and 6 of its topic, decoded from SQLite), and the render.
//!
//! ```text
//! cargo build --release --features sqlite --example page_cost
//! valgrind --tool=callgrind --toggle-collect='*store_round_trip*' \
//!   target/release/examples/page_cost      # then --toggle-collect='*render_page*'
//! ```
//! Each part runs once per sample article, `ROUNDS` times; divide by the pages printed.
//!
//! `page_cost --bytes FILE.jsonl` instead reads the articles of a JSON Lines file and
//! prints how much resident memory holding them decoded (`Arc<Article>`, as the web
//! service's catalog does) takes, per article (`VmRSS` before and after: indicative).

use std::hint::black_box;

use tintuc::model::Article;
use tintuc::render::{ArticleView, Page, RelatedLink, Renderer, Site};
use tintuc::store::{ArticleStore, Filter, ListQuery, SqliteStore, StoredArticle};

const ROUNDS: usize = 20;

/// What the page read from the store: the article, its category's and topic's first.
#[inline(never)]
fn store_round_trip(
    store: &dyn ArticleStore,
    a: &Article,
    now: tintuc::model::Timestamp,
) -> (Option<StoredArticle>, usize) {
    let stored = store.get_by_slug(&a.slug).ok().flatten();
    let mut n = 0;
    if let Some(c) = &a.category {
        let q = ListQuery::new(Filter::Category(c.slug.clone()))
            .visible_at(now)
            .per_page(7);
        n += store.list(&q).map(|l| l.items.len()).unwrap_or(0);
    }
    if let Some(t) = &a.topic {
        let q = ListQuery::new(Filter::Topic(t.slug.clone()))
            .visible_at(now)
            .per_page(6);
        n += store.list(&q).map(|l| l.items.len()).unwrap_or(0);
    }
    (stored, n)
}

/// The page's render, from the article and its links.
#[inline(never)]
fn render_page(
    renderer: &Renderer,
    a: &Article,
    links: &[RelatedLink],
    more: &[RelatedLink],
) -> usize {
    let mut out = String::new();
    let view = ArticleView::new(a, links).with_more(more);
    renderer.render(&Page::Article(&view), &mut out);
    out.len()
}

/// Resident memory now, in bytes (0 where `/proc` is not there).
fn rss() -> usize {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<usize>().ok())
        .map_or(0, |kb| kb * 1024)
}

/// The resident bytes an article held decoded takes, over the articles of `path`.
fn bytes_per_article(path: &str) -> Result<(), Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string(path)?;
    let lines: Vec<&str> = text.lines().collect();
    let before = rss();
    let mut held: Vec<std::sync::Arc<Article>> = Vec::with_capacity(lines.len());
    for line in &lines {
        if let Ok(a) = tintuc::import::parse_line(line) {
            held.push(std::sync::Arc::new(a));
        }
    }
    let after = rss();
    let n = held.len().max(1);
    println!(
        "{} articles: {} bytes resident, {} bytes an article ({} bytes of JSON an article)",
        held.len(),
        after.saturating_sub(before),
        after.saturating_sub(before) / n,
        text.len() / n
    );
    black_box(&held);
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if let [_, flag, path] = args.as_slice() {
        if flag == "--bytes" {
            return bytes_per_article(path);
        }
    }
    let articles = tintuc::import::sample_articles()?;
    let dir = tempfile::tempdir()?;
    let store = SqliteStore::open(dir.path().join("page_cost.sqlite3"))?;
    for a in &articles {
        store.put(a, None)?;
    }
    let site = Site::new("Cổng thông tin", "http://127.0.0.1:8080".parse()?);
    let renderer = Renderer::new(site);
    let links: Vec<RelatedLink> = articles
        .iter()
        .take(6)
        .map(|a| RelatedLink::to(a, renderer.urls()))
        .collect();
    let now = chrono::Utc::now().fixed_offset();
    let mut pages = 0;
    let mut sink = 0;
    for _ in 0..ROUNDS {
        for a in &articles {
            let (stored, n) = store_round_trip(&store, a, now);
            sink += n + usize::from(stored.is_some());
            sink += render_page(&renderer, a, &links[..3], &links[3..]);
            pages += 1;
        }
    }
    black_box(sink);
    println!("{pages} pages");
    Ok(())
}
