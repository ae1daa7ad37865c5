//! The values the planner works on: a normalized Zammad entry, a Kimai timesheet as seen,
//! and the timesheet an entry should become.

use crate::ids::*;
use chrono::{DateTime, DurationRound, TimeDelta, Utc};
use serde::Serialize;
use sha1::{Digest, Sha1};

/// A Zammad time accounting entry with its ticket, organization, agent and type resolved.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct SourceEntry {
    pub id: ZammadEntryId,
    pub ticket: TicketId,
    pub ticket_number: String,
    pub ticket_title: String,
    pub ticket_url: String,
    pub organization: Option<OrganizationId>,
    pub organization_name: Option<String>,
    pub agent: ZammadUserId,
    pub agent_name: String,
    pub agent_email: Option<String>,
    pub type_id: Option<ActivityTypeId>,
    pub type_name: Option<String>,
    /// Zammad's value, exactly as sent.
    pub time_unit: String,
    /// Whole minutes to book (negative for corrections).
    pub minutes: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl SourceEntry {
    /// Changes when anything that shapes the timesheet changes on the Zammad side.
    pub fn fingerprint(&self) -> String {
        source_fingerprint(
            self.ticket,
            self.type_id,
            self.minutes,
            self.created_at,
            self.agent,
        )
    }
}

/// A Zammad entry's fingerprint from its raw fields (minutes already converted).
pub fn source_fingerprint(
    ticket: TicketId,
    type_id: Option<ActivityTypeId>,
    minutes: i64,
    created_at: DateTime<Utc>,
    agent: ZammadUserId,
) -> String {
    hash(&format!(
        "{}|{}|{}|{}|{}",
        ticket,
        type_id.map(|t| t.0).unwrap_or(0),
        minutes,
        created_at.timestamp_millis(),
        agent
    ))
}

/// A Kimai timesheet as read back, in UTC.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct TimesheetView {
    pub id: KimaiTimesheetId,
    pub begin: DateTime<Utc>,
    pub end: Option<DateTime<Utc>>,
    pub project: KimaiProjectId,
    pub activity: KimaiActivityId,
    pub user: KimaiUserId,
    pub description: String,
    pub tags: Vec<String>,
    pub exported: bool,
    /// UTC offsets (seconds) Kimai gave `begin` and `end`: those of the record's stored
    /// timezone, in which Kimai reads a PATCH's wall-clock times.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub begin_offset: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_offset: Option<i32>,
}

impl TimesheetView {
    /// What a person can change and syncd compares; tags and the exported flag are left
    /// out (tags people add are theirs, exporting is not an edit). Tolerant of Kimai's
    /// minute rounding: begin floored and end ceiled to the minute.
    pub fn fingerprint(&self) -> String {
        let minute = TimeDelta::minutes(1);
        let begin = self.begin.duration_trunc(minute).unwrap_or(self.begin);
        let end = self.end.map(|e| {
            let t = e.duration_trunc(minute).unwrap_or(e);
            if t < e { t + minute } else { t }
        });
        hash(&format!(
            "{}|{}|{}|{}|{}|{}",
            begin.timestamp(),
            end.map(|e| e.timestamp()).unwrap_or(0),
            self.project,
            self.activity,
            self.user,
            self.description.trim()
        ))
    }

    pub fn duration_minutes(&self) -> Option<i64> {
        self.end.map(|e| (e - self.begin).num_minutes())
    }
}

pub(crate) fn hash(text: &str) -> String {
    let digest = Sha1::digest(text.as_bytes());
    digest.iter().take(10).map(|b| format!("{b:02x}")).collect()
}

/// A Kimai customer, project or activity the plan refers to: known, or created by this run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ref<Id> {
    Existing(Id),
    /// Index into the plan's list of things to create.
    New(usize),
}

/// The timesheet an entry should be.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Desired {
    pub begin: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// Minutes the interval was moved to be writable (DST fall-back); usually 0.
    pub shifted_minutes: i64,
    pub project: Ref<KimaiProjectId>,
    pub activity: Ref<KimaiActivityId>,
    /// None books as the Kimai API user.
    pub user: Option<KimaiUserId>,
    pub description: String,
    pub tags: Vec<String>,
}
