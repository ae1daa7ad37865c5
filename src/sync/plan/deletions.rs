//! Entries gone from Zammad and timesheets edited in Kimai whose entry is not in this run.

use super::*;

impl Planner<'_> {
    /// Is this ledger row's entry judged by [`Planner::deletions`] (absent = deleted)?
    pub(super) fn deletion_scope(&self, row: &LedgerRow) -> bool {
        match &self.input.coverage {
            Coverage::Incremental => false,
            Coverage::Full => true,
            Coverage::Tickets(ts) => row.ticket.is_some_and(|t| ts.contains(&t)),
        }
    }

    /// Synced timesheets that Kimai returned (as modified) although their Zammad entry is
    /// not in this run: compare them with what syncd last wrote. The engine reads those
    /// entries from Zammad when it can, so this only covers entries it could not read.
    pub(super) fn target_only_edits(&mut self, seen: &HashSet<ZammadEntryId>) {
        let mut rows: Vec<&LedgerRow> = self
            .input
            .ledger
            .values()
            .filter(|r| r.state == LedgerState::Synced && !seen.contains(&r.entry))
            .filter(|r| !self.deletion_scope(r))
            .filter(|r| {
                r.timesheet
                    .is_some_and(|t| self.input.kimai.by_id.contains_key(&t))
            })
            .collect();
        rows.sort_by_key(|r| r.entry);
        for row in rows {
            let Some(view) = row.timesheet.and_then(|t| self.input.kimai.by_id.get(&t)) else {
                continue;
            };
            match target_change(row, view, self.input.policy.rounding) {
                TargetChange::Same => {}
                TargetChange::Rounded => self.plan.items.push(Item {
                    entry: row.entry,
                    ticket: row.ticket,
                    ticket_number: None,
                    op: Op::Link {
                        timesheet: Box::new(view.clone()),
                    },
                    source_fingerprint: row.source_fingerprint.clone(),
                    source_updated_at: row.source_updated_at.as_deref().and_then(timestamp_of_text),
                    source: None,
                }),
                TargetChange::Edited => self.plan.conflicts.push(NewConflict {
                    reason: Reason::TargetEdited,
                    entry: Some(row.entry),
                    timesheet: Some(view.id),
                    ticket_number: None,
                    customer: None,
                    source: None,
                    target: serde_json::to_value(view).ok(),
                    detail: Some(
                        "changed in Kimai after syncd wrote it; its Zammad entry could not be read in this run"
                            .into(),
                    ),
                }),
            }
        }
    }

    /// Ledger rows (and marked timesheets) whose Zammad entry is gone.
    pub(super) fn deletions(&mut self, seen: &HashSet<ZammadEntryId>) {
        let mut gone: Vec<&LedgerRow> = self
            .input
            .ledger
            .values()
            .filter(|r| {
                r.state == LedgerState::Synced && !seen.contains(&r.entry) && self.deletion_scope(r)
            })
            .collect();
        gone.sort_by_key(|r| r.entry);
        for row in gone {
            let Some(ts) = row.timesheet else { continue };
            let view = self.input.kimai.by_id.get(&ts).cloned();
            if view.is_none()
                && (self.input.kimai.complete || self.input.kimai.missing.contains(&ts))
            {
                // Deleted on both sides: nothing left to do but forget it.
                self.plan.items.push(Item {
                    entry: row.entry,
                    ticket: row.ticket,
                    ticket_number: None,
                    op: Op::Skip {
                        why: "deleted in Zammad and in Kimai".into(),
                    },
                    source_fingerprint: None,
                    source_updated_at: None,
                    source: None,
                });
                continue;
            }
            self.source_deleted(row.entry, row.ticket, ts, view);
        }
        // Timesheets with our marker and neither an entry nor a ledger row (a lost store).
        if self.input.coverage == Coverage::Full && self.input.kimai.complete {
            let mut orphans: Vec<(ZammadEntryId, KimaiTimesheetId)> = self
                .markers
                .iter()
                .filter(|(entry, _)| {
                    !seen.contains(entry) && !self.input.ledger.contains_key(entry)
                })
                .map(|(entry, ids)| (*entry, ids[0]))
                .collect();
            orphans.sort();
            for (entry, ts) in orphans {
                let view = self.input.kimai.by_id.get(&ts).cloned();
                self.source_deleted(entry, None, ts, view);
            }
        }
    }

    pub(super) fn source_deleted(
        &mut self,
        entry: ZammadEntryId,
        ticket: Option<TicketId>,
        ts: KimaiTimesheetId,
        view: Option<TimesheetView>,
    ) {
        let exported = view.as_ref().is_some_and(|v| v.exported);
        if self.input.policy.source_deleted == SourceDeletedPolicy::Delete && !exported {
            self.plan.items.push(Item {
                entry,
                ticket,
                ticket_number: None,
                op: Op::Delete {
                    timesheet: ts,
                    before: view.map(Box::new),
                },
                source_fingerprint: None,
                source_updated_at: None,
                source: None,
            });
        } else {
            let detail = if exported {
                "the Zammad entry was deleted; the timesheet is exported"
            } else {
                "the Zammad entry was deleted"
            };
            self.plan.conflicts.push(NewConflict {
                reason: if exported {
                    Reason::LockedPeriod
                } else {
                    Reason::SourceDeleted
                },
                entry: Some(entry),
                timesheet: Some(ts),
                ticket_number: None,
                customer: None,
                source: None,
                target: view.map(|v| serde_json::to_value(v).unwrap_or_default()),
                detail: Some(detail.into()),
            });
        }
    }
}
