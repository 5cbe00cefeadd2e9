//! Starting from saved indexes: the related and search indexes as a node had them, with
//! a fingerprint of every article version they hold, brought up to date with the store
//! by re-indexing only the articles whose fingerprint changed and dropping those no
//! longer published.

use std::collections::HashMap;

use crate::model::{Article, ArticleId};
use crate::{related, search};

/// Indexes and the fingerprint of each article version in them.
#[derive(Clone)]
pub(crate) struct Saved {
    pub related: related::Index,
    pub search: search::Index,
    pub seen: HashMap<ArticleId, u64>,
}

/// FNV-1a over the bytes written to it.
struct Fnv(u64);

impl std::io::Write for Fnv {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        for &b in buf {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A fingerprint of everything in `article` (its JSON form): any edit changes it.
pub(crate) fn fingerprint(article: &Article) -> u64 {
    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    // Writing to `Fnv` cannot fail, and an `Article` always serialises.
    let _ = serde_json::to_writer(&mut h, article);
    h.0
}

/// The indexes over `published` (every published article in the store): `saved` brought
/// up to date when given, else built.
pub(crate) fn indexes(published: &[Article], saved: Option<Saved>) -> Saved {
    let Some(Saved {
        mut related,
        mut search,
        seen: before,
    }) = saved
    else {
        return Saved {
            related: related::Index::builder().build(published),
            search: search::Index::build(published),
            seen: published
                .iter()
                .map(|a| (a.id.clone(), fingerprint(a)))
                .collect(),
        };
    };
    let mut seen = HashMap::with_capacity(published.len());
    for a in published {
        let fp = fingerprint(a);
        if before.get(&a.id) != Some(&fp) {
            related.update(a);
            search.update(a);
        }
        seen.insert(a.id.clone(), fp);
    }
    for id in before.keys() {
        if !seen.contains_key(id) {
            related.remove(id);
            search.remove(id);
        }
    }
    Saved {
        related,
        search,
        seen,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::related::QueryOptions;

    #[test]
    fn catching_up_matches_a_fresh_build() {
        let all = crate::import::sample_articles().unwrap();
        let (old, rest) = all.split_at(all.len() / 2);
        let mut old = old.to_vec();
        let saved = indexes(&old, None);
        // Now: one article edited, one gone, the rest new.
        let gone = old.remove(0);
        old[0].title = format!("{} (sửa)", old[0].title);
        let now: Vec<Article> = old.iter().chain(rest).cloned().collect();
        let caught = indexes(&now, Some(saved));
        let fresh = indexes(&now, None);
        assert_eq!(caught.seen, fresh.seen);
        assert_eq!(caught.related.len(), now.len());
        assert_eq!(caught.search.len(), now.len());
        assert!(!caught.seen.contains_key(&gone.id));
        let top = QueryOptions::top(5).without_explanations();
        let ids = |s: &Saved, id: &ArticleId| -> Vec<ArticleId> {
            s.related
                .related(id, &top)
                .into_iter()
                .map(|r| r.id)
                .collect()
        };
        let rest_id = &rest[0].id;
        assert!(!ids(&caught, rest_id).is_empty());
        assert!(!ids(&caught, rest_id).contains(&gone.id));
        let q = crate::search::Query::new(&old[0].title);
        let hits = caught.search.search(&q).unwrap();
        assert_eq!(hits.hits.first().map(|h| &h.id), Some(&old[0].id));
    }
}
