//! The Zammad side of a run: which entries it reads, reading them, and enriching them
//! with their tickets, organizations, agents and types.

use super::super::fetch::{self, Enricher, SourceScope};
use super::super::model::NewConflict;
use super::super::model::SourceEntry;
use super::super::plan::Coverage;
use super::super::{SyncEnv, SyncRequest, TicketSelector};
use super::known::{Known, Pending};
use super::ledger_rows::LedgerRows;
use super::{Connected, Learned, Scope};
use crate::error::Error;
use crate::ids::*;
use crate::store::LedgerRow;
use crate::store::StoreHandle;
use anyhow::Context;
use chrono::{DateTime, Duration, Utc};
use std::collections::{HashMap, HashSet};

/// The Zammad entries a run read, before enrichment.
pub(super) struct ZammadRead {
    pub raw: Vec<crate::zammad::TimeAccounting>,
    pub coverage: Coverage,
    /// `--since` / `--until` narrowed the run.
    pub windowed: bool,
    pub ticket_run: bool,
    pub scope_of_run: Scope,
    /// Tickets Zammad refused to list.
    pub source_errors: Vec<String>,
    /// Tickets read only for pending creates outside the run's scope.
    pub outside: Vec<TicketId>,
    /// Largest `updated_at` read: where the Zammad cursor moves.
    pub max_updated: Option<DateTime<Utc>>,
}

/// Read the entries in scope, the waiting entries a new mapping may settle, and those of
/// pending creates outside the scope. Refuses a unit the entries contradict (first sync).
pub(super) async fn read(
    env: &SyncEnv,
    req: &SyncRequest,
    c: &Connected,
    store: &StoreHandle,
    known: &Known,
    pending: &Pending,
    learned: &mut Learned,
) -> anyhow::Result<ZammadRead> {
    let settings = &env.settings.sync;
    let (scope, ticket_run, scope_of_run) =
        source_scope(req, c, settings, known.has_rows, &known.cursor).await?;
    env.events.stage("reading Zammad time accounting");
    let fetched = fetch::source_entries(&c.zammad, &scope)
        .await
        .context("cannot read time accounting from Zammad")?;
    if fetched.empty && !ticket_run && known.synced > 0 && !req.force {
        return Err(anyhow::anyhow!(
            "Zammad returned no time accounting entries at all, but the ledger holds {} synced entries; \
             refusing to treat them as deleted (check the Zammad connector and token, or pass --force)",
            known.synced
        ));
    }
    // Tickets whose lists Zammad refused: reported, the rest of the run goes on.
    let source_errors = fetched.refused;
    for e in &source_errors {
        tracing::warn!("{e}");
    }
    let mut raw = fetched.entries;
    raw.retain(|e| {
        req.since.is_none_or(|s| e.created_at >= s) && req.until.is_none_or(|u| e.created_at < u)
    });
    let windowed = req.since.is_some() || req.until.is_some();
    // A first sync, or the first after a unit change: refuse a unit the entries contradict.
    let units: Vec<&str> = raw.iter().map(|e| e.time_unit.as_str()).collect();
    learned.unit_check = store
        .with(|s| {
            super::super::unit_guard::before_sync(
                s,
                c.pair.zammad,
                &c.zammad_name,
                c.unit,
                &units,
                req.force,
            )
        })?
        .map(|pending| (c.pair.zammad, pending));
    // Incremental runs pass entries that wait in a conflict; read those again when a new
    // mapping (or a now readable ticket) may settle them.
    if matches!(scope, SourceScope::Incremental { .. }) {
        super::super::waiting::read_settling(
            &c.zammad,
            &known.open,
            &known.mappings,
            settings.default_activity.is_some(),
            &mut raw,
        )
        .await
        .context("cannot read waiting entries from Zammad")?;
    }
    let coverage = if windowed && fetched.coverage == Coverage::Full {
        Coverage::Incremental
    } else {
        fetched.coverage
    };
    // Tickets of pending creates outside this run's scope (read for them here).
    let outside = if coverage != Coverage::Full {
        read_pending_outside(c, &pending.ready, &mut raw).await?
    } else {
        Vec::new()
    };
    let max_updated = raw.iter().map(|e| e.updated_at).max();
    Ok(ZammadRead {
        raw,
        coverage,
        windowed,
        ticket_run,
        scope_of_run,
        source_errors,
        outside,
        max_updated,
    })
}

/// The entries read, enriched; with those that wait on an unreadable ticket.
pub(super) struct Source {
    pub entries: Vec<SourceEntry>,
    /// Entries whose ticket or organization Zammad refused: they wait.
    pub waiting: HashSet<ZammadEntryId>,
    pub unreadable_conflicts: Vec<NewConflict>,
    /// Entries read (before pending creates in their settle window are left out).
    pub fetched: u64,
}

/// Enrich the entries read (tickets, agents and types from the cache or Zammad), add the
/// ledger rows negative corrections need, and leave out pending creates still inside their
/// settle window.
pub(super) async fn enrich(
    env: &SyncEnv,
    enricher: &Enricher<'_>,
    raw: Vec<crate::zammad::TimeAccounting>,
    rows: &LedgerRows<'_>,
    ledger: &mut HashMap<ZammadEntryId, LedgerRow>,
    pending: &Pending,
) -> anyhow::Result<Source> {
    env.events.stage(format!(
        "reading tickets, agents and types for {} entries",
        raw.len()
    ));
    let enriched = enricher.enrich(raw).await?;
    let mut entries = enriched.entries;
    // Negative corrections may shorten an earlier timesheet of the same ticket.
    let mut negative: Vec<TicketId> = entries
        .iter()
        .filter(|e| e.minutes < 0)
        .map(|e| e.ticket)
        .collect();
    negative.sort();
    negative.dedup();
    rows.add_tickets(ledger, &negative)?;
    let (waiting, unreadable_conflicts) =
        super::super::waiting::unreadable_conflicts(&enriched.unreadable, ledger);
    let fetched = entries.len() as u64;
    // Pending creates still inside their settle window are left alone.
    entries.retain(|e| !pending.in_window.contains(&e.id));
    Ok(Source {
        entries,
        waiting,
        unreadable_conflicts,
        fetched,
    })
}

/// Pending creates whose Zammad entry is gone (with full coverage, or their ticket read):
/// link what arrived, or forget them.
pub(super) fn gone(
    pending: &Pending,
    entries: &[SourceEntry],
    waiting: &HashSet<ZammadEntryId>,
    coverage: &Coverage,
    outside: &[TicketId],
) -> Vec<(ZammadEntryId, Option<TicketId>)> {
    let present: HashSet<ZammadEntryId> = entries.iter().map(|e| e.id).collect();
    pending
        .ready
        .iter()
        .filter(|(e, t)| {
            !present.contains(e)
                && !waiting.contains(e)
                && (*coverage == Coverage::Full || t.is_some_and(|t| outside.contains(&t)))
        })
        .copied()
        .collect()
}

/// Which Zammad entries this run reads: the tickets asked for, everything (`--full`), or
/// what changed since the cursor less the lookback. Also whether it is a ticket run, and
/// the scope as the plan records it.
async fn source_scope(
    req: &SyncRequest,
    c: &Connected,
    settings: &crate::config::SyncSettings,
    has_rows: bool,
    cursor: &crate::store::SyncCursor,
) -> anyhow::Result<(SourceScope, bool, Scope)> {
    let mut tickets: Vec<TicketId> = req.ticket_ids.iter().map(|t| TicketId(*t)).collect();
    match &req.ticket {
        Some(TicketSelector::Id(id)) => tickets.push(TicketId(*id)),
        Some(TicketSelector::Number(n)) => {
            let n = n.trim_start_matches('#');
            let t = c
                .zammad
                .find_ticket_by_number(n)
                .await
                .context("cannot look up the ticket in Zammad")?;
            tickets.push(TicketId(
                t.ok_or_else(|| Error::usage(format!("Zammad has no ticket number {n}")))?
                    .id,
            ));
        }
        None => {}
    }
    tickets.sort();
    tickets.dedup();
    let ticket_run = !tickets.is_empty();
    let mut scope_of_run = Scope::of(req);
    scope_of_run.tickets = tickets.iter().map(|t| t.0).collect();
    let scope = if ticket_run {
        SourceScope::Tickets(tickets)
    } else if req.full {
        SourceScope::Full
    } else {
        let lookback = Duration::minutes(settings.lookback_minutes as i64);
        // With --since, entries updated before it cannot have been created after it.
        // An empty ledger (first run, lost store) reads everything.
        let cursor_time = if !has_rows {
            None
        } else {
            cursor.zammad.map(|c| c - lookback)
        };
        let since_updated = match (cursor_time, req.since) {
            (Some(c), Some(s)) => Some(c.min(s)),
            (c, _) => c,
        };
        SourceScope::Incremental { since_updated }
    };
    Ok((scope, ticket_run, scope_of_run))
}

/// Pending creates outside this run's scope are settled all the same: read the entries of
/// their tickets (only the pending ones are kept). Returns those tickets.
async fn read_pending_outside(
    c: &Connected,
    ready: &[(ZammadEntryId, Option<TicketId>)],
    raw: &mut Vec<crate::zammad::TimeAccounting>,
) -> anyhow::Result<Vec<TicketId>> {
    let read: HashSet<i64> = raw.iter().map(|e| e.id).collect();
    let mut outside: Vec<TicketId> = ready
        .iter()
        .filter(|(e, _)| !read.contains(&e.0))
        .filter_map(|(_, t)| *t)
        .collect();
    outside.sort();
    outside.dedup();
    if outside.is_empty() {
        return Ok(outside);
    }
    let pending: HashSet<i64> = ready.iter().map(|(e, _)| e.0).collect();
    let extra = fetch::source_entries(&c.zammad, &SourceScope::Tickets(outside.clone()))
        .await
        .context("cannot read the tickets of pending creates from Zammad")?;
    raw.extend(
        extra
            .entries
            .into_iter()
            .filter(|e| pending.contains(&e.id) && !read.contains(&e.id)),
    );
    Ok(outside)
}
