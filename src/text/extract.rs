//! Extraction of cited official documents and of dates.

use chrono::NaiveDate;

use serde::{Deserialize, Serialize};

use super::fold::fold;

/// The kind of an official document (loại văn bản).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DocumentKind {
    /// Luật.
    Law,
    /// Pháp lệnh (an ordinance of the National Assembly's Standing Committee).
    Ordinance,
    /// Nghị quyết.
    Resolution,
    /// Nghị định.
    Decree,
    /// Quyết định.
    Decision,
    /// Chỉ thị.
    Directive,
    /// Thông tư.
    Circular,
    /// Kế hoạch.
    Plan,
    /// Công văn.
    OfficialLetter,
    /// Thông báo.
    Notice,
    /// Báo cáo.
    Report,
    /// Hướng dẫn.
    Guidance,
    /// Tờ trình.
    Submission,
    /// Chương trình.
    Programme,
    /// Any other kind.
    Other,
}

impl DocumentKind {
    /// All kinds with a Vietnamese name, in a stable order.
    pub const ALL: [DocumentKind; 14] = [
        DocumentKind::Law,
        DocumentKind::Ordinance,
        DocumentKind::Resolution,
        DocumentKind::Decree,
        DocumentKind::Decision,
        DocumentKind::Directive,
        DocumentKind::Circular,
        DocumentKind::Plan,
        DocumentKind::OfficialLetter,
        DocumentKind::Notice,
        DocumentKind::Report,
        DocumentKind::Guidance,
        DocumentKind::Submission,
        DocumentKind::Programme,
    ];

    /// The Vietnamese name, e.g. "Kế hoạch".
    ///
    /// ```
    /// assert_eq!(tintuc::text::DocumentKind::Plan.vietnamese_name(), "Kế hoạch");
    /// ```
    pub fn vietnamese_name(self) -> &'static str {
        match self {
            DocumentKind::Law => "Luật",
            DocumentKind::Ordinance => "Pháp lệnh",
            DocumentKind::Resolution => "Nghị quyết",
            DocumentKind::Decree => "Nghị định",
            DocumentKind::Decision => "Quyết định",
            DocumentKind::Directive => "Chỉ thị",
            DocumentKind::Circular => "Thông tư",
            DocumentKind::Plan => "Kế hoạch",
            DocumentKind::OfficialLetter => "Công văn",
            DocumentKind::Notice => "Thông báo",
            DocumentKind::Report => "Báo cáo",
            DocumentKind::Guidance => "Hướng dẫn",
            DocumentKind::Submission => "Tờ trình",
            DocumentKind::Programme => "Chương trình",
            DocumentKind::Other => "Văn bản",
        }
    }
}

/// An official document cited in text, as found by [`extract_documents`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct ExtractedDocument {
    /// The document number (số ký hiệu) as written, e.g. `08/KH-UBND`, `15/2023/NĐ-CP`.
    pub number: String,
    /// The kind, from the words before the number or else its type code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<DocumentKind>,
    /// The issuing body named by `của …` after the number, e.g. "UBND tỉnh Sóc Trăng".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// The signing date stated after the number (`ngày 22/01/2018`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
}

/// A date found in text, with the byte span it was read from (including a leading
/// `ngày` when present).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ExtractedDate {
    /// The date.
    pub date: NaiveDate,
    /// Byte offset of the start of the match.
    pub start: usize,
    /// Byte offset just past the match.
    pub end: usize,
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// Reads 1–`max` ASCII digits at `i`; returns (value, end).
fn digits(b: &[u8], i: usize, max: usize) -> Option<(u32, usize)> {
    let mut j = i;
    let mut v: u32 = 0;
    while let Some(&d) = b.get(j) {
        if !d.is_ascii_digit() || j - i >= max {
            break;
        }
        v = v * 10 + u32::from(d - b'0');
        j += 1;
    }
    if j == i || b.get(j).is_some_and(|d| d.is_ascii_digit()) {
        None
    } else {
        Some((v, j))
    }
}

/// Skips ASCII spaces (and NBSP) at `i`.
fn spaces(s: &str, mut i: usize) -> usize {
    loop {
        let b = s.as_bytes();
        match b.get(i) {
            Some(b' ' | b'\t') => i += 1,
            Some(0xC2) if b.get(i + 1) == Some(&0xA0) => i += 2,
            _ => return i,
        }
    }
}

/// Matches a word (case-insensitively, any tone style/Unicode form folded) at `i`.
fn word_at(s: &str, i: usize, folded: &str) -> Option<usize> {
    let rest = s.get(i..)?;
    let end = rest
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)))
        .map_or(rest.len(), |(p, _)| p);
    (end > 0 && fold(rest.get(..end)?) == folded).then_some(i + end)
}

/// Parses a date starting exactly at `i` (digits): `d/m/yyyy`, `d-m-yyyy`, `d.m.yyyy` or
/// `d tháng m năm yyyy`. Returns (date-or-invalid, end).
fn date_at(s: &str, i: usize) -> Option<(Option<NaiveDate>, usize)> {
    let b = s.as_bytes();
    let (d, j) = digits(b, i, 2)?;
    if let Some(&sep @ (b'/' | b'-' | b'.')) = b.get(j) {
        let (m, k) = digits(b, j + 1, 2)?;
        if b.get(k) != Some(&sep) {
            return None;
        }
        let (y, e) = digits(b, k + 1, 4)?;
        if e - (k + 1) != 4 {
            return None;
        }
        // Not part of a longer number or code (`22/01/2018/QĐ`).
        if b.get(e).is_some_and(|&c| is_word_byte(c))
            || (matches!(b.get(e), Some(b'/' | b'-' | b'.'))
                && b.get(e + 1).is_some_and(|&c| is_word_byte(c)))
        {
            return None;
        }
        return Some((NaiveDate::from_ymd_opt(y as i32, m, d), e));
    }
    // `17 tháng 8 năm 2018`
    let k = spaces(s, j);
    let k = word_at(s, k, "thang")?;
    let k = spaces(s, k);
    let (m, k) = digits(b, k, 2)?;
    let mut k = spaces(s, k);
    if b.get(k) == Some(&b',') {
        k = spaces(s, k + 1);
    }
    let k = word_at(s, k, "nam")?;
    let k = spaces(s, k);
    let (y, e) = digits(b, k, 4)?;
    if e - k != 4 || b.get(e).is_some_and(|&c| is_word_byte(c)) {
        return None;
    }
    Some((NaiveDate::from_ymd_opt(y as i32, m, d), e))
}

/// Finds dates: `ngày 17/8/2018`, `17/08/2018`, `17 tháng 8 năm 2018` (also `-` and `.`
/// separators). Four-digit years only; impossible dates (`31/2/2018`) are skipped.
///
/// ```
/// use tintuc::text::extract_dates;
/// let s = "Ngày 17/8/2018, hạn chót 31/2/2018; họp 5 tháng 9 năm 2018.";
/// let d: Vec<String> = extract_dates(s).iter().map(|d| d.date.to_string()).collect();
/// assert_eq!(d, ["2018-08-17", "2018-09-05"]);
/// assert_eq!(&s[extract_dates(s)[0].start..extract_dates(s)[0].end], "Ngày 17/8/2018");
/// ```
pub fn extract_dates(s: &str) -> Vec<ExtractedDate> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b.get(i).copied().unwrap_or(0);
        let at_boundary = i == 0 || b.get(i - 1).is_some_and(|&p| !is_word_byte(p) && p != b'/');
        if c.is_ascii_digit() && at_boundary {
            if let Some((date, end)) = date_at(s, i) {
                if let Some(date) = date {
                    out.push(ExtractedDate {
                        date,
                        start: ngay_before(s, i).unwrap_or(i),
                        end,
                    });
                }
                i = end;
                continue;
            }
            while b.get(i).is_some_and(|d| d.is_ascii_alphanumeric()) {
                i += 1;
            }
            continue;
        }
        i += 1;
    }
    out
}

/// Start of a `ngày ` that directly precedes position `i`.
fn ngay_before(s: &str, i: usize) -> Option<usize> {
    let head = s.get(..i)?.trim_end_matches([' ', '\u{00A0}']);
    let (p, _) = head.char_indices().rev().take(4).last()?;
    let word = head.get(p..)?;
    let starts_word = head
        .get(..p)?
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric());
    (starts_word && fold(word) == "ngay").then_some(p)
}

/// Kind from the words before a number (`Kế hoạch số`, `Quyết định`).
fn kind_before(s: &str, i: usize) -> Option<DocumentKind> {
    let head = s.get(..i)?;
    // Look at up to 6 characters-words back: enough for "chương trình số ".
    let start = head
        .char_indices()
        .rev()
        .take(24)
        .last()
        .map_or(0, |(p, _)| p);
    let mut tail = fold(head.get(start..)?);
    let trimmed = tail.trim_end_matches([' ', ':']).to_string();
    tail = trimmed
        .strip_suffix(" so")
        .or_else(|| trimmed.strip_suffix(" so:"))
        .unwrap_or(&trimmed)
        .to_string();
    DocumentKind::ALL.into_iter().find(|k| {
        let name = fold(k.vietnamese_name());
        tail.ends_with(&name)
            && tail.len().checked_sub(name.len() + 1).is_none_or(|p| {
                tail.as_bytes()
                    .get(p)
                    .is_some_and(|c| !c.is_ascii_alphanumeric())
            })
    })
}

/// Kind from the type code of a number (`NĐ` → decree, `KH` → plan).
fn kind_from_code(code: &str) -> Option<DocumentKind> {
    let first = code.split('-').next()?;
    Some(match fold(first).as_str() {
        "nd" => DocumentKind::Decree,
        "pl" => DocumentKind::Ordinance,
        "qd" => DocumentKind::Decision,
        "kh" => DocumentKind::Plan,
        "tt" => DocumentKind::Circular,
        "ttlt" => DocumentKind::Circular,
        "ct" => DocumentKind::Directive,
        "nq" => DocumentKind::Resolution,
        "tb" => DocumentKind::Notice,
        "bc" => DocumentKind::Report,
        "hd" => DocumentKind::Guidance,
        "ttr" => DocumentKind::Submission,
        "ctr" => DocumentKind::Programme,
        "cv" => DocumentKind::OfficialLetter,
        _ => return None,
    })
}

/// Reads a code segment: a capital letter then letters/digits (`KH`, `BGDĐT`, `TTg`, `QH13`).
fn segment(s: &str, i: usize) -> Option<usize> {
    let rest = s.get(i..)?;
    let mut it = rest.char_indices();
    let (_, c0) = it.next()?;
    if !(c0.is_uppercase() && c0.is_alphabetic()) {
        return None;
    }
    let end = it
        .find(|&(_, c)| !c.is_alphanumeric())
        .map_or(rest.len(), |(p, _)| p);
    Some(i + end)
}

/// Parses a document number at `i`: `digits[/yyyy]/CODE(-CODE)*`. Returns (end, code start).
fn number_at(s: &str, i: usize) -> Option<(usize, usize)> {
    let b = s.as_bytes();
    let mut j = i;
    while b.get(j).is_some_and(|c| c.is_ascii_digit()) {
        j += 1;
    }
    // Optional letter suffix on the number (`123a/`) is rare; keep digits only.
    if j == i || j - i > 6 || b.get(j) != Some(&b'/') {
        return None;
    }
    j += 1;
    // Optional year part.
    let mut k = j;
    while b.get(k).is_some_and(|c| c.is_ascii_digit()) {
        k += 1;
    }
    if k > j {
        if k - j != 4 || b.get(k) != Some(&b'/') {
            return None;
        }
        j = k + 1;
    }
    let code_start = j;
    let mut end = segment(s, j)?;
    while b.get(end) == Some(&b'-') {
        match segment(s, end + 1) {
            Some(e) => end = e,
            None => break,
        }
    }
    Some((end, code_start))
}

const ISSUER_STOP: &[&str] = &[
    "ve", "ngay", "da", "dang", "se", "la", "duoc", "cua", "trong", "tai", "voi", "cho", "nham",
    "theo", "thi", "nay", "do", "co", "khong", "de", "khi", "thuc", "to", "ban", "hanh", "quy",
    "viec", "va", "nhu", "sau", "truoc", "tu", "den", "ky", "ghi", "neu", "yeu", "giao", "gui",
    "phe",
];

/// Issuer named by `của …` right after position `i`.
fn issuer_after(s: &str, i: usize) -> Option<String> {
    let mut k = spaces(s, i);
    if s.as_bytes().get(k) == Some(&b',') {
        k = spaces(s, k + 1);
    }
    let k = word_at(s, k, "cua")?;
    let rest = s.get(k..)?;
    let mut words: Vec<&str> = Vec::new();
    let mut last_end = 0;
    for (idx, w) in rest.split(' ').enumerate() {
        // A line break ends the name: "Chính phủ.\nTừ năm" reads "Chính phủ".
        let (w, line_ends) = match w.find(['\n', '\r']) {
            Some(p) => (w.get(..p).unwrap_or_default(), true),
            None => (w, false),
        };
        if w.is_empty() {
            if idx == 0 {
                last_end += 1;
                continue;
            }
            break;
        }
        let core = w.trim_end_matches([',', '.', ';', ':', ')', '"', '”']);
        let clean = core
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '&');
        if !clean || core.is_empty() {
            break;
        }
        let capital = core.chars().next().is_some_and(char::is_uppercase);
        if words.is_empty() && !capital {
            return None;
        }
        if !capital && ISSUER_STOP.contains(&fold(core).as_str()) {
            // "và" inside a ministry name: keep when a capitalised word follows.
            let next_cap = rest
                .get(last_end + w.len() + 1..)
                .and_then(|r| r.chars().next())
                .is_some_and(char::is_uppercase);
            if !(fold(core) == "va" && next_cap) {
                break;
            }
        }
        words.push(core);
        last_end += w.len() + 1;
        if line_ends || core.len() != w.len() || words.len() >= 10 {
            break;
        }
    }
    // Drop trailing lower-case connectors.
    while words.last().is_some_and(|w| {
        fold(w) == "va" || !w.chars().next().is_some_and(char::is_uppercase) && words.len() == 1
    }) {
        words.pop();
    }
    (!words.is_empty()).then(|| words.join(" "))
}

/// Whether the number at `i` is written glued to the abbreviation of its own type
/// code, as in `NĐ31/2001/NĐ-CP`: the capitals right before `i` start a word and,
/// folded, equal the first code of the symbol that follows.
fn glued_to_code(s: &str, i: usize) -> bool {
    let Some(head) = s.get(..i) else {
        return false;
    };
    let start = head
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_uppercase())
        .last()
        .map(|(p, _)| p);
    let Some(start) = start else {
        return false;
    };
    let word_start = head
        .get(..start)
        .and_then(|h| h.chars().next_back())
        .is_none_or(|c| !c.is_alphanumeric());
    let Some((end, code_start)) = number_at(s, i) else {
        return false;
    };
    let prefix = head.get(start..).unwrap_or_default();
    let first_code = s
        .get(code_start..end)
        .and_then(|c| c.split('-').next())
        .unwrap_or_default();
    word_start && prefix.chars().count() >= 2 && fold(prefix) == fold(first_code)
}

/// Finds cited official documents: `Kế hoạch số 08/KH-UBND ngày 22/01/2018 của UBND tỉnh
/// Sóc Trăng`, `Quyết định 1989/QĐ-BGDĐT`, `15/2023/NĐ-CP`. The kind comes from the words
/// before the number, else from its type code (`NĐ` → decree); the date and issuer are
/// filled when stated right after it. Repeated numbers are reported once (first mention,
/// details merged).
///
/// ```
/// use tintuc::text::{extract_documents, DocumentKind};
/// let d = extract_documents("Thực hiện Kế hoạch số 08/KH-UBND ngày 22/01/2018 của UBND tỉnh Sóc Trăng, theo 15/2023/NĐ-CP.");
/// assert_eq!(d[0].number, "08/KH-UBND");
/// assert_eq!(d[0].kind, Some(DocumentKind::Plan));
/// assert_eq!(d[0].date.unwrap().to_string(), "2018-01-22");
/// assert_eq!(d[0].issuer.as_deref(), Some("UBND tỉnh Sóc Trăng"));
/// assert_eq!(d[1].number, "15/2023/NĐ-CP");
/// assert_eq!(d[1].kind, Some(DocumentKind::Decree));
/// ```
pub fn extract_documents(s: &str) -> Vec<ExtractedDocument> {
    let b = s.as_bytes();
    let mut out: Vec<ExtractedDocument> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b.get(i).copied().unwrap_or(0);
        let at_boundary = i == 0 || b.get(i - 1).is_some_and(|&p| !is_word_byte(p) && p != b'/');
        if !(c.is_ascii_digit() && (at_boundary || glued_to_code(s, i))) {
            i += 1;
            continue;
        }
        let Some((end, code_start)) = number_at(s, i) else {
            while b.get(i).is_some_and(|d| d.is_ascii_alphanumeric()) {
                i += 1;
            }
            continue;
        };
        let number = s.get(i..end).unwrap_or_default().to_string();
        let code = s.get(code_start..end).unwrap_or_default();
        let kind = kind_before(s, i).or_else(|| kind_from_code(code));
        // Date: "ngày dd/mm/yyyy" (or a bare date) right after the number.
        let mut after = end;
        let mut date = None;
        let mut k = spaces(s, end);
        if b.get(k) == Some(&b',') {
            k = spaces(s, k + 1);
        }
        if let Some(k2) = word_at(s, k, "ngay") {
            let k3 = spaces(s, k2);
            if let Some((d, e)) = date_at(s, k3) {
                date = d;
                after = e;
            }
        }
        let issuer = issuer_after(s, after);
        let doc = ExtractedDocument {
            number,
            kind,
            issuer,
            date,
        };
        match out.iter_mut().find(|d| d.number == doc.number) {
            Some(prev) => {
                prev.kind = prev.kind.or(doc.kind);
                prev.date = prev.date.or(doc.date);
                if prev.issuer.is_none() {
                    prev.issuer = doc.issuer;
                }
            }
            None => out.push(doc),
        }
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents() {
        let d = extract_documents("Căn cứ Quyết định 1989/QĐ-BGDĐT và Chỉ thị số 05/CT-TTg ngày 15 tháng 5 năm 2016 của Thủ tướng Chính phủ về việc");
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].number, "1989/QĐ-BGDĐT");
        assert_eq!(d[0].kind, Some(DocumentKind::Decision));
        assert_eq!(d[0].issuer, None);
        assert_eq!(d[1].number, "05/CT-TTg");
        assert_eq!(d[1].kind, Some(DocumentKind::Directive));
        assert_eq!(d[1].date, NaiveDate::from_ymd_opt(2016, 5, 15));
        assert_eq!(d[1].issuer.as_deref(), Some("Thủ tướng Chính phủ"));
        let d = extract_documents("Thông tư 01/2018/TT-BTC của Bộ Giáo dục và Đào tạo quy định");
        assert_eq!(d[0].issuer.as_deref(), Some("Bộ Giáo dục và Đào tạo"));
        assert_eq!(d[0].kind, Some(DocumentKind::Circular));
        assert!(extract_documents("tỉ số 2/3, ngày 17/8/2018, 1/2 giờ").is_empty());
        let d = extract_documents("Theo NĐ31/2001/NĐ-CP, khung; mã AB12/QĐ-UB; QĐ12/NĐ-CP");
        let n: Vec<&str> = d.iter().map(|d| d.number.as_str()).collect();
        assert_eq!(n, ["31/2001/NĐ-CP"]);
        let d =
            extract_documents("Nghị định 38/CP ngày 30-5-1995 của Thủ tướng Chính phủ.\nTừ năm");
        assert_eq!(d[0].issuer.as_deref(), Some("Thủ tướng Chính phủ"));
        let d = extract_documents(
            "Quyết định số 01/QĐ-XPHC ngày 10-1-2006 của Thanh tra Bộ VHTT ghi rõ, tác giả",
        );
        assert_eq!(d[0].issuer.as_deref(), Some("Thanh tra Bộ VHTT"));
    }

    #[test]
    fn dates() {
        let s =
            "ngày 17/8/2018 và 17 tháng 8 năm 2018, 17/08/2018; 31/2/2018; 1/1/18; 22/01/2018/QĐ";
        let d: Vec<_> = extract_dates(s).into_iter().map(|d| d.date).collect();
        let x = NaiveDate::from_ymd_opt(2018, 8, 17).unwrap();
        assert_eq!(d, [x, x, x]);
    }
}
