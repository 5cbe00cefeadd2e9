use proptest::prelude::*;

use super::*;
use crate::import::{parse_line, sample_articles};
use crate::model::Article;

fn article(id: &str, title: &str, body: &str) -> Article {
    let line = serde_json::json!({"id": id, "title": title, "body": body}).to_string();
    parse_line(&line).unwrap_or_else(|e| panic!("fixture {id}: {e}"))
}

fn ids(r: &Results) -> Vec<&str> {
    r.hits.iter().map(|h| h.id.as_str()).collect()
}

fn small() -> Index {
    Index::build(&[
        article("ban", "Mua bàn ghế gỗ", "Bàn làm việc bằng gỗ sồi."),
        article("bạn", "Người bạn tốt", "Bạn bè giúp nhau lúc khó khăn."),
        article(
            "hoa",
            "Hòa bình và hữu nghị",
            "Thủy điện Hòa Bình phát điện.",
        ),
        article(
            "phong",
            "Phong trào thi đua yêu nước",
            "Sơ kết phong trào thi đua.",
        ),
        article("scatter", "Thi cử", "Đua xe. Phong cảnh đẹp. Trào lưu mới."),
    ])
}

#[test]
fn marks_optional_and_exact_preferred() {
    let index = small();
    let plain = index.search(&Query::new("ban ")).unwrap_or_default();
    let got = ids(&plain);
    assert!(got.contains(&"ban") && got.contains(&"bạn"), "{got:?}");
    let marked = index.search(&Query::new("bạn ")).unwrap_or_default();
    assert_eq!(ids(&marked).first(), Some(&"bạn"));
    let top = &marked.hits[0];
    assert!(top
        .explanation
        .matches
        .iter()
        .any(|m| m.kind == MatchKind::Exact));
    let marked = index.search(&Query::new("bàn ")).unwrap_or_default();
    assert_eq!(ids(&marked).first(), Some(&"ban"));
}

#[test]
fn tone_styles_are_equal() {
    let index = small();
    let old = index.search(&Query::new("hòa bình")).unwrap_or_default();
    let new = index.search(&Query::new("hoà bình")).unwrap_or_default();
    assert_eq!(ids(&old).first(), Some(&"hoa"));
    assert_eq!(old, new);
}

#[test]
fn phrase_outranks_scattered_syllables() {
    let index = small();
    let r = index
        .search(&Query::new("phong trao thi dua "))
        .unwrap_or_default();
    assert_eq!(ids(&r).first(), Some(&"phong"));
    let quoted = index
        .search(&Query::new("\"phong trao\""))
        .unwrap_or_default();
    assert_eq!(ids(&quoted), ["phong"]);
    assert_eq!(quoted.total, 1);
    let none = index
        .search(&Query::new("\"trao phong\""))
        .unwrap_or_default();
    assert_eq!(none.total, 0);
}

#[test]
fn typos_and_prefixes() {
    let index = small();
    let typo = index.search(&Query::new("phomg trao ")).unwrap_or_default();
    assert_eq!(ids(&typo).first(), Some(&"phong"));
    assert!(typo.hits[0]
        .explanation
        .matches
        .iter()
        .any(|m| m.kind == MatchKind::Typo && m.term == "phong"));
    let transposed = index.search(&Query::new("phogn trao ")).unwrap_or_default();
    assert_eq!(ids(&transposed).first(), Some(&"phong"));
    let prefix = index.search(&Query::new("phong tr")).unwrap_or_default();
    assert_eq!(ids(&prefix).first(), Some(&"phong"));
    // Short syllables get no typo variants.
    let short = index.search(&Query::new("bam ")).unwrap_or_default();
    assert_eq!(short.total, 0);
}

#[test]
fn snippets_mark_what_matched() {
    let index = Index::build(&sample_articles().unwrap_or_default());
    let r = index.search(&Query::new("Lai hoà ")).unwrap_or_default();
    let top = &r.hits[0];
    assert_eq!(top.id.as_str(), "vks-st-2018-0305-01");
    let html = top.snippet.to_html(|s, out| out.push_str(s));
    assert!(html.contains("<mark>Lai</mark> <mark>Hòa</mark>"), "{html}");
    // Typo variants of syllables matched as typed are not marked.
    assert!(!html.contains("<mark>sinh</mark>"), "{html}");
}

#[test]
fn document_numbers_are_one_token() {
    let articles = sample_articles().unwrap_or_default();
    let index = Index::build(&articles);
    let r = index.search(&Query::new("08/KH-UBND")).unwrap_or_default();
    // Both articles citing the plan come first, well above those sharing a part.
    let mut top: Vec<&str> = ids(&r).into_iter().take(2).collect();
    top.sort_unstable();
    assert_eq!(top, ["vks-st-2018-0817-01", "vks-st-2018-1220-01"]);
    assert!(r.hits[0]
        .explanation
        .matches
        .iter()
        .any(|m| m.kind == MatchKind::Document));
    assert!(r.hits[1].score > 10.0 * r.hits[2].score);
}

#[test]
fn filters_order_and_pages() {
    let articles = sample_articles().unwrap_or_default();
    let index = Index::build(&articles);
    let all = index
        .search(&Query::new("tỉnh").page(0, 1000))
        .unwrap_or_default();
    assert!(all.total > 5);
    let page = index
        .search(&Query::new("tỉnh").page(2, 3))
        .unwrap_or_default();
    assert_eq!(page.total, all.total);
    assert_eq!(ids(&page), ids(&all)[2..5]);
    let cat = index
        .search(&Query::new("tỉnh").category("hoat-dong-nganh").page(0, 100))
        .unwrap_or_default();
    assert!(cat.total > 0 && cat.total < all.total);
    for h in &cat.hits {
        let a = articles.iter().find(|a| a.id == h.id);
        assert_eq!(
            a.and_then(|a| a.category.as_ref()).map(|c| c.slug.as_str()),
            Some("hoat-dong-nganh")
        );
    }
    let tagged = index
        .search(&Query::new("tỉnh").tag("thi dua").page(0, 100))
        .unwrap_or_default();
    assert!(tagged.total > 0 && tagged.total < all.total);
    let newest = index
        .search(&Query::new("tỉnh").order(Order::Newest).page(0, 100))
        .unwrap_or_default();
    let dates: Vec<_> = newest
        .hits
        .iter()
        .filter_map(|h| articles.iter().find(|a| a.id == h.id)?.published)
        .collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]));
    let from = dates.get(3).copied();
    let ranged = index
        .search(&Query::new("tỉnh").published(from, None).page(0, 100))
        .unwrap_or_default();
    assert_eq!(ranged.total, 4);
}

#[test]
fn bad_input() {
    let index = Index::build(&sample_articles().unwrap_or_default());
    for q in [
        "",
        "   ",
        "!!! ... ,,, ???",
        "\u{0301}\u{0300}\u{0323}",
        "\u{0}\u{7}\u{1b}[0m",
    ] {
        let r = index.search(&Query::new(q));
        assert_eq!(r, Ok(Results::default()), "{q:?}");
    }
    let long_word = "a".repeat(1000);
    assert_eq!(index.search(&Query::new(long_word)), Ok(Results::default()));
    let huge = "a".repeat(100_000);
    assert!(matches!(
        index.search(&Query::new(huge)),
        Err(SearchError::QueryTooLong { .. })
    ));
    let many = "ba ".repeat(1000);
    assert!(matches!(
        index.search(&Query::new(many)),
        Err(SearchError::QueryTooLong { .. } | SearchError::TooManySyllables { .. })
    ));
    let many = "b ".repeat(100);
    assert!(matches!(
        index.search(&Query::new(many)),
        Err(SearchError::TooManySyllables { count: 100, .. })
    ));
    assert!(matches!(
        index.search(&Query::new("x").page(0, 5000)),
        Err(SearchError::LimitTooLarge { .. })
    ));
}

#[test]
fn persistence_round_trip_and_version() {
    let index = small();
    let bytes = index.to_json().unwrap_or_default();
    let loaded = Index::from_json(&bytes);
    assert!(loaded.is_ok());
    let loaded = loaded.unwrap_or_default();
    let q = Query::new("phong tr");
    assert_eq!(loaded.search(&q), index.search(&q));
    assert!(loaded.contains(&crate::model::ArticleId::new("ban").unwrap_or_else(|_| panic!())));
    let text = String::from_utf8(bytes).unwrap_or_default();
    let future = text.replacen("\"format_version\":1", "\"format_version\":2", 1);
    assert_eq!(
        Index::from_json(future.as_bytes()).err(),
        Some(SearchError::UnsupportedVersion {
            found: 2,
            supported: 1
        })
    );
    assert!(matches!(
        Index::from_json(b"{"),
        Err(SearchError::Format(_))
    ));
}

#[test]
fn snapshots_are_isolated() {
    let total = |i: &Index, q: &str| i.search(&Query::new(q)).map_or(usize::MAX, |r| r.total);
    let mut index = small();
    let snap = index.snapshot();
    index.insert(&article("new", "Bóng đá Việt Nam", "Đội tuyển thắng."));
    let q = Query::new("\"bong da\"");
    assert_eq!(snap.search(&q).map(|r| r.total), Ok(0));
    assert_eq!(total(&index, "\"bong da\""), 1);
    index.update(&article("new", "Bóng chuyền", "Đội tuyển thua."));
    assert_eq!(total(&index, "\"bong da\""), 0);
    assert_eq!(total(&index, "\"bong chuyen\""), 1);
    assert_eq!(index.len(), 6);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn never_panics(q in "\\PC{0,80}", marks in "[\u{300}-\u{323}\"/ a-zđơưâăêô0-9]{0,40}") {
        let index = small();
        let _ = index.search(&Query::new(q.clone()));
        let _ = index.search(&Query::new(marks.clone()));
        let _ = index.search(&Query::new(format!("{q}{marks}")).order(Order::Oldest).page(3, 2));
    }
}

/// Every `step`-th article of the 3,000-article VNTC sample from the `skip`-th on;
/// `None` (with a visible SKIP line) when `../shared/data` is absent.
fn vntc_sample(skip: usize, step: usize) -> Option<Vec<Article>> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/data/vntc/vntc_sample_3000.jsonl"
    );
    let Ok(text) = std::fs::read_to_string(path) else {
        println!("SKIP: {path} not found");
        return None;
    };
    Some(
        text.lines()
            .skip(skip)
            .step_by(step)
            .filter_map(|l| parse_line(l).ok())
            .collect(),
    )
}

/// The relevance path (MaxScore top-k, bitset count) agrees with the exhaustive pass the
/// date orders use, and `search_ids` with `search`, on queries made of the articles'
/// title syllables (folded, cut, mistyped).
fn check_ranked_paths(articles: &[Article], queries: usize) -> usize {
    let index = Index::build(articles);
    let stopped = accumulate::STOPPED.with(std::cell::Cell::get);
    let words: Vec<String> = articles
        .iter()
        .flat_map(|a| {
            crate::text::syllables(&a.title)
                .map(|s| s.text.to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    let mut checked = 0;
    for (i, w) in words.windows(4).enumerate().step_by(3).take(queries) {
        let mut q = crate::text::fold(&w.join(" "));
        match i % 3 {
            0 => q.push(' '),
            1 => q.truncate(q.len().saturating_sub(2)),
            _ => q = q.replacen('a', "s", 1),
        }
        let full = index.search(&Query::new(q.as_str()).page(0, 20));
        let ids = index.search_ids(&Query::new(q.as_str()).page(0, 20));
        let dated = index.search(&Query::new(q.as_str()).order(Order::Oldest).page(0, 1000));
        let (Ok(full), Ok(ids), Ok(dated)) = (full, ids, dated) else {
            panic!("{q:?}");
        };
        assert_eq!(full.total, dated.total, "{q:?}");
        assert_eq!(ids.total, full.total, "{q:?}");
        let a: Vec<(&str, f32)> = full.hits.iter().map(|h| (h.id.as_str(), h.score)).collect();
        let b: Vec<(&str, f32)> = ids.hits.iter().map(|h| (h.id.as_str(), h.score)).collect();
        assert_eq!(a, b, "{q:?}");
        // The exhaustive scores, best first, are the top-k scores.
        let mut scores: Vec<f32> = dated.hits.iter().map(|h| h.score).collect();
        scores.sort_by(|x, y| y.total_cmp(x));
        scores.truncate(20);
        let top: Vec<f32> = full.hits.iter().map(|h| h.score).collect();
        assert_eq!(top, scores, "{q:?}");
        checked += 1;
    }
    assert!(checked > 5);
    accumulate::STOPPED.with(std::cell::Cell::get) - stopped
}

/// The 8-byte entries (query masks in 32 bits) and the 16-byte ones give every result
/// the same bits; a query of more than 32 syllables, which takes the wide ones by itself,
/// agrees with the exhaustive pass.
#[test]
fn narrow_and_wide_entries_rank_alike() {
    let articles = sample_articles().unwrap_or_default();
    let index = Index::build(&articles);
    let run = |q: &str, wide: bool| {
        accumulate::WIDE_ONLY.with(|c| c.set(wide));
        let r = index.search_ids(&Query::new(q).page(0, 20));
        accumulate::WIDE_ONLY.with(|c| c.set(false));
        r.map(|r| {
            let hits: Vec<(String, u32)> = r
                .hits
                .iter()
                .map(|h| (h.id.as_str().to_string(), h.score.to_bits()))
                .collect();
            (r.total, hits)
        })
        .ok()
    };
    let words: Vec<String> = articles
        .iter()
        .flat_map(|a| {
            crate::text::syllables(&a.title)
                .map(|s| crate::text::fold(s.text))
                .collect::<Vec<_>>()
        })
        .collect();
    let mut checked = 0;
    for w in words.windows(3).step_by(2).take(40) {
        let q = w.join(" ");
        let narrow = run(&q, false);
        assert!(narrow.as_ref().is_some_and(|r| r.0 > 0), "{q:?}");
        assert_eq!(narrow, run(&q, true), "{q:?}");
        checked += 1;
    }
    assert!(checked > 10);
    let long = words.iter().take(40).cloned().collect::<Vec<_>>().join(" ");
    let ranked = index.search(&Query::new(long.as_str()).page(0, 20));
    let dated = index.search(&Query::new(long.as_str()).order(Order::Oldest).page(0, 1000));
    let (Ok(ranked), Ok(dated)) = (ranked, dated) else {
        panic!("{long:?}");
    };
    assert!(ranked.total > 0);
    assert_eq!(ranked.total, dated.total);
    let mut scores: Vec<f32> = dated.hits.iter().map(|h| h.score).collect();
    scores.sort_by(|x, y| y.total_cmp(x));
    scores.truncate(20);
    let top: Vec<f32> = ranked.hits.iter().map(|h| h.score).collect();
    assert_eq!(top, scores);
}

#[test]
fn ranked_paths_agree() {
    check_ranked_paths(&sample_articles().unwrap_or_default(), 100);
}

/// As [`ranked_paths_agree`] on 1,500 VNTC articles, where most documents are not
/// seeded and the essential lists and bounds do the work.
#[test]
fn ranked_paths_agree_on_vntc() {
    let Some(articles) = vntc_sample(0, 2) else {
        return;
    };
    assert!(articles.len() > 1000, "{}", articles.len());
    // Some passes (two a query) stop taking new documents before the long lists, some
    // do not.
    let stopped = check_ranked_paths(&articles, 60);
    assert!((1..120).contains(&stopped), "{stopped}");
}

/// With every list of 8 postings or more given a bitset (so that the pass after its stop
/// and its stop checks look postings up through them), the ranked paths still agree with
/// the exhaustive pass, and every result has the bits of an index without bitsets.
#[test]
fn bitsets_of_long_lists_change_no_result() {
    let Some(articles) = vntc_sample(0, 2) else {
        return;
    };
    let with_min = |n: Option<usize>| {
        super::dense::MIN_LEN_FOR_TESTS.with(|c| c.set(n));
        let index = Index::build(&articles);
        super::dense::MIN_LEN_FOR_TESTS.with(|c| c.set(None));
        index
    };
    let (plain, dense) = (with_min(Some(usize::MAX)), with_min(Some(8)));
    assert!(plain.inner.dense.is_empty());
    assert!(dense.inner.dense.len() > 100, "{}", dense.inner.dense.len());
    let words: Vec<String> = articles
        .iter()
        .flat_map(|a| {
            crate::text::syllables(&a.title)
                .map(|s| crate::text::fold(s.text))
                .collect::<Vec<_>>()
        })
        .collect();
    let stopped = accumulate::STOPPED.with(std::cell::Cell::get);
    for w in words.windows(4).step_by(5).take(80) {
        let q = w.join(" ");
        let run = |i: &Index| {
            i.search_ids(&Query::new(q.as_str()).page(0, 10)).map(|r| {
                let hits: Vec<(String, u32)> = r
                    .hits
                    .iter()
                    .map(|h| (h.id.as_str().to_string(), h.score.to_bits()))
                    .collect();
                (r.total, hits)
            })
        };
        assert_eq!(run(&plain).ok(), run(&dense).ok(), "{q:?}");
    }
    assert!(accumulate::STOPPED.with(std::cell::Cell::get) > stopped);
    super::dense::MIN_LEN_FOR_TESTS.with(|c| c.set(Some(8)));
    let stopped = check_ranked_paths(&articles, 60);
    super::dense::MIN_LEN_FOR_TESTS.with(|c| c.set(None));
    assert!(stopped > 0);
}

/// Inserts, updates and removals keep every bitset exactly its list.
#[test]
fn bitsets_follow_edits() {
    let articles = sample_articles().unwrap_or_default();
    super::dense::MIN_LEN_FOR_TESTS.with(|c| c.set(Some(2)));
    let mut index = Index::build(&articles);
    super::dense::MIN_LEN_FOR_TESTS.with(|c| c.set(None));
    assert!(!index.inner.dense.is_empty());
    let check = |index: &Index| {
        for (&id, set) in &index.inner.dense {
            let list = &index.inner.postings[id as usize];
            assert_eq!(set.len(), list.len(), "term {id}");
            for (i, p) in list.iter().enumerate() {
                assert_eq!(set.position(p.0), Some(i), "term {id}");
            }
        }
    };
    for (n, a) in articles.iter().enumerate().take(10) {
        let mut b = a.clone();
        if n % 2 == 0 {
            b.title = format!("{} cập nhật", b.title);
            index.insert(&b);
        } else {
            index.remove(&b.id);
        }
        check(&index);
    }
    for a in articles.iter().take(10) {
        index.insert(a);
        check(&index);
    }
}

/// The one-pass ranking (`accumulate`) and MaxScore with the bitset count give the same
/// pages and totals, with filters, quoted phrases and page sizes from 1 to 60.
#[test]
fn accumulate_agrees_with_maxscore() {
    let Some(articles) = vntc_sample(1, 3) else {
        return;
    };
    assert!(articles.len() > 500, "{}", articles.len());
    let index = Index::build(&articles);
    let run = |q: &Query, maxscore: bool| {
        score::MAXSCORE_ONLY.with(|c| c.set(maxscore));
        let r = index.search_ids(q);
        score::MAXSCORE_ONLY.with(|c| c.set(false));
        r.map(|r| {
            let hits: Vec<(String, u32)> = r
                .hits
                .iter()
                .map(|h| (h.id.as_str().to_string(), h.score.to_bits()))
                .collect();
            (r.total, hits)
        })
    };
    let mut checked = 0;
    for (i, a) in articles.iter().enumerate().step_by(7).take(60) {
        let syl: Vec<String> = crate::text::syllables(&a.title)
            .map(|s| s.text.to_string())
            .take(2 + i % 6)
            .collect();
        if syl.len() < 2 {
            continue;
        }
        let mut text = crate::text::fold(&syl.join(" "));
        match i % 4 {
            0 => text.truncate(text.len().saturating_sub(1)),
            1 => text = format!("\"{}\" {}", syl[..2].join(" "), text),
            2 => text = text.replacen('n', "m", 1),
            _ => text.push(' '),
        }
        let mut q = Query::new(text.as_str()).page(i % 3, [1, 10, 20][i % 3]);
        if i % 5 == 0 {
            if let Some(c) = &a.category {
                q = q.category(c.slug.as_str());
            }
        }
        let (Ok(cover), Ok(maxscore)) = (run(&q, false), run(&q, true)) else {
            panic!("{text:?}");
        };
        assert_eq!(cover, maxscore, "{text:?}");
        checked += usize::from(cover.0 > 0);
    }
    assert!(checked > 30, "{checked}");
}

/// Compaction renumbers slots after many edits (`COMPACT_MIN_DEAD` is 256).
#[test]
fn endless_edits_keep_the_index_bounded_and_its_answers() {
    let articles = sample_articles().unwrap_or_default();
    let fresh = Index::build(&articles);
    let mut edited = Index::build(&articles);
    let mut compacted = false;
    for _ in 0..40 {
        for a in &articles {
            let before = edited.slots();
            assert!(edited.update(a));
            compacted |= edited.slots() < before;
            let slots = edited.slots();
            assert!(slots <= 2 * edited.len() + 257, "{slots} slots");
        }
    }
    assert!(compacted, "{} updates never compacted", 40 * articles.len());
    assert_eq!(edited.len(), fresh.len());
    for q in [
        "so ket thi dua",
        "kiểm sát",
        "hoà",
        "08/KH-UBND",
        "phong tr",
    ] {
        let (a, b) = (
            fresh.search_ids(&Query::new(q)).unwrap_or_default(),
            edited.search_ids(&Query::new(q)).unwrap_or_default(),
        );
        assert_eq!(a.total, b.total, "{q}");
        let ids =
            |r: &IdResults| -> Vec<String> { r.hits.iter().map(|h| h.id.to_string()).collect() };
        assert_eq!(ids(&a), ids(&b), "{q}");
    }
}

/// The bigrams' neighbour lists (`Inner::after`, `Inner::before`) hold exactly the
/// pairs the bigram dictionary holds, after a build, inserts of new text, removals
/// (which leave the dictionary as it is) and a load.
#[test]
fn neighbour_lists_follow_the_bigram_dictionary() {
    let check = |index: &Index| {
        let inner = &index.inner;
        let name: std::collections::HashMap<u32, &str> = inner
            .folded
            .iter()
            .map(|(k, &id)| (id, k.as_str()))
            .collect();
        let mut pairs = 0;
        for (a, list) in &inner.after {
            assert!(list.windows(2).all(|w| w[0].0 < w[1].0), "unsorted");
            for &(b, id) in list {
                let key = format!("{} {}", name[a], name[&b]);
                assert_eq!(inner.bigram.get(&key), Some(&id), "{key}");
                assert!(inner.before[&b].binary_search(a).is_ok(), "{key}");
                pairs += 1;
            }
        }
        assert_eq!(pairs, inner.bigram.len());
        assert_eq!(
            inner.before.values().map(Vec::len).sum::<usize>(),
            inner.bigram.len()
        );
    };
    let articles = sample_articles().unwrap_or_default();
    let mut index = Index::build(&articles);
    check(&index);
    let built = index.inner.bigram.len();
    let words = ["quỳnh", "khuyến", "ngoằn", "nghoèo", "xoong", "chuyền"];
    for (n, a) in articles.iter().enumerate().take(12) {
        let mut b = a.clone();
        let (x, y) = (words[n % 6], words[(n + 1 + n / 6) % 6]);
        b.title = format!("{} {x} {y}", b.title);
        index.insert(&b);
        if n % 3 == 0 {
            index.remove(&b.id);
        }
        check(&index);
    }
    assert!(
        index.inner.bigram.len() > built,
        "no new bigram was inserted"
    );
    let loaded = Index::from_json(&index.to_json().unwrap_or_default()).unwrap_or_default();
    check(&loaded);
    assert_eq!(loaded.inner.after, index.inner.after);
}
