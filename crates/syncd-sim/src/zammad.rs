//! Zammad simulator: state, test-side accessors and mutations. Routes live in `zammad_api`.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::clock::SimClock;
use super::faults::{FaultConfig, Faults};
use super::http::{RecordedRequest, Recorder, Server};

pub use super::zammad_model::{
    EntryChange, NewEntry, SimEntry, SimOrganization, SimTicket, SimType, SimUser,
};

#[derive(Debug)]
pub(crate) struct ZState {
    pub token: String,
    pub api_user_id: i64,
    pub entries: BTreeMap<i64, SimEntry>,
    pub tickets: BTreeMap<i64, SimTicket>,
    pub users: BTreeMap<i64, SimUser>,
    pub organizations: BTreeMap<i64, SimOrganization>,
    pub types: BTreeMap<i64, SimType>,
    pub next_entry_id: i64,
    pub global_list_enabled: bool,
    pub admin_time_accounting: bool,
    pub version: String,
    /// Cap of `per_page` on model lists (`can_paginate`): 1000 since 2023, 500 before.
    pub max_per_page: usize,
    /// The token user's access per group; groups not listed: full (change) access.
    pub group_access: BTreeMap<i64, GroupAccess>,
    /// Zammad 6.1's policy: the per-ticket time accounting list needs change access to
    /// the ticket, admins included. Later: `admin.time_accounting` suffices.
    pub per_ticket_list_needs_change: bool,
    pub automation: super::zammad_automation::Automation,
    /// The server's clock (settable offset from the host's).
    pub clock: SimClock,
}

/// What the token's user may do with tickets of a group (Zammad's group permissions).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupAccess {
    None,
    Read,
    Change,
}

impl ZState {
    pub fn access(&self, ticket: &SimTicket) -> GroupAccess {
        self.group_access
            .get(&ticket.group_id)
            .copied()
            .unwrap_or(GroupAccess::Change)
    }

    /// The server's current time in whole milliseconds (its own clock, which may be off).
    pub fn now_ms(&self) -> DateTime<Utc> {
        let now = self.clock.now();
        DateTime::from_timestamp_millis(now.timestamp_millis()).unwrap_or(now)
    }

    pub fn can_read(&self, ticket: &SimTicket) -> bool {
        self.access(ticket) != GroupAccess::None
    }
}

impl ZState {
    pub fn add_entry(&mut self, e: NewEntry) -> i64 {
        let s = self;
        let id = s.next_entry_id;
        s.next_entry_id += 1;
        let at = e.created_at.unwrap_or_else(|| s.now_ms());
        let before = s.ticket_time_unit(e.ticket_id);
        s.entries.insert(
            id,
            SimEntry {
                id,
                ticket_id: e.ticket_id,
                ticket_article_id: None,
                time_unit: parse_unit(&e.time_unit),
                type_id: e.type_id,
                created_by_id: e.created_by_id,
                created_at: at,
                updated_at: at,
            },
        );
        s.touch_if_sum_changed(e.ticket_id, before, at);
        id
    }

    /// Change an entry; returns false if it does not exist.
    pub fn update_entry(&mut self, id: i64, c: EntryChange) -> bool {
        let s = self;
        let Some(old) = s.entries.get(&id).cloned() else {
            return false;
        };
        let now = c.updated_at.unwrap_or_else(|| s.now_ms());
        let before_old = s.ticket_time_unit(old.ticket_id);
        let new_ticket = c.ticket_id.unwrap_or(old.ticket_id);
        let before_new = s.ticket_time_unit(new_ticket);
        if let Some(e) = s.entries.get_mut(&id) {
            if let Some(u) = &c.time_unit {
                e.time_unit = parse_unit(u);
            }
            if let Some(t) = c.type_id {
                e.type_id = t;
            }
            e.ticket_id = new_ticket;
            e.updated_at = now;
        }
        s.touch_if_sum_changed(old.ticket_id, before_old, now);
        if new_ticket != old.ticket_id {
            s.touch_if_sum_changed(new_ticket, before_new, now);
        }
        true
    }

    /// Delete an entry; returns false if it did not exist.
    pub fn delete_entry(&mut self, id: i64) -> bool {
        let s = self;
        let Some(e) = s.entries.get(&id).cloned() else {
            return false;
        };
        let before = s.ticket_time_unit(e.ticket_id);
        s.entries.remove(&id);
        let now = s.now_ms();
        s.touch_if_sum_changed(e.ticket_id, before, now);
        true
    }

    /// Sum of a ticket's entries, `None` if it has none.
    pub fn ticket_time_unit(&self, ticket_id: i64) -> Option<Decimal> {
        let mut sum = None;
        for e in self.entries.values().filter(|e| e.ticket_id == ticket_id) {
            sum = Some(sum.unwrap_or(Decimal::ZERO) + e.time_unit);
        }
        sum
    }

    /// Zammad saves the ticket (bumping `updated_at`) only when its sum changed.
    fn touch_if_sum_changed(
        &mut self,
        ticket_id: i64,
        before: Option<Decimal>,
        now: DateTime<Utc>,
    ) {
        if self.ticket_time_unit(ticket_id) != before
            && let Some(t) = self.tickets.get_mut(&ticket_id)
        {
            t.updated_at = t.updated_at.max(now);
        }
    }
}

pub(crate) struct ZInner {
    pub state: Mutex<ZState>,
    pub faults: Faults,
    pub recorder: Recorder,
    /// The same clock as the state's, read without the state lock.
    pub clock: SimClock,
}

impl ZInner {
    pub fn lock(&self) -> MutexGuard<'_, ZState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A running Zammad simulator. Dropping it stops the server.
pub struct ZammadSim {
    inner: Arc<ZInner>,
    server: Server,
}

/// `Decimal` → Zammad's string form: at least one decimal (`"15.0"`, `"1.5"`).
pub fn format_time_unit(d: Decimal) -> String {
    let n = d.normalize();
    if n.scale() == 0 {
        format!("{n}.0")
    } else {
        n.to_string()
    }
}

/// ISO-8601 UTC with exactly 3 fractional digits and `Z`.
pub fn format_ts(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// Now, truncated to milliseconds (Zammad stores datetime(3)).
pub(crate) fn now_ms() -> DateTime<Utc> {
    let now = Utc::now();
    DateTime::from_timestamp_millis(now.timestamp_millis()).unwrap_or(now)
}

fn parse_unit(s: &str) -> Decimal {
    s.trim().parse::<Decimal>().unwrap_or(Decimal::ZERO)
}

impl ZammadSim {
    /// Start on `127.0.0.1:0`. The API user (id 1, admin) has `admin.time_accounting`.
    pub fn start(token: &str) -> std::io::Result<ZammadSim> {
        let t0 = now_ms();
        let mut users = BTreeMap::new();
        users.insert(
            1,
            SimUser {
                id: 1,
                login: "admin@example.com".into(),
                firstname: "Sync".into(),
                lastname: "Admin".into(),
                email: "admin@example.com".into(),
                organization_id: None,
                active: true,
                created_at: t0,
            },
        );
        let state = ZState {
            token: token.to_string(),
            api_user_id: 1,
            entries: BTreeMap::new(),
            tickets: BTreeMap::new(),
            users,
            organizations: BTreeMap::new(),
            types: BTreeMap::new(),
            next_entry_id: 1,
            global_list_enabled: true,
            admin_time_accounting: true,
            version: "6.2.0-1709189301.4a2dd7d0.focal".into(),
            max_per_page: 1000,
            group_access: BTreeMap::new(),
            per_ticket_list_needs_change: false,
            automation: Default::default(),
            clock: SimClock::default(),
        };
        let clock = state.clock.clone();
        let inner = Arc::new(ZInner {
            state: Mutex::new(state),
            faults: Faults::default(),
            recorder: Recorder::default(),
            clock,
        });
        let server = Server::start(inner.clone(), "zammad")?;
        Ok(ZammadSim { inner, server })
    }

    /// `http://127.0.0.1:<port>`, no trailing slash.
    pub fn base_url(&self) -> String {
        self.server.base_url()
    }

    pub fn shutdown(&mut self) {
        self.server.shutdown();
    }

    fn lock(&self) -> MutexGuard<'_, ZState> {
        self.inner.lock()
    }

    pub(crate) fn with_state<R>(&self, f: impl FnOnce(&ZState) -> R) -> R {
        f(&self.lock())
    }

    pub(crate) fn with_state_mut<R>(&self, f: impl FnOnce(&mut ZState) -> R) -> R {
        f(&mut self.lock())
    }

    // ---- time accounting entries ----

    /// Add an entry; returns its id. The ticket's `time_unit` sum follows.
    pub fn add_entry(&self, e: NewEntry) -> i64 {
        self.lock().add_entry(e)
    }

    /// Change an entry; returns false if it does not exist.
    pub fn update_entry(&self, id: i64, c: EntryChange) -> bool {
        self.lock().update_entry(id, c)
    }

    /// Delete an entry; returns false if it did not exist.
    pub fn delete_entry(&self, id: i64) -> bool {
        self.lock().delete_entry(id)
    }

    pub fn entries(&self) -> Vec<SimEntry> {
        self.lock().entries.values().cloned().collect()
    }

    pub fn entry(&self, id: i64) -> Option<SimEntry> {
        self.lock().entries.get(&id).cloned()
    }

    // ---- tickets, users, organizations, types ----

    /// Insert or replace a ticket.
    pub fn add_ticket(&self, t: SimTicket) {
        self.lock().tickets.insert(t.id, t);
    }

    /// Convenience: a ticket with number `"<10000+id>"` and sensible defaults.
    pub fn add_simple_ticket(
        &self,
        id: i64,
        title: &str,
        organization_id: Option<i64>,
        customer_id: i64,
    ) -> SimTicket {
        let now = self.lock().now_ms();
        let t = SimTicket {
            id,
            number: (10000 + id).to_string(),
            title: title.to_string(),
            group_id: 1,
            organization_id,
            customer_id,
            owner_id: 1,
            state_id: 2,
            priority_id: 2,
            created_at: now,
            updated_at: now,
        };
        self.add_ticket(t.clone());
        t
    }

    /// Delete a ticket and (like Zammad's `dependent: :destroy`) its entries.
    pub fn delete_ticket(&self, id: i64) {
        let mut s = self.lock();
        s.tickets.remove(&id);
        s.entries.retain(|_, e| e.ticket_id != id);
    }

    pub fn tickets(&self) -> Vec<SimTicket> {
        self.lock().tickets.values().cloned().collect()
    }

    pub fn ticket(&self, id: i64) -> Option<SimTicket> {
        self.lock().tickets.get(&id).cloned()
    }

    pub fn add_user(&self, u: SimUser) {
        self.lock().users.insert(u.id, u);
    }

    /// Convenience: an agent with `login = email`.
    pub fn add_agent(&self, id: i64, firstname: &str, lastname: &str, email: &str) {
        let created_at = self.lock().now_ms();
        self.add_user(SimUser {
            id,
            login: email.to_string(),
            firstname: firstname.to_string(),
            lastname: lastname.to_string(),
            email: email.to_string(),
            organization_id: None,
            active: true,
            created_at,
        });
    }

    pub fn users(&self) -> Vec<SimUser> {
        self.lock().users.values().cloned().collect()
    }

    pub fn add_organization(&self, id: i64, name: &str) {
        let mut s = self.lock();
        let created_at = s.now_ms();
        s.organizations.insert(
            id,
            SimOrganization {
                id,
                name: name.to_string(),
                created_at,
            },
        );
    }

    pub fn organizations(&self) -> Vec<SimOrganization> {
        self.lock().organizations.values().cloned().collect()
    }

    pub fn add_type(&self, id: i64, name: &str) {
        let mut s = self.lock();
        let created_at = s.now_ms();
        s.types.insert(
            id,
            SimType {
                id,
                name: name.to_string(),
                active: true,
                created_at,
            },
        );
    }

    pub fn types(&self) -> Vec<SimType> {
        self.lock().types.values().cloned().collect()
    }

    // ---- switches ----

    /// `false` = old server: the global `GET /time_accountings` answers 404 "No route matches".
    pub fn set_global_list_enabled(&self, enabled: bool) {
        self.lock().global_list_enabled = enabled;
    }

    /// `false` = token lacks `admin.time_accounting`: global list and types answer 403.
    pub fn set_admin_time_accounting(&self, granted: bool) {
        self.lock().admin_time_accounting = granted;
    }

    /// Run Zammad's clock `offset` ahead of the host's (negative: behind), as a server
    /// without NTP would: its `Date` headers and the times it stamps on new entries.
    pub fn set_clock_offset(&self, offset: chrono::Duration) {
        self.inner.clock.set_offset(offset);
    }

    pub fn set_version(&self, version: &str) {
        self.lock().version = version.to_string();
    }

    /// Largest `per_page` honoured on model lists: 1000 (default, 2023+) or 500 (older).
    pub fn set_max_per_page(&self, max: usize) {
        self.lock().max_per_page = max.max(1);
    }

    /// The token user's access to tickets of `group` (default: change). `None` makes
    /// `GET /tickets/{id}` answer 403 and hides the group's tickets from `/tickets`,
    /// while their entries stay in the global time accounting list.
    pub fn set_group_access(&self, group: i64, access: GroupAccess) {
        self.lock().group_access.insert(group, access);
    }

    /// `true` = Zammad 6.1: `/tickets/{id}/time_accountings` needs change access to the
    /// ticket even for admins.
    pub fn set_per_ticket_list_needs_change(&self, needs: bool) {
        self.lock().per_ticket_list_needs_change = needs;
    }

    /// Move Zammad's clock forward by `by` (time passing without waiting for it).
    pub fn advance_clock(&self, by: chrono::Duration) {
        let clock = &self.inner.clock;
        clock.set_offset(clock.offset() + by);
    }

    /// Zammad's current time.
    pub fn now(&self) -> DateTime<Utc> {
        self.inner.clock.now()
    }

    // ---- faults and request log ----

    pub fn faults(&self) -> &Faults {
        &self.inner.faults
    }

    pub fn set_faults(&self, config: FaultConfig) {
        self.inner.faults.set(config);
    }

    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.inner.recorder.requests()
    }

    /// Count for a kind like `GET /api/v1/time_accountings` or `GET /api/v1/tickets/{id}`.
    pub fn request_count(&self, kind: &str) -> u64 {
        self.inner.recorder.count(kind)
    }

    pub fn request_counts(&self) -> BTreeMap<String, u64> {
        self.inner.recorder.counts()
    }

    /// Clear counters and the request log.
    pub fn reset_counts(&self) {
        self.inner.recorder.reset();
    }
}
