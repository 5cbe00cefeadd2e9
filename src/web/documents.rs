//! The "Văn bản" section: the registry read from a `DocumentStore`, the articles citing
//! each document, and the pages under the `UrlScheme`'s document URLs (document pages,
//! the listing with its filters and pages, the documents feed).
//!
//! The registry and the citing lists are a snapshot taken when the service starts: an
//! article published through the API links its citations at once (they are resolved
//! per request), and is listed under "Bài viết trích dẫn" from the next start.

use std::collections::HashMap;

use crate::document::{article_citations, Document, DocumentId, Registry};
use crate::model::{Article, Timestamp, VIETNAM_OFFSET};
use crate::render::{
    CitationLink, DocumentFacets, DocumentFilter, DocumentListView, DocumentView, RelatedDocument,
    RelatedLink, UrlScheme,
};
use crate::store::{ArticleStore, DocumentStore};

use super::site::SiteRenderer;
use super::WebError;

/// Documents per listing page.
const PER_PAGE: usize = 20;

/// What a path under the document URLs names.
#[derive(Debug, Clone, Copy)]
enum Target {
    Document(usize),
    Listing { filter: usize, page: usize },
    Feed,
}

/// The section: the registry, who cites what, and every path it serves.
pub(crate) struct DocumentSite {
    registry: Registry,
    citing: HashMap<DocumentId, Vec<RelatedLink>>,
    filters: Vec<(DocumentFilter, String)>,
    facets: DocumentFacets,
    paths: HashMap<String, Target>,
    at: Timestamp,
}

/// Resolves an article's citations against `registry`; a yearless citation is read
/// against the article's publish day.
fn resolved<'r>(registry: &'r Registry, article: &Article) -> Vec<(String, &'r Document)> {
    if registry.documents().is_empty() {
        return Vec::new();
    }
    let day = article
        .published
        .map(|t| t.with_timezone(&VIETNAM_OFFSET).date_naive());
    article_citations(article)
        .into_iter()
        .filter_map(|c| {
            let r = match day {
                Some(d) => registry.resolve_at(&c, d),
                None => registry.resolve(&c),
            };
            r.document().map(|d| (c.number.clone(), d))
        })
        .collect()
}

impl DocumentSite {
    /// Reads the documents and the published articles, and indexes every path the
    /// section serves at `at`.
    pub fn build(
        docs: &dyn DocumentStore,
        articles: &dyn ArticleStore,
        urls: &dyn UrlScheme,
        at: Timestamp,
    ) -> Result<Self, WebError> {
        let registry =
            Registry::new(docs.all_documents()?).map_err(|e| WebError::Registry(e.to_string()))?;
        let mut citing: HashMap<DocumentId, Vec<RelatedLink>> = HashMap::new();
        for item in crate::store::ScanIter::new(articles) {
            let a = item?.article;
            if !a.is_visible_at(at) {
                continue;
            }
            for (_, d) in resolved(&registry, &a) {
                let list = citing.entry(d.id.clone()).or_default();
                if !list.iter().any(|l| l.url == urls.article(&a)) {
                    list.push(RelatedLink::to(&a, urls));
                }
            }
        }
        for list in citing.values_mut() {
            list.sort_by_key(|l| std::cmp::Reverse(l.published));
        }
        let all: Vec<&Document> = registry.documents().iter().collect();
        let facets = DocumentFacets::of(&all, at);
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
        let mut paths = HashMap::new();
        for (i, d) in registry.documents().iter().enumerate() {
            paths.insert(urls.document(d).as_str().to_string(), Target::Document(i));
        }
        let mut site = DocumentSite {
            registry,
            citing,
            filters,
            facets,
            paths,
            at,
        };
        for f in 0..site.filters.len() {
            let count = site.chosen(f).len().div_ceil(PER_PAGE).max(1);
            for page in 1..=count {
                let link = site
                    .filters
                    .get(f)
                    .map(|(filter, _)| urls.documents(filter, page));
                if let Some(link) = link {
                    site.paths.insert(
                        link.as_str().to_string(),
                        Target::Listing { filter: f, page },
                    );
                }
            }
        }
        site.paths
            .insert(urls.documents_feed().as_str().to_string(), Target::Feed);
        Ok(site)
    }

    /// The documents filter `f` keeps, newest issue date first.
    fn chosen(&self, f: usize) -> Vec<&Document> {
        let mut docs: Vec<&Document> = match self.filters.get(f) {
            Some((filter, _)) => self
                .registry
                .documents()
                .iter()
                .filter(|d| filter.matches(d, self.at))
                .collect(),
            None => Vec::new(),
        };
        docs.sort_by(|a, b| b.issued.cmp(&a.issued).then_with(|| a.id.cmp(&b.id)));
        docs
    }

    /// The article's resolved citations as links for its page.
    pub fn citation_links(&self, article: &Article, urls: &dyn UrlScheme) -> Vec<CitationLink> {
        resolved(&self.registry, article)
            .into_iter()
            .map(|(written, d)| CitationLink::to(&written, d, urls))
            .collect()
    }

    /// The page at `path`: (content type, body), or `None` when the section has none.
    pub fn page(&self, renderer: &dyn SiteRenderer, path: &str) -> Option<(&'static str, String)> {
        let urls = renderer.urls();
        let mut out = String::new();
        match *self.paths.get(path)? {
            Target::Document(i) => {
                let d = self.registry.documents().get(i)?;
                let related = RelatedDocument::all(&self.registry, d, urls);
                let none = Vec::new();
                let cites = self.citing.get(&d.id).unwrap_or(&none);
                let view = DocumentView::new(d, self.at)
                    .related(&related)
                    .citing(cites);
                renderer.render_document(&view, &mut out);
                Some(("text/html; charset=utf-8", out))
            }
            Target::Listing { filter, page } => {
                let chosen = self.chosen(filter);
                let page_count = chosen.len().div_ceil(PER_PAGE).max(1);
                let from = ((page - 1) * PER_PAGE).min(chosen.len());
                let items = chosen.get(from..(from + PER_PAGE).min(chosen.len()))?;
                let (filter, label) = self.filters.get(filter)?;
                let view = DocumentListView {
                    filter,
                    label,
                    documents: items,
                    page,
                    page_count,
                    facets: &self.facets,
                    at: self.at,
                };
                renderer.render_documents(&view, &mut out);
                Some(("text/html; charset=utf-8", out))
            }
            Target::Feed => {
                let docs = self.chosen(0);
                renderer.render_documents_feed(&docs, &mut out);
                Some(("application/rss+xml; charset=utf-8", out))
            }
        }
    }
}
