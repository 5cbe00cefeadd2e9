//! Normalisation: NFC, invisible characters, spaces, tone-mark placement and style.

use std::borrow::Cow;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::letters::{
    ascii_vowel, combining, compose, has_modifier, lookup, modify, VnLetter, V_A, V_AA, V_AW, V_E,
    V_EE, V_I, V_O, V_OO, V_OW, V_U, V_UW, V_Y,
};

/// Where the tone mark goes in the open syllables `oa`, `oe`, `uy`.
///
/// The two styles differ only there (15 tone/vowel pairs × case): `Old` puts the mark on
/// the first vowel (`hòa`, `khỏe`, `thủy` — most newspapers), `New` on the main vowel
/// (`hoà`, `khoẻ`, `thuỷ` — Quyết định 1989/QĐ-BGDĐT). Never after `qu`/`gi` (`quý`,
/// `già`), and never when a final consonant or glide follows (`hoàn`, `ngoài`, `huỳnh`).
///
/// ```
/// use tintuc::text::{convert_tone_style, ToneStyle};
/// assert_eq!(convert_tone_style("Hòa bình, sức khỏe", ToneStyle::New), "Hoà bình, sức khoẻ");
/// assert_eq!(convert_tone_style("Uỷ ban", ToneStyle::Old), "Ủy ban");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum ToneStyle {
    /// Mark on the first vowel of open `oa`, `oe`, `uy` (`hòa`). The default.
    #[default]
    Old,
    /// Mark on the main vowel (`hoà`).
    New,
}

impl std::str::FromStr for ToneStyle {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "old" => Ok(ToneStyle::Old),
            "new" => Ok(ToneStyle::New),
            other => Err(format!("tone style {other:?}: expected old or new")),
        }
    }
}

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
        tone_pass(&composed, self.style).into_owned()
    }
}

/// Converts the tone-mark style of every Vietnamese syllable (also brings the text to NFC
/// and fixes misplaced marks, like [`normalize`], but leaves spaces and other characters
/// alone). Returns the input borrowed when nothing changes.
///
/// ```
/// use tintuc::text::{convert_tone_style, ToneStyle};
/// assert_eq!(convert_tone_style("HÒA, Thủy, khoảng, quý, già", ToneStyle::New),
///            "HOÀ, Thuỷ, khoảng, quý, già");
/// ```
pub fn convert_tone_style(s: &str, style: ToneStyle) -> Cow<'_, str> {
    match nfc(s) {
        Cow::Borrowed(b) => tone_pass(b, style),
        Cow::Owned(o) => Cow::Owned(tone_pass(&o, style).into_owned()),
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

/// Whether `s` is already clean (so the borrowed input can be returned).
fn is_clean(s: &str, smart: bool) -> bool {
    let b = s.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    let mut prev_space = false;
    for c in s.chars() {
        if c == ' ' {
            if prev_space {
                return false;
            }
            prev_space = true;
            continue;
        }
        prev_space = false;
        if c.is_ascii() {
            if c.is_ascii_control() {
                return false;
            }
            continue;
        }
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
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if c == '\u{200D}' || c == '\u{200C}' {
            // Keep joiners only inside emoji sequences (👨‍👩‍👧).
            let prev_ok = !pending_space && out.chars().next_back().is_some_and(is_emojiish);
            let next_ok = chars.peek().copied().is_some_and(is_emojiish);
            if !(prev_ok && next_ok) {
                continue;
            }
        } else if is_invisible(c) {
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        match smart.then(|| smart_map(c)).flatten() {
            Some(r) => out.push_str(r),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

// ---------------------------------------------------------------------------------------
// NFC with a Vietnamese fast path.

/// Characters that never compose with what precedes them and are NFC as they stand.
#[inline]
fn is_safe_starter(c: char) -> bool {
    let u = c as u32;
    u < 0x300 || (0x1EA0..=0x1EF9).contains(&u)
}

/// Brings `s` to Unicode Normalization Form C. Already-NFC input (the common case) is
/// returned borrowed after one scan; Vietnamese letters in NFD or mixed forms are
/// composed by table, anything else by `unicode-normalization`.
///
/// ```
/// use tintuc::text::nfc;
/// assert_eq!(nfc("Nguye\u{0302}\u{0303}n"), "Nguyễn");
/// assert!(matches!(nfc("Nguyễn"), std::borrow::Cow::Borrowed(_)));
/// ```
pub fn nfc(s: &str) -> Cow<'_, str> {
    match first_non_nfc(s) {
        None => Cow::Borrowed(s),
        Some(i) => {
            // Back up to the last safe starter before the problem.
            let start = s
                .get(..i)
                .and_then(|head| {
                    head.char_indices()
                        .rev()
                        .find(|&(_, c)| is_safe_starter(c))
                        .map(|(p, _)| p)
                })
                .unwrap_or(0);
            let (head, tail) = s.split_at(start);
            let mut out = String::with_capacity(s.len());
            out.push_str(head);
            nfc_slow(tail, &mut out);
            Cow::Owned(out)
        }
    }
}

/// Byte offset of the first character that may need normalisation, if any.
fn first_non_nfc(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = 0;
    let mut last_ccc = 0u8;
    while i < bytes.len() {
        // ASCII runs: the common case, skipped a byte at a time without decoding.
        if bytes.get(i).is_some_and(|b| b.is_ascii()) {
            last_ccc = 0;
            i += 1;
            continue;
        }
        let c = s.get(i..).and_then(|t| t.chars().next())?;
        if is_safe_starter(c) {
            last_ccc = 0;
        } else {
            let ccc = canonical_combining_class(c);
            if is_nfc_quick(std::iter::once(c)) != IsNormalized::Yes || (ccc != 0 && last_ccc > ccc)
            {
                return Some(i);
            }
            last_ccc = ccc;
        }
        i += c.len_utf8();
    }
    None
}

fn nfc_slow(s: &str, out: &mut String) {
    let mut seg_start = 0;
    for (i, c) in s.char_indices() {
        if i > seg_start && is_safe_starter(c) {
            if let Some(seg) = s.get(seg_start..i) {
                nfc_segment(seg, out);
            }
            seg_start = i;
        }
    }
    if let Some(seg) = s.get(seg_start..) {
        nfc_segment(seg, out);
    }
}

fn nfc_segment(seg: &str, out: &mut String) {
    let mut it = seg.chars();
    let Some(first) = it.next() else { return };
    if it.as_str().is_empty() && is_safe_starter(first) {
        out.push(first);
        return;
    }
    if let Some(c) = compose_vn_segment(first, it.as_str()) {
        out.push(c);
        return;
    }
    out.extend(seg.nfc());
}

/// Composes a vowel followed by Vietnamese combining marks exactly as NFC would, or
/// `None` when the sequence is anything else (left to the general algorithm).
fn compose_vn_segment(first: char, marks: &str) -> Option<char> {
    let (mut v, mut tone, upper) = if first.is_ascii() {
        (ascii_vowel(first as u8)?, 0u8, first.is_ascii_uppercase())
    } else {
        match lookup(first)? {
            VnLetter::Vowel { v, tone, upper } => (v, tone, upper),
            VnLetter::DStroke { .. } => return None,
        }
    };
    // Marks sorted by combining class (horn 216 < dot below 220 < the rest 230), stably.
    let mut buf = [(0u8, 0u8, 0u8); 4];
    let mut n = 0;
    for m in marks.chars() {
        let (kind, val) = combining(m)?;
        let ccc = match (kind, val) {
            (1, 3) => 216,
            (0, 5) => 220,
            _ => 230,
        };
        *buf.get_mut(n)? = (ccc, kind, val);
        n += 1;
    }
    let marks = buf.get_mut(..n)?;
    marks.sort_by_key(|m| m.0);
    for &(_, kind, val) in marks.iter() {
        if kind == 0 {
            if tone != 0 {
                return None;
            }
            tone = val;
        } else {
            // Horn composes only with a bare vowel; breve/circumflex also onto a dot below.
            if !(tone == 0 || (tone == 5 && val != 3)) {
                return None;
            }
            v = modify(v, val)?;
        }
    }
    Some(compose(v, tone, upper))
}

// ---------------------------------------------------------------------------------------
// Tone placement over NFC text.

const CONS: u8 = 255;
const MAX_LETTERS: usize = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Lt {
    /// ASCII lower-case letter for consonants (`b'#'` for đ), `CONS`-free vowel index else.
    ch: u8,
    /// Vowel index, or `CONS`.
    v: u8,
    tone: u8,
    upper: bool,
    eth: bool,
}

/// Runs tone placement over every word of NFC text.
pub(crate) fn tone_pass(s: &str, style: ToneStyle) -> Cow<'_, str> {
    let bytes = s.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0; // bytes of `s` already reflected in `out`
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes.get(i).copied().unwrap_or(0);
        if b.is_ascii() && !b.is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        // A token: letters, digits and combining marks.
        let start = i;
        let mut ascii_only = true;
        let mut foreign = false;
        while i < bytes.len() {
            let b = bytes.get(i).copied().unwrap_or(0);
            if b.is_ascii() {
                if !b.is_ascii_alphabetic() {
                    if b.is_ascii_digit() {
                        foreign = true;
                        i += 1;
                        continue;
                    }
                    break;
                }
                i += 1;
                continue;
            }
            let Some(c) = s.get(i..).and_then(|t| t.chars().next()) else {
                break;
            };
            if lookup(c).is_some() {
                ascii_only = false;
            } else if c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c) {
                foreign = true;
            } else {
                break;
            }
            i += c.len_utf8();
        }
        if i == start {
            // A non-ASCII character that is not part of a word (punctuation, emoji).
            i += s
                .get(i..)
                .and_then(|t| t.chars().next())
                .map_or(1, char::len_utf8);
            continue;
        }
        if ascii_only || foreign {
            continue;
        }
        let Some(word) = s.get(start..i) else {
            continue;
        };
        let mut buf = String::new();
        if fix_word(word, style, &mut buf) {
            let o = out.get_or_insert_with(|| String::with_capacity(s.len() + 8));
            o.push_str(s.get(copied..start).unwrap_or(""));
            o.push_str(&buf);
            copied = i;
        }
    }
    match out {
        None => Cow::Borrowed(s),
        Some(mut o) => {
            o.push_str(s.get(copied..).unwrap_or(""));
            Cow::Owned(o)
        }
    }
}

/// Re-places the tone of one word made of ASCII and Vietnamese letters. Writes the new
/// form into `out` and returns true only when it differs.
fn fix_word(word: &str, style: ToneStyle, out: &mut String) -> bool {
    let mut letters = [Lt::default(); MAX_LETTERS];
    let mut n = 0;
    for c in word.chars() {
        let Some(slot) = letters.get_mut(n) else {
            return false; // too long for a syllable
        };
        *slot = if c.is_ascii() {
            let b = c as u8;
            match ascii_vowel(b) {
                Some(v) => Lt {
                    ch: b | 0x20,
                    v,
                    tone: 0,
                    upper: b.is_ascii_uppercase(),
                    eth: false,
                },
                None => Lt {
                    ch: b | 0x20,
                    v: CONS,
                    tone: 0,
                    upper: b.is_ascii_uppercase(),
                    eth: false,
                },
            }
        } else {
            match lookup(c) {
                Some(VnLetter::Vowel { v, tone, upper }) => Lt {
                    ch: 0,
                    v,
                    tone,
                    upper,
                    eth: false,
                },
                Some(VnLetter::DStroke { upper, eth }) => Lt {
                    ch: b'#',
                    v: CONS,
                    tone: 0,
                    upper,
                    eth,
                },
                None => return false,
            }
        };
        n += 1;
    }
    let Some(letters) = letters.get(..n) else {
        return false;
    };
    let Some(fixed) = place(letters, style) else {
        return false;
    };
    let Some(fixed_letters) = fixed.0.get(..fixed.1) else {
        return false;
    };
    if fixed_letters == letters {
        return false;
    }
    for l in fixed_letters {
        if l.v == CONS {
            if l.ch == b'#' {
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
    true
}

/// Vowel nuclei of Vietnamese syllables (after the `qu`/`gi` onsets are taken off).
const NUCLEI: &[&[u8]] = &[
    &[V_A],
    &[V_AW],
    &[V_AA],
    &[V_E],
    &[V_EE],
    &[V_I],
    &[V_O],
    &[V_OO],
    &[V_OW],
    &[V_U],
    &[V_UW],
    &[V_Y],
    &[V_A, V_I],
    &[V_A, V_O],
    &[V_A, V_U],
    &[V_A, V_Y],
    &[V_AA, V_U],
    &[V_AA, V_Y],
    &[V_E, V_O],
    &[V_EE, V_U],
    &[V_I, V_A],
    &[V_I, V_EE],
    &[V_I, V_U],
    &[V_O, V_A],
    &[V_O, V_AW],
    &[V_O, V_E],
    &[V_O, V_I],
    &[V_OO, V_I],
    &[V_OW, V_I],
    &[V_O, V_O],
    &[V_U, V_A],
    &[V_U, V_AA],
    &[V_U, V_EE],
    &[V_U, V_I],
    &[V_U, V_OO],
    &[V_U, V_OW],
    &[V_UW, V_A],
    &[V_UW, V_I],
    &[V_UW, V_U],
    &[V_UW, V_OW],
    &[V_U, V_Y],
    &[V_Y, V_EE],
    &[V_I, V_EE, V_U],
    &[V_Y, V_EE, V_U],
    &[V_O, V_A, V_I],
    &[V_O, V_A, V_Y],
    &[V_O, V_A, V_O],
    &[V_O, V_E, V_O],
    &[V_U, V_AA, V_Y],
    &[V_U, V_OO, V_I],
    &[V_UW, V_OW, V_I],
    &[V_UW, V_OW, V_U],
    &[V_U, V_Y, V_EE],
    &[V_U, V_Y, V_A],
    &[V_U, V_Y, V_U],
    &[V_U, V_OW, V_I],
];

const ONSETS: &[&[u8]] = &[
    b"", b"b", b"c", b"ch", b"d", b"#", b"g", b"gh", b"h", b"k", b"kh", b"l", b"m", b"n", b"ng",
    b"ngh", b"nh", b"p", b"ph", b"q", b"r", b"s", b"t", b"th", b"tr", b"v", b"x",
];

const CODAS: &[&[u8]] = &[b"", b"c", b"ch", b"m", b"n", b"ng", b"nh", b"p", b"t"];

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
        if (l.v != CONS && has_modifier(l.v)) || (l.ch == b'#' && !l.eth) {
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
    if !ONSETS.contains(&onset) {
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
    if !CODAS.contains(&coda) {
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
    if !NUCLEI.contains(&&*nuc) {
        return None;
    }
    let pos = if let Some(p) = nuc.iter().rposition(|&v| has_modifier(v)) {
        p
    } else if nuc.len() == 1 {
        0
    } else if !coda.is_empty() {
        nuc.len() - 1
    } else if nuc.len() == 3 {
        1
    } else {
        match (nuc.first().copied(), nuc.get(1).copied(), style) {
            (Some(V_O), Some(V_A | V_E), ToneStyle::New)
            | (Some(V_U), Some(V_Y), ToneStyle::New) => 1,
            _ => 0,
        }
    };
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
