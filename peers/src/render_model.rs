//! The model article page of the render comparison: the site, the article
//! (`vks-st-2018-0817-01` of [`tintuc::import::sample_articles`]) and its related
//! links, set up once for the bench, the examples and the same-page test. The page
//! functions are `#[inline]`, so a bench compiles them into its own timed loop.

use sailfish::TemplateSimple;
use tintuc::model::{Article, Category};
use tintuc::render::{ArticleView, DefaultUrls, Page, RelatedLink, Renderer, Site};

use crate::render_ref::{AskamaArticle, RefPage, SailfishArticle};

/// The id of the model article.
pub const MODEL_ID: &str = "vks-st-2018-0817-01";

/// The portal of the comparison: the Sóc Trăng procuracy, its menu holding every
/// category of `articles` (by name), one footer line.
pub fn site(articles: &[Article]) -> Site {
    let mut site = Site::new(
        "Trang thông tin điện tử VKSND tỉnh Sóc Trăng",
        "https://vksndsoctrang.example.vn".parse().unwrap(),
    );
    site.publisher.name = "Viện kiểm sát nhân dân tỉnh Sóc Trăng".into();
    let mut sections: Vec<Category> = articles.iter().filter_map(|a| a.category.clone()).collect();
    sections.sort_by(|a, b| a.name.cmp(&b.name));
    sections.dedup();
    site.sections = sections;
    site.footer_lines = vec!["Cơ quan chủ quản: Viện kiểm sát nhân dân tỉnh Sóc Trăng".into()];
    site
}

/// The links to `a`'s hand-picked related articles found in `all`.
pub fn related_of(a: &Article, all: &[Article]) -> Vec<RelatedLink> {
    a.related
        .iter()
        .filter_map(|id| all.iter().find(|x| &x.id == id))
        .map(|x| RelatedLink::to(x, &DefaultUrls))
        .collect()
}

/// tintuc's page of `a`, appended to `buf`.
#[inline]
pub fn tintuc_page(r: &Renderer, a: &Article, related: &[RelatedLink], buf: &mut String) {
    r.render(&Page::Article(&ArticleView::new(a, related)), buf);
}

/// The askama page of `a` (view model built here, as a host would), appended to `buf`.
#[inline]
pub fn askama_page(site: &Site, a: &Article, related: &[RelatedLink], buf: &mut String) {
    use askama::Template;
    let p = RefPage::new(site, &DefaultUrls, a, related);
    AskamaArticle { p: &p }.render_into(buf).unwrap();
}

/// The sailfish page of `a` (view model built here, as a host would), appended to `buf`.
#[inline]
pub fn sailfish_page(
    site: &Site,
    a: &Article,
    related: &[RelatedLink],
    buf: &mut sailfish::runtime::Buffer,
) {
    let p = RefPage::new(site, &DefaultUrls, a, related);
    SailfishArticle { p: &p }.render_once_to(buf).unwrap();
}

/// The model article with everything its page needs.
pub struct ModelPage {
    /// Every sample article.
    pub all: Vec<Article>,
    /// The index of the model article in `all`.
    pub index: usize,
    /// Its related links.
    pub related: Vec<RelatedLink>,
    /// The site.
    pub site: Site,
    /// tintuc's renderer for the site (default theme and URLs).
    pub renderer: Renderer,
}

impl ModelPage {
    /// Loads the sample articles and sets up the site.
    pub fn load() -> Self {
        let all = tintuc::import::sample_articles().unwrap();
        let index = all.iter().position(|a| a.id.as_str() == MODEL_ID).unwrap();
        let related = related_of(&all[index], &all);
        let site = site(&all);
        let renderer = Renderer::new(site.clone());
        ModelPage {
            all,
            index,
            related,
            site,
            renderer,
        }
    }

    /// The model article.
    pub fn article(&self) -> &Article {
        &self.all[self.index]
    }

    /// tintuc's page.
    pub fn tintuc(&self) -> String {
        let mut s = String::new();
        tintuc_page(&self.renderer, self.article(), &self.related, &mut s);
        s
    }

    /// The askama page.
    pub fn askama(&self) -> String {
        let mut s = String::new();
        askama_page(&self.site, self.article(), &self.related, &mut s);
        s
    }

    /// The sailfish page.
    pub fn sailfish(&self) -> String {
        let mut b = sailfish::runtime::Buffer::new();
        sailfish_page(&self.site, self.article(), &self.related, &mut b);
        b.into_string()
    }
}
