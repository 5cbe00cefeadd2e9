//! Pathological input for every public text entry point, the importer and the renderer:
//! 1 MB of combining marks, a 1 MB single "syllable", 100,000 nested quotes in VIQR, a
//! 10 MB body and 100,000 tags. Each runs four times at a quarter of its size and once
//! at its full size; time must grow about linearly: the full size may cost at most 3
//! times the four quarter runs (linear is 1, quadratic 4), the best of three timings
//! each. Output size must stay proportional (bounded memory). No absolute timing.
//!
//! The timed part of each check holds one lock, so the test harness's other threads do
//! not run their own large inputs beside it: on two cores a sibling test in the middle
//! of a 10 MB body can make a linear run look quadratic.
//!
//! Timings mean something only in an optimised build: `cargo test --release --test
//! pathological` (CI runs it so). A debug build runs every input at 1/16 of its size
//! for panics and output size alone, and says so with a `SKIP` line.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use tintuc::import::{parse_line, Importer};
use tintuc::model::{Link, Slug};
use tintuc::render::{ArticleView, Page, Renderer, Site};
use tintuc::text::repair::{decode_str, repair, Encoding};
use tintuc::text::{
    convert_tone_style, extract_dates, extract_documents, fold, nfc, normalize, sort_key,
    syllables, ToneStyle,
};

/// The better of three timings of `f` run `times` times on `input`, and its output size.
fn time(f: &dyn Fn(&str) -> usize, input: &str, times: usize) -> (Duration, usize) {
    let mut best = Duration::MAX;
    let mut size = 0;
    for _ in 0..3 {
        let t = Instant::now();
        for _ in 0..times {
            size = std::hint::black_box(f(input));
        }
        best = best.min(t.elapsed());
    }
    (best, size)
}

/// Checks that `f` on `make(n)` costs about what four runs on `make(n / 4)` cost
/// (linear: the same; quadratic: four times as much): at most 3 times, unless the
/// full size takes under 30 ms. The output may be at most ten times as large.
fn linear(name: &str, make: &dyn Fn(usize) -> String, n: usize, f: &dyn Fn(&str) -> usize) {
    // A check that failed (the one that must) poisons the lock; the timings still hold.
    static TIMING: Mutex<()> = Mutex::new(());
    let _alone = TIMING.lock().unwrap_or_else(|e| e.into_inner());
    if cfg!(debug_assertions) {
        let (s1, s4) = (f(&make(n / 64)), f(&make(n / 16)));
        assert!(s4 <= s1.max(64) * 10, "{name}: output {s1} -> {s4} bytes");
        println!("SKIP timing of {name}: debug build (run with --release)");
        return;
    }
    let (small, big) = (make(n / 4), make(n));
    let (t1, s1) = time(f, &small, 4);
    let (t4, s4) = time(f, &big, 1);
    assert!(
        t4 <= Duration::from_millis(30) || t4.as_secs_f64() <= 3.0 * t1.as_secs_f64(),
        "{name}: 4 x {} bytes took {t1:?}, {} bytes {t4:?} (more than 3x)",
        small.len(),
        big.len()
    );
    assert!(
        s4 <= s1.max(64) * 10,
        "{name}: output {s1} -> {s4} bytes (more than 10x)"
    );
}

type Entry = (&'static str, fn(&str) -> usize);

/// Every public entry point that takes text.
const TEXT: &[Entry] = &[
    ("normalize", |s| normalize(s).len()),
    ("fold", |s| fold(s).len()),
    ("nfc", |s| nfc(s).len()),
    ("convert_tone_style", |s| {
        convert_tone_style(s, ToneStyle::New).len()
    }),
    ("syllables", |s| syllables(s).count()),
    ("sort_key", |s| {
        sort_key(s);
        s.len()
    }),
    ("extract_dates", |s| extract_dates(s).len()),
    ("extract_documents", |s| extract_documents(s).len()),
    ("repair", |s| repair(s).text.len()),
    ("decode_str viqr", |s| {
        decode_str(s, Encoding::Viqr).map_or(0, |d| d.len())
    }),
    ("slugify", |s| {
        tintuc::text::slugify(s).map_or(0, |x| x.len())
    }),
    ("Slug::from_title", |s| {
        Slug::from_title(s).map_or(0, |x| x.as_str().len())
    }),
    ("Link::new", |s| {
        Link::new(s).map_or(0, |l| l.as_str().len())
    }),
    ("parse_date", |s| {
        usize::from(tintuc::import::parse_date(s).is_some())
    }),
];

const MB: usize = 1 << 20;

#[test]
fn combining_marks() {
    let make = |n: usize| {
        let mut s = String::from("a");
        s.push_str(&"\u{301}".repeat(n / 2));
        s
    };
    for (name, f) in TEXT {
        linear(name, &make, MB, f);
    }
}

#[test]
fn one_long_syllable() {
    // Letters, tone marks and VIQR mark characters with no space or stop anywhere.
    let make = |n: usize| "nghiêngViệta'^(+?~".repeat(n / 24);
    for (name, f) in TEXT {
        linear(name, &make, MB, f);
    }
}

#[test]
fn nested_viqr_quotes() {
    let make = |n: usize| {
        let k = n / 10;
        let mut s = "'ba('t ".repeat(k);
        s.push_str(&"tay' ".repeat(k));
        s
    };
    // 100,000 quotes open, 100,000 close.
    linear("decode_str viqr", &make, 1_000_000, &|s| {
        decode_str(s, Encoding::Viqr).map_or(0, |d| d.len())
    });
    linear("repair", &make, 1_000_000, &|s| repair(s).text.len());
    linear("normalize", &make, 1_000_000, &|s| normalize(s).len());
}

fn line(body: &str, tags: usize) -> String {
    let tags: Vec<String> = (0..tags).map(|i| format!("thẻ {i}")).collect();
    serde_json::json!({"id": "a", "title": "Tin dài", "body": body, "tags": tags,
        "category": "Thời sự", "published": "17/8/2018"})
    .to_string()
}

fn page(line: &str) -> usize {
    let Ok(a) = parse_line(line) else { return 0 };
    let r = Renderer::new(Site::new("Cổng", "https://vks.gov.vn".parse().unwrap()));
    let mut out = String::new();
    r.render(&Page::Article(&ArticleView::new(&a, &[])), &mut out);
    out.len()
}

#[test]
fn ten_megabyte_body() {
    let para = "Sáng 17/8, Viện kiểm sát nhân dân tỉnh tổ chức hội nghị sơ kết công tác 6 tháng đầu năm 2018.\n";
    let make = |n: usize| line(&para.repeat(n / para.len()), 3);
    let big = make(if cfg!(debug_assertions) { MB } else { 10 * MB });
    let report = Importer::new().read(big.as_bytes()).unwrap();
    assert_eq!(report.articles.len(), 1, "{:?}", report.errors);
    linear("import 10 MB body", &make, 10 * MB, &|s| {
        Importer::new()
            .read(s.as_bytes())
            .map_or(0, |r| r.articles.len() * s.len())
    });
    linear("render 10 MB body", &make, 10 * MB, &page);
}

#[test]
fn hundred_thousand_tags() {
    let make = |n: usize| line("Một đoạn.", n);
    let report = Importer::new().read(make(100_000).as_bytes()).unwrap();
    assert_eq!(report.articles[0].tags.len(), 100_000);
    linear("import 100,000 tags", &make, 100_000, &|s| {
        Importer::new()
            .read(s.as_bytes())
            .map_or(0, |r| r.articles.iter().map(|a| a.tags.len()).sum())
    });
    linear("render 100,000 tags", &make, 100_000, &page);
}

#[test]
fn the_check_catches_quadratic_work() {
    if cfg!(debug_assertions) {
        println!("SKIP: timing checks need --release");
        return;
    }
    // For every character, a scan of all of them: n^2 work, four times the cost of
    // four quarter-size runs.
    let quadratic = |s: &str| s.chars().map(|c| s.matches(c).count()).sum::<usize>();
    let make = |n: usize| "ab".repeat(n / 2);
    let caught = std::panic::catch_unwind(|| linear("quadratic", &make, 16_000, &quadratic));
    assert!(
        caught.is_err(),
        "a quadratic function passed the linear check"
    );
}
