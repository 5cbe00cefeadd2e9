//! The portal run end to end on the bundled sample: a second run into the same folder
//! rewrites only the files whose bytes change and removes the pages of articles that
//! are gone, never a file the portal did not write.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::output::{relative_file, MANIFEST};
use super::{run, Args, PortalUrls};
use tintuc::render::UrlScheme;

fn args(corpus: &Path, out: &Path) -> Args {
    Args {
        corpus: Some(corpus.to_string_lossy().into_owned()),
        out: out.to_path_buf(),
        base_url: "https://vksndsoctrang.example.vn".into(),
        site_name: "Cổng thử".into(),
        per_page: 2,
        now: Some("2018-12-21T12:00:00+07:00".parse().unwrap()),
        documents: None,
        search_url: None,
        absolute_links: false,
        search_demo: None,
    }
}

/// Every file under `dir` but the manifest (relative path → bytes and modification
/// time).
fn files(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
    let mut all = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.file_name().is_some_and(|n| n != MANIFEST) {
                let m = fs::metadata(&p).unwrap().modified().unwrap();
                all.insert(
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    (fs::read(&p).unwrap(), m),
                );
            }
        }
    }
    all
}

/// Sets every file's modification time to `t`.
fn age(dir: &Path, t: SystemTime) {
    for rel in files(dir).keys() {
        let f = fs::File::options().write(true).open(dir.join(rel)).unwrap();
        f.set_modified(t).unwrap();
    }
}

#[test]
fn a_second_run_rewrites_only_changed_files_and_removes_gone_articles() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus.jsonl");
    let out = tmp.path().join("out");
    let lines: Vec<serde_json::Value> = tintuc::import::SAMPLE_JSONL
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let write_corpus = |lines: &[serde_json::Value]| {
        let text: Vec<String> = lines.iter().map(|v| v.to_string()).collect();
        fs::write(&corpus, text.join("\n")).unwrap();
    };
    write_corpus(&lines);
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join("ghi-chu.txt"), "not the portal's").unwrap();
    run(args(&corpus, &out)).unwrap();
    let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    age(&out, old);

    // The same input: nothing is written again.
    run(args(&corpus, &out)).unwrap();
    let first = files(&out);
    assert!(first.len() > 30, "{} files", first.len());
    let touched: Vec<_> = first.iter().filter(|(_, f)| f.1 != old).collect();
    assert!(
        touched.is_empty(),
        "rewritten with the same bytes: {:?}",
        touched.iter().map(|x| x.0).collect::<Vec<_>>()
    );

    // One article's body changes, another is gone.
    let sample: Vec<_> = tintuc::import::sample_articles()
        .unwrap()
        .into_iter()
        .filter(|a| a.status == tintuc::model::Status::Published)
        .collect();
    let (gone, changed) = (&sample[3], &sample[5]);
    let mut edited = Vec::new();
    for v in &lines {
        let id = v["id"].as_str().unwrap();
        if id == gone.id.as_str() {
            continue;
        }
        let mut v = v.clone();
        if id == changed.id.as_str() {
            v["body"] = serde_json::json!([{"type": "paragraph", "text": "Nội dung mới của bài."}]);
        }
        edited.push(v);
    }
    write_corpus(&edited);
    run(args(&corpus, &out)).unwrap();
    let second = files(&out);

    let gone_page = PathBuf::from(relative_file(&PortalUrls.article(gone)).unwrap());
    let changed_page = PathBuf::from(relative_file(&PortalUrls.article(changed)).unwrap());
    assert!(first.contains_key(&gone_page));
    assert!(
        !second.contains_key(&gone_page),
        "{} is still there",
        gone_page.display()
    );
    assert_ne!(second[&changed_page].1, old);
    assert!(!fs::read_to_string(out.join(MANIFEST))
        .unwrap()
        .contains(gone_page.to_str().unwrap()));
    // A file is rewritten exactly when its bytes changed.
    let (mut same, mut rewritten) = (0, 0);
    for (rel, (bytes, modified)) in &second {
        match first.get(rel) {
            Some((before, _)) if before == bytes => {
                assert_eq!(
                    *modified,
                    old,
                    "{} rewritten with the same bytes",
                    rel.display()
                );
                same += 1;
            }
            _ => {
                assert_ne!(
                    *modified,
                    old,
                    "{} changed but kept its time",
                    rel.display()
                );
                rewritten += 1;
            }
        }
    }
    assert!(
        same > 0 && rewritten > 0,
        "{same} unchanged, {rewritten} rewritten"
    );
    // A file the portal did not write stays.
    assert_eq!(
        fs::read_to_string(out.join("ghi-chu.txt")).unwrap(),
        "not the portal's"
    );
}

#[test]
fn a_manifest_entry_outside_the_folder_is_never_removed() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    fs::create_dir_all(&out).unwrap();
    let outside = tmp.path().join("keep.txt");
    fs::write(&outside, "x").unwrap();
    fs::write(
        out.join(MANIFEST),
        "0000000000000000 1 0 ../keep.txt\n0000000000000000 1 0 /etc/hostname\n",
    )
    .unwrap();
    let mut w = super::output::Output::new(&out).unwrap();
    w.write(&"/a.html".parse().unwrap(), b"a").unwrap();
    w.finish().unwrap();
    assert!(outside.exists());
    assert_eq!(w.removed, 0);
    let manifest = fs::read_to_string(out.join(MANIFEST)).unwrap();
    assert!(
        manifest.ends_with(" a.html\n") && manifest.lines().count() == 1,
        "{manifest}"
    );
}

#[test]
fn a_file_changed_by_hand_is_written_again() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let link = "/tin/a.html".parse().unwrap();
    let mut w = super::output::Output::new(&out).unwrap();
    w.write(&link, b"<p>Tin</p>").unwrap();
    w.finish().unwrap();
    // same length, other bytes, other time: the manifest's hash no longer speaks for it
    fs::write(out.join("tin/a.html"), b"<p>Tjn</p>").unwrap();
    let f = fs::File::options()
        .write(true)
        .open(out.join("tin/a.html"))
        .unwrap();
    f.set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000))
        .unwrap();
    let mut w = super::output::Output::new(&out).unwrap();
    w.write(&link, b"<p>Tin</p>").unwrap();
    w.finish().unwrap();
    assert_eq!(w.rewritten, 1);
    assert_eq!(fs::read(out.join("tin/a.html")).unwrap(), b"<p>Tin</p>");
    // and a third run with nothing changed writes nothing
    let mut w = super::output::Output::new(&out).unwrap();
    w.write(&link, b"<p>Tin</p>").unwrap();
    w.finish().unwrap();
    assert_eq!(w.rewritten, 0);
}

/// The `href` and `src` values of an HTML page.
fn link_values(html: &str) -> Vec<&str> {
    let mut v = Vec::new();
    for attr in [" href=\"", " src=\""] {
        for (i, _) in html.match_indices(attr) {
            let rest = &html[i + attr.len()..];
            v.push(&rest[..rest.find('"').unwrap()]);
        }
    }
    v
}

#[test]
fn by_default_every_link_between_pages_leads_to_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let mut a = args(Path::new(""), &out);
    a.corpus = None; // the bundled sample, with its images and documents
    run(a).unwrap();
    let (mut local, mut pages) = (0, 0);
    for (rel, (bytes, _)) in files(&out) {
        if rel.extension().and_then(|e| e.to_str()) != Some("html") {
            continue;
        }
        pages += 1;
        let html = String::from_utf8(bytes).unwrap();
        let dir = out.join(&rel).parent().unwrap().to_path_buf();
        for link in link_values(&html) {
            if link.starts_with("https://") || link.starts_with("http://") || link.starts_with('#')
            {
                continue;
            }
            assert!(
                !link.starts_with('/'),
                "{}: site-relative {link}",
                rel.display()
            );
            let file = link.split(['#', '?']).next().unwrap();
            // the sample registry's attachments (files/van-ban/…) are not shipped
            if file.starts_with("../files/") {
                continue;
            }
            assert!(
                dir.join(file).is_file(),
                "{}: {link} leads to no file",
                rel.display()
            );
            local += 1;
        }
    }
    assert!(
        pages > 50 && local > 1000,
        "{pages} pages, {local} local links"
    );
}

/// A scheduled article is left out until its time; the next transition is written for
/// the host's timer, and removed when nothing more is due.
#[test]
fn a_scheduled_article_appears_at_its_time_and_the_next_transition_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus.jsonl");
    let out = tmp.path().join("out");
    let mut lines: Vec<serde_json::Value> = tintuc::import::SAMPLE_JSONL
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut later = lines[0].clone();
    later["id"] = "hen-gio-1".into();
    later["slug"] = "bai-hen-gio".into();
    later["title"] = "Bài hẹn giờ đăng".into();
    later["status"] = "scheduled".into();
    later["published"] = "2018-12-22T10:00:00+07:00".into();
    later["updated"] = serde_json::Value::Null;
    lines.push(later);
    let text: Vec<String> = lines.iter().map(|v| v.to_string()).collect();
    fs::write(&corpus, text.join("\n")).unwrap();
    let page = |out: &Path| {
        let mut a = tintuc::model::Article::new(
            "hen-gio-1".parse().unwrap(),
            "Bài hẹn giờ đăng".into(),
            "bai-hen-gio".parse().unwrap(),
        );
        a.category = serde_json::from_value(lines[0]["category"].clone()).ok();
        out.join(relative_file(&PortalUrls.article(&a)).unwrap())
    };
    let next = out.join(super::NEXT_TRANSITION_FILE);

    let mut before = args(&corpus, &out);
    before.now = Some("2018-12-22T09:59:59+07:00".parse().unwrap());
    run(before).unwrap();
    assert!(
        !page(&out).exists(),
        "{} exists early",
        page(&out).display()
    );
    assert_eq!(
        fs::read_to_string(&next).unwrap(),
        "2018-12-22T10:00:00+07:00\n"
    );
    let sitemap = fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("bai-hen-gio"));

    let mut at = args(&corpus, &out);
    at.now = Some("2018-12-22T10:00:00+07:00".parse().unwrap());
    run(at).unwrap();
    assert!(
        page(&out).exists(),
        "{} missing on time",
        page(&out).display()
    );
    let sitemap = fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("bai-hen-gio"));
    let rss = fs::read_to_string(out.join("rss.xml")).unwrap();
    assert!(rss.contains("Bài hẹn giờ đăng"));
    assert!(!next.exists(), "nothing more is due");
}
