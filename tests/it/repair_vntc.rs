//! Zero false positives: auto-detection leaves every title, body and body line of the
//! VNTC training corpus (33,759 real news articles) untouched.
//!
//! The corpus is decompressed with the system `gzip` (no extra dependency). The full
//! run takes well under a minute in debug builds.

use std::borrow::Cow;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use tintuc::text::repair::{repair, repair_bytes};

const CORPUS: &str = "../shared/data/vntc/vntc_train.jsonl.gz";

#[test]
fn no_false_positive_on_vntc() {
    if !Path::new(CORPUS).exists() {
        println!("SKIP: {CORPUS} not found");
        return;
    }
    let Ok(mut child) = Command::new("gzip")
        .args(["-dc", CORPUS])
        .stdout(Stdio::piped())
        .spawn()
    else {
        println!("SKIP: gzip not available to read {CORPUS}");
        return;
    };
    let reader = BufReader::with_capacity(1 << 20, child.stdout.take().unwrap());
    let (mut articles, mut texts, mut slow, mut bytes) = (0usize, 0usize, 0usize, 0usize);
    let mut false_positives = Vec::new();
    let mut check = |what: &str, id: &str, s: &str| {
        texts += 1;
        bytes += s.len();
        let r = repair(s);
        if r.encoding.is_some() || !matches!(r.text, Cow::Borrowed(_)) {
            false_positives.push(format!(
                "{id} {what}: {:?} -> {:?} ({:?})",
                s.chars().take(80).collect::<String>(),
                r.text.chars().take(80).collect::<String>(),
                r.encoding
            ));
        } else if r.confidence < 1.0 {
            slow += 1; // clean, but only proven so by the scoring path
        }
        let rb = repair_bytes(s.as_bytes());
        if rb.encoding.is_some() || !matches!(rb.text, Cow::Borrowed(t) if t == s) {
            false_positives.push(format!("{id} {what} (bytes): {:?}", rb.encoding));
        }
    };
    for line in reader.lines() {
        let line = line.unwrap();
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        let id = v["id"].as_str().unwrap_or("?");
        let title = v["title"].as_str().unwrap_or("");
        let body = v["body"].as_str().unwrap_or("");
        articles += 1;
        check("title", id, title);
        check("body", id, body);
        for (i, para) in body.lines().enumerate() {
            check(&format!("line {}", i + 1), id, para);
        }
    }
    assert!(child.wait().unwrap().success());
    println!(
        "VNTC train: {articles} articles, {texts} texts ({:.1} MB): {} false positives; \
         {slow} clean texts needed the scoring path",
        bytes as f64 / 1e6,
        false_positives.len()
    );
    assert!(articles > 30_000, "corpus truncated: {articles} articles");
    assert!(
        false_positives.is_empty(),
        "{} false positives, first: {:#?}",
        false_positives.len(),
        &false_positives[..false_positives.len().min(20)]
    );
}
