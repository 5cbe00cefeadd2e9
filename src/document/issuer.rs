//! Issuer names: read from the words after a cited number, and compared across
//! abbreviations, case, tone style, Unicode form and head-of-body titles.

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
    ("hcm", "ho chi minh"),
];

/// Titles of the head of a body, folded, with the body noun a citation may leave out
/// after them: "Bộ trưởng Xây dựng" is the minister of "Bộ Xây dựng", "Chủ tịch UBND
/// tỉnh" signs for "UBND tỉnh". The body's register numbers what its head signs, so a
/// citation naming the head names the body. "Thủ tướng Chính phủ" is not here: the
/// Prime Minister's own decisions (`QĐ-TTg`) are a register apart from the
/// Government's decrees.
const HEADS: &[(&str, &str)] = &[
    ("bo truong", "bo"),
    ("thu truong", ""),
    ("chu tich", ""),
    ("vien truong", "vien"),
    ("chanh an", "toa an"),
    ("tong cuc truong", "tong cuc"),
    ("cuc truong", "cuc"),
    ("giam doc", ""),
    ("thong doc", "ngan hang"),
    ("tong kiem toan", "kiem toan"),
];

/// An issuer name reduced to compared words: folded (no marks, lower case, `đ` → `d`),
/// punctuation dropped, abbreviations expanded, a head-of-body title read as the body
/// ("Bộ trưởng Bộ Tư pháp", "Bộ trưởng Tư pháp" → "bo tu phap") and the country name
/// after a body dropped ("Chính phủ Việt Nam" → "chinh phu": every body in the
/// registry is Vietnamese).
///
/// ```
/// use tintuc::document::issuer_key;
/// assert_eq!(issuer_key("UBND tỉnh Sóc Trăng"), issuer_key("Ủy ban nhân dân tỉnh Sóc Trăng"));
/// assert_eq!(issuer_key("Uỷ ban Nhân dân Tỉnh Sóc Trăng"), "uy ban nhan dan tinh soc trang");
/// assert_eq!(issuer_key("HĐND tỉnh"), "hoi dong nhan dan tinh");
/// assert_eq!(issuer_key("Bộ trưởng Xây dựng"), issuer_key("Bộ Xây dựng"));
/// assert_eq!(issuer_key("Chủ tịch UBND tỉnh Sóc Trăng"), issuer_key("UBND tỉnh Sóc Trăng"));
/// assert_eq!(issuer_key("Cục Đăng kiểm Việt Nam"), "cuc dang kiem");
/// assert_eq!(issuer_key("Thủ tướng"), issuer_key("Thủ tướng Chính phủ"));
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
    let out = body_of_head(out);
    // There is one Prime Minister: "Thủ tướng" alone (and `TTg`) is "Thủ tướng Chính phủ".
    if out == "thu tuong" {
        return "thu tuong chinh phu".to_string();
    }
    match out.strip_suffix(" viet nam") {
        Some(body) if !body.is_empty() => body.to_string(),
        _ => out,
    }
}

/// "bo truong xay dung" → "bo xay dung"; "bo truong bo xay dung" → "bo xay dung";
/// "chu tich uy ban …" → "uy ban …". A title alone stays as it is.
fn body_of_head(key: String) -> String {
    for (title, noun) in HEADS {
        let Some(rest) = key
            .strip_prefix(title)
            .and_then(|r| r.strip_prefix(' '))
            .filter(|r| !r.is_empty())
        else {
            continue;
        };
        let has_noun = noun.is_empty()
            || rest == *noun
            || rest.strip_prefix(noun).is_some_and(|r| r.starts_with(' '));
        return if has_noun {
            rest.to_string()
        } else {
            format!("{noun} {rest}")
        };
    }
    key
}

/// The five cities under the central government, with the ways articles write them.
/// "Hồ Chí Minh" alone is no city (the president, the trail, the thought): it counts
/// only after `TP` or `thành phố`.
const CITIES: &[(&str, &[&str])] = &[
    ("Hà Nội", &["Hà Nội"]),
    (
        "Hồ Chí Minh",
        &[
            "TP Hồ Chí Minh",
            "TP. Hồ Chí Minh",
            "thành phố Hồ Chí Minh",
            "Thành phố Hồ Chí Minh",
            "TPHCM",
            "TP.HCM",
            "TP HCM",
            "TP. HCM",
            "Sài Gòn",
        ],
    ),
    ("Hải Phòng", &["Hải Phòng"]),
    ("Đà Nẵng", &["Đà Nẵng"]),
    ("Cần Thơ", &["Cần Thơ"]),
];

/// A city's body named without its city ("của UBND TP", "HĐND thành phố") completed
/// with the one city under the central government that `text` names: "UBND TP" in an
/// article that speaks of Hà Nội is "UBND TP Hà Nội". None when the name goes on past
/// "thành phố", or the text names no such city or several.
pub(crate) fn with_city(issuer: &str, text: &str) -> Option<String> {
    if !issuer_key(issuer).ends_with(" thanh pho") {
        return None;
    }
    let mut named = CITIES
        .iter()
        .filter(|(_, forms)| forms.iter().any(|f| text.contains(f)))
        .map(|(city, _)| *city);
    match (named.next(), named.next()) {
        (Some(city), None) => Some(format!("{issuer} {city}")),
        _ => None,
    }
}

/// The bodies a joint issuer names, as keys: "Bộ Tư pháp - Bộ Công an", "TAND Tối cao và
/// VKSND Tối cao", "VKSND Tối cao, Bộ Nội vụ" → two keys each. Split at a spaced dash,
/// a comma or a semicolon, and at `và` only where every side starts with a body noun
/// (so "Bộ Giáo dục và Đào tạo" stays one). Empty for a name of one body.
pub(crate) fn issuer_parts(name: &str) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    for piece in name
        .split([',', ';'])
        .flat_map(|p| p.split(" - "))
        .flat_map(|p| p.split(" – "))
    {
        let sides: Vec<&str> = piece.split(" và ").collect();
        let all_bodies = sides.len() > 1 && sides.iter().all(|s| starts_with_body(s));
        if all_bodies {
            parts.extend(sides.iter().map(|s| issuer_key(s)));
        } else {
            parts.push(issuer_key(piece));
        }
    }
    parts.retain(|p| !p.is_empty());
    if parts.len() < 2 {
        parts.clear();
    }
    parts
}

/// Whether a name starts with a body noun or an abbreviation of one.
fn starts_with_body(name: &str) -> bool {
    const BODIES: &[&str] = &[
        "bo", "uy", "hoi", "vien", "toa", "tong", "cuc", "so", "ban", "ngan", "chinh", "quoc",
        "thu", "van", "kiem", "thanh", "mat", "doan", "lien",
    ];
    let key = issuer_key(name);
    key.split(' ').next().is_some_and(|w| BODIES.contains(&w))
}

/// Whether a cited issuer names the registered one: equal keys. A looser rule (the
/// cited name running on past the registered one) would let a short alias such as "UBND
/// tỉnh" accept "UBND tỉnh Bạc Liêu", so a name that is not exactly one of the
/// document's names stays unresolved.
///
/// Abbreviations in [`MATCH_ABBREVIATIONS`] are expanded on both sides only here, when
/// keys are compared: [`issuer_key`]'s output is stored by the document stores and
/// stays as it is.
pub(crate) fn issuer_matches(cited_key: &str, registered_key: &str) -> bool {
    !registered_key.is_empty()
        && (cited_key == registered_key
            || expanded_for_match(cited_key) == expanded_for_match(registered_key))
}

/// Abbreviations of bodies compared when keys are matched, folded, with their folded
/// expansion: "BHXH Việt Nam" is "Bảo hiểm xã hội Việt Nam".
const MATCH_ABBREVIATIONS: &[(&str, &str)] =
    &[("bhxh", "bao hiem xa hoi"), ("bhyt", "bao hiem y te")];

/// A key with [`MATCH_ABBREVIATIONS`] expanded, word by word.
fn expanded_for_match(key: &str) -> String {
    key.split(' ')
        .map(|w| {
            MATCH_ABBREVIATIONS
                .iter()
                .find(|(a, _)| *a == w)
                .map_or(w, |(_, full)| full)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Lower-case words inside an issuing body's name ("Ủy ban nhân dân tỉnh", "Viện kiểm
/// sát nhân dân tối cao", "Ủy ban Thường vụ Quốc hội", "Chủ tịch nước", "Bộ Đại học và
/// Trung học chuyên nghiệp"), compared with
/// their tone marks: `thị` (thị xã) is a name word, `thì` (then) is not.
const NAME_WORDS: &[&str] = &[
    "ban",
    "nhân",
    "dân",
    "tỉnh",
    "huyện",
    "thành",
    "phố",
    "xã",
    "quận",
    "phường",
    "thị",
    "trấn",
    "tối",
    "cao",
    "kiểm",
    "sát",
    "thường",
    "vụ",
    "chấp",
    "hành",
    "nhà",
    "nước",
    "trung",
    "ương",
    "mặt",
    "trận",
    "tổ",
    "quốc",
    "hội",
    "đồng",
    "liên",
    "đoàn",
    "khối",
    "cụm",
    "thi",
    "đua",
    "chuyên",
    "nghiệp",
];

/// Words that end a name however they are placed: verbs, prepositions and conjunctions
/// that follow a body's name in running text, and `khóa` (a council's term, not its
/// name). Compared with tone marks, so `đăng` (đăng kiểm) is no `đang`.
const STOP_WORDS: &[&str] = &[
    "về", "ngày", "đã", "đang", "sẽ", "là", "được", "bị", "của", "trong", "tại", "với", "cho",
    "nhằm", "theo", "thì", "này", "do", "có", "không", "để", "khi", "thực", "quy", "qui", "việc",
    "như", "sau", "trước", "từ", "đến", "ký", "ghi", "nêu", "nếu", "yêu", "giao", "gửi", "phê",
    "hướng", "ra", "vừa", "mới", "cũng", "đều", "nói", "kèm", "khóa", "khoá", "ở", "nên", "mà",
    "hay", "hoặc", "vì", "tới", "cấp", "nhưng", "còn",
];

/// The capitalised form of a word: `Tư`, `Việt`, `Y` (of "Bộ Y tế": a syllable of one
/// letter), not `UBND` (an abbreviation is a name by itself, never the first syllable
/// of a compound).
fn title_case(w: &str) -> bool {
    let mut c = w.chars();
    c.next().is_some_and(char::is_uppercase) && c.all(char::is_lowercase)
}

/// The issuer named right after a cited number: `của` then the name, with only a date
/// (`ngày 22/01/2018`, `ngày 22 tháng 01 năm 2018`) or a comma between. None when the
/// text says no `của` there.
pub(crate) fn issuer_after(text: &str, number: &str) -> Option<String> {
    for (at, m) in text.match_indices(number) {
        let before = text.get(..at).and_then(|h| h.chars().next_back());
        if before.is_some_and(|c| c.is_alphanumeric() || c == '/' || c == '-') {
            continue;
        }
        let rest = text.get(at + m.len()..).unwrap_or_default();
        if let Some(start) = cua_at(rest) {
            return read_name(rest.get(start..).unwrap_or_default());
        }
    }
    None
}

/// Where the name after `của` starts in `rest`, when only a date and commas stand
/// before `của`.
fn cua_at(rest: &str) -> Option<usize> {
    let mut i = 0;
    for _ in 0..12 {
        let tail = rest.get(i..)?;
        let trimmed = tail.trim_start_matches([' ', '\u{a0}', ',']);
        i += tail.len() - trimmed.len();
        let end = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
        let word = trimmed.get(..end)?;
        let core = word.trim_end_matches(',');
        if core == "của" || core == "Của" {
            return Some(i + end).filter(|_| core.len() == word.len());
        }
        let date_word = matches!(core, "ngày" | "tháng" | "năm")
            || (!core.is_empty()
                && core
                    .chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '/' | '-' | '.')));
        if !date_word || end == 0 {
            return None;
        }
        i += end;
    }
    None
}

fn core_of(w: &str) -> &str {
    w.trim_end_matches([',', '.', ';', ':', ')', '"', '”', '\''])
}

/// Reads a body's name from the start of `s`: it starts with a capital; a lower-case
/// word continues it when it completes a capitalised syllable ("Tư pháp", "Chính phủ"),
/// is one of [`NAME_WORDS`], or leads to a capitalised word within two words ("Cục đăng
/// kiểm Việt Nam"); [`STOP_WORDS`], punctuation and line ends end it.
fn read_name(s: &str) -> Option<String> {
    let line = s
        .trim_start_matches([' ', '\u{a0}'])
        .split(['\n', '\r'])
        .next()
        .unwrap_or_default();
    let words: Vec<&str> = line.split(' ').collect();
    let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let mut out: Vec<&str> = Vec::new();
    let mut i = 0;
    while let Some(&w) = words.get(i) {
        let core = core_of(w);
        let clean = !core.is_empty()
            && core
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '&' | '.'));
        if !clean || out.len() >= 12 {
            break;
        }
        let lower = core.to_lowercase();
        let next = words.get(i + 1).copied().map(core_of).unwrap_or_default();
        let take = if out.is_empty() {
            capital(core)
        } else if core == "-" || core == "–" || lower == "và" {
            capital(next)
        } else if capital(core) {
            true
        } else if STOP_WORDS.contains(&lower.as_str())
            || (lower == "ban" && next.to_lowercase() == "hành")
        {
            false
        } else {
            let capital_follows = words.iter().skip(i + 1).take(2).any(|w| capital(w));
            let bridge = capital_follows
                && words
                    .iter()
                    .skip(i + 1)
                    .take_while(|n| !capital(n))
                    .all(|n| !STOP_WORDS.contains(&core_of(n).to_lowercase().as_str()));
            out.last().is_some_and(|p| title_case(p))
                || NAME_WORDS.contains(&lower.as_str())
                || bridge
        };
        if !take {
            break;
        }
        out.push(core);
        // A short capital abbreviation keeps its dot ("TP. Hồ Chí Minh"); any other
        // punctuation ends the name.
        let abbreviation_dot = w.len() == core.len() + 1
            && w.ends_with('.')
            && core.chars().count() <= 3
            && core.chars().all(char::is_uppercase);
        if core.len() != w.len() && !abbreviation_dot {
            break;
        }
        if abbreviation_dot {
            if let Some(last) = out.last_mut() {
                *last = w;
            }
        }
        i += 1;
    }
    while out
        .last()
        .is_some_and(|w| matches!(*w, "-" | "–") || w.to_lowercase() == "và")
    {
        out.pop();
    }
    (!out.is_empty()).then(|| out.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_after_numbers() {
        let cases = [
            (
                "08/KH-UBND ngày 22/01/2018 của UBND tỉnh Sóc Trăng về thi đua",
                Some("UBND tỉnh Sóc Trăng"),
            ),
            (
                "08/KH-UBND ngày 22 tháng 01 năm 2018 của Ủy ban nhân dân tỉnh Bạc Liêu.",
                Some("Ủy ban nhân dân tỉnh Bạc Liêu"),
            ),
            (
                "75/2000/NĐ-CP ngày 8/12/2000 của Chính phủ thì việc công chứng",
                Some("Chính phủ"),
            ),
            (
                "58/1998/NQ-UBTVQH10 của Ủy ban Thường vụ Quốc hội. Thời điểm",
                Some("Ủy ban Thường vụ Quốc hội"),
            ),
            (
                "158/2004/VAQ của Cục đăng kiểm Việt Nam, Bộ Giao thông",
                Some("Cục đăng kiểm Việt Nam"),
            ),
            (
                "1943/TP-HT ngày 27/10/2000 của Bộ Tư pháp hướng dẫn thủ tục cấp giấy",
                Some("Bộ Tư pháp"),
            ),
            (
                "01/CT-VKSTC ngày 06-01-2017 của Viện trưởng Viện kiểm sát nhân dân tối cao về",
                Some("Viện trưởng Viện kiểm sát nhân dân tối cao"),
            ),
            (
                "01/QĐ-XPHC ngày 10-1-2006 của Thanh tra Bộ VHTT ghi rõ",
                Some("Thanh tra Bộ VHTT"),
            ),
            (
                "12/QĐ-UB của UBND TP. Hồ Chí Minh về",
                Some("UBND TP. Hồ Chí Minh"),
            ),
            ("12/QĐ-UB của UBND tỉnh ban hành", Some("UBND tỉnh")),
            (
                "12/TT-BLĐTBXH của Bộ Lao động - Thương binh và Xã hội",
                Some("Bộ Lao động - Thương binh và Xã hội"),
            ),
            ("20/NQ-HĐND của HĐND tỉnh khóa IX", Some("HĐND tỉnh")),
            ("11/2006/QĐ-BYT của Bộ Y tế - sẽ là", Some("Bộ Y tế")),
            (
                "690/QĐ ngày 12/10/1972 của Bộ trưởng Đại học và Trung học chuyên nghiệp cấp bằng",
                Some("Bộ trưởng Đại học và Trung học chuyên nghiệp"),
            ),
            // A one-letter capital completes with its lower-case word; a stop word
            // still ends the name.
            ("12/QĐ của Phòng A về việc", Some("Phòng A")),
            ("12/QĐ ngày 3/5/2004 về việc của Bộ", None),
            ("12/QĐ-UB ngày 3/5/2004 về việc của Bộ", None),
            ("12/QĐ-UB của các sở", None),
        ];
        for (text, want) in cases {
            let number = text.split(' ').next().unwrap();
            assert_eq!(issuer_after(text, number).as_deref(), want, "{text}");
        }
    }

    #[test]
    fn city_from_the_text() {
        let hn = "bán nhà trên địa bàn Hà Nội";
        assert_eq!(with_city("UBND TP", hn).as_deref(), Some("UBND TP Hà Nội"));
        assert_eq!(
            with_city("UBND thành phố", "tại TP.HCM").as_deref(),
            Some("UBND thành phố Hồ Chí Minh")
        );
        // The name goes on, no city, two cities, the president's name.
        assert_eq!(with_city("UBND TP Vinh", hn), None);
        assert_eq!(with_city("UBND tỉnh", hn), None);
        assert_eq!(with_city("UBND TP", "tại địa phương"), None);
        assert_eq!(with_city("UBND TP", "Hà Nội và Đà Nẵng"), None);
        assert_eq!(with_city("UBND TP", "tư tưởng Hồ Chí Minh"), None);
    }

    #[test]
    fn joint_issuers() {
        assert_eq!(
            issuer_parts("TANDTC - VKSNDTC"),
            [
                issuer_key("Tòa án nhân dân tối cao"),
                issuer_key("VKSND tối cao")
            ]
        );
        assert_eq!(issuer_parts("TAND Tối cao và VKSND Tối cao").len(), 2);
        assert_eq!(
            issuer_parts("VKSND Tối cao, Bộ Nội vụ, Bộ Tư pháp và Bộ Ngoại giao").len(),
            4
        );
        assert!(issuer_parts("Bộ Giáo dục và Đào tạo").is_empty());
        assert!(issuer_parts("UBND tỉnh Sóc Trăng").is_empty());
    }

    #[test]
    fn abbreviations_read_when_matching_only() {
        let full = issuer_key("Bảo hiểm xã hội Việt Nam");
        assert!(issuer_matches(&issuer_key("BHXH Việt Nam"), &full));
        assert!(issuer_matches(&issuer_key("BHXH"), &full));
        // Another body, and the stored key left as it was.
        assert!(!issuer_matches(&issuer_key("BHXH tỉnh Nghệ An"), &full));
        assert!(!issuer_matches(&issuer_key("BHYT Việt Nam"), &full));
        assert_eq!(issuer_key("BHXH Việt Nam"), "bhxh");
    }

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
        for (a, b) in [
            ("Bộ trưởng Bộ Tư pháp", "Bộ Tư pháp"),
            ("Bộ trưởng Tư pháp", "Bộ Tư pháp"),
            (
                "Viện trưởng VKSND tối cao",
                "Viện kiểm sát nhân dân tối cao",
            ),
            ("Chánh án TAND tối cao", "Tòa án nhân dân tối cao"),
            (
                "Thống đốc Ngân hàng Nhà nước Việt Nam",
                "Ngân hàng Nhà nước",
            ),
            ("Chính phủ Việt Nam", "Chính phủ"),
        ] {
            assert_eq!(issuer_key(a), issuer_key(b), "{a}");
        }
        for (a, b) in [
            ("Thủ tướng Chính phủ", "Chính phủ"),
            ("Bộ trưởng Bộ Tư pháp", "Bộ Tư pháp Lào"),
        ] {
            assert_ne!(issuer_key(a), issuer_key(b), "{a}");
        }
        assert_eq!(issuer_key("Việt Nam"), "viet nam");
        assert_eq!(issuer_key("Chủ tịch"), "chu tich");
    }
}
