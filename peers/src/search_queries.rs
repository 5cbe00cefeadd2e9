//! Known-item queries for the search evaluations (`search_eval`, `search_pg_eval`): the
//! five kinds readers type, made from one target article each with a seeded generator, so
//! every example reports on the same query set for the same seed; and the success@10 /
//! MRR@10 tally and percentiles they print.
use tintuc::model::Article;
use tintuc::text::{convert_tone_style, fold, syllables, ToneStyle};

pub const KINDS: [&str; 5] = [
    "title-folded",
    "title-style",
    "typo",
    "prefix",
    "body-phrase",
];

/// splitmix64: a small deterministic generator (no dependency).
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next_u64() % (hi - lo + 1) as u64) as usize
    }
}

pub fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// A random window of `lo..=hi` syllables of `words` (all of them when shorter).
fn window<'a>(rng: &mut Rng, words: &[&'a str], lo: usize, hi: usize) -> Vec<&'a str> {
    let n = rng.range(lo, hi).min(words.len());
    let start = rng.range(0, words.len() - n);
    words[start..start + n].to_vec()
}

fn folded(words: &[&str]) -> String {
    fold(&words.join(" "))
}

/// QWERTY neighbours of a lower-case letter.
fn neighbours(c: char) -> &'static str {
    const N: [(&str, &str); 26] = [
        ("q", "wa"),
        ("w", "qeas"),
        ("e", "wrsd"),
        ("r", "etdf"),
        ("t", "ryfg"),
        ("y", "tugh"),
        ("u", "yihj"),
        ("i", "uojk"),
        ("o", "ipkl"),
        ("p", "ol"),
        ("a", "qwsz"),
        ("s", "awedxz"),
        ("d", "serfcx"),
        ("f", "drtgvc"),
        ("g", "ftyhbv"),
        ("h", "gyujnb"),
        ("j", "huikmn"),
        ("k", "jiolm"),
        ("l", "kop"),
        ("z", "asx"),
        ("x", "zsdc"),
        ("c", "xdfv"),
        ("v", "cfgb"),
        ("b", "vghn"),
        ("n", "bhjm"),
        ("m", "njk"),
    ];
    N.iter()
        .find(|(k, _)| k.starts_with(c))
        .map_or("", |(_, v)| v)
}

/// One edit to a syllable of >= 4 letters of the folded window.
fn typo(rng: &mut Rng, words: &[String]) -> Option<String> {
    let long: Vec<usize> = (0..words.len())
        .filter(|&i| words[i].chars().count() >= 4 && words[i].is_ascii())
        .collect();
    if long.is_empty() {
        return None;
    }
    let i = long[rng.range(0, long.len() - 1)];
    let mut w: Vec<char> = words[i].chars().collect();
    let p = rng.range(0, w.len() - 1);
    match rng.range(0, 2) {
        0 => {
            let n: Vec<char> = neighbours(w[p]).chars().collect();
            if n.is_empty() {
                return None;
            }
            w[p] = n[rng.range(0, n.len() - 1)];
        }
        1 => {
            w.remove(p);
        }
        _ => {
            let p = p.min(w.len() - 2);
            if w[p] == w[p + 1] {
                return None;
            }
            w.swap(p, p + 1);
        }
    }
    let mut out = words.to_vec();
    out[i] = w.into_iter().collect();
    Some(out.join(" "))
}

/// A query of `kind` made from `a`, or `None` when the article cannot give one.
pub fn make_query(rng: &mut Rng, kind: usize, a: &Article) -> Option<String> {
    let title: Vec<&str> = syllables(&a.title).map(|s| s.text).collect();
    if kind < 4 && title.len() < 3 {
        return None;
    }
    match kind {
        0 => Some(folded(&window(rng, &title, 3, 6))),
        1 => {
            // Prefer a window whose conversion changes something.
            for _ in 0..8 {
                let w = window(rng, &title, 3, 6).join(" ");
                for style in [ToneStyle::New, ToneStyle::Old] {
                    let c = convert_tone_style(&w, style);
                    if c != w {
                        return Some(c.into_owned());
                    }
                }
            }
            None
        }
        2 => {
            let w: Vec<String> = window(rng, &title, 3, 6).iter().map(|s| fold(s)).collect();
            typo(rng, &w)
        }
        3 => {
            let mut w: Vec<String> = window(rng, &title, 3, 6).iter().map(|s| fold(s)).collect();
            let cut = rng.range(2, 3);
            let last = w.last_mut()?;
            if last.chars().count() <= cut || !last.is_ascii() {
                return None;
            }
            last.truncate(cut);
            Some(w.join(" "))
        }
        _ => {
            let paras: Vec<Vec<&str>> = a
                .body
                .iter()
                .flat_map(|b| b.text_parts())
                .map(|p| syllables(p).map(|s| s.text).collect::<Vec<_>>())
                .filter(|p| p.len() >= 8)
                .collect();
            if paras.is_empty() {
                return None;
            }
            let p = &paras[rng.range(0, paras.len() - 1)];
            Some(folded(&window(rng, p, 5, 8)))
        }
    }
}

#[derive(Default, Clone)]
pub struct Score {
    pub n: usize,
    pub hits: usize,
    pub rr: f64,
}

impl Score {
    pub fn add(&mut self, rank: Option<usize>) {
        self.n += 1;
        if let Some(r) = rank {
            self.hits += 1;
            self.rr += 1.0 / (r + 1) as f64;
        }
    }
    pub fn show(&self) -> String {
        let n = self.n.max(1) as f64;
        format!("{:.3} / {:.3}", self.hits as f64 / n, self.rr / n)
    }
}

pub fn percentile(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(((v.len() as f64 - 1.0) * p).round() as usize)
        .copied()
        .unwrap_or(0.0)
}

/// Articles of the `split` half (`"eval"` or `"tune"`, by a hash of the id) among the first
/// `pool` articles: the targets queries are made from.
pub fn split_targets(articles: &[Article], pool: usize, split: &str) -> Vec<usize> {
    let want = u64::from(split == "eval");
    (0..pool.min(articles.len()))
        .filter(|&i| fnv(articles[i].id.as_str()) % 2 == want)
        .collect()
}

/// `per_kind` queries of each kind as `(kind, target, text)`, kind by kind, targets drawn
/// from `targets` by a generator seeded with `seed`.
pub fn make_queries(
    articles: &[Article],
    targets: &[usize],
    per_kind: usize,
    seed: u64,
) -> Vec<(usize, usize, String)> {
    let mut rng = Rng(seed);
    let mut queries = Vec::new();
    if targets.is_empty() {
        return queries;
    }
    for kind in 0..KINDS.len() {
        let mut made = 0;
        let mut tries = 0;
        while made < per_kind && tries < per_kind * 50 {
            tries += 1;
            let t = targets[rng.range(0, targets.len() - 1)];
            if let Some(q) = make_query(&mut rng, kind, &articles[t]) {
                queries.push((kind, t, q));
                made += 1;
            }
        }
    }
    queries
}
