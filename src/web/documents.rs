//! The "Văn bản" section: the registry read from a `DocumentStore`, the articles citing
//! each document, and the pages under the `UrlScheme`'s document URLs (document pages,
//! the listing with its filters and pages, the documents feed).
//!
//! The registry is read when the service starts. Everything that depends on time or on
//! articles is current on every request: validity badges, the "Còn hiệu lực" filter and
//! its count are computed at the service's clock, and "Bài viết trích dẫn" follows the
//! articles written through the service ([`DocumentSite::article_changed`]) and their
//! schedules (each citing article keeps its [`Lifecycle`], checked at the request's time).
//! With the page cache on, no page is served from it past the next instant at which a
//! document's validity changes (midnight in Vietnam on an effective or expiry date,
//! [`DocumentSite::next_change_after`]).

use std::collections::HashMap;
use std::sync::{Arc, RwLock, Weak};

use crate::document::{article_citations, Document, DocumentId, Registry, Validity};
use crate::model::{Article, ArticleId, CitedDocument, Lifecycle, Timestamp, VIETNAM_OFFSET};
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

/// An article citing a document: its link and when readers may see it.
struct Citer {
    id: ArticleId,
    life: Lifecycle,
    link: RelatedLink,
}

/// Who cites what: per document, its citing articles, newest first.
type Citing = HashMap<DocumentId, Vec<Citer>>;

/// The citations the finder read in one version of an article: the catalog's `Arc` of
/// that version, held weakly so its address cannot be reused while the entry lives.
struct Found {
    version: Weak<Article>,
    cited: Arc<[CitedDocument]>,
}

/// The section: the registry, who cites what, and every path it serves.
pub(crate) struct DocumentSite {
    registry: Registry,
    citing: RwLock<Citing>,
    /// Citations per article version for its page. Reading them means folding and
    /// scanning the whole text, about three quarters of an uncached article page's
    /// instructions (callgrind on the `server` example, docs/load-testing.md), so
    /// each catalog version is read once. Entries go when the article changes.
    found: RwLock<HashMap<ArticleId, Found>>,
    filters: Vec<(DocumentFilter, String)>,
    /// Kinds, issuers, fields and years (their counts do not depend on time; `in_force`
    /// is recounted per request).
    facets: DocumentFacets,
    paths: HashMap<String, Target>,
    /// The instants at which some document's validity changes, sorted, each once.
    changes: Vec<Timestamp>,
}

/// Midnight in Vietnam at the start of `day`: when a validity judged on that calendar
/// day ([`Document::validity_on`]) takes over.
fn vietnam_midnight(day: chrono::NaiveDate) -> Option<Timestamp> {
    day.and_hms_opt(0, 0, 0)?
        .and_local_timezone(VIETNAM_OFFSET)
        .single()
}

/// Resolves an article's citations against `registry`; a yearless citation is read
/// against the article's publish day.
fn resolved<'r>(registry: &'r Registry, article: &Article) -> Vec<(String, &'r Document)> {
    if registry.documents().is_empty() {
        return Vec::new();
    }
    resolve_found(registry, article, article_citations(article))
}

/// Resolves citations found in `article` against `registry`.
fn resolve_found<'r>(
    registry: &'r Registry,
    article: &Article,
    cited: impl IntoIterator<Item = CitedDocument>,
) -> Vec<(String, &'r Document)> {
    let day = article
        .published
        .map(|t| t.with_timezone(&VIETNAM_OFFSET).date_naive());
    cited
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
    /// Reads the documents and the articles that may be visible, and indexes every path
    /// the section serves (listing pages up to what the filter holds at any time).
    pub fn build(
        docs: &dyn DocumentStore,
        articles: &dyn ArticleStore,
        urls: &dyn UrlScheme,
        at: Timestamp,
    ) -> Result<Self, WebError> {
        let registry =
            Registry::new(docs.all_documents()?).map_err(|e| WebError::Registry(e.to_string()))?;
        let mut citing = Citing::new();
        for item in crate::store::ScanIter::new(articles) {
            add_citer(&registry, &mut citing, &item?.article, urls);
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
        let mut changes: Vec<Timestamp> = registry
            .documents()
            .iter()
            .flat_map(|d| [Some(d.effective_from()), d.expires])
            .flatten()
            .filter_map(vietnam_midnight)
            .collect();
        changes.sort_unstable();
        changes.dedup();
        let mut site = DocumentSite {
            registry,
            citing: RwLock::new(citing),
            found: RwLock::new(HashMap::new()),
            filters,
            facets,
            paths,
            changes,
        };
        for f in 0..site.filters.len() {
            // "In force" changes with time: its pages are indexed up to the whole registry
            // and answer 404 past the pages it holds at the request's time.
            let most = match site.filters.get(f) {
                Some((DocumentFilter::InForce, _)) => site.registry.documents().len(),
                _ => site.chosen(f, at).len(),
            };
            let count = most.div_ceil(PER_PAGE).max(1);
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

    /// The first instant after `now` at which some document's validity changes (its
    /// badge, the "in force" listing and its count): pages rendered at `now` hold until
    /// then.
    pub fn next_change_after(&self, now: Timestamp) -> Option<Timestamp> {
        let i = self.changes.partition_point(|t| *t <= now);
        self.changes.get(i).copied()
    }

    /// Article `id` is now `new` (`None`: deleted): "Bài viết trích dẫn" drops what it
    /// cited before and lists what it cites now.
    pub fn article_changed(&self, id: &ArticleId, new: Option<&Article>, urls: &dyn UrlScheme) {
        self.found
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .remove(id);
        let mut citing = self.citing.write().unwrap_or_else(|e| e.into_inner());
        for list in citing.values_mut() {
            list.retain(|c| c.id != *id);
        }
        if let Some(a) = new {
            add_citer(&self.registry, &mut citing, a, urls);
        }
    }

    /// Reads every article again for "Bài viết trích dẫn" (after notifications of writes
    /// made elsewhere may have been missed).
    #[cfg(feature = "postgres")]
    pub fn rescan(
        &self,
        articles: &dyn ArticleStore,
        urls: &dyn UrlScheme,
    ) -> Result<(), crate::store::StoreError> {
        let mut fresh = Citing::new();
        for item in crate::store::ScanIter::new(articles) {
            add_citer(&self.registry, &mut fresh, &item?.article, urls);
        }
        *self.citing.write().unwrap_or_else(|e| e.into_inner()) = fresh;
        self.found
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        Ok(())
    }

    /// The documents filter `f` keeps at `at`, newest issue date first.
    fn chosen(&self, f: usize, at: Timestamp) -> Vec<&Document> {
        let mut docs: Vec<&Document> = match self.filters.get(f) {
            Some((filter, _)) => self
                .registry
                .documents()
                .iter()
                .filter(|d| filter.matches(d, at))
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

    /// [`DocumentSite::citation_links`] for the catalog's version of an article: its
    /// text is read for citations once per version.
    pub fn citation_links_of(
        &self,
        article: &Arc<Article>,
        urls: &dyn UrlScheme,
    ) -> Vec<CitationLink> {
        if self.registry.documents().is_empty() {
            return Vec::new();
        }
        let same = |f: &Found| std::ptr::eq(f.version.as_ptr(), Arc::as_ptr(article));
        let known = self
            .found
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&article.id)
            .filter(|f| same(f))
            .map(|f| Arc::clone(&f.cited));
        let cited = known.unwrap_or_else(|| {
            let cited: Arc<[CitedDocument]> = article_citations(article).into();
            // An entry for another version (older or newer) is replaced: the check
            // above never lets one version's citations stand for another's.
            self.found
                .write()
                .unwrap_or_else(|e| e.into_inner())
                .insert(
                    article.id.clone(),
                    Found {
                        version: Arc::downgrade(article),
                        cited: Arc::clone(&cited),
                    },
                );
            cited
        });
        resolve_found(&self.registry, article, cited.iter().cloned())
            .into_iter()
            .map(|(written, d)| CitationLink::to(&written, d, urls))
            .collect()
    }

    /// The page at `path` at the instant `now`: (content type, body), or `None` when the
    /// section has none.
    pub fn page(
        &self,
        renderer: &dyn SiteRenderer,
        path: &str,
        now: Timestamp,
    ) -> Option<(&'static str, String)> {
        let urls = renderer.urls();
        let mut out = String::new();
        match *self.paths.get(path)? {
            Target::Document(i) => {
                let d = self.registry.documents().get(i)?;
                let related = RelatedDocument::all(&self.registry, d, urls);
                let cites: Vec<RelatedLink> = self
                    .citing
                    .read()
                    .unwrap_or_else(|e| e.into_inner())
                    .get(&d.id)
                    .map(|list| {
                        list.iter()
                            .filter(|c| c.life.is_visible_at(now))
                            .map(|c| c.link.clone())
                            .collect()
                    })
                    .unwrap_or_default();
                let view = DocumentView::new(d, now).related(&related).citing(&cites);
                renderer.render_document(&view, &mut out);
                Some(("text/html; charset=utf-8", out))
            }
            Target::Listing { filter, page } => {
                let chosen = self.chosen(filter, now);
                let page_count = chosen.len().div_ceil(PER_PAGE).max(1);
                if page > page_count {
                    return None;
                }
                let from = ((page - 1) * PER_PAGE).min(chosen.len());
                let items = chosen.get(from..(from + PER_PAGE).min(chosen.len()))?;
                let (filter, label) = self.filters.get(filter)?;
                let mut facets = self.facets.clone();
                facets.in_force = self
                    .registry
                    .documents()
                    .iter()
                    .filter(|d| d.validity_at(now) == Validity::InForce)
                    .count();
                let view = DocumentListView {
                    filter,
                    label,
                    documents: items,
                    page,
                    page_count,
                    facets: &facets,
                    at: now,
                };
                renderer.render_documents(&view, &mut out);
                Some(("text/html; charset=utf-8", out))
            }
            Target::Feed => {
                let docs = self.chosen(0, now);
                renderer.render_documents_feed(&docs, &mut out);
                Some(("application/rss+xml; charset=utf-8", out))
            }
        }
    }
}

/// Lists `a` under every document it cites (once per document, newest first) when it
/// may ever be visible.
fn add_citer(registry: &Registry, citing: &mut Citing, a: &Article, urls: &dyn UrlScheme) {
    if !a.status.may_be_visible() {
        return;
    }
    for (_, d) in resolved(registry, a) {
        let list = citing.entry(d.id.clone()).or_default();
        if list.iter().any(|c| c.id == a.id) {
            continue;
        }
        let link = RelatedLink::to(a, urls);
        // newest first; equal times keep their arrival order
        let at = list
            .iter()
            .position(|c| c.link.published < link.published)
            .unwrap_or(list.len());
        list.insert(
            at,
            Citer {
                id: a.id.clone(),
                life: a.lifecycle(),
                link,
            },
        );
    }
}
