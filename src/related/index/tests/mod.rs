//! Tests of the index as a whole (the parts have their own beside them).

use super::*;
use crate::model::{Block, Category, CitedDocument};

/// Options for the inner functions the tests call directly.
static OPTS: std::sync::LazyLock<QueryOptions> = std::sync::LazyLock::new(QueryOptions::default);
use crate::retrieval::collector::FLOOR_STATS;
use crate::retrieval::parallel::par_map;
use crate::retrieval::termdict::HEAD;
use crate::retrieval::vectors::weights::{bloom_of, dot_bloom};
use crate::retrieval::weighting::sublinear;
use build::{last_of_each_id, last_of_each_id_by, BATCH, KEEP_ANALYSES};
use query::{narrows, SEEDED_PER_CANDIDATE};

fn art(id: &str, title: &str, body: &str) -> Article {
    let mut a = Article::new(
        id.parse().unwrap(),
        title.into(),
        crate::model::Slug::from_title(id).unwrap(),
    );
    a.body.push(Block::paragraph(body));
    a.status = Status::Published;
    a
}

/// `k` results, no minimum score: every candidate the ranking finds.
fn top(k: usize) -> QueryOptions {
    QueryOptions::top(k).min_score(0.0)
}

fn corpus() -> Vec<Article> {
    let mut v = vec![
        art(
            "a1",
            "Sơ kết phong trào thi đua khen thưởng",
            "Hội nghị sơ kết phong trào thi đua khen thưởng sáu tháng đầu năm của khối thi đua.",
        ),
        art(
            "a2",
            "Tổng kết thi đua khen thưởng năm 2018",
            "Khối thi đua tổng kết phong trào thi đua khen thưởng, trao bằng khen cho tập thể.",
        ),
        art(
            "a3",
            "Kiểm sát việc giải quyết vụ án hình sự",
            "Viện kiểm sát kiểm sát việc giải quyết vụ án hình sự tại huyện.",
        ),
        art(
            "a4",
            "Cuộc thi kỹ năng kiểm sát vụ án hình sự",
            "Cuộc thi kỹ năng kiểm sát việc giải quyết vụ án hình sự cho kiểm sát viên.",
        ),
        art(
            "a5",
            "Giá lúa tăng ở đồng bằng",
            "Nông dân đồng bằng bán lúa được giá, thương lái thu mua lúa gạo.",
        ),
        art(
            "a6",
            "Xuất khẩu gạo tăng mạnh",
            "Doanh nghiệp xuất khẩu gạo, giá lúa gạo tăng, nông dân phấn khởi.",
        ),
    ];
    for (i, a) in v.iter_mut().enumerate() {
        a.published = Some(
            format!("2018-08-{:02}T08:00:00+07:00", 10 + i)
                .parse()
                .unwrap(),
        );
    }
    v
}

#[test]
fn term_table_grows_and_finds_every_term() {
    let mut inner = Inner::new(Config::default());
    let words: Vec<String> = (0..5000).map(|i| format!("t{i}_x")).collect();
    let ids: Vec<u32> = words.iter().map(|w| inner.intern_term(w)).collect();
    assert_eq!(ids, (0..5000).collect::<Vec<u32>>());
    // interning again finds the same ids
    for (w, &id) in words.iter().zip(&ids) {
        assert_eq!(inner.intern_term(w), id);
        assert_eq!(inner.term_id(w), Some(id));
    }
    assert_eq!(inner.term_id("absent"), None);
    assert_eq!(inner.term_ids.len(), 5000);
    let before = inner.term_ids.memory_bytes();
    inner.rebuild_term_ids();
    assert_eq!(inner.term_ids.memory_bytes(), before);
    assert_eq!(inner.term_id("t4999_x"), Some(4999));
}

fn exact() -> Config {
    Config {
        exact_edits: true,
        ..Config::default()
    }
}

/// The weight an article's posting under its heaviest term has, and the weight its
/// stored vector gives that term.
fn posted_and_vector_weight(index: &Index, id: &str) -> (f32, f32) {
    let inner = index.inner();
    let slot = inner.slot_of(&id.parse().unwrap()).unwrap();
    let d = inner.doc(slot).unwrap();
    let vec = decode(&d.vec, d.scale);
    let &TermWeight { term: t, weight: w } = vec
        .iter()
        .max_by(|a, b| a.weight.total_cmp(&b.weight))
        .unwrap();
    let p = inner
        .postings
        .get(t)
        .unwrap()
        .iter()
        .find(|p| p.slot() == slot)
        .unwrap();
    (p.weight(), w)
}

#[test]
fn postings_keep_lists_for_posted_terms_and_serialise_one_per_term() {
    let articles = corpus();
    // few terms posted per article, so that most are in vectors only
    let config = Config {
        terms_per_doc: 3,
        ..Config::default()
    };
    let index = Index::build(&articles, config);
    let inner = index.inner();
    let terms = inner.term_starts.len() - 1;
    assert_eq!(inner.postings.at.len(), terms);
    let posted = (0..terms as u32)
        .filter(|&t| inner.postings.get(t).is_some())
        .count();
    assert_eq!(inner.postings.lists.len(), posted);
    assert!(posted < terms, "some terms are in vectors only");
    assert!(inner.postings.lists.iter().all(|l| !l.is_empty()));
    // the serialised form has one list per term, empty when the term has none
    let json = serde_json::to_value(&index).unwrap();
    let lists = json["postings"].as_array().unwrap();
    assert_eq!(lists.len(), terms);
    for (t, l) in lists.iter().enumerate() {
        let n = l.as_array().unwrap().len();
        assert_eq!(n, inner.postings.get(t as u32).map_or(0, <[Posting]>::len));
    }
    let back: Index = serde_json::from_value(json).unwrap();
    assert_eq!(back.inner().postings.at, inner.postings.at);
    assert_eq!(back.inner().postings.lists, inner.postings.lists);
    // a term without a list gets one when an article posts it
    let mut index = back;
    let unposted = (0..terms as u32)
        .find(|&t| index.inner().postings.get(t).is_none())
        .unwrap();
    let word = index.inner().term_str(unposted).unwrap().replace('_', " ");
    let new = art("new", &word, &word);
    index.insert(&new);
    let slot = index.inner().slot_of(&new.id).unwrap();
    assert!(index
        .inner()
        .postings
        .get(unposted)
        .is_some_and(|l| l.iter().any(|p| p.slot() == slot)));
}

#[test]
fn postings_are_length_damped() {
    let articles = corpus();
    let short = art("short", "Hội nghị thi đua", "Thi đua khen thưởng.");
    let config = Config::default();
    let mut index = Index::build(&articles, config.clone());
    index.insert(&short);
    let (posted, w) = posted_and_vector_weight(&index, "short");
    let n = decode(
        &index
            .inner()
            .doc(index.inner().slot_of(&short.id).unwrap())
            .unwrap()
            .vec,
        1.0,
    )
    .len();
    let f = length_factor(n, &config);
    assert!(f < 0.9, "a short article is damped: {f}");
    assert_eq!(
        Posting::new(0, posted).q(),
        Posting::new(0, w * f).q(),
        "posted {posted}, vector weight {w}, factor {f}"
    );
}

#[test]
fn exact_edits_restore_statistics_and_results() {
    let c = corpus();
    let (extra, rest) = c.split_last().unwrap();
    let base = Index::build(rest, exact());
    let results = |index: &Index| -> Vec<Vec<Related>> {
        rest.iter().map(|a| index.related(&a.id, &top(5))).collect()
    };
    let want = results(&base);
    // insert, then remove
    let mut index = base.clone();
    index.insert(extra);
    assert_ne!(index.inner.df.rows, base.inner.df.rows);
    assert!(index.remove(&extra.id));
    assert_eq!(index.inner.df.rows, base.inner.df.rows);
    assert_eq!(index.len(), base.len());
    assert_eq!(results(&index), want);
    // update to another text, then back
    let mut changed = rest[0].clone();
    changed.title = "Một tiêu đề hoàn toàn khác về bóng đá".into();
    index.update(&changed);
    assert_ne!(index.inner.df.rows, base.inner.df.rows);
    index.update(&rest[0]);
    assert_eq!(index.inner.df.rows, base.inner.df.rows);
    assert_eq!(results(&index), want);
    // a build over more articles, minus the extra ones, has the smaller build's counts
    let mut bigger = Index::build(&c, exact());
    bigger.remove(&extra.id);
    assert_eq!(bigger.inner.df.rows, base.inner.df.rows);
    // serde keeps the lists: removal after a round trip still subtracts
    let json = serde_json::to_string(&index).unwrap();
    let mut back: Index = serde_json::from_str(&json).unwrap();
    back.insert(extra);
    back.remove(&extra.id);
    assert_eq!(back.inner.df.rows, base.inner.df.rows);
    // without exact_edits, removals do not subtract (and no lists are kept)
    let mut plain = Index::build(&c, Config::default());
    let before = plain.inner.df.rows.clone();
    plain.remove(&extra.id);
    assert_eq!(plain.inner.df.rows, before);
    assert!(plain.inner.df_slots.is_empty());
}

#[test]
fn edits_with_the_old_version_keep_exact_statistics_without_the_option() {
    let c = corpus();
    let (extra, rest) = c.split_last().unwrap();
    let base = Index::build(rest, Config::default());
    assert!(!base.config().exact_edits);
    let want: Vec<Vec<Related>> = rest.iter().map(|a| base.related(&a.id, &top(5))).collect();
    let mut index = base.clone();
    index.insert(extra);
    assert_ne!(index.inner.df.rows, base.inner.df.rows);
    assert_eq!(index.remove_article(extra), Edit::Exact);
    assert_eq!(index.inner.df.rows, base.inner.df.rows);
    assert_eq!(index.remove_article(extra), Edit::NotIndexed);
    // update to another text and back, giving the indexed version each time
    let mut changed = rest[0].clone();
    changed.title = "Một tiêu đề hoàn toàn khác về bóng đá".into();
    assert_eq!(index.update_from(&rest[0], &changed), Edit::Exact);
    assert_ne!(index.inner.df.rows, base.inner.df.rows);
    // the same update from a copy that is not the indexed version: flagged, no
    // subtraction (and the new text is not counted twice)
    let rows = index.inner.df.rows.clone();
    assert_eq!(index.update_from(&rest[0], &changed), Edit::Stale);
    assert_eq!(index.inner.df.rows, rows);
    assert_eq!(index.update_from(&changed, &rest[0]), Edit::Exact);
    assert_eq!(index.inner.df.rows, base.inner.df.rows);
    let got: Vec<Vec<Related>> = rest.iter().map(|a| index.related(&a.id, &top(5))).collect();
    assert_eq!(got, want);
    assert_eq!(index.len(), base.len());
    // the fingerprint survives serde
    let json = serde_json::to_string(&index).unwrap();
    let mut back: Index = serde_json::from_str(&json).unwrap();
    back.insert(extra);
    assert_eq!(back.remove_article(extra), Edit::Exact);
    assert_eq!(back.inner.df.rows, base.inner.df.rows);
    // an insert under a new id through update_from counts the new article once
    let mut other = extra.clone();
    other.id = "moi-hoan-toan".parse().unwrap();
    let mut fresh = base.clone();
    assert_eq!(fresh.update_from(&other, &other), Edit::NotIndexed);
    assert_eq!(fresh.remove_article(&other), Edit::Exact);
    assert_eq!(fresh.inner.df.rows, base.inner.df.rows);
}

/// The candidate stage's answer computed the plain way: every touched article's
/// score (added in the same order, so the same bits), all of them sorted, the best
/// `limit` that pass the filters.
fn candidates_exhaustive(inner: &Inner, slot: u32, limit: usize) -> Vec<Scored> {
    let q = inner.query_for_slot(slot, &OPTS).unwrap();
    let df_cap = (inner.config.max_df_ratio * inner.live as f32) as usize;
    let mut acc: HashMap<u32, f32> = HashMap::new();
    // heaviest term first; after `seed_terms` lists, only articles already found
    let mut terms = inner.query_terms(&q.vec);
    terms.sort_by(TermWeight::heavier_first);
    let mut lists_read = 0;
    for TermWeight {
        term: t,
        weight: qw,
    } in terms
    {
        let list = inner.postings.get(t).unwrap_or_default();
        if list.len() > ALWAYS_READ && list.len() > df_cap {
            continue;
        }
        let seed = lists_read < inner.config.seed_terms.max(1)
            || narrows(&OPTS.constraints)
            || acc.len() < SEEDED_PER_CANDIDATE * limit.max(1);
        lists_read += 1;
        for p in list.iter().take(inner.config.max_postings) {
            if seed {
                *acc.entry(p.slot()).or_insert(0.0) += qw * p.weight() + f32::MIN_POSITIVE;
            } else if let Some(a) = acc.get_mut(&p.slot()) {
                *a += qw * p.weight();
            }
        }
    }
    if inner.config.tag_weight > 0.0 && !q.tags.is_empty() {
        let total: f32 = q.tags.iter().map(|&t| inner.tag_idf(t)).sum();
        for &t in q.tags {
            let s = inner.config.tag_weight * inner.tag_idf(t) / total.max(f32::EPSILON);
            for &d in inner.tag_postings[t as usize]
                .iter()
                .take(inner.config.max_postings)
            {
                *acc.entry(d).or_insert(0.0) += s;
            }
        }
    }
    let mut all: Vec<Scored> = acc
        .into_iter()
        .filter(|&(d, _)| Some(d) != q.exclude)
        .filter(|&(d, _)| {
            let doc = inner.doc(d).unwrap();
            inner.passes(&OPTS.constraints, q.published, doc)
        })
        .map(|(d, s)| Scored::new(d, s))
        .collect();
    all.sort_by(Scored::best_first);
    all.truncate(limit);
    all
}

fn candidates_fast(inner: &Inner, slot: u32, limit: usize) -> Vec<Scored> {
    let q = inner.query_for_slot(slot, &OPTS).unwrap();
    inner.candidate_slots(
        &inner.query_terms(&q.vec),
        q.tags,
        q.exclude,
        &OPTS.constraints,
        q.published,
        limit,
    )
}

/// Articles drawn from a small vocabulary (deterministic), so that queries touch
/// many articles with many equal and near-equal scores.
fn synthetic(n: usize, vocab: usize, seed: u64) -> Vec<Article> {
    const SYL: [&str; 24] = [
        "lúa",
        "gạo",
        "giá",
        "kiểm",
        "sát",
        "thi",
        "đua",
        "khen",
        "thưởng",
        "vụ",
        "án",
        "hình",
        "sự",
        "nông",
        "dân",
        "xuất",
        "khẩu",
        "đồng",
        "bằng",
        "huyện",
        "tỉnh",
        "hội",
        "nghị",
        "bão",
    ];
    let mut x = seed | 1;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let vocab = vocab.clamp(2, SYL.len());
    (0..n)
        .map(|i| {
            let words = 3 + (next() % 12) as usize;
            let body: Vec<&str> = (0..words)
                .map(|_| SYL[(next() % vocab as u64) as usize])
                .collect();
            let title: Vec<&str> = body.iter().take(3).copied().collect();
            let mut a = art(&format!("s{i}"), &title.join(" "), &body.join(" "));
            a.published = Some(
                format!("2018-08-{:02}T08:00:00+07:00", 1 + i % 28)
                    .parse()
                    .unwrap(),
            );
            if i % 5 == 0 {
                a.status = Status::Draft;
            }
            a
        })
        .collect()
}

#[test]
fn candidate_selection_equals_exhaustive_top() {
    FLOOR_STATS.with(|m| m.set((0, 0)));
    for (n, vocab, seed) in [(300, 24, 7), (600, 10, 11), (150, 5, 3)] {
        let index = Index::build(&synthetic(n, vocab, seed), Config::default());
        let inner = index.inner();
        for slot in (0..inner.docs.len() as u32).step_by(7) {
            if inner.doc(slot).is_none() {
                continue;
            }
            for limit in [1, 2, 5, 8, 13, 40, 100, 1000] {
                assert_eq!(
                    candidates_fast(inner, slot, limit),
                    candidates_exhaustive(inner, slot, limit),
                    "n {n} vocab {vocab} slot {slot} limit {limit}"
                );
            }
        }
    }
    let (used, missed) = FLOOR_STATS.with(|m| m.get());
    assert!(used > 0, "the sampled floor was never used");
    assert!(missed > 0, "the floor was never too high");
}

/// A 600-article synthetic index with the given [`Config::seed_terms`].
fn seeded(seed_terms: usize) -> Index {
    let config = Config {
        seed_terms,
        ..Config::default()
    };
    Index::build(&synthetic(600, 24, 11), config)
}

#[test]
fn seed_terms_restrict_only_unfiltered_queries() {
    let (one, every) = (seeded(1), seeded(usize::MAX));
    let (a, b) = (one.inner(), every.inner());
    let window = Constraints {
        window_days: Some(100_000),
        ..Constraints::default()
    };
    let mut differ = 0;
    for slot in (0..a.docs.len() as u32).step_by(5) {
        let Some(q) = a.query_for_slot(slot, &OPTS) else {
            continue;
        };
        let terms = a.query_terms(&q.vec);
        let run = |inner: &Inner, filter: &Constraints| {
            inner.candidate_slots(&terms, q.tags, q.exclude, filter, q.published, 3)
        };
        // a filter that may narrow the results: every term finds candidates
        assert_eq!(run(a, &window), run(b, &window), "slot {slot}");
        differ += usize::from(run(a, &Constraints::default()) != run(b, &Constraints::default()));
    }
    assert!(differ > 0, "seed_terms 1 never changed the candidates");
}

#[test]
fn index_as_candidate_source_seeds_with_the_heaviest_terms() {
    let index = seeded(1);
    let inner = index.inner();
    let filter = Constraints::default();
    let slots = |found: Vec<Scored>| found.into_iter().map(|c| c.slot).collect::<Vec<_>>();
    let mut id_order_differs = false;
    for slot in (0..inner.docs.len() as u32).step_by(9) {
        let Some(q) = inner.query_for_slot(slot, &OPTS) else {
            continue;
        };
        let mut by_weight = q.vec.to_vec();
        by_weight.sort_by(TermWeight::heavier_first);
        // the host may list the terms in any order
        let terms: Vec<(&str, f32)> = by_weight
            .iter()
            .rev()
            .map(|x| (inner.term_str(x.term).unwrap(), x.weight))
            .collect();
        let cq = CandidateQuery {
            terms,
            tags: Vec::new(),
            exclude: None,
            constraints: &filter,
            published: None,
            limit: 3,
        };
        let got: Vec<u32> = index
            .candidates(&cq)
            .unwrap()
            .iter()
            .map(|(id, _)| inner.slot_of(id).unwrap())
            .collect();
        let want = slots(inner.candidate_slots(&by_weight, &[], None, &filter, None, 3));
        assert_eq!(got, want, "slot {slot}");
        let mut by_id = by_weight.clone();
        by_id.sort_by_key(|x| x.term);
        id_order_differs |=
            slots(inner.candidate_slots(&by_id, &[], None, &filter, None, 3)) != want;
    }
    assert!(id_order_differs, "the term order never mattered");
}

proptest::proptest! {
    /// Random corpora, queries and limits: the sampled-floor selection gives the
    /// exhaustive top `limit`, ties broken by slot.
    #[test]
    fn candidate_selection_equals_exhaustive_top_random(
        n in 20usize..250,
        vocab in 2usize..24,
        seed in 0u64..u64::MAX,
        limit in 1usize..60,
        query in 0usize..1000,
        seed_terms in 1usize..40,
    ) {
        let config = Config { seed_terms, ..Config::default() };
        let index = Index::build(&synthetic(n, vocab, seed), config);
        let inner = index.inner();
        let slot = (query % n) as u32;
        if inner.doc(slot).is_some() {
            proptest::prop_assert_eq!(
                candidates_fast(inner, slot, limit),
                candidates_exhaustive(inner, slot, limit)
            );
        }
    }

    /// The branch-free merge gives the bloom-filtered scan's dot product bit for bit.
    #[test]
    fn term_weights_dot_equals_dot_bloom(
        a in proptest::collection::btree_map(0u32..400, 0.01f32..1.0, 0..120),
        b in proptest::collection::btree_map(0u32..400, 0.01f32..1.0, 0..120),
        far in 0u32..3,
    ) {
        // `far` spreads the ids so gap escapes occur too
        let spread = |m: &std::collections::BTreeMap<u32, f32>| -> Vec<TermWeight> {
            m.iter().map(|(&t, &w)| TermWeight::new(t * (1 + far * 40_000), w)).collect()
        };
        let (q, v) = (spread(&a), spread(&b));
        let (bytes, scale) = encode(&v);
        let bloom = bloom_of(&q);
        proptest::prop_assert_eq!(
            TermWeights::new(&q).dot(&bytes, scale).to_bits(),
            dot_bloom(&q, &bloom, &bytes, scale).to_bits()
        );
        // the term count next to the sum: every term, no escape chunk
        let (sum, n) = TermWeights::new(&q).dot_count(&bytes, scale);
        proptest::prop_assert_eq!(n, v.len());
        proptest::prop_assert_eq!(sum.to_bits(), TermWeights::new(&q).dot(&bytes, scale).to_bits());
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
    /// Random insert / update / remove sequences: no panic, and with `exact_edits`
    /// the statistics equal those of a fresh build over the articles left.
    #[test]
    fn random_edits_keep_exact_statistics(
        ops in proptest::collection::vec((0u8..3, 0usize..8, 0usize..3), 0..40)
    ) {
        let texts = [
            ("Thi đua khen thưởng", "Hội nghị sơ kết phong trào thi đua 6 tháng."),
            ("Giá xăng tăng", "Giá xăng dầu tăng lần thứ ba, người dân lo lắng."),
            ("Bóng đá", "Đội tuyển bóng đá thắng trận giao hữu."),
        ];
        let version = |i: usize, v: usize| {
            let (t, b) = texts[(i + v) % 3];
            art(&format!("p{i}"), &format!("{t} {v}"), &format!("{b} Bài {i}."))
        };
        let start: Vec<Article> = (0..3).map(|i| version(i, 0)).collect();
        let mut index = Index::build(&start, exact());
        let mut live: std::collections::BTreeMap<usize, usize> =
            (0..3).map(|i| (i, 0)).collect();
        for (op, i, v) in ops {
            match op {
                0 | 1 => {
                    index.update(&version(i, v));
                    live.insert(i, v);
                }
                _ => {
                    let was = index.remove(&version(i, 0).id);
                    proptest::prop_assert_eq!(was, live.remove(&i).is_some());
                }
            }
            for &j in live.keys() {
                let r = index.related(&version(j, 0).id, &top(3));
                proptest::prop_assert!(r.iter().all(|x| index.contains(&x.id)));
            }
        }
        let left: Vec<Article> = live.iter().map(|(&i, &v)| version(i, v)).collect();
        let fresh = Index::build(&left, exact());
        proptest::prop_assert_eq!(index.len(), fresh.len());
        proptest::prop_assert!(index.inner.df.rows == fresh.inner.df.rows);
    }
}

#[test]
fn interning_by_key_builds_the_exact_index_and_detects_collisions() {
    let mut articles = corpus();
    for i in 0..200 {
        let mut a = art(
            &format!("k{i}"),
            &format!("Kế hoạch số {i}/KH-UBND về thi đua năm {}", 2000 + i % 9),
            &format!(
                "Hội nghị lần {i} bàn về giá xăng dầu và bóng đá, tỉnh {}",
                i % 13
            ),
        );
        a.tags = vec![format!("Chủ đề {}", i % 5)];
        articles.push(a);
    }
    let refs: Vec<&Article> = articles.iter().collect();
    let json = |x: &Index| serde_json::to_value(x).unwrap();
    for config in [Config::default(), exact()] {
        let build = |mask: u64, threads: usize| {
            Index::build_from(
                &refs,
                &config,
                threads,
                &mut |_, _| {},
                mask,
                (BATCH, KEEP_ANALYSES),
            )
        };
        let exact_way = build(0, 1).unwrap();
        for threads in [1, 3] {
            assert_eq!(json(&build(u64::MAX, threads).unwrap()), json(&exact_way));
        }
        // in many batches (pipelined: one is interned while the one before is shaped
        // and the one before that installed), either way; with every analysis kept from
        // the first pass for the second, none (each article analysed again), or the first
        // batches' (about three batches of 7, one of 3)
        let seven = crate::retrieval::analysis::Analyses::of(&refs[..7], &config.fields());
        let (three_of_7, three_of_3) = (3 * seven.heap_bytes(), 3 * seven.heap_bytes() * 3 / 7);
        assert!(three_of_7 < 1_000_000 && three_of_3 > 0);
        for (mask, batch, threads, keep) in [
            (u64::MAX, 7, 1, usize::MAX),
            (u64::MAX, 7, 1, 0),
            (u64::MAX, 7, 2, three_of_7),
            (u64::MAX, 5, 2, 0),
            (0, 3, 3, three_of_3),
            (0, 3, 1, 0),
            (u64::MAX, 64, 2, 0),
            (u64::MAX, 64, 2, usize::MAX),
        ] {
            let batched =
                Index::build_from(&refs, &config, threads, &mut |_, _| {}, mask, (batch, keep));
            assert_eq!(
                json(&batched.unwrap()),
                json(&exact_way),
                "{mask} {batch} {threads} {keep}"
            );
        }
        // two bits of key: distinct terms collide, the check sees it
        assert!(build(0b11, 2).is_none());
        assert_eq!(
            json(
                &Index::builder()
                    .config(config.clone())
                    .threads(2)
                    .build(&articles)
            ),
            json(&exact_way)
        );
        // the string → id table finds every term after a keyed build
        let keyed = build(u64::MAX, 2).unwrap();
        let inner = keyed.inner();
        for id in 0..(inner.term_starts.len() - 1) as u32 {
            let t = inner.term_str(id).unwrap();
            assert_eq!(inner.term_id(t), Some(id), "{t}");
        }
    }
}

#[test]
fn keyed_build_detects_collisions_of_long_terms_with_one_head() {
    // three long terms, each in two articles, alike in their first HEAD bytes and
    // length: with one bit of key two of them share a key, and only the whole
    // strings tell them apart
    let articles: Vec<Article> = (0..6)
        .map(|i| {
            let term = "a".repeat(HEAD) + ["xyz", "xzy", "yzx"][i % 3];
            art(&format!("l{i}"), &term, &term)
        })
        .collect();
    let refs: Vec<&Article> = articles.iter().collect();
    let build = |mask: u64| {
        Index::build_from(
            &refs,
            &exact(),
            1,
            &mut |_, _| {},
            mask,
            (BATCH, KEEP_ANALYSES),
        )
    };
    assert!(build(1).is_none());
    let json = |x: &Index| serde_json::to_value(x).unwrap();
    assert_eq!(json(&build(u64::MAX).unwrap()), json(&build(0).unwrap()));
}

proptest::proptest! {
    #[test]
    fn later_duplicates_of_an_id_replace_earlier_ones(ids in proptest::collection::vec(0u8..6, 0..40)) {
        let articles: Vec<Article> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| art(&format!("d{id}"), &format!("bài {i}"), "thân bài"))
            .collect();
        let refs: Vec<&Article> = articles.iter().collect();
        // the reference: an article stays when no later one has its id
        let want: Vec<&str> = articles
            .iter()
            .enumerate()
            .filter(|(i, a)| !articles.iter().skip(i + 1).any(|b| b.id == a.id))
            .map(|(_, a)| a.title.as_str())
            .collect();
        let titles = |v: Vec<&Article>| -> Vec<String> { v.iter().map(|a| a.title.clone()).collect() };
        proptest::prop_assert_eq!(titles(last_of_each_id(refs.clone())), want.clone());
        // every hash equal: the ids themselves tell the articles apart
        proptest::prop_assert_eq!(titles(last_of_each_id_by(refs.clone(), |_| 7)), want.clone());
        proptest::prop_assert_eq!(
            titles(last_of_each_id_by(refs, |id| id.as_str().len() as u64 % 2)),
            want
        );
    }
}

#[test]
fn build_is_the_same_whatever_the_thread_count() {
    let topics = [
        "thi đua khen thưởng",
        "bóng đá giải vô địch",
        "giá xăng dầu tăng",
    ];
    let articles: Vec<Article> = (0..300)
        .map(|i| {
            let t = topics[i % 3];
            art(
                &format!("a{i}"),
                &format!("{t} số {i}"),
                &format!("{t} năm {} tại tỉnh {} và {t}", 2000 + i % 17, i % 11),
            )
        })
        .collect();
    let want = serde_json::to_value(Index::builder().threads(1).build(&articles)).unwrap();
    for threads in [0, 2, 3, 5] {
        let got = Index::builder().threads(threads).build(&articles);
        assert_eq!(
            serde_json::to_value(&got).unwrap(),
            want,
            "{threads} threads"
        );
    }
    assert_eq!(par_map(&[1, 2, 3], 4, |x| x * 2), vec![2, 4, 6]);
    let many: Vec<u32> = (0..1000).collect();
    assert_eq!(
        par_map(&many, 3, |x| x + 1),
        (1..1001).collect::<Vec<u32>>()
    );
}

#[cfg(feature = "latent")]
mod latent;
mod ranking;
