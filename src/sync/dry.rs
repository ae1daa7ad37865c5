//! What a real run would leave open, computed from a dry run's plan without writing.

use super::plan::{Op, Plan};
use crate::conflicts::Status;
use crate::ids::ZammadEntryId;
use crate::store::conflicts::ConflictFilter;
use crate::store::{Pair, Store};
use std::collections::{BTreeMap, HashSet};

/// Open conflicts by reason after applying `plan`: the pair's open ones, less those whose
/// entry the plan settles or writes, plus the plan's new ones.
pub(super) fn left_open(
    store: &Store,
    pair: Pair,
    plan: &Plan,
) -> anyhow::Result<BTreeMap<String, u64>> {
    let settled: HashSet<ZammadEntryId> = plan
        .settled
        .iter()
        .copied()
        .chain(
            plan.items
                .iter()
                .filter(|i| !matches!(i.op, Op::Skip { .. }))
                .map(|i| i.entry),
        )
        .collect();
    // Keyed like the store keys open conflicts: entry and reason.
    let mut open: HashSet<(Option<i64>, String)> = HashSet::new();
    for c in store.list_conflicts(&ConflictFilter {
        status: Some(Status::Open),
        ..Default::default()
    })? {
        if c.zammad_connector_id != pair.zammad.0 || c.kimai_connector_id != pair.kimai.0 {
            continue;
        }
        if c.zammad_entry_id
            .is_some_and(|e| settled.contains(&ZammadEntryId(e)))
        {
            continue;
        }
        let key_id = c.zammad_entry_id.or(Some(-c.id));
        open.insert((key_id, c.reason.to_string()));
    }
    for c in &plan.conflicts {
        let key_id = c.entry.map(|e| e.0);
        open.insert((key_id, c.reason.to_string()));
    }
    let mut by_reason = BTreeMap::new();
    for (_, reason) in open {
        *by_reason.entry(reason).or_insert(0) += 1;
    }
    Ok(by_reason)
}
