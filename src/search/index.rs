//! The inverted index: term dictionaries, postings, stored documents, lifecycle.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::analyze::{
    analyze_document, cited_numbers, DocTerms, DocText, FieldWeights, FxMap, KeyKind,
};
use super::dense::{self, Dense};
use crate::model::{Article, ArticleId, Category, Lifecycle, Status, Timestamp};
use crate::retrieval::parallel::par_map_after_by;
use crate::store::{ArticleStore, ScanIter, StoreError};

/// One posting: a document slot and the key's field-weighted frequency there.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub(crate) struct Posting(pub u32, pub f32);

/// See [`Inner::bounds`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TermBound {
    pub max_tf: f32,
    pub min_len: f32,
}

impl Default for TermBound {
    fn default() -> Self {
        TermBound {
            max_tf: 0.0,
            min_len: f32::INFINITY,
        }
    }
}

impl TermBound {
    fn add(&mut self, tf: f32, len: f32) {
        self.max_tf = self.max_tf.max(tf);
        self.min_len = self.min_len.min(len);
    }
}

/// What the index keeps of an article: its searchable text (re-analysed on removal and
/// for snippets) and the fields filters and ordering read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct DocEntry {
    pub id: ArticleId,
    pub title: String,
    pub lead: String,
    pub body: String,
    pub tags: Vec<String>,
    pub category: Option<Category>,
    pub documents: Vec<String>,
    pub published: Option<Timestamp>,
    /// (An index saved without statuses held what its host gave it: published.)
    #[serde(default = "published_status")]
    pub status: Status,
    #[serde(default)]
    pub expires: Option<Timestamp>,
}

fn published_status() -> Status {
    Status::Published
}

impl DocEntry {
    /// The entry of `a`: its searchable text, with the document numbers it cites (named
    /// in `documents` or written in its title, lead or body).
    pub(crate) fn from_article(a: &Article) -> DocEntry {
        let lead = a.lead.clone().unwrap_or_default();
        let body = a.body_text();
        let mut documents: Vec<String> = a.documents.iter().map(|d| d.number.clone()).collect();
        for text in [a.title.as_str(), lead.as_str(), body.as_str()] {
            for n in cited_numbers(text) {
                if !documents.contains(&n) {
                    documents.push(n);
                }
            }
        }
        DocEntry {
            id: a.id.clone(),
            title: a.title.clone(),
            lead,
            body,
            tags: a.tags.clone(),
            category: a.category.clone(),
            documents,
            published: a.published,
            status: a.status,
            expires: a.expires,
        }
    }

    /// What the visibility rule reads.
    pub(crate) fn lifecycle(&self) -> Lifecycle {
        Lifecycle {
            status: self.status,
            published: self.published,
            expires: self.expires,
        }
    }

    pub(crate) fn text(&self) -> DocText<'_> {
        DocText {
            title: &self.title,
            lead: &self.lead,
            body: &self.body,
            tags: &self.tags,
            category: self.category.as_ref().map_or("", |c| c.name.as_str()),
            documents: &self.documents,
        }
    }
}

/// An article's stored entry and its keys: the part of an insert that needs no index.
fn analyse(a: &Article) -> (DocEntry, DocTerms) {
    let entry = DocEntry::from_article(a);
    let terms = analyze_document(&entry.text(), &FieldWeights::default());
    (entry, terms)
}

/// Articles analysed per step of a build: each step's analysis runs on the rayon pool
/// while this thread adds the previous step's to the index (the order of insertion, so
/// the index, is that of a serial build).
const BUILD_CHUNK: usize = 512;

/// Builds by steps of [`BUILD_CHUNK`]: `next` fills a buffer with the next articles
/// (false when none is left).
fn build_steps<A: std::borrow::Borrow<Article> + Sync>(
    inner: &mut Inner,
    mut next: impl FnMut(&mut Vec<A>) -> bool,
) {
    let threads = rayon::current_num_threads();
    let mut pending: Vec<(DocEntry, DocTerms)> = Vec::new();
    let mut chunk: Vec<A> = Vec::with_capacity(BUILD_CHUNK);
    loop {
        chunk.clear();
        let more = next(&mut chunk);
        let (analysed, ()) = par_map_after_by(
            &chunk,
            threads,
            16,
            |a| analyse(a.borrow()),
            || {
                for (e, t) in pending.drain(..) {
                    inner.insert_analysed(e, t, false);
                }
            },
        );
        pending = analysed;
        if !more {
            break;
        }
    }
    for (e, t) in pending {
        inner.insert_analysed(e, t, false);
    }
    inner.rebuild_dense();
    inner.rebuild_neighbours();
}

/// Removed documents tolerated before [`Inner::compact_if_sparse`] renumbers slots,
/// whatever the number of live ones.
const COMPACT_MIN_DEAD: usize = 256;

/// The index's data; shared by [`Index`] and its [`Snapshot`]s.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Inner {
    pub folded: FxMap<String, u32>,
    /// The folded syllables in order with their term ids, for prefix lookups (rebuilt
    /// on load).
    #[serde(skip)]
    pub folded_sorted: BTreeMap<String, u32>,
    pub exact: FxMap<String, u32>,
    pub bigram: FxMap<String, u32>,
    /// By folded syllable id: the folded syllables that follow it in some bigram, by id,
    /// each with that bigram's term id. With [`Inner::before`], a query's expansion asks
    /// whether two syllables ever stand side by side by searching one short list that
    /// stays in cache, not by looking up each pair in [`Inner::bigram`] (a random read
    /// each: `search_eval`). Rebuilt after a build and a load, kept through inserts.
    #[serde(skip)]
    pub after: FxMap<u32, Vec<(u32, u32)>>,
    /// By folded syllable id: the folded syllables that precede it in some bigram, by id.
    #[serde(skip)]
    pub before: FxMap<u32, Vec<u32>>,
    pub document: FxMap<String, u32>,
    /// Postings by term id, ordered by slot.
    pub postings: Vec<Vec<Posting>>,
    /// By term id: the largest frequency and the smallest document length its postings
    /// have held (an upper bound on its BM25 term score; removals leave it as it is, so it
    /// stays one). Rebuilt on load.
    #[serde(skip)]
    pub bounds: Vec<TermBound>,
    /// The longest lists as bitsets with ranks, by term id ([`super::dense`]). Rebuilt
    /// after a build, a load and a renumbering; kept exact through edits (a list that
    /// grows long by inserts gets one at the next rebuild).
    #[serde(skip)]
    pub dense: FxMap<u32, Dense>,
    /// Documents by slot; a removed document leaves `None`.
    pub docs: Vec<Option<DocEntry>>,
    /// Weighted length by slot (0 when removed).
    pub lens: Vec<f32>,
    #[serde(skip)]
    pub by_id: HashMap<ArticleId, u32>,
    pub live: usize,
    pub total_len: f64,
}

impl Inner {
    pub(crate) fn dict(&self, kind: KeyKind, key: &str) -> Option<u32> {
        match kind {
            KeyKind::Folded => self.folded.get(key).copied(),
            KeyKind::Exact => self.exact.get(key).copied(),
            KeyKind::Bigram => self.bigram.get(key).copied(),
            KeyKind::Document => self.document.get(key).copied(),
        }
    }

    /// Number of live documents holding term `id`.
    pub(crate) fn df(&self, id: u32) -> usize {
        self.postings.get(id as usize).map_or(0, Vec::len)
    }

    /// The folded syllable ids `(a, b)` of bigram key `a b`: the key split at each space
    /// into two known folded syllables (one split unless a syllable holds a space), so
    /// every pair whose key is in the dictionary is found.
    fn bigram_pairs<'k>(&'k self, key: &'k str) -> impl Iterator<Item = (u32, u32)> + 'k {
        key.match_indices(' ').filter_map(move |(at, _)| {
            let a = self.folded.get(key.get(..at)?)?;
            let b = self.folded.get(key.get(at + 1..)?)?;
            Some((*a, *b))
        })
    }

    /// Links the syllables of new bigram `key` (term id `id`) in [`Inner::after`] and
    /// [`Inner::before`], keeping both sorted.
    fn link_bigram(&mut self, id: u32, key: &str) {
        let pairs: Vec<(u32, u32)> = self.bigram_pairs(key).collect();
        for (a, b) in pairs {
            let list = self.after.entry(a).or_default();
            if let Err(pos) = list.binary_search_by_key(&b, |e| e.0) {
                list.insert(pos, (b, id));
            }
            let list = self.before.entry(b).or_default();
            if let Err(pos) = list.binary_search(&a) {
                list.insert(pos, a);
            }
        }
    }

    /// Rebuilds [`Inner::after`] and [`Inner::before`] from the bigram dictionary.
    pub(crate) fn rebuild_neighbours(&mut self) {
        let mut after: FxMap<u32, Vec<(u32, u32)>> = FxMap::default();
        let mut before: FxMap<u32, Vec<u32>> = FxMap::default();
        for (key, &id) in &self.bigram {
            for (a, b) in self.bigram_pairs(key) {
                after.entry(a).or_default().push((b, id));
                before.entry(b).or_default().push(a);
            }
        }
        for list in after.values_mut() {
            list.sort_unstable();
            list.shrink_to_fit();
        }
        for list in before.values_mut() {
            list.sort_unstable();
            list.shrink_to_fit();
        }
        self.after = after;
        self.before = before;
    }

    /// The term id of `key`, a new one when the dictionary lacks it. A new bigram is
    /// added to `new_bigrams` (its syllables are linked once the document's are known).
    fn term_id(
        &mut self,
        kind: KeyKind,
        key: String,
        new_bigrams: Option<&mut Vec<(u32, String)>>,
    ) -> u32 {
        let next = u32::try_from(self.postings.len()).unwrap_or(u32::MAX);
        let id = match kind {
            KeyKind::Folded => match self.folded.get(&key) {
                Some(&id) => id,
                None => {
                    self.folded_sorted.insert(key.clone(), next);
                    self.folded.insert(key, next);
                    next
                }
            },
            KeyKind::Exact => *self.exact.entry(key).or_insert(next),
            KeyKind::Bigram => match self.bigram.entry(key) {
                std::collections::hash_map::Entry::Occupied(e) => *e.get(),
                std::collections::hash_map::Entry::Vacant(e) => {
                    if let Some(new) = new_bigrams {
                        new.push((next, e.key().clone()));
                    }
                    *e.insert(next)
                }
            },
            KeyKind::Document => *self.document.entry(key).or_insert(next),
        };
        if id == next {
            self.postings.push(Vec::new());
            self.bounds.push(TermBound::default());
        }
        id
    }

    fn insert(&mut self, a: &Article) {
        let (entry, terms) = analyse(a);
        self.insert_analysed(entry, terms, true);
    }

    /// Adds an analysed article ([`analyse`]), replacing the one with its id; `link`:
    /// whether its new bigrams are linked now (a build links them all at its end).
    fn insert_analysed(&mut self, entry: DocEntry, terms: DocTerms, link: bool) {
        if self.remove(&entry.id) {
            self.compact_if_sparse();
        }
        let Ok(slot) = u32::try_from(self.docs.len()) else {
            return;
        };
        let mut new_bigrams: Vec<(u32, String)> = Vec::new();
        for ((kind, key), tf) in terms.terms {
            let id = self.term_id(kind, key, link.then_some(&mut new_bigrams));
            if let Some(list) = self.postings.get_mut(id as usize) {
                list.push(Posting(slot, tf));
            }
            if let Some(d) = self.dense.get_mut(&id) {
                d.push(slot);
            }
            if let Some(b) = self.bounds.get_mut(id as usize) {
                b.add(tf, terms.len);
            }
        }
        for (id, key) in new_bigrams {
            self.link_bigram(id, &key);
        }
        self.by_id.insert(entry.id.clone(), slot);
        self.docs.push(Some(entry));
        self.lens.push(terms.len);
        self.live += 1;
        self.total_len += f64::from(terms.len);
    }

    fn remove(&mut self, id: &ArticleId) -> bool {
        let Some(slot) = self.by_id.remove(id) else {
            return false;
        };
        let Some(entry) = self.docs.get_mut(slot as usize).and_then(Option::take) else {
            return false;
        };
        let terms = analyze_document(&entry.text(), &FieldWeights::default());
        for (kind, key) in terms.terms.keys() {
            let Some(tid) = self.dict(*kind, key) else {
                continue;
            };
            if let Some(list) = self.postings.get_mut(tid as usize) {
                if let Ok(pos) = list.binary_search_by_key(&slot, |p| p.0) {
                    list.remove(pos);
                    if let Some(d) = self.dense.get_mut(&tid) {
                        d.remove(slot);
                    }
                }
            }
        }
        if let Some(len) = self.lens.get_mut(slot as usize) {
            self.total_len -= f64::from(*len);
            *len = 0.0;
        }
        self.live = self.live.saturating_sub(1);
        true
    }

    /// Renumbers the slots once removed documents outnumber the live ones (and number
    /// more than [`COMPACT_MIN_DEAD`]): an update appends a slot and leaves the old one
    /// empty, so without this an index edited forever grows forever (and its `u32` slots
    /// would run out). Live documents keep their relative order, so rankings and ties
    /// are unchanged; the cost, linear in the postings, is paid once per as many edits as
    /// there are live documents.
    fn compact_if_sparse(&mut self) {
        let dead = self.docs.len().saturating_sub(self.live);
        if dead <= COMPACT_MIN_DEAD || dead <= self.live {
            return;
        }
        let mut map = vec![u32::MAX; self.docs.len()];
        let mut next = 0u32;
        for (m, d) in map.iter_mut().zip(&self.docs) {
            if d.is_some() {
                *m = next;
                next = next.saturating_add(1);
            }
        }
        for list in &mut self.postings {
            // Every posting names a live slot (removal drops the postings), and the map is
            // increasing on live slots: each list stays ordered by slot.
            for p in list.iter_mut() {
                if let Some(&m) = map.get(p.0 as usize) {
                    p.0 = m;
                }
            }
        }
        let docs = std::mem::take(&mut self.docs);
        let lens = std::mem::take(&mut self.lens);
        for (d, len) in docs.into_iter().zip(lens) {
            if let Some(d) = d {
                self.docs.push(Some(d));
                self.lens.push(len);
            }
        }
        self.by_id = self
            .docs
            .iter()
            .enumerate()
            .filter_map(|(slot, d)| Some((d.as_ref()?.id.clone(), u32::try_from(slot).ok()?)))
            .collect();
        self.rebuild_dense();
    }

    /// Gives every long list ([`dense::wanted`]) its bitset, and no other.
    fn rebuild_dense(&mut self) {
        let slots = self.docs.len();
        self.dense = self
            .postings
            .iter()
            .enumerate()
            .filter(|(_, list)| dense::wanted(list.len(), slots))
            .filter_map(|(id, list)| {
                let set = Dense::of(list.iter().map(|p| p.0));
                Some((u32::try_from(id).ok()?, set))
            })
            .collect();
    }

    /// Rebuilds what is not saved: the id map, the ordered folded syllables, the bigrams'
    /// neighbour lists and the term bounds.
    pub(crate) fn rebuild_ids(&mut self) {
        self.folded_sorted = self.folded.iter().map(|(k, &id)| (k.clone(), id)).collect();
        self.rebuild_neighbours();
        self.bounds = self
            .postings
            .iter()
            .map(|list| {
                let mut b = TermBound::default();
                for p in list {
                    b.add(p.1, self.lens.get(p.0 as usize).copied().unwrap_or(0.0));
                }
                b
            })
            .collect();
        self.by_id = self
            .docs
            .iter()
            .enumerate()
            .filter_map(|(slot, d)| Some((d.as_ref()?.id.clone(), u32::try_from(slot).ok()?)))
            .collect();
        self.rebuild_dense();
    }

    pub(crate) fn avg_len(&self) -> f32 {
        if self.live == 0 {
            1.0
        } else {
            ((self.total_len / self.live as f64) as f32).max(1.0)
        }
    }
}

/// A search index over articles; one writer, any number of readers via [`Index::snapshot`].
///
/// ```
/// use tintuc::import::sample_articles;
/// use tintuc::search::{Index, Query};
///
/// let articles = sample_articles()?;
/// let mut index = Index::build(&articles);
/// assert_eq!(index.len(), articles.len());
/// let reader = index.snapshot();
/// index.remove(&articles[0].id);
/// assert_eq!(reader.len(), articles.len()); // the snapshot is unchanged
/// assert_eq!(index.len(), articles.len() - 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Index {
    pub(crate) inner: Arc<Inner>,
}

/// An immutable view of an [`Index`], cheap to clone and share across threads.
#[derive(Debug, Clone)]
pub struct Snapshot(pub(crate) Arc<Inner>);

impl Index {
    /// An empty index.
    pub fn new() -> Index {
        Index::default()
    }

    /// Builds an index over `articles` (a later article with the same id replaces an
    /// earlier one).
    ///
    /// ```
    /// use tintuc::import::sample_articles;
    /// let articles = tintuc::import::sample_articles()?;
    /// let index = tintuc::search::Index::build(&articles);
    /// assert!(!index.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn build<'a>(articles: impl IntoIterator<Item = &'a Article>) -> Index {
        let mut inner = Inner::default();
        let mut it = articles.into_iter();
        build_steps(&mut inner, |chunk: &mut Vec<&Article>| {
            chunk.extend(it.by_ref().take(BUILD_CHUNK));
            chunk.len() == BUILD_CHUNK
        });
        Index {
            inner: Arc::new(inner),
        }
    }

    /// Builds an index over every article of a store.
    ///
    /// ```
    /// use tintuc::store::{ArticleStore, MemoryStore};
    /// let store = MemoryStore::new();
    /// for a in tintuc::import::sample_articles()? {
    ///     store.put(&a, None)?;
    /// }
    /// let index = tintuc::search::Index::from_store(&store)?;
    /// assert_eq!(index.len(), store.count()?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_store(store: &dyn ArticleStore) -> Result<Index, StoreError> {
        let mut inner = Inner::default();
        let mut it = ScanIter::new(store);
        let mut failed: Option<StoreError> = None;
        build_steps(&mut inner, |chunk: &mut Vec<Article>| {
            while chunk.len() < BUILD_CHUNK {
                match it.next() {
                    Some(Ok(item)) => chunk.push(item.article),
                    Some(Err(e)) => {
                        failed = Some(e);
                        return false;
                    }
                    None => return false,
                }
            }
            true
        });
        if let Some(e) = failed {
            return Err(e);
        }
        Ok(Index {
            inner: Arc::new(inner),
        })
    }

    /// Adds an article, replacing the one with the same id if present.
    pub fn insert(&mut self, article: &Article) {
        Arc::make_mut(&mut self.inner).insert(article);
    }

    /// Replaces an indexed article; returns whether one with its id was indexed (it is
    /// added either way).
    pub fn update(&mut self, article: &Article) -> bool {
        let known = self.inner.by_id.contains_key(&article.id);
        self.insert(article);
        known
    }

    /// Removes an article; returns whether it was indexed.
    pub fn remove(&mut self, id: &ArticleId) -> bool {
        if !self.inner.by_id.contains_key(id) {
            return false;
        }
        Arc::make_mut(&mut self.inner).remove(id)
    }

    /// Number of indexed articles.
    pub fn len(&self) -> usize {
        self.inner.live
    }

    /// Document slots, live or emptied by an edit (for the tests of compaction).
    #[cfg(test)]
    pub(crate) fn slots(&self) -> usize {
        self.inner.docs.len()
    }

    /// Whether no article is indexed.
    pub fn is_empty(&self) -> bool {
        self.inner.live == 0
    }

    /// Whether an article is indexed.
    pub fn contains(&self, id: &ArticleId) -> bool {
        self.inner.by_id.contains_key(id)
    }

    /// An immutable view for readers (an `Arc` clone). The next write to this index copies
    /// it once while snapshots are alive.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot(Arc::clone(&self.inner))
    }

    /// The address of the shared data and how many indexes and snapshots hold it (one:
    /// the next edit changes it in place instead of copying it).
    #[cfg(feature = "web")]
    pub(crate) fn holders(&self) -> (usize, usize) {
        (
            Arc::as_ptr(&self.inner) as usize,
            Arc::strong_count(&self.inner),
        )
    }
}

impl Snapshot {
    /// Number of indexed articles.
    pub fn len(&self) -> usize {
        self.0.live
    }

    /// Whether no article is indexed.
    pub fn is_empty(&self) -> bool {
        self.0.live == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::sample_articles;

    #[test]
    fn insert_remove_restores_postings() {
        let articles = sample_articles().unwrap_or_default();
        assert!(articles.len() >= 2);
        let all = Index::build(&articles);
        let mut partial = Index::build(&articles[1..]);
        partial.insert(&articles[0]);
        assert_eq!(partial.len(), all.len());
        assert!(partial.remove(&articles[0].id));
        assert!(!partial.remove(&articles[0].id));
        let rest = Index::build(&articles[1..]);
        let count = |i: &Index| i.inner.postings.iter().map(Vec::len).sum::<usize>();
        assert_eq!(count(&partial), count(&rest));
        assert!((partial.inner.total_len - rest.inner.total_len).abs() < 1e-3);
        assert!(partial.update(&articles[1]));
        assert_eq!(partial.len(), rest.len());
    }
}
