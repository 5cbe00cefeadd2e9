//! A conformance suite for [`RevisionStore`] implementations: history kept on every
//! write, failed writes never recorded, restore, and no version lost under 8
//! concurrent writers.
//!
//! Each check gets a fresh, empty store from your factory; failures are collected into
//! the same [`Report`] as [`conformance::run`](super::conformance::run).
//!
//! ```
//! use tintuc::store::{revision_conformance, MemoryStore};
//! let report = revision_conformance::run(MemoryStore::new);
//! assert!(report.failures.is_empty(), "{report}");
//! ```

use std::collections::BTreeMap;
use std::sync::Mutex;

use super::conformance::Report;
use super::{Revision, RevisionStore, StoreError, MAX_EDITOR_LEN};
use crate::model::{Article, ArticleId, Block, Slug, Status};

type CheckResult = Result<(), String>;
type Check<S> = (&'static str, fn(&S) -> CheckResult);

macro_rules! ensure {
    ($cond:expr, $($fmt:tt)*) => {
        if !$cond {
            return Err(format!($($fmt)*));
        }
    };
}

fn e2s(e: impl std::fmt::Display) -> String {
    e.to_string()
}

fn article(n: u32) -> Result<Article, String> {
    let id = ArticleId::new(format!("rev-{n}")).map_err(e2s)?;
    let slug = Slug::new(format!("bai-lich-su-{n}")).map_err(e2s)?;
    let mut a = Article::new(id, format!("Bài có lịch sử {n}"), slug);
    a.body = vec![
        Block::paragraph("Đoạn mở đầu."),
        Block::paragraph("Đoạn kết."),
    ];
    Ok(a)
}

fn check_history_records_writes<S: RevisionStore>(s: &S) -> CheckResult {
    let mut a = article(1)?;
    let r1 = s.put_as(&a, None, Some("Lan")).map_err(e2s)?;
    let v1 = a.clone();
    a.title = "Bài có lịch sử, sửa tiêu đề".into();
    let r2 = s.put_as(&a, Some(r1), Some("Minh")).map_err(e2s)?;
    let v2 = a.clone();
    a.body.push(Block::paragraph("Đoạn thêm."));
    a.tags.push("lịch sử".into());
    a.status = Status::InReview;
    let r3 = s.put(&a, Some(r2)).map_err(e2s)?;
    let r4 = s.delete_as(&a.id, Some(r3), Some("An")).map_err(e2s)?;
    let r5 = s.put_as(&v1, None, Some("Lan")).map_err(e2s)?;
    let revs = [r1, r2, r3, r4, r5];
    ensure!(
        revs.windows(2).all(|w| w[1].0 == w[0].0 + 1),
        "revisions {revs:?} are not consecutive (numbers must continue across a delete)"
    );
    let current = s
        .get(&a.id)
        .map_err(e2s)?
        .ok_or("re-inserted article missing")?;
    ensure!(
        current.revision == r5,
        "current revision {} != {r5}",
        current.revision
    );

    let h = s.revisions(&a.id).map_err(e2s)?;
    let listed: Vec<Revision> = h.iter().map(|i| i.revision).collect();
    ensure!(listed == revs, "history lists {listed:?}, wrote {revs:?}");
    let by: Vec<Option<&str>> = h.iter().map(|i| i.by.as_deref()).collect();
    ensure!(
        by == [Some("Lan"), Some("Minh"), None, Some("An"), Some("Lan")],
        "editors {by:?}"
    );
    ensure!(
        h[1].changed == ["title"],
        "update 2 changed {:?}",
        h[1].changed
    );
    ensure!(
        h[2].changed == ["body", "status", "tags"],
        "update 3 changed {:?}",
        h[2].changed
    );
    ensure!(
        h[0].changed.iter().any(|f| f == "title") && !h[0].deleted,
        "insert entry {:?}",
        h[0]
    );
    ensure!(
        h[3].deleted && !h[4].deleted,
        "tombstone flags wrong: {h:?}"
    );
    ensure!(
        h.windows(2).all(|w| w[0].at <= w[1].at),
        "history times go backwards"
    );
    let statuses: Vec<Option<Status>> = h.iter().map(|i| i.status).collect();
    ensure!(
        statuses
            == [
                Some(Status::Draft),
                Some(Status::Draft),
                Some(Status::InReview),
                None,
                Some(Status::Draft)
            ],
        "statuses recorded {statuses:?}"
    );
    let log: Vec<_> = s
        .status_changes(&a.id)
        .map_err(e2s)?
        .into_iter()
        .map(|c| (c.revision, c.by, c.from, c.to))
        .collect();
    let (lan, an) = (Some("Lan".to_string()), Some("An".to_string()));
    let want = [
        (r1, lan.clone(), None, Some(Status::Draft)),
        (r3, None, Some(Status::Draft), Some(Status::InReview)),
        (r4, an, Some(Status::InReview), None),
        (r5, lan, None, Some(Status::Draft)),
    ];
    ensure!(log == want, "status changes {log:?}, want {want:?}");
    // The site-wide log: the same changes, newest first, with the article named; and
    // another article's creation, the newest of all.
    let other = article(2)?;
    let r_other = s.put_as(&other, None, Some("Minh")).map_err(e2s)?;
    let recent: Vec<_> = s
        .recent_status_changes(10)
        .map_err(e2s)?
        .into_iter()
        .map(|c| (c.article, c.revision, c.from, c.to))
        .collect();
    let mut want_recent = vec![(other.id.clone(), r_other, None, Some(Status::Draft))];
    want_recent.extend(
        want.iter()
            .rev()
            .map(|(r, _, from, to)| (a.id.clone(), *r, *from, *to)),
    );
    ensure!(
        recent == want_recent,
        "recent status changes {recent:?}, want {want_recent:?}"
    );
    let two = s.recent_status_changes(2).map_err(e2s)?;
    ensure!(
        two.len() == 2 && two[1].revision == r5 && two[1].article == a.id,
        "the 2 most recent changes: {two:?}"
    );

    let get = |r: Revision| s.revision(&a.id, r).map_err(e2s);
    let got1 = get(r1)?.ok_or("revision 1 missing")?;
    ensure!(
        got1.article.as_ref() == Some(&v1),
        "revision 1 reads back differently"
    );
    ensure!(
        got1.info == h[0],
        "revision 1's entry differs from the listing"
    );
    let got2 = get(r2)?.ok_or("revision 2 missing")?;
    ensure!(
        got2.article.as_ref() == Some(&v2),
        "revision 2 reads back differently"
    );
    let got3 = get(r3)?.ok_or("revision 3 missing")?;
    ensure!(
        got3.article.as_ref() == Some(&a),
        "revision 3 reads back differently"
    );
    let tomb = get(r4)?.ok_or("tombstone missing")?;
    ensure!(tomb.article.is_none(), "tombstone holds an article");
    ensure!(
        get(Revision(r5.0 + 1))?.is_none(),
        "a future revision exists"
    );
    let other = ArticleId::new("khong-co").map_err(e2s)?;
    ensure!(
        s.revisions(&other).map_err(e2s)?.is_empty(),
        "an unknown id has history"
    );
    Ok(())
}

fn check_creator<S: RevisionStore>(s: &S) -> CheckResult {
    let a = article(6)?;
    let r1 = s.put_as(&a, None, Some("Lan")).map_err(e2s)?;
    let r2 = s.put_as(&a, Some(r1), Some("Minh")).map_err(e2s)?;
    let r3 = s.put(&a, Some(r2)).map_err(e2s)?;
    let r4 = s.delete_as(&a.id, Some(r3), Some("An")).map_err(e2s)?;
    let r5 = s.put(&a, None).map_err(e2s)?;
    let r6 = s.put_as(&a, Some(r5), Some("Lan")).map_err(e2s)?;
    let r7 = s.delete_as(&a.id, Some(r6), None).map_err(e2s)?;
    let r8 = s.put_as(&a, None, Some("Hoa")).map_err(e2s)?;
    let lan = Some("Lan".to_string());
    let want = [
        (Revision(0), None),
        (r1, lan.clone()),
        (r2, lan.clone()),
        (r3, lan),
        (r4, None),
        // Re-created without an editor: the later editor is not its creator.
        (r5, None),
        (r6, None),
        (r7, None),
        (r8, Some("Hoa".to_string())),
        (Revision(u64::MAX), Some("Hoa".to_string())),
    ];
    let history = s.revisions(&a.id).map_err(e2s)?;
    for (rev, who) in want {
        let got = s.creator(&a.id, rev).map_err(e2s)?;
        ensure!(got == who, "creator as of {rev}: {got:?}, expected {who:?}");
        let from_history = super::revisions::created_by(&history, |r| r, rev);
        ensure!(
            from_history == who,
            "created_by as of {rev}: {from_history:?}, expected {who:?}"
        );
    }
    let other = article(7)?.id;
    ensure!(
        s.creator(&other, Revision(1)).map_err(e2s)?.is_none(),
        "an unknown id has a creator"
    );
    Ok(())
}

fn check_failed_writes_not_recorded<S: RevisionStore>(s: &S) -> CheckResult {
    let a = article(2)?;
    let r1 = s.put(&a, None).map_err(e2s)?;
    let mut b = article(3)?;
    s.put(&b, None).map_err(e2s)?;
    // Stale revision, duplicate insert, slug taken, invalid article, invalid editor.
    ensure!(
        matches!(
            s.put(&a, Some(Revision(r1.0 + 7))),
            Err(StoreError::Conflict { .. })
        ),
        "stale put accepted"
    );
    ensure!(
        matches!(s.put(&a, None), Err(StoreError::Conflict { .. })),
        "duplicate insert accepted"
    );
    b.slug = a.slug.clone();
    ensure!(
        matches!(s.put(&b, Some(r1)), Err(StoreError::SlugTaken { .. })),
        "slug theft accepted"
    );
    let mut bad = a.clone();
    bad.title = " ".into();
    ensure!(
        matches!(s.put(&bad, Some(r1)), Err(StoreError::Invalid(_))),
        "invalid article accepted"
    );
    let long = "x".repeat(MAX_EDITOR_LEN + 1);
    for editor in [long.as_str(), "Lan\nMinh"] {
        ensure!(
            matches!(
                s.put_as(&a, Some(r1), Some(editor)),
                Err(StoreError::InvalidEditor { .. })
            ),
            "editor {editor:?} accepted"
        );
    }
    ensure!(
        matches!(
            s.delete(&a.id, Some(Revision(r1.0 + 3))),
            Err(StoreError::Conflict { .. })
        ),
        "stale delete accepted"
    );
    let h = s.revisions(&a.id).map_err(e2s)?;
    ensure!(h.len() == 1, "failed writes were recorded: {h:?}");
    ensure!(
        s.revisions(&b.id).map_err(e2s)?.len() == 1,
        "the slug thief's failed write was recorded"
    );
    Ok(())
}

fn check_restore<S: RevisionStore>(s: &S) -> CheckResult {
    let mut a = article(4)?;
    let v1 = a.clone();
    let r1 = s.put(&a, None).map_err(e2s)?;
    a.body.remove(0);
    let r2 = s.put(&a, Some(r1)).map_err(e2s)?;
    ensure!(
        matches!(
            s.restore(&a.id, r1, Some(Revision(r2.0 + 1)), None),
            Err(StoreError::Conflict { .. })
        ),
        "restore with a stale revision accepted"
    );
    let r3 = s.restore(&a.id, r1, Some(r2), Some("Lan")).map_err(e2s)?;
    ensure!(r3.0 == r2.0 + 1, "restore gave revision {r3} after {r2}");
    let cur = s
        .get(&a.id)
        .map_err(e2s)?
        .ok_or("restored article missing")?;
    ensure!(
        cur.article == v1 && cur.revision == r3,
        "restore wrote {cur:?}"
    );
    let h = s.revisions(&a.id).map_err(e2s)?;
    ensure!(
        h.len() == 3,
        "history after restore has {} entries",
        h.len()
    );
    ensure!(
        h[2].changed == ["body"],
        "restore changed {:?}",
        h[2].changed
    );
    ensure!(
        h[2].by.as_deref() == Some("Lan"),
        "restore editor {:?}",
        h[2].by
    );

    let r4 = s.delete_as(&a.id, None, None).map_err(e2s)?;
    ensure!(
        matches!(
            s.restore(&a.id, r4, None, None),
            Err(StoreError::RevisionNotFound { .. })
        ),
        "restoring a tombstone accepted"
    );
    ensure!(
        matches!(
            s.restore(&a.id, Revision(99), None, None),
            Err(StoreError::RevisionNotFound { .. })
        ),
        "restoring a missing revision accepted"
    );
    // Restoring a deleted article brings it back.
    let r5 = s.restore(&a.id, r2, None, None).map_err(e2s)?;
    let cur = s
        .get(&a.id)
        .map_err(e2s)?
        .ok_or("undeleted article missing")?;
    ensure!(
        cur.revision == r5 && cur.article == a,
        "undelete wrote {cur:?}"
    );
    Ok(())
}

fn check_concurrent_writers_keep_every_version<S: RevisionStore>(s: &S) -> CheckResult {
    const WRITERS: usize = 8;
    const ROUNDS: usize = 25;
    let a = article(5)?;
    let first = s.put(&a, None).map_err(e2s)?;
    // Acknowledged writes: revision -> the tag that write added.
    let won: Mutex<BTreeMap<Revision, String>> = Mutex::new(BTreeMap::new());
    let errors: Mutex<Vec<String>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for w in 0..WRITERS {
            let (won, errors, id) = (&won, &errors, &a.id);
            scope.spawn(move || {
                for i in 0..ROUNDS {
                    let cur = match s.get(id) {
                        Ok(Some(c)) => c,
                        other => {
                            errors
                                .lock()
                                .map(|mut e| e.push(format!("read {other:?}")))
                                .ok();
                            return;
                        }
                    };
                    let mut next = cur.article;
                    let tag = format!("w{w}-{i}");
                    next.tags.push(tag.clone());
                    match s.put_as(&next, Some(cur.revision), Some(&format!("writer {w}"))) {
                        Ok(r) => {
                            if let Ok(mut m) = won.lock() {
                                if let Some(dup) = m.insert(r, tag) {
                                    drop(m);
                                    errors
                                        .lock()
                                        .map(|mut e| {
                                            e.push(format!("revision {r} given twice ({dup})"))
                                        })
                                        .ok();
                                }
                            }
                        }
                        Err(StoreError::Conflict { .. }) => {}
                        Err(e) => {
                            errors.lock().map(|mut v| v.push(e.to_string())).ok();
                        }
                    }
                }
            });
        }
    });
    let errors = errors.into_inner().map_err(e2s)?;
    ensure!(errors.is_empty(), "writer errors: {errors:?}");
    let won = won.into_inner().map_err(e2s)?;
    let h = s.revisions(&a.id).map_err(e2s)?;
    ensure!(
        h.len() == 1 + won.len(),
        "history has {} entries for 1 insert + {} acknowledged updates",
        h.len(),
        won.len()
    );
    ensure!(
        h.first().map(|i| i.revision) == Some(first),
        "history starts at {:?}",
        h.first()
    );
    ensure!(
        h.windows(2).all(|w| w[1].revision.0 == w[0].revision.0 + 1),
        "history revisions are not consecutive"
    );
    let mut prev_tags: Vec<String> = Vec::new();
    for info in h.iter().skip(1) {
        let tag = won.get(&info.revision).ok_or_else(|| {
            format!(
                "revision {} in history was never acknowledged",
                info.revision
            )
        })?;
        let v = s
            .revision(&a.id, info.revision)
            .map_err(e2s)?
            .and_then(|r| r.article)
            .ok_or_else(|| format!("revision {} unreadable", info.revision))?;
        // Each version is its predecessor plus exactly the tag its writer added.
        let mut expected = prev_tags.clone();
        expected.push(tag.clone());
        ensure!(
            v.tags == expected,
            "revision {} has tags {:?}, expected {:?}",
            info.revision,
            v.tags,
            expected
        );
        ensure!(
            info.changed == ["tags"],
            "revision {} changed {:?}",
            info.revision,
            info.changed
        );
        prev_tags = v.tags;
    }
    Ok(())
}

/// Runs every check, each on a fresh store from `make`.
pub fn run<S: RevisionStore, F: FnMut() -> S>(mut make: F) -> Report {
    let checks: [Check<S>; 5] = [
        ("history_records_writes", check_history_records_writes::<S>),
        ("creator", check_creator::<S>),
        (
            "failed_writes_not_recorded",
            check_failed_writes_not_recorded::<S>,
        ),
        ("restore", check_restore::<S>),
        (
            "concurrent_writers_keep_every_version",
            check_concurrent_writers_keep_every_version::<S>,
        ),
    ];
    let mut report = Report::default();
    for (name, check) in checks {
        let store = make();
        match check(&store) {
            Ok(()) => report.passed.push(name),
            Err(why) => report.failures.push((name, why)),
        }
    }
    report
}
