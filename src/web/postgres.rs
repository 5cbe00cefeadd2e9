//! Several nodes over one PostgreSQL (features `web` and `postgres`): each write made
//! through a node's API is announced with `NOTIFY`, and every node `LISTEN`s and
//! re-reads the article, so pages, listings, feeds, related links and search agree
//! across nodes within a second.
//!
//! A node that starts reads every article and builds its indexes, or loads the indexes
//! another node saved in the database ([`Service::save_indexes`], [`SavedIndexes`]) and
//! re-indexes only the articles changed since.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use postgres::fallible_iterator::FallibleIterator;
use postgres::{Client, NoTls};

use crate::model::ArticleId;
use crate::store::{ArticleStore, PostgresStore};

use super::state::{Shared, WriteHook};
use super::warm::Saved;
use super::{Config, Routes, Service, WebError};
use crate::render::Theme;

/// The notification channel.
pub const CHANNEL: &str = "tintuc_articles";

/// How often the listener wakes up to see whether it should stop.
const POLL: Duration = Duration::from_millis(200);

/// Keeps this node in step with the others while it lives; dropping it stops the
/// listener (within a fraction of a second) and the notifications this node sends.
#[derive(Debug)]
pub struct PgSync {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for PgSync {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// A name for this node, unique enough to skip its own notifications.
fn node_name() -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!(
        "{}-{nanos}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

fn connect(params: &str) -> Result<Client, postgres::Error> {
    Client::connect(params, NoTls)
}

impl Service {
    /// Joins the nodes sharing the PostgreSQL database at `params` (a libpq connection
    /// string): every write through this node's API sends `NOTIFY tintuc_articles`
    /// with the article's id once it is committed, and a listener thread re-reads the
    /// articles the other nodes announce ([`Service::refresh`]). After a lost
    /// connection the listener reconnects and rebuilds the indexes from the database,
    /// so no announcement missed meanwhile is lost. Writes made to the database
    /// without a node still need a [`Service::refresh`].
    ///
    /// ```no_run
    /// # async fn f(service: tintuc::web::Service) -> Result<(), tintuc::web::WebError> {
    /// let _sync = service.sync_over_postgres("host=127.0.0.1 user=tintuc").await?;
    /// // serve service.router() while `_sync` lives
    /// # Ok(()) }
    /// ```
    pub async fn sync_over_postgres(&self, params: &str) -> Result<PgSync, WebError> {
        let shared = Arc::clone(&self.shared);
        let params = params.to_string();
        tokio::task::spawn_blocking(move || start(shared, params))
            .await
            .map_err(|e| WebError::Task(e.to_string()))?
    }
}

fn start(shared: Arc<Shared>, params: String) -> Result<PgSync, WebError> {
    let node = node_name();
    let pg_err = |what: &str, e: postgres::Error| WebError::Sync(format!("{what}: {e}"));
    // The listener is connected and listening before this returns: no write after it
    // goes unheard.
    let mut listener = connect(&params).map_err(|e| pg_err("connecting the listener", e))?;
    listener
        .batch_execute(&format!("LISTEN {CHANNEL}"))
        .map_err(|e| pg_err("LISTEN", e))?;
    let sender = connect(&params).map_err(|e| pg_err("connecting the notifier", e))?;
    let sender = Mutex::new(Some(sender));
    let me = node.clone();
    let send_params = params.clone();
    let hook: WriteHook = Box::new(move |id: &ArticleId| {
        let payload = format!("{me}:{id}");
        let mut slot = sender.lock().unwrap_or_else(|e| e.into_inner());
        // One retry on a fresh connection: the old one may have been dropped.
        for _ in 0..2 {
            if slot.is_none() {
                *slot = connect(&send_params).ok();
            }
            let Some(c) = slot.as_mut() else { continue };
            match c.execute("SELECT pg_notify($1, $2)", &[&CHANNEL, &payload]) {
                Ok(_) => return,
                Err(e) => {
                    eprintln!("tintuc::web: NOTIFY for {id} failed: {e}");
                    *slot = None;
                }
            }
        }
    });
    shared
        .on_write
        .set(hook)
        .map_err(|_| WebError::Sync("this service already syncs over PostgreSQL".into()))?;
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    let thread = std::thread::Builder::new()
        .name("tintuc-pg-listen".into())
        .spawn(move || listen(&shared, &params, &node, listener, &flag))
        .map_err(|e| WebError::Sync(format!("starting the listener thread: {e}")))?;
    Ok(PgSync {
        stop,
        thread: Some(thread),
    })
}

/// The listener loop: applies other nodes' announcements until `stop`; reconnects (and
/// rebuilds) when the connection fails.
fn listen(shared: &Shared, params: &str, node: &str, first: Client, stop: &AtomicBool) {
    let mut client = Some(first);
    while !stop.load(Ordering::SeqCst) {
        let Some(c) = client.as_mut() else {
            std::thread::sleep(Duration::from_secs(1));
            if let Ok(mut c) = connect(params) {
                if c.batch_execute(&format!("LISTEN {CHANNEL}")).is_ok() {
                    // Announcements sent while disconnected are lost: start over.
                    if let Err(e) = shared.rebuild_now() {
                        eprintln!("tintuc::web: rebuilding after reconnect: {e}");
                    }
                    client = Some(c);
                }
            }
            continue;
        };
        let mut batch = Vec::new();
        let failed = {
            let mut notes = c.notifications();
            let mut it = notes.timeout_iter(POLL);
            loop {
                match it.next() {
                    Ok(Some(n)) => batch.push(n.payload().to_string()),
                    Ok(None) => break false,
                    Err(e) => {
                        eprintln!("tintuc::web: LISTEN connection failed: {e}");
                        break true;
                    }
                }
                if batch.len() >= 1000 {
                    break false;
                }
            }
        };
        for payload in batch {
            let Some((from, id)) = payload.split_once(':') else {
                continue;
            };
            if from == node {
                continue;
            }
            match ArticleId::new(id) {
                Ok(id) => {
                    if let Err(e) = shared.refresh_now(&id) {
                        eprintln!("tintuc::web: refreshing {id}: {e}");
                    }
                }
                Err(e) => eprintln!("tintuc::web: bad id in a notification: {e}"),
            }
        }
        if failed {
            client = None;
        }
    }
}

/// The table holding saved indexes, one row per part, in the store's schema.
const SAVED_TABLE: &str = "tintuc_saved_indexes";

/// A node's related and search indexes as saved in PostgreSQL by
/// [`Service::save_indexes`], with a fingerprint of every article version they hold. A
/// node started with them ([`Service::with_saved_indexes`]) re-indexes only the articles
/// changed, added or taken down since they were saved.
///
/// ```no_run
/// # async fn f(site: tintuc::render::Site) -> Result<(), Box<dyn std::error::Error>> {
/// use std::sync::Arc;
/// use tintuc::store::PostgresStore;
/// use tintuc::web::{Config, SavedIndexes, Service};
///
/// let params = "host=127.0.0.1 user=tintuc dbname=tintuc";
/// let store = Arc::new(PostgresStore::connect(params)?);
/// let saved = {
///     let store = Arc::clone(&store);
///     tokio::task::spawn_blocking(move || SavedIndexes::load(&store)).await??
/// };
/// let service = Service::with_saved_indexes(store.clone(), Config::new(site), saved).await?;
/// // Later, e.g. once an hour on one node:
/// service.save_indexes(store).await?;
/// # Ok(()) }
/// ```
pub struct SavedIndexes {
    saved: Saved,
    bytes: usize,
}

impl std::fmt::Debug for SavedIndexes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SavedIndexes")
            .field("articles", &self.saved.seen.len())
            .field("bytes", &self.bytes)
            .finish()
    }
}

fn saved_err(what: &str, e: impl std::fmt::Display) -> WebError {
    WebError::Saved(format!("{what}: {e}"))
}

fn create_table(c: &mut Client) -> Result<(), postgres::Error> {
    c.batch_execute(&format!(
        "CREATE TABLE IF NOT EXISTS {SAVED_TABLE} (\
           part text PRIMARY KEY, \
           saved_at timestamptz NOT NULL DEFAULT now(), \
           bytes bytea NOT NULL)"
    ))
}

impl SavedIndexes {
    /// Reads the indexes saved in `store`'s database (its schema), or `None` when none
    /// were saved. Blocks: call it off the async workers (`spawn_blocking`). Fails with
    /// [`WebError::Saved`] when they cannot be read or were saved in another format (a
    /// node then builds its indexes instead).
    pub fn load(store: &PostgresStore) -> Result<Option<SavedIndexes>, WebError> {
        let rows = store
            .with_client(|c| {
                create_table(c)?;
                c.query(&format!("SELECT part, bytes FROM {SAVED_TABLE}"), &[])
            })
            .map_err(|e| saved_err("reading", e))?;
        let (mut related, mut search, mut seen) = (None, None, None);
        let mut bytes = 0;
        for row in &rows {
            let part: String = row.try_get(0).map_err(|e| saved_err("reading", e))?;
            let data: &[u8] = row.try_get(1).map_err(|e| saved_err("reading", e))?;
            bytes += data.len();
            match part.as_str() {
                "related" => {
                    related = Some(
                        serde_json::from_slice::<crate::related::Index>(data)
                            .map_err(|e| saved_err("the related index", e))?,
                    );
                }
                "search" => {
                    search = Some(
                        crate::search::Index::from_json(data)
                            .map_err(|e| saved_err("the search index", e))?,
                    );
                }
                "seen" => {
                    let list: Vec<(ArticleId, u64)> = serde_json::from_slice(data)
                        .map_err(|e| saved_err("the fingerprints", e))?;
                    seen = Some(list.into_iter().collect());
                }
                _ => {}
            }
        }
        Ok(match (related, search, seen) {
            (Some(related), Some(search), Some(seen)) => Some(SavedIndexes {
                saved: Saved {
                    related,
                    search,
                    seen,
                },
                bytes,
            }),
            _ => None,
        })
    }

    /// How many articles the saved indexes hold.
    pub fn len(&self) -> usize {
        self.saved.seen.len()
    }

    /// Whether they hold no article.
    pub fn is_empty(&self) -> bool {
        self.saved.seen.is_empty()
    }

    /// Their size as stored, in bytes.
    pub fn stored_bytes(&self) -> usize {
        self.bytes
    }
}

impl Service {
    /// Like [`Service::new`], starting from `saved` (see [`SavedIndexes::load`]) when
    /// given: every article is still read (for links and tags), but only those whose
    /// version differs from the saved one are indexed again, and those no longer
    /// visible are dropped.
    pub async fn with_saved_indexes<T, U>(
        store: Arc<dyn ArticleStore>,
        config: Config<T, U>,
        saved: Option<SavedIndexes>,
    ) -> Result<Service, WebError>
    where
        T: Theme + Send + Sync + 'static,
        U: Routes + Send + Sync + 'static,
    {
        let shared = Arc::new(Shared::start(store, config, saved.map(|s| s.saved)).await?);
        super::spawn_wake_task(&shared);
        Ok(Service { shared })
    }

    /// Saves this node's related and search indexes in `store`'s database (table
    /// `tintuc_saved_indexes` in its schema, replacing what was there), for nodes that
    /// start later ([`Service::with_saved_indexes`]). Writes go on meanwhile: the indexes
    /// are taken as they are when this is called. Returns the bytes stored.
    pub async fn save_indexes(&self, store: Arc<PostgresStore>) -> Result<usize, WebError> {
        let shared = Arc::clone(&self.shared);
        tokio::task::spawn_blocking(move || save(&shared, &store))
            .await
            .map_err(|e| WebError::Task(e.to_string()))?
    }
}

fn save(shared: &Shared, store: &PostgresStore) -> Result<usize, WebError> {
    let saved = shared.saved();
    let related = serde_json::to_vec(&saved.related).map_err(|e| saved_err("encoding", e))?;
    let search = saved
        .search
        .to_json()
        .map_err(|e| saved_err("encoding", e))?;
    let seen: Vec<(&ArticleId, &u64)> = saved.seen.iter().collect();
    let seen = serde_json::to_vec(&seen).map_err(|e| saved_err("encoding", e))?;
    let bytes = related.len() + search.len() + seen.len();
    store
        .with_client(|c| {
            create_table(c)?;
            let mut tx = c.transaction()?;
            let sql = format!(
                "INSERT INTO {SAVED_TABLE} (part, saved_at, bytes) VALUES ($1, now(), $2) \
                 ON CONFLICT (part) DO UPDATE SET saved_at = now(), bytes = EXCLUDED.bytes"
            );
            for (part, data) in [("related", &related), ("search", &search), ("seen", &seen)] {
                tx.execute(sql.as_str(), &[&part, &data.as_slice()])?;
            }
            tx.commit()
        })
        .map_err(|e| saved_err("writing", e))?;
    Ok(bytes)
}
