//! The search row of an article: its folded keys as a `tsvector` literal (weight A in
//! the title, D elsewhere), the filter fields, and the upsert that writes them.

use std::collections::BTreeMap;

use postgres::error::SqlState;

use crate::model::{Article, Status, Timestamp};
use crate::retrieval::tsvector::quote_lexeme;
use crate::search::analyze::{analyze_document, DocText, FieldWeights, KeyKind};
use crate::search::index::DocEntry;
use crate::text::fold;

/// Largest `tsvector` literal written (PostgreSQL's limit on a `tsvector` is 1 MB).
const MAX_LITERAL_BYTES: usize = 512 * 1024;

/// Upserts the search row; an article deleted meanwhile (foreign key) is skipped.
pub(super) fn write_row(
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

pub(super) fn nanos(t: &Timestamp) -> Option<i64> {
    t.timestamp_nanos_opt()
}

/// Whether a key can be a lexeme (PostgreSQL limits one to 2 KB).
pub(super) fn lexeme_ok(key: &str) -> bool {
    !key.is_empty() && key.len() < 2046
}

/// The article's searchable text, as the in-memory index reads it.
fn analysed(a: &Article) -> (Vec<(String, bool)>, usize) {
    let entry = DocEntry::from_article(a);
    let text = entry.text();
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
}
