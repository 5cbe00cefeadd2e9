//! Fixtures shared by the root benches: the bundled sample (`data/sample.jsonl`) and, when
//! `../shared/data` is present, the VNTC sample (3,000 real news articles), both read with
//! the crate's own importer. Each bench binary uses a part of this module.
#![allow(dead_code)]

use std::io::BufReader;
use std::path::PathBuf;

use tintuc::import::Importer;
use tintuc::model::{Article, Block};

/// A named set of articles; the name becomes the criterion bench id.
pub struct Corpus {
    pub name: String,
    pub articles: Vec<Article>,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Imports a JSON Lines file; `None` when it cannot be opened or read.
fn import(path: &std::path::Path) -> Option<Vec<Article>> {
    let file = std::fs::File::open(path).ok()?;
    let report = Importer::new().read(BufReader::new(file)).ok()?;
    Some(report.articles)
}

/// The bundled sample site (24 agency-news articles).
pub fn sample() -> Corpus {
    let path = root().join("data/sample.jsonl");
    let articles = import(&path).unwrap_or_default();
    assert!(!articles.is_empty(), "{} gave no articles", path.display());
    Corpus {
        name: format!("sample-{}", articles.len()),
        articles,
    }
}

/// The VNTC sample from ../shared/data, or `None` after a visible `SKIP` line.
pub fn vntc_sample() -> Option<Corpus> {
    let path = root().join("../shared/data/vntc/vntc_sample_3000.jsonl");
    match import(&path) {
        Some(articles) if !articles.is_empty() => Some(Corpus {
            name: format!("vntc-{}", articles.len()),
            articles,
        }),
        _ => {
            eprintln!(
                "SKIP: {} not found; measuring the bundled sample only",
                path.display()
            );
            None
        }
    }
}

/// The bundled sample, then the VNTC sample when present.
pub fn corpora() -> Vec<Corpus> {
    let mut v = vec![sample()];
    v.extend(vntc_sample());
    v
}

/// Every title.
pub fn titles(articles: &[Article]) -> Vec<String> {
    articles.iter().map(|a| a.title.clone()).collect()
}

/// Every body as plain text: the paragraphs joined with `\n`.
pub fn bodies(articles: &[Article]) -> Vec<String> {
    articles
        .iter()
        .map(|a| {
            a.body
                .iter()
                .filter_map(|b| match b {
                    Block::Paragraph { text } => Some(text.as_str()),
                    _ => None,
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect()
}

/// Total UTF-8 length, for criterion's bytes-per-second throughput.
pub fn bytes(v: &[String]) -> u64 {
    v.iter().map(|s| s.len() as u64).sum()
}
