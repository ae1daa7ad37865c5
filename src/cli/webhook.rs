//! `syncd webhook secret add|list|remove`: secrets for `X-Hub-Signature` checks, and
//! `syncd webhook credential add|list|remove`: Basic passwords / Bearer tokens for the
//! optional `Authorization` check. Stored age-encrypted; several may be active at once, for
//! rotation.

use super::Context;
use super::args::{WebhookCommand, WebhookSecretCommand};
use super::schedule::audit_config;
use crate::error::{Error, ExitCode};
use crate::output;
use crate::store::webhooks::WebhookKeyPurpose as P;
use anyhow::Context as _;
use std::io::BufRead;
use std::path::PathBuf;

pub(crate) fn run(ctx: &Context, cmd: WebhookCommand) -> anyhow::Result<ExitCode> {
    let (purpose, cmd) = match cmd {
        WebhookCommand::Secret(c) => (P::Signature, c),
        WebhookCommand::Credential(c) => (P::Credential, c),
        WebhookCommand::Install(args) => return super::webhook_install::run(ctx, args),
    };
    let (noun, action) = match purpose {
        P::Signature => ("secret", "webhook_secret"),
        P::Credential => ("credential", "webhook_credential"),
    };
    let store = ctx.open_store()?;
    match cmd {
        WebhookSecretCommand::Add {
            name,
            secret_file,
            secret_stdin,
        } => {
            let secret = read_secret(ctx, secret_file.as_ref(), secret_stdin, purpose)?;
            if secret.len() < 16 {
                return Err(Error::usage(format!("webhook {noun} too short: use at least 16 characters (e.g. `openssl rand -hex 32`)")).into());
            }
            let identity = load_identity(ctx)?;
            let ciphertext = age::encrypt(&identity.to_public(), secret.as_bytes())
                .context("cannot encrypt the secret")?;
            let name = name
                .unwrap_or_else(|| format!("{noun}-{}", chrono::Utc::now().format("%Y%m%d%H%M%S")));
            let id = store.add_webhook_key(purpose, &name, &ciphertext)?;
            audit_config(
                &store,
                &ctx.actor,
                &format!("{action}.add"),
                &name,
                serde_json::json!({"id": id}),
            );
            if ctx.json() {
                output::print_json(&serde_json::json!({"id": id, "name": name}))?;
            } else {
                output::write_stdout(&format!(
                    "webhook {noun} `{name}` added (id {id}); the daemon picks it up within seconds"
                ))?;
            }
        }
        WebhookSecretCommand::List => {
            let list = store.list_webhook_keys(purpose)?;
            if ctx.json() {
                output::print_json(&list)?;
            } else {
                #[derive(tabled::Tabled)]
                struct Row {
                    id: i64,
                    name: String,
                    active: String,
                    created: String,
                }
                let rows = list.into_iter().map(|s| Row {
                    id: s.id,
                    name: s.name,
                    active: if s.active { "yes".into() } else { "no".into() },
                    created: s.created_at,
                });
                output::write_stdout(&output::table(
                    rows,
                    &format!("no webhook {noun}s (add one: syncd webhook {noun} add)"),
                ))?;
            }
        }
        WebhookSecretCommand::Remove { id } => {
            let Some(name) = store.remove_webhook_key(purpose, &id)? else {
                return Err(
                    Error::usage(format!("no webhook {noun} with id or name `{id}`")).into(),
                );
            };
            audit_config(
                &store,
                &ctx.actor,
                &format!("{action}.remove"),
                &name,
                serde_json::Value::Null,
            );
            output::write_stdout(&format!("webhook {noun} `{name}` removed"))?;
        }
    }
    Ok(ExitCode::Ok)
}

fn read_secret(
    ctx: &Context,
    file: Option<&PathBuf>,
    stdin: bool,
    purpose: P,
) -> anyhow::Result<String> {
    let line = if let Some(path) = file {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        text.lines().next().unwrap_or_default().to_string()
    } else if stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        line
    } else if ctx.interactive {
        dialoguer::Password::new()
            .with_prompt(match purpose {
                P::Signature => "Webhook signature token",
                P::Credential => {
                    "Webhook Authorization credential (Basic password or Bearer token)"
                }
            })
            .interact()?
    } else {
        return Err(Error::usage("no secret given: use --secret-file FILE or --secret-stdin (no prompt without a terminal)").into());
    };
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

/// The age identity: systemd credential `syncd-identity`, else `identity_file`, else
/// `<data_dir>/identity.txt`.
/// The age identity, found along the same chain as for connector tokens.
pub(crate) fn load_identity(ctx: &Context) -> anyhow::Result<age::x25519::Identity> {
    Ok(ctx.load_identity()?.identity)
}
