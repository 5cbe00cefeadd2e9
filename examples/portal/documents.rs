//! The portal's "Văn bản" section: the registry, citations linked in article pages, and
//! the document pages, listings, feed and sitemap entries.

use std::collections::HashMap;
use std::error::Error;

use tintuc::document::{article_citations, read_documents, Document, DocumentId, Registry};
use tintuc::model::{Article, Timestamp, VIETNAM_OFFSET};
use tintuc::render::{
    CitationLink, DocumentFacets, DocumentFilter, DocumentListView, DocumentView, RelatedDocument,
    RelatedLink, Renderer, SitePage, SitePages, SitemapEntry, Theme, UrlScheme,
};

/// The registry: `--documents FILE`, else the bundled sample with the bundled articles.
pub fn load(path: Option<&str>, sample: bool) -> Result<Registry, Box<dyn Error>> {
    let docs = match path {
        Some(p) => {
            let report = read_documents(std::io::BufReader::new(std::fs::File::open(p)?))?;
            for e in report.errors.iter().take(20) {
                eprintln!("{p}: {e}");
            }
            report.documents
        }
        None if sample => tintuc::document::sample_documents()?,
        None => Vec::new(),
    };
    Ok(Registry::new(docs)?)
}

/// The article's resolved citations as links, and what each resolved to. A yearless
/// citation is read against the article's publish day.
pub fn citation_links<'r>(
    registry: &'r Registry,
    article: &Article,
    urls: &dyn UrlScheme,
) -> (Vec<CitationLink>, Vec<&'r Document>) {
    let mut links = Vec::new();
    let mut docs: Vec<&Document> = Vec::new();
    if registry.documents().is_empty() {
        return (links, docs);
    }
    let day = article
        .published
        .map(|t| t.with_timezone(&VIETNAM_OFFSET).date_naive());
    for c in article_citations(article) {
        let r = match day {
            Some(d) => registry.resolve_at(&c, d),
            None => registry.resolve(&c),
        };
        if let Some(d) = r.document() {
            links.push(CitationLink::to(&c.number, d, urls));
            if !docs.iter().any(|x| x.id == d.id) {
                docs.push(d);
            }
        }
    }
    (links, docs)
}

/// Renders every document page, every listing page (all, per kind, issuer, field, year,
/// in force) and the documents feed into `pages`. Returns the pages published.
pub fn write_pages<T: Theme, U: UrlScheme>(
    renderer: &Renderer<T, U>,
    registry: &Registry,
    citing: &HashMap<DocumentId, Vec<RelatedLink>>,
    at: Timestamp,
    per_page: usize,
    pages: &mut SitePages<'_, T, U>,
    publish: &mut dyn FnMut(SitePage<'_>) -> bool,
) -> usize {
    let urls = renderer.urls();
    let mut n = 0;
    let mut docs: Vec<&Document> = registry.documents().iter().collect();
    docs.sort_by(|a, b| b.issued.cmp(&a.issued).then_with(|| a.id.cmp(&b.id)));
    for d in &docs {
        let related = RelatedDocument::all(registry, d, urls);
        let none = Vec::new();
        let cites = citing.get(&d.id).unwrap_or(&none);
        let view = DocumentView::new(d, at).related(&related).citing(cites);
        let entry = SitemapEntry::document(d, urls);
        let render = |buf: &mut String| renderer.render_document(&view, buf);
        n += usize::from(pages.custom(&entry.url, Some(entry.lastmod), render, publish));
    }
    let facets = DocumentFacets::of(&docs, at);
    let mut filters = vec![
        (DocumentFilter::All, String::new()),
        (DocumentFilter::InForce, "Còn hiệu lực".to_string()),
    ];
    filters.extend(
        facets
            .kinds
            .iter()
            .map(|(k, _)| (DocumentFilter::Kind(*k), k.vietnamese_name().to_string())),
    );
    filters.extend(
        facets
            .issuers
            .iter()
            .map(|(n, s, _)| (DocumentFilter::Issuer(s.clone()), n.clone())),
    );
    filters.extend(
        facets
            .fields
            .iter()
            .map(|(n, s, _)| (DocumentFilter::Field(s.clone()), n.clone())),
    );
    filters.extend(
        facets
            .years
            .iter()
            .map(|(y, _)| (DocumentFilter::Year(*y), format!("Năm {y}"))),
    );
    for (filter, label) in &filters {
        let chosen: Vec<&Document> = docs
            .iter()
            .copied()
            .filter(|d| filter.matches(d, at))
            .collect();
        let page_count = chosen.len().div_ceil(per_page).max(1);
        for page in 1..=page_count {
            let from = ((page - 1) * per_page).min(chosen.len());
            let items = &chosen[from..(from + per_page).min(chosen.len())];
            let view = DocumentListView {
                filter,
                label,
                documents: items,
                page,
                page_count,
                facets: &facets,
                at,
            };
            let render = |buf: &mut String| renderer.render_documents(&view, buf);
            let link = urls.documents(filter, page);
            n += usize::from(pages.custom(&link, Some(None), render, publish));
        }
    }
    let render = |buf: &mut String| renderer.render_documents_feed(&docs, buf);
    pages.custom(&urls.documents_feed(), None, render, publish);
    n
}
