//! `tintuc::text::compare` against ICU4X's `vi` collator on every syllable of the shared
//! word lists (lower case, Capitalised and UPPER forms), sorted both ways.

use std::cmp::Ordering;

use icu_collator::{options::CollatorOptions, Collator};
use icu_locale_core::locale;
use tintuc_peers::shared_data;

#[test]
fn syllable_lists_sort_like_icu_vi() {
    let lists = [
        "wordlists/hunspell-vi_vi_VN.syllables.txt",
        "wordlists/underthesea_hieuthi_all_vietnamese_syllables_v1_2022.txt",
        "wordlists/underthesea_sino_vietnamese_syllables_v1_2022.txt",
        "wordlists/underthesea_uts_syllables_v1_2022.txt",
        "wordlists/underthesea_viwik_syllables_v1_2022.txt",
    ];
    let mut words: Vec<String> = Vec::new();
    for rel in lists {
        let p = shared_data(rel);
        let Ok(text) = std::fs::read_to_string(&p) else {
            println!("SKIP: {} not found", p.display());
            return;
        };
        for w in text.lines().map(str::trim).filter(|w| !w.is_empty()) {
            let mut cs = w.chars();
            let first = cs.next().unwrap();
            words.push(w.to_string());
            words.push(first.to_uppercase().chain(cs).collect());
            words.push(w.to_uppercase());
        }
    }
    words.sort();
    words.dedup();
    let icu = Collator::try_new(locale!("vi").into(), CollatorOptions::default()).unwrap();

    let mut ours = words.clone();
    ours.sort_by(|a, b| tintuc::text::compare(a, b));
    let mut theirs = words.clone();
    theirs.sort_by(|a, b| icu.compare(a, b));
    // Identical orders, and every adjacent pair compares the same way in both.
    let mut disagreements = Vec::new();
    for w in theirs.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        let x = tintuc::text::compare(a, b);
        let y = icu.compare(a, b);
        if x != y {
            disagreements.push(format!("{a} {b}: ours {x:?}, icu {y:?}"));
        }
    }
    println!(
        "{} words; {} adjacent disagreements",
        words.len(),
        disagreements.len()
    );
    for d in disagreements.iter().take(30) {
        println!("  {d}");
    }
    assert!(disagreements.is_empty());
    assert_eq!(ours, theirs);
    // Also random far-apart pairs.
    let n = words.len();
    for i in (0..n).step_by(7) {
        let j = (i * 7919 + 13) % n;
        let (a, b) = (&words[i], &words[j]);
        assert_eq!(tintuc::text::compare(a, b), icu.compare(a, b), "{a} {b}");
        assert_eq!(
            tintuc::text::sort_key(a).cmp(&tintuc::text::sort_key(b)),
            icu.compare(a, b),
            "{a} {b}"
        );
    }
    assert_eq!(tintuc::text::compare("a", "a"), Ordering::Equal);
}
