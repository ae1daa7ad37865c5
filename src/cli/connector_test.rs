//! `syncd connector test [NAME]`: call the real endpoints and report version, timezone
//! and permissions. Read-only, except that the Kimai user's timezone is cached.

use super::Context;
use crate::error::ExitCode;
use crate::http::{ApiError, ApiErrorKind, RetryPolicy};
use crate::output;
use crate::store::{ConnectorKind, ConnectorRow, Store};
use serde::Serialize;

#[derive(Debug, Serialize)]
struct Check {
    check: &'static str,
    ok: bool,
    detail: String,
    /// A network-level failure (exit 75 when every failure is one).
    #[serde(skip)]
    retryable: bool,
}

#[derive(Debug, Serialize)]
struct Report {
    name: String,
    kind: ConnectorKind,
    base_url: String,
    ok: bool,
    version: Option<String>,
    user: Option<String>,
    timezone: Option<String>,
    checks: Vec<Check>,
    /// Problems that do not fail the test (plain http:// to another host).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    warnings: Vec<String>,
}

pub fn run(ctx: &Context, name: Option<&str>) -> anyhow::Result<ExitCode> {
    let store = ctx.open_store()?;
    let rows = match name {
        Some(n) => vec![super::connector::find(&store, n)?],
        None => store.list_connectors()?,
    };
    if rows.is_empty() {
        anyhow::bail!("no connectors to test; add one with `syncd connector add zammad|kimai …`");
    }
    let identity = ctx.load_identity()?;
    let mut reports = Vec::new();
    for row in &rows {
        let report = match row.kind {
            ConnectorKind::Zammad => {
                let client = super::clients::zammad(ctx, &identity, row)?
                    .with_retry_policy(RetryPolicy::none());
                ctx.block_on(test_zammad(row, &client))
            }
            ConnectorKind::Kimai => {
                let client = super::clients::kimai(ctx, &identity, row)?
                    .with_retry_policy(RetryPolicy::none());
                let report = ctx.block_on(test_kimai(row, &client));
                cache_timezone(&store, row, report.timezone.as_deref())?;
                report
            }
        };
        let mut report = report;
        if let Some(w) = url::Url::parse(&row.base_url)
            .ok()
            .and_then(|u| crate::http::cleartext_warning(&u))
        {
            report.warnings.push(w);
        }
        reports.push(report);
    }
    if let Some(w) = ctx
        .settings
        .notify
        .url
        .as_deref()
        .and_then(|u| url::Url::parse(u).ok())
        .and_then(|u| crate::http::cleartext_warning(&u))
    {
        eprintln!("warning: notify.url: {w}");
    }
    let all_ok = reports.iter().all(|r| r.ok);
    output::emit(ctx.output, &reports, || render(&reports))?;
    let mut failures = reports.iter().flat_map(|r| &r.checks).filter(|c| !c.ok);
    if all_ok {
        Ok(ExitCode::Ok)
    } else if failures.all(|c| c.retryable) {
        Ok(ExitCode::Retryable)
    } else {
        Ok(ExitCode::Failure)
    }
}

fn render(reports: &[Report]) -> String {
    let mut out = Vec::new();
    for r in reports {
        let mut head = format!(
            "{} ({}, {}): {}",
            r.name,
            r.kind,
            r.base_url,
            if r.ok { "OK" } else { "FAILED" }
        );
        if let Some(v) = &r.version {
            head.push_str(&format!(", version {v}"));
        }
        if let Some(u) = &r.user {
            head.push_str(&format!(", user {u}"));
        }
        if let Some(tz) = &r.timezone {
            head.push_str(&format!(", timezone {tz}"));
        }
        out.push(head);
        for c in &r.checks {
            out.push(format!(
                "  {} {}: {}",
                if c.ok { "ok  " } else { "FAIL" },
                c.check,
                c.detail
            ));
        }
        for w in &r.warnings {
            out.push(format!("  warn {w}"));
        }
    }
    out.join("\n")
}

fn cache_timezone(store: &Store, row: &ConnectorRow, tz: Option<&str>) -> anyhow::Result<()> {
    if let Some(tz) = tz.filter(|t| !t.is_empty())
        && row.settings.timezone.as_deref() != Some(tz)
    {
        let mut settings = row.settings.clone();
        settings.timezone = Some(tz.to_string());
        store.update_connector_settings(row.id, &settings)?;
    }
    Ok(())
}

fn failed(check: &'static str, err: &ApiError) -> Check {
    // Network errors already say what to check; auth errors get the fix.
    let hint = match err.kind {
        ApiErrorKind::Unauthorized => {
            " (token rejected: set a new one with `syncd connector edit NAME --token-file FILE`)"
        }
        ApiErrorKind::Forbidden => " (the token lacks this permission)",
        _ => "",
    };
    Check {
        check,
        ok: false,
        detail: format!("{err}{hint}"),
        retryable: err.is_retryable(),
    }
}

fn report(row: &ConnectorRow, checks: Vec<Check>) -> Report {
    Report {
        name: row.name.clone(),
        kind: row.kind,
        base_url: row.base_url.clone(),
        ok: checks.iter().all(|c| c.ok),
        version: None,
        user: None,
        timezone: None,
        checks,
        warnings: Vec::new(),
    }
}

async fn test_zammad(row: &ConnectorRow, client: &crate::zammad::ZammadClient) -> Report {
    let mut checks = Vec::new();
    let version = match client.version().await {
        Ok(v) => {
            let detail = v
                .as_ref()
                .map(|v| format!("Zammad {v}"))
                .unwrap_or_else(|| "token accepted (version hidden)".into());
            checks.push(Check {
                check: "connect",
                ok: true,
                retryable: false,
                detail,
            });
            v
        }
        Err(e) => {
            checks.push(failed("connect", &e));
            return report(row, checks);
        }
    };
    match client.time_accounting_types().await {
        Ok(types) => checks.push(Check {
            check: "time accounting types",
            ok: true,
            retryable: false,
            detail: format!("{} types", types.len()),
        }),
        Err(e) => checks.push(failed("time accounting types", &e)),
    }
    match client.time_accountings(1, 1, "id", "desc").await {
        Ok(_) => checks.push(Check {
            check: "time accountings",
            ok: true,
            retryable: false,
            detail: "global list readable".into(),
        }),
        Err(e) if e.kind == ApiErrorKind::NoRoute => checks.push(Check {
            check: "time accountings",
            ok: true,
            retryable: false,
            detail: "no global list on this version; per-ticket fallback".into(),
        }),
        Err(e) => checks.push(failed("time accountings", &e)),
    }
    match client.tickets(1, 1).await {
        Ok(_) => checks.push(Check {
            check: "tickets",
            ok: true,
            retryable: false,
            detail: "readable".into(),
        }),
        Err(e) => checks.push(failed("tickets", &e)),
    }
    let mut r = report(row, checks);
    r.version = version;
    r
}

async fn test_kimai(row: &ConnectorRow, client: &crate::kimai::KimaiClient) -> Report {
    let mut checks = Vec::new();
    let version = match client.version().await {
        Ok(v) => {
            checks.push(Check {
                check: "connect",
                ok: true,
                retryable: false,
                detail: format!("Kimai {}", v.version),
            });
            Some(v.version)
        }
        Err(e) => {
            checks.push(failed("connect", &e));
            return report(row, checks);
        }
    };
    let mut user = None;
    let mut timezone = None;
    match client.me().await {
        Ok(me) => {
            user = Some(me.username.clone());
            timezone = Some(me.timezone.clone()).filter(|t| !t.is_empty());
            let roles = me.roles.clone().unwrap_or_default().join(", ");
            checks.push(Check {
                check: "api user",
                ok: true,
                retryable: false,
                detail: format!("{} (roles: {roles})", me.username),
            });
        }
        Err(e) => checks.push(failed("api user", &e)),
    }
    match client.users().await {
        Ok(users) => checks.push(Check {
            check: "list users",
            ok: true,
            retryable: false,
            detail: format!("{} users (needed to book as other users)", users.len()),
        }),
        Err(e) if e.kind == ApiErrorKind::Forbidden => checks.push(Check {
            check: "list users",
            ok: true,
            retryable: false,
            detail: "not permitted: entries will be booked as the API user".into(),
        }),
        Err(e) => checks.push(failed("list users", &e)),
    }
    match client.activities().await {
        Ok(a) => checks.push(Check {
            check: "activities",
            ok: true,
            retryable: false,
            detail: format!("{} activities", a.len()),
        }),
        Err(e) => checks.push(failed("activities", &e)),
    }
    let mut r = report(row, checks);
    r.version = version;
    r.user = user;
    r.timezone = timezone;
    r
}
