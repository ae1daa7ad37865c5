//! The SQLite store: opened with WAL and foreign keys, migrated on every open, files 0600.
//! One module per table group; each adds `impl Store` methods.

use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub(crate) mod audit;
pub(crate) mod connectors;
mod error;
mod handle;
pub use error::{Result, StoreError};
pub use handle::StoreHandle;
pub(crate) mod disk;
pub(crate) mod health;
pub(crate) mod mappings;

pub use connectors::{
    ConnectorKind, ConnectorRow, ConnectorSettings, ConnectorUsage, NewConnector,
};
pub use mappings::{MappingFilter, MappingKind, MappingRow, NewMapping};
pub(crate) mod schedules;
pub(crate) mod webhooks;

pub(crate) mod audit_export;

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
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            create_private_dir(dir)?;
        }
        // SQLite gives -wal and -shm the mode of the database file: create that 0600 first.
        // (The process umask is set once at start-up; library users may not have set it.)
        create_private_file(path)?;
        let failed =
            |doing: &str| StoreError::file(format!("cannot {doing} store {}", path.display()));
        let mut conn = Connection::open(path).map_err(|e| failed("open")(e.into()))?;
        configure(&conn).map_err(|e| failed("configure")(e.into()))?;
        embedded::migrations::runner()
            .run(&mut conn)
            .map_err(|e| failed("migrate")(e.into()))?;
        restrict_file(path)?;
        keep_directory_owner(path);
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// SQL stays inside `store`: its modules reach the connection, nothing else does.
    fn conn(&self) -> &Connection {
        &self.conn
    }

    fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// Unit tests elsewhere in the crate count rows and hold locks with raw SQL.
    #[cfg(test)]
    pub(crate) fn raw(&self) -> &Connection {
        &self.conn
    }

    /// How long this connection waits for another one's write lock (default
    /// [`BUSY_TIMEOUT`]): the daemon's connections wait less, so a locked store shows.
    pub fn set_busy_timeout(&self, wait: Duration) -> Result<()> {
        Ok(self.conn.busy_timeout(wait)?)
    }
}

/// How long a statement waits for another connection's write lock.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

pub fn create_private_dir(dir: &Path) -> Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    if dir.exists() {
        return Ok(());
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| {
            StoreError::file(format!("cannot create directory {}", dir.display()))(e.into())
        })
}

/// Root editing a service's store (`syncd connector add …` as root against
/// /var/lib/syncd) leaves its files to the service: files owned by root in a directory
/// owned by someone else take the directory's owner.
fn keep_directory_owner(path: &Path) {
    use std::os::unix::fs::MetadataExt;
    if crate::sys::effective_uid() != 0 {
        return;
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let Ok(owner) = std::fs::metadata(dir) else {
        return;
    };
    if owner.uid() == 0 {
        return;
    }
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let p = PathBuf::from(p);
        if std::fs::metadata(&p).is_ok_and(|m| m.uid() == 0) {
            let _ = std::os::unix::fs::chown(&p, Some(owner.uid()), Some(owner.gid()));
        }
    }
}

fn create_private_file(path: &Path) -> Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(StoreError::file(format!(
            "cannot create store {}",
            path.display()
        ))(e.into())),
    }
}

fn restrict_file(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(|e| {
        StoreError::file(format!("cannot set permissions on {}", path.display()))(e.into())
    })
}

/// Current time as stored: RFC 3339 UTC with milliseconds, sortable as text.
pub fn now_text() -> String {
    ts_text(chrono::Utc::now())
}

/// Timestamps as the store writes them (the ledger's `source_updated_at` among them).
pub use crate::sync::model::timestamp_text as ts_text;

pub(crate) mod cache;
pub(crate) mod conflicts;
pub(crate) mod ledger;
mod ledger_reads;
pub(crate) mod pair_mappings;
pub(crate) mod pending;
pub(crate) mod run_changes;
pub(crate) mod runs;

pub use ledger::{LedgerRow, LedgerState, Pair, SyncCursor};
pub use pending::PendingCreate;
pub use runs::Fence;
