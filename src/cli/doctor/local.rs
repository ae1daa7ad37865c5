//! Checks of this host: config file, age identity, the store (integrity, size, free disk),
//! schedules and webhook secrets.

use super::report::Check;
use crate::cli::Context;
use crate::secrets::LoadedIdentity;
use crate::store::Store;
use chrono::Utc;

const MB: u64 = 1024 * 1024;

pub(super) fn config(ctx: &Context) -> Check {
    match &ctx.config_path {
        Some(p) => Check::ok("config", "file", format!("{} is valid", p.display())),
        None => Check::ok(
            "config",
            "file",
            "no config file: defaults and SYNCD_* environment variables",
        ),
    }
}

/// The age identity, and where it comes from.
pub(super) fn identity(ctx: &Context) -> (Check, Option<LoadedIdentity>) {
    match crate::secrets::find_identity(&crate::cli::context::env_var, &ctx.identity_file()) {
        Ok(Some(id)) => (
            Check::ok("config", "identity", format!("from the {}", id.source)),
            Some(id),
        ),
        Ok(None) => (
            Check::fail(
                "config",
                "identity",
                "no age identity: stored tokens cannot be decrypted",
                format!(
                    "set SYNCD_IDENTITY_FILE, or restore {} (a new one from `syncd init` cannot \
                     read tokens stored under the old one)",
                    ctx.identity_file().display()
                ),
            ),
            None,
        ),
        Err(e) => (
            Check::fail(
                "config",
                "identity",
                format!("{e:#}"),
                "point SYNCD_IDENTITY_FILE (or identity_file) at a readable age identity",
            ),
            None,
        ),
    }
}

/// The store: present, sound, its size, the free space next to it, private. Returns the
/// open store when there is one.
pub(super) fn store(ctx: &Context, checks: &mut Vec<Check>) -> Option<Store> {
    const G: &str = "store";
    let path = &ctx.db_path;
    if !path.is_file() {
        checks.push(Check::fail(
            G,
            "file",
            format!("no store at {}", path.display()),
            "syncd init (or point --db / SYNCD_DB / `database` at the store)",
        ));
        return None;
    }
    let store = match Store::open(path) {
        Ok(s) => s,
        Err(e) => {
            checks.push(Check::fail(
                G,
                "file",
                format!("cannot open {}: {e:#}", path.display()),
                "check the file's owner and permissions (the service user must write it)",
            ));
            return None;
        }
    };
    match store.integrity_problems() {
        Ok(p) if p.is_empty() => checks.push(Check::ok(
            G,
            "integrity",
            format!("{}: PRAGMA integrity_check ok", path.display()),
        )),
        Ok(p) => checks.push(Check::fail(
            G,
            "integrity",
            format!("{} is damaged: {}", path.display(), p.join("; ")),
            "stop the daemon, restore the store from a backup (or move it away: the next \
             sync relinks every timesheet by its marker, without duplicates)",
        )),
        Err(e) => checks.push(Check::fail(
            G,
            "integrity",
            format!("cannot check {}: {e:#}", path.display()),
            "stop whatever holds the store locked and run `syncd doctor` again",
        )),
    }
    let size = crate::store::disk::store_bytes(path);
    let min_free = ctx.settings.daemon.min_free_mb.saturating_mul(MB);
    match crate::store::disk::free_bytes(path) {
        Some(free) if free < min_free => checks.push(Check::fail(
            G,
            "disk",
            format!(
                "store {} MB, {} MB free: less than daemon.min_free_mb ({} MB); the daemon's \
                 /readyz fails and writes may stop",
                size / MB,
                free / MB,
                ctx.settings.daemon.min_free_mb
            ),
            format!(
                "free space on the file system of {} (or lower daemon.min_free_mb)",
                path.display()
            ),
        )),
        Some(free) => checks.push(Check::ok(
            G,
            "disk",
            format!("store {} MB, {} MB free", size / MB, free / MB),
        )),
        None => checks.push(Check::warn(
            G,
            "disk",
            format!("store {} MB; cannot read the free space", size / MB),
            format!("check the file system of {} by hand (df)", path.display()),
        )),
    }
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = std::fs::metadata(path)
        && meta.permissions().mode() & 0o077 != 0
    {
        checks.push(Check::warn(
            G,
            "permissions",
            format!(
                "{} is readable by others (mode {:o}): it holds encrypted tokens and the audit log",
                path.display(),
                meta.permissions().mode() & 0o777
            ),
            format!("chmod 600 {}", path.display()),
        ));
    }
    Some(store)
}

/// Schedules and their next runs.
pub(super) fn schedules(store: &Store, checks: &mut Vec<Check>) -> anyhow::Result<()> {
    const G: &str = "schedules";
    let all = store.list_schedules()?;
    if all.is_empty() {
        checks.push(Check::warn(
            G,
            "schedules",
            "none: only `syncd sync` from cron or by hand runs, and deletions in Zammad are \
             found only by a full run",
            "syncd schedule set nightly --cron \"0 3 * * *\" --scope full",
        ));
        return Ok(());
    }
    let now = Utc::now();
    for s in &all {
        let what = format!(
            "{} ({}, {}, {})",
            s.cron, s.timezone, s.scope, s.concurrency
        );
        if !s.enabled {
            checks.push(Check::warn(
                G,
                &s.name,
                format!("{what}: disabled"),
                format!("syncd schedule enable {}", s.name),
            ));
            continue;
        }
        let next = s
            .cron
            .next_runs(s.timezone, now, 2)
            .iter()
            .map(|t| t.format("%Y-%m-%d %H:%M %Z").to_string())
            .collect::<Vec<_>>()
            .join(", ");
        checks.push(Check::ok(G, &s.name, format!("{what}: next {next}")));
    }
    if !all
        .iter()
        .any(|s| s.enabled && s.scope == crate::schedule::ScheduleScope::Full)
    {
        checks.push(Check::warn(
            G,
            "full runs",
            "no enabled schedule with --scope full: deletions in Zammad and edits that fire no \
             webhook are never found",
            "syncd schedule set nightly --cron \"0 3 * * *\" --scope full",
        ));
    }
    Ok(())
}

/// Webhook signing secrets (and credentials when the config asks for them): present and
/// readable with this identity.
pub(super) fn webhooks(
    ctx: &Context,
    store: &Store,
    identity: Option<&LoadedIdentity>,
    checks: &mut Vec<Check>,
) -> anyhow::Result<()> {
    use crate::store::webhooks::WebhookKeyPurpose as P;
    const G: &str = "webhooks";
    let secrets: Vec<_> = store
        .list_webhook_secrets()?
        .into_iter()
        .filter(|s| s.active)
        .collect();
    if secrets.is_empty() {
        checks.push(Check::warn(
            G,
            "secrets",
            "no webhook secret: the daemon refuses every Zammad webhook (schedules still sync)",
            "syncd webhook secret add --name zammad --secret-file FILE (the same token in \
             Zammad's webhook)",
        ));
    } else {
        let names: Vec<&str> = secrets.iter().map(|s| s.name.as_str()).collect();
        let readable = identity
            .map(|id| crate::daemon::age_secret_loader(id.identity.clone())(store).map(|_| ()));
        match readable {
            Some(Err(e)) => checks.push(Check::fail(
                G,
                "secrets",
                format!("{} active ({}), but {e:#}", names.len(), names.join(", ")),
                "use the identity they were stored with, or add them again: syncd webhook \
                 secret add",
            )),
            _ => checks.push(Check::ok(
                G,
                "secrets",
                format!("{} active: {}", names.len(), names.join(", ")),
            )),
        }
    }
    let daemon = &ctx.settings.daemon;
    if daemon.webhook_basic_user.is_some() || daemon.webhook_require_bearer {
        let creds = store
            .list_webhook_keys(P::Credential)?
            .into_iter()
            .filter(|s| s.active)
            .count();
        if creds == 0 {
            checks.push(Check::fail(
                G,
                "credentials",
                "the config requires an Authorization header (daemon.webhook_basic_user or \
                 webhook_require_bearer) but no webhook credential is stored: every delivery \
                 is refused",
                "syncd webhook credential add --name zammad --secret-file FILE",
            ));
        } else {
            checks.push(Check::ok(G, "credentials", format!("{creds} active")));
        }
    }
    Ok(())
}
