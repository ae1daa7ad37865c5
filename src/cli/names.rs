//! Names for the ids people see (Kimai customers, projects, activities and users; Zammad
//! types, organizations, agents and tickets): from stored mappings and the name cache
//! first, then read live from the server for what is still missing (and cached). A server
//! that cannot be reached leaves the ids as they are: names help, they never block.

use crate::ids::ConnectorId;
use crate::kimai::KimaiClient;
use crate::store::{MappingFilter, MappingKind, Store};
use crate::zammad::ZammadClient;
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    KimaiCustomer,
    KimaiProject,
    KimaiActivity,
    KimaiUser,
    ZammadType,
    ZammadOrganization,
    ZammadUser,
    ZammadTicket,
}

impl Kind {
    /// The cache kind; Zammad's are the ones the sync's enricher writes (JSON records).
    fn cache_kind(self) -> &'static str {
        match self {
            Kind::KimaiCustomer => "kimai-customer-name",
            Kind::KimaiProject => "kimai-project-name",
            Kind::KimaiActivity => "kimai-activity-name",
            Kind::KimaiUser => "kimai-user-name",
            Kind::ZammadType => "type",
            Kind::ZammadOrganization => "organization",
            Kind::ZammadUser => "user",
            Kind::ZammadTicket => "ticket",
        }
    }

    fn is_kimai(self) -> bool {
        matches!(
            self,
            Kind::KimaiCustomer | Kind::KimaiProject | Kind::KimaiActivity | Kind::KimaiUser
        )
    }

    /// The mapping kind whose target (Kimai) or source (Zammad) names this kind.
    fn mapping_kind(self) -> Option<MappingKind> {
        match self {
            Kind::KimaiCustomer | Kind::ZammadOrganization => Some(MappingKind::Customer),
            Kind::KimaiProject => Some(MappingKind::Project),
            Kind::KimaiActivity | Kind::ZammadType => Some(MappingKind::Activity),
            Kind::KimaiUser | Kind::ZammadUser => Some(MappingKind::User),
            Kind::ZammadTicket => None,
        }
    }
}

/// Names found, by kind and id.
#[derive(Debug, Default, Clone)]
pub(crate) struct Names {
    found: HashMap<(Kind, i64), String>,
}

impl Names {
    pub(crate) fn get(&self, kind: Kind, id: i64) -> Option<&str> {
        self.found.get(&(kind, id)).map(String::as_str)
    }

    /// `Support [102]`, or `[102]` when the name is unknown.
    pub(crate) fn label(&self, kind: Kind, id: i64) -> String {
        match self.get(kind, id) {
            Some(n) => format!("{n} [{id}]"),
            None => format!("[{id}]"),
        }
    }

    pub(crate) fn insert(&mut self, kind: Kind, id: i64, name: impl Into<String>) {
        let name = name.into();
        if !name.trim().is_empty() {
            self.found.insert((kind, id), name);
        }
    }

    fn missing<'a>(&'a self, wanted: &'a [(Kind, i64)]) -> impl Iterator<Item = (Kind, i64)> + 'a {
        wanted
            .iter()
            .copied()
            .filter(|k| !self.found.contains_key(k))
    }
}

/// A stored name that only repeats the id (`activity 151`) is no name.
pub(crate) fn is_placeholder(name: &str, id: i64) -> bool {
    let n = name.trim();
    n.is_empty() || n == id.to_string() || n.ends_with(&format!(" {id}"))
}

/// The servers to ask for names still missing; None: stored names only.
#[derive(Default)]
pub(crate) struct Live<'a> {
    pub kimai: Option<(ConnectorId, &'a KimaiClient)>,
    pub zammad: Option<(ConnectorId, &'a ZammadClient)>,
}

/// Names for `wanted`: mappings and cache of the connectors in `live` (or given by id),
/// then the servers.
pub(crate) async fn lookup(
    store: &Store,
    kimai: Option<ConnectorId>,
    zammad: Option<ConnectorId>,
    live: &Live<'_>,
    wanted: &[(Kind, i64)],
) -> Names {
    let mut names = Names::default();
    from_mappings(store, kimai, zammad, wanted, &mut names);
    cached_then_live(store, kimai, zammad, live, wanted, &mut names).await;
    names
}

/// Names that stored mappings carry (Kimai targets, Zammad sources).
fn from_mappings(
    store: &Store,
    kimai: Option<ConnectorId>,
    zammad: Option<ConnectorId>,
    wanted: &[(Kind, i64)],
    names: &mut Names,
) {
    let mappings = store
        .list_mappings(&MappingFilter {
            kimai_connector_id: kimai,
            zammad_connector_id: zammad,
            ..Default::default()
        })
        .unwrap_or_default();
    for (kind, id) in wanted {
        let Some(mk) = kind.mapping_kind() else {
            continue;
        };
        let from_mapping = mappings.iter().find_map(|m| {
            if m.kind != mk {
                return None;
            }
            if kind.is_kimai() {
                (m.target_id == *id)
                    .then(|| m.target_name.clone())
                    .flatten()
                    .filter(|n| !is_placeholder(n, *id))
            } else {
                (m.source_key == id.to_string())
                    .then(|| m.source_name.clone())
                    .flatten()
            }
        });
        if let Some(n) = from_mapping {
            names.insert(*kind, *id, n);
        }
    }
}

/// Names still missing: from the cache, then from the servers in `live`.
pub(super) async fn cached_then_live(
    store: &Store,
    kimai: Option<ConnectorId>,
    zammad: Option<ConnectorId>,
    live: &Live<'_>,
    wanted: &[(Kind, i64)],
    names: &mut Names,
) {
    let connector = |k: Kind| if k.is_kimai() { kimai } else { zammad };
    let mut by_kind: HashMap<Kind, HashSet<i64>> = HashMap::new();
    for (k, id) in names.missing(wanted).collect::<Vec<_>>() {
        by_kind.entry(k).or_default().insert(id);
    }
    for (kind, ids) in by_kind {
        let Some(conn) = connector(kind) else {
            continue;
        };
        for (id, data) in store
            .cache_get_many(conn, kind.cache_kind(), &ids)
            .unwrap_or_default()
        {
            if let Some(n) = name_from_cache(kind, &data) {
                names.insert(kind, id, n);
            }
        }
    }
    if let Some((id, client)) = live.kimai
        && names.missing(wanted).any(|(k, _)| k.is_kimai())
    {
        kimai_live(store, id, client, wanted, names).await;
    }
    if let Some((id, client)) = live.zammad
        && names.missing(wanted).any(|(k, _)| !k.is_kimai())
    {
        zammad_live(store, id, client, wanted, names).await;
    }
}

fn name_from_cache(kind: Kind, data: &str) -> Option<String> {
    if kind.is_kimai() {
        return Some(data.to_string());
    }
    let v: serde_json::Value = serde_json::from_str(data).ok()?;
    match kind {
        Kind::ZammadUser => serde_json::from_value::<crate::zammad::User>(v)
            .ok()
            .map(|u| u.display_name()),
        Kind::ZammadTicket => Some(format!(
            "#{} {}",
            v.get("number")?.as_str()?,
            v.get("title").and_then(|t| t.as_str()).unwrap_or_default()
        )),
        _ => v.get("name")?.as_str().map(str::to_string),
    }
}

async fn kimai_live(
    store: &Store,
    connector: ConnectorId,
    client: &KimaiClient,
    wanted: &[(Kind, i64)],
    names: &mut Names,
) {
    let kinds: HashSet<Kind> = names
        .missing(wanted)
        .map(|(k, _)| k)
        .filter(|k| k.is_kimai())
        .collect();
    let mut fresh: Vec<(Kind, i64, String)> = Vec::new();
    for kind in kinds {
        let listed: Result<Vec<(i64, String)>, crate::http::ApiError> = match kind {
            Kind::KimaiCustomer => client
                .customers()
                .await
                .map(|v| v.into_iter().map(|c| (c.id.0, c.name)).collect()),
            Kind::KimaiProject => client
                .projects()
                .await
                .map(|v| v.into_iter().map(|p| (p.id.0, p.name)).collect()),
            Kind::KimaiActivity => client
                .activities()
                .await
                .map(|v| v.into_iter().map(|a| (a.id.0, a.name)).collect()),
            _ => match client.users().await {
                Ok(v) => Ok(v.into_iter().map(|u| (u.id.0, u.username)).collect()),
                // Without view_user, the API user can still name itself.
                Err(_) => client.me().await.map(|u| vec![(u.id.0, u.username)]),
            },
        };
        match listed {
            Ok(items) => fresh.extend(items.into_iter().map(|(id, n)| (kind, id, n))),
            Err(e) => tracing::debug!("cannot read Kimai names: {e}"),
        }
    }
    let mut rows: HashMap<Kind, Vec<(i64, String)>> = HashMap::new();
    for (kind, id, name) in fresh {
        rows.entry(kind).or_default().push((id, name.clone()));
        names.insert(kind, id, name);
    }
    for (kind, rows) in rows {
        if let Err(e) = store.cache_put_many(connector, kind.cache_kind(), &rows) {
            tracing::debug!("cannot cache Kimai names: {e:#}");
        }
    }
}

async fn zammad_live(
    store: &Store,
    connector: ConnectorId,
    client: &ZammadClient,
    wanted: &[(Kind, i64)],
    names: &mut Names,
) {
    let missing: Vec<(Kind, i64)> = names
        .missing(wanted)
        .filter(|(k, _)| !k.is_kimai())
        .collect();
    let mut cache: HashMap<Kind, Vec<(i64, String)>> = HashMap::new();
    if missing.iter().any(|(k, _)| *k == Kind::ZammadType)
        && let Ok(types) = client.time_accounting_types().await
    {
        for t in types {
            let data = serde_json::to_string(&t).unwrap_or_default();
            cache
                .entry(Kind::ZammadType)
                .or_default()
                .push((t.id, data));
            names.insert(Kind::ZammadType, t.id, t.name);
        }
    }
    // One by one: a mapping list names a handful of organizations, agents and tickets.
    for (kind, id) in missing.into_iter().take(50) {
        let got = match kind {
            Kind::ZammadOrganization => client
                .organization(id)
                .await
                .map(|o| (o.name.clone(), serde_json::to_string(&o))),
            Kind::ZammadUser => client
                .user(id)
                .await
                .map(|u| (u.display_name(), serde_json::to_string(&u))),
            Kind::ZammadTicket => client.ticket(id).await.map(|t| {
                (
                    format!("#{} {}", t.number, t.title),
                    serde_json::to_string(&t),
                )
            }),
            _ => continue,
        };
        match got {
            Ok((name, data)) => {
                if let Ok(data) = data {
                    cache.entry(kind).or_default().push((id, data));
                }
                names.insert(kind, id, name);
            }
            Err(e) => {
                tracing::debug!("cannot read a Zammad name: {e}");
                if e.is_retryable() {
                    break;
                }
            }
        }
    }
    for (kind, rows) in cache {
        if let Err(e) = store.cache_put_many(connector, kind.cache_kind(), &rows) {
            tracing::debug!("cannot cache Zammad names: {e:#}");
        }
    }
}
