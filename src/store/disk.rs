//! The file system under the store: free space and the store's size on disk. Shared by
//! the daemon's `/readyz` and `syncd doctor`.

use std::path::Path;

/// Free bytes for unprivileged users on the file system holding `path`.
pub(crate) fn free_bytes(path: &Path) -> Option<u64> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    crate::sys::free_bytes_under(dir)
}

/// Bytes the store takes on disk: the database and its WAL and shared-memory files.
pub(crate) fn store_bytes(db: &Path) -> u64 {
    ["", "-wal", "-shm"]
        .iter()
        .filter_map(|suffix| {
            let mut name = db.as_os_str().to_os_string();
            name.push(suffix);
            std::fs::metadata(name).ok()
        })
        .map(|m| m.len())
        .sum()
}
