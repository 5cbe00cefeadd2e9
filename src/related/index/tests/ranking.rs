//! Ranking behaviour: what a reader sees in "Tin liên quan".

use super::*;

#[test]
fn text_similarity_ranks_topic_first() {
    let c = corpus();
    let index = Index::build(&c, Config::default());
    let r = index.related(&c[0].id, &top(3));
    assert_eq!(r[0].id.as_str(), "a2");
    assert!(r[0].why.text > 0.0);
    assert!(r[0]
        .why
        .shared_terms
        .iter()
        .any(|t| t == "thi đua" || t == "khen thưởng"));
    let r = index.related(&c[4].id, &top(1));
    assert_eq!(r[0].id.as_str(), "a6");
    assert!(r.iter().all(|x| x.id != c[4].id));
}

#[test]
fn term_frequency_saturates_like_bm25() {
    // one mention counts once either way; repetitions add ever less, below k1 + 1
    assert_eq!(sublinear(1.0, 1.2), 1.0);
    assert!((sublinear(2.0, 1.2) - 2.0 * 2.2 / 3.2).abs() < 1e-6);
    assert!(sublinear(1e6, 1.2) < 2.2 && sublinear(1e6, 1.2) > 2.19);
    let mut prev = 0.0;
    for tf in 1..50 {
        let x = sublinear(tf as f32, 1.2);
        assert!(x > prev);
        prev = x;
    }
    // 0 is the logarithmic factor 1 + ln tf
    assert_eq!(sublinear(1.0, 0.0), 1.0);
    assert!((sublinear(10.0, 0.0) - (1.0 + 10f32.ln())).abs() < 1e-6);
    assert_eq!(sublinear(0.5, 0.0), 0.5);
    assert_eq!(sublinear(-1.0, 1.2), 0.0);
    // saturation flattens an article's vector: a term said ten times does not
    // outweigh a term said once by 1 + ln 10 (x3.3), only by x1.96
    let body = format!("{} hội nghị.", "thi đua ".repeat(10));
    let mut c = corpus();
    c.push(art("a7", "Một bài khác", &body));
    let weight_ratio = |config: Config| {
        let index = Index::build(&c, config);
        let inner = index.inner();
        let d = inner.doc(inner.slot_of(&c[6].id).unwrap()).unwrap();
        let v = decode(&d.vec, d.scale);
        let w = |t: &str| {
            let id = inner.term_id(t).unwrap();
            v.iter().find(|x| x.term == id).unwrap().weight
        };
        // the same IDFs in both configurations: only the tf factor differs
        w("đua") / w("nghị")
    };
    let log = weight_ratio(Config {
        tf_saturation: 0.0,
        ..Config::default()
    });
    let bm25 = weight_ratio(Config::default());
    assert!(bm25 < log, "{bm25} !< {log}");
}

#[test]
fn short_candidates_are_damped_by_their_length() {
    let c = Config::default();
    assert_eq!(length_factor(240, &c), 1.0);
    assert_eq!(length_factor(500, &c), 1.0);
    assert!((length_factor(30, &c) - 0.125f32.powf(0.25)).abs() < 1e-6);
    assert!(length_factor(10, &c) < length_factor(30, &c));
    let off = Config {
        length_exponent: 0.0,
        ..Config::default()
    };
    assert_eq!(length_factor(3, &off), 1.0);
    // the explained text part is the cosine times the factor of the candidate's
    // stored term count; without damping the same candidates' texts are larger
    let articles = corpus();
    let flat = Index::build(&articles, off);
    let damped = Index::build(&articles, Config::default());
    let mut checked = 0;
    for q in &articles {
        let a = flat.related(&q.id, &top(5));
        for x in damped.related(&q.id, &top(5)) {
            let inner = damped.inner();
            let d = inner.doc(inner.slot_of(&x.id).unwrap()).unwrap();
            let n = decode(&d.vec, d.scale).len();
            assert!(n < 240);
            if let Some(y) = a.iter().find(|y| y.id == x.id) {
                let want = y.why.text * length_factor(n, &c);
                assert!((x.why.text - want).abs() < 1e-6, "{} vs {want}", x.why.text);
                assert!(x.why.text < y.why.text);
                checked += 1;
            }
            let w = &x.why;
            let sum =
                w.text + w.tags + w.documents + w.category + w.recency + w.feedback + w.latent;
            assert!((sum - x.score).abs() < 1e-5);
        }
    }
    assert!(checked > 10, "{checked}");
}

/// (Also a regression test: a3 and a4 are different short articles citing the same
/// document with the same tag; their SimHashes came out 1 bit apart, and a4 was
/// dropped as a near duplicate before [`SIMHASH_MIN_TERMS`].)
#[test]
fn components_add_up_and_explain() {
    let mut c = corpus();
    c[2].tags = vec!["Kiểm sát".into()];
    c[3].tags = vec!["kiểm sát".into()];
    let doc = CitedDocument {
        number: "08/KH-UBND".into(),
        kind: None,
        issuer: None,
        date: None,
        year: None,
    };
    c[2].documents.push(doc.clone());
    c[3].documents.push(doc);
    c[2].category = Category::from_name("Hoạt động ngành");
    c[3].category = Category::from_name("Hoạt động ngành");
    let index = Index::build(&c, Config::default());
    let r = index.related(&c[2].id, &top(1));
    let w = &r[0].why;
    assert_eq!(r[0].id.as_str(), "a4");
    assert_eq!(w.shared_tags, vec!["kiểm sát".to_string()]);
    assert_eq!(w.shared_documents, vec!["08/KH-UBND".to_string()]);
    assert_eq!(w.days_apart, Some(1));
    assert!((w.documents - 0.5).abs() < 1e-6);
    assert!((w.category - 0.05).abs() < 1e-6);
    assert!(w.tags > 0.0 && w.recency > 0.0);
    let sum = w.text + w.tags + w.documents + w.category + w.recency + w.feedback + w.latent;
    assert!((sum - r[0].score).abs() < 1e-5);
    let json = serde_json::to_value(&r[0]).unwrap();
    assert!(json["why"]["shared_terms"].is_array());
}

#[test]
fn handpicked_first_and_filters() {
    let mut c = corpus();
    c[0].related = vec!["a5".parse().unwrap()];
    c[1].status = Status::Draft;
    let index = Index::build(&c, Config::default());
    let r = index.related(&c[0].id, &top(3));
    assert_eq!(r[0].id.as_str(), "a5");
    assert!(r[0].why.handpicked);
    assert!(
        r.iter().all(|x| x.id.as_str() != "a2"),
        "drafts are filtered"
    );

    // constraints per query, on the same index
    let older = top(5).constrained(Constraints {
        only_older: true,
        ..Constraints::default()
    });
    let r = index.related(&c[3].id, &older);
    assert!(r.iter().all(|x| x.id.as_str() < "a4"));
    assert!(!r.is_empty());
    // the oldest article has only newer ones related, none older
    assert!(!index.related(&c[0].id, &top(5)).is_empty());
    assert!(index.related(&c[0].id, &older).is_empty());

    let window = top(5).constrained(Constraints {
        window_days: Some(1),
        ..Constraints::default()
    });
    let r = index.related(&c[0].id, &window);
    assert!(r.iter().all(|x| x.why.days_apart.unwrap_or(0) <= 1));
}

#[test]
fn near_duplicates_are_excluded() {
    let mut c = corpus();
    let mut dup = c[0].clone();
    dup.id = "a1-copy".parse().unwrap();
    c.push(dup);
    let index = Index::build(&c, Config::default());
    let r = index.related(&c[0].id, &top(5));
    assert!(r.iter().all(|x| x.id.as_str() != "a1-copy"));
    let config = Config {
        near_duplicate_bits: 0,
        ..Config::default()
    };
    let index = Index::build(&c, config);
    // identical bodies are duplicates whatever the SimHash tolerance
    let diverse = QueryOptions {
        max_per_category: Some(1),
        mmr_lambda: Some(0.7),
        ..top(5)
    };
    let r = index.related(&c[0].id, &diverse);
    assert!(r.iter().all(|x| x.id.as_str() != "a1-copy"));
}

#[test]
fn incremental_matches_rebuild() {
    let c = crate::import::sample_articles().unwrap();
    let full = Index::build(&c, Config::default());
    let (last, rest) = c.split_last().unwrap();
    let mut inc = Index::build(rest, Config::default());
    inc.insert(last);
    let (mut same, mut total) = (0usize, 0usize);
    for a in &c {
        let x = full.related(&a.id, &top(3));
        let y = inc.related(&a.id, &top(3));
        for (p, q) in x.iter().zip(&y) {
            total += 1;
            if p.id == q.id {
                same += 1;
                // the other articles keep the weights they got with one article
                // fewer (of 24: document frequencies and N move), so scores agree
                // only roughly (the largest gap here is 12 %)
                assert!(
                    (p.score - q.score).abs() <= 0.15 * p.score.max(q.score),
                    "{} vs {}",
                    p.score,
                    q.score
                );
            }
        }
    }
    assert!(same * 10 >= total * 9, "{same} of {total} positions agree");
    // update = remove + insert; the same article gives the same ranking for itself
    let before = inc.related(&last.id, &top(3));
    inc.update(last);
    assert_eq!(inc.related(&last.id, &top(3)), before);
}

#[test]
fn no_panic_after_deletes() {
    let c = crate::import::sample_articles().unwrap();
    let mut index = Index::build(&c, Config::default());
    for (i, a) in c.iter().enumerate() {
        if i % 2 == 0 {
            assert!(index.remove(&a.id));
        }
    }
    for a in &c {
        let r = index.related(&a.id, &top(10));
        assert!(r.iter().all(|x| index.contains(&x.id)));
        let _ = index.related(a, &top(10));
    }
    for a in &c {
        index.remove(&a.id);
    }
    assert!(index.is_empty());
    assert!(index.related(&c[0], &top(5)).is_empty());
    for a in &c {
        index.insert(a);
    }
    assert_eq!(index.len(), c.len());
    assert!(!index.related(&c[0].id, &top(5)).is_empty());
}

#[test]
fn serde_round_trip_and_precompute() {
    let c = crate::import::sample_articles().unwrap();
    let mut index = Index::build(&c, Config::default());
    let json = serde_json::to_string(&index).unwrap();
    let back: Index = serde_json::from_str(&json).unwrap();
    for a in &c {
        assert_eq!(back.related(&a.id, &top(5)), index.related(&a.id, &top(5)));
    }
    let live: Vec<_> = c.iter().map(|a| index.related(&a.id, &top(5))).collect();
    index.precompute(&top(5));
    assert!(index.memory_bytes().precomputed > 0);
    let served: Vec<_> = c.iter().map(|a| index.related(&a.id, &top(5))).collect();
    assert_eq!(live, served);
    // other options are not served from the lists: the same as live
    let older = top(5).constrained(Constraints {
        only_older: true,
        ..Constraints::default()
    });
    let pre = index.clone();
    let mut fresh = index.clone();
    fresh.insert(&c[0]); // any write drops the lists
    for a in &c {
        assert_eq!(pre.related(&a.id, &older), fresh.related(&a.id, &older));
    }
    index.remove(&c[0].id);
    assert_eq!(index.memory_bytes().precomputed, 0);
}

#[test]
fn results_without_explanations_are_the_same_ranking() {
    let mut c = synthetic(400, 300, 11);
    // a hand-picked article first, and a missing one skipped
    let picked = c[7].id.clone();
    c[3].related = vec![picked.clone(), ArticleId::new("nowhere").unwrap()];
    let mut index = Index::build(&c, Config::default());
    let same = |index: &Index| {
        for a in &c {
            for k in [0, 1, 10] {
                let ids = |r: Vec<Related>| -> Vec<(ArticleId, f32, bool)> {
                    r.into_iter()
                        .map(|r| (r.id, r.score, r.why.handpicked))
                        .collect()
                };
                let full = ids(index.related(&a.id, &top(k)));
                let fast = top(k).without_explanations();
                let got = index.related(&a.id, &fast);
                assert!(got
                    .iter()
                    .all(|r| r.why.shared_terms.is_empty() && r.why.text == 0.0));
                assert_eq!(ids(got), full, "{} k {k}", a.id);
                assert_eq!(ids(index.snapshot().related(&a.id, &fast)), full);
            }
        }
    };
    same(&index);
    let fast = top(10).without_explanations();
    let first = index.related(&c[3].id, &fast);
    assert_eq!(first.first().map(|r| &r.id), Some(&picked));
    assert!(first[0].why.handpicked);
    assert!(index
        .related(&ArticleId::new("nowhere").unwrap(), &fast)
        .is_empty());
    index.precompute(&fast);
    same(&index);
    index.remove(&c[5].id);
    same(&index);
}

#[test]
fn related_for_an_outside_article() {
    let c = corpus();
    let index = Index::build(&c[1..], Config::default());
    let r = index.related(&c[0], &top(2));
    assert_eq!(r[0].id.as_str(), "a2");
}

#[test]
fn the_minimum_score_drops_links_that_share_a_function_syllable() {
    let mut c = corpus();
    // shares only `sơ` (of "sơ kết") with a1
    c.push(art(
        "x1",
        "Sơ đồ mạch điện dân dụng",
        "Hướng dẫn vẽ sơ đồ mạch điện cho học sinh lớp chín.",
    ));
    let index = Index::build(&c, Config::default());
    let all = index.related(&c[0].id, &top(10));
    let junk = all
        .iter()
        .find(|r| r.id.as_str() == "x1")
        .expect("without a minimum, the link is there");
    assert_eq!(junk.why.shared_terms, ["sơ"]);
    assert!(junk.score < crate::related::DEFAULT_MIN_SCORE, "{junk:?}");
    // by default it is gone, the topical links stay, and nothing scores below the minimum
    let shown = index.related(&c[0].id, &QueryOptions::default());
    assert!(shown.iter().all(|r| r.id.as_str() != "x1"));
    assert_eq!(shown.first().map(|r| r.id.as_str()), Some("a2"));
    for a in &c {
        for r in index.related(&a.id, &QueryOptions::default()) {
            assert!(r.why.handpicked || r.score >= crate::related::DEFAULT_MIN_SCORE);
        }
    }
}
