//! Legacy-encoding repair: cost on clean Unicode relative to `std::str::from_utf8`, and
//! decoding throughput. Run with
//! `cargo bench -p tintuc-peers --bench repair -- --warm-up-time 1 --measurement-time 3`.
//!
//! Input: the bodies and titles of ../shared/data/vntc/vntc_sample_3000.jsonl (real
//! VNTC news). The TCVN3 input is those bodies encoded with the inverse of the
//! crate's TCVN3 table (characters TCVN3 lacks become `?`).

use std::collections::HashMap;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tintuc::text::repair::{decode, repair, repair_bytes, Encoding};

fn load() -> Option<(Vec<String>, Vec<String>)> {
    let path = tintuc_peers::shared_data("vntc/vntc_sample_3000.jsonl");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("SKIP: {} not found", path.display());
        return None;
    };
    let mut bodies = Vec::new();
    let mut titles = Vec::new();
    for line in text.lines() {
        // The crate's own importer reads the plain JSONL format (no serde_json here).
        let Ok(a) = tintuc::import::parse_line(line) else {
            continue;
        };
        let paras: Vec<&str> = a
            .body
            .iter()
            .filter_map(|b| match b {
                tintuc::model::Block::Paragraph { text } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        bodies.push(paras.join("\n"));
        titles.push(a.title);
    }
    Some((bodies, titles))
}

fn tcvn3_encoder() -> HashMap<char, u8> {
    let mut map = HashMap::new();
    for b in (0x20..=0xFFu8).rev() {
        if let Ok(s) = decode(&[b], Encoding::Tcvn3) {
            let mut it = s.chars();
            if let (Some(c), None) = (it.next(), it.next()) {
                map.insert(c, b);
            }
        }
    }
    map.insert('\n', b'\n');
    map
}

fn bench(c: &mut Criterion) {
    let Some((bodies, titles)) = load() else {
        return;
    };
    let body_bytes: usize = bodies.iter().map(String::len).sum();
    let title_bytes: usize = titles.iter().map(String::len).sum();

    let mut g = c.benchmark_group("repair/clean-bodies");
    g.throughput(Throughput::Bytes(body_bytes as u64));
    g.bench_function("std::str::from_utf8", |b| {
        b.iter(|| {
            for s in &bodies {
                black_box(std::str::from_utf8(black_box(s.as_bytes())).is_ok());
            }
        })
    });
    g.bench_function("tintuc::repair_bytes", |b| {
        b.iter(|| {
            for s in &bodies {
                black_box(repair_bytes(black_box(s.as_bytes())).encoding);
            }
        })
    });
    g.bench_function("tintuc::repair(&str)", |b| {
        b.iter(|| {
            for s in &bodies {
                black_box(repair(black_box(s)).encoding);
            }
        })
    });
    g.finish();

    let mut g = c.benchmark_group("repair/clean-titles");
    g.throughput(Throughput::Bytes(title_bytes as u64));
    g.bench_function("std::str::from_utf8", |b| {
        b.iter(|| {
            for s in &titles {
                black_box(std::str::from_utf8(black_box(s.as_bytes())).is_ok());
            }
        })
    });
    g.bench_function("tintuc::repair_bytes", |b| {
        b.iter(|| {
            for s in &titles {
                black_box(repair_bytes(black_box(s.as_bytes())).encoding);
            }
        })
    });
    g.finish();

    // Legacy input.
    let enc = tcvn3_encoder();
    let tcvn: Vec<Vec<u8>> = bodies
        .iter()
        .map(|s| s.chars().map(|c| *enc.get(&c).unwrap_or(&b'?')).collect())
        .collect();
    let tcvn_bytes: usize = tcvn.iter().map(Vec::len).sum();
    let mut g = c.benchmark_group("repair/tcvn3-bodies");
    g.throughput(Throughput::Bytes(tcvn_bytes as u64));
    g.bench_function("tintuc::decode(Tcvn3)", |b| {
        b.iter(|| {
            for s in &tcvn {
                black_box(decode(black_box(s), Encoding::Tcvn3).map(|t| t.len()).ok());
            }
        })
    });
    g.sample_size(10);
    g.bench_function("tintuc::repair_bytes (auto-detect)", |b| {
        b.iter(|| {
            for s in &tcvn {
                black_box(repair_bytes(black_box(s)).encoding);
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
