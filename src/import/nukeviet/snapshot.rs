//! A NukeViet 4.x news module's tables as stored: the input of a migration.
//!
//! Text columns are kept as the bytes the database returned (entity-escaped titles,
//! possibly legacy-encoded text, HTML bodies); numbers as NukeViet's integer columns.
//! `read_mysql` fills a [`Snapshot`] from a database; tests and other sources
//! can fill one by hand.

/// One article: a row of `{table}_rows` joined with its body row: `{table}_detail`
/// (NukeViet 4.3 and later) or `{table}_bodyhtml_{n}` with `n` = ⌈id / 2000⌉ (4.0–4.2,
/// which has no `titlesite` and `description`: they stay empty).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RawRow {
    /// `id`: the article id, kept as the new article's id.
    pub id: u64,
    /// `catid`: the primary category.
    pub catid: u64,
    /// `listcatid`: every category, comma-separated (`"3,5"`).
    pub listcatid: Vec<u8>,
    /// `topicid`: the topic thread, 0 for none.
    pub topicid: u64,
    /// `admin_id`: the account that posted it.
    pub admin_id: u64,
    /// `author`: the byline, free text.
    pub author: Vec<u8>,
    /// `sourceid`: the source, 0 for none.
    pub sourceid: u64,
    /// `addtime`: created (Unix seconds).
    pub addtime: i64,
    /// `edittime`: last edited (Unix seconds).
    pub edittime: i64,
    /// `status`: see the [module docs](super#statuses).
    pub status: i64,
    /// `publtime`: publication time (Unix seconds), 0 for none.
    pub publtime: i64,
    /// `exptime`: expiry time (Unix seconds), 0 for never.
    pub exptime: i64,
    /// `archive`: at expiry, 1 keeps the article as archived (status 3), 0 deletes it.
    pub archive: u8,
    /// `title`: entity-escaped.
    pub title: Vec<u8>,
    /// `alias`: the URL alias.
    pub alias: Vec<u8>,
    /// `hometext`: the sapo (standfirst), escaped text or HTML.
    pub hometext: Vec<u8>,
    /// `homeimgfile`: the article image, relative to the module's upload folder or an
    /// absolute URL (`homeimgthumb` 3).
    pub homeimgfile: Vec<u8>,
    /// `homeimgalt`: the image's alternative text, shown as its caption.
    pub homeimgalt: Vec<u8>,
    /// `homeimgthumb`: 0 none, 1 uploaded with a thumbnail, 2 uploaded, 3 remote URL.
    pub homeimgthumb: u8,
    /// `inhome`: listed on the module's home page.
    pub inhome: bool,
    /// `hitstotal`: page views.
    pub hitstotal: u64,
    /// `_detail.titlesite`: a title for the page's `<title>`, often empty.
    pub titlesite: Vec<u8>,
    /// `_detail.description`: the meta description, often empty.
    pub description: Vec<u8>,
    /// `_detail.bodyhtml`: the body, filtered HTML.
    pub bodyhtml: Vec<u8>,
    /// `_detail.sourcetext`: the original article's address, when republished.
    pub sourcetext: Vec<u8>,
    /// `_detail.imgposition`: 0 image not shown in the article, 1 beside the sapo,
    /// 2 above the body.
    pub imgposition: u8,
    /// `_detail.copyright`: the module's copyright note is shown under the article.
    pub copyright: bool,
    /// `Some(table)` when the table that holds this article's body (`detail`, or
    /// `bodyhtml_{n}` before 4.3; without prefix) has no row for it, or does not exist:
    /// the body fields above are empty and the migration reports it.
    pub missing_body: Option<String>,
}

/// A row of `{table}_cat`: one node of the category tree.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RawCategory {
    /// `catid`.
    pub catid: u64,
    /// `parentid`: 0 for a top-level category.
    pub parentid: u64,
    /// `title`: entity-escaped.
    pub title: Vec<u8>,
    /// `alias`: the URL alias.
    pub alias: Vec<u8>,
    /// `weight`: order among siblings.
    pub weight: i64,
}

/// A row of `{table}_tags`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RawTag {
    /// `tid`.
    pub tid: u64,
    /// `title` (NukeViet 4.5; empty in older installs).
    pub title: Vec<u8>,
    /// `alias`: the URL alias, with diacritics unless the site converts tag aliases.
    pub alias: Vec<u8>,
    /// `keywords`.
    pub keywords: Vec<u8>,
}

/// A row of `{table}_tags_id`: a tag on an article, with the keyword as written there.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RawTagLink {
    /// `id`: the article.
    pub id: u64,
    /// `tid`: the tag.
    pub tid: u64,
    /// `keyword`.
    pub keyword: Vec<u8>,
}

/// A row of `{table}_topics` (topic threads) or `{table}_block_cat` (curated groups):
/// an id, a title and an alias.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RawNamed {
    /// `topicid` or `bid`.
    pub id: u64,
    /// `title`: entity-escaped.
    pub title: Vec<u8>,
    /// `alias`.
    pub alias: Vec<u8>,
}

/// A row of `{table}_block`: an article in a curated group, at a position.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RawGroupLink {
    /// `bid`: the group.
    pub bid: u64,
    /// `id`: the article.
    pub id: u64,
    /// `weight`: the article's place in the group, lowest first.
    pub weight: u64,
}

/// A row of `{table}_sources`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RawSource {
    /// `sourceid`.
    pub sourceid: u64,
    /// `title`: the source's name.
    pub title: Vec<u8>,
    /// `link`: its web address, often without a scheme.
    pub link: Vec<u8>,
}

/// Every table of one news module that a migration reads.
///
/// ```
/// use tintuc::import::nukeviet::{RawRow, Snapshot};
/// let mut row = RawRow::default();
/// row.id = 7;
/// let mut snap = Snapshot::default();
/// snap.rows.push(row);
/// assert_eq!(snap.rows[0].id, 7);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Snapshot {
    /// Articles, by id.
    pub rows: Vec<RawRow>,
    /// The category tree.
    pub categories: Vec<RawCategory>,
    /// Tags.
    pub tags: Vec<RawTag>,
    /// Tags on articles.
    pub tag_links: Vec<RawTagLink>,
    /// Topic threads.
    pub topics: Vec<RawNamed>,
    /// Curated groups.
    pub groups: Vec<RawNamed>,
    /// Articles in curated groups.
    pub group_links: Vec<RawGroupLink>,
    /// Sources.
    pub sources: Vec<RawSource>,
}
