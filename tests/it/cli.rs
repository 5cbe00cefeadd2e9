//! The `tintuc` CLI and the `portal` example, run as a user runs them.
//!
//! `cargo test` builds the examples before the tests run; a lone `cargo test --test it cli::`
//! does not, so a missing binary is built here first.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn example(name: &str) -> PathBuf {
    // target/debug/deps/it-HASH → target/debug/examples/NAME
    let exe = std::env::current_exe().expect("test binary path");
    let dir = exe
        .parent()
        .and_then(|d| d.parent())
        .expect("target dir")
        .join("examples");
    let bin = dir.join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    if !bin.exists() {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let ok = Command::new(cargo)
            .args(["build", "--example", name])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .expect("cargo build --example")
            .success();
        assert!(ok, "building example {name} failed");
    }
    bin
}

fn run(name: &str, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(example(name))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn example");
    let mut input = child.stdin.take().expect("stdin");
    input.write_all(stdin).expect("write stdin");
    drop(input);
    child.wait_with_output().expect("wait")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 output")
}

/// `Tiếng Việt` in TCVN3 bytes.
const TCVN3: &[u8] = b"Ti\xd5ng Vi\xd6t\n";

#[test]
fn help_on_every_command_exits_0() {
    for cmd in [
        "check",
        "slug",
        "normalize",
        "fold",
        "sort",
        "extract",
        "repair",
        "related",
    ] {
        let o = run("tintuc", &[cmd, "--help"], b"");
        assert!(o.status.success(), "{cmd} --help: {o:?}");
        assert!(stdout(&o).contains("usage: tintuc"), "{cmd}");
    }
    let o = run("portal", &["--help"], b"");
    assert!(o.status.success(), "{o:?}");
    assert!(stdout(&o).starts_with("usage: portal"));
}

#[test]
fn legacy_bytes_are_repaired_before_each_command() {
    let cases: [(&str, &[&str], &str); 4] = [
        ("slug", &[], "tieng-viet\n"),
        ("normalize", &[], "Tiếng Việt\n"),
        ("fold", &[], "tieng viet\n"),
        ("sort", &[], "Tiếng Việt\n"),
    ];
    for (cmd, args, want) in cases {
        let mut argv = vec![cmd];
        argv.extend_from_slice(args);
        let o = run("tintuc", &argv, TCVN3);
        assert!(o.status.success(), "{cmd}: {o:?}");
        assert_eq!(stdout(&o), want, "{cmd}");
        assert!(!stdout(&o).contains('\u{fffd}'));
    }
    // Mojibake in valid UTF-8, too.
    let o = run("tintuc", &["normalize"], "Tiếng Viá»‡t\n".as_bytes());
    assert_eq!(stdout(&o), "Tiếng Việt\n");
}

#[test]
fn normalize_never_touches_what_repair_would_change() {
    let mojibake = "Tiếng Viá»‡t\n";
    let o = run("tintuc", &["normalize", "--no-repair"], mojibake.as_bytes());
    assert_eq!(stdout(&o), mojibake);
    assert!(String::from_utf8_lossy(&o.stderr).contains("left as they are"));
    // normalize | repair gives what repair alone gives.
    let repaired = run("tintuc", &["repair"], stdout(&o).as_bytes());
    assert_eq!(stdout(&repaired), "Tiếng Việt\n");
}

#[test]
fn undecodable_bytes_are_reported_and_exit_1() {
    for cmd in ["slug", "normalize", "fold", "sort", "extract"] {
        let o = run("tintuc", &[cmd], b"ok\n\xff\xfe\x00 abc\n");
        assert_eq!(o.status.code(), Some(1), "{cmd}: {o:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("line 2: not UTF-8"), "{cmd}: {err}");
    }
}

#[test]
fn check_reports_duplicate_ids_with_both_lines() {
    let input = b"{\"id\":\"a\",\"title\":\"T\",\"body\":\"x\"}\n\n{\"id\":\"b\",\"title\":\"U\",\"body\":\"y\"}\n{\"id\":\"a\",\"title\":\"V\",\"body\":\"z\"}\n";
    let o = run("tintuc", &["check", "--corpus", "-"], input);
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    let out = stdout(&o);
    assert!(
        out.contains("line 4 (id a): duplicate id, first used on line 1"),
        "{out}"
    );
    // Without the duplicate: exit 0.
    let two = input
        .split(|&b| b == b'\n')
        .take(3)
        .collect::<Vec<_>>()
        .join(&b'\n');
    let o = run("tintuc", &["check", "--corpus", "-"], &two);
    assert!(o.status.success(), "{o:?}");
}

#[test]
fn check_repairs_by_default_and_strict_rejects() {
    let input = b"{\"id\":\"a\",\"title\":\"Tin\",\"body\":\"M\\u000bN\\u001b\"}\n";
    let o = run("tintuc", &["check", "--corpus", "-"], input);
    assert!(o.status.success(), "{o:?}");
    let out = stdout(&o);
    assert!(
        out.contains("line 1: article a: field `body`: removed 1 control character"),
        "{out}"
    );
    assert!(out.contains("1 articles, 0 invalid"), "{out}");
    let o = run("tintuc", &["check", "--corpus", "-", "--strict"], input);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("needs repair"), "{}", stdout(&o));
}

#[test]
fn portal_writes_the_site_around_overlong_names() {
    let long_tag = "Phòng chống tội phạm và vi phạm pháp luật ".repeat(12);
    let long_cat = "Hoạt động của ngành kiểm sát nhân dân ".repeat(12);
    let lines = [
        serde_json::json!({"id": "a1", "title": "Tin một", "body": "Một.", "tags": [long_tag, "Thi đua"],
            "category": long_cat, "published": "17/8/2018"}),
        serde_json::json!({"id": "a2", "title": "Tin hai", "body": "Hai.\u{b}Ba.\u{1b}", "tags": [format!("{long_tag} khác")]}),
        serde_json::json!({"id": "a3", "title": "Tin ba", "body": "Bốn.", "slug": "x".repeat(300)}),
    ];
    let dir = std::env::temp_dir().join(format!("tintuc-cli-portal-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let corpus = dir.join("corpus.jsonl");
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(&corpus, text).unwrap();
    let out = dir.join("site");
    let o = run(
        "portal",
        &[
            "--corpus",
            corpus.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--now",
            "2018-12-21T12:00:00+07:00",
        ],
        b"",
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("field `body`: removed 1 control character"),
        "{err}"
    );
    // Every written name fits 255 bytes; the two long tags got two pages.
    let mut tag_dirs = 0;
    for e in walk(&out) {
        for c in e.strip_prefix(&out).unwrap().components() {
            assert!(c.as_os_str().len() <= 255, "{}", e.display());
        }
        if e.parent()
            .and_then(|p| p.parent())
            .is_some_and(|p| p.ends_with("the"))
        {
            tag_dirs += 1;
        }
    }
    assert_eq!(tag_dirs, 3, "one page per tag");
    assert!(out.join("tin/tin-mot.html").exists());
    assert!(out.join("tin/tin-hai.html").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

fn walk(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            v.extend(walk(&p));
        } else {
            v.push(p);
        }
    }
    v
}

/// Three articles citing the sample registry (`data/documents.jsonl`): one citation
/// resolves, one names no registered document, one states no year.
const CITING: &[u8] = "{\"id\":\"a\",\"title\":\"Thi đua\",\"body\":\"Thực hiện Kế hoạch số 08/KH-UBND ngày 22/01/2018 của UBND tỉnh Sóc Trăng về thi đua.\"}\n\
{\"id\":\"b\",\"title\":\"Quy chế\",\"body\":\"Theo Quyết định số 999/QĐ-UBND ngày 01/02/2018 của UBND tỉnh Sóc Trăng.\"}\n\
{\"id\":\"c\",\"title\":\"Kế hoạch\",\"body\":\"Các đơn vị thực hiện Kế hoạch số 08/KH-UBND.\"}\n"
    .as_bytes();

#[test]
fn check_documents_reports_citations_left_as_text() {
    let o = run(
        "tintuc",
        &[
            "check",
            "--corpus",
            "-",
            "--documents",
            "data/documents.jsonl",
        ],
        CITING,
    );
    // Citations left as text are reported, never a failure.
    assert!(o.status.success(), "{o:?}");
    let out = stdout(&o);
    assert!(
        out.contains("article b: citation 999/QĐ-UBND stays text: not in the registry"),
        "{out}"
    );
    assert!(
        out.contains("article c: citation 08/KH-UBND stays text: no year stated"),
        "{out}"
    );
    assert!(!out.contains("article a:"), "{out}");
    assert!(
        out.contains("0 invalid, 0 advisories; citations: 1 resolved, 2 left as text"),
        "{out}"
    );
}

#[test]
fn check_documents_fails_on_an_invalid_document_line() {
    let dir = std::env::temp_dir().join(format!("tintuc-cli-docs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let docs = dir.join("docs.jsonl");
    let sample = std::fs::read_to_string("data/documents.jsonl").expect("sample registry");
    std::fs::write(
        &docs,
        format!("{sample}{{\"id\":\"bad\",\"symbol\":\"KH-UBND\",\"kind\":\"Kế hoạch\"}}\n"),
    )
    .expect("write registry");
    let path = docs.to_str().expect("utf-8 path");
    let o = run(
        "tintuc",
        &["check", "--corpus", "-", "--documents", path],
        CITING,
    );
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    let out = stdout(&o);
    assert!(out.contains("1 invalid"), "{out}");
    assert!(out.contains("symbol"), "{out}");
}

#[test]
fn documents_prints_what_each_citation_resolved_to() {
    let o = run(
        "tintuc",
        &[
            "documents",
            "--corpus",
            "data/documents.jsonl",
            "--articles",
            "-",
        ],
        CITING,
    );
    assert!(o.status.success(), "{o:?}");
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    let first = &lines[0]["citations"][0];
    assert_eq!(first["number"], "08/KH-UBND");
    assert_eq!(first["status"], "resolved");
    assert_eq!(first["document"], "ubnd-st-2018-kh-08");
    assert_eq!(lines[1]["citations"][0]["status"], "unknown");
    assert_eq!(lines[2]["citations"][0]["status"], "unknown");
}
