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
        Encoding::Tcvn3 => single_byte(bytes, &TCVN, enc, mode, 0).map(|s| tcvn_caps(bytes, s)),
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
        Encoding::Tcvn3 => single_byte(run, &TCVN, enc, mode, start).map(|s| tcvn_caps(run, s))?,
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
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 2);
    let mut needs_nfc = false;
    let mut rest = bytes;
    let mut offset = base_offset;
    while !rest.is_empty() {
        // Copy the printable-ASCII run at once: every table is the identity there.
        let n = rest
            .iter()
            .position(|&b| !(0x20..0x80).contains(&b))
            .unwrap_or(rest.len());
        let (ascii, tail) = rest.split_at(n);
        // `ascii` is printable ASCII, hence valid UTF-8.
        out.push_str(std::str::from_utf8(ascii).unwrap_or_default());
        offset += n;
        let Some((&b, tail)) = tail.split_first() else {
            break;
        };
        rest = tail;
        let mut c = table[usize::from(b)];
        if c == UNDEFINED {
            match mode {
                Mode::Strict => {
                    return Err(RepairError::UndefinedByte {
                        encoding: enc,
                        byte: b,
                        offset,
                    })
                }
                Mode::Lenient => c = '\u{FFFD}',
            }
        }
        offset += 1;
        if is_combining(c) {
            if let Some(prev) = out.pop() {
                if let Some(p) = compose(prev, c) {
                    out.push(p);
                    continue;
                }
                out.push(prev);
            }
            needs_nfc = true;
        }
        out.push(c);
    }
    if needs_nfc {
        out = out.nfc().collect();
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
/// shows that: a word whose other letters are all capitals (`NGUYễN` → `NGUYỄN`), and
/// a word of such letters alone between capitalised words (`HÀ ở ĐÂY`).
/// One allocation-free pass: does any word need upper-casing under [`tcvn_caps`]'s
/// rules?
fn needs_caps(s: &str) -> bool {
    #[derive(Clone, Copy, PartialEq)]
    enum K {
        Upper,
        Other,
    }
    let (mut upper, mut ascii_lower, mut other_lower) = (0u32, 0u32, 0u32);
    let mut first_upper = false;
    let mut in_word = false;
    let mut last: Option<K> = None;
    let mut pending = false; // an all-non-ASCII-lower-case word since `last`
    let mut end_word = |upper: u32, ascii_lower: u32, other_lower: u32, first_upper: bool| {
        if ascii_lower > 0 || (upper == 1 && first_upper) {
            last = Some(K::Other);
            pending = false;
            false
        } else if upper >= 1 {
            let hit = other_lower > 0 || (pending && last == Some(K::Upper));
            last = Some(K::Upper);
            pending = false;
            hit
        } else {
            pending = true;
            false
        }
    };
    for c in s.chars().chain(std::iter::once(' ')) {
        let letter = if c.is_ascii() {
            c.is_ascii_alphabetic()
        } else {
            c.is_alphabetic()
        };
        if letter {
            if !in_word {
                in_word = true;
                (upper, ascii_lower, other_lower) = (0, 0, 0);
                first_upper = c.is_uppercase();
            }
            if c.is_uppercase() {
                upper += 1;
            } else if c.is_ascii() {
                ascii_lower += 1;
            } else {
                other_lower += 1;
            }
        } else if in_word {
            in_word = false;
            if end_word(upper, ascii_lower, other_lower, first_upper) {
                return true;
            }
        }
    }
    false
}

/// Text that uses a VN1-only capital (bytes 0x01..=0x17 or 0x80..=0x9F, or the few
/// VN1 capitals among the high bytes) is VN1, where lower case means lower case.
pub(super) fn tcvn_caps(bytes: &[u8], s: String) -> String {
    let vn1 = bytes.iter().any(|&b| {
        matches!(b, 0x01 | 0x02 | 0x04..=0x06 | 0x11..=0x17 | 0x80..=0x9F | 0xAF | 0xBA | 0xBF | 0xC0..=0xC5 | 0xCD | 0xD9..=0xDB | 0xE0 | 0xF0 | 0xFF)
    });
    if vn1 {
        return s;
    }

    #[derive(Clone, Copy, PartialEq)]
    enum Kind {
        Upper,
        Other,
        Ambiguous,
    }
    if !needs_caps(&s) {
        return s;
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
    let mut upcase = vec![false; n];
    for i in 0..n {
        match words.get(i).map(|w| w.2) {
            Some(Kind::Upper) => upcase[i] = true,
            Some(Kind::Ambiguous) => {
                let before = words[..i].iter().rev().find(|w| w.2 != Kind::Ambiguous);
                let after = words[i + 1..].iter().find(|w| w.2 != Kind::Ambiguous);
                let up = |w: Option<&(usize, usize, Kind)>| w.is_some_and(|w| w.2 == Kind::Upper);
                upcase[i] = up(before) && up(after);
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
    /// Full stops in the input token.
    pub dots: u16,
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
pub(super) fn viqr(s: &str, mut report: Option<&mut Vec<(String, ViqrToken)>>) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut tok = ViqrToken::default();
    let mut tok_start = 0usize;
    let mut in_start = 0usize;
    let mut word_has_tone = false;
    let dots = |a: usize, b: usize| {
        let n = chars
            .get(a..b)
            .map_or(0, |w| w.iter().filter(|&&c| c == '.').count());
        u16::try_from(n).unwrap_or(u16::MAX)
    };
    let mut i = 0;
    let at = |k: usize| chars.get(k).copied();
    while let Some(c) = at(i) {
        let prev_letter = i > 0 && at(i - 1).is_some_and(char::is_alphabetic);
        if c.is_whitespace() {
            if let Some(r) = report.as_deref_mut() {
                tok.dots = dots(in_start, i);
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
            if let Some(d) = at(j).and_then(|n| viqr_diacritic(c, n)) {
                marks[0] = d;
                k = 1;
                j += 1;
            }
            let mut toned = false;
            if !word_has_tone {
                if let Some(t) = at(j).and_then(viqr_tone) {
                    if let Some(slot) = marks.get_mut(k) {
                        *slot = t;
                        k += 1;
                        j += 1;
                        toned = true;
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
        tok.dots = dots(in_start, chars.len());
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
            if o.chars().any(is_combining) {
                o = o.nfc().collect();
            }
            (Cow::Owned(o), count)
        }
    })
}
