//! Normalize: raw Zammad entries become [`SourceEntry`] values (ticket, organization, agent
//! and type resolved, through the store's record cache first), and Kimai timesheets become
//! [`TimesheetView`]s in UTC: what the planner compares.

use super::fetch::{LIST_THRESHOLD, all_tickets, every_page};
use super::model::{Shared, SourceEntry, TimesheetView, source_fingerprint};
use super::units::{TimeUnit, bookable_minutes};
use crate::http::{ApiError, ApiErrorKind};
use crate::ids::*;
use crate::kimai::Timesheet;
use crate::store::Store;
use crate::store::StoreHandle;
use crate::zammad::{Organization, Ticket, TimeAccounting, TimeAccountingType, User, ZammadClient};
use anyhow::Context;
use chrono::Utc;
use serde::{Serialize, de::DeserializeOwned};
use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

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
pub(crate) struct Enriched {
    pub entries: Vec<SourceEntry>,
    /// Entries whose ticket (or its organization) the token may not read, or that are
    /// gone: their customer and project are unknown, so they must not be booked.
    pub unreadable: Vec<Unreadable>,
}

/// An entry that waits because its ticket cannot be read. `entry` carries what is known
/// (ids, time, agent, type); ticket title and organization are empty.
#[derive(Debug, Clone)]
pub(crate) struct Unreadable {
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
pub(crate) struct Enricher<'a> {
    pub zammad: &'a ZammadClient,
    pub store: &'a StoreHandle,
    pub connector: ConnectorId,
    pub base_url: &'a str,
    pub unit: TimeUnit,
    /// What was fetched, for the cache: written only when a plan is applied, so reading
    /// and planning write nothing.
    pub fetched: Mutex<CacheRows>,
    /// Write what is fetched to the cache at once instead (a run that applies at once and
    /// holds the lease: a first sync does not hold thousands of tickets as JSON).
    pub cache_now: bool,
}

/// Records read from a server, to be cached once the plan is applied.
#[derive(Debug, Clone, Default)]
pub struct CacheRows {
    pub rows: Vec<CacheBatch>,
}

/// Records of one kind: (id, JSON) pairs.
pub(crate) type CacheBatch = (ConnectorId, String, Vec<(i64, String)>);

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

/// Raw records converted between two shrinks of their list.
const RAW_CHUNK: usize = 4096;

impl Enricher<'_> {
    /// `raw` is consumed as it is converted: a first sync does not hold 100,000 raw
    /// records beside the entries made of them.
    pub(crate) async fn enrich(&self, mut raw: Vec<TimeAccounting>) -> anyhow::Result<Enriched> {
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
        out.entries.reserve_exact(raw.len());
        let mut text = SharedText::default();
        // Taken from the end (in the order read), the raw records' room shrinks as the
        // entries fill theirs.
        raw.reverse();
        while let Some(e) = raw.pop() {
            if raw.len().is_multiple_of(RAW_CHUNK) {
                raw.shrink_to_fit();
            }
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
                ticket_number: match ticket {
                    Some(t) => text.share(&t.number),
                    None => text.share(&e.ticket_id.to_string()),
                },
                ticket_title: text.share(ticket.map(|t| t.title.as_str()).unwrap_or_default()),
                ticket_url: text.share(&format!(
                    "{}/#ticket/zoom/{}",
                    self.base_url.trim_end_matches('/'),
                    e.ticket_id
                )),
                organization: org.map(|o| OrganizationId(o.id)),
                organization_name: org.map(|o| text.share(&o.name)),
                agent: ZammadUserId(e.created_by_id),
                agent_name: match agent {
                    Some(u) => text.share(&u.display_name()),
                    None => text.share(&format!("user {}", e.created_by_id)),
                },
                agent_email: agent
                    .and_then(|u| u.email.as_deref())
                    .filter(|m| !m.is_empty())
                    .map(|m| text.share(m)),
                type_id: e.type_id.map(ActivityTypeId),
                type_name: e
                    .type_id
                    .and_then(|t| types.get(&t))
                    .map(|t| text.share(&t.name)),
                time_unit: text.share(&e.time_unit),
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
        let mut lookup: Lookup<T> = self
            .store
            .with(|s| Lookup::load(s, self.connector, kind, ids))?;
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
            if self.cache_now {
                self.store
                    .with(|s| s.cache_put_many(self.connector, kind, &rows))?;
            } else {
                self.fetched
                    .lock()
                    .expect("cache rows")
                    .add(self.connector, kind, rows);
            }
        }
        for item in fetched {
            if ids.contains(&item.id()) {
                lookup.found.insert(item.id(), item);
            }
        }
        Ok((lookup.found, refused))
    }

    async fn types(&self, ids: &HashSet<i64>) -> anyhow::Result<HashMap<i64, TimeAccountingType>> {
        let mut lookup: Lookup<TimeAccountingType> = self
            .store
            .with(|s| Lookup::load(s, self.connector, "type", ids))?;
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

pub(crate) trait HasId {
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

/// An entry's fingerprint from its raw fields: what [`SourceEntry::fingerprint`] gives
/// once it is enriched (an entry can be compared with the ledger without enriching it).
pub(crate) fn raw_fingerprint(e: &TimeAccounting, unit: TimeUnit) -> Result<String, String> {
    let minutes = bookable_minutes(unit.minutes(&e.time_unit)?);
    Ok(source_fingerprint(
        TicketId(e.ticket_id),
        e.type_id.map(ActivityTypeId),
        minutes,
        e.created_at,
        ZammadUserId(e.created_by_id),
    ))
}

/// A Kimai timesheet in UTC.
pub(crate) fn view_of(t: &Timesheet) -> TimesheetView {
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

/// One shared copy of each text the entries of a read carry (titles, names, units).
#[derive(Default)]
struct SharedText(HashSet<Shared>);

impl SharedText {
    fn share(&mut self, s: &str) -> Shared {
        if let Some(t) = self.0.get(s) {
            return t.clone();
        }
        let t: Shared = s.into();
        self.0.insert(t.clone());
        t
    }
}
