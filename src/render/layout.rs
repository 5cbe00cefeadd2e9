//! The default theme's site frame and home page: header with emblem, tagline, menu and
//! search box; the `<noscript>` help; the sidebar; the footer; the home page with its
//! featured story, curated group blocks and category blocks; the "»" link lists under
//! an article ("Tin liên quan", "Theo dòng sự kiện", "Các tin khác").

use crate::model::{Article, Category, Link, Topic};

use super::date;
use super::html::Html;
use super::{Cx, HomeSection, HomeView, RelatedLink, Site};

/// Whether the site has a sidebar to show (some block with links).
pub(super) fn has_sidebar(site: &Site) -> bool {
    site.sidebar.iter().any(|b| !b.links.is_empty())
}

pub(super) fn header(cx: &Cx<'_>, out: &mut Html<'_>) {
    let site = cx.site;
    out.raw("<a class=\"skip\" href=\"#noi-dung\">Bỏ qua, đến nội dung chính</a>\n<header class=\"site-header\">\n<div class=\"wrap masthead\"><a class=\"brand\"");
    out.link_attr("href", &cx.urls.home());
    out.raw(">");
    if let Some(emblem) = &site.emblem {
        // Decorative: the site name beside it is the link's text.
        out.raw("<img class=\"emblem\"");
        out.link_attr("src", emblem);
        out.raw(" alt=\"\" width=\"64\" height=\"64\">");
    }
    out.raw("<span class=\"brand-text\"><span class=\"site-name\">");
    out.text(&site.name);
    out.raw("</span>");
    if let Some(t) = site.tagline.as_deref().filter(|t| !t.trim().is_empty()) {
        out.raw("<span class=\"tagline\">");
        out.text(t);
        out.raw("</span>");
    }
    out.raw("</span></a>");
    if let Some(action) = &site.search_url {
        out.raw("<form class=\"search\" role=\"search\" method=\"get\"");
        out.link_attr("action", action);
        out.raw("><label class=\"visually-hidden\" for=\"tim-kiem\">Tìm kiếm</label><input type=\"search\" id=\"tim-kiem\" name=\"q\" placeholder=\"Tìm kiếm…\"><button type=\"submit\">Tìm</button></form>");
    }
    out.raw("</div>\n");
    if !site.sections.is_empty() {
        out.raw("<nav class=\"menu\" aria-label=\"Chuyên mục\"><ul class=\"wrap\">");
        for c in &site.sections {
            let url = cx.urls.category(&c.slug, 1);
            out.raw("<li><a");
            out.link_attr("href", &url);
            if &url == cx.page {
                out.raw(" aria-current=\"page\"");
            } else if cx.section == Some(&c.slug) {
                out.raw(" aria-current=\"true\"");
            }
            out.raw(">");
            out.text(&c.name);
            out.raw("</a></li>");
        }
        out.raw("</ul></nav>\n");
    }
    out.raw("</header>\n");
}

pub(super) fn noscript(cx: &Cx<'_>, out: &mut Html<'_>) {
    let site = cx.site;
    if site.noscript_notice.is_empty() {
        return;
    }
    out.raw("<noscript><p class=\"noscript\">");
    out.text(&site.noscript_notice);
    for (i, l) in site.noscript_help.iter().enumerate() {
        out.raw(if i == 0 { " " } else { " · " });
        out.raw("<a");
        out.link_attr("href", &l.url);
        out.raw(">");
        out.text(&l.title);
        out.raw("</a>");
    }
    out.raw("</p></noscript>\n");
}

/// A `<section>` with a heading and a list of links, each after a "»" in the text.
pub(super) fn link_list<'l>(
    cx: &Cx<'_>,
    class: &'static str,
    id: &'static str,
    heading: &str,
    links: impl Iterator<Item = &'l RelatedLink>,
    out: &mut Html<'_>,
) {
    let mut links = links.peekable();
    if links.peek().is_none() {
        return;
    }
    out.raw("<section");
    out.attr("class", class);
    out.attr("aria-labelledby", id);
    out.raw(">\n<h2");
    out.attr("id", id);
    out.raw(">");
    out.text(heading);
    out.raw("</h2>\n<ul>\n");
    for l in links {
        out.raw("<li><span class=\"bullet\" aria-hidden=\"true\">»</span> ");
        link_item(cx, l, out);
    }
    out.raw("</ul>\n</section>\n");
}

/// "Các tin khác": `more` without the page's own article and those in `related`.
pub(super) fn more(cx: &Cx<'_>, related: &[RelatedLink], more: &[RelatedLink], out: &mut Html<'_>) {
    let shown = more
        .iter()
        .filter(|m| &m.url != cx.page && !related.iter().any(|r| r.url == m.url));
    link_list(
        cx,
        "related more",
        "cac-tin-khac",
        &cx.site.more_heading,
        shown,
        out,
    );
}

/// "Theo dòng sự kiện": the topic linked to its page, then `links` (the page's own
/// article left out). Nothing when no other article follows the topic.
pub(super) fn thread(cx: &Cx<'_>, topic: &Topic, links: &[RelatedLink], out: &mut Html<'_>) {
    let mut shown = links.iter().filter(|l| &l.url != cx.page).peekable();
    if shown.peek().is_none() {
        return;
    }
    out.raw("<section class=\"related thread\" aria-labelledby=\"theo-dong-su-kien\">\n<h2 id=\"theo-dong-su-kien\">");
    out.text(&cx.site.thread_heading);
    out.raw("</h2>\n<p class=\"thread-topic\"><a");
    out.link_attr("href", &cx.urls.topic(&topic.slug, 1));
    out.raw(">");
    out.text(&topic.name);
    out.raw("</a></p>\n<ul>\n");
    for l in shown {
        out.raw("<li><span class=\"bullet\" aria-hidden=\"true\">»</span> ");
        link_item(cx, l, out);
    }
    out.raw("</ul>\n</section>\n");
}

/// The rest of a link list item after its bullet: the link, its date, `</li>`.
fn link_item(cx: &Cx<'_>, l: &RelatedLink, out: &mut Html<'_>) {
    out.raw("<a");
    out.link_attr("href", &l.url);
    out.raw(">");
    out.text(&l.title);
    out.raw("</a>");
    if let Some(p) = &l.published {
        out.raw(" ");
        time_element(cx, p, false, out);
    }
    out.raw("</li>\n");
}

pub(super) fn sidebar(cx: &Cx<'_>, out: &mut Html<'_>) {
    if !has_sidebar(cx.site) {
        return;
    }
    out.raw("<aside class=\"sidebar\">\n");
    for b in cx.site.sidebar.iter().filter(|b| !b.links.is_empty()) {
        out.raw("<section class=\"side-block\">\n<h2>");
        out.text(&b.heading);
        out.raw("</h2>\n<ul>\n");
        for l in &b.links {
            out.raw("<li>");
            link_item(cx, l, out);
        }
        out.raw("</ul>\n</section>\n");
    }
    out.raw("</aside>\n");
}

pub(super) fn footer(cx: &Cx<'_>, out: &mut Html<'_>) {
    let site = cx.site;
    out.raw("<footer class=\"site-footer\"><div class=\"wrap\"><p class=\"footer-name\">");
    out.text(&site.name);
    out.raw("</p>");
    let labelled: [(&'static str, &Option<String>); 4] = [
        ("Cơ quan chủ quản: ", &site.owner),
        ("Địa chỉ: ", &site.address),
        ("Liên hệ: ", &site.contact),
        ("", &site.licence),
    ];
    for (label, value) in labelled {
        if let Some(v) = value.as_deref().filter(|v| !v.trim().is_empty()) {
            out.raw("<p>");
            out.raw(label);
            out.text(v);
            out.raw("</p>");
        }
    }
    for line in &site.footer_lines {
        out.raw("<p>");
        out.text(line);
        out.raw("</p>");
    }
    out.raw("<p><a");
    out.link_attr("href", &cx.urls.rss());
    out.raw(">RSS</a> · <a");
    out.link_attr("href", &cx.urls.atom());
    out.raw(">Atom</a></p></div></footer>\n");
}

/// The image of an article's first figure, for a teaser.
fn teaser_image(article: &Article, out: &mut Html<'_>) {
    let Some(f) = article.first_figure() else {
        return;
    };
    out.raw("<img class=\"thumb\"");
    out.link_attr("src", &f.src);
    out.attr("alt", &f.alt);
    if let (Some(w), Some(h)) = (f.width, f.height) {
        out.num_attr("width", u64::from(w));
        out.num_attr("height", u64::from(h));
    }
    out.raw(" loading=\"lazy\">");
}

/// A teaser: image, linked title, date, lead.
fn teaser(cx: &Cx<'_>, article: &Article, featured: bool, out: &mut Html<'_>, url: &Link) {
    let (class, open, close) = if featured {
        ("teaser featured-story", "<h2><a", "</a></h2>")
    } else {
        ("teaser", "<h3><a", "</a></h3>")
    };
    out.raw("<article");
    out.attr("class", class);
    out.raw(">");
    teaser_image(article, out);
    out.raw(open);
    out.link_attr("href", url);
    out.raw(">");
    out.text(&article.title);
    out.raw(close);
    if let Some(p) = &article.published {
        out.raw("<p class=\"dateline\">");
        time_element(cx, p, true, out);
        out.raw("</p>");
    }
    let lead = super::description_of(article);
    if !lead.is_empty() {
        out.raw("<p class=\"teaser-lead\">");
        out.text(&lead);
        out.raw("</p>");
    }
    out.raw("</article>\n");
}

/// The featured story: the most recently published article of all sections that has
/// a figure, else the most recently published of all (the first given on a tie).
pub(super) fn featured<'a>(sections: &[HomeSection<'a>]) -> Option<&'a Article> {
    let newest = |with_image: bool| {
        let mut best: Option<&'a Article> = None;
        for a in sections.iter().flat_map(|s| s.articles.iter().copied()) {
            if with_image && a.first_figure().is_none() {
                continue;
            }
            match best {
                Some(b) if b.published >= a.published => {}
                _ => best = Some(a),
            }
        }
        best
    };
    newest(true).or_else(|| newest(false))
}

pub(super) fn home_main(cx: &Cx<'_>, home: &HomeView<'_>, out: &mut Html<'_>) {
    let sections = home.sections;
    let top = featured(sections);
    if let Some(a) = top {
        out.raw("<section class=\"featured\" aria-label=\"Tin nổi bật\">\n");
        teaser(cx, a, true, out, &cx.urls.article(a));
        out.raw("</section>\n");
    }
    let not_top = |a: &&Article| !matches!(top, Some(t) if t.id == a.id);
    for g in home.groups {
        let rest: Vec<&Article> = g.articles.iter().copied().filter(not_top).collect();
        if !rest.is_empty() {
            block(cx, g.name, None, &rest, out);
        }
    }
    for s in sections {
        let rest: Vec<&Article> = s.articles.iter().copied().filter(not_top).collect();
        if rest.is_empty() {
            continue;
        }
        let c: &Category = s.category;
        block(cx, &c.name, Some(&cx.urls.category(&c.slug, 1)), &rest, out);
    }
}

/// A home-page block: its heading (linked to `link` when given), the first article's
/// teaser, the others as titles.
fn block(cx: &Cx<'_>, name: &str, link: Option<&Link>, articles: &[&Article], out: &mut Html<'_>) {
    match link {
        Some(link) => {
            out.raw("<section class=\"home-section\">\n<h2><a");
            out.link_attr("href", link);
            out.raw(">");
            out.text(name);
            out.raw("</a></h2>\n");
        }
        None => {
            out.raw("<section class=\"home-section home-group\">\n<h2>");
            out.text(name);
            out.raw("</h2>\n");
        }
    }
    let mut items = articles.iter();
    if let Some(first) = items.next() {
        teaser(cx, first, false, out, &cx.urls.article(first));
    }
    let mut rest = items.peekable();
    if rest.peek().is_some() {
        out.raw("<ul class=\"titles\">\n");
        for a in rest {
            out.raw("<li><span class=\"bullet\" aria-hidden=\"true\">»</span> <a");
            out.link_attr("href", &cx.urls.article(a));
            out.raw(">");
            out.text(&a.title);
            out.raw("</a>");
            if let Some(p) = &a.published {
                out.raw(" ");
                time_element(cx, p, false, out);
            }
            out.raw("</li>\n");
        }
        out.raw("</ul>\n");
    }
    out.raw("</section>\n");
}

/// `<time datetime="…">Thứ Sáu, 17/08/2018 08:00</time>` (or `17/08/2018` when short).
pub(super) fn time_element(
    cx: &Cx<'_>,
    t: &crate::model::Timestamp,
    long: bool,
    out: &mut Html<'_>,
) {
    time_element_of(cx, t, long, false, out)
}

/// A `<time>`; `date_only`: the date alone, in both the attribute and the text.
pub(super) fn time_element_of(
    cx: &Cx<'_>,
    t: &crate::model::Timestamp,
    long: bool,
    date_only: bool,
    out: &mut Html<'_>,
) {
    let local = t.with_timezone(&cx.site.offset);
    out.raw("<time datetime=\"");
    if date_only {
        date::iso_date_into(out.buf(), t, cx.site.offset);
    } else {
        out.rfc3339(&local);
    }
    out.raw("\">");
    if long && date_only {
        date::vietnamese_date_into(out.buf(), t, cx.site.offset);
    } else if long {
        date::vietnamese_into(out.buf(), t, cx.site.offset);
    } else {
        date::short_into(out.buf(), t, cx.site.offset);
    }
    out.raw("</time>");
}
