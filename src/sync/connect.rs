//! From stored connectors to ready clients: pick the pair, decrypt tokens, build clients.

use super::SyncEnv;
use super::marker;
use super::units::TimeUnit;
use crate::error::Error;
use crate::ids::ConnectorId;
use crate::kimai::KimaiClient;
use crate::store::connectors::{ConnectorKind, ConnectorRow};
use crate::store::{Pair, Store};
use crate::zammad::ZammadClient;
use std::sync::Arc;
use std::time::Duration;

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

fn pick(
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
pub fn connect(
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
pub fn connect_ids(
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

fn build(env: &SyncEnv, z: ConnectorRow, k: ConnectorRow) -> anyhow::Result<Connected> {
    crate::http::install_tls_provider();
    let identity_file = env
        .settings
        .identity_file
        .clone()
        .unwrap_or_else(|| env.data_dir.join("identity.txt"));
    let identity = crate::secrets::load_identity(&|k: &str| std::env::var(k).ok(), &identity_file)?;
    let timeout = |c: &ConnectorRow| {
        Duration::from_secs(
            c.settings
                .timeout_secs
                .unwrap_or(env.settings.sync.timeout_secs)
                .max(1),
        )
    };
    let z_token = identity.decrypt_connector_token(&z.name, &z.token_ciphertext)?;
    let k_token = identity.decrypt_connector_token(&k.name, &k.token_ciphertext)?;
    let unit: TimeUnit = z
        .settings
        .time_unit
        .as_deref()
        .unwrap_or("minute")
        .parse()
        .map_err(|e: String| Error::config(format!("connector {}: {e}", z.name)))?;
    let retry = crate::http::RetryPolicy {
        attempts: env.settings.sync.retries.max(1),
        ..crate::http::RetryPolicy::default()
    };
    let zammad = ZammadClient::new(&z.base_url, z_token, timeout(&z))
        .map_err(|e| Error::config(format!("connector {}: {e}", z.name)))?
        .with_retry_policy(retry);
    let kimai = KimaiClient::new(&k.base_url, k_token, timeout(&k))
        .map_err(|e| Error::config(format!("connector {}: {e}", k.name)))?
        .with_retry_policy(retry);
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
