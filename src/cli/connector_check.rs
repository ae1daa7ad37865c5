//! `connector add` checks the server and the token before saving (skip with `--no-check`
//! for an offline set-up): one authenticated call each, and for Kimai the API user, whose
//! timezone is kept in the connector's settings.

use super::Context;
use crate::error::Error;
use crate::http::{ApiError, ApiErrorKind, RetryPolicy};
use crate::secrets::LoadedIdentity;
use crate::store::{ConnectorKind, ConnectorRow};

/// What the check found, for the confirmation line.
pub(super) struct Checked {
    pub summary: String,
    pub timezone: Option<String>,
}

/// Call the server as the new connector would; an error that says what to fix otherwise.
pub(super) fn check(
    ctx: &Context,
    identity: &LoadedIdentity,
    row: &ConnectorRow,
) -> anyhow::Result<Checked> {
    let refused = |e: ApiError| -> anyhow::Error {
        let what = format!(
            "{} at {} did not accept connector {}: {e}",
            row.kind, row.base_url, row.name
        );
        let nothing = "nothing was saved";
        match e.kind {
            ApiErrorKind::Unauthorized => Error::config(format!(
                "{what}; {nothing}. The token was rejected: check it and run `syncd connector add {} --name {} …` again",
                row.kind, row.name
            ))
            .into(),
            ApiErrorKind::Forbidden => Error::config(format!(
                "{what}; {nothing}. The token lacks a permission this check needs"
            ))
            .into(),
            _ if e.is_retryable() => Error::retryable(format!(
                "{what}; {nothing}. Check the URL and that the server is up, or pass --no-check \
                 to save it without checking (offline set-up)"
            ))
            .into(),
            _ => Error::config(format!(
                "{what}; {nothing}. Is --url the {} base URL? (pass --no-check to save it anyway)",
                row.kind
            ))
            .into(),
        }
    };
    match row.kind {
        ConnectorKind::Zammad => {
            let client =
                super::clients::zammad(ctx, identity, row)?.with_retry_policy(RetryPolicy::none());
            // An authenticated call: the version needs the token (admins see it).
            let version = ctx.block_on(client.version()).map_err(refused)?;
            ctx.block_on(client.tickets(1, 1)).map_err(refused)?;
            Ok(Checked {
                summary: match version {
                    Some(v) => format!("Zammad {v}, token accepted"),
                    None => "token accepted".into(),
                },
                timezone: None,
            })
        }
        ConnectorKind::Kimai => {
            let client =
                super::clients::kimai(ctx, identity, row)?.with_retry_policy(RetryPolicy::none());
            let version = ctx.block_on(client.version()).map_err(refused)?;
            let me = ctx.block_on(client.me()).map_err(refused)?;
            let timezone = Some(me.timezone.clone()).filter(|t| !t.is_empty());
            Ok(Checked {
                summary: format!(
                    "Kimai {}, API user {}{}",
                    version.version,
                    me.username,
                    timezone
                        .as_ref()
                        .map(|t| format!(" (timezone {t})"))
                        .unwrap_or_default()
                ),
                timezone,
            })
        }
    }
}
