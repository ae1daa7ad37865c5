//! Names for mappings made by id (`mapping list`, `mapping add`): found in the cache or
//! on the servers, best effort, and stored in the mapping rows so it happens once.

use super::names::{Kind, Live, Names, cached_then_live, is_placeholder};
use crate::ids::ConnectorId;
use crate::store::{MappingKind, Store};
use crate::sync::mapping_key::{CustomerKey, MappingKey};
use crate::sync::mapping_source::MappingSource;

fn source_kind(m: &crate::store::MappingRow) -> Option<(Kind, i64)> {
    Some(match MappingSource::parse(m.kind, &m.source_key).ok()? {
        MappingSource::Activity(t) => (Kind::ZammadType, t.0),
        MappingSource::Customer(CustomerKey(o)) => (Kind::ZammadOrganization, o?.0),
        MappingSource::User(u) => (Kind::ZammadUser, u.0),
        MappingSource::Project(MappingKey::Ticket(t)) => (Kind::ZammadTicket, t.0),
        MappingSource::Project(MappingKey::Organization(o)) => (Kind::ZammadOrganization, o?.0),
    })
}

fn target_kind(m: &crate::store::MappingRow) -> Kind {
    match m.kind {
        MappingKind::Activity => Kind::KimaiActivity,
        MappingKind::Customer => Kind::KimaiCustomer,
        MappingKind::Project => Kind::KimaiProject,
        MappingKind::User => Kind::KimaiUser,
    }
}

/// Mappings made by id have no names: find them (cache, then the servers, best effort)
/// and store them, so `mapping list` shows names.
pub(super) fn fill_mapping_names(
    ctx: &super::Context,
    store: &Store,
    rows: &mut [crate::store::MappingRow],
) {
    let lacks_source = |m: &crate::store::MappingRow| {
        m.source_name.as_deref().is_none_or(|n| n.trim().is_empty()) && source_kind(m).is_some()
    };
    let lacks_target = |m: &crate::store::MappingRow| {
        m.target_name
            .as_deref()
            .is_none_or(|n| is_placeholder(n, m.target_id))
    };
    let mut pairs: Vec<(ConnectorId, ConnectorId)> = rows
        .iter()
        .filter(|m| lacks_source(m) || lacks_target(m))
        .map(|m| (m.zammad_connector_id, m.kimai_connector_id))
        .collect();
    pairs.sort_by_key(|(z, k)| (z.0, k.0));
    pairs.dedup();
    if pairs.is_empty() {
        return;
    }
    let identity = ctx.load_identity().ok();
    for (z, k) in pairs {
        let of_pair =
            |m: &crate::store::MappingRow| m.zammad_connector_id == z && m.kimai_connector_id == k;
        let wanted: Vec<(Kind, i64)> = rows
            .iter()
            .filter(|m| of_pair(m))
            .flat_map(|m| {
                let s = lacks_source(m).then(|| source_kind(m)).flatten();
                let t = lacks_target(m).then(|| (target_kind(m), m.target_id));
                s.into_iter().chain(t)
            })
            .collect();
        let client = |id: ConnectorId| {
            let row = store.connector_by_id(id).ok().flatten()?;
            Some((identity.as_ref()?, row))
        };
        // Names are a help: one try each, no retries against a server that is down.
        let none = crate::http::RetryPolicy::none;
        let kimai = client(k).and_then(|(i, row)| {
            super::clients::kimai(ctx, i, &row)
                .ok()
                .map(|c| c.with_retry_policy(none()))
        });
        let zammad = client(z).and_then(|(i, row)| {
            super::clients::zammad(ctx, i, &row)
                .ok()
                .map(|c| c.with_retry_policy(none()))
        });
        let live = Live {
            kimai: kimai.as_ref().map(|c| (k, c)),
            zammad: zammad.as_ref().map(|c| (z, c)),
        };
        // Cache and servers only: these mappings are the ones without stored names.
        let mut names = Names::default();
        ctx.block_on(cached_then_live(
            store,
            Some(k),
            Some(z),
            &live,
            &wanted,
            &mut names,
        ));
        for m in rows.iter_mut().filter(|m| of_pair(m)) {
            let source = lacks_source(m)
                .then(|| source_kind(m))
                .flatten()
                .and_then(|(kind, id)| names.get(kind, id).map(str::to_string));
            let target = lacks_target(m)
                .then(|| names.get(target_kind(m), m.target_id).map(str::to_string))
                .flatten();
            if source.is_none() && target.is_none() {
                continue;
            }
            if let Err(e) = store.set_mapping_names(m.id, source.as_deref(), target.as_deref()) {
                tracing::debug!("cannot store mapping names: {e:#}");
            }
            if source.is_some() {
                m.source_name = source;
            }
            if target.is_some() {
                m.target_name = target;
            }
        }
    }
}
