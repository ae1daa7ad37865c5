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
    /// Build from a loaded config. `db` is `--db` / `SYNCD_DB`, which win over the config.
    pub fn from_loaded(
        loaded: crate::config::LoadedConfig,
        db: Option<PathBuf>,
        output: Format,
    ) -> Context {
        use std::io::IsTerminal;
        Context {
            db_path: db.unwrap_or(loaded.db_path),
            settings: loaded.settings,
            config_path: loaded.path,
            data_dir: loaded.data_dir,
            output,
            actor: os_user(),
            interactive: std::io::stdin().is_terminal() && std::io::stderr().is_terminal(),
        }
    }

    /// The identity file from the config, else `<data_dir>/identity.txt`.
    pub fn identity_file(&self) -> PathBuf {
        self.settings
            .identity_file
            .clone()
            .unwrap_or_else(|| self.data_dir.join("identity.txt"))
    }

    /// The age identity from the first source of the chain (see `secrets`); an error that
    /// says to run `syncd init` when there is none.
    pub fn load_identity(&self) -> anyhow::Result<crate::secrets::LoadedIdentity> {
        crate::secrets::load_identity(&env_var, &self.identity_file())
    }

    /// Record a CLI config change as `self.actor`.
    pub fn audit_config(
        &self,
        store: &Store,
        action: &str,
        target: Option<&str>,
        details: serde_json::Value,
    ) -> anyhow::Result<()> {
        let event =
            crate::audit::AuditEvent::cli_config(&self.actor, action, target).with_details(details);
        store.record_audit(&event)?;
        Ok(())
    }

    pub fn open_store(&self) -> anyhow::Result<Store> {
        Ok(Store::open(&self.db_path)?)
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

/// The process environment as the config and identity lookups want it (empty = unset).
pub(crate) fn env_var(key: &str) -> Option<String> {
    std::env::var(key).ok().filter(|v| !v.is_empty())
}

/// The OS account running this process, for audit rows: the password database's name
/// for the real uid (`$USER` can be set to anything and is often missing under cron and
/// systemd). A `SUDO_USER` is noted next to it: it says who ran sudo, but any caller can
/// set it, so it never replaces the account.
pub(crate) fn os_user() -> String {
    let uid = crate::sys::real_uid();
    let account = crate::sys::account_name(uid).unwrap_or_else(|| format!("uid:{uid}"));
    match env_var("SUDO_USER") {
        Some(by) if by != account => format!("{account} (sudo: {by})"),
        _ => account,
    }
}
