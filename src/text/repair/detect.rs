//! Auto-detection: a fast allocation-free scan that proves text clean, and a slower
//! scoring path that decodes each candidate and counts well-formed Vietnamese syllables.

use unicode_normalization::UnicodeNormalization;

use super::decode::{self, Mode};
use super::Encoding;
use crate::text::syllable_rules::{is_syllable, syllable_weight};

/// Word and garbage counts of a text.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub(super) struct Stats {
    /// Words with a non-ASCII letter that are well-formed Vietnamese syllables.
    pub valid: u32,
    /// Words with a non-ASCII letter that are not.
    pub invalid: u32,
    /// Characters that only appear in damaged text: Latin-1 symbols, C0/C1 controls,
    /// rare Windows-1252 punctuation, U+FFFD.
    pub bad: u32,
    /// Sum of the rime frequency weights of the valid words (a tie-breaker).
    pub freq: u32,
}

impl Stats {
    pub(super) fn score(self) -> i64 {
        2 * i64::from(self.valid) - 3 * i64::from(self.invalid) - 2 * i64::from(self.bad)
    }
}

fn is_bad_char(c: char) -> bool {
    match c {
        '\t' | '\n' | '\r' | '\u{0C}' | '\u{A0}' => false,
        '\u{00}'..='\u{1F}' | '\u{7F}'..='\u{BF}' | '\u{FFFD}' => true,
        // Windows-1252 extras that real Vietnamese text does not use.
        '\u{152}' | '\u{153}' | '\u{160}' | '\u{161}' | '\u{178}' | '\u{17D}' | '\u{17E}'
        | '\u{192}' | '\u{2C6}' | '\u{2DC}' | '\u{201A}' | '\u{201E}' | '\u{2020}' | '\u{2021}'
        | '\u{2030}' | '\u{2039}' | '\u{203A}' | '\u{2122}' => true,
        _ => false,
    }
}

/// Counts the words and garbage characters of `s` (NFD input is composed first).
pub(super) fn stats(s: &str) -> Stats {
    if s.chars().any(|c| ('\u{300}'..='\u{36F}').contains(&c)) {
        let composed: String = s.nfc().collect();
        return stats_nfc(&composed);
    }
    stats_nfc(s)
}

fn stats_nfc(s: &str) -> Stats {
    let mut st = Stats::default();
    let mut start: Option<usize> = None;
    let mut non_ascii = false;
    for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        if is_bad_char(c) {
            st.bad += 1;
        }
        if c.is_alphabetic() {
            if start.is_none() {
                start = Some(i);
                non_ascii = false;
            }
            non_ascii |= !c.is_ascii();
        } else if let Some(b) = start.take() {
            if non_ascii {
                match s.get(b..i).and_then(syllable_weight) {
                    Some(w) => {
                        st.valid += 1;
                        st.freq += u32::from(w);
                    }
                    None => st.invalid += 1,
                }
            }
        }
    }
    st
}

// ------------------------------------------------------------ fast scan ----

/// What the fast scan saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Scan {
    /// Provably needs no repair.
    Clean,
    /// Only ASCII, with something VIQR-like in it.
    AsciiViqrLike,
    /// Needs the scoring path.
    Suspect,
}

#[inline]
fn ascii_prefix_len(b: &[u8]) -> usize {
    let mut i = 0;
    let mut chunks = b.chunks_exact(8);
    for ch in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(ch);
        if u64::from_le_bytes(w) & 0x8080_8080_8080_8080 != 0 {
            break;
        }
        i += 8;
    }
    while b.get(i).is_some_and(|x| x.is_ascii()) {
        i += 1;
    }
    i
}

/// Index of the next byte 0xC2 or 0xC3 at or after `from` (`b.len()` if none), eight
/// bytes at a time.
#[inline]
pub(super) fn next_c2_c3(b: &[u8], from: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut i = from;
    if let Some(rest) = b.get(from..) {
        let mut chunks = rest.chunks_exact(8);
        for ch in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(ch);
            // Bytes equal to 0xC2/0xC3 become zero; find the first zero byte.
            let z = (u64::from_le_bytes(w) & !ONES) ^ (0xC2 * ONES);
            let hit = z.wrapping_sub(ONES) & !z & HIGH;
            if hit != 0 {
                return i + (hit.trailing_zeros() / 8) as usize;
            }
            i += 8;
        }
    }
    while let Some(&x) = b.get(i) {
        if x & 0xFE == 0xC2 {
            return i;
        }
        i += 1;
    }
    i
}

/// Length of the character at `i` if it is a Windows-1252 character for a UTF-8
/// continuation byte 0x80..=0xBF (U+0080..=U+00BF or one of the 27 Windows-1252
/// characters of 0x80..=0x9F).
#[inline]
fn continuation_len(b: &[u8], i: usize) -> Option<usize> {
    let b0 = *b.get(i)?;
    let b1 = b.get(i + 1).copied().unwrap_or(0);
    match (b0, b1) {
        (0xC2, 0x80..=0xBF) => Some(2),
        (0xC5, 0x92 | 0x93 | 0xA0 | 0xA1 | 0xB8 | 0xBD | 0xBE)
        | (0xC6, 0x92)
        | (0xCB, 0x86 | 0x9C) => Some(2),
        (0xE2, 0x80 | 0x82 | 0x84) => {
            let b2 = b.get(i + 2).copied().unwrap_or(0);
            let ok = match b1 {
                0x80 => matches!(
                    b2,
                    0x93 | 0x94 | 0x98..=0x9A | 0x9C..=0x9E | 0xA0..=0xA2 | 0xA6 | 0xB0 | 0xB9 | 0xBA
                ),
                0x82 => b2 == 0xAC,
                _ => b2 == 0xA2,
            };
            ok.then_some(3)
        }
        _ => None,
    }
}

/// Scans valid UTF-8 `s` without allocating.
///
/// Clean when the text holds a character outside the Windows-1252 repertoire (so it is
/// not wholly legacy bytes read as Windows-1252), no C1 control, and no complete
/// mojibake sequence (a character U+00C2..=U+00F4 followed by as many
/// continuation-byte characters as its UTF-8 lead byte announces).
pub(super) fn scan(s: &str) -> Scan {
    let b = s.as_bytes();
    let mut i = ascii_prefix_len(b);
    if i == b.len() {
        // TCVN3 (VN1) and VISCII put a few capitals on C0 control codes.
        return if b
            .iter()
            .any(|&c| c < 0x20 && !matches!(c, b'\t' | b'\n' | b'\r' | 0x0C))
        {
            Scan::Suspect
        } else if viqr_like(b) {
            Scan::AsciiViqrLike
        } else {
            Scan::Clean
        };
    }
    let mut outside_cp1252 = false;
    while let Some(&lead) = b.get(i) {
        if outside_cp1252 && lead != 0xC2 && lead != 0xC3 {
            // Once a character outside Windows-1252 was seen, only C1 controls (0xC2)
            // and possible mojibake leads (0xC3) matter: jump to the next of those.
            i = next_c2_c3(b, i);
            continue;
        }
        if lead < 0x80 {
            i += 1 + ascii_prefix_len(b.get(i + 1..).unwrap_or_default());
            continue;
        }
        let b1 = b.get(i + 1).copied().unwrap_or(0);
        match lead {
            0xC2 => {
                if b1 < 0xA0 {
                    return Scan::Suspect; // C1 control
                }
                i += 2;
            }
            0xC3 => {
                if (0x82..=0xB4).contains(&b1) {
                    // U+00C2..=U+00F4: the Windows-1252 reading of a UTF-8 lead byte.
                    let need = match b1 {
                        0x82..=0x9F => 1,
                        0xA0..=0xAF => 2,
                        _ => 3,
                    };
                    let mut j = i + 2;
                    let mut complete = true;
                    for _ in 0..need {
                        match continuation_len(b, j) {
                            Some(l) => j += l,
                            None => {
                                complete = false;
                                break;
                            }
                        }
                    }
                    if complete {
                        return Scan::Suspect;
                    }
                }
                i += 2;
            }
            0xC4..=0xDF => {
                if continuation_len(b, i).is_none() {
                    outside_cp1252 = true;
                }
                i += 2;
            }
            0xE0..=0xEF => {
                if continuation_len(b, i).is_none() {
                    outside_cp1252 = true;
                }
                i += 3;
            }
            _ => {
                outside_cp1252 = true;
                i += 4;
            }
        }
    }
    if outside_cp1252 {
        Scan::Clean
    } else {
        Scan::Suspect
    }
}

fn is_vowel(b: u8) -> bool {
    matches!(b | 0x20, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// ASCII text with a VIQR diacritic after a vowel (`a( a^ o+`), a tone mark between
/// letters, or `dd` before a vowel.
fn viqr_like(b: &[u8]) -> bool {
    b.windows(3).any(|w| {
        let (p, m, n) = (w[0], w[1], w[2]);
        (is_vowel(p) && matches!(m, b'(' | b'^' | b'+'))
            || (is_vowel(p)
                && matches!(m, b'\'' | b'`' | b'?' | b'~' | b'.')
                && n.is_ascii_alphabetic())
            || (p | 0x20 == b'd' && m | 0x20 == b'd' && is_vowel(n))
    })
}

// -------------------------------------------------------- candidate paths ----

/// A detection result from the scoring path.
pub(super) struct Found {
    pub encoding: Encoding,
    pub text: String,
    pub confidence: f32,
}

fn evidence(valid: u32) -> f32 {
    1.0 - 0.5f32.powi(i32::try_from(valid.min(30)).unwrap_or(30))
}

fn plausible(c: char) -> bool {
    matches!(u32::from(c),
        0xA0..=0x24F | 0x300..=0x36F | 0x1E00..=0x1EFF | 0x2000..=0x20CF | 0x2100..=0x2BFF
        | 0x1F000..=0x1FAFF)
}

/// Mojibake: sequences that rebuild UTF-8. Applied up to three times (double encoding).
pub(super) fn mojibake(s: &str) -> Option<Found> {
    let mut text: Option<String> = None;
    let mut total = 0usize;
    for _ in 0..3 {
        let cur = text.as_deref().unwrap_or(s);
        let Ok((fixed, n)) = decode::mojibake(cur, Mode::Lenient) else {
            break;
        };
        if n == 0 {
            break;
        }
        let fixed = fixed.into_owned();
        // Every repaired character must be plausible in Vietnamese text: a Latin letter,
        // a combining mark, punctuation or a symbol, an emoji. Legacy text read as
        // Windows-1252 forms accidental sequences (`ß¶` → U+07F6) outside that set.
        if !decode::mojibake_chars(cur).all(plausible) {
            break;
        }
        total += n;
        text = Some(fixed);
    }
    let text = text?;
    let before = stats(s);
    let after = stats(&text);
    // A complete, plausible sequence is itself evidence: ties go to the repair
    // (`Ã”ng`: `Ã` reads as a word, `Ông` is one).
    if after.score() < before.score() || after.invalid > before.invalid {
        return None;
    }
    let n = u32::try_from(total).unwrap_or(u32::MAX);
    let ratio = if after.valid + after.invalid == 0 {
        0.9
    } else {
        after.valid as f32 / (after.valid + after.invalid) as f32
    };
    Some(Found {
        encoding: Encoding::Mojibake,
        text,
        confidence: (0.5 + 0.5 * evidence(n)) * (0.5 + 0.5 * ratio),
    })
}

/// Chooses among legacy candidates given the original's stats.
fn choose(
    orig: Stats,
    cands: impl Iterator<Item = (Encoding, String)>,
    max_invalid_share: u32,
) -> Option<Found> {
    // Ranked by (score, rime frequency); candidates whose text equals a better one's
    // are the same answer and do not count as competition.
    let mut ranked: Vec<((i64, u32), Stats, Encoding, String)> = Vec::new();
    for (enc, text) in cands {
        let st = stats(&text);
        // At most one invalid word per `max_invalid_share` valid ones (foreign names).
        if st.valid == 0 || st.invalid * max_invalid_share > st.valid || st.bad > orig.bad {
            continue;
        }
        let sc = st.score();
        if sc <= orig.score() + 1 || ranked.iter().any(|r| r.3 == text) {
            continue;
        }
        ranked.push(((sc, st.freq), st, enc, text));
    }
    // Stable: on equal keys the earlier encoding in `LEGACY` wins.
    ranked.sort_by_key(|r| std::cmp::Reverse(r.0));
    let mut it = ranked.into_iter();
    let ((sc, freq), st, encoding, text) = it.next()?;
    let ratio = st.valid as f32 / (st.valid + st.invalid) as f32;
    let margin = match it.next() {
        None => 1.0,
        Some(((rs, rf), ..)) if rs == sc => {
            // Same validity: only the frequency prior separates them.
            let d = freq.saturating_sub(rf) as f32 / st.valid.max(1) as f32;
            (0.2 + d / 4.0).clamp(0.2, 0.8)
        }
        Some(((rs, _), ..)) => {
            let d = (sc - rs) as f32;
            (d / (d + 2.0)).clamp(0.2, 1.0)
        }
    };
    Some(Found {
        encoding,
        text,
        confidence: ratio * evidence(st.valid) * margin,
    })
}

const LEGACY: [Encoding; 4] = [
    Encoding::Tcvn3,
    Encoding::Vni,
    Encoding::Viscii,
    Encoding::Cp1258,
];

/// Long texts are judged on a prefix of about this many bytes (cut at whitespace),
/// then decoded whole with the winner.
const SAMPLE: usize = 1024;

fn sample_str(s: &str) -> &str {
    if s.len() <= SAMPLE {
        return s;
    }
    let mut cut = SAMPLE;
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = s.get(..cut).unwrap_or(s);
    match head.rfind(char::is_whitespace) {
        Some(p) if p > SAMPLE / 2 => head.get(..p).unwrap_or(head),
        _ => head,
    }
}

fn sample_bytes(b: &[u8]) -> &[u8] {
    match b.get(..SAMPLE) {
        None => b,
        Some(head) => match head.iter().rposition(|&c| c == b' ' || c == b'\n') {
            Some(p) if p > SAMPLE / 2 => head.get(..p).unwrap_or(head),
            _ => head,
        },
    }
}

/// Legacy bytes read as Windows-1252 text.
pub(super) fn legacy_str(s: &str) -> Option<Found> {
    let sample = sample_str(s);
    let orig = stats(sample);
    if orig.invalid == 0 && orig.bad == 0 {
        return None;
    }
    // A lone word made only of letters (`â`, `Ê`) is too little evidence to call
    // well-formed Unicode legacy text: without a single garbage character, need two words.
    if orig.bad == 0 && orig.valid + orig.invalid < 2 {
        return None;
    }
    let mut found = choose(
        orig,
        LEGACY.iter().filter_map(|&e| {
            decode::decode_text(sample, e, Mode::Lenient)
                .ok()
                .filter(|t| t != sample)
                .map(|t| (e, t))
        }),
        3,
    )?;
    if sample.len() < s.len() {
        found.text = decode::decode_text(s, found.encoding, Mode::Lenient).ok()?;
    }
    Some(found)
}

/// Raw legacy bytes (not valid UTF-8).
pub(super) fn legacy_bytes(b: &[u8]) -> Option<Found> {
    let orig = Stats {
        valid: 0,
        invalid: 1,
        bad: u32::MAX / 4,
        freq: 0,
    };
    let sample = sample_bytes(b);
    let mut found = choose(
        orig,
        LEGACY.iter().filter_map(|&e| {
            decode::decode_bytes(sample, e, Mode::Lenient)
                .ok()
                .map(|t| (e, t))
        }),
        1,
    )?;
    if sample.len() < b.len() {
        found.text = decode::decode_bytes(b, found.encoding, Mode::Lenient).ok()?;
    }
    Some(found)
}

/// VIQR, only on strong evidence: at least two decoded words, all of them valid
/// syllables, covering ≥ 30 % of the words, with at least one breve/circumflex/horn/`dd`
/// or a tone mark inside a word.
pub(super) fn viqr(s: &str) -> Option<Found> {
    let mut tokens = Vec::new();
    let text = decode::viqr(s, Some(&mut tokens));
    let mut words = 0u32;
    let mut valid = 0u32;
    let mut strong = false;
    for (tok, t) in &tokens {
        // Abbreviations (`U.A.E.`, `e.g.`, `a.m.`) are not VIQR dots below; their
        // presence makes the whole text too ambiguous to convert.
        if t.changed && t.abbrev {
            return None;
        }
        let segs = tok
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty());
        let mut any = false;
        for w in segs {
            any = true;
            if t.changed && !w.is_ascii() {
                if !is_syllable(w) {
                    return None;
                }
                valid += 1;
            }
        }
        if any {
            words += 1;
        }
        strong |= t.changed && (t.diacritic || t.inner_tone);
    }
    if !strong || valid < 2 || (valid as f32) < 0.3 * words as f32 {
        return None;
    }
    let cover = valid as f32 / words.max(1) as f32;
    Some(Found {
        encoding: Encoding::Viqr,
        text,
        confidence: evidence(valid) * (0.6 + 0.4 * cover.min(1.0)),
    })
}
