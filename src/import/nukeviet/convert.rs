//! A [`Snapshot`] of NukeViet's tables to articles, with a report of every article and
//! every repair.

use std::collections::{HashMap, HashSet};
use std::fmt;

use chrono::TimeZone;

use crate::import::fix::{Fixer, Lines};
use crate::import::RepairKind;
use crate::model::{
    Article, ArticleId, Author, Block, Category, Figure, GroupEntry, Link, Slug, Status, Timestamp,
    Topic, WebUrl, VIETNAM_OFFSET,
};
use crate::text::repair::repair_bytes;

use super::body::{html_to_blocks, html_to_text};
use super::snapshot::{RawNamed, RawRow, Snapshot};
use super::{decode_title, EntityError};

/// How a migration builds what NukeViet computes at display time.
///
/// ```
/// use tintuc::import::nukeviet::Options;
/// let o = Options::default().uploads("/uploads/tin-tuc").id_prefix("nv-");
/// assert_eq!(o.uploads_dir(), "/uploads/tin-tuc");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    uploads: String,
    id_prefix: String,
}

impl Default for Options {
    /// Images under `/uploads/news`, article ids exactly NukeViet's.
    fn default() -> Self {
        Options {
            uploads: "/uploads/news".into(),
            id_prefix: String::new(),
        }
    }
}

impl Options {
    /// The folder that holds the module's uploaded images, as a site path
    /// (`/uploads/{module_upload}`); an article image `2024_05/a.jpg` becomes
    /// `{uploads}/2024_05/a.jpg`.
    pub fn uploads(mut self, path: impl Into<String>) -> Self {
        self.uploads = path.into().trim_end_matches('/').to_string();
        self
    }
    /// Put before each NukeViet id to make the article id (`nv-` gives `nv-1234`); empty
    /// by default, which keeps the ids as they are.
    pub fn id_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.id_prefix = prefix.into();
        self
    }
    /// The uploads folder.
    pub fn uploads_dir(&self) -> &str {
        &self.uploads
    }
}

/// Something the migration noticed about one article, beyond a text repair.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Note {
    /// The stored title is not valid NukeViet escaping; it was kept as stored.
    TitleNotDecoded(EntityError),
    /// A status NukeViet does not define; the article was imported as a draft.
    UnknownStatus(i64),
    /// The article's category is suspended (NukeViet adds 21 to the status); it was
    /// imported as withdrawn. The status before the suspension is kept here.
    LockedByCategory(i64),
    /// An id that names no row of its table (`cat`, `topics`, `sources`, `tags`,
    /// `block_cat`); the link was left out.
    Missing {
        /// The NukeViet table, without prefix.
        table: &'static str,
        /// The id.
        id: u64,
    },
    /// The NukeViet alias is not a usable slug, or another article has it: the slug
    /// given instead.
    SlugChanged {
        /// The alias as stored.
        alias: String,
        /// The new article's slug.
        slug: Slug,
    },
    /// The source's link is not a web address and was left out.
    SourceLinkDropped(String),
    /// The article image is not a usable link and was left out.
    ImageDropped(String),
    /// The article image is not shown in the article (`imgposition` 0) and was left out.
    ImageNotShown,
    /// Images in the body whose source is not a usable link were left out.
    BodyImagesDropped(usize),
    /// Tables in the body were flattened to one paragraph per row.
    TablesFlattened(usize),
    /// The expiry time is not after the publication time; the expiry was left out.
    ExpiryDropped,
    /// The table that holds the body (`detail`, `bodyhtml_{n}`) has no row for the
    /// article: it was imported with what `_rows` holds and an empty body.
    MissingBody(String),
    /// A field's bytes are neither UTF-8 nor a recognised legacy encoding; they were
    /// read as lossy UTF-8.
    LossyText(&'static str),
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Note::TitleNotDecoded(e) => write!(f, "kept as stored: {e}"),
            Note::UnknownStatus(s) => write!(f, "unknown status {s}, imported as draft"),
            Note::LockedByCategory(s) => {
                write!(
                    f,
                    "category suspended (status {s} before), imported as withdrawn"
                )
            }
            Note::Missing { table, id } => write!(f, "no row {id} in table `{table}`"),
            Note::SlugChanged { alias, slug } => write!(f, "alias {alias:?} became slug `{slug}`"),
            Note::SourceLinkDropped(l) => write!(f, "source link {l:?} is not a web address"),
            Note::ImageDropped(s) => write!(f, "article image {s:?} is not a usable link"),
            Note::ImageNotShown => {
                f.write_str("article image not shown in the article (imgposition 0)")
            }
            Note::BodyImagesDropped(n) => write!(f, "{n} body image(s) without a usable source"),
            Note::TablesFlattened(n) => write!(f, "{n} table(s) flattened to paragraphs"),
            Note::ExpiryDropped => f.write_str("expiry not after publication, left out"),
            Note::MissingBody(t) => write!(f, "no body: no row in table `{t}`"),
            Note::LossyText(field) => write!(f, "field `{field}`: undecodable bytes replaced"),
        }
    }
}

/// What became of one NukeViet article.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome {
    /// Imported with this status.
    Imported(Status),
    /// Not imported: the reason.
    Skipped(String),
}

/// The report line of one article: what it became, what was repaired, what was noticed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ArticleReport {
    /// NukeViet's `id`.
    pub nukeviet_id: u64,
    /// NukeViet's `status`.
    pub nukeviet_status: i64,
    /// The title, decoded and repaired.
    pub title: String,
    /// Imported (and how) or skipped (and why).
    pub outcome: Outcome,
    /// Every text repair, by field (`title`, `lead`, `body[2].text`, `authors[0].name`).
    pub repairs: Vec<(String, RepairKind)>,
    /// Everything else noticed.
    pub notes: Vec<Note>,
}

impl fmt::Display for ArticleReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "article {} ({:?}): ", self.nukeviet_id, self.title)?;
        match &self.outcome {
            Outcome::Imported(s) => write!(f, "imported as {s:?}")?,
            Outcome::Skipped(r) => write!(f, "skipped: {r}")?,
        }
        for (field, kind) in &self.repairs {
            write!(f, "; field `{field}`: {kind}")?;
        }
        for n in &self.notes {
            write!(f, "; {n}")?;
        }
        Ok(())
    }
}

/// A repair in a shared table (category, tag, topic, group, source names).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TableRepair {
    /// The NukeViet table, without prefix (`cat`, `tags`, `topics`, `block_cat`, `sources`).
    pub table: &'static str,
    /// The row's id.
    pub id: u64,
    /// The repair.
    pub kind: RepairKind,
}

/// A named item (category, tag, topic, group) with its NukeViet id and alias and its
/// new name and slug.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Migrated {
    /// NukeViet's id (`catid`, `tid`, `topicid`, `bid`).
    pub id: u64,
    /// The parent category (`parentid`, 0 for none); 0 for other kinds.
    pub parent: u64,
    /// The alias as stored (the old URL's segment).
    pub alias: String,
    /// The name, decoded and repaired.
    pub name: String,
    /// The new slug.
    pub slug: Slug,
}

/// The outcome of a migration: articles, the named items they link to, and the report.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Migration {
    /// The articles, in NukeViet id order.
    pub articles: Vec<Article>,
    /// For each article (same order): its NukeViet id, alias and every category id it
    /// is listed in, primary first — the parts of its old URLs.
    pub old_articles: Vec<(u64, String, Vec<u64>)>,
    /// The category tree, in `catid` order.
    pub categories: Vec<Migrated>,
    /// Tags used by at least one article, in `tid` order.
    pub tags: Vec<Migrated>,
    /// Topic threads, in `topicid` order.
    pub topics: Vec<Migrated>,
    /// Curated groups, in `bid` order.
    pub groups: Vec<Migrated>,
    /// One line per NukeViet article, imported or skipped, in id order.
    pub report: Vec<ArticleReport>,
    /// Repairs made in the shared tables.
    pub table_repairs: Vec<TableRepair>,
}

/// NukeViet's article status to the model's, with a note when the value says more.
///
/// | NukeViet | meaning (admin label) | model |
/// |---|---|---|
/// | 0 | suspended by an editor (Ngưng hiệu lực) | [`Status::Withdrawn`] |
/// | 1 | published (Xuất bản) | [`Status::Published`] |
/// | 2 | waiting for its publication time (Hẹn giờ đăng) | [`Status::Scheduled`] ([`Status::Published`] by [`migrate`] when `publtime` is 0) |
/// | 3 | expired and archived (Hết hạn) | [`Status::Expired`] |
/// | 4 | draft (Lưu nháp) | [`Status::Draft`] |
/// | 5, 7 | sent for approval, being approved | [`Status::InReview`] |
/// | 6 | approval refused, back with the author | [`Status::Draft`] |
/// | 8, 10 | sent for publication, being checked | [`Status::Approved`] |
/// | 9 | publication refused, back with the approver | [`Status::InReview`] |
/// | 21 and above | any of these + 21: its category is suspended | [`Status::Withdrawn`] |
///
/// ```
/// use tintuc::import::nukeviet::{map_status, Note};
/// use tintuc::model::Status;
/// assert_eq!(map_status(2), (Status::Scheduled, None));
/// assert_eq!(map_status(22), (Status::Withdrawn, Some(Note::LockedByCategory(1))));
/// ```
pub fn map_status(status: i64) -> (Status, Option<Note>) {
    let s = match status {
        0 => Status::Withdrawn,
        1 => Status::Published,
        2 => Status::Scheduled,
        3 => Status::Expired,
        4 | 6 => Status::Draft,
        5 | 7 | 9 => Status::InReview,
        8 | 10 => Status::Approved,
        21..=31 => return (Status::Withdrawn, Some(Note::LockedByCategory(status - 21))),
        _ => return (Status::Draft, Some(Note::UnknownStatus(status))),
    };
    (s, None)
}

/// Bytes to text: UTF-8 as it is; otherwise a legacy encoding when one is recognised
/// (a repair), else lossy UTF-8 (a note).
fn bytes_text(
    field: &'static str,
    b: &[u8],
    repairs: &mut Vec<(String, RepairKind)>,
    notes: &mut Vec<Note>,
) -> String {
    if let Ok(s) = std::str::from_utf8(b) {
        return s.to_string();
    }
    let r = repair_bytes(b);
    match r.encoding {
        Some(encoding) => repairs.push((field.into(), RepairKind::Encoding { encoding })),
        None => notes.push(Note::LossyText(field)),
    }
    r.text.into_owned()
}

/// Decodes NukeViet's escaping; anything it does not accept is decoded as HTML.
fn unescape(s: &str) -> String {
    decode_title(s).unwrap_or_else(|_| html_escape::decode_html_entities(s).into_owned())
}

/// Runs the importer's repairs (legacy encoding, controls, invisibles, NFC) on one field.
fn fix(fx: &mut Fixer, field: &str, s: String, lines: Lines) -> String {
    // Never refused: the fixer is not strict.
    fx.text(field, s, lines).unwrap_or_default()
}

fn slug_of(alias: &str, name: &str) -> Option<Slug> {
    Slug::new(alias)
        .ok()
        .or_else(|| Slug::from_title(alias))
        .or_else(|| Slug::from_title(name))
}

fn time(secs: i64) -> Option<Timestamp> {
    if secs <= 0 {
        return None;
    }
    VIETNAM_OFFSET.timestamp_opt(secs, 0).single()
}

/// Builds the named items of one table, repairing their names once.
fn named(
    table: &'static str,
    rows: impl Iterator<Item = (u64, u64, Vec<u8>, Vec<u8>)>,
    repairs: &mut Vec<TableRepair>,
) -> Vec<Migrated> {
    let mut out = Vec::new();
    let mut used = HashSet::new();
    for (id, parent, title, alias) in rows {
        let (mut field_repairs, mut notes) = (Vec::new(), Vec::new());
        let alias = bytes_text("alias", &alias, &mut field_repairs, &mut notes);
        let title = bytes_text("title", &title, &mut field_repairs, &mut notes);
        let mut fx = Fixer::new(false);
        let mut name = fix(&mut fx, "title", unescape(&title), Lines::One)
            .trim()
            .to_string();
        if name.is_empty() {
            // Older tag tables have no title: the alias, dashes as spaces, is the name.
            name = fix(&mut fx, "alias", alias.replace('-', " "), Lines::One)
                .trim()
                .to_string();
        }
        let alias = alias.trim().to_string();
        let Some(mut slug) = slug_of(&alias, &name) else {
            continue;
        };
        if !used.insert(slug.clone()) {
            if let Ok(s) = Slug::new(format!("{slug}-{id}")) {
                used.insert(s.clone());
                slug = s;
            }
        }
        repairs.extend(
            field_repairs
                .into_iter()
                .chain(fx.repairs)
                .map(|(_, kind)| TableRepair { table, id, kind }),
        );
        out.push(Migrated {
            id,
            parent,
            alias,
            name,
            slug,
        });
    }
    out.sort_by_key(|m| m.id);
    out
}

fn raw_named(v: &[RawNamed]) -> impl Iterator<Item = (u64, u64, Vec<u8>, Vec<u8>)> + '_ {
    v.iter()
        .map(|r| (r.id, 0, r.title.clone(), r.alias.clone()))
}

/// Converts a snapshot of a NukeViet news module into articles, with a report line for
/// every article. Nothing is written anywhere: a dry run is this call and a look at
/// [`Migration::report`].
///
/// Titles are decoded with [`decode_title`]; every text is repaired as the JSON Lines
/// importer does (legacy encodings, control and invisible characters, NFC); bodies go
/// through the sanitiser and become blocks; the article image becomes the first figure.
/// Ids are kept (with [`Options::id_prefix`]); aliases become slugs where they are valid
/// and unique. See the [module docs](super) for the field mapping.
///
/// ```
/// use tintuc::import::nukeviet::{migrate, Options, RawCategory, RawRow, Snapshot};
/// use tintuc::model::Status;
/// let mut cat = RawCategory::default();
/// (cat.catid, cat.title, cat.alias) = (3, b"Tin t\xe1\xbb\xa9c".to_vec(), b"tin-tuc".to_vec());
/// let mut row = RawRow::default();
/// (row.id, row.catid, row.listcatid, row.status) = (12, 3, b"3".to_vec(), 1);
/// row.title = "Kế hoạch 08&#x002F;KH-UBND".into();
/// row.alias = b"ke-hoach-08-kh-ubnd".to_vec();
/// row.bodyhtml = b"<p>N\xe1\xbb\x99i dung.</p><script>x()</script>".to_vec();
/// let mut snap = Snapshot::default();
/// snap.rows.push(row);
/// snap.categories.push(cat);
/// let m = migrate(&snap, &Options::default());
/// let a = &m.articles[0];
/// assert_eq!((a.id.as_str(), a.title.as_str()), ("12", "Kế hoạch 08/KH-UBND"));
/// assert_eq!(a.category.as_ref().unwrap().slug.as_str(), "tin-tuc");
/// assert_eq!(a.status, Status::Published);
/// assert_eq!(a.body_text(), "Nội dung.");
/// ```
pub fn migrate(snap: &Snapshot, opts: &Options) -> Migration {
    let mut m = Migration::default();
    let mut cats_sorted = snap.categories.clone();
    cats_sorted.sort_by_key(|c| (c.catid, c.weight));
    m.categories = named(
        "cat",
        cats_sorted
            .iter()
            .map(|c| (c.catid, c.parentid, c.title.clone(), c.alias.clone())),
        &mut m.table_repairs,
    );
    m.topics = named("topics", raw_named(&snap.topics), &mut m.table_repairs);
    m.groups = named("block_cat", raw_named(&snap.groups), &mut m.table_repairs);
    let used_tids: HashSet<u64> = snap.tag_links.iter().map(|l| l.tid).collect();
    m.tags = named(
        "tags",
        snap.tags
            .iter()
            .filter(|t| used_tids.contains(&t.tid))
            .map(|t| (t.tid, 0, t.title.clone(), t.alias.clone())),
        &mut m.table_repairs,
    );
    let mut sources = HashMap::new();
    for s in &snap.sources {
        let (mut r, mut n) = (Vec::new(), Vec::new());
        let title = bytes_text("title", &s.title, &mut r, &mut n);
        let link = bytes_text("link", &s.link, &mut r, &mut n);
        let mut fx = Fixer::new(false);
        let name = fix(&mut fx, "title", unescape(&title), Lines::One)
            .trim()
            .to_string();
        m.table_repairs.extend(
            r.into_iter()
                .chain(fx.repairs)
                .map(|(_, kind)| TableRepair {
                    table: "sources",
                    id: s.sourceid,
                    kind,
                }),
        );
        sources.insert(s.sourceid, (name, link.trim().to_string()));
    }
    let by_id = |v: &[Migrated]| -> HashMap<u64, Category> {
        v.iter()
            .map(|x| {
                (
                    x.id,
                    Category {
                        name: x.name.clone(),
                        slug: x.slug.clone(),
                    },
                )
            })
            .collect()
    };
    let cats = by_id(&m.categories);
    let topics = by_id(&m.topics);
    let groups = by_id(&m.groups);
    let tags = by_id(&m.tags);
    let mut tags_of: HashMap<u64, Vec<&super::RawTagLink>> = HashMap::new();
    for l in &snap.tag_links {
        tags_of.entry(l.id).or_default().push(l);
    }
    let mut groups_of: HashMap<u64, Vec<&super::RawGroupLink>> = HashMap::new();
    for l in &snap.group_links {
        groups_of.entry(l.id).or_default().push(l);
    }
    let lookups = Lookups {
        cats: &cats,
        topics: &topics,
        groups: &groups,
        tags: &tags,
        sources: &sources,
        tags_of: &tags_of,
        groups_of: &groups_of,
    };
    let mut rows: Vec<&RawRow> = snap.rows.iter().collect();
    rows.sort_by_key(|r| r.id);
    let mut slugs = HashSet::new();
    for row in rows {
        let (article, report, cat_ids, alias) = convert_row(row, opts, &lookups, &mut slugs);
        if let Some(a) = article {
            m.articles.push(a);
            m.old_articles.push((row.id, alias, cat_ids));
        }
        m.report.push(report);
    }
    m
}

struct Lookups<'a> {
    cats: &'a HashMap<u64, Category>,
    topics: &'a HashMap<u64, Category>,
    groups: &'a HashMap<u64, Category>,
    tags: &'a HashMap<u64, Category>,
    sources: &'a HashMap<u64, (String, String)>,
    tags_of: &'a HashMap<u64, Vec<&'a super::RawTagLink>>,
    groups_of: &'a HashMap<u64, Vec<&'a super::RawGroupLink>>,
}

/// A source link as a web address: as it is, or with `https://` when it is a bare host.
fn source_url(link: &str) -> Option<WebUrl> {
    if link.is_empty() {
        return None;
    }
    WebUrl::new(link).ok().or_else(|| {
        let host = link.split('/').next().unwrap_or_default();
        if host.contains('.') && !link.contains(':') {
            WebUrl::new(format!("https://{link}")).ok()
        } else {
            None
        }
    })
}

type Converted = (Option<Article>, ArticleReport, Vec<u64>, String);

fn convert_row(
    row: &RawRow,
    opts: &Options,
    lk: &Lookups<'_>,
    slugs: &mut HashSet<Slug>,
) -> Converted {
    let mut repairs = Vec::new();
    let mut notes = Vec::new();
    let raw_title = bytes_text("title", &row.title, &mut repairs, &mut notes);
    let alias = bytes_text("alias", &row.alias, &mut repairs, &mut notes)
        .trim()
        .to_string();
    let title = match decode_title(&raw_title) {
        Ok(t) => t,
        Err(e) => {
            notes.push(Note::TitleNotDecoded(e));
            raw_title
        }
    };
    let mut fx = Fixer::new(false);
    let title = fix(&mut fx, "title", title, Lines::One).trim().to_string();
    repairs.append(&mut fx.repairs);
    let (status, note) = map_status(row.status);
    notes.extend(note);
    let mut report = ArticleReport {
        nukeviet_id: row.id,
        nukeviet_status: row.status,
        title: title.clone(),
        outcome: Outcome::Imported(status),
        repairs,
        notes,
    };
    let skip = |mut report: ArticleReport, why: String| -> Converted {
        report.outcome = Outcome::Skipped(why);
        (None, report, Vec::new(), String::new())
    };
    let id = match ArticleId::new(format!("{}{}", opts.id_prefix, row.id)) {
        Ok(id) => id,
        Err(e) => return skip(report, e.to_string()),
    };
    if title.is_empty() {
        return skip(report, "empty title".into());
    }
    let Some(mut slug) = slug_of(&alias, &title).or_else(|| Slug::from_title(id.as_str())) else {
        return skip(
            report,
            "no slug can be built from alias, title or id".into(),
        );
    };
    if slugs.contains(&slug) {
        if let Ok(s) = Slug::new(format!("{slug}-{}", row.id)) {
            slug = s;
        }
    }
    if slug.as_str() != alias {
        report.notes.push(Note::SlugChanged {
            alias: alias.clone(),
            slug: slug.clone(),
        });
    }
    let mut a = Article::new(id, title, slug);
    a.status = status;
    a.published = time(row.publtime);
    a.expires = time(row.exptime);
    if let (Some(p), Some(e)) = (a.published, a.expires) {
        if e <= p {
            a.expires = None;
            report.notes.push(Note::ExpiryDropped);
        }
    }
    a.updated = time(row.edittime).filter(|u| a.published.is_none_or(|p| *u > p));
    if a.status == Status::Scheduled && a.published.is_none() {
        // NukeViet publishes a waiting row once `publtime` has passed, and 0 always has.
        a.status = Status::Published;
        report.outcome = Outcome::Imported(Status::Published);
    }

    // Categories: the primary first, then the rest of listcatid in its order.
    let listcatid = String::from_utf8_lossy(&row.listcatid);
    let mut cat_ids = vec![row.catid];
    for c in listcatid
        .split(',')
        .filter_map(|c| c.trim().parse::<u64>().ok())
    {
        if c != 0 && !cat_ids.contains(&c) {
            cat_ids.push(c);
        }
    }
    cat_ids.retain(|&c| {
        let known = lk.cats.contains_key(&c);
        if !known && c != 0 {
            report.notes.push(Note::Missing {
                table: "cat",
                id: c,
            });
        }
        known
    });
    let mut cats = cat_ids.iter().filter_map(|c| lk.cats.get(c).cloned());
    a.category = cats.next();
    a.more_categories = cats.collect();

    if row.topicid != 0 {
        match lk.topics.get(&row.topicid) {
            Some(t) => {
                a.topic = Some(Topic {
                    name: t.name.clone(),
                    slug: t.slug.clone(),
                })
            }
            None => report.notes.push(Note::Missing {
                table: "topics",
                id: row.topicid,
            }),
        }
    }
    let mut group_links = lk.groups_of.get(&row.id).cloned().unwrap_or_default();
    group_links.sort_by_key(|l| l.bid);
    for l in group_links {
        match lk.groups.get(&l.bid) {
            Some(g) => a.groups.push(GroupEntry {
                name: g.name.clone(),
                slug: g.slug.clone(),
                position: u32::try_from(l.weight).unwrap_or(u32::MAX),
            }),
            None => report.notes.push(Note::Missing {
                table: "block_cat",
                id: l.bid,
            }),
        }
    }
    let mut tag_links = lk.tags_of.get(&row.id).cloned().unwrap_or_default();
    tag_links.sort_by_key(|l| l.tid);
    for l in tag_links {
        match lk.tags.get(&l.tid) {
            Some(t) if !a.tags.contains(&t.name) => a.tags.push(t.name.clone()),
            Some(_) => {}
            None => report.notes.push(Note::Missing {
                table: "tags",
                id: l.tid,
            }),
        }
    }

    let (mut r, mut n) = (Vec::new(), Vec::new());
    let author = bytes_text("author", &row.author, &mut r, &mut n);
    let author = unescape(author.trim());
    if !author.trim().is_empty() {
        a.authors.push(Author::new(author.trim()));
    }
    if row.sourceid != 0 {
        match lk.sources.get(&row.sourceid) {
            Some((name, link)) => {
                if !name.is_empty() {
                    a.source_name = Some(name.clone());
                }
                a.source_url = source_url(link);
                if a.source_url.is_none() && !link.is_empty() {
                    report.notes.push(Note::SourceLinkDropped(link.clone()));
                }
            }
            None => report.notes.push(Note::Missing {
                table: "sources",
                id: row.sourceid,
            }),
        }
    }
    let sourcetext = bytes_text("sourcetext", &row.sourcetext, &mut r, &mut n);
    if let Ok(u) = WebUrl::new(sourcetext.trim()) {
        a.source_url = Some(u);
    }

    let hometext = bytes_text("hometext", &row.hometext, &mut r, &mut n);
    let lead = html_to_text(&hometext);
    if !lead.is_empty() {
        a.lead = Some(lead);
    }
    let image = image(row, opts, &a.title, &mut r, &mut n);
    if let Some(t) = &row.missing_body {
        n.push(Note::MissingBody(t.clone()));
    }
    let html = bytes_text("bodyhtml", &row.bodyhtml, &mut r, &mut n);
    let (blocks, body_notes) = html_to_blocks(&html);
    if let Some(Ok(f)) = image {
        a.body.push(Block::Figure(f));
    } else if let Some(Err(note)) = image {
        n.push(note);
    }
    a.body.extend(blocks);
    if body_notes.dropped_images > 0 {
        n.push(Note::BodyImagesDropped(body_notes.dropped_images));
    }
    if body_notes.tables > 0 {
        n.push(Note::TablesFlattened(body_notes.tables));
    }
    report.repairs.append(&mut r);
    report.notes.append(&mut n);

    // The importer's repairs on every text field but the title (done above).
    let mut fx = Fixer::new(false);
    let title = std::mem::take(&mut a.title);
    let fixed = crate::import::fix_article(&mut a, &mut fx);
    a.title = title;
    if fixed.is_ok() {
        report.repairs.append(&mut fx.repairs);
    }
    a.body.retain(|b| {
        !b.text_parts().iter().all(|t| t.trim().is_empty()) || matches!(b, Block::Figure(_))
    });
    if let Err(e) = a.validate() {
        return skip(report, e.to_string());
    }
    slugs.insert(a.slug.clone());
    (Some(a), report, cat_ids, alias)
}

/// The article image as a figure: `Ok` to show it, `Err` with the reason it is left out.
fn image(
    row: &RawRow,
    opts: &Options,
    title: &str,
    repairs: &mut Vec<(String, RepairKind)>,
    notes: &mut Vec<Note>,
) -> Option<Result<Figure, Note>> {
    let file = bytes_text("homeimgfile", &row.homeimgfile, repairs, notes);
    let file = file.trim();
    if file.is_empty() || row.homeimgthumb == 0 {
        return None;
    }
    if row.imgposition == 0 {
        return Some(Err(Note::ImageNotShown));
    }
    let src = if row.homeimgthumb == 3 {
        file.to_string()
    } else {
        format!("{}/{}", opts.uploads, file.trim_start_matches('/'))
    };
    let Ok(src) = Link::new(&src) else {
        return Some(Err(Note::ImageDropped(src)));
    };
    let alt = bytes_text("homeimgalt", &row.homeimgalt, repairs, notes);
    let alt = unescape(alt.trim());
    Some(Ok(Figure {
        src,
        // NukeViet shows the title as the alternative text when none is given, and the
        // given text as the caption.
        alt: if alt.is_empty() {
            title.to_string()
        } else {
            alt.clone()
        },
        caption: (!alt.is_empty()).then_some(alt),
        width: None,
        height: None,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::nukeviet::{RawCategory, RawSource};
    use crate::model::Visibility;
    use crate::text::repair::Encoding;

    fn snap(rows: Vec<RawRow>) -> Snapshot {
        let mut s = Snapshot::default();
        s.categories.push(RawCategory {
            catid: 1,
            title: "Tin tức".into(),
            alias: b"tin-tuc".to_vec(),
            ..RawCategory::default()
        });
        s.rows = rows;
        s
    }

    fn row(id: u64, status: i64) -> RawRow {
        RawRow {
            id,
            catid: 1,
            listcatid: b"1".to_vec(),
            status,
            title: format!("Tin số {id}").into_bytes(),
            alias: format!("tin-so-{id}").into_bytes(),
            bodyhtml: b"<p>N\xe1\xbb\x99i dung.</p>".to_vec(),
            imgposition: 1,
            ..RawRow::default()
        }
    }

    #[test]
    fn every_status_value() {
        let want = [
            (0, Status::Withdrawn),
            (1, Status::Published),
            (2, Status::Scheduled),
            (3, Status::Expired),
            (4, Status::Draft),
            (5, Status::InReview),
            (6, Status::Draft),
            (7, Status::InReview),
            (8, Status::Approved),
            (9, Status::InReview),
            (10, Status::Approved),
        ];
        for (v, s) in want {
            assert_eq!(map_status(v), (s, None), "{v}");
        }
        for v in 21..=31 {
            assert_eq!(
                map_status(v),
                (Status::Withdrawn, Some(Note::LockedByCategory(v - 21)))
            );
        }
        for v in [-1, 11, 20, 32, 127] {
            assert_eq!(map_status(v), (Status::Draft, Some(Note::UnknownStatus(v))));
        }
    }

    #[test]
    fn source_links() {
        let s = |l: &str| source_url(l).map(|u| u.to_string());
        assert_eq!(
            s("baochinhphu.vn").as_deref(),
            Some("https://baochinhphu.vn")
        );
        assert_eq!(
            s("vnexpress.net/a/b").as_deref(),
            Some("https://vnexpress.net/a/b")
        );
        assert_eq!(s("http://a.vn/x").as_deref(), Some("http://a.vn/x"));
        for bad in [
            "",
            "Báo Nhân dân",
            "javascript:alert(1)",
            "ftp://a.vn",
            "a b.vn",
        ] {
            assert_eq!(s(bad), None, "{bad}");
        }
    }

    #[test]
    fn legacy_bytes_bad_titles_and_times() {
        let mut legacy = row(1, 1);
        // TCVN3 bytes as a latin1 column returns them with binary results.
        legacy.title = b"H\xb5 N\xe9i".to_vec();
        let mut bad = row(2, 1);
        bad.title = b"H\xe1\xbb\x8fi & \xc4\x91\xc3\xa1p".to_vec();
        let mut times = row(3, 1);
        (times.publtime, times.exptime, times.edittime) = (1_714_611_600, 1_714_611_600, 5);
        let mut hidden_image = row(4, 2);
        (hidden_image.homeimgfile, hidden_image.homeimgthumb) = (b"a.jpg".to_vec(), 2);
        hidden_image.imgposition = 0;
        let mut empty = row(5, 1);
        empty.title = b"  ".to_vec();
        let m = migrate(
            &snap(vec![legacy, bad, times, hidden_image, empty]),
            &Options::default(),
        );
        assert_eq!(m.articles[0].title, "Hà Nội");
        assert_eq!(
            m.report[0].repairs,
            [(
                "title".to_string(),
                RepairKind::Encoding {
                    encoding: Encoding::Tcvn3
                }
            )]
        );
        assert_eq!(m.articles[1].title, "Hỏi & đáp");
        assert!(matches!(m.report[1].notes[..], [Note::TitleNotDecoded(_)]));
        let a = &m.articles[2];
        assert_eq!((a.expires, a.updated), (None, None));
        assert_eq!(m.report[2].notes, [Note::ExpiryDropped]);
        // Waiting without a publication time: NukeViet publishes it at the next visit.
        let a = &m.articles[3];
        assert_eq!(a.status, Status::Published);
        assert_eq!(m.report[3].outcome, Outcome::Imported(Status::Published));
        assert_eq!(
            a.visibility_at("2024-01-01T00:00:00Z".parse().unwrap()),
            Visibility::Visible
        );
        assert_eq!(m.report[3].notes, [Note::ImageNotShown]);
        assert_eq!(m.articles.len(), 4);
        assert_eq!(m.report[4].outcome, Outcome::Skipped("empty title".into()));
        assert_eq!(
            m.report[4].to_string(),
            "article 5 (\"\"): skipped: empty title"
        );
    }

    #[test]
    fn sources_ids_and_images() {
        let mut r = row(9, 1);
        (r.sourceid, r.homeimgthumb, r.homeimgfile) = (4, 1, b"2024_05/a b.jpg".to_vec());
        let mut s = snap(vec![r]);
        s.sources.push(RawSource {
            sourceid: 4,
            title: "Báo &amp; Đài".into(),
            link: b"baochinhphu.vn".to_vec(),
        });
        let m = migrate(
            &s,
            &Options::default().id_prefix("nv-").uploads("/tai-len/"),
        );
        let a = &m.articles[0];
        assert_eq!(a.id.as_str(), "nv-9");
        assert_eq!(a.source_name.as_deref(), Some("Báo & Đài"));
        assert_eq!(
            a.source_url.as_ref().map(|u| u.as_str()),
            Some("https://baochinhphu.vn")
        );
        // A space is not allowed in a link: the image is left out and reported.
        assert_eq!(
            m.report[0].notes,
            [Note::ImageDropped("/tai-len/2024_05/a b.jpg".into())]
        );
        assert_eq!(a.body, [Block::paragraph("Nội dung.")]);
    }
}
