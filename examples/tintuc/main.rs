//! `tintuc`: the crate's command-line face.
//!
//! ```text
//! cargo run --release --example tintuc -- <command> [options]
//! ```
//!
//! Commands read standard input or the named file and write standard output, one record
//! per line, so they compose with Unix tools. Exit status: 0 on success, 1 when the input
//! had problems (reported), 2 on usage errors.

use std::process::ExitCode;

mod args;
mod check;
mod documents;
mod related;
mod repair;
mod search;
mod text;

const USAGE: &str = r#"usage: tintuc <command> [options]

commands:
  check --corpus FILE.jsonl [--strict] [--documents DOCS.jsonl]
                              load the plain import format, print every invalid line
                              with its reason, every repair, every id used twice (both
                              lines) and counts; exit 1 if any line is invalid or any id
                              repeats (FILE may be '-' for standard input); --strict (or
                              --no-repair) rejects lines that would need a repair;
                              with --documents, also every cited document that stays
                              text (ambiguous or unknown) and why; citations that stay
                              text are reported, not failures
  documents --corpus DOCS.jsonl --articles ARTICLES.jsonl [--no-context]
                              resolve every article's cited documents against the
                              registry DOCS (plain document JSON Lines): one JSON line
                              per article, {"id":"…","citations":[{"number":"…",
                              "status":"resolved|ambiguous|unknown","document":"…"}]};
                              a yearless citation is read against the article's
                              publish day unless --no-context
  slug [--max-len N]          title per line -> URL slug per line (empty if none)
  normalize [--tone-style old|new] [--smart-punctuation]
                              NFC, invisible characters, spaces, tone-mark placement
  fold                        search key: lower case, no diacritics, đ -> d
  sort                        sort standard input's lines in Vietnamese order
  extract                     JSON of cited documents and dates per line
  repair [--from ENC] [--report]
                              repair legacy Vietnamese encodings line by line (stdin
                              bytes → stdout UTF-8); ENC: tcvn3|vni|viqr|cp1258|viscii|
                              mojibake; without --from, auto-detect per line and pass
                              clean lines through byte for byte
  related --corpus FILE.jsonl [--k 10] [--ids FILE] [--strict]
                              build the related-articles index over the corpus and print
                              one JSON line per article (or per id listed in FILE):
                              {"id":"…","related":[{"id":"…","score":0.42,"why":{…}}]}
  search --corpus FILE.jsonl "câu truy vấn" [--k 10]
                              print the best matches with their snippets
  search --corpus FILE.jsonl --queries Q.jsonl [--k 10]
                              {"qid":…,"query":"…"} per line -> one line per query:
                              {"qid":…,"results":[{"id":"…","score":…,"snippet":"…"}]}

slug, normalize, fold, sort and extract read standard input as bytes and repair legacy
encodings and mojibake line by line before their own work (`--no-repair`: not; then
`normalize` passes lines that need a repair through unchanged). A line that is not
UTF-8 and cannot be decoded is reported and makes the exit status 1. `--help` on any
command prints this text.
"#;

fn main() -> ExitCode {
    let mut argv: Vec<String> = std::env::args().skip(1).collect();
    if argv.is_empty() {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    }
    let cmd = argv.remove(0);
    if argv.iter().any(|a| a == "-h" || a == "--help") {
        print!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let result = match cmd.as_str() {
        "check" => check::run(argv),
        "documents" => documents::run(argv),
        "related" => related::run(argv),
        "search" => search::run(argv),
        "slug" => text::slug(argv),
        "normalize" => text::normalize(argv),
        "fold" => text::fold(argv),
        "sort" => text::sort(argv),
        "extract" => text::extract(argv),
        "repair" => repair::run(argv),
        "-h" | "--help" | "help" => {
            print!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        other => Err(args::UsageError(format!("unknown command {other:?}")).into()),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("tintuc {cmd}: {e}");
            if e.downcast_ref::<args::UsageError>().is_some() {
                eprint!("{USAGE}");
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}
