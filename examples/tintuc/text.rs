//! Text commands: `slug`, `normalize`, `fold`, `sort`, `extract` (stdin → stdout, one line each).

use std::io::{BufRead, Write};
use std::process::ExitCode;

use tintuc::text::{self, Normalizer, Slugger, ToneStyle};

use crate::args::{Args, CmdResult};

/// Applies `f` to every line of standard input.
fn per_line(mut f: impl FnMut(&str, &mut dyn Write) -> std::io::Result<()>) -> CmdResult {
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut buf = Vec::new();
    loop {
        buf.clear();
        if input.read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        while matches!(buf.last(), Some(b'\n' | b'\r')) {
            buf.pop();
        }
        let line = String::from_utf8_lossy(&buf);
        f(&line, &mut out)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `tintuc slug [--max-len N]`: an empty line when nothing is left of the title.
pub fn slug(argv: Vec<String>) -> CmdResult {
    let mut args = Args::new(argv);
    let mut slugger = Slugger::new();
    if let Some(n) = args.parsed::<usize>("--max-len")? {
        slugger = slugger.max_len(n);
    }
    args.finish()?;
    per_line(|line, out| match slugger.slugify(line) {
        Some(s) => writeln!(out, "{s}"),
        None => writeln!(out),
    })
}

/// `tintuc normalize [--tone-style old|new] [--smart-punctuation]`
pub fn normalize(argv: Vec<String>) -> CmdResult {
    let mut args = Args::new(argv);
    let style = args
        .parsed::<ToneStyle>("--tone-style")?
        .unwrap_or_default();
    let smart = args.flag("--smart-punctuation");
    args.finish()?;
    let n = Normalizer::new().tone_style(style).smart_punctuation(smart);
    per_line(|line, out| writeln!(out, "{}", n.normalize(line)))
}

/// `tintuc fold`
pub fn fold(argv: Vec<String>) -> CmdResult {
    Args::new(argv).finish()?;
    per_line(|line, out| writeln!(out, "{}", text::fold(line)))
}

/// `tintuc sort`: all of standard input, lines in Vietnamese order.
pub fn sort(argv: Vec<String>) -> CmdResult {
    Args::new(argv).finish()?;
    let mut lines: Vec<String> = Vec::new();
    per_line(|line, _| {
        lines.push(line.to_string());
        Ok(())
    })?;
    lines.sort_by_cached_key(|l| text::sort_key(l));
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for l in lines {
        writeln!(out, "{l}")?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `tintuc extract`: `{"documents":[…],"dates":[{"date":"2018-08-17","start":0,"end":14}]}`
pub fn extract(argv: Vec<String>) -> CmdResult {
    Args::new(argv).finish()?;
    per_line(|line, out| {
        let dates: Vec<serde_json::Value> = text::extract_dates(line)
            .into_iter()
            .map(|d| serde_json::json!({"date": d.date, "start": d.start, "end": d.end}))
            .collect();
        let v = serde_json::json!({
            "documents": text::extract_documents(line),
            "dates": dates,
        });
        writeln!(out, "{v}")
    })
}
