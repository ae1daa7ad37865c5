//! The steps of an undo: whether Kimai still holds what the run wrote, and taking one
//! write back (delete, restore, recreate) with the ledger following.

use super::connect::Connected;
use super::fetch::{find_by_marker, view_of};
use super::model::TimesheetView;
use super::session::Session;
use super::undo::{UndoReport, UndoRequest, Undone, UndoneChange};
use super::{wallclock, zones};
use crate::conflicts::Reason;
use crate::error::Error;
use crate::http::{ApiError, ApiErrorKind};
use crate::ids::*;
use crate::kimai::{KimaiClient, TimesheetWrite};
use crate::store::StoreHandle;
use crate::store::conflicts::NewConflict;
use crate::store::run_changes::{ChangeAction, RunChange};
use crate::store::runs::RunEntry;
use crate::store::{LedgerRow, LedgerState, Pair, Store};
use chrono::{DateTime, Utc};
use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether Kimai holds what the run wrote.
enum Holds {
    Yes(TimesheetView),
    Gone,
    /// Changed since: by this later run, or by a person.
    Changed {
        now: TimesheetView,
        by_run: Option<String>,
    },
}

/// One outcome with its detail.
struct Step {
    outcome: Undone,
    detail: Option<String>,
    new_timesheet: Option<KimaiTimesheetId>,
    reason: Option<Reason>,
    retryable: bool,
}

impl Step {
    fn new(outcome: Undone, detail: impl Into<Option<String>>) -> Step {
        Step {
            outcome,
            detail: detail.into(),
            new_timesheet: None,
            reason: None,
            retryable: false,
        }
    }

    /// Kimai could not be asked or did not answer clearly.
    fn failed(e: &ApiError) -> Step {
        Step {
            retryable: e.is_retryable() || e.is_unknown(),
            ..Step::new(Undone::Failed, e.to_string())
        }
    }
}

pub(super) struct Undoer<'a> {
    kimai: Arc<KimaiClient>,
    marker_key: String,
    pair: Pair,
    store: StoreHandle,
    /// None for dry runs: nothing is written.
    session: Option<&'a Session>,
    /// The run being undone.
    run: &'a str,
    resync: bool,
    stop: Arc<AtomicBool>,
    api_user: KimaiUserId,
    api_timezone: chrono_tz::Tz,
    /// Earliest Zammad `updated_at` of released entries: the cursor goes back before it so
    /// an incremental sync reads them again.
    earliest: std::sync::Mutex<Option<DateTime<Utc>>>,
}

fn view_from(json: Option<&str>) -> Option<TimesheetView> {
    json.and_then(|j| serde_json::from_str(j).ok())
}

impl<'a> Undoer<'a> {
    pub(super) async fn new(
        c: &Connected,
        store: StoreHandle,
        session: Option<&'a Session>,
        run: &'a str,
        req: &UndoRequest,
        stop: Arc<AtomicBool>,
    ) -> anyhow::Result<Undoer<'a>> {
        use anyhow::Context;
        let me = c
            .kimai
            .me()
            .await
            .context("cannot read the Kimai API user (GET /api/users/me)")?;
        let api_timezone = me.timezone.parse().map_err(|_| {
            anyhow::anyhow!(
                "the Kimai API user's timezone `{}` is not a known IANA timezone",
                me.timezone
            )
        })?;
        Ok(Undoer {
            kimai: c.kimai.clone(),
            marker_key: c.marker_key.clone(),
            pair: c.pair,
            store,
            session,
            run,
            resync: req.resync,
            stop,
            api_user: me.id,
            api_timezone,
            earliest: std::sync::Mutex::new(None),
        })
    }

    fn dry(&self) -> bool {
        self.session.is_none()
    }

    /// A store write under the undo's lease.
    fn write<T>(&self, f: impl FnOnce(&Store) -> crate::store::Result<T>) -> anyhow::Result<T> {
        let session = self.session.expect("writes only in a real undo");
        if session.lease.lost.load(Ordering::SeqCst) {
            return Err(Error::retryable(
                "this undo could not keep its lease; it stopped before its next Kimai write. \
                 Run it again: what is undone stays undone",
            )
            .into());
        }
        Ok(self.store.with(|s| s.fenced(session.lease.fence, f))?)
    }

    pub(super) async fn all(
        &self,
        todo: &[&RunChange],
        release: &[&RunChange],
        report: &mut UndoReport,
    ) -> anyhow::Result<()> {
        for ch in todo {
            if self.stop.load(Ordering::SeqCst) {
                break;
            }
            let step = match ch.action {
                ChangeAction::Create => self.undo_create(ch).await?,
                ChangeAction::Update => self.undo_update(ch).await?,
                ChangeAction::Delete => self.undo_delete(ch).await?,
            };
            self.add(ch, step, report)?;
        }
        for ch in release {
            let step = self.release(ch)?;
            self.add(ch, step, report)?;
        }
        if !self.dry()
            && let Some(t) = *self.earliest.lock().expect("earliest")
        {
            let pair = self.pair;
            self.write(|s| {
                let mut cur = s.sync_cursor(pair)?;
                let back = t - chrono::Duration::seconds(1);
                cur.zammad = Some(cur.zammad.map_or(back, |c| c.min(back)));
                s.set_sync_cursor(pair, &cur)
            })?;
        }
        Ok(())
    }

    fn add(&self, ch: &RunChange, step: Step, report: &mut UndoReport) -> anyhow::Result<()> {
        let c = &mut report.counts;
        match step.outcome {
            Undone::Deleted => c.deleted += 1,
            Undone::Restored => c.restored += 1,
            Undone::Recreated => c.recreated += 1,
            Undone::Released => c.released += 1,
            Undone::Conflict => c.conflicts += 1,
            Undone::Skipped => c.skipped += 1,
            Undone::Failed => c.failed += 1,
        }
        if let Some(session) = self.session {
            let outcome = match step.outcome {
                Undone::Deleted => "deleted",
                Undone::Restored => "updated",
                Undone::Recreated => "created",
                Undone::Conflict => "conflict",
                Undone::Failed => "failed",
                Undone::Released | Undone::Skipped => "skipped",
            };
            let entry = RunEntry {
                entry: Some(ch.entry.0),
                ticket_number: None,
                timesheet: Some(step.new_timesheet.unwrap_or(ch.timesheet).0),
                outcome: outcome.into(),
                reason: step.reason.map(|r| r.to_string()),
                error: step.detail.clone(),
            };
            if let Err(e) = session
                .store
                .with(|s| s.record_run_entry(&session.run_id, &entry))
            {
                tracing::warn!("cannot record the undo of entry {}: {e:#}", ch.entry);
            }
        }
        report.changes.push(UndoneChange {
            entry: ch.entry,
            timesheet: ch.timesheet,
            action: ch.action,
            outcome: step.outcome,
            new_timesheet: step.new_timesheet,
            reason: step.reason,
            detail: step.detail,
            retryable: step.retryable,
        });
        Ok(())
    }

    /// Does Kimai still hold `expected` (what the run wrote) for this change?
    async fn holds(&self, ch: &RunChange, expected: &TimesheetView) -> Result<Holds, ApiError> {
        let now = match self.kimai.timesheet(ch.timesheet).await {
            Ok(t) => view_of(&t),
            Err(e) if e.kind == ApiErrorKind::NotFound => return Ok(Holds::Gone),
            Err(e) => return Err(e),
        };
        if now.fingerprint() == expected.fingerprint() {
            return Ok(Holds::Yes(now));
        }
        let (row, writer) = self.store.with(|s| {
            (
                s.ledger_row(self.pair, ch.entry).ok().flatten(),
                s.ledger_run_id(self.pair, ch.entry).ok().flatten(),
            )
        });
        let by_run = match (row, writer) {
            (Some(r), Some(w))
                if w != self.run && r.target_fingerprint.as_deref() == Some(&now.fingerprint()) =>
            {
                Some(w)
            }
            _ => None,
        };
        Ok(Holds::Changed { now, by_run })
    }

    /// A person changed it since: a conflict (recorded unless this is a dry run).
    fn conflict(
        &self,
        ch: &RunChange,
        reason: Reason,
        now: Option<&TimesheetView>,
        detail: String,
    ) -> anyhow::Result<Step> {
        if let Some(session) = self.session {
            let c = NewConflict {
                reason,
                entry: Some(ch.entry),
                timesheet: Some(ch.timesheet),
                ticket_number: None,
                customer: None,
                source: None,
                target: now.and_then(|v| serde_json::to_value(v).ok()),
                detail: Some(detail.clone()),
            };
            let pair = self.pair;
            self.write(|s| {
                s.upsert_conflict(pair, &c, Some(&session.run_id))
                    .map(|_| ())
            })?;
        }
        Ok(Step {
            reason: Some(reason),
            ..Step::new(Undone::Conflict, detail)
        })
    }

    /// What to say and do when Kimai no longer holds what the run wrote.
    fn changed_since(&self, ch: &RunChange, holds: Holds, what: &str) -> anyhow::Result<Step> {
        match holds {
            Holds::Changed {
                by_run: Some(r), ..
            } => Ok(Step::new(
                Undone::Skipped,
                format!(
                    "run {r} changed timesheet {} since; undo run {r} first",
                    ch.timesheet
                ),
            )),
            Holds::Changed { now, .. } => self.conflict(
                ch,
                Reason::TargetEdited,
                Some(&now),
                format!(
                    "timesheet {} was changed in Kimai after run {} {what} it; the undo left it \
                     as it is",
                    ch.timesheet, self.run
                ),
            ),
            Holds::Gone | Holds::Yes(_) => unreachable!("only changed records get here"),
        }
    }

    async fn undo_create(&self, ch: &RunChange) -> anyhow::Result<Step> {
        let Some(after) = view_from(ch.after.as_deref()) else {
            return Ok(Step::new(
                Undone::Failed,
                "no record of what was created".to_string(),
            ));
        };
        let holds = match self.holds(ch, &after).await {
            Ok(h) => h,
            Err(e) => return Ok(Step::failed(&e)),
        };
        let detail = match holds {
            Holds::Yes(_) => None,
            Holds::Gone => Some(format!(
                "timesheet {} was deleted in Kimai already",
                ch.timesheet
            )),
            changed => return self.changed_since(ch, changed, "created"),
        };
        if self.dry() {
            return Ok(Step::new(Undone::Deleted, detail));
        }
        if detail.is_none() {
            self.write(|_| Ok(()))?;
            match self.kimai.delete_timesheet(ch.timesheet).await {
                Ok(()) => {}
                Err(e) if e.kind == ApiErrorKind::NotFound => {}
                Err(e) if e.kind == ApiErrorKind::Forbidden => {
                    return self.conflict(
                        ch,
                        Reason::LockedPeriod,
                        Some(&after),
                        format!("Kimai refused to delete timesheet {}: {e}", ch.timesheet),
                    );
                }
                Err(e) => return Ok(Step::failed(&e)),
            }
        }
        self.ledger(ch, None)?;
        Ok(Step::new(Undone::Deleted, detail))
    }

    async fn undo_update(&self, ch: &RunChange) -> anyhow::Result<Step> {
        let (Some(before), Some(after)) = (
            view_from(ch.before.as_deref()),
            view_from(ch.after.as_deref()),
        ) else {
            return Ok(Step::new(
                Undone::Failed,
                "no record of the update".to_string(),
            ));
        };
        let now = match self.holds(ch, &after).await {
            Ok(Holds::Yes(now)) => now,
            Ok(Holds::Gone) => {
                return self.conflict(
                    ch,
                    Reason::TargetDeleted,
                    None,
                    format!(
                        "timesheet {} was deleted in Kimai after run {} updated it; nothing to restore",
                        ch.timesheet, self.run
                    ),
                );
            }
            Ok(changed) => return self.changed_since(ch, changed, "updated"),
            Err(e) => return Ok(Step::failed(&e)),
        };
        if self.dry() {
            return Ok(Step::new(Undone::Restored, None));
        }
        // Kimai reads a PATCH's times in the record's timezone.
        let known = if now.user == self.api_user {
            Some(self.api_timezone)
        } else {
            self.store
                .with(|s| zones::cached(s, self.pair.kimai, &HashSet::from([now.user])))?
                .get(&now.user)
                .copied()
        };
        let end = before.end.unwrap_or(before.begin);
        let tz = match zones::for_patch(now.user, known, &now, before.begin, end) {
            Ok(tz) => tz,
            Err(why) => return self.conflict(ch, Reason::UnknownTimezone, Some(&now), why),
        };
        let write = TimesheetWrite {
            begin: Some(wallclock::local(before.begin, tz)),
            end: Some(wallclock::local(end, tz)),
            project: Some(before.project),
            activity: Some(before.activity),
            description: Some(before.description.clone()),
            tags: None,
            user: (before.user != now.user).then_some(before.user),
        };
        self.write(|_| Ok(()))?;
        let restored = match self.kimai.update_timesheet(ch.timesheet, &write).await {
            Ok(t) => view_of(&t),
            Err(e) if e.kind == ApiErrorKind::Forbidden => {
                return self.conflict(
                    ch,
                    Reason::LockedPeriod,
                    Some(&now),
                    format!("Kimai refused to restore timesheet {}: {e}", ch.timesheet),
                );
            }
            Err(e) if e.is_retryable() || e.is_unknown() => {
                return Ok(Step::failed(&e));
            }
            Err(e) => {
                return self.conflict(
                    ch,
                    Reason::TargetRejected,
                    Some(&now),
                    format!("Kimai rejected restoring timesheet {}: {e}", ch.timesheet),
                );
            }
        };
        self.ledger(ch, Some(&restored))?;
        Ok(Step::new(Undone::Restored, None))
    }

    async fn undo_delete(&self, ch: &RunChange) -> anyhow::Result<Step> {
        let Some(before) = view_from(ch.before.as_deref()) else {
            return Ok(Step::new(
                Undone::Failed,
                "no record of the deleted timesheet".to_string(),
            ));
        };
        // Never twice: a timesheet carrying the entry's marker means it is back already.
        match find_by_marker(&self.kimai, &self.marker_key, ch.entry).await {
            Ok(found) if !found.is_empty() => {
                let ids: Vec<String> = found.iter().map(|v| v.id.to_string()).collect();
                return Ok(Step::new(
                    Undone::Skipped,
                    format!(
                        "Kimai has timesheet {} for entry {} again; nothing recreated",
                        ids.join(", "),
                        ch.entry
                    ),
                ));
            }
            Ok(_) => {}
            Err(e) => return Ok(Step::failed(&e)),
        }
        if self.dry() {
            return Ok(Step::new(Undone::Recreated, None));
        }
        let write = TimesheetWrite {
            begin: Some(wallclock::local(before.begin, self.api_timezone)),
            end: Some(wallclock::local(
                before.end.unwrap_or(before.begin),
                self.api_timezone,
            )),
            project: Some(before.project),
            activity: Some(before.activity),
            description: Some(before.description.clone()),
            tags: Some(before.tags.clone()),
            user: (before.user != self.api_user).then_some(before.user),
        };
        self.write(|_| Ok(()))?;
        let created = match self.kimai.create_timesheet(&write).await {
            Ok(t) => view_of(&t),
            Err(e) if e.is_retryable() || e.is_unknown() => {
                return Ok(Step::failed(&e));
            }
            Err(e) => {
                return self.conflict(
                    ch,
                    Reason::TargetRejected,
                    Some(&before),
                    format!("Kimai rejected recreating timesheet {}: {e}", ch.timesheet),
                );
            }
        };
        self.ledger(ch, Some(&created))?;
        Ok(Step {
            new_timesheet: Some(created.id),
            ..Step::new(
                Undone::Recreated,
                format!("recreated as timesheet {}", created.id),
            )
        })
    }

    /// An undone entry released for the next sync (`--resync` after a plain undo).
    fn release(&self, ch: &RunChange) -> anyhow::Result<Step> {
        let row = self.store.with(|s| s.ledger_row(self.pair, ch.entry))?;
        let Some(row) = row.filter(|r| r.state == LedgerState::Undone) else {
            return Ok(Step::new(
                Undone::Skipped,
                format!("entry {} is no longer held by the undo", ch.entry),
            ));
        };
        if self.dry() {
            return Ok(Step::new(Undone::Released, None));
        }
        let now: Option<TimesheetView> = row
            .target_snapshot
            .as_deref()
            .and_then(|s| serde_json::from_str(s).ok());
        self.put_row(ch, Some(row), now.as_ref(), true)?;
        Ok(Step::new(
            Undone::Released,
            Some("the next sync books it again".into()),
        ))
    }

    /// The ledger after undoing `ch` (`now`: the timesheet as restored or recreated).
    fn ledger(&self, ch: &RunChange, now: Option<&TimesheetView>) -> anyhow::Result<()> {
        let row = self.store.with(|s| s.ledger_row(self.pair, ch.entry))?;
        self.put_row(ch, row, now, self.resync)
    }

    fn put_row(
        &self,
        ch: &RunChange,
        current: Option<LedgerRow>,
        now: Option<&TimesheetView>,
        resync: bool,
    ) -> anyhow::Result<()> {
        let undo_run = self.session.map(|s| s.run_id.clone()).unwrap_or_default();
        let pair = self.pair;
        let with_target = |mut row: LedgerRow| {
            row.timesheet = now.map(|v| v.id);
            row.target_fingerprint = now.map(|v| v.fingerprint());
            row.target_snapshot = now.and_then(|v| serde_json::to_string(v).ok());
            row.sent_at = None;
            row
        };
        let base = current
            .clone()
            .unwrap_or_else(|| LedgerRow::new(ch.entry, LedgerState::Undone));
        let row = if !resync {
            let mut row = with_target(base);
            row.state = LedgerState::Undone;
            Some(row)
        } else {
            let updated = ch
                .ledger_before
                .as_ref()
                .and_then(|b| b.source_updated_at.clone())
                .or_else(|| current.as_ref().and_then(|r| r.source_updated_at.clone()));
            if let Some(t) = updated.and_then(|t| DateTime::parse_from_rfc3339(&t).ok()) {
                let t = t.with_timezone(&Utc);
                let mut e = self.earliest.lock().expect("earliest");
                *e = Some(e.map_or(t, |x| x.min(t)));
            }
            match ch.action {
                // Never booked: the next sync creates it.
                ChangeAction::Create => None,
                // As before the run, pointing at the timesheet as it is now: the next sync
                // sees Zammad's change (update) or the deletion (full runs) again.
                ChangeAction::Update | ChangeAction::Delete => {
                    let mut row = with_target(ch.ledger_before.clone().unwrap_or(base));
                    row.state = LedgerState::Synced;
                    Some(row)
                }
            }
        };
        let outcome = if resync { "resync" } else { "undone" };
        self.write(|s| {
            match &row {
                Some(r) => s.ledger_put(pair, r, Some(&undo_run))?,
                None => s.ledger_delete(pair, ch.entry)?,
            }
            if let Some(v) = now {
                // Other entries linked to the same timesheet (net corrections) see it too.
                s.ledger_retarget(pair, v.id, &v.fingerprint(), &serde_json::to_string(v)?)?;
            }
            s.mark_change_undone(ch.id, &undo_run, outcome)
        })
    }
}
