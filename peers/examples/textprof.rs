//! Profiling helper: `ROUNDS=N textprof slug|slugpeer|fold|nfc|tone|norm` runs one job over VNTC
//! titles/bodies and prints MB/s (use under `valgrind --tool=callgrind` for instruction counts).
use std::time::Instant;
fn main() {
    let text =
        std::fs::read_to_string(tintuc_peers::shared_data("vntc/vntc_sample_3000.jsonl")).unwrap();
    let mut titles = Vec::new();
    let mut bodies = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        titles.push(v["title"].as_str().unwrap().to_string());
        if i % 10 == 0 {
            bodies.push(v["body"].as_str().unwrap().to_string());
        }
    }
    let which = std::env::args().nth(1).unwrap_or_default();
    let tb: usize = titles.iter().map(|s| s.len()).sum();
    let bb: usize = bodies.iter().map(|s| s.len()).sum();
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(20);
    let t = Instant::now();
    for _ in 0..rounds {
        match which.as_str() {
            "slug" => {
                for s in &titles {
                    std::hint::black_box(tintuc::text::slugify(s));
                }
            }
            "slugpeer" => {
                for s in &titles {
                    std::hint::black_box(slug::slugify(s));
                }
            }
            "fold" => {
                for s in &bodies {
                    std::hint::black_box(tintuc::text::fold(s));
                }
            }
            "nfc" => {
                for s in &bodies {
                    std::hint::black_box(tintuc::text::nfc(s));
                }
            }
            "tone" => {
                for s in &bodies {
                    std::hint::black_box(tintuc::text::convert_tone_style(
                        s,
                        tintuc::text::ToneStyle::New,
                    ));
                }
            }
            "norm" => {
                for s in &bodies {
                    std::hint::black_box(tintuc::text::normalize(s));
                }
            }
            _ => panic!("which"),
        }
    }
    let bytes = if which.starts_with("slug") { tb } else { bb } * rounds;
    let el = t.elapsed().as_secs_f64();
    println!("{which}: {:.1} MB/s", bytes as f64 / el / 1e6);
}
