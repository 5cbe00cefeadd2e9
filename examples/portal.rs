//! The main job: `cargo run --release --example portal`.
//!
//! Loads the bundled sample site (or `--corpus FILE.jsonl`, the plain import format)
//! into the embedded `MemoryStore` and renders the whole portal into a folder
//! (default `target/portal/`): the home page (its curated groups' blocks, then one
//! block per category), every category (articles of its own and those filed under it
//! as a further category), tag and topic thread (`/dong-su-kien/…`) listing page,
//! every article page with its "Tin liên quan", "Theo dòng sự kiện" and "Các tin
//! khác", the RSS and Atom feeds, the sitemap (an
//! index past 50,000 URLs) and the Google News sitemap. Prints the path of the home
//! page and of the model article.
//!
//! Options:
//!   --corpus FILE.jsonl   articles in the plain import format instead of the sample
//!   --out DIR             output folder (default target/portal)
//!   --base-url URL        the site's origin (default https://vksndsoctrang.example.vn)
//!   --site-name NAME      portal name (default "Trang thông tin điện tử VKSND tỉnh Sóc Trăng")
//!   --per-page N          articles per listing page (default 10)
//!   --now RFC3339         the instant the site is rendered for: which articles are
//!                         visible (scheduled ones from their publish time, none past
//!                         its expiry) and the Google News sitemap's "now" (default:
//!                         the clock)
//!   --search-url URL      the site's search page: every page gets a search box leading
//!                         there (default: none, a static export has no search page)
//!   --search-demo QUERY   also write the search results page of QUERY at tim-kiem/
//!                         (with a search box on every page leading there), to see and
//!                         check the page the web service serves
//!   --absolute-links      links between pages as site-relative URLs (`/tin/a.html`), for
//!                         a web server; by default they lead from file to file
//!                         (`../tin/a.html`, `chuyen-muc/x/index.html`), so the folder
//!                         also opens from the file system
//!
//!   --documents FILE.jsonl  the document registry (plain document JSON Lines); default:
//!                         the bundled sample registry with the bundled sample articles
//!
//! Văn bản: every document page, the documents listings (all, per kind, issuer, field,
//! year, in force), the documents feed; article pages link each resolved citation.
//!
//! A second run into the same folder writes only the files whose bytes change (the
//! others keep their modification time) and removes the files of the last run it no
//! longer produces (pages of articles that are gone), as listed in the folder's
//! `.tintuc-portal-files`; a file the portal did not write is never removed.
//!
//! Scheduling: the site shows what readers may see at `--now`
//! (`Article::is_visible_at`). The next instant at which that changes — a scheduled
//! article's publish time, an expiry — is printed and written to the folder's
//! `.tintuc-next-transition` (one RFC 3339 line; the file is removed when nothing is
//! due), so a host's timer can run the portal again then (see the README, "Scheduled
//! publishing").
//!
//! Articles are read line by line; the related index is built over them (with at most
//! 32 MiB of article analyses kept between its two passes), then each moves into the
//! store, and the pages are rendered from the store one at a time
//! (`tintuc::render::SitePages`), one category's listing in memory at a time: over all
//! of VNTC train the run peaks at 0.37–0.38 GB resident.
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

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::io::{BufRead, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::time::Instant;

use tintuc::import::Importer;
use tintuc::model::{Article, ArticleId, Category, Link, Slug, Timestamp, Topic};
use tintuc::related::{Config, QueryOptions};
use tintuc::render::{
    ArticleView, DefaultUrls, HomeGroup, HomeSection, HomeView, Publisher, RelatedLink, Renderer,
    SidebarBlock, Site, SitePage, SitePages, UrlScheme,
};
use tintuc::store::{ArticleStore, Filter, ListQuery, MemoryStore, MAX_PER_PAGE};

#[path = "portal/documents.rs"]
mod documents;
#[path = "portal/output.rs"]
mod output;
#[path = "portal/search_demo.rs"]
mod search_demo;
#[cfg(test)]
#[path = "portal/tests.rs"]
mod tests;

use output::{relative_file, Output};

const MODEL_ARTICLE: &str = "vks-st-2018-0817-01";

/// The bundled sample's images (own-made SVG drawings), copied to the output root.
const SAMPLE_IMAGES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/images");

/// Bytes of article analyses the related index build keeps between its passes
/// (`related::Builder::analyses_budget`): the articles past them are analysed again,
/// which keeps the portal's peak memory over all of VNTC train at 0.37–0.38 GB instead of
/// 0.76 GB.
const ANALYSES_BUDGET: usize = 32 << 20;

/// How many of the category's latest articles "Các tin khác" shows.
const MORE_PER_ARTICLE: usize = 5;
/// How many other articles of its topic "Theo dòng sự kiện" shows.
const THREAD_PER_ARTICLE: usize = 5;

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
                     [--documents FILE.jsonl] [--absolute-links] [--search-demo QUERY]";

struct Args {
    corpus: Option<String>,
    out: PathBuf,
    base_url: String,
    site_name: String,
    per_page: usize,
    now: Option<Timestamp>,
    documents: Option<String>,
    search_url: Option<Link>,
    absolute_links: bool,
    search_demo: Option<String>,
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
        absolute_links: false,
        search_demo: None,
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
            "--absolute-links" => a.absolute_links = true,
            "--search-demo" => a.search_demo = Some(value()?),
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

fn main() {
    let result = parse_args().map_err(Into::into).and_then(run);
    if let Err(e) = result {
        eprintln!("portal: {e}");
        std::process::exit(1);
    }
}

/// The articles of the input, checked as the store checks them (valid, first of each
/// id), each with its input line, in input order.
type Loaded = Vec<(Article, usize)>;

/// Reads the input line by line: every article the store will accept, and the number of
/// articles read.
fn read_input(args: &Args) -> Result<(Loaded, usize), Box<dyn std::error::Error>> {
    let (mut reader, source): (Box<dyn BufRead>, &str) = match &args.corpus {
        None => (Box::new(tintuc::import::SAMPLE_JSONL.as_bytes()), "sample"),
        Some(path) => (
            Box::new(BufReader::new(fs::File::open(path)?)),
            path.as_str(),
        ),
    };
    let strict = args.corpus.is_none();
    let mut importer = Importer::new().strict(strict);
    let (mut errors, mut repairs, mut rejected, mut read) = (0usize, 0usize, 0usize, 0usize);
    let mut ids = HashSet::new();
    let mut loaded = Vec::new();
    let mut buf = Vec::new();
    let mut line = 0usize;
    loop {
        buf.clear();
        if reader.read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        line += 1;
        let bytes = buf.strip_suffix(b"\n").unwrap_or(&buf);
        let parsed = importer.next_line(bytes);
        for r in importer.take_repairs() {
            repairs += 1;
            if repairs <= 20 {
                eprintln!("{source}: repaired {r}");
            }
        }
        let a = match parsed {
            None => continue,
            Some(Ok(a)) => a,
            Some(Err(e)) if strict => return Err(format!("{source}: {e}").into()),
            Some(Err(e)) => {
                errors += 1;
                if errors <= 20 {
                    eprintln!("{source}: {e}");
                }
                continue;
            }
        };
        read += 1;
        // What `MemoryStore::put` refuses: an invalid article, a second one with an id
        // (the importer already made slugs unique).
        let refused = match a.validate() {
            Err(e) => Some(e.to_string()),
            Ok(()) if !ids.insert(a.id.clone()) => Some(format!("article {} exists", a.id)),
            Ok(()) => None,
        };
        if let Some(e) = refused {
            rejected += 1;
            if rejected <= 20 {
                eprintln!("skipping article {} (line {line}): {e}", a.id);
            }
            continue;
        }
        loaded.push((a, line));
    }
    if errors > 20 {
        eprintln!("{source}: ... {errors} invalid lines in all");
    }
    if repairs > 20 {
        eprintln!("{source}: ... {repairs} repairs in all");
    }
    Ok((loaded, read))
}

/// The file in the output folder that holds the next transition time.
const NEXT_TRANSITION_FILE: &str = ".tintuc-next-transition";

/// Writes `next` (RFC 3339, one line) to the folder's [`NEXT_TRANSITION_FILE`], or
/// removes the file when nothing is due.
fn write_next_transition(out: &Path, next: Option<Timestamp>) -> std::io::Result<()> {
    let path = out.join(NEXT_TRANSITION_FILE);
    match next {
        Some(t) => {
            let line = format!("{}\n", t.to_rfc3339());
            // Unchanged: left alone, as the pages are.
            if fs::read_to_string(&path).is_ok_and(|old| old == line) {
                return Ok(());
            }
            fs::write(&path, line)
        }
        None => match fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        },
    }
}

fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    let t0 = Instant::now();

    // Load: the related index is built over the input as read, then each article moves
    // into the store (the one copy the pages are rendered from).
    let (mut loaded, total) = read_input(&args)?;
    let now = args
        .now
        .unwrap_or_else(|| chrono::Utc::now().fixed_offset());
    // Only what readers may see at `now` is rendered, indexed and linked.
    let published = |a: &Article| a.is_visible_at(now);
    let progress = total >= 2000;
    let registry = documents::load(args.documents.as_deref(), args.corpus.is_none())?;
    let t_index = Instant::now();
    let index = {
        // In the store's order (by id), so ties rank as over the store.
        let mut all: Vec<&Article> = loaded
            .iter()
            .map(|x| &x.0)
            .filter(|a| published(a))
            .collect();
        all.sort_by(|x, y| x.id.cmp(&y.id));
        let builder = tintuc::related::Index::builder()
            .config(Config::default())
            .analyses_budget(ANALYSES_BUDGET)
            .on_progress(|done, n| {
                if progress && done % 5000 == 0 {
                    eprintln!("  related index: {done}/{n} articles analysed");
                }
            });
        if registry.documents().is_empty() {
            builder.build(all)
        } else {
            // Cited documents that resolve in the registry are compared by their
            // identity, so "08/KH-UBND" of two provinces is not one shared document
            // (copies of the articles, only while the index is built).
            let resolved: Vec<Article> = all
                .into_iter()
                .map(|a| registry.with_resolved_citations(a))
                .collect();
            builder.build(&resolved)
        }
    };
    let index_time = t_index.elapsed();
    // A static build reads and renders: no revision history (one copy of each article).
    let store = MemoryStore::without_history();
    let mut line_of: HashMap<ArticleId, usize> = HashMap::with_capacity(loaded.len());
    let mut rejected = total - loaded.len();
    for (a, line) in loaded.drain(..) {
        if let Err(e) = store.put(&a, None) {
            rejected += 1;
            eprintln!("skipping article {} (line {line}): {e}", a.id);
            continue;
        }
        line_of.insert(a.id, line);
    }
    drop(loaded);
    let loaded = t0.elapsed();
    eprintln!(
        "loaded {} articles ({} rejected) in {:.2?}",
        store.count()?,
        rejected,
        loaded
    );
    eprintln!(
        "related index over {} articles built in {:.2?}",
        index.len(),
        index_time
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
    if args.search_demo.is_some() && site.search_url.is_none() {
        site.search_url = Some(search_demo::PATH.parse()?);
    }
    // The sidebar: the latest news, the "Thông báo" category when there is one.
    let latest_links = |filter: Filter| -> Result<Vec<RelatedLink>, Box<dyn std::error::Error>> {
        let q = ListQuery::new(filter).visible_at(now).per_page(5);
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

    let mut w = Output::new(&args.out)?;
    if args.corpus.is_none() {
        w.copy_tree(Path::new(SAMPLE_IMAGES))?;
    }
    let mut publish = |p: SitePage<'_>| w.publish(p.path, p.body);
    let mut pages = SitePages::new(&renderer, args.per_page, now).file_links(!args.absolute_links);

    // Titles, URLs and dates of every article, for related links.
    // The topics and curated groups of those readers may see, for their pages and the
    // home page.
    let mut link_of: HashMap<ArticleId, RelatedLink> = HashMap::new();
    let mut topics: BTreeMap<Slug, Topic> = BTreeMap::new();
    let mut grouped: Vec<Article> = Vec::new();
    for item in store.iter() {
        let a = item?.article;
        if published(&a) {
            link_of.insert(a.id.clone(), RelatedLink::to(&a, urls));
            if let Some(t) = &a.topic {
                topics.entry(t.slug.clone()).or_insert_with(|| t.clone());
            }
            if !a.groups.is_empty() {
                grouped.push(a);
            }
        }
    }

    let mut related_time = std::time::Duration::ZERO;
    let mut citing: HashMap<tintuc::document::DocumentId, Vec<RelatedLink>> = HashMap::new();
    let mut n_linked = 0usize;

    // Article pages, streamed from the store.
    let t_articles = Instant::now();
    let mut n_articles = 0usize;
    let mut model_link = None;
    let mut first_link = None;
    let mut related = Vec::new();
    let links = QueryOptions::top(5).without_explanations();
    // "Các tin khác": the latest of each category, enough to fill the list after
    // leaving out the article itself and its related links.
    let mut latest_of: HashMap<Slug, Vec<RelatedLink>> = HashMap::new();
    for (cat, _) in &categories {
        let q = ListQuery::new(Filter::Category(cat.slug.clone()))
            .visible_at(now)
            .per_page(MORE_PER_ARTICLE + 6);
        let latest = store
            .list(&q)?
            .items
            .iter()
            .map(|s| RelatedLink::to(&s.article, urls))
            .collect();
        latest_of.insert(cat.slug.clone(), latest);
    }
    // "Theo dòng sự kiện": the latest of each topic.
    let mut latest_of_topic: HashMap<Slug, Vec<RelatedLink>> = HashMap::new();
    for slug in topics.keys() {
        let q = ListQuery::new(Filter::Topic(slug.clone()))
            .visible_at(now)
            .per_page(THREAD_PER_ARTICLE + 1);
        let latest = store
            .list(&q)?
            .items
            .iter()
            .map(|s| RelatedLink::to(&s.article, urls))
            .collect();
        latest_of_topic.insert(slug.clone(), latest);
    }
    let mut more = Vec::new();
    let mut thread = Vec::new();
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
        thread.clear();
        if let Some(latest) = a.topic.as_ref().and_then(|t| latest_of_topic.get(&t.slug)) {
            let own = urls.article(&a);
            thread.extend(
                latest
                    .iter()
                    .filter(|l| l.url != own)
                    .take(THREAD_PER_ARTICLE)
                    .cloned(),
            );
        }
        let view = ArticleView::new(&a, &related)
            .with_citations(&citations)
            .with_more(&more)
            .with_thread(&thread);
        if !pages.article(&view, &mut publish) {
            match line_of.get(&a.id) {
                Some(n) => eprintln!("portal: that page is article {} (line {n})", a.id),
                None => eprintln!("portal: that page is article {}", a.id),
            }
            continue;
        }
        if a.id.as_str() == MODEL_ARTICLE {
            model_link = Some(urls.article(&a));
        }
        first_link.get_or_insert_with(|| urls.article(&a));
        n_articles += 1;
        if progress && n_articles % 2000 == 0 {
            eprintln!("  {n_articles}/{total} article pages");
        }
    }
    let article_time = t_articles.elapsed();
    drop((index, link_of, latest_of, latest_of_topic));

    // Category listings: one category at a time, read from the store in pages of
    // 1,000 (newest first).
    let t_listings = Instant::now();
    for (cat, _) in &categories {
        let mut all = Vec::new();
        for page in 1.. {
            let q = ListQuery::new(Filter::Category(cat.slug.clone()))
                .visible_at(now)
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
        pages.category(cat, &refs, &mut publish);
    }
    // Tag listings: tags that slug alike ("Thi đua", "thi đua") share one page. Only
    // ids are kept; each tag's articles are read back when its pages are rendered.
    type Tagged = (Option<Timestamp>, ArticleId);
    let mut by_tag: BTreeMap<Slug, (String, Vec<Tagged>)> = BTreeMap::new();
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
                if entry.1.last().map(|x| &x.1) != Some(&a.id) {
                    entry.1.push((a.published, a.id.clone()));
                }
            }
        }
    }
    for (slug, (tag, list)) in &mut by_tag {
        list.sort_by(|x, y| y.0.cmp(&x.0).then_with(|| x.1.cmp(&y.1)));
        let mut articles = Vec::with_capacity(list.len());
        for (_, id) in list.iter() {
            if let Some(s) = store.get(id)? {
                articles.push(s.article);
            }
        }
        let refs: Vec<&Article> = articles.iter().collect();
        pages.tag(tag, slug, &refs, &mut publish);
    }
    // Topic thread listings, one topic at a time.
    for (slug, topic) in &topics {
        let mut all = Vec::new();
        for page in 1.. {
            let q = ListQuery::new(Filter::Topic(slug.clone()))
                .visible_at(now)
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
        pages.topic(topic, &refs, &mut publish);
    }
    let listing_time = t_listings.elapsed();

    // Home page: a block per curated group, then the five latest of each category.
    let latest: Vec<Vec<Article>> = categories
        .iter()
        .map(|(cat, _)| {
            let q = ListQuery::new(Filter::Category(cat.slug.clone()))
                .visible_at(now)
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
    let grouped_refs: Vec<&Article> = grouped.iter().collect();
    let groups = HomeGroup::collect(&grouped_refs, 5, now);
    pages.curated_home(
        &HomeView {
            groups: &groups,
            sections: &sections,
        },
        &mut publish,
    );

    // Feeds: the 50 latest articles.
    let newest = store.list(&ListQuery::new(Filter::All).visible_at(now).per_page(50))?;
    let newest: Vec<&Article> = newest.items.iter().map(|s| &s.article).collect();
    pages.feeds(&newest, &mut publish);

    // Văn bản: document pages, listings, feed.
    let n_documents = registry.documents().len();
    let n_document_pages = documents::write_pages(
        &renderer,
        &registry,
        &citing,
        now,
        args.per_page,
        &mut pages,
        &mut publish,
    );

    if let Some(query) = &args.search_demo {
        let all: Vec<Article> = store
            .iter()
            .filter_map(|r| r.ok())
            .map(|s| s.article)
            .filter(published)
            .collect();
        let (path, html) = search_demo::page(&renderer, &all, query, args.per_page)?;
        pages.custom(&path, None, |buf| buf.push_str(&html), &mut publish);
    }

    // Sitemaps, the Google News sitemap.
    let count = pages.finish(&mut publish);
    w.finish()?;
    let mut next = None;
    for item in store.iter() {
        let a = item?.article;
        next = next.into_iter().chain(a.next_transition_after(now)).min();
    }
    write_next_transition(&args.out, next)?;

    let elapsed = t0.elapsed();
    let per_sec = |n: usize, d: std::time::Duration| n as f64 / d.as_secs_f64().max(1e-9);
    eprintln!(
        "{} files ({:.1} MB) in {}: {} written (new or changed), {} unchanged, {} removed; \
         {} article pages, {} category listing pages, {} tag pages, {} topic pages, home, 2 \
         feeds, {} sitemap file(s) with the news sitemap (now = {})",
        w.files,
        w.bytes as f64 / 1e6,
        args.out.display(),
        w.rewritten,
        w.files - w.rewritten,
        w.removed,
        count.articles,
        count.categories,
        count.tags,
        count.topics,
        count.sitemaps,
        now.to_rfc3339()
    );
    match next {
        Some(t) => eprintln!(
            "next transition: {} (a scheduled article appears or one expires: run again then; \
             also in {})",
            t.to_rfc3339(),
            args.out.join(NEXT_TRANSITION_FILE).display()
        ),
        None => eprintln!("next transition: none (nothing scheduled, nothing expires)"),
    }
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
        "time: load {:.2?}; article pages {:.2?} ({:.0} pages/s with writing); listing pages \
         {:.2?}; total {:.2?}",
        loaded,
        article_time,
        per_sec(n_articles, article_time),
        listing_time,
        elapsed
    );
    let mut stdout = std::io::stdout().lock();
    writeln!(
        stdout,
        "home page:     {}",
        args.out.join(relative_file(&urls.home())?).display()
    )?;
    match (model_link, first_link) {
        (Some(l), _) => writeln!(
            stdout,
            "model article: {}",
            args.out.join(relative_file(&l)?).display()
        )?,
        (None, Some(l)) => writeln!(
            stdout,
            "first article: {}",
            args.out.join(relative_file(&l)?).display()
        )?,
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
