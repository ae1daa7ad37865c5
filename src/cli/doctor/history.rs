//! What the store remembers: mappings missing for activity types and agents seen lately,
//! open conflicts by reason, and the last runs.
//!
//! Missing mappings come from the conflicts syncd records, not from a scan of Zammad: an
//! entry whose type or agent has no mapping (and no default activity or email match)
//! waits as an open `unmapped-activity` or `unmapped-user` conflict that carries the type
//! and the agent. Those of entries created in the last 30 days are listed per type and
//! agent. Types and agents whose entries have not been read by a sync (none since the last
//! run, or booked under `sync.default_activity` / `sync.unmapped_user: api_user`) are not
//! listed: `syncd sync --dry-run` shows the current state.

use super::report::Check;
use crate::conflicts::{Reason, Status as ConflictStatus};
use crate::store::Store;
use crate::store::conflicts::{ConflictFilter, ConflictRow};
use crate::sync::model::SourceEntry;
use chrono::{Duration, Utc};
use std::collections::BTreeMap;

/// How far back "seen lately" reaches.
const RECENT_DAYS: i64 = 30;
/// Runs looked at for failures.
const RUNS: usize = 20;

fn open(store: &Store, reason: Option<Reason>) -> anyhow::Result<Vec<ConflictRow>> {
    Ok(store.list_conflicts(&ConflictFilter {
        status: Some(ConflictStatus::Open),
        reason,
        ..Default::default()
    })?)
}

/// `--zammad Z --kimai K` when more than one connector of a kind exists.
fn pair_flags(store: &Store, c: &ConflictRow) -> anyhow::Result<String> {
    let all = store.list_connectors()?;
    let kinds = |k| all.iter().filter(|r| r.kind == k).count();
    if kinds(crate::store::ConnectorKind::Zammad) < 2
        && kinds(crate::store::ConnectorKind::Kimai) < 2
    {
        return Ok(String::new());
    }
    let name = |id: i64| {
        all.iter()
            .find(|r| r.id.0 == id)
            .map(|r| r.name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    Ok(format!(
        " --zammad {} --kimai {}",
        name(c.zammad_connector_id),
        name(c.kimai_connector_id)
    ))
}

/// One check per activity type and agent whose recent entries wait for a mapping.
pub(super) fn missing_mappings(store: &Store, checks: &mut Vec<Check>) -> anyhow::Result<()> {
    const G: &str = "mappings";
    let since = Utc::now() - Duration::days(RECENT_DAYS);
    // (kind, source key) → (label, entries, command flags)
    let mut missing: BTreeMap<(&str, String), (String, usize, String)> = BTreeMap::new();
    for reason in [Reason::UnmappedActivity, Reason::UnmappedUser] {
        for c in open(store, Some(reason))? {
            let Some(src) = c
                .source
                .clone()
                .and_then(|v| serde_json::from_value::<SourceEntry>(v).ok())
            else {
                continue;
            };
            if src.created_at < since {
                continue;
            }
            let flags = pair_flags(store, &c)?;
            let (kind, key, label) = match reason {
                Reason::UnmappedActivity => match (src.type_id, &src.type_name) {
                    (Some(t), Some(n)) => (
                        "activity",
                        t.0.to_string(),
                        format!("Zammad activity type `{n}` (id {t})"),
                    ),
                    (Some(t), None) => (
                        "activity",
                        t.0.to_string(),
                        format!("Zammad activity type {t}"),
                    ),
                    (None, _) => (
                        "default activity",
                        String::new(),
                        "entries without an activity type".to_string(),
                    ),
                },
                _ => (
                    "user",
                    src.agent_email
                        .as_deref()
                        .map_or_else(|| src.agent.0.to_string(), str::to_string),
                    format!(
                        "Zammad agent {} ({})",
                        src.agent_name,
                        src.agent_email.as_deref().unwrap_or("no email")
                    ),
                ),
            };
            missing
                .entry((kind, key))
                .or_insert_with(|| (label, 0, flags))
                .1 += 1;
        }
    }
    if missing.is_empty() {
        checks.push(Check::ok(
            G,
            "missing",
            format!(
                "no entry of the last {RECENT_DAYS} days waits for an activity or user mapping"
            ),
        ));
        return Ok(());
    }
    for ((kind, key), (label, n, flags)) in missing {
        let (name, fix) = match kind {
            "activity" => (
                format!("activity {key}"),
                format!(
                    "syncd mapping add activity --source {key} --target <Kimai activity id or name>{flags}"
                ),
            ),
            "user" => (
                format!("user {key}"),
                format!(
                    "syncd mapping add user --source {key} --target <Kimai user id or username>{flags}"
                ),
            ),
            _ => (
                "default activity".to_string(),
                "set sync.default_activity in the config (a Kimai activity id or name)".to_string(),
            ),
        };
        let what = if kind == "user" {
            "has no Kimai user"
        } else if kind == "activity" {
            "has no Kimai activity"
        } else {
            "have no activity to book under"
        };
        checks.push(Check::fail(
            G,
            &name,
            format!(
                "{label} {what}: {n} {} of the last {RECENT_DAYS} days {} (the next sync books \
                 {} once the mapping exists)",
                if n == 1 { "entry" } else { "entries" },
                if n == 1 { "waits" } else { "wait" },
                if n == 1 { "it" } else { "them" }
            ),
            fix,
        ));
    }
    Ok(())
}

/// Open conflicts, one check per reason.
pub(super) fn conflicts(store: &Store, checks: &mut Vec<Check>) -> anyhow::Result<()> {
    const G: &str = "conflicts";
    let by_reason = store.open_conflicts_by_reason(None)?;
    if by_reason.is_empty() {
        checks.push(Check::ok(G, "open", "no open conflicts"));
        return Ok(());
    }
    for (reason, n) in by_reason {
        let parsed: Option<Reason> = reason.parse().ok();
        let fix = match parsed {
            Some(Reason::UnmappedActivity | Reason::UnmappedUser) => {
                "add the mappings listed under `mappings`; the next sync books the entries".into()
            }
            Some(Reason::SourceUnreadable) => {
                "give the Zammad token's user read access to the tickets' groups; the next sync \
                 books them"
                    .into()
            }
            _ => format!("syncd conflicts resolve --reason {reason}"),
        };
        let why = parsed.map(|r| r.explanation()).unwrap_or("");
        checks.push(Check::fail(
            G,
            &reason,
            format!("{n} open. {why}").trim().to_string(),
            fix,
        ));
    }
    Ok(())
}

/// The last run, and failures among the recent ones.
pub(super) fn runs(store: &Store, checks: &mut Vec<Check>) -> anyhow::Result<()> {
    const G: &str = "runs";
    let recent: Vec<_> = store
        .list_runs(RUNS)?
        .into_iter()
        .filter(|r| !r.dry_run && r.status != "skipped")
        .collect();
    let Some(last) = recent.first() else {
        checks.push(Check::warn(
            G,
            "last run",
            "no sync has run yet",
            "syncd sync --dry-run, then syncd sync",
        ));
        return Ok(());
    };
    let short = &last.id[..last.id.len().min(13)];
    let when = last.finished_at.as_deref().unwrap_or(&last.started_at);
    let summary = format!(
        "{} ({}, {}) {} at {when}",
        short, last.trigger, last.scope, last.status
    );
    match last.status.as_str() {
        "succeeded" | "conflicts" => checks.push(Check::ok(G, "last run", summary)),
        "running" => checks.push(Check::ok(
            G,
            "last run",
            format!("{summary} (still running)"),
        )),
        _ => checks.push(Check::fail(
            G,
            "last run",
            format!(
                "{summary}: {}",
                last.error.as_deref().unwrap_or("no error recorded")
            ),
            format!("syncd runs show {short}; fix what it says, then syncd sync"),
        )),
    }
    let failed: Vec<_> = recent
        .iter()
        .skip(1)
        .filter(|r| matches!(r.status.as_str(), "failed" | "interrupted"))
        .collect();
    if !failed.is_empty() {
        let first = failed[0];
        let short = &first.id[..first.id.len().min(13)];
        checks.push(Check::warn(
            G,
            "earlier failures",
            format!(
                "{} of the {} runs before the last failed; the latest: {short} at {}: {}",
                failed.len(),
                recent.len() - 1,
                first.started_at,
                first.error.as_deref().unwrap_or("no error recorded")
            ),
            format!("syncd runs show {short}"),
        ));
    }
    if let Some(t) = store.last_success_unix()? {
        let at = chrono::DateTime::from_timestamp(t, 0).unwrap_or_default();
        checks.push(Check::ok(
            G,
            "last success",
            format!("{}", at.format("%Y-%m-%d %H:%M:%S UTC")),
        ));
    }
    Ok(())
}
