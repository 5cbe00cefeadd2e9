//! The model article page: tintuc's renderer vs the same page as an askama and a
//! sailfish template (byte-identical output, 16,460 bytes), same run. Plus every
//! article of the VNTC sample (3,000 real news bodies) as pages, if ../shared/data is
//! present (the same page too, but for the spelling of escaped `"`, `'`, `&`, `<`, `>`).
//!
//! cargo bench -p tintuc-peers --bench render -- --warm-up-time 1 --measurement-time 3

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use tintuc::render::{ArticleView, DefaultUrls, Page, RelatedLink, Renderer};
use tintuc_peers::render_model::{askama_page, related_of, sailfish_page, site, MODEL_ID};

fn model_article(c: &mut Criterion) {
    let all = tintuc::import::sample_articles().unwrap();
    let a = all.iter().find(|a| a.id.as_str() == MODEL_ID).unwrap();
    let related = related_of(a, &all);
    let site = site(&all);
    let r = Renderer::new(site.clone());

    let mut ours = String::new();
    r.render(&Page::Article(&ArticleView::new(a, &related)), &mut ours);
    let mut ask = String::new();
    askama_page(&site, a, &related, &mut ask);
    let mut sf = sailfish::runtime::Buffer::new();
    sailfish_page(&site, a, &related, &mut sf);
    for (name, page) in [("askama", ask.as_str()), ("sailfish", sf.as_str())] {
        assert!(
            page.contains(
                "<h1>Khối thi đua 1 - Sơ kết phong trào thi đua 06 tháng đầu năm 2018</h1>"
            ),
            "{name}"
        );
        assert!(
            page.contains("\"@type\":\"GovernmentOrganization\""),
            "{name}"
        );
        assert!(page.contains("Tin liên quan"), "{name}");
        // like for like: the very page tintuc writes (tests/render_ref_same_page.rs)
        assert!(page == ours, "{name}: not the page tintuc writes");
    }
    eprintln!(
        "model article page bytes: tintuc {}, askama {}, sailfish {}",
        ours.len(),
        ask.len(),
        sf.len()
    );

    let mut g = c.benchmark_group("render_model_article");
    g.throughput(Throughput::Bytes(ours.len() as u64));
    let mut buf = String::with_capacity(32 * 1024);
    g.bench_function("tintuc", |b| {
        b.iter(|| {
            buf.clear();
            r.render(&Page::Article(&ArticleView::new(a, &related)), &mut buf);
            buf.len()
        })
    });
    g.bench_function("askama", |b| {
        b.iter(|| {
            buf.clear();
            askama_page(&site, a, &related, &mut buf);
            buf.len()
        })
    });
    let mut sbuf = sailfish::runtime::Buffer::with_capacity(32 * 1024);
    g.bench_function("sailfish", |b| {
        b.iter(|| {
            sbuf.clear();
            sailfish_page(&site, a, &related, &mut sbuf);
            sbuf.len()
        })
    });
    g.finish();
}

fn vntc_pages(c: &mut Criterion) {
    let path = tintuc_peers::shared_data("vntc/vntc_sample_3000.jsonl");
    let Ok(file) = std::fs::File::open(&path) else {
        eprintln!("SKIP: {} not found", path.display());
        return;
    };
    let report = tintuc::import::Importer::new()
        .read(std::io::BufReader::new(file))
        .unwrap();
    let articles = report.articles;
    let site = site(&articles);
    let r = Renderer::new(site.clone());
    let related: Vec<RelatedLink> = articles
        .iter()
        .take(5)
        .map(|x| RelatedLink::to(x, &DefaultUrls))
        .collect();
    let mut g = c.benchmark_group("render_vntc_3000_pages");
    g.throughput(Throughput::Elements(articles.len() as u64));
    g.sample_size(10);
    let mut buf = String::with_capacity(64 * 1024);
    g.bench_function(BenchmarkId::new("tintuc", articles.len()), |b| {
        b.iter(|| {
            let mut n = 0;
            for a in &articles {
                buf.clear();
                r.render(&Page::Article(&ArticleView::new(a, &related)), &mut buf);
                n += buf.len();
            }
            n
        })
    });
    g.bench_function(BenchmarkId::new("askama", articles.len()), |b| {
        b.iter(|| {
            let mut n = 0;
            for a in &articles {
                buf.clear();
                askama_page(&site, a, &related, &mut buf);
                n += buf.len();
            }
            n
        })
    });
    let mut sbuf = sailfish::runtime::Buffer::with_capacity(64 * 1024);
    g.bench_function(BenchmarkId::new("sailfish", articles.len()), |b| {
        b.iter(|| {
            let mut n = 0;
            for a in &articles {
                sbuf.clear();
                sailfish_page(&site, a, &related, &mut sbuf);
                n += sbuf.len();
            }
            n
        })
    });
    g.finish();
}

criterion_group!(benches, model_article, vntc_pages);
criterion_main!(benches);
