//! Build API clients for stored connectors: decrypt the token, pick the timeout.

use super::Context;
use crate::http::RetryPolicy;
use crate::kimai::KimaiClient;
use crate::secrets::LoadedIdentity;
use crate::store::ConnectorRow;
use crate::zammad::ZammadClient;
use std::time::Duration;

fn timeout(ctx: &Context, row: &ConnectorRow) -> Duration {
    Duration::from_secs(
        row.settings
            .timeout_secs
            .unwrap_or(ctx.settings.sync.timeout_secs),
    )
}

/// `sync.retries` attempts; `connector test` wants fast answers and uses none.
fn retry(ctx: &Context) -> RetryPolicy {
    RetryPolicy {
        attempts: ctx.settings.sync.retries.max(1),
        ..RetryPolicy::default()
    }
}

pub fn zammad(
    ctx: &Context,
    identity: &LoadedIdentity,
    row: &ConnectorRow,
) -> anyhow::Result<ZammadClient> {
    let token = identity.decrypt_connector_token(&row.name, &row.token_ciphertext)?;
    Ok(ZammadClient::new(&row.base_url, token, timeout(ctx, row))?.with_retry_policy(retry(ctx)))
}

pub fn kimai(
    ctx: &Context,
    identity: &LoadedIdentity,
    row: &ConnectorRow,
) -> anyhow::Result<KimaiClient> {
    let token = identity.decrypt_connector_token(&row.name, &row.token_ciphertext)?;
    Ok(KimaiClient::new(&row.base_url, token, timeout(ctx, row))?.with_retry_policy(retry(ctx)))
}
