//! `syncd webhook install`: syncd's webhook and trigger in Zammad, set up through its API.
//! Reads both lists, lets `zammad::install::plan` decide, then writes only what differs.
//!
//! A new signature token goes to the store first (encrypted, as a webhook secret) and to
//! Zammad second, so the daemon already accepts deliveries signed with it; older secrets
//! of this install are removed last. The token is never printed, logged or put in argv.

use super::Context;
use super::args::WebhookInstallArgs;
use crate::error::{Error, ExitCode};
use crate::http::{ApiError, ApiErrorKind};
use crate::output;
use crate::store::{ConnectorKind, ConnectorRow, Store};
use crate::zammad::install::{self, Desired, NewToken, Plan, Step};
use anyhow::Context as _;
use secrecy::{ExposeSecret, SecretString};

pub(super) fn run(ctx: &Context, a: WebhookInstallArgs) -> anyhow::Result<ExitCode> {
    let url = check_url(&a.url)?;
    let name = a.name.trim().to_string();
    if name.is_empty() {
        return Err(Error::usage("--name must not be empty").into());
    }
    let store = ctx.open_store()?;
    let row = crate::sync::connect::pick(
        &store.list_connectors()?,
        ConnectorKind::Zammad,
        a.zammad.as_deref(),
    )?;
    let identity = ctx.load_identity()?;
    let client = super::clients::zammad(ctx, &identity, &row)?;
    let want = Desired { name, url };
    let (webhooks, triggers) = ctx
        .block_on(async { tokio::try_join!(client.webhooks(), client.triggers()) })
        .map_err(|e| refused(e, &row, "read its webhooks and triggers"))?;
    let prefix = secret_prefix(&row.name, &want.name);
    let stored: Vec<String> = store
        .list_webhook_secrets()?
        .into_iter()
        .map(|s| s.name)
        .filter(|n| n.starts_with(&prefix))
        .collect();
    let plan = install::plan(
        &webhooks,
        &triggers,
        &want,
        !stored.is_empty(),
        a.rotate_token,
    )?;
    warn_about_setup(ctx, &want.url);

    if a.dry_run || !plan.writes() {
        let report = Report::planned(&row, &want, &plan, a.dry_run);
        output::emit(ctx.output, &report, || report.human())?;
        return Ok(ExitCode::Ok);
    }

    let new_secret = match plan.new_token {
        Some(_) => Some(store_new_secret(&store, &identity, &prefix)?),
        None => None,
    };
    let token = new_secret.as_ref().map(|(_, t)| t.expose_secret());
    let webhook = ctx.block_on(async {
        match &plan.webhook {
            Step::Create => client
                .create_webhook(&want.webhook_body(token))
                .await
                .map(|w| w.id),
            Step::Update { id, .. } => {
                let body = want.webhook_body(token);
                client.update_webhook(*id, &body).await.map(|w| w.id)
            }
            Step::Unchanged { id } => Ok(*id),
        }
    });
    let webhook_id = match webhook {
        Ok(id) => id,
        Err(e) => {
            // Zammad kept its old token (or has no webhook): the new secret signs nothing.
            if let Some((secret_name, _)) = &new_secret {
                store.remove_webhook_secret(secret_name)?;
            }
            return Err(refused(e, &row, "save the webhook"));
        }
    };
    let trigger = ctx.block_on(async {
        match &plan.trigger {
            Step::Create => client
                .create_trigger(&want.trigger_body(webhook_id))
                .await
                .map(|t| t.id),
            Step::Update { id, .. } => client
                .update_trigger(*id, &want.trigger_body(webhook_id))
                .await
                .map(|t| t.id),
            Step::Unchanged { id } => Ok(*id),
        }
    });
    let trigger_id = trigger.map_err(|e| {
        refused(e, &row, "save the trigger").context(format!(
            "the webhook `{}` (id {}) is saved, the trigger is not; run the command again",
            want.name, webhook_id
        ))
    })?;
    // The new token is in Zammad now: older secrets of this install sign nothing.
    let mut removed = Vec::new();
    if let Some((secret_name, _)) = &new_secret {
        for old in stored.iter().filter(|n| *n != secret_name) {
            if store.remove_webhook_secret(old)?.is_some() {
                removed.push(old.clone());
            }
        }
    }
    let mut report = Report::planned(&row, &want, &plan, false);
    report.webhook.id = Some(webhook_id);
    report.trigger.id = Some(trigger_id);
    report.secret = new_secret.as_ref().map(|(n, _)| n.clone());
    report.removed_secrets = removed;
    ctx.audit_config(
        &store,
        "webhook.install",
        Some(&format!("{}/{}", row.name, want.name)),
        serde_json::to_value(&report)?,
    )?;
    output::emit(ctx.output, &report, || report.human())?;
    Ok(ExitCode::Ok)
}

/// An http(s) URL with a host and no credentials (Zammad ignores those in the endpoint).
fn check_url(raw: &str) -> anyhow::Result<String> {
    let raw = raw.trim();
    let bad = |why: &str| -> anyhow::Error {
        Error::usage(format!(
            "invalid --url `{raw}`: {why}; give the daemon's public URL, e.g. https://syncd.example.com/webhooks/zammad"
        ))
        .into()
    };
    crate::http::http_url(raw).map_err(|fault| match fault {
        crate::http::UrlFault::Credentials => bad(&format!(
            "{fault}: Zammad ignores credentials in the endpoint; the signature authenticates deliveries"
        )),
        _ => bad(&fault.to_string()),
    })?;
    Ok(raw.to_string())
}

/// Things that would make deliveries fail although the install succeeded.
fn warn_about_setup(ctx: &Context, url: &str) {
    let path = url::Url::parse(url)
        .map(|u| u.path().to_string())
        .unwrap_or_default();
    if !path.ends_with("/webhooks/zammad") {
        tracing::warn!(
            "--url does not end in /webhooks/zammad, the daemon's webhook path; fine behind a proxy that maps it"
        );
    }
    if url.starts_with("http://") {
        tracing::warn!(
            "--url is plain http: payloads cross the network unencrypted (the signature still authenticates them)"
        );
    }
    let d = &ctx.settings.daemon;
    if d.webhook_require_bearer || d.webhook_basic_user.is_some() {
        tracing::warn!(
            "the daemon also requires an Authorization header (daemon.webhook_require_bearer / webhook_basic_user); \
             set it on the webhook in Zammad, or deliveries are refused"
        );
    }
}

/// Secrets of one install are named `<prefix><time>`.
fn secret_prefix(connector: &str, name: &str) -> String {
    format!("zammad-install/{connector}/{name}@")
}

/// 32 random bytes as hex, encrypted into the store; returns its name and the token.
fn store_new_secret(
    store: &Store,
    identity: &crate::secrets::LoadedIdentity,
    prefix: &str,
) -> anyhow::Result<(String, SecretString)> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).context("cannot read random bytes from the system")?;
    let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let ciphertext = age::encrypt(&identity.identity.to_public(), token.as_bytes())
        .context("cannot encrypt the new signature token")?;
    let name = format!(
        "{prefix}{}",
        chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S%.3fZ")
    );
    store.add_webhook_secret(&name, &ciphertext)?;
    Ok((name, SecretString::from(token)))
}

/// An API failure in words an admin can act on.
fn refused(e: ApiError, row: &ConnectorRow, what: &str) -> anyhow::Error {
    let at = format!("Zammad connector `{}` ({})", row.name, row.base_url);
    match &e.kind {
        ApiErrorKind::Forbidden => Error::config(format!(
            "the Zammad token needs admin.webhook and admin.trigger to install the webhook; \
             {at} answered 403 when asked to {what}. Give the token's user a role with both \
             permissions (or `admin`) in Zammad (Manage → Roles), then run the command again"
        ))
        .into(),
        ApiErrorKind::Unauthorized => Error::config(format!(
            "{at} rejected the token ({e}); replace it with `syncd connector edit {} --token-prompt`",
            row.name
        ))
        .into(),
        ApiErrorKind::Validation(_) | ApiErrorKind::BadRequest => {
            Error::config(format!("{at} refused to {what}: {}", e.message)).into()
        }
        _ => anyhow::Error::new(e).context(format!("{at}: cannot {what}")),
    }
}

/// What install did or would do, for people and `--output json`. Never a secret's value.
#[derive(Debug, serde::Serialize)]
struct Report {
    zammad: String,
    url: String,
    dry_run: bool,
    webhook: Item,
    trigger: Item,
    /// Why a new signature token is (or would be) set.
    new_token: Option<NewToken>,
    /// The webhook secret that holds the new token.
    secret: Option<String>,
    removed_secrets: Vec<String>,
}

#[derive(Debug, serde::Serialize)]
struct Item {
    name: String,
    id: Option<i64>,
    /// create, update or unchanged.
    action: &'static str,
    changes: Vec<String>,
    #[serde(skip)]
    step: Step,
}

impl Report {
    fn planned(row: &ConnectorRow, want: &Desired, plan: &Plan, dry_run: bool) -> Report {
        let item = |step: &Step| Item {
            name: want.name.clone(),
            id: step.id(),
            action: match step {
                Step::Create => "create",
                Step::Update { .. } => "update",
                Step::Unchanged { .. } => "unchanged",
            },
            changes: match step {
                Step::Update { changes, .. } => changes.clone(),
                _ => Vec::new(),
            },
            step: step.clone(),
        };
        Report {
            zammad: row.name.clone(),
            url: want.url.clone(),
            dry_run,
            webhook: item(&plan.webhook),
            trigger: item(&plan.trigger),
            new_token: plan.new_token,
            secret: None,
            removed_secrets: Vec::new(),
        }
    }

    fn human(&self) -> String {
        let verb = |step: &Step| match (step, self.dry_run) {
            (Step::Create, true) => "would be created".to_string(),
            (Step::Create, false) => "created".to_string(),
            (Step::Update { changes, .. }, true) => {
                format!("would be updated ({})", changes.join("; "))
            }
            (Step::Update { changes, .. }, false) => format!("updated ({})", changes.join("; ")),
            (Step::Unchanged { .. }, _) => "up to date".to_string(),
        };
        let id = |i: &Item| i.id.map(|id| format!(" (id {id})")).unwrap_or_default();
        let mut lines = vec![
            format!(
                "webhook `{}`{}: {}\n  POST {}, SSL verified, signed (HMAC-SHA1)",
                self.webhook.name,
                id(&self.webhook),
                verb(&self.webhook.step),
                self.url
            ),
            format!(
                "trigger `{}`{}: {}\n  on ticket updates where the accounted time changed, calls the webhook",
                self.trigger.name,
                id(&self.trigger),
                verb(&self.trigger.step)
            ),
        ];
        match (&self.secret, self.new_token, self.dry_run) {
            (_, Some(_), true) => lines.push(
                "signature token: a new one would be generated and stored as a webhook secret"
                    .into(),
            ),
            (Some(name), _, false) => lines.push(format!(
                "signature token: new, stored as webhook secret `{name}` (the daemon picks it up within seconds)"
            )),
            _ => {}
        }
        for old in &self.removed_secrets {
            lines.push(format!("removed the replaced webhook secret `{old}`"));
        }
        if self.dry_run {
            lines.push(
                "dry run: nothing was written, neither in Zammad nor in syncd's store".into(),
            );
        } else if !self.webhook.step.writes() && !self.trigger.step.writes() {
            lines.push(format!(
                "Zammad connector `{}`: nothing to change",
                self.zammad
            ));
        }
        lines.join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_admins_type() {
        assert!(check_url("https://syncd.example.com/webhooks/zammad").is_ok());
        assert!(check_url("http://127.0.0.1:8787/webhooks/zammad").is_ok());
        for bad in [
            "syncd.example.com/webhooks/zammad",
            "ftp://syncd.example.com/x",
            "https://user:pw@syncd.example.com/webhooks/zammad",
            "https://",
        ] {
            let e = check_url(bad).unwrap_err();
            assert_eq!(crate::error::exit_code_for(&e).code(), 2, "{bad}");
            assert!(e.to_string().contains(bad), "{e}");
        }
    }
}
