//! Record: what a run did, in the store. The run's conflicts, and per item the line
//! `syncd runs show` lists (best effort: failing to note an outcome never fails the item;
//! the ledger rows that carry exactly-once are written by `apply` under the run's fence).

use super::apply::{ApplyCtx, ItemOutcome};
use super::plan::{Item, Op};
use crate::store::Store;
use crate::store::conflicts::NewConflict;
use crate::store::runs::RunEntry;

/// Store the plan's conflicts.
pub(crate) fn record_conflicts(ctx: &ApplyCtx, conflicts: &[NewConflict]) -> anyhow::Result<()> {
    ctx.write(|store| {
        for c in conflicts {
            store.upsert_conflict(ctx.pair, c, Some(&ctx.run_id))?;
            record_run_entry(
                store,
                &ctx.run_id,
                RunEntry {
                    entry: c.entry.map(|e| e.0),
                    ticket_number: c.ticket_number.clone(),
                    timesheet: c.timesheet.map(|t| t.0),
                    outcome: "conflict".into(),
                    reason: Some(c.reason.to_string()),
                    error: c.detail.clone(),
                },
            );
        }
        Ok(())
    })
}

/// What the run did with one item, for `syncd runs show` (best effort: a failure to
/// record it is logged, never fails the item).
pub(super) fn record_entry(ctx: &ApplyCtx, item: &Item, outcome: &ItemOutcome) {
    let (name, error) = match outcome {
        // Recorded with its ledger row ([`record_created_entry`]).
        ItemOutcome::Created => return,
        ItemOutcome::Updated => ("updated", None),
        ItemOutcome::Deleted => ("deleted", None),
        ItemOutcome::Linked => ("linked", None),
        ItemOutcome::Skipped => ("skipped", None),
        ItemOutcome::Conflict => ("conflict", None),
        ItemOutcome::Unsettled => (
            "unsettled",
            Some(
                "Kimai's answer was unclear; checked by marker once sync.settle_secs passed".into(),
            ),
        ),
        ItemOutcome::Waiting => (
            "waiting",
            Some("its customer, project or activity waits to settle".into()),
        ),
        ItemOutcome::Failed { message, .. } => ("failed", Some(message.clone())),
    };
    ctx.with(|store| {
        let timesheet = match &item.op {
            Op::Update { timesheet, .. } | Op::Delete { timesheet, .. } => Some(timesheet.0),
            Op::Link { timesheet } => Some(timesheet.id.0),
            Op::Create { .. } => store
                .ledger_row(ctx.pair, item.entry)
                .ok()
                .flatten()
                .and_then(|r| r.timesheet.map(|t| t.0)),
            Op::Skip { .. } => None,
        };
        // A conflict raised by Kimai's answer: its reason and detail were just stored.
        let (reason, error) = match outcome {
            ItemOutcome::Conflict => match store.latest_open_conflict(ctx.pair, item.entry) {
                Ok(Some((reason, detail))) => (Some(reason), detail),
                _ => (None, None),
            },
            _ => (None, error),
        };
        record_run_entry(
            store,
            &ctx.run_id,
            RunEntry {
                entry: Some(item.entry.0),
                ticket_number: item.ticket_number.as_deref().map(str::to_string),
                timesheet,
                outcome: name.into(),
                reason,
                error,
            },
        );
    })
}

/// A create applied as sent, recorded in the commit that marks its ledger row synced.
pub(super) fn record_created_entry(
    store: &Store,
    run_id: &str,
    item: &Item,
    timesheet: crate::ids::KimaiTimesheetId,
) {
    record_run_entry(
        store,
        run_id,
        RunEntry {
            entry: Some(item.entry.0),
            ticket_number: item.ticket_number.as_deref().map(str::to_string),
            timesheet: Some(timesheet.0),
            outcome: "created".into(),
            reason: None,
            error: None,
        },
    );
}

fn record_run_entry(store: &Store, run_id: &str, e: RunEntry) {
    if let Err(err) = store.record_run_entry(run_id, &e) {
        tracing::warn!("cannot record the outcome of entry {:?}: {err:#}", e.entry);
    }
}
