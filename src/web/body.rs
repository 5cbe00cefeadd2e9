//! An API request body to an [`Article`]: the plain import format or the full model,
//! with every refusal a problem naming the field.

use axum::http::StatusCode;

use crate::import::{self, LineErrorKind};
use crate::model::{Article, ParseError, ValidationError};

use super::http::Problem;

/// Fields of the plain import format and the JSON type each must have.
const PLAIN_FIELDS: &[(&str, Kind)] = &[
    ("title", Kind::String),
    ("slug", Kind::String),
    ("lead", Kind::String),
    ("category", Kind::String),
    ("published", Kind::String),
    ("updated", Kind::String),
    ("author", Kind::String),
    ("status", Kind::String),
    ("tags", Kind::Strings),
    ("authors", Kind::Strings),
];

#[derive(Clone, Copy)]
enum Kind {
    String,
    Strings,
}

/// A 400 naming `field`.
fn bad(title: &'static str, detail: impl Into<String>, field: Option<&str>) -> Problem {
    let p = Problem::new(StatusCode::BAD_REQUEST, title, detail);
    match field {
        Some(f) => p.field(f),
        None => p,
    }
}

/// A 422 listing every validation error, the first named in `field`.
pub(crate) fn invalid(errors: &[ValidationError]) -> Problem {
    let list: Vec<serde_json::Value> = errors
        .iter()
        .map(|e| serde_json::json!({"field": e.field, "message": e.kind.to_string()}))
        .collect();
    let first = errors.first();
    let mut p = Problem::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid article",
        first.map_or_else(String::new, |e| e.to_string()),
    );
    if let Some(e) = first {
        p = p.field(e.field.clone());
    }
    p.errors = Some(serde_json::Value::Array(list));
    p
}

/// Parses a request body. `url_id`: the id in the URL (PUT); the body's id, when it has
/// one, must be the same, and a body without one takes it.
pub(crate) fn parse_article(bytes: &[u8], url_id: Option<&str>) -> Result<Article, Problem> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(bad(
            "empty body",
            "the request has no body; send the article as JSON",
            None,
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        bad(
            "body not utf-8",
            format!("the body is not UTF-8 (at byte {})", e.valid_up_to()),
            None,
        )
    })?;
    let mut value: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| bad("malformed json", format!("the body is not JSON: {e}"), None))?;
    let obj = value.as_object_mut().ok_or_else(|| {
        bad(
            "not an object",
            "the body must be a JSON object (an article)",
            None,
        )
    })?;
    if let Some(url_id) = url_id {
        match obj.get("id") {
            None | Some(serde_json::Value::Null) => {
                obj.insert("id".into(), url_id.into());
            }
            Some(serde_json::Value::String(s)) if s == url_id => {}
            Some(_) => {
                return Err(bad(
                    "id mismatch",
                    format!("the body's id differs from the URL's ({url_id})"),
                    Some("id"),
                ))
            }
        }
    }
    if obj.get("body").is_some_and(serde_json::Value::is_array) {
        return full(value);
    }
    for (name, kind) in PLAIN_FIELDS {
        let ok = match (obj.get(*name), kind) {
            (None | Some(serde_json::Value::Null), _) => true,
            (Some(v), Kind::String) => v.is_string(),
            (Some(v), Kind::Strings) => v
                .as_array()
                .is_some_and(|a| a.iter().all(serde_json::Value::is_string)),
        };
        if !ok {
            let want = match kind {
                Kind::String => "a string",
                Kind::Strings => "an array of strings",
            };
            return Err(bad(
                "wrong field type",
                format!("field `{name}` must be {want}"),
                Some(name),
            ));
        }
    }
    import::parse_line(&value.to_string()).map_err(|e| line_problem(&e))
}

/// The full [`Article`] JSON (its `body` a list of blocks).
fn full(value: serde_json::Value) -> Result<Article, Problem> {
    let article: Article = serde_path_to_error::deserialize(value).map_err(|e| {
        // The path names the field (`slug`, `body[2].src`); "." is the object itself.
        let path = e.path().to_string();
        let msg = e.inner().to_string();
        let mut field = (path != ".").then_some(path);
        // "missing field `x`" is reported at the enclosing object: name `x` itself.
        if let (true, Some(name)) = (msg.starts_with("missing field"), msg.split('`').nth(1)) {
            field = Some(match field {
                Some(p) => format!("{p}.{name}"),
                None => name.to_string(),
            });
        }
        bad("malformed article", msg, field.as_deref())
    })?;
    let errors = article.validation_errors();
    if !errors.is_empty() {
        return Err(invalid(&errors));
    }
    Ok(article)
}

/// An import refusal as a problem naming the field.
fn line_problem(e: &LineErrorKind) -> Problem {
    match e {
        LineErrorKind::Missing(f) => bad("missing field", e.to_string(), Some(f)),
        LineErrorKind::Field { field, .. } => bad("bad field", e.to_string(), Some(field)),
        LineErrorKind::NeedsRepair { field, .. } => bad("bad field", e.to_string(), Some(field)),
        LineErrorKind::Value(v) => {
            let field = match v {
                ParseError::ArticleId { .. } => "id",
                ParseError::Slug { .. } => "slug",
                _ => "url",
            };
            bad("bad field", e.to_string(), Some(field))
        }
        LineErrorKind::Invalid(v) => invalid(std::slice::from_ref(v)),
        _ => bad("malformed article", e.to_string(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(r: Result<Article, Problem>) -> (u16, Option<String>) {
        let p = r.err().unwrap();
        (p.status.as_u16(), p.field.clone())
    }

    #[test]
    fn plain_and_full_bodies() {
        let a = parse_article(
            r#"{"id":"a1","title":"Sơ kết thi đua","body":"Một.\nHai.","tags":["Thi đua"]}"#
                .as_bytes(),
            None,
        )
        .unwrap();
        assert_eq!((a.slug.as_str(), a.body.len()), ("so-ket-thi-dua", 2));
        let full = serde_json::to_string(&a).unwrap();
        assert_eq!(parse_article(full.as_bytes(), Some("a1")).unwrap(), a);
        assert_eq!(
            field(parse_article(full.as_bytes(), Some("khac"))),
            (400, Some("id".into()))
        );
        assert_eq!(field(parse_article(b"  ", None)), (400, None));
        assert_eq!(field(parse_article(b"\xff{}", None)), (400, None));
        assert_eq!(field(parse_article(b"[1]", None)), (400, None));
        assert_eq!(
            field(parse_article(
                br#"{"id":"x","title":"T","body":"b","tags":5}"#,
                None
            )),
            (400, Some("tags".into()))
        );
        assert_eq!(
            field(parse_article(br#"{"id":"x","body":"b"}"#, None)),
            (400, Some("title".into()))
        );
        assert_eq!(
            field(parse_article(
                br#"{"id":"x","title":"T","body":"b","slug":"Sai Slug"}"#,
                None
            )),
            (400, Some("slug".into()))
        );
        assert_eq!(
            field(parse_article(
                br#"{"id":"x","title":"T","body":[{"kind":"nope"}]}"#,
                None
            ))
            .0,
            400
        );
    }
}
