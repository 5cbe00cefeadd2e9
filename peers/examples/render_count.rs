//! Renders the model article page N times with one engine, for instruction counts
//! under callgrind (repeatable on a shared machine, unlike wall-clock time):
//!
//!   valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//!     target/release/examples/render_count tintuc 2000
//!
//! Per-page cost = (count at N=2000 − count at N=1) / 1999.

use sailfish::TemplateSimple;
use tintuc::model::Category;
use tintuc::render::{ArticleView, DefaultUrls, Page, RelatedLink, Renderer, Site};
use tintuc_peers::render_ref::{AskamaArticle, RefPage, SailfishArticle};

fn main() {
    let mut args = std::env::args().skip(1);
    let engine = args.next().unwrap_or_else(|| "tintuc".into());
    let n: usize = args.next().and_then(|x| x.parse().ok()).unwrap_or(1000);
    let all = tintuc::import::sample_articles().unwrap();
    let a = all
        .iter()
        .find(|a| a.id.as_str() == "vks-st-2018-0817-01")
        .unwrap();
    let related: Vec<RelatedLink> = a
        .related
        .iter()
        .filter_map(|id| all.iter().find(|x| &x.id == id))
        .map(|x| RelatedLink::to(x, &DefaultUrls))
        .collect();
    let mut site = Site::new(
        "Trang thông tin điện tử VKSND tỉnh Sóc Trăng",
        "https://vksndsoctrang.example.vn".parse().unwrap(),
    );
    site.publisher.name = "Viện kiểm sát nhân dân tỉnh Sóc Trăng".into();
    let mut sections: Vec<Category> = all.iter().filter_map(|a| a.category.clone()).collect();
    sections.sort_by(|a, b| a.name.cmp(&b.name));
    sections.dedup();
    site.sections = sections;
    site.footer_lines = vec!["Cơ quan chủ quản: Viện kiểm sát nhân dân tỉnh Sóc Trăng".into()];
    let r = Renderer::new(site.clone());
    let mut buf = String::with_capacity(32 * 1024);
    let mut sbuf = sailfish::runtime::Buffer::with_capacity(32 * 1024);
    let mut total = 0;
    for _ in 0..n {
        match engine.as_str() {
            "tintuc" => {
                buf.clear();
                r.render(&Page::Article(&ArticleView::new(a, &related)), &mut buf);
                total += buf.len();
            }
            "askama" => {
                use askama::Template;
                buf.clear();
                let p = RefPage::new(&site, &DefaultUrls, a, &related);
                AskamaArticle { p: &p }.render_into(&mut buf).unwrap();
                total += buf.len();
            }
            "sailfish" => {
                sbuf.clear();
                let p = RefPage::new(&site, &DefaultUrls, a, &related);
                SailfishArticle { p: &p }.render_once_to(&mut sbuf).unwrap();
                total += sbuf.len();
            }
            other => panic!("unknown engine {other}"),
        }
    }
    println!("{engine}: {n} pages, {} bytes each", total / n.max(1));
}
