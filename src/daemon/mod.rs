//! `syncd serve`: the long-running daemon. An HTTP server (webhooks, health, metrics), a
//! cron scheduler and one runner task that executes syncs one at a time.
//!
//! Entry points: [`serve`] (signals, sd-notify; returns on SIGTERM/SIGINT) and
//! [`Daemon::start`] (in-process, for tests and the benchmark).

pub mod metrics;
pub mod notify;
pub mod runner;
pub mod scheduler;
pub mod server;
pub mod signals;
pub mod signature;
pub mod webhook;

use crate::config::Settings;
use crate::store::Store;
use crate::sync::{RunReport, SyncRequest};
use anyhow::Context;
use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

pub type SyncFuture = Pin<Box<dyn Future<Output = anyhow::Result<RunReport>> + Send>>;
/// The sync engine as the daemon sees it: `crate::sync::run` in production, a fake in tests.
pub type SyncFn = Arc<dyn Fn(SyncRequest) -> SyncFuture + Send + Sync>;
/// Returns the plaintext of every active webhook secret (decrypting what the store holds).
pub type SecretLoader = Arc<dyn Fn(&Store) -> anyhow::Result<Vec<Vec<u8>>> + Send + Sync>;
/// Re-reads the configuration (SIGHUP). An error keeps the old settings.
pub type ReloadFn = Arc<dyn Fn() -> anyhow::Result<Settings> + Send + Sync>;
pub type SharedSettings = Arc<RwLock<Settings>>;

/// Bound on waiting for the run in flight at shutdown.
pub const DRAIN_RUN_SECS: u64 = 8;

/// The daemon's store connection, used from blocking threads.
#[derive(Clone)]
pub struct Db(Arc<Mutex<Store>>);

impl Db {
    pub fn new(store: Store) -> Db {
        Db(Arc::new(Mutex::new(store)))
    }

    pub async fn call<R, F>(&self, f: F) -> anyhow::Result<R>
    where
        R: Send + 'static,
        F: FnOnce(&Store) -> anyhow::Result<R> + Send + 'static,
    {
        let inner = self.0.clone();
        tokio::task::spawn_blocking(move || {
            let store = inner.lock().unwrap_or_else(|e| e.into_inner());
            f(&store)
        })
        .await
        .context("store task panicked")?
    }
}

/// Everything `serve` / `Daemon::start` needs.
pub struct Options {
    pub settings: Settings,
    /// Overrides `daemon.listen` (`--listen`).
    pub listen: Option<String>,
    pub db_path: PathBuf,
    pub sync_fn: SyncFn,
    pub secrets: SecretLoader,
    pub reload: Option<ReloadFn>,
}

/// A running daemon.
pub struct Daemon {
    pub addr: SocketAddr,
    settings: SharedSettings,
    shutdown_tx: tokio::sync::watch::Sender<bool>,
    runner: runner::Runner,
    runner_task: tokio::task::JoinHandle<()>,
    server_task: tokio::task::JoinHandle<()>,
    background: Vec<tokio::task::JoinHandle<()>>,
    pub metrics: Arc<metrics::Metrics>,
    audit: webhook::AuditSink,
}

impl Daemon {
    pub async fn start(opts: Options) -> anyhow::Result<Daemon> {
        let listen = opts
            .listen
            .clone()
            .unwrap_or_else(|| opts.settings.daemon.listen.clone());
        let addr: SocketAddr = listen.parse().map_err(|e| {
            crate::error::Error::config(format!("invalid listen address `{listen}`: {e}"))
        })?;
        webhook::parse_proxies(&opts.settings.daemon.trusted_proxies)
            .map_err(crate::error::Error::config)?;
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        let addr = listener.local_addr()?;
        let store = Store::open(&opts.db_path)?;
        // Webhook answers must stay fast while a sync writes: wait briefly for the lock.
        store.conn().busy_timeout(Duration::from_secs(2))?;
        let db = Db::new(store);
        let settings: SharedSettings = Arc::new(RwLock::new(opts.settings));
        let metrics = Arc::new(metrics::Metrics::default());
        let notifier = notify::Notifier::new(settings.clone());
        let (runner, runner_task) = runner::Runner::start(
            opts.sync_fn,
            db.clone(),
            metrics.clone(),
            notifier,
            settings.clone(),
        );
        let (shutdown_tx, shutdown_rx) = tokio::sync::watch::channel(false);
        let audit = webhook::AuditSink::start(opts.db_path.clone())?;
        let reads = Db::new(Store::open(&opts.db_path)?);
        let app = Arc::new(webhook::App::new(
            db.clone(),
            settings.clone(),
            metrics.clone(),
            runner.clone(),
            audit.clone(),
            reads,
            shutdown_rx.clone(),
        ));

        // Secrets: load now, then refresh so `syncd webhook secret add` applies without a restart.
        let mut background = Vec::new();
        let first = {
            let l = opts.secrets.clone();
            db.call(move |s| l(s)).await
        };
        match first {
            Ok(list) => {
                if list.is_empty() {
                    tracing::warn!(
                        "no webhook secrets: every webhook is refused (add one: syncd webhook secret add)"
                    );
                }
                app.set_secrets(list);
            }
            Err(e) => {
                tracing::error!(error = %format!("{e:#}"), "cannot load webhook secrets; webhooks are refused")
            }
        }
        background.push(tokio::spawn(refresh_secrets(
            app.clone(),
            db.clone(),
            opts.secrets,
            settings.clone(),
            shutdown_rx.clone(),
        )));
        background.push(tokio::spawn(scheduler::run(
            db.clone(),
            runner.clone(),
            settings.clone(),
            shutdown_rx.clone(),
        )));
        background.push(tokio::spawn(maintenance(
            db.clone(),
            settings.clone(),
            shutdown_rx.clone(),
        )));
        let server_task = tokio::spawn(server::accept_loop(listener, app, shutdown_rx));
        tracing::info!(%addr, "listening");
        Ok(Daemon {
            addr,
            settings,
            shutdown_tx,
            runner,
            runner_task,
            server_task,
            background,
            metrics,
            audit,
        })
    }

    pub fn settings(&self) -> Settings {
        self.settings.read().unwrap().clone()
    }

    /// Swap in new settings (SIGHUP). The listen address needs a restart.
    pub fn apply_settings(&self, new: Settings) {
        let mut cur = self.settings.write().unwrap();
        if cur.daemon.listen != new.daemon.listen {
            tracing::warn!(old = %cur.daemon.listen, new = %new.daemon.listen, "daemon.listen changed; restart to apply");
        }
        if let Err(e) = webhook::parse_proxies(&new.daemon.trusted_proxies) {
            tracing::error!(error = %e, "new configuration invalid; keeping the old one");
            return;
        }
        *cur = new;
        tracing::info!("configuration reloaded");
    }

    pub fn runner(&self) -> &runner::Runner {
        &self.runner
    }

    /// Stop accepting, let the run in flight finish (bounded), stop background tasks.
    pub async fn shutdown(self) -> anyhow::Result<()> {
        let _ = self.shutdown_tx.send(true);
        self.runner.close();
        // Connections and the run in flight drain concurrently; the run is bounded.
        let server = tokio::time::timeout(Duration::from_secs(5), self.server_task);
        let mut runner_task = self.runner_task;
        let run = tokio::time::timeout(Duration::from_secs(DRAIN_RUN_SECS), &mut runner_task);
        let (_, run) = tokio::join!(server, run);
        if run.is_err() {
            tracing::warn!(
                "run in flight did not finish within {DRAIN_RUN_SECS} s; interrupting it"
            );
            runner_task.abort();
        }
        for t in self.background {
            t.abort();
        }
        self.audit.flush(Duration::from_secs(1)).await;
        Ok(())
    }
}

async fn refresh_secrets(
    app: Arc<webhook::App>,
    db: Db,
    loader: SecretLoader,
    settings: SharedSettings,
    mut shutdown: tokio::sync::watch::Receiver<bool>,
) {
    loop {
        let every =
            Duration::from_secs(settings.read().unwrap().daemon.schedule_reload_secs.max(1));
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = shutdown.changed() => return,
        }
        let l = loader.clone();
        match db.call(move |s| l(s)).await {
            Ok(list) => app.set_secrets(list),
            Err(e) => {
                tracing::warn!(error = %format!("{e:#}"), "cannot reload webhook secrets; keeping the old ones")
            }
        }
    }
}

/// Hourly: forget old delivery ids. Daily: prune access audit rows past the retention.
async fn maintenance(
    db: Db,
    settings: SharedSettings,
    mut shutdown: tokio::sync::watch::Receiver<bool>,
) {
    let mut last_audit_prune: Option<tokio::time::Instant> = None;
    loop {
        let (hours, days) = {
            let s = settings.read().unwrap();
            (
                s.daemon.delivery_retention_hours.max(24),
                s.audit.retention_days,
            )
        };
        match db.call(move |s| s.prune_webhook_deliveries(hours)).await {
            Ok(n) if n > 0 => tracing::info!(removed = n, "old webhook delivery ids pruned"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %format!("{e:#}"), "cannot prune webhook deliveries"),
        }
        if last_audit_prune.is_none_or(|t| t.elapsed() >= Duration::from_secs(86_400)) {
            last_audit_prune = Some(tokio::time::Instant::now());
            match db.call(move |s| webhook::prune_access_audit(s, days)).await {
                Ok(n) if n > 0 => tracing::info!(removed = n, days, "access audit rows pruned"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %format!("{e:#}"), "cannot prune audit log"),
            }
        }
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_secs(3600)) => {}
            _ = shutdown.changed() => return,
        }
    }
}

/// Run the daemon until SIGTERM/SIGINT: sd-notify READY, SIGHUP reloads via `reload`.
pub async fn serve(opts: Options) -> anyhow::Result<()> {
    let reload = opts.reload.clone();
    let mut signals = signals::Signals::install()?;
    let daemon = Daemon::start(opts).await?;
    signals::sd_notify_ready();
    while signals.next().await == signals::Signal::Reload {
        {
            {
                signals::sd_notify_reloading();
                match &reload {
                    Some(f) => match f() {
                        Ok(new) => daemon.apply_settings(new),
                        Err(e) => {
                            tracing::error!(error = %format!("{e:#}"), "configuration invalid; keeping the old one")
                        }
                    },
                    None => tracing::info!("SIGHUP: nothing to reload"),
                }
                signals::sd_notify_ready();
            }
        }
    }
    tracing::info!("stopping");
    signals::sd_notify_stopping();
    daemon.shutdown().await
}

/// A [`SecretLoader`] decrypting stored secrets with an age identity.
pub fn age_secret_loader(identity: age::x25519::Identity) -> SecretLoader {
    Arc::new(move |store: &Store| {
        store
            .active_webhook_secret_ciphertexts()?
            .iter()
            .map(|ct| {
                age::decrypt(&identity, ct)
                    .context("cannot decrypt a webhook secret (wrong identity?)")
            })
            .collect()
    })
}

#[cfg(test)]
mod tests;
