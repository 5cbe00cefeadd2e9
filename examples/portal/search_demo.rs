//! `--search-demo QUERY`: the search results page of one query, written as a static
//! page, so screenshots and accessibility checks see the search page as the web service
//! serves it. A static export has no search of its own.

use std::error::Error;

use tintuc::model::{Article, Link};
use tintuc::render::{escape_text, Renderer, SearchHit, SearchView, SnippetHtml, Theme, UrlScheme};
use tintuc::search::{Index, Query};

/// Where the page is written (a folder's `index.html`, so it opens from disk too).
pub const PATH: &str = "/tim-kiem";

/// The first page of results of `query` over `articles`, rendered.
pub fn page<T: Theme, U: UrlScheme>(
    renderer: &Renderer<T, U>,
    articles: &[Article],
    query: &str,
    per_page: usize,
) -> Result<(Link, String), Box<dyn Error>> {
    let index = Index::build(articles);
    let results = index.search(&Query::new(query).page(0, per_page))?;
    let hits: Vec<SearchHit<'_>> = results
        .hits
        .iter()
        .filter_map(|h| {
            let article = articles.iter().find(|a| a.id == h.id)?;
            let snippet = SnippetHtml::new(h.snippet.to_html(escape_text)).ok()?;
            Some(SearchHit { article, snippet })
        })
        .collect();
    let view = SearchView::new(query, &hits, results.total, 1, per_page);
    let mut html = String::new();
    renderer.render_search(&view, &mut html);
    Ok((PATH.parse()?, html))
}
