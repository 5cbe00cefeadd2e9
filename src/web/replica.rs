//! The indexes and tables pages read, kept twice (a left-right pair): readers hold one
//! copy while the writer edits the other, so a write changes an index in place instead
//! of copying it whole (copy-on-write of an index that a snapshot still holds copies
//! every part of it, the related index's 8 MiB document-frequency sketch included).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::model::{Article, ArticleId, Slug};
use crate::related;
use crate::render::{RelatedLink, UrlScheme};
use crate::search;

use super::catalog::{Catalog, Filed};

/// One write as both copies apply it: the version the indexes hold (`old`, when they
/// hold it), the version readers may see now (`new`), the slug and tags the tables
/// list the article under (`before`), and the primary category of the version stored
/// (`filed`, visible or not). Decided once, by the writer, so that both copies take
/// the same steps.
pub(crate) struct Op {
    pub id: ArticleId,
    pub old: Option<Arc<Article>>,
    pub new: Option<Arc<Article>>,
    pub before: Option<(Slug, Vec<String>)>,
    pub filed: Option<Filed>,
}

/// The parts of a [`Replica`].
const PARTS: usize = 7;

/// Everything a page's view (`state::View`) shares: the indexes and the tables.
#[derive(Clone)]
pub(crate) struct Replica {
    pub related: related::Index,
    pub search: search::Index,
    pub links: Arc<HashMap<ArticleId, RelatedLink>>,
    pub tags: Arc<Tags>,
    pub gone: Arc<HashSet<Slug>>,
    pub moved: Arc<HashMap<Slug, ArticleId>>,
    pub catalog: Arc<Catalog>,
}

impl Replica {
    /// The tables over `published`, beside indexes built over them; `filed`: the
    /// primary category of every stored article, visible or not.
    pub fn new(
        related: related::Index,
        search: search::Index,
        published: &[Arc<Article>],
        filed: Vec<(ArticleId, Filed)>,
        urls: &dyn UrlScheme,
    ) -> Replica {
        let mut links = HashMap::with_capacity(published.len());
        let mut tags = Tags::new();
        let mut catalog = Catalog::default();
        for a in published {
            links.insert(a.id.clone(), RelatedLink::to(a, urls));
            count_tags(&mut tags, &a.tags, 1);
            catalog.insert(Arc::clone(a));
        }
        for (id, f) in filed {
            catalog.file(&id, Some(f));
        }
        Replica {
            related,
            search,
            links: Arc::new(links),
            tags: Arc::new(tags),
            gone: Arc::new(HashSet::new()),
            moved: Arc::new(HashMap::new()),
            catalog: Arc::new(catalog),
        }
    }

    /// Applies one write.
    fn apply(&mut self, op: &Op, urls: &dyn UrlScheme) {
        let (id, old, new) = (&op.id, op.old.as_deref(), op.new.as_deref());
        match (old, new) {
            (Some(o), Some(n)) => {
                self.related.update_from(o, n);
            }
            (None, Some(n)) => self.related.update(n),
            (Some(o), None) => {
                self.related.remove_article(o);
            }
            (None, None) => {
                self.related.remove(id);
            }
        }
        let links = Arc::make_mut(&mut self.links);
        let tags = Arc::make_mut(&mut self.tags);
        if let Some((slug, before_tags)) = &op.before {
            count_tags(tags, before_tags, -1);
            match new {
                Some(n) if n.slug == *slug => {}
                Some(_) => {
                    Arc::make_mut(&mut self.moved).insert(slug.clone(), id.clone());
                }
                None => {
                    Arc::make_mut(&mut self.gone).insert(slug.clone());
                }
            }
        }
        match new {
            Some(n) => {
                self.search.update(n);
                if self.gone.contains(&n.slug) {
                    Arc::make_mut(&mut self.gone).remove(&n.slug);
                }
                if self.moved.contains_key(&n.slug) {
                    Arc::make_mut(&mut self.moved).remove(&n.slug);
                }
                links.insert(n.id.clone(), RelatedLink::to(n, urls));
                count_tags(tags, &n.tags, 1);
            }
            None => {
                self.search.remove(id);
                links.remove(id);
            }
        }
        let catalog = Arc::make_mut(&mut self.catalog);
        match &op.new {
            Some(n) => catalog.insert(Arc::clone(n)),
            None => catalog.remove(id),
        }
        catalog.file(id, op.filed.clone());
    }

    /// Each part's data address (an edit that copies a part changes it).
    fn addrs(&self) -> [usize; PARTS] {
        self.parts().map(|p| p.0)
    }

    /// Each part's data address and how many hold it.
    fn parts(&self) -> [(usize, usize); PARTS] {
        fn of<T>(x: &Arc<T>) -> (usize, usize) {
            (Arc::as_ptr(x) as usize, Arc::strong_count(x))
        }
        [
            self.related.holders(),
            self.search.holders(),
            of(&self.links),
            of(&self.tags),
            of(&self.gone),
            of(&self.moved),
            of(&self.catalog),
        ]
    }

    /// Whether readers still hold a part (anything but this copy and `other`, which
    /// may share a part with it that no write changed yet): an edit would copy it.
    fn held(&self, other: &Replica) -> bool {
        self.parts()
            .iter()
            .zip(other.parts())
            .any(|(&(addr, n), (other_addr, _))| n > 1 + usize::from(addr == other_addr))
    }
}

/// How long a write waits for readers to let go of the copy it is about to edit before
/// it copies the parts they still hold.
const READERS_WAIT: Duration = Duration::from_millis(20);

/// The left-right pair. `front` has every write applied; [`Pair::hand_out`] gives it to
/// readers. The first write after that goes to `back` instead: it waits (at most
/// [`READERS_WAIT`]) for readers to let go of `back` (the copy handed out the time
/// before), applies the writes `back` missed (`lag`) and the new one, and the two swap
/// roles. Each write is applied twice and nothing is copied, as long as readers let go
/// of a copy within two publications; a copy still held is copied by the edit
/// (copy-on-write), as a single copy would be, and [`Pair::copies`] counts it.
pub(crate) struct Pair {
    front: Replica,
    /// `None` until the first write: then a clone of `front`, which that write copies.
    back: Option<Replica>,
    /// Writes `front` has and `back` does not, oldest first.
    lag: Vec<Op>,
    /// Whether readers were given `front` since its last write.
    handed_out: bool,
    copies: u64,
}

impl Pair {
    pub fn new(front: Replica) -> Pair {
        Pair {
            front,
            back: None,
            lag: Vec::new(),
            handed_out: false,
            copies: 0,
        }
    }

    /// The copy with every write applied.
    #[cfg(any(test, feature = "postgres"))]
    pub fn front(&self) -> &Replica {
        &self.front
    }

    /// [`Pair::front`], for readers: the next write goes to the other copy.
    pub fn hand_out(&mut self) -> &Replica {
        self.handed_out = true;
        &self.front
    }

    /// How many writes copied a part of the copy they edited (readers still held it),
    /// counted by the parts' addresses. (The first write also copies the parts it
    /// changes: that makes the second copy; it is not counted.)
    #[cfg(test)]
    pub fn copies(&self) -> u64 {
        self.copies
    }

    /// Applies one write.
    pub fn apply(&mut self, op: Op, urls: &dyn UrlScheme) {
        if self.handed_out {
            let (mut back, made) = match self.back.take() {
                Some(back) => {
                    let deadline = Instant::now() + READERS_WAIT;
                    while back.held(&self.front) && Instant::now() < deadline {
                        std::thread::sleep(Duration::from_micros(100));
                    }
                    (back, false)
                }
                None => (self.front.clone(), true),
            };
            let before = back.addrs();
            for missed in self.lag.drain(..) {
                back.apply(&missed, urls);
            }
            let old = std::mem::replace(&mut self.front, back);
            self.back = Some(old);
            self.handed_out = false;
            self.edit(&op, urls, before, made);
        } else {
            let before = self.front.addrs();
            self.edit(&op, urls, before, false);
        }
        if self.back.is_some() {
            self.lag.push(op);
        }
    }

    /// Applies `op` to `front`, whose parts were at `before` (before the writes it
    /// missed, if any); counts a copy unless `front` was `made` by this write.
    fn edit(&mut self, op: &Op, urls: &dyn UrlScheme, before: [usize; PARTS], made: bool) {
        self.front.apply(op, urls);
        if !made && self.front.addrs() != before {
            self.copies += 1;
            if self.copies.is_power_of_two() {
                eprintln!(
                    "tintuc::web: a write copied indexes that readers held ({} writes so far)",
                    self.copies
                );
            }
        }
    }
}

/// The tag table: each tag slug with the spellings that give it and how many published
/// articles carry each.
pub(crate) type Tags = HashMap<Slug, BTreeMap<String, usize>>;

/// Adds `delta` to the count of each distinct tag in `list` (under its slug and spelling),
/// dropping what reaches zero.
pub(crate) fn count_tags(tags: &mut Tags, list: &[String], delta: isize) {
    let mut seen: Vec<&String> = Vec::new();
    for t in list {
        if seen.contains(&t) {
            continue;
        }
        seen.push(t);
        let Some(slug) = Slug::from_title(t) else {
            continue;
        };
        let spellings = tags.entry(slug.clone()).or_default();
        let n = spellings.entry(t.clone()).or_insert(0);
        *n = n.saturating_add_signed(delta);
        if *n == 0 {
            spellings.remove(t);
        }
        if spellings.is_empty() {
            tags.remove(&slug);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Block;
    use crate::render::DefaultUrls;
    use crate::web::catalog::recency;

    fn replica(articles: &[Article]) -> Replica {
        let arcs: Vec<Arc<Article>> = articles.iter().cloned().map(Arc::new).collect();
        let filed = articles
            .iter()
            .filter_map(|a| Some((a.id.clone(), (a.category.clone()?, recency(a)))))
            .collect();
        Replica::new(
            related::Index::builder().build(articles),
            search::Index::build(articles),
            &arcs,
            filed,
            &DefaultUrls,
        )
    }

    /// Write `i`: an edit of one article (its text changes, its terms do not grow).
    fn edit(articles: &[Article], i: usize) -> Op {
        let k = i % articles.len();
        let old = articles[k].clone();
        let mut new = old.clone();
        new.body = vec![Block::paragraph(if i % 2 == 0 {
            "Ủy ban nhân dân tỉnh họp phiên thường kỳ."
        } else {
            "Hội đồng thi đua khen thưởng sơ kết."
        })];
        Op {
            id: new.id.clone(),
            filed: new.category.clone().map(|c| (c, recency(&new))),
            old: Some(Arc::new(old)),
            new: Some(Arc::new(new)),
            before: None,
        }
    }

    /// What readers get from a copy: every article's related list (ids and scores),
    /// the search hits for every article's title, the tables.
    fn answers(r: &Replica) -> Vec<String> {
        let mut out = Vec::new();
        let mut ids: Vec<&ArticleId> = r.links.keys().collect();
        ids.sort();
        let top = related::QueryOptions::top(10).without_explanations();
        for id in ids {
            let list: Vec<(ArticleId, u32)> = r
                .related
                .related(id, &top)
                .into_iter()
                .map(|x| (x.id, x.score.to_bits()))
                .collect();
            out.push(format!("{id} {list:?}"));
            let a = r.catalog.by_id(id).unwrap();
            let hits = r
                .search
                .search_ids(&search::Query::new(a.title.clone()))
                .unwrap();
            let hits: Vec<(ArticleId, u32)> = hits
                .hits
                .into_iter()
                .map(|h| (h.id, h.score.to_bits()))
                .collect();
            out.push(format!("{} {:?}", a.title, hits));
            out.push(format!(
                "{:?} {}",
                r.links.get(id),
                crate::web::warm::fingerprint(a)
            ));
        }
        let mut tags: Vec<String> = r.tags.iter().map(|t| format!("{t:?}")).collect();
        tags.sort();
        out.extend(tags);
        out.push(format!("{} {:?} {:?}", r.catalog.len(), r.gone, r.moved));
        out
    }

    #[test]
    fn once_warm_a_write_copies_nothing_and_both_copies_agree() {
        let articles = crate::import::sample_articles().unwrap();
        let mut pair = Pair::new(replica(&articles));
        let mut single = replica(&articles);
        let mut seen = std::collections::BTreeSet::new();
        for i in 0..40 {
            let op = edit(&articles, i);
            single.apply(&op, &DefaultUrls);
            pair.apply(op, &DefaultUrls);
            // a reader takes the view and lets go of it
            let view = pair.hand_out().clone();
            drop(view);
            if i >= 2 {
                let addrs = pair.front().parts().map(|p| p.0);
                let back = pair.back.as_ref().unwrap().parts().map(|p| p.0);
                if i < 4 {
                    seen.extend(addrs);
                    seen.extend(back);
                }
                assert!(
                    addrs.iter().chain(&back).all(|a| seen.contains(a)),
                    "write {i} copied a part"
                );
            }
        }
        // no reader held a copy when it was edited; the indexes and tables that writes
        // change are two apart (the empty gone and moved tables are still one, shared)
        assert_eq!(pair.copies(), 0);
        assert_eq!(seen.len(), 12);
        // the front answers as one copy edited in place does, bit for bit
        assert_eq!(answers(pair.front()), answers(&single));
        // the back, once it caught up, too
        let mut back = pair.back.take().unwrap();
        for missed in pair.lag.drain(..) {
            back.apply(&missed, &DefaultUrls);
        }
        assert_eq!(answers(&back), answers(&single));
        let first = &articles[0].id;
        let q = related::QueryOptions::top(10);
        assert_eq!(
            back.related.related(first, &q),
            single.related.related(first, &q)
        );
    }

    #[test]
    fn a_view_held_across_writes_is_copied_not_changed() {
        let articles = crate::import::sample_articles().unwrap();
        let mut pair = Pair::new(replica(&articles));
        for i in 0..3 {
            pair.apply(edit(&articles, i), &DefaultUrls);
            pair.hand_out();
        }
        let held = pair.front().clone();
        let before = answers(&held);
        let addrs = held.addrs();
        let copies = pair.copies();
        for i in 3..7 {
            pair.apply(edit(&articles, i), &DefaultUrls);
            pair.hand_out();
        }
        // the held copy was copied once (when its turn came), never edited
        assert_eq!(pair.copies(), copies + 1);
        assert_eq!(answers(&held), before);
        assert_eq!(held.addrs(), addrs);
    }
}
