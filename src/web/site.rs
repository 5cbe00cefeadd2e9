//! The renderer with its theme and URL scheme erased, so that handlers are not generic.

use crate::document::Document;
use crate::render::{
    DocumentListView, DocumentView, ErrorPage, Page, Renderer, SearchView, Site, SitemapEntry,
    SitemapFile, Theme, UrlScheme,
};

use super::routes::{Route, Routes};

/// A [`Renderer`] with its theme and URL scheme erased, so handlers are not generic.
pub(crate) trait SiteRenderer: Send + Sync {
    fn render(&self, page: &Page<'_>, out: &mut String);
    fn urls(&self) -> &dyn UrlScheme;
    fn site(&self) -> &Site;
    fn route(&self, path: &str) -> Option<Route>;
    fn sitemap_files(&self, entries: &[SitemapEntry]) -> Vec<SitemapFile>;
    fn render_error(&self, kind: ErrorPage, out: &mut String);
    fn render_search(&self, view: &SearchView<'_>, out: &mut String);
    fn render_document(&self, view: &DocumentView<'_>, out: &mut String);
    fn render_documents(&self, view: &DocumentListView<'_>, out: &mut String);
    fn render_documents_feed(&self, documents: &[&Document], out: &mut String);
}

impl<T, U> SiteRenderer for Renderer<T, U>
where
    T: Theme + Send + Sync,
    U: Routes + Send + Sync,
{
    fn render(&self, page: &Page<'_>, out: &mut String) {
        Renderer::render(self, page, out)
    }
    fn urls(&self) -> &dyn UrlScheme {
        Renderer::<T, U>::urls(self)
    }
    fn site(&self) -> &Site {
        Renderer::site(self)
    }
    fn route(&self, path: &str) -> Option<Route> {
        Renderer::urls(self).route(path)
    }
    fn sitemap_files(&self, entries: &[SitemapEntry]) -> Vec<SitemapFile> {
        Renderer::sitemap_files(self, entries)
    }
    fn render_error(&self, kind: ErrorPage, out: &mut String) {
        Renderer::render_error(self, kind, out)
    }
    fn render_search(&self, view: &SearchView<'_>, out: &mut String) {
        Renderer::render_search(self, view, out)
    }
    fn render_document(&self, view: &DocumentView<'_>, out: &mut String) {
        Renderer::render_document(self, view, out)
    }
    fn render_documents(&self, view: &DocumentListView<'_>, out: &mut String) {
        Renderer::render_documents(self, view, out)
    }
    fn render_documents_feed(&self, documents: &[&Document], out: &mut String) {
        Renderer::render_documents_feed(self, documents, out)
    }
}
