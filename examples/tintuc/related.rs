//! `tintuc related --corpus FILE.jsonl [--k 10] [--ids FILE]`

use std::io::{BufRead, Write};
use std::process::ExitCode;
use std::time::Instant;

use tintuc::import::Importer;
use tintuc::model::ArticleId;
use tintuc::related::{Config, Index, QueryOptions};

use crate::args::{open_input, Args, CmdResult, UsageError};

#[derive(serde::Serialize)]
struct Line<'a> {
    id: &'a ArticleId,
    related: Vec<tintuc::related::Related>,
}

pub fn run(argv: Vec<String>) -> CmdResult {
    let mut args = Args::new(argv);
    let corpus = args
        .value("--corpus")?
        .ok_or_else(|| UsageError("related needs --corpus FILE.jsonl".into()))?;
    let k: usize = args.parsed("--k")?.unwrap_or(10);
    let ids_file = args.value("--ids")?;
    let strict = args.flag("--strict") | args.flag("--no-repair");
    args.finish()?;

    let t = Instant::now();
    let report = Importer::new().strict(strict).read(open_input(&corpus)?)?;
    for r in &report.repairs {
        eprintln!("tintuc related: {corpus}: {r}: repaired");
    }
    for e in &report.errors {
        eprintln!(
            "tintuc related: {corpus}: line {}: {} (skipped)",
            e.line, e.kind
        );
    }
    let total = report.articles.len();
    eprintln!(
        "loaded {total} articles in {:.1}s; building the index",
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let mut shown = 0usize;
    let index = Index::builder()
        .config(Config::default())
        .on_progress(|done, n| {
            if total >= 5000 && (done - shown >= 4096 || done == n) {
                shown = done;
                eprint!("\rindexing {done}/{n}");
                if done == n {
                    eprintln!();
                }
            }
        })
        .build(&report.articles);
    eprintln!("index built in {:.2}s", t.elapsed().as_secs_f64());

    let ids: Vec<ArticleId> = match &ids_file {
        None => report.articles.iter().map(|a| a.id.clone()).collect(),
        Some(path) => {
            let mut v = Vec::new();
            for (n, line) in open_input(path)?.lines().enumerate() {
                let line = line?;
                let line = line.trim();
                if line.is_empty() {
                    continue;
                }
                match ArticleId::new(line) {
                    Ok(id) => v.push(id),
                    Err(e) => eprintln!("tintuc related: {path}: line {}: {e}", n + 1),
                }
            }
            v
        }
    };
    let options = QueryOptions::top(k);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut missing = 0usize;
    for id in &ids {
        if !index.contains(id) {
            eprintln!("tintuc related: id {id} is not in the corpus");
            missing += 1;
            continue;
        }
        let line = Line {
            id,
            related: index.related(id, &options),
        };
        // serialised as a struct so scores stay f32-short (0.42, not 0.41999998688697815)
        let written = serde_json::to_writer(&mut out, &line)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out));
        if let Err(e) = written {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return Ok(ExitCode::SUCCESS); // `| head` closed the pipe
            }
            return Err(e.into());
        }
    }
    if let Err(e) = out.flush() {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(e.into());
        }
    }
    Ok(if missing == 0 && report.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
