//! Symbols as articles write them: the parts the finder stops before (`&`, a second
//! `/`, a spaced dash, a dotted office code, a term or a year after the codes), and the
//! slashes left out or replaced by a space (`Nghị định 60 CP`, `Nghị định 61CP`,
//! `Nghị quyết 13/2002 NQ-CP`), mended before the finder reads the text.

use std::ops::Range;

use crate::model::DocumentKind;

/// Whether `code` can continue a symbol: capitals and digits (`CP`, `ĐTXD`, `PC16`), or
/// `TTg` (Thủ tướng).
fn is_code_part(code: &str) -> bool {
    code == "TTg"
        || (code.chars().next().is_some_and(char::is_uppercase)
            && code.chars().all(|c| c.is_uppercase() || c.is_ascii_digit()))
}

fn code_len(s: &str) -> usize {
    s.char_indices()
        .find(|&(_, c)| !c.is_alphanumeric())
        .map_or(s.len(), |(i, _)| i)
}

/// The finder stops a symbol at `&` (`BNN&PTNT`), at a second `/` (`1943/KH/ĐTXD`) and
/// at a dash written with spaces (`67/2001/NĐ - CP`). Returns the symbol as the text
/// continues it, spaces around a dash dropped, and where it is written in `text`.
pub(crate) fn run_on(text: &str, number: &str) -> Option<(String, Range<usize>)> {
    for (at, _) in text.match_indices(number) {
        let before = text.get(..at).and_then(|h| h.chars().next_back());
        if before.is_some_and(|c| c.is_alphanumeric() || c == '/') {
            continue;
        }
        let mut out = number.to_string();
        let mut i = at + number.len();
        loop {
            let rest = text.get(i..).unwrap_or_default();
            if let Some(n) = spaced_last_code(&out, rest) {
                out.push_str(rest.get(1..n).unwrap_or_default());
                i += n;
                break;
            }
            if let Some(n) = dotted_year(&out, rest) {
                out.push_str(rest.get(..n).unwrap_or_default());
                i += n;
                break;
            }
            let (sep, skip) = if let Some(r) = rest.strip_prefix('&') {
                ('&', rest.len() - r.len())
            } else if let Some(r) = rest.strip_prefix('.').filter(|_| dotted_code(rest)) {
                ('.', rest.len() - r.len())
            } else if let Some(r) = rest.strip_prefix('/') {
                ('/', rest.len() - r.len())
            } else {
                let t = rest.trim_start_matches(' ');
                let Some(r) = t.strip_prefix('-') else { break };
                let r2 = r.trim_start_matches(' ');
                // A dash the finder would have read itself is not ours to add; one
                // with spaces continues a symbol only after a lone type code.
                let spaced = t.len() != rest.len() || r2.len() != r.len();
                if !spaced && out.len() == number.len() {
                    break;
                }
                let one_code = out.rsplit('/').next().is_some_and(|c| !c.contains('-'));
                if spaced && !one_code {
                    break;
                }
                ('-', rest.len() - r2.len())
            };
            let tail = text.get(i + skip..).unwrap_or_default();
            let n = code_len(tail);
            let code = tail.get(..n).unwrap_or_default();
            if n == 0 || !(is_code_part(code) || sep == '&') {
                break;
            }
            out.push(sep);
            out.push_str(code);
            i += skip + n;
        }
        if let Some(n) = spaced_term(&out, text.get(i..).unwrap_or_default()) {
            out.push_str(n);
            i += 1 + n.len();
        }
        if out.len() > number.len() {
            return Some((out, at..i));
        }
    }
    None
}

/// Whether `rest` (starting with `.`) continues a symbol with a dotted office code, as
/// in `81/CV.UB-93` (công văn of the Ủy ban): a dot, two to four capitals, then no
/// further letter or digit. A sentence run on without a space ("381/UB.Theo") has a
/// lower-case letter after the capital and does not qualify.
fn dotted_code(rest: &str) -> bool {
    let Some(tail) = rest.strip_prefix('.') else {
        return false;
    };
    let n = code_len(tail);
    let code = tail.get(..n).unwrap_or_default();
    (2..=4).contains(&code.chars().count()) && code.chars().all(char::is_uppercase)
}

/// The two-digit year an office symbol with a dotted code ends in, `-93` of
/// `81/CV.UB-93`: a dash, two digits, then no further letter, digit, `/` or `-`. Only
/// after a dotted code, the old style that writes it: elsewhere a dash and two digits
/// is a range or a flat number. Returns the length of `rest` to append.
fn dotted_year(symbol: &str, rest: &str) -> Option<usize> {
    let last = symbol.rsplit('/').next()?;
    if !last.contains('.') {
        return None;
    }
    let tail = rest.strip_prefix('-')?;
    let n = tail.bytes().take_while(u8::is_ascii_digit).count();
    let after = tail.get(n..)?.chars().next();
    (n == 2 && !after.is_some_and(|c| c.is_alphanumeric() || matches!(c, '/' | '-')))
        .then_some(1 + n)
}

/// The year written after the codes, `121/NĐ/2004` ("Nghị định 121/NĐ/2004" is
/// 121/2004/NĐ-CP): a `/`, four digits of a year from 1945 to 2099, then no further
/// letter, digit or `/`. Returns the length of `rest` to append.
pub(crate) fn trailing_year(rest: &str) -> Option<usize> {
    let tail = rest.strip_prefix('/')?;
    let n = tail.bytes().take_while(u8::is_ascii_digit).count();
    let year: i32 = tail.get(..n)?.parse().ok()?;
    let after = tail.get(n..)?.chars().next();
    (n == 4
        && (1945..=2099).contains(&year)
        && !after.is_some_and(|c| c.is_alphanumeric() || c == '/'))
    .then_some(1 + n)
}

/// The legislature's term written apart from a National Assembly code: "PL-UBTVQH 10"
/// is `PL-UBTVQH10` (the Standing Committee of the 10th National Assembly). Returns the
/// digits when `symbol` ends in a `QH` code and `rest` is a space, one or two digits and
/// no further letter or digit.
fn spaced_term<'a>(symbol: &str, rest: &'a str) -> Option<&'a str> {
    let last = symbol.rsplit(['-', '/']).next()?;
    if !last.ends_with("QH") {
        return None;
    }
    let tail = rest.strip_prefix(' ')?;
    let n = tail.bytes().take_while(u8::is_ascii_digit).count();
    let after = tail.get(n..)?.chars().next();
    ((1..=2).contains(&n) && !after.is_some_and(|c| c.is_alphanumeric() || c == '/'))
        .then(|| tail.get(..n))
        .flatten()
}

/// An office symbol's last part written with a space, `8869/CV/VP TW` (the party
/// Central Committee's office, `VPTW`): when the symbol so far has two `/` and ends in
/// a short all-capitals part, and `rest` is a space, two or three capitals and then
/// no further capital word, returns the length of `rest` that continues the symbol.
fn spaced_last_code(symbol: &str, rest: &str) -> Option<usize> {
    let last = symbol.rsplit('/').next()?;
    let short_caps =
        |c: &str| (2..=3).contains(&c.chars().count()) && c.chars().all(|c| c.is_uppercase());
    if symbol.matches('/').count() != 2 || !short_caps(last) {
        return None;
    }
    let tail = rest.strip_prefix(' ')?;
    let n = code_len(tail);
    let code = tail.get(..n)?;
    let after = tail.get(n..)?;
    let next_word_capital = after
        .strip_prefix(' ')
        .and_then(|r| r.chars().next())
        .is_some_and(char::is_uppercase);
    (short_caps(code) && !after.starts_with(['/', '-', '&']) && !next_word_capital).then_some(1 + n)
}

/// Whether `head` (the text before a number) ends in a kind's name, optionally
/// followed by `số`: "Nghị định ", "quyết định số ".
fn kind_word_before(head: &str) -> bool {
    let from = head.char_indices().rev().nth(24).map_or(0, |(i, _)| i);
    let folded = crate::text::fold(head.get(from..).unwrap_or_default());
    let mut before = folded.trim_end_matches(' ');
    if let Some(b) = before.strip_suffix(" so") {
        before = b.trim_end_matches(' ');
    }
    DocumentKind::ALL.iter().any(|k| {
        let kind = crate::text::fold(k.vietnamese_name());
        before
            .strip_suffix(kind.as_str())
            .is_some_and(|h| !h.chars().next_back().is_some_and(char::is_alphanumeric))
    })
}

/// The length of the codes at the start of `s` (`CP`, `NQ-CP`, `CT-TTg`): parts of
/// capitals and digits starting with a capital, joined by `-`, the first with at
/// least two capitals; then no further letter, digit or `/`. None otherwise.
fn codes_len(s: &str) -> Option<usize> {
    let mut end = 0;
    loop {
        let tail = s.get(end..)?;
        let n = code_len(tail);
        let code = tail.get(..n)?;
        let first = end == 0;
        if n == 0 || !is_code_part(code) || (first && code.chars().count() < 2) {
            return None;
        }
        end += n;
        match s.get(end..)?.chars().next() {
            Some('-')
                if s.get(end + 1..)
                    .is_some_and(|r| r.starts_with(char::is_uppercase)) =>
            {
                end += 1;
            }
            Some(c) if c.is_alphanumeric() || c == '/' => return None,
            _ => return Some(end),
        }
    }
}

/// Symbols written after a kind's name with a space for a slash or none at all, put
/// in the shape the finder reads: "Nghị định 60 CP" → `60/CP`, "Nghị định 61CP" →
/// `61/CP`, "Nghị quyết 13/2002 NQ-CP" → `13/2002/NQ-CP` (the year's slash written, a
/// type code that names a kind after the space). Only after a kind's name: elsewhere
/// "60 CP" may be a count of anything. None when nothing is mended.
///
/// The number has one to four digits and stands alone before it; the codes are
/// capitals (`TTg` too), the first of two letters or more, and end the word.
pub(crate) fn mend_slashes(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    let mut i = 0;
    while i < b.len() {
        let starts = b.get(i).is_some_and(u8::is_ascii_digit)
            && i > 0
            && b.get(i - 1) == Some(&b' ')
            && kind_word_before(text.get(..i).unwrap_or_default());
        if !starts {
            i += 1;
            continue;
        }
        let digits = b.get(i..).unwrap_or_default();
        let n = digits.iter().take_while(|d| d.is_ascii_digit()).count();
        let j = i + n;
        let rest = text.get(j..).unwrap_or_default();
        // Where the slash goes (a byte to replace, or none to insert) and the codes.
        let mended: Option<(usize, bool)> = if n > 4 {
            None
        } else if let Some(r) = rest.strip_prefix(' ') {
            codes_len(r).map(|_| (j, true))
        } else if rest.starts_with(char::is_uppercase) {
            codes_len(rest).map(|_| (j, false))
        } else if let Some(r) = rest.strip_prefix('/') {
            let y = r.bytes().take_while(u8::is_ascii_digit).count();
            let year: Option<i32> = r.get(..y).and_then(|y| y.parse().ok());
            let after = r
                .get(y..)
                .and_then(|a| a.strip_prefix(' '))
                .unwrap_or_default();
            let type_code = after.get(..code_len(after)).unwrap_or_default();
            let names_kind = super::symbol::kind_from_code(&crate::text::fold(type_code)).is_some()
                && type_code.chars().all(char::is_uppercase);
            (y == 4
                && year.is_some_and(|y| (1945..=2099).contains(&y))
                && names_kind
                && codes_len(after).is_some())
            .then_some((j + 1 + y, true))
        } else {
            None
        };
        match mended {
            Some((at, replace)) => {
                out.push_str(text.get(copied..at).unwrap_or_default());
                out.push('/');
                copied = if replace { at + 1 } else { at };
                i = copied;
            }
            None => i = j.max(i + 1),
        }
    }
    if copied == 0 {
        return None;
    }
    out.push_str(text.get(copied..).unwrap_or_default());
    Some(out)
}

/// A symbol with the next word glued to its last code ("Thông tư 28/2016/TT-BXDsửa
/// đổi"): the code's capitals, then a lower-case word of two letters or more. Returns
/// the symbol without the word. Codes written with one lower-case letter (`TTg`,
/// `TTr`, `NHNo`) stay whole.
pub(crate) fn unglued(number: &str) -> Option<&str> {
    let last = number.rsplit(['/', '-']).next()?;
    let lower = last.chars().rev().take_while(|c| c.is_lowercase()).count();
    let capitals = last.chars().take_while(|c| c.is_uppercase()).count();
    if lower < 2 || capitals < 2 || capitals + lower != last.chars().count() {
        return None;
    }
    let cut = last.char_indices().nth(capitals).map(|(i, _)| i)?;
    number.get(..number.len() - last.len() + cut)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slashes_mended_after_a_kind_only() {
        for (text, want) in [
            (
                "theo Nghị định 60 CP ngày 5/7/1994 của Chính phủ",
                "theo Nghị định 60/CP ngày 5/7/1994 của Chính phủ",
            ),
            ("theo Nghị định 61CP; các", "theo Nghị định 61/CP; các"),
            (
                "theo Nghị quyết 13/2002 NQ-CP và",
                "theo Nghị quyết 13/2002/NQ-CP và",
            ),
            ("Chỉ thị số 22 CT-TTg về", "Chỉ thị số 22/CT-TTg về"),
        ] {
            assert_eq!(mend_slashes(text).as_deref(), Some(want), "{text}");
        }
        for text in [
            // No kind's name before the number.
            "có 60 CP tham dự",
            "hàng 61CP và",
            "năm 13/2002 NQ-CP",
            // A lower-case word, a one-letter code, a longer number, a code running on.
            "Nghị định 60 về",
            "Nghị định 60 C và",
            "Nghị định 12345 CP",
            "Nghị định 60 CPx",
            "Nghị định 60 CP/2",
            // The year's slash only before a type code that names a kind.
            "Nghị quyết 13/2002 UB-CP",
            "Nghị quyết 13/1800 NQ-CP",
            // The text ends inside the form.
            "Nghị định 60",
            "Nghị định 60 ",
            "Nghị định 13/",
            "Nghị định 13/2002",
            "Nghị định 13/2002 ",
            "Nghị định 61Đ",
            "Nghị định 61Đ—",
            // Already in the finder's shape.
            "Nghị định 60/CP",
            "Nghị quyết 13/2002/NQ-CP",
        ] {
            assert_eq!(mend_slashes(text), None, "{text}");
        }
    }

    #[test]
    fn glued_words_cut_from_symbols() {
        assert_eq!(unglued("28/2016/TT-BXDsửa"), Some("28/2016/TT-BXD"));
        assert_eq!(unglued("12/QĐ-UBNDvề"), Some("12/QĐ-UBND"));
        // Codes written with one lower-case letter, all capitals, or no capital run.
        for n in [
            "12/QĐ-TTg",
            "3017/CT-TTr",
            "392/NHNo",
            "28/2016/TT-BXD",
            "02/NKD-ôtô",
            "12/Bsửa",
        ] {
            assert_eq!(unglued(n), None, "{n}");
        }
    }
}
