//! Several nodes over one PostgreSQL (features `web` and `postgres`): each write made
//! through a node's API is announced with `NOTIFY`, and every node `LISTEN`s and
//! re-reads the article, so pages, listings, feeds, related links and search agree
//! across nodes within a second.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use postgres::fallible_iterator::FallibleIterator;
use postgres::{Client, NoTls};

use crate::model::ArticleId;

use super::state::{Shared, WriteHook};
use super::{Service, WebError};

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
