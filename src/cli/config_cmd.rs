//! `syncd config check | show`.

use super::Context;
use super::args::ConfigCommand;
use crate::error::ExitCode;
use crate::output;

pub(super) fn run(ctx: &Context, cmd: ConfigCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        ConfigCommand::Check => check(ctx),
        ConfigCommand::Show => show(ctx),
    }
}

fn source(ctx: &Context) -> String {
    match &ctx.config_path {
        Some(p) => p.display().to_string(),
        None => "no config file; defaults and environment".to_string(),
    }
}

/// Loading already validated everything; reaching here means the config is good.
fn check(ctx: &Context) -> anyhow::Result<ExitCode> {
    let value = serde_json::json!({ "ok": true, "config_file": ctx.config_path });
    output::emit(ctx.output, &value, || {
        format!("config OK ({})", source(ctx))
    })?;
    Ok(ExitCode::Ok)
}

/// The resolved settings, paths filled in, credentials in URLs masked.
fn show(ctx: &Context) -> anyhow::Result<ExitCode> {
    let mut settings = ctx.settings.clone();
    settings.data_dir = Some(ctx.data_dir.clone());
    settings.database = Some(ctx.db_path.clone());
    settings.identity_file = Some(ctx.identity_file());
    settings.notify.url = settings.notify.url.map(mask_url);
    if settings.daemon.metrics_token.is_some() {
        settings.daemon.metrics_token = Some("***".into());
    }
    match ctx.output {
        output::Format::Json => output::print_json(&settings)?,
        output::Format::Table => {
            output::write_stdout(&format!("# config file: {}", source(ctx)))?;
            output::print_yaml(&settings)?;
        }
    }
    Ok(ExitCode::Ok)
}

/// `https://user:pw@host/x?token=abc` → password and query masked.
fn mask_url(mut u: url::Url) -> url::Url {
    if u.password().is_some() {
        let _ = u.set_password(Some("***"));
    }
    if u.query().is_some() {
        u.set_query(Some("***"));
    }
    u
}
