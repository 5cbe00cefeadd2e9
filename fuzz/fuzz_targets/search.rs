//! Site search: arbitrary text as articles and as queries (with filters, orders, pages),
//! edits, and a JSON round trip — nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tintuc::model::{Article, ArticleId, Block, Slug};
use tintuc::search::{Index, Order, Query};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let slug = Slug::new("a").expect("valid slug");
    let mut parts = text.split('\u{1}');
    let queries: Vec<&str> = parts.next().unwrap_or("").split('\n').take(8).collect();
    let articles: Vec<Article> = parts
        .take(16)
        .enumerate()
        .filter_map(|(i, chunk)| {
            let id = ArticleId::new(format!("f{i}")).ok()?;
            let (title, body) = chunk.split_once('\n').unwrap_or((chunk, ""));
            let mut a = Article::new(id, title.to_string(), slug.clone());
            a.body = body.split('\n').map(Block::paragraph).collect();
            a.tags = title.split(' ').take(2).map(String::from).collect();
            Some(a)
        })
        .collect();
    let mut index = Index::build(&articles);
    let flags = data.first().copied().unwrap_or(0);
    let order = match flags % 3 {
        0 => Order::Relevance,
        1 => Order::Newest,
        _ => Order::Oldest,
    };
    for q in &queries {
        let mut query = Query::new(*q).order(order).page(usize::from(flags >> 4), 5);
        if flags & 8 != 0 {
            query = query.tag(q.split(' ').next().unwrap_or(""));
        }
        if let Ok(r) = index.search(&query) {
            assert!(r.hits.len() <= 5);
            for h in &r.hits {
                let _ = h.snippet.plain();
            }
        }
    }
    if let Some(a) = articles.first() {
        index.remove(&a.id);
        index.insert(a);
    }
    let bytes = index.to_json().expect("serialisable");
    let back = Index::from_json(&bytes).expect("round trip");
    for q in &queries {
        assert_eq!(back.search(&Query::new(*q)), index.search(&Query::new(*q)));
    }
});
