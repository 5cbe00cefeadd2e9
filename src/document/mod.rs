//! Official documents (văn bản): the registry a portal's "Văn bản" section publishes, and
//! the citations in its articles resolved to it.
//!
//! This module owns the document model ([`Document`]: số ký hiệu, loại, cơ quan ban
//! hành, người ký, lĩnh vực, dates, validity, trích yếu, attachments, relations), its
//! validation and JSON, the plain JSON Lines import ([`read_documents`]), citation
//! resolution ([`Registry`]) and the registry's identity of a cited document
//! ([`identity_key`], [`Registry::with_resolved_citations`]: what the related-articles
//! index compares). Searching documents is `search::documents`. It is pure: no I/O beyond the reader it is
//! handed; storage is `store::DocumentStore`, pages are in `render` (both layers above).
//!
//! Citations are found by [`crate::text::extract_documents`] (through [`cited_in`],
//! which first repairs legacy encodings and normalises to NFC) and resolved only when
//! everything they state agrees with exactly one registered document — numbers restart
//! every year and recur at every agency, so the number alone never decides.
//!
//! ```
//! use tintuc::document::{cited_in, sample_documents, Registry, Validity};
//!
//! let registry = Registry::new(sample_documents()?)?;
//! let text = "Thực hiện Kế hoạch số 08/KH-UBND ngày 22/01/2018 của UBND tỉnh Sóc Trăng về \
//!             tổ chức hoạt động của các cụm, khối thi đua năm 2018";
//! let cited = cited_in(text);
//! let doc = registry.resolve(&cited[0]).document().expect("resolved");
//! assert_eq!(doc.symbol.as_str(), "08/KH-UBND");
//! assert_eq!(doc.issuer, "UBND tỉnh Sóc Trăng");
//! assert_eq!(doc.validity_at("2018-08-17T08:00:00+07:00".parse()?), Validity::InForce);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod cite;
mod identity;
mod issuer;
mod jsonl;
mod model;
mod resolve;
mod symbol;
mod written;

pub use cite::{article_citations, cited_in, prepare_text, symbol_spans};
pub use identity::identity_key;
pub use issuer::issuer_key;
pub use jsonl::{
    parse_kind, read_documents, sample_documents, DocumentImportReport, DocumentLineError,
    DocumentLineErrorKind, SampleError, SAMPLE_DOCUMENTS_JSONL,
};
pub use model::{
    Attachment, Document, DocumentError, DocumentErrorKind, DocumentId, DocumentIdError, Relation,
    RelationKind, Validity, MAX_SUMMARY_LEN,
};
pub use resolve::{Registry, RegistryError, Resolution, Unresolved};
pub use symbol::{Symbol, SymbolError, MAX_SYMBOL_LEN};
