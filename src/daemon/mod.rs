//! `syncd serve`: the long-running daemon. An HTTP server (webhooks, health, metrics), a
//! cron scheduler and one runner task that executes syncs one at a time.
//!
//! Entry points: [`serve`] (signals, sd-notify; returns on SIGTERM/SIGINT) and
//! [`Daemon::start`] (in-process, for tests and the benchmark).

pub(crate) mod access;
pub(crate) mod auth;
pub(crate) mod body;
pub(crate) mod client;
pub(crate) mod deliveries;
pub(crate) mod health;
pub(crate) mod metrics;
pub(crate) mod notify;
pub(crate) mod router;
pub(crate) mod runner;
pub(crate) mod scheduler;
pub(crate) mod server;
pub(crate) mod signals;
pub mod signature;
pub(crate) mod webhook;
pub(crate) mod writer;

use crate::config::Settings;
use crate::store::Store;
use crate::sync::{RunReport, SyncRequest};
use anyhow::Context;
use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Arc, RwLock};
use std::time::Duration;

pub use webhook::WebhookKeys;

pub type SyncFuture = Pin<Box<dyn Future<Output = anyhow::Result<RunReport>> + Send>>;
/// The sync engine as the daemon sees it: `crate::sync::run` in production, a fake in
/// tests. It gets the daemon's settings as they are when the run starts (after reloads).
pub type SyncFn = Arc<dyn Fn(SyncRequest, Settings) -> SyncFuture + Send + Sync>;
pub type CheckFuture =
    Pin<Box<dyn Future<Output = anyhow::Result<crate::sync::check::CheckReport>> + Send>>;
/// A drift check as the daemon's `check` schedules run it (`full`, the settings then):
/// `crate::sync::check::check` in production.
pub type CheckFn = Arc<dyn Fn(bool, Settings) -> CheckFuture + Send + Sync>;
/// Returns the plaintext of every active webhook secret and credential.
pub type SecretLoader = Arc<dyn Fn(&Store) -> anyhow::Result<WebhookKeys> + Send + Sync>;
/// Re-reads the configuration (SIGHUP). An error keeps the old settings.
pub type ReloadFn = Arc<dyn Fn() -> anyhow::Result<Settings> + Send + Sync>;
pub type SharedSettings = Arc<RwLock<Settings>>;

/// Bound on waiting for the run in flight at shutdown.
pub const DRAIN_RUN_SECS: u64 = 8;

/// The daemon's store connection: the same handle a sync uses.
pub type Db = crate::store::StoreHandle;

/// Everything `serve` / `Daemon::start` needs.
pub struct Options {
    pub settings: Settings,
    /// Overrides `daemon.listen` (`--listen`).
    pub listen: Option<SocketAddr>,
    pub db_path: PathBuf,
    pub sync_fn: SyncFn,
    /// Runs `check` schedules; without it they are skipped with a warning.
    pub check_fn: Option<CheckFn>,
    pub secrets: SecretLoader,
    pub reload: Option<ReloadFn>,
}

/// A running daemon.
pub struct Daemon {
    pub addr: SocketAddr,
    /// `daemon.admin_listen`, when set.
    pub admin_addr: Option<SocketAddr>,
    settings: SharedSettings,
    app: Arc<router::App>,
    shutdown_tx: tokio::sync::watch::Sender<bool>,
    runner: runner::Runner,
    runner_task: tokio::task::JoinHandle<()>,
    servers: Vec<tokio::task::JoinHandle<()>>,
    background: Vec<tokio::task::JoinHandle<()>>,
    pub metrics: Arc<metrics::Metrics>,
}

async fn bind(addr: SocketAddr) -> anyhow::Result<tokio::net::TcpListener> {
    tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))
}

impl Daemon {
    pub async fn start(opts: Options) -> anyhow::Result<Daemon> {
        let listen = opts.listen.unwrap_or(opts.settings.daemon.listen);
        let listener = bind(listen).await?;
        let addr = listener.local_addr()?;
        let admin = match opts.settings.daemon.admin_listen {
            Some(a) => {
                let l = bind(a).await?;
                let a = l.local_addr()?;
                Some((l, a))
            }
            None => None,
        };
        let store = Store::open(&opts.db_path)?;
        // Runs and schedules share this connection; webhooks never touch it.
        store.set_busy_timeout(Duration::from_secs(2))?;
        warn_if_empty(&store, &opts.db_path);
        let db = Db::new(store);
        let max_connections = opts.settings.daemon.max_connections;
        let settings: SharedSettings = Arc::new(RwLock::new(opts.settings));
        let metrics = Arc::new(metrics::Metrics::default());
        let notifier = notify::Notifier::new(settings.clone());
        let (runner, runner_task) = runner::Runner::start(
            opts.sync_fn,
            opts.check_fn,
            db.clone(),
            metrics.clone(),
            notifier,
            settings.clone(),
        );
        let (shutdown_tx, shutdown_rx) = tokio::sync::watch::channel(false);
        let cap_settings = settings.clone();
        let writer = writer::StoreWriter::start(
            &opts.db_path,
            metrics.clone(),
            Arc::new(move || cap_settings.read().unwrap().audit.max_access_rows),
        )?;
        let probe = Db::new(Store::open(&opts.db_path)?);
        let app = Arc::new(router::App::new(router::AppParts {
            settings: settings.clone(),
            metrics: metrics.clone(),
            runner: runner.clone(),
            writer,
            probe,
            db_path: opts.db_path.clone(),
            shutdown: shutdown_rx.clone(),
        }));
        // Replays of deliveries seen before a restart are still recognised.
        let hours = settings
            .read()
            .unwrap()
            .daemon
            .delivery_retention_hours
            .max(24);
        match db.call(move |s| s.recent_delivery_ids(hours)).await {
            Ok(ids) => app.deliveries.preload(ids),
            Err(e) => {
                tracing::warn!(error = %format!("{e:#}"), "cannot read recent webhook delivery ids")
            }
        }
        load_keys(&app, &db, &opts.secrets, true).await;

        let background = vec![
            tokio::spawn(refresh_keys(
                app.clone(),
                db.clone(),
                opts.secrets,
                settings.clone(),
                shutdown_rx.clone(),
            )),
            tokio::spawn(scheduler::run(
                db.clone(),
                runner.clone(),
                settings.clone(),
                metrics.clone(),
                shutdown_rx.clone(),
            )),
            tokio::spawn(maintenance(
                db.clone(),
                app.clone(),
                settings.clone(),
                shutdown_rx.clone(),
            )),
            tokio::spawn(every_minute(app.clone(), shutdown_rx.clone())),
        ];
        let mut servers = vec![tokio::spawn(server::accept_loop(
            listener,
            router::Listener::Public,
            max_connections,
            app.clone(),
            shutdown_rx.clone(),
        ))];
        let admin_addr = admin.as_ref().map(|(_, a)| *a);
        if let Some((l, _)) = admin {
            servers.push(tokio::spawn(server::accept_loop(
                l,
                router::Listener::Admin,
                server::ADMIN_CONNECTIONS,
                app.clone(),
                shutdown_rx.clone(),
            )));
        }
        match admin_addr {
            Some(a) => {
                tracing::info!(%addr, admin = %a, max_connections, "listening (/metrics and /readyz on the admin address only)")
            }
            None => tracing::info!(%addr, max_connections, "listening"),
        }
        Ok(Daemon {
            addr,
            admin_addr,
            settings,
            app,
            shutdown_tx,
            runner,
            runner_task,
            servers,
            background,
            metrics,
        })
    }

    pub fn settings(&self) -> Settings {
        self.settings.read().unwrap().clone()
    }

    /// Swap in new settings (SIGHUP), loaded and so validated: a config that does not load
    /// never gets here, and the old one stays. Addresses, the connection limit and the body
    /// budget need a restart.
    pub fn apply_settings(&self, new: Settings) {
        let cfg = router::RequestConfig::from_settings(&new);
        let mut cur = self.settings.write().unwrap();
        let d = (&cur.daemon, &new.daemon);
        if d.0.listen != d.1.listen
            || d.0.admin_listen != d.1.admin_listen
            || d.0.max_connections != d.1.max_connections
            || d.0.body_budget_bytes != d.1.body_budget_bytes
        {
            tracing::warn!(
                "daemon.listen, daemon.admin_listen, daemon.max_connections or daemon.body_budget_bytes changed; restart to apply"
            );
        }
        *cur = new;
        drop(cur);
        self.app.set_config(cfg);
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
        let servers = tokio::time::timeout(Duration::from_secs(5), async {
            for s in self.servers {
                let _ = s.await;
            }
        });
        let mut runner_task = self.runner_task;
        let run = tokio::time::timeout(Duration::from_secs(DRAIN_RUN_SECS), &mut runner_task);
        let (_, run) = tokio::join!(servers, run);
        if run.is_err() {
            tracing::warn!(
                "run in flight did not finish within {DRAIN_RUN_SECS} s; interrupting it"
            );
            runner_task.abort();
        }
        for t in self.background {
            t.abort();
        }
        self.app.access.roll(true);
        self.app.writer.flush(Duration::from_secs(1)).await;
        Ok(())
    }
}

fn warn_if_empty(store: &Store, path: &std::path::Path) {
    match store.list_connectors() {
        Ok(list) if list.is_empty() => tracing::warn!(
            store = %path.display(),
            "no connectors in this store: runs fail until you add them (syncd connector add zammad …, syncd connector add kimai …) with the same --config or --db as this daemon"
        ),
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %format!("{e:#}"), "cannot list connectors"),
    }
}

async fn load_keys(app: &router::App, db: &Db, loader: &SecretLoader, first: bool) {
    let l = loader.clone();
    match db.call(move |s| l(s)).await {
        Ok(keys) => {
            if first {
                let auth = app.config().auth.clone();
                if keys.signing.is_empty() {
                    tracing::warn!(
                        "no webhook secrets: every webhook is refused (add one: syncd webhook secret add)"
                    );
                }
                if auth.required() && keys.credentials.is_empty() {
                    tracing::warn!(
                        "daemon.webhook_basic_user or daemon.webhook_require_bearer is set but there is no webhook credential: every webhook is refused (add one: syncd webhook credential add)"
                    );
                }
            }
            app.set_keys(keys);
        }
        Err(e) if first => {
            tracing::error!(error = %format!("{e:#}"), "cannot load webhook secrets; webhooks are refused")
        }
        Err(e) => {
            tracing::warn!(error = %format!("{e:#}"), "cannot reload webhook secrets; keeping the old ones")
        }
    }
}

/// Secrets: refresh so `syncd webhook secret add` applies without a restart.
async fn refresh_keys(
    app: Arc<router::App>,
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
        load_keys(&app, &db, &loader, false).await;
    }
}

/// Once a minute (checked every second): write and log the summary of refused requests.
/// Every few seconds: give freed memory back to the system after a burst of large bodies.
async fn every_minute(app: Arc<router::App>, mut shutdown: tokio::sync::watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    let mut seconds = 0u64;
    let mut peak_connections = 0i64;
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = shutdown.changed() => return,
        }
        app.access.roll(false);
        seconds += 1;
        let open = app.metrics.connections_open();
        peak_connections = peak_connections.max(open);
        if seconds.is_multiple_of(5) {
            // glibc keeps freed memory in per-thread arenas; after an attack ends, return it.
            if peak_connections > 32 && open * 2 < peak_connections {
                crate::sys::release_memory();
                peak_connections = open;
            }
        }
    }
}

/// Hourly: forget old delivery ids. Daily: prune access audit rows past the retention.
async fn maintenance(
    db: Db,
    app: Arc<router::App>,
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
        app.deliveries
            .expire(Duration::from_secs(u64::from(hours) * 3600));
        match db.call(move |s| s.prune_webhook_deliveries(hours)).await {
            Ok(n) if n > 0 => tracing::info!(removed = n, "old webhook delivery ids pruned"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %format!("{e:#}"), "cannot prune webhook deliveries"),
        }
        if last_audit_prune.is_none_or(|t| t.elapsed() >= Duration::from_secs(86_400)) {
            last_audit_prune = Some(tokio::time::Instant::now());
            match db.call(move |s| s.prune_access(days)).await {
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
        signals::sd_notify_reloading();
        match &reload {
            Some(f) => match f() {
                Ok(new) => daemon.apply_settings(new),
                Err(e) => {
                    tracing::error!(error = %format!("{e:#}"), "configuration refused; keeping the old one")
                }
            },
            None => tracing::info!("SIGHUP: nothing to reload"),
        }
        signals::sd_notify_ready();
    }
    tracing::info!("stopping: draining connections and the run in flight");
    signals::sd_notify_stopping();
    let result = daemon.shutdown().await;
    tracing::info!("stopped");
    result
}

/// A [`SecretLoader`] decrypting stored secrets and credentials with an age identity.
pub fn age_secret_loader(identity: age::x25519::Identity) -> SecretLoader {
    use crate::store::webhooks::WebhookKeyPurpose as P;
    Arc::new(move |store: &Store| {
        let decrypt = |purpose: P| -> anyhow::Result<Vec<Vec<u8>>> {
            store
                .active_webhook_key_ciphertexts(purpose)?
                .iter()
                .map(|ct| {
                    age::decrypt(&identity, ct).with_context(|| {
                        format!(
                            "cannot decrypt a webhook {} (wrong identity?)",
                            purpose.as_str()
                        )
                    })
                })
                .collect()
        };
        Ok(WebhookKeys {
            signing: decrypt(P::Signature)?,
            credentials: decrypt(P::Credential)?,
        })
    })
}

#[cfg(test)]
mod tests;
