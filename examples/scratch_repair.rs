use std::time::Instant;
use tintuc::text::repair::*;
fn main() {
    let text = std::fs::read_to_string("../shared/data/vntc/vntc_sample_3000.jsonl").unwrap();
    let mut enc = std::collections::HashMap::new();
    for b in (0x20..=0xFFu8).rev() {
        if let Ok(s) = decode(&[b], Encoding::Tcvn3) {
            let mut it = s.chars();
            if let (Some(c), None) = (it.next(), it.next()) {
                enc.insert(c, b);
            }
        }
    }
    let bytes: Vec<u8> = text
        .chars()
        .map(|c| *enc.get(&c).unwrap_or(&b'?'))
        .collect();
    std::fs::write("/tmp/tcvn.bin", &bytes).unwrap();
    let t = Instant::now();
    let out = decode(&bytes, Encoding::Tcvn3).unwrap();
    println!(
        "whole: {} MB in {:?} = {:.1} MB/s",
        bytes.len() as f64 / 1e6,
        t.elapsed(),
        bytes.len() as f64 / 1e6 / t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let mut n = 0;
    for l in bytes.split(|&b| b == b'\n') {
        n += decode(l, Encoding::Tcvn3).unwrap().len();
    }
    println!(
        "lines: {:.1} MB/s {n}",
        bytes.len() as f64 / 1e6 / t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let mut n = 0;
    for l in bytes.split(|&b| b == b'\n').take(300) {
        n += repair_bytes(l).text.len();
    }
    println!("auto 300 lines: {:?} {n}", t.elapsed());
    let _ = out;
    let t = Instant::now();
    let o = decode(&bytes, Encoding::Viscii).unwrap();
    println!(
        "viscii whole: {:.1} MB/s {}",
        bytes.len() as f64 / 1e6 / t.elapsed().as_secs_f64(),
        o.len()
    );
    let nocomb: Vec<u8> = bytes
        .iter()
        .map(|&b| if (0xB0..=0xB4).contains(&b) { b'?' } else { b })
        .collect();
    let t = Instant::now();
    let o = decode(&nocomb, Encoding::Tcvn3).unwrap();
    println!(
        "tcvn no-combining whole: {:.1} MB/s {}",
        bytes.len() as f64 / 1e6 / t.elapsed().as_secs_f64(),
        o.len()
    );
    println!(
        "combining bytes: {}",
        bytes
            .iter()
            .filter(|&&b| (0xB0..=0xB4).contains(&b))
            .count()
    );
}
