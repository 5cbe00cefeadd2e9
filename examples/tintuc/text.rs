//! Text commands: `slug`, `normalize`, `fold`, `sort`, `extract` (stdin → stdout, one line each).

use std::io::{BufRead, Write};
use std::process::ExitCode;

use tintuc::text::repair::repair_bytes;
use tintuc::text::{self, Normalizer, Slugger, ToneStyle};

use crate::args::{Args, CmdResult};

/// One input line as the commands see it.
struct Line<'a> {
    /// The text: repaired unless `--no-repair`.
    text: &'a str,
    /// With `--no-repair`: the auto-detecting repair would have changed this line.
    repairable: bool,
}

/// Applies `f` to every line of standard input. Lines are read as bytes; unless
/// `no_repair`, each goes through the auto-detecting repair first (legacy encodings,
/// mojibake), so nothing it can decode reaches `f` as U+FFFD. A line that is not UTF-8
/// and cannot be decoded is read lossily: each is reported on standard error and the
/// exit status is 1.
fn per_line(
    no_repair: bool,
    mut f: impl FnMut(Line<'_>, &mut dyn Write) -> std::io::Result<()>,
) -> CmdResult {
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut buf = Vec::new();
    let (mut n, mut lossy) = (0usize, 0usize);
    loop {
        buf.clear();
        if input.read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        n += 1;
        while matches!(buf.last(), Some(b'\n' | b'\r')) {
            buf.pop();
        }
        let r = repair_bytes(&buf);
        let lossy_line = r.encoding.is_none() && std::str::from_utf8(&buf).is_err();
        if lossy_line {
            lossy += 1;
            eprintln!("line {n}: not UTF-8 and no legacy encoding detected; invalid bytes are shown as U+FFFD");
        }
        if no_repair {
            let text = String::from_utf8_lossy(&buf);
            let repairable = r.encoding.is_some();
            f(
                Line {
                    text: &text,
                    repairable,
                },
                &mut out,
            )?;
        } else {
            f(
                Line {
                    text: &r.text,
                    repairable: false,
                },
                &mut out,
            )?;
        }
    }
    out.flush()?;
    if lossy > 0 {
        eprintln!("{lossy} of {n} lines could not be decoded without loss");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// `tintuc slug [--max-len N]`: an empty line when nothing is left of the title.
pub fn slug(argv: Vec<String>) -> CmdResult {
    let mut args = Args::new(argv);
    let mut slugger = Slugger::new();
    if let Some(n) = args.parsed::<usize>("--max-len")? {
        slugger = slugger.max_len(n);
    }
    let no_repair = args.flag("--no-repair");
    args.finish()?;
    per_line(no_repair, |line, out| match slugger.slugify(line.text) {
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
    let no_repair = args.flag("--no-repair");
    args.finish()?;
    let n = Normalizer::new().tone_style(style).smart_punctuation(smart);
    let mut untouched = 0usize;
    let code = per_line(no_repair, |line, out| {
        if line.repairable {
            // Normalising mojibake would "fix" marks inside the garbage and make the
            // line unrepairable: it is passed through for `tintuc repair` instead.
            untouched += 1;
            writeln!(out, "{}", line.text)
        } else {
            writeln!(out, "{}", n.normalize(line.text))
        }
    })?;
    if untouched > 0 {
        eprintln!(
            "{untouched} line(s) in a legacy encoding or mojibake left as they are \
             (--no-repair); run `tintuc repair` first"
        );
    }
    Ok(code)
}

/// `tintuc fold`
pub fn fold(argv: Vec<String>) -> CmdResult {
    let mut args = Args::new(argv);
    let no_repair = args.flag("--no-repair");
    args.finish()?;
    per_line(no_repair, |line, out| {
        writeln!(out, "{}", text::fold(line.text))
    })
}

/// `tintuc sort`: all of standard input, lines in Vietnamese order.
pub fn sort(argv: Vec<String>) -> CmdResult {
    let mut args = Args::new(argv);
    let no_repair = args.flag("--no-repair");
    args.finish()?;
    let mut lines: Vec<String> = Vec::new();
    let code = per_line(no_repair, |line, _| {
        lines.push(line.text.to_string());
        Ok(())
    })?;
    lines.sort_by_cached_key(|l| text::sort_key(l));
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for l in lines {
        writeln!(out, "{l}")?;
    }
    out.flush()?;
    Ok(code)
}

/// `tintuc extract`: `{"documents":[…],"dates":[{"date":"2018-08-17","start":0,"end":14}]}`
pub fn extract(argv: Vec<String>) -> CmdResult {
    let mut args = Args::new(argv);
    let no_repair = args.flag("--no-repair");
    args.finish()?;
    per_line(no_repair, |line, out| {
        let line = line.text;
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
