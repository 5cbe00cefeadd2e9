//! `tintuc check --corpus FILE.jsonl [--strict] [--documents DOCS.jsonl]`: exit 1 when an
//! article or document line is invalid or an id repeats; citations that stay text are
//! reported, exit 0.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::process::ExitCode;

use tintuc::import::Importer;

use crate::args::{open_input, Args, CmdResult, UsageError};

/// Reads the corpus line by line through the importer (which repairs, or with
/// `--strict` / `--no-repair` rejects lines that would need a repair), prints every
/// invalid line, every repair and every id used twice (with both lines), then counts.
/// Exit status 1 when any line is invalid or any id repeats.
pub fn run(argv: Vec<String>) -> CmdResult {
    let mut args = Args::new(argv);
    let corpus = args
        .value("--corpus")?
        .ok_or_else(|| UsageError("check needs --corpus FILE.jsonl".into()))?;
    let documents = args.value("--documents")?;
    let strict = args.flag("--strict") | args.flag("--no-repair");
    args.finish()?;
    let mut input = open_input(&corpus)?;
    let mut imp = Importer::new().strict(strict);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let (mut lines, mut blank, mut invalid, mut repairs, mut duplicates) = (0, 0, 0, 0, 0);
    let mut first_line: HashMap<String, usize> = HashMap::new();
    let mut per_category: BTreeMap<String, usize> = BTreeMap::new();
    let (mut articles, mut paragraphs) = (0usize, 0usize);
    // Kept only for --documents, which resolves their citations after the counts.
    let mut kept = Vec::new();
    let mut buf = Vec::new();
    loop {
        buf.clear();
        if input.read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        lines += 1;
        let line = buf.strip_suffix(b"\n").unwrap_or(&buf);
        match imp.next_line(line) {
            None => blank += 1,
            Some(Err(e)) => {
                invalid += 1;
                match &e.id {
                    Some(id) => writeln!(out, "line {} (id {id}): {}", e.line, e.kind)?,
                    None => writeln!(out, "line {}: {}", e.line, e.kind)?,
                }
            }
            Some(Ok(a)) => {
                articles += 1;
                paragraphs += a.body.len();
                let c = a.category.as_ref().map_or("(none)", |c| c.name.as_str());
                *per_category.entry(c.to_string()).or_default() += 1;
                match first_line.get(a.id.as_str()) {
                    Some(&first) => {
                        duplicates += 1;
                        writeln!(
                            out,
                            "line {lines} (id {}): duplicate id, first used on line {first}",
                            a.id
                        )?;
                    }
                    None => {
                        first_line.insert(a.id.to_string(), lines);
                    }
                }
                if documents.is_some() {
                    kept.push(a);
                }
            }
        }
        for r in imp.take_repairs() {
            repairs += 1;
            writeln!(out, "{r}: repaired")?;
        }
    }
    writeln!(
        out,
        "{corpus}: {lines} lines, {articles} articles, {invalid} invalid, {blank} blank, \
         {paragraphs} paragraphs, {repairs} repairs, {duplicates} duplicate ids"
    )?;
    for (c, n) in per_category {
        writeln!(out, "  category {c}: {n}")?;
    }
    let mut invalid_documents = 0;
    if let Some(path) = documents {
        invalid_documents = crate::documents::report_unresolved(&path, &kept, &mut out)?;
    }
    out.flush()?;
    // Unresolved citations are reported above, never a failure: only invalid input is.
    Ok(
        if invalid == 0 && duplicates == 0 && invalid_documents == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        },
    )
}
