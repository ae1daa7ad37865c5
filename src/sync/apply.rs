//! Apply: carry out a plan against Kimai with bounded concurrency, committing the ledger
//! per item so a crash loses nothing. A create is never sent again blind: a `pending` row
//! is written (under the run's lease) before the POST, an answer that proves nothing was
//! stored is retried after a marker search, and an ambiguous answer leaves the row pending
//! until `sync.settle_secs` have passed (see `settle`).

use super::fetch::{find_by_marker, view_of};
use super::model::{Desired, TimesheetView, timestamp_text};
use super::plan::{DuplicateCopies, EntrySources, FreshCreates, Item, Op};
use super::references::ResolvedRefs;
use super::rounding::{self, RoundingSeen, Sample, Sent, Stored};
use super::settle::SettleWindow;
use super::{wallclock, zones};
use crate::conflicts::Reason;
use crate::http::{ApiError, ApiErrorKind, Replay};
use crate::ids::*;
use crate::kimai::{KimaiClient, TimesheetWrite};
use crate::store::StoreHandle;
use crate::store::conflicts::NewConflict;
use crate::store::run_changes::{ChangeAction, NewChange};
use crate::store::{Fence, LedgerRow, LedgerState, Pair, Store};
use crate::sync::Counts;
use chrono::Utc;
use chrono_tz::Tz;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::Semaphore;

/// What apply needs besides the plan.
pub(crate) struct ApplyCtx {
    pub kimai: Arc<KimaiClient>,
    pub store: StoreHandle,
    pub pair: Pair,
    pub run_id: String,
    pub marker_key: String,
    pub api_timezone: Tz,
    /// Owners' timezones as known (the API user's included), for PATCHes.
    pub user_timezones: HashMap<KimaiUserId, Tz>,
    /// How Kimai was seen rounding before this run.
    pub rounding: RoundingSeen,
    /// What this run sent and Kimai stored, to learn Kimai's rounding rule.
    /// Kimai's rounding, learned from this run's writes.
    pub rounding_seen: Mutex<rounding::Learner>,
    pub concurrency: usize,
    /// Where progress goes (one event per item).
    pub events: super::events::Events,
    /// Set by SIGTERM/SIGINT: finish the item in flight, start no new one.
    pub stop: Arc<AtomicBool>,
    /// The run's hold on the lease; every store write checks it.
    pub fence: Fence,
    /// Set when a heartbeat failed or found the lease taken: no further Kimai write.
    pub lease_lost: Arc<AtomicBool>,
    pub settle: SettleWindow,
}

/// What happened.
#[derive(Debug, Default)]
pub(crate) struct Applied {
    pub counts: Counts,
    pub errors: Vec<String>,
    /// Items that failed with errors worth retrying later (the run exits 75).
    pub retryable_failures: u64,
    pub interrupted: bool,
    /// Extra copies syncd deleted (`sync.duplicates: delete-extra`).
    pub duplicates_removed: Vec<RemovedDuplicate>,
    /// Worth saying, not worth failing the run for (the sync tag).
    pub warnings: Vec<String>,
}

/// One extra timesheet deleted because another one carries the same marker.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RemovedDuplicate {
    pub entry: ZammadEntryId,
    pub kept: KimaiTimesheetId,
    pub removed: KimaiTimesheetId,
}

fn locked(err: &ApiError) -> bool {
    match &err.kind {
        ApiErrorKind::Validation(fields) => fields
            .iter()
            .any(|f| f.message.to_lowercase().contains("locked")),
        _ => false,
    }
}

fn field_messages(err: &ApiError) -> String {
    match &err.kind {
        // TimesheetVoter refuses changes to exported records and to the locked period
        // (the body only says "Forbidden").
        ApiErrorKind::Forbidden => format!(
            "{err}: the timesheet is exported or in a locked period, or it belongs to a user \
             the API user may not edit (permissions edit_exported_timesheet, \
             lockdown_override_timesheet, edit_other_timesheet)"
        ),
        ApiErrorKind::Validation(fields) if !fields.is_empty() => fields
            .iter()
            .map(|f| {
                if f.field.is_empty() {
                    f.message.clone()
                } else {
                    format!("field `{}`: {}", f.field, f.message)
                }
            })
            .collect::<Vec<_>>()
            .join("; "),
        _ => err.message.clone(),
    }
}

impl ApplyCtx {
    /// A store read (or a write that needs no fence: caches, run records).
    pub(crate) fn with<R>(&self, f: impl FnOnce(&Store) -> R) -> R {
        self.store.with(f)
    }

    /// A store write under the run's lease: fails (exit 75) once another run took it.
    pub(crate) fn write<T>(
        &self,
        write: impl FnOnce(&Store) -> crate::store::Result<T>,
    ) -> anyhow::Result<T> {
        self.check_heartbeat()?;
        Ok(self.store.with(|s| s.fenced(self.fence, write))?)
    }

    /// Before a Kimai write that is not preceded by a ledger write (PATCH, DELETE).
    pub(crate) fn check_lease(&self) -> anyhow::Result<()> {
        self.write(|_| Ok(()))
    }

    fn check_heartbeat(&self) -> anyhow::Result<()> {
        if self.lease_lost.load(Ordering::SeqCst) {
            return Err(crate::Error::retryable(
                "this sync could not keep its lease (the store was unavailable or another \
                 run took it over); it stopped before its next Kimai write. Run the sync again",
            )
            .into());
        }
        Ok(())
    }

    fn conflict(
        &self,
        reason: Reason,
        item: &Item,
        timesheet: Option<KimaiTimesheetId>,
        target: Option<&TimesheetView>,
        detail: String,
    ) -> anyhow::Result<()> {
        let c = NewConflict {
            reason,
            entry: Some(item.entry),
            timesheet,
            ticket_number: item.ticket_number.as_deref().map(str::to_string),
            customer: None,
            // What Kimai refused, with the ticket so a resolution can re-sync it.
            source: match &item.op {
                Op::Create { desired } | Op::Update { desired, .. } => {
                    let mut v = item
                        .source
                        .as_ref()
                        .and_then(|e| serde_json::to_value(e).ok())
                        .unwrap_or_else(|| {
                            serde_json::json!({
                                "id": item.entry,
                                "ticket": item.ticket,
                                "ticket_number": item.ticket_number,
                            })
                        });
                    if let Some(obj) = v.as_object_mut() {
                        obj.insert("fingerprint".into(), item.source_fingerprint.clone().into());
                        obj.insert(
                            "desired".into(),
                            serde_json::to_value(desired).unwrap_or_default(),
                        );
                    }
                    Some(v)
                }
                _ => None,
            },
            target: target.and_then(|t| serde_json::to_value(t).ok()),
            detail: Some(detail),
        };
        self.write(|s| {
            s.upsert_conflict(self.pair, &c, Some(&self.run_id))
                .map(|_| ())
        })
    }

    /// POST the timesheet at most once per unclear answer. Before each send the pending row
    /// is written with the send time (under the lease, so a run that lost it stops here);
    /// before sending again after a refusal, the marker is searched in case it landed.
    async fn create_timesheet(
        &self,
        item: &Item,
        write: &TimesheetWrite,
    ) -> anyhow::Result<TimesheetView> {
        let mut pending = LedgerRow::new(item.entry, LedgerState::Pending);
        pending.ticket = item.ticket;
        pending.source_fingerprint = item.source_fingerprint.clone();
        let pending = &Mutex::new(pending);
        self.kimai
            .retry_policy()
            .run(Replay::Create, |attempt| async move {
                if attempt > 1
                    && let Some(found) = self.search_marker(item.entry).await?
                {
                    return Ok(found);
                }
                let row = {
                    let mut row = pending.lock().expect("pending row");
                    row.sent_at = Some(Utc::now());
                    row.clone()
                };
                self.write(|s| s.ledger_put(self.pair, &row, Some(&self.run_id)))?;
                Ok(view_of(&self.kimai.create_timesheet(write).await?))
            })
            .await
    }

    async fn search_marker(&self, entry: ZammadEntryId) -> Result<Option<TimesheetView>, ApiError> {
        let found = find_by_marker(&self.kimai, &self.marker_key, entry).await?;
        Ok(found.into_iter().min_by_key(|v| v.id))
    }

    fn write_for(&self, d: &Desired, tz: Tz, ids: &ResolvedRefs) -> Option<TimesheetWrite> {
        Some(TimesheetWrite {
            begin: Some(wallclock::local(d.begin, tz)),
            end: Some(wallclock::local(d.end, tz)),
            project: Some(ids.project(d.project)?),
            activity: Some(ids.activity(d.activity)?),
            description: Some(d.description.clone()),
            tags: Some(d.tags.clone()),
            user: d.user,
        })
    }

    fn synced_row(&self, item: &Item, view: &TimesheetView) -> LedgerRow {
        LedgerRow {
            entry: item.entry,
            timesheet: Some(view.id),
            state: LedgerState::Synced,
            ticket: item.ticket,
            source_fingerprint: item.source_fingerprint.clone(),
            force_write: false,
            target_fingerprint: Some(view.fingerprint()),
            target_snapshot: serde_json::to_string(view).ok(),
            source_updated_at: item.source_updated_at.map(timestamp_text),
            sent_at: None,
        }
    }

    /// Compare what Kimai stored with what was sent. A difference that is not rounding is
    /// a loud error: the timesheet is linked (never booked twice) and held as a conflict.
    fn check_answer(
        &self,
        item: &Item,
        write: &TimesheetWrite,
        desired: &Desired,
        view: &TimesheetView,
    ) -> anyhow::Result<Option<ItemOutcome>> {
        match self.stored_otherwise(write, desired, view) {
            None => Ok(None),
            Some(what) => self.stored_mismatch(item, view, &what).map(Some),
        }
    }

    /// What Kimai stored differently from what was sent, beyond its rounding (None: as
    /// sent). What it did to the times is a sample of its rounding rule.
    fn stored_otherwise(
        &self,
        write: &TimesheetWrite,
        desired: &Desired,
        view: &TimesheetView,
    ) -> Option<String> {
        let sent = Sent {
            begin: desired.begin,
            end: desired.end,
            project: write.project.unwrap_or(view.project),
            activity: write.activity.unwrap_or(view.activity),
            user: write.user,
            description: write.description.clone().unwrap_or_default(),
        };
        match rounding::check_stored(&sent, view, self.rounding) {
            Stored::Exact | Stored::Rounded => {
                self.rounding_seen
                    .lock()
                    .expect("rounding lock")
                    .add(Sample {
                        sent: (sent.begin, sent.end),
                        stored: (view.begin, view.end.unwrap_or(view.begin)),
                    });
                None
            }
            Stored::Mismatch(what) => Some(what),
        }
    }

    /// Kimai stored `what` differently: the timesheet is linked and held as a
    /// target-rejected conflict.
    fn stored_mismatch(
        &self,
        item: &Item,
        view: &TimesheetView,
        what: &str,
    ) -> anyhow::Result<ItemOutcome> {
        let message = format!(
            "entry {}: Kimai stored timesheet {} with {what}; it is kept as a target-rejected \
             conflict (take-zammad writes Zammad's values again)",
            item.entry, view.id
        );
        self.record_synced(item, view, false)?;
        self.conflict(
            Reason::TargetRejected,
            item,
            Some(view.id),
            Some(view),
            message.clone(),
        )?;
        Ok(ItemOutcome::Failed {
            message,
            retryable: false,
        })
    }

    /// Kimai's rounding rule put back the end a net correction shortened: the correction
    /// cannot be booked. The entry is held as skipped (no PATCH again) with a conflict
    /// that says why; the conflict names no timesheet, as deleting it is no answer.
    fn correction_rounded_back(
        &self,
        item: &Item,
        view: &TimesheetView,
        desired: &Desired,
    ) -> anyhow::Result<ItemOutcome> {
        let mut row = LedgerRow::new(item.entry, LedgerState::Skipped);
        row.ticket = item.ticket;
        row.source_fingerprint = item.source_fingerprint.clone();
        row.source_updated_at = item.source_updated_at.map(timestamp_text);
        self.write(|store| store.ledger_put(self.pair, &row, Some(&self.run_id)))?;
        let at = |t: Option<chrono::DateTime<chrono::Utc>>| {
            t.map_or("(running)".into(), |t| t.format("%H:%M UTC").to_string())
        };
        self.conflict(
            Reason::NegativeCorrection,
            item,
            None,
            Some(view),
            format!(
                "Kimai rounds times (its rounding rule): it put the shortened end of timesheet {} \
                 back from {} to {}, so this correction cannot be booked there; book corrections \
                 in whole steps of Kimai's rounding, or change the timesheet by hand",
                view.id,
                at(Some(desired.end)),
                at(view.end)
            ),
        )?;
        Ok(ItemOutcome::Conflict)
    }

    /// The entry's ledger row before this run writes it (for undo).
    fn ledger_before(&self, item: &Item) -> anyhow::Result<Option<LedgerRow>> {
        Ok(self.with(|s| s.ledger_row(self.pair, item.entry))?)
    }

    /// Record a write Kimai applied, with the timesheet before and after it, so the run
    /// can be undone.
    fn record_change(
        &self,
        item: &Item,
        action: ChangeAction,
        timesheet: KimaiTimesheetId,
        before: Option<&TimesheetView>,
        after: Option<&TimesheetView>,
        ledger_before: Option<&LedgerRow>,
    ) -> anyhow::Result<()> {
        let before = before.map(serde_json::to_string).transpose()?;
        let after = after.map(serde_json::to_string).transpose()?;
        let change = NewChange {
            entry: item.entry,
            timesheet,
            action,
            before: before.as_deref(),
            after: after.as_deref(),
            ledger_before,
        };
        self.write(|s| s.record_run_change(&self.run_id, self.pair, &change))
    }

    /// A create Kimai applied as sent: the run's change (for undo), the synced ledger row,
    /// the entry's settled conflicts and its line in the run, in one commit (a crash
    /// before it leaves the row pending, settled by marker search like any unclear answer).
    fn record_created(
        &self,
        item: &Item,
        view: &TimesheetView,
        ledger_before: Option<&LedgerRow>,
        had_conflicts: bool,
    ) -> anyhow::Result<()> {
        let after = serde_json::to_string(view)?;
        let change = NewChange {
            entry: item.entry,
            timesheet: view.id,
            action: ChangeAction::Create,
            before: None,
            after: Some(&after),
            ledger_before,
        };
        let row = self.synced_row(item, view);
        self.write(|s| {
            s.record_run_change(&self.run_id, self.pair, &change)?;
            s.ledger_put(self.pair, &row, Some(&self.run_id))?;
            if had_conflicts {
                s.resolve_entry_conflicts(self.pair, item.entry, "synced")?;
            }
            super::record::record_created_entry(s, &self.run_id, item, view.id);
            Ok(())
        })
    }

    fn record_synced(
        &self,
        item: &Item,
        view: &TimesheetView,
        had_conflicts: bool,
    ) -> anyhow::Result<()> {
        let row = self.synced_row(item, view);
        self.write(|store| {
            store.ledger_put(self.pair, &row, Some(&self.run_id))?;
            if had_conflicts {
                store.resolve_entry_conflicts(self.pair, item.entry, "synced")?;
            }
            Ok(())
        })
    }
}

/// Tags for a PATCH: `None` (leave the list alone) when it already has ours, else the
/// record's tags plus ours. Kimai matches tag names case-insensitively.
fn tags_for_update(current: &[String], ours: &[String]) -> Option<Vec<String>> {
    let has = |t: &String| current.iter().any(|c| c.eq_ignore_ascii_case(t));
    if ours.iter().all(has) {
        return None;
    }
    let mut all = current.to_vec();
    all.extend(ours.iter().filter(|t| !has(t)).cloned());
    Some(all)
}

pub(super) enum ItemOutcome {
    Created,
    Updated,
    Deleted,
    Linked,
    Skipped,
    Conflict,
    /// Sent, answer unclear: pending until it settles.
    Unsettled,
    /// Not sent: a customer, project or activity it needs waits to settle.
    Waiting,
    Failed {
        message: String,
        retryable: bool,
    },
}

/// A create or update whose project or activity is not there (yet).
fn missing_reference(item: &Item, desired: &Desired, refs: &ResolvedRefs) -> ItemOutcome {
    if refs.waits_for(desired) {
        return ItemOutcome::Waiting;
    }
    ItemOutcome::Failed {
        message: format!(
            "entry {}: its Kimai project or activity could not be created",
            item.entry
        ),
        retryable: true,
    }
}

async fn apply_item(
    ctx: &ApplyCtx,
    item: &Item,
    refs: &ResolvedRefs,
    had_conflicts: bool,
) -> anyhow::Result<ItemOutcome> {
    match &item.op {
        Op::Create { desired } => {
            let Some(write) = ctx.write_for(desired, ctx.api_timezone, refs) else {
                return Ok(missing_reference(item, desired, refs));
            };
            let ledger_before = ctx.ledger_before(item)?;
            match ctx.create_timesheet(item, &write).await {
                Ok(view) => {
                    let Some(what) = ctx.stored_otherwise(&write, desired, &view) else {
                        ctx.record_created(item, &view, ledger_before.as_ref(), had_conflicts)?;
                        return Ok(ItemOutcome::Created);
                    };
                    ctx.record_change(
                        item,
                        ChangeAction::Create,
                        view.id,
                        None,
                        Some(&view),
                        ledger_before.as_ref(),
                    )?;
                    ctx.stored_mismatch(item, &view, &what)
                }
                Err(e) => {
                    let e = e.downcast::<ApiError>()?;
                    if e.is_unknown() {
                        // It may be stored: the row stays pending with its send time.
                        tracing::info!("entry {}: {e}; waits to settle", item.entry);
                        return Ok(ItemOutcome::Unsettled);
                    }
                    // Kimai provably stored nothing.
                    ctx.write(|s| s.ledger_delete(ctx.pair, item.entry))?;
                    if e.is_retryable() {
                        return Ok(ItemOutcome::Failed {
                            message: format!("entry {}: {e}", item.entry),
                            retryable: true,
                        });
                    }
                    let reason = if locked(&e) {
                        Reason::LockedPeriod
                    } else {
                        Reason::TargetRejected
                    };
                    ctx.conflict(
                        reason,
                        item,
                        None,
                        None,
                        format!("Kimai rejected the timesheet: {}", field_messages(&e)),
                    )?;
                    Ok(ItemOutcome::Conflict)
                }
            }
        }
        Op::Update {
            timesheet,
            owner,
            desired,
            before,
        } => {
            // Kimai reads a PATCH's times in the record's timezone, not the API user's.
            let known = ctx.user_timezones.get(owner).copied();
            let tz = match zones::for_patch(*owner, known, before, desired.begin, desired.end) {
                Ok(tz) => tz,
                Err(why) => {
                    ctx.conflict(
                        Reason::UnknownTimezone,
                        item,
                        Some(*timesheet),
                        Some(before),
                        why,
                    )?;
                    return Ok(ItemOutcome::Conflict);
                }
            };
            let Some(mut write) = ctx.write_for(desired, tz, refs) else {
                return Ok(missing_reference(item, desired, refs));
            };
            // A PATCH's tags replace the record's list: keep the tags people added.
            write.tags = tags_for_update(&before.tags, &desired.tags);
            let ledger_before = ctx.ledger_before(item)?;
            ctx.check_lease()?;
            match ctx.kimai.update_timesheet(*timesheet, &write).await {
                Ok(t) => {
                    let view = view_of(&t);
                    ctx.record_change(
                        item,
                        ChangeAction::Update,
                        view.id,
                        Some(before),
                        Some(&view),
                        ledger_before.as_ref(),
                    )?;
                    // Every entry linked to this timesheet (net corrections) sees it as written.
                    let snapshot = serde_json::to_string(&view)?;
                    ctx.write(|store| {
                        store.ledger_retarget(ctx.pair, view.id, &view.fingerprint(), &snapshot)
                    })?;
                    if let Some(failed) = ctx.check_answer(item, &write, desired, &view)? {
                        return Ok(failed);
                    }
                    let correction = item.source.as_ref().is_some_and(|s| s.minutes < 0);
                    if correction && view.end != Some(desired.end) {
                        return ctx.correction_rounded_back(item, &view, desired);
                    }
                    ctx.record_synced(item, &view, had_conflicts)?;
                    Ok(ItemOutcome::Updated)
                }
                Err(e) if e.kind == ApiErrorKind::NotFound => {
                    ctx.conflict(
                        Reason::TargetDeleted,
                        item,
                        Some(*timesheet),
                        Some(before),
                        format!("timesheet {timesheet} no longer exists in Kimai"),
                    )?;
                    Ok(ItemOutcome::Conflict)
                }
                Err(e) if e.kind == ApiErrorKind::Forbidden || locked(&e) => {
                    ctx.conflict(
                        Reason::LockedPeriod,
                        item,
                        Some(*timesheet),
                        Some(before),
                        format!("Kimai refused the change: {}", field_messages(&e)),
                    )?;
                    Ok(ItemOutcome::Conflict)
                }
                Err(e) if e.is_retryable() => Ok(ItemOutcome::Failed {
                    message: format!("entry {}: {e}", item.entry),
                    retryable: true,
                }),
                Err(e) => {
                    ctx.conflict(
                        Reason::TargetRejected,
                        item,
                        Some(*timesheet),
                        Some(before),
                        format!("Kimai rejected the change: {}", field_messages(&e)),
                    )?;
                    Ok(ItemOutcome::Conflict)
                }
            }
        }
        Op::Delete { timesheet, before } => {
            let ledger_before = ctx.ledger_before(item)?;
            ctx.check_lease()?;
            match ctx.kimai.delete_timesheet(*timesheet).await {
                Ok(()) => {
                    ctx.record_change(
                        item,
                        ChangeAction::Delete,
                        *timesheet,
                        before.as_deref(),
                        None,
                        ledger_before.as_ref(),
                    )?;
                    let mut row = LedgerRow::new(item.entry, LedgerState::Removed);
                    row.timesheet = Some(*timesheet);
                    row.ticket = item.ticket;
                    ctx.write(|s| s.ledger_put(ctx.pair, &row, Some(&ctx.run_id)))?;
                    Ok(ItemOutcome::Deleted)
                }
                Err(ApiError {
                    kind: ApiErrorKind::NotFound,
                    ..
                }) => {
                    let mut row = LedgerRow::new(item.entry, LedgerState::Removed);
                    row.timesheet = Some(*timesheet);
                    row.ticket = item.ticket;
                    ctx.write(|s| s.ledger_put(ctx.pair, &row, Some(&ctx.run_id)))?;
                    Ok(ItemOutcome::Deleted)
                }
                Err(e) if e.kind == ApiErrorKind::Forbidden => {
                    ctx.conflict(
                        Reason::LockedPeriod,
                        item,
                        Some(*timesheet),
                        None,
                        format!("Kimai refused to delete: {}", field_messages(&e)),
                    )?;
                    Ok(ItemOutcome::Conflict)
                }
                Err(e) => Ok(ItemOutcome::Failed {
                    message: format!("entry {}: {e}", item.entry),
                    retryable: e.is_retryable(),
                }),
            }
        }
        Op::Link { timesheet } => {
            ctx.record_synced(item, timesheet, had_conflicts)?;
            Ok(ItemOutcome::Linked)
        }
        Op::Skip { .. } => {
            ctx.write(|store| {
                if item.source_fingerprint.is_none() {
                    // Deleted on both sides.
                    store.ledger_delete(ctx.pair, item.entry)
                } else {
                    let mut row = LedgerRow::new(item.entry, LedgerState::Skipped);
                    row.ticket = item.ticket;
                    row.source_fingerprint = item.source_fingerprint.clone();
                    row.source_updated_at = item.source_updated_at.map(timestamp_text);
                    store.ledger_put(ctx.pair, &row, Some(&ctx.run_id))
                }
            })?;
            Ok(ItemOutcome::Skipped)
        }
    }
}

/// Apply every item; `entries_with_conflicts` lists entries that had open conflicts.
pub(crate) async fn apply_items(
    ctx: Arc<ApplyCtx>,
    items: Vec<Item>,
    fresh: FreshCreates,
    sources: Arc<EntrySources>,
    refs: ResolvedRefs,
    entries_with_conflicts: Arc<std::collections::HashSet<ZammadEntryId>>,
    applied: &mut Applied,
) -> anyhow::Result<()> {
    let sem = Arc::new(Semaphore::new(ctx.concurrency.max(1)));
    let refs = Arc::new(refs);
    let mut set = tokio::task::JoinSet::new();
    // Compact creates become whole items one at a time, as they are applied.
    let made = fresh.creates.iter().map(|c| match sources.get(c.entry) {
        Some(entry) => Ok(fresh.item(c, entry)),
        None => Err(c.entry),
    });
    for next in items.into_iter().map(Ok).chain(made) {
        let mut item = match next {
            Ok(item) => item,
            Err(entry) => {
                // Never expected (the plan keeps the entry of every create it planned);
                // failing keeps the cursor, so the entry is read again next run.
                tally(
                    ItemOutcome::Failed {
                        message: format!(
                            "entry {entry}: planned, but its Zammad record was not kept; nothing was written"
                        ),
                        retryable: false,
                    },
                    applied,
                );
                continue;
            }
        };
        item.source = sources.get(item.entry).cloned().map(Box::new);
        let permit = sem.clone().acquire_owned().await?;
        if ctx.stop.load(Ordering::SeqCst) {
            applied.interrupted = true;
            break;
        }
        ctx.check_heartbeat()?;
        let (ctx, refs, conflicted) = (ctx.clone(), refs.clone(), entries_with_conflicts.clone());
        set.spawn(async move {
            let _permit = permit;
            let had = conflicted.contains(&item.entry);
            let outcome = apply_item(&ctx, &item, &refs, had).await;
            if let Ok(o) = &outcome {
                super::record::record_entry(&ctx, &item, o);
            }
            ctx.events.emit(super::events::Event::ItemDone);
            outcome
        });
        while let Some(done) = set.try_join_next() {
            tally(done??, applied);
        }
    }
    while let Some(done) = set.join_next().await {
        tally(done??, applied);
    }
    Ok(())
}

fn tally(outcome: ItemOutcome, applied: &mut Applied) {
    let c = &mut applied.counts;
    match outcome {
        ItemOutcome::Created => c.created += 1,
        ItemOutcome::Updated => c.updated += 1,
        ItemOutcome::Deleted => c.deleted += 1,
        ItemOutcome::Linked => c.linked += 1,
        ItemOutcome::Skipped => c.skipped += 1,
        ItemOutcome::Conflict => c.conflicts += 1,
        ItemOutcome::Unsettled => c.unsettled += 1,
        ItemOutcome::Waiting => c.waiting += 1,
        ItemOutcome::Failed { message, retryable } => {
            c.failed += 1;
            if retryable {
                applied.retryable_failures += 1;
            }
            if applied.errors.len() < 50 {
                applied.errors.push(message);
            }
        }
    }
}

/// Delete extra copies of timesheets (`sync.duplicates: delete-extra`), keeping the one the
/// ledger links; each removal is listed in the run.
pub(crate) async fn remove_duplicates(
    ctx: &ApplyCtx,
    copies: &[DuplicateCopies],
    applied: &mut Applied,
) -> anyhow::Result<()> {
    for d in copies {
        for extra in &d.extra {
            ctx.check_lease()?;
            match ctx.kimai.delete_timesheet(*extra).await {
                Ok(())
                | Err(ApiError {
                    kind: ApiErrorKind::NotFound,
                    ..
                }) => {
                    applied.counts.duplicates_removed += 1;
                    applied.duplicates_removed.push(RemovedDuplicate {
                        entry: d.entry,
                        kept: d.keep,
                        removed: *extra,
                    });
                }
                Err(e) => {
                    if e.is_retryable() {
                        applied.retryable_failures += 1;
                    }
                    applied.errors.push(format!(
                        "cannot delete timesheet {extra}, a duplicate of {} (Zammad entry {}): {e}",
                        d.keep, d.entry
                    ));
                }
            }
        }
    }
    Ok(())
}
