//! The Kimai side of a run: its API user, the timesheets it reads (everything carrying a
//! marker, or what was modified since the cursor), pending creates searched by marker,
//! and the rules Kimai applies to every save.

use super::super::fetch::{self, Enricher, SourceScope, TargetScope};
use super::super::model::SourceEntry;
use super::super::plan::{self, Plan};
use super::super::rounding::{self, RoundingSeen, TargetChange};
use super::super::{SyncEnv, layout, rules, server};
use super::Connected;
use super::known::{Known, Pending};
use super::ledger_rows::LedgerRows;
use super::unchanged::Unchanged;
use crate::ids::*;
use crate::kimai::TimesheetConfig;
use crate::store::StoreHandle;
use crate::store::{LedgerRow, LedgerState};
use anyhow::Context;
use chrono::{DateTime, Duration, Utc};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Kimai's API user, the zone its wall-clock times are read in, and its roles.
pub(super) struct ApiUser {
    pub user: crate::kimai::User,
    pub timezone: chrono_tz::Tz,
    pub roles: Vec<String>,
}

/// What the run read of Kimai.
pub(super) struct KimaiRead {
    pub timesheets: plan::KimaiTimesheets,
    /// Entries set aside as unchanged that Kimai did not confirm: read again, by ticket.
    pub recheck: BTreeMap<TicketId, HashSet<ZammadEntryId>>,
    /// Kimai's clock just before the read.
    pub read_at: Option<DateTime<Utc>>,
    /// Kimai's version, and whether it was read now (not from the connector's cache).
    pub version: Option<String>,
    pub version_read: bool,
}

/// Read the timesheets the plan compares: every marked one (or those modified since the
/// cursor), those the ledger links for the entries this run looks at, and the marker
/// search of pending creates ready to settle. Adds the ledger rows of what Kimai returned.
#[allow(clippy::too_many_arguments)] // one step of `prepare`, fed its state
pub(super) async fn read(
    env: &SyncEnv,
    c: &Connected,
    store: &StoreHandle,
    rows: &LedgerRows<'_>,
    ledger: &mut HashMap<ZammadEntryId, LedgerRow>,
    entries: &[SourceEntry],
    known: &Known,
    pending: &Pending,
    since: Option<DateTime<Utc>>,
    me: &ApiUser,
    unchanged: &Unchanged,
) -> anyhow::Result<KimaiRead> {
    env.events.stage("reading Kimai");
    let version = server::version(store, c.pair.kimai, &c.kimai).await?;
    // Kimai's clock before the read: an edit made while this run works is read next time.
    let read_at = c.kimai.server_time();
    let scope = match since {
        // modified_after is inclusive; one second back covers the Date header's rounding.
        Some(k) => TargetScope::ModifiedSince(server::modified_after(
            k - Duration::seconds(1),
            version.version.as_deref(),
            me.timezone,
        )),
        None => TargetScope::All,
    };
    let seen = compared_exactly(entries, ledger, &known.conflicted);
    let as_written =
        |v: &super::super::model::TimesheetView| unchanged.as_written(v, &c.marker_key);
    let mut timesheets =
        fetch::marked_timesheets(&c.kimai, &c.marker_key, scope, &as_written, &mut |ids| {
            rows.synced_timesheets(ids)
        })
        .await
        .context("cannot read timesheets from Kimai")?;
    // Entries set aside whose timesheets differ: compared in full, with their rows.
    let recheck = unchanged.unconfirmed(&mut timesheets, &c.marker_key);
    if !recheck.is_empty() {
        let ids: Vec<ZammadEntryId> = recheck.values().flatten().copied().collect();
        ledger.extend(store.with(|s| s.ledger_rows_of_entries(c.pair, &ids))?);
    }
    fetch::look_up_unlisted(&c.kimai, ledger, &seen, &mut timesheets)
        .await
        .context("cannot read timesheets from Kimai")?;
    let ready: Vec<ZammadEntryId> = pending.ready.iter().map(|(e, _)| *e).collect();
    fetch::settle_pending(&c.kimai, &c.marker_key, &ready, &mut timesheets)
        .await
        .context("cannot search Kimai for pending creates")?;
    // The rows of what Kimai returned: a person's edit to any of them is compared.
    let returned: Vec<KimaiTimesheetId> = timesheets.by_id.keys().copied().collect();
    rows.add_timesheets(ledger, &returned)?;
    if rows.whole {
        // Snapshots are compared only where Kimai no longer holds what syncd wrote.
        let moved: Vec<ZammadEntryId> = ledger
            .values()
            .filter(|r| {
                r.timesheet.is_some_and(|t| {
                    timesheets.by_id.get(&t).is_none_or(|v| {
                        r.target_fingerprint.as_deref() != Some(v.fingerprint().as_str())
                    })
                })
            })
            .map(|r| r.entry)
            .collect();
        ledger.extend(store.with(|s| s.ledger_rows_of_entries(c.pair, &moved))?);
    }
    Ok(KimaiRead {
        timesheets,
        recheck,
        read_at,
        version_read: version.fresh,
        version: version.version,
    })
}

/// Entries whose Kimai side must be known exactly: changed in Zammad, or in conflict, and
/// the earlier entries of a ticket a negative correction may shorten.
fn compared_exactly(
    entries: &[SourceEntry],
    ledger: &HashMap<ZammadEntryId, LedgerRow>,
    conflicted: &HashSet<ZammadEntryId>,
) -> HashSet<ZammadEntryId> {
    entries
        .iter()
        .filter(|e| {
            conflicted.contains(&e.id)
                || ledger
                    .get(&e.id)
                    .is_some_and(|r| r.source_fingerprint.as_deref() != Some(&e.fingerprint()))
        })
        .map(|e| e.id)
        .chain(
            entries
                .iter()
                .filter(|e| e.minutes < 0 && !ledger.contains_key(&e.id))
                .flat_map(|e| {
                    ledger
                        .values()
                        .filter(move |r| r.ticket == Some(e.ticket))
                        .map(|r| r.entry)
                }),
        )
        .collect()
}

/// Kimai's timesheet rules, read fresh when the plan writes (Kimai applies them to every
/// save): refuses roles that cannot write, and moves intervals the rules would refuse.
pub(super) async fn rules_before_writing(
    c: &Connected,
    the_plan: &mut Plan,
    me: &ApiUser,
    entries: &[SourceEntry],
) -> anyhow::Result<Option<TimesheetConfig>> {
    let writes = !the_plan.fresh.is_empty()
        || the_plan
            .items
            .iter()
            .any(|i| matches!(i.op, plan::Op::Create { .. } | plan::Op::Update { .. }));
    if !writes {
        return Ok(None);
    }
    let current = rules::read(&c.kimai)
        .await
        .context("cannot read Kimai's timesheet rules (GET /api/config/timesheet)")?;
    if let Some(r) = &current {
        rules::check(r, &me.roles)?;
        layout::keep_rules(&c.kimai, the_plan, entries, r, me.user.id, me.timezone).await?;
    }
    Ok(current)
}

/// Kimai's API user, its time zone and roles; refuses at once when cached rules are known
/// to make every write fail, before anything else is read.
pub(super) async fn api_user(
    c: &Connected,
    cached_rules: Option<&TimesheetConfig>,
) -> anyhow::Result<ApiUser> {
    let (user, timezone) = api_user_and_zone(c).await?;
    let roles = user.roles.clone().unwrap_or_default();
    if let Some(r) = cached_rules {
        rules::check(r, &roles)?;
    }
    Ok(ApiUser {
        user,
        timezone,
        roles,
    })
}

/// Synced timesheets Kimai returned whose Zammad entry is not among `entries` and that a
/// person changed since syncd wrote them, by ticket.
pub(super) fn edited_in_kimai(
    entries: &[SourceEntry],
    ledger: &HashMap<ZammadEntryId, LedgerRow>,
    kimai: &plan::KimaiTimesheets,
    seen: RoundingSeen,
) -> BTreeMap<TicketId, HashSet<ZammadEntryId>> {
    let read: HashSet<ZammadEntryId> = entries.iter().map(|e| e.id).collect();
    let mut out: BTreeMap<TicketId, HashSet<ZammadEntryId>> = BTreeMap::new();
    for row in ledger.values() {
        if row.state != LedgerState::Synced || read.contains(&row.entry) {
            continue;
        }
        let (Some(ticket), Some(view)) =
            (row.ticket, row.timesheet.and_then(|t| kimai.by_id.get(&t)))
        else {
            continue;
        };
        if rounding::target_change(row, view, seen) == TargetChange::Edited {
            out.entry(ticket).or_default().insert(row.entry);
        }
    }
    out
}

/// These entries, read per ticket from Zammad and enriched. A ticket that cannot be read
/// is left out (the planner still reports the edit, without Zammad's side).
pub(super) async fn entries_of(
    zammad: &crate::zammad::ZammadClient,
    enricher: &Enricher<'_>,
    wanted: BTreeMap<TicketId, HashSet<ZammadEntryId>>,
) -> anyhow::Result<Vec<SourceEntry>> {
    let mut raw = Vec::new();
    for (ticket, ids) in wanted {
        match fetch::source_entries(zammad, &SourceScope::Tickets(vec![ticket])).await {
            Ok(f) => raw.extend(
                f.entries
                    .into_iter()
                    .filter(|e| ids.contains(&ZammadEntryId(e.id))),
            ),
            Err(e) => tracing::warn!(
                "cannot read the time entries of Zammad ticket {ticket} to compare a Kimai edit: {e}"
            ),
        }
    }
    // Entries of unreadable tickets stay out: the edit is reported without Zammad's side.
    Ok(enricher.enrich(raw).await?.entries)
}

/// Kimai's API user and its time zone (the zone HTML5 local times are read in).
pub(in crate::sync) async fn api_user_and_zone(
    c: &Connected,
) -> anyhow::Result<(crate::kimai::User, chrono_tz::Tz)> {
    let me = c
        .kimai
        .me()
        .await
        .context("cannot read the Kimai API user (GET /api/users/me)")?;
    let zone: chrono_tz::Tz = me.timezone.parse().map_err(|_| {
        anyhow::anyhow!(
            "the Kimai API user's timezone `{}` is not a known IANA timezone",
            me.timezone
        )
    })?;
    Ok((me, zone))
}
