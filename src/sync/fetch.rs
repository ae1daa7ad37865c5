//! Fetch: read what the plan needs from Zammad (entries, enriched from the cache) and
//! Kimai (timesheets carrying our markers, and the catalog only when a mapping is missing).

use super::marker;
use super::model::{SourceEntry, TimesheetView};
use super::plan::{Catalog, CatalogItem, CatalogUser, Coverage, KimaiTimesheets};
use super::units::{TimeUnit, bookable_minutes};
use crate::http::{ApiError, ApiErrorKind};
use crate::ids::*;
use crate::kimai::{KimaiClient, Timesheet, TimesheetQuery, UserFilter};
use crate::store::{LedgerRow, LedgerState, Store};
use crate::zammad::{Organization, Ticket, TimeAccounting, TimeAccountingType, User, ZammadClient};
use anyhow::Context;
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Serialize, de::DeserializeOwned};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

const ZAMMAD_PAGE: u32 = 1000;
/// Zammad caps `per_page` at 1000 since 2023 and at 500 before (`can_paginate`): only a
/// page shorter than this is surely the last.
const ZAMMAD_SMALLEST_CAP: u32 = 500;
const ZAMMAD_TICKET_PAGE: u32 = 100;
const KIMAI_PAGE: u32 = 500;
/// Above this many unknown records, listing pages is cheaper than fetching one by one.
const LIST_THRESHOLD: usize = 25;

/// Which Zammad entries to read.
#[derive(Debug, Clone)]
pub enum SourceScope {
    Incremental {
        since_updated: Option<DateTime<Utc>>,
    },
    Full,
    Tickets(Vec<TicketId>),
}

/// Zammad side of a fetch.
#[derive(Debug)]
pub struct SourceFetch {
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
pub async fn source_entries(
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

async fn all_tickets(z: &ZammadClient) -> Result<Vec<Ticket>, ApiError> {
    every_page(ZAMMAD_TICKET_PAGE, |page| {
        z.tickets(page, ZAMMAD_TICKET_PAGE)
    })
    .await
}

/// Every page of a Zammad list (pages start at 1; Zammad answers `[]` past the end). A
/// page is the last when it is empty or shorter than the smallest cap any Zammad version
/// puts on `per_page`: asking for 1000 may bring 500 from an older server.
pub async fn every_page<T, F, Fut>(per_page: u32, fetch: F) -> Result<Vec<T>, ApiError>
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

/// Records looked up by id, from the store cache first.
struct Lookup<T> {
    found: HashMap<i64, T>,
}

impl<T: Clone + Serialize + DeserializeOwned> Lookup<T> {
    fn load(
        store: &Store,
        connector: ConnectorId,
        kind: &str,
        ids: &HashSet<i64>,
    ) -> anyhow::Result<Lookup<T>> {
        let mut found = HashMap::new();
        for (key, data) in store.cache_get_many(connector, kind, ids)? {
            if let Ok(v) = serde_json::from_str::<T>(&data) {
                found.insert(key, v);
            }
        }
        Ok(Lookup { found })
    }

    fn missing(&self, ids: &HashSet<i64>) -> Vec<i64> {
        let mut m: Vec<i64> = ids
            .iter()
            .filter(|id| !self.found.contains_key(id))
            .copied()
            .collect();
        m.sort();
        m
    }
}

/// What enrichment made of the raw entries.
#[derive(Debug, Default)]
pub struct Enriched {
    pub entries: Vec<SourceEntry>,
    /// Entries whose ticket (or its organization) the token may not read, or that are
    /// gone: their customer and project are unknown, so they must not be booked.
    pub unreadable: Vec<Unreadable>,
}

/// An entry that waits because its ticket cannot be read. `entry` carries what is known
/// (ids, time, agent, type); ticket title and organization are empty.
#[derive(Debug, Clone)]
pub struct Unreadable {
    pub entry: SourceEntry,
    pub why: String,
}

/// Records Zammad refused (403) or did not find (404) by id, with the reason in words.
type Refused = HashMap<i64, String>;

fn refusal(kind: &str, id: i64, e: &ApiError) -> String {
    if e.kind == ApiErrorKind::Forbidden {
        format!(
            "Zammad refuses to show {kind} {id} to the token (403): give the token's user read \
             access to it (for a ticket: its group)"
        )
    } else {
        format!("Zammad has no {kind} {id} (404): deleted or merged")
    }
}

/// Zammad entries with ticket, organization, agent and type resolved.
pub struct Enricher<'a> {
    pub zammad: &'a ZammadClient,
    pub store: &'a Arc<Mutex<Store>>,
    pub connector: ConnectorId,
    pub base_url: &'a str,
    pub unit: TimeUnit,
    /// What was fetched, for the cache: written only when a plan is applied, so reading
    /// and planning write nothing.
    pub fetched: Mutex<CacheRows>,
}

/// Records read from a server, to be cached once the plan is applied.
#[derive(Debug, Clone, Default)]
pub struct CacheRows {
    pub rows: Vec<CacheBatch>,
}

/// Records of one kind: (id, JSON) pairs.
pub type CacheBatch = (ConnectorId, String, Vec<(i64, String)>);

impl CacheRows {
    fn add(&mut self, connector: ConnectorId, kind: &str, rows: Vec<(i64, String)>) {
        if !rows.is_empty() {
            self.rows.push((connector, kind.to_string(), rows));
        }
    }

    pub fn extend(&mut self, other: CacheRows) {
        self.rows.extend(other.rows);
    }

    pub fn write(&self, store: &Store) -> anyhow::Result<()> {
        for (connector, kind, rows) in &self.rows {
            store.cache_put_many(*connector, kind, rows)?;
        }
        Ok(())
    }
}

impl Enricher<'_> {
    pub async fn enrich(&self, raw: &[TimeAccounting]) -> anyhow::Result<Enriched> {
        let ticket_ids: HashSet<i64> = raw.iter().map(|e| e.ticket_id).collect();
        let (tickets, refused_tickets): (HashMap<i64, Ticket>, Refused) = self
            .resolve(
                "ticket",
                &ticket_ids,
                |id| self.zammad.ticket(id),
                || self.list_tickets(),
            )
            .await?;
        let org_ids: HashSet<i64> = tickets.values().filter_map(|t| t.organization_id).collect();
        let (orgs, refused_orgs): (HashMap<i64, Organization>, Refused) = self
            .resolve(
                "organization",
                &org_ids,
                |id| self.zammad.organization(id),
                || self.list_orgs(),
            )
            .await?;
        let user_ids: HashSet<i64> = raw.iter().map(|e| e.created_by_id).collect();
        // An agent that cannot be read keeps its id (user mappings are by id).
        let (users, _): (HashMap<i64, User>, Refused) = self
            .resolve(
                "user",
                &user_ids,
                |id| self.zammad.user(id),
                || self.list_users(),
            )
            .await?;
        let type_ids: HashSet<i64> = raw.iter().filter_map(|e| e.type_id).collect();
        let types: HashMap<i64, TimeAccountingType> = self.types(&type_ids).await?;

        let mut out = Enriched::default();
        out.entries.reserve(raw.len());
        for e in raw {
            let minutes = self
                .unit
                .minutes(&e.time_unit)
                .map_err(|m| anyhow::anyhow!("Zammad entry {}: {m}", e.id))?;
            let ticket = tickets.get(&e.ticket_id);
            let org = ticket
                .and_then(|t| t.organization_id)
                .and_then(|o| orgs.get(&o));
            let agent = users.get(&e.created_by_id);
            let refused = refused_tickets.get(&e.ticket_id).or_else(|| {
                ticket
                    .and_then(|t| t.organization_id)
                    .and_then(|o| refused_orgs.get(&o))
            });
            let entry = SourceEntry {
                id: ZammadEntryId(e.id),
                ticket: TicketId(e.ticket_id),
                ticket_number: ticket
                    .map(|t| t.number.clone())
                    .unwrap_or_else(|| e.ticket_id.to_string()),
                ticket_title: ticket.map(|t| t.title.clone()).unwrap_or_default(),
                ticket_url: format!(
                    "{}/#ticket/zoom/{}",
                    self.base_url.trim_end_matches('/'),
                    e.ticket_id
                ),
                organization: org.map(|o| OrganizationId(o.id)),
                organization_name: org.map(|o| o.name.clone()),
                agent: ZammadUserId(e.created_by_id),
                agent_name: agent
                    .map(|u| u.display_name())
                    .unwrap_or_else(|| format!("user {}", e.created_by_id)),
                agent_email: agent
                    .and_then(|u| u.email.clone())
                    .filter(|m| !m.is_empty()),
                type_id: e.type_id.map(ActivityTypeId),
                type_name: e
                    .type_id
                    .and_then(|t| types.get(&t))
                    .map(|t| t.name.clone()),
                time_unit: e.time_unit.clone(),
                minutes: bookable_minutes(minutes),
                created_at: e.created_at,
                updated_at: e.updated_at,
            };
            match refused {
                // Never book with made-up metadata: the entry waits.
                Some(why) => out.unreadable.push(Unreadable {
                    entry,
                    why: why.clone(),
                }),
                None => out.entries.push(entry),
            }
        }
        Ok(out)
    }

    async fn resolve<T, F, Fut, L, LFut>(
        &self,
        kind: &str,
        ids: &HashSet<i64>,
        one: F,
        list: L,
    ) -> anyhow::Result<(HashMap<i64, T>, Refused)>
    where
        T: Clone + Serialize + DeserializeOwned + HasId,
        F: Fn(i64) -> Fut,
        Fut: std::future::Future<Output = Result<T, ApiError>>,
        L: FnOnce() -> LFut,
        LFut: std::future::Future<Output = Result<Vec<T>, ApiError>>,
    {
        let mut refused = Refused::new();
        let mut lookup: Lookup<T> = {
            let store = self.store.lock().expect("store lock");
            Lookup::load(&store, self.connector, kind, ids)?
        };
        let mut missing = lookup.missing(ids);
        let mut fetched = Vec::new();
        if missing.len() > LIST_THRESHOLD {
            fetched = list()
                .await
                .with_context(|| format!("cannot list Zammad {kind}s"))?;
            // Lists show only what the token may read: ask for the rest one by one, so a
            // refusal is told from a deletion.
            let listed: HashSet<i64> = fetched.iter().map(HasId::id).collect();
            missing.retain(|id| !listed.contains(id));
        }
        for id in missing {
            match one(id).await {
                Ok(item) => fetched.push(item),
                Err(e) if matches!(e.kind, ApiErrorKind::NotFound | ApiErrorKind::Forbidden) => {
                    refused.insert(id, refusal(kind, id, &e));
                }
                Err(e) => {
                    return Err(e).with_context(|| format!("cannot read Zammad {kind} {id}"));
                }
            }
        }
        if !fetched.is_empty() {
            let rows: Vec<(i64, String)> = fetched
                .iter()
                .map(|t| (t.id(), serde_json::to_string(t).unwrap_or_default()))
                .collect();
            self.fetched
                .lock()
                .expect("cache rows")
                .add(self.connector, kind, rows);
        }
        for item in fetched {
            if ids.contains(&item.id()) {
                lookup.found.insert(item.id(), item);
            }
        }
        Ok((lookup.found, refused))
    }

    async fn types(&self, ids: &HashSet<i64>) -> anyhow::Result<HashMap<i64, TimeAccountingType>> {
        let mut lookup: Lookup<TimeAccountingType> = {
            let store = self.store.lock().expect("store lock");
            Lookup::load(&store, self.connector, "type", ids)?
        };
        if lookup.missing(ids).is_empty() {
            return Ok(lookup.found);
        }
        match self.zammad.time_accounting_types().await {
            Ok(all) => {
                let rows: Vec<(i64, String)> = all
                    .iter()
                    .map(|t| (t.id, serde_json::to_string(t).unwrap_or_default()))
                    .collect();
                self.fetched
                    .lock()
                    .expect("cache rows")
                    .add(self.connector, "type", rows);
                lookup.found.extend(all.into_iter().map(|t| (t.id, t)));
            }
            // Without admin.time_accounting the names stay unknown; mappings by id still work.
            Err(e)
                if matches!(
                    e.kind,
                    ApiErrorKind::Forbidden | ApiErrorKind::NotFound | ApiErrorKind::NoRoute
                ) =>
            {
                tracing::warn!(
                    "cannot read Zammad activity types ({e}); activity mapping by type id only"
                );
            }
            Err(e) => return Err(e.into()),
        }
        Ok(lookup.found)
    }

    async fn list_tickets(&self) -> Result<Vec<Ticket>, ApiError> {
        all_tickets(self.zammad).await
    }

    async fn list_orgs(&self) -> Result<Vec<Organization>, ApiError> {
        every_page(500, |page| self.zammad.organizations(page, 500)).await
    }

    async fn list_users(&self) -> Result<Vec<User>, ApiError> {
        every_page(500, |page| self.zammad.users(page, 500)).await
    }
}

pub trait HasId {
    fn id(&self) -> i64;
}
impl HasId for Ticket {
    fn id(&self) -> i64 {
        self.id
    }
}
impl HasId for Organization {
    fn id(&self) -> i64 {
        self.id
    }
}
impl HasId for User {
    fn id(&self) -> i64 {
        self.id
    }
}

/// A Kimai timesheet in UTC.
pub fn view_of(t: &Timesheet) -> TimesheetView {
    TimesheetView {
        id: t.id,
        begin: t.begin.with_timezone(&Utc),
        end: t.end.map(|e| e.with_timezone(&Utc)),
        project: t.project,
        activity: t.activity,
        user: t.user,
        description: t.description.clone().unwrap_or_default(),
        tags: t.tags.clone(),
        exported: t.exported,
        begin_offset: Some(t.begin.offset().local_minus_utc()),
        end_offset: t.end.map(|e| e.offset().local_minus_utc()),
    }
}

/// Which Kimai timesheets to read.
pub enum TargetScope {
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
pub async fn target_timesheets(
    k: &KimaiClient,
    marker_key: &str,
    scope: TargetScope,
    ledger: &HashMap<ZammadEntryId, LedgerRow>,
    seen: &HashSet<ZammadEntryId>,
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
    for t in k.all_timesheets(&query).await? {
        let view = view_of(&t);
        if out.complete || !marker::find(&view.description, marker_key).is_empty() {
            out.by_id.insert(view.id, view);
        } else {
            unmarked.push(view);
        }
    }
    if !unmarked.is_empty() {
        let ids: Vec<KimaiTimesheetId> = unmarked.iter().map(|v| v.id).collect();
        let ours = linked(&ids)?;
        for view in unmarked {
            if ours.contains(&view.id) {
                out.by_id.insert(view.id, view);
            }
        }
    }
    {
        // A person may rewrite the description and drop the marker: look those up by id
        // so an edit is not mistaken for a deletion (or, incrementally, for no change).
        let complete = out.complete;
        let mut unseen: Vec<KimaiTimesheetId> = ledger
            .values()
            .filter(|r| r.state == LedgerState::Synced)
            .filter(|r| complete || seen.contains(&r.entry))
            .filter_map(|r| r.timesheet)
            .filter(|t| !out.by_id.contains_key(t))
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
    }
    Ok(out)
}

/// Settle pending creates whose window has passed: read every timesheet carrying each
/// one's marker (a complete read of that marker, so copies show up as duplicates).
pub async fn settle_pending(
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
pub async fn find_by_marker(
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
pub async fn catalog(k: &KimaiClient) -> Result<Catalog, ApiError> {
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
