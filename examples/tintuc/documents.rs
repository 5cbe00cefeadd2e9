//! `tintuc documents --corpus DOCS.jsonl --articles ARTICLES.jsonl [--no-context]`

use std::io::Write;
use std::process::ExitCode;

use serde::Serialize;
use tintuc::document::{article_citations, read_documents, Registry, Resolution};
use tintuc::import::Importer;
use tintuc::model::{ArticleId, DocumentKind, VIETNAM_OFFSET};

use crate::args::{open_input, Args, CmdResult, UsageError};

#[derive(Serialize)]
struct Cited<'a> {
    number: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<DocumentKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    issuer: Option<&'a str>,
    /// `resolved`, `ambiguous` or `unknown`.
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    document: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    candidates: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
}

#[derive(Serialize)]
struct Line<'a> {
    id: &'a ArticleId,
    citations: Vec<Cited<'a>>,
}

/// For `check --documents`: every invalid document line, every advisory (a symbol year
/// other than the year of issue: allowed, listed so a typo is seen) and every citation
/// that stays text (ambiguous or unknown), one line each, then the counts. Returns the number of
/// invalid document lines (citations left as text are no error).
pub fn report_unresolved(
    path: &str,
    articles: &[tintuc::model::Article],
    out: &mut dyn Write,
) -> Result<usize, Box<dyn std::error::Error>> {
    let docs = read_documents(open_input(path)?)?;
    for e in &docs.errors {
        writeln!(out, "{path}: {e}")?;
    }
    let invalid = docs.errors.len();
    // Allowed but worth a look: a symbol year other than the year of issue.
    let mut advisories = 0usize;
    for d in &docs.documents {
        for a in d.advisories() {
            advisories += 1;
            writeln!(
                out,
                "{path}: document {}: {a} (allowed; check the year)",
                d.id
            )?;
        }
    }
    let registry = Registry::new(docs.documents)?;
    let (mut resolved, mut open) = (0usize, 0usize);
    for a in articles {
        let day = a
            .published
            .map(|t| t.with_timezone(&VIETNAM_OFFSET).date_naive());
        for c in article_citations(a) {
            let r = match day {
                Some(d) => registry.resolve_at(&c, d),
                None => registry.resolve(&c),
            };
            match r {
                Resolution::Resolved(_) => resolved += 1,
                Resolution::Ambiguous(ds) => {
                    open += 1;
                    let ids: Vec<&str> = ds.iter().map(|d| d.id.as_str()).collect();
                    writeln!(
                        out,
                        "article {}: citation {} is ambiguous: {}",
                        a.id,
                        c.number,
                        ids.join(", ")
                    )?;
                }
                Resolution::Unknown(why) => {
                    open += 1;
                    writeln!(
                        out,
                        "article {}: citation {} stays text: {why}",
                        a.id, c.number
                    )?;
                }
            }
        }
    }
    writeln!(
        out,
        "{path}: {} documents, {invalid} invalid, {advisories} advisories; citations: {resolved} resolved, {open} left as text",
        registry.documents().len()
    )?;
    Ok(invalid)
}

pub fn run(argv: Vec<String>) -> CmdResult {
    let mut args = Args::new(argv);
    let docs_path = args
        .value("--corpus")?
        .ok_or_else(|| UsageError("documents needs --corpus DOCS.jsonl".into()))?;
    let articles_path = args
        .value("--articles")?
        .ok_or_else(|| UsageError("documents needs --articles ARTICLES.jsonl".into()))?;
    let no_context = args.flag("--no-context");
    args.finish()?;

    let docs = read_documents(open_input(&docs_path)?)?;
    for e in &docs.errors {
        eprintln!("tintuc documents: {docs_path}: {e}");
    }
    let registry = Registry::new(docs.documents)?;
    let report = Importer::new().read(open_input(&articles_path)?)?;
    for e in &report.errors {
        eprintln!("tintuc documents: {articles_path}: {e}");
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let (mut resolved, mut ambiguous, mut unknown) = (0usize, 0usize, 0usize);
    for a in &report.articles {
        let cited = article_citations(a);
        let day = a
            .published
            .filter(|_| !no_context)
            .map(|t| t.with_timezone(&VIETNAM_OFFSET).date_naive());
        let citations = cited
            .iter()
            .map(|c| {
                let r = match day {
                    Some(d) => registry.resolve_at(c, d),
                    None => registry.resolve(c),
                };
                let (status, document, candidates, reason) = match r {
                    Resolution::Resolved(d) => {
                        resolved += 1;
                        ("resolved", Some(d.id.as_str()), vec![], None)
                    }
                    Resolution::Ambiguous(ds) => {
                        ambiguous += 1;
                        let ids = ds.iter().map(|d| d.id.as_str()).collect();
                        ("ambiguous", None, ids, None)
                    }
                    Resolution::Unknown(why) => {
                        unknown += 1;
                        ("unknown", None, vec![], Some(why.to_string()))
                    }
                };
                Cited {
                    number: &c.number,
                    kind: c.kind,
                    date: c.date.map(|d| d.to_string()),
                    issuer: c.issuer.as_deref(),
                    status,
                    document,
                    candidates,
                    reason,
                }
            })
            .collect();
        serde_json::to_writer(
            &mut out,
            &Line {
                id: &a.id,
                citations,
            },
        )?;
        writeln!(out)?;
    }
    out.flush()?;
    eprintln!(
        "{} documents, {} articles: {resolved} citations resolved, {ambiguous} ambiguous, {unknown} unknown",
        registry.documents().len(),
        report.articles.len()
    );
    Ok(if docs.errors.is_empty() && report.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
