//! `syncd mapping suggest [--yes]`: propose activity mappings (Zammad type name = Kimai
//! global activity name) and user mappings (same email, else login = username).

use super::Context;
use super::args::PairArgs;
use crate::error::ExitCode;
use crate::output;
use crate::store::{MappingKind, NewMapping};
use crate::sync::matching;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, Serialize, tabled::Tabled)]
pub(super) struct Proposal {
    kind: MappingKind,
    source_key: String,
    source_name: String,
    target_id: i64,
    target_name: String,
    /// Why these match: `name`, `email` or `login`.
    matched_by: String,
}

fn norm(s: &str) -> String {
    s.trim().to_lowercase()
}

pub(super) fn run(ctx: &Context, yes: bool, pair: &PairArgs) -> anyhow::Result<ExitCode> {
    let store = ctx.open_store()?;
    let (z, k) = super::mapping::resolve_pair(&store, pair)?;
    let identity = ctx.load_identity()?;
    let zc = super::clients::zammad(ctx, &identity, &z)?;
    let kc = super::clients::kimai(ctx, &identity, &k)?;
    let (types, zusers, activities, kusers, listed) = ctx.block_on(async {
        let types = zc.time_accounting_types().await?;
        let zusers = crate::sync::fetch::every_page(100, |page| zc.users(page, 100)).await?;
        let activities = kc.activities().await?;
        // Without `view_user` only the API user can be matched.
        let (kusers, listed) = match kc.users().await {
            Ok(u) => (u, true),
            Err(e) if e.kind == crate::http::ApiErrorKind::Forbidden => {
                (vec![kc.me().await?], false)
            }
            Err(e) => return Err(e),
        };
        Ok::<_, crate::http::ApiError>((types, zusers, activities, kusers, listed))
    })?;
    // Kimai reads a change's times in its owner's timezone: keep them for syncs.
    crate::sync::zones::remember(
        &store,
        k.id,
        kusers.iter().map(|u| (u.id, u.timezone.clone())),
    )?;
    let mut notes = Vec::new();
    if !listed {
        notes.push(crate::sync::connect::MAP_AGENTS_BY_HAND.to_string());
    }

    let mut proposals = Vec::new();
    // Kimai refuses hidden activities and disabled users for new timesheets: never
    // propose them, and say so.
    let by_name: HashMap<String, &crate::kimai::Activity> = activities
        .iter()
        .filter(|a| a.project.is_none() && a.visible)
        .map(|a| (norm(&a.name), a))
        .collect();
    for t in types.iter().filter(|t| t.active) {
        if !by_name.contains_key(&norm(&t.name))
            && let Some(a) = activities
                .iter()
                .find(|a| a.project.is_none() && norm(&a.name) == norm(&t.name))
        {
            notes.push(format!(
                "Kimai activity `{}` (id {}) matches Zammad type `{}` by name but is hidden: not proposed",
                a.name, a.id, t.name
            ));
        }
        if let Some(a) = by_name.get(&norm(&t.name)) {
            proposals.push(Proposal {
                kind: MappingKind::Activity,
                source_key: t.id.to_string(),
                source_name: t.name.clone(),
                target_id: a.id.0,
                target_name: a.name.clone(),
                matched_by: "name".into(),
            });
        }
    }
    for u in kusers.iter().filter(|u| !u.enabled) {
        notes.push(format!(
            "Kimai user {} (id {}) is disabled: not proposed",
            u.username, u.id
        ));
    }
    let by_login: HashMap<String, &crate::kimai::User> = kusers
        .iter()
        .filter(|u| u.enabled)
        .map(|u| (norm(&u.username), u))
        .collect();
    for u in zusers.iter().filter(|u| u.active) {
        let hit = kusers
            .iter()
            .filter(|k| k.enabled)
            .find(|k| matching::same_email(u.email.as_deref(), k.email.as_deref()))
            .map(|k| (k, "email"))
            .or_else(|| by_login.get(&norm(&u.login)).map(|k| (*k, "login")));
        if let Some((ku, why)) = hit {
            let name = u.display_name();
            proposals.push(Proposal {
                kind: MappingKind::User,
                source_key: u.id.to_string(),
                source_name: name,
                target_id: ku.id.0,
                target_name: ku
                    .alias
                    .clone()
                    .filter(|a| !a.is_empty())
                    .unwrap_or(ku.username.clone()),
                matched_by: why.into(),
            });
        }
    }
    // Keep what is mapped already.
    let mut fresh = Vec::new();
    for p in proposals {
        if store.mapping(z.id, k.id, p.kind, &p.source_key)?.is_none() {
            fresh.push(p);
        }
    }

    let write = if fresh.is_empty() {
        false
    } else if yes {
        true
    } else if ctx.interactive && !ctx.json() {
        output::write_stdout(&output::table(fresh.iter().cloned(), ""))?;
        dialoguer::Confirm::new()
            .with_prompt(format!("write these {} mappings?", fresh.len()))
            .default(false)
            .interact()?
    } else {
        false
    };
    if write {
        let news: Vec<NewMapping> = fresh
            .iter()
            .map(|p| NewMapping {
                zammad_connector_id: z.id,
                kimai_connector_id: k.id,
                kind: p.kind,
                source_key: p.source_key.clone(),
                source_name: Some(p.source_name.clone()),
                target_id: p.target_id,
                target_name: Some(p.target_name.clone()),
                auto_created: false,
            })
            .collect();
        let mut store = store;
        store.upsert_mappings(&news)?;
        ctx.audit_config(
            &store,
            "mapping.suggest",
            Some(&format!("{} → {}", z.name, k.name)),
            serde_json::json!({ "written": fresh.len(), "mappings": fresh }),
        )?;
    }
    let value = serde_json::json!({ "proposals": fresh, "written": write, "notes": notes });
    output::emit(ctx.output, &value, || {
        let notes: String = notes.iter().map(|n| format!("{n}\n")).collect();
        notes
            + &if fresh.is_empty() {
                "nothing to suggest: every matching type and user is mapped".to_string()
            } else if write {
                format!(
                    "{}\nwrote {} mappings",
                    output::table(fresh.iter().cloned(), ""),
                    fresh.len()
                )
            } else {
                format!(
                    "{}\n{} proposals; pass --yes to write them",
                    output::table(fresh.iter().cloned(), ""),
                    fresh.len()
                )
            }
    })?;
    Ok(ExitCode::Ok)
}
