//! Renders the model article page N times with one engine, for instruction counts
//! under callgrind (repeatable on a shared machine, unlike wall-clock time):
//!
//!   valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//!     target/release/examples/render_count tintuc 2000
//!
//! Per-page cost = (count at N=2000 − count at N=1) / 1999. The three engines write the
//! same page, 16,460 bytes (tests/render_ref_same_page.rs).

use sailfish::TemplateSimple;
use tintuc::render::{ArticleView, DefaultUrls, Page};
use tintuc_peers::render_model;
use tintuc_peers::render_ref::{AskamaArticle, RefPage, SailfishArticle};

fn main() {
    let mut args = std::env::args().skip(1);
    let engine = args.next().unwrap_or_else(|| "tintuc".into());
    let n: usize = args.next().and_then(|x| x.parse().ok()).unwrap_or(1000);
    let m = render_model::ModelPage::load();
    let (a, related, site) = (m.article(), &m.related, &m.site);
    let r = &m.renderer;
    let mut buf = String::with_capacity(32 * 1024);
    let mut sbuf = sailfish::runtime::Buffer::with_capacity(32 * 1024);
    let mut total = 0;
    for _ in 0..n {
        match engine.as_str() {
            "tintuc" => {
                buf.clear();
                r.render(&Page::Article(&ArticleView::new(a, related)), &mut buf);
                total += buf.len();
            }
            "askama" => {
                use askama::Template;
                buf.clear();
                let p = RefPage::new(site, &DefaultUrls, a, related);
                AskamaArticle { p: &p }.render_into(&mut buf).unwrap();
                total += buf.len();
            }
            "sailfish" => {
                sbuf.clear();
                let p = RefPage::new(site, &DefaultUrls, a, related);
                SailfishArticle { p: &p }.render_once_to(&mut sbuf).unwrap();
                total += sbuf.len();
            }
            other => panic!("unknown engine {other}"),
        }
    }
    println!("{engine}: {n} pages, {} bytes each", total / n.max(1));
}
