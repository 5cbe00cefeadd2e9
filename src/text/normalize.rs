//! Normalisation: NFC, invisible characters, spaces, tone-mark placement and style.

use std::borrow::Cow;

use super::letters::{
    ascii_vowel, compose, decode_at, has_modifier, lookup_cp, VnLetter, V_E, V_EE, V_I, V_O, V_OW,
    V_U, V_UW, V_Y,
};
use super::nfc::{load8, nfc};
use super::syllable_rules::{
    coda_ok, nucleus_ok, onset_ok, style_pair, tone_position, ToneStyle, D_STROKE,
};

/// Normalises Vietnamese text with the default settings (old tone style, no
/// smart-punctuation mapping). See [`Normalizer`].
///
/// ```
/// use tintuc::text::normalize;
/// assert_eq!(normalize("  Ðảm baỏ chất lựơng\u{00A0}phòng thí nghịêm hoá học\u{200B} "),
///            "Đảm bảo chất lượng phòng thí nghiệm hóa học");
/// assert_eq!(normalize("Vie\u{0302}\u{0323}t Nam"), "Việt Nam"); // NFD in, NFC out
/// ```
pub fn normalize(s: &str) -> String {
    Normalizer::new().normalize(s)
}

/// A configurable normaliser: NFC, invisible-character removal (ZWSP, ZWJ/ZWNJ outside
/// emoji sequences, BOM, soft hyphen, directional and control characters), every Unicode
/// space to `' '`, whitespace runs collapsed and trimmed, tone marks placed in the chosen
/// [`ToneStyle`], misplaced marks of unambiguous syllables fixed (`qúy`→`quý`,
/// `lựơng`→`lượng`, `hưóng`→`hướng`, `baỏ`→`bảo`, `nghành`→`ngành`), and optionally
/// typographic quotes, dashes and ellipses mapped to ASCII.
///
/// Idempotent: normalising its own output changes nothing. Words that are not Vietnamese
/// syllables (names, English, codes) are only brought to NFC.
///
/// ```
/// use tintuc::text::{Normalizer, ToneStyle};
/// let n = Normalizer::new().tone_style(ToneStyle::New).smart_punctuation(true);
/// assert_eq!(n.normalize("“Thủy điện” – Hòa Bình…"), "\"Thuỷ điện\" - Hoà Bình...");
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Normalizer {
    style: ToneStyle,
    smart: bool,
}

impl Normalizer {
    /// Old tone style, smart punctuation off.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the tone style.
    pub fn tone_style(mut self, style: ToneStyle) -> Self {
        self.style = style;
        self
    }

    /// Maps `“ ” „ ‟` to `"`, `‘ ’ ‚ ‛` to `'`, `– — ‒ ― −` to `-` and `…` to `...`.
    pub fn smart_punctuation(mut self, on: bool) -> Self {
        self.smart = on;
        self
    }

    /// Normalises `s`.
    pub fn normalize(&self, s: &str) -> String {
        let cleaned = cleanup(s, self.smart);
        let composed = nfc(&cleaned);
        tone_pass(&composed, self.style, true).into_owned()
    }
}

/// Converts the tone-mark style of every Vietnamese syllable. Brings the text to NFC;
/// only words with a toned `oa`, `oe` or `uy` are rewritten (with their mark placed as
/// [`normalize`] would), everything else — spaces, other words, other characters — is
/// left alone. Returns the input borrowed when nothing changes.
///
/// ```
/// use tintuc::text::{convert_tone_style, ToneStyle};
/// assert_eq!(convert_tone_style("HÒA, Thủy, khoảng, quý, già", ToneStyle::New),
///            "HOÀ, Thuỷ, khoảng, quý, già");
/// ```
pub fn convert_tone_style(s: &str, style: ToneStyle) -> Cow<'_, str> {
    match nfc(s) {
        Cow::Borrowed(b) => tone_pass(b, style, false),
        Cow::Owned(o) => Cow::Owned(tone_pass(&o, style, false).into_owned()),
    }
}

// ---------------------------------------------------------------------------------------
// Cleanup: invisible characters, spaces, optional smart punctuation.

fn is_emojiish(c: char) -> bool {
    let u = c as u32;
    u >= 0x1F000 || (0x2600..=0x27BF).contains(&u) || (0x2B00..=0x2BFF).contains(&u) || u == 0xFE0F
}

/// Characters removed outright (the joiners are handled with their context).
fn is_invisible(c: char) -> bool {
    let u = c as u32;
    matches!(u, 0x00AD | 0x180E | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0xFEFF)
        || (c.is_control() && !c.is_whitespace())
}

/// Invisible characters including the joiners (for folding, where emoji context is moot).
pub(crate) fn is_dropped_invisible(c: char) -> bool {
    is_invisible(c) || c == '\u{200C}' || c == '\u{200D}'
}

fn smart_map(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' => "\"",
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' => "'",
        '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}' => "-",
        '\u{2026}' => "...",
        _ => return None,
    })
}

/// Length of the run at `i` of bytes that cleanup always keeps as they are: printable
/// ASCII other than space, and the Latin letters (U+00C0–U+01BF, U+1E80–U+1EFF).
#[inline]
fn plain_run(b: &[u8], mut i: usize) -> usize {
    let start = i;
    while let Some(&x) = b.get(i) {
        if (0x21..=0x7E).contains(&x) {
            i += 1;
        } else if (0xC3..=0xC6).contains(&x) {
            i += 2;
        } else if x == 0xE1 && matches!(b.get(i + 1), Some(0xBA | 0xBB)) {
            i += 3;
        } else {
            break;
        }
    }
    i.min(b.len()) - start
}

/// Whether `s` is already clean (so the borrowed input can be returned).
fn is_clean(s: &str, smart: bool) -> bool {
    let b = s.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    let mut i = 0;
    let mut prev_space = false;
    while i < b.len() {
        let run = plain_run(b, i);
        if run > 0 {
            i += run;
            prev_space = false;
            continue;
        }
        let Some((cp, len)) = decode_at(b, i) else {
            break;
        };
        i += len;
        if cp == 0x20 {
            if prev_space {
                return false;
            }
            prev_space = true;
            continue;
        }
        prev_space = false;
        let Some(c) = char::from_u32(cp) else {
            return false;
        };
        if c.is_whitespace()
            || is_invisible(c)
            || c == '\u{200D}'
            || (smart && smart_map(c).is_some())
        {
            return false;
        }
    }
    true
}

fn cleanup(s: &str, smart: bool) -> Cow<'_, str> {
    if is_clean(s, smart) {
        return Cow::Borrowed(s);
    }
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    let mut i = 0;
    while i < b.len() {
        let run = plain_run(b, i);
        if run > 0 {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push_str(s.get(i..i + run).unwrap_or(""));
            i += run;
            continue;
        }
        let Some(c) = s.get(i..).and_then(|t| t.chars().next()) else {
            break;
        };
        i += c.len_utf8();
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if c == '\u{200D}' || c == '\u{200C}' {
            // Keep joiners only inside emoji sequences.
            let prev_ok = !pending_space && out.chars().next_back().is_some_and(is_emojiish);
            let next_ok = s
                .get(i..)
                .and_then(|t| t.chars().next())
                .is_some_and(is_emojiish);
            if !(prev_ok && next_ok) {
                continue;
            }
        } else if is_invisible(c) {
            continue;
        }
        if pending_space && !out.is_empty() {
            out.push(' ');
        }
        pending_space = false;
        match smart.then(|| smart_map(c)).flatten() {
            Some(r) => out.push_str(r),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

// ---------------------------------------------------------------------------------------
// Tone placement over NFC text.

const CONS: u8 = 255;
const MAX_LETTERS: usize = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Lt {
    /// ASCII lower-case letter for consonants ([`D_STROKE`] for đ), `CONS`-free vowel index else.
    ch: u8,
    /// Vowel index, or `CONS`.
    v: u8,
    tone: u8,
    upper: bool,
    eth: bool,
}

#[inline]
fn ascii_letter(b: u8) -> Lt {
    Lt {
        ch: b | 0x20,
        v: ascii_vowel(b).unwrap_or(CONS),
        tone: 0,
        upper: b.is_ascii_uppercase(),
        eth: false,
    }
}

/// `word` (one syllable of NFC text) in the old tone style, if that changes it: what
/// [`convert_tone_style`] does to each word, for callers that already hold the word
/// alone. Only words with an `oa`/`oe`/`uy` letter pair are looked at.
pub(crate) fn old_style_word(word: &str) -> Option<String> {
    next_style_pair_exact(word.as_bytes(), 0)?;
    match tone_pass(word, ToneStyle::Old, false) {
        Cow::Owned(o) => Some(o),
        Cow::Borrowed(_) => None,
    }
}

/// Runs tone placement over every word of NFC text: one pass, letters decoded by table
/// into a stack buffer; only words that can change are parsed.
pub(crate) fn tone_pass(s: &str, style: ToneStyle, fix: bool) -> Cow<'_, str> {
    let bytes = s.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0; // bytes of `s` already reflected in `out`
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 && !b.is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        // Style conversion only: jump to the separator-delimited run holding the next `o`/`u`
        // letter directly followed by an `a`/`e`/`y` letter (a byte-level necessary condition
        // of `style_candidate`); everything before it cannot change.
        if !fix {
            let Some(p) = next_style_pair(bytes, i) else {
                break;
            };
            let run_start = bytes
                .get(..p)
                .and_then(|h| {
                    h.iter()
                        .rposition(|&x| x < 0x80 && !x.is_ascii_alphanumeric())
                })
                .map_or(0, |q| q + 1);
            if run_start > i {
                i = run_start;
                continue;
            }
        }
        // A token: letters, digits and combining marks.
        let start = i;
        // Fast path: an all-ASCII word (nothing to place) followed by ASCII or the end.
        let mut j = i;
        while bytes.get(j).is_some_and(u8::is_ascii_alphanumeric) {
            j += 1;
        }
        if j > i && bytes.get(j).is_none_or(|&x| x < 0x80) {
            i = j;
            continue;
        }
        let mut letters = [Lt::default(); MAX_LETTERS];
        let mut n = 0usize;
        let mut vowels = 0usize;
        let mut non_ascii = false;
        let mut foreign = false;
        while let Some(&b) = bytes.get(i) {
            if b < 0x80 {
                if b.is_ascii_alphabetic() {
                    let l = ascii_letter(b);
                    vowels += usize::from(l.v != CONS);
                    if let Some(slot) = letters.get_mut(n) {
                        *slot = l;
                    }
                    n += 1;
                    i += 1;
                    continue;
                }
                if b.is_ascii_digit() {
                    foreign = true;
                    i += 1;
                    continue;
                }
                break;
            }
            let Some((cp, len)) = decode_at(bytes, i) else {
                break;
            };
            let l = match lookup_cp(cp) {
                Some(VnLetter::Vowel { v, tone, upper }) => Lt {
                    ch: 0,
                    v,
                    tone,
                    upper,
                    eth: false,
                },
                Some(VnLetter::DStroke { upper, eth }) => Lt {
                    ch: D_STROKE,
                    v: CONS,
                    tone: 0,
                    upper,
                    eth,
                },
                None => {
                    let c = char::from_u32(cp).unwrap_or(' ');
                    if c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c) {
                        foreign = true;
                        i += len;
                        continue;
                    }
                    break;
                }
            };
            non_ascii = true;
            vowels += usize::from(l.v != CONS);
            if let Some(slot) = letters.get_mut(n) {
                *slot = l;
            }
            n += 1;
            i += len;
        }
        if i == start {
            // A non-ASCII character that is not part of a word (punctuation, emoji).
            i += decode_at(bytes, i).map_or(1, |(_, len)| len);
            continue;
        }
        if foreign || !non_ascii || n > MAX_LETTERS {
            continue;
        }
        let Some(word) = letters.get(..n) else {
            continue;
        };
        // Style conversion only: words without a toned `oa`/`oe`/`uy` pair cannot change.
        if !fix && !style_candidate(word) {
            continue;
        }
        // One vowel: the mark can only be on it; only onset fixes (ngh, gh, ð) remain.
        if vowels <= 1
            && !matches!(
                word.first(),
                Some(
                    Lt {
                        ch: b'n' | b'g',
                        ..
                    } | Lt { eth: true, .. }
                )
            )
        {
            continue;
        }
        let Some((fixed, len)) = place(word, style) else {
            continue;
        };
        let Some(fixed) = fixed.get(..len) else {
            continue;
        };
        if fixed == word {
            continue;
        }
        let o = out.get_or_insert_with(|| String::with_capacity(s.len() + 8));
        o.push_str(s.get(copied..start).unwrap_or(""));
        write_letters(fixed, o);
        copied = i;
    }
    match out {
        None => Cow::Borrowed(s),
        Some(mut o) => {
            o.push_str(s.get(copied..).unwrap_or(""));
            Cow::Owned(o)
        }
    }
}

/// [`next_style_pair_exact`] with an eight-byte pre-filter: a pair ends its `o`/`u`
/// letter with an ASCII `o`/`u` or a continuation byte (bits `10xxxxxx`), and the next
/// letter starts with `a e y` (any case) or the leading byte 0xC3 or 0xE1, so only the bytes
/// where both hold ([`pair_hits`]) are checked exactly. Same result as the exact scan.
fn next_style_pair(run: &[u8], from: usize) -> Option<usize> {
    let mut j = from;
    loop {
        let (Some(x), Some(y)) = (load8(run, j), load8(run, j + 1)) else {
            // The last bytes: the exact scan, from the character holding byte `j`
            // (every pair ending before `j` was ruled out).
            return next_style_pair_exact(run, char_start(run, j, from));
        };
        let m = pair_hits(x, y);
        if m == 0 {
            j += 8;
            continue;
        }
        j += (m.trailing_zeros() / 8) as usize;
        let lead = char_start(run, j, from);
        if pair_at(run, lead) {
            return Some(lead);
        }
        j += 1;
    }
}

/// Start of the character holding byte `j` (a lead or ASCII byte at most three bytes
/// back), never before `from`.
#[inline(always)]
fn char_start(run: &[u8], j: usize, from: usize) -> usize {
    let mut k = j;
    while k > from && run.get(k).is_some_and(|&b| b & 0xC0 == 0x80) {
        k -= 1;
    }
    k
}

/// Bit 7 set in each byte of `x` that may end an `o`/`u` letter directly followed by
/// an `a`/`e`/`y` letter, `y` being the bytes one further on. A superset: the zero-byte
/// tests may also flag a byte above a true match.
#[inline(always)]
fn pair_hits(x: u64, y: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let lx = x | (ONES * 0x20);
    let ly = y | (ONES * 0x20);
    let ends_ou = zero(lx ^ (ONES * u64::from(b'o')))
        | zero(lx ^ (ONES * u64::from(b'u')))
        | (x & !(x << 1) & HIGH);
    let starts_aey = zero(ly ^ (ONES * u64::from(b'a')))
        | zero(ly ^ (ONES * u64::from(b'e')))
        | zero(ly ^ (ONES * u64::from(b'y')))
        | zero(ly ^ (ONES * 0xE3))
        | zero(ly ^ (ONES * 0xE1));
    ends_ou & starts_aey
}

/// Byte-level pre-filter for [`style_candidate`]: the offset (at or after `from`) of the
/// next letter `o` (any tone, any case) directly followed by an `a`/`e`, or `u` directly
/// followed by `y`, in NFC UTF-8. The toned forms are Latin-1 (C3 xx), `Ũ`/`ũ` (C5 A8/A9)
/// and U+1EA0–U+1EF9 (E1 BA/BB xx). Never skips a candidate word (tested against the
/// letter table).
fn next_style_pair_exact(run: &[u8], from: usize) -> Option<usize> {
    let mut k = from;
    while run.get(k).is_some() {
        // Eight bytes at a time: jump to the first byte that can start an `o`/`u` form.
        if let Some(w) = run.get(k..k + 8).and_then(|c| <[u8; 8]>::try_from(c).ok()) {
            let skip = first_ou_lead(u64::from_le_bytes(w));
            if skip > 0 {
                k += skip;
                continue;
            }
        }
        if pair_at(run, k) {
            return Some(k);
        }
        k += 1;
    }
    None
}

/// Whether the byte at `k` starts an `o` letter (any tone, any case) directly followed by
/// an `a`/`e` letter, or a `u` letter directly followed by a `y` letter.
#[inline]
fn pair_at(run: &[u8], k: usize) -> bool {
    let Some(&b) = run.get(k) else {
        return false;
    };
    let k = k + 1;
    // `kind`: true for an `o` form, false for a `u` form; `next`: offset of
    // the byte after that letter.
    let (kind, next) = match b {
        b'o' | b'O' => (true, k),
        b'u' | b'U' => (false, k),
        0xC3 => match run.get(k) {
            Some(0x92 | 0x93 | 0x95 | 0xB2 | 0xB3 | 0xB5) => (true, k + 1),
            Some(0x99 | 0x9A | 0xB9 | 0xBA) => (false, k + 1),
            _ => return false,
        },
        0xC5 if matches!(run.get(k), Some(0xA8 | 0xA9)) => (false, k + 1),
        0xE1 => match (run.get(k), run.get(k + 1)) {
            (Some(0xBB), Some(0x8C..=0x8F)) => (true, k + 2),
            (Some(0xBB), Some(0xA4..=0xA7)) => (false, k + 2),
            _ => return false,
        },
        _ => return false,
    };
    if kind {
        matches!(
            (run.get(next), run.get(next + 1), run.get(next + 2)),
            (Some(b'a' | b'A' | b'e' | b'E'), _, _)
                | (Some(0xC3), Some(0x80 | 0x81 | 0x83 | 0x88 | 0x89), _)
                | (Some(0xC3), Some(0xA0 | 0xA1 | 0xA3 | 0xA8 | 0xA9), _)
                | (Some(0xE1), Some(0xBA), Some(0xA0..=0xA3 | 0xB8..=0xBD))
        )
    } else {
        matches!(
            (run.get(next), run.get(next + 1), run.get(next + 2)),
            (Some(b'y' | b'Y'), _, _)
                | (Some(0xC3), Some(0x9D | 0xBD), _)
                | (Some(0xE1), Some(0xBB), Some(0xB2..=0xB9))
        )
    }
}

/// Offset (0–8) of the first of eight little-endian bytes that, with bit 5 set, is `o`,
/// `u`, 0xE1, 0xE3 or 0xE5 — a superset of the bytes `next_style_pair` acts on (`o O u U`
/// and the leading bytes C3, C5, E1); 8 when there is none. The zero-byte test may flag bytes
/// above a real zero, never below it, so the lowest flag is exact.
fn first_ou_lead(x: u64) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let y = x | (ONES * 0x20);
    let m = zero(y ^ (ONES * u64::from(b'o')))
        | zero(y ^ (ONES * u64::from(b'u')))
        | zero(y ^ (ONES * 0xE1))
        | zero(y ^ (ONES * 0xE3))
        | zero(y ^ (ONES * 0xE5));
    (m.trailing_zeros() / 8) as usize
}

/// Whether a word has `oa`, `oe` or `uy` and a tone mark: the only words whose mark can
/// move between the styles.
fn style_candidate(word: &[Lt]) -> bool {
    word.iter().any(|l| l.tone != 0)
        && word
            .windows(2)
            .any(|w| matches!(w, [a, b] if style_pair(a.v, b.v)))
}

fn write_letters(letters: &[Lt], out: &mut String) {
    for l in letters {
        if l.v == CONS {
            if l.ch == D_STROKE {
                out.push(if l.upper { 'Đ' } else { 'đ' });
            } else {
                out.push(if l.upper {
                    l.ch.to_ascii_uppercase() as char
                } else {
                    l.ch as char
                });
            }
        } else {
            out.push(compose(l.v, l.tone, l.upper));
        }
    }
}

type Placed = ([Lt; MAX_LETTERS], usize);

/// Parses a syllable and returns it with its single tone on the right vowel, or `None`
/// when the word is not a Vietnamese syllable or its tone is ambiguous.
fn place(letters: &[Lt], style: ToneStyle) -> Option<Placed> {
    // The one tone of the syllable (repeats of the same tone are typos, not ambiguity).
    let mut tone = 0u8;
    let mut has_diacritic = false;
    for l in letters {
        if l.tone != 0 {
            if tone != 0 && tone != l.tone {
                return None;
            }
            tone = l.tone;
            has_diacritic = true;
        }
        if (l.v != CONS && has_modifier(l.v)) || (l.ch == D_STROKE && !l.eth) {
            has_diacritic = true;
        }
    }
    // Onset: leading consonants.
    let j = letters.iter().position(|l| l.v != CONS)?;
    let mut onset = [0u8; 4];
    for (k, l) in letters.get(..j)?.iter().enumerate() {
        *onset.get_mut(k)? = l.ch;
    }
    let onset = onset.get(..j)?;
    if !onset_ok(onset) {
        return None;
    }
    let mut nuc_start = j;
    let next_is_vowel = |k: usize| letters.get(k).is_some_and(|l| l.v != CONS);
    let first = letters.get(j)?;
    if onset == b"q" {
        if first.v != V_U || !next_is_vowel(j + 1) {
            return None;
        }
        nuc_start = j + 1;
    } else if onset == b"g" && first.v == V_I && next_is_vowel(j + 1) {
        nuc_start = j + 1;
    }
    let nuc_end = letters
        .iter()
        .skip(nuc_start)
        .position(|l| l.v == CONS)
        .map_or(letters.len(), |p| p + nuc_start);
    let mut coda = [0u8; 4];
    let coda_len = letters.len() - nuc_end;
    for (k, l) in letters.get(nuc_end..)?.iter().enumerate() {
        if l.v != CONS {
            return None;
        }
        *coda.get_mut(k)? = l.ch;
    }
    let coda = coda.get(..coda_len)?;
    if !coda_ok(coda) {
        return None;
    }

    let mut res = [Lt::default(); MAX_LETTERS];
    let mut len = 0;
    let mut push = |l: Lt| -> Option<()> {
        *res.get_mut(len)? = l;
        len += 1;
        Some(())
    };
    // Onset, with spelling fixes when the word is visibly Vietnamese.
    let front = matches!(
        letters.get(nuc_start).map(|l| l.v),
        Some(V_I | V_E | V_EE | V_Y)
    );
    for (k, l) in letters.get(..nuc_start)?.iter().enumerate() {
        let mut l = *l;
        l.tone = 0;
        if has_diacritic && l.eth {
            l.eth = false;
        }
        // `nghành` → `ngành`, `ghà` → `gà`: ngh/gh only before front vowels.
        if has_diacritic
            && !front
            && k + 1 == j
            && l.ch == b'h'
            && (onset == b"ngh" || onset == b"gh")
        {
            continue;
        }
        push(l)?;
    }
    if letters.iter().take(nuc_start).any(|l| l.eth) && !has_diacritic {
        return None;
    }
    // Nucleus.
    let mut nuc = [0u8; 3];
    let nuc_len = nuc_end - nuc_start;
    for (k, l) in letters.get(nuc_start..nuc_end)?.iter().enumerate() {
        *nuc.get_mut(k)? = l.v;
    }
    let nuc = nuc.get_mut(..nuc_len)?;
    if has_diacritic && nuc.len() >= 2 {
        // `hưóng`/`truờng` → `hướng`/`trường`: ưo/uơ before a final are ươ.
        let closed = !coda.is_empty() || nuc.len() == 3;
        let (a, b) = (nuc.first().copied(), nuc.get(1).copied());
        if closed && matches!((a, b), (Some(V_UW), Some(V_O)) | (Some(V_U), Some(V_OW))) {
            if let Some(x) = nuc.get_mut(0) {
                *x = V_UW;
            }
            if let Some(x) = nuc.get_mut(1) {
                *x = V_OW;
            }
        }
    }
    if !nucleus_ok(nuc) {
        return None;
    }
    let pos = tone_position(nuc, !coda.is_empty(), style);
    for (k, l) in letters.get(nuc_start..nuc_end)?.iter().enumerate() {
        let mut l = *l;
        l.v = nuc.get(k).copied()?;
        l.tone = if k == pos { tone } else { 0 };
        push(l)?;
    }
    for l in letters.get(nuc_end..)? {
        push(*l)?;
    }
    Some((res, len))
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    proptest::proptest! {
        #[test]
        fn style_pair_scan_matches_exact(s in crate::text::letters::strategy::viet_heavy(), from in 0usize..64) {
            let b = s.as_bytes();
            let from = (0..=from.min(b.len())).rev().find(|&k| s.is_char_boundary(k)).unwrap_or(0);
            proptest::prop_assert_eq!(next_style_pair(b, from), next_style_pair_exact(b, from));
        }

        #[test]
        fn nfc_scan_matches_reference(s in crate::text::letters::strategy::viet_heavy()) {
            use unicode_normalization::UnicodeNormalization;
            let reference: String = s.nfc().collect();
            proptest::prop_assert_eq!(nfc(&s), reference);
        }
    }

    #[test]
    fn style_pair_prefilter_covers_all_letters() {
        let class = |c: char| -> Option<u8> {
            let u = c as u32;
            if u < 0x80 {
                return u8::try_from(u).ok().and_then(ascii_vowel);
            }
            match lookup_cp(u) {
                Some(VnLetter::Vowel { v, .. }) => Some(v),
                _ => None,
            }
        };
        let all: Vec<(char, u8)> = (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter_map(|c| class(c).map(|v| (c, v)))
            .collect();
        let mut checked = 0;
        for &(a, va) in &all {
            for &(b, vb) in &all {
                if style_pair(va, vb) {
                    let w = format!("{a}{b}");
                    assert!(next_style_pair(w.as_bytes(), 0) == Some(0), "{w}");
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 12 * 24 + 12 * 12);
        // The eight-byte skip: every pair found at every offset of a longer run.
        for &(a, va) in &all {
            for &(b, vb) in &all {
                if style_pair(va, vb) {
                    for pad in 0..18 {
                        let w = format!("{}{a}{b}{}", "x".repeat(pad), "ng".repeat(pad));
                        assert_eq!(next_style_pair(w.as_bytes(), 0), Some(pad), "{w}");
                    }
                }
            }
        }
        let long = "người được không, ủa? cuộc Quốc hội ngoài trời ".repeat(3);
        let lb = long.as_bytes();
        // Runs shorter than eight bytes never take the skip: a byte-by-byte reference.
        let naive = (0..lb.len()).find(|&k| {
            next_style_pair(lb.get(k..(k + 7).min(lb.len())).unwrap_or(&[]), 0) == Some(0)
        });
        assert!(naive.is_some());
        assert_eq!(next_style_pair(lb, 0), naive);
        assert_eq!(next_style_pair("người được không".as_bytes(), 0), None);
        assert_eq!(next_style_pair("x Hòa".as_bytes(), 1), Some(3));
    }

    #[test]
    fn styles() {
        let old = "hòa khỏe thủy Ủy HÒA Hòa hoàn hoạch khoảng huỳnh suýt khuỷu ngoài quý già";
        let new = "hoà khoẻ thuỷ Uỷ HOÀ Hoà hoàn hoạch khoảng huỳnh suýt khuỷu ngoài quý già";
        assert_eq!(convert_tone_style(old, ToneStyle::New), new);
        assert_eq!(convert_tone_style(new, ToneStyle::Old), old);
    }

    #[test]
    fn misspellings() {
        for (a, b) in [
            ("qúy", "quý"),
            ("hưóng", "hướng"),
            ("lựơng", "lượng"),
            ("baỏ", "bảo"),
            ("nghành", "ngành"),
            ("Ðảm", "Đảm"),
            ("gíáo", "giáo"),
            ("dàì", "dài"),
            ("truờng", "trường"),
            ("thuở", "thuở"),
        ] {
            assert_eq!(normalize(a), b, "{a}");
        }
    }

    #[test]
    fn leaves_foreign_words() {
        for w in ["café", "Pokémon", "naïve", "ðað", "BGDĐT", "x2ò", "Ðogg"] {
            assert_eq!(normalize(w), w);
        }
    }

    #[test]
    fn nfc_matches_reference() {
        for s in [
            "a\u{0301}\u{0302}",
            "a\u{0302}\u{0301}",
            "a\u{0323}\u{0302}",
            "a\u{0302}\u{0323}",
            "o\u{031B}\u{0323}",
            "o\u{0323}\u{031B}",
            "u\u{0301}\u{031B}",
            "\u{0301}a",
            "<\u{0338}",
            "e\u{0301}\u{0301}",
            "Ơ\u{0300}",
            "ạ\u{0306}",
            "한국어 Tiếng Việt",
        ] {
            let want: String = s.nfc().collect();
            assert_eq!(nfc(s), want, "{s:?}");
        }
    }

    #[test]
    fn cleanup_cases() {
        assert_eq!(normalize("a\u{00A0}\u{2003}b\tc\n\nd"), "a b c d");
        assert_eq!(normalize("\u{FEFF}x\u{200B}y\u{00AD}z"), "xyz");
        assert_eq!(normalize("👨\u{200D}👩"), "👨\u{200D}👩");
        assert_eq!(normalize("a\u{200D}b"), "ab");
    }
}
