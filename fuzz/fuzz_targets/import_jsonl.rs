//! The plain JSONL importer on arbitrary bytes: never panics, accounts for every line.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(report) = tintuc::import::Importer::new().read(data) {
        assert_eq!(
            report.articles.len() + report.errors.len() + report.blank,
            report.lines
        );
        for a in &report.articles {
            assert!(a.validate().is_ok());
            let json = serde_json::to_string(a).unwrap_or_default();
            let back: tintuc::model::Article = serde_json::from_str(&json).unwrap();
            assert_eq!(&back, a);
        }
    }
});
