//! `tintuc search --corpus FILE.jsonl "câu truy vấn"` and
//! `tintuc search --corpus FILE.jsonl --queries Q.jsonl [--k 10]`

use std::io::{BufRead, Write};
use std::process::ExitCode;
use std::time::Instant;

use tintuc::import::Importer;
use tintuc::search::{Hit, Index, Query};

use crate::args::{open_input, Args, CmdResult, UsageError};

#[derive(serde::Deserialize)]
struct QueryLine {
    qid: serde_json::Value,
    query: String,
}

#[derive(serde::Serialize)]
struct ResultLine<'a> {
    qid: &'a serde_json::Value,
    results: Vec<Found<'a>>,
}

#[derive(serde::Serialize)]
struct Found<'a> {
    id: &'a str,
    score: f32,
    snippet: String,
}

/// HTML escaping for snippets (`<mark>` is the only markup in them).
fn escape(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

fn found(h: &Hit) -> Found<'_> {
    Found {
        id: h.id.as_str(),
        score: h.score,
        snippet: h.snippet.to_html(escape),
    }
}

pub fn run(mut argv: Vec<String>) -> CmdResult {
    // The one argument that is neither an option nor an option's value is the query.
    let mut text: Option<String> = None;
    let mut i = 0;
    while i < argv.len() {
        if argv[i].starts_with("--") {
            i += if argv[i].contains('=') { 1 } else { 2 };
        } else if text.is_none() {
            text = Some(argv.remove(i));
        } else {
            return Err(UsageError(format!("unexpected argument {:?}", argv[i])).into());
        }
    }
    let mut args = Args::new(argv);
    let corpus = args
        .value("--corpus")?
        .ok_or_else(|| UsageError("search needs --corpus FILE.jsonl".into()))?;
    let queries = args.value("--queries")?;
    let k: usize = args.parsed("--k")?.unwrap_or(10);
    args.finish()?;
    if text.is_some() == queries.is_some() {
        return Err(
            UsageError("search needs a query or --queries Q.jsonl (not both)".into()).into(),
        );
    }

    let t = Instant::now();
    let report = Importer::new().read(open_input(&corpus)?)?;
    for e in &report.errors {
        eprintln!(
            "tintuc search: {corpus}: line {}: {} (skipped)",
            e.line, e.kind
        );
    }
    let index = Index::build(&report.articles);
    eprintln!(
        "indexed {} articles in {:.1}s",
        index.len(),
        t.elapsed().as_secs_f64()
    );
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if let Some(text) = text {
        let results = index.search(&Query::new(text).page(0, k))?;
        writeln!(out, "{} results", results.total)?;
        for (n, h) in results.hits.iter().enumerate() {
            let title = report
                .articles
                .iter()
                .find(|a| a.id == h.id)
                .map_or("", |a| a.title.as_str());
            writeln!(out, "{:>3}. {}  [{}, {:.2}]", n + 1, title, h.id, h.score)?;
            writeln!(out, "     {}", h.snippet.plain())?;
        }
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let path = queries.unwrap_or_default();
    let mut bad = false;
    for (n, line) in open_input(&path)?.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let q: QueryLine = match serde_json::from_str(&line) {
            Ok(q) => q,
            Err(e) => {
                eprintln!("tintuc search: {path}: line {}: {e} (skipped)", n + 1);
                bad = true;
                continue;
            }
        };
        let results = match index.search(&Query::new(q.query.as_str()).page(0, k)) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("tintuc search: {path}: line {}: {e}", n + 1);
                bad = true;
                Default::default()
            }
        };
        let line = ResultLine {
            qid: &q.qid,
            results: results.hits.iter().map(found).collect(),
        };
        serde_json::to_writer(&mut out, &line)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(if bad {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
