//! The portal as a web server: `tintuc::web` over SQLite (or PostgreSQL).
//!
//! ```text
//! cargo run --release --example server --features web,sqlite -- \
//!     --db target/tintuc.sqlite3 --addr 127.0.0.1:8080 \
//!     --base-url http://127.0.0.1:8080 --site-name "Cổng thông tin điện tử" [--token T] \
//!     [--tokens FILE]
//! ```
//!
//! - `--db FILE` (default `target/tintuc-server.sqlite3` in this checkout): the database;
//!   with the `postgres` feature also a `postgres://` URL, and then several servers over
//!   the same database keep each other current (LISTEN/NOTIFY); a server starts from the
//!   indexes saved in the database (and saves them when there are none), and prints how
//!   long it took to catch up. An empty database is filled with the bundled sample
//!   articles and documents on first run, or with `--import FILE` from an import-format
//!   file (one JSON object a line, see the README).
//! - `--exit-when-ready`: start as usual (open, fill, catch up), print how long the
//!   catch-up took, and exit instead of serving — to time a node that starts later, e.g.
//!   over the VNTC training set (33.7k articles): run it once to fill the database, then
//!   again to time a fresh node (over PostgreSQL the first node also saves the indexes
//!   the later ones start from):
//!
//!   ```text
//!   gunzip -c ../shared/data/vntc/vntc_train.jsonl.gz > /tmp/vntc_train.jsonl
//!   cargo run --release --example server --features web,sqlite -- --db target/vntc.sqlite3 \
//!       --import /tmp/vntc_train.jsonl --exit-when-ready
//!   ```
//! - `--addr HOST:PORT` (default `127.0.0.1:8080`), `--base-url URL` (default
//!   `http://` + the address: canonical, feed and sitemap URLs carry it, port included),
//!   `--site-name NAME`.
//! - `--token T` (or the `TINTUC_API_TOKEN` variable) turns the JSON API on, for a user
//!   named `admin` holding every right; see the README's API section.
//! - `--tokens FILE`: more API users, each with roles per category, from a JSON file
//!   `{"TOKEN": {"user": "NAME", "roles": {"CATEGORY-SLUG" or "*": ["author", "editor",
//!   "publisher", "admin"]}}}` (see the README's "Rights" section).
//! - `--page-cache N` (default 10000) keeps up to N rendered pages in memory;
//!   `--no-page-cache` (or `--page-cache 0`) renders every request (see
//!   docs/load-testing.md); `--blocking-threads N` caps tokio's blocking pool, where
//!   the store calls run (8 by default: pages are served from memory and writers wait
//!   for their turn on the runtime, so the pool serves the write in progress and the
//!   API's reads; with 32 the pool grew to 24 threads under the soak's writes and
//!   resident memory rose faster).
//!
//! - `--workers N` (default 0): serve on N threads, each a single-threaded runtime
//!   accepting on its own socket (SO_REUSEPORT, unix), instead of one multi-threaded
//!   runtime; the blocking pool's cap is shared out between them. On two cores
//!   `--workers 2` answered 4–13 % more uncached and 11–21 % more cached article
//!   pages a second (BENCHMARKS.md).
//!
//! Ctrl-C (or SIGTERM) stops accepting connections and lets requests in flight finish.
//!
//! # Memory
//! With glibc, the server starts itself again (same process id, same arguments) with
//! `MALLOC_ARENA_MAX=2` and `MALLOC_MMAP_THRESHOLD_=131072` unless either variable is
//! already set: by default glibc gives each thread that allocates an arena of its own
//! (up to eight per core) and raises its mmap threshold after each large block it frees,
//! so the indexes, which every write edits from whichever pool thread runs it, end up
//! spread over many arenas whose freed pages stay resident, and the resident size
//! keeps growing under writes. With two arenas and large blocks always mapped (and
//! unmapped when freed) it rises far more slowly and stays within 10 % over the
//! ten-minute soak (docs/load-testing.md). To choose other values,
//! set the variables yourself (e.g. `MALLOC_ARENA_MAX=8`).
//!
//! `--trim-ms N` (default 1000, 0 for never): every N milliseconds a thread of the
//! server calls glibc's `malloc_trim(0)`, which hands the free pages inside the arenas
//! back to the system (glibc otherwise keeps them while a block above them is in use).
//! Over the ten-minute soak it lowered resident memory and narrowed its spread from
//! 29 % to 18 % (docs/load-testing.md). A no-op with other C libraries.

use std::net::SocketAddr;
use std::sync::Arc;

use tintuc::render::Site;
use tintuc::store::{ArticleStore, DocumentStore};
use tintuc::web::{ApiUsers, Config, Service};

type BoxError = Box<dyn std::error::Error + Send + Sync>;
/// The article store and the document store of one database.
type Stores = (Arc<dyn ArticleStore>, Arc<dyn DocumentStore>);

const TOKEN_ENV: &str = "TINTUC_API_TOKEN";

struct Args {
    db: String,
    addr: SocketAddr,
    base_url: Option<String>,
    site_name: String,
    token: Option<String>,
    tokens: Option<String>,
    page_cache: usize,
    blocking_threads: usize,
    workers: usize,
    import: Option<String>,
    exit_when_ready: bool,
    trim_ms: u64,
}

/// The blocking pool's default size (`--blocking-threads`).
const BLOCKING_THREADS: usize = 8;
/// How often freed heap pages go back to the system by default (`--trim-ms`).
const TRIM_MS: u64 = 1000;

fn usage() -> ! {
    eprintln!(
        "usage: server [--db FILE|postgres://...] [--addr HOST:PORT] [--base-url URL] \
         [--site-name NAME] [--token T] [--tokens FILE] [--page-cache N | --no-page-cache] \
         [--blocking-threads N] [--workers N] [--import FILE] [--exit-when-ready] \
         [--trim-ms N]\n  the token also comes from {TOKEN_ENV}; without a token the API is off"
    );
    std::process::exit(2)
}

fn args() -> Result<Args, BoxError> {
    let mut a = Args {
        db: concat!(env!("CARGO_MANIFEST_DIR"), "/target/tintuc-server.sqlite3").to_string(),
        addr: "127.0.0.1:8080".parse()?,
        base_url: None,
        site_name: "Cổng thông tin điện tử".to_string(),
        token: std::env::var(TOKEN_ENV).ok(),
        tokens: None,
        page_cache: 10_000,
        blocking_threads: BLOCKING_THREADS,
        workers: 0,
        import: None,
        exit_when_ready: false,
        trim_ms: TRIM_MS,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().unwrap_or_else(|| usage());
        match arg.as_str() {
            "--db" => a.db = value(),
            "--addr" => a.addr = value().parse()?,
            "--base-url" => a.base_url = Some(value()),
            "--site-name" => a.site_name = value(),
            "--token" => a.token = Some(value()),
            "--tokens" => a.tokens = Some(value()),
            "--page-cache" => a.page_cache = value().parse()?,
            "--no-page-cache" => a.page_cache = 0,
            "--blocking-threads" => a.blocking_threads = value().parse()?,
            "--workers" => a.workers = value().parse()?,
            "--import" => a.import = Some(value()),
            "--exit-when-ready" => a.exit_when_ready = true,
            "--trim-ms" => a.trim_ms = value().parse()?,
            "-h" | "--help" => usage(),
            other => {
                eprintln!("unexpected argument {other:?}");
                usage()
            }
        }
    }
    Ok(a)
}

fn is_postgres(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

/// Opens the article and document stores named by `--db`.
fn open(db: &str) -> Result<Stores, BoxError> {
    if is_postgres(db) {
        #[cfg(feature = "postgres")]
        {
            use tintuc::store::{PostgresDocumentStore, PostgresStore};
            return Ok((
                Arc::new(PostgresStore::connect(db)?),
                Arc::new(PostgresDocumentStore::connect(db)?),
            ));
        }
        #[cfg(not(feature = "postgres"))]
        return Err("a PostgreSQL URL needs --features postgres".into());
    }
    if let Some(dir) = std::path::Path::new(db).parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir)?;
        }
    }
    use tintuc::store::{SqliteDocumentStore, SqliteStore};
    Ok((
        Arc::new(SqliteStore::open(db)?),
        Arc::new(SqliteDocumentStore::open(db)?),
    ))
}

/// Puts the bundled samples, or the articles of the import-format file `import`, into
/// empty stores.
fn fill(
    store: &dyn ArticleStore,
    docs: &dyn DocumentStore,
    import: Option<&str>,
) -> Result<(), BoxError> {
    if store.count()? == 0 {
        let articles = match import {
            Some(path) => {
                let file = std::fs::File::open(path).map_err(|e| format!("{path}: {e}"))?;
                let report = tintuc::import::Importer::new().read(std::io::BufReader::new(file))?;
                eprintln!("importing {} articles from {path}", report.articles.len());
                report.articles
            }
            None => tintuc::import::sample_articles()?,
        };
        let (mut n, mut failed) = (0, 0);
        for (i, a) in articles.iter().enumerate() {
            match store.put(a, None) {
                Ok(_) => n += 1,
                Err(e) => {
                    failed += 1;
                    if failed <= 10 {
                        eprintln!("article {} (number {}): {e}", a.id, i + 1);
                    }
                }
            }
        }
        eprintln!("loaded {n} articles into the empty database ({failed} refused)");
    }
    if docs.count_documents()? == 0 {
        for d in tintuc::document::sample_documents()? {
            docs.put_document(&d, None)?;
        }
    }
    Ok(())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    eprintln!("shutting down: finishing requests in flight");
}

async fn run(a: Args) -> Result<(), BoxError> {
    let db = a.db.clone();
    let import = a.import.clone();
    let (store, docs) = tokio::task::spawn_blocking(move || -> Result<_, BoxError> {
        let (store, docs) = open(&db)?;
        fill(&*store, &*docs, import.as_deref())?;
        Ok((store, docs))
    })
    .await??;
    let listeners = listen(a.addr, a.workers)?;
    let local = listeners.first().ok_or("no listener")?.local_addr()?;
    let base = a.base_url.unwrap_or_else(|| format!("http://{local}"));
    let site = Site::new(a.site_name, base.parse()?);
    let mut config = Config::new(site).documents(docs).page_cache(a.page_cache);
    if let Some(t) = a.token.filter(|t| !t.is_empty()) {
        config = config.token(t);
    }
    if let Some(path) = &a.tokens {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
        let users = ApiUsers::from_json(&text).map_err(|e| format!("{path}: {e}"))?;
        eprintln!("{} API users from {path}", users.len());
        config = config.api_users(users);
    }
    if !config.api_on() {
        eprintln!("no token ({TOKEN_ENV}, --token or --tokens): the JSON API is off");
    }
    let started = std::time::Instant::now();
    let count = {
        let store = Arc::clone(&store);
        tokio::task::spawn_blocking(move || store.count()).await??
    };
    #[cfg(feature = "postgres")]
    let (service, saving) = if is_postgres(&a.db) {
        start_postgres(&a.db, store, config).await?
    } else {
        (Service::new(store, config).await?, None)
    };
    #[cfg(not(feature = "postgres"))]
    let service = Service::new(store, config).await?;
    // Several servers over one PostgreSQL database keep each other current.
    #[cfg(feature = "postgres")]
    let _sync = if is_postgres(&a.db) {
        Some(service.sync_over_postgres(&a.db).await?)
    } else {
        None
    };
    eprintln!(
        "caught up with {count} articles in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    if a.exit_when_ready {
        // A first node still leaves the indexes it saves for the next ones.
        #[cfg(feature = "postgres")]
        if let Some(saving) = saving {
            saving.await?;
        }
        return Ok(());
    }
    eprintln!("serving {} on http://{local} as {base}", redact(&a.db));
    if a.workers == 0 {
        let mut listeners = listeners;
        let listener = tokio::net::TcpListener::from_std(listeners.remove(0))?;
        axum::serve(listener, service.router())
            .with_graceful_shutdown(shutdown())
            .await?;
        return Ok(());
    }
    // One single-threaded runtime per worker thread, each accepting on its own
    // listener (SO_REUSEPORT: the kernel spreads the connections), as nginx's worker
    // processes do; the service's own tasks stay on the main runtime.
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let blocking = (a.blocking_threads / a.workers).max(1);
    let mut threads = Vec::new();
    for l in listeners {
        let router = service.router();
        let mut stopped = stopped.clone();
        threads.push(std::thread::spawn(move || -> Result<(), String> {
            let rt = tokio::runtime::Builder::new_current_thread()
                .max_blocking_threads(blocking)
                .enable_all()
                .build()
                .map_err(|e| e.to_string())?;
            rt.block_on(async move {
                let l = tokio::net::TcpListener::from_std(l).map_err(|e| e.to_string())?;
                axum::serve(l, router)
                    .with_graceful_shutdown(async move {
                        let _ = stopped.wait_for(|s| *s).await;
                    })
                    .await
                    .map_err(|e| e.to_string())
            })
        }));
    }
    shutdown().await;
    let _ = stop.send(true);
    tokio::task::spawn_blocking(move || {
        threads
            .into_iter()
            .map(|t| t.join().map_err(|_| "a worker panicked".to_string())?)
            .collect::<Result<Vec<()>, String>>()
    })
    .await??;
    Ok(())
}

/// The listening sockets: one for the main runtime (`workers` 0), else one per worker,
/// all on the same address with SO_REUSEPORT (the first one's port when `addr` asks for
/// any port).
fn listen(addr: SocketAddr, workers: usize) -> Result<Vec<std::net::TcpListener>, BoxError> {
    let open = |addr: SocketAddr, reuse_port: bool| -> std::io::Result<std::net::TcpListener> {
        let s = if addr.is_ipv4() {
            tokio::net::TcpSocket::new_v4()?
        } else {
            tokio::net::TcpSocket::new_v6()?
        };
        s.set_reuseaddr(true)?;
        #[cfg(unix)]
        if reuse_port {
            s.set_reuseport(true)?;
        }
        #[cfg(not(unix))]
        if reuse_port {
            return Err(std::io::Error::other("--workers needs SO_REUSEPORT (unix)"));
        }
        s.bind(addr)?;
        let l = s.listen(1024)?.into_std()?;
        l.set_nonblocking(true)?;
        Ok(l)
    };
    let first = open(addr, workers > 0)?;
    let local = first.local_addr()?;
    let mut all = vec![first];
    for _ in 1..workers {
        all.push(open(local, true)?);
    }
    Ok(all)
}

/// Starts from the indexes saved in the database when there are some; else builds them
/// and saves them there for the servers that start later (the task saving them is
/// returned).
#[cfg(feature = "postgres")]
async fn start_postgres(
    db: &str,
    store: Arc<dyn ArticleStore>,
    config: Config,
) -> Result<(Service, Option<tokio::task::JoinHandle<()>>), BoxError> {
    use tintuc::store::PostgresStore;
    use tintuc::web::SavedIndexes;
    let db = db.to_string();
    let (pg, saved) = tokio::task::spawn_blocking(move || -> Result<_, BoxError> {
        let pg = Arc::new(PostgresStore::connect(&db)?);
        let saved = SavedIndexes::load(&pg).unwrap_or_else(|e| {
            eprintln!("not using the saved indexes: {e}");
            None
        });
        Ok((pg, saved))
    })
    .await??;
    match &saved {
        Some(s) => eprintln!(
            "starting from the indexes saved in the database ({} articles)",
            s.len()
        ),
        None => eprintln!("no saved indexes in the database: building them"),
    }
    let save = saved.is_none();
    let service = Service::with_saved_indexes(store, config, saved).await?;
    if save {
        let node = service.clone();
        let saving = tokio::spawn(async move {
            match node.save_indexes(pg).await {
                Ok(bytes) => eprintln!("saved the indexes in the database ({bytes} bytes)"),
                Err(e) => eprintln!("saving the indexes: {e}"),
            }
        });
        return Ok((service, Some(saving)));
    } else {
        // The synchronous client blocks when it closes: never on a runtime thread.
        tokio::task::spawn_blocking(move || drop(pg));
    }
    Ok((service, None))
}

/// The database name without a password.
fn redact(db: &str) -> String {
    match (db.find("://"), db.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://…{}", &db[..s], &db[at..]),
        _ => db.to_string(),
    }
}

/// The glibc malloc settings the server runs with (see "Memory" above).
const MALLOC_SETTINGS: [(&str, &str); 2] = [
    ("MALLOC_ARENA_MAX", "2"),
    ("MALLOC_MMAP_THRESHOLD_", "131072"),
];

/// Starts this program again with [`MALLOC_SETTINGS`] (glibc reads them only at start),
/// unless one of them is set already; returns only when it did not (or could not).
fn tune_malloc() {
    #[cfg(all(unix, target_env = "gnu"))]
    {
        use std::os::unix::process::CommandExt;
        if MALLOC_SETTINGS
            .iter()
            .any(|(k, _)| std::env::var_os(k).is_some())
        {
            return;
        }
        let Ok(exe) = std::env::current_exe() else {
            return;
        };
        let e = std::process::Command::new(exe)
            .args(std::env::args_os().skip(1))
            .envs(MALLOC_SETTINGS)
            .exec();
        eprintln!("running with glibc's default malloc settings ({e})");
    }
}

/// Hands the heap's free pages back to the system every `ms` milliseconds (0: never),
/// from a thread of its own (see "Memory" above); glibc only, a no-op elsewhere.
fn trim_heap_every(ms: u64) {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if ms > 0 {
        // glibc's `malloc_trim(3)`: returns 1 when it released memory, 0 otherwise.
        unsafe extern "C" {
            fn malloc_trim(pad: usize) -> std::ffi::c_int;
        }
        let every = std::time::Duration::from_millis(ms);
        let spawned = std::thread::Builder::new()
            .name("malloc-trim".into())
            .spawn(move || {
                loop {
                    std::thread::sleep(every);
                    // SAFETY: malloc_trim takes no pointer and may be called from any
                    // thread at any time; glibc locks each arena while it trims it.
                    unsafe {
                        malloc_trim(0);
                    }
                }
            });
        if let Err(e) = spawned {
            eprintln!("no heap trimming ({e})");
        }
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    let _ = ms;
}

fn main() -> Result<(), BoxError> {
    tune_malloc();
    let a = args()?;
    trim_heap_every(a.trim_ms);
    tokio::runtime::Builder::new_multi_thread()
        .max_blocking_threads(a.blocking_threads.max(1))
        .enable_all()
        .build()?
        .block_on(run(a))
}
