//! Error pages (404, 410, 400, 5xx) in the site's own frame: the theme's head, header,
//! sidebar and footer around a short Vietnamese message and a way back.

use crate::model::Link;

use super::html::Html;
use super::theme::Theme;
use super::urls::UrlScheme;
use super::{Crumb, Cx, HeadMeta, Renderer};

/// Which error page to write.
///
/// ```
/// use tintuc::render::ErrorPage;
/// assert_eq!(ErrorPage::NotFound.status(), 404);
/// assert_eq!(ErrorPage::Gone.title(), "Trang đã bị gỡ bỏ");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorPage {
    /// 400: the address is malformed (bad page number, bad encoding).
    BadRequest,
    /// 404: no page at this address.
    NotFound,
    /// 405: the page exists, but not for this method.
    MethodNotAllowed,
    /// 410: the page existed and was taken down on purpose.
    Gone,
    /// 500: the server failed.
    ServerError,
    /// 503: the server cannot answer now (its database is unreachable).
    Unavailable,
}

impl ErrorPage {
    /// The HTTP status code of the page.
    pub fn status(self) -> u16 {
        match self {
            ErrorPage::BadRequest => 400,
            ErrorPage::NotFound => 404,
            ErrorPage::MethodNotAllowed => 405,
            ErrorPage::Gone => 410,
            ErrorPage::ServerError => 500,
            ErrorPage::Unavailable => 503,
        }
    }

    /// The page's heading and title, in Vietnamese.
    pub fn title(self) -> &'static str {
        match self {
            ErrorPage::BadRequest => "Địa chỉ không hợp lệ",
            ErrorPage::NotFound => "Không tìm thấy trang",
            ErrorPage::MethodNotAllowed => "Phương thức không được hỗ trợ",
            ErrorPage::Gone => "Trang đã bị gỡ bỏ",
            ErrorPage::ServerError => "Lỗi máy chủ",
            ErrorPage::Unavailable => "Hệ thống tạm thời gián đoạn",
        }
    }

    /// The sentence under the heading, in Vietnamese.
    pub fn message(self) -> &'static str {
        match self {
            ErrorPage::BadRequest => "Địa chỉ bạn nhập không đúng định dạng.",
            ErrorPage::NotFound => "Trang bạn tìm không tồn tại hoặc đã được chuyển đi.",
            ErrorPage::MethodNotAllowed => "Trang này chỉ hỗ trợ xem (GET).",
            ErrorPage::Gone => "Nội dung này đã bị gỡ bỏ và không còn được đăng.",
            ErrorPage::ServerError => "Đã xảy ra lỗi. Vui lòng thử lại sau.",
            ErrorPage::Unavailable => {
                "Hệ thống đang bận hoặc bảo trì. Vui lòng thử lại sau ít phút."
            }
        }
    }
}

impl<T: Theme, U: UrlScheme> Renderer<T, U> {
    /// Appends the error page `kind` to `out`, framed like every other page of the site
    /// (head, header with the menu, sidebar, footer), with a link back to the home page.
    /// `path` is the address that was asked for; it is not echoed into the page.
    ///
    /// ```
    /// use tintuc::render::{ErrorPage, Renderer, Site};
    /// let r = Renderer::new(Site::new("Cổng thông tin Sóc Trăng", "https://example.gov.vn".parse()?));
    /// let mut html = String::new();
    /// r.render_error(ErrorPage::NotFound, &mut html);
    /// assert!(html.contains("<h1>Không tìm thấy trang</h1>"));
    /// assert!(html.contains("Cổng thông tin Sóc Trăng")); // the site's header
    /// assert!(html.contains(r#"<meta name="robots" content="noindex">"#));
    /// # Ok::<(), tintuc::model::ParseError>(())
    /// ```
    pub fn render_error(&self, kind: ErrorPage, out: &mut String) {
        let home = self.urls.home();
        let page = Link::from_checked_parts(&["/"]);
        let cx = Cx {
            site: &self.site,
            urls: &self.urls,
            page: &page,
            section: None,
        };
        let crumbs = [Crumb {
            name: &self.site.home_label,
            url: home.clone(),
        }];
        let meta = HeadMeta {
            title: kind.title(),
            description: kind.message(),
            og_type: "website",
            image: None,
            crumbs: &[],
            article: None,
        };
        let theme = &self.theme;
        let mut h = Html::new(out);
        h.raw("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta name=\"robots\" content=\"noindex\">\n");
        theme.head(&cx, &meta, &mut h);
        if self.site.sidebar.iter().any(|b| !b.links.is_empty()) {
            h.raw("</head>\n<body class=\"two-col\">\n");
        } else {
            h.raw("</head>\n<body>\n");
        }
        theme.header(&cx, &mut h);
        theme.noscript(&cx, &mut h);
        h.raw("<div class=\"layout\">\n<main id=\"noi-dung\">\n");
        theme.breadcrumbs(&cx, &crumbs, &mut h);
        h.raw("<h1>");
        h.text(kind.title());
        h.raw("</h1>\n<p>");
        h.text(kind.message());
        h.raw("</p>\n<p><a");
        h.link_attr("href", &home);
        h.raw(">Về trang chủ</a></p>\n</main>\n");
        theme.sidebar(&cx, &mut h);
        h.raw("</div>\n");
        theme.footer(&cx, &mut h);
        h.raw("</body>\n</html>\n");
    }
}
