//! Migrates a NukeViet 4.x news module: reads its database, prints a report line per
//! article, and (unless `--dry-run`) writes the articles as JSON Lines (the full
//! article form, which `tintuc::import::Importer` reads back) and the redirect map from
//! every old URL to the crate's default URLs.
//!
//! ```text
//! cargo run --features nukeviet --example nukeviet -- \
//!     --db mysql://reader:secret@127.0.0.1:3306/nukeviet \
//!     [--tables nv4,vi,news] [--site-lang vi|none] [--module news|none] \
//!     [--uploads /uploads/news] [--dry-run] \
//!     [--out articles.jsonl] [--redirects redirects.map|redirects.json]
//! ```
//!
//! `--site-lang none` is a site with `rewrite_optional`, `--module none` a news module
//! that is the site's home module. A redirects file ending in `.map` gets nginx `map`
//! lines, any other JSON (`[{"from": …, "from_encoded": …, "to": …}]`). A group has no
//! page in the default URL scheme: its old URL leads to the home page, which shows the
//! group blocks. Targets the scheme has no page for would be listed on
//! standard error.

use std::io::Write;

use tintuc::import::nukeviet::{
    migrate, nginx_map, percent_encode_path, read_mysql, redirects, resolve, Migration, Options,
    Outcome, Tables, Target, UrlConfig,
};
use tintuc::model::Link;
use tintuc::render::{DefaultUrls, UrlScheme};

#[derive(Debug)]
struct Args {
    db: String,
    tables: Tables,
    urls: UrlConfig,
    options: Options,
    dry_run: bool,
    out: String,
    redirects: String,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        db: String::new(),
        tables: Tables::default(),
        urls: UrlConfig::default(),
        options: Options::default(),
        dry_run: false,
        out: "articles.jsonl".into(),
        redirects: "redirects.map".into(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "--dry-run" {
            args.dry_run = true;
            continue;
        }
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        let opt = |v: &str| (v != "none").then(|| v.to_string());
        match flag.as_str() {
            "--db" => args.db = value,
            "--tables" => {
                let parts: Vec<&str> = value.split(',').collect();
                let [prefix, lang, module] = parts[..] else {
                    return Err("--tables is PREFIX,LANG,MODULE_DATA".into());
                };
                args.tables = Tables::new(prefix, lang, module).map_err(|e| e.to_string())?;
            }
            "--site-lang" => args.urls = args.urls.lang(opt(&value).as_deref()),
            "--module" => args.urls = args.urls.module(opt(&value).as_deref()),
            "--uploads" => args.options = args.options.uploads(value),
            "--out" => args.out = value,
            "--redirects" => args.redirects = value,
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    if args.db.is_empty() {
        return Err("--db mysql://user:password@host:port/database is required".into());
    }
    Ok(args)
}

/// The crate's default URL of a target; groups have no page there: their old URLs
/// lead to the home page, which shows the group blocks.
fn default_link(m: &Migration, t: &Target) -> Option<Link> {
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

fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    let snap = read_mysql(&args.db, &args.tables)?;
    let m = migrate(&snap, &args.options);
    let mut out = std::io::stdout().lock();
    for line in &m.report {
        writeln!(out, "{line}")?;
    }
    for r in &m.table_repairs {
        writeln!(out, "table {} row {}: {}", r.table, r.id, r.kind)?;
    }
    let skipped = m
        .report
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Skipped(_)))
        .count();
    let all = redirects(&m, &args.urls);
    let (map, left) = resolve(&all, |t| default_link(&m, t));
    for r in &left {
        eprintln!("no page for {} (old URL {})", r.target, r.from);
    }
    writeln!(
        out,
        "{} articles, {skipped} skipped, {} repairs; {} redirects, {} without a page",
        m.articles.len(),
        m.report.iter().map(|r| r.repairs.len()).sum::<usize>() + m.table_repairs.len(),
        map.len(),
        left.len()
    )?;
    if args.dry_run {
        writeln!(out, "dry run: nothing written")?;
        return Ok(());
    }
    let mut jsonl = String::new();
    for a in &m.articles {
        jsonl.push_str(&serde_json::to_string(a)?);
        jsonl.push('\n');
    }
    std::fs::write(&args.out, jsonl)?;
    let text = if args.redirects.ends_with(".map") {
        nginx_map(&map)
    } else {
        let entries: Vec<_> = map
            .iter()
            .map(|(from, to)| {
                serde_json::json!({
                    "from": from,
                    "from_encoded": percent_encode_path(from),
                    "to": to.as_str(),
                })
            })
            .collect();
        serde_json::to_string_pretty(&entries)? + "\n"
    };
    std::fs::write(&args.redirects, text)?;
    writeln!(out, "wrote {} and {}", args.out, args.redirects)?;
    Ok(())
}

fn main() {
    let result = parse_args().map_err(Into::into).and_then(run);
    if let Err(e) = result {
        eprintln!("nukeviet: {e}");
        std::process::exit(1);
    }
}
