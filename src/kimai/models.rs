//! Kimai response and request models. Unknown fields are ignored; anything that may be
//! missing (rates, budgets, permission-gated keys) is `Option` + `#[serde(default)]`.

use super::time::{format_local, serde_kimai_dt};
use crate::http::serde_util::{null_as_empty, null_as_false};
use crate::ids::{KimaiActivityId, KimaiCustomerId, KimaiProjectId, KimaiTimesheetId, KimaiUserId};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Version {
    pub version: String,
    #[serde(rename = "versionId")]
    pub version_id: i64,
    #[serde(default)]
    pub copyright: Option<String>,
}

/// `{name, value}` pair used by meta fields and user preferences.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct NameValue {
    pub name: String,
    #[serde(default)]
    pub value: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: KimaiUserId,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub username: String,
    #[serde(default)]
    pub alias: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default, deserialize_with = "null_as_false")]
    pub enabled: bool,
    /// IANA timezone name of the user (e.g. `Europe/Berlin`). Wall-clock input is read in it.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub timezone: String,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub locale: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub account_number: Option<String>,
    #[serde(default, deserialize_with = "null_as_false")]
    pub system_account: bool,
    /// Only in `/users/me` and single-user responses.
    #[serde(default)]
    pub roles: Option<Vec<String>>,
}

impl User {
    /// Alias if set, else the username.
    pub fn display_name(&self) -> &str {
        match &self.alias {
            Some(a) if !a.trim().is_empty() => a,
            _ => &self.username,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TimesheetConfig {
    /// `default`, `duration_fixed_begin`, `punch`, `duration_fixed_start`…
    #[serde(default, deserialize_with = "null_as_empty")]
    pub tracking_mode: String,
    #[serde(default)]
    pub default_begin_time: Option<String>,
    #[serde(default)]
    pub active_entries_hard_limit: Option<i64>,
    #[serde(default, deserialize_with = "null_as_false")]
    pub is_allow_future_times: bool,
    #[serde(default, deserialize_with = "null_as_false")]
    pub is_allow_overlapping: bool,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Customer {
    pub id: KimaiCustomerId,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub name: String,
    #[serde(default)]
    pub number: Option<String>,
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(default, deserialize_with = "null_as_false")]
    pub visible: bool,
    #[serde(default, deserialize_with = "null_as_false")]
    pub billable: bool,
    #[serde(default)]
    pub company: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub currency: Option<String>,
    #[serde(default)]
    pub timezone: Option<String>,
    #[serde(default)]
    pub color: Option<String>,
    #[serde(default)]
    pub meta_fields: Vec<NameValue>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Project {
    pub id: KimaiProjectId,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub name: String,
    /// Customer id.
    pub customer: KimaiCustomerId,
    /// Customer name.
    #[serde(default)]
    pub parent_title: Option<String>,
    #[serde(default)]
    pub number: Option<String>,
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(default, deserialize_with = "null_as_false")]
    pub visible: bool,
    #[serde(default, deserialize_with = "null_as_false")]
    pub billable: bool,
    #[serde(default, deserialize_with = "null_as_false")]
    pub global_activities: bool,
    #[serde(default)]
    pub order_number: Option<String>,
    #[serde(default)]
    pub order_date: Option<NaiveDate>,
    #[serde(default)]
    pub start: Option<NaiveDate>,
    #[serde(default)]
    pub end: Option<NaiveDate>,
    #[serde(default)]
    pub color: Option<String>,
    #[serde(default)]
    pub meta_fields: Vec<NameValue>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Activity {
    pub id: KimaiActivityId,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub name: String,
    /// Project id, `None` for a global activity.
    #[serde(default)]
    pub project: Option<KimaiProjectId>,
    /// Project name.
    #[serde(default)]
    pub parent_title: Option<String>,
    #[serde(default)]
    pub number: Option<String>,
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(default, deserialize_with = "null_as_false")]
    pub visible: bool,
    #[serde(default, deserialize_with = "null_as_false")]
    pub billable: bool,
    #[serde(default)]
    pub color: Option<String>,
    #[serde(default)]
    pub meta_fields: Vec<NameValue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Tag {
    pub id: i64,
    pub name: String,
    #[serde(default = "default_true")]
    pub visible: bool,
    #[serde(default)]
    pub color: Option<String>,
}

fn default_true() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Timesheet {
    pub id: KimaiTimesheetId,
    #[serde(with = "serde_kimai_dt")]
    pub begin: DateTime<FixedOffset>,
    #[serde(default, with = "serde_kimai_dt::option")]
    pub end: Option<DateTime<FixedOffset>>,
    /// Seconds; 0 or null for a running record.
    #[serde(default)]
    pub duration: Option<i64>,
    #[serde(default)]
    pub description: Option<String>,
    pub activity: KimaiActivityId,
    pub project: KimaiProjectId,
    pub user: KimaiUserId,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default, deserialize_with = "null_as_false")]
    pub exported: bool,
    #[serde(default, deserialize_with = "null_as_false")]
    pub billable: bool,
    /// Break in seconds (Kimai ≥ 2.45).
    #[serde(default, rename = "break")]
    pub break_seconds: Option<i64>,
    #[serde(default)]
    pub rate: Option<f64>,
    #[serde(default)]
    pub internal_rate: Option<f64>,
    #[serde(default)]
    pub fixed_rate: Option<f64>,
    #[serde(default)]
    pub hourly_rate: Option<f64>,
    #[serde(default)]
    pub meta_fields: Vec<NameValue>,
}

/// One page of `GET /api/timesheets`.
#[derive(Debug, Clone, PartialEq)]
pub struct TimesheetPage {
    pub items: Vec<Timesheet>,
    /// `X-Page` (or the requested page).
    pub page: u32,
    /// `X-Total-Pages`. Without the header: this page if it was short, else page + 1.
    pub total_pages: u32,
    /// `X-Total-Count` (or the number of items seen).
    pub total_count: u64,
}

/// Body for `POST /api/customers`. Sent with `visible: true, billable: true`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewCustomer {
    pub name: String,
    pub comment: Option<String>,
    pub number: Option<String>,
}

impl Serialize for NewCustomer {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("name", &self.name)?;
        if let Some(c) = &self.comment {
            m.serialize_entry("comment", c)?;
        }
        if let Some(n) = &self.number {
            m.serialize_entry("number", n)?;
        }
        m.serialize_entry("visible", &true)?;
        m.serialize_entry("billable", &true)?;
        m.end()
    }
}

/// Body for `POST /api/projects`. Sent with `visible`, `billable`, `globalActivities` true.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProject {
    pub name: String,
    /// Customer id.
    pub customer: KimaiCustomerId,
    pub comment: Option<String>,
}

impl Serialize for NewProject {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("name", &self.name)?;
        m.serialize_entry("customer", &self.customer)?;
        if let Some(c) = &self.comment {
            m.serialize_entry("comment", c)?;
        }
        m.serialize_entry("visible", &true)?;
        m.serialize_entry("billable", &true)?;
        m.serialize_entry("globalActivities", &true)?;
        m.end()
    }
}

/// Body for `POST /api/activities`; `project: None` creates a global activity.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewActivity {
    pub name: String,
    pub project: Option<KimaiProjectId>,
}

impl Serialize for NewActivity {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("name", &self.name)?;
        if let Some(p) = self.project {
            m.serialize_entry("project", &p)?;
        }
        m.serialize_entry("visible", &true)?;
        m.serialize_entry("billable", &true)?;
        m.end()
    }
}

/// Body for `POST`/`PATCH /api/timesheets`. Only `Some` fields are sent; `begin`/`end` are
/// wall-clock times in the API user's timezone (POST) or the record's timezone (PATCH),
/// sent as `YYYY-MM-DDTHH:mm:ss` without offset. `tags` go out comma-separated.
/// `duration` and `customer` are never sent (Kimai rejects them).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TimesheetWrite {
    pub begin: Option<NaiveDateTime>,
    pub end: Option<NaiveDateTime>,
    pub project: Option<KimaiProjectId>,
    pub activity: Option<KimaiActivityId>,
    pub description: Option<String>,
    pub tags: Option<Vec<String>>,
    /// Needs `create_other_timesheet`; otherwise Kimai answers "extra fields".
    pub user: Option<KimaiUserId>,
}

impl Serialize for TimesheetWrite {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        if let Some(b) = self.begin {
            m.serialize_entry("begin", &format_local(b))?;
        }
        if let Some(e) = self.end {
            m.serialize_entry("end", &format_local(e))?;
        }
        if let Some(p) = self.project {
            m.serialize_entry("project", &p)?;
        }
        if let Some(a) = self.activity {
            m.serialize_entry("activity", &a)?;
        }
        if let Some(d) = &self.description {
            m.serialize_entry("description", d)?;
        }
        if let Some(t) = &self.tags {
            let joined = t
                .iter()
                .map(|x| x.trim())
                .filter(|x| !x.is_empty())
                .collect::<Vec<_>>()
                .join(",");
            m.serialize_entry("tags", &joined)?;
        }
        if let Some(u) = self.user {
            m.serialize_entry("user", &u)?;
        }
        m.end()
    }
}

/// `user` filter of the timesheet list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserFilter {
    Id(KimaiUserId),
    /// `user=all` (needs `view_other_timesheet`).
    All,
}

/// Query for `GET /api/timesheets`. `None`/empty fields are not sent.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TimesheetQuery {
    pub user: Option<UserFilter>,
    /// Exact tag names (`tags[]`); Kimai answers 400 if none of them exist.
    pub tags: Vec<String>,
    /// Description search (`LIKE %part%` per whitespace-separated part).
    pub term: Option<String>,
    /// Wall clock as the server reads it: UTC since Kimai 2.45, the API user's timezone
    /// before (see `sync::server::modified_after`). Inclusive.
    pub modified_after: Option<NaiveDateTime>,
    /// Wall-clock in the API user's timezone; compares the record's begin.
    pub begin: Option<NaiveDateTime>,
    /// Wall-clock in the API user's timezone; compares the record's *begin*.
    pub end: Option<NaiveDateTime>,
    pub project: Option<KimaiProjectId>,
    pub activity: Option<KimaiActivityId>,
    /// `id`, `begin`, `end`, `rate`.
    pub order_by: Option<String>,
    /// `ASC` / `DESC`.
    pub order: Option<String>,
    pub page: Option<u32>,
    /// Page size, clamped to 1..=500.
    pub size: Option<u32>,
}

impl TimesheetQuery {
    pub(crate) fn to_pairs(&self) -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = Vec::new();
        match self.user {
            Some(UserFilter::Id(id)) => v.push(("user".into(), id.to_string())),
            Some(UserFilter::All) => v.push(("user".into(), "all".into())),
            None => {}
        }
        for t in &self.tags {
            v.push(("tags[]".into(), t.clone()));
        }
        if let Some(t) = &self.term {
            v.push(("term".into(), t.clone()));
        }
        if let Some(m) = self.modified_after {
            v.push(("modified_after".into(), format_local(m)));
        }
        if let Some(b) = self.begin {
            v.push(("begin".into(), format_local(b)));
        }
        if let Some(e) = self.end {
            v.push(("end".into(), format_local(e)));
        }
        if let Some(p) = self.project {
            v.push(("project".into(), p.to_string()));
        }
        if let Some(a) = self.activity {
            v.push(("activity".into(), a.to_string()));
        }
        if let Some(o) = &self.order_by {
            v.push(("orderBy".into(), o.clone()));
        }
        if let Some(o) = &self.order {
            v.push(("order".into(), o.clone()));
        }
        if let Some(p) = self.page {
            v.push(("page".into(), p.max(1).to_string()));
        }
        if let Some(s) = self.size {
            v.push(("size".into(), s.clamp(1, 500).to_string()));
        }
        v
    }
}
