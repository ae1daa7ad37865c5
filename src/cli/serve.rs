//! `syncd serve`: run the daemon in the foreground until SIGTERM/SIGINT.

use super::Context;
use super::args::ServeArgs;
use crate::daemon::{self, Options, ReloadFn, SecretLoader, SyncFn};
use crate::error::ExitCode;
use crate::sync::{SyncEnv, SyncRequest};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};

pub fn run(ctx: &Context, args: &ServeArgs) -> anyhow::Result<ExitCode> {
    // Syncs read the settings at their start, so a SIGHUP reload applies to the next run.
    let shared = Arc::new(RwLock::new(ctx.settings.clone()));
    // Set on SIGTERM/SIGINT: a run in flight finishes its item and stops.
    let stop = Arc::new(AtomicBool::new(false));
    let (db_path, data_dir) = (ctx.db_path.clone(), ctx.data_dir.clone());
    let (sync_settings, sync_stop) = (shared.clone(), stop.clone());
    let sync_fn: SyncFn = Arc::new(move |req: SyncRequest| {
        let env = SyncEnv {
            settings: sync_settings
                .read()
                .unwrap_or_else(|e| e.into_inner())
                .clone(),
            db_path: db_path.clone(),
            data_dir: data_dir.clone(),
            actor: "daemon".into(),
            progress: false,
        };
        let stop = sync_stop.clone();
        Box::pin(async move { crate::sync::run_with_stop(&env, req, stop).await })
    });
    let secrets: SecretLoader = match super::webhook::load_identity(ctx) {
        Ok(identity) => daemon::age_secret_loader(identity),
        Err(e) => {
            let msg = format!("{e:#}");
            tracing::warn!(error = %msg, "no age identity; webhooks work only once one exists");
            Arc::new(move |store| {
                if store.active_webhook_secret_ciphertexts()?.is_empty() {
                    Ok(Vec::new())
                } else {
                    Err(anyhow::anyhow!("{msg}"))
                }
            })
        }
    };
    // SIGHUP: read the same file again (flags and environment as at startup).
    let config_path = ctx.config_path.clone();
    let reload_shared = shared.clone();
    let reload: ReloadFn = Arc::new(move || {
        let loaded = crate::config::load(config_path.as_deref(), &super::context::env_var)?;
        *reload_shared.write().unwrap_or_else(|e| e.into_inner()) = loaded.settings.clone();
        Ok(loaded.settings)
    });
    // Own runtime so shutdown is bounded even if a blocking store call is still running.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
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
    let result = rt.block_on(daemon::serve(Options {
        settings: ctx.settings.clone(),
        listen: args.listen.clone(),
        db_path: ctx.db_path.clone(),
        sync_fn,
        secrets,
        reload: Some(reload),
    }));
    rt.shutdown_timeout(std::time::Duration::from_secs(1));
    result?;
    Ok(ExitCode::Ok)
}
