//! The main job: `cargo run --release --example portal`.
//!
//! Loads the bundled sample site (or `--corpus FILE.jsonl`, the plain import format)
//! into the embedded `MemoryStore` and renders the whole portal into a folder
//! (default `target/portal/`): the home page, every category listing page, every
//! article page with its "Tin liên quan", the RSS and Atom feeds, the sitemap (an
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
//!
//! Related links: the article's hand-picked `related` ids, in order.

use std::collections::HashMap;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use tintuc::import::Importer;
use tintuc::model::{Article, ArticleId, Category, Link, Status, Timestamp};
use tintuc::render::{
    ArticleView, CategoryView, HomeSection, Page, Publisher, RelatedLink, Renderer, Site,
    SitemapEntry, UrlScheme,
};
use tintuc::store::{ArticleStore, Filter, ListQuery, MemoryStore};

const MODEL_ARTICLE: &str = "vks-st-2018-0817-01";

struct Args {
    corpus: Option<String>,
    out: PathBuf,
    base_url: String,
    site_name: String,
    per_page: usize,
    now: Option<Timestamp>,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        corpus: None,
        out: PathBuf::from("target/portal"),
        base_url: "https://vksndsoctrang.example.vn".into(),
        site_name: "Trang thông tin điện tử VKSND tỉnh Sóc Trăng".into(),
        per_page: 10,
        now: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--corpus" => a.corpus = Some(value()?),
            "--out" => a.out = PathBuf::from(value()?),
            "--base-url" => a.base_url = value()?,
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
                return Err(
                    "usage: portal [--corpus FILE.jsonl] [--out DIR] [--base-url URL] \
                            [--site-name NAME] [--per-page N] [--now RFC3339]"
                        .into(),
                )
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
        p.push(seg);
    }
    let last = rel.rsplit('/').next().unwrap_or("");
    if last.is_empty() || !last.contains('.') {
        p.push("index.html");
    }
    Ok(p)
}

struct Writer {
    out: PathBuf,
    files: usize,
    bytes: usize,
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
    let articles = match &args.corpus {
        None => tintuc::import::sample_articles()?,
        Some(path) => {
            let file = std::io::BufReader::new(fs::File::open(path)?);
            let report = Importer::new().read(file)?;
            for e in report.errors.iter().take(20) {
                eprintln!("{path}: {e}");
            }
            if report.errors.len() > 20 {
                eprintln!("{path}: ... {} invalid lines in all", report.errors.len());
            }
            report.articles
        }
    };
    let total = articles.len();
    let mut rejected = 0usize;
    for a in &articles {
        if let Err(e) = store.put(a, None) {
            rejected += 1;
            if rejected <= 20 {
                eprintln!("skipping article {}: {e}", a.id);
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
    site.footer_lines = vec![
        format!("Cơ quan chủ quản: {}", site.publisher.name),
        "Trang mẫu do thư viện tintuc tạo ra; nội dung bài mẫu do nhóm phát triển viết.".into(),
    ];
    let renderer = Renderer::new(site);
    let urls = renderer.urls();

    if args.out.exists() {
        fs::remove_dir_all(&args.out)?;
    }
    let mut w = Writer {
        out: args.out.clone(),
        files: 0,
        bytes: 0,
    };
    let mut buf = String::with_capacity(64 * 1024);
    let mut sitemap: Vec<SitemapEntry> = Vec::new();

    // Titles, URLs and dates of every article, for related links.
    let published = |a: &Article| a.status == Status::Published;
    let mut link_of: HashMap<ArticleId, RelatedLink> = HashMap::new();
    for item in store.iter() {
        let a = item?.article;
        if published(&a) {
            link_of.insert(a.id.clone(), RelatedLink::to(&a, urls));
        }
    }

    // Article pages.
    let t_articles = Instant::now();
    let mut n_articles = 0usize;
    let mut model_path = None;
    let mut first_path = None;
    let mut related = Vec::new();
    let progress = total >= 2000;
    for item in store.iter() {
        let a = item?.article;
        if !published(&a) {
            continue;
        }
        related.clear();
        related.extend(a.related.iter().filter_map(|id| link_of.get(id).cloned()));
        buf.clear();
        let view = ArticleView::new(&a, &related);
        let page = Page::Article(&view);
        renderer.render(&page, &mut buf);
        let path = w.write(&renderer.path_of(&page), &buf)?;
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

    // Category listings, every page.
    let mut n_listing = 0usize;
    for (cat, _) in &categories {
        let mut page = 1;
        loop {
            let q = ListQuery::new(Filter::Category(cat.slug.clone()))
                .status(Status::Published)
                .page(page)
                .per_page(args.per_page);
            let result = store.list(&q)?;
            let items: Vec<&Article> = result.items.iter().map(|s| &s.article).collect();
            let view = CategoryView {
                category: cat,
                articles: &items,
                page,
                page_count: result.page_count(),
            };
            buf.clear();
            let p = Page::Category(&view);
            renderer.render(&p, &mut buf);
            w.write(&renderer.path_of(&p), &buf)?;
            sitemap.push(SitemapEntry {
                url: renderer.path_of(&p),
                lastmod: items.iter().filter_map(|a| a.updated.or(a.published)).max(),
            });
            n_listing += 1;
            if page >= result.page_count() {
                break;
            }
            page += 1;
        }
    }

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

    // Sitemaps.
    let files = renderer.sitemap_files(&sitemap);
    let n_sitemaps = files.len();
    for f in &files {
        w.write(&f.path, &f.xml)?;
    }
    let now = args
        .now
        .unwrap_or_else(|| chrono::Utc::now().fixed_offset());
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
    let secs = article_time.as_secs_f64().max(1e-9);
    eprintln!(
        "wrote {} files ({:.1} MB): {} article pages in {:.2?} ({:.0} pages/s incl. writing), \
         {} listing pages, home, 2 feeds, {} sitemap file(s), news sitemap with {} URLs; total {:.2?}",
        w.files,
        w.bytes as f64 / 1e6,
        n_articles,
        article_time,
        n_articles as f64 / secs,
        n_listing,
        n_sitemaps,
        news_urls,
        elapsed
    );
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "home page:     {}", home_path.display())?;
    match (model_path, first_path) {
        (Some(p), _) => writeln!(stdout, "model article: {}", p.display())?,
        (None, Some(p)) => writeln!(stdout, "first article: {}", p.display())?,
        (None, None) => writeln!(stdout, "no published articles")?,
    }
    Ok(())
}
