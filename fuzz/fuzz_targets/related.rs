//! Related articles: arbitrary text in titles and bodies, then build, query, edit (also
//! through `update_from` / `remove_article`), query again and round-trip through JSON —
//! nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tintuc::model::{Article, ArticleId, Block, Slug, Status};
use tintuc::related::{terms, Config, Index, QueryOptions};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = terms(&text);
    let slug = Slug::new("a").expect("valid slug");
    let articles: Vec<Article> = text
        .split('\u{1}')
        .take(16)
        .enumerate()
        .filter_map(|(i, chunk)| {
            let id = ArticleId::new(format!("f{i}")).ok()?;
            let (title, body) = chunk.split_once('\n').unwrap_or((chunk, ""));
            let mut a = Article::new(id, title.to_string(), slug.clone());
            a.body = body.split('\n').map(Block::paragraph).collect();
            a.tags = title.split(' ').take(2).map(String::from).collect();
            a.status = Status::Published;
            Some(a)
        })
        .collect();
    let config = Config {
        exact_edits: data.first().is_some_and(|b| b & 1 == 1),
        // 0 counts as 1; 1–3 restrict the lighter query terms
        seed_terms: data
            .first()
            .map_or(Config::default().seed_terms, |b| usize::from(b >> 1 & 3)),
        ..Config::default()
    };
    let mut index = Index::build(&articles, config);
    // every option path: diversity, no minimum, no explanations
    let options = QueryOptions {
        mmr_lambda: data.get(1).map(|&b| f32::from(b) / 255.0),
        max_per_category: data.get(2).map(|&b| usize::from(b & 3)),
        min_score: data.get(3).map_or(0.1, |&b| f32::from(b) / 512.0),
        explain: data.get(4).map_or(true, |&b| b & 1 == 0),
        ..QueryOptions::top(5)
    };
    for a in &articles {
        let _ = index.related(&a.id, &options);
        let _ = index.related(a, &options);
    }
    if let Some(first) = articles.first() {
        index.remove(&first.id);
        let _ = index.related(&first.id, &options);
        index.insert(first);
        index.update(first);
        if let Some(last) = articles.last() {
            index.remove(&last.id);
        }
        // edits that name the old version: exact, stale (a different copy) and unknown
        if let Some(second) = articles.get(1) {
            let _ = index.update_from(second, first);
            let _ = index.update_from(second, second);
            let _ = index.remove_article(second);
            let _ = index.remove_article(second);
        }
        index.precompute(&options);
        for a in &articles {
            let _ = index.related(&a.id, &options);
        }
    }
    if let Ok(json) = serde_json::to_string(&index) {
        let back: Result<Index, _> = serde_json::from_str(&json);
        assert!(back.is_ok());
    }
});
