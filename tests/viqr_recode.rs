//! VIQR with syllable sense, measured on real titles: each title (baomoi, VNTC) is
//! written in VIQR by GNU recode (`recode -f utf8..viqr`, which does not escape
//! punctuation after vowels) and decoded back; the figure is the share of titles that
//! come back exactly.
//!
//! Skips with a `SKIP` line when recode, gzip or the data is missing. Run it with
//! `cargo test --release --test viqr_recode -- --nocapture` to see the figures.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use tintuc::text::nfc;
use tintuc::text::repair::{decode_str, repair, Encoding};

/// The corpora and the share each must reach. baomoi's are headlines; VNTC's `title`
/// often runs on into the first sentences of the article, whose final full stops
/// recode leaves ambiguous (`ddi.` is `đị` or `đi.`; a dot below before a capital,
/// `Bo^. Co^ng an`, is far more common than a sentence end, so it is read as a mark).
const CORPORA: [(&str, f64); 2] = [
    ("../shared/data/baomoi/tc201805_baomoi.jsonl.gz", 0.995),
    ("../shared/data/vntc/vntc_train.jsonl.gz", 0.975),
];

fn titles(path: &str) -> Option<Vec<String>> {
    let mut child = Command::new("gzip")
        .args(["-dc", path])
        .stdout(Stdio::piped())
        .spawn()
        .ok()?;
    let reader = BufReader::with_capacity(1 << 20, child.stdout.take()?);
    let mut v = Vec::new();
    for line in reader.lines() {
        let line = line.ok()?;
        let j: serde_json::Value = serde_json::from_str(&line).ok()?;
        let t = j["title"].as_str().unwrap_or("").trim();
        // Only titles VIQR can spell: ASCII and the Vietnamese letters.
        let t = nfc(t).into_owned();
        if !t.is_empty()
            && !t.contains('\\')
            && t.chars().all(|c| {
                (' '..='~').contains(&c)
                    || tintuc::text::fold(&c.to_string()).is_ascii() && c.is_alphabetic()
            })
        {
            v.push(t);
        }
    }
    child.wait().ok()?.success().then_some(v)
}

fn recode_viqr(lines: &[String]) -> Option<Vec<String>> {
    let mut child = Command::new("recode")
        .args(["-f", "utf8..viqr"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .ok()?;
    let mut input = child.stdin.take()?;
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let writer = std::thread::spawn(move || input.write_all(text.as_bytes()));
    let out = child.wait_with_output().ok()?;
    writer.join().ok()?.ok()?;
    let s = String::from_utf8(out.stdout).ok()?;
    let v: Vec<String> = s.lines().map(str::to_string).collect();
    (v.len() == lines.len()).then_some(v)
}

#[test]
fn recode_viqr_round_trip_on_real_titles() {
    if cfg!(debug_assertions) {
        println!("SKIP: 150,000 titles; run with --release (CI does)");
        return;
    }
    if Command::new("recode").arg("--version").output().is_err() {
        println!("SKIP: GNU recode not installed (apt-get install recode)");
        return;
    }
    for (path, floor) in CORPORA {
        if !Path::new(path).exists() {
            println!("SKIP: {path} not found");
            continue;
        }
        let Some(titles) = titles(path) else {
            println!("SKIP: could not read {path} with gzip");
            continue;
        };
        let Some(viqr) = recode_viqr(&titles) else {
            println!("SKIP: recode failed on {path}");
            continue;
        };
        let (mut exact, mut auto_exact, mut changed) = (0usize, 0usize, 0usize);
        let mut wrong = Vec::new();
        let mut dump = std::env::var_os("VIQR_DUMP").map(|p| std::fs::File::create(p).unwrap());
        for (t, v) in titles.iter().zip(&viqr) {
            if v != t {
                changed += 1;
            }
            let d = decode_str(v, Encoding::Viqr).unwrap_or_default();
            if &d == t {
                exact += 1;
            } else {
                if let Some(f) = dump.as_mut() {
                    writeln!(f, "{v}\t{d}\t{t}").unwrap();
                }
                if wrong.len() < 15 {
                    wrong.push(format!("{v:?} -> {d:?} (want {t:?})"));
                }
            }
            let r = repair(v);
            if r.text == t.as_str() {
                auto_exact += 1;
            }
        }
        let n = titles.len();
        let share = exact as f64 / n as f64;
        println!(
            "{path}: {n} titles ({changed} changed by recode): decode_str(viqr) exact \
             {exact} ({:.2} %), repair() exact {auto_exact} ({:.2} %)",
            100.0 * share,
            100.0 * auto_exact as f64 / n as f64
        );
        for w in &wrong {
            println!("  {w}");
        }
        assert!(n > 10_000, "{path}: too few titles ({n})");
        assert!(
            share >= floor,
            "{path}: {:.2} % < {:.1} %",
            100.0 * share,
            100.0 * floor
        );
    }
}
