//! Số ký hiệu: the number and symbol of an official document.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::model::DocumentKind;
use crate::text::fold;

/// Why a [`Symbol`] could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid document symbol {value:?}: {reason}")]
pub struct SymbolError {
    /// The rejected input.
    pub value: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

/// The number and symbol (số ký hiệu) of an official document: `08/KH-UBND`,
/// `30/2020/NĐ-CP`, `01/2017/TTLT-BCA-BQP`, and the party form `49-NQ/TW`.
///
/// The text is kept as written (NFC, trimmed); comparisons use [`Symbol::key`], which
/// ignores leading zeros, case, tone marks and the year part and reads `Đ`, `Ð` and `D`
/// alike — so `08/KH-UBND`, `8/kh-ubnd` and `08/2018/KH-UBND` share a key. Numbers
/// restart every year and recur at every agency, so a key alone never identifies a
/// document: see `Registry`.
///
/// ```
/// use tintuc::document::Symbol;
/// use tintuc::model::DocumentKind;
/// let s: Symbol = "30/2020/NĐ-CP".parse()?;
/// assert_eq!(s.number(), 30);
/// assert_eq!(s.year(), Some(2020));
/// assert_eq!(s.type_code(), "nd");
/// assert_eq!(s.issuer_codes(), ["cp"]);
/// assert_eq!(s.kind(), Some(DocumentKind::Decree));
/// assert_eq!(s.key(), "30/nd-cp");
/// assert_eq!("08/KH-UBND".parse::<Symbol>()?.key(), "08/2018/kh-ubnd".parse::<Symbol>()?.key());
/// assert_eq!("49-NQ/TW".parse::<Symbol>()?.key(), "49/nq-tw");
/// assert!("KH-UBND".parse::<Symbol>().is_err());
/// # Ok::<(), tintuc::document::SymbolError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Symbol {
    raw: String,
    number: u32,
    year: Option<i32>,
    codes: Vec<String>,
}

/// Longest accepted symbol, in bytes.
pub const MAX_SYMBOL_LEN: usize = 200;

fn err(value: &str, reason: &'static str) -> SymbolError {
    SymbolError {
        value: value.to_string(),
        reason,
    }
}

/// A code part folded for comparison: lower case, no marks, `đ`/`ð` → `d`.
fn fold_code(code: &str) -> String {
    fold(code)
        .chars()
        .filter(|&c| c != '.')
        .map(|c| if c == 'ð' || c == 'đ' { 'd' } else { c })
        .collect()
}

/// A code part: letters and digits starting with a letter; a dot may join two
/// letters (`CV.UB`, `T.Ư`).
fn is_code(part: &str) -> bool {
    let mut chars = part.chars();
    chars.next().is_some_and(char::is_alphabetic)
        && !part.ends_with('.')
        && !part.contains("..")
        && part.chars().all(|c| {
            c.is_alphanumeric()
                || c == '&'
                || c == '.'
                || unicode_normalization::char::is_combining_mark(c)
        })
}

/// The year a symbol ends in, after its codes: `121/NĐ/2004` (four digits, 1945–2099)
/// or the old two-digit form after a dotted code, `81/CV.UB-93` (1993). Returns the
/// year and the codes without it.
fn year_after_codes<'a>(codes: &[&'a str], year_set: bool) -> Option<(i32, Vec<&'a str>)> {
    let (last, head) = codes.split_last()?;
    if year_set || head.is_empty() || !last.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i32 = last.parse().ok()?;
    let year = match last.len() {
        4 if (1945..=2099).contains(&n) => n,
        2 if head.last().is_some_and(|c| c.contains('.')) => {
            if n >= 45 {
                1900 + n
            } else {
                2000 + n
            }
        }
        _ => return None,
    };
    Some((year, head.to_vec()))
}

impl Symbol {
    /// Reads a symbol.
    pub fn new(value: impl Into<String>) -> Result<Self, SymbolError> {
        let value: String = value.into();
        let raw: String = crate::text::nfc(value.trim()).into_owned();
        if raw.is_empty() {
            return Err(err(&value, "must not be empty"));
        }
        if raw.len() > MAX_SYMBOL_LEN {
            return Err(err(&value, "longer than 200 bytes"));
        }
        let digits_end = raw
            .find(|c: char| !c.is_ascii_digit())
            .ok_or_else(|| err(&value, "has no symbol after the number"))?;
        let num_text = raw.get(..digits_end).unwrap_or_default();
        if num_text.is_empty() || num_text.len() > 9 {
            return Err(err(&value, "must start with a number of 1 to 9 digits"));
        }
        let number: u32 = num_text
            .parse()
            .map_err(|_| err(&value, "must start with a number"))?;
        let rest = raw.get(digits_end..).unwrap_or_default();
        let (year, codes) = if let Some(rest) = rest.strip_prefix('/') {
            // `N[/YYYY]/CODE(-CODE)*`
            let (year, code_text) = match rest.split_once('/') {
                Some((y, c)) if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) => {
                    (y.parse::<i32>().ok(), c)
                }
                _ => (None, rest),
            };
            let codes: Vec<&str> = code_text.split(['-', '/']).collect();
            (year, codes)
        } else if let Some(rest) = rest.strip_prefix('-') {
            // Party form `N-CODE/CODE`.
            let codes: Vec<&str> = rest.split(['/', '-']).collect();
            (None, codes)
        } else {
            return Err(err(&value, "expected `/` or `-` after the number"));
        };
        let (year, codes) = match year_after_codes(&codes, year.is_some()) {
            Some((y, head)) => (Some(y), head),
            None => (year, codes),
        };
        if codes.iter().any(|c| !is_code(c)) {
            return Err(err(
                &value,
                "each code part must be letters and digits starting with a letter",
            ));
        }
        Ok(Symbol {
            number,
            year,
            codes: codes.into_iter().map(fold_code).collect(),
            raw,
        })
    }

    /// The symbol as written.
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// The running number (`08` → 8).
    pub fn number(&self) -> u32 {
        self.number
    }

    /// The year written inside the symbol (`30/2020/NĐ-CP` → 2020), if any.
    pub fn year(&self) -> Option<i32> {
        self.year
    }

    /// The folded type code: `kh`, `qd`, `nd`, `ttlt`, ...
    pub fn type_code(&self) -> &str {
        self.codes.first().map_or("", String::as_str)
    }

    /// The folded codes after the type code: the issuer and co-issuers (`ubnd`, `cp`).
    pub fn issuer_codes(&self) -> &[String] {
        self.codes.get(1..).unwrap_or(&[])
    }

    /// The kind the type code names, if it names one (`KH` → plan, `NĐ` → decree).
    pub fn kind(&self) -> Option<DocumentKind> {
        kind_from_code(self.type_code())
    }

    /// The comparison key: number without leading zeros, `/`, folded codes joined by `-`,
    /// a National Assembly code without its term (`QH12`, `UBTVQH11` → `qh`, `ubtvqh`:
    /// articles often leave the term out, and the year the key is compared with fixes it).
    pub fn key(&self) -> String {
        let codes: Vec<&str> = self
            .codes
            .iter()
            .map(|c| {
                let head = c.trim_end_matches(|ch: char| ch.is_ascii_digit());
                if head.ends_with("qh") {
                    head
                } else {
                    c.as_str()
                }
            })
            .collect();
        format!("{}/{}", self.number, codes.join("-"))
    }
}

/// The folded type code documents of `kind` carry (`Decision` → `qd`), for kinds whose
/// symbols always carry one.
pub(crate) fn code_of_kind(kind: DocumentKind) -> Option<&'static str> {
    Some(match kind {
        DocumentKind::Resolution => "nq",
        DocumentKind::Ordinance => "pl",
        DocumentKind::Decree => "nd",
        DocumentKind::Decision => "qd",
        DocumentKind::Directive => "ct",
        DocumentKind::Circular => "tt",
        DocumentKind::Plan => "kh",
        DocumentKind::Notice => "tb",
        DocumentKind::Report => "bc",
        DocumentKind::Guidance => "hd",
        DocumentKind::Submission => "ttr",
        DocumentKind::Programme => "ctr",
        _ => return None,
    })
}

/// The kind a folded type code names.
pub(crate) fn kind_from_code(code: &str) -> Option<DocumentKind> {
    Some(match code {
        "l" | "luat" => DocumentKind::Law,
        "pl" => DocumentKind::Ordinance,
        "nq" | "nqlt" => DocumentKind::Resolution,
        "nd" => DocumentKind::Decree,
        "qd" => DocumentKind::Decision,
        "ct" => DocumentKind::Directive,
        "tt" | "ttlt" => DocumentKind::Circular,
        "kh" => DocumentKind::Plan,
        "cv" => DocumentKind::OfficialLetter,
        "tb" => DocumentKind::Notice,
        "bc" => DocumentKind::Report,
        "hd" => DocumentKind::Guidance,
        "ttr" => DocumentKind::Submission,
        "ctr" => DocumentKind::Programme,
        _ => return None,
    })
}

impl fmt::Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl FromStr for Symbol {
    type Err = SymbolError;
    fn from_str(s: &str) -> Result<Self, SymbolError> {
        Symbol::new(s)
    }
}

impl TryFrom<String> for Symbol {
    type Error = SymbolError;
    fn try_from(s: String) -> Result<Self, SymbolError> {
        Symbol::new(s)
    }
}

impl From<Symbol> for String {
    fn from(s: Symbol) -> String {
        s.raw
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let s = Symbol::new("01/2017/TTLT-BCA-BQP-BTC-BNN&PTNT-VKSNDTC").unwrap();
        assert_eq!(s.year(), Some(2017));
        assert_eq!(s.type_code(), "ttlt");
        assert_eq!(s.issuer_codes().len(), 5);
        assert_eq!(s.kind(), Some(DocumentKind::Circular));
        let s = Symbol::new("1234/QĐ-UBND").unwrap();
        assert_eq!(s.key(), "1234/qd-ubnd");
        assert_eq!(Symbol::new("1234/QÐ-UBND").unwrap().key(), s.key());
        assert_eq!(Symbol::new("1234/QD-UBND").unwrap().key(), s.key());
        assert_eq!(Symbol::new("16/KH-KTĐ").unwrap().issuer_codes(), ["ktd"]);
        assert_eq!(
            Symbol::new("05-CT/TW").unwrap().kind(),
            Some(DocumentKind::Directive)
        );
        assert_eq!(Symbol::new("101/2015/QH13").unwrap().type_code(), "qh13");
        assert_eq!(
            Symbol::new("08/2003/PL-UBTVQH").unwrap().key(),
            Symbol::new("08/2003/PL-UBTVQH11").unwrap().key()
        );
        assert_eq!(Symbol::new("101/2015/QH13").unwrap().key(), "101/qh");
        assert_ne!(Symbol::new("1/QĐ-QH1A").unwrap().key(), "1/qd-qh");
        assert_eq!(Symbol::new("1943/KH/ĐTXD").unwrap().key(), "1943/kh-dtxd");
        let s = Symbol::new("121/NĐ/2004").unwrap();
        assert_eq!((s.key().as_str(), s.year()), ("121/nd", Some(2004)));
        let s = Symbol::new("81/CV.UB-93").unwrap();
        assert_eq!((s.key().as_str(), s.year()), ("81/cvub", Some(1993)));
        assert_eq!(Symbol::new("40-CT/T.Ư").unwrap().key(), "40/ct-tu");
        // Two digits are a year only after a dotted code; four only in 1945–2099.
        assert!(Symbol::new("12/UB-93").is_err());
        assert!(Symbol::new("12/UB/1234").is_err());
        assert_eq!(Symbol::new("12/2004/QĐ/2005").ok(), None);
        for bad in [
            "", "/KH", "08", "08/", "08/KH-", "08//KH", "08/-KH", "08 KH", "x/KH", "08/KH.",
            "08/K..H", "08/2004",
        ] {
            assert!(Symbol::new(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn serde_round_trip() {
        let s = Symbol::new("30/2020/NĐ-CP").unwrap();
        let j = serde_json::to_string(&s).unwrap();
        assert_eq!(j, "\"30/2020/NĐ-CP\"");
        assert_eq!(serde_json::from_str::<Symbol>(&j).unwrap(), s);
        assert!(serde_json::from_str::<Symbol>("\"abc\"").is_err());
    }
}
