//! Who may change an article: roles granted per category, and the status moves and
//! edits each role allows. Pure rules, no I/O: a caller (the web service's API) says who
//! asks, what they hold and what the write turns the article from and into.
//!
//! # Roles
//! - [`Role::Author`]: creates articles (as drafts or submitted for review), edits their
//!   own articles while those are drafts or in review, and moves them between the two.
//! - [`Role::Editor`]: edits any article of the category (any field but the status, and
//!   the publication times of a live article), moves articles between draft, in review
//!   and approved.
//! - [`Role::Publisher`]: every move to or from scheduled, published, expired or
//!   withdrawn, and the publication times (`published`, `published_date_only`,
//!   `expires`) of an article that is or becomes scheduled or published.
//! - [`Role::Admin`]: everything, including deletes.
//!
//! Roles combine: creating an article straight as published needs a role that may write
//! it (author or editor) and one that may publish it (publisher), or admin.
//!
//! # Categories
//! Roles are granted per category slug, or for every category (`*`). An article's rights
//! follow its primary category ([`Article::category`], the one its URL carries); an
//! article without a category needs roles granted on `*`. Moving an article to another
//! category needs the rights in both. Further categories ([`Article::more_categories`])
//! neither need nor give rights: changing them is an edit, checked in the primary one.
//!
//! # Ownership
//! An author's own article is one they created: the caller passes the creator's name
//! (for the API, the editor of the article's first revision). An unknown creator is
//! nobody's.
//!
//! ```
//! use tintuc::model::{check_write, Article, Category, Grants, Role, Status};
//!
//! let mut draft = Article::new("a1".parse()?, "Tin".into(), "tin".parse()?);
//! draft.category = Category::from_name("Thời sự");
//! let mut lan = Grants::new();
//! lan.grant(Some("thoi-su".parse()?), Role::Author);
//!
//! // Lan writes a draft and submits it.
//! check_write(&lan, "lan", None, Some(&draft), None)?;
//! let mut submitted = draft.clone();
//! submitted.status = Status::InReview;
//! check_write(&lan, "lan", Some(&draft), Some(&submitted), Some("lan"))?;
//!
//! // Publishing needs the publisher role.
//! let mut published = submitted.clone();
//! published.status = Status::Published;
//! let denied = check_write(&lan, "lan", Some(&submitted), Some(&published), Some("lan"))
//!     .unwrap_err();
//! assert_eq!(denied.any_of, [Role::Publisher, Role::Admin]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use super::{changed_fields, Article, Slug, Status};

/// A role held in a category; [`check_write`] applies the rules (README, "Rights").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Writes own drafts and submits them for review.
    Author,
    /// Edits any article of the category and approves.
    Editor,
    /// Publishes, schedules, withdraws and archives.
    Publisher,
    /// Everything, including deletes.
    Admin,
}

impl Role {
    /// The role's JSON name (`"author"`, `"editor"`, `"publisher"`, `"admin"`).
    ///
    /// ```
    /// assert_eq!(tintuc::model::Role::Publisher.as_str(), "publisher");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Author => "author",
            Role::Editor => "editor",
            Role::Publisher => "publisher",
            Role::Admin => "admin",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The roles one user holds: per category slug, and for every category.
///
/// In JSON, an object from category slug (or `"*"`, every category) to a list of roles:
/// `{"*": ["editor"], "thoi-su": ["publisher"]}`.
///
/// ```
/// use tintuc::model::{Grants, Role};
/// let g: Grants = serde_json::from_str(r#"{"*": ["editor"], "thoi-su": ["publisher"]}"#)?;
/// let thoi_su = "thoi-su".parse()?;
/// assert!(g.has(Some(&thoi_su), Role::Publisher) && g.has(Some(&thoi_su), Role::Editor));
/// assert!(!g.has(Some(&"kinh-te".parse()?), Role::Publisher));
/// assert!(g.has(None, Role::Editor)); // an article without a category
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    try_from = "BTreeMap<String, Vec<Role>>",
    into = "BTreeMap<String, Vec<Role>>"
)]
pub struct Grants {
    everywhere: BTreeSet<Role>,
    categories: BTreeMap<Slug, BTreeSet<Role>>,
}

/// The key of [`Grants`]' JSON object that means every category.
pub const ALL_CATEGORIES: &str = "*";

impl Grants {
    /// No roles at all: may read through the API, write nothing.
    pub fn new() -> Self {
        Grants::default()
    }

    /// [`Role::Admin`] in every category.
    ///
    /// ```
    /// use tintuc::model::{Grants, Role};
    /// assert!(Grants::admin().has(None, Role::Admin));
    /// ```
    pub fn admin() -> Self {
        let mut g = Grants::new();
        g.grant(None, Role::Admin);
        g
    }

    /// Grants `role` in `category` (`None`: every category).
    pub fn grant(&mut self, category: Option<Slug>, role: Role) -> &mut Self {
        match category {
            None => self.everywhere.insert(role),
            Some(c) => self.categories.entry(c).or_default().insert(role),
        };
        self
    }

    /// The roles held for an article in `category` (`None`: without a category): those
    /// granted on every category, plus those granted on that one.
    pub fn roles_in(&self, category: Option<&Slug>) -> BTreeSet<Role> {
        let mut roles = self.everywhere.clone();
        if let Some(extra) = category.and_then(|c| self.categories.get(c)) {
            roles.extend(extra.iter().copied());
        }
        roles
    }

    /// Whether `role` is held in `category`.
    pub fn has(&self, category: Option<&Slug>, role: Role) -> bool {
        self.everywhere.contains(&role)
            || category
                .and_then(|c| self.categories.get(c))
                .is_some_and(|r| r.contains(&role))
    }

    /// Whether no role is granted anywhere.
    pub fn is_empty(&self) -> bool {
        self.everywhere.is_empty() && self.categories.values().all(BTreeSet::is_empty)
    }
}

/// Why a [`Grants`] JSON object was refused: a key that is neither `*` nor a valid slug.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{key:?} is neither \"*\" nor a category slug")]
pub struct BadGrantKey {
    /// The key.
    pub key: String,
}

impl TryFrom<BTreeMap<String, Vec<Role>>> for Grants {
    type Error = BadGrantKey;

    fn try_from(map: BTreeMap<String, Vec<Role>>) -> Result<Self, Self::Error> {
        let mut g = Grants::new();
        for (key, roles) in map {
            let category = if key == ALL_CATEGORIES {
                None
            } else {
                Some(
                    key.parse::<Slug>()
                        .map_err(|_| BadGrantKey { key: key.clone() })?,
                )
            };
            for r in roles {
                g.grant(category.clone(), r);
            }
        }
        Ok(g)
    }
}

impl From<Grants> for BTreeMap<String, Vec<Role>> {
    fn from(g: Grants) -> Self {
        let mut out = BTreeMap::new();
        if !g.everywhere.is_empty() {
            out.insert(
                ALL_CATEGORIES.to_string(),
                g.everywhere.into_iter().collect(),
            );
        }
        for (c, roles) in g.categories {
            if !roles.is_empty() {
                out.insert(c.as_str().to_string(), roles.into_iter().collect());
            }
        }
        out
    }
}

/// A write the user may not make: what it needed, where, and which roles would do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{user} may not {what} in {}: it needs {}{}", where_(.category.as_ref()), roles(.any_of),
    if *.own_only { " (the author role counts only on their own draft or article in review)" } else { "" })]
#[non_exhaustive]
pub struct Denied {
    /// Who asked.
    pub user: String,
    /// What the write does that was refused, e.g. `"move it from draft to published"`.
    pub what: String,
    /// The category the rights were checked in (`None`: an article without category).
    pub category: Option<Slug>,
    /// Any one of these roles in that category would allow it.
    pub any_of: Vec<Role>,
    /// The author role would allow it, but only on the user's own draft or article in
    /// review, and this is not one.
    pub own_only: bool,
}

fn where_(c: Option<&Slug>) -> String {
    match c {
        Some(c) => format!("category {c}"),
        None => "articles without category".into(),
    }
}

fn roles(r: &[Role]) -> String {
    let names: Vec<&str> = r.iter().map(|r| r.as_str()).collect();
    match names.as_slice() {
        [] => "a role".into(),
        [one] => format!("the {one} role"),
        [rest @ .., last] => format!("the {} or {last} role", rest.join(", ")),
    }
}

fn status_name(s: Option<Status>) -> &'static str {
    match s {
        None => "absent",
        Some(Status::Draft) => "draft",
        Some(Status::InReview) => "in review",
        Some(Status::Approved) => "approved",
        Some(Status::Scheduled) => "scheduled",
        Some(Status::Published) => "published",
        Some(Status::Expired) => "expired",
        Some(Status::Withdrawn) => "withdrawn",
    }
}

/// Statuses readers may see, or that decide when they will: moves to or from them are
/// the publisher's.
fn is_publishing(s: Status) -> bool {
    matches!(
        s,
        Status::Scheduled | Status::Published | Status::Expired | Status::Withdrawn
    )
}

/// Statuses an author's own article may be edited in.
fn is_authoring(s: Status) -> bool {
    matches!(s, Status::Draft | Status::InReview)
}

/// The roles that may move an article from `from` to `to` (`None`: absent, so
/// `(None, Some(s))` creates and `(Some(s), None)` deletes), [`Role::Admin`] last;
/// empty when nothing moves. [`Role::Author`] in the list holds for the author's own
/// article only.
///
/// ```
/// use tintuc::model::{transition_roles, Role, Status};
/// use Status::*;
/// assert_eq!(transition_roles(Some(Draft), Some(InReview)), [Role::Author, Role::Editor, Role::Admin]);
/// assert_eq!(transition_roles(Some(InReview), Some(Approved)), [Role::Editor, Role::Admin]);
/// assert_eq!(transition_roles(Some(Approved), Some(Scheduled)), [Role::Publisher, Role::Admin]);
/// assert_eq!(transition_roles(Some(Published), None), [Role::Admin]);
/// assert!(transition_roles(Some(Draft), Some(Draft)).is_empty());
/// ```
pub fn transition_roles(from: Option<Status>, to: Option<Status>) -> &'static [Role] {
    use Role::*;
    match (from, to) {
        (None, None) => &[],
        (Some(a), Some(b)) if a == b => &[],
        (Some(_), None) => &[Admin],
        (Some(a), Some(b)) if is_publishing(a) || is_publishing(b) => &[Publisher, Admin],
        (None, Some(b)) if is_publishing(b) => &[Publisher, Admin],
        (None, Some(b)) | (Some(_), Some(b)) if b == Status::Approved => &[Editor, Admin],
        (Some(Status::Approved), Some(_)) => &[Editor, Admin],
        // Draft <-> in review, or created as one of them.
        _ => &[Author, Editor, Admin],
    }
}

/// Fields whose change on a live article decides when readers see it.
const SCHEDULE_FIELDS: [&str; 3] = ["expires", "published", "published_date_only"];

/// One thing a write does that needs a right.
#[derive(Debug, Clone, Copy)]
enum Need {
    /// Move the status.
    Move(Option<Status>, Option<Status>),
    /// Write the text and metadata.
    Content,
    /// Change the publication times of a live article.
    Schedule,
}

fn needs(old: Option<&Article>, new: Option<&Article>) -> Vec<Need> {
    let (from, to) = (old.map(|a| a.status), new.map(|a| a.status));
    let mut out = Vec::new();
    if !transition_roles(from, to).is_empty() {
        out.push(Need::Move(from, to));
    }
    let Some(new) = new else { return out };
    let Some(old) = old else {
        out.push(Need::Content);
        return out;
    };
    let changed = changed_fields(Some(old), Some(new));
    let live = old.status.may_be_visible() || new.status.may_be_visible();
    let schedule = changed
        .iter()
        .any(|f| SCHEDULE_FIELDS.contains(&f.as_str()));
    let content = changed
        .iter()
        .any(|f| f != "status" && !SCHEDULE_FIELDS.contains(&f.as_str()));
    if content || (schedule && !live) {
        out.push(Need::Content);
    }
    if schedule && live {
        out.push(Need::Schedule);
    }
    out
}

/// Checks one need against the roles held in one category.
fn check_need(
    need: Need,
    held: &BTreeSet<Role>,
    own: bool,
    old_status: Option<Status>,
) -> Result<(), (String, Vec<Role>, bool)> {
    let (what, any_of): (String, &[Role]) = match need {
        Need::Move(None, Some(to)) => (
            format!("create an article as {}", status_name(Some(to))),
            transition_roles(None, Some(to)),
        ),
        Need::Move(Some(_), None) => (
            "delete an article".into(),
            transition_roles(old_status, None),
        ),
        Need::Move(from, to) => (
            format!(
                "move an article from {} to {}",
                status_name(from),
                status_name(to)
            ),
            transition_roles(from, to),
        ),
        Need::Content => (
            "edit this article".into(),
            &[Role::Author, Role::Editor, Role::Admin],
        ),
        Need::Schedule => (
            "change when a scheduled or published article appears or expires".into(),
            &[Role::Publisher, Role::Admin],
        ),
    };
    // The author's part: only on their own article, only while it is being written.
    let author_may = own && old_status.is_none_or(is_authoring);
    let ok = any_of
        .iter()
        .any(|r| held.contains(r) && (*r != Role::Author || author_may));
    if ok {
        Ok(())
    } else {
        let own_only = any_of.contains(&Role::Author) && held.contains(&Role::Author);
        Err((what, any_of.to_vec(), own_only))
    }
}

/// Whether `user` holding `grants` may write `new` over `old` (`None`: absent, so
/// `old == None` creates and `new == None` deletes). `creator` is who created the
/// stored article (`None`: unknown, or nothing stored); a create is always the user's
/// own. A restore is the write from the current version to the restored one.
///
/// The rights are checked in the old article's category and, when it differs, the new
/// one's. The rules per role are on [`Role`]'s variants and in the README's "Rights"
/// section.
pub fn check_write(
    grants: &Grants,
    user: &str,
    old: Option<&Article>,
    new: Option<&Article>,
    creator: Option<&str>,
) -> Result<(), Denied> {
    let own = old.is_none() || creator == Some(user);
    let old_status = old.map(|a| a.status);
    let mut categories: Vec<Option<&Slug>> = Vec::new();
    for a in [old, new].into_iter().flatten() {
        let c = a.category.as_ref().map(|c| &c.slug);
        if !categories.contains(&c) {
            categories.push(c);
        }
    }
    for need in needs(old, new) {
        for &category in &categories {
            let held = grants.roles_in(category);
            check_need(need, &held, own, old_status).map_err(|(what, any_of, own_only)| {
                Denied {
                    user: user.to_string(),
                    what,
                    category: category.cloned(),
                    any_of,
                    own_only,
                }
            })?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
