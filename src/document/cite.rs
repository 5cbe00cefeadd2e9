//! Citations of documents in article text: finding them, and where they are.
//!
//! The finder is [`crate::text::extract_documents`]; this file is the one place that
//! calls it, so the rest of the module depends only on [`CitedDocument`].

use std::borrow::Cow;
use std::ops::Range;

use crate::model::{Article, CitedDocument, DocumentKind};

use super::written::{mend_slashes, run_on, trailing_year, unglued};
use super::Symbol;

/// Text made ready for extraction: legacy encodings and mojibake undone
/// ([`crate::text::repair::repair`]), NFC, the look-alike `Ð` (U+00D0) read as `Đ`, and
/// `&amp;` left over from HTML read as `&`.
///
/// ```
/// use tintuc::document::prepare_text;
/// assert_eq!(prepare_text("Nghị định 30/2020/NÐ-CP"), "Nghị định 30/2020/NĐ-CP");
/// assert_eq!(prepare_text("Ke\u{302}\u{301} hoa\u{323}ch"), "Kế hoạch");
/// assert_eq!(prepare_text("KÕ ho¹ch sè 08/KH-UBND"), "Kế hoạch số 08/KH-UBND");
/// ```
pub fn prepare_text(text: &str) -> Cow<'_, str> {
    let repaired = crate::text::repair::repair(text).text;
    let nfc = match crate::text::nfc(&repaired) {
        Cow::Borrowed(_) => repaired,
        Cow::Owned(s) => Cow::Owned(s),
    };
    if nfc.contains(['Ð', 'ð']) || nfc.contains("&amp;") {
        Cow::Owned(
            nfc.replace('Ð', "Đ")
                .replace('ð', "đ")
                .replace("&amp;", "&"),
        )
    } else {
        nfc
    }
}

/// Whether `b` may sit next to a symbol without being part of it.
fn outside_symbol(c: Option<char>) -> bool {
    !c.is_some_and(|c| c.is_alphanumeric() || c == '/' || c == '&')
}

/// Byte ranges of party-form symbols (`49-NQ/TW`, `05-CT/TW`) in `s`.
fn party_forms(s: &str) -> Vec<Range<usize>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let starts = b.get(i).is_some_and(u8::is_ascii_digit)
            && outside_symbol(s.get(..i).and_then(|h| h.chars().next_back()))
            && !(i > 0 && b.get(i - 1) == Some(&b'-'));
        if !starts {
            i += 1;
            continue;
        }
        let mut j = i;
        while b.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        let code = |k: usize| {
            let mut e = k;
            while s
                .get(e..)
                .and_then(|r| r.chars().next())
                .is_some_and(|c| c.is_uppercase() || (e > k && c.is_alphanumeric()))
            {
                e += s
                    .get(e..)
                    .and_then(|r| r.chars().next())
                    .map_or(1, char::len_utf8);
            }
            (e > k).then_some(e)
        };
        let found = (j - i <= 4 && b.get(j) == Some(&b'-'))
            .then(|| code(j + 1))
            .flatten()
            .filter(|&e| b.get(e) == Some(&b'/'))
            .and_then(|e| code(e + 1))
            .filter(|&e| outside_symbol(s.get(e..).and_then(|r| r.chars().next())));
        match found {
            Some(e) => {
                out.push(i..e);
                i = e;
            }
            None => i = j.max(i + 1),
        }
    }
    out
}

/// Official documents cited in `text`: `Kế hoạch số 08/KH-UBND ngày 22/01/2018 của UBND
/// tỉnh Sóc Trăng`, `KH số 08/KH-UBND`, `08/2018/KH-UBND`, `Nghị định 30/2020/NĐ-CP`,
/// `Nghị quyết số 49-NQ/TW`, dates as `22/01/2018`, `22-01-2018` or `ngày 22 tháng 01
/// năm 2018`. The text goes through [`prepare_text`] first, so legacy-encoded and NFD
/// text give the same citations as clean text. A symbol written after a kind's name
/// with a space for a slash or none ("Nghị định 60 CP", "Nghị định 61CP") is reported
/// with the slash (`60/CP`), so [`symbol_spans`] does not find it in the text as
/// written. An issuer "UBND TP" takes the one centrally-run city the text names.
///
/// ```
/// use tintuc::document::cited_in;
/// use tintuc::model::DocumentKind;
/// let c = cited_in("Căn cứ Nghị quyết số 49-NQ/TW ngày 02/6/2005 của Bộ Chính trị và KH số 16/KH-KTĐ ngày 26-02-2018.");
/// assert_eq!(c[0].number, "49-NQ/TW");
/// assert_eq!(c[0].kind, Some(DocumentKind::Resolution));
/// assert_eq!(c[0].issuer.as_deref(), Some("Bộ Chính trị"));
/// assert_eq!(c[1].number, "16/KH-KTĐ");
/// assert_eq!(c[1].date.map(|d| d.to_string()).as_deref(), Some("2018-02-26"));
/// let c = cited_in("theo Nghị định 60 CP ngày 5/7/1994 của Chính phủ");
/// assert_eq!(c[0].number, "60/CP");
/// assert_eq!(c[0].issuer.as_deref(), Some("Chính phủ"));
/// ```
pub fn cited_in(text: &str) -> Vec<CitedDocument> {
    let mut found = find(text);
    found.retain(plausible);
    for d in &mut found {
        // The type code outranks the words before the number: in "quyết định kỷ luật
        // số 442-QĐ/TU" the words end in "luật", the code says decision.
        if let Some(k) = Symbol::new(d.number.as_str()).ok().and_then(|s| s.kind()) {
            d.kind = Some(k);
        }
        if let Some(issuer) = d.issuer.take() {
            d.issuer = trim_issuer(&issuer).map(|i| signer_to_body(d.kind, i));
        }
    }
    found
}

/// A decree (nghị định) is issued by the Government and signed by the Prime Minister
/// on its behalf, so "Nghị định 38/CP … của Thủ tướng Chính phủ" names the signer: the
/// issuer is "Chính phủ".
fn signer_to_body(kind: Option<DocumentKind>, issuer: String) -> String {
    let folded = crate::text::fold(&issuer);
    if kind != Some(DocumentKind::Decree) {
        issuer
    } else if folded == "thu tuong chinh phu" {
        issuer
            .split_once(' ')
            .and_then(|(_, r)| r.split_once(' '))
            .map_or(issuer.clone(), |(_, body)| body.to_string())
    } else if folded == "thu tuong" {
        "Chính phủ".to_string()
    } else {
        issuer
    }
}

/// Editions of an operating system written after a version number ("Windows 2000/XP",
/// "98/ME/NT", "98/SE"): no issuing body or document type is written so.
const SOFTWARE_CODES: &[&str] = &["XP", "ME", "NT", "SE"];

/// Whether a number the finder read looks like a document and not a version list or
/// an address (`98/Me`, `712/A6`, `2000/XP`): a kind is known, or a year is written in
/// it, or its type code has at least two letters, all capitals, and is no software
/// edition.
fn plausible(d: &CitedDocument) -> bool {
    let Ok(symbol) = Symbol::new(d.number.as_str()) else {
        return false;
    };
    if d.kind.is_some() || symbol.year().is_some() {
        return true;
    }
    let after_number = d.number.split_once(['/', '-']).map_or("", |x| x.1);
    let code = after_number.split(['-', '/']).next().unwrap_or_default();
    let letters = code.chars().filter(|c| c.is_alphabetic()).count();
    // A Roman numeral is a grade or a level ("nhà diện 2/IV", "cấp 3/II"), not a code.
    let roman = code.chars().all(|c| matches!(c, 'I' | 'V' | 'X'));
    letters >= 2
        && !code.chars().any(char::is_lowercase)
        && !roman
        && !SOFTWARE_CODES.contains(&code)
}

/// Cuts an issuer name where the next citation begins: "Bộ Chính trị và KH số" →
/// "Bộ Chính trị" (the finder reads on through capitalised words after `và`).
fn trim_issuer(issuer: &str) -> Option<String> {
    let words: Vec<&str> = issuer.split(' ').collect();
    let mut end = words.len();
    for (i, w) in words.iter().enumerate().skip(1) {
        let f = crate::text::fold(w);
        let is_code =
            w.chars().all(|c| c.is_uppercase()) && super::symbol::kind_from_code(&f).is_some();
        // Compared with tone marks: "Chí" (of "Hồ Chí Minh") is no "Chỉ" (thị).
        let lower = w.to_lowercase();
        let is_kind = DocumentKind::ALL
            .iter()
            .any(|k| k.vietnamese_name().to_lowercase().split(' ').next() == Some(lower.as_str()));
        if f == "so" || is_code || (is_kind && w.chars().next().is_some_and(char::is_uppercase)) {
            end = i;
            break;
        }
    }
    while end > 0
        && words
            .get(end - 1)
            .is_some_and(|w| crate::text::fold(w) == "va")
    {
        end -= 1;
    }
    let name = words.get(..end).unwrap_or_default().join(" ");
    (!name.is_empty()).then_some(name)
}

/// Words that name a numbered paper that is not an official document: a task force
/// named after its founding decision ("Ban chỉ đạo 138/CP", "Ban chỉ đạo chương trình
/// 127/TW"), a product's quality registration (CBCL, công bố chất lượng), a map sheet, a customs
/// declaration, an invoice, a bill of lading, a receipt, a certificate, a contract, a
/// licence, a judgement, an indictment, an investigation's conclusion.
const NOT_DOCUMENTS: &[&str] = &[
    "ban chi dao",
    "ban chi dao chuong trinh",
    "cbcl",
    "ban do",
    "chung chi",
    "to khai",
    "hoa don",
    "van don",
    "bien lai",
    "giay chung nhan",
    "hop dong",
    "hop dong kinh te",
    "giay phep",
    "ban an",
    "cao trang",
    "ket luan dieu tra",
    "ket luan",
    "khang nghi",
];

/// Type codes of numbered papers that are not official documents: economic contracts,
/// first- and second-instance criminal and civil judgements, licences, product
/// standard registrations (CBTC, công bố tiêu chuẩn).
const NOT_DOCUMENT_CODES: &[&str] = &["hdkt", "hsst", "hspt", "dsst", "dspt", "gp", "gpkd", "cbtc"];

/// Whether the words just before the first stand-alone mention of `number` name a
/// paper that is not an official document ("hợp đồng số 297/HĐKT").
fn named_as_other(text: &str, number: &str) -> bool {
    // The finder's number may be the head of a longer one (`02/NKD` of
    // `02/NKD-ôtô/KVI-CL`), so only the start of the mention must stand alone.
    let start = text.match_indices(number).map(|(at, _)| at).find(|&at| {
        !text
            .get(..at)
            .and_then(|h| h.chars().next_back())
            .is_some_and(|c| c.is_alphanumeric() || c == '/')
    });
    let Some(start) = start else {
        return false;
    };
    let head = text.get(..start).unwrap_or_default();
    // A task force named "Ban" and its number ("Ban 127/TW"): the capital tells the
    // board (ban) from a copy (bản) and from "văn bản".
    let bare = head.trim_end_matches(' ');
    if bare
        .strip_suffix("Ban")
        .is_some_and(|h| !h.chars().next_back().is_some_and(char::is_alphanumeric))
    {
        return true;
    }
    let start = head.char_indices().rev().nth(60).map_or(0, |(i, _)| i);
    let mut before = crate::text::fold(head.get(start..).unwrap_or_default());
    for cut in [" so", "(so", " :", ":"] {
        if let Some(b) = before.trim_end_matches(' ').strip_suffix(cut) {
            before = b.to_string();
        }
    }
    let mut before = before.trim_end_matches(['(', ' ']);
    let names_other = |before: &str| {
        NOT_DOCUMENTS.iter().any(|w| {
            before.ends_with(w)
                && before.len().checked_sub(w.len() + 1).is_none_or(|p| {
                    !before
                        .as_bytes()
                        .get(p)
                        .is_some_and(u8::is_ascii_alphanumeric)
                })
        })
    };
    // The paper's name may go on with up to four words of what it is for ("giấy phép
    // xây dựng", "giấy chứng nhận đăng ký phát hành"), none of them a document's kind.
    for _ in 0..5 {
        if names_other(before) {
            return true;
        }
        let names_kind = DocumentKind::ALL.iter().any(|k| {
            let kind = crate::text::fold(k.vietnamese_name());
            before == kind || before.ends_with(&format!(" {kind}"))
        });
        let Some((rest, _)) = before.rsplit_once(' ') else {
            return false;
        };
        if names_kind {
            return false;
        }
        before = rest;
    }
    false
}

/// Whether every mention of `number` is the tail of a dashed number, as `99/PTSC-SERV`
/// in "hợp đồng số 03-99/PTSC-SERV": digits and a dash right before it. The finder
/// starts after the dash; the whole is no document symbol.
fn tail_of_dashed_number(text: &str, number: &str) -> bool {
    let mut any = false;
    for (at, _) in text.match_indices(number) {
        any = true;
        let head = text.get(..at).unwrap_or_default();
        let dashed = head
            .strip_suffix('-')
            .is_some_and(|h| h.ends_with(|c: char| c.is_ascii_digit()));
        if !dashed {
            return false;
        }
    }
    any
}

/// The date of issue written after a number in the ways the finder does not read:
/// in parentheses ("Nghị định 52/NĐ-CP (ngày 8.7.1999)"), after "ký" or "ban hành"
/// ("Quyết định 1207/QĐ-UB ký ngày 23.3.2005", "(ban hành ngày 16.7.1996)"). The date
/// must follow "ngày" and state its year.
fn date_after(text: &str, number: &str) -> Option<chrono::NaiveDate> {
    for (at, m) in text.match_indices(number) {
        let before = text.get(..at).and_then(|h| h.chars().next_back());
        if before.is_some_and(|c| c.is_alphanumeric() || c == '/' || c == '-') {
            continue;
        }
        let mut rest = text
            .get(at + m.len()..)
            .unwrap_or_default()
            .trim_start_matches([' ', ',', '(']);
        for lead in [
            "được ký ban hành ",
            "ký ban hành ",
            "được ký ",
            "ký ",
            "ban hành ",
        ] {
            if let Some(r) = rest.strip_prefix(lead) {
                rest = r;
                break;
            }
        }
        if !rest.starts_with("ngày ") {
            continue;
        }
        let window_end = rest.char_indices().nth(40).map_or(rest.len(), |(i, _)| i);
        let window = rest.get(..window_end).unwrap_or_default();
        if let Some(d) = crate::text::extract_dates(window).first() {
            if d.start == 0 {
                return Some(d.date);
            }
        }
    }
    None
}

/// A year of issue written after a number without a full date: "Nghị định 38/CP năm
/// 2000", after the issuer ("15/CP của Chính phủ năm 2003", `issuer` as read after
/// `của`), or a month ("24/QĐ/TTYT, tháng 3-2005", "tháng 3/2005", "tháng 3 năm 2005").
/// The year has four digits, 1945–2099, and no digit follows.
fn year_after(text: &str, number: &str, issuer: Option<&str>) -> Option<i32> {
    let year_at = |s: &str| -> Option<i32> {
        let n = s.bytes().take_while(u8::is_ascii_digit).count();
        let y: i32 = s.get(..n)?.parse().ok()?;
        (n == 4 && (1945..=2099).contains(&y)).then_some(y)
    };
    for (at, m) in text.match_indices(number) {
        let before = text.get(..at).and_then(|h| h.chars().next_back());
        if before.is_some_and(|c| c.is_alphanumeric() || c == '/' || c == '-') {
            continue;
        }
        let mut rest = text
            .get(at + m.len()..)
            .unwrap_or_default()
            .trim_start_matches([' ', ',', '(']);
        if let Some(name) = issuer {
            if let Some(r) = rest.strip_prefix("của ").and_then(|r| r.strip_prefix(name)) {
                rest = r;
            }
            rest = rest.trim_start_matches(' ');
        }
        if let Some(y) = rest.strip_prefix("năm ").and_then(year_at) {
            return Some(y);
        }
        if let Some(r) = rest.strip_prefix("tháng ") {
            let n = r.bytes().take_while(u8::is_ascii_digit).count();
            let month: u32 = r.get(..n).and_then(|m| m.parse().ok()).unwrap_or(0);
            let after = r.get(n..).unwrap_or_default();
            let tail = after
                .strip_prefix('-')
                .or_else(|| after.strip_prefix('/'))
                .or_else(|| after.strip_prefix(" năm "));
            if let Some(y) = tail.filter(|_| (1..=12).contains(&month)).and_then(year_at) {
                return Some(y);
            }
        }
    }
    None
}

fn find(text: &str) -> Vec<CitedDocument> {
    let prepared = prepare_text(text);
    let prepared = match mend_slashes(&prepared) {
        Some(mended) => Cow::Owned(mended),
        None => prepared,
    };
    let mut found = find_prepared(&prepared);
    found.retain(|d| {
        let code = Symbol::new(d.number.as_str()).map(|s| s.type_code().to_string());
        !named_as_other(&prepared, &d.number)
            && !tail_of_dashed_number(&prepared, &d.number)
            && !code.is_ok_and(|c| NOT_DOCUMENT_CODES.contains(&c.as_str()))
    });
    for d in &mut found {
        if let Some(cut) = unglued(&d.number) {
            d.number = cut.to_string();
        }
        if let Some(issuer) = super::issuer::issuer_after(&prepared, &d.number) {
            d.issuer = Some(issuer);
        }
        if let Some(full) = d
            .issuer
            .as_deref()
            .and_then(|i| super::issuer::with_city(i, &prepared))
        {
            d.issuer = Some(full);
        }
        if d.date.is_none() {
            d.date = date_after(&prepared, &d.number);
        }
        if let Some((longer, written)) = run_on(&prepared, &d.number) {
            // A dash written with spaces ("62/CV - VTC ký ngày 27-2-2006"): the date and
            // the issuer stand after the whole symbol, so they are read again there.
            if !prepared.contains(longer.as_str()) {
                let mended = format!(
                    "{}{longer}{}",
                    prepared.get(..written.start).unwrap_or_default(),
                    prepared.get(written.end..).unwrap_or_default()
                );
                if d.date.is_none() {
                    d.date = date_after(&mended, &longer);
                }
                if d.issuer.is_none() {
                    d.issuer = super::issuer::issuer_after(&mended, &longer);
                }
            }
            d.number = longer;
        }
        // The year after the codes is read only when the words before the number name
        // a kind ("Nghị định 121/NĐ/2004"): elsewhere `N/CODE/YYYY` may be a file's or
        // a contract's number.
        if !d.number.contains('.') && kind_named_before(&prepared, &d.number) {
            let symbol_year = Symbol::new(d.number.as_str()).ok().and_then(|s| s.year());
            let extra = stand_alone_rest(&prepared, &d.number).and_then(trailing_year);
            if let (None, Some(n)) = (symbol_year, extra) {
                if let Some(rest) = stand_alone_rest(&prepared, &d.number) {
                    d.number.push_str(rest.get(..n).unwrap_or_default());
                }
            }
        }
        if d.date.is_none() {
            d.year = year_after(&prepared, &d.number, d.issuer.as_deref());
        }
    }
    found
}

/// Whether the words right before the first stand-alone mention of `number` name a
/// document kind ("Nghị định 121/NĐ/2004", "công văn số 12/UB/2004").
fn kind_named_before(text: &str, number: &str) -> bool {
    let Some(rest) = stand_alone_rest(text, number) else {
        return false;
    };
    let start = text.len() - rest.len() - number.len();
    let head = text.get(..start).unwrap_or_default();
    let from = head.char_indices().rev().nth(30).map_or(0, |(i, _)| i);
    let mut before = crate::text::fold(head.get(from..).unwrap_or_default());
    for cut in [" so", " so:", ":"] {
        let trimmed = before.trim_end_matches(' ');
        if let Some(b) = trimmed.strip_suffix(cut) {
            before = b.to_string();
        }
    }
    let before = before.trim_end_matches(' ');
    DocumentKind::ALL.iter().any(|k| {
        let kind = crate::text::fold(k.vietnamese_name());
        before
            .strip_suffix(kind.as_str())
            .is_some_and(|h| !h.chars().next_back().is_some_and(|c| c.is_alphanumeric()))
    })
}

/// The text right after the first stand-alone mention of `number`.
fn stand_alone_rest<'a>(text: &'a str, number: &str) -> Option<&'a str> {
    text.match_indices(number).find_map(|(at, m)| {
        let before = text.get(..at).and_then(|h| h.chars().next_back());
        (!before.is_some_and(|c| c.is_alphanumeric() || c == '/'))
            .then(|| text.get(at + m.len()..))
            .flatten()
    })
}

fn find_prepared(prepared: &str) -> Vec<CitedDocument> {
    let party = party_forms(prepared);
    if party.is_empty() {
        return crate::text::extract_documents(prepared)
            .into_iter()
            .map(CitedDocument::from)
            .collect();
    }
    // `49-NQ/TW` → `49/NQ-TW`: the same bytes, in the shape the finder reads.
    let mut swapped = prepared.to_string();
    let prepared = Cow::Borrowed(prepared);
    let mut originals = Vec::new();
    for r in &party {
        let Some(orig) = prepared.get(r.clone()) else {
            continue;
        };
        let rewritten: String = orig
            .chars()
            .map(|c| match c {
                '-' => '/',
                '/' => '-',
                c => c,
            })
            .collect();
        swapped.replace_range(r.clone(), &rewritten);
        originals.push((rewritten, orig.to_string()));
    }
    let mut found = crate::text::extract_documents(&swapped);
    for d in &mut found {
        if let Some((_, orig)) = originals.iter().find(|(w, _)| *w == d.number) {
            d.number = orig.clone();
        }
    }
    found.into_iter().map(CitedDocument::from).collect()
}

/// Every document an article cites: its curated [`Article::documents`] first, then those
/// found in its title, lead and body text ([`cited_in`]). Mentions of one symbol key
/// are merged: the first one wins and later ones fill its missing kind, date and issuer.
///
/// ```
/// use tintuc::document::article_citations;
/// let a = &tintuc::import::sample_articles()?[0];
/// let c = article_citations(a);
/// assert_eq!(c[0].number, "08/KH-UBND");
/// # Ok::<(), tintuc::import::ImportError>(())
/// ```
pub fn article_citations(article: &Article) -> Vec<CitedDocument> {
    let mut out: Vec<(Option<String>, CitedDocument)> = Vec::new();
    let mut add = |d: CitedDocument| {
        let key = Symbol::new(d.number.as_str()).ok().map(|s| {
            format!(
                "{}#{}",
                s.key(),
                s.year().map_or(String::new(), |y| y.to_string())
            )
        });
        let same = out.iter_mut().find(|(k, prev)| match (k, &key) {
            (Some(a), Some(b)) => a == b,
            _ => prev.number == d.number,
        });
        match same {
            Some((_, prev)) => {
                prev.kind = prev.kind.or(d.kind);
                prev.date = prev.date.or(d.date);
                prev.year = prev.year.or(d.year);
                if prev.issuer.is_none() {
                    prev.issuer = d.issuer;
                }
            }
            None => out.push((key, d)),
        }
    };
    for d in &article.documents {
        add(d.clone());
    }
    let mut text = article.title.clone();
    if let Some(l) = &article.lead {
        text.push('\n');
        text.push_str(l);
    }
    text.push('\n');
    text.push_str(&article.body_text());
    for d in cited_in(&text) {
        add(d);
    }
    out.into_iter().map(|(_, d)| d).collect()
}

/// Where the symbols `numbers` occur in `text`, as `(byte range, index into numbers)`,
/// in text order, never overlapping (at one place the longest symbol wins). An
/// occurrence must stand alone: `8/KH-UBND` is not found inside `08/KH-UBND`.
///
/// ```
/// use tintuc::document::symbol_spans;
/// let t = "Theo Kế hoạch 08/KH-UBND và 108/KH-UBND; lại 08/KH-UBND.";
/// let s = symbol_spans(t, &["08/KH-UBND"]);
/// assert_eq!(s.len(), 2);
/// assert_eq!(&t[s[0].0.clone()], "08/KH-UBND");
/// ```
pub fn symbol_spans(text: &str, numbers: &[&str]) -> Vec<(Range<usize>, usize)> {
    let mut spans: Vec<(Range<usize>, usize)> = Vec::new();
    for (n, number) in numbers.iter().enumerate() {
        if number.is_empty() {
            continue;
        }
        for (at, m) in text.match_indices(number) {
            let end = at + m.len();
            let before = text.get(..at).and_then(|h| h.chars().next_back());
            let after = text.get(end..).and_then(|r| r.chars().next());
            let bad_before = before.is_some_and(|c| c.is_alphanumeric() || c == '/' || c == '-');
            let bad_after = after.is_some_and(|c| c.is_alphanumeric() || c == '&')
                || (matches!(after, Some('/' | '-'))
                    && text
                        .get(end + 1..)
                        .and_then(|r| r.chars().next())
                        .is_some_and(char::is_alphanumeric));
            if !bad_before && !bad_after {
                spans.push((at..end, n));
            }
        }
    }
    spans.sort_by(|a, b| a.0.start.cmp(&b.0.start).then(b.0.end.cmp(&a.0.end)));
    let mut out: Vec<(Range<usize>, usize)> = Vec::with_capacity(spans.len());
    for s in spans {
        if out.last().is_some_and(|l| s.0.start < l.0.end) {
            continue;
        }
        out.push(s);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_from_the_issue() {
        let cases = [
            (
                "Kế hoạch số 08/KH-UBND ngày 22/01/2018 của UBND tỉnh Sóc Trăng về",
                "08/KH-UBND",
                Some(DocumentKind::Plan),
                Some("2018-01-22"),
                Some("UBND tỉnh Sóc Trăng"),
            ),
            (
                "theo KH số 08/KH-UBND ngày 22-01-2018.",
                "08/KH-UBND",
                Some(DocumentKind::Plan),
                Some("2018-01-22"),
                None,
            ),
            (
                "theo 08/2018/KH-UBND.",
                "08/2018/KH-UBND",
                Some(DocumentKind::Plan),
                None,
                None,
            ),
            (
                "Nghị định 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ",
                "30/2020/NĐ-CP",
                Some(DocumentKind::Decree),
                Some("2020-03-05"),
                Some("Chính phủ"),
            ),
            (
                "Quyết định số 1234/QĐ-UBND ngày 22 tháng 01 năm 2018",
                "1234/QĐ-UBND",
                Some(DocumentKind::Decision),
                Some("2018-01-22"),
                None,
            ),
            (
                "Nghị định 30/2020/NÐ-CP",
                "30/2020/NĐ-CP",
                Some(DocumentKind::Decree),
                None,
                None,
            ),
            (
                "Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị",
                "05-CT/TW",
                Some(DocumentKind::Directive),
                Some("2016-05-15"),
                Some("Bộ Chính trị"),
            ),
        ];
        for (text, number, kind, date, issuer) in cases {
            let c = cited_in(text);
            assert_eq!(c.len(), 1, "{text}: {c:?}");
            let c = &c[0];
            assert_eq!(c.number, number, "{text}");
            assert_eq!(c.kind, kind, "{text}");
            assert_eq!(c.date.map(|d| d.to_string()).as_deref(), date, "{text}");
            assert_eq!(c.issuer.as_deref(), issuer, "{text}");
        }
    }

    #[test]
    fn legacy_and_nfd_read_as_clean() {
        let clean =
            "Thực hiện Kế hoạch số 08/KH-UBND ngày 22/01/2018 của UBND tỉnh Sóc Trăng về thi đua";
        let nfd: String = unicode_normalization::UnicodeNormalization::nfd(clean).collect();
        assert_eq!(cited_in(&nfd), cited_in(clean));
        assert_eq!(
            cited_in(clean)[0].issuer.as_deref(),
            Some("UBND tỉnh Sóc Trăng")
        );
    }

    #[test]
    fn spans_stand_alone() {
        let t = "08/KH-UBND, 08/KH-UBND-X, 1/08/KH-UBND, (08/KH-UBND)";
        let s = symbol_spans(t, &["08/KH-UBND"]);
        let got: Vec<&str> = s.iter().map(|(r, _)| &t[r.clone()]).collect();
        assert_eq!(got, ["08/KH-UBND", "08/KH-UBND"]);
        assert_eq!(s[1].0.start, t.rfind("08/KH-UBND").unwrap());
        assert!(party_forms("a 49-NQ/TW b 1-2/3 c 12-AB").len() == 1);
        let found = cited_in("Windows 98/Me, nhà 712/A6 Lê Hồng Phong, công văn 381/UB");
        let numbers: Vec<&str> = found.iter().map(|d| d.number.as_str()).collect();
        assert_eq!(numbers, ["381/UB"]);
        let found =
            cited_in("Thông tư liên tịch số 01/2017/TTLT-BCA-BQP-BTC-BNN&PTNT-VKSNDTC, bảo đảm");
        assert_eq!(found[0].number, "01/2017/TTLT-BCA-BQP-BTC-BNN&PTNT-VKSNDTC");
        for (text, number) in [
            ("Nghị định 67/2001/NĐ- CP ngày 1- 10- 2001", "67/2001/NĐ-CP"),
            ("theo Nghị định 20/NĐ - CP nên", "20/NĐ-CP"),
            ("Công văn số 1943/KH/ĐTXD gửi", "1943/KH/ĐTXD"),
            (
                "công văn số 176/STM&amp;DL-XTTM ngày 3-3-2006",
                "176/STM&DL-XTTM",
            ),
            (
                "Quyết định 210/2004/QĐ-UB - Chỉ thị 16/2004/CT-UB",
                "210/2004/QĐ-UB",
            ),
        ] {
            assert_eq!(cited_in(text)[0].number, number, "{text}");
        }
        assert!(cited_in("hợp đồng kinh tế (số 297/HĐKT/2003) và bản án số 25/HSST").is_empty());
        assert!(cited_in("TAND Tối cao ra Kháng nghị số 26/2005/HS-TK đề nghị").is_empty());
        for text in [
            "Số CBCL 1588/2005/CBTC-YT HCM",
            "sản phẩm đã đăng ký 1588/2005/CBTC-YT",
            "Giấy chứng nhận đăng ký phát hành số 05/UBCK-ĐKPH do",
            "thành viên Ban 127/TW tỉnh",
            "Ban chỉ đạo chương trình 127/TW đã",
        ] {
            assert!(cited_in(text).is_empty(), "{text}");
        }
        for (text, number) in [
            ("văn bản 127/TW của", "127/TW"),
            ("bản 127/TW của", "127/TW"),
            ("Chương trình 127/TW của", "127/TW"),
            (
                "cấp giấy phép, có Quyết định số 05/UBCK-ĐKPH",
                "05/UBCK-ĐKPH",
            ),
            ("Nghị định 60 CP ngày 5/7/1994", "60/CP"),
        ] {
            assert_eq!(cited_in(text)[0].number, number, "{text}");
        }
        assert!(
            cited_in("thuộc tờ khai số 02/NKD-ôtô/KVI-CL và hợp đồng 02-00/PTSC-SERV").is_empty()
        );
        let c = cited_in("Điều 13 Pháp lệnh số 24/1999/PL- UBTVQH 10 ngày 28/4/2000 về nhập cảnh");
        assert_eq!(c[0].number, "24/1999/PL-UBTVQH10");
        assert_eq!(
            cited_in("Nghị quyết 58/1998/NQ-UBTVQH10 của")[0].number,
            "58/1998/NQ-UBTVQH10"
        );
        let c = cited_in("đã có công văn số 8869/CV/VP TW do Phó Chánh Văn phòng ký");
        assert_eq!(c[0].number, "8869/CV/VPTW");
        assert_eq!(
            cited_in("công văn số 1943/KH/ĐTXD UBND Tỉnh")[0].number,
            "1943/KH/ĐTXD"
        );
        for text in [
            "Nghị định 52/NĐ-CP (ngày 8.7.1999) và",
            "Quyết định 52/NĐ-CP ký ngày 8/7/1999 thì",
            "Nghị định 52/NĐ-CP (ban hành ngày 8 tháng 7 năm 1999)",
        ] {
            let c = cited_in(text);
            assert_eq!(
                c[0].date.map(|d| d.to_string()).as_deref(),
                Some("1999-07-08"),
                "{text}"
            );
        }
        assert_eq!(
            cited_in("Công văn 1289/VPCP-NC (ngày 16/3) về")[0].date,
            None
        );
        for (text, number) in [
            ("Nghị định 121/NĐ/2004 về xử phạt", "121/NĐ/2004"),
            (
                "theo điều 14 (Nghị định 121/NĐ/2004) quy định",
                "121/NĐ/2004",
            ),
            ("theo công văn số 81/CV.UB-93 của", "81/CV.UB-93"),
            ("theo công văn số 81/CV.UB, nay", "81/CV.UB"),
            // A sentence run on without a space keeps its own words.
            ("công văn 381/UB.Theo đó", "381/UB"),
            ("công văn 381/UB.UBND tỉnh", "381/UB.UBND"),
            // A year after the codes needs a kind; a dash and two digits a dotted code.
            ("Quyết định 12/QĐ-UB/2005, và", "12/QĐ-UB/2005"),
            ("công văn 12/UB-93 người", "12/UB"),
            ("công văn 12/UB/1234 ký", "12/UB"),
            ("công văn 12/UB/2004a ký", "12/UB"),
        ] {
            assert_eq!(cited_in(text)[0].number, number, "{text}");
        }
        assert_eq!(
            cited_in("công văn số 12/UB/2004 ký")[0].number,
            "12/UB/2004"
        );
        assert_eq!(cited_in("hồ sơ 12/UB/2004 ký")[0].number, "12/UB");
        // The type code alone does not let the year in: the words must name a kind.
        assert_eq!(cited_in("hồ sơ 12/TB/2004 ký")[0].number, "12/TB");
        assert!(cited_in("Nhà diện 2/IV, nhà cấp 3/II và 4/XIV").is_empty());
        for (text, year) in [
            ("nghị định 38/CP năm 2000 của Chính phủ", Some(2000)),
            ("nghị định 15/CP của Chính phủ năm 2003 về", Some(2003)),
            ("(24/QĐ/TTYT, tháng 3-2005)", Some(2005)),
            ("Quyết định 24/QĐ-UB tháng 3 năm 2005", Some(2005)),
            ("Quyết định 24/QĐ-UB tháng 13-2005", None),
            ("Quyết định 24/QĐ-UB năm nay", None),
            ("Quyết định 24/QĐ-UB năm 20055", None),
            ("Quyết định 24/QĐ-UB về việc năm 2005", None),
            ("Quyết định 24/QĐ-UB ngày 3/3/2004 năm 2005", None),
        ] {
            assert_eq!(cited_in(text)[0].year, year, "{text}");
        }
        assert_eq!(cited_in("Quyết định 4/IV")[0].number, "4/IV");
        let c = cited_in("Quyết định 356/QĐ-TTg ngày 28-4-2005 của Thủ tướng về");
        assert_eq!(c[0].issuer.as_deref(), Some("Thủ tướng"));
        let c = cited_in("Nghị định 15/CP ngày 3-1-2003 của Thủ tướng về");
        assert_eq!(c[0].issuer.as_deref(), Some("Chính phủ"));
        let c = cited_in("theo Nghị định 38/CP ngày 30-5-1995 của Thủ tướng Chính phủ.");
        assert_eq!(c[0].issuer.as_deref(), Some("Chính phủ"));
        let c = cited_in("Quyết định 12/QĐ-TTg ngày 3-5-1995 của Thủ tướng Chính phủ.");
        assert_eq!(c[0].issuer.as_deref(), Some("Thủ tướng Chính phủ"));
    }

    #[test]
    fn issuers_cut_at_a_kind_with_its_tone_marks() {
        assert_eq!(
            trim_issuer("Sở Du lịch Thành phố Hồ Chí Minh").as_deref(),
            Some("Sở Du lịch Thành phố Hồ Chí Minh")
        );
        assert_eq!(
            trim_issuer("UBND tỉnh Sóc Trăng và Chỉ thị").as_deref(),
            Some("UBND tỉnh Sóc Trăng")
        );
        let c = cited_in("Theo Quyết định số 166/QĐ-SDL ngày 23 tháng 3 năm 2017 của Sở Du Lịch Thành Phố, điểm tham quan của thành phố Hồ Chí Minh");
        assert_eq!(
            c[0].issuer.as_deref(),
            Some("Sở Du Lịch Thành Phố Hồ Chí Minh")
        );
    }

    #[test]
    fn glued_words_are_cut_from_cited_symbols() {
        let c = cited_in("Đây là quy định tại Thông tư 28/2016/TT-BXDsửa đổi một số thông tư.");
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].number, "28/2016/TT-BXD");
    }

    #[test]
    fn spaced_dash_keeps_the_date_behind_it() {
        let c = cited_in("VTV nhận được công văn số 62/CV - VTC ký ngày 27-2-2006 của Truyền hình kỹ thuật số VTC về việc");
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].number, "62/CV-VTC");
        assert_eq!(
            c[0].date.map(|d| d.to_string()).as_deref(),
            Some("2006-02-27")
        );
        assert_eq!(
            run_on("số 62/CV - VTC ký", "62/CV").map(|(_, r)| r),
            Some(5..16)
        );
        // No date after the symbol: none is made up.
        let c = cited_in("công văn số 62/CV - VTC về việc mua bản quyền năm 2006");
        assert_eq!(c[0].number, "62/CV-VTC");
        assert_eq!(c[0].date, None);
    }

    #[test]
    fn software_editions_are_no_citations() {
        for text in [
            "chạy trên Windows 2000/XP",
            "Windows 98/ME/NT/2000/XP",
            "Windows 98/SE",
        ] {
            assert!(cited_in(text).is_empty(), "{text}");
        }
        // A kind named, or a code that only looks alike, still cites.
        assert_eq!(cited_in("Quyết định 12/XP ngày 3/5/2004").len(), 1);
        assert_eq!(cited_in("văn bản 12/XPK-UB").len(), 1);
    }
}
