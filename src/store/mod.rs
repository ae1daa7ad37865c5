//! The SQLite store: opened with WAL and foreign keys, migrated on every open, files 0600.
//! One module per table group; each adds `impl Store` methods.

use anyhow::Context;
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub mod audit;
pub mod connectors;
pub mod mappings;

pub use connectors::{
    ConnectorKind, ConnectorRow, ConnectorSettings, ConnectorUsage, NewConnector,
};
pub use mappings::{MappingFilter, MappingKind, MappingRow, NewMapping};
pub mod schedules;
pub mod webhooks;

mod embedded {
    refinery::embed_migrations!("migrations");
}

/// An open store. Cheap to open; open one per thread or task that needs it.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Open (creating if needed) and migrate. Parent directories are created 0700 and the
    /// database files 0600.
    pub fn open(path: &Path) -> anyhow::Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            create_private_dir(dir)?;
        }
        // umask 077 while SQLite creates the db, -wal and -shm files.
        let old = unsafe { libc::umask(0o077) };
        let opened = Connection::open(path);
        let conn = opened.with_context(|| format!("cannot open store {}", path.display()));
        let result = conn.and_then(|mut conn| {
            configure(&conn)
                .with_context(|| format!("cannot configure store {}", path.display()))?;
            embedded::migrations::runner()
                .run(&mut conn)
                .with_context(|| format!("cannot migrate store {}", path.display()))?;
            Ok(conn)
        });
        unsafe { libc::umask(old) };
        let conn = result?;
        restrict_file(path)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(Duration::from_secs(10))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

pub fn create_private_dir(dir: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    if dir.exists() {
        return Ok(());
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .with_context(|| format!("cannot create directory {}", dir.display()))
}

fn restrict_file(path: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
        .with_context(|| format!("cannot set permissions on {}", path.display()))
}

/// Current time as stored: RFC 3339 UTC with milliseconds, sortable as text.
pub fn now_text() -> String {
    ts_text(chrono::Utc::now())
}

pub fn ts_text(ts: chrono::DateTime<chrono::Utc>) -> String {
    ts.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub mod cache;
pub mod conflicts;
pub mod ledger;
pub mod pair_mappings;
pub mod pending;
pub mod runs;

pub use ledger::{LedgerRow, LedgerState, Pair, SyncCursor};
pub use pending::PendingCreate;
pub use runs::Fence;
