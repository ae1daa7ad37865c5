//! The change guard: refuse runs that would touch an unexpected share of what is synced.

use super::*;

impl Planner<'_> {
    /// Refuse runs that would touch an unexpected share of what is synced.
    pub(super) fn guard(&mut self) {
        if self.input.policy.force {
            return;
        }
        let synced = self.input.synced;
        if synced < self.input.policy.guard_min_entries.max(1) {
            return;
        }
        let touched = self
            .plan
            .items
            .iter()
            .filter(|i| matches!(i.op, Op::Update { .. } | Op::Delete { .. }))
            .count();
        let share = touched as f64 / synced as f64;
        if share > self.input.policy.max_change_share {
            self.plan.guard = Some(format!(
                "this run would change or delete {touched} of {synced} synced timesheets ({:.0}%, more than sync.max_change_share {:.0}%); \
                 check with --dry-run, then pass --force if this is intended",
                share * 100.0,
                self.input.policy.max_change_share * 100.0
            ));
        }
    }
}
