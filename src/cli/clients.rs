//! Build API clients for stored connectors: decrypt the token, pick the timeout.

use super::Context;
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

pub fn zammad(
    ctx: &Context,
    identity: &LoadedIdentity,
    row: &ConnectorRow,
) -> anyhow::Result<ZammadClient> {
    let token = identity.decrypt_connector_token(&row.name, &row.token_ciphertext)?;
    Ok(ZammadClient::new(&row.base_url, token, timeout(ctx, row))?)
}

pub fn kimai(
    ctx: &Context,
    identity: &LoadedIdentity,
    row: &ConnectorRow,
) -> anyhow::Result<KimaiClient> {
    let token = identity.decrypt_connector_token(&row.name, &row.token_ciphertext)?;
    Ok(KimaiClient::new(&row.base_url, token, timeout(ctx, row))?)
}
