//! Related-article candidates from PostgreSQL full text (feature `postgres`).
//!
//! [`connect`] opens a [`PostgresStore`] that keeps a `terms` full-text column, and such a
//! store is a [`CandidateSource`]: the "weighted OR of terms → top-C ids" step of
//! [`crate::related`] runs in the database, and the crate reranks what it returns
//! ([`Index::related_via`](super::Index::related_via)).
//!
//! Each article row carries a `terms tsvector` built from the crate's own tokens
//! ([`terms`]: normalised syllables, same-clause bigrams such as `thi_đua`, document
//! numbers such as `08/KH-UBND`), written as a `tsvector` literal so PostgreSQL's parser
//! never re-splits them — the `simple` configuration in effect, with no dictionary.
//! Title tokens carry weight A, lead tokens B, body tokens D, with positions, so
//! `ts_rank_cd` can rank by cover density; a GIN index serves `@@`. The vector is
//! computed in `put`, inside the write transaction, so it is never out of step.
//!
//! A store opened with [`PostgresStore::connect`] leaves the column empty; [`connect`]
//! indexes such rows when it connects. Every process that writes to a database used as a
//! candidate source should open it with [`connect`] (or [`connect_in_schema`]).
//!
//! Cost: the query ranks every row matching any of its terms, so it grows with the
//! table — about 0.1 s at 3,000 articles and seconds at 33,000 (`BENCHMARKS.md`). It
//! suits batch jobs and small sites; to serve pages at scale keep an in-memory
//! [`Index`](super::Index) per process (`tintuc::web` nodes do, kept current across
//! nodes by LISTEN/NOTIFY).
//!
//! ```no_run
//! use tintuc::related::{postgres, Index, QueryOptions};
//! use tintuc::store::ArticleStore;
//!
//! let store = postgres::connect("host=127.0.0.1 dbname=tintuc")?;
//! let index = Index::builder().build_from_store(&store)?;
//! if let Some(first) = store.scan(None, 1)?.first() {
//!     // Candidates from PostgreSQL, ranking by the crate.
//!     let related = index.related_via(&first.article.id, &QueryOptions::top(5), &store)?;
//!     println!("{related:?}");
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::HashSet;
use std::fmt::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::{terms, CandidateError, CandidateQuery, CandidateSource};
use crate::model::{Article, ArticleId};
use crate::retrieval::tsvector::quote_lexeme;
use crate::store::{PostgresStore, StoreError};

/// Connects to PostgreSQL like [`PostgresStore::connect`], with the `terms` full-text
/// column kept on every write, so the store is a [`CandidateSource`]. Rows whose column
/// is empty (written before the column existed or by a store opened without it) are
/// indexed before this returns.
///
/// Fails with [`StoreError::Backend`] when the server cannot be reached or the database
/// holds a newer schema than this version knows.
///
/// ```no_run
/// use tintuc::store::ArticleStore;
///
/// let store = tintuc::related::postgres::connect("host=127.0.0.1 user=tintuc dbname=tintuc")?;
/// println!("{} articles", store.count()?);
/// # Ok::<(), tintuc::store::StoreError>(())
/// ```
pub fn connect(params: &str) -> Result<PostgresStore, StoreError> {
    PostgresStore::connect_with_terms(params, None, tsvector_literal)
}

/// Like [`connect`], keeping the tables in `schema` (a plain lower-case identifier,
/// created if missing), as [`PostgresStore::connect_in_schema`] does.
///
/// ```no_run
/// let store = tintuc::related::postgres::connect_in_schema("host=127.0.0.1 dbname=tintuc", "portal")?;
/// # Ok::<(), tintuc::store::StoreError>(())
/// ```
pub fn connect_in_schema(params: &str, schema: &str) -> Result<PostgresStore, StoreError> {
    PostgresStore::connect_with_terms(params, Some(schema), tsvector_literal)
}

/// PostgreSQL's largest lexeme position.
const MAX_POS: usize = 16_383;

/// Query terms sent to the database, heaviest first.
const MAX_QUERY_TERMS: usize = 40;

/// `ts_rank_cd` weights for classes {D, C, B, A} = {body, unused, lead, title}: the
/// crate's default field weights 1 : 2 : 3, scaled to A = 1.
const RANK_WEIGHTS: &str = "{0.333, 0.5, 0.667, 1.0}";

/// Query terms in more than this share of the articles are left out of the candidate
/// query, as the in-memory index does by default (`Config::max_df_ratio`): they match most
/// of the table and make ranking cost grow with it, while adding little to recall.
const COMMON_TERM_SHARE: f32 = 0.1;

/// How long the common-term list is reused before it is read again.
const COMMON_TERMS_TTL: Duration = Duration::from_secs(60);

/// Lexemes in more than [`COMMON_TERM_SHARE`] of the rows, from `pg_stats` (kept by
/// `ANALYZE`/autovacuum: `most_common_elems` of the `terms` column), cached in the store
/// for [`COMMON_TERMS_TTL`]. Empty before the table was first analysed.
fn common_terms(store: &PostgresStore) -> Result<Arc<HashSet<String>>, CandidateError> {
    let mut slot = store.common_terms.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((at, set)) = slot.as_ref() {
        if at.elapsed() < COMMON_TERMS_TTL {
            return Ok(Arc::clone(set));
        }
    }
    let rows = store
        .with_client(|c| {
            c.query(
                "SELECT e FROM pg_stats s, \
                       unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) \
                         AS x(e, f) \
                     WHERE s.schemaname = current_schema() AND s.tablename = 'articles' \
                       AND s.attname = 'terms' AND x.f > $1",
                &[&COMMON_TERM_SHARE],
            )
        })
        .map_err(|e| cand_err("reading term statistics", e))?;
    let mut set = HashSet::with_capacity(rows.len());
    for row in &rows {
        if let Ok(Some(e)) = row.try_get::<_, Option<String>>(0) {
            set.insert(e);
        }
    }
    let set = Arc::new(set);
    *slot = Some((Instant::now(), Arc::clone(&set)));
    Ok(set)
}

/// The article's `tsvector` literal: every token with its positions and field weight.
fn tsvector_literal(article: &Article) -> String {
    use std::collections::BTreeMap;
    let mut lexemes: BTreeMap<String, Vec<(usize, char)>> = BTreeMap::new();
    let mut pos = 0usize;
    let mut add = |text: &str, weight: char, pos: &mut usize| {
        for t in terms(text) {
            *pos = (*pos + 1).min(MAX_POS);
            let v = lexemes.entry(t).or_default();
            // PostgreSQL keeps at most 256 positions per lexeme.
            if v.len() < 256 {
                v.push((*pos, weight));
            }
        }
    };
    add(&article.title, 'A', &mut pos);
    if let Some(lead) = &article.lead {
        add(lead, 'B', &mut pos);
    }
    for block in &article.body {
        for part in block.text_parts() {
            add(part, 'D', &mut pos);
        }
    }
    let mut out = String::new();
    for (lexeme, positions) in &lexemes {
        // PostgreSQL limits a lexeme to 2 KB; such a token is noise anyway.
        if lexeme.is_empty() || lexeme.len() >= 2046 {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        quote_lexeme(&mut out, lexeme);
        out.push(':');
        for (i, (p, w)) in positions.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let _ = write!(out, "{p}{w}");
        }
    }
    out
}

/// The OR query over the heaviest terms, as a `tsquery` literal (`'a' | 'b_c'`).
fn tsquery_literal(query: &CandidateQuery<'_>, common: &HashSet<String>) -> String {
    let mut out = String::new();
    let kept = query.terms.iter().filter(|(t, _)| !common.contains(*t));
    for (t, _) in kept.take(MAX_QUERY_TERMS) {
        if t.is_empty() || t.len() >= 2046 {
            continue;
        }
        if !out.is_empty() {
            out.push_str(" | ");
        }
        quote_lexeme(&mut out, t);
    }
    out
}

fn cand_err(message: &str, e: impl std::error::Error + Send + Sync + 'static) -> CandidateError {
    CandidateError {
        message: message.to_string(),
        source: Some(Box::new(e)),
    }
}

impl CandidateSource for PostgresStore {
    /// Candidates by `ts_rank_cd` over the GIN-indexed `terms`, with the query's hard
    /// filters (status or visibility, category, date window, only older) applied in SQL. A store not
    /// opened with [`connect`] or [`connect_in_schema`] has no terms to query: it fails
    /// with a [`CandidateError`].
    fn candidates(
        &self,
        query: &CandidateQuery<'_>,
    ) -> Result<Vec<(ArticleId, f32)>, CandidateError> {
        if !self.has_terms() {
            return Err(CandidateError {
                message: "store keeps no terms: open it with related::postgres::connect"
                    .to_string(),
                source: None,
            });
        }
        let common = common_terms(self)?;
        let tsq = tsquery_literal(query, &common);
        if tsq.is_empty() || query.limit == 0 {
            return Ok(Vec::new());
        }
        let f = query.constraints;
        let exclude = query.exclude.map(|id| id.as_str());
        let category = f.category.as_ref().map(|c| c.as_str());
        let published = query.published.map(|t| t.timestamp());
        let window = f.window_days.map(|d| i64::from(d).saturating_mul(86_400));
        let limit = i64::try_from(query.limit).unwrap_or(i64::MAX);
        // With a visibility instant, the store's visibility clause replaces
        // `published_only` (a scheduled article is visible from its time); the instant
        // is written into the SQL as two integers.
        let status = match f.visible_at.map(crate::store::instant_key) {
            Some((s, n)) => format!(
                "$3::bool IS NOT NULL AND {}",
                crate::store::visible_clause(&s.to_string(), &n.to_string())
            ),
            None => "(NOT $3 OR status = 'published')".to_string(),
        };
        let sql = format!(
            "SELECT id, ts_rank_cd('{RANK_WEIGHTS}'::float4[], terms, q) AS r \
             FROM articles a, CAST($1::text AS tsquery) AS q \
             WHERE terms @@ q \
               AND ($2::text IS NULL OR id <> $2) \
               AND {status} \
               AND ($4::text IS NULL OR category_slug = $4) \
               AND (NOT $5 OR $6::int8 IS NULL OR rk_secs < $6) \
               AND ($7::int8 IS NULL OR $6::int8 IS NULL OR rk_secs = {min} \
                    OR abs(rk_secs - $6) <= $7) \
             ORDER BY r DESC, id LIMIT $8",
            min = i64::MIN
        );
        let rows = self
            .with_client(|c| {
                c.query(
                    sql.as_str(),
                    &[
                        &tsq,
                        &exclude,
                        &f.published_only,
                        &category,
                        &f.only_older,
                        &published,
                        &window,
                        &limit,
                    ],
                )
            })
            .map_err(|e| cand_err("querying postgres full text", e))?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let id: String = row
                .try_get(0)
                .map_err(|e| cand_err("reading a candidate id", e))?;
            let score: f32 = row
                .try_get(1)
                .map_err(|e| cand_err("reading a candidate score", e))?;
            let id = ArticleId::new(id).map_err(|e| cand_err("reading a candidate id", e))?;
            out.push((id, score));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_quotes_and_weights() {
        let mut a = Article::new(
            "a".parse().unwrap(),
            "Thi đua O'Neil".into(),
            "a".parse().unwrap(),
        );
        a.body = vec![crate::model::Block::paragraph("thi đua khen thưởng")];
        let lit = tsvector_literal(&a);
        // Title positions weigh A, body positions D; bigrams are single lexemes.
        assert!(lit.contains("'thi_đua':3A,9D"), "{lit}");
        assert!(lit.contains("'khen_thưởng':13D"), "{lit}");
    }
}
