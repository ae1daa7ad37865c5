//! `syncd mapping list | add | remove`; suggest, import and export live next door.

use super::Context;
use super::args::{MappingCommand, MappingKind as KindArg, PairArgs};
use crate::error::{Error, ExitCode};
use crate::output::{self, Column};
use crate::store::{
    ConnectorKind, ConnectorRow, MappingFilter, MappingKind, MappingRow, NewMapping, Store,
};
use crate::sync::mapping_key::MappingKey;
use crate::sync::mapping_source::MappingSource;
use serde::Serialize;
use std::collections::HashMap;

pub(super) fn run(ctx: &Context, cmd: MappingCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        MappingCommand::List { kind, pair } => list(ctx, kind.map(kind_of), &pair),
        MappingCommand::Add {
            kind,
            source,
            target,
            pair,
        } => add(ctx, kind_of(kind), &source, &target, &pair),
        MappingCommand::Remove { kind, source, pair } => remove(ctx, kind_of(kind), &source, &pair),
        MappingCommand::Suggest { yes, pair } => super::mapping_suggest::run(ctx, yes, &pair),
        MappingCommand::Import { file, pair } => super::mapping_file::import(ctx, &file, &pair),
        MappingCommand::Export { pair } => super::mapping_file::export(ctx, &pair),
    }
}

fn kind_of(k: KindArg) -> MappingKind {
    match k {
        KindArg::Activity => MappingKind::Activity,
        KindArg::Customer => MappingKind::Customer,
        KindArg::Project => MappingKind::Project,
        KindArg::User => MappingKind::User,
    }
}

/// A mapping as printed, with connector names instead of ids.
#[derive(Debug, Serialize)]
struct MappingView {
    id: i64,
    zammad: String,
    kimai: String,
    kind: MappingKind,
    source_key: String,
    source_name: Option<String>,
    target_id: i64,
    target_name: Option<String>,
    auto_created: bool,
    created_at: String,
    updated_at: String,
}

fn view(m: &MappingRow, names: &HashMap<i64, String>) -> MappingView {
    let name = |id: i64| names.get(&id).cloned().unwrap_or_else(|| format!("#{id}"));
    MappingView {
        id: m.id,
        zammad: name(m.zammad_connector_id.0),
        kimai: name(m.kimai_connector_id.0),
        kind: m.kind,
        source_key: m.source_key.clone(),
        source_name: m.source_name.clone(),
        target_id: m.target_id,
        target_name: m.target_name.clone(),
        auto_created: m.auto_created,
        created_at: m.created_at.clone(),
        updated_at: m.updated_at.clone(),
    }
}

fn with_name(key: &str, name: &Option<String>) -> String {
    match name {
        Some(n) => format!("{key} ({n})"),
        None => key.to_string(),
    }
}

/// The connector pair: named by --zammad/--kimai, else the only one of each kind.
pub(super) fn resolve_pair(
    store: &Store,
    pair: &PairArgs,
) -> anyhow::Result<(ConnectorRow, ConnectorRow)> {
    Ok((
        resolve_one(store, pair.zammad.as_deref(), ConnectorKind::Zammad)?,
        resolve_one(store, pair.kimai.as_deref(), ConnectorKind::Kimai)?,
    ))
}

fn resolve_one(
    store: &Store,
    name: Option<&str>,
    kind: ConnectorKind,
) -> anyhow::Result<ConnectorRow> {
    if let Some(name) = name {
        let row = super::connector::find(store, name)?;
        if row.kind != kind {
            return Err(Error::usage(format!(
                "connector {name} is a {} connector, not {kind}",
                row.kind
            ))
            .into());
        }
        return Ok(row);
    }
    let mut all = store.connectors_of_kind(kind)?;
    match all.len() {
        0 => Err(Error::config(format!(
            "no {kind} connector configured; add one with `syncd connector add {kind} …`"
        ))
        .into()),
        1 => Ok(all.remove(0)),
        _ => {
            let names: Vec<String> = all.into_iter().map(|c| c.name).collect();
            Err(Error::usage(format!(
                "several {kind} connectors ({}); pass --{kind} NAME",
                names.join(", ")
            ))
            .into())
        }
    }
}

/// The stored key for a source: activity/customer/user = numeric Zammad id (customer also
/// `none`), project = `ticket:<id>` or `org:<id>`.
pub(super) fn source_key(kind: MappingKind, raw: &str) -> Result<String, Error> {
    MappingSource::parse(kind, raw)
        .ok()
        // `org:none` is made by sync only: people map an organization they can name.
        .filter(|s| *s != MappingSource::Project(MappingKey::Organization(None)))
        .map(|s| s.to_string())
        .ok_or_else(|| {
            Error::usage(format!(
                "invalid {kind} source `{}`: expected {} (names are matched by `syncd mapping suggest`)",
                raw.trim(),
                MappingSource::expected(kind)
            ))
        })
}

pub(super) fn target_id(kind: MappingKind, raw: &str) -> Result<i64, Error> {
    raw.trim()
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| {
            Error::usage(format!(
                "invalid {kind} target `{raw}`: expected a Kimai {kind} id (a number)"
            ))
        })
}

fn names(store: &Store) -> anyhow::Result<HashMap<i64, String>> {
    Ok(store
        .list_connectors()?
        .into_iter()
        .map(|c| (c.id.0, c.name))
        .collect())
}

fn list(ctx: &Context, kind: Option<MappingKind>, pair: &PairArgs) -> anyhow::Result<ExitCode> {
    let store = ctx.open_store()?;
    let mut filter = MappingFilter {
        kind,
        ..Default::default()
    };
    if let Some(z) = &pair.zammad {
        filter.zammad_connector_id = Some(resolve_one(&store, Some(z), ConnectorKind::Zammad)?.id);
    }
    if let Some(k) = &pair.kimai {
        filter.kimai_connector_id = Some(resolve_one(&store, Some(k), ConnectorKind::Kimai)?.id);
    }
    let mut rows = store.list_mappings(&filter)?;
    super::mapping_list_names::fill_mapping_names(ctx, &store, &mut rows);
    let names = names(&store)?;
    let views: Vec<MappingView> = rows.iter().map(|m| view(m, &names)).collect();
    output::emit(ctx.output, &views, || {
        // On a narrow terminal: the auto flag and the pair go first, then names are cut.
        output::fit_table(
            &[
                Column::keep("kind"),
                Column::keep("source").min(14),
                Column::keep("target").min(14),
                Column::optional("pair", 2),
                Column::optional("auto", 1),
            ],
            views
                .iter()
                .map(|v| {
                    vec![
                        v.kind.to_string(),
                        with_name(&v.source_key, &v.source_name),
                        with_name(&v.target_id.to_string(), &v.target_name),
                        format!("{} → {}", v.zammad, v.kimai),
                        if v.auto_created { "yes" } else { "" }.to_string(),
                    ]
                })
                .collect(),
            output::stdout_width(),
            "no mappings",
        )
    })?;
    Ok(ExitCode::Ok)
}

fn add(
    ctx: &Context,
    kind: MappingKind,
    source: &str,
    target: &str,
    pair: &PairArgs,
) -> anyhow::Result<ExitCode> {
    let store = ctx.open_store()?;
    let (z, k) = resolve_pair(&store, pair)?;
    let source = super::mapping_names::source(ctx, &z, kind, source)?;
    let target = super::mapping_names::target(ctx, &k, kind, target)?;
    let (key, target_name, target) = (source.value, target.name, target.value);
    let before = store.mapping(z.id, k.id, kind, &key)?;
    let row = store.upsert_mapping(&NewMapping {
        zammad_connector_id: z.id,
        kimai_connector_id: k.id,
        kind,
        source_key: key.clone(),
        source_name: source.name,
        target_id: target,
        target_name,
        auto_created: false,
    })?;
    // Made by id: find the names now (best effort), so `mapping list` shows them.
    let mut rows = vec![row];
    super::mapping_list_names::fill_mapping_names(ctx, &store, &mut rows);
    let row = rows.remove(0);
    // Kimai answered: learn the owners' timezones too (PATCH times are read in them).
    if kind == MappingKind::User && row.target_name.is_some() {
        remember_user_timezones(ctx, &store, &k);
    }
    let names = names(&store)?;
    let after = view(&row, &names);
    ctx.audit_config(
        &store,
        "mapping.add",
        Some(&format!("{kind}:{key}")),
        serde_json::json!({ "before": before.map(|b| view(&b, &names)), "after": after }),
    )?;
    output::emit(ctx.output, &after, || {
        format!("mapped {kind} {key} → {target} ({} → {})", z.name, k.name)
    })?;
    Ok(ExitCode::Ok)
}

/// A user mapping looked up by name (Kimai was reachable): cache the Kimai users'
/// timezones, which updates of their timesheets are written in. Best effort.
fn remember_user_timezones(ctx: &Context, store: &Store, k: &ConnectorRow) {
    let users = super::clients::kimai(
        ctx,
        &match ctx.load_identity() {
            Ok(i) => i,
            Err(_) => return,
        },
        k,
    )
    .map(|client| ctx.block_on(async move { client.users().await }));
    match users {
        Ok(Ok(users)) => {
            let zones = users.into_iter().map(|u| (u.id, u.timezone));
            if let Err(e) = crate::sync::zones::remember(store, k.id, zones) {
                tracing::warn!("cannot cache Kimai users' timezones: {e:#}");
            }
        }
        Ok(Err(e)) => tracing::info!("cannot read Kimai users' timezones: {e}"),
        Err(e) => tracing::info!("cannot read Kimai users' timezones: {e:#}"),
    }
}

fn remove(
    ctx: &Context,
    kind: MappingKind,
    source: &str,
    pair: &PairArgs,
) -> anyhow::Result<ExitCode> {
    let store = ctx.open_store()?;
    let (z, k) = resolve_pair(&store, pair)?;
    let key = super::mapping_names::source(ctx, &z, kind, source)?.value;
    let Some(before) = store.mapping(z.id, k.id, kind, &key)? else {
        return Err(Error::usage(format!(
            "no {kind} mapping for {key} ({} → {}; see `syncd mapping list`)",
            z.name, k.name
        ))
        .into());
    };
    store.delete_mapping(z.id, k.id, kind, &key)?;
    let names = names(&store)?;
    ctx.audit_config(
        &store,
        "mapping.remove",
        Some(&format!("{kind}:{key}")),
        serde_json::json!({ "before": view(&before, &names) }),
    )?;
    let value = serde_json::json!({ "removed": { "kind": kind, "source_key": key } });
    output::emit(ctx.output, &value, || {
        format!("removed {kind} mapping for {key}")
    })?;
    Ok(ExitCode::Ok)
}
