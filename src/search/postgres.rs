//! Site search over a shared PostgreSQL database (feature `postgres`), for sites whose
//! web nodes keep no index of their own.
//!
//! The crate analyses, PostgreSQL stores and matches, the crate ranks:
//! - **Stored.** A `search_docs` table beside the store's `articles` holds, per article,
//!   a `keys tsvector` of the crate's own folded keys — folded syllables (`thi`),
//!   adjacent-syllable bigrams (`thi dua`) and cited document numbers (`08/kh-ubnd`) —
//!   written as a `tsvector` literal so PostgreSQL never re-splits them, with weight A for
//!   keys of the title and D for the rest; a GIN index serves `@@`. The row also carries
//!   the filter fields (status, category slug, publication time, folded tags) and the
//!   article's revision. Its `id` references `articles` with `ON DELETE CASCADE`.
//! - **Matched.** A query is analysed as [`super::Index`] analyses it. The *narrow*
//!   query asks for articles with every query syllable (the unfinished last one as a
//!   prefix, `'tr':*`; one no article has as any of its one-edit variants) or with any
//!   selective key: the query's bigrams, the unfinished syllable as a prefix of a bigram
//!   (`'phong tr':*`), document numbers. Candidates are taken first from the articles
//!   with every adjacent pair of known query syllables (the query as a phrase), then
//!   from the narrow query; in each, the newest [`RANK_CAP`] matches are ordered by
//!   `ts_rank` and the best kept. Only when fewer than ten match does the
//!   *broad* query (any key or syllable) add more. Quoted phrases and the filters are
//!   applied in SQL. Queries run with sequential scans off: the planner prices `@@` as
//!   cheap and would read every row's `tsvector`, where the GIN index reads none.
//! - **Ranked.** The candidates' articles are read back and searched with the in-memory
//!   index's scoring (exact marks preferred, typos, prefixes, bigrams, coverage), so hits
//!   carry the same [`super::Snippet`] and [`super::Explanation`]. BM25's document
//!   frequencies are those of the candidates, not of the whole table.
//!   [`Results::total`] counts the articles the narrow query (or, when it was used, the
//!   broad one) matches in SQL.
//! - **Cost.** `ts_rank` reads each ranked row's whole `tsvector`, and ranking
//!   re-analyses each candidate article: both grow with [`PostgresSearch::candidates`]
//!   and with article length, and dominate a query's time.
//!
//! # Keeping it current
//! [`PostgresSearch`] is itself an [`ArticleStore`]: `put` writes the article through the
//! wrapped [`PostgresStore`], then its search row (an upsert that never replaces a newer
//! revision); `delete` removes both (the cascade). The two writes are two transactions:
//! should the second fail, the article is stored, `put` reports the error, and
//! [`PostgresSearch::sync`] (run by [`PostgresSearch::new`], and whenever the host
//! likes) indexes every article whose row is missing or older than the article — also
//! those written by processes that use a plain [`PostgresStore`].
//!
//! ```no_run
//! use tintuc::search::{postgres, Query};
//! use tintuc::store::ArticleStore;
//!
//! let search = postgres::connect("host=127.0.0.1 dbname=tintuc")?;
//! for a in tintuc::import::sample_articles()? {
//!     search.put(&a, None)?; // stored and indexed
//! }
//! let results = search.search(&Query::new("so ket thi du"))?;
//! for hit in &results.hits {
//!     println!("{} {:.2} {}", hit.id, hit.score, hit.snippet.plain());
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::{BTreeMap, HashSet};

use postgres::error::SqlState;
use postgres::types::ToSql;
use postgres::Transaction;

use super::analyze::{analyze_document, analyze_query, cited_numbers, DocText, FieldWeights};
use super::analyze::{AnalyzedQuery, KeyKind};
use super::{Index, Order, Query, Results, SearchError};
use crate::model::{Article, ArticleId, Category, Slug, Status, Timestamp};
use crate::store::{
    ArticleStore, ListQuery, Listing, PostgresStore, Revision, StoreError, StoredArticle,
};
use crate::text::fold;

/// Candidates ranked by the crate, unless the page needs more.
pub const DEFAULT_CANDIDATES: usize = 100;
/// Most candidates one query reads back.
pub const MAX_CANDIDATES: usize = 2000;

/// Below this many candidates from the narrow query, the broad one adds more.
const MIN_CANDIDATES: usize = 10;

/// Most matching rows whose keys are ranked by `ts_rank` (the newest of them): ranking
/// reads each row's whole `tsvector`, the matching itself only the GIN index.
pub const RANK_CAP: i64 = 1000;

/// Advisory lock key taken while creating the tables ("tsearch" in ASCII).
const SCHEMA_LOCK: i64 = 0x74_7365_6172_6368;

/// Articles indexed per transaction by [`PostgresSearch::sync`].
const SYNC_BATCH: i64 = 256;

/// Largest `tsvector` literal written (PostgreSQL's limit on a `tsvector` is 1 MB).
const MAX_LITERAL_BYTES: usize = 512 * 1024;

/// Shortest unfinished syllable matched as a prefix on its own.
const MIN_PREFIX_LETTERS: usize = 2;

/// Syllables widened to their one-edit variants when no article has them (letters).
const TYPO_LETTERS: std::ops::RangeInclusive<usize> = 4..=12;

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS search_docs (
    id            text COLLATE "C" NOT NULL PRIMARY KEY
                  REFERENCES articles (id) ON DELETE CASCADE,
    revision      bigint  NOT NULL,
    published     boolean NOT NULL,
    category_slug text COLLATE "C",
    published_ns  bigint,
    tags          text[]  NOT NULL,
    keys          tsvector NOT NULL
);
CREATE INDEX IF NOT EXISTS search_docs_keys ON search_docs USING gin (keys);
"#;

/// Why a PostgreSQL search failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PgSearchError {
    /// The query was refused (too long, too many syllables, page too large).
    #[error(transparent)]
    Query(#[from] SearchError),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Search over a [`PostgresStore`], keeping its search rows current on every write; see
/// the [module docs](self). `Send + Sync`; call it from `spawn_blocking` in async hosts.
pub struct PostgresSearch {
    store: PostgresStore,
    published_only: bool,
    candidates: usize,
}

impl std::fmt::Debug for PostgresSearch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresSearch")
            .field("store", &self.store)
            .field("published_only", &self.published_only)
            .field("candidates", &self.candidates)
            .finish()
    }
}

/// Connects like [`PostgresStore::connect`] and wraps the store in a [`PostgresSearch`].
///
/// ```no_run
/// let search = tintuc::search::postgres::connect("host=127.0.0.1 user=tintuc dbname=tintuc")?;
/// # Ok::<(), tintuc::store::StoreError>(())
/// ```
pub fn connect(params: &str) -> Result<PostgresSearch, StoreError> {
    PostgresSearch::new(PostgresStore::connect(params)?)
}

/// Like [`connect`], with the tables in `schema` (see [`PostgresStore::connect_in_schema`]).
///
/// ```no_run
/// let search = tintuc::search::postgres::connect_in_schema("host=127.0.0.1 dbname=tintuc", "portal")?;
/// # Ok::<(), tintuc::store::StoreError>(())
/// ```
pub fn connect_in_schema(params: &str, schema: &str) -> Result<PostgresSearch, StoreError> {
    PostgresSearch::new(PostgresStore::connect_in_schema(params, schema)?)
}

impl PostgresSearch {
    /// Wraps `store` (opened any way, e.g. with related-article terms): creates the
    /// search table if missing, then [`PostgresSearch::sync`]s it. By default only
    /// published articles are found and [`DEFAULT_CANDIDATES`] are ranked.
    ///
    /// ```no_run
    /// use tintuc::search::postgres::PostgresSearch;
    /// let store = tintuc::store::PostgresStore::connect("host=127.0.0.1 dbname=tintuc")?;
    /// let search = PostgresSearch::new(store)?.published_only(false).candidates(200);
    /// # Ok::<(), tintuc::store::StoreError>(())
    /// ```
    pub fn new(store: PostgresStore) -> Result<PostgresSearch, StoreError> {
        store.with_client(|c| {
            let mut tx = c.transaction()?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK])?;
            tx.batch_execute(SCHEMA)?;
            tx.commit()
        })?;
        let search = PostgresSearch {
            store,
            published_only: true,
            candidates: DEFAULT_CANDIDATES,
        };
        search.sync()?;
        Ok(search)
    }

    /// Whether drafts are left out of the results (`true` by default).
    pub fn published_only(mut self, yes: bool) -> PostgresSearch {
        self.published_only = yes;
        self
    }

    /// How many candidates the crate ranks (1 to [`MAX_CANDIDATES`]; a page reaching
    /// further reads as many as it needs, up to that bound).
    pub fn candidates(mut self, n: usize) -> PostgresSearch {
        self.candidates = n.clamp(1, MAX_CANDIDATES);
        self
    }

    /// The wrapped store.
    pub fn store(&self) -> &PostgresStore {
        &self.store
    }

    /// Indexes every article whose search row is missing or older than the article;
    /// returns how many were indexed.
    ///
    /// ```no_run
    /// let search = tintuc::search::postgres::connect("host=127.0.0.1 dbname=tintuc")?;
    /// // After another process wrote through a plain PostgresStore:
    /// let n = search.sync()?;
    /// # Ok::<(), tintuc::store::StoreError>(())
    /// ```
    pub fn sync(&self) -> Result<usize, StoreError> {
        let mut done = 0usize;
        let mut after = String::new();
        loop {
            let rows = self.store.with_client(|c| {
                c.query(
                    "SELECT a.id, a.json, a.revision FROM articles a \
                     LEFT JOIN search_docs s ON s.id = a.id \
                     WHERE a.id > $1 AND (s.id IS NULL OR s.revision < a.revision) \
                     ORDER BY a.id LIMIT $2",
                    &[&after, &SYNC_BATCH],
                )
            })?;
            let Some(last) = rows.last() else { break };
            after = last.try_get(0).map_err(|e| db_err("reading an id", e))?;
            let mut batch = Vec::with_capacity(rows.len());
            for row in &rows {
                let json: String = row.try_get(1).map_err(|e| db_err("reading json", e))?;
                let rev: i64 = row
                    .try_get(2)
                    .map_err(|e| db_err("reading a revision", e))?;
                let article: Article = serde_json::from_str(&json)
                    .map_err(|e| StoreError::backend("decoding article json", e))?;
                batch.push((article, rev));
            }
            self.store.with_client(|c| {
                let mut tx = c.transaction()?;
                for (a, rev) in &batch {
                    write_row(&mut tx, a, *rev)?;
                }
                tx.commit()
            })?;
            done += batch.len();
        }
        Ok(done)
    }

    /// Runs a query: candidates from PostgreSQL, ranking by the crate (see the
    /// [module docs](self)). The query is checked as [`Index::search`] checks it.
    pub fn search(&self, query: &Query) -> Result<Results, PgSearchError> {
        // The exact rules of the in-memory search (length, syllables, page size).
        Index::new().search(query)?;
        let q = analyze_query(&query.text);
        if q.syllables.is_empty() && q.documents.is_empty() {
            return Ok(Results::default());
        }
        let plan = Plan::of(&q);
        let budget = self
            .candidates
            .max(query.offset.saturating_add(query.limit))
            .min(MAX_CANDIDATES);
        let filter = SqlFilter::of(query, self.published_only);
        let mut client = ClientRef(&self.store);
        let unknown = client.unknown(&plan.known_candidates())?;
        let narrow = plan.narrow_query(&unknown);
        let broad = plan.broad_query(&unknown);
        let (Some(narrow), Some(broad)) = (narrow, broad) else {
            return Ok(Results::default());
        };
        let newest = query.order == Order::Newest;
        let by_date = matches!(query.order, Order::Newest | Order::Oldest);
        let pick = |client: &mut ClientRef<'_>, tsq: &str, exclude: &[String], n: usize| {
            if by_date {
                client.by_date(tsq, &filter, newest, exclude, n)
            } else {
                client.ranked(tsq, &filter, exclude, n)
            }
        };
        // The query as a phrase first (few articles, the likeliest), then the rest.
        let mut ids = match plan.phrase_query(&unknown) {
            Some(phrase) if !by_date => pick(&mut client, &phrase, &[], budget)?,
            _ => Vec::new(),
        };
        if ids.len() < budget {
            let more = pick(&mut client, &narrow, &ids, budget - ids.len())?;
            ids.extend(more);
        }
        let mut total = client.count(&narrow, &filter)?;
        if ids.len() < MIN_CANDIDATES.min(budget) {
            let more = pick(&mut client, &broad, &ids, budget - ids.len())?;
            ids.extend(more);
            total = client.count(&broad, &filter)?;
        }
        let articles = client.articles(&ids)?;
        let index = Index::build(&articles);
        let mut results = index.search(query)?;
        results.total = results.total.max(total);
        Ok(results)
    }

    /// Writes the search row of `article` at `revision` (unless a newer one is there).
    fn index(&self, article: &Article, revision: Revision) -> Result<(), StoreError> {
        let rev =
            i64::try_from(revision.0).map_err(|e| StoreError::backend("encoding a revision", e))?;
        self.store.with_client(|c| {
            let mut tx = c.transaction()?;
            write_row(&mut tx, article, rev)?;
            tx.commit()
        })
    }
}

fn db_err(what: &'static str, e: postgres::Error) -> StoreError {
    StoreError::backend(what, e)
}

/// Upserts the search row; an article deleted meanwhile (foreign key) is skipped.
fn write_row(
    tx: &mut postgres::Transaction<'_>,
    a: &Article,
    revision: i64,
) -> Result<(), postgres::Error> {
    let keys = keys_literal(a);
    let tags: Vec<String> = a.tags.iter().map(|t| fold(t)).collect();
    let published = a.status == Status::Published;
    let category = a.category.as_ref().map(|c| c.slug.as_str());
    let published_ns = a.published.as_ref().and_then(nanos);
    let mut sp = tx.transaction()?;
    let r = sp.execute(
        "INSERT INTO search_docs (id, revision, published, category_slug, published_ns, \
         tags, keys) VALUES ($1, $2, $3, $4, $5, $6, $7::text::tsvector) \
         ON CONFLICT (id) DO UPDATE SET revision = EXCLUDED.revision, \
         published = EXCLUDED.published, category_slug = EXCLUDED.category_slug, \
         published_ns = EXCLUDED.published_ns, tags = EXCLUDED.tags, keys = EXCLUDED.keys \
         WHERE search_docs.revision < EXCLUDED.revision",
        &[
            &a.id.as_str(),
            &revision,
            &published,
            &category,
            &published_ns,
            &tags,
            &keys,
        ],
    );
    match r {
        Ok(_) => sp.commit(),
        Err(e) if e.code() == Some(&SqlState::FOREIGN_KEY_VIOLATION) => sp.rollback(),
        Err(e) => Err(e),
    }
}

fn nanos(t: &Timestamp) -> Option<i64> {
    t.timestamp_nanos_opt()
}

/// Appends `t` as a quoted lexeme (`'a b'`, `''` for a quote, `\\` for a backslash).
fn quote_lexeme(out: &mut String, t: &str) {
    out.push('\'');
    for c in t.chars() {
        match c {
            '\'' => out.push_str("''"),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('\'');
}

/// Whether a key can be a lexeme (PostgreSQL limits one to 2 KB).
fn lexeme_ok(key: &str) -> bool {
    !key.is_empty() && key.len() < 2046
}

/// The article's searchable text, as the in-memory index reads it.
fn analysed(a: &Article) -> (Vec<(String, bool)>, usize) {
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
    let text = DocText {
        title: &a.title,
        lead: &lead,
        body: &body,
        tags: &a.tags,
        category: a.category.as_ref().map_or("", |c| c.name.as_str()),
        documents: &documents,
    };
    let w = FieldWeights::default();
    let all = analyze_document(&text, &w);
    let title_only = DocText {
        lead: "",
        body: "",
        tags: &[],
        category: "",
        ..text
    };
    let title = analyze_document(&title_only, &w);
    let keys: BTreeMap<&str, bool> = all
        .terms
        .keys()
        .filter(|(kind, _)| *kind != KeyKind::Exact)
        .map(|k| {
            let in_title = k.0 == KeyKind::Document || title.terms.contains_key(k);
            (k.1.as_str(), in_title)
        })
        .collect();
    let n = keys.len();
    (
        keys.into_iter().map(|(k, t)| (k.to_owned(), t)).collect(),
        n,
    )
}

/// The article's `keys` literal: each folded syllable, bigram and document number once,
/// at position 1, weight A when in the title, else D.
fn keys_literal(a: &Article) -> String {
    let (keys, n) = analysed(a);
    let mut out = String::with_capacity(n * 12);
    for (key, in_title) in keys {
        if !lexeme_ok(&key) {
            continue;
        }
        if out.len() + key.len() + 8 > MAX_LITERAL_BYTES {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        quote_lexeme(&mut out, &key);
        out.push_str(if in_title { ":1A" } else { ":1D" });
    }
    out
}

/// Folded forms one edit away from `s` (ASCII letters and digits): deletions,
/// substitutions, transpositions, insertions.
fn one_edit(s: &str) -> Vec<String> {
    const ALPHA: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let b = s.as_bytes();
    let mut out: HashSet<Vec<u8>> = HashSet::new();
    for i in 0..b.len() {
        let mut d = b.to_vec();
        d.remove(i);
        out.insert(d);
        for &c in ALPHA {
            let mut sub = b.to_vec();
            if let Some(x) = sub.get_mut(i) {
                *x = c;
            }
            out.insert(sub);
        }
        if i + 1 < b.len() {
            let mut t = b.to_vec();
            t.swap(i, i + 1);
            out.insert(t);
        }
    }
    for i in 0..=b.len() {
        for &c in ALPHA {
            let mut ins = b.to_vec();
            ins.insert(i, c);
            out.insert(ins);
        }
    }
    let mut v: Vec<String> = out
        .into_iter()
        .filter_map(|x| String::from_utf8(x).ok())
        .filter(|x| x != s && !x.is_empty())
        .collect();
    v.sort();
    v
}

/// One term of a `tsquery` literal.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Term {
    key: String,
    prefix: bool,
}

impl Term {
    fn exact(key: impl Into<String>) -> Term {
        Term {
            key: key.into(),
            prefix: false,
        }
    }
}

/// `('a' | 'b':*) & 'c d'`: any of `any`, all of `all`.
fn tsquery(any: &[Term], all: &[String]) -> Option<String> {
    let mut out = String::new();
    let mut first = true;
    for t in any.iter().filter(|t| lexeme_ok(&t.key)) {
        out.push_str(if first { "(" } else { " | " });
        first = false;
        quote_lexeme(&mut out, &t.key);
        if t.prefix {
            out.push_str(":*");
        }
    }
    if first {
        return None;
    }
    out.push(')');
    for k in all.iter().filter(|k| lexeme_ok(k)) {
        out.push_str(" & ");
        quote_lexeme(&mut out, k);
    }
    Some(out)
}

/// The keys a query asks PostgreSQL for.
#[derive(Debug, Default)]
struct Plan {
    /// Bigrams, bigram prefixes, document numbers.
    selective: Vec<Term>,
    /// Folded syllables (the last as a prefix too).
    syllables: Vec<Term>,
    /// Syllables that may be mistyped (unfinished ones excluded).
    typo_prone: Vec<String>,
    /// Keys every result must have (quoted phrases).
    required: Vec<String>,
    /// Adjacent syllable pairs (folded): first, second, whether the second is unfinished.
    pairs: Vec<(String, String, bool)>,
}

impl Plan {
    fn of(q: &AnalyzedQuery) -> Plan {
        let mut p = Plan::default();
        for d in &q.documents {
            p.selective.push(Term::exact(d.clone()));
        }
        for (i, s) in q.syllables.iter().enumerate() {
            p.syllables.push(Term::exact(s.folded.clone()));
            let letters = s.folded.chars().count();
            if s.prefix && letters >= MIN_PREFIX_LETTERS {
                p.syllables.push(Term {
                    key: s.folded.clone(),
                    prefix: true,
                });
            }
            if s.phrase.is_none()
                && !s.prefix
                && s.folded.is_ascii()
                && TYPO_LETTERS.contains(&letters)
            {
                p.typo_prone.push(s.folded.clone());
            }
            let Some(prev) = i.checked_sub(1).and_then(|j| q.syllables.get(j)) else {
                continue;
            };
            p.pairs
                .push((prev.folded.clone(), s.folded.clone(), s.prefix));
            let bigram = format!("{} {}", prev.folded, s.folded);
            if s.phrase.is_some() && s.phrase == prev.phrase {
                p.required.push(bigram.clone());
            }
            p.selective.push(Term::exact(bigram.clone()));
            if s.prefix {
                p.selective.push(Term {
                    key: bigram,
                    prefix: true,
                });
            }
        }
        // A quoted single syllable is required too.
        for (i, s) in q.syllables.iter().enumerate() {
            let Some(ph) = s.phrase else { continue };
            let alone = q
                .syllables
                .iter()
                .enumerate()
                .all(|(j, t)| j == i || t.phrase != Some(ph));
            if alone {
                p.required.push(s.folded.clone());
            }
        }
        for v in [&mut p.selective, &mut p.syllables] {
            v.sort();
            v.dedup();
        }
        p.typo_prone.sort();
        p.typo_prone.dedup();
        p.required.sort();
        p.required.dedup();
        p
    }

    /// The folded syllables to check against the index (prefixes excluded).
    fn known_candidates(&self) -> Vec<String> {
        self.syllables
            .iter()
            .filter(|t| !t.prefix)
            .map(|t| t.key.clone())
            .collect()
    }

    /// Articles with every adjacent pair of known syllables (the unfinished last one as
    /// a prefix): the query read as a phrase. `None` without such a pair.
    fn phrase_query(&self, unknown: &[String]) -> Option<String> {
        let mut all: Vec<String> = Vec::new();
        for (a, b, prefix) in &self.pairs {
            if unknown.contains(a) || (!prefix && unknown.contains(b)) {
                continue;
            }
            let key = format!("{a} {b}");
            if !lexeme_ok(&key) {
                continue;
            }
            let mut g = String::new();
            quote_lexeme(&mut g, &key);
            if *prefix {
                g.push_str(":*");
            }
            all.push(g);
        }
        if all.is_empty() {
            return None;
        }
        let mut out = all.join(" & ");
        for k in self.required.iter().filter(|k| lexeme_ok(k)) {
            out.push_str(" & ");
            quote_lexeme(&mut out, k);
        }
        Some(out)
    }

    /// Articles with every syllable (a syllable no article has: any of its one-edit
    /// variants, or dropped when too short to have them; the unfinished last one as a
    /// prefix) or with any selective key.
    fn narrow_query(&self, unknown: &[String]) -> Option<String> {
        let mut groups: Vec<String> = Vec::new();
        for t in &self.syllables {
            if !lexeme_ok(&t.key) {
                continue;
            }
            let mut g = String::new();
            if t.prefix {
                quote_lexeme(&mut g, &t.key);
                g.push_str(":*");
            } else if unknown.contains(&t.key) {
                if !self.typo_prone.contains(&t.key) {
                    continue;
                }
                for (i, v) in one_edit(&t.key).iter().enumerate() {
                    g.push_str(if i == 0 { "(" } else { " | " });
                    quote_lexeme(&mut g, v);
                }
                g.push(')');
            } else if self.syllables.iter().any(|p| p.prefix && p.key == t.key) {
                // The unfinished syllable's prefix group covers it.
                continue;
            } else {
                quote_lexeme(&mut g, &t.key);
            }
            groups.push(g);
        }
        let mut any: Vec<String> = Vec::new();
        if !groups.is_empty() {
            any.push(format!("({})", groups.join(" & ")));
        }
        for t in self.selective.iter().filter(|t| lexeme_ok(&t.key)) {
            let mut g = String::new();
            quote_lexeme(&mut g, &t.key);
            if t.prefix {
                g.push_str(":*");
            }
            any.push(g);
        }
        if any.is_empty() {
            return None;
        }
        let mut out = format!("({})", any.join(" | "));
        for k in self.required.iter().filter(|k| lexeme_ok(k)) {
            out.push_str(" & ");
            quote_lexeme(&mut out, k);
        }
        Some(out)
    }

    /// Articles with any selective key or syllable (and the one-edit variants of the
    /// syllables no article has).
    fn broad_query(&self, unknown: &[String]) -> Option<String> {
        let mut any: Vec<Term> = self.selective.clone();
        any.extend(self.syllables.iter().cloned());
        for s in unknown.iter().filter(|s| self.typo_prone.contains(s)) {
            any.extend(one_edit(s).into_iter().map(Term::exact));
        }
        any.sort();
        any.dedup();
        tsquery(&any, &self.required)
    }
}

/// A query's filters as SQL parameters.
#[derive(Debug)]
struct SqlFilter {
    published_only: bool,
    /// `now` as the store's `(seconds, nanoseconds)` key, with [`Filter::visible_at`].
    visible: Option<(i64, i64)>,
    category: Option<String>,
    tags: Vec<String>,
    from: Option<i64>,
    until: Option<i64>,
}

impl SqlFilter {
    fn of(q: &Query, published_only: bool) -> SqlFilter {
        let f = &q.filter;
        SqlFilter {
            published_only,
            visible: f.visible_at.map(crate::store::instant_key),
            category: f.category.clone(),
            tags: f.tags.iter().map(|t| fold(t)).collect(),
            // Out of range (before 1677 or after 2262): no article is that far out.
            from: f.from.as_ref().map(|t| nanos(t).unwrap_or(i64::MIN)),
            until: f.until.as_ref().map(|t| nanos(t).unwrap_or(i64::MAX)),
        }
    }
}

/// The filter clause over `search_docs` (parameters `$2`..`$6`). With a visibility
/// instant the article row decides, by the store's visibility clause (which replaces
/// `published_only`: a scheduled article is visible from its time); the instant is
/// written into the SQL as two integers.
fn filter_sql(f: &SqlFilter) -> String {
    let status = match f.visible {
        Some((s, n)) => format!(
            "$2::bool IS NOT NULL AND EXISTS (SELECT 1 FROM articles a \
             WHERE a.id = search_docs.id AND {})",
            crate::store::visible_clause(&s.to_string(), &n.to_string())
        ),
        None => "(NOT $2 OR published)".to_string(),
    };
    format!("{status} AND {FILTER_SQL}")
}

/// The filters but the status one (parameters `$3`..`$6`).
const FILTER_SQL: &str = "($3::text IS NULL OR category_slug = $3) \
     AND (cardinality($4::text[]) = 0 OR tags @> $4) \
     AND ($5::int8 IS NULL OR published_ns >= $5) \
     AND ($6::int8 IS NULL OR published_ns < $6)";

/// The store's connections, for the queries of one search.
struct ClientRef<'a>(&'a PostgresStore);

impl ClientRef<'_> {
    fn run<T>(
        &mut self,
        f: impl FnOnce(&mut Transaction<'_>) -> Result<T, postgres::Error>,
    ) -> Result<T, StoreError> {
        self.0.with_client(|c| {
            let mut tx = c.build_transaction().read_only(true).start()?;
            // The planner prices `@@` on a TOASTed tsvector like a cheap operator and
            // would rather scan the table, reading every row's keys; the GIN index reads
            // none of them.
            tx.batch_execute("SET LOCAL enable_seqscan = off")?;
            let r = f(&mut tx)?;
            tx.commit()?;
            Ok(r)
        })
    }

    /// The syllables of `candidates` that no article has.
    fn unknown(&mut self, candidates: &[String]) -> Result<Vec<String>, StoreError> {
        if candidates.is_empty() {
            return Ok(Vec::new());
        }
        let lexemes: Vec<String> = candidates
            .iter()
            .map(|s| {
                let mut q = String::new();
                quote_lexeme(&mut q, s);
                q
            })
            .collect();
        let rows = self.run(|c| {
            c.query(
                "SELECT s FROM unnest($1::text[]) WITH ORDINALITY AS u(s, n) \
                 WHERE NOT EXISTS (SELECT 1 FROM search_docs \
                                   WHERE keys @@ CAST(u.s AS tsquery)) ORDER BY n",
                &[&lexemes],
            )
        })?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let quoted: String = row.try_get(0).map_err(|e| db_err("reading a key", e))?;
            if let Some(i) = lexemes.iter().position(|l| *l == quoted) {
                if let Some(s) = candidates.get(i) {
                    out.push(s.clone());
                }
            }
        }
        Ok(out)
    }

    fn params<'p>(tsq: &'p &str, f: &'p SqlFilter) -> [&'p (dyn ToSql + Sync); 6] {
        [
            tsq,
            &f.published_only,
            &f.category,
            &f.tags,
            &f.from,
            &f.until,
        ]
    }

    fn ids(rows: &[postgres::Row]) -> Result<Vec<String>, StoreError> {
        rows.iter()
            .map(|r| {
                r.try_get(0)
                    .map_err(|e| db_err("reading a candidate id", e))
            })
            .collect()
    }

    /// Up to `limit` ids by `ts_rank`, leaving out `exclude`.
    fn ranked(
        &mut self,
        tsq: &str,
        f: &SqlFilter,
        exclude: &[String],
        limit: usize,
    ) -> Result<Vec<String>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let filter = filter_sql(f);
        let sql = format!(
            "SELECT m.id FROM (SELECT id, keys FROM search_docs \
                 WHERE keys @@ CAST($1::text AS tsquery) AND {filter} \
                   AND NOT (id = ANY($7)) \
                 ORDER BY published_ns DESC NULLS LAST, id LIMIT $9) AS m \
             ORDER BY ts_rank('{{0.1, 0.2, 0.4, 1.0}}'::float4[], m.keys, \
                              CAST($1::text AS tsquery)) DESC, m.id LIMIT $8"
        );
        let [a, b, c, d, e, g] = Self::params(&tsq, f);
        let rows = self.run(|cl| {
            cl.query(
                sql.as_str(),
                &[a, b, c, d, e, g, &exclude, &limit, &RANK_CAP],
            )
        })?;
        Self::ids(&rows)
    }

    /// Up to `limit` ids, newest (or oldest) first, undated last.
    fn by_date(
        &mut self,
        tsq: &str,
        f: &SqlFilter,
        newest: bool,
        exclude: &[String],
        limit: usize,
    ) -> Result<Vec<String>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let dir = if newest { "DESC" } else { "ASC" };
        let filter = filter_sql(f);
        let sql = format!(
            "SELECT id FROM search_docs WHERE keys @@ CAST($1::text AS tsquery) \
             AND {filter} AND NOT (id = ANY($7)) \
             ORDER BY published_ns {dir} NULLS LAST, id LIMIT $8"
        );
        let [a, b, c, d, e, g] = Self::params(&tsq, f);
        let rows = self.run(|cl| cl.query(sql.as_str(), &[a, b, c, d, e, g, &exclude, &limit]))?;
        Self::ids(&rows)
    }

    fn count(&mut self, tsq: &str, f: &SqlFilter) -> Result<usize, StoreError> {
        let filter = filter_sql(f);
        let sql = format!(
            "SELECT count(*) FROM search_docs WHERE keys @@ CAST($1::text AS tsquery) \
             AND {filter}"
        );
        let [a, b, c, d, e, g] = Self::params(&tsq, f);
        let row = self.run(|cl| cl.query_one(sql.as_str(), &[a, b, c, d, e, g]))?;
        let n: i64 = row.try_get(0).map_err(|e| db_err("reading a count", e))?;
        usize::try_from(n).map_err(|e| StoreError::backend("reading a count", e))
    }

    /// The articles with these ids (those still there).
    fn articles(&mut self, ids: &[String]) -> Result<Vec<Article>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows =
            self.run(|c| c.query("SELECT json FROM articles WHERE id = ANY($1)", &[&ids]))?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let json: String = row.try_get(0).map_err(|e| db_err("reading json", e))?;
            out.push(
                serde_json::from_str(&json)
                    .map_err(|e| StoreError::backend("decoding article json", e))?,
            );
        }
        Ok(out)
    }
}

impl ArticleStore for PostgresSearch {
    fn get(&self, id: &ArticleId) -> Result<Option<StoredArticle>, StoreError> {
        self.store.get(id)
    }

    fn get_by_slug(&self, slug: &Slug) -> Result<Option<StoredArticle>, StoreError> {
        self.store.get_by_slug(slug)
    }

    fn slug_exists(&self, slug: &Slug) -> Result<bool, StoreError> {
        self.store.slug_exists(slug)
    }

    /// Stores the article, then its search row. When the second step fails the article
    /// is stored all the same and the error is returned; [`PostgresSearch::sync`]
    /// indexes it later.
    fn put(&self, article: &Article, expected: Option<Revision>) -> Result<Revision, StoreError> {
        let rev = self.store.put(article, expected)?;
        self.index(article, rev)?;
        Ok(rev)
    }

    /// Deletes the article; its search row goes with it (`ON DELETE CASCADE`).
    fn delete(&self, id: &ArticleId, expected: Option<Revision>) -> Result<(), StoreError> {
        self.store.delete(id, expected)
    }

    fn list(&self, query: &ListQuery) -> Result<Listing<StoredArticle>, StoreError> {
        self.store.list(query)
    }

    fn scan(
        &self,
        after: Option<&ArticleId>,
        limit: usize,
    ) -> Result<Vec<StoredArticle>, StoreError> {
        self.store.scan(after, limit)
    }

    fn count(&self) -> Result<usize, StoreError> {
        self.store.count()
    }

    fn categories(&self) -> Result<Vec<(Category, usize)>, StoreError> {
        self.store.categories()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_folded_with_title_weight() {
        let mut a = Article::new(
            "a".parse().unwrap(),
            "Sơ kết thi đua O'Neil".into(),
            "a".parse().unwrap(),
        );
        a.body = vec![crate::model::Block::paragraph(
            "Thực hiện Kế hoạch số 08/KH-UBND về khen thưởng.",
        )];
        let lit = keys_literal(&a);
        assert!(lit.contains("'thi dua':1A"), "{lit}");
        assert!(lit.contains("'khen thuong':1D"), "{lit}");
        assert!(
            lit.contains("'o''neil':1A") || lit.contains("'neil':1A"),
            "{lit}"
        );
        assert!(lit.contains("'08/kh-ubnd':1A"), "{lit}");
        assert!(!lit.contains("đua"), "exact keys are not stored: {lit}");
    }

    #[test]
    fn plan_of_a_query() {
        let q = analyze_query("\"thi đua\" so ket phong tr");
        let p = Plan::of(&q);
        let keys: Vec<String> = p
            .selective
            .iter()
            .map(|t| format!("{}{}", t.key, if t.prefix { ":*" } else { "" }))
            .collect();
        assert!(keys.contains(&"phong tr:*".to_string()), "{keys:?}");
        assert!(keys.contains(&"so ket".to_string()), "{keys:?}");
        assert_eq!(p.required, ["thi dua"]);
        assert!(p.syllables.contains(&Term {
            key: "tr".into(),
            prefix: true
        }));
        assert_eq!(p.typo_prone, ["phong"]);
        let tsq = p.narrow_query(&[]).unwrap_or_default();
        assert!(tsq.ends_with(") & 'thi dua'"), "{tsq}");
        assert!(tsq.contains("'phong' & "), "{tsq}");
        assert!(tsq.contains("'tr':*"), "{tsq}");
        let phrase = p.phrase_query(&[]).unwrap_or_default();
        assert!(phrase.contains("'so ket' & "), "{phrase}");
        assert!(phrase.contains("'phong tr':*"), "{phrase}");
        let phrase = p.phrase_query(&["ket".to_string()]).unwrap_or_default();
        assert!(!phrase.contains("ket"), "{phrase}");
        // A syllable no article has becomes the group of its variants.
        let tsq = p.narrow_query(&["phong".to_string()]).unwrap_or_default();
        assert!(tsq.contains("'phon' | "), "{tsq}");
        assert!(one_edit("phomg").contains(&"phong".to_string()));
        assert!(one_edit("ab").iter().all(|v| !v.is_empty() && v != "ab"));
    }
}
