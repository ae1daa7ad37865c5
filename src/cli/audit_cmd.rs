//! `syncd audit list | prune`.

use super::Context;
use super::args::{AuditCommand, AuditListArgs};
use crate::audit::{AuditCategory, AuditQuery};
use crate::error::{Error, ExitCode};
use crate::output;

pub fn run(ctx: &Context, cmd: AuditCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        AuditCommand::List(a) => list(ctx, a),
        AuditCommand::Prune { older_than } => prune(ctx, older_than),
    }
}

#[derive(tabled::Tabled)]
struct AuditLine {
    time: String,
    category: String,
    action: String,
    actor: String,
    source: String,
    target: String,
    ip: String,
}

fn time_arg(
    flag: &str,
    raw: &Option<String>,
) -> Result<Option<chrono::DateTime<chrono::Utc>>, Error> {
    raw.as_deref()
        .map(|t| super::time_arg::parse(flag, t))
        .transpose()
}

fn list(ctx: &Context, a: AuditListArgs) -> anyhow::Result<ExitCode> {
    let query = AuditQuery {
        category: a.category.as_deref().and_then(AuditCategory::parse),
        action: a.action,
        actor: a.actor,
        ip: a.ip,
        since: time_arg("--since", &a.since)?,
        until: time_arg("--until", &a.until)?,
        run_id: a.run,
        limit: Some(a.limit),
    };
    let store = ctx.open_store()?;
    let rows = store.query_audit(&query)?;
    output::emit(ctx.output, &rows, || {
        output::table(
            rows.iter().map(|r| AuditLine {
                time: r.ts.clone(),
                category: r.category.clone(),
                action: r.action.clone(),
                actor: r.actor.clone(),
                source: r.source.clone(),
                target: r.target.clone().unwrap_or_default(),
                ip: r.ip.clone().unwrap_or_default(),
            }),
            "no audit rows match",
        )
    })?;
    Ok(ExitCode::Ok)
}

fn prune(ctx: &Context, older_than: Option<u32>) -> anyhow::Result<ExitCode> {
    let days = older_than.unwrap_or(ctx.settings.audit.retention_days);
    let store = ctx.open_store()?;
    let removed = store.prune_access(days)?;
    ctx.audit_config(
        &store,
        "audit.prune",
        None,
        serde_json::json!({ "older_than_days": days, "removed": removed }),
    )?;
    let value = serde_json::json!({ "removed": removed, "older_than_days": days });
    output::emit(ctx.output, &value, || {
        format!("pruned {removed} access rows older than {days} days")
    })?;
    Ok(ExitCode::Ok)
}
