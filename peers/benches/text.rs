//! Text toolkit vs its peers, in the same run, on VNTC titles and bodies.
//!
//! cargo bench -p tintuc-peers --bench text -- --warm-up-time 1 --measurement-time 3
//!
//! Groups (throughput in input bytes):
//! - `slug_title`: tintuc::text::slugify vs slug 0.1.6, one call per title;
//! - `nfc_nfc` / `nfc_nfd`: tintuc::text::nfc vs icu_normalizer 2 (and unicode-normalization)
//!   on already-NFC bodies and on the same bodies in NFD;
//! - `fold`: tintuc::text::fold vs deunicode;
//! - `tone_style`: tintuc::text::convert_tone_style(New) vs vi 0.8 (Syllable per word);
//! - `collate`: tintuc::text::compare vs icu_collator `vi`, per comparison;
//! - `normalize`: the whole tintuc normaliser (no peer does all of it).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use icu_collator::{options::CollatorOptions, Collator};
use icu_locale_core::locale;
use icu_normalizer::ComposingNormalizerBorrowed;
use tintuc::text::ToneStyle;
use tintuc_peers::shared_data;
use unicode_normalization::UnicodeNormalization;

struct Fixtures {
    titles: Vec<String>,
    bodies: Vec<String>,
    syllables: Vec<String>,
}

fn fixtures() -> Option<Fixtures> {
    let p = shared_data("vntc/vntc_sample_3000.jsonl");
    let Ok(text) = std::fs::read_to_string(&p) else {
        eprintln!("SKIP: {} not found", p.display());
        return None;
    };
    let mut titles = Vec::new();
    let mut bodies = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let v: serde_json::Value = serde_json::from_str(line).ok()?;
        let title = v["title"].as_str().unwrap_or("").to_string();
        // Only NFC fixtures (the corpus has a few non-NFC articles; NFD gets its own group).
        if !title.is_empty() && title.nfc().eq(title.chars()) {
            titles.push(title);
        }
        // Every 10th body (~300 bodies, ~1 MB).
        if i % 10 == 0 {
            let body = v["body"].as_str().unwrap_or("").to_string();
            if body.nfc().eq(body.chars()) {
                bodies.push(body);
            }
        }
    }
    let syl = std::fs::read_to_string(shared_data(
        "wordlists/underthesea_hieuthi_all_vietnamese_syllables_v1_2022.txt",
    ))
    .ok()?;
    let syllables = syl.lines().map(str::to_string).collect();
    Some(Fixtures {
        titles,
        bodies,
        syllables,
    })
}

fn bytes(v: &[String]) -> u64 {
    v.iter().map(|s| s.len() as u64).sum()
}

fn benches(c: &mut Criterion) {
    let Some(f) = fixtures() else { return };

    let mut g = c.benchmark_group("slug_title");
    g.throughput(Throughput::Bytes(bytes(&f.titles)));
    g.bench_function("tintuc", |b| {
        b.iter(|| {
            for t in &f.titles {
                black_box(tintuc::text::slugify(black_box(t)));
            }
        })
    });
    g.bench_function("slug-0.1.6", |b| {
        b.iter(|| {
            for t in &f.titles {
                black_box(slug::slugify(black_box(t)));
            }
        })
    });
    g.finish();

    let icu = ComposingNormalizerBorrowed::new_nfc();
    let nfd: Vec<String> = f.bodies.iter().map(|s| s.nfd().collect()).collect();
    for (name, input) in [("nfc_nfc", &f.bodies), ("nfc_nfd", &nfd)] {
        let mut g = c.benchmark_group(name);
        g.throughput(Throughput::Bytes(bytes(input)));
        g.bench_function("tintuc", |b| {
            b.iter(|| {
                for s in input {
                    black_box(tintuc::text::nfc(black_box(s)));
                }
            })
        });
        g.bench_function("icu_normalizer-2", |b| {
            b.iter(|| {
                for s in input {
                    black_box(icu.normalize(black_box(s)));
                }
            })
        });
        g.bench_function("unicode-normalization", |b| {
            b.iter(|| {
                for s in input {
                    let s = black_box(s);
                    if unicode_normalization::is_nfc_quick(s.chars())
                        != unicode_normalization::IsNormalized::Yes
                    {
                        black_box(s.nfc().collect::<String>());
                    }
                }
            })
        });
        g.finish();
    }

    let mut g = c.benchmark_group("fold");
    g.throughput(Throughput::Bytes(bytes(&f.bodies)));
    g.bench_function("tintuc", |b| {
        b.iter(|| {
            for s in &f.bodies {
                black_box(tintuc::text::fold(black_box(s)));
            }
        })
    });
    g.bench_function("deunicode", |b| {
        b.iter(|| {
            for s in &f.bodies {
                black_box(deunicode::deunicode(black_box(s)));
            }
        })
    });
    g.finish();

    // vi is slow: a tenth of the bodies for both sides.
    let few: Vec<String> = f.bodies.iter().step_by(10).cloned().collect();
    let mut g = c.benchmark_group("tone_style");
    g.throughput(Throughput::Bytes(bytes(&few)));
    g.bench_function("tintuc", |b| {
        b.iter(|| {
            for s in &few {
                black_box(tintuc::text::convert_tone_style(
                    black_box(s),
                    ToneStyle::New,
                ));
            }
        })
    });
    g.bench_function("vi-0.8", |b| {
        b.iter(|| {
            for s in &few {
                let mut out = String::with_capacity(s.len());
                for w in black_box(s).split(' ') {
                    let mut syl = vi::Syllable::new(w);
                    syl.accent_style = vi::processor::AccentStyle::New;
                    out.push_str(&syl.to_string());
                    out.push(' ');
                }
                black_box(out);
            }
        })
    });
    g.finish();

    let collator = Collator::try_new(locale!("vi").into(), CollatorOptions::default()).unwrap();
    let pairs: Vec<(&str, &str)> = f
        .syllables
        .iter()
        .zip(f.syllables.iter().rev())
        .take(4000)
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let mut g = c.benchmark_group("collate");
    g.throughput(Throughput::Elements(pairs.len() as u64));
    g.bench_function("tintuc", |b| {
        b.iter(|| {
            for (x, y) in &pairs {
                black_box(tintuc::text::compare(black_box(x), black_box(y)));
            }
        })
    });
    g.bench_function("icu_collator-2-vi", |b| {
        b.iter(|| {
            for (x, y) in &pairs {
                black_box(collator.compare(black_box(x), black_box(y)));
            }
        })
    });
    g.finish();

    let mut g = c.benchmark_group("normalize");
    g.throughput(Throughput::Bytes(bytes(&f.bodies)));
    g.bench_function("tintuc", |b| {
        b.iter(|| {
            for s in &f.bodies {
                black_box(tintuc::text::normalize(black_box(s)));
            }
        })
    });
    g.finish();
}

criterion_group!(text, benches);
criterion_main!(text);
