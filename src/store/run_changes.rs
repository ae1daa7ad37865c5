//! What each run wrote to Kimai, before and after, for `syncd runs undo`.

use super::{LedgerRow, Pair, Store, now_text};
use crate::ids::{ConnectorId, KimaiTimesheetId, ZammadEntryId};
use rusqlite::params;
use serde::{Deserialize, Serialize};

/// A write to Kimai.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeAction {
    Create,
    Update,
    Delete,
}

impl ChangeAction {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeAction::Create => "create",
            ChangeAction::Update => "update",
            ChangeAction::Delete => "delete",
        }
    }

    fn parse(s: &str) -> Option<ChangeAction> {
        Some(match s {
            "create" => ChangeAction::Create,
            "update" => ChangeAction::Update,
            "delete" => ChangeAction::Delete,
            _ => return None,
        })
    }
}

/// One write a run made, as recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct RunChange {
    pub id: i64,
    pub run_id: String,
    pub pair: Pair,
    pub entry: ZammadEntryId,
    pub timesheet: KimaiTimesheetId,
    pub action: ChangeAction,
    /// The timesheet before (updates, deletes), JSON of `sync::model::TimesheetView`.
    pub before: Option<String>,
    /// What Kimai stored (creates, updates).
    pub after: Option<String>,
    /// The entry's ledger row before the run.
    pub ledger_before: Option<LedgerRow>,
    pub undone_at: Option<String>,
    pub undo_run_id: Option<String>,
    /// `undone` (held) or `resync` (released to be booked again).
    pub undo_outcome: Option<String>,
}

/// A write to record.
pub struct NewChange<'a> {
    pub entry: ZammadEntryId,
    pub timesheet: KimaiTimesheetId,
    pub action: ChangeAction,
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
    pub ledger_before: Option<&'a LedgerRow>,
}

impl Store {
    pub fn record_run_change(
        &self,
        run_id: &str,
        pair: Pair,
        c: &NewChange<'_>,
    ) -> super::Result<()> {
        let ledger_before = c.ledger_before.map(serde_json::to_string).transpose()?;
        self.conn()
            .prepare_cached(
                "INSERT INTO run_changes (run_id, zammad_connector_id, kimai_connector_id, \
                 zammad_entry_id, kimai_timesheet_id, action, before, after, ledger_before, \
                 recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                run_id,
                pair.zammad.0,
                pair.kimai.0,
                c.entry.0,
                c.timesheet.0,
                c.action.as_str(),
                c.before,
                c.after,
                ledger_before,
                now_text()
            ])?;
        Ok(())
    }

    /// Every write of a run, in the order they were made.
    pub fn run_changes(&self, run_id: &str) -> super::Result<Vec<RunChange>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, run_id, zammad_connector_id, kimai_connector_id, zammad_entry_id, \
             kimai_timesheet_id, action, before, after, ledger_before, undone_at, undo_run_id, \
             undo_outcome FROM run_changes WHERE run_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map(params![run_id], |r| {
            let ledger: Option<String> = r.get(9)?;
            Ok(RunChange {
                id: r.get(0)?,
                run_id: r.get(1)?,
                pair: Pair {
                    zammad: ConnectorId(r.get(2)?),
                    kimai: ConnectorId(r.get(3)?),
                },
                entry: ZammadEntryId(r.get(4)?),
                timesheet: KimaiTimesheetId(r.get(5)?),
                action: super::error::known(r, 6, "run_changes", "action", ChangeAction::parse)?,
                before: r.get(7)?,
                after: r.get(8)?,
                ledger_before: ledger.and_then(|l| serde_json::from_str(&l).ok()),
                undone_at: r.get(10)?,
                undo_run_id: r.get(11)?,
                undo_outcome: r.get(12)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Mark a change undone by `undo_run` (`undone` or `resync`).
    pub fn mark_change_undone(&self, id: i64, undo_run: &str, outcome: &str) -> super::Result<()> {
        self.conn().execute(
            "UPDATE run_changes SET undone_at = COALESCE(undone_at, ?2), undo_run_id = \
             COALESCE(undo_run_id, ?3), undo_outcome = ?4 WHERE id = ?1",
            params![id, now_text(), undo_run, outcome],
        )?;
        Ok(())
    }
}
