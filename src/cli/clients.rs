//! Build API clients for stored connectors (the same construction the sync engine uses).

use super::Context;
use crate::kimai::KimaiClient;
use crate::secrets::LoadedIdentity;
use crate::store::ConnectorRow;
use crate::sync::connect;
use crate::zammad::ZammadClient;

pub(crate) fn zammad(
    ctx: &Context,
    identity: &LoadedIdentity,
    row: &ConnectorRow,
) -> anyhow::Result<ZammadClient> {
    connect::zammad_client(&ctx.settings, identity, row)
}

pub(crate) fn kimai(
    ctx: &Context,
    identity: &LoadedIdentity,
    row: &ConnectorRow,
) -> anyhow::Result<KimaiClient> {
    connect::kimai_client(&ctx.settings, identity, row)
}
