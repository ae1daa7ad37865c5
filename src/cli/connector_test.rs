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
    /// Works, but an admin should act (e.g. agents must be mapped by hand).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    warning: bool,
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
    /// Kimai: the timesheet rules as read (cached with the connector).
    #[serde(skip_serializing_if = "Option::is_none")]
    rules: Option<crate::kimai::TimesheetConfig>,
    checks: Vec<Check>,
    /// Kimai users' timezones when the token may list users (cached for PATCHes).
    #[serde(skip)]
    user_timezones: Vec<(i64, String)>,
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
        return Err(crate::Error::config(
            "no connectors to test; add one with `syncd connector add zammad|kimai …`",
        )
        .into());
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
                let mut report = ctx.block_on(test_kimai(row, &client));
                cache_timezone(&store, row, report.timezone.as_deref())?;
                if report.ok {
                    report.checks.push(rounding_check(&store, row)?);
                }
                if let Some(v) = &report.version {
                    crate::sync::server::remember_version(&store, row.id, v)?;
                }
                crate::sync::zones::remember(&store, row.id, report.user_timezones.clone())?;
                if let Some(rules) = &report.rules {
                    crate::sync::rules::cache(&store, row.id, rules)?;
                }
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
    // The report stays on stdout; failures also go to stderr, so cron mails them.
    for r in &reports {
        for c in r.checks.iter().filter(|c| !c.ok) {
            eprintln!("error: connector {}: {}: {}", r.name, c.check, c.detail);
        }
    }
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
                match (c.ok, c.warning) {
                    (false, _) => "FAIL",
                    (true, true) => "warn",
                    (true, false) => "ok  ",
                },
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

/// Kimai does not publish its rounding rule; say what syncd saw in its answers.
fn rounding_check(store: &Store, row: &ConnectorRow) -> anyhow::Result<Check> {
    let seen = crate::sync::server::rounding(store, row.id)?;
    Ok(Check {
        check: "rounding",
        ok: true,
        retryable: false,
        warning: false,
        detail: seen.notice().unwrap_or_else(|| {
            if seen.begin_gcd_secs.is_none() && seen.end_gcd_secs.is_none() {
                "not seen yet (a sync notices when Kimai rounds what it wrote)".into()
            } else {
                "none seen: Kimai kept the minutes syncd sent (its default rule)".into()
            }
        }),
    })
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
            " (token rejected: set a new one with `syncd connector edit {connector} --token-file FILE`)"
        }
        ApiErrorKind::Forbidden => " (the token lacks this permission)",
        _ => "",
    };
    Check {
        check,
        ok: false,
        detail: format!("{err}{hint}"),
        retryable: err.is_retryable(),
        warning: false,
    }
}

fn info(check: &'static str, detail: impl Into<String>) -> Check {
    Check {
        check,
        ok: true,
        retryable: false,
        warning: false,
        detail: detail.into(),
    }
}

fn report(row: &ConnectorRow, mut checks: Vec<Check>) -> Report {
    // Hints name the connector they are about.
    for c in &mut checks {
        c.detail = c.detail.replace("{connector}", &row.name);
    }
    Report {
        name: row.name.clone(),
        kind: row.kind,
        base_url: row.base_url.clone(),
        ok: checks.iter().all(|c| c.ok),
        version: None,
        user: None,
        timezone: None,
        rules: None,
        checks,
        user_timezones: Vec::new(),
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
                warning: false,
                detail,
            });
            v
        }
        Err(e) => {
            checks.push(failed("connect", &e));
            return report(row, checks);
        }
    };
    // What the token may do, in Zammad's permission names.
    let types = client.time_accounting_types().await;
    let global = client.time_accountings(1, 1, "id", "desc").await;
    match (&types, &global) {
        (Ok(t), Ok(_)) => checks.push(info(
            "admin.time_accounting",
            format!(
                "granted: every entry is read from the global list; {} activity types",
                t.len()
            ),
        )),
        (Ok(t), Err(e)) if e.kind == ApiErrorKind::NoRoute => checks.push(info(
            "admin.time_accounting",
            format!(
                "granted ({} activity types); this Zammad has no global time accounting list \
                 (before 6.2): syncd reads each ticket's list, which on 6.1 needs change access \
                 to the ticket's group, admins included",
                t.len()
            ),
        )),
        (Err(e), _) | (_, Err(e)) => checks.push(failed("admin.time_accounting", e)),
    }
    match client.tickets(1, 1).await {
        Ok(_) => checks.push(info(
            "ticket.agent",
            "granted: tickets, organizations and agents are readable; entries on tickets of \
             groups the token's user may not read wait as source-unreadable conflicts",
        )),
        Err(e) => checks.push(failed("ticket.agent", &e)),
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
                warning: false,
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
    let mut user_timezones = Vec::new();
    let mut roles: Vec<String> = Vec::new();
    match client.me().await {
        Ok(me) => {
            roles = me.roles.clone().unwrap_or_default();
            user = Some(me.username.clone());
            timezone = Some(me.timezone.clone()).filter(|t| !t.is_empty());
            let roles = me.roles.clone().unwrap_or_default().join(", ");
            checks.push(Check {
                check: "api user",
                ok: true,
                retryable: false,
                warning: false,
                detail: format!("{} (roles: {roles})", me.username),
            });
        }
        Err(e) => checks.push(failed("api user", &e)),
    }
    match client.users().await {
        Ok(users) => {
            checks.push(Check {
                check: "list users",
                ok: true,
                retryable: false,
                warning: false,
                detail: format!("{} users (needed to book as other users)", users.len()),
            });
            user_timezones = users.into_iter().map(|u| (u.id, u.timezone)).collect();
        }
        Err(e) if e.kind == ApiErrorKind::Forbidden => checks.push(Check {
            warning: true,
            ..info("list users", crate::sync::connect::MAP_AGENTS_BY_HAND)
        }),
        Err(e) => checks.push(failed("list users", &e)),
    }
    match client.activities().await {
        Ok(a) => checks.push(Check {
            check: "activities",
            ok: true,
            retryable: false,
            warning: false,
            detail: format!("{} activities", a.len()),
        }),
        Err(e) => checks.push(failed("activities", &e)),
    }
    let rules = match crate::sync::rules::read(client).await {
        Ok(Some(config)) => {
            for (name, words) in crate::sync::rules::describe(&config) {
                checks.push(info(name, words));
            }
            if let Some(why) = crate::sync::rules::refusal(&config, &roles) {
                checks.push(Check {
                    check: "times from the API",
                    ok: false,
                    retryable: false,
                    warning: false,
                    detail: why,
                });
            }
            Some(config)
        }
        Ok(None) => {
            checks.push(info(
                "timesheet rules",
                "not published by this Kimai (no /api/config/timesheet)",
            ));
            None
        }
        Err(e) => {
            checks.push(failed("timesheet rules", &e));
            None
        }
    };
    let mut r = report(row, checks);
    r.version = version;
    r.user = user;
    r.timezone = timezone;
    r.user_timezones = user_timezones;
    r.rules = rules;
    r
}
