//! Reads a [`Snapshot`] from a NukeViet database.
//!
//! The `mysql` client is synchronous: [`read_mysql`] blocks the calling thread until
//! every table is read. An async host calls it on a blocking thread
//! (`tokio::task::spawn_blocking`). Results come back as the stored bytes
//! (`character_set_results = binary`), so a `latin1` column holding UTF-8 or a legacy
//! encoding reaches the repairs unmangled.

use std::collections::HashMap;

use mysql::prelude::Queryable;
use mysql::{Conn, Opts, Row};

use super::snapshot::{
    RawCategory, RawGroupLink, RawNamed, RawRow, RawSource, RawTag, RawTagLink, Snapshot,
};

/// Why a NukeViet database could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// A part of the table names is not ASCII letters, digits and `_`.
    #[error("table name part {0:?}: only ascii letters, digits and `_` are allowed")]
    Name(String),
    /// The connection address is not a `mysql://` URL.
    #[error("database url: {0}")]
    Url(String),
    /// The database refused a query or the connection failed.
    #[error("{what}: {source}")]
    Database {
        /// What was being done (`connecting`, `reading table nv4_vi_news_rows`).
        what: String,
        /// The client's error.
        source: mysql::Error,
    },
    /// A column's value has a type this reader cannot use.
    #[error("table `{table}`, column {column}: {reason}")]
    Column {
        /// The table.
        table: String,
        /// The column's position in the query.
        column: usize,
        /// What is wrong.
        reason: String,
    },
}

/// The names of one news module's tables: `{prefix}_{lang}_{module_data}_{table}`.
///
/// ```
/// use tintuc::import::nukeviet::Tables;
/// assert_eq!(Tables::default().name("rows"), "nv4_vi_news_rows");
/// assert_eq!(Tables::new("nv4", "vi", "tin_tuc")?.name("cat"), "nv4_vi_tin_tuc_cat");
/// assert!(Tables::new("nv4; DROP TABLE x", "vi", "news").is_err());
/// # Ok::<(), tintuc::import::nukeviet::ReadError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tables {
    base: String,
}

impl Default for Tables {
    /// `nv4_vi_news_…`, NukeViet's install default.
    fn default() -> Self {
        Tables {
            base: "nv4_vi_news".into(),
        }
    }
}

impl Tables {
    /// The table prefix (`$db_config['prefix']`, `nv4`), the data language (`vi`) and
    /// the module's data name (`$module_data`, `news`).
    pub fn new(prefix: &str, lang: &str, module_data: &str) -> Result<Self, ReadError> {
        for part in [prefix, lang, module_data] {
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                return Err(ReadError::Name(part.into()));
            }
        }
        Ok(Tables {
            base: format!("{prefix}_{lang}_{module_data}"),
        })
    }

    /// One table's full name.
    pub fn name(&self, table: &str) -> String {
        format!("{}_{table}", self.base)
    }
}

/// Reads every table a migration needs from the database at `url`
/// (`mysql://user:password@host:port/database`). Blocking; see the module docs.
///
/// Reads NukeViet 4.x: bodies come from `_detail` when it has a `bodyhtml` column (4.3
/// and later), else from the `_bodyhtml_{n}` tables (4.0–4.2, article `id` in table
/// ⌈id / 2000⌉). An article whose body row is missing is kept with an empty body and
/// [`RawRow::missing_body`] set. The tags' `title` column (4.5) is used when present.
///
/// ```no_run
/// use tintuc::import::nukeviet::{migrate, read_mysql, Options, Tables};
/// let snap = read_mysql("mysql://reader:secret@127.0.0.1:3306/nukeviet", &Tables::default())?;
/// let migration = migrate(&snap, &Options::default());
/// for line in &migration.report {
///     println!("{line}");
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_mysql(url: &str, tables: &Tables) -> Result<Snapshot, ReadError> {
    let opts = Opts::from_url(url).map_err(|e| ReadError::Url(e.to_string()))?;
    let mut conn = Conn::new(opts).map_err(|source| ReadError::Database {
        what: "connecting".into(),
        source,
    })?;
    for setup in ["SET NAMES utf8mb4", "SET character_set_results = binary"] {
        conn.query_drop(setup)
            .map_err(|source| ReadError::Database {
                what: setup.into(),
                source,
            })?;
    }
    let mut r = Reader {
        conn: &mut conn,
        tables,
    };
    let mut rows = match r.body_layout()? {
        Layout::Detail => r.read(
            "rows",
            &format!(
                "{ROW_COLUMNS}, d.titlesite, d.description, d.bodyhtml, d.sourcetext, \
                 d.imgposition, d.copyright, d.id IS NULL \
                 FROM {{rows}} r LEFT JOIN {{detail}} d ON d.id = r.id ORDER BY r.id"
            ),
            |c| {
                let mut row = row_columns(c)?;
                row.titlesite = c.text()?;
                row.description = c.text()?;
                body_columns(c, &mut row)?;
                if c.small()? != 0 {
                    row.missing_body = Some("detail".into());
                }
                Ok(row)
            },
        )?,
        Layout::BodyHtml(numbers) => {
            let mut rows = r.read(
                "rows",
                &format!("{ROW_COLUMNS} FROM {{rows}} r ORDER BY r.id"),
                row_columns,
            )?;
            let mut bodies = HashMap::new();
            for n in numbers {
                let table = format!("bodyhtml_{n}");
                let sql = format!(
                    "SELECT id, bodyhtml, sourcetext, imgposition, copyright FROM {} ORDER BY id",
                    tables.name(&table)
                );
                for (id, body) in r.read(&table, &sql, |c| {
                    let id = c.u64()?;
                    let mut body = RawRow::default();
                    body_columns(c, &mut body)?;
                    Ok((id, body))
                })? {
                    bodies.insert((n, id), body);
                }
            }
            for row in &mut rows {
                let n = body_table(row.id);
                match bodies.remove(&(n, row.id)) {
                    Some(b) => {
                        row.bodyhtml = b.bodyhtml;
                        row.sourcetext = b.sourcetext;
                        row.imgposition = b.imgposition;
                        row.copyright = b.copyright;
                    }
                    None => row.missing_body = Some(format!("bodyhtml_{n}")),
                }
            }
            rows
        }
    };
    for row in &mut rows {
        if row.missing_body.is_some() {
            // The column's default: the article image is shown.
            row.imgposition = 1;
        }
    }
    let categories = r.read(
        "cat",
        "SELECT catid, parentid, title, alias, weight FROM {cat} ORDER BY catid",
        |c| {
            Ok(RawCategory {
                catid: c.u64()?,
                parentid: c.u64()?,
                title: c.text()?,
                alias: c.text()?,
                weight: c.i64()?,
            })
        },
    )?;
    let has_title = r.has_column("tags", "title")?;
    let tag_sql = if has_title {
        "SELECT tid, title, alias, keywords FROM {tags} ORDER BY tid"
    } else {
        "SELECT tid, '', alias, keywords FROM {tags} ORDER BY tid"
    };
    let tags = r.read("tags", tag_sql, |c| {
        Ok(RawTag {
            tid: c.u64()?,
            title: c.text()?,
            alias: c.text()?,
            keywords: c.text()?,
        })
    })?;
    let tag_links = r.read(
        "tags_id",
        "SELECT id, tid, keyword FROM {tags_id} ORDER BY id, tid",
        |c| {
            Ok(RawTagLink {
                id: c.u64()?,
                tid: c.u64()?,
                keyword: c.text()?,
            })
        },
    )?;
    let named = |c: &mut Cols| {
        Ok(RawNamed {
            id: c.u64()?,
            title: c.text()?,
            alias: c.text()?,
        })
    };
    let topics = r.read(
        "topics",
        "SELECT topicid, title, alias FROM {topics} ORDER BY topicid",
        named,
    )?;
    let groups = r.read(
        "block_cat",
        "SELECT bid, title, alias FROM {block_cat} ORDER BY bid",
        named,
    )?;
    let group_links = r.read(
        "block",
        "SELECT bid, id, weight FROM {block} ORDER BY bid, weight",
        |c| {
            Ok(RawGroupLink {
                bid: c.u64()?,
                id: c.u64()?,
                weight: c.u64()?,
            })
        },
    )?;
    let sources = r.read(
        "sources",
        "SELECT sourceid, title, link FROM {sources} ORDER BY sourceid",
        |c| {
            Ok(RawSource {
                sourceid: c.u64()?,
                title: c.text()?,
                link: c.text()?,
            })
        },
    )?;
    Ok(Snapshot {
        rows,
        categories,
        tags,
        tag_links,
        topics,
        groups,
        group_links,
        sources,
    })
}

/// Rows per `_bodyhtml_{n}` table in NukeViet 4.0–4.2: `id` is in table ⌈id / 2000⌉.
const BODY_TABLE_ROWS: u64 = 2000;

/// The `_rows` columns read, in [`row_columns`]' order.
const ROW_COLUMNS: &str = "SELECT r.id, r.catid, r.listcatid, r.topicid, r.admin_id, r.author, \
     r.sourceid, r.addtime, r.edittime, r.status, r.publtime, r.exptime, r.archive, r.title, \
     r.alias, r.hometext, r.homeimgfile, r.homeimgalt, r.homeimgthumb, r.inhome, r.hitstotal";

fn row_columns(c: &mut Cols) -> Result<RawRow, ReadError> {
    Ok(RawRow {
        id: c.u64()?,
        catid: c.u64()?,
        listcatid: c.text()?,
        topicid: c.u64()?,
        admin_id: c.u64()?,
        author: c.text()?,
        sourceid: c.u64()?,
        addtime: c.i64()?,
        edittime: c.i64()?,
        status: c.i64()?,
        publtime: c.i64()?,
        exptime: c.i64()?,
        archive: c.small()?,
        title: c.text()?,
        alias: c.text()?,
        hometext: c.text()?,
        homeimgfile: c.text()?,
        homeimgalt: c.text()?,
        homeimgthumb: c.small()?,
        inhome: c.small()? != 0,
        hitstotal: c.u64()?,
        ..RawRow::default()
    })
}

/// `bodyhtml`, `sourcetext`, `imgposition`, `copyright`.
fn body_columns(c: &mut Cols, row: &mut RawRow) -> Result<(), ReadError> {
    row.bodyhtml = c.text()?;
    row.sourcetext = c.text()?;
    row.imgposition = c.small()?;
    row.copyright = c.small()? != 0;
    Ok(())
}

/// The `n` of the `{stem}{n}` tables among `names`, in order (`n` written as NukeViet
/// writes it: decimal, no leading zero).
fn body_tables(names: &[String], stem: &str) -> Vec<u64> {
    let mut numbers: Vec<u64> = names
        .iter()
        .filter_map(|t| t.strip_prefix(stem))
        .filter_map(|n| n.parse::<u64>().ok().filter(|v| v.to_string() == n))
        .collect();
    numbers.sort_unstable();
    numbers
}

/// The `_bodyhtml_{n}` table that holds article `id` (4.0–4.2).
fn body_table(id: u64) -> u64 {
    id.div_ceil(BODY_TABLE_ROWS)
}

/// Where a site keeps its article bodies.
enum Layout {
    /// `_detail` (NukeViet 4.3 and later).
    Detail,
    /// `_bodyhtml_{n}`, these `n` (4.0–4.2).
    BodyHtml(Vec<u64>),
}

struct Reader<'a> {
    conn: &'a mut Conn,
    tables: &'a Tables,
}

impl Reader<'_> {
    /// `{name}` in `sql` stands for that table's full name.
    fn sql(&self, sql: &str) -> String {
        let mut out = sql.to_string();
        for t in [
            "rows",
            "detail",
            "cat",
            "tags_id",
            "tags",
            "topics",
            "block_cat",
            "block",
            "sources",
        ] {
            out = out.replace(&format!("{{{t}}}"), &self.tables.name(t));
        }
        out
    }

    fn read<T>(
        &mut self,
        table: &str,
        sql: &str,
        f: impl Fn(&mut Cols) -> Result<T, ReadError>,
    ) -> Result<Vec<T>, ReadError> {
        let name = self.tables.name(table);
        let sql = self.sql(sql);
        let rows: Vec<Row> = self.conn.query(sql).map_err(|source| ReadError::Database {
            what: format!("reading table {name}"),
            source,
        })?;
        rows.into_iter()
            .map(|row| {
                f(&mut Cols {
                    row,
                    next: 0,
                    table: &name,
                })
            })
            .collect()
    }

    /// `_detail` with a `bodyhtml` column; else the `_bodyhtml_{n}` tables there are;
    /// with neither, `_detail` (whose query then fails naming what is missing).
    fn body_layout(&mut self) -> Result<Layout, ReadError> {
        let detail = self.tables.name("detail");
        let sql = format!(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = DATABASE() \
             AND table_name = '{detail}' AND column_name = 'bodyhtml'"
        );
        if !self.query_names(&sql)?.is_empty() {
            return Ok(Layout::Detail);
        }
        let sql =
            "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()";
        let names = self.query_names(sql)?;
        let numbers = body_tables(&names, &self.tables.name("bodyhtml_"));
        Ok(if numbers.is_empty() {
            Layout::Detail
        } else {
            Layout::BodyHtml(numbers)
        })
    }

    /// The first column of every row, as text.
    fn query_names(&mut self, sql: &str) -> Result<Vec<String>, ReadError> {
        let rows: Vec<Row> = self.conn.query(sql).map_err(|source| ReadError::Database {
            what: "reading information_schema".into(),
            source,
        })?;
        Ok(rows
            .into_iter()
            .filter_map(|mut row| row.take_opt::<Vec<u8>, usize>(0)?.ok())
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .collect())
    }

    fn has_column(&mut self, table: &str, column: &str) -> Result<bool, ReadError> {
        let name = self.tables.name(table);
        let sql = format!("SHOW COLUMNS FROM {name} LIKE '{column}'");
        let rows: Vec<Row> = self.conn.query(sql).map_err(|source| ReadError::Database {
            what: format!("reading the columns of {name}"),
            source,
        })?;
        Ok(!rows.is_empty())
    }
}

/// The columns of one result row, taken in order.
struct Cols<'a> {
    row: Row,
    next: usize,
    table: &'a str,
}

impl Cols<'_> {
    fn take<T: mysql::prelude::FromValue>(&mut self) -> Result<Option<T>, ReadError> {
        let i = self.next;
        self.next += 1;
        match self.row.take_opt::<Option<T>, usize>(i) {
            Some(Ok(v)) => Ok(v),
            Some(Err(e)) => Err(self.bad(i, e.to_string())),
            None => Err(self.bad(i, "missing".into())),
        }
    }
    fn bad(&self, column: usize, reason: String) -> ReadError {
        ReadError::Column {
            table: self.table.to_string(),
            column,
            reason,
        }
    }
    fn text(&mut self) -> Result<Vec<u8>, ReadError> {
        Ok(self.take::<Vec<u8>>()?.unwrap_or_default())
    }
    fn u64(&mut self) -> Result<u64, ReadError> {
        Ok(self.take::<u64>()?.unwrap_or_default())
    }
    fn i64(&mut self) -> Result<i64, ReadError> {
        Ok(self.take::<i64>()?.unwrap_or_default())
    }
    fn small(&mut self) -> Result<u8, ReadError> {
        Ok(self.take::<u8>()?.unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_of_2000_ids_per_table() {
        let tables = [(1, 1), (2000, 1), (2001, 2), (4000, 2), (4001, 3), (0, 0)];
        for (id, n) in tables {
            assert_eq!(body_table(id), n, "{id}");
        }
        let names: Vec<String> = [
            "nv4_vi_news_bodyhtml_2",
            "nv4_vi_news_bodyhtml_10",
            "nv4_vi_news_bodyhtml_1",
            "nv4_vi_news_bodyhtml_01",
            "nv4_vi_news_bodyhtml_x",
            "nv4_vi_news_bodyhtml_",
            "nv4_vi_news_bodytext",
            "nv4_en_news_bodyhtml_3",
            "nv4_vi_news_rows",
        ]
        .map(String::from)
        .to_vec();
        let stem = Tables::default().name("bodyhtml_");
        assert_eq!(body_tables(&names, &stem), [1, 2, 10]);
        assert!(body_tables(&names[6..], &stem).is_empty());
    }
}
