//! The askama and sailfish reference pages of the render bench write the same page as
//! tintuc's renderer (default theme): byte for byte on the model article and on pages
//! using every part of the site frame and of the article the reference templates
//! cover. Text with `"`, `'`, `&`, `<`, `>` is compared after one normalisation: each
//! engine spells those escapes its own way (see `normalise`).

use tintuc::model::{Article, Author, Block, Category, Figure, Status};
use tintuc::render::{DefaultUrls, RelatedLink, Renderer, SidebarBlock, Site};
use tintuc_peers::render_model::{self, askama_page, sailfish_page, tintuc_page, ModelPage};

/// The three pages of `a` on `site`.
fn pages(site: &Site, a: &Article, related: &[RelatedLink]) -> [String; 3] {
    let r = Renderer::new(site.clone());
    let mut ours = String::new();
    tintuc_page(&r, a, related, &mut ours);
    let mut ask = String::new();
    askama_page(site, a, related, &mut ask);
    let mut sf = sailfish::runtime::Buffer::new();
    sailfish_page(site, a, related, &mut sf);
    [ours, ask, sf.into_string()]
}

/// Panics with the first difference and its surroundings unless `got == want`.
fn assert_same(what: &str, want: &str, got: &str) {
    if want == got {
        return;
    }
    let at = want
        .bytes()
        .zip(got.bytes())
        .position(|(x, y)| x != y)
        .unwrap_or(want.len().min(got.len()));
    let around = |s: &str| {
        let mut from = at.saturating_sub(60);
        while !s.is_char_boundary(from) {
            from -= 1;
        }
        let mut to = (at + 120).min(s.len());
        while !s.is_char_boundary(to) {
            to += 1;
        }
        s[from..to].to_owned()
    };
    panic!(
        "{what}: pages differ at byte {at} (tintuc {} bytes, {what} {} bytes)\n\
         tintuc: …{}…\n{what}: …{}…",
        want.len(),
        got.len(),
        around(want),
        around(got)
    );
}

fn assert_all_same(label: &str, [ours, ask, sf]: &[String; 3]) {
    assert_same(&format!("askama, {label}"), ours, ask);
    assert_same(&format!("sailfish, {label}"), ours, sf);
}

/// One spelling for the escapes the three writers spell differently: `&amp;`, `&lt;`,
/// `&gt;` for askama's `&#38;`, `&#60;`, `&#62;`; `"` and `'` as they are for
/// `&quot;` (tintuc, sailfish; tintuc only in attributes), `&#34;`, `&#39;` (askama)
/// and `&#039;` (sailfish).
fn normalise(s: &str) -> String {
    s.replace("&#38;", "&amp;")
        .replace("&#60;", "&lt;")
        .replace("&#62;", "&gt;")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#039;", "'")
        .replace("&#39;", "'")
}

#[test]
fn the_model_article_page_is_byte_identical() {
    let m = ModelPage::load();
    let [ours, ask, sf] = [m.tintuc(), m.askama(), m.sailfish()];
    assert!(
        ours.contains("<h1>Khối thi đua 1 - Sơ kết phong trào thi đua 06 tháng đầu năm 2018</h1>")
    );
    assert!(ours.contains("<span class=\"bullet\" aria-hidden=\"true\">»</span>"));
    assert_all_same("model article", &[ours, ask, sf]);
}

/// A site with every part of the frame: emblem, tagline, search box, menu, sidebar
/// (one empty block, left out), owner, address, contact, licence, Twitter handle,
/// publisher logo.
fn full_site(articles: &[Article]) -> Site {
    let mut site = render_model::site(articles);
    site.tagline = Some("Cơ quan của Viện kiểm sát nhân dân tỉnh Sóc Trăng".into());
    site.emblem = Some("/static/quoc-huy.png".parse().unwrap());
    site.search_url = Some("/tim-kiem".parse().unwrap());
    site.publisher.logo = Some("/static/logo.png".parse().unwrap());
    site.twitter_site = Some("@vksndsoctrang".into());
    site.owner = Some("Viện kiểm sát nhân dân tỉnh Sóc Trăng".into());
    site.address = Some("Số 1 Trần Hưng Đạo, Phường 2, TP. Sóc Trăng".into());
    site.contact = Some("0299 3821 234".into());
    site.licence = Some("   ".into()); // blank: not shown
    let newest: Vec<RelatedLink> = articles
        .iter()
        .take(3)
        .map(|a| RelatedLink::to(a, &DefaultUrls))
        .collect();
    site.sidebar = vec![
        SidebarBlock::new("Thông báo", Vec::new()),
        SidebarBlock::new("Tin mới", newest),
        SidebarBlock::new(
            "Liên kết website",
            vec![RelatedLink::new(
                "Viện kiểm sát nhân dân tối cao",
                "https://vksndtc.gov.vn".parse().unwrap(),
            )],
        ),
    ];
    site
}

#[test]
fn every_sample_article_on_the_bench_site_and_a_full_site() {
    let all = tintuc::import::sample_articles().unwrap();
    let sites = [
        ("bench site", render_model::site(&all)),
        ("full site", full_site(&all)),
    ];
    for (name, site) in &sites {
        for a in &all {
            let related = render_model::related_of(a, &all);
            let label = format!("{name}, {}", a.id.as_str());
            let p = pages(site, a, &related);
            assert_all_same(&label, &p.map(|s| normalise(&s)));
        }
    }
}

/// An article using every part of the article page: author roles, a source, every
/// block kind and heading level, figures with and without sizes and with relative,
/// root-relative and protocol-relative sources, a date-only publish time, an update,
/// a canonical URL elsewhere, a tag without a slug.
fn varied_article(category: &Category) -> Article {
    let mut a = Article::new(
        "thu-nghiem-1".parse().unwrap(),
        "Hội nghị trực tuyến toàn ngành Kiểm sát".into(),
        "hoi-nghi-truc-tuyen".parse().unwrap(),
    );
    a.status = Status::Published;
    a.category = Some(category.clone());
    a.published = Some("2019-01-04T00:00:00+07:00".parse().unwrap());
    a.published_date_only = true;
    a.updated = Some("2019-01-05T02:30:00Z".parse().unwrap());
    a.lead = Some("   ".into()); // blank lead: the description comes from the body
    a.authors = vec![
        Author {
            name: "Trần Việt Tuấn".into(),
            role: Some("VKSND huyện Cù Lao Dung".into()),
        },
        Author::new("Lê Thị Hoa"),
    ];
    a.source_name = Some("Báo Sóc Trăng".into());
    a.source_url = Some("https://baosoctrang.org.vn/tin/1.html".parse().unwrap());
    a.canonical_url = Some("https://vksndtc.gov.vn/tin/hoi-nghi.html".parse().unwrap());
    a.tags = vec!["hội nghị".into(), "!!!".into(), "Kiểm sát".into()];
    let long = "Sáng ngày 04/01/2019, Viện kiểm sát nhân dân tối cao tổ chức Hội nghị trực tuyến \
                triển khai công tác năm 2019 của ngành Kiểm sát nhân dân, với sự tham dự của \
                lãnh đạo Viện kiểm sát nhân dân các tỉnh, thành phố trực thuộc Trung ương.";
    a.body = vec![
        Block::paragraph("  "),
        Block::paragraph(long),
        Block::Heading {
            level: 2,
            text: "Kết quả năm 2018".into(),
        },
        Block::Heading {
            level: 4,
            text: "Công tác kiểm sát".into(),
        },
        Block::Heading {
            level: 9,
            text: "Chi tiết".into(),
        },
        Block::Figure(Figure {
            src: "anh/hoi-nghi.jpg".parse().unwrap(),
            alt: "Toàn cảnh hội nghị".into(),
            caption: Some("Toàn cảnh hội nghị tại điểm cầu Sóc Trăng".into()),
            width: Some(800),
            height: Some(533),
        }),
        Block::Figure(Figure {
            src: "//cdn.example.vn/anh/2.jpg".parse().unwrap(),
            alt: String::new(),
            caption: None,
            width: Some(640),
            height: None,
        }),
        Block::Quote {
            text: "Năm 2019 là năm tăng tốc.".into(),
            cite: Some("Viện trưởng VKSND tối cao".into()),
        },
        Block::Quote {
            text: "Không có nguồn.".into(),
            cite: None,
        },
        Block::List {
            ordered: true,
            items: vec!["Một".into(), "Hai".into()],
        },
        Block::List {
            ordered: false,
            items: vec!["Ba".into()],
        },
    ];
    a
}

#[test]
fn every_part_of_the_article_page() {
    let all = tintuc::import::sample_articles().unwrap();
    let category = all.iter().find_map(|a| a.category.clone()).unwrap();
    let mut related = render_model::related_of(&all[0], &all);
    related.push(RelatedLink::new(
        "Một liên kết không ngày",
        "/tin/khong-ngay.html".parse().unwrap(),
    ));
    let mut a = varied_article(&category);
    for (name, site) in [
        ("bench site", render_model::site(&all)),
        ("full site", full_site(&all)),
    ] {
        assert_all_same(&format!("{name}, varied"), &pages(&site, &a, &related));
        // no source URL, a category outside the menu, no tags, no related links
        a.source_url = None;
        a.category = Category::from_name("Chuyên mục khác");
        a.tags.clear();
        a.canonical_url = None;
        a.published_date_only = false;
        assert_all_same(&format!("{name}, varied 2"), &pages(&site, &a, &[]));
        a = varied_article(&category);
    }
    // no date, no authors, no category, no figure; no noscript notice
    let mut site = render_model::site(&all);
    site.noscript_notice.clear();
    a.published = None;
    a.updated = None;
    a.authors.clear();
    a.category = None;
    a.body.retain(|b| !matches!(b, Block::Figure(_)));
    a.source_name = None;
    a.source_url = None;
    assert_all_same("bare", &pages(&site, &a, &related));
}

#[test]
fn text_to_escape_differs_only_in_the_spelling_of_escapes() {
    let all = tintuc::import::sample_articles().unwrap();
    let category = all.iter().find_map(|a| a.category.clone()).unwrap();
    let mut a = varied_article(&category);
    a.title = "Khởi tố vụ án \"Lừa đảo\" <tại> công ty A&B, 'nóng'".into();
    a.lead = Some("Mở đầu: \"trích\" & <b>không phải thẻ</b> 'nháy' </script>".into());
    a.tags.push("A&B \"x\"".into());
    a.authors[0].role = Some("Phòng 7 & 8".into());
    a.body
        .push(Block::paragraph("Dòng có < và > và & và \" và '."));
    let related = [RelatedLink::new(
        "Liên quan \"A&B\" <1>",
        "/tin/a.html?x=1&y=2".parse().unwrap(),
    )];
    let mut site = full_site(&all);
    site.name = "Cổng \"A&B\" <VKS>".into();
    site.footer_lines
        .push("Bản quyền © 'VKS' & <đơn vị>".into());
    let p = pages(&site, &a, &related);
    assert!(p[0].contains(r#""headline":"Khởi tố vụ án \"Lừa đảo\" \u003ctại\u003e"#));
    assert_all_same("escapes", &p.map(|s| normalise(&s)));
}

/// The VNTC sample's 3,000 real news bodies as the bench renders them (skipped without
/// ../shared/data).
#[test]
fn every_vntc_sample_page_as_the_bench_renders_it() {
    let path = tintuc_peers::shared_data("vntc/vntc_sample_3000.jsonl");
    let Ok(file) = std::fs::File::open(&path) else {
        eprintln!("SKIP: {} not found", path.display());
        return;
    };
    let articles = tintuc::import::Importer::new()
        .read(std::io::BufReader::new(file))
        .unwrap()
        .articles;
    assert!(articles.len() >= 1000, "{}", articles.len());
    let site = render_model::site(&articles);
    let related: Vec<RelatedLink> = articles
        .iter()
        .take(5)
        .map(|x| RelatedLink::to(x, &DefaultUrls))
        .collect();
    for a in &articles {
        let p = pages(&site, a, &related);
        assert_all_same(a.id.as_str(), &p.map(|s| normalise(&s)));
    }
}
