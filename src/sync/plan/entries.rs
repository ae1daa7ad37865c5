//! Per-entry decisions: create, link, update, keep, or raise a conflict; duplicate
//! markers and negative corrections.

use super::*;

impl Planner<'_> {
    pub(super) fn entry(&mut self, e: &SourceEntry) {
        let ledger = self.input.ledger.get(&e.id);
        if self.duplicates(e, ledger) {
            return;
        }
        match ledger.map(|l| l.state) {
            // Taken back by `runs undo`: left alone until released.
            Some(LedgerState::Ignored | LedgerState::Undone) => {}
            Some(LedgerState::Synced) => self.synced(e, ledger.unwrap()),
            Some(LedgerState::Removed) => {}
            Some(LedgerState::Skipped)
                if ledger.unwrap().source_fingerprint.as_deref() == Some(&e.fingerprint()) =>
            {
                self.plan.unchanged += 1
            }
            // pending (outcome unknown), skipped-but-changed, or never seen.
            _ => self.unlinked(e),
        }
    }

    /// More than one timesheet carries the entry's marker (a double POST, a copy made by
    /// hand). Keeps the one the ledger links (else the oldest): the others become a
    /// `duplicate-marker` conflict, or are deleted with `sync.duplicates: delete-extra`.
    /// True when the entry waits for a person.
    pub(super) fn duplicates(&mut self, e: &SourceEntry, row: Option<&LedgerRow>) -> bool {
        if row.is_some_and(|r| {
            matches!(
                r.state,
                LedgerState::Ignored | LedgerState::Removed | LedgerState::Undone
            )
        }) {
            return false;
        }
        let Some(ids) = self.markers.get(&e.id).filter(|ids| ids.len() > 1).cloned() else {
            return false;
        };
        let linked = row.and_then(|r| r.timesheet).filter(|t| ids.contains(t));
        let keep = linked.unwrap_or(ids[0]);
        let extra: Vec<KimaiTimesheetId> = ids.iter().copied().filter(|t| *t != keep).collect();
        if self.input.policy.duplicates == DuplicatesPolicy::DeleteExtra {
            self.plan.duplicate_removals.push(DuplicateCopies {
                entry: e.id,
                keep,
                extra,
            });
            self.markers.insert(e.id, vec![keep]);
            return false;
        }
        let all: Vec<String> = ids.iter().map(|t| t.to_string()).collect();
        let why = if linked.is_some() {
            "the one syncd links"
        } else {
            "the oldest"
        };
        let view = self.input.kimai.by_id.get(&keep).cloned();
        self.conflict(
            Reason::DuplicateMarker,
            Some(e),
            view.as_ref(),
            Some(format!(
                "timesheets {} carry the marker of Zammad entry {}; delete-kimai keeps {keep} \
                 ({why}) and deletes the other{}",
                all.join(", "),
                e.id,
                if extra.len() == 1 { "" } else { "s" }
            )),
        );
        true
    }

    /// No timesheet recorded for this entry: link one carrying its marker, or create.
    pub(super) fn unlinked(&mut self, e: &SourceEntry) {
        if let Some(ids) = self.markers.get(&e.id).cloned() {
            let view = self.input.kimai.by_id[&ids[0]].clone();
            self.item(
                e,
                Op::Link {
                    timesheet: Box::new(view),
                },
            );
            return;
        }
        if e.minutes == 0 {
            self.item(
                e,
                Op::Skip {
                    why: "zero minutes".into(),
                },
            );
            return;
        }
        if e.minutes < 0 {
            match self.input.policy.negative_correction {
                NegativeCorrectionPolicy::Skip => self.item(
                    e,
                    Op::Skip {
                        why: "negative correction skipped".into(),
                    },
                ),
                NegativeCorrectionPolicy::Conflict => {
                    self.conflict(Reason::NegativeCorrection, Some(e), None, None)
                }
                NegativeCorrectionPolicy::Net => self.net_correction(e),
            }
            return;
        }
        let planned = if self.input.policy.compact_creates {
            self.placement(e).map(|placement| {
                self.plan.fresh.creates.push(FreshCreate {
                    entry: e.id,
                    placement,
                })
            })
        } else {
            self.desired(e)
                .map(|desired| self.item(e, Op::Create { desired }))
        };
        if let Err((reason, detail)) = planned {
            self.conflict(reason, Some(e), None, Some(detail));
        }
    }

    /// The Kimai activity an entry maps to, without planning a new one.
    pub(super) fn known_activity(&self, e: &SourceEntry) -> Option<KimaiActivityId> {
        let by_type = e.type_id.and_then(|t| {
            self.input.mappings.activity.get(&t).copied().or_else(|| {
                let name = e.type_name.as_deref()?.trim();
                self.input
                    .catalog
                    .activities
                    .iter()
                    .find(|a| a.visible && a.parent.is_none() && a.name.eq_ignore_ascii_case(name))
                    .map(|a| KimaiActivityId(a.id))
            })
        });
        by_type.or(self.input.policy.default_activity)
    }

    /// Shorten the latest synced timesheet of the same ticket, agent and type.
    pub(super) fn net_correction(&mut self, e: &SourceEntry) {
        // An incremental run sees only recent entries: also consider the ledger's synced
        // timesheets of this ticket, matched on the Kimai user and activity the entry
        // maps to (the engine reads those timesheets for negative entries).
        let user = self
            .user(e)
            .ok()
            .map(|u| u.unwrap_or(self.input.policy.api_user));
        let activity = self.known_activity(e);
        let fetched: HashSet<ZammadEntryId> = self.input.entries.iter().map(|o| o.id).collect();
        let mut best: Option<&TimesheetView> = None;
        for row in self.input.ledger.values() {
            if row.state != LedgerState::Synced
                || row.ticket != Some(e.ticket)
                || fetched.contains(&row.entry)
            {
                continue;
            }
            let Some(view) = row.timesheet.and_then(|t| self.input.kimai.by_id.get(&t)) else {
                continue;
            };
            if Some(view.user) == user
                && Some(view.activity) == activity
                && view.duration_minutes().unwrap_or(0) >= -e.minutes
                && best.is_none_or(|b| view.begin > b.begin)
            {
                best = Some(view);
            }
        }
        for other in self.input.entries {
            if other.ticket != e.ticket
                || other.agent != e.agent
                || other.type_id != e.type_id
                || other.minutes <= 0
            {
                continue;
            }
            let Some(row) = self
                .input
                .ledger
                .get(&other.id)
                .filter(|r| r.state == LedgerState::Synced)
            else {
                continue;
            };
            let Some(view) = row.timesheet.and_then(|t| self.input.kimai.by_id.get(&t)) else {
                continue;
            };
            if view.duration_minutes().unwrap_or(0) >= -e.minutes
                && best.is_none_or(|b| view.begin > b.begin)
            {
                best = Some(view);
            }
        }
        match best.cloned() {
            Some(view) => {
                let mut desired = self.desired_from_view(&view);
                desired.end -= TimeDelta::minutes(-e.minutes);
                self.item(e, Op::Update { timesheet: view.id, owner: view.user, desired, before: Box::new(view) });
            }
            None => self.conflict(
                Reason::NegativeCorrection,
                Some(e),
                None,
                Some("no synced timesheet of the same ticket, agent and activity is long enough to shorten".into()),
            ),
        }
    }

    pub(super) fn desired_from_view(&self, v: &TimesheetView) -> Desired {
        Desired {
            begin: v.begin,
            end: v.end.unwrap_or(v.begin),
            shifted_minutes: 0,
            project: Ref::Existing(v.project),
            activity: Ref::Existing(v.activity),
            user: Some(v.user).filter(|u| *u != self.input.policy.api_user),
            description: v.description.clone(),
            tags: v.tags.clone(),
        }
    }

    pub(super) fn synced(&mut self, e: &SourceEntry, row: &LedgerRow) {
        let Some(ts) = row.timesheet else {
            return self.unlinked(e);
        };
        let source_changed = row.source_fingerprint.as_deref() != Some(&e.fingerprint());
        let view = self.input.kimai.by_id.get(&ts).cloned();
        let kimai = &self.input.kimai;
        let deleted = kimai.missing.contains(&ts)
            || (view.is_none() && kimai.complete && !kimai.as_written.contains_key(&ts));
        if deleted {
            let snapshot: Option<TimesheetView> = row
                .target_snapshot
                .as_deref()
                .and_then(|s| serde_json::from_str(s).ok());
            self.conflict_on(
                Reason::TargetDeleted,
                Some(e),
                Some(ts),
                snapshot.as_ref(),
                Some(format!("timesheet {ts} no longer exists in Kimai")),
            );
            return;
        }
        let change = view.as_ref().map_or(TargetChange::Same, |v| {
            target_change(row, v, self.input.policy.rounding)
        });
        let target_changed = change == TargetChange::Edited;
        if !source_changed && !target_changed {
            match (change, view) {
                // Kimai re-applied its rounding rule: remember what it holds now.
                (TargetChange::Rounded, Some(v)) => self.item(
                    e,
                    Op::Link {
                        timesheet: Box::new(v),
                    },
                ),
                _ => self.plan.unchanged += 1,
            }
            self.plan.settled.push(e.id);
            return;
        }
        let before = view.clone().or_else(|| {
            row.target_snapshot
                .as_deref()
                .and_then(|s| serde_json::from_str(s).ok())
        });
        // `take-zammad` asked to write Zammad's values even onto an exported timesheet
        // (the API user may be allowed to); Kimai's answer decides.
        if source_changed && !row.force_write && before.as_ref().is_some_and(|v| v.exported) {
            self.conflict(
                Reason::LockedPeriod,
                Some(e),
                before.as_ref(),
                Some("the timesheet is exported".into()),
            );
            return;
        }
        match (source_changed, target_changed) {
            (true, true) => self.conflict(Reason::BothChanged, Some(e), view.as_ref(), None),
            (false, true) => self.conflict(Reason::TargetEdited, Some(e), view.as_ref(), None),
            _ => {
                if e.minutes <= 0 {
                    self.conflict(
                        Reason::NegativeCorrection,
                        Some(e),
                        before.as_ref(),
                        Some("the entry was changed to zero or negative time".into()),
                    );
                    return;
                }
                match (self.desired(e), before) {
                    (Ok(desired), Some(before)) => self.item(
                        e,
                        Op::Update {
                            timesheet: ts,
                            owner: before.user,
                            desired,
                            before: Box::new(before),
                        },
                    ),
                    (Ok(desired), None) => self.item(e, Op::Create { desired }),
                    (Err((reason, detail)), _) => {
                        self.conflict(reason, Some(e), view.as_ref(), Some(detail))
                    }
                }
            }
        }
    }
}
