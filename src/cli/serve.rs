//! `syncd serve`: run the daemon in the foreground until SIGTERM/SIGINT.

use super::Context;
use super::args::ServeArgs;
use crate::daemon::{self, CheckFn, Options, ReloadFn, SecretLoader, SyncFn, WebhookKeys};
use crate::error::ExitCode;
use crate::sync::{SyncEnv, SyncRequest};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Blocking threads for store work and DNS; bounded so a locked store cannot make hundreds
/// (contrib/syncd.service: TasksMax=64).
const MAX_BLOCKING_THREADS: usize = 16;
/// A webhook receiver needs few workers, whatever the core count.
const MAX_WORKER_THREADS: usize = 4;

pub(crate) fn run(ctx: &Context, args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let listen = match &args.listen {
        Some(text) => Some(text.parse().map_err(|e| {
            crate::error::Error::config(format!("invalid listen address `{text}`: {e}"))
        })?),
        None => None,
    };
    // Set on SIGTERM/SIGINT: a run in flight finishes its item and stops.
    let stop = Arc::new(AtomicBool::new(false));
    let (db_path, data_dir) = (ctx.db_path.clone(), ctx.data_dir.clone());
    let sync_stop = stop.clone();
    // The daemon hands each run the settings it holds, so a reload it refused never
    // reaches a sync.
    let sync_fn: SyncFn = Arc::new(move |req: SyncRequest, settings| {
        let env = SyncEnv {
            settings,
            db_path: db_path.clone(),
            data_dir: data_dir.clone(),
            actor: "daemon".into(),
            events: crate::sync::events::Events::none(),
        };
        let stop = sync_stop.clone();
        Box::pin(on_own_runtime("syncd-sync", move || async move {
            crate::sync::run_with_stop(&env, req, stop).await
        }))
    });
    let (db_path, data_dir) = (ctx.db_path.clone(), ctx.data_dir.clone());
    let check_fn: CheckFn = Arc::new(move |full, settings| {
        let env = SyncEnv {
            settings,
            db_path: db_path.clone(),
            data_dir: data_dir.clone(),
            actor: "daemon".into(),
            events: crate::sync::events::Events::none(),
        };
        let req = crate::sync::check::CheckRequest {
            full,
            ..Default::default()
        };
        Box::pin(on_own_runtime("syncd-check", move || async move {
            crate::sync::check::check(&env, &req).await
        }))
    });
    let secrets: SecretLoader = match super::webhook::load_identity(ctx) {
        Ok(identity) => daemon::age_secret_loader(identity),
        Err(e) => {
            let msg = format!("{e:#}");
            tracing::warn!(error = %msg, "no age identity; webhooks work only once one exists");
            Arc::new(move |store| {
                use crate::store::webhooks::WebhookKeyPurpose as P;
                if store
                    .active_webhook_key_ciphertexts(P::Signature)?
                    .is_empty()
                    && store
                        .active_webhook_key_ciphertexts(P::Credential)?
                        .is_empty()
                {
                    Ok(WebhookKeys::default())
                } else {
                    Err(anyhow::anyhow!("{msg}"))
                }
            })
        }
    };
    // SIGHUP: read the same file again (flags and environment as at startup); the daemon
    // decides whether to take it.
    let config_path = ctx.config_path.clone();
    let reload: ReloadFn = Arc::new(move || {
        Ok(crate::config::load(config_path.as_deref(), &super::context::env_var)?.settings)
    });
    // Own runtime so shutdown is bounded even if a blocking store call is still running.
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(MAX_WORKER_THREADS);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .worker_threads(workers)
        .max_blocking_threads(MAX_BLOCKING_THREADS)
        .build()?;
    let signal_stop = stop.clone();
    rt.spawn(async move {
        use tokio::signal::unix::{SignalKind, signal};
        let (Ok(mut term), Ok(mut int)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        ) else {
            return;
        };
        tokio::select! {
            _ = term.recv() => {}
            _ = int.recv() => {}
        }
        signal_stop.store(true, Ordering::SeqCst);
    });
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        config = ctx.config_path.as_deref().map(|p| p.display().to_string()).as_deref(),
        store = %ctx.db_path.display(),
        "starting"
    );
    if let Some(w) = ctx
        .settings
        .notify
        .url
        .as_ref()
        .and_then(crate::http::cleartext_warning)
    {
        tracing::warn!("notify.url: {w}");
    }
    let result = rt.block_on(daemon::serve(Options {
        settings: ctx.settings.clone(),
        listen,
        db_path: ctx.db_path.clone(),
        sync_fn,
        check_fn: Some(check_fn),
        secrets,
        reload: Some(reload),
    }));
    rt.shutdown_timeout(std::time::Duration::from_secs(1));
    result?;
    Ok(ExitCode::Ok)
}

/// Run a sync (or check) on a thread with a runtime of its own: its SQLite calls and its
/// CPU work (parsing, planning) block only its own threads, never the workers that answer
/// webhooks, health and metrics. A panic in it is an error of that run.
async fn on_own_runtime<T, F, Fut>(name: &str, job: F) -> anyhow::Result<T>
where
    T: Send + 'static,
    F: FnOnce() -> Fut + Send + 'static,
    Fut: std::future::Future<Output = anyhow::Result<T>>,
{
    let (tx, rx) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name(name.to_string())
        .spawn(move || {
            let result = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .thread_name(format!(
                    "{}-worker",
                    std::thread::current().name().unwrap_or("run")
                ))
                .enable_all()
                .build()
                .map_err(anyhow::Error::from)
                .and_then(|rt| rt.block_on(job()));
            let _ = tx.send(result);
        })?;
    rx.await
        .unwrap_or_else(|_| Err(anyhow::anyhow!("the {name} thread ended without a result")))
}

#[cfg(test)]
mod tests {
    use super::on_own_runtime;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[tokio::test]
    async fn a_run_that_blocks_its_threads_leaves_the_daemons_runtime_working() {
        // One thread serves this runtime: a job blocking it would stop the ticker.
        let ticks = Arc::new(AtomicU32::new(0));
        let t = ticks.clone();
        let ticker = tokio::spawn(async move {
            loop {
                t.fetch_add(1, Ordering::SeqCst);
                tokio::task::yield_now().await;
            }
        });
        let before = ticks.load(Ordering::SeqCst);
        let seen = on_own_runtime("test-run", move || async move {
            // Blocks the run's thread the way SQLite calls do, until the ticker moved.
            // (Bounded, so a run that blocked the daemon's thread fails instead of hanging.)
            let start = ticks.load(Ordering::SeqCst);
            let give_up = std::time::Instant::now() + std::time::Duration::from_secs(5);
            while ticks.load(Ordering::SeqCst) < start + 100 && std::time::Instant::now() < give_up
            {
                std::thread::yield_now();
            }
            Ok(ticks.load(Ordering::SeqCst))
        })
        .await
        .unwrap();
        assert!(seen >= before + 100);
        ticker.abort();
        let failed = on_own_runtime("test-panic", || async {
            panic!("boom") as anyhow::Result<()>
        })
        .await;
        assert!(failed.unwrap_err().to_string().contains("test-panic"));
    }
}
