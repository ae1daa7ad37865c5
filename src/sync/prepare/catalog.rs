//! The run's policy (settings, the Kimai API user, what Kimai was seen doing) and Kimai's
//! catalog of customers, projects, activities and users, read only when some entry lacks
//! a mapping.

use super::super::mapping_key::MappingKey;
use super::super::model::{Mappings, SourceEntry};
use super::super::plan::{self, Catalog, Policy};
use super::super::{SyncEnv, SyncRequest, fetch};
use super::Connected;
use super::kimai_side::ApiUser;
use super::known::Known;
use crate::error::Error;
use crate::ids::*;
use crate::store::{LedgerRow, LedgerState};
use anyhow::Context;
use std::collections::HashMap;

/// Kimai's catalog as the plan sees it, and whether it was read (an empty one was not).
pub(super) struct CatalogRead {
    pub catalog: Catalog,
    pub read: bool,
}

/// The plan's policy, with `sync.default_activity` / `sync.fixed_project` resolved, and the
/// catalog when some entry needs it or a setting names a record.
pub(super) async fn policy_and_catalog(
    env: &SyncEnv,
    req: &SyncRequest,
    c: &Connected,
    me: &ApiUser,
    entries: &[SourceEntry],
    ledger: &HashMap<ZammadEntryId, LedgerRow>,
    known: &Known,
) -> anyhow::Result<(Policy, CatalogRead)> {
    let settings = &env.settings.sync;
    let mut policy = Policy {
        marker_key: c.marker_key.clone(),
        tag: settings.tag.clone(),
        anchor: settings.time_anchor,
        timezone: me.timezone,
        api_user: me.user.id,
        project_policy: settings.project_policy,
        fixed_project: None,
        default_activity: None,
        auto_create_activities: settings.auto_create_activities,
        unmapped_user: settings.unmapped_user,
        source_deleted: settings.source_deleted,
        negative_correction: settings.negative_correction,
        no_organization_customer: settings.no_organization_customer.clone(),
        max_change_share: settings.max_change_share,
        guard_min_entries: settings.guard_min_entries,
        force: req.force,
        rounding: known.rounding,
        duplicates: settings.duplicates,
        compact_creates: false,
    };
    // Ids need no lookup; names are resolved against the catalog.
    let numeric = |v: &Option<String>| v.as_deref().and_then(|v| v.trim().parse::<i64>().ok());
    policy.default_activity = numeric(&settings.default_activity).map(KimaiActivityId);
    policy.fixed_project = numeric(&settings.fixed_project).map(KimaiProjectId);
    let named = (settings.default_activity.is_some() && policy.default_activity.is_none())
        || (settings.fixed_project.is_some() && policy.fixed_project.is_none());
    // Kimai's catalog is read only when some entry lacks a mapping (first runs, new
    // tickets, agents or types); routine runs skip it.
    let read = named || needs_catalog(entries, ledger, &known.mappings, &policy);
    if !read {
        return Ok((
            policy,
            CatalogRead {
                catalog: Catalog::default(),
                read,
            },
        ));
    }
    let catalog = fetch::catalog(&c.kimai)
        .await
        .context("cannot read customers, projects and activities from Kimai")?;
    policy.default_activity = resolve_named(
        settings.default_activity.as_deref(),
        &catalog.activities,
        "sync.default_activity",
    )?
    .map(KimaiActivityId);
    policy.fixed_project = resolve_named(
        settings.fixed_project.as_deref(),
        &catalog.projects,
        "sync.fixed_project",
    )?
    .map(KimaiProjectId);
    Ok((policy, CatalogRead { catalog, read }))
}

/// True when some entry that may be written lacks an activity, project or user mapping.
fn needs_catalog(
    entries: &[SourceEntry],
    ledger: &HashMap<ZammadEntryId, LedgerRow>,
    m: &Mappings,
    policy: &Policy,
) -> bool {
    entries.iter().any(|e| {
        let settled = ledger.get(&e.id).is_some_and(|r| {
            matches!(r.state, LedgerState::Ignored | LedgerState::Undone)
                || (r.state == LedgerState::Synced
                    && r.source_fingerprint.as_deref() == Some(&e.fingerprint()))
        });
        if settled || e.minutes <= 0 {
            return false;
        }
        let activity = policy.default_activity.is_some()
            || e.type_id.is_some_and(|t| m.activity.contains_key(&t));
        let project =
            MappingKey::of(e, policy.project_policy).is_none_or(|k| m.project.contains_key(&k));
        let user = m.user.contains_key(&e.agent);
        !(activity && project && user)
    })
}

/// `sync.default_activity` / `sync.fixed_project`: an id, or a name looked up in Kimai.
fn resolve_named(
    value: Option<&str>,
    items: &[plan::CatalogItem],
    key: &str,
) -> anyhow::Result<Option<i64>> {
    let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if let Ok(id) = v.parse::<i64>() {
        return Ok(Some(id));
    }
    // A visible record first: Kimai refuses hidden ones for new timesheets.
    items
        .iter()
        .filter(|i| i.name.eq_ignore_ascii_case(v))
        .min_by_key(|i| !i.visible)
        .map(|i| Some(i.id))
        .ok_or_else(|| Error::config(format!("{key}: Kimai has nothing named `{v}`")).into())
}
