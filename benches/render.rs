//! Rendering: the model article page, and the portal — every page of a site rendered in
//! memory (no files written).
//!
//! `cargo bench --bench render`. The model article is the bundled sample's
//! `vks-st-2018-0817-01` with its hand-picked related links (the page
//! `cargo bench -p tintuc-peers --bench render` also renders as askama and sailfish
//! templates). The portal job is what `cargo run --example portal` does minus the file
//! writes: load the articles into a `MemoryStore`, build the related index, then render
//! with `SitePages` every article page (five related links each), every category and tag
//! listing page, the home page, the RSS and Atom feeds, the sitemaps and the Google News
//! sitemap. It
//! runs on the bundled sample, then on the VNTC sample from ../shared/data when present
//! (a `SKIP` line says when it is not).

mod common;

use std::collections::BTreeMap;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tintuc::model::{Article, Category, Slug, Status, Timestamp};
use tintuc::related::{Config, Index, QueryOptions};
use tintuc::render::{
    ArticleView, DefaultUrls, HomeSection, Page, RelatedLink, Renderer, Site, SitePage, SitePages,
};
use tintuc::store::{ArticleStore, Filter, ListQuery, MemoryStore, MAX_PER_PAGE};

const MODEL_ARTICLE: &str = "vks-st-2018-0817-01";
const PER_PAGE: usize = 10;

fn site(sections: Vec<Category>) -> Site {
    let base = "https://vksndsoctrang.example.vn"
        .parse()
        .expect("a valid base URL");
    let mut site = Site::new("Trang thông tin điện tử VKSND tỉnh Sóc Trăng", base);
    site.publisher.name = "Viện kiểm sát nhân dân tỉnh Sóc Trăng".into();
    site.footer_lines = vec!["Cơ quan chủ quản: Viện kiểm sát nhân dân tỉnh Sóc Trăng".into()];
    site.sections = sections;
    site
}

fn model_article(c: &mut Criterion) {
    let all = common::sample().articles;
    let Some(a) = all.iter().find(|a| a.id.as_str() == MODEL_ARTICLE) else {
        eprintln!("SKIP: the bundled sample has no {MODEL_ARTICLE}");
        return;
    };
    let related: Vec<RelatedLink> = a
        .related
        .iter()
        .filter_map(|id| all.iter().find(|x| &x.id == id))
        .map(|x| RelatedLink::to(x, &DefaultUrls))
        .collect();
    let mut sections: Vec<Category> = all.iter().filter_map(|a| a.category.clone()).collect();
    sections.sort_by(|a, b| a.name.cmp(&b.name));
    sections.dedup();
    let r = Renderer::new(site(sections));
    let mut buf = String::with_capacity(32 * 1024);
    r.render(&Page::Article(&ArticleView::new(a, &related)), &mut buf);

    let mut g = c.benchmark_group("render_model_article");
    g.throughput(Throughput::Bytes(buf.len() as u64));
    g.bench_function("sample", |b| {
        b.iter(|| {
            buf.clear();
            r.render(&Page::Article(&ArticleView::new(a, &related)), &mut buf);
            buf.len()
        })
    });
    g.finish();
}

/// What one portal run produced.
#[derive(Default)]
struct Output {
    pages: usize,
    bytes: usize,
}

/// Every page of the site over `articles`, rendered in memory.
fn portal(articles: &[Article], now: Timestamp) -> Output {
    let mut out = Output::default();
    let store = MemoryStore::new();
    for a in articles {
        // An article the store refuses is not part of the site.
        let _ = store.put(a, None);
    }
    let published: Vec<Article> = store
        .iter()
        .filter_map(Result::ok)
        .map(|s| s.article)
        .filter(|a| a.status == Status::Published)
        .collect();
    let categories: Vec<Category> = store
        .categories()
        .unwrap_or_default()
        .into_iter()
        .map(|(c, _)| c)
        .collect();
    let r = Renderer::new(site(categories.clone()));
    let urls = r.urls();
    let links: BTreeMap<&str, RelatedLink> = published
        .iter()
        .map(|a| (a.id.as_str(), RelatedLink::to(a, urls)))
        .collect();
    let index = Index::build(&published, Config::default());
    let five = QueryOptions::top(5).without_explanations();
    let mut pages = SitePages::new(&r, PER_PAGE, now);
    // In memory: every page counts as published.
    let mut publish = |p: SitePage<'_>| {
        out.pages += 1;
        out.bytes += p.body.len();
        true
    };

    for a in &published {
        let related: Vec<RelatedLink> = index
            .related(&a.id, &five)
            .iter()
            .filter_map(|r| links.get(r.id.as_str()).cloned())
            .collect();
        pages.article(&ArticleView::new(a, &related), &mut publish);
    }

    let listing = |f: Filter, page: usize, per_page: usize| {
        let q = ListQuery::new(f)
            .status(Status::Published)
            .page(page)
            .per_page(per_page);
        store.list(&q).ok()
    };
    let mut home: Vec<(Category, Vec<Article>)> = Vec::new();
    for cat in &categories {
        let mut items: Vec<Article> = Vec::new();
        for page in 1.. {
            let Some(result) = listing(Filter::Category(cat.slug.clone()), page, MAX_PER_PAGE)
            else {
                break;
            };
            let last = page >= result.page_count();
            items.extend(result.items.into_iter().map(|s| s.article));
            if last {
                break;
            }
        }
        let refs: Vec<&Article> = items.iter().collect();
        pages.category(cat, &refs, &mut publish);
        home.push((cat.clone(), items.into_iter().take(5).collect()));
    }

    // Tags that slug alike share one listing.
    let mut by_tag: BTreeMap<Slug, (&str, Vec<&Article>)> = BTreeMap::new();
    for a in &published {
        for t in &a.tags {
            if let Some(slug) = tintuc::model::Slug::from_title(t) {
                let e = by_tag
                    .entry(slug)
                    .or_insert_with(|| (t.as_str(), Vec::new()));
                if e.1.last().map(|x| &x.id) != Some(&a.id) {
                    e.1.push(a);
                }
            }
        }
    }
    for (slug, (tag, list)) in &mut by_tag {
        list.sort_by(|x, y| y.published.cmp(&x.published).then_with(|| x.id.cmp(&y.id)));
        pages.tag(tag, slug, list, &mut publish);
    }

    let refs: Vec<Vec<&Article>> = home.iter().map(|(_, v)| v.iter().collect()).collect();
    let sections: Vec<HomeSection> = home
        .iter()
        .zip(&refs)
        .map(|((category, _), articles)| HomeSection { category, articles })
        .collect();
    pages.home(&sections, &mut publish);

    if let Some(newest) = listing(Filter::All, 1, PER_PAGE) {
        let newest: Vec<&Article> = newest.items.iter().map(|s| &s.article).collect();
        pages.feeds(&newest, &mut publish);
    }
    pages.finish(&mut publish);
    out
}

fn portal_bench(c: &mut Criterion) {
    let now: Timestamp = "2018-12-21T12:00:00+07:00"
        .parse()
        .expect("a valid timestamp");
    for corpus in common::corpora() {
        let articles = &corpus.articles;
        let once = portal(articles, now);
        eprintln!(
            "portal {}: {} articles, {} documents, {:.1} MB",
            corpus.name,
            articles.len(),
            once.pages,
            once.bytes as f64 / 1e6
        );
        let mut g = c.benchmark_group("portal");
        g.throughput(Throughput::Elements(once.pages as u64));
        g.sample_size(10);
        g.bench_function(corpus.name.as_str(), |b| {
            b.iter(|| portal(articles, now).pages)
        });
        g.finish();
    }
}

criterion_group!(benches, model_article, portal_bench);
criterion_main!(benches);
