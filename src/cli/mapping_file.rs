//! `syncd mapping export` and `syncd mapping import FILE`: one YAML (or JSON) file format.

use super::Context;
use super::args::PairArgs;
use super::mapping::{resolve_pair, source_key, target_id};
use crate::error::{Error, ExitCode};
use crate::output;
use crate::store::{MappingFilter, MappingKind, NewMapping};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The file format of `mapping export` / `mapping import`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct MappingFile {
    #[serde(default)]
    zammad: Option<String>,
    #[serde(default)]
    kimai: Option<String>,
    mappings: Vec<MappingEntry>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct MappingEntry {
    kind: MappingKind,
    source: IdOrText,
    #[serde(default)]
    source_name: Option<String>,
    target: IdOrText,
    #[serde(default)]
    target_name: Option<String>,
    #[serde(default)]
    auto_created: bool,
}

/// `source: 3` and `source: "3"` both work.
#[derive(Debug, Serialize, Deserialize)]
#[serde(untagged)]
enum IdOrText {
    Id(i64),
    Text(String),
}

impl IdOrText {
    fn text(&self) -> String {
        match self {
            IdOrText::Id(n) => n.to_string(),
            IdOrText::Text(s) => s.clone(),
        }
    }
}

pub(super) fn export(ctx: &Context, pair: &PairArgs) -> anyhow::Result<ExitCode> {
    let store = ctx.open_store()?;
    let (z, k) = resolve_pair(&store, pair)?;
    let rows = store.list_mappings(&MappingFilter {
        zammad_connector_id: Some(z.id),
        kimai_connector_id: Some(k.id),
        kind: None,
    })?;
    let file = MappingFile {
        zammad: Some(z.name.clone()),
        kimai: Some(k.name.clone()),
        mappings: rows
            .iter()
            .map(|m| MappingEntry {
                kind: m.kind,
                source: IdOrText::Text(m.source_key.clone()),
                source_name: m.source_name.clone(),
                target: IdOrText::Id(m.target_id),
                target_name: m.target_name.clone(),
                auto_created: m.auto_created,
            })
            .collect(),
    };
    match ctx.output {
        output::Format::Json => output::print_json(&file)?,
        output::Format::Table => output::print_yaml(&file)?,
    }
    Ok(ExitCode::Ok)
}

pub(super) fn import(ctx: &Context, path: &Path, pair: &PairArgs) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::usage(format!("cannot read {}: {e}", path.display())))?;
    let file: MappingFile = if text.trim_start().starts_with('{') {
        serde_json::from_str(&text).map_err(|e| Error::usage(format!("{}: {e}", path.display())))?
    } else {
        let options = serde_saphyr::options! { with_snippet: false };
        serde_saphyr::from_str_with_options(&text, options)
            .map_err(|e| Error::usage(format!("{}: {e}", path.display())))?
    };
    // Validate every entry before writing any: all or nothing.
    let mut items = Vec::new();
    for (i, e) in file.mappings.iter().enumerate() {
        let at = |err: Error| Error::usage(format!("{} entry {}: {err}", path.display(), i + 1));
        let key = source_key(e.kind, &e.source.text()).map_err(at)?;
        let target = target_id(e.kind, &e.target.text()).map_err(at)?;
        items.push((e, key, target));
    }
    let mut store = ctx.open_store()?;
    let pair = PairArgs {
        zammad: pair.zammad.clone().or(file.zammad.clone()),
        kimai: pair.kimai.clone().or(file.kimai.clone()),
    };
    let (z, k) = resolve_pair(&store, &pair)?;
    let news: Vec<NewMapping> = items
        .into_iter()
        .map(|(e, key, target)| NewMapping {
            zammad_connector_id: z.id,
            kimai_connector_id: k.id,
            kind: e.kind,
            source_key: key,
            source_name: e.source_name.clone(),
            target_id: target,
            target_name: e.target_name.clone(),
            auto_created: e.auto_created,
        })
        .collect();
    let n = store.upsert_mappings(&news)?;
    ctx.audit_config(
        &store,
        "mapping.import",
        Some(&format!("{} → {}", z.name, k.name)),
        serde_json::json!({
            "file": path,
            "count": n,
            "mappings": news.iter().map(|m| serde_json::json!({
                "kind": m.kind, "source_key": m.source_key, "target_id": m.target_id
            })).collect::<Vec<_>>(),
        }),
    )?;
    let value = serde_json::json!({ "imported": n, "zammad": z.name, "kimai": k.name });
    output::emit(ctx.output, &value, || {
        format!("imported {n} mappings ({} → {})", z.name, k.name)
    })?;
    Ok(ExitCode::Ok)
}
