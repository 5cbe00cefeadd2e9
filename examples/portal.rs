//! The main job: `cargo run --release --example portal`.
//!
//! Loads the bundled sample site (or `--corpus FILE.jsonl`, the plain import format)
//! into the embedded `MemoryStore` and renders the whole portal into a folder
//! (default `target/portal/`): the home page, every category and tag listing page,
//! every article page with its "Tin liên quan", the RSS and Atom feeds, the sitemap (an
//! index past 50,000 URLs) and the Google News sitemap. Prints the path of the home
//! page and of the model article.
//!
//! Options:
//!   --corpus FILE.jsonl   articles in the plain import format instead of the sample
//!   --out DIR             output folder (default target/portal)
//!   --base-url URL        the site's origin (default https://vksndsoctrang.example.vn)
//!   --site-name NAME      portal name (default "Trang thông tin điện tử VKSND tỉnh Sóc Trăng")
//!   --per-page N          articles per listing page (default 10)
//!   --now RFC3339         "now" for the Google News sitemap (default: the clock)
//!   --search-url URL      the site's search page: every page gets a search box leading
//!                         there (default: none, a static export has no search page)
//!
//!   --documents FILE.jsonl  the document registry (plain document JSON Lines); default:
//!                         the bundled sample registry with the bundled sample articles
//!
//! Văn bản: every document page, the documents listings (all, per kind, issuer, field,
//! year, in force), the documents feed; article pages link each resolved citation.
//!
//! Every input line is repaired as `tintuc::import` describes (each repair is printed)
//! and slugs are at most `tintuc::model::MAX_SLUG_LEN` bytes. A page that cannot be
//! written (an article's with its id and input line) is reported and the rest of the
//! site is still written; the run then exits with status 1.
//!
//! Related links: the five best of `tintuc::related::Index` (built over every published
//! article with the default configuration, each cited document that resolves in the
//! registry compared by its identity (`Registry::with_resolved_citations`); an article's
//! hand-picked `related` ids come first).

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use tintuc::import::Importer;
use tintuc::model::{Article, ArticleId, Category, Link, Slug, Status, Timestamp};
use tintuc::related::{Config, QueryOptions};
use tintuc::render::{
    ArticleView, CategoryView, DefaultUrls, HomeSection, Page, Publisher, RelatedLink, Renderer,
    SidebarBlock, Site, SitemapEntry, TagView, UrlScheme,
};
use tintuc::store::{ArticleStore, Filter, ListQuery, MemoryStore, MAX_PER_PAGE};

#[path = "portal/documents.rs"]
mod documents;

const MODEL_ARTICLE: &str = "vks-st-2018-0817-01";

/// The bundled sample's images (own-made SVG drawings), copied to the output root.
const SAMPLE_IMAGES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/images");

/// How many of the category's latest articles "Các tin khác" shows.
const MORE_PER_ARTICLE: usize = 5;

/// The default URL scheme, except that article file names stay within what file
/// systems accept (255 bytes): a longer slug is cut at a `-` and given a short hash of
/// the full slug, so two long titles that share a beginning keep distinct URLs.
struct PortalUrls;

const MAX_SLUG_IN_URL: usize = 200;

impl UrlScheme for PortalUrls {
    fn article(&self, article: &Article) -> Link {
        let slug = article.slug.as_str();
        if slug.len() <= MAX_SLUG_IN_URL {
            return DefaultUrls.article(article);
        }
        let head = slug[..MAX_SLUG_IN_URL]
            .rsplit_once('-')
            .map_or(&slug[..MAX_SLUG_IN_URL], |x| x.0);
        // FNV-1a: stable across runs and platforms.
        let hash = slug.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        });
        format!("/tin/{head}-{:08x}.html", hash as u32)
            .parse()
            .unwrap_or_else(|_| self.home())
    }
}

const USAGE: &str = "usage: portal [--corpus FILE.jsonl] [--out DIR] [--base-url URL] \
                     [--site-name NAME] [--per-page N] [--now RFC3339] [--search-url URL] \
                     [--documents FILE.jsonl]";

struct Args {
    corpus: Option<String>,
    out: PathBuf,
    base_url: String,
    site_name: String,
    per_page: usize,
    now: Option<Timestamp>,
    documents: Option<String>,
    search_url: Option<Link>,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        corpus: None,
        out: PathBuf::from("target/portal"),
        base_url: "https://vksndsoctrang.example.vn".into(),
        site_name: "Trang thông tin điện tử VKSND tỉnh Sóc Trăng".into(),
        per_page: 10,
        now: None,
        documents: None,
        search_url: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--corpus" => a.corpus = Some(value()?),
            "--out" => a.out = PathBuf::from(value()?),
            "--documents" => a.documents = Some(value()?),
            "--base-url" => a.base_url = value()?,
            "--search-url" => {
                let v = value()?;
                a.search_url = Some(v.parse().map_err(|e| format!("--search-url {v:?}: {e}"))?)
            }
            "--site-name" => a.site_name = value()?,
            "--per-page" => {
                a.per_page = value()?
                    .parse()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or("--per-page must be a positive number")?
            }
            "--now" => {
                let v = value()?;
                a.now = Some(v.parse().map_err(|e| format!("--now {v:?}: {e}"))?)
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            other => return Err(format!("unexpected argument {other:?} (try --help)")),
        }
    }
    Ok(a)
}

/// Where a site-relative link is written: `/tin/a.html` → `OUT/tin/a.html`,
/// `/chuyen-muc/x` → `OUT/chuyen-muc/x/index.html`, `/` → `OUT/index.html`.
fn file_for(out: &Path, link: &Link) -> Result<PathBuf, String> {
    let path = link.as_str().split(['?', '#']).next().unwrap_or("");
    let rel = path
        .strip_prefix('/')
        .ok_or(format!("{link} is not site-relative"))?;
    let mut p = out.to_path_buf();
    for seg in rel.split('/').filter(|s| !s.is_empty()) {
        if seg == "." || seg == ".." {
            return Err(format!("{link} leaves the output folder"));
        }
        if seg.len() > MAX_FILE_NAME {
            return Err(format!(
                "{link}: a path component is {} bytes, more than file systems accept ({MAX_FILE_NAME})",
                seg.len()
            ));
        }
        p.push(seg);
    }
    let last = rel.rsplit('/').next().unwrap_or("");
    if last.is_empty() || !last.contains('.') {
        p.push("index.html");
    }
    Ok(p)
}

/// The longest file or folder name most file systems accept, in bytes.
const MAX_FILE_NAME: usize = 255;

struct Writer {
    out: PathBuf,
    files: usize,
    bytes: usize,
    /// Pages that could not be written (reported as they happen).
    failed: usize,
}

impl Writer {
    fn write(&mut self, link: &Link, body: &str) -> Result<PathBuf, Box<dyn std::error::Error>> {
        let path = file_for(&self.out, link)?;
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        fs::write(&path, body)?;
        self.files += 1;
        self.bytes += body.len();
        Ok(path)
    }

    /// Writes a page; a page that cannot be written is reported (with `what`, e.g. the
    /// article's id and input line) and counted, and the rest of the site goes on.
    fn write_or_report(
        &mut self,
        link: &Link,
        body: &str,
        what: &dyn Fn() -> String,
    ) -> Option<PathBuf> {
        match self.write(link, body) {
            Ok(p) => Some(p),
            Err(e) => {
                self.failed += 1;
                eprintln!("portal: {}: cannot write {link}: {e}", what());
                None
            }
        }
    }

    /// Copies the files under `from` to the same relative paths under the output.
    fn copy_tree(&mut self, from: &Path) -> Result<(), Box<dyn std::error::Error>> {
        let mut stack = vec![from.to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in fs::read_dir(&dir)? {
                let path = entry?.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let to = self.out.join(path.strip_prefix(from)?);
                if let Some(parent) = to.parent() {
                    fs::create_dir_all(parent)?;
                }
                self.bytes += fs::copy(&path, &to)? as usize;
                self.files += 1;
            }
        }
        Ok(())
    }
}

fn main() {
    if let Err(e) = run() {
        eprintln!("portal: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let args = parse_args()?;
    let t0 = Instant::now();

    // Load.
    let store = MemoryStore::new();
    let (report, source) = match &args.corpus {
        None => (
            Importer::new()
                .strict(true)
                .read(tintuc::import::SAMPLE_JSONL.as_bytes())?,
            "sample",
        ),
        Some(path) => {
            let file = std::io::BufReader::new(fs::File::open(path)?);
            (Importer::new().read(file)?, path.as_str())
        }
    };
    for e in report.errors.iter().take(20) {
        eprintln!("{source}: {e}");
    }
    if report.errors.len() > 20 {
        eprintln!("{source}: ... {} invalid lines in all", report.errors.len());
    }
    for r in report.repairs.iter().take(20) {
        eprintln!("{source}: repaired {r}");
    }
    if report.repairs.len() > 20 {
        eprintln!("{source}: ... {} repairs in all", report.repairs.len());
    }
    let line_of: HashMap<ArticleId, usize> = report
        .articles
        .iter()
        .zip(&report.article_lines)
        .map(|(a, &n)| (a.id.clone(), n))
        .collect();
    let articles = report.articles;
    let total = articles.len();
    let mut rejected = 0usize;
    for a in &articles {
        if let Err(e) = store.put(a, None) {
            rejected += 1;
            if rejected <= 20 {
                match line_of.get(&a.id) {
                    Some(n) => eprintln!("skipping article {} (line {n}): {e}", a.id),
                    None => eprintln!("skipping article {}: {e}", a.id),
                }
            }
        }
    }
    drop(articles);
    let loaded = t0.elapsed();
    eprintln!(
        "loaded {} articles ({} rejected) in {:.2?}",
        store.count()?,
        rejected,
        loaded
    );

    // The site.
    let base_url = args.base_url.parse()?;
    let mut site = Site::new(args.site_name.clone(), base_url);
    site.publisher = Publisher {
        name: "Viện kiểm sát nhân dân tỉnh Sóc Trăng".into(),
        url: None,
        logo: None,
    };
    if args.corpus.is_some() {
        site.publisher.name = args.site_name.clone();
    }
    site.description = Some(format!("Tin tức, hoạt động của {}", site.publisher.name));
    let categories: Vec<(Category, usize)> = store.categories()?;
    site.sections = categories.iter().map(|(c, _)| c.clone()).collect();
    site.owner = Some(site.publisher.name.clone());
    site.search_url = args.search_url.clone();
    // The sidebar: the latest news, the "Thông báo" category when there is one.
    let latest_links = |filter: Filter| -> Result<Vec<RelatedLink>, Box<dyn std::error::Error>> {
        let q = ListQuery::new(filter).status(Status::Published).per_page(5);
        Ok(store
            .list(&q)?
            .items
            .iter()
            .map(|s| RelatedLink::to(&s.article, &PortalUrls))
            .collect())
    };
    site.sidebar
        .push(SidebarBlock::new("Tin mới", latest_links(Filter::All)?));
    if let Some((c, _)) = categories
        .iter()
        .find(|(c, _)| c.slug.as_str() == "thong-bao")
    {
        site.sidebar.push(SidebarBlock::new(
            "Thông báo",
            latest_links(Filter::Category(c.slug.clone()))?,
        ));
    }
    if args.corpus.is_none() {
        // The bundled sample: its own-made emblem and images, and a note on its content.
        site.tagline = Some("Cơ quan của Viện kiểm sát nhân dân tỉnh Sóc Trăng".into());
        site.emblem = Some("/anh/bieu-trung.svg".parse()?);
        site.sidebar.push(SidebarBlock::new(
            "Liên kết website",
            vec![
                RelatedLink::new(
                    "Viện kiểm sát nhân dân tối cao",
                    "https://vksndtc.gov.vn".parse()?,
                ),
                RelatedLink::new(
                    "Cổng thông tin điện tử Chính phủ",
                    "https://chinhphu.vn".parse()?,
                ),
                RelatedLink::new(
                    "Cổng thông tin điện tử tỉnh Sóc Trăng",
                    "https://soctrang.gov.vn".parse()?,
                ),
            ],
        ));
        site.footer_lines = vec![
            "Trang mẫu do thư viện tintuc tạo ra; nội dung bài mẫu do nhóm phát triển viết.".into(),
        ];
    }
    let renderer = Renderer::new(site).with_urls(PortalUrls);
    let urls = renderer.urls();

    if args.out.exists() {
        fs::remove_dir_all(&args.out)?;
    }
    let mut w = Writer {
        out: args.out.clone(),
        files: 0,
        bytes: 0,
        failed: 0,
    };
    let mut buf = String::with_capacity(64 * 1024);
    let mut sitemap: Vec<SitemapEntry> = Vec::new();
    if args.corpus.is_none() {
        w.copy_tree(Path::new(SAMPLE_IMAGES))?;
    }

    // Titles, URLs and dates of every article, for related links.
    let published = |a: &Article| a.status == Status::Published;
    let mut link_of: HashMap<ArticleId, RelatedLink> = HashMap::new();
    for item in store.iter() {
        let a = item?.article;
        if published(&a) {
            link_of.insert(a.id.clone(), RelatedLink::to(&a, urls));
        }
    }

    let progress = total >= 2000;
    // Related links: the related-articles ranker over every published article
    // (hand-picked ids come first in its results).
    // Cited documents that resolve in the registry are compared by their identity, so
    // "08/KH-UBND" of two provinces is not one shared document.
    let registry = documents::load(args.documents.as_deref(), args.corpus.is_none())?;
    let t_index = Instant::now();
    let index = {
        let all: Vec<Article> = store
            .iter()
            .filter_map(|r| r.ok())
            .map(|s| s.article)
            .filter(published)
            .map(|a| registry.with_resolved_citations(&a))
            .collect();
        tintuc::related::Index::builder()
            .config(Config::default())
            .on_progress(|done, n| {
                if progress && done % 5000 == 0 {
                    eprintln!("  related index: {done}/{n} articles analysed");
                }
            })
            .build(&all)
    };
    eprintln!(
        "related index over {} articles built in {:.2?}",
        index.len(),
        t_index.elapsed()
    );
    let mut related_time = std::time::Duration::ZERO;
    let mut citing: HashMap<tintuc::document::DocumentId, Vec<RelatedLink>> = HashMap::new();
    let mut n_linked = 0usize;

    // Article pages.
    let mut render_time = std::time::Duration::ZERO;
    let mut article_render_time = std::time::Duration::ZERO;
    let t_articles = Instant::now();
    let mut n_articles = 0usize;
    let mut model_path = None;
    let mut first_path = None;
    let mut related = Vec::new();
    let links = QueryOptions::top(5).without_explanations();
    // "Các tin khác": the latest of each category, enough to fill the list after
    // leaving out the article itself and its related links.
    let mut latest_of: HashMap<Slug, Vec<RelatedLink>> = HashMap::new();
    for (cat, _) in &categories {
        let q = ListQuery::new(Filter::Category(cat.slug.clone()))
            .status(Status::Published)
            .per_page(MORE_PER_ARTICLE + 6);
        let latest = store
            .list(&q)?
            .items
            .iter()
            .map(|s| RelatedLink::to(&s.article, urls))
            .collect();
        latest_of.insert(cat.slug.clone(), latest);
    }
    let mut more = Vec::new();
    for item in store.iter() {
        let a = item?.article;
        if !published(&a) {
            continue;
        }
        related.clear();
        let t = Instant::now();
        // only the links are shown: the ranking without explanations
        let ranked = index.related(&a.id, &links);
        related_time += t.elapsed();
        related.extend(ranked.iter().filter_map(|r| link_of.get(&r.id).cloned()));
        let (citations, cited) = documents::citation_links(&registry, &a, urls);
        n_linked += citations.len();
        for d in cited {
            citing
                .entry(d.id.clone())
                .or_default()
                .push(RelatedLink::to(&a, urls));
        }
        buf.clear();
        more.clear();
        if let Some(latest) = a.category.as_ref().and_then(|c| latest_of.get(&c.slug)) {
            let own = urls.article(&a);
            more.extend(
                latest
                    .iter()
                    .filter(|l| l.url != own && !related.iter().any(|r| r.url == l.url))
                    .take(MORE_PER_ARTICLE)
                    .cloned(),
            );
        }
        let view = ArticleView::new(&a, &related)
            .with_citations(&citations)
            .with_more(&more);
        let page = Page::Article(&view);
        let t = Instant::now();
        renderer.render(&page, &mut buf);
        let dt = t.elapsed();
        render_time += dt;
        article_render_time += dt;
        let what = || match line_of.get(&a.id) {
            Some(n) => format!("article {} (line {n})", a.id),
            None => format!("article {}", a.id),
        };
        let Some(path) = w.write_or_report(&renderer.path_of(&page), &buf, &what) else {
            continue;
        };
        sitemap.push(SitemapEntry::article(&a, urls));
        if a.id.as_str() == MODEL_ARTICLE {
            model_path = Some(path.clone());
        }
        first_path.get_or_insert(path);
        n_articles += 1;
        if progress && n_articles % 2000 == 0 {
            eprintln!("  {n_articles}/{total} article pages");
        }
    }
    let article_time = t_articles.elapsed();

    // Category listings, every page. The store is read in pages of 1,000 (newest
    // first) and cut into listing pages here.
    let t_listings = Instant::now();
    let mut n_listing = 0usize;
    for (cat, _) in &categories {
        let mut all = Vec::new();
        for page in 1.. {
            let q = ListQuery::new(Filter::Category(cat.slug.clone()))
                .status(Status::Published)
                .page(page)
                .per_page(MAX_PER_PAGE);
            let result = store.list(&q)?;
            let last = page >= result.page_count();
            all.extend(result.items.into_iter().map(|s| s.article));
            if last {
                break;
            }
        }
        let refs: Vec<&Article> = all.iter().collect();
        let page_count = refs.len().div_ceil(args.per_page).max(1);
        for page in 1..=page_count {
            let from = ((page - 1) * args.per_page).min(refs.len());
            let items = &refs[from..(from + args.per_page).min(refs.len())];
            let view = CategoryView {
                category: cat,
                articles: items,
                page,
                page_count,
            };
            buf.clear();
            let p = Page::Category(&view);
            let t = Instant::now();
            renderer.render(&p, &mut buf);
            render_time += t.elapsed();
            let what = || format!("category {:?} page {page}", cat.name);
            if w.write_or_report(&renderer.path_of(&p), &buf, &what)
                .is_none()
            {
                continue;
            }
            sitemap.push(SitemapEntry {
                url: renderer.path_of(&p),
                lastmod: items.iter().filter_map(|a| a.updated.or(a.published)).max(),
            });
            n_listing += 1;
        }
    }
    // Tag listings: tags that slug alike ("Thi đua", "thi đua") share one page.
    let mut by_tag: BTreeMap<Slug, (String, Vec<Article>)> = BTreeMap::new();
    for item in store.iter() {
        let a = item?.article;
        if !published(&a) {
            continue;
        }
        for t in &a.tags {
            if let Some(slug) = Slug::from_title(t) {
                let entry = by_tag
                    .entry(slug)
                    .or_insert_with(|| (t.clone(), Vec::new()));
                if entry.1.last().map(|x| &x.id) != Some(&a.id) {
                    entry.1.push(a.clone());
                }
            }
        }
    }
    let mut n_tag_pages = 0usize;
    for (slug, (tag, list)) in &mut by_tag {
        list.sort_by(|x, y| y.published.cmp(&x.published).then_with(|| x.id.cmp(&y.id)));
        let refs: Vec<&Article> = list.iter().collect();
        let page_count = refs.len().div_ceil(args.per_page).max(1);
        for page in 1..=page_count {
            let from = ((page - 1) * args.per_page).min(refs.len());
            let items = &refs[from..(from + args.per_page).min(refs.len())];
            let view = TagView {
                tag,
                slug,
                articles: items,
                page,
                page_count,
            };
            buf.clear();
            let p = Page::Tag(&view);
            let t = Instant::now();
            renderer.render(&p, &mut buf);
            render_time += t.elapsed();
            let what = || format!("tag {tag:?} page {page}");
            if w.write_or_report(&renderer.path_of(&p), &buf, &what)
                .is_none()
            {
                continue;
            }
            sitemap.push(SitemapEntry {
                url: renderer.path_of(&p),
                lastmod: items.iter().filter_map(|a| a.updated.or(a.published)).max(),
            });
            n_tag_pages += 1;
        }
    }
    let listing_time = t_listings.elapsed();

    // Home page: the five latest of each category.
    let latest: Vec<Vec<Article>> = categories
        .iter()
        .map(|(cat, _)| {
            let q = ListQuery::new(Filter::Category(cat.slug.clone()))
                .status(Status::Published)
                .per_page(5);
            store
                .list(&q)
                .map(|p| p.items.into_iter().map(|s| s.article).collect())
        })
        .collect::<Result<_, _>>()?;
    let refs: Vec<Vec<&Article>> = latest.iter().map(|v| v.iter().collect()).collect();
    let sections: Vec<HomeSection<'_>> = categories
        .iter()
        .zip(&refs)
        .map(|((category, _), articles)| HomeSection { category, articles })
        .collect();
    buf.clear();
    let home = Page::Home(&sections);
    renderer.render(&home, &mut buf);
    let home_path = w.write(&renderer.path_of(&home), &buf)?;
    sitemap.insert(
        0,
        SitemapEntry {
            url: urls.home(),
            lastmod: latest
                .iter()
                .flatten()
                .filter_map(|a| a.updated.or(a.published))
                .max(),
        },
    );

    // Feeds: the 50 latest articles.
    let newest = store.list(
        &ListQuery::new(Filter::All)
            .status(Status::Published)
            .per_page(50),
    )?;
    let newest: Vec<&Article> = newest.items.iter().map(|s| &s.article).collect();
    for page in [Page::Rss(&newest), Page::Atom(&newest)] {
        buf.clear();
        renderer.render(&page, &mut buf);
        w.write(&renderer.path_of(&page), &buf)?;
    }

    // Văn bản: document pages, listings, feed.
    let now = args
        .now
        .unwrap_or_else(|| chrono::Utc::now().fixed_offset());
    let n_documents = registry.documents().len();
    let n_document_pages = documents::write_pages(
        &renderer,
        &registry,
        &citing,
        now,
        args.per_page,
        &mut |link, body| w.write(link, body),
        &mut sitemap,
    )?;

    // Sitemaps.
    let files = renderer.sitemap_files(&sitemap);
    let n_sitemaps = files.len();
    for f in &files {
        w.write(&f.path, &f.xml)?;
    }
    let all_published: Vec<Article> = store
        .iter()
        .filter_map(|r| r.ok())
        .map(|s| s.article)
        .filter(published)
        .collect();
    let all_refs: Vec<&Article> = all_published.iter().collect();
    buf.clear();
    let news = Page::NewsSitemap {
        articles: &all_refs,
        now,
    };
    renderer.render(&news, &mut buf);
    let news_urls = buf.matches("<url>").count();
    w.write(&renderer.path_of(&news), &buf)?;

    let elapsed = t0.elapsed();
    let per_sec = |n: usize, d: std::time::Duration| n as f64 / d.as_secs_f64().max(1e-9);
    eprintln!(
        "wrote {} files ({:.1} MB) to {}: {} article pages, {} category listing pages, {} tag \
         pages, home, 2 feeds, {} sitemap file(s), news sitemap with {} URLs (now = {})",
        w.files,
        w.bytes as f64 / 1e6,
        args.out.display(),
        n_articles,
        n_listing,
        n_tag_pages,
        n_sitemaps,
        news_urls,
        now.to_rfc3339()
    );
    eprintln!(
        "văn bản: {n_documents} documents, {n_document_pages} document and listing pages, \
         {n_linked} citations linked in article pages"
    );
    eprintln!(
        "related: {} queries in {:.2?} ({:.0} µs each)",
        n_articles,
        related_time,
        related_time.as_secs_f64() * 1e6 / n_articles.max(1) as f64
    );
    eprintln!(
        "time: load {:.2?}; article pages {:.2?} ({:.0} pages/s with writing, {:.0} pages/s \
         rendering alone); listing pages {:.2?}; all pages rendered at {:.0} pages/s; total {:.2?}",
        loaded,
        article_time,
        per_sec(n_articles, article_time),
        per_sec(n_articles, article_render_time),
        listing_time,
        per_sec(n_articles + n_listing + n_tag_pages, render_time),
        elapsed
    );
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "home page:     {}", home_path.display())?;
    match (model_path, first_path) {
        (Some(p), _) => writeln!(stdout, "model article: {}", p.display())?,
        (None, Some(p)) => writeln!(stdout, "first article: {}", p.display())?,
        (None, None) => writeln!(stdout, "no published articles")?,
    }
    if w.failed > 0 {
        return Err(format!(
            "{} page(s) could not be written (reported above); the rest of the site is written",
            w.failed
        )
        .into());
    }
    Ok(())
}
