//! `syncd schedule show|set|enable|disable|remove`.

use super::Context;
use super::args::ScheduleCommand;
use crate::error::{Error, ExitCode};
use crate::output;
use crate::schedule::{Concurrency, CronExpr, ScheduleKind, ScheduleScope, parse_timezone};
use crate::store::Store;
use crate::store::schedules::{Schedule, ScheduleDef};
use chrono::Utc;
use chrono_tz::Tz;

const DEFAULT_NAME: &str = "default";

pub(crate) fn run(ctx: &Context, cmd: ScheduleCommand) -> anyhow::Result<ExitCode> {
    let store = ctx.open_store()?;
    match cmd {
        ScheduleCommand::Show => show(ctx, &store),
        ScheduleCommand::Set {
            name,
            cron,
            timezone,
            concurrency,
            scope,
            kind,
        } => {
            let name = name.unwrap_or_else(|| DEFAULT_NAME.into());
            super::args::validate_name("schedule", &name)?;
            let existing = store.get_schedule(&name)?;
            super::cron_check::check_fields(&cron)?;
            let cron = CronExpr::parse(&cron)?;
            let timezone = match timezone {
                Some(name) => parse_timezone(&name)?,
                None => existing.as_ref().map_or(Tz::UTC, |s| s.timezone),
            };
            let next = cron.next_runs(timezone, Utc::now(), 3);
            super::cron_check::check_fires(cron.as_str(), &next)?;
            let def = ScheduleDef {
                cron,
                timezone,
                concurrency: concurrency
                    .map(Concurrency::from)
                    .or(existing.as_ref().map(|s| s.concurrency))
                    .unwrap_or(Concurrency::Skip),
                scope: scope
                    .map(ScheduleScope::from)
                    .or(existing.as_ref().map(|s| s.scope))
                    .unwrap_or(ScheduleScope::Incremental),
                kind: kind
                    .map(ScheduleKind::from)
                    .or(existing.as_ref().map(|s| s.kind))
                    .unwrap_or(ScheduleKind::Sync),
            };
            let saved = store.upsert_schedule(&name, &def)?;
            audit_config(
                &store,
                &ctx.actor,
                if existing.is_some() {
                    "schedule.update"
                } else {
                    "schedule.create"
                },
                &name,
                serde_json::json!({"cron": saved.cron, "timezone": saved.timezone, "concurrency": saved.concurrency, "scope": saved.scope, "kind": saved.kind}),
            );
            if ctx.json() {
                output::print_json(&view(&saved, next.iter().map(|t| t.to_rfc3339()).collect()))?;
            } else {
                let mut text = format!(
                    "schedule `{}` saved: {} {} ({}), concurrency {}, scope {}{}\nnext runs:",
                    saved.name,
                    saved.kind,
                    saved.cron,
                    saved.timezone,
                    saved.concurrency,
                    saved.scope,
                    if saved.enabled { "" } else { " (disabled)" }
                );
                for t in &next {
                    text.push_str(&format!("\n  {}", t.format("%Y-%m-%d %H:%M:%S %Z (%:z)")));
                }
                output::write_stdout(&text)?;
            }
            Ok(ExitCode::Ok)
        }
        ScheduleCommand::Enable { name } => toggle(ctx, &store, name, true),
        ScheduleCommand::Disable { name } => toggle(ctx, &store, name, false),
        ScheduleCommand::Remove { name } => {
            if !store.remove_schedule(&name)? {
                return Err(Error::usage(format!("no schedule named `{name}`")).into());
            }
            audit_config(
                &store,
                &ctx.actor,
                "schedule.remove",
                &name,
                serde_json::Value::Null,
            );
            output::write_stdout(&format!("schedule `{name}` removed"))?;
            Ok(ExitCode::Ok)
        }
    }
}

fn toggle(
    ctx: &Context,
    store: &Store,
    name: Option<String>,
    enabled: bool,
) -> anyhow::Result<ExitCode> {
    let name = name.unwrap_or_else(|| DEFAULT_NAME.into());
    if !store.set_schedule_enabled(&name, enabled)? {
        return Err(Error::usage(format!("no schedule named `{name}`")).into());
    }
    let action = if enabled {
        "schedule.enable"
    } else {
        "schedule.disable"
    };
    audit_config(store, &ctx.actor, action, &name, serde_json::Value::Null);
    output::write_stdout(&format!(
        "schedule `{name}` {}",
        if enabled { "enabled" } else { "disabled" }
    ))?;
    Ok(ExitCode::Ok)
}

#[derive(serde::Serialize)]
struct ScheduleView {
    #[serde(flatten)]
    schedule: Schedule,
    next_runs: Vec<String>,
    /// Always null: a stored schedule that does not parse fails the store read instead.
    /// Kept so the JSON keeps its shape.
    error: Option<String>,
}

fn view(s: &Schedule, next_runs: Vec<String>) -> ScheduleView {
    ScheduleView {
        schedule: s.clone(),
        next_runs,
        error: None,
    }
}

#[derive(tabled::Tabled)]
struct Row {
    name: String,
    kind: String,
    cron: String,
    timezone: String,
    concurrency: String,
    scope: String,
    enabled: String,
    #[tabled(rename = "next runs")]
    next: String,
}

fn show(ctx: &Context, store: &Store) -> anyhow::Result<ExitCode> {
    let now = Utc::now();
    let mut views = Vec::new();
    for s in store.list_schedules()? {
        let next = s.cron.next_runs(s.timezone, now, 3);
        views.push(view(&s, next.iter().map(|t| t.to_rfc3339()).collect()));
    }
    if ctx.json() {
        output::print_json(&views)?;
        return Ok(ExitCode::Ok);
    }
    let rows = views.iter().map(|v| Row {
        name: v.schedule.name.clone(),
        kind: v.schedule.kind.to_string(),
        cron: v.schedule.cron.to_string(),
        timezone: v.schedule.timezone.to_string(),
        concurrency: v.schedule.concurrency.to_string(),
        scope: v.schedule.scope.to_string(),
        enabled: if v.schedule.enabled {
            "yes".into()
        } else {
            "no".into()
        },
        next: v
            .next_runs
            .iter()
            .filter_map(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.format("%Y-%m-%d %H:%M:%S %:z").to_string())
            .collect::<Vec<_>>()
            .join("\n"),
    });
    output::write_stdout(&output::table(
        rows,
        "no schedules (recommended: syncd schedule set nightly --cron \"0 3 * * *\" --scope full)",
    ))?;
    Ok(ExitCode::Ok)
}

/// A `config` audit row for a CLI change.
/// A config audit row for a schedule change (never fatal: the change itself is done).
pub(crate) fn audit_config(
    store: &Store,
    actor: &str,
    action: &str,
    target: &str,
    details: serde_json::Value,
) {
    let mut event = crate::audit::AuditEvent::cli_config(actor, action, Some(target));
    if !details.is_null() {
        event = event.with_details(details);
    }
    if let Err(e) = store.record_audit(&event) {
        tracing::warn!(error = %e, "cannot write audit row");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::args::{ConcurrencyArg, ScopeArg, WebhookCommand, WebhookSecretCommand};
    use crate::error::exit_code_for;

    fn ctx(dir: &std::path::Path) -> Context {
        Context {
            settings: crate::config::Settings::default(),
            config_path: None,
            data_dir: dir.to_path_buf(),
            db_path: dir.join("db"),
            output: crate::output::Format::Json,
            actor: "tester".into(),
            interactive: false,
        }
    }

    fn set(cron: &str, tz: Option<&str>) -> ScheduleCommand {
        ScheduleCommand::Set {
            name: Some("nightly".into()),
            cron: cron.into(),
            timezone: tz.map(str::to_string),
            concurrency: Some(ConcurrencyArg::Queue),
            scope: Some(ScopeArg::Full),
            kind: None,
        }
    }

    #[test]
    fn set_validates_and_toggles() {
        let tmp = tempfile::tempdir().unwrap();
        let ctx = ctx(tmp.path());
        let e = run(&ctx, set("x", None)).unwrap_err();
        assert_eq!(exit_code_for(&e), ExitCode::Usage);
        assert!(
            e.to_string().starts_with("invalid cron expression `x`: "),
            "{e}"
        );
        let e = run(&ctx, set("0 3 * * *", Some("Mars/Base"))).unwrap_err();
        assert_eq!(exit_code_for(&e), ExitCode::Usage);
        assert_eq!(e.to_string(), "unknown timezone `Mars/Base`");
        assert_eq!(
            run(&ctx, set("0 3 * * *", Some("Europe/Berlin"))).unwrap(),
            ExitCode::Ok
        );
        let store = ctx.open_store().unwrap();
        let s = store.get_schedule("nightly").unwrap().unwrap();
        assert_eq!(
            (
                s.cron.as_str(),
                s.timezone.name(),
                s.concurrency.as_str(),
                s.scope.as_str(),
                s.enabled
            ),
            ("0 3 * * *", "Europe/Berlin", "queue", "full", true)
        );
        run(
            &ctx,
            ScheduleCommand::Disable {
                name: Some("nightly".into()),
            },
        )
        .unwrap();
        assert!(!store.get_schedule("nightly").unwrap().unwrap().enabled);
        // Changing the cron keeps the timezone and the disabled state.
        run(
            &ctx,
            ScheduleCommand::Set {
                name: Some("nightly".into()),
                cron: "0 4 * * *".into(),
                timezone: None,
                concurrency: None,
                scope: None,
                kind: None,
            },
        )
        .unwrap();
        let s = store.get_schedule("nightly").unwrap().unwrap();
        assert_eq!(
            (
                s.cron.as_str(),
                s.timezone.name(),
                s.scope.as_str(),
                s.enabled
            ),
            ("0 4 * * *", "Europe/Berlin", "full", false)
        );
        assert_eq!(run(&ctx, ScheduleCommand::Show).unwrap(), ExitCode::Ok);
        let e = run(&ctx, ScheduleCommand::Enable { name: None }).unwrap_err();
        assert_eq!(exit_code_for(&e), ExitCode::Usage);
        run(
            &ctx,
            ScheduleCommand::Remove {
                name: "nightly".into(),
            },
        )
        .unwrap();
        assert!(store.list_schedules().unwrap().is_empty());
        let audit: i64 = store
            .raw()
            .query_row(
                "SELECT count(*) FROM audit_log WHERE category = 'config' AND actor = 'tester'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(audit, 4);
    }

    #[test]
    fn webhook_secrets_are_encrypted_and_loadable() {
        use secrecy::ExposeSecret;
        let tmp = tempfile::tempdir().unwrap();
        let ctx = ctx(tmp.path());
        let identity = age::x25519::Identity::generate();
        std::fs::write(
            tmp.path().join("identity.txt"),
            format!("# test\n{}\n", identity.to_string().expose_secret()),
        )
        .unwrap();
        let file = tmp.path().join("token");
        std::fs::write(&file, "s3cr3t-t0k3n-long-enough\n").unwrap();
        let add = |name: &str| {
            WebhookCommand::Secret(WebhookSecretCommand::Add {
                name: Some(name.into()),
                secret_file: Some(file.clone()),
                secret_stdin: false,
            })
        };
        crate::cli::webhook::run(&ctx, add("one")).unwrap();
        assert!(crate::cli::webhook::run(&ctx, add("one")).is_err());
        let store = ctx.open_store().unwrap();
        let ct = store.active_webhook_secret_ciphertexts().unwrap();
        assert_eq!(ct.len(), 1);
        assert!(!ct[0].windows(8).any(|w| w == b"s3cr3t-t"));
        let loader = crate::daemon::age_secret_loader(identity);
        assert_eq!(
            loader(&store).unwrap().signing,
            vec![b"s3cr3t-t0k3n-long-enough".to_vec()]
        );
        std::fs::write(&file, "short\n").unwrap();
        let e = crate::cli::webhook::run(&ctx, add("two")).unwrap_err();
        assert_eq!(exit_code_for(&e), ExitCode::Usage);
        crate::cli::webhook::run(&ctx, WebhookCommand::Secret(WebhookSecretCommand::List)).unwrap();
        crate::cli::webhook::run(
            &ctx,
            WebhookCommand::Secret(WebhookSecretCommand::Remove { id: "one".into() }),
        )
        .unwrap();
        assert!(store.list_webhook_secrets().unwrap().is_empty());
    }
}
