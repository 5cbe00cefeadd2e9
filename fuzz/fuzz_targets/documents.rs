//! Documents on arbitrary input: the JSON Lines reader never panics and every document
//! it returns is valid and round-trips; citations found in arbitrary text parse as
//! symbols, resolve without panicking, and link back into the text exactly.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tintuc::document::{cited_in, read_documents, sample_documents, symbol_spans, Registry, Symbol};

fuzz_target!(|data: &[u8]| {
    if let Ok(report) = read_documents(data) {
        for d in &report.documents {
            assert!(d.validate().is_ok());
            let json = serde_json::to_string(d).unwrap_or_default();
            let back: tintuc::document::Document = serde_json::from_str(&json).unwrap();
            assert_eq!(&back, d);
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = Symbol::new(text);
        let registry = Registry::new(sample_documents().unwrap()).unwrap();
        let cited = cited_in(text);
        for c in &cited {
            let _ = registry.resolve(c);
        }
        let numbers: Vec<&str> = cited.iter().map(|c| c.number.as_str()).collect();
        let mut last = 0;
        for (range, i) in symbol_spans(text, &numbers) {
            assert!(range.start >= last);
            assert_eq!(text.get(range.clone()), numbers.get(i).copied());
            last = range.end;
        }
    }
});
