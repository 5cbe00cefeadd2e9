//! The editorial lifecycle: visibility over time, JSON compatibility of statuses,
//! validation of expiry, and the next refresh time.

use proptest::prelude::*;
use tintuc::model::*;

const ALL: [Status; 7] = [
    Status::Draft,
    Status::InReview,
    Status::Approved,
    Status::Scheduled,
    Status::Published,
    Status::Expired,
    Status::Withdrawn,
];

fn ts(secs: i64) -> Timestamp {
    chrono::DateTime::from_timestamp(secs, 0)
        .unwrap()
        .with_timezone(&VIETNAM_OFFSET)
}

fn article(status: Status, published: Option<i64>, expires: Option<i64>) -> Article {
    let mut a = Article::new("a1".parse().unwrap(), "Tin".into(), "tin".parse().unwrap());
    a.status = status;
    a.published = published.map(ts);
    a.expires = expires.map(ts);
    a
}

/// 0 = not yet, 1 = visible, 2 = expired; hidden is not a phase.
fn phase(v: Visibility) -> u8 {
    match v {
        Visibility::NotYet { .. } => 0,
        Visibility::Visible => 1,
        Visibility::Expired { .. } => 2,
        other => panic!("a scheduled article with a time is never {other:?}"),
    }
}

const T: std::ops::Range<i64> = 1_000_000_000..1_100_000_000;

proptest! {
    #[test]
    fn scheduled_visibility_is_monotone_in_time(
        status in prop_oneof![Just(Status::Scheduled), Just(Status::Published)],
        p in T,
        life in proptest::option::of(1i64..10_000_000),
        mut instants in proptest::collection::vec(T, 1..20),
    ) {
        let a = article(status, Some(p), life.map(|l| p + l));
        instants.sort_unstable();
        let phases: Vec<u8> = instants.iter().map(|&t| phase(a.visibility_at(ts(t)))).collect();
        prop_assert!(phases.windows(2).all(|w| w[0] <= w[1]), "{phases:?}");
        for &t in &instants {
            let expected = t >= p && life.map_or(true, |l| t < p + l);
            prop_assert_eq!(a.is_visible_at(ts(t)), expected);
        }
    }

    #[test]
    fn never_visible_outside_scheduled_and_published(
        i in 0usize..ALL.len(),
        p in proptest::option::of(T),
        e in proptest::option::of(T),
        now in T,
    ) {
        let s = ALL[i];
        let a = article(s, p, e);
        if !matches!(s, Status::Scheduled | Status::Published) {
            prop_assert!(!a.is_visible_at(ts(now)));
            prop_assert_eq!(a.next_transition_after(ts(now)), None);
        }
        if matches!(s, Status::Draft | Status::InReview | Status::Approved | Status::Withdrawn) {
            prop_assert_eq!(a.visibility_at(ts(now)), Visibility::Hidden);
        }
    }

    #[test]
    fn visibility_is_constant_until_next_transition(
        i in 0usize..ALL.len(),
        p in proptest::option::of(T),
        e in proptest::option::of(T),
        now in T,
        step in 0i64..10_000_000,
    ) {
        let a = article(ALL[i], p, e);
        let v = a.visibility_at(ts(now));
        let later = now + step;
        match a.next_transition_after(ts(now)) {
            Some(n) => {
                prop_assert!(n > ts(now));
                if ts(later) < n {
                    prop_assert_eq!(phase_or_hidden(a.visibility_at(ts(later))), phase_or_hidden(v));
                }
                prop_assert_ne!(phase_or_hidden(a.visibility_at(n)), phase_or_hidden(v));
            }
            None => prop_assert_eq!(phase_or_hidden(a.visibility_at(ts(later))), phase_or_hidden(v)),
        }
    }

    #[test]
    fn next_transition_is_the_minimum_over_articles(
        rows in proptest::collection::vec(
            (0usize..ALL.len(), proptest::option::of(T), proptest::option::of(T)), 0..8),
        now in T,
    ) {
        let articles: Vec<Article> =
            rows.iter().map(|&(i, p, e)| article(ALL[i], p, e)).collect();
        let expected = articles.iter().filter_map(|a| a.next_transition_after(ts(now))).min();
        prop_assert_eq!(next_transition(&articles, ts(now)), expected);
    }
}

fn phase_or_hidden(v: Visibility) -> u8 {
    match v {
        Visibility::Hidden => 9,
        other => phase(other),
    }
}

#[test]
fn existing_status_json_loads_and_round_trips() {
    for (json, status) in [
        (r#""draft""#, Status::Draft),
        (r#""published""#, Status::Published),
        (r#""in_review""#, Status::InReview),
        (r#""approved""#, Status::Approved),
        (r#""scheduled""#, Status::Scheduled),
        (r#""expired""#, Status::Expired),
        (r#""withdrawn""#, Status::Withdrawn),
    ] {
        let s: Status = serde_json::from_str(json).unwrap();
        assert_eq!(s, status);
        assert_eq!(serde_json::to_string(&s).unwrap(), json);
    }
    let archived: Status = serde_json::from_str(r#""archived""#).unwrap();
    assert_eq!(archived, Status::Expired);
    assert!(serde_json::from_str::<Status>(r#""live""#).is_err());

    let old = r#"{"id":"a1","slug":"tin","title":"Tin","body":[],"published":"2018-08-17T08:00:00+07:00","status":"published"}"#;
    let a: Article = serde_json::from_str(old).unwrap();
    assert_eq!(a.expires, None);
    assert_eq!(serde_json::to_string(&a).unwrap(), old);
}

#[test]
fn expires_at_is_read_and_written_as_expires() {
    let json = r#"{"id":"a1","slug":"tin","title":"Tin","published":"2018-08-17T08:00:00+07:00","expires_at":"2018-09-17T08:00:00+07:00","status":"scheduled"}"#;
    let a: Article = serde_json::from_str(json).unwrap();
    assert_eq!(
        a.expires,
        Some("2018-09-17T08:00:00+07:00".parse().unwrap())
    );
    let back = serde_json::to_string(&a).unwrap();
    assert!(
        back.contains(r#""expires":"2018-09-17T08:00:00+07:00""#),
        "{back}"
    );
    assert_eq!(serde_json::from_str::<Article>(&back).unwrap(), a);
}

#[test]
fn validation_names_expiry_and_publish_fields() {
    let mut a = article(Status::Scheduled, Some(2_000), Some(1_000));
    let errs = a.validation_errors();
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].field, "expires");
    assert_eq!(errs[0].kind, ValidationErrorKind::ExpiresBeforePublished);
    assert_eq!(
        errs[0].to_string(),
        "field `expires`: expiry time is not after publish time"
    );
    a.expires = Some(ts(2_000));
    assert_eq!(a.validate().unwrap_err().field, "expires");
    a.expires = Some(ts(2_001));
    assert!(a.validate().is_ok());
    a.published = None;
    let e = a.validate().unwrap_err();
    assert_eq!(
        (e.field.as_str(), e.kind),
        ("published", ValidationErrorKind::MissingPublishTime)
    );
    a.status = Status::Published;
    assert!(
        a.validate().is_ok(),
        "a published article may lack a publish time"
    );
}
