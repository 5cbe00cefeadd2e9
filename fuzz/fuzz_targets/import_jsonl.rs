//! The plain JSONL importer on arbitrary bytes: never panics, accounts for every line,
//! keeps only valid articles that round-trip through JSON, reports repairs on lines it
//! read, and strict mode accepts only what lenient mode keeps unrepaired.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tintuc::import::Importer;

fuzz_target!(|data: &[u8]| {
    let Ok(report) = Importer::new().read(data) else { return };
    assert_eq!(report.articles.len() + report.errors.len() + report.blank, report.lines);
    assert_eq!(report.articles.len(), report.article_lines.len());
    for a in &report.articles {
        assert!(a.validate().is_ok());
        assert!(a.slug.as_str().len() <= tintuc::model::MAX_SLUG_LEN + 21);
        let json = serde_json::to_string(a).unwrap_or_default();
        let back: tintuc::model::Article = serde_json::from_str(&json).unwrap();
        assert_eq!(&back, a);
    }
    for r in &report.repairs {
        assert!(r.line >= 1 && r.line <= report.lines);
    }
    if let Ok(strict) = Importer::new().strict(true).read(data) {
        assert!(report.repairs.is_empty());
        assert_eq!(strict.articles, report.articles);
    }
    for line in data.split(|&b| b == b'\n') {
        if let Ok(s) = std::str::from_utf8(line) {
            let _ = tintuc::import::parse_line(s);
        }
    }
});
