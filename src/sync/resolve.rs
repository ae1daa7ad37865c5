//! Conflict resolution: what each action does to the ledger and to Kimai. The CLI prompts
//! and bulk flags both end here. Actions that need Zammad's current values (take-zammad,
//! recreate, map) adjust the ledger and then re-sync the affected tickets in one run, so
//! the same engine that syncs also repairs.

use super::connect::Connected;
use super::fetch::view_of;
use super::mapping_source::MappingSource;
use super::model::{SourceEntry, TimesheetView};
use super::{SyncEnv, SyncRequest, Trigger};
use crate::conflicts::{Action, Reason, Status};
use crate::http::ApiErrorKind;
use crate::ids::*;
use crate::store::conflicts::{ConflictFilter, ConflictRow};
use crate::store::{LedgerRow, LedgerState, Pair, Store};
use anyhow::Context;

/// What a person or script chose for one conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Choice {
    pub action: Action,
    /// For `map` on unmapped-activity: the Kimai activity id.
    pub activity: Option<i64>,
    /// For `map` on unmapped-user: the Kimai user id.
    pub user: Option<i64>,
}

/// The result for one conflict, for the summary.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Resolved {
    pub conflict: i64,
    pub reason: Reason,
    pub action: Action,
    /// open (skipped or failed), resolved or ignored.
    pub status: Status,
    pub message: String,
}

/// Check that an action fits a reason (and has what it needs).
pub(crate) fn validate(c: &ConflictRow, choice: &Choice) -> Result<(), String> {
    let actions = valid_actions(c);
    if !actions.contains(&choice.action) {
        let valid: Vec<&str> = actions.iter().map(|a| a.as_str()).collect();
        return Err(format!(
            "conflict {} ({}): action `{}` does not apply; valid: {}",
            c.id,
            c.reason,
            choice.action,
            valid.join(", ")
        ));
    }
    if choice.action == Action::Map {
        match c.reason {
            Reason::UnmappedActivity if choice.activity.is_none() => {
                return Err(format!(
                    "conflict {}: --action map needs --activity <Kimai activity id>",
                    c.id
                ));
            }
            Reason::UnmappedUser if choice.user.is_none() => {
                return Err(format!(
                    "conflict {}: --action map needs --user <Kimai user id>",
                    c.id
                ));
            }
            _ => {}
        }
    }
    Ok(())
}

/// The actions that make sense for this conflict, in menu order.
pub(crate) fn valid_actions(c: &ConflictRow) -> &'static [Action] {
    c.reason
        .actions_for(c.kimai_timesheet_id.is_some(), c.source.is_some())
}

fn source_of(c: &ConflictRow) -> Option<SourceEntry> {
    c.source
        .clone()
        .and_then(|v| serde_json::from_value(v).ok())
}

fn pair_of(c: &ConflictRow) -> Pair {
    Pair {
        zammad: ConnectorId(c.zammad_connector_id),
        kimai: ConnectorId(c.kimai_connector_id),
    }
}

type Restore = Option<(ZammadEntryId, Option<LedgerRow>)>;

/// A conflict waiting for the re-sync of its ticket: its index in the results, its id and
/// the ledger row to put back if it stays open.
type Waiting = (usize, i64, Restore);

/// Resolve conflicts in order. Kimai is called at once; re-syncs run together at the end.
pub(crate) async fn resolve(
    env: &SyncEnv,
    conn: &Connected,
    conflicts: &[(ConflictRow, Choice)],
) -> anyhow::Result<Vec<Resolved>> {
    let conflicts = &expand_map(&env.db_path, conflicts)?;
    let mut results = Vec::new();
    let mut resync: Vec<Waiting> = Vec::new();
    let mut tickets: Vec<i64> = Vec::new();
    let mut net: Vec<Waiting> = Vec::new();
    let mut net_tickets: Vec<i64> = Vec::new();
    for (c, choice) in conflicts {
        let outcome = resolve_one(env, conn, c, choice).await;
        let (status, message, ticket) = match outcome {
            Ok(Step::Done(status, message)) => (status, message, None),
            Ok(Step::Resync {
                ticket,
                message,
                restore,
            }) => (Status::Open, message, Some((ticket, restore))),
            Err(e) => (
                Status::Open,
                format!("failed: {}", crate::error::render_error(&e)),
                None,
            ),
        };
        if let Some((t, restore)) = ticket {
            if choice.action == Action::Net {
                net.push((results.len(), c.id, restore));
                net_tickets.push(t);
            } else {
                resync.push((results.len(), c.id, restore));
                tickets.push(t);
            }
        }
        results.push(Resolved {
            conflict: c.id,
            reason: c.reason,
            action: choice.action,
            status,
            message,
        });
    }
    resync_tickets(env, conn, conflicts, tickets, resync, &mut results).await?;
    if !net.is_empty() {
        // The planner's own `net` rule, for the chosen entries only: every other
        // negative correction of these tickets is held back for this one run.
        let mut net_env = env.clone();
        net_env.settings.sync.negative_correction = crate::config::NegativeCorrectionPolicy::Net;
        let chosen: Vec<i64> = net.iter().map(|(_, id, _)| *id).collect();
        let held = hold_back_negatives(env, conflicts, &net_tickets, &chosen)?;
        let run = resync_tickets(&net_env, conn, conflicts, net_tickets, net, &mut results).await;
        release(env, &held)?;
        run?;
    }
    let store = Store::open(&env.db_path)?;
    for ((c, choice), r) in conflicts.iter().zip(&results) {
        audit(&store, env, c, choice, r);
    }
    Ok(results)
}

/// Re-sync `tickets` in one run and settle the waiting conflicts from its outcome.
async fn resync_tickets(
    env: &SyncEnv,
    conn: &Connected,
    conflicts: &[(ConflictRow, Choice)],
    mut tickets: Vec<i64>,
    waiting: Vec<Waiting>,
    results: &mut [Resolved],
) -> anyhow::Result<()> {
    if tickets.is_empty() {
        return Ok(());
    }
    tickets.sort();
    tickets.dedup();
    let req = SyncRequest {
        trigger: Some(Trigger::Manual),
        ticket_ids: tickets,
        wait: true,
        zammad: Some(conn.zammad_name.clone()),
        kimai: Some(conn.kimai_name.clone()),
        ..SyncRequest::default()
    };
    let run = super::run(env, req).await;
    let store = Store::open(&env.db_path)?;
    for (idx, id, restore) in waiting {
        let row = store.get_conflict(id)?;
        let r = &mut results[idx];
        let still_open = row.as_ref().is_none_or(|c| c.status == Status::Open);
        if still_open && let Some((entry, previous)) = restore {
            let pair = pair_of(&conflicts[idx].0);
            // Put the row back unless the re-sync did write (a new or updated
            // timesheet must stay linked, or the next sync would duplicate it). A
            // pending row is a create whose answer was unclear: it stays, to settle.
            let now = store.ledger_row(pair, entry)?;
            let unapplied = now.as_ref().is_none_or(|r| r.force_write);
            if unapplied {
                match previous {
                    Some(prev) => store.ledger_put(pair, &prev, None)?,
                    None => store.ledger_delete(pair, entry)?,
                }
            }
        }
        match (row, &run) {
            (Some(row), _) if row.status != Status::Open => {
                store.set_conflict_status(
                    id,
                    Status::Resolved,
                    Some(r.action.as_str()),
                    Some(&env.actor),
                )?;
                r.status = Status::Resolved;
                if r.action == Action::Net {
                    let pair = pair_of(&conflicts[idx].0);
                    let ts = row
                        .zammad_entry_id
                        .and_then(|e| store.ledger_row(pair, ZammadEntryId(e)).ok().flatten())
                        .and_then(|l| l.timesheet);
                    if let Some(ts) = ts {
                        r.message = format!("shortened Kimai timesheet {ts}");
                    }
                }
            }
            (_, Err(e)) => {
                r.message = format!("the re-sync failed: {}", crate::error::render_error(e))
            }
            (row, Ok(report)) => {
                let why = report
                    .errors
                    .first()
                    .cloned()
                    .or_else(|| row.and_then(|c| c.detail))
                    .unwrap_or_else(|| "the re-sync left it open".into());
                r.message = format!("failed, still open: {why}");
            }
        }
    }
    Ok(())
}

/// Other open negative corrections on `tickets` (not `chosen`): ledger rows marked ignored
/// for one run, so netting one entry does not net its neighbours. Returns what to undo.
fn hold_back_negatives(
    env: &SyncEnv,
    conflicts: &[(ConflictRow, Choice)],
    tickets: &[i64],
    chosen: &[i64],
) -> anyhow::Result<Vec<(Pair, ZammadEntryId, Option<LedgerRow>)>> {
    let store = Store::open(&env.db_path)?;
    let Some((first, _)) = conflicts.first() else {
        return Ok(Vec::new());
    };
    let pair = pair_of(first);
    let mut held = Vec::new();
    for other in same_reason(&store, Reason::NegativeCorrection, -1)? {
        let on_ticket = source_of(&other).is_some_and(|s| tickets.contains(&s.ticket.0));
        if chosen.contains(&other.id) || !on_ticket || pair_of(&other) != pair {
            continue;
        }
        let Some(entry) = other.zammad_entry_id.map(ZammadEntryId) else {
            continue;
        };
        let previous = store.ledger_row(pair, entry)?;
        let mut row = previous
            .clone()
            .unwrap_or_else(|| LedgerRow::new(entry, LedgerState::Ignored));
        row.state = LedgerState::Ignored;
        store.ledger_put(pair, &row, None)?;
        held.push((pair, entry, previous));
    }
    Ok(held)
}

fn release(env: &SyncEnv, held: &[(Pair, ZammadEntryId, Option<LedgerRow>)]) -> anyhow::Result<()> {
    let store = Store::open(&env.db_path)?;
    for (pair, entry, previous) in held {
        match previous {
            Some(prev) => store.ledger_put(*pair, prev, None)?,
            None => store.ledger_delete(*pair, *entry)?,
        }
    }
    Ok(())
}

enum Step {
    Done(Status, String),
    /// Re-sync this ticket; the conflict closes when its entry syncs. If it stays open,
    /// the entry's ledger row is put back as it was (`restore`), so nothing is left
    /// half-applied for the next sync.
    Resync {
        ticket: i64,
        message: String,
        restore: Option<(ZammadEntryId, Option<LedgerRow>)>,
    },
}

fn entry_of(c: &ConflictRow) -> anyhow::Result<ZammadEntryId> {
    c.zammad_entry_id
        .map(ZammadEntryId)
        .ok_or_else(|| anyhow::anyhow!("conflict {} names no Zammad entry", c.id))
}

async fn current_view(conn: &Connected, ts: i64) -> anyhow::Result<Option<TimesheetView>> {
    match conn.kimai.timesheet(KimaiTimesheetId(ts)).await {
        Ok(t) => Ok(Some(view_of(&t))),
        Err(e) if e.kind == ApiErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("cannot read Kimai timesheet {ts}")),
    }
}

/// One audit row per conflict, with the final outcome (after any re-sync).
fn audit(store: &Store, env: &SyncEnv, c: &ConflictRow, choice: &Choice, r: &Resolved) {
    let event = crate::audit::AuditEvent {
        actor: env.actor.clone(),
        source: crate::audit::AuditSource::Cli,
        category: crate::audit::AuditCategory::Sync,
        action: "conflict.resolve".into(),
        target: Some(format!("conflict {}", c.id)),
        details: Some(serde_json::json!({
            "reason": c.reason, "action": choice.action, "entry": c.zammad_entry_id,
            "timesheet": c.kimai_timesheet_id, "activity": choice.activity, "user": choice.user, "outcome": r.status.as_str(), "message": r.message,
        })),
        ip: None,
        user_agent: None,
        run_id: None,
    };
    if let Err(e) = store.record_audit(&event) {
        tracing::warn!("cannot write audit row: {e:#}");
    }
}

async fn resolve_one(
    env: &SyncEnv,
    conn: &Connected,
    c: &ConflictRow,
    choice: &Choice,
) -> anyhow::Result<Step> {
    validate(c, choice).map_err(|m| anyhow::anyhow!(m))?;
    let store = Store::open(&env.db_path)?;
    let pair = pair_of(c);
    let done = |status: Status, msg: String| -> anyhow::Result<Step> {
        if status != Status::Open {
            store.set_conflict_status(
                c.id,
                status,
                Some(choice.action.as_str()),
                Some(&env.actor),
            )?;
        }
        Ok(Step::Done(status, msg))
    };
    let ticket = source_of(c)
        .map(|s| s.ticket.0)
        .or_else(|| {
            // Conflicts from Kimai's answers carry the ticket next to what was refused.
            c.source
                .as_ref()
                .and_then(|s| s.get("ticket"))
                .and_then(|t| t.as_i64())
        })
        .or_else(|| {
            c.zammad_entry_id
                .and_then(|e| store.ledger_row(pair, ZammadEntryId(e)).ok().flatten())
                .and_then(|r| r.ticket.map(|t| t.0))
        });
    match choice.action {
        Action::Skip => done(Status::Open, "skipped for now".into()),
        Action::Net => {
            let src = source_of(c)
                .ok_or_else(|| anyhow::anyhow!("conflict {} has no Zammad entry to net", c.id))?;
            Ok(Step::Resync {
                ticket: src.ticket.0,
                message: "shortened the matching timesheet".into(),
                restore: None,
            })
        }
        Action::Ignore => {
            if let Some(entry) = c.zammad_entry_id {
                let mut row = store
                    .ledger_row(pair, ZammadEntryId(entry))?
                    .unwrap_or_else(|| LedgerRow::new(ZammadEntryId(entry), LedgerState::Ignored));
                row.state = LedgerState::Ignored;
                row.timesheet = row.timesheet.or(c.kimai_timesheet_id.map(KimaiTimesheetId));
                store.ledger_put(pair, &row, None)?;
            }
            done(
                Status::Ignored,
                "ignored for good: future syncs leave this entry alone".into(),
            )
        }
        Action::KeepKimai => keep_kimai(conn, &store, pair, c)
            .await
            .and_then(|m| done(Status::Resolved, m)),
        Action::DeleteKimai => delete_kimai(conn, &store, pair, c)
            .await
            .and_then(|m| done(Status::Resolved, m)),
        Action::TakeZammad => {
            let entry = entry_of(c)?;
            let ts = c
                .kimai_timesheet_id
                .ok_or_else(|| anyhow::anyhow!("conflict {} names no Kimai timesheet", c.id))?;
            let Some(view) = current_view(conn, ts).await? else {
                // Deleted in Kimai meanwhile: writing Zammad's values means creating it again.
                let t =
                    ticket.ok_or_else(|| anyhow::anyhow!("conflict {}: unknown ticket", c.id))?;
                let previous = store.ledger_row(pair, entry)?;
                store.ledger_delete(pair, entry)?;
                return Ok(Step::Resync {
                    ticket: t,
                    message: format!(
                        "Kimai timesheet {ts} was gone; created again with Zammad's values"
                    ),
                    restore: Some((entry, previous)),
                });
            };
            let previous = store.ledger_row(pair, entry)?;
            let mut row = previous
                .clone()
                .unwrap_or_else(|| LedgerRow::new(entry, LedgerState::Synced));
            row.state = LedgerState::Synced;
            row.timesheet = Some(view.id);
            // Kimai's state is accepted as the base, Zammad's marked as changed: the
            // re-sync writes Zammad's values over it.
            row.mark_force_write();
            row.target_fingerprint = Some(view.fingerprint());
            row.target_snapshot = serde_json::to_string(&view).ok();
            store.ledger_put(pair, &row, None)?;
            let t = ticket
                .or(row.ticket.map(|t| t.0))
                .ok_or_else(|| anyhow::anyhow!("conflict {}: unknown ticket", c.id))?;
            Ok(Step::Resync {
                ticket: t,
                message: "Kimai overwritten with Zammad's values".into(),
                restore: Some((entry, previous)),
            })
        }
        Action::Recreate => {
            let entry = entry_of(c)?;
            let t = ticket.ok_or_else(|| anyhow::anyhow!("conflict {}: unknown ticket", c.id))?;
            let previous = store.ledger_row(pair, entry)?;
            store.ledger_delete(pair, entry)?;
            Ok(Step::Resync {
                ticket: t,
                message: "timesheet recreated in Kimai".into(),
                restore: Some((entry, previous)),
            })
        }
        Action::Map => {
            let src = source_of(c)
                .ok_or_else(|| anyhow::anyhow!("conflict {} has no Zammad side to map", c.id))?;
            match c.reason {
                Reason::UnmappedActivity => {
                    let target = choice.activity.expect("validated");
                    let t = src.type_id.ok_or_else(|| {
                        anyhow::anyhow!(
                            "the entry has no activity type; set sync.default_activity instead"
                        )
                    })?;
                    store.upsert_auto_mapping(
                        pair,
                        MappingSource::Activity(t),
                        src.type_name.as_deref(),
                        target,
                        &format!("activity {target}"),
                        false,
                    )?;
                }
                Reason::UnmappedUser => {
                    let target = choice.user.expect("validated");
                    store.upsert_auto_mapping(
                        pair,
                        MappingSource::User(src.agent),
                        Some(&src.agent_name),
                        target,
                        &format!("user {target}"),
                        false,
                    )?;
                }
                _ => {}
            }
            Ok(Step::Resync {
                ticket: src.ticket.0,
                message: "mapped; retried".into(),
                restore: None,
            })
        }
    }
}

async fn keep_kimai(
    conn: &Connected,
    store: &Store,
    pair: Pair,
    c: &ConflictRow,
) -> anyhow::Result<String> {
    let entry = entry_of(c)?;
    let mut row = store
        .ledger_row(pair, entry)?
        .unwrap_or_else(|| LedgerRow::new(entry, LedgerState::Synced));
    match c.reason {
        Reason::TargetDeleted => {
            row.state = LedgerState::Removed;
            store.ledger_put(pair, &row, None)?;
            Ok("accepted the deletion in Kimai".into())
        }
        // A locked timesheet without a Zammad side: its entry was deleted.
        Reason::SourceDeleted | Reason::LockedPeriod if c.source.is_none() => {
            row.state = LedgerState::Ignored;
            row.timesheet = row.timesheet.or(c.kimai_timesheet_id.map(KimaiTimesheetId));
            store.ledger_put(pair, &row, None)?;
            Ok("kept the Kimai timesheet; the deleted Zammad entry is no longer tracked".into())
        }
        _ => {
            let ts = c
                .kimai_timesheet_id
                .or(row.timesheet.map(|t| t.0))
                .ok_or_else(|| anyhow::anyhow!("conflict {} names no Kimai timesheet", c.id))?;
            let view = current_view(conn, ts)
                .await?
                .ok_or_else(|| anyhow::anyhow!("Kimai timesheet {ts} no longer exists"))?;
            row.state = LedgerState::Synced;
            row.timesheet = Some(view.id);
            row.target_fingerprint = Some(view.fingerprint());
            row.target_snapshot = serde_json::to_string(&view).ok();
            if let Some(src) = source_of(c) {
                row.set_source_fingerprint(src.fingerprint());
                row.ticket = Some(src.ticket);
            } else if let Some(fp) = c
                .source
                .as_ref()
                .and_then(|s| s.get("fingerprint"))
                .and_then(|f| f.as_str())
            {
                // A conflict from Kimai's answer: the Zammad state Kimai refused.
                row.set_source_fingerprint(fp.to_string());
            }
            store.ledger_put(pair, &row, None)?;
            Ok(format!("kept Kimai timesheet {ts} as it is"))
        }
    }
}

async fn delete_kimai(
    conn: &Connected,
    store: &Store,
    pair: Pair,
    c: &ConflictRow,
) -> anyhow::Result<String> {
    let entry = entry_of(c)?;
    if c.reason == Reason::DuplicateMarker {
        let mut found = super::fetch::find_by_marker(&conn.kimai, &conn.marker_key, entry).await?;
        found.sort_by_key(|v| v.id);
        // Keep the one the ledger links, else the one the conflict named, else the oldest.
        let linked = store.ledger_row(pair, entry)?;
        let linked_ts = linked
            .as_ref()
            .filter(|r| r.state == LedgerState::Synced)
            .and_then(|r| r.timesheet);
        let pick =
            |id: Option<KimaiTimesheetId>| id.and_then(|id| found.iter().position(|v| v.id == id));
        let Some(keep_at) = pick(linked_ts)
            .or_else(|| pick(c.kimai_timesheet_id.map(KimaiTimesheetId)))
            .or((!found.is_empty()).then_some(0))
        else {
            return Ok("no timesheet carries the marker any more".into());
        };
        let keep = found.remove(keep_at);
        for v in &found {
            match conn.kimai.delete_timesheet(v.id).await {
                Ok(()) => {}
                Err(e) if e.kind == ApiErrorKind::NotFound => {}
                Err(e) => {
                    return Err(e)
                        .with_context(|| format!("cannot delete Kimai timesheet {}", v.id));
                }
            }
        }
        if linked_ts != Some(keep.id) {
            let mut row = LedgerRow::new(entry, LedgerState::Synced);
            row.timesheet = Some(keep.id);
            row.target_fingerprint = Some(keep.fingerprint());
            row.target_snapshot = serde_json::to_string(&keep).ok();
            if let Some(src) = source_of(c) {
                row.set_source_fingerprint(src.fingerprint());
                row.ticket = Some(src.ticket);
            }
            store.ledger_put(pair, &row, None)?;
        }
        let removed: Vec<String> = found.iter().map(|v| v.id.to_string()).collect();
        return Ok(format!(
            "deleted duplicate timesheet{} {}, kept timesheet {}",
            if removed.len() == 1 { "" } else { "s" },
            removed.join(", "),
            keep.id
        ));
    }
    let ts = c
        .kimai_timesheet_id
        .ok_or_else(|| anyhow::anyhow!("conflict {} names no Kimai timesheet", c.id))?;
    match conn.kimai.delete_timesheet(KimaiTimesheetId(ts)).await {
        Ok(()) => {}
        Err(e) if e.kind == ApiErrorKind::NotFound => {}
        Err(e) => return Err(e).with_context(|| format!("cannot delete Kimai timesheet {ts}")),
    }
    let mut row = store
        .ledger_row(pair, entry)?
        .unwrap_or_else(|| LedgerRow::new(entry, LedgerState::Removed));
    row.state = LedgerState::Removed;
    row.timesheet = Some(KimaiTimesheetId(ts));
    store.ledger_put(pair, &row, None)?;
    Ok(format!("deleted Kimai timesheet {ts}"))
}

/// Other open conflicts with the same reason (for "apply to all").
pub(crate) fn same_reason(
    store: &Store,
    reason: Reason,
    except: i64,
) -> anyhow::Result<Vec<ConflictRow>> {
    Ok(store
        .list_conflicts(&ConflictFilter {
            status: Some(Status::Open),
            reason: Some(reason),
            ..Default::default()
        })?
        .into_iter()
        .filter(|c| c.id != except)
        .collect())
}

/// A mapping fixes every open conflict of the same type (or agent): retry those too.
fn expand_map(
    db: &std::path::Path,
    chosen: &[(ConflictRow, Choice)],
) -> anyhow::Result<Vec<(ConflictRow, Choice)>> {
    let mut out: Vec<(ConflictRow, Choice)> = chosen.to_vec();
    let store = Store::open(db)?;
    for (c, choice) in chosen {
        if choice.action != Action::Map {
            continue;
        }
        let Some(src) = source_of(c) else { continue };
        for other in same_reason(&store, c.reason, c.id)? {
            if out.iter().any(|(o, _)| o.id == other.id) {
                continue;
            }
            let Some(osrc) = source_of(&other) else {
                continue;
            };
            let same = match c.reason {
                Reason::UnmappedActivity => osrc.type_id == src.type_id,
                Reason::UnmappedUser => osrc.agent == src.agent,
                _ => false,
            };
            if same {
                out.push((other, *choice));
            }
        }
    }
    Ok(out)
}
