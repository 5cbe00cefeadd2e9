//! The SQL of one search: which query syllables no article has, ranked or dated
//! candidate ids, match counts, and the candidates' articles.

use postgres::types::ToSql;
use postgres::Transaction;

use super::plan::{filter_sql, SqlFilter};
use super::{db_err, RANK_CAP};
use crate::model::Article;
use crate::retrieval::tsvector::quote_lexeme;
use crate::store::{PostgresStore, StoreError};

/// The store's connections, for the queries of one search.
pub(super) struct ClientRef<'a>(pub(super) &'a PostgresStore);

impl ClientRef<'_> {
    pub(super) fn run<T>(
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
    pub(super) fn unknown(&mut self, candidates: &[String]) -> Result<Vec<String>, StoreError> {
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

    pub(super) fn params<'p>(tsq: &'p &str, f: &'p SqlFilter) -> [&'p (dyn ToSql + Sync); 6] {
        [
            tsq,
            &f.published_only,
            &f.category,
            &f.tags,
            &f.from,
            &f.until,
        ]
    }

    pub(super) fn ids(rows: &[postgres::Row]) -> Result<Vec<String>, StoreError> {
        rows.iter()
            .map(|r| {
                r.try_get(0)
                    .map_err(|e| db_err("reading a candidate id", e))
            })
            .collect()
    }

    /// Up to `limit` ids by `ts_rank`, leaving out `exclude`.
    pub(super) fn ranked(
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
    pub(super) fn by_date(
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

    pub(super) fn count(&mut self, tsq: &str, f: &SqlFilter) -> Result<usize, StoreError> {
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
    pub(super) fn articles(&mut self, ids: &[String]) -> Result<Vec<Article>, StoreError> {
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
