//! The latent-topic component in the index: fit, fold-in, removal, explanations,
//! determinism, and off at weight 0.

use super::*;

/// Two topics, each with its own syllables; an article uses six of its topic's twelve,
/// picked by a fixed generator, so two articles of one topic often share few words.
fn topical(n: usize) -> Vec<Article> {
    const SPORT: [&str; 12] = [
        "bóng", "sân", "cỏ", "cầu", "thủ", "trận", "bàn", "thắng", "huấn", "luyện", "giải", "đội",
    ];
    const MARKET: [&str; 12] = [
        "giá", "xăng", "tăng", "leo", "thang", "chứng", "khoán", "lãi", "suất", "ngân", "vốn",
        "thuế",
    ];
    let mut x = 12345u64;
    let mut next = move || {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (x >> 33) as usize
    };
    (0..n)
        .map(|i| {
            let words = if i % 2 == 0 { SPORT } else { MARKET };
            let pick: Vec<&str> = (0..6).map(|_| words[next() % words.len()]).collect();
            art(
                &format!("t{i}"),
                &pick[..3].join(" "),
                &format!("{}. {}.", pick.join(" "), pick[3..].join(" ")),
            )
        })
        .collect()
}

fn small() -> Config {
    Config {
        latent_dims: 8,
        ..Config::default()
    }
}

#[test]
fn topics_are_fitted_explained_and_add_up() {
    let articles = topical(400);
    // two topics in the articles: with few more topics in the model, its leading ones
    // split the two vocabularies (with many, some mix the rarer two-syllable words of both)
    let config = Config {
        latent_dims: 2,
        ..small()
    };
    let index = Index::build(&articles, config);
    let drift = index
        .latent_drift()
        .expect("400 articles, 2 topics: fitted");
    assert_eq!((drift.fitted, drift.folded), (400, 0));
    assert!(index.memory_bytes().latent >= 400 * 2);
    let mut with_topic = 0;
    for a in articles.iter().take(40) {
        for r in index.related(&a.id, &top(10)) {
            let w = &r.why;
            let sum =
                w.text + w.tags + w.documents + w.category + w.recency + w.feedback + w.latent;
            assert!((sum - r.score).abs() < 1e-4, "{r:?}");
            assert!(w.latent >= 0.0 && w.latent <= small().latent_weight + 1e-6);
            assert_eq!(w.latent > 0.0, !w.topic.is_empty(), "{w:?}");
            with_topic += usize::from(!w.topic.is_empty());
            // the topic's words (syllables, two-syllable words) are of the query's topic
            let sport =
                a.id.as_str()
                    .trim_start_matches('t')
                    .parse::<usize>()
                    .unwrap()
                    % 2
                    == 0;
            let theirs = if sport {
                "bóng sân cỏ cầu thủ trận bàn thắng huấn luyện giải đội"
            } else {
                "giá xăng tăng leo thang chứng khoán lãi suất ngân vốn thuế"
            };
            assert!(
                w.topic
                    .iter()
                    .all(|t| t.split(' ').all(|s| theirs.split(' ').any(|x| x == s))),
                "{:?}",
                w.topic
            );
        }
    }
    assert!(with_topic > 100, "{with_topic}");
    // explanations off: the same ids and scores
    let a = &articles[0];
    let plain = index.related(&a.id, &top(10).without_explanations());
    let full = index.related(&a.id, &top(10));
    assert_eq!(
        plain.iter().map(|r| (&r.id, r.score)).collect::<Vec<_>>(),
        full.iter().map(|r| (&r.id, r.score)).collect::<Vec<_>>()
    );
}

#[test]
fn weight_zero_or_too_few_articles_means_no_topics() {
    let articles = topical(400);
    let off = Index::build(
        &articles,
        Config {
            latent_weight: 0.0,
            ..small()
        },
    );
    assert!(off.latent_drift().is_none());
    assert_eq!(off.memory_bytes().latent, 0);
    let on = Index::build(&articles, small());
    // the lexical parts are the same; only the latent part (and the feedback, which
    // follows the order) differs
    let mut same = 0;
    for a in articles.iter().take(20) {
        let lexical = off.related(&a.id, &top(10));
        for r in &lexical {
            assert_eq!((r.why.latent, r.why.topic.len()), (0.0, 0));
        }
        for r in on.related(&a.id, &top(10)) {
            if let Some(l) = lexical.iter().find(|l| l.id == r.id) {
                assert_eq!(l.why.text.to_bits(), r.why.text.to_bits());
                same += 1;
            }
        }
    }
    assert!(same > 20, "{same}");
    // fewer than 8 articles a topic
    let few = Index::build(&articles[..60], small());
    assert!(few.latent_drift().is_none());
}

#[test]
fn fold_in_remove_refit_and_same_bytes() {
    let articles = topical(500);
    let (old, new) = articles.split_at(450);
    let mut index = Index::build(old, small());
    for a in new {
        index.insert(a);
    }
    let drift = index.latent_drift().unwrap();
    assert_eq!((drift.fitted, drift.folded), (450, 50));
    assert!((drift.folded_share() - 0.1).abs() < 1e-6);
    // same vocabulary: the new articles fit as well as the old ones
    assert!(drift.residual_gain() < 0.05, "{drift:?}");
    let inner = index.inner();
    let slot = inner.slot_of(&new[0].id).unwrap();
    assert!(inner.latent.as_ref().unwrap().vector(slot).is_some());
    // a removed article's vector goes
    index.remove(&new[0].id);
    let inner = index.inner();
    assert!(inner.latent.as_ref().unwrap().vector(slot).is_none());
    // a refit starts over; a rebuild over the same articles has the same topics
    assert!(index.refit_latent());
    assert_eq!(index.latent_drift().unwrap().folded, 0);
    assert_eq!(index.latent_drift().unwrap().fitted, 499);
    // the same articles and configuration: the same bytes, whatever the threads
    let one = Index::builder().config(small()).threads(1).build(&articles);
    let two = Index::builder().config(small()).threads(2).build(&articles);
    let (a, b) = (
        serde_json::to_string(&one).unwrap(),
        serde_json::to_string(&two).unwrap(),
    );
    assert_eq!(a, b);
    // and a loaded index ranks as the saved one
    let back: Index = serde_json::from_str(&a).unwrap();
    assert_eq!(back.latent_drift(), one.latent_drift());
    assert_eq!(
        back.related(&articles[0].id, &top(10)),
        one.related(&articles[0].id, &top(10))
    );
    // an outside article gets topics too
    let outside = index.related(&new[0], &top(10));
    assert!(outside.iter().any(|r| r.why.latent > 0.0));
}
