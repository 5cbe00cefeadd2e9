//! Slug behaviour named in the issue, and `unique_slug` against the storage trait.

use tintuc::model::{Article, Slug};
use tintuc::store::{unique_slug, ArticleStore, MemoryStore};
use tintuc::text::{slugify, Slugger};

fn s(x: &str) -> String {
    slugify(x).unwrap_or_default()
}

#[test]
fn issue_examples() {
    assert_eq!(
        s("Khối thi đua 1 - Sơ kết phong trào thi đua 06 tháng đầu năm 2018"),
        "khoi-thi-dua-1-so-ket-phong-trao-thi-dua-06-thang-dau-nam-2018"
    );
    assert_eq!(s("08/KH-UBND"), "08-kh-ubnd");
    assert_eq!(s("ngày 17/8/2018"), "ngay-17-8-2018");
    assert_eq!(s("Đắk Lắk"), "dak-lak"); // đ → d, never dropped nor `dj`
    assert_eq!(s("Giá xăng & dầu tăng 5% 🚀🔥"), "gia-xang-dau-tang-5"); // no `and`, `percent`, emoji names
    assert_eq!(s("Thủy điện Hòa Bình"), s("Thuỷ điện Hoà Bình")); // tone styles
    assert_eq!(s("Thu\u{0309}y đie\u{0323}\u{0302}n"), "thuy-dien"); // NFD
    assert_eq!(s("THỦY ĐIỆN"), "thuy-dien");
    assert_eq!(s("“Kỹ năng kiểm sát” — VKSND"), "ky-nang-kiem-sat-vksnd");
    // Legacy-encoded titles are repaired first (auto-detection).
    assert_eq!(s("S¬ kÕt phong trµo thi ®ua"), "so-ket-phong-trao-thi-dua"); // TCVN3
    assert_eq!(s("Thá»§y Ä‘iá»‡n HÃ²a BÃ¬nh"), "thuy-dien-hoa-binh"); // mojibake
}

#[test]
fn max_len_cuts_at_word_boundary() {
    let t = "Khối thi đua 1 - Sơ kết phong trào thi đua 06 tháng đầu năm 2018";
    let cut = Slugger::new().max_len(30).slugify(t).unwrap();
    assert_eq!(cut.as_str(), "khoi-thi-dua-1-so-ket-phong");
    assert!(
        Slugger::new()
            .max_len(60)
            .slugify(t)
            .unwrap()
            .as_str()
            .len()
            <= 60
    );
}

#[test]
fn unique_against_store() {
    let store = MemoryStore::new();
    let base = Slug::from_title("Hội nghị").unwrap();
    for (i, want) in ["hoi-nghi", "hoi-nghi-2", "hoi-nghi-3", "hoi-nghi-4"]
        .iter()
        .enumerate()
    {
        let slug = unique_slug(&store, &base).unwrap();
        assert_eq!(slug.as_str(), *want);
        let a = Article::new(format!("a{i}").parse().unwrap(), "Hội nghị".into(), slug);
        store.put(&a, None).unwrap();
    }
}
