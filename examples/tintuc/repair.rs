//! `tintuc repair [--from tcvn3|vni|viqr|cp1258|viscii|mojibake] [--report]`

use std::io::{BufRead, Write};
use std::process::ExitCode;

use tintuc::text::repair::{decode, repair_bytes, Encoding};

use crate::args::{Args, CmdResult};

/// Reads standard input line by line (raw bytes, any encoding) and writes one repaired
/// line per input line. Without `--from`, each line is auto-detected and lines where
/// nothing is detected are written back byte for byte. With `--from`, every line is
/// decoded in that encoding; a line that cannot be decoded is reported on standard
/// error, written unchanged, and makes the exit status 1. `--report` writes
/// `line N: ENCODING (confidence C)` to standard error for every repaired line.
pub fn run(argv: Vec<String>) -> CmdResult {
    let mut args = Args::new(argv);
    let from: Option<Encoding> = args.parsed("--from")?;
    let report = args.flag("--report");
    args.finish()?;

    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut err = std::io::stderr();
    let mut line = Vec::with_capacity(4096);
    let (mut n, mut repaired, mut failed) = (0usize, 0usize, 0usize);
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        n += 1;
        // Keep the line ending (LF or CRLF) exactly as it was.
        let mut body_len = line.len();
        if line.get(body_len.wrapping_sub(1)) == Some(&b'\n') {
            body_len -= 1;
            if line.get(body_len.wrapping_sub(1)) == Some(&b'\r') {
                body_len -= 1;
            }
        }
        let (body, ending) = line.split_at(body_len);
        match from {
            Some(enc) => match decode(body, enc) {
                Ok(text) => {
                    if text.as_bytes() != body {
                        repaired += 1;
                    }
                    out.write_all(text.as_bytes())?;
                }
                Err(e) => {
                    failed += 1;
                    writeln!(err, "line {n}: {e}")?;
                    out.write_all(body)?;
                }
            },
            None => {
                let r = repair_bytes(body);
                match r.encoding {
                    Some(enc) => {
                        repaired += 1;
                        if report {
                            writeln!(err, "line {n}: {enc} (confidence {:.2})", r.confidence)?;
                        }
                        out.write_all(r.text.as_bytes())?;
                    }
                    // Nothing detected: the input bytes, untouched.
                    None => out.write_all(body)?,
                }
            }
        }
        out.write_all(ending)?;
    }
    out.flush()?;
    if report || failed > 0 {
        writeln!(err, "{n} lines, {repaired} repaired, {failed} undecodable")?;
    }
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
