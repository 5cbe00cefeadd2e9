use tintuc::render::{ArticleView, DefaultUrls, Page, RelatedLink, Renderer, Site};
fn main() {
    let all = tintuc::import::sample_articles().unwrap();
    let a = all.iter().find(|a| a.id.as_str() == "vks-st-2018-0817-01").unwrap();
    let related: Vec<RelatedLink> = a.related.iter().filter_map(|id| all.iter().find(|x| &x.id == id)).map(|x| RelatedLink::to(x, &DefaultUrls)).collect();
    let mut site = Site::new("Trang thông tin điện tử VKSND tỉnh Sóc Trăng", "https://vksndsoctrang.example.vn".parse().unwrap());
    let mut s: Vec<_> = all.iter().filter_map(|a| a.category.clone()).collect(); s.sort_by(|a,b| a.name.cmp(&b.name)); s.dedup(); site.sections = s;
    let r = Renderer::new(site);
    let n: usize = std::env::args().nth(1).map(|x| x.parse().unwrap()).unwrap_or(100000);
    let mut buf = String::new();
    let t = std::time::Instant::now();
    let mut tot = 0;
    for _ in 0..n { buf.clear(); r.render(&Page::Article(&ArticleView::new(a, &related)), &mut buf); tot += buf.len(); }
    eprintln!("{:?} per page, {} bytes", t.elapsed() / n as u32, tot / n);
}
