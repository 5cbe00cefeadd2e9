//! Official documents (văn bản) in the site search: each [`Document`] is mapped to the
//! record the index holds, so documents are found with the same Vietnamese-aware
//! matching as articles — without marks, in either tone style, with a typo — and the
//! number and symbol (`08/KH-UBND`) is one key.
//!
//! The mapping: title = kind, symbol and trích yếu ([`Document::title`]); lead = the
//! issuer, its other names and the signer; body = the document's text; tags = its fields
//! (lĩnh vực); category = its kind, so [`Query::category`] filters by loại văn bản
//! ([`kind_slug`]); the symbol is the record's cited document (with the year written in,
//! `08/2018/KH-UBND`, as a second key when the symbol has none); published = the issue
//! date. Documents are kept in an [`Index`] of their own: a hit's id is the document's
//! id ([`document_id`]).
//!
//! ```
//! use tintuc::document::sample_documents;
//! use tintuc::search::{documents, Query};
//!
//! let docs = sample_documents()?;
//! let index = documents::build(&docs);
//! let hits = index.search(&Query::new("ke hoach 08/KH-UBND"))?.hits;
//! let first = documents::document_id(&hits[0]).unwrap();
//! assert!(first.as_str().starts_with("ubnd-st-"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use chrono::{Datelike, NaiveTime};

use crate::document::{Document, DocumentId};
use crate::model::{Article, ArticleId, Block, Category, CitedDocument, Slug, Status};

use super::{Hit, Index, Query};

/// The record the search index holds for `doc`; `None` only if its id or kind cannot
/// be an article id or category (the id rules are the same, so in practice never).
///
/// ```
/// use tintuc::document::sample_documents;
/// let docs = sample_documents()?;
/// let a = tintuc::search::documents::searchable(&docs[0]).unwrap();
/// assert_eq!(a.title, "Kế hoạch 08/KH-UBND: Tổ chức hoạt động của các cụm, khối thi đua năm 2018");
/// assert_eq!(a.documents[0].number, "08/KH-UBND");
/// assert_eq!(a.documents[1].number, "08/2018/KH-UBND");
/// assert_eq!(a.category.unwrap().slug.as_str(), "ke-hoach");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn searchable(doc: &Document) -> Option<Article> {
    let id = ArticleId::new(doc.id.as_str()).ok()?;
    let mut a = Article::new(id, doc.title(), doc.slug.clone());
    let mut lead = vec![doc.issuer.clone()];
    lead.extend(doc.issuer_aliases.iter().cloned());
    lead.extend(doc.signer.iter().cloned());
    a.lead = Some(lead.join("; "));
    a.body = doc
        .body
        .iter()
        .map(|p| Block::Paragraph { text: p.clone() })
        .collect();
    a.tags = doc.fields.clone();
    a.category = Category::from_name(doc.kind.vietnamese_name());
    a.published = doc
        .issued
        .and_time(NaiveTime::MIN)
        .and_local_timezone(crate::model::VIETNAM_OFFSET)
        .single()
        .map(|t| t.fixed_offset());
    a.published_date_only = true;
    a.status = Status::Published;
    let cited = |number: String| CitedDocument {
        number,
        kind: Some(doc.kind),
        issuer: Some(doc.issuer.clone()),
        date: Some(doc.issued),
        year: None,
    };
    a.documents.push(cited(doc.symbol.as_str().to_string()));
    if doc.symbol.year().is_none() {
        if let Some((number, codes)) = doc.symbol.as_str().split_once('/') {
            let with_year = format!("{number}/{}/{codes}", doc.issued.year());
            a.documents.push(cited(with_year));
        }
    }
    Some(a)
}

/// An index of `docs` (see [`searchable`]).
pub fn build<'a>(docs: impl IntoIterator<Item = &'a Document>) -> Index {
    let records: Vec<Article> = docs.into_iter().filter_map(searchable).collect();
    Index::build(&records)
}

/// The document a hit of a documents index is.
pub fn document_id(hit: &Hit) -> Option<DocumentId> {
    DocumentId::new(hit.id.as_str()).ok()
}

/// The category slug documents of `kind` carry in a documents index, for
/// [`Query::category`]: `ke-hoach`, `nghi-dinh`, …
///
/// ```
/// use tintuc::model::DocumentKind;
/// assert_eq!(tintuc::search::documents::kind_slug(DocumentKind::Decree).unwrap().as_str(), "nghi-dinh");
/// ```
pub fn kind_slug(kind: crate::model::DocumentKind) -> Option<Slug> {
    Category::from_name(kind.vietnamese_name()).map(|c| c.slug)
}

/// A query limited to documents of `kind`.
pub fn of_kind(query: Query, kind: crate::model::DocumentKind) -> Query {
    match kind_slug(kind) {
        Some(s) => query.category(s.as_str()),
        None => query,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::sample_documents;
    use crate::model::DocumentKind;

    fn ids(index: &Index, q: Query) -> Vec<String> {
        index
            .search(&q)
            .unwrap()
            .hits
            .iter()
            .map(|h| h.id.to_string())
            .collect()
    }

    #[test]
    fn folded_queries_find_documents() {
        let docs = sample_documents().unwrap();
        let index = build(&docs);
        assert_eq!(index.len(), docs.len());
        // The number and symbol is one key: both 2018 and 2019 plans carry it, and
        // nothing else does.
        let mut got = ids(&index, Query::new("ke hoach 08/KH-UBND"));
        got.truncate(2);
        got.sort();
        assert_eq!(got, ["ubnd-st-2018-kh-08", "ubnd-st-2019-kh-08"]);
        let got = ids(&index, Query::new("08/2018/KH-UBND"));
        assert_eq!(got[0], "ubnd-st-2018-kh-08");
        // The body, folded and without marks.
        let got = ids(&index, Query::new("so ket 6 thang thi dua"));
        assert_eq!(got[0], "ubnd-st-2018-kh-08");
        // The issuer and the trích yếu.
        let got = ids(&index, Query::new("chien luoc cai cach tu phap"));
        assert_eq!(got[0], "bct-2005-nq-49");
        let got = ids(&index, Query::new("khoi thi dua 1"));
        assert!(got.contains(&"ktd1-st-2018-kh-16".to_string()), "{got:?}");
        let got = ids(&index, Query::new("nghi dinh 91/2017/ND-CP"));
        assert_eq!(got[0], "cp-2017-nd-91");
        // Filtered by kind.
        let got = ids(&index, of_kind(Query::new("thi dua"), DocumentKind::Decree));
        assert_eq!(got, ["cp-2017-nd-91"]);
        let hit = &index.search(&Query::new("49-NQ/TW")).unwrap().hits[0];
        assert_eq!(document_id(hit).unwrap().as_str(), "bct-2005-nq-49");
    }
}
