//! Explicit decoders: bytes (or Windows-1252-read text) in a named encoding → Unicode NFC.

use std::borrow::Cow;

use unicode_normalization::char::{canonical_combining_class, compose};
use unicode_normalization::UnicodeNormalization;

use super::tables::{CP1252_HIGH, CP1258, TCVN, UNDEFINED, VISCII, VNI, VNI_MODS};
use super::{Encoding, RepairError};

/// How undefined input is treated.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// Undefined bytes / broken sequences are errors.
    Strict,
    /// Undefined bytes become U+FFFD; broken mojibake sequences stay as they are.
    Lenient,
}

/// The byte a Windows-1252 (or Latin-1) database layer would have read as `c`.
#[inline]
pub(super) fn cp1252_byte(c: char) -> Option<u8> {
    let u = u32::from(c);
    if u <= 0xFF {
        return u8::try_from(u).ok();
    }
    CP1252_HIGH
        .iter()
        .position(|&x| x == c)
        .and_then(|i| u8::try_from(0x80 + i).ok())
}

fn is_combining(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

/// Composes `base` with `marks` into one precomposed character, if Unicode has one.
pub(super) fn compose_marks(base: char, marks: &mut [char]) -> Option<char> {
    marks.sort_by_key(|&m| canonical_combining_class(m));
    let mut c = base;
    for &m in marks.iter() {
        c = compose(c, m)?;
    }
    Some(c)
}

/// Decodes bytes in `enc`.
pub(super) fn decode_bytes(bytes: &[u8], enc: Encoding, mode: Mode) -> Result<String, RepairError> {
    match enc {
        Encoding::Tcvn3 => tcvn(bytes, mode, 0),
        Encoding::Viscii => single_byte(bytes, &VISCII, enc, mode, 0),
        Encoding::Cp1258 => single_byte(bytes, &CP1258, enc, mode, 0),
        Encoding::Vni => Ok(vni(bytes)),
        Encoding::Viqr | Encoding::Mojibake => {
            let s = std::str::from_utf8(bytes).map_err(|e| RepairError::InvalidUtf8 {
                encoding: enc,
                offset: e.valid_up_to(),
            })?;
            decode_text(s, enc, mode)
        }
    }
}

/// Decodes text that a database layer already read as Windows-1252 / Latin-1.
pub(super) fn decode_text(s: &str, enc: Encoding, mode: Mode) -> Result<String, RepairError> {
    match enc {
        Encoding::Viqr => Ok(viqr(s, None)),
        Encoding::Mojibake => mojibake(s, mode).map(|(t, _)| t.into_owned()),
        Encoding::Tcvn3 | Encoding::Vni | Encoding::Viscii | Encoding::Cp1258 => {
            let mut out = String::with_capacity(s.len() + s.len() / 4);
            let mut run: Vec<u8> = Vec::new();
            let mut run_start = 0usize;
            for (i, c) in s.chars().enumerate() {
                match cp1252_byte(c) {
                    Some(b) => {
                        if run.is_empty() {
                            run_start = i;
                        }
                        run.push(b);
                    }
                    None => {
                        flush(&mut out, &mut run, enc, mode, run_start)?;
                        out.push(c);
                    }
                }
            }
            flush(&mut out, &mut run, enc, mode, run_start)?;
            Ok(out)
        }
    }
}

fn flush(
    out: &mut String,
    run: &mut Vec<u8>,
    enc: Encoding,
    mode: Mode,
    start: usize,
) -> Result<(), RepairError> {
    if run.is_empty() {
        return Ok(());
    }
    let decoded = match enc {
        Encoding::Tcvn3 => tcvn(run, mode, start)?,
        Encoding::Viscii => single_byte(run, &VISCII, enc, mode, start)?,
        Encoding::Cp1258 => single_byte(run, &CP1258, enc, mode, start)?,
        _ => vni(run),
    };
    out.push_str(&decoded);
    run.clear();
    Ok(())
}

fn single_byte(
    bytes: &[u8],
    table: &[char; 256],
    enc: Encoding,
    mode: Mode,
    base_offset: usize,
) -> Result<String, RepairError> {
    single_byte_tracked(bytes, table, enc, mode, base_offset, None)
}

const C_UPPER: u8 = 1; // A-Z, Ă Â Ê Ô Ơ Ư Đ (0xA1..=0xA7)
const C_LOWER_HI: u8 = 2; // a lower-case toned letter code (0xA8.., not combining)
const C_LETTER: u8 = 4;
const C_VN1: u8 = 8; // a code only TCVN 5712 VN1 uses (its capitals)
const C_ASCII_LOWER: u8 = 16;

/// Byte classes for the TCVN3 capitals pre-check.
static TCVN_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0usize;
    while b < 256 {
        let x = b as u8;
        let mut c = 0u8;
        if x.is_ascii_uppercase() || (x >= 0xA1 && x <= 0xA7) {
            c |= C_UPPER | C_LETTER;
        }
        if x.is_ascii_lowercase() {
            c |= C_LETTER | C_ASCII_LOWER;
        }
        if x >= 0xA8 && !(x >= 0xB0 && x <= 0xB4) {
            c |= C_LOWER_HI | C_LETTER;
        }
        if matches!(x, 0x01 | 0x02 | 0x04..=0x06 | 0x11..=0x17 | 0x80..=0x9F | 0xAF | 0xBA | 0xBF | 0xC0..=0xC5 | 0xCD | 0xD9..=0xDB | 0xE0 | 0xF0 | 0xFF)
        {
            c = C_VN1;
        }
        t[b] = c;
        b += 1;
    }
    t
};

/// One pass over the bytes: can [`tcvn_caps`] change anything? Not for VN1 text (it
/// has real capitals); otherwise only for all-capitals text (no ASCII lower case) or
/// when a lower-case toned letter touches a capital that is not the first letter of
/// its word (`NGUYễN`, `ễN`; not `Hà`).
fn caps_possible(bytes: &[u8]) -> bool {
    let (mut prev, mut prev2) = (0u8, 0u8);
    let mut seen = 0u8;
    let mut pair = false;
    for &b in bytes {
        let c = TCVN_CLASS[usize::from(b)];
        seen |= c;
        pair |= (prev & C_LOWER_HI != 0 && c & C_UPPER != 0)
            || (prev & C_UPPER != 0 && c & C_LOWER_HI != 0 && prev2 & C_LETTER != 0);
        prev2 = prev;
        prev = c;
    }
    seen & C_VN1 == 0 && (pair || seen & C_ASCII_LOWER == 0)
}

/// TCVN3: decode, then apply the capitals rule where the text needs it.
fn tcvn(bytes: &[u8], mode: Mode, base_offset: usize) -> Result<String, RepairError> {
    if !caps_possible(bytes) {
        return single_byte(bytes, &TCVN, Encoding::Tcvn3, mode, base_offset);
    }
    let mut caps = CapsTracker::default();
    let s = single_byte_tracked(
        bytes,
        &TCVN,
        Encoding::Tcvn3,
        mode,
        base_offset,
        Some(&mut caps),
    )?;
    Ok(tcvn_caps(s, caps.finish()))
}

fn single_byte_tracked(
    bytes: &[u8],
    table: &[char; 256],
    enc: Encoding,
    mode: Mode,
    base_offset: usize,
    mut caps: Option<&mut CapsTracker>,
) -> Result<String, RepairError> {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 2);
    for (k, &b) in bytes.iter().enumerate() {
        if (0x20..0x80).contains(&b) {
            // Every table is the identity on printable ASCII.
            out.push(char::from(b));
            if let Some(t) = caps.as_deref_mut() {
                t.feed(char::from(b));
            }
            continue;
        }
        let mut c = table[usize::from(b)];
        if c == UNDEFINED {
            match mode {
                Mode::Strict => {
                    return Err(RepairError::UndefinedByte {
                        encoding: enc,
                        byte: b,
                        offset: base_offset + k,
                    })
                }
                Mode::Lenient => c = '\u{FFFD}',
            }
        }
        if is_combining(c) {
            if let Some(prev) = out.pop() {
                match compose(prev, c) {
                    Some(p) => out.push(p),
                    // `â` + dot below: decompose and recompose just this cluster.
                    None => out.extend([prev, c].into_iter().nfc()),
                }
                continue;
            }
        }
        if let Some(t) = caps.as_deref_mut() {
            t.feed(c);
        }
        out.push(c);
    }
    Ok(out)
}

fn vni_mod(b: u8) -> Option<&'static str> {
    if b < 0xC0 {
        return None;
    }
    VNI_MODS.iter().find(|(m, _)| *m == b).map(|(_, s)| *s)
}

/// VNI-Windows: a letter byte followed by a modifier byte; `iù`/`yï` and the single
/// bytes 0xED/0xEE (`í`, `ỵ`) are both accepted.
fn vni(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 2);
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let c = VNI[usize::from(b)];
        if c.is_alphabetic() {
            if let Some(marks) = bytes.get(i + 1).and_then(|&n| vni_mod(n)) {
                let mut ms: [char; 2] = ['\0'; 2];
                let mut k = 0;
                for (slot, m) in ms.iter_mut().zip(marks.chars()) {
                    *slot = m;
                    k += 1;
                }
                if let Some(x) = ms.get_mut(..k).and_then(|m| compose_marks(c, m)) {
                    out.push(x);
                    i += 2;
                    continue;
                }
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// ABC/.VnTime (TCVN3 VN3) has no upper-case toned letters: capitals were typed with
/// the lower-case codes in a `.VnTimeH` font. Upper-cases the words where context
/// shows that: a word whose other letters are all capitals (`NGUYễN` → `NGUYỄN`), and,
/// in text without lower-case words, a word of such letters alone between capitalised
/// words (`HÀ ở ĐÂY`).
/// `Some(true)` for an upper-case letter, `Some(false)` for another letter, `None` for
/// a non-letter; fast for ASCII and the Vietnamese letter ranges.
#[inline]
fn letter_case(c: char) -> Option<bool> {
    let u = u32::from(c);
    match u {
        0x41..=0x5A => Some(true),
        0x61..=0x7A => Some(false),
        0..=0x7F => None,
        0xC0..=0xDE if u != 0xD7 => Some(true),
        0xDF..=0xFF if u != 0xF7 => Some(false),
        // Ơ ơ (U+01A0/1), Ư ư (U+01AF/B0); Latin Extended-A and Additional alternate
        // upper (even) / lower (odd) across the Vietnamese letters.
        0x1A0 | 0x1AF => Some(true),
        0x1A1 | 0x1B0 => Some(false),
        0x102 | 0x103 | 0x110 | 0x111 | 0x128 | 0x129 | 0x168 | 0x169 | 0x1EA0..=0x1EF9 => {
            Some(u % 2 == 0)
        }
        _ if c.is_alphabetic() => Some(c.is_uppercase()),
        _ => None,
    }
}

/// Follows words through text one character at a time and says whether any word needs
/// upper-casing under [`tcvn_caps`]'s rules. Allocation-free.
#[derive(Default)]
pub(super) struct CapsTracker {
    upper: u32,
    ascii_lower: u32,
    other_lower: u32,
    first_upper: bool,
    in_word: bool,
    last_upper: Option<bool>,
    pending: bool, // an all-non-ASCII-lower-case word since the last other word
    any_other: bool,
    between_upper: bool,
    hit: bool,
}

impl CapsTracker {
    #[inline]
    pub(super) fn feed(&mut self, c: char) {
        match letter_case(c) {
            Some(is_upper) => {
                if !self.in_word {
                    self.in_word = true;
                    (self.upper, self.ascii_lower, self.other_lower) = (0, 0, 0);
                    self.first_upper = is_upper;
                }
                if is_upper {
                    self.upper += 1;
                } else if c.is_ascii() {
                    self.ascii_lower += 1;
                } else {
                    self.other_lower += 1;
                }
            }
            None if self.in_word => {
                self.in_word = false;
                self.end_word();
            }
            None => {}
        }
    }

    fn end_word(&mut self) {
        if self.ascii_lower > 0 || (self.upper == 1 && self.first_upper) {
            self.last_upper = Some(false);
            self.any_other = true;
            self.pending = false;
        } else if self.upper >= 1 {
            self.between_upper |= self.pending && self.last_upper == Some(true);
            self.last_upper = Some(true);
            self.pending = false;
            self.hit |= self.other_lower > 0;
        } else {
            self.pending = true;
        }
    }

    /// Whether some word needs upper-casing.
    pub(super) fn finish(mut self) -> bool {
        if self.in_word {
            self.end_word();
        }
        // Words like `ở` follow capitalised neighbours only in all-capitals text.
        self.hit || (self.between_upper && !self.any_other)
    }
}

/// Text that uses a VN1-only capital (bytes 0x01..=0x17 or 0x80..=0x9F, or the few
/// VN1 capitals among the high bytes) is VN1, where lower case means lower case.
pub(super) fn tcvn_caps(s: String, needs: bool) -> String {
    if !needs {
        return s;
    }

    #[derive(Clone, Copy, PartialEq)]
    enum Kind {
        Upper,
        Other,
        Ambiguous,
    }

    // Words: maximal runs of alphabetic characters, with their byte ranges.
    let mut words: Vec<(usize, usize, Kind)> = Vec::new();
    let mut start = None;
    let classify = |w: &str| -> Kind {
        let mut upper = 0;
        let mut ascii_lower = 0;
        let mut first_upper_only = true;
        for (i, c) in w.chars().enumerate() {
            if c.is_uppercase() {
                upper += 1;
                if i > 0 {
                    first_upper_only = false;
                }
            } else if c.is_ascii() {
                ascii_lower += 1;
            }
        }
        if ascii_lower > 0 || (upper == 1 && first_upper_only) {
            // Has real lower case, or is Title case (`Hà`): keep.
            Kind::Other
        } else if upper >= 1 {
            Kind::Upper
        } else {
            // Only lower-case non-ASCII letters (`ở`): follow the neighbours.
            Kind::Ambiguous
        }
    };
    for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        if c.is_alphabetic() {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(st) = start.take() {
            let kind = s.get(st..i).map_or(Kind::Other, &classify);
            words.push((st, i, kind));
        }
    }
    let n = words.len();
    let all_caps = words.iter().all(|w| w.2 != Kind::Other);
    let mut upcase = vec![false; n];
    for i in 0..n {
        match words.get(i).map(|w| w.2) {
            Some(Kind::Upper) => upcase[i] = true,
            Some(Kind::Ambiguous) => {
                let before = words[..i].iter().rev().find(|w| w.2 != Kind::Ambiguous);
                let after = words[i + 1..].iter().find(|w| w.2 != Kind::Ambiguous);
                let up = |w: Option<&(usize, usize, Kind)>| w.is_some_and(|w| w.2 == Kind::Upper);
                upcase[i] = all_caps && up(before) && up(after);
            }
            _ => {}
        }
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut last = 0;
    for (&(st, en, _), &up) in words.iter().zip(&upcase) {
        if !up {
            continue;
        }
        out.push_str(s.get(last..st).unwrap_or_default());
        out.extend(
            s.get(st..en)
                .unwrap_or_default()
                .chars()
                .flat_map(char::to_uppercase),
        );
        last = en;
    }
    out.push_str(s.get(last..).unwrap_or_default());
    out
}

// ---------------------------------------------------------------- VIQR ----

/// What the VIQR decoder did to one whitespace-separated token.
#[derive(Default, Clone, Copy)]
pub(super) struct ViqrToken {
    /// The token changed.
    pub changed: bool,
    /// A breve, circumflex, horn or `dd` was applied (rare outside VIQR).
    pub diacritic: bool,
    /// A tone mark was applied before another letter of the same word.
    pub inner_tone: bool,
    /// The input token holds an abbreviation such as `U.S.`, `e.g.`, `a.m.`.
    pub abbrev: bool,
}

fn viqr_tone(c: char) -> Option<char> {
    match c {
        '\'' => Some('\u{0301}'),
        '`' => Some('\u{0300}'),
        '?' => Some('\u{0309}'),
        '~' => Some('\u{0303}'),
        '.' => Some('\u{0323}'),
        _ => None,
    }
}

fn viqr_diacritic(vowel: char, c: char) -> Option<char> {
    let v = vowel.to_ascii_lowercase();
    match (c, v) {
        ('(', 'a') => Some('\u{0306}'),
        ('^', 'a' | 'e' | 'o') => Some('\u{0302}'),
        ('+', 'o' | 'u') => Some('\u{031B}'),
        _ => None,
    }
}

/// VIQR (RFC 1456): `a( a^ e^ o^ o+ u+`, tones `' \` ? ~ .` after the vowel, `dd`/`DD`
/// for `đ`/`Đ`, `\` to escape a mark. One tone per word: later marks stay literal.
///
/// With a `report` (auto-detection), a `?` or `.` ending a word is taken as punctuation
/// when the tone would not make a Vietnamese syllable, and an ellipsis is punctuation;
/// explicit decoding (`report` = `None`) follows RFC 1456 strictly.
pub(super) fn viqr(s: &str, report: Option<&mut Vec<(String, ViqrToken)>>) -> String {
    let heuristic = report.is_some();
    let chars: Vec<char> = s.chars().collect();
    let literal = literal_marks(&chars, heuristic);
    let out = viqr_pass(&chars, &literal, heuristic, report);
    // Marks are composed as they are read; combining marks already in the input
    // (`o^` + U+0300) need NFC as well.
    match crate::text::nfc(&out) {
        Cow::Owned(n) => n,
        Cow::Borrowed(_) => out,
    }
}

/// The characters VIQR may read as marks.
fn is_mark_char(c: char) -> bool {
    matches!(c, '\'' | '`' | '?' | '~' | '.' | '^' | '(' | '+')
}

/// Most marks in one word for which every reading is tried (2^4 decodes at most).
const MAX_TRIED_MARKS: usize = 4;

/// Which mark characters to read literally: per word (a run of letters and mark
/// characters), the reading with the most marks in which every word that got a mark is
/// a Vietnamese syllable with the mark in a valid place (`'chui'` keeps its quotes:
/// `chuí` is not a syllable, `chúi` would be spelled `chu'i`); when no reading is, all
/// marks are read as marks (RFC 1456).
fn literal_marks(chars: &[char], heuristic: bool) -> Vec<bool> {
    let mut literal = vec![false; chars.len()];
    let in_word = |c: char| c.is_alphabetic() || is_mark_char(c) || c == '\\';
    let mut i = 0;
    while i < chars.len() {
        if !chars.get(i).is_some_and(|&c| in_word(c)) {
            i += 1;
            continue;
        }
        let start = i;
        while chars.get(i).is_some_and(|&c| in_word(c)) {
            i += 1;
        }
        let (Some(word), Some(lit)) = (chars.get(start..i), literal.get_mut(start..i)) else {
            break;
        };
        choose_marks(word, chars.get(i).copied(), lit, heuristic);
    }
    close_quotes(chars, &mut literal);
    literal
}

/// Whether the word ending before `j` already has a tone mark (read as one).
fn word_has_tone(chars: &[char], literal: &[bool], j: usize) -> bool {
    // A VIQR syllable is at most about ten characters: look no further back (this also
    // keeps long runs of marks linear).
    let mut k = j;
    while k > 0 && j - k < 24 {
        k -= 1;
        let Some(&c) = chars.get(k) else { break };
        if !(c.is_alphabetic() || is_mark_char(c)) {
            break;
        }
        let after_vowel = k > 0
            && chars
                .get(k - 1)
                .is_some_and(|&v| "aeiouyAEIOUY^(+".contains(v));
        if viqr_tone(c).is_some() && after_vowel && !literal.get(k).copied().unwrap_or(false) {
            return true;
        }
    }
    false
}

/// Quotes that open before a word close after one: for each `'` opening a quote (at
/// the start, after a space or an opening bracket or quote, before a letter), the
/// closing `'` is the first one not before a letter that cannot be a mark (after a
/// consonant, a digit or punctuation, already literal, or in a word that already has
/// its tone), else the nearest one after a vowel, which then is read literally
/// (`'bắt tay' lâm tặc`, `'tiểu Maradona'`). The search stops at a line break or the
/// next opening quote.
fn close_quotes(chars: &[char], literal: &mut [bool]) {
    let letter = |k: usize| chars.get(k).is_some_and(|c| c.is_alphabetic());
    let opens = |k: usize| {
        chars.get(k) == Some(&'\'')
            && (k == 0
                || chars
                    .get(k - 1)
                    .is_some_and(|&c| c.is_whitespace() || "[{\"-:/\u{201c}\u{2013}".contains(c)))
            && letter(k + 1)
    };
    let mut i = 0;
    while i < chars.len() {
        if !opens(i) {
            i += 1;
            continue;
        }
        let mut nearest = None;
        let mut end = i + 1;
        let mut j = i + 1;
        while let Some(&c) = chars.get(j) {
            if c == '\n' || (j > i + 1 && opens(j)) {
                break;
            }
            if c == '\'' && !letter(j + 1) {
                let ambiguous = !literal.get(j).copied().unwrap_or(false)
                    && chars
                        .get(j - 1)
                        .is_some_and(|&v| "aeiouyAEIOUY^(+".contains(v))
                    && !word_has_tone(chars, literal, j);
                if !ambiguous {
                    nearest = None;
                    end = j;
                    break;
                }
                if nearest.is_none() {
                    nearest = Some(j);
                }
            }
            end = j;
            j += 1;
        }
        if let Some(slot) = nearest.and_then(|k| literal.get_mut(k)) {
            *slot = true;
        }
        i = end.max(nearest.unwrap_or(0)) + 1;
    }
}

/// Sets `lit` for one word (see [`literal_marks`]); `next` is the character after it.
fn choose_marks(word: &[char], next: Option<char>, lit: &mut [bool], heuristic: bool) {
    let vowel = |k: usize| word.get(k).is_some_and(|&c| "aeiouyAEIOUY".contains(c));
    let letter = |k: usize| word.get(k).is_some_and(|c| c.is_alphabetic());
    // Full stops that are never marks: in an abbreviation (`U.S.`, `B.I.M`, `e.g.`:
    // a one-letter vowel word before a full stop, a letter and a full stop, or a vowel
    // after a full stop)
    // and before a digit (`U.23`).
    for p in 1..word.len() {
        if word.get(p) != Some(&'.') || !vowel(p - 1) {
            continue;
        }
        let one_letter = p < 2 || !letter(p - 2);
        let abbrev = (one_letter && letter(p + 1) && word.get(p + 2) == Some(&'.'))
            || (p >= 2 && word.get(p - 2) == Some(&'.'));
        let before_digit = p + 1 == word.len() && next.is_some_and(|c| c.is_ascii_digit());
        if abbrev || before_digit {
            if let Some(slot) = lit.get_mut(p) {
                *slot = true;
            }
        }
    }
    // A mark follows its vowel, maybe after a breve/circumflex/horn.
    let last_letter = word.iter().rposition(|c| c.is_alphabetic());
    let marks: Vec<usize> = (1..word.len())
        .filter(|&p| {
            // `^ ( +` are always marks (they make letters, not punctuation); a tone
            // character may be punctuation.
            // Inside a word only a full stop may be punctuation (`Co.op`); `zi'c`,
            // `ca`phe^` keep their marks even when they make no syllable.
            word.get(p).is_some_and(|&c| viqr_tone(c).is_some())
                && !lit.get(p).copied().unwrap_or(false)
                && (word.get(p) == Some(&'.') || last_letter.is_none_or(|l| l < p))
                && word.get(p - 1) != Some(&'\\')
                && (vowel(p - 1)
                    || (p >= 2
                        && vowel(p - 2)
                        && word.get(p - 1).is_some_and(|&c| "^(+".contains(c))))
        })
        .collect();
    if marks.is_empty() {
        return;
    }
    let valid = |lit: &[bool]| {
        let out = viqr_pass(word, lit, heuristic, None);
        out.split(|c: char| !c.is_alphabetic())
            .all(|w| w.is_ascii() || crate::text::syllable_rules::is_syllable(w))
    };
    if valid(lit) || marks.len() > MAX_TRIED_MARKS {
        return;
    }
    // Fewest literal marks first; among those, the latest ones literal first.
    let n = marks.len();
    let mut masks: Vec<u32> = (1..(1u32 << n)).collect();
    masks.sort_by_key(|&m| (m.count_ones(), std::cmp::Reverse(m)));
    let mut trial = lit.to_vec();
    for m in masks {
        for (b, &p) in marks.iter().enumerate() {
            if let Some(slot) = trial.get_mut(p) {
                *slot = m & (1 << b) != 0;
            }
        }
        if valid(&trial) {
            lit.copy_from_slice(&trial);
            return;
        }
    }
}

/// The VIQR decoding loop; characters flagged in `literal` are never read as marks.
fn viqr_pass(
    chars: &[char],
    literal: &[bool],
    heuristic: bool,
    mut report: Option<&mut Vec<(String, ViqrToken)>>,
) -> String {
    let lit = |k: usize| literal.get(k).copied().unwrap_or(false);
    let mut out = String::with_capacity(chars.len());
    let mut tok = ViqrToken::default();
    let mut tok_start = 0usize;
    let mut in_start = 0usize;
    let mut word_has_tone = false;
    // A single letter, a full stop, a letter, a full stop (`U.S.`, `e.g.`).
    let abbrev = |a: usize, b: usize| {
        chars.get(a..b).is_some_and(|w| {
            w.windows(4).enumerate().any(|(p, x)| {
                x[0].is_ascii_alphabetic()
                    && x[1] == '.'
                    && x[2].is_ascii_alphabetic()
                    && x[3] == '.'
                    && (p == 0 || !w[p - 1].is_alphabetic())
            })
        })
    };
    let mut word_start = 0usize;
    let mut i = 0;
    let at = |k: usize| chars.get(k).copied();
    while let Some(c) = at(i) {
        let prev_letter = i > 0 && at(i - 1).is_some_and(char::is_alphabetic);
        if !out.chars().next_back().is_some_and(char::is_alphabetic) {
            word_start = out.len();
        }
        if c.is_whitespace() {
            if let Some(r) = report.as_deref_mut() {
                tok.abbrev = abbrev(in_start, i);
                r.push((out.get(tok_start..).unwrap_or_default().to_string(), tok));
            }
            in_start = i + 1;
            tok = ViqrToken::default();
            out.push(c);
            tok_start = out.len();
            word_has_tone = false;
            i += 1;
            continue;
        }
        if c == '\\' {
            if let Some(n) = at(i + 1).filter(|&n| viqr_tone(n).is_some() || "(^+dD\\".contains(n))
            {
                out.push(n);
                tok.changed = true;
                i += 2;
                continue;
            }
        }
        // `dd`, `DD`, `Dd` at the start of a word → đ/Đ; `DD` also inside a word of
        // capitals (`HDDND` → `HĐND`).
        let next = at(i + 1);
        let dd = match (c, next) {
            ('d', Some('d')) | ('D', Some('d' | 'D')) => !prev_letter,
            _ => false,
        } || (c == 'D'
            && next == Some('D')
            && prev_letter
            && at(i - 1).is_some_and(char::is_uppercase));
        if dd {
            out.push(if c == 'D' { 'Đ' } else { 'đ' });
            tok.changed = true;
            tok.diacritic = true;
            i += 2;
            continue;
        }
        if "aeiouyAEIOUY".contains(c) {
            let mut marks: [char; 2] = ['\0'; 2];
            let mut k = 0;
            let mut j = i + 1;
            if let Some(d) = at(j).filter(|_| !lit(j)).and_then(|n| viqr_diacritic(c, n)) {
                marks[0] = d;
                k = 1;
                j += 1;
            }
            let mut toned = false;
            if !word_has_tone {
                if let Some(t) = at(j).filter(|_| !lit(j)).and_then(viqr_tone) {
                    // `?` and `.` ending a word are punctuation when the tone would not
                    // make a Vietnamese syllable (`sao?`, `ho..`).
                    let ends_word = !at(j + 1).is_some_and(char::is_alphabetic);
                    let mut trial = marks;
                    // An ellipsis (`qua...`) is punctuation too.
                    // (Four dots are a tone and an ellipsis: `bi....` is `bị...`.)
                    let ellipsis = at(j) == Some('.')
                        && at(j + 1) == Some('.')
                        && at(j + 2) == Some('.')
                        && at(j + 3) != Some('.');
                    let punct = ellipsis
                        || heuristic
                            && matches!(at(j), Some('?' | '.'))
                            && ends_word
                            && trial.get_mut(k).map(|slot| *slot = t).is_some()
                            && !trial
                                .get_mut(..=k)
                                .and_then(|m| compose_marks(c, m))
                                .is_some_and(|x| {
                                    let mut w =
                                        out.get(word_start..).unwrap_or_default().to_string();
                                    w.push(x);
                                    crate::text::syllable_rules::is_syllable(&w)
                                });
                    if !punct {
                        if let Some(slot) = marks.get_mut(k) {
                            *slot = t;
                            k += 1;
                            j += 1;
                            toned = true;
                        }
                    }
                }
            }
            if k > 0 {
                if let Some(x) = marks.get_mut(..k).and_then(|m| compose_marks(c, m)) {
                    out.push(x);
                    tok.changed = true;
                    if marks.first().is_some_and(|&m| viqr_tone_mark(m).is_none()) {
                        tok.diacritic = true;
                    }
                    if toned {
                        word_has_tone = true;
                        if at(j).is_some_and(char::is_alphabetic) {
                            tok.inner_tone = true;
                        }
                    }
                    i = j;
                    continue;
                }
            }
        }
        if !c.is_alphabetic() {
            word_has_tone = false;
        }
        out.push(c);
        i += 1;
    }
    if let Some(r) = report {
        tok.abbrev = abbrev(in_start, chars.len());
        r.push((out.get(tok_start..).unwrap_or_default().to_string(), tok));
    }
    out
}

fn viqr_tone_mark(m: char) -> Option<()> {
    matches!(
        m,
        '\u{0301}' | '\u{0300}' | '\u{0309}' | '\u{0303}' | '\u{0323}'
    )
    .then_some(())
}

// ------------------------------------------------------------ mojibake ----

/// The characters the mojibake sequences of `s` rebuild (lenient), without allocating.
pub(super) fn mojibake_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    let mut iter = s.char_indices();
    std::iter::from_fn(move || loop {
        let (_, c) = iter.next()?;
        let Some(lead @ 0xC2..=0xF4) = cp1252_byte(c) else {
            continue;
        };
        if let Some((d, look)) = rebuild(lead, iter.clone()) {
            iter = look;
            return Some(d);
        }
    })
}

/// Tries to rebuild one UTF-8 character from `lead` and the characters after it.
fn rebuild(
    lead: u8,
    mut look: std::str::CharIndices<'_>,
) -> Option<(char, std::str::CharIndices<'_>)> {
    let need = match lead {
        0xC2..=0xDF => 1,
        0xE0..=0xEF => 2,
        _ => 3,
    };
    let mut buf = [lead, 0, 0, 0];
    for slot in buf.iter_mut().skip(1).take(need) {
        let (_, n) = look.next()?;
        match cp1252_byte(n) {
            Some(b @ 0x80..=0xBF) => *slot = b,
            _ => return None,
        }
    }
    let d = std::str::from_utf8(buf.get(..=need)?)
        .ok()?
        .chars()
        .next()?;
    Some((d, look))
}

/// Undoes UTF-8 read as Windows-1252: every run of characters whose Windows-1252 bytes
/// form a multi-byte UTF-8 sequence is replaced by that character. Returns the text and
/// the number of sequences repaired. Strict mode fails on a lead character whose
/// sequence does not rebuild.
pub(super) fn mojibake(s: &str, mode: Mode) -> Result<(Cow<'_, str>, usize), RepairError> {
    let mut out: Option<String> = None;
    let mut count = 0usize;
    let mut copied = 0usize; // bytes of `s` already reflected in `out`
    let mut iter = s.char_indices();
    while let Some((pos, c)) = iter.next() {
        let Some(lead @ 0xC2..=0xF4) = cp1252_byte(c) else {
            continue;
        };
        match rebuild(lead, iter.clone()) {
            Some((d, look)) => {
                let o = out.get_or_insert_with(|| String::with_capacity(s.len()));
                o.push_str(s.get(copied..pos).unwrap_or_default());
                o.push(d);
                copied = s.len() - look.as_str().len();
                count += 1;
                iter = look;
            }
            None if mode == Mode::Strict => {
                return Err(RepairError::NotMojibake {
                    offset: pos,
                    character: c,
                });
            }
            None => {}
        }
    }
    Ok(match out {
        None => (Cow::Borrowed(s), 0),
        Some(mut o) => {
            o.push_str(s.get(copied..).unwrap_or_default());
            (Cow::Owned(o), count)
        }
    })
}
