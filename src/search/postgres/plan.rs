//! How an analysed query becomes `tsquery` texts (the phrase, narrow and broad queries
//! of the [module docs](super)) and how its filters become SQL.

use std::collections::HashSet;

use super::keys::{lexeme_ok, nanos};
use crate::retrieval::tsvector::quote_lexeme;
use crate::search::analyze::AnalyzedQuery;
use crate::search::Query;
use crate::text::fold;

/// Shortest unfinished syllable matched as a prefix on its own.
const MIN_PREFIX_LETTERS: usize = 2;

/// Syllables widened to their one-edit variants when no article has them (letters).
const TYPO_LETTERS: std::ops::RangeInclusive<usize> = 4..=12;

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
pub(super) struct Plan {
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
    pub(super) fn of(q: &AnalyzedQuery) -> Plan {
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
    pub(super) fn known_candidates(&self) -> Vec<String> {
        self.syllables
            .iter()
            .filter(|t| !t.prefix)
            .map(|t| t.key.clone())
            .collect()
    }

    /// Articles with every adjacent pair of known syllables (the unfinished last one as
    /// a prefix): the query read as a phrase. `None` without such a pair.
    pub(super) fn phrase_query(&self, unknown: &[String]) -> Option<String> {
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
    pub(super) fn narrow_query(&self, unknown: &[String]) -> Option<String> {
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
    pub(super) fn broad_query(&self, unknown: &[String]) -> Option<String> {
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
pub(super) struct SqlFilter {
    pub(super) published_only: bool,
    /// `now` as the store's `(seconds, nanoseconds)` key, with [`Filter::visible_at`].
    pub(super) visible: Option<(i64, i64)>,
    pub(super) category: Option<String>,
    pub(super) tags: Vec<String>,
    pub(super) from: Option<i64>,
    pub(super) until: Option<i64>,
}

impl SqlFilter {
    pub(super) fn of(q: &Query, published_only: bool) -> SqlFilter {
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
pub(super) fn filter_sql(f: &SqlFilter) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::analyze::analyze_query;

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
