//! Interning and placing articles, and removing them: what inserts, updates and removals
//! change in an index.

use super::*;

impl Inner {
    pub(super) fn new(config: Config) -> Self {
        Inner {
            version: persist::FormatVersion::CURRENT,
            config,
            docs: Vec::new(),
            free: Vec::new(),
            by_id: TermTable::default(),
            term_text: String::new(),
            term_starts: vec![0],
            term_ids: TermTable::default(),
            postings: Postings::default(),
            tag_names: Vec::new(),
            tag_ids: HashMap::new(),
            tag_postings: Vec::new(),
            category_slugs: Vec::new(),
            category_ids: HashMap::new(),
            df: Sketch::new(),
            df_slots: Vec::new(),
            live: 0,
            precomputed: None,
            latent: None,
        }
    }

    pub(super) fn doc(&self, slot: u32) -> Option<&Doc> {
        self.docs.get(slot as usize).and_then(Option::as_ref)
    }

    pub(super) fn term_str(&self, id: u32) -> Option<&str> {
        let a = *self.term_starts.get(id as usize)? as usize;
        let b = *self.term_starts.get(id as usize + 1)? as usize;
        self.term_text.get(a..b)
    }

    pub(super) fn term_id(&self, t: &str) -> Option<u32> {
        self.term_id_hashed(fnv1a(t.as_bytes()), t)
    }

    /// [`Inner::term_id`] with the term's hash already known (`h = fnv1a(t)`).
    pub(super) fn term_id_hashed(&self, h: u64, t: &str) -> Option<u32> {
        self.term_ids.find(h, |id| self.term_str(id) == Some(t))
    }

    #[cfg(test)]
    pub(super) fn intern_term(&mut self, t: &str) -> u32 {
        self.intern_term_hashed(fnv1a(t.as_bytes()), t)
    }

    /// [`Inner::intern_term`] with the term's hash already known (`h = fnv1a(t)`).
    pub(super) fn intern_term_hashed(&mut self, h: u64, t: &str) -> u32 {
        if let Some(id) = self.term_id_hashed(h, t) {
            return id;
        }
        let id = (self.term_starts.len() - 1) as u32;
        self.term_text.push_str(t);
        self.term_starts.push(self.term_text.len() as u32);
        let (starts, text) = (&self.term_starts, &self.term_text);
        self.term_ids.insert(h, id, |i| term_hash(starts, text, i));
        self.postings.push_term();
        id
    }

    /// Build-time interning by key ([`BuildKeys`]): no hashing of strings, and the
    /// string → id table is left for [`Inner::rebuild_term_ids`] at the end. A term that
    /// meets another's key sets [`BuildKeys::collided`].
    pub(super) fn intern_by_key(&mut self, keys: &mut BuildKeys, h: u64, t: &str) -> u32 {
        let next = (self.term_starts.len() - 1) as u32;
        match keys.ids.get_or_insert(h & keys.mask, next, t) {
            None => {
                self.term_text.push_str(t);
                self.term_starts.push(self.term_text.len() as u32);
                self.postings.push_term();
                next
            }
            Some(slot) => {
                let id = slot.id();
                if !slot
                    .holds(t)
                    .unwrap_or_else(|| self.term_str(id) == Some(t))
                {
                    keys.collided = true;
                }
                id
            }
        }
    }

    /// Rebuilds the article-id table from the documents (after deserialising).
    pub(super) fn rebuild_by_id(&mut self) {
        self.by_id = by_id_table(&self.docs);
    }

    /// Rebuilds the term table from the term strings (after deserialising).
    pub(super) fn rebuild_term_ids(&mut self) {
        let n = self.term_starts.len().saturating_sub(1);
        let mut table = TermTable::default();
        for id in 0..n as u32 {
            let h = fnv1a(self.term_str(id).unwrap_or("").as_bytes());
            if table
                .find(h, |i| self.term_str(i) == self.term_str(id))
                .is_none()
            {
                let (starts, text) = (&self.term_starts, &self.term_text);
                table.insert(h, id, |i| term_hash(starts, text, i));
            }
        }
        self.term_ids = table;
    }

    pub(super) fn intern_tag(&mut self, t: &str) -> u32 {
        if let Some(&id) = self.tag_ids.get(t) {
            return id;
        }
        let id = self.tag_names.len() as u32;
        self.tag_names.push(t.into());
        self.tag_ids.insert(t.into(), id);
        self.tag_postings.push(Vec::new());
        id
    }

    pub(super) fn intern_category(&mut self, s: &Slug) -> u32 {
        if let Some(&id) = self.category_ids.get(s) {
            return id;
        }
        let id = self.category_slugs.len() as u32;
        self.category_slugs.push(s.clone());
        self.category_ids.insert(s.clone(), id);
        id
    }

    /// TF-IDF weights with the current statistics, pruned and L2-normalised
    /// ([`weigh_entries`] with this index's statistics).
    pub(super) fn weigh<'a>(
        &self,
        analyzed: Analysed<'a>,
        counted: bool,
    ) -> Vec<(u64, &'a str, f32)> {
        weigh_entries(
            &self.df,
            self.live,
            &self.config.weigh_params(),
            analyzed,
            counted,
            None,
        )
        .into_iter()
        .map(|x| {
            let (h, t) = analyzed.entry(x.entry);
            (h, t, x.weight)
        })
        .collect()
    }

    pub(super) fn add_df(&mut self, analyzed: Analysed<'_>) {
        for (h, _) in analyzed.hashes() {
            self.df.add(h);
        }
    }

    /// Adds an analysed article whose document frequencies are already counted
    /// ([`Inner::intern_article`], [`shape`], then [`Inner::install`]).
    ///
    /// `weighted`: the article's weights (from [`Inner::weigh`]) and `simhash` their
    /// SimHash; the article's posting lists stay impact-ordered.
    pub(super) fn place(
        &mut self,
        article: &Article,
        analyzed: Analysed<'_>,
        weighted: &[(u64, &str, f32)],
        simhash: u64,
    ) {
        let interned = self.intern_article(article, analyzed, weighted);
        let mut posted = Vec::new();
        let shaped = shape(
            &self.config,
            article,
            analyzed,
            &interned,
            (simhash, terms_fingerprint(analyzed)),
            &mut posted,
        );
        self.install(article, shaped, Some(&posted));
    }

    /// The serial part of placing an article: its term, tag and category ids (terms in
    /// the order of `weighted`, then its documents: that order fixes new terms' ids) and
    /// its slot.
    pub(super) fn intern_article(
        &mut self,
        article: &Article,
        analyzed: Analysed<'_>,
        weighted: &[(u64, &str, f32)],
    ) -> Interned {
        let vec: Vec<TermWeight> = weighted
            .iter()
            .map(|&(h, t, w)| TermWeight::new(self.intern_term_hashed(h, t), w))
            .collect();
        let documents: Vec<u32> = analyzed
            .documents
            .iter()
            .map(|d| self.intern_term_hashed(fnv1a(d.as_bytes()), d))
            .collect();
        self.intern_rest(article, analyzed, vec, documents)
    }

    /// [`Inner::intern_article`] in a keyed build ([`BuildKeys`]): `known` holds the
    /// article's weighted terms (`weights`: [`weigh_entries`]), then its documents, as
    /// term ids and weights with the ids they had when their batch began; the others
    /// ([`NOT_YET`]) are given here by key, in that order.
    pub(super) fn intern_known(
        &mut self,
        keys: &mut BuildKeys,
        article: &Article,
        analyzed: Analysed<'_>,
        weights: &[EntryWeight],
        mut known: Vec<TermWeight>,
    ) -> Interned {
        let n = weights.len();
        for (k, slot) in known.iter_mut().enumerate() {
            if slot.term != NOT_YET {
                continue;
            }
            let (h, t) = match weights.get(k) {
                Some(w) => analyzed.entry(w.entry),
                None => {
                    let d = analyzed.documents.get(k - n).map_or("", String::as_str);
                    (fnv1a(d.as_bytes()), d)
                }
            };
            slot.term = self.intern_by_key(keys, h, t);
        }
        let documents = known
            .get(n..)
            .unwrap_or(&[])
            .iter()
            .map(|x| x.term)
            .collect();
        known.truncate(n);
        self.intern_rest(article, analyzed, known, documents)
    }

    /// The rest of [`Inner::intern_article`]: tags, category, slot.
    pub(super) fn intern_rest(
        &mut self,
        article: &Article,
        analyzed: Analysed<'_>,
        vec: Vec<TermWeight>,
        documents: Vec<u32>,
    ) -> Interned {
        let tags: Vec<u32> = analyzed.tags.iter().map(|t| self.intern_tag(t)).collect();
        let category = article
            .category
            .as_ref()
            .map(|c| self.intern_category(&c.slug));
        let slot = match self.free.pop() {
            Some(s) => s,
            None => {
                self.docs.push(None);
                (self.docs.len() - 1) as u32
            }
        };
        Interned {
            vec,
            tags,
            documents,
            category,
            slot,
        }
    }

    /// The serial end of placing an article: its postings (`posted`: inserted into the
    /// posting lists, which stay impact-ordered; `None` in a build, which stages them
    /// by chunk, sorts and installs them afterwards, and fills the article-id table),
    /// its document, its id.
    pub(super) fn install(
        &mut self,
        article: &Article,
        shaped: Shaped,
        posted: Option<&[(u32, Posting)]>,
    ) {
        let Shaped {
            slot,
            doc,
            df_slots,
        } = shaped;
        // a build fills the article-id table at its end
        let build = posted.is_none();
        for &(t, p) in posted.unwrap_or_default() {
            if let Some(list) = self.postings.list_mut(t) {
                let mut v = std::mem::take(list).into_vec();
                let pos = v.partition_point(|x| x.before(p));
                // Room for exactly one more: `insert` alone would double the list and
                // `into_boxed_slice` shrink it again, two copies of a long list
                // (`related` bench, incremental insert at 148.8k).
                v.reserve_exact(1);
                v.insert(pos, p);
                *list = v.into_boxed_slice();
            }
        }
        for &t in doc.tags.iter() {
            if let Some(list) = self.tag_postings.get_mut(t as usize) {
                list.push(slot);
            }
        }
        if let Some(slots) = df_slots {
            if self.df_slots.len() <= slot as usize {
                self.df_slots.resize_with(slot as usize + 1, Box::default);
            }
            if let Some(x) = self.df_slots.get_mut(slot as usize) {
                *x = slots;
            }
        }
        if let Some(s) = self.docs.get_mut(slot as usize) {
            *s = Some(doc);
        }
        if build {
            return;
        }
        let docs = &self.docs;
        self.by_id
            .insert(fnv1a(article.id.as_str().as_bytes()), slot, |s| {
                id_hash(docs.get(s as usize))
            });
    }

    /// The slot of the indexed article `id`.
    pub(super) fn slot_of(&self, id: &ArticleId) -> Option<u32> {
        self.by_id.find(fnv1a(id.as_str().as_bytes()), |s| {
            self.doc(s).is_some_and(|d| d.id == *id)
        })
    }

    pub(super) fn remove(&mut self, id: &ArticleId) -> bool {
        let docs = &self.docs;
        let found = self.by_id.remove(fnv1a(id.as_str().as_bytes()), |s| {
            docs.get(s as usize)
                .and_then(Option::as_ref)
                .is_some_and(|d| d.id == *id)
        });
        let Some(slot) = found else {
            return false;
        };
        let Some(doc) = self.docs.get_mut(slot as usize).and_then(Option::take) else {
            return false;
        };
        for x in decode(&doc.vec, doc.scale) {
            if let Some(list) = self.postings.existing_mut(x.term) {
                if list.iter().any(|p| p.slot() == slot) {
                    *list = list.iter().copied().filter(|p| p.slot() != slot).collect();
                }
            }
        }
        if let Some(x) = self.df_slots.get_mut(slot as usize) {
            let df = &mut self.df;
            for_each_slot(&std::mem::take(x), |s| df.sub_slot(s));
        }
        for &t in doc.tags.iter() {
            if let Some(list) = self.tag_postings.get_mut(t as usize) {
                list.retain(|&s| s != slot);
            }
        }
        self.clear_latent(slot);
        self.free.push(slot);
        self.live = self.live.saturating_sub(1);
        self.precomputed = None;
        true
    }

    pub(super) fn insert(&mut self, article: &Article) {
        let existed = self.remove(&article.id);
        // statistics include the new article, as in a rebuild. A replaced article's
        // counts were subtracted by `remove` with `exact_edits`; without it they stay
        // (and the new version's terms are not counted again).
        self.place_new(article, !existed || self.config.exact_edits);
    }

    /// Analyses and places an article whose id is not indexed; `count`: add its terms
    /// to the document frequencies.
    pub(super) fn place_new(&mut self, article: &Article, count: bool) {
        let all = analyze_compact(article, &self.config.fields());
        let analyzed = all.view();
        self.live += 1;
        if count {
            self.add_df(analyzed);
        }
        let weighted = self.weigh(analyzed, true);
        let sim = simhash(weighted.iter().map(|&(_, t, w)| (t, w)));
        self.place(article, analyzed, &weighted, sim);
        if let Some(slot) = self.slot_of(&article.id) {
            self.fold_in_latent(slot);
        }
        self.precomputed = None;
    }

    /// Removes the indexed version of `old.id`, subtracting `old`'s document frequencies
    /// when `old` is that version (same analysed terms).
    pub(super) fn remove_version(&mut self, old: &Article) -> Edit {
        let Some(slot) = self.slot_of(&old.id) else {
            return Edit::NotIndexed;
        };
        if self.config.exact_edits {
            self.remove(&old.id);
            return Edit::Exact;
        }
        let all = analyze_compact(old, &self.config.fields());
        let analyzed = all.view();
        let same = self
            .doc(slot)
            .is_some_and(|d| d.terms_fp == terms_fingerprint(analyzed));
        self.remove(&old.id);
        if !same {
            return Edit::Stale;
        }
        for (h, _, _) in analyzed.terms() {
            self.df.sub_slot(Sketch::slot(h));
        }
        Edit::Exact
    }
}

/// The article-id table of `docs` (as inserting them in slot order builds it).
pub(super) fn by_id_table(docs: &[Option<Doc>]) -> TermTable {
    let mut table = TermTable::default();
    for (slot, d) in docs.iter().enumerate() {
        if let Some(d) = d {
            table.insert(fnv1a(d.id.as_str().as_bytes()), slot as u32, |s| {
                id_hash(docs.get(s as usize))
            });
        }
    }
    table
}

/// A term without an id when its batch began.
pub(super) const NOT_YET: u32 = u32::MAX;

/// An article's ids ([`Inner::intern_article`]): `(term id, weight)` in the order of its
/// weights, tag ids, document term ids, category id, slot.
pub(super) struct Interned {
    pub(super) vec: Vec<TermWeight>,
    pub(super) tags: Vec<u32>,
    pub(super) documents: Vec<u32>,
    pub(super) category: Option<u32>,
    pub(super) slot: u32,
}

/// An article ready to install ([`shape`]): its document and with
/// [`Config::exact_edits`] its counter slots (its postings go to the buffer given to
/// [`shape`]).
pub(super) struct Shaped {
    pub(super) slot: u32,
    pub(super) doc: Doc,
    pub(super) df_slots: Option<Box<[u8]>>,
}

thread_local! {
    /// [`shape`]'s sorted vector, kept between articles.
    static SHAPE_VEC: std::cell::Cell<Vec<TermWeight>> = const { std::cell::Cell::new(Vec::new()) };
}

/// The part of placing an article that needs no index state (and runs in parallel in a
/// build): sorts its ids, picks the postings (appended to `posted`), encodes its vector;
/// given the SimHash of its weights and its [`terms_fingerprint`].
pub(super) fn shape(
    config: &Config,
    article: &Article,
    analyzed: Analysed<'_>,
    interned: &Interned,
    (simhash, terms_fp): (u64, u64),
    posted: &mut Vec<(u32, Posting)>,
) -> Shaped {
    let (mut tags, mut documents) = (interned.tags.clone(), interned.documents.clone());
    let (category, slot) = (interned.category, interned.slot);
    // the vector sorted by term id, in the thread's buffer (no allocation an article)
    let mut vec = SHAPE_VEC.with(std::cell::Cell::take);
    vec.clear();
    vec.extend_from_slice(&interned.vec);
    sort_by_term(&mut vec);
    tags.sort_unstable();
    tags.dedup();
    documents.sort_unstable();
    documents.dedup();
    let (enc, scale) = encode(&vec);
    // Post only the heaviest terms (impact-ordered lists), in impact order as the rerank
    // sees it: a short article's weights are high only because its vector is normalised
    // over few terms.
    let f = length_factor(vec.len(), config);
    let post = |x: &TermWeight| (x.term, Posting::new(slot, x.weight * f));
    let n_post = config.terms_per_doc.max(1);
    if vec.len() > n_post {
        // (the vector is encoded: selecting reorders it in place)
        vec.select_nth_unstable_by(n_post - 1, |a, b| b.weight.total_cmp(&a.weight));
        vec.truncate(n_post);
    }
    posted.extend(vec.iter().map(post));
    if vec.capacity() <= 1 << 16 {
        SHAPE_VEC.with(|c| c.set(vec));
    }
    let doc = Doc {
        id: article.id.clone(),
        vec: enc,
        scale,
        tags: tags.into_boxed_slice(),
        documents: documents.into_boxed_slice(),
        category,
        published: unix(article),
        is_published: article.status == Status::Published,
        scheduled: article.status == Status::Scheduled && article.published.is_some(),
        expires: article.expires.map(|t| t.timestamp()),
        handpicked: article.related.clone().into_boxed_slice(),
        body_hash: analyzed.body_hash,
        simhash,
        terms_fp,
    };
    Shaped {
        slot,
        doc,
        df_slots: config.exact_edits.then(|| encode_slots(analyzed)),
    }
}
