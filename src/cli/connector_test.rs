//! `syncd connector test [NAME]`: call the real endpoints and report version, timezone
//! and permissions. Read-only, except that the Kimai user's timezone is cached.

use super::Context;
use super::clock_skew::Level;
use crate::error::ExitCode;
use crate::http::{ApiError, ApiErrorKind, RetryPolicy};
use crate::ids::KimaiUserId;
use crate::output;
use crate::store::{ConnectorKind, ConnectorRow, Store};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub(crate) struct Check {
    pub check: &'static str,
    pub ok: bool,
    pub detail: String,
    /// A network-level failure (exit 75 when every failure is one).
    #[serde(skip)]
    pub retryable: bool,
    /// Works, but an admin should act (e.g. agents must be mapped by hand).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub warning: bool,
    /// What to do about a failure or a warning.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

#[derive(Debug, Serialize)]
pub(crate) struct Report {
    pub name: String,
    pub kind: ConnectorKind,
    pub base_url: String,
    pub ok: bool,
    pub version: Option<String>,
    pub user: Option<String>,
    pub timezone: Option<String>,
    /// The server's clock minus this host's, from its `Date` header.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clock_skew_secs: Option<i64>,
    /// Kimai: the timesheet rules as read (cached with the connector).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rules: Option<crate::kimai::TimesheetConfig>,
    pub checks: Vec<Check>,
    /// Kimai users' timezones when the token may list users (cached for PATCHes).
    #[serde(skip)]
    user_timezones: Option<Vec<(KimaiUserId, String)>>,
    /// Kimai: the API user's id.
    #[serde(skip)]
    api_user_id: Option<KimaiUserId>,
    /// Problems that do not fail the test (plain http:// to another host).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

pub(super) fn run(ctx: &Context, name: Option<&str>) -> anyhow::Result<ExitCode> {
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
        reports.push(test_connector(ctx, &store, &identity, row)?);
    }
    if let Some(w) = ctx
        .settings
        .notify
        .url
        .as_ref()
        .and_then(crate::http::cleartext_warning)
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

/// Test one connector as `connector test` does, caching what it learns (Kimai's version,
/// rules, users' timezones, the API user's timezone). `doctor` calls this too.
pub(crate) fn test_connector(
    ctx: &Context,
    store: &Store,
    identity: &crate::secrets::LoadedIdentity,
    row: &ConnectorRow,
) -> anyhow::Result<Report> {
    let mut report = match row.kind {
        ConnectorKind::Zammad => {
            let client =
                super::clients::zammad(ctx, identity, row)?.with_retry_policy(RetryPolicy::none());
            ctx.block_on(test_zammad(row, &client))
        }
        ConnectorKind::Kimai => {
            let client =
                super::clients::kimai(ctx, identity, row)?.with_retry_policy(RetryPolicy::none());
            let mut report = ctx.block_on(test_kimai(row, &client));
            cache_timezone(store, row, report.timezone.as_deref())?;
            if report.ok {
                report.checks.push(rounding_check(store, row)?);
            }
            if let Some(v) = &report.version {
                crate::sync::server::remember_version(store, row.id, v)?;
            }
            if let Some(users) = &report.user_timezones {
                crate::sync::zones::remember(store, row.id, users.clone())?;
            }
            if let Some(rules) = &report.rules {
                crate::sync::rules::cache(store, row.id, rules)?;
            }
            if report.timezone.is_some() {
                let check = timezone_check(store, row, &report)?;
                report.checks.push(check);
            }
            report
        }
    };
    if let Some(w) = url::Url::parse(&row.base_url)
        .ok()
        .and_then(|u| crate::http::cleartext_warning(&u))
    {
        report.warnings.push(w);
    }
    Ok(report)
}

/// The API user's timezone against the agents' (their Kimai users: those mapped, else
/// every user Kimai lists) and this host's.
fn timezone_check(store: &Store, row: &ConnectorRow, r: &Report) -> anyhow::Result<Check> {
    use crate::store::mappings::{MappingFilter, MappingKind};
    let mapped: std::collections::HashSet<KimaiUserId> = store
        .list_mappings(&MappingFilter {
            kimai_connector_id: Some(row.id),
            kind: Some(MappingKind::User),
            ..Default::default()
        })?
        .into_iter()
        .map(|m| KimaiUserId(m.target_id))
        .filter(|id| Some(*id) != r.api_user_id)
        .collect();
    let agents = if !mapped.is_empty() {
        // Mapped users whose timezone is known (listed now, or cached earlier).
        let known = crate::sync::zones::cached(store, row.id, &mapped)?;
        (!known.is_empty()).then(|| known.values().map(|tz| tz.name().to_string()).collect())
    } else {
        r.user_timezones.as_ref().map(|users| {
            users
                .iter()
                .filter(|(id, _)| Some(*id) != r.api_user_id)
                .map(|(_, tz)| tz.clone())
                .collect()
        })
    };
    let verdict = super::timezone_check::judge(
        &row.name,
        &super::timezone_check::ZoneFacts {
            api_user: r.timezone.clone(),
            agents,
            system: super::timezone_check::system_timezone(),
        },
    );
    Ok(Check {
        ok: verdict.level != Level::Fail,
        warning: verdict.level == Level::Warn,
        fix: verdict.fix,
        ..info("timezone", verdict.detail)
    })
}

/// The clock check, from the `Date` header of an answer to a request sent at `sent`.
/// Never fails the connector test (syncd reads each server's clock where it matters);
/// `doctor` fails a harmful skew.
fn clock_check(
    service: &str,
    sent: chrono::DateTime<chrono::Utc>,
    server: Option<chrono::DateTime<chrono::Utc>>,
) -> (Check, Option<i64>) {
    let received = chrono::Utc::now();
    let skew = server.map(|t| super::clock_skew::estimate(sent, received, t));
    let (level, detail, fix) = super::clock_skew::judge(service, skew);
    (
        Check {
            warning: level != Level::Ok,
            fix,
            ..info("clock", detail)
        },
        skew.map(|d| d.num_seconds()),
    )
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
            if let Some(fix) = c.fix.as_deref().filter(|_| !c.ok || c.warning) {
                out.push(format!("       fix: {fix}"));
            }
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
    Ok(info(
        "rounding",
        seen.notice().unwrap_or_else(|| {
            if seen.begin_gcd_secs.is_none() && seen.end_gcd_secs.is_none() {
                "not seen yet (a sync notices when Kimai rounds what it wrote)".into()
            } else {
                "none seen: Kimai kept the minutes syncd sent (its default rule)".into()
            }
        }),
    ))
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
    let fix = match err.kind {
        ApiErrorKind::Unauthorized => {
            Some("syncd connector edit {connector} --token-file FILE".to_string())
        }
        ApiErrorKind::Forbidden => Some(
            "give the token's user the permission (see README: Kimai and Zammad settings that \
             matter), then `syncd connector test {connector}`"
                .to_string(),
        ),
        _ if err.is_retryable() => Some(
            "check that the server is up and the URL is right (`syncd connector edit {connector} \
             --url URL`), then `syncd connector test {connector}`"
                .to_string(),
        ),
        _ => Some("syncd connector test {connector}".to_string()),
    };
    Check {
        check,
        ok: false,
        detail: format!("{err}{hint}"),
        retryable: err.is_retryable(),
        warning: false,
        fix,
    }
}

fn info(check: &'static str, detail: impl Into<String>) -> Check {
    Check {
        check,
        ok: true,
        retryable: false,
        warning: false,
        detail: detail.into(),
        fix: None,
    }
}

fn report(row: &ConnectorRow, mut checks: Vec<Check>) -> Report {
    // Hints name the connector they are about.
    for c in &mut checks {
        c.detail = c.detail.replace("{connector}", &row.name);
        c.fix = c.fix.take().map(|f| f.replace("{connector}", &row.name));
    }
    Report {
        name: row.name.clone(),
        kind: row.kind,
        base_url: row.base_url.clone(),
        ok: checks.iter().all(|c| c.ok),
        version: None,
        user: None,
        timezone: None,
        clock_skew_secs: None,
        rules: None,
        checks,
        user_timezones: None,
        api_user_id: None,
        warnings: Vec::new(),
    }
}

async fn test_zammad(row: &ConnectorRow, client: &crate::zammad::ZammadClient) -> Report {
    let mut checks = Vec::new();
    let sent = chrono::Utc::now();
    let answer = client.version().await;
    let (clock, skew) = clock_check("Zammad", sent, client.server_time());
    let version = match answer {
        Ok(v) => {
            let detail = v
                .as_ref()
                .map(|v| format!("Zammad {v}"))
                .unwrap_or_else(|| "token accepted (version hidden)".into());
            checks.push(info("connect", detail));
            checks.push(clock);
            v
        }
        Err(e) => {
            checks.push(failed("connect", &e));
            // A refused token still tells the server's clock.
            if skew.is_some() {
                checks.push(clock);
            }
            let mut r = report(row, checks);
            r.clock_skew_secs = skew;
            return r;
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
    r.clock_skew_secs = skew;
    r
}

async fn test_kimai(row: &ConnectorRow, client: &crate::kimai::KimaiClient) -> Report {
    let mut checks = Vec::new();
    let sent = chrono::Utc::now();
    let answer = client.version().await;
    let (clock, skew) = clock_check("Kimai", sent, client.server_time());
    let version = match answer {
        Ok(v) => {
            checks.push(info("connect", format!("Kimai {}", v.version)));
            checks.push(clock);
            Some(v.version)
        }
        Err(e) => {
            checks.push(failed("connect", &e));
            // A refused token still tells the server's clock.
            if skew.is_some() {
                checks.push(clock);
            }
            let mut r = report(row, checks);
            r.clock_skew_secs = skew;
            return r;
        }
    };
    let mut user = None;
    let mut timezone = None;
    let mut user_timezones = None;
    let mut roles: Vec<String> = Vec::new();
    let mut api_user_id = None;
    match client.me().await {
        Ok(me) => {
            roles = me.roles.clone().unwrap_or_default();
            api_user_id = Some(me.id);
            user = Some(me.username.clone());
            timezone = Some(me.timezone.clone()).filter(|t| !t.is_empty());
            let roles = me.roles.clone().unwrap_or_default().join(", ");
            checks.push(info(
                "api user",
                format!("{} (roles: {roles})", me.username),
            ));
        }
        Err(e) => checks.push(failed("api user", &e)),
    }
    match client.users().await {
        Ok(users) => {
            checks.push(info(
                "list users",
                format!("{} users (needed to book as other users)", users.len()),
            ));
            user_timezones = Some(users.into_iter().map(|u| (u.id, u.timezone)).collect());
        }
        Err(e) if e.kind == ApiErrorKind::Forbidden => checks.push(Check {
            warning: true,
            fix: Some(
                "grant view_user to the API user's role in Kimai, or map each agent: \
                 syncd mapping add user --source <agent email or id> --target <Kimai user id>"
                    .into(),
            ),
            ..info("list users", crate::sync::connect::MAP_AGENTS_BY_HAND)
        }),
        Err(e) => checks.push(failed("list users", &e)),
    }
    match client.activities().await {
        Ok(a) => checks.push(info("activities", format!("{} activities", a.len()))),
        Err(e) => checks.push(failed("activities", &e)),
    }
    let rules = match crate::sync::rules::read(client).await {
        Ok(Some(config)) => {
            for (name, words) in crate::sync::rules::describe(&config) {
                checks.push(info(name, words));
            }
            if let Some(why) = crate::sync::rules::refusal(&config, &roles) {
                checks.push(Check {
                    ok: false,
                    fix: Some(
                        "give the API user a role with view_other_timesheet, or set Kimai's \
                         tracking mode to `default` (System → Settings → Timesheet)"
                            .into(),
                    ),
                    ..info("times from the API", why)
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
    r.api_user_id = api_user_id;
    r.clock_skew_secs = skew;
    r.rules = rules;
    r
}
