//! Curation of an article beyond its primary section: further categories, the topic
//! thread it follows, the curated groups that list it, and the name of its source.
//! Plain data and its validation; the fields live on [`Article`].

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::{Article, Slug, ValidationError, ValidationErrorKind};

/// A topic thread (dòng sự kiện): articles that follow one event over time, shown
/// together under "Theo dòng sự kiện".
///
/// ```
/// use tintuc::model::Topic;
/// let t = Topic::from_name("Bão số 3").unwrap();
/// assert_eq!(t.slug.as_str(), "bao-so-3");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Topic {
    /// Display name, e.g. "Bão số 3".
    pub name: String,
    /// URL slug, e.g. `bao-so-3`.
    pub slug: Slug,
}

impl Topic {
    /// A topic whose slug is [`Slug::from_title`] of its name; `None` when the name has
    /// no letters or digits.
    pub fn from_name(name: impl Into<String>) -> Option<Self> {
        let name = name.into();
        let slug = Slug::from_title(&name)?;
        Some(Topic { name, slug })
    }
}

/// A curated, ordered group listing the article (nhóm tin, e.g. "Tin tiêu điểm"), with
/// the article's place in it: home-page blocks list a group's articles by `position`,
/// lowest first.
///
/// ```
/// use tintuc::model::GroupEntry;
/// let g: GroupEntry = serde_json::from_str(r#"{"name":"Tin tiêu điểm","slug":"tin-tieu-diem"}"#)?;
/// assert_eq!(g.position, 0);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct GroupEntry {
    /// The group's display name.
    pub name: String,
    /// The group's URL slug.
    pub slug: Slug,
    /// The article's place in the group, lowest first.
    #[serde(default)]
    pub position: u32,
}

/// Adds the curation fields' problems to `errs`, in field order.
pub(super) fn curation_errors(a: &Article, errs: &mut Vec<ValidationError>) {
    let mut push = |field: String, kind| errs.push(ValidationError { field, kind });
    let mut text = |field: String, v: &str, required: bool| {
        if required && v.trim().is_empty() {
            push(field.clone(), ValidationErrorKind::Empty);
        }
        if v.chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
        {
            push(field, ValidationErrorKind::ControlCharacters);
        }
    };
    for (i, c) in a.more_categories.iter().enumerate() {
        text(format!("more_categories[{i}].name"), &c.name, true);
    }
    if let Some(t) = &a.topic {
        text("topic.name".into(), &t.name, true);
    }
    for (i, g) in a.groups.iter().enumerate() {
        text(format!("groups[{i}].name"), &g.name, true);
    }
    if let Some(s) = &a.source_name {
        text("source_name".into(), s, true);
    }
    let mut seen: HashSet<&Slug> = a.category.iter().map(|c| &c.slug).collect();
    for (i, c) in a.more_categories.iter().enumerate() {
        if !seen.insert(&c.slug) {
            errs.push(ValidationError {
                field: format!("more_categories[{i}].slug"),
                kind: ValidationErrorKind::Duplicate {
                    value: c.slug.to_string(),
                },
            });
        }
    }
    let mut seen = HashSet::new();
    for (i, g) in a.groups.iter().enumerate() {
        if !seen.insert(&g.slug) {
            errs.push(ValidationError {
                field: format!("groups[{i}].slug"),
                kind: ValidationErrorKind::Duplicate {
                    value: g.slug.to_string(),
                },
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Article, Category, GroupEntry, Topic, ValidationErrorKind};

    fn article() -> Article {
        Article::new("a".parse().unwrap(), "T".into(), "t".parse().unwrap())
    }

    #[test]
    fn absent_curation_leaves_json_unchanged() {
        let a = article();
        let json = serde_json::to_string(&a).unwrap();
        assert!(!json.contains("more_categories") && !json.contains("topic"));
        assert!(!json.contains("groups") && !json.contains("source_name"));
    }

    #[test]
    fn curation_round_trips_and_validates() {
        let mut a = article();
        a.category = Category::from_name("Tin tức");
        a.more_categories = vec![Category::from_name("Thông báo").unwrap()];
        a.topic = Topic::from_name("Bão số 3");
        a.groups = vec![GroupEntry {
            name: "Tin tiêu điểm".into(),
            slug: "tin-tieu-diem".parse().unwrap(),
            position: 2,
        }];
        a.source_name = Some("Báo Chính phủ".into());
        a.validate().unwrap();
        let back: Article = serde_json::from_str(&serde_json::to_string(&a).unwrap()).unwrap();
        assert_eq!(back, a);

        a.more_categories
            .push(Category::from_name("Tin tức").unwrap());
        a.groups.push(a.groups[0].clone());
        a.source_name = Some(" ".into());
        let errs: Vec<_> = a
            .validation_errors()
            .into_iter()
            .map(|e| (e.field, e.kind))
            .collect();
        assert_eq!(
            errs,
            [
                ("source_name".to_string(), ValidationErrorKind::Empty),
                (
                    "more_categories[1].slug".to_string(),
                    ValidationErrorKind::Duplicate {
                        value: "tin-tuc".into()
                    }
                ),
                (
                    "groups[1].slug".to_string(),
                    ValidationErrorKind::Duplicate {
                        value: "tin-tieu-diem".into()
                    }
                ),
            ]
        );
    }
}
