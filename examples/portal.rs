//! The main job: `cargo run --release --example portal`.
//!
//! Until the rendering module lands this loads the bundled sample site (or `--corpus
//! FILE.jsonl`) into the embedded `MemoryStore` and prints what it holds, per category.

use tintuc::import::Importer;
use tintuc::store::{ArticleStore, Filter, ListQuery, MemoryStore};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mut corpus = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--corpus" => corpus = args.next(),
            other => return Err(format!("unexpected argument {other:?}").into()),
        }
    }
    let store = MemoryStore::new();
    let articles = match &corpus {
        None => tintuc::import::sample_articles()?,
        Some(path) => {
            let file = std::io::BufReader::new(std::fs::File::open(path)?);
            let report = Importer::new().read(file)?;
            for e in &report.errors {
                eprintln!("{path}: {e}");
            }
            report.articles
        }
    };
    for a in &articles {
        store.put(a, None)?;
    }
    println!("{} articles in the store", store.count()?);
    for (cat, n) in store.categories()? {
        let latest = store.list(&ListQuery::new(Filter::Category(cat.slug.clone())).per_page(1))?;
        let title = latest
            .items
            .first()
            .map_or("", |s| s.article.title.as_str());
        println!("  {} ({n}): latest \"{title}\"", cat.name);
    }
    Ok(())
}
