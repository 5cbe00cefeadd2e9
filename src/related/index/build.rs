//! The build pipeline: analysis, statistics, weights, interning, shaping and posting, in
//! batches, overlapping the serial parts with parallel ones.

use super::*;

/// `articles` without those whose id comes again later (later duplicates replace earlier
/// ones, as repeated inserts would), in order. Each id is read once, to hash it; ids
/// are compared only where hashes are equal.
pub(super) fn last_of_each_id(articles: Vec<&Article>) -> Vec<&Article> {
    last_of_each_id_by(articles, |id| fnv1a(id.as_str().as_bytes()))
}

/// [`last_of_each_id`] with the hash `hash` (the tests make every id collide).
pub(super) fn last_of_each_id_by(
    articles: Vec<&Article>,
    hash: impl Fn(&ArticleId) -> u64,
) -> Vec<&Article> {
    let mut hashed: Vec<(u64, u32)> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (hash(&a.id), i as u32))
        .collect();
    hashed.sort_unstable();
    let mut keep = vec![true; articles.len()];
    let id = |i: u32| articles.get(i as usize).map(|a| &a.id);
    let mut run = 0;
    while let Some(&(h, _)) = hashed.get(run) {
        let end = run
            + hashed
                .get(run..)
                .map_or(0, |r| r.partition_point(|x| x.0 == h));
        if let Some(same) = hashed.get_mut(run..end).filter(|r| r.len() > 1) {
            // equal hashes: by id, then position; all but the last of each id go
            same.sort_unstable_by(|a, b| id(a.1).cmp(&id(b.1)).then(a.1.cmp(&b.1)));
            for pair in same.windows(2) {
                if let [a, b] = pair {
                    if id(a.1) == id(b.1) {
                        if let Some(k) = keep.get_mut(a.1 as usize) {
                            *k = false;
                        }
                    }
                }
            }
        }
        run = end;
    }
    articles
        .into_iter()
        .zip(keep)
        .filter_map(|(a, k)| k.then_some(a))
        .collect()
}

/// Articles a build analyses, weighs and places at a time.
pub(super) const BATCH: usize = 4096;

/// Articles a build analyses, weighs and places at a time when it keeps less than
/// [`SMALL_BATCH_BELOW`] bytes of analyses: its second pass holds three batches'
/// analyses, about 20 MB of VNTC news (0.16 GB in batches of [`BATCH`]).
pub(super) const SMALL_BATCH: usize = 512;

/// A budget of kept analyses below which a build takes batches of [`SMALL_BATCH`].
pub(super) const SMALL_BATCH_BELOW: usize = 256 << 20;

/// Bytes of analyses a build keeps from its first pass for its second by default
/// ([`Builder::analyses_budget`]): those of its first batches, up to this; the articles
/// past them are analysed again. The 33.3k VNTC train articles' analyses take 0.43 GB,
/// so a corpus of up to about 40,000 such articles is analysed once.
pub(super) const KEEP_ANALYSES: usize = 512 << 20;

/// An article's weights ([`weigh_entries`]), their SimHash and its terms' fingerprint.
pub(super) type Weighed = (Vec<EntryWeight>, (u64, u64));

/// A batch to shape: its articles, their analyses, and their hashes (as in [`Weighed`])
/// and ids.
pub(super) type ToShape<'a> = (&'a [&'a Article], Parts, Vec<((u64, u64), Interned)>);

/// Articles a build analyses to one [`Analyses`] (a thread's unit of work; one
/// allocation for their terms, one for their text).
pub(super) const PART: usize = 64;

/// A batch of a build, analysed [`PART`] articles to an [`Analyses`].
#[derive(Debug, Default)]
pub(super) struct Parts(Vec<Analyses>);

impl Parts {
    pub(super) fn len(&self) -> usize {
        self.0.iter().map(Analyses::articles).sum()
    }

    /// Article `d` of the batch.
    pub(super) fn get(&self, d: usize) -> Option<Analysed<'_>> {
        self.0.get(d / PART)?.get(d % PART)
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = Analysed<'_>> {
        self.0
            .iter()
            .flat_map(|p| (0..p.articles()).filter_map(move |i| p.get(i)))
    }
}

/// A build's parallel work while a batch is interned: shaping the previous batch's
/// articles, analysing and weighing the next batch's.
pub(super) enum Job {
    /// A chunk of [`PART`] articles shaped, and the `(term id, posting)`s they post, in
    /// article order (one buffer a chunk: no allocation an article to free later on the
    /// serial thread).
    Shaped(Vec<Shaped>, Vec<(u32, Posting)>),
    /// A chunk of [`PART`] articles weighed, and its analyses unless they were kept
    /// from the first pass.
    Weighed(Option<Analyses>, Vec<Weighed>),
}

/// Builds an [`Index`]: the [`Config`] it is built with, the threads it may use, and a
/// progress callback. [`Index::build`] is the one-line form with the defaults.
///
/// ```
/// use tintuc::related::{Config, Index};
/// let articles = tintuc::import::sample_articles()?;
/// let mut last = (0, 0);
/// let index = Index::builder()
///     .config(Config { title_weight: 3.0, ..Config::default() })
///     .threads(2)
///     .on_progress(|done, total| last = (done, total))
///     .build(&articles);
/// assert_eq!(index.len(), articles.len());
/// assert_eq!(last, (articles.len(), articles.len()));
/// // the same index whatever the thread count
/// let one = Index::builder().threads(1).build(&articles);
/// let all = Index::builder().build(&articles);
/// assert_eq!(serde_json::to_value(&one)?, serde_json::to_value(&all)?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Default)]
pub struct Builder<'p> {
    config: Config,
    threads: usize,
    /// Bytes of analyses kept between the passes (`None`: [`KEEP_ANALYSES`]).
    analyses_budget: Option<usize>,
    progress: Option<Box<dyn FnMut(usize, usize) + Send + 'p>>,
}

impl std::fmt::Debug for Builder<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Builder")
            .field("config", &self.config)
            .field("threads", &self.threads)
            .field("analyses_budget", &self.analyses_budget)
            .field("on_progress", &self.progress.is_some())
            .finish()
    }
}

impl<'p> Builder<'p> {
    /// The configuration to build with (default [`Config::default`]); it is saved with
    /// the index.
    pub fn config(mut self, config: Config) -> Self {
        self.config = config;
        self
    }

    /// At most `threads` threads (default 0: rayon's pool, one thread per available
    /// core unless `RAYON_NUM_THREADS` says otherwise; 1: all work on the calling
    /// thread). The index is the same whatever the thread count.
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = threads;
        self
    }

    /// At most `bytes` of article analyses kept from the build's first pass (which
    /// counts in how many articles each term occurs) for its second (which weighs and
    /// places each article): the analyses of the first articles, up to `bytes`; the
    /// articles past them are analysed again. Default 512 MiB, about 40,000 news
    /// articles analysed once (the 33.3k articles of VNTC train take 0.43 GB). A lower
    /// budget lowers the build's peak memory and costs time: over VNTC train, the
    /// `portal` example peaks at 0.37 GB with 32 MiB (its setting), 0.44 GB with
    /// 128 MiB, 0.76 GB with the default. Below 256 MiB the build also takes smaller
    /// batches. The index is the same whatever the budget.
    ///
    /// ```
    /// use tintuc::related::Index;
    /// let articles = tintuc::import::sample_articles()?;
    /// // nothing kept: every article analysed twice, the same index
    /// let lean = Index::builder().analyses_budget(0).build(&articles);
    /// let fast = Index::builder().build(&articles);
    /// assert_eq!(serde_json::to_value(&lean)?, serde_json::to_value(&fast)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn analyses_budget(mut self, bytes: usize) -> Self {
        self.analyses_budget = Some(bytes);
        self
    }

    /// Calls `progress(done, total)` as articles are analysed (for a progress indicator
    /// on large corpora), on the thread that builds.
    pub fn on_progress(mut self, progress: impl FnMut(usize, usize) + Send + 'p) -> Self {
        self.progress = Some(Box::new(progress));
        self
    }

    /// Builds the index over `articles` (of several with one id, the last counts).
    pub fn build<'a>(self, articles: impl IntoIterator<Item = &'a Article>) -> Index {
        let Builder {
            config,
            threads,
            analyses_budget,
            progress,
        } = self;
        let keep = analyses_budget.unwrap_or(KEEP_ANALYSES);
        let batch = if keep < SMALL_BATCH_BELOW {
            SMALL_BATCH
        } else {
            BATCH
        };
        let mut progress = progress.unwrap_or_else(|| Box::new(|_, _| {}));
        let articles: Vec<&Article> = articles.into_iter().collect();
        let articles = last_of_each_id(articles);
        let mut run = |threads: usize| {
            match Index::build_from(
                &articles,
                &config,
                threads,
                &mut progress,
                u64::MAX,
                (batch, keep),
            ) {
                Some(index) => index,
                // two different terms share a 64-bit hash: the exact (string-comparing) way
                None => Index::build_from(
                    &articles,
                    &config,
                    threads,
                    &mut |_, _| {},
                    0,
                    (batch, keep),
                )
                .unwrap_or_else(|| Index {
                    inner: Arc::new(Inner::new(config.clone())),
                }),
            }
        };
        if threads == 0 {
            return run(rayon::current_num_threads());
        }
        match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
            Ok(pool) => pool.install(|| run(threads)),
            // no thread could be started: all work on this one
            Err(_) => run(1),
        }
    }

    /// Builds the index over every article of a store.
    ///
    /// ```
    /// use tintuc::store::MemoryStore;
    /// let store = MemoryStore::with_articles(tintuc::import::sample_articles()?)?;
    /// let index = tintuc::related::Index::builder().build_from_store(&store)?;
    /// assert!(!index.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn build_from_store(self, store: &dyn ArticleStore) -> Result<Index, StoreError> {
        let mut articles = Vec::new();
        for item in ScanIter::new(store) {
            articles.push(item?.article);
        }
        Ok(self.build(&articles))
    }
}

impl Index {
    /// A [`Builder`] with the defaults.
    pub fn builder<'p>() -> Builder<'p> {
        Builder::default()
    }

    /// Builds an index over articles with `config` on every available core:
    /// `Index::builder().config(config).build(articles)`.
    ///
    /// ```
    /// let articles = tintuc::import::sample_articles()?;
    /// let index = tintuc::related::Index::build(&articles, Default::default());
    /// assert_eq!(index.len(), articles.len());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn build<'a>(articles: impl IntoIterator<Item = &'a Article>, config: Config) -> Index {
        Index::builder().config(config).build(articles)
    }

    /// The build over de-duplicated articles, `batch` articles at a time ([`BATCH`],
    /// [`SMALL_BATCH`]), keeping at most `keep_analyses` bytes of analyses from its first
    /// pass for its second ([`Builder::analyses_budget`]). Terms are interned by their
    /// 64-bit hash (`hash & key_mask`) without comparing strings, one cache miss a term
    /// instead of three; every batch is then checked in parallel, and `None` is returned if two
    /// different terms met under one key. `key_mask == 0` interns the exact way instead
    /// (as incremental inserts do), and never fails. Both ways give the same index.
    pub(super) fn build_from(
        articles: &[&Article],
        config: &Config,
        threads: usize,
        progress: &mut dyn FnMut(usize, usize),
        key_mask: u64,
        (batch, keep_analyses): (usize, usize),
    ) -> Option<Index> {
        let total = articles.len();
        let mut inner = Inner::new(config.clone());
        let fields = config.fields();
        let batch = batch.max(1);
        // The first pass: the document frequencies. Each batch is analysed in parallel
        // while the one before is counted. The analyses of the first batches are kept for
        // the second pass, up to `keep_analyses` bytes; the others are freed once
        // counted, and the second pass analyses their articles again. (Every analysis
        // takes 0.43 GB over the 33.3k VNTC train articles.)
        let mut counting = Parts::default();
        let mut kept: Vec<Parts> = Vec::new();
        let (mut kept_bytes, mut keeping) = (0usize, true);
        let mut count = |inner: &mut Inner, counted: Parts| {
            for part in &counted.0 {
                for (h, _) in part.all_hashes() {
                    inner.df.add(h);
                }
            }
            let bytes: usize = counted.0.iter().map(Analyses::heap_bytes).sum();
            keeping &= kept_bytes.saturating_add(bytes) <= keep_analyses;
            if keeping && !counted.0.is_empty() {
                kept_bytes += bytes;
                kept.push(counted);
            }
        };
        let mut done = 0;
        for batch in articles.chunks(batch) {
            let (parts, ()) = par_map_after_by(
                &batch.chunks(PART).collect::<Vec<_>>(),
                threads,
                1,
                |p| Analyses::of(p, &fields),
                || count(&mut inner, std::mem::take(&mut counting)),
            );
            counting = Parts(parts);
            done += batch.len();
            progress(done, total);
        }
        if total == 0 {
            progress(0, 0);
        }
        count(&mut inner, counting);
        // weigh with the final statistics: every article counted
        inner.live = done as u32;
        // The second pass: each batch analysed again and weighed in parallel (read-only),
        // then interned and posted in order; its analyses and weights are freed once it
        // is placed, so at most three batches' analyses are held at a time. With more
        // than one thread the next batch is analysed and weighed while this one's new
        // terms are interned (weighing only reads the statistics, interning never
        // touches them); lookups of known terms, shaping and the final posting sort are
        // parallel too, so only new terms, slots and the installation stay serial.
        let df = std::mem::replace(&mut inner.df, Sketch { rows: Vec::new() });
        let (live, wconfig) = (inner.live, inner.config.clone());
        let wparams = wconfig.weigh_params();
        let tables = WeighTables::new(live.max(1) as f32, &wparams);
        // The postings, staged as shaped: one buffer per chunk of articles, in slot order
        // (the serial part only moves the buffers). Every article takes a slot.
        let mut staging: Vec<Vec<(u32, Posting)>> = Vec::with_capacity(total.div_ceil(PART));
        let posts = inner.config.terms_per_doc.clamp(1, 64);
        inner.docs.reserve(total);
        // Sized once for the terms with a count of two or more (about the terms that get
        // ids: a term must be in two articles to be weighed): no rehashing in the serial
        // part.
        let expected = df.rows.iter().filter(|&&c| c >= 2).count();
        let mut keys = BuildKeys {
            ids: KeyTable::with_capacity(expected),
            mask: key_mask,
            collided: false,
        };
        let keyed = key_mask != 0;
        let weigh = |a: Analysed<'_>| {
            let w = weigh_entries(&df, live, &wparams, a, true, Some(&tables));
            let sim = simhash_hashed(w.iter().map(|x| (a.entry(x.entry).0, x.weight)));
            // the fingerprint while the terms are in cache (shaping comes a batch later)
            (w, (sim, terms_fingerprint(a)))
        };
        // Chunk `c` of a batch (its chunks of [`PART`] articles, and its analyses when
        // kept): analysed unless kept, and weighed.
        let prepare = |kept: Option<&Parts>,
                       chunks: &[&[&Article]],
                       c: usize|
         -> (Option<Analyses>, Vec<Weighed>) {
            let weigh_all = |docs: &Analyses| -> Vec<Weighed> {
                (0..docs.articles())
                    .filter_map(|d| docs.get(d).map(weigh))
                    .collect()
            };
            match kept {
                Some(parts) => (None, parts.0.get(c).map(weigh_all).unwrap_or_default()),
                None => {
                    let docs = Analyses::of(chunks.get(c).copied().unwrap_or(&[]), &fields);
                    let weighed = weigh_all(&docs);
                    (Some(docs), weighed)
                }
            }
        };
        // a batch's analyses (as kept, or its chunks') and weights
        let collect = |kept: Option<Parts>,
                       chunks: Vec<(Option<Analyses>, Vec<Weighed>)>|
         -> (Parts, Vec<Weighed>) {
            let mut weights = Vec::with_capacity(chunks.len() * PART);
            let mut parts = Vec::with_capacity(chunks.len());
            for (docs, w) in chunks {
                parts.extend(docs);
                weights.extend(w);
            }
            (kept.unwrap_or(Parts(parts)), weights)
        };
        let batches: Vec<&[&Article]> = articles.chunks(batch).collect();
        let chunks_of = |b: usize| -> Vec<&[&Article]> {
            batches
                .get(b)
                .map_or(Vec::new(), |b| b.chunks(PART).collect())
        };
        let mut kept = kept.into_iter();
        let first = chunks_of(0);
        let first_kept = kept.next();
        let at: Vec<usize> = (0..first.len()).collect();
        let prepared = par_map_after_by(
            &at,
            threads,
            1,
            |&c| prepare(first_kept.as_ref(), &first, c),
            || (),
        )
        .0;
        let (mut docs, mut weights) = collect(first_kept, prepared);
        // The batch before this one (shaped while this one is interned: its articles,
        // analyses and ids), and the one before that (installed first: its articles and
        // shaped articles).
        let mut to_shape: ToShape<'_> = (&[], Parts::default(), Vec::new());
        let mut to_install: (&[&Article], Vec<Shaped>) = (&[], Vec::new());
        // chunk `c` of the batch to shape: its articles shaped, and their postings
        let shape_chunk = |to_shape: &ToShape<'_>, c: usize| {
            let (articles, docs, interned) = to_shape;
            let from = c * PART;
            let to = (from + PART).min(interned.len());
            let mut posted = Vec::with_capacity((to.saturating_sub(from)) * posts);
            let shaped: Vec<Shaped> = (from..to)
                .filter_map(|d| match (articles.get(d), docs.get(d), interned.get(d)) {
                    (Some(article), Some(doc), Some((sim, i))) => {
                        Some(shape(&wconfig, article, doc, i, *sim, &mut posted))
                    }
                    _ => None,
                })
                .collect();
            (shaped, posted)
        };
        for (b, batch) in batches.iter().enumerate() {
            // In parallel: the ids that the terms already have (the key table and the
            // term strings are only read), each checked against its string.
            let known: Vec<(Vec<TermWeight>, bool)> = if keyed {
                let (inner, ids) = (&inner, &keys.ids);
                let at: Vec<usize> = (0..docs.len()).collect();
                par_map(&at, threads, |&d| {
                    let (Some(a), Some((w, _))) = (docs.get(d), weights.get(d)) else {
                        return (Vec::new(), true);
                    };
                    // the article's terms, then its documents
                    let term = |k: usize| match w.get(k) {
                        Some(x) => {
                            let (h, t) = a.entry(x.entry);
                            (h, t, x.weight)
                        }
                        None => {
                            let d = a.documents.get(k - w.len()).map_or("", String::as_str);
                            (fnv1a(d.as_bytes()), d, 0.0)
                        }
                    };
                    let n = w.len() + a.documents.len();
                    // The key table's slots read ahead (independent loads that overlap),
                    // then each term found and checked against the head of the string
                    // kept in its slot (the whole string only when both are long).
                    ids.touch((0..n).map(|k| term(k).0 & key_mask));
                    let mut ok = true;
                    let known: Vec<TermWeight> = (0..n)
                        .map(|k| {
                            let (h, t, w) = term(k);
                            match ids.get(h & key_mask) {
                                Some(slot) => {
                                    let id = slot.id();
                                    ok &= slot
                                        .holds(t)
                                        .unwrap_or_else(|| inner.term_str(id) == Some(t));
                                    TermWeight::new(id, w)
                                }
                                None => TermWeight::new(NOT_YET, w),
                            }
                        })
                        .collect();
                    (known, ok)
                })
            } else {
                Vec::new()
            };
            // In order: the batch before the previous one is installed, then this one's
            // new terms get their ids (that order fixes them), tags, categories, slots;
            // meanwhile the other threads shape the previous batch and weigh the next.
            let next = chunks_of(b + 1);
            let next_kept = kept.next();
            let n_shape = to_shape.2.len();
            // jobs of one chunk of articles each: the chunks to shape, then to analyse
            // and weigh
            let shape_chunks = n_shape.div_ceil(PART);
            let jobs: Vec<usize> = (0..shape_chunks + next.len()).collect();
            let (done, interned) = par_map_after_by(
                &jobs,
                threads,
                1,
                |&j| match j.checked_sub(shape_chunks) {
                    None => {
                        let (shaped, posted) = shape_chunk(&to_shape, j);
                        Job::Shaped(shaped, posted)
                    }
                    Some(c) => {
                        let (docs, weighed) = prepare(next_kept.as_ref(), &next, c);
                        Job::Weighed(docs, weighed)
                    }
                },
                || {
                    let (articles, shaped) = std::mem::take(&mut to_install);
                    for (article, shaped) in articles.iter().zip(shaped) {
                        inner.install(article, shaped, None);
                    }
                    let mut interned = Vec::with_capacity(batch.len());
                    let mut weighted: Vec<(u64, &str, f32)> = Vec::new();
                    let mut known = known.into_iter();
                    for ((article, doc), (w, sim)) in batch.iter().zip(docs.iter()).zip(&weights) {
                        let i = match known.next() {
                            Some((known, ok)) if keyed => {
                                keys.collided |= !ok;
                                inner.intern_known(&mut keys, article, doc, w, known)
                            }
                            _ => {
                                weighted.clear();
                                weighted.extend(w.iter().map(|x| {
                                    let (h, t) = doc.entry(x.entry);
                                    (h, t, x.weight)
                                }));
                                inner.intern_article(article, doc, &weighted)
                            }
                        };
                        interned.push((*sim, i));
                    }
                    interned
                },
            );
            let mut shaped = Vec::with_capacity(n_shape);
            let mut weighed = Vec::with_capacity(next.len());
            for job in done {
                match job {
                    Job::Shaped(s, posted) => {
                        shaped.extend(s);
                        // (in slot order: batches and their chunks are shaped in order)
                        staging.push(posted);
                    }
                    Job::Weighed(docs, w) => weighed.push((docs, w)),
                }
            }
            let (next_docs, next_weights) = collect(next_kept, weighed);
            to_install = (to_shape.0, shaped);
            to_shape = (batch, std::mem::replace(&mut docs, next_docs), interned);
            weights = next_weights;
        }
        // the last two batches
        let (articles, shaped) = std::mem::take(&mut to_install);
        for (article, shaped) in articles.iter().zip(shaped) {
            inner.install(article, shaped, None);
        }
        let chunks: Vec<usize> = (0..to_shape.2.len().div_ceil(PART)).collect();
        let shaped = par_map_after_by(&chunks, threads, 1, |&c| shape_chunk(&to_shape, c), || ()).0;
        let mut last = Vec::with_capacity(to_shape.2.len());
        for (s, posted) in shaped {
            last.extend(s);
            staging.push(posted);
        }
        for (article, shaped) in to_shape.0.iter().zip(last) {
            inner.install(article, shaped, None);
        }
        drop(to_shape);
        inner.df = df;
        if keys.collided {
            return None;
        }
        // Posting lists into impact order (in parallel) while the string → id table is
        // filled from the keys, whose hashes are the terms' (the same table as exact
        // interning grows: same capacity, same lookups), and the article-id table from
        // the documents.
        let n_terms = inner.postings.len();
        // the staged postings by term (a counting sort: each term's in slot order), and
        // each term's list in impact order
        let by_term = move |threads: usize| -> Vec<Box<[Posting]>> {
            let mut starts = vec![0usize; n_terms + 1];
            for &(t, _) in staging.iter().flatten() {
                if let Some(c) = starts.get_mut(t as usize + 1) {
                    *c += 1;
                }
            }
            for i in 1..starts.len() {
                starts[i] += starts[i - 1];
            }
            let mut by_term = vec![Posting([0; 5]); staging.iter().map(Vec::len).sum()];
            let mut next = starts.clone();
            for &(t, p) in staging.iter().flatten() {
                if let Some(at) = next.get_mut(t as usize) {
                    if let Some(x) = by_term.get_mut(*at) {
                        *x = p;
                    }
                    *at += 1;
                }
            }
            drop((next, staging));
            let terms: Vec<usize> = (0..n_terms).collect();
            par_map(&terms, threads, |&t| -> Box<[Posting]> {
                let (a, b) = (starts.get(t).copied(), starts.get(t + 1).copied());
                let mut v = by_term
                    .get(a.unwrap_or(0)..b.unwrap_or(0))
                    .unwrap_or(&[])
                    .to_vec();
                sort_by_impact(&mut v);
                v.into_boxed_slice()
            })
        };
        let tables = || {
            (
                keyed.then(|| {
                    TermTable::from_keys(&keys.ids, |i| {
                        term_hash(&inner.term_starts, &inner.term_text, i)
                    })
                }),
                by_id_table(&inner.docs),
            )
        };
        let (sorted, (table, by_id)) = if threads <= 1 {
            (by_term(1), tables())
        } else {
            rayon::join(|| by_term(threads), tables)
        };
        inner.by_id = by_id;
        if keyed {
            match table {
                Some(table) => inner.term_ids = table,
                None => inner.rebuild_term_ids(),
            }
        }
        inner.postings.set_lists(sorted);
        // growth slack is a third of the dictionary's memory on large corpora
        inner.postings.shrink_to_fit();
        inner.term_text.shrink_to_fit();
        inner.term_starts.shrink_to_fit();
        inner.docs.shrink_to_fit();
        inner.df_slots.shrink_to_fit();
        for list in &mut inner.tag_postings {
            list.shrink_to_fit();
        }
        inner.fit_latent(threads);
        Some(Index {
            inner: Arc::new(inner),
        })
    }
}
