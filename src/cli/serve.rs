//! `syncd serve`: run the daemon in the foreground until SIGTERM/SIGINT.

use super::Context;
use super::args::ServeArgs;
use crate::daemon::{self, Options, ReloadFn, SecretLoader, SyncFn};
use crate::error::ExitCode;
use crate::sync::{SyncEnv, SyncRequest};
use std::sync::Arc;

pub fn run(ctx: &Context, args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let env = SyncEnv {
        settings: ctx.settings.clone(),
        db_path: ctx.db_path.clone(),
        data_dir: ctx.data_dir.clone(),
        actor: "daemon".into(),
        progress: false,
    };
    let sync_fn: SyncFn = Arc::new(move |req: SyncRequest| {
        let env = env.clone();
        Box::pin(async move {
            // WIRE: crate::sync::run(&env, req).await
            let _ = (&env, req);
            Err(anyhow::anyhow!("sync engine not wired"))
        })
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
    // WIRE: re-read the config file and environment the way startup does.
    let reload: ReloadFn = Arc::new(|| Err(anyhow::anyhow!("configuration reload not wired yet")));
    // Own runtime so shutdown is bounded even if a blocking store call is still running.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
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
