//! The text toolkit on Vietnamese news: slugify (titles), normalise, fold and repair
//! (bodies), collate (pairs of titles).
//!
//! `cargo bench --bench text` measures the bundled sample, then the VNTC sample from
//! ../shared/data when present (a `SKIP` line says when it is not). Throughput is input
//! bytes per second, collation comparisons per second. Peer crates on the same input:
//! `cargo bench -p tintuc-peers --bench text` / `--bench repair`.

mod common;

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

/// One bench: `f` over every input, throughput in input bytes.
fn per_string(
    c: &mut Criterion,
    group: &str,
    corpus: &str,
    inputs: &[String],
    f: impl Fn(&str) -> usize,
) {
    let mut g = c.benchmark_group(group);
    g.throughput(Throughput::Bytes(common::bytes(inputs)));
    g.bench_function(corpus, |b| {
        b.iter(|| {
            let mut n = 0;
            for s in inputs {
                n += f(black_box(s));
            }
            n
        })
    });
    g.finish();
}

/// Windows-1252 for 0x80..=0x9F (`None`: undefined, kept as the C1 control).
const CP1252_HIGH: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('‘'),
    Some('’'),
    Some('“'),
    Some('”'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

/// The damage `repair` undoes most often: UTF-8 bytes read as Windows-1252.
fn mojibake(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            0x80..=0x9F => CP1252_HIGH
                .get(usize::from(b - 0x80))
                .copied()
                .flatten()
                .unwrap_or(char::from(b)),
            _ => char::from(b),
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    for corpus in common::corpora() {
        let name = corpus.name.as_str();
        let titles = common::titles(&corpus.articles);
        let bodies = common::bodies(&corpus.articles);

        per_string(c, "slugify", name, &titles, |s| {
            tintuc::text::slugify(s).map_or(0, |x| x.len())
        });
        per_string(c, "normalize", name, &bodies, |s| {
            tintuc::text::normalize(s).len()
        });
        per_string(c, "fold", name, &bodies, |s| tintuc::text::fold(s).len());
        per_string(c, "repair/clean", name, &bodies, |s| {
            tintuc::text::repair::repair(s).text.len()
        });
        let damaged: Vec<String> = bodies.iter().map(|s| mojibake(s)).collect();
        let restored = damaged
            .iter()
            .zip(&bodies)
            .filter(|(d, s)| tintuc::text::repair::repair(d).text == s.as_str())
            .count();
        eprintln!(
            "repair/mojibake {name}: {restored} of {} bodies restored exactly",
            bodies.len()
        );
        per_string(c, "repair/mojibake", name, &damaged, |s| {
            tintuc::text::repair::repair(s).text.len()
        });

        // Each title against the next one: the comparisons a sort by title makes.
        let pairs: Vec<(&str, &str)> = titles
            .iter()
            .zip(titles.iter().cycle().skip(1))
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let mut g = c.benchmark_group("collate");
        g.throughput(Throughput::Elements(pairs.len() as u64));
        g.bench_function(name, |b| {
            b.iter(|| {
                for (x, y) in &pairs {
                    black_box(tintuc::text::compare(black_box(x), black_box(y)));
                }
            })
        });
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
