//! A real PostgreSQL server for the adapter tests: the connection string from
//! `TINTUC_TEST_PG` (start a throwaway server with `eval "$(scripts/pg-test-server.sh)"`)
//! and fresh schemas that are dropped, with everything in them, when the guard goes.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// The variable naming the server.
pub const ENV: &str = "TINTUC_TEST_PG";

/// The connection string, or `None` after printing `SKIP: TINTUC_TEST_PG not set`.
pub fn pg_params() -> Option<String> {
    match std::env::var(ENV) {
        Ok(s) if !s.trim().is_empty() => Some(s),
        _ => {
            println!("SKIP: {ENV} not set");
            None
        }
    }
}

/// Fresh schema names, dropped (with everything in them) when the guard goes.
pub struct Schemas {
    pub params: String,
    names: Mutex<Vec<String>>,
}

impl Schemas {
    pub fn new(params: &str) -> Self {
        Schemas {
            params: params.to_string(),
            names: Mutex::new(Vec::new()),
        }
    }

    /// A schema name no other test of this run uses.
    pub fn fresh(&self, tag: &str) -> String {
        static N: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        let name = format!(
            "t_{tag}_{}_{}_{nanos}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        );
        self.names.lock().unwrap().push(name.clone());
        name
    }
}

impl Drop for Schemas {
    fn drop(&mut self) {
        let Ok(mut client) = ::postgres::Client::connect(&self.params, ::postgres::NoTls) else {
            return;
        };
        for name in self.names.lock().unwrap().iter() {
            let _ = client.batch_execute(&format!("DROP SCHEMA IF EXISTS {name} CASCADE"));
        }
    }
}
