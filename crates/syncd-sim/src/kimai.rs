//! Kimai simulator: state, test-side accessors and mutations. Routes live in `kimai_api`,
//! `kimai_catalog` and `kimai_timesheets`.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Utc};

use super::clock::SimClock;
use super::faults::{FaultConfig, Faults};
use super::http::{RecordedRequest, Recorder, Server};

pub use super::kimai_model::{
    HumanEdit, KimaiActivity, KimaiCustomer, KimaiProject, KimaiRounding, KimaiTag,
    KimaiTimesheetRules, KimaiUser, NewTimesheet, RoundingMode, SimTimesheet,
};
pub use super::kimai_roles::{KimaiPermissions, KimaiRole};

#[derive(Debug)]
pub(crate) struct KState {
    pub token: String,
    pub api_user_id: i64,
    pub users: BTreeMap<i64, KimaiUser>,
    pub customers: BTreeMap<i64, KimaiCustomer>,
    pub projects: BTreeMap<i64, KimaiProject>,
    pub activities: BTreeMap<i64, KimaiActivity>,
    pub tags: BTreeMap<i64, KimaiTag>,
    pub timesheets: BTreeMap<i64, SimTimesheet>,
    pub perms: KimaiPermissions,
    pub rules: KimaiTimesheetRules,
    pub lockdown_before: Option<DateTime<Utc>>,
    pub next_id: i64,
    pub version: String,
    pub hourly_rate: f64,
    /// Applied on every save (create, PATCH, a person's edit).
    pub rounding: KimaiRounding,
    /// Read POSTed wall-clock times in the new record's owner's timezone instead of the API
    /// user's. Kimai's source reads them in the API user's (`TimesheetService::
    /// createNewTimesheet($apiUser)`, `TimesheetEditForm` takes begin's timezone), but no
    /// Kimai test asserts it: this switch lets syncd's check of stored times be tested.
    pub post_reads_owner_timezone: bool,
    /// The server's clock (settable offset from the host's).
    pub clock: SimClock,
}

impl KState {
    pub fn next_id(&mut self) -> i64 {
        self.next_id += 1;
        self.next_id
    }

    pub fn api_user(&self) -> &KimaiUser {
        &self.users[&self.api_user_id]
    }

    /// Before 2.45 `modified_after` was read in the API user's timezone, since then in UTC
    /// (`src/API/TimesheetController.php`, commit 806bb97e6).
    pub fn modified_after_in_utc(&self) -> bool {
        let mut parts = self
            .version
            .split('.')
            .map(|p| p.parse::<u32>().unwrap_or(0));
        let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
        (major, minor) >= (2, 45)
    }

    /// The tag of this name, visible or hidden. Names are unique case-insensitively (MySQL's
    /// `utf8mb4_unicode_ci` collation under `#[UniqueEntity('name')]` on `Tag`).
    pub fn tag_named(&self, name: &str) -> Option<&KimaiTag> {
        let name = name.trim().to_lowercase();
        self.tags.values().find(|t| t.name.to_lowercase() == name)
    }

    /// The server's current time (its own clock, which may be off).
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    pub fn user_tz(&self, user: i64) -> String {
        self.users
            .get(&user)
            .map(|u| u.timezone.clone())
            .unwrap_or_else(|| "UTC".into())
    }
}

pub(crate) struct KInner {
    pub state: Mutex<KState>,
    pub faults: Faults,
    pub recorder: Recorder,
    /// The same clock as the state's, read without the state lock.
    pub clock: SimClock,
}

impl KInner {
    pub fn lock(&self) -> MutexGuard<'_, KState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A running Kimai simulator. Dropping it stops the server.
pub struct KimaiSim {
    inner: Arc<KInner>,
    server: Server,
}

impl KimaiSim {
    /// Start on `127.0.0.1:0`. The API user (id 1, `zammad-sync`) has `api_user_timezone`
    /// (an IANA name such as `Europe/Berlin` or `UTC`).
    pub fn start(token: &str, api_user_timezone: &str) -> std::io::Result<KimaiSim> {
        let mut users = BTreeMap::new();
        users.insert(
            1,
            KimaiUser {
                id: 1,
                username: "zammad-sync".into(),
                email: "zammad-sync@example.com".into(),
                alias: Some("Zammad sync".into()),
                timezone: api_user_timezone.to_string(),
                language: "en".into(),
                enabled: true,
            },
        );
        let state = KState {
            token: token.to_string(),
            api_user_id: 1,
            users,
            customers: BTreeMap::new(),
            projects: BTreeMap::new(),
            activities: BTreeMap::new(),
            tags: BTreeMap::new(),
            timesheets: BTreeMap::new(),
            perms: KimaiPermissions::default(),
            rules: KimaiTimesheetRules::default(),
            lockdown_before: None,
            next_id: 100,
            version: "2.42.0".into(),
            hourly_rate: 60.0,
            rounding: KimaiRounding::default(),
            post_reads_owner_timezone: false,
            clock: SimClock::default(),
        };
        let clock = state.clock.clone();
        let inner = Arc::new(KInner {
            state: Mutex::new(state),
            faults: Faults::default(),
            recorder: Recorder::default(),
            clock,
        });
        let server = Server::start(inner.clone(), "kimai")?;
        Ok(KimaiSim { inner, server })
    }

    /// `http://127.0.0.1:<port>`, no trailing slash.
    pub fn base_url(&self) -> String {
        self.server.base_url()
    }

    pub fn shutdown(&mut self) {
        self.server.shutdown();
    }

    fn lock(&self) -> MutexGuard<'_, KState> {
        self.inner.lock()
    }

    pub fn api_user_id(&self) -> i64 {
        self.lock().api_user_id
    }

    // ---- users and catalog ----

    /// Insert or replace a user.
    pub fn add_user(&self, id: i64, username: &str, email: &str, timezone: &str) {
        self.lock().users.insert(
            id,
            KimaiUser {
                id,
                username: username.to_string(),
                email: email.to_string(),
                alias: None,
                timezone: timezone.to_string(),
                language: "en".into(),
                enabled: true,
            },
        );
    }

    pub fn users(&self) -> Vec<KimaiUser> {
        self.lock().users.values().cloned().collect()
    }

    /// Change any user's timezone (the API user's included).
    pub fn set_user_timezone(&self, id: i64, timezone: &str) {
        if let Some(u) = self.lock().users.get_mut(&id) {
            u.timezone = timezone.to_string();
        }
    }

    pub fn add_customer(&self, name: &str) -> i64 {
        let mut s = self.lock();
        let id = s.next_id();
        let number = format!("{:04}", s.customers.len() + 1);
        s.customers.insert(
            id,
            KimaiCustomer {
                id,
                name: name.into(),
                number: Some(number),
                comment: None,
                visible: true,
                billable: true,
            },
        );
        id
    }

    pub fn add_project(&self, name: &str, customer: i64) -> i64 {
        let mut s = self.lock();
        let id = s.next_id();
        s.projects.insert(
            id,
            KimaiProject {
                id,
                name: name.into(),
                customer,
                comment: None,
                visible: true,
                billable: true,
                global_activities: true,
                start: None,
                end: None,
            },
        );
        id
    }

    /// Replace a customer (e.g. to set its number or comment as an earlier client did).
    pub fn put_customer(&self, c: KimaiCustomer) {
        self.lock().customers.insert(c.id, c);
    }

    /// Replace a project (e.g. to set start/end dates or `global_activities`).
    pub fn put_project(&self, p: KimaiProject) {
        self.lock().projects.insert(p.id, p);
    }

    /// `project = None` creates a global activity.
    pub fn add_activity(&self, name: &str, project: Option<i64>) -> i64 {
        let mut s = self.lock();
        let id = s.next_id();
        s.activities.insert(
            id,
            KimaiActivity {
                id,
                name: name.into(),
                project,
                comment: None,
                visible: true,
                billable: true,
            },
        );
        id
    }

    pub fn add_tag(&self, name: &str) -> i64 {
        self.add_tag_with(name, true)
    }

    /// A tag as an admin made it; hidden tags are not listed by `/api/tags/find` but still
    /// attach to timesheets.
    pub fn add_tag_with(&self, name: &str, visible: bool) -> i64 {
        let mut s = self.lock();
        let id = s.next_id();
        s.tags.insert(
            id,
            KimaiTag {
                id,
                name: name.into(),
                visible,
            },
        );
        id
    }

    pub fn customers(&self) -> Vec<KimaiCustomer> {
        self.lock().customers.values().cloned().collect()
    }

    pub fn projects(&self) -> Vec<KimaiProject> {
        self.lock().projects.values().cloned().collect()
    }

    pub fn activities(&self) -> Vec<KimaiActivity> {
        self.lock().activities.values().cloned().collect()
    }

    pub fn tags(&self) -> Vec<KimaiTag> {
        self.lock().tags.values().cloned().collect()
    }

    // ---- timesheets ----

    pub fn timesheets(&self) -> Vec<SimTimesheet> {
        self.lock().timesheets.values().cloned().collect()
    }

    pub fn timesheet(&self, id: i64) -> Option<SimTimesheet> {
        self.lock().timesheets.get(&id).cloned()
    }

    /// A record a human created in the UI (no rounding applied, tags kept as given).
    pub fn add_timesheet_as_human(&self, t: NewTimesheet) -> i64 {
        let mut s = self.lock();
        let id = s.next_id();
        let tz = s.user_tz(t.user);
        let rate = s.hourly_rate;
        let now = s.now();
        s.timesheets.insert(
            id,
            SimTimesheet {
                id,
                user: t.user,
                project: t.project,
                activity: t.activity,
                begin_utc: t.begin_utc,
                end_utc: Some(t.end_utc),
                duration_secs: (t.end_utc - t.begin_utc).num_seconds(),
                timezone: tz,
                description: t.description,
                tags: t.tags,
                exported: false,
                billable: true,
                modified_at: now,
                hourly_rate: rate,
            },
        );
        id
    }

    /// A human edits a record in the UI; like every save it applies the rounding rule and
    /// stores the owner's current timezone, and bumps modifiedAt. False if missing.
    pub fn edit_timesheet_as_human(&self, id: i64, edit: HumanEdit) -> bool {
        let mut s = self.lock();
        let rounding = s.rounding.clone();
        let Some(owner) = s.timesheets.get(&id).map(|t| t.user) else {
            return false;
        };
        let owner_tz = s.user_tz(owner);
        let now = s.now();
        let Some(t) = s.timesheets.get_mut(&id) else {
            return false;
        };
        if let Some(d) = edit.description {
            t.description = Some(d);
        }
        if let Some(b) = edit.begin_utc {
            t.begin_utc = b;
        }
        if let Some(e) = edit.end_utc {
            t.end_utc = Some(e);
        }
        if let Some(tags) = edit.tags {
            t.tags = tags;
        }
        if let Some(p) = edit.project {
            t.project = p;
        }
        if let Some(a) = edit.activity {
            t.activity = a;
        }
        t.timezone = owner_tz;
        let (begin, end, duration) =
            super::kimai_time::apply_rounding(&rounding, t.begin_utc, t.end_utc, &t.timezone);
        (t.begin_utc, t.end_utc, t.duration_secs) = (begin, end, duration);
        t.modified_at = now;
        true
    }

    pub fn delete_timesheet(&self, id: i64) -> bool {
        self.lock().timesheets.remove(&id).is_some()
    }

    /// Mark a record exported (as an invoice/export run would); bumps modifiedAt.
    pub fn set_exported(&self, id: i64) -> bool {
        let mut s = self.lock();
        let now = s.now();
        let Some(t) = s.timesheets.get_mut(&id) else {
            return false;
        };
        t.exported = true;
        t.modified_at = now;
        true
    }

    // ---- switches ----

    /// Records beginning before this instant are locked: a POST into the period is a 400
    /// form error, PATCH/DELETE of a locked record a 403 (`TimesheetVoter`); neither for a
    /// role with `lockdown_override_timesheet` (ROLE_ADMIN and up as shipped).
    pub fn set_lockdown_before(&self, before: Option<DateTime<Utc>>) {
        self.lock().lockdown_before = before;
    }

    /// The API user's role and its permissions (default: ROLE_ADMIN as shipped).
    pub fn set_permissions(&self, perms: KimaiPermissions) {
        self.lock().perms = perms;
    }

    pub fn permissions(&self) -> KimaiPermissions {
        self.lock().perms.clone()
    }

    /// The admin's timesheet settings (tracking mode, overlapping, future times, …).
    pub fn set_timesheet_rules(&self, rules: KimaiTimesheetRules) {
        self.lock().rules = rules;
    }

    pub fn timesheet_rules(&self) -> KimaiTimesheetRules {
        self.lock().rules.clone()
    }

    /// Hide (or show) a customer, project or activity, as an admin does in the UI.
    pub fn set_visible(&self, id: i64, visible: bool) -> bool {
        let mut s = self.lock();
        if let Some(c) = s.customers.get_mut(&id) {
            c.visible = visible;
        } else if let Some(p) = s.projects.get_mut(&id) {
            p.visible = visible;
        } else if let Some(a) = s.activities.get_mut(&id) {
            a.visible = visible;
        } else {
            return false;
        }
        true
    }

    /// Disable (or enable) a user account.
    pub fn set_user_enabled(&self, id: i64, enabled: bool) -> bool {
        match self.lock().users.get_mut(&id) {
            Some(u) => {
                u.enabled = enabled;
                true
            }
            None => false,
        }
    }

    pub fn set_version(&self, version: &str) {
        self.lock().version = version.to_string();
    }

    /// The admin's rounding rule (Kimai's default: begin floor 1 min, end ceil 1 min).
    pub fn set_rounding(&self, rule: KimaiRounding) {
        self.lock().rounding = rule;
    }

    /// See [`KState::post_reads_owner_timezone`] (off, as in Kimai's source).
    /// Run Kimai's clock `offset` ahead of the host's (negative: behind), as a server
    /// without NTP would: its `Date` headers and its "now" (future times, modifiedAt).
    pub fn set_clock_offset(&self, offset: chrono::Duration) {
        self.inner.clock.set_offset(offset);
    }

    pub fn set_post_reads_owner_timezone(&self, on: bool) {
        self.lock().post_reads_owner_timezone = on;
    }

    /// Move Kimai's clock forward by `by` (time passing without waiting for it): what a
    /// person saves afterwards gets a later `modifiedAt`.
    pub fn advance_clock(&self, by: chrono::Duration) {
        let clock = &self.inner.clock;
        clock.set_offset(clock.offset() + by);
    }

    /// Kimai's current time.
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

    /// Every request received (method, path, query, body), oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.inner.recorder.requests()
    }

    /// Count for a kind like `POST /api/timesheets` or `PATCH /api/timesheets/{id}`.
    pub fn request_count(&self, kind: &str) -> u64 {
        self.inner.recorder.count(kind)
    }

    pub fn request_counts(&self) -> BTreeMap<String, u64> {
        self.inner.recorder.counts()
    }

    /// Check every recorded request against an OpenAPI spec (see [`super::openapi`]).
    pub fn check_requests_against(&self, spec: &serde_json::Value) -> Vec<String> {
        super::openapi::check_requests(spec, &self.requests())
    }

    pub fn reset_counts(&self) {
        self.inner.recorder.reset();
    }
}
