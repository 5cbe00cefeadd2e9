//! Issuer names compared across abbreviations, case, tone style and Unicode form.

use crate::text::fold;

/// Abbreviations written for issuing bodies, folded, with their folded expansion.
/// Longer forms first where one is a prefix of another is irrelevant: words are
/// compared whole.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("ubnd", "uy ban nhan dan"),
    ("hdnd", "hoi dong nhan dan"),
    ("vksnd", "vien kiem sat nhan dan"),
    ("vksndtc", "vien kiem sat nhan dan toi cao"),
    ("vkstc", "vien kiem sat nhan dan toi cao"),
    ("vks", "vien kiem sat"),
    ("tand", "toa an nhan dan"),
    ("tandtc", "toa an nhan dan toi cao"),
    ("ktd", "khoi thi dua"),
    ("ubmttq", "uy ban mat tran to quoc"),
    ("mttq", "mat tran to quoc"),
    ("tw", "trung uong"),
    ("tp", "thanh pho"),
    ("tp.", "thanh pho"),
    ("ttg", "thu tuong"),
    ("bch", "ban chap hanh"),
    ("cp", "chinh phu"),
    ("qh", "quoc hoi"),
];

/// An issuer name reduced to compared words: folded (no marks, lower case, `đ` → `d`),
/// punctuation dropped, abbreviations expanded.
///
/// ```
/// use tintuc::document::issuer_key;
/// assert_eq!(issuer_key("UBND tỉnh Sóc Trăng"), issuer_key("Ủy ban nhân dân tỉnh Sóc Trăng"));
/// assert_eq!(issuer_key("Uỷ ban Nhân dân Tỉnh Sóc Trăng"), "uy ban nhan dan tinh soc trang");
/// assert_eq!(issuer_key("HĐND tỉnh"), "hoi dong nhan dan tinh");
/// ```
pub fn issuer_key(name: &str) -> String {
    let folded: String = fold(name)
        .chars()
        .map(|c| match c {
            'ð' | 'đ' => 'd',
            c if c.is_alphanumeric() => c,
            _ => ' ',
        })
        .collect();
    let mut out = String::with_capacity(folded.len() + 16);
    for w in folded.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        match ABBREVIATIONS.iter().find(|(a, _)| *a == w) {
            Some((_, full)) => out.push_str(full),
            None => out.push_str(w),
        }
    }
    out
}

/// Whether a cited issuer names the registered one: equal keys. A looser rule (the
/// cited name running on past the registered one) would let a short alias such as "UBND
/// tỉnh" accept "UBND tỉnh Bạc Liêu", so a name that is not exactly one of the
/// document's names stays unresolved.
pub(crate) fn issuer_matches(cited_key: &str, registered_key: &str) -> bool {
    !registered_key.is_empty() && cited_key == registered_key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        let nfd = "U\u{309}y ban nha\u{302}n da\u{302}n ti\u{309}nh So\u{301}c Tra\u{306}ng";
        assert_eq!(issuer_key(nfd), issuer_key("UBND tỉnh Sóc Trăng"));
        assert_eq!(
            issuer_key("VKSND tối cao"),
            issuer_key("Viện kiểm sát nhân dân tối cao")
        );
        assert_eq!(
            issuer_key("VKSNDTC"),
            issuer_key("Viện kiểm sát nhân dân tối cao")
        );
        let k = issuer_key("UBND tỉnh Sóc Trăng");
        assert!(issuer_matches(
            &issuer_key("Ủy ban nhân dân Tỉnh Sóc Trăng"),
            &k
        ));
        assert!(!issuer_matches(
            &issuer_key("UBND tỉnh Sóc Trăng khóa IX"),
            &k
        ));
        assert!(!issuer_matches(
            &issuer_key("UBND tỉnh Bạc Liêu"),
            &issuer_key("UBND tỉnh")
        ));
        assert!(!issuer_matches(&issuer_key("UBND tỉnh Sóc"), &k));
        assert!(!issuer_matches(&issuer_key("UBND tỉnh Sóc Trăngg"), &k));
        assert!(!issuer_matches(
            &issuer_key("Bộ Công Thương"),
            &issuer_key("Bộ Công an")
        ));
        assert!(issuer_matches(
            &issuer_key("Bộ Công an"),
            &issuer_key("Bộ Công an")
        ));
    }
}
