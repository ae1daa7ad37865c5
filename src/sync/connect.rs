//! From stored connectors to ready clients: pick the pair, decrypt tokens, build clients.

use super::SyncEnv;
use super::marker;
use super::units::TimeUnit;
use crate::config::Settings;
use crate::error::Error;
use crate::http::RetryPolicy;
use crate::ids::ConnectorId;
use crate::kimai::KimaiClient;
use crate::secrets::LoadedIdentity;
use crate::store::connectors::{ConnectorKind, ConnectorRow};
use crate::store::{Pair, Store};
use crate::zammad::ZammadClient;
use std::sync::Arc;
use std::time::Duration;

/// What to tell an admin whose Kimai token may not list users (no `view_user`).
pub(crate) const MAP_AGENTS_BY_HAND: &str = "Kimai does not let this token list users (permission view_user, \
only ROLE_SUPER_ADMIN has it as shipped): agents cannot be matched by email, so map each agent by hand: \
syncd mapping add user --source <agent email or id> --target <Kimai user id or username>; \
until then their entries wait as unmapped-user conflicts";

/// A connector pair, ready to sync.
pub struct Connected {
    pub pair: Pair,
    pub zammad_name: String,
    pub kimai_name: String,
    pub zammad: Arc<ZammadClient>,
    pub kimai: Arc<KimaiClient>,
    pub zammad_url: String,
    pub marker_key: String,
    pub unit: TimeUnit,
}

/// The connector of `kind` named `name`, or the only one of that kind; usage and config
/// errors that say what to pass otherwise.
pub(crate) fn pick(
    all: &[ConnectorRow],
    kind: ConnectorKind,
    name: Option<&str>,
) -> anyhow::Result<ConnectorRow> {
    let label = match kind {
        ConnectorKind::Zammad => "Zammad",
        ConnectorKind::Kimai => "Kimai",
    };
    let flag = match kind {
        ConnectorKind::Zammad => "--zammad",
        ConnectorKind::Kimai => "--kimai",
    };
    let of_kind: Vec<&ConnectorRow> = all.iter().filter(|c| c.kind == kind).collect();
    if let Some(name) = name {
        return of_kind
            .iter()
            .find(|c| c.name == name)
            .map(|c| (*c).clone())
            .ok_or_else(|| {
                Error::usage(format!(
                    "no {label} connector named `{name}` (see `syncd connector list`)"
                ))
                .into()
            });
    }
    match of_kind.as_slice() {
        [] => Err(Error::config(format!(
            "no {label} connector is configured; add one with `syncd connector add {}`",
            label.to_lowercase()
        ))
        .into()),
        [one] => Ok((*one).clone()),
        many => Err(Error::usage(format!(
            "{} {label} connectors are configured ({}); choose one with {flag} NAME",
            many.len(),
            many.iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .into()),
    }
}

/// The pair named (or the only one of each kind), with clients.
pub(crate) fn connect(
    store: &Store,
    env: &SyncEnv,
    zammad: Option<&str>,
    kimai: Option<&str>,
) -> anyhow::Result<Connected> {
    let all = store.list_connectors()?;
    let z = pick(&all, ConnectorKind::Zammad, zammad)?;
    let k = pick(&all, ConnectorKind::Kimai, kimai)?;
    build(env, z, k)
}

/// The pair by connector ids (conflicts remember theirs).
pub(crate) fn connect_ids(
    store: &Store,
    env: &SyncEnv,
    zammad: ConnectorId,
    kimai: ConnectorId,
) -> anyhow::Result<Connected> {
    let all = store.list_connectors()?;
    let find = |id: ConnectorId| {
        all.iter()
            .find(|c| c.id == id)
            .cloned()
            .ok_or_else(|| anyhow::anyhow!("connector {id} no longer exists"))
    };
    build(env, find(zammad)?, find(kimai)?)
}

/// A connector whose URL or token cannot make a client is a configuration problem; a token
/// that does not decrypt keeps its own error.
fn as_config(e: anyhow::Error, connector: &str) -> anyhow::Error {
    match e.downcast_ref::<crate::http::ApiError>() {
        Some(api) => Error::config(format!("connector {connector}: {api}")).into(),
        None => e,
    }
}

/// A connector's timeout: its own setting, else `sync.timeout_secs`.
fn timeout(settings: &Settings, row: &ConnectorRow) -> Duration {
    match row.settings.timeout_secs {
        Some(secs) => Duration::from_secs(secs.max(1)),
        None => settings.sync.timeout,
    }
}

/// `sync.retries` attempts for idempotent requests.
fn retry(settings: &Settings) -> RetryPolicy {
    RetryPolicy {
        attempts: settings.sync.retries.max(1),
        ..RetryPolicy::default()
    }
}

/// A Zammad client for a stored connector (token decrypted here, never stored elsewhere).
pub(crate) fn zammad_client(
    settings: &Settings,
    identity: &LoadedIdentity,
    row: &ConnectorRow,
) -> anyhow::Result<ZammadClient> {
    let token = identity.decrypt_connector_token(&row.name, &row.token_ciphertext)?;
    Ok(
        ZammadClient::new(&row.base_url, token, timeout(settings, row))?
            .with_retry_policy(retry(settings)),
    )
}

/// A Kimai client for a stored connector.
pub(crate) fn kimai_client(
    settings: &Settings,
    identity: &LoadedIdentity,
    row: &ConnectorRow,
) -> anyhow::Result<KimaiClient> {
    let token = identity.decrypt_connector_token(&row.name, &row.token_ciphertext)?;
    Ok(
        KimaiClient::new(&row.base_url, token, timeout(settings, row))?
            .with_retry_policy(retry(settings)),
    )
}

fn build(env: &SyncEnv, z: ConnectorRow, k: ConnectorRow) -> anyhow::Result<Connected> {
    let identity_file = env
        .settings
        .identity_file
        .clone()
        .unwrap_or_else(|| env.data_dir.join("identity.txt"));
    let identity = crate::secrets::load_identity(&|k: &str| std::env::var(k).ok(), &identity_file)?;
    let unit: TimeUnit = z
        .settings
        .time_unit
        .as_deref()
        .unwrap_or("minute")
        .parse()
        .map_err(|e: String| Error::config(format!("connector {}: {e}", z.name)))?;
    let zammad = zammad_client(&env.settings, &identity, &z).map_err(|e| as_config(e, &z.name))?;
    let kimai = kimai_client(&env.settings, &identity, &k).map_err(|e| as_config(e, &k.name))?;
    Ok(Connected {
        pair: Pair {
            zammad: z.id,
            kimai: k.id,
        },
        marker_key: z
            .settings
            .marker_key
            .clone()
            .unwrap_or_else(|| marker::marker_key_for_url(&z.base_url)),
        zammad_url: z.base_url.clone(),
        zammad_name: z.name,
        kimai_name: k.name,
        zammad: Arc::new(zammad),
        kimai: Arc::new(kimai),
        unit,
    })
}
