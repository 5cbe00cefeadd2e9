//! `tintuc check --corpus FILE.jsonl [--documents DOCS.jsonl]`: exit 1 when an article
//! or document line is invalid; citations that stay text are reported, exit 0.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::ExitCode;

use tintuc::import::Importer;

use crate::args::{open_input, Args, CmdResult, UsageError};

pub fn run(argv: Vec<String>) -> CmdResult {
    let mut args = Args::new(argv);
    let corpus = args
        .value("--corpus")?
        .ok_or_else(|| UsageError("check needs --corpus FILE.jsonl".into()))?;
    let documents = args.value("--documents")?;
    args.finish()?;
    let report = Importer::new().read(open_input(&corpus)?)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for e in &report.errors {
        match &e.id {
            Some(id) => writeln!(out, "line {} (id {id}): {}", e.line, e.kind)?,
            None => writeln!(out, "line {}: {}", e.line, e.kind)?,
        }
    }
    let mut per_category: BTreeMap<&str, usize> = BTreeMap::new();
    for a in &report.articles {
        let c = a.category.as_ref().map_or("(none)", |c| c.name.as_str());
        *per_category.entry(c).or_default() += 1;
    }
    let paragraphs: usize = report.articles.iter().map(|a| a.body.len()).sum();
    writeln!(
        out,
        "{}: {} lines, {} articles, {} invalid, {} blank, {} paragraphs, {} slugs made unique",
        corpus,
        report.lines,
        report.articles.len(),
        report.errors.len(),
        report.blank,
        paragraphs,
        report.renamed_slugs
    )?;
    for (c, n) in per_category {
        writeln!(out, "  category {c}: {n}")?;
    }
    let mut invalid_documents = 0;
    if let Some(path) = documents {
        invalid_documents = crate::documents::report_unresolved(&path, &report.articles, &mut out)?;
    }
    out.flush()?;
    // Unresolved citations are reported above, never a failure: only invalid input is.
    Ok(if report.errors.is_empty() && invalid_documents == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
