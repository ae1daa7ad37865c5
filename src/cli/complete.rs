//! Dynamic shell completion (`source <(COMPLETE=bash syncd)`): everything the static
//! scripts offer, plus the names of the configured connectors, read from the store.

use clap_complete::engine::CompletionCandidate;
use std::ffi::OsStr;

/// Connector names starting with what was typed; nothing when there is no store yet (a
/// completion never creates one).
pub(crate) fn connector_names(current: &OsStr) -> Vec<CompletionCandidate> {
    let typed = current.to_string_lossy();
    let Ok(loaded) = crate::config::load(None, &super::context::env_var) else {
        return Vec::new();
    };
    let db = super::context::env_var("SYNCD_DB")
        .map(std::path::PathBuf::from)
        .unwrap_or(loaded.db_path);
    if !db.exists() {
        return Vec::new();
    }
    let Ok(store) = crate::store::Store::open(&db) else {
        return Vec::new();
    };
    store
        .list_connectors()
        .unwrap_or_default()
        .into_iter()
        .filter(|c| c.name.starts_with(typed.as_ref()))
        .map(|c| CompletionCandidate::new(c.name).help(Some(c.kind.to_string().into())))
        .collect()
}
