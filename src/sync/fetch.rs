//! Fetch: read what the plan needs from Zammad (entries, enriched from the cache) and
//! Kimai (timesheets carrying our markers, and the catalog only when a mapping is missing).

use super::marker;
use super::model::TimesheetView;
use super::plan::{Catalog, CatalogItem, CatalogUser, Coverage, KimaiTimesheets};
use crate::http::{ApiError, ApiErrorKind};
use crate::ids::*;
use crate::kimai::{KimaiClient, TimesheetQuery, UserFilter};
use crate::store::{LedgerRow, LedgerState};
use crate::zammad::{Ticket, TimeAccounting, ZammadClient};
use chrono::{DateTime, NaiveDateTime, Utc};
use std::collections::{HashMap, HashSet};

const ZAMMAD_PAGE: u32 = 1000;
/// Zammad caps `per_page` at 1000 since 2023 and at 500 before (`can_paginate`): only a
/// page shorter than this is surely the last.
const ZAMMAD_SMALLEST_CAP: u32 = 500;
const ZAMMAD_TICKET_PAGE: u32 = 100;
const KIMAI_PAGE: u32 = 500;
/// Above this many unknown records, listing pages is cheaper than fetching one by one.
pub(super) const LIST_THRESHOLD: usize = 25;

/// Which Zammad entries to read.
#[derive(Debug, Clone)]
pub(crate) enum SourceScope {
    Incremental {
        since_updated: Option<DateTime<Utc>>,
    },
    Full,
    Tickets(Vec<TicketId>),
}

/// Zammad side of a fetch.
#[derive(Debug)]
pub(crate) struct SourceFetch {
    pub entries: Vec<TimeAccounting>,
    pub coverage: Coverage,
    /// Zammad has no entries at all (the first page was empty).
    pub empty: bool,
    /// Tickets whose time accounting list Zammad refused (403), with the reason: their
    /// entries were not read, so the run reports them and takes none of them for deleted.
    pub refused: Vec<String>,
}

/// Why a ticket's own time accounting list is refused, in words.
fn list_refused(ticket: TicketId) -> String {
    format!(
        "Zammad refused the time accounting list of ticket id {ticket} (403): the token needs \
         admin.time_accounting or change access to the ticket's group (on Zammad 6.1 change \
         access, admins included); its entries were not read"
    )
}

/// Read entries in scope. Falls back to per-ticket listing on servers without the global
/// route (404 "No route matches").
pub(crate) async fn source_entries(
    z: &ZammadClient,
    scope: &SourceScope,
) -> Result<SourceFetch, ApiError> {
    match scope {
        SourceScope::Tickets(ts) => {
            let mut entries = Vec::new();
            let mut refused = Vec::new();
            let mut covered = Vec::new();
            for t in ts {
                match ticket_entries(z, *t).await {
                    Ok(e) => {
                        entries.extend(e);
                        covered.push(*t);
                    }
                    // A deleted ticket has no entries left.
                    Err(e) if e.kind == ApiErrorKind::NotFound => covered.push(*t),
                    Err(e) if e.kind == ApiErrorKind::Forbidden => refused.push(list_refused(*t)),
                    Err(e) => return Err(e),
                }
            }
            Ok(SourceFetch {
                empty: entries.is_empty(),
                entries,
                coverage: Coverage::Tickets(covered),
                refused,
            })
        }
        SourceScope::Full => match all_pages(z, "id", "asc", None).await {
            Ok((entries, empty)) => Ok(SourceFetch {
                entries,
                coverage: Coverage::Full,
                empty,
                refused: Vec::new(),
            }),
            Err(e) if e.kind == ApiErrorKind::NoRoute => per_ticket(z, None, Coverage::Full).await,
            Err(e) => Err(e),
        },
        SourceScope::Incremental { since_updated } => {
            // `id` breaks ties: rows with equal updated_at have no stable order under
            // OFFSET paging and would be skipped or repeated at page boundaries.
            match all_pages(z, "updated_at,id", "desc,desc", *since_updated).await {
                Ok((entries, empty)) => {
                    let coverage = if since_updated.is_none() {
                        Coverage::Full
                    } else {
                        Coverage::Incremental
                    };
                    Ok(SourceFetch {
                        entries,
                        coverage,
                        empty,
                        refused: Vec::new(),
                    })
                }
                Err(e) if e.kind == ApiErrorKind::NoRoute => {
                    let coverage = if since_updated.is_none() {
                        Coverage::Full
                    } else {
                        Coverage::Incremental
                    };
                    per_ticket(z, *since_updated, coverage).await
                }
                Err(e) => Err(e),
            }
        }
    }
}

/// Pages of the global list until an empty page (a short page is not the end: the server
/// may cap `per_page`); with `stop_before`, stops once entries are older (sorted by
/// updated_at descending).
async fn all_pages(
    z: &ZammadClient,
    sort_by: &str,
    order_by: &str,
    stop_before: Option<DateTime<Utc>>,
) -> Result<(Vec<TimeAccounting>, bool), ApiError> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut page = 1;
    loop {
        let batch = z
            .time_accountings(page, ZAMMAD_PAGE, sort_by, order_by)
            .await?;
        if page == 1 && batch.is_empty() {
            return Ok((out, true));
        }
        if batch.is_empty() {
            return Ok((out, false));
        }
        let mut reached_cursor = false;
        for e in batch {
            if let Some(stop) = stop_before
                && e.updated_at < stop
            {
                reached_cursor = true;
                continue;
            }
            // Offset paging shifts when rows change mid-scan; de-duplicate by id.
            if seen.insert(e.id) {
                out.push(e);
            }
        }
        if reached_cursor {
            return Ok((out, false));
        }
        page += 1;
    }
}

pub(crate) async fn ticket_entries(
    z: &ZammadClient,
    ticket: TicketId,
) -> Result<Vec<TimeAccounting>, ApiError> {
    every_page(ZAMMAD_PAGE, |page| {
        z.ticket_time_accountings(ticket.0, page, ZAMMAD_PAGE)
    })
    .await
}

/// Old servers: walk tickets (updated since the cursor) and read each one's entries. A
/// ticket's `updated_at` moves only when its time total changes, so edits that keep the
/// total (a type change) are found by full runs, which read every ticket.
async fn per_ticket(
    z: &ZammadClient,
    since: Option<DateTime<Utc>>,
    coverage: Coverage,
) -> Result<SourceFetch, ApiError> {
    let tickets = all_tickets(z).await?;
    let mut entries = Vec::new();
    let mut refused = Vec::new();
    let mut covered = Vec::new();
    for t in tickets
        .iter()
        .filter(|t| since.is_none_or(|s| t.updated_at >= s))
    {
        match ticket_entries(z, TicketId(t.id)).await {
            Ok(e) => {
                entries.extend(e);
                covered.push(TicketId(t.id));
            }
            Err(e) if e.kind == ApiErrorKind::NotFound => covered.push(TicketId(t.id)),
            Err(e) if e.kind == ApiErrorKind::Forbidden => {
                refused.push(list_refused(TicketId(t.id)))
            }
            Err(e) => return Err(e),
        }
    }
    // A full walk with refused lists covers only the tickets read: the refused tickets'
    // timesheets must not be taken for deleted.
    let coverage = match coverage {
        Coverage::Full if !refused.is_empty() => Coverage::Tickets(covered),
        other => other,
    };
    Ok(SourceFetch {
        empty: tickets.is_empty(),
        entries,
        coverage,
        refused,
    })
}

pub(super) async fn all_tickets(z: &ZammadClient) -> Result<Vec<Ticket>, ApiError> {
    every_page(ZAMMAD_TICKET_PAGE, |page| {
        z.tickets(page, ZAMMAD_TICKET_PAGE)
    })
    .await
}

/// Every page of a Zammad list (pages start at 1; Zammad answers `[]` past the end). A
/// page is the last when it is empty or shorter than the smallest cap any Zammad version
/// puts on `per_page`: asking for 1000 may bring 500 from an older server.
pub(crate) async fn every_page<T, F, Fut>(per_page: u32, fetch: F) -> Result<Vec<T>, ApiError>
where
    F: Fn(u32) -> Fut,
    Fut: std::future::Future<Output = Result<Vec<T>, ApiError>>,
{
    let mut out = Vec::new();
    for page in 1.. {
        let batch = fetch(page).await?;
        let short = (batch.len() as u32) < per_page.min(ZAMMAD_SMALLEST_CAP);
        out.extend(batch);
        if short {
            break;
        }
    }
    Ok(out)
}

pub(crate) use super::normalize::{CacheRows, Enricher, Unreadable, raw_fingerprint, view_of};

/// Which Kimai timesheets to read.
pub(crate) enum TargetScope {
    /// Every timesheet carrying a marker of this Zammad instance.
    All,
    /// Timesheets modified at or after this `modified_after` value (a wall clock as the
    /// server reads it, see [`super::server::modified_after`]).
    ModifiedSince(NaiveDateTime),
}

/// Read marked timesheets (pending rows: [`settle_pending`]). An incremental read asks
/// for every timesheet modified since the cursor and keeps those that carry a marker or
/// that the ledger links, so a person's edit is seen even when it removed the marker.
/// `seen` are the Zammad entries this run looks at: their synced timesheets are always
/// read (by id if the modified-since search missed them), so an edit that removed the
/// marker is still seen as an edit and not as "unchanged".
///
/// `ledger` holds the rows of `seen` (with [`TargetScope::All`]: every row of the pair);
/// `linked` answers which of some timesheets the ledger links to a synced row, so an
/// incremental read looks up only the unmarked timesheets Kimai returned.
pub(crate) async fn target_timesheets(
    k: &KimaiClient,
    marker_key: &str,
    scope: TargetScope,
    ledger: &HashMap<ZammadEntryId, LedgerRow>,
    seen: &HashSet<ZammadEntryId>,
    linked: &mut (
             dyn FnMut(&[KimaiTimesheetId]) -> anyhow::Result<HashSet<KimaiTimesheetId>> + Send
         ),
) -> anyhow::Result<KimaiTimesheets> {
    let mut out = marked_timesheets(k, marker_key, scope, &|_| None, linked).await?;
    look_up_unlisted(k, ledger, seen, &mut out).await?;
    Ok(out)
}

/// Pages of marked timesheets (or those modified since), as [`target_timesheets`] reads
/// them before looking up the unlisted ones. `as_written` names the entry of a timesheet
/// Kimai holds exactly as syncd wrote it for an entry set aside: only that digest is kept.
pub(crate) async fn marked_timesheets(
    k: &KimaiClient,
    marker_key: &str,
    scope: TargetScope,
    as_written: &(dyn Fn(&TimesheetView) -> Option<ZammadEntryId> + Sync),
    linked: &mut (
             dyn FnMut(&[KimaiTimesheetId]) -> anyhow::Result<HashSet<KimaiTimesheetId>> + Send
         ),
) -> anyhow::Result<KimaiTimesheets> {
    let mut out = KimaiTimesheets::default();
    let mut query = TimesheetQuery {
        user: Some(UserFilter::All),
        size: Some(KIMAI_PAGE),
        ..TimesheetQuery::default()
    };
    match scope {
        TargetScope::All => {
            out.complete = true;
            query.term = Some(marker::prefix(marker_key));
        }
        TargetScope::ModifiedSince(m) => query.modified_after = Some(m),
    }
    let mut unmarked = Vec::new();
    k.each_timesheet(&query, |t| {
        let view = view_of(&t);
        if let Some(entry) = as_written(&view) {
            out.as_written.insert(view.id, entry);
        } else if out.complete || !marker::find(&view.description, marker_key).is_empty() {
            out.by_id.insert(view.id, view);
        } else {
            unmarked.push(view);
        }
    })
    .await?;
    if !unmarked.is_empty() {
        let ids: Vec<KimaiTimesheetId> = unmarked.iter().map(|v| v.id).collect();
        let ours = linked(&ids)?;
        for view in unmarked {
            if ours.contains(&view.id) {
                out.by_id.insert(view.id, view);
            }
        }
    }
    Ok(out)
}

/// Synced timesheets of the ledger that the read did not list, looked up by id: a person
/// may rewrite the description and drop the marker, and such an edit must not be taken
/// for a deletion (or, incrementally, for no change).
pub(crate) async fn look_up_unlisted(
    k: &KimaiClient,
    ledger: &HashMap<ZammadEntryId, LedgerRow>,
    seen: &HashSet<ZammadEntryId>,
    out: &mut KimaiTimesheets,
) -> anyhow::Result<()> {
    let complete = out.complete;
    let mut unseen: Vec<KimaiTimesheetId> = ledger
        .values()
        .filter(|r| r.state == LedgerState::Synced)
        .filter(|r| complete || seen.contains(&r.entry))
        .filter_map(|r| r.timesheet)
        .filter(|t| !out.by_id.contains_key(t) && !out.as_written.contains_key(t))
        .collect();
    unseen.sort();
    unseen.dedup();
    for id in unseen {
        match k.timesheet(id).await {
            Ok(t) => {
                out.by_id.insert(id, view_of(&t));
            }
            Err(e) if e.kind == ApiErrorKind::NotFound => {
                out.missing.insert(id);
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

/// Settle pending creates whose window has passed: read every timesheet carrying each
/// one's marker (a complete read of that marker, so copies show up as duplicates).
pub(crate) async fn settle_pending(
    k: &KimaiClient,
    marker_key: &str,
    ready: &[ZammadEntryId],
    out: &mut KimaiTimesheets,
) -> Result<(), ApiError> {
    for entry in ready {
        for t in find_by_marker(k, marker_key, *entry).await? {
            out.by_id.insert(t.id, t);
        }
    }
    Ok(())
}

/// Timesheets whose description carries exactly this entry's marker.
pub(crate) async fn find_by_marker(
    k: &KimaiClient,
    marker_key: &str,
    entry: ZammadEntryId,
) -> Result<Vec<TimesheetView>, ApiError> {
    let query = TimesheetQuery {
        user: Some(UserFilter::All),
        term: Some(marker::token(marker_key, entry)),
        size: Some(KIMAI_PAGE),
        ..TimesheetQuery::default()
    };
    let found = k.all_timesheets(&query).await?;
    // `term` is a LIKE search: keep only exact markers.
    Ok(found
        .iter()
        .map(view_of)
        .filter(|v| marker::find(&v.description, marker_key).contains(&entry))
        .collect())
}

/// Kimai customers, projects, activities and users (users only if the token may list them).
pub(crate) async fn catalog(k: &KimaiClient) -> Result<Catalog, ApiError> {
    let customers = k.customers().await?;
    let projects = k.projects().await?;
    let activities = k.activities().await?;
    let users = match k.users().await {
        Ok(u) => u,
        Err(e) if matches!(e.kind, ApiErrorKind::Forbidden) => {
            tracing::info!(
                "the Kimai token may not list users (view_user); agents map by explicit mappings only"
            );
            Vec::new()
        }
        Err(e) => return Err(e),
    };
    let visible_customers: HashSet<KimaiCustomerId> = customers
        .iter()
        .filter(|c| c.visible)
        .map(|c| c.id)
        .collect();
    Ok(Catalog {
        customers: customers
            .into_iter()
            .map(|c| CatalogItem {
                id: c.id.0,
                name: c.name,
                comment: c.comment,
                number: c.number,
                parent: None,
                visible: c.visible,
            })
            .collect(),
        projects: projects
            .into_iter()
            .map(|p| CatalogItem {
                id: p.id.0,
                name: p.name,
                comment: p.comment,
                number: None,
                parent: Some(p.customer.0),
                visible: p.visible && visible_customers.contains(&p.customer),
            })
            .collect(),
        activities: activities
            .into_iter()
            .map(|a| CatalogItem {
                id: a.id.0,
                name: a.name,
                comment: a.comment,
                number: None,
                parent: a.project.map(|p| p.0),
                visible: a.visible,
            })
            .collect(),
        users: users
            .into_iter()
            .map(|u| CatalogUser {
                id: u.id,
                username: u.username,
                email: u.email,
                timezone: Some(u.timezone),
                enabled: u.enabled,
            })
            .collect(),
    })
}
