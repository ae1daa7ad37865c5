//! What every command handler gets: resolved settings and paths, output format, actor.

use crate::config::Settings;
use crate::output::Format;
use crate::store::Store;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Context {
    pub settings: Settings,
    /// The config file that was read, if any.
    pub config_path: Option<PathBuf>,
    pub data_dir: PathBuf,
    pub db_path: PathBuf,
    pub output: Format,
    /// OS user, recorded as the actor in audit rows.
    pub actor: String,
    /// True when stdin and stderr are terminals (prompts, progress bars).
    pub interactive: bool,
}

impl Context {
    pub fn open_store(&self) -> anyhow::Result<Store> {
        Store::open(&self.db_path)
    }

    pub fn json(&self) -> bool {
        self.output == Format::Json
    }

    /// Run async work (network commands) on a fresh runtime.
    pub fn block_on<F: std::future::Future>(&self, fut: F) -> F::Output {
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .expect("tokio runtime")
            .block_on(fut)
    }
}

/// The OS user running this process, for audit rows.
pub fn os_user() -> String {
    for var in ["USER", "LOGNAME"] {
        if let Ok(v) = std::env::var(var)
            && !v.is_empty()
        {
            return v;
        }
    }
    let uid = unsafe { libc::getuid() };
    format!("uid:{uid}")
}
