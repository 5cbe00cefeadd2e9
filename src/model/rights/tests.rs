//! The role × status-move matrix, written out pair by pair, and the edit rules.

use super::*;
use crate::model::Category;

use Status::*;

const STATUSES: [Status; 7] = [
    Draft, InReview, Approved, Scheduled, Published, Expired, Withdrawn,
];

fn article(status: Status, category: &str) -> Article {
    let mut a = Article::new("a1".parse().unwrap(), "Tin".into(), "tin".parse().unwrap());
    a.status = status;
    a.category = Category::from_name(category);
    a
}

fn only(role: Role, category: &str) -> Grants {
    let mut g = Grants::new();
    g.grant(Some(category.parse().unwrap()), role);
    g
}

/// Every status move (and create, delete) each single role may make, on an article of its
/// own category, changing nothing but the status. Written out, not computed.
fn allowed(role: Role, from: Option<Status>, to: Option<Status>, own: bool) -> bool {
    let authoring = [Draft, InReview];
    let editing = [Draft, InReview, Approved];
    let publishing = [Scheduled, Published, Expired, Withdrawn];
    if from.is_some() && from == to {
        return true; // nothing changes
    }
    match role {
        Role::Admin => true,
        Role::Author => match (from, to) {
            (None, Some(t)) => authoring.contains(&t),
            (Some(f), Some(t)) => own && authoring.contains(&f) && authoring.contains(&t),
            _ => false,
        },
        Role::Editor => match (from, to) {
            (None, Some(t)) => editing.contains(&t),
            (Some(f), Some(t)) => editing.contains(&f) && editing.contains(&t),
            _ => false,
        },
        // Creating needs someone who may write the text; a publisher alone may not.
        Role::Publisher => match (from, to) {
            (Some(f), Some(t)) => publishing.contains(&f) || publishing.contains(&t),
            _ => false,
        },
    }
}

#[test]
fn every_role_and_move_matches_the_table() {
    let states: Vec<Option<Status>> = std::iter::once(None)
        .chain(STATUSES.iter().copied().map(Some))
        .collect();
    let mut checked = 0;
    for role in [Role::Author, Role::Editor, Role::Publisher, Role::Admin] {
        let grants = only(role, "thoi-su");
        for &from in &states {
            for &to in &states {
                if from.is_none() && to.is_none() {
                    continue;
                }
                for own in [true, false] {
                    let old = from.map(|s| article(s, "Thời sự"));
                    let new = to.map(|s| article(s, "Thời sự"));
                    let creator = if own { Some("lan") } else { Some("minh") };
                    let got = check_write(&grants, "lan", old.as_ref(), new.as_ref(), creator);
                    let want = allowed(role, from, to, own || from.is_none());
                    assert_eq!(
                        got.is_ok(),
                        want,
                        "{role} {from:?} -> {to:?} own={own}: {got:?}"
                    );
                    if let Err(d) = got {
                        assert!(!d.any_of.contains(&role) || d.own_only, "{d}");
                        assert_eq!(d.category, Some("thoi-su".parse().unwrap()));
                    }
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, 4 * (8 * 8 - 1) * 2);
}

#[test]
fn rights_in_another_category_do_not_count() {
    let g = only(Role::Admin, "kinh-te");
    let old = article(Draft, "Thời sự");
    let mut new = old.clone();
    new.title = "Khác".into();
    let d = check_write(&g, "lan", Some(&old), Some(&new), None).unwrap_err();
    assert_eq!(d.category, Some("thoi-su".parse().unwrap()));
    assert_eq!(d.any_of, [Role::Author, Role::Editor, Role::Admin]);
    assert_eq!(
        d.to_string(),
        "lan may not edit this article in category thoi-su: it needs the author, editor or \
         admin role"
    );
    // Granted on every category, it does; and it covers articles without a category.
    let mut g = Grants::new();
    g.grant(None, Role::Editor);
    assert!(check_write(&g, "lan", Some(&old), Some(&new), None).is_ok());
    let mut bare = old.clone();
    bare.category = None;
    let mut bare_new = bare.clone();
    bare_new.title = "Khác".into();
    assert!(check_write(&g, "lan", Some(&bare), Some(&bare_new), None).is_ok());
    let d = check_write(
        &only(Role::Editor, "thoi-su"),
        "lan",
        Some(&bare),
        Some(&bare_new),
        None,
    )
    .unwrap_err();
    assert_eq!(d.category, None);
}

#[test]
fn moving_to_another_category_needs_rights_in_both() {
    let old = article(Draft, "Thời sự");
    let new = article(Draft, "Kinh tế");
    let g = only(Role::Editor, "thoi-su");
    let d = check_write(&g, "lan", Some(&old), Some(&new), None).unwrap_err();
    assert_eq!(d.category, Some("kinh-te".parse().unwrap()));
    let mut both = g.clone();
    both.grant(Some("kinh-te".parse().unwrap()), Role::Editor);
    assert!(check_write(&both, "lan", Some(&old), Some(&new), None).is_ok());
}

#[test]
fn authors_edit_only_their_own_articles_while_being_written() {
    let g = only(Role::Author, "thoi-su");
    for status in STATUSES {
        let old = article(status, "Thời sự");
        let mut new = old.clone();
        new.title = "Sửa".into();
        let mine = check_write(&g, "lan", Some(&old), Some(&new), Some("lan"));
        assert_eq!(
            mine.is_ok(),
            matches!(status, Draft | InReview),
            "{status:?}"
        );
        let d = check_write(&g, "lan", Some(&old), Some(&new), Some("minh")).unwrap_err();
        assert!(d.own_only, "{d}");
        assert!(d.to_string().contains("only on their own"), "{d}");
        // Unknown creator: nobody's.
        assert!(check_write(&g, "lan", Some(&old), Some(&new), None).is_err());
    }
}

#[test]
fn publication_times_of_live_articles_are_the_publishers() {
    let when = |s: &str| Some(s.parse().unwrap());
    for status in STATUSES {
        let mut old = article(status, "Thời sự");
        old.published = when("2024-05-01T08:00:00+07:00");
        let mut new = old.clone();
        new.expires = when("2024-06-01T08:00:00+07:00");
        let live = matches!(status, Scheduled | Published);
        let editor = check_write(
            &only(Role::Editor, "thoi-su"),
            "e",
            Some(&old),
            Some(&new),
            None,
        );
        let publisher = check_write(
            &only(Role::Publisher, "thoi-su"),
            "p",
            Some(&old),
            Some(&new),
            None,
        );
        assert_eq!(editor.is_ok(), !live, "{status:?}");
        assert_eq!(publisher.is_ok(), live, "{status:?}");
    }
    // A publisher may not touch the text, an editor may, even of a published article.
    let old = article(Published, "Thời sự");
    let mut new = old.clone();
    new.title = "Đính chính".into();
    assert!(check_write(
        &only(Role::Publisher, "thoi-su"),
        "p",
        Some(&old),
        Some(&new),
        None
    )
    .is_err());
    assert!(check_write(
        &only(Role::Editor, "thoi-su"),
        "e",
        Some(&old),
        Some(&new),
        None
    )
    .is_ok());
}

#[test]
fn roles_combine() {
    let mut g = only(Role::Author, "thoi-su");
    let new = article(Published, "Thời sự");
    let d = check_write(&g, "lan", None, Some(&new), None).unwrap_err();
    assert_eq!(d.any_of, [Role::Publisher, Role::Admin]);
    g.grant(Some("thoi-su".parse().unwrap()), Role::Publisher);
    assert!(check_write(&g, "lan", None, Some(&new), None).is_ok());
}

#[test]
fn an_unchanged_write_needs_no_right() {
    let a = article(Published, "Thời sự");
    assert!(check_write(&Grants::new(), "x", Some(&a), Some(&a), None).is_ok());
}

#[test]
fn grants_read_and_write_json() {
    let g: Grants =
        serde_json::from_str(r#"{"*": ["author"], "thoi-su": ["editor", "publisher"]}"#).unwrap();
    let roles = g.roles_in(Some(&"thoi-su".parse().unwrap()));
    assert_eq!(
        roles.into_iter().collect::<Vec<_>>(),
        [Role::Author, Role::Editor, Role::Publisher]
    );
    let back: Grants = serde_json::from_value(serde_json::to_value(&g).unwrap()).unwrap();
    assert_eq!(back, g);
    assert!(serde_json::from_str::<Grants>(r#"{"Thời sự": ["editor"]}"#).is_err());
    assert!(serde_json::from_str::<Grants>(r#"{"*": ["owner"]}"#).is_err());
    assert!(Grants::new().is_empty() && !Grants::admin().is_empty());
}
