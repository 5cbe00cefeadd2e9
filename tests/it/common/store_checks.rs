//! Checks shared by the database adapters' tests: writers on separate connections, and a
//! child process killed while it writes.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use tintuc::model::{Article, ArticleId, Block, Category, Slug, Status};
use tintuc::store::{ArticleStore, Filter, ListQuery, Revision, RevisionStore, StoreError};

fn tagged_article(n: usize) -> Article {
    let mut a = Article::new(
        ArticleId::new(format!("shared-{n}")).unwrap(),
        format!("Bài viết chung {n}"),
        Slug::new(format!("bai-viet-chung-{n}")).unwrap(),
    );
    a.body = vec![Block::paragraph("Nội dung.")];
    a.category = Category::from_name("Thời sự");
    a.status = Status::Published;
    a
}

/// 8 threads, each with its own store (so its own connections) on one database, update
/// the same 3 articles: every failed write must be a conflict, and the tags that
/// survive must be exactly those of the successful writes (no lost update), and the
/// history must hold every acknowledged write exactly once, in revision order, each
/// version being its predecessor plus the one tag its writer added (no lost version).
pub fn eight_writers<S: RevisionStore, F: Fn() -> S + Sync>(open: F) {
    let setup = open();
    for n in 0..3 {
        setup.put(&tagged_article(n), None).unwrap();
    }
    drop(setup);

    const WRITERS: usize = 8;
    const ROUNDS: usize = 40;
    let won: Mutex<BTreeMap<usize, BTreeSet<String>>> = Mutex::new(BTreeMap::new());
    // Per article: acknowledged revision -> the tag that write added.
    let acked: Mutex<BTreeMap<usize, BTreeMap<Revision, String>>> = Mutex::new(BTreeMap::new());
    let conflicts = AtomicUsize::new(0);
    let other_errors: Mutex<Vec<String>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for w in 0..WRITERS {
            let (open, won, acked, conflicts, other_errors) =
                (&open, &won, &acked, &conflicts, &other_errors);
            scope.spawn(move || {
                let store = open();
                for i in 0..ROUNDS {
                    let n = (w + i) % 3;
                    let id = tagged_article(n).id;
                    let cur = store.get(&id).unwrap().unwrap();
                    let mut next = cur.article.clone();
                    let tag = format!("w{w}-{i}");
                    next.tags.push(tag.clone());
                    match store.put_as(&next, Some(cur.revision), Some(&format!("writer {w}"))) {
                        Ok(r) => {
                            let dup = acked
                                .lock()
                                .unwrap()
                                .entry(n)
                                .or_default()
                                .insert(r, tag.clone());
                            assert!(dup.is_none(), "revision {r} acknowledged twice");
                            won.lock().unwrap().entry(n).or_default().insert(tag);
                        }
                        Err(StoreError::Conflict { .. }) => {
                            conflicts.fetch_add(1, Ordering::SeqCst);
                        }
                        Err(e) => other_errors.lock().unwrap().push(e.to_string()),
                    }
                }
            });
        }
    });
    let other_errors = other_errors.into_inner().unwrap();
    assert!(
        other_errors.is_empty(),
        "non-conflict errors: {other_errors:?}"
    );
    let won = won.into_inner().unwrap();
    let successes: usize = won.values().map(|s| s.len()).sum();
    let conflicts = conflicts.load(Ordering::SeqCst);
    assert_eq!(successes + conflicts, WRITERS * ROUNDS);
    let store = open();
    for n in 0..3 {
        let fin = store.get(&tagged_article(n).id).unwrap().unwrap();
        let survived: BTreeSet<String> = fin.article.tags.iter().cloned().collect();
        let expected = won.get(&n).cloned().unwrap_or_default();
        assert_eq!(survived, expected, "article {n}: lost or phantom update");
        assert_eq!(fin.revision.0, 1 + expected.len() as u64);
        // The tag table agrees with the JSON.
        for t in &expected {
            let listed = store.list(&ListQuery::new(Filter::Tag(t.clone()))).unwrap();
            assert_eq!(listed.total, 1, "tag {t}");
        }
        // Every acknowledged write is in the history, once, in order.
        let acked = acked.lock().unwrap().get(&n).cloned().unwrap_or_default();
        let history = store.revisions(&fin.article.id).unwrap();
        let listed: Vec<Revision> = history.iter().map(|i| i.revision).collect();
        let mut want = vec![Revision(1)];
        want.extend(acked.keys().copied());
        assert_eq!(
            listed, want,
            "article {n}: history differs from acknowledged writes"
        );
        let mut tags: Vec<String> = Vec::new();
        for info in history.iter().skip(1) {
            let v = store
                .revision(&fin.article.id, info.revision)
                .unwrap()
                .and_then(|r| r.article)
                .unwrap();
            tags.push(acked[&info.revision].clone());
            assert_eq!(v.tags, tags, "article {n} revision {}", info.revision);
            let w = acked[&info.revision]
                .split('-')
                .next()
                .unwrap()
                .trim_start_matches('w');
            assert_eq!(info.by.as_deref(), Some(format!("writer {w}").as_str()));
        }
    }
    println!("writers: {successes} successful updates, {conflicts} conflicts");
}

// ---------------------------------------------------------------------------------------
// Crash test: a child process writes in a loop and is killed with SIGKILL.

/// Environment variable naming the database the child writes to.
pub const CHILD_DB_ENV: &str = "TINTUC_CRASH_CHILD_DB";
/// Environment variable with the id prefix the child uses.
pub const CHILD_PREFIX_ENV: &str = "TINTUC_CRASH_CHILD_PREFIX";

/// The article the child writes under `id`: fully determined by the id and revision, so
/// the parent can check that whatever it finds is exactly what was written.
fn crash_article(id: &str, rev: u64) -> Article {
    let mut a = Article::new(
        ArticleId::new(id).unwrap(),
        format!("Bài {id} bản {rev}"),
        Slug::new(format!("bai-{}", id.to_ascii_lowercase())).unwrap(),
    );
    // ~100 KB per article, so a kill often lands inside a write.
    a.body = (0..50)
        .map(|p| Block::paragraph(format!("Đoạn {p} của bài {id}, bản {rev}. ").repeat(40)))
        .collect();
    a.tags = vec![format!("lo-{}", id.len() % 3), format!("ban-{rev}")];
    a.category = Category::from_name("Thử nghiệm");
    a.status = Status::Published;
    a
}

/// The child's loop: batches of 10 inserts plus one update of a "counter" article,
/// printing `COMMITTED <id> <revision>` after each commit. Runs until killed.
pub fn child_loop<S: ArticleStore>(store: S, prefix: &str) {
    let counter = format!("{prefix}-counter");
    let mut counter_rev = store
        .get(&ArticleId::new(&counter).unwrap())
        .unwrap()
        .map(|s| s.revision);
    let out = std::io::stdout();
    for batch in 0.. {
        for j in 0..10 {
            let id = format!("{prefix}-{batch}-{j}");
            store.put(&crash_article(&id, 1), None).unwrap();
            let mut o = out.lock();
            writeln!(o, "COMMITTED {id} 1").unwrap();
            o.flush().unwrap();
        }
        let next = counter_rev.map_or(1, |r| r.0 + 1);
        let r = store
            .put(&crash_article(&counter, next), counter_rev)
            .unwrap();
        assert_eq!(r.0, next);
        counter_rev = Some(r);
        let mut o = out.lock();
        writeln!(o, "COMMITTED {counter} {next}").unwrap();
        o.flush().unwrap();
    }
}

fn parse_committed(line: &str) -> Option<(String, u64)> {
    // libtest may print "test <name> ... " before the child's first line.
    let rest = line.trim().split("COMMITTED ").nth(1)?;
    let (id, rev) = rest.split_once(' ')?;
    Some((id.to_string(), rev.parse().ok()?))
}

/// Re-executes this test binary running only `child_test` (an ignored test that calls
/// [`child_loop`]), waits for `after_lines` commits, waits `extra_delay`, SIGKILLs it and
/// returns every commit it reported.
fn run_and_kill(
    child_test: &str,
    db: &str,
    prefix: &str,
    after_lines: usize,
    extra_delay: Duration,
) -> Vec<(String, u64)> {
    let exe = std::env::current_exe().unwrap();
    let mut child = Command::new(exe)
        .args([
            "--ignored",
            "--exact",
            child_test,
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_DB_ENV, db)
        .env(CHILD_PREFIX_ENV, prefix)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut committed = Vec::new();
    let mut line = String::new();
    let deadline = Instant::now() + Duration::from_secs(120);
    while committed.len() < after_lines {
        line.clear();
        let n = reader.read_line(&mut line).unwrap();
        assert!(
            n > 0,
            "child exited early after {} commits",
            committed.len()
        );
        assert!(Instant::now() < deadline, "child too slow");
        committed.extend(parse_committed(&line));
    }
    std::thread::sleep(extra_delay);
    child.kill().unwrap(); // SIGKILL on Unix: no destructors, no rollback by the child
    let status = child.wait().unwrap();
    assert!(!status.success(), "child was not killed");
    // Lines the child printed before dying are commits too.
    for line in reader.lines() {
        committed.extend(parse_committed(&line.unwrap()));
    }
    committed
}

/// Kills a writing child 5 times at different points; after each kill, `check_db` runs
/// (e.g. SQLite's integrity check) and the store reopened with `open` must hold every
/// reported commit intact, and nothing that is not exactly what the child wrote.
pub fn killed_writer<S: ArticleStore>(
    child_test: &str,
    db: &str,
    open: impl Fn() -> S,
    check_db: impl Fn(),
) {
    let mut reported: BTreeMap<String, u64> = BTreeMap::new();
    for (round, (lines, delay_ms)) in [(15, 0), (23, 3), (31, 7), (12, 11), (27, 1)]
        .into_iter()
        .enumerate()
    {
        let prefix = format!("r{round}");
        let got = run_and_kill(
            child_test,
            db,
            &prefix,
            lines,
            Duration::from_millis(delay_ms),
        );
        for (id, rev) in got {
            let e = reported.entry(id).or_insert(0);
            *e = (*e).max(rev);
        }
        check_db();

        let store = open();
        // Every reported commit is there, at the reported revision or one more (a commit
        // that landed just before the kill, unprinted), and intact.
        for (id, rev) in &reported {
            let got = store
                .get(&ArticleId::new(id.as_str()).unwrap())
                .unwrap()
                .unwrap_or_else(|| panic!("committed article {id} lost"));
            assert!(got.revision.0 >= *rev, "{id}: revision went back");
            assert!(got.revision.0 <= *rev + 1, "{id}: revision from nowhere");
            assert_eq!(
                got.article,
                crash_article(id, got.revision.0),
                "{id} damaged"
            );
        }
        // Nothing half-written: every stored article is exactly one the child wrote, at
        // most one commit per kill beyond what was reported, and the tag table agrees.
        let mut unreported = 0;
        let mut tag_rows = 0;
        for item in tintuc::store::ScanIter::new(&store) {
            let s = item.unwrap();
            let id = s.article.id.as_str().to_string();
            assert_eq!(
                s.article,
                crash_article(&id, s.revision.0),
                "{id} half-written"
            );
            if reported.get(&id).is_none_or(|r| *r < s.revision.0) {
                unreported += 1;
            }
            tag_rows += s.article.tags.len();
        }
        assert!(unreported <= round + 1, "{unreported} unreported commits");
        let mut listed = 0;
        for t in ["lo-0", "lo-1", "lo-2"] {
            listed += store
                .list(&ListQuery::new(Filter::Tag(t.into())).per_page(1))
                .unwrap()
                .total;
        }
        for r in 1..=64 {
            listed += store
                .list(&ListQuery::new(Filter::Tag(format!("ban-{r}"))).per_page(1))
                .unwrap()
                .total;
        }
        assert_eq!(listed, tag_rows, "tag table out of step with articles");
        println!(
            "round {round}: {} reported commits so far, {unreported} committed but unreported",
            reported.len()
        );
    }
    assert!(
        reported.len() > 50,
        "only {} commits observed",
        reported.len()
    );
}
