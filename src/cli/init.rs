//! `syncd init`: config file (if absent), data dir, store, age identity. Safe to re-run:
//! existing files are kept.

use super::args::{GlobalArgs, InitArgs};
use super::context::env_var;
use crate::error::ExitCode;
use crate::output;
use anyhow::Context as _;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The commented default config, identical to `config.example.yaml`.
pub(super) const DEFAULT_CONFIG: &str = include_str!("../../config.example.yaml");

#[derive(Serialize)]
struct InitReport {
    config_file: PathBuf,
    config_created: bool,
    data_dir: PathBuf,
    database: PathBuf,
    identity_source: String,
    identity_created: bool,
    recipient: String,
}

pub(super) fn run(global: &GlobalArgs, args: InitArgs) -> anyhow::Result<ExitCode> {
    // Write the config first (when none exists), so the context below reads it.
    let explicit = global
        .config
        .clone()
        .or_else(|| env_var("SYNCD_CONFIG").map(PathBuf::from));
    let target = match &explicit {
        Some(p) => p.clone(),
        None => crate::config::load(None, &env_var)
            .map(|l| l.path.unwrap_or(l.write_path))
            .unwrap_or_else(|_| crate::config::default_config_path(&env_var)),
    };
    let config_created = !target.exists();
    if config_created {
        write_config(&target, &config_text(&args)?)?;
    } else if args.data_dir.is_some() || args.identity_file.is_some() {
        return Err(crate::error::Error::usage(format!(
            "--data-dir and --identity-file only shape a new config file; {} exists: set `data_dir` / `identity_file` in it",
            target.display()
        ))
        .into());
    }
    let mut global = global.clone();
    global.config = Some(target.clone());
    let ctx = super::resolve_context(&global)?;

    crate::store::create_private_dir(&ctx.data_dir)?;
    let store = ctx.open_store()?;

    let (loaded, identity_created) =
        match crate::secrets::find_identity(&env_var, &ctx.identity_file())? {
            Some(found) => (found, false),
            None => {
                let path = ctx.identity_file();
                let identity = crate::secrets::create_identity_file(&path)?;
                let source = crate::secrets::IdentitySource::File(path);
                (crate::secrets::LoadedIdentity { identity, source }, true)
            }
        };

    let report = InitReport {
        config_file: target,
        config_created,
        data_dir: ctx.data_dir.clone(),
        database: ctx.db_path.clone(),
        identity_source: loaded.source.to_string(),
        identity_created,
        recipient: loaded.recipient().to_string(),
    };
    if config_created || identity_created {
        ctx.audit_config(
            &store,
            "init",
            None,
            serde_json::json!({
                "config_file": report.config_file,
                "config_created": config_created,
                "identity_created": identity_created,
                "identity_source": report.identity_source,
            }),
        )?;
    }
    output::emit(ctx.output, &report, || {
        let state = |created: bool| if created { "created" } else { "exists" };
        output::key_values(&[
            (
                "config",
                format!(
                    "{} ({})",
                    report.config_file.display(),
                    state(config_created)
                ),
            ),
            ("data dir", report.data_dir.display().to_string()),
            ("store", report.database.display().to_string()),
            (
                "identity",
                format!("{} ({})", report.identity_source, state(identity_created)),
            ),
            ("recipient", report.recipient.clone()),
        ]) + "\nnext: syncd connector add zammad --name NAME --url URL --time-unit minute --token-file FILE"
    })?;
    Ok(ExitCode::Ok)
}

/// The commented default config, with `--data-dir` / `--identity-file` set in it.
fn config_text(args: &InitArgs) -> anyhow::Result<String> {
    let mut text = DEFAULT_CONFIG.to_string();
    for (key, value) in [
        ("data_dir", &args.data_dir),
        ("identity_file", &args.identity_file),
    ] {
        let Some(v) = value else { continue };
        if !v.is_absolute() {
            return Err(crate::error::Error::usage(format!(
                "--{}: `{}` is not an absolute path",
                key.replace('_', "-"),
                v.display()
            ))
            .into());
        }
        let value = serde_json::to_string(&v.display().to_string())?;
        let commented = text
            .lines()
            .find(|l| l.starts_with(&format!("# {key}: ")))
            .map(str::to_string);
        match commented {
            Some(line) => text = text.replacen(&line, &format!("{key}: {value}"), 1),
            None => text.push_str(&format!("\n{key}: {value}\n")),
        }
    }
    Ok(text)
}

fn write_config(path: &Path, text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create directory {}", dir.display()))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("cannot create config file {}", path.display()))?;
    file.write_all(text.as_bytes())
        .with_context(|| format!("cannot write config file {}", path.display()))?;
    // Group-readable: `syncd serve` under systemd reads it as the service user, whose group
    // owns /etc/syncd (setgid, see contrib/syncd.service). It holds no secret by default;
    // others never read it.
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o640))
        .with_context(|| format!("cannot set permissions on {}", path.display()))
}
