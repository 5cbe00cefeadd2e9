//! Related articles: property tests (no panic on arbitrary articles and edits) and a data
//! test on real labelled news (VNTC sample; skipped with a message when absent).

use std::collections::HashMap;
use std::io::BufRead;

use proptest::prelude::*;
use tintuc::model::{Article, ArticleId, Block, Category, Status};
use tintuc::related::{Config, Index, QueryOptions};

fn article(id: usize, title: &str, body: &[String], tags: &[String], cat: Option<&str>) -> Article {
    let mut a = Article::new(
        ArticleId::new(format!("p{id}")).unwrap(),
        if title.trim().is_empty() {
            "x".into()
        } else {
            title.into()
        },
        format!("p{id}").parse().unwrap(),
    );
    a.body = body.iter().map(|p| Block::paragraph(p.clone())).collect();
    a.tags = tags.to_vec();
    a.category = cat.and_then(Category::from_name);
    a.status = if id % 5 == 0 {
        Status::Draft
    } else {
        Status::Published
    };
    a.published = Some(
        format!("2018-0{}-1{}T08:00:00+07:00", 1 + id % 9, id % 10)
            .parse()
            .unwrap(),
    );
    if id % 3 == 0 {
        a.related = vec![ArticleId::new(format!("p{}", id + 1)).unwrap()];
    }
    a
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(crate::common::cases(32)))]
    #[test]
    fn arbitrary_articles_never_panic(
        docs in prop::collection::vec(
            ("\\PC{0,40}", prop::collection::vec("(\\PC|[ \\n/,.-]){0,120}", 0..4),
             prop::collection::vec("[a-zđ ]{0,12}", 0..3), prop::option::of("[A-Za-zà-ỹ ]{1,10}")),
            1..12),
        k in 0usize..12,
        removals in prop::collection::vec(0usize..12, 0..6),
    ) {
        let arts: Vec<Article> = docs.iter().enumerate()
            .map(|(i, (t, b, tags, c))| article(i, t, b, tags, c.as_deref()))
            .collect();
        let options = QueryOptions {
            mmr_lambda: Some(0.5),
            max_per_category: Some(2),
            ..QueryOptions::top(k)
        };
        let mut index = Index::build(&arts, Config::default());
        for a in &arts {
            let r = index.related(&a.id, &options);
            prop_assert!(r.len() <= k);
            prop_assert!(r.iter().all(|x| x.id != a.id));
            let _ = index.related(a, &options);
        }
        for &r in &removals {
            if let Some(a) = arts.get(r) {
                index.remove(&a.id);
            }
        }
        for a in &arts {
            let r = index.related(&a.id, &options);
            prop_assert!(r.iter().all(|x| index.contains(&x.id)));
        }
        for a in arts.iter().rev() {
            index.update(a);
        }
        prop_assert_eq!(index.len(), arts.len());
        let json = serde_json::to_string(&index).unwrap();
        let back: Index = serde_json::from_str(&json).unwrap();
        for a in &arts {
            prop_assert_eq!(back.related(&a.id, &options), index.related(&a.id, &options));
        }
    }
}

/// Precision@10 on the VNTC sample (300 articles in each of 10 categories): the ranker
/// sees title and body only; the label is used for scoring.
#[test]
fn vntc_sample_precision_at_10() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/data/vntc/vntc_sample_3000.jsonl"
    );
    let Ok(file) = std::fs::File::open(path) else {
        println!("SKIP: {path} not found");
        return;
    };
    let mut articles = Vec::new();
    let mut labels: HashMap<String, String> = HashMap::new();
    for line in std::io::BufReader::new(file).lines() {
        let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
        let s = |k: &str| v[k].as_str().unwrap_or("").to_string();
        let mut title = s("title");
        if title.trim().is_empty() {
            title = s("body").chars().take(80).collect();
        }
        let id = ArticleId::new(s("id")).unwrap();
        let mut a = Article::new(id.clone(), title, "a".parse().unwrap());
        a.body = s("body").split('\n').map(Block::paragraph).collect();
        a.status = Status::Published;
        labels.insert(s("id"), s("category"));
        articles.push(a);
    }
    let index = Index::build(&articles, Config::default());
    let (mut hits, mut total) = (0usize, 0usize);
    for a in articles.iter().step_by(10) {
        let want = &labels[a.id.as_str()];
        let r = index.related(&a.id, &QueryOptions::top(10));
        total += 10;
        hits += r.iter().filter(|x| &labels[x.id.as_str()] == want).count();
    }
    let p = hits as f64 / total as f64;
    println!(
        "vntc_sample_3000: p@10 = {p:.3} over {} queries",
        total / 10
    );
    assert!(p >= 0.6, "p@10 {p:.3} is below the 0.6 floor");
}
