//! Search bench queries of the five kinds readers type (title fragment without marks, in
//! the other tone style, with two letters swapped, unfinished, a folded body phrase),
//! shared by the root `search` bench and the peers' `search` bench (included by path).
use tintuc::model::Article;
use tintuc::text::{convert_tone_style, fold, syllables, ToneStyle};

/// Queries of the five kinds made from every `step`-th article (deterministic: a title
/// window at a position set by the article's index).
pub fn bench_queries(articles: &[Article], step: usize) -> [(&'static str, Vec<String>); 5] {
    let mut kinds: [(&'static str, Vec<String>); 5] = [
        ("title-folded", Vec::new()),
        ("title-style", Vec::new()),
        ("typo", Vec::new()),
        ("prefix", Vec::new()),
        ("body-phrase", Vec::new()),
    ];
    for (i, a) in articles.iter().enumerate().step_by(step.max(1)) {
        let title: Vec<&str> = syllables(&a.title).map(|s| s.text).collect();
        if title.len() >= 4 {
            let at = i % (title.len() - 3);
            let window = &title[at..at + 4];
            let folded: Vec<String> = window.iter().map(|s| fold(s)).collect();
            kinds[0].1.push(folded.join(" "));
            let marked = window.join(" ");
            let other = convert_tone_style(&marked, ToneStyle::New);
            let other = if other == marked {
                convert_tone_style(&marked, ToneStyle::Old)
            } else {
                other
            };
            kinds[1].1.push(other.into_owned());
            // Swap two letters of the longest syllable.
            let mut typo = folded.clone();
            if let Some(w) = typo.iter_mut().max_by_key(|w| w.len())
                && w.len() >= 4
                && w.is_ascii()
            {
                let mut b = w.clone().into_bytes();
                b.swap(1, 2);
                *w = String::from_utf8(b).unwrap_or_default();
            }
            kinds[2].1.push(typo.join(" "));
            let mut prefix = folded;
            if let Some(last) = prefix.last_mut()
                && last.len() > 2
                && last.is_ascii()
            {
                last.truncate(2);
            }
            kinds[3].1.push(prefix.join(" "));
        }
        let body: Vec<&str> = a
            .body
            .iter()
            .flat_map(|b| b.text_parts())
            .flat_map(syllables)
            .map(|s| s.text)
            .collect();
        if body.len() >= 6 {
            let at = (i * 7) % (body.len() - 5);
            kinds[4].1.push(fold(&body[at..at + 6].join(" ")));
        }
    }
    kinds
}
