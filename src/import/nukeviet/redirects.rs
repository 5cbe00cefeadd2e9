//! Every old NukeViet URL of a migrated module, and what it shows now.
//!
//! NukeViet builds its rewritten URLs as `/{lang}/{module}/{op}` plus an ending: `.html`
//! for articles, nothing for tags, `/` for everything else (the defaults of
//! `rewrite_exturl` and `rewrite_endurl`). The language segment is left out on sites
//! with `rewrite_optional`, the module segment when the module is the site's home
//! module, and `index.php/` comes first on servers without a rewrite file.

use std::fmt;

use crate::model::{ArticleId, Link, Slug};

use super::convert::Migration;

/// The shape of a NukeViet site's URLs.
///
/// ```
/// use tintuc::import::nukeviet::UrlConfig;
/// assert_eq!(UrlConfig::default().prefix(), "/vi/news/");
/// assert_eq!(UrlConfig::default().lang(None).module(Some("tin-tuc")).prefix(), "/tin-tuc/");
/// assert_eq!(UrlConfig::default().index_php(true).prefix(), "/index.php/vi/news/");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlConfig {
    lang: Option<String>,
    module: Option<String>,
    index_php: bool,
    ext: String,
    end: String,
    ops: [String; 4],
}

impl Default for UrlConfig {
    /// NukeViet's install defaults: `/vi/news/…`, `.html` and `/` endings, ops `tag`,
    /// `topic`, `groups`, `rss`.
    fn default() -> Self {
        UrlConfig {
            lang: Some("vi".into()),
            module: Some("news".into()),
            index_php: false,
            ext: ".html".into(),
            end: "/".into(),
            ops: ["tag", "topic", "groups", "rss"].map(String::from),
        }
    }
}

impl UrlConfig {
    /// The language segment (`vi`), or `None` on sites with `rewrite_optional`.
    pub fn lang(mut self, lang: Option<&str>) -> Self {
        self.lang = lang.map(String::from);
        self
    }
    /// The module's URL name (`news`), or `None` when it is the home module
    /// (`rewrite_op_mod`).
    pub fn module(mut self, module: Option<&str>) -> Self {
        self.module = module.map(String::from);
        self
    }
    /// URLs start with `/index.php/` (no rewrite file on the server).
    pub fn index_php(mut self, yes: bool) -> Self {
        self.index_php = yes;
        self
    }
    /// The article ending (`rewrite_exturl`, `.html`) and the ending of other pages
    /// (`rewrite_endurl`, `/`).
    pub fn endings(mut self, ext: &str, end: &str) -> Self {
        self.ext = ext.into();
        self.end = end.into();
        self
    }
    /// The op names of tag, topic, group and feed pages, when the site renamed them
    /// (defaults `tag`, `topic`, `groups`, `rss`).
    pub fn ops(mut self, tag: &str, topic: &str, groups: &str, rss: &str) -> Self {
        self.ops = [tag, topic, groups, rss].map(String::from);
        self
    }
    /// Everything before the op: `/vi/news/`.
    pub fn prefix(&self) -> String {
        let mut p = String::from("/");
        if self.index_php {
            p.push_str("index.php/");
        }
        for seg in [&self.lang, &self.module].into_iter().flatten() {
            p.push_str(seg);
            p.push('/');
        }
        p
    }
}

/// What an old URL showed, in the migrated site's terms.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Target {
    /// The module's main page.
    Home,
    /// An article.
    Article(ArticleId),
    /// A category listing.
    Category(Slug),
    /// A tag listing (the new slug of the tag).
    Tag(Slug),
    /// A topic thread's page.
    Topic(Slug),
    /// A curated group's page.
    Group(Slug),
    /// The module's feed.
    Feed,
    /// A category's feed.
    CategoryFeed(Slug),
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Home => f.write_str("home"),
            Target::Article(id) => write!(f, "article {id}"),
            Target::Category(s) => write!(f, "category {s}"),
            Target::Tag(s) => write!(f, "tag {s}"),
            Target::Topic(s) => write!(f, "topic {s}"),
            Target::Group(s) => write!(f, "group {s}"),
            Target::Feed => f.write_str("feed"),
            Target::CategoryFeed(s) => write!(f, "feed of category {s}"),
        }
    }
}

/// One old URL path (decoded: a tag alias keeps its diacritics) and its target.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Redirect {
    /// The old path, percent-decoded, as NukeViet wrote it in its pages.
    pub from: String,
    /// What it showed.
    pub target: Target,
}

impl Redirect {
    /// The old path as a browser sends it: every byte outside `A-Z a-z 0-9 - . _ ~ /`
    /// percent-encoded.
    ///
    /// ```
    /// use tintuc::import::nukeviet::{Redirect, Target};
    /// let r = Redirect::new("/vi/news/tag/thi-đua", Target::Home);
    /// assert_eq!(r.encoded_from(), "/vi/news/tag/thi-%C4%91ua");
    /// ```
    pub fn encoded_from(&self) -> String {
        percent_encode_path(&self.from)
    }

    /// A redirect (for hosts that build maps of their own).
    pub fn new(from: impl Into<String>, target: Target) -> Self {
        Redirect {
            from: from.into(),
            target,
        }
    }
}

/// Percent-encodes every byte of a path outside `A-Z a-z 0-9 - . _ ~ /`.
///
/// ```
/// assert_eq!(tintuc::import::nukeviet::percent_encode_path("/a b/đ"), "/a%20b/%C4%91");
/// ```
pub fn percent_encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Every old URL of the migrated module and its target, in a stable order: the module
/// page (unless it is the site's root) and feed, then per category its page and feed, then articles (one URL per
/// category they are listed in — NukeViet links an article under the category being
/// browsed), tags, topics and groups. Skipped articles have no entry.
///
/// ```
/// use tintuc::import::nukeviet::{migrate, redirects, Options, RawCategory, RawRow, Snapshot, Target, UrlConfig};
/// let mut snap = Snapshot::default();
/// let mut cat = RawCategory::default();
/// (cat.catid, cat.title, cat.alias) = (3, b"Tin".to_vec(), b"tin".to_vec());
/// snap.categories.push(cat);
/// let mut row = RawRow::default();
/// (row.id, row.catid, row.listcatid, row.status) = (12, 3, b"3".to_vec(), 1);
/// (row.title, row.alias) = (b"Tin".to_vec(), b"tin".to_vec());
/// snap.rows.push(row);
/// let m = migrate(&snap, &Options::default());
/// let r = redirects(&m, &UrlConfig::default());
/// assert!(r.iter().any(|r| r.from == "/vi/news/tin/tin-12.html"
///     && r.target == Target::Article("12".parse().unwrap())));
/// ```
pub fn redirects(m: &Migration, cfg: &UrlConfig) -> Vec<Redirect> {
    let p = cfg.prefix();
    let [tag, topic, groups, rss] = &cfg.ops;
    let end = &cfg.end;
    let mut out = Vec::new();
    let mut push = |from: String, target| out.push(Redirect { from, target });
    // A module at the site's root has no page of its own to redirect.
    if p != "/" {
        push(p.clone(), Target::Home);
    }
    push(format!("{p}{rss}{end}"), Target::Feed);
    for c in &m.categories {
        push(
            format!("{p}{}{end}", c.alias),
            Target::Category(c.slug.clone()),
        );
        push(
            format!("{p}{rss}/{}{end}", c.alias),
            Target::CategoryFeed(c.slug.clone()),
        );
    }
    let cat_alias = |id: u64| m.categories.iter().find(|c| c.id == id).map(|c| &c.alias);
    for (a, (nv_id, alias, cats)) in m.articles.iter().zip(&m.old_articles) {
        for &c in cats {
            if let Some(ca) = cat_alias(c) {
                push(
                    format!("{p}{ca}/{alias}-{nv_id}{}", cfg.ext),
                    Target::Article(a.id.clone()),
                );
            }
        }
    }
    for t in &m.tags {
        push(format!("{p}{tag}/{}", t.alias), Target::Tag(t.slug.clone()));
    }
    for t in &m.topics {
        push(
            format!("{p}{topic}/{}{end}", t.alias),
            Target::Topic(t.slug.clone()),
        );
    }
    for g in &m.groups {
        push(
            format!("{p}{groups}/{}{end}", g.alias),
            Target::Group(g.slug.clone()),
        );
    }
    out
}

/// Turns targets into the new site's links with `resolve` (usually the host's URL
/// scheme): the old path (decoded) and its new link for every target `resolve` knows,
/// and the redirects it does not (a topic page on a site without topic pages).
///
/// ```
/// use tintuc::import::nukeviet::{resolve, Redirect, Target};
/// use tintuc::model::Link;
/// let r = vec![Redirect::new("/vi/news/", Target::Home), Redirect::new("/vi/news/rss/", Target::Feed)];
/// let (map, left) = resolve(&r, |t| match t {
///     Target::Home => Some(Link::new("/").unwrap()),
///     _ => None,
/// });
/// assert_eq!(map, vec![("/vi/news/".to_string(), Link::new("/").unwrap())]);
/// assert_eq!(left[0].target, Target::Feed);
/// ```
pub fn resolve<F>(redirects: &[Redirect], resolve: F) -> (Vec<(String, Link)>, Vec<Redirect>)
where
    F: Fn(&Target) -> Option<Link>,
{
    let mut map = Vec::new();
    let mut left = Vec::new();
    for r in redirects {
        match resolve(&r.target) {
            Some(l) => map.push((r.from.clone(), l)),
            None => left.push(r.clone()),
        }
    }
    (map, left)
}

/// Writes a resolved map as nginx `map` lines (`"~^…$"`-free exact keys on `$uri`, which
/// nginx percent-decodes): one `"{old}" "{new}";` line per entry, quotes and
/// backslashes escaped. Use it as `map $uri $new_uri { include nukeviet.map; }` and
/// `if ($new_uri) { return 301 $new_uri; }`.
///
/// ```
/// use tintuc::import::nukeviet::nginx_map;
/// use tintuc::model::Link;
/// let map = vec![("/vi/news/tag/thi-đua".to_string(), Link::new("/the/thi-dua").unwrap())];
/// assert_eq!(nginx_map(&map), "\"/vi/news/tag/thi-đua\" \"/the/thi-dua\";\n");
/// ```
pub fn nginx_map(map: &[(String, Link)]) -> String {
    let q = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
    let mut out = String::new();
    // nginx strings cannot hold line breaks: such a path (none NukeViet writes) is left out.
    for (from, to) in map.iter().filter(|(f, _)| !f.chars().any(char::is_control)) {
        out.push_str(&format!("\"{}\" \"{}\";\n", q(from), q(to.as_str())));
    }
    out
}
