//! The editorial lifecycle: which articles readers may see at a given instant.
//!
//! [`Article::visibility_at`] is the one rule every output (pages, listings, feeds,
//! sitemaps, related lists, search) asks; [`next_transition`] tells a host when the
//! answer next changes for some article, so it can refresh what it serves on time
//! instead of waiting for a visitor. This module never reads a clock: callers pass `now`.

use super::{Article, Status, Timestamp};

/// Whether an article is shown to readers at an instant, and why not.
///
/// ```
/// use tintuc::model::{Article, Status, Visibility};
/// let mut a = Article::new("a1".parse()?, "Tin".into(), "tin".parse()?);
/// a.status = Status::Scheduled;
/// a.published = Some("2024-05-01T08:00:00+07:00".parse()?);
/// let before = "2024-05-01T07:59:59+07:00".parse()?;
/// assert_eq!(a.visibility_at(before), Visibility::NotYet { at: a.published.unwrap() });
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Visibility {
    /// Shown to readers.
    Visible,
    /// Scheduled or published with a publish time still in the future.
    NotYet {
        /// When it becomes visible.
        at: Timestamp,
    },
    /// Past its expiry time, or archived ([`Status::Expired`]).
    Expired {
        /// When it expired; `None` for an article archived by hand without a time.
        at: Option<Timestamp>,
    },
    /// Not meant for readers: draft, in review, approved, withdrawn, or scheduled
    /// without a publish time.
    Hidden,
}

impl Visibility {
    /// `true` only for [`Visibility::Visible`].
    ///
    /// ```
    /// use tintuc::model::Visibility;
    /// assert!(Visibility::Visible.is_visible());
    /// assert!(!Visibility::Hidden.is_visible());
    /// ```
    pub fn is_visible(self) -> bool {
        matches!(self, Visibility::Visible)
    }
}

impl Status {
    /// Statuses whose articles can be visible at some instant (`Scheduled`, `Published`);
    /// the visibility then depends on the publish and expiry times.
    ///
    /// ```
    /// use tintuc::model::Status;
    /// assert!(Status::Scheduled.may_be_visible());
    /// assert!(!Status::InReview.may_be_visible());
    /// ```
    pub fn may_be_visible(self) -> bool {
        matches!(self, Status::Scheduled | Status::Published)
    }
}

/// What the visibility rule reads of an article: its status, publish time and expiry.
///
/// [`Article::visibility_at`] asks this; indexes and stores that keep only these three
/// fields of an article (the search and related indexes) ask it too, so every output
/// answers with the same rule.
///
/// ```
/// use tintuc::model::{Lifecycle, Status};
/// let l = Lifecycle {
///     status: Status::Scheduled,
///     published: Some("2024-05-01T08:00:00+07:00".parse()?),
///     expires: None,
/// };
/// assert!(!l.is_visible_at("2024-05-01T07:59:59+07:00".parse()?));
/// assert!(l.is_visible_at("2024-05-01T08:00:00+07:00".parse()?));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Lifecycle {
    /// The editorial status.
    pub status: Status,
    /// When it is (or was) published.
    pub published: Option<Timestamp>,
    /// When it expires.
    pub expires: Option<Timestamp>,
}

impl Lifecycle {
    /// Whether readers may see the article at `now`: see [`Article::visibility_at`].
    ///
    /// ```
    /// use tintuc::model::{Lifecycle, Status, Visibility};
    /// let l = Lifecycle { status: Status::Expired, published: None, expires: None };
    /// assert_eq!(l.visibility_at("2024-05-01T08:00:00+07:00".parse()?), Visibility::Expired { at: None });
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn visibility_at(&self, now: Timestamp) -> Visibility {
        match self.status {
            Status::Expired => return Visibility::Expired { at: self.expires },
            s if !s.may_be_visible() => return Visibility::Hidden,
            _ => {}
        }
        match self.published {
            Some(p) if now < p => return Visibility::NotYet { at: p },
            None if self.status == Status::Scheduled => return Visibility::Hidden,
            _ => {}
        }
        match self.expires {
            Some(e) if now >= e => Visibility::Expired { at: Some(e) },
            _ => Visibility::Visible,
        }
    }

    /// Shorthand for `self.visibility_at(now).is_visible()`.
    ///
    /// ```
    /// use tintuc::model::{Lifecycle, Status};
    /// let l = Lifecycle { status: Status::Published, published: None, expires: None };
    /// assert!(l.is_visible_at("2024-05-01T08:00:00+07:00".parse()?));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_visible_at(&self, now: Timestamp) -> bool {
        self.visibility_at(now).is_visible()
    }

    /// The first instant strictly after `now` at which [`Lifecycle::visibility_at`]
    /// changes: see [`Article::next_transition_after`].
    ///
    /// ```
    /// use tintuc::model::{Lifecycle, Status};
    /// let l = Lifecycle { status: Status::Draft, published: None, expires: None };
    /// assert_eq!(l.next_transition_after("2024-05-01T08:00:00+07:00".parse()?), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn next_transition_after(&self, now: Timestamp) -> Option<Timestamp> {
        if !self.status.may_be_visible() {
            return None;
        }
        if self.status == Status::Scheduled && self.published.is_none() {
            return None;
        }
        // Before the publish time the article is "not yet" whatever its expiry says,
        // so the publish time comes first even when the expiry is (invalidly) earlier.
        match self.published {
            Some(p) if p > now => Some(p),
            _ => self.expires.filter(|e| *e > now),
        }
    }
}

impl Article {
    /// The fields the visibility rule reads.
    ///
    /// ```
    /// use tintuc::model::{Article, Status};
    /// let a = Article::new("a1".parse()?, "Tin".into(), "tin".parse()?);
    /// assert_eq!(a.lifecycle().status, Status::Draft);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn lifecycle(&self) -> Lifecycle {
        Lifecycle {
            status: self.status,
            published: self.published,
            expires: self.expires,
        }
    }

    /// Whether readers may see this article at `now`.
    ///
    /// The rule: only [`Status::Scheduled`] and [`Status::Published`] articles can be
    /// visible; they are not yet visible before `published`, and expired from `expires`
    /// on (an instant equal to `published` is visible, one equal to `expires` is not).
    /// A published article without a publish time (migrated archives) is visible until
    /// it expires; a scheduled one without a publish time is hidden.
    /// [`Status::Expired`] is expired at any instant.
    ///
    /// ```
    /// use tintuc::model::{Article, Status, Visibility};
    /// let mut a = Article::new("a1".parse()?, "Tin".into(), "tin".parse()?);
    /// a.status = Status::Published;
    /// a.published = Some("2024-05-01T08:00:00+07:00".parse()?);
    /// a.expires = Some("2024-06-01T00:00:00+07:00".parse()?);
    /// assert_eq!(a.visibility_at("2024-05-10T12:00:00+07:00".parse()?), Visibility::Visible);
    /// assert_eq!(
    ///     a.visibility_at("2024-06-01T00:00:00+07:00".parse()?),
    ///     Visibility::Expired { at: a.expires },
    /// );
    /// a.status = Status::Withdrawn;
    /// assert_eq!(a.visibility_at("2024-05-10T12:00:00+07:00".parse()?), Visibility::Hidden);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn visibility_at(&self, now: Timestamp) -> Visibility {
        self.lifecycle().visibility_at(now)
    }

    /// Shorthand for `self.visibility_at(now).is_visible()`.
    ///
    /// ```
    /// use tintuc::model::{Article, Status};
    /// let mut a = Article::new("a1".parse()?, "Tin".into(), "tin".parse()?);
    /// let now = "2024-05-10T12:00:00+07:00".parse()?;
    /// assert!(!a.is_visible_at(now)); // a new article is a draft
    /// a.status = Status::Published;
    /// assert!(a.is_visible_at(now));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_visible_at(&self, now: Timestamp) -> bool {
        self.visibility_at(now).is_visible()
    }

    /// The first instant strictly after `now` at which [`Article::visibility_at`]
    /// changes for this article, if its status and times say one is coming.
    ///
    /// ```
    /// use tintuc::model::{Article, Status};
    /// let mut a = Article::new("a1".parse()?, "Tin".into(), "tin".parse()?);
    /// a.status = Status::Scheduled;
    /// a.published = Some("2024-05-01T08:00:00+07:00".parse()?);
    /// a.expires = Some("2024-06-01T00:00:00+07:00".parse()?);
    /// let now = "2024-05-10T12:00:00+07:00".parse()?;
    /// assert_eq!(a.next_transition_after(now), a.expires);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn next_transition_after(&self, now: Timestamp) -> Option<Timestamp> {
        self.lifecycle().next_transition_after(now)
    }
}

/// The earliest instant strictly after `now` at which any of `articles` changes
/// visibility: when a host serving them should refresh. `None` when nothing is due.
///
/// ```
/// use tintuc::model::{next_transition, Article, Status};
/// let mut a = Article::new("a1".parse()?, "Một".into(), "mot".parse()?);
/// a.status = Status::Scheduled;
/// a.published = Some("2024-05-02T06:00:00+07:00".parse()?);
/// let mut b = Article::new("a2".parse()?, "Hai".into(), "hai".parse()?);
/// b.status = Status::Published;
/// b.expires = Some("2024-05-01T18:00:00+07:00".parse()?);
/// let now = "2024-05-01T12:00:00+07:00".parse()?;
/// assert_eq!(next_transition([&a, &b], now), b.expires);
/// assert_eq!(next_transition([&a], now), a.published);
/// assert_eq!(next_transition([&a, &b], "2024-05-03T00:00:00+07:00".parse()?), None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn next_transition<'a>(
    articles: impl IntoIterator<Item = &'a Article>,
    now: Timestamp,
) -> Option<Timestamp> {
    articles
        .into_iter()
        .filter_map(|a| a.next_transition_after(now))
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn article(status: Status) -> Article {
        let mut a = Article::new("a".parse().unwrap(), "T".into(), "t".parse().unwrap());
        a.status = status;
        a
    }

    #[test]
    fn boundaries_are_half_open() {
        let mut a = article(Status::Scheduled);
        a.published = Some(at("2024-05-01T08:00:00+07:00"));
        a.expires = Some(at("2024-05-02T08:00:00+07:00"));
        assert!(a.is_visible_at(at("2024-05-01T01:00:00Z")));
        assert!(!a.is_visible_at(at("2024-05-01T00:59:59Z")));
        assert!(a.is_visible_at(at("2024-05-02T00:59:59Z")));
        assert_eq!(
            a.visibility_at(at("2024-05-02T01:00:00Z")),
            Visibility::Expired { at: a.expires }
        );
    }

    #[test]
    fn scheduled_without_time_is_hidden_published_without_time_visible() {
        let now = at("2024-05-01T08:00:00+07:00");
        assert_eq!(
            article(Status::Scheduled).visibility_at(now),
            Visibility::Hidden
        );
        assert_eq!(
            article(Status::Published).visibility_at(now),
            Visibility::Visible
        );
        assert_eq!(article(Status::Scheduled).next_transition_after(now), None);
    }

    #[test]
    fn expiry_before_publish_time_waits_for_the_publish_time() {
        // Invalid (validation rejects it), but visibility still changes only once.
        let mut a = article(Status::Scheduled);
        a.published = Some(at("2024-05-02T00:00:00+07:00"));
        a.expires = Some(at("2024-05-01T12:00:00+07:00"));
        let now = at("2024-05-01T00:00:00+07:00");
        assert_eq!(a.next_transition_after(now), a.published);
        assert_eq!(
            a.visibility_at(at("2024-05-01T13:00:00+07:00")),
            Visibility::NotYet {
                at: at("2024-05-02T00:00:00+07:00")
            }
        );
        assert_eq!(
            a.visibility_at(at("2024-05-02T00:00:00+07:00")),
            Visibility::Expired { at: a.expires }
        );
    }

    #[test]
    fn archived_is_expired_always() {
        let a = article(Status::Expired);
        assert_eq!(
            a.visibility_at(at("2000-01-01T00:00:00Z")),
            Visibility::Expired { at: None }
        );
        assert_eq!(a.next_transition_after(at("2000-01-01T00:00:00Z")), None);
    }

    #[test]
    fn hidden_statuses_have_no_transition() {
        for s in [
            Status::Draft,
            Status::InReview,
            Status::Approved,
            Status::Withdrawn,
        ] {
            let mut a = article(s);
            a.published = Some(at("2030-01-01T00:00:00+07:00"));
            let now = at("2024-01-01T00:00:00+07:00");
            assert_eq!(a.visibility_at(now), Visibility::Hidden);
            assert_eq!(a.next_transition_after(now), None);
        }
    }
}
