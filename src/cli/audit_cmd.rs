//! `syncd audit list | prune` (`export | verify` live in `audit_export`).

use super::Context;
use super::args::{AuditCommand, AuditListArgs};
use crate::audit::{AuditCategory, AuditQuery};
use crate::error::{Error, ExitCode};
use crate::output::{self, Column};

pub(super) fn run(ctx: &Context, cmd: AuditCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        AuditCommand::List(a) => list(ctx, a),
        AuditCommand::Prune { older_than } => prune(ctx, older_than),
        AuditCommand::Export { since } => super::audit_export::export(ctx, since.as_deref()),
        AuditCommand::Verify { file } => super::audit_export::verify(ctx, &file),
    }
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
        let time = |ts: &str| {
            chrono::DateTime::parse_from_rfc3339(ts)
                .map(|t| {
                    t.with_timezone(&chrono::Utc)
                        .format("%Y-%m-%d %H:%M:%S")
                        .to_string()
                })
                .unwrap_or_else(|_| ts.to_string())
        };
        // On a narrow terminal: ip, source and category go first, then long targets
        // are cut; piped output is full width.
        output::fit_table(
            &[
                Column::keep("time (UTC)").min(19),
                Column::optional("category", 3),
                Column::keep("action"),
                Column::keep("actor").min(8),
                Column::optional("source", 2),
                Column::keep("target").min(10),
                Column::optional("ip", 1),
            ],
            rows.iter()
                .map(|r| {
                    vec![
                        time(&r.ts),
                        r.category.clone(),
                        r.action.clone(),
                        r.actor.clone(),
                        r.source.clone(),
                        r.target.clone().unwrap_or_default(),
                        r.ip.clone().unwrap_or_default(),
                    ]
                })
                .collect(),
            output::stdout_width(),
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
