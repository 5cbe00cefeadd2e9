//! Syllable tokenizer with byte offsets.

use super::letters::{lookup, lower_char, VnLetter, V_A, V_E, V_O, V_U, V_Y};
use super::normalize::old_style_word;

/// One syllable of a text: a maximal run of letters (with their combining marks) and
/// digits, and its byte offset in the text it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Syllable<'a> {
    /// The syllable as written (not normalised).
    pub text: &'a str,
    /// Byte offset of `text` in the input.
    pub start: usize,
}

/// Splits text into syllables. Punctuation, spaces and symbols separate them; a document
/// number such as `08/KH-UBND` yields its parts (`08`, `KH`, `UBND`) — see
/// [`crate::text::extract_documents`] for numbers as wholes.
///
/// ```
/// use tintuc::text::syllables;
/// let s = "Kế hoạch số 08/KH-UBND";
/// let v: Vec<(&str, usize)> = syllables(s).map(|x| (x.text, x.start)).collect();
/// assert_eq!(v, [("Kế", 0), ("hoạch", 5), ("số", 13), ("08", 18), ("KH", 21), ("UBND", 24)]);
/// ```
pub fn syllables(s: &str) -> Syllables<'_> {
    Syllables { s, pos: 0 }
}

/// The iterator returned by [`syllables`].
#[derive(Debug, Clone)]
pub struct Syllables<'a> {
    s: &'a str,
    pos: usize,
}

#[inline]
pub(crate) fn is_syllable_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    lookup(c).is_some() || c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

impl<'a> Iterator for Syllables<'a> {
    type Item = Syllable<'a>;

    fn next(&mut self) -> Option<Syllable<'a>> {
        let rest = self.s.get(self.pos..)?;
        let (off, _) = rest.char_indices().find(|&(_, c)| is_syllable_char(c))?;
        let start = self.pos + off;
        let tail = self.s.get(start..)?;
        let len = tail
            .char_indices()
            .find(|&(_, c)| !is_syllable_char(c))
            .map_or(tail.len(), |(i, _)| i);
        self.pos = start + len;
        Some(Syllable {
            text: tail.get(..len)?,
            start,
        })
    }
}

impl std::iter::FusedIterator for Syllables<'_> {}

/// The syllables of `s` ([`syllables`]), each with whether it starts a new clause: it is
/// the first, or something other than whitespace comes between it and the one before
/// (the related-articles analysis pairs syllables only within a clause).
pub(crate) fn clause_syllables<'a>(s: &'a str, mut f: impl FnMut(&'a str, bool)) {
    let mut prev_end: Option<usize> = None;
    for syl in syllables(s) {
        let new_clause = match prev_end {
            None => true,
            Some(end) => !s
                .get(end..syl.start)
                .is_some_and(|gap| gap.chars().all(char::is_whitespace)),
        };
        f(syl.text, new_clause);
        prev_end = Some(syl.start + syl.text.len());
    }
}

/// A syllable found by [`normalized_syllables`]: its text is `buf[start..end]` when
/// `copied` (it had to change), else `s[start..end]` (the text already holds it
/// normalised); `new_clause` when something other than whitespace (or nothing: the
/// text's first syllable) comes before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NormSpan {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) copied: bool,
    pub(crate) new_clause: bool,
}

impl NormSpan {
    /// The syllable's text, given the text and the buffer [`normalized_syllables`] read
    /// and wrote (`""` if they are not those).
    #[inline]
    pub(crate) fn text<'a>(&self, s: &'a str, buf: &'a str) -> &'a str {
        let from = if self.copied { buf } else { s };
        from.get(self.start..self.end).unwrap_or("")
    }
}

/// What [`normalized_syllables`] sees in a character: bits of [`LETTER`] (a letter or
/// digit it takes), [`OU`] (an `o`/`u` letter), [`AEY`] (an `a`/`e`/`y` letter),
/// [`CAPITAL`] (upper case), [`NON_ASCII`], [`BLANK`] (whitespace), or [`FOREIGN`]: a
/// character it leaves to the general path. 0: another separator.
const LETTER: u8 = 1;
const OU: u8 = 2;
const AEY: u8 = 4;
const CAPITAL: u8 = 8;
const NON_ASCII: u8 = 16;
const BLANK: u8 = 32;
const FOREIGN: u8 = 64;

/// [`LETTER`] etc. of each ASCII byte.
static ASCII: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        let l = c.to_ascii_lowercase();
        t[b] = if c.is_ascii_alphanumeric() {
            let kind = if l == b'o' || l == b'u' {
                OU
            } else if l == b'a' || l == b'e' || l == b'y' {
                AEY
            } else {
                0
            };
            LETTER | kind | if c.is_ascii_uppercase() { CAPITAL } else { 0 }
        } else if matches!(c, b'\t'..=b'\r' | b' ') {
            // `char::is_whitespace` on ASCII (which counts U+000B, unlike
            // `u8::is_ascii_whitespace`)
            BLANK
        } else {
            0
        };
        b += 1;
    }
    t
};

/// Code points U+00C0..U+01BF (two bytes, leads 0xC3..0xC6) and U+1E80..U+1EFF (three
/// bytes, 0xE1 0xBA/0xBB), where the Vietnamese letters are.
const LO: u32 = 0xC0;
const HI: u32 = 0x1E80;

/// [`see_char`] of every code point of the two ranges (lo range first), for the
/// Vietnamese letters; 0 for the other code points (which take the general
/// [`see_char`]).
fn vn_table() -> &'static [u8; 448] {
    static TABLE: std::sync::OnceLock<[u8; 448]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = [0u8; 448];
        let cps = (LO..LO + 320).chain(HI..HI + 128);
        for (slot, cp) in t.iter_mut().zip(cps) {
            if let Some(c) = char::from_u32(cp) {
                if lookup(c).is_some() {
                    *slot = see_char(c);
                }
            }
        }
        t
    })
}

/// What [`normalized_syllables`] sees in a non-ASCII character (see [`LETTER`]).
fn see_char(c: char) -> u8 {
    match lookup(c) {
        Some(letter) => {
            let kind = match letter {
                VnLetter::Vowel { v, .. } if v == V_O || v == V_U => OU,
                VnLetter::Vowel { v, .. } if v == V_A || v == V_E || v == V_Y => AEY,
                _ => 0,
            };
            match lower_char(c) {
                Some(l) if l == c => LETTER | NON_ASCII | kind,
                Some(_) => LETTER | NON_ASCII | kind | CAPITAL,
                None => FOREIGN,
            }
        }
        None if is_syllable_char(c) || !c.to_lowercase().eq(std::iter::once(c)) => FOREIGN,
        // NFC changes it (a composition exclusion such as U+2ADC, which becomes U+2ADD
        // and a combining mark; a singleton): the general path normalises first.
        None if !nfc_stable(c) => FOREIGN,
        None if c.is_whitespace() => BLANK,
        None => 0,
    }
}

/// Whether NFC leaves `c` as it is wherever it stands (no character below U+0340 is
/// changed by NFC or combines with what precedes it, except the combining marks, which
/// [`is_syllable_char`] takes first).
fn nfc_stable(c: char) -> bool {
    u32::from(c) < 0x340
        || matches!(
            unicode_normalization::is_nfc_quick(std::iter::once(c)),
            unicode_normalization::IsNormalized::Yes
        )
}

/// What [`normalized_syllables`] sees at byte `i` of `s` (a character boundary), and the
/// character's length: the Vietnamese letters by table, straight from their bytes.
#[inline(always)]
fn see(s: &str, i: usize, vn: &[u8; 448]) -> (u8, usize) {
    let bytes = s.as_bytes();
    let Some(&b) = bytes.get(i) else {
        return (FOREIGN, 1);
    };
    if b < 0x80 {
        return (ASCII.get(usize::from(b)).copied().unwrap_or(0), 1);
    }
    let b1 = bytes.get(i + 1).copied().unwrap_or(0);
    let fast = match b {
        0xC3..=0xC6 => {
            let cp = (u32::from(b & 0x1F) << 6) | u32::from(b1 & 0x3F);
            vn.get((cp - LO) as usize).map(|&k| (k, 2))
        }
        0xE1 if b1 == 0xBA || b1 == 0xBB => {
            let b2 = bytes.get(i + 2).copied().unwrap_or(0);
            let cp = HI + (u32::from(b1 - 0xBA) << 6) + u32::from(b2 & 0x3F);
            vn.get((cp - HI) as usize + 320).map(|&k| (k, 3))
        }
        _ => None,
    };
    match fast {
        Some((k, len)) if k != 0 => (k, len),
        _ => match s.get(i..).and_then(|r| r.chars().next()) {
            Some(c) => (see_char(c), c.len_utf8()),
            None => (FOREIGN, 1),
        },
    }
}

/// The syllables of `s` normalised as the related-articles analysis wants them — NFC,
/// old tone style, lower case — in one pass over `s` instead of three over the whole
/// text: `spans` tells where each syllable is, `buf` receives those that change (both
/// are cleared first; only syllables that change are copied, see [`NormSpan`]). Gives
/// exactly what [`syllables`] finds in
/// `letters::to_lowercase(&convert_tone_style(s, ToneStyle::Old))`, with the clause flag
/// as the analysis defines it.
///
/// Handles text made of ASCII, the precomposed Vietnamese letters of [`lookup`] and
/// non-letters whose lower case is themselves (such text is already NFC, up to
/// separators that NFC maps to separators), which is nearly all Vietnamese text. Returns
/// `false` (with partial output) at the first other character (a foreign letter, a
/// combining mark, a capital sigma...): the caller then takes the general path.
pub(crate) fn normalized_syllables(s: &str, buf: &mut String, spans: &mut Vec<NormSpan>) -> bool {
    buf.clear();
    spans.clear();
    let bytes = s.as_bytes();
    let n = bytes.len();
    let mut i = 0;
    // whether everything since the last syllable is whitespace (none yet: no)
    let mut gap_blank = false;
    // Runs of ASCII letters and digits and of non-ASCII bytes, between ASCII separators,
    // a byte at a time by table: an all-ASCII run is one syllable; a run with non-ASCII
    // characters is read a character at a time (which finds non-ASCII separators).
    loop {
        while let Some(&b) = bytes.get(i) {
            let f = BYTES.get(usize::from(b)).copied().unwrap_or(NON_ASCII);
            if f & (LETTER | NON_ASCII) != 0 {
                break;
            }
            gap_blank &= f & BLANK != 0;
            i += 1;
        }
        if i >= n {
            return true;
        }
        let from = i;
        let mut all = 0u8;
        while let Some(&b) = bytes.get(i) {
            let f = BYTES.get(usize::from(b)).copied().unwrap_or(NON_ASCII);
            if f & (LETTER | NON_ASCII) == 0 {
                break;
            }
            all |= f;
            i += 1;
        }
        if all & NON_ASCII == 0 {
            push_span(s, from, i, all, false, buf, spans, &mut gap_blank);
        } else if !by_char(s, from, i, buf, spans, &mut gap_blank) {
            return false;
        }
    }
}

/// Whether [`normalized_syllables`] gives, when it takes `s`, exactly the syllables and
/// clause flags of the three-pass path (NFC and old tone style, lower case, then
/// [`syllables`]): the fuzz target's check.
#[cfg(fuzzing)]
#[doc(hidden)]
pub fn normalized_syllables_agree(s: &str) -> bool {
    let (mut buf, mut spans) = (String::new(), Vec::new());
    if !normalized_syllables(s, &mut buf, &mut spans) {
        return true;
    }
    let lower = super::letters::to_lowercase(&super::convert_tone_style(s, super::ToneStyle::Old));
    let mut reference: Vec<(&str, bool)> = Vec::new();
    clause_syllables(&lower, |t, new_clause| reference.push((t, new_clause)));
    let fused: Vec<(&str, bool)> = spans
        .iter()
        .map(|p| (p.text(s, &buf), p.new_clause))
        .collect();
    fused == reference
}

/// [`BYTES`]'s class of each byte: [`ASCII`]'s, [`NON_ASCII`] for the others.
static BYTES: [u8; 256] = {
    let mut t = [NON_ASCII; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = ASCII[b];
        b += 1;
    }
    t
};

/// [`normalized_syllables`] over `s[from..to]`, a character at a time.
fn by_char(
    s: &str,
    from: usize,
    to: usize,
    buf: &mut String,
    spans: &mut Vec<NormSpan>,
    gap_blank: &mut bool,
) -> bool {
    let vn = vn_table();
    let mut i = from;
    loop {
        // separators up to the next syllable
        let (mut kind, mut len) = loop {
            if i >= to {
                return true;
            }
            let (kind, len) = see(s, i, vn);
            if kind & (LETTER | FOREIGN) != 0 {
                break (kind, len);
            }
            *gap_blank &= kind & BLANK != 0;
            i += len;
        };
        // The syllable. Its tone style can need changing only when it has a non-ASCII
        // letter and an `o`/`u` letter right before an `a`/`e`/`y` letter.
        let start = i;
        let (mut all, mut prev_ou, mut pair) = (0u8, false, false);
        loop {
            if kind & FOREIGN != 0 {
                return false;
            }
            all |= kind;
            pair |= prev_ou && kind & AEY != 0;
            prev_ou = kind & OU != 0;
            i += len;
            if i >= to {
                break;
            }
            (kind, len) = see(s, i, vn);
            if kind & (LETTER | FOREIGN) == 0 {
                break;
            }
        }
        push_span(s, start, i, all, pair, buf, spans, gap_blank);
    }
}

/// Records the syllable `s[from..to]` whose characters' classes OR to `all`: as it is,
/// or lower-cased (with [`CAPITAL`]) and in the old tone style (`pair`: it may need it)
/// into `buf`.
#[allow(clippy::too_many_arguments)]
#[inline]
fn push_span(
    s: &str,
    from: usize,
    to: usize,
    all: u8,
    pair: bool,
    buf: &mut String,
    spans: &mut Vec<NormSpan>,
    gap_blank: &mut bool,
) {
    let word = s.get(from..to).unwrap_or("");
    let (mut start, mut end, mut copied) = (from, to, false);
    if all & CAPITAL != 0 {
        start = buf.len();
        buf.extend(word.chars().map(|c| lower_char(c).unwrap_or(c)));
        (end, copied) = (buf.len(), true);
    }
    if pair && all & NON_ASCII != 0 {
        let lower = if copied { buf.get(start..) } else { Some(word) };
        if let Some(old) = lower.and_then(old_style_word) {
            if copied {
                buf.truncate(start);
            } else {
                start = buf.len();
            }
            buf.push_str(&old);
            (end, copied) = (buf.len(), true);
        }
    }
    spans.push(NormSpan {
        start,
        end,
        copied,
        new_clause: spans.is_empty() || !*gap_blank,
    });
    *gap_blank = true;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::letters::{strategy, to_lowercase};
    use crate::text::{convert_tone_style, ToneStyle};

    /// What [`normalized_syllables`] stands for: the syllables of the text in the old tone
    /// style, lower-cased, each
    /// flagged when anything but whitespace (or nothing) precedes it.
    fn reference(s: &str) -> Vec<(String, bool)> {
        let lower = to_lowercase(&convert_tone_style(s, ToneStyle::Old));
        let mut out = Vec::new();
        clause_syllables(&lower, |t, new_clause| {
            out.push((t.to_string(), new_clause))
        });
        out
    }

    fn fused(s: &str) -> Option<Vec<(String, bool)>> {
        let (mut buf, mut spans) = (String::new(), Vec::new());
        normalized_syllables(s, &mut buf, &mut spans).then(|| {
            spans
                .iter()
                .map(|p| (p.text(s, &buf).to_string(), p.new_clause))
                .collect()
        })
    }

    #[test]
    fn normalized_syllables_on_news_text() {
        let s = "Hội nghị THI ĐUA, khen thưởng  (Kế hoạch 08/KH-UBND) “Hoà Bình” – 2018\u{A0}năm HOÀ thuỷ";
        assert_eq!(fused(s), Some(reference(s)));
        let got = fused(s).unwrap();
        assert_eq!(got[2], ("thi".to_string(), false));
        assert_eq!(got[4], ("khen".to_string(), true));
        assert!(got.contains(&("hòa".to_string(), true)));
        assert!(got.contains(&("hòa".to_string(), false)));
        assert!(got.contains(&("thủy".to_string(), false)));
        // a foreign letter, a combining mark, a capital sigma: the general path
        for s in ["Müller ñ", "a\u{301}", "ΣΑΣ", "中文"] {
            if fused(s).is_some() {
                assert_eq!(fused(s), Some(reference(s)), "{s}");
            }
        }
        assert_eq!(fused("ñ"), None);
        assert_eq!(fused("a\u{301}"), None);
        assert_eq!(fused(""), Some(Vec::new()));
    }

    #[test]
    fn characters_that_nfc_changes_take_the_general_path() {
        // U+2ADC (a composition exclusion) is U+2ADD and a combining mark in NFC, which
        // joins the syllable before it; found by the `normalize` fuzz target.
        for s in [
            "6\u{2ADC}\0",
            "thi\u{2ADC}đua",
            "a\u{1D15E}b",
            "x\u{212B}y",
            "a\u{2000}b",
        ] {
            if let Some(got) = fused(s) {
                assert_eq!(got, reference(s), "{s:?}");
            }
        }
        assert_eq!(fused("6\u{2ADC}\0"), None);
        // separators NFC keeps stay on the one-pass path
        let s = "“Hoà” – thuỷ…";
        assert_eq!(fused(s), Some(reference(s)));
    }

    proptest::proptest! {
        #[test]
        fn normalized_syllables_match_the_three_pass_path(s in strategy::viet_heavy()) {
            if let Some(got) = fused(&s) {
                proptest::prop_assert_eq!(got, reference(&s));
            }
        }

        #[test]
        fn normalized_syllables_take_vietnamese_text_in_one_pass(
            s in "[a-zA-Z0-9 ,.\\-/\n\t\u{A0}\u{201C}\u{201D}\u{2013}\u{200B}àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđĐÀÁẠẢÃÂẦẤẬẨẪĂẰẮẶẲẴÈÉẸẺẼÊỀẾỆỂỄÌÍỊỈĨÒÓỌỎÕÔỒỐỘỔỖƠỜỚỢỞỠÙÚỤỦŨƯỪỨỰỬỮỲÝỴỶỸ]{0,60}"
        ) {
            proptest::prop_assert_eq!(fused(&s), Some(reference(&s)));
        }

        #[test]
        fn normalized_syllables_place_tones_as_the_whole_text_pass(
            v in proptest::collection::vec(proptest::sample::select(vec![
                "o", "O", "ó", "Ó", "ọ", "u", "U", "ú", "Ụ", "ư", "a", "A", "à", "À", "ả", "e",
                "E", "é", "è", "y", "Y", "ỳ", "Ỷ", "ỹ", "q", "Q", "g", "G", "i", "I", "h", "H",
                "n", "t", "đ", "Đ", " ", " ", ",", "-", "2",
            ]), 0..30)
        ) {
            let s = v.concat();
            proptest::prop_assert_eq!(fused(&s), Some(reference(&s)));
        }
    }
}
