//! The values the planner works on: a normalized Zammad entry, a Kimai timesheet as seen,
//! and the timesheet an entry should become.

use crate::conflicts::Reason;
use crate::ids::*;
use chrono::{DateTime, DurationRound, TimeDelta, Utc};
use serde::Serialize;
use sha1::{Digest, Sha1};

/// Text many entries carry alike (a ticket's title, an agent's name): one copy shared by
/// all of them, so a history of 100,000 entries holds each ticket's strings once.
pub(crate) type Shared = std::sync::Arc<str>;

/// A Zammad time accounting entry with its ticket, organization, agent and type resolved.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct SourceEntry {
    pub id: ZammadEntryId,
    pub ticket: TicketId,
    pub ticket_number: Shared,
    pub ticket_title: Shared,
    pub ticket_url: Shared,
    pub organization: Option<OrganizationId>,
    pub organization_name: Option<Shared>,
    pub agent: ZammadUserId,
    pub agent_name: Shared,
    pub agent_email: Option<Shared>,
    pub type_id: Option<ActivityTypeId>,
    pub type_name: Option<Shared>,
    /// Zammad's value, exactly as sent.
    pub time_unit: Shared,
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
pub(crate) fn source_fingerprint(
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

/// A timestamp as text: RFC 3339 in UTC with milliseconds (how the ledger records when a
/// Zammad entry was last updated).
pub fn timestamp_text(ts: DateTime<Utc>) -> String {
    ts.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// A timestamp written by [`timestamp_text`], read back (None if it is not one).
pub(crate) fn timestamp_of_text(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
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

/// Whose an entry's timesheet is and where it is booked: what the planner chooses beyond
/// the entry itself (interval, description and tags follow from the entry and settings).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Placement {
    pub project: Ref<KimaiProjectId>,
    pub activity: Ref<KimaiActivityId>,
    pub user: Option<KimaiUserId>,
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

// What the planner reads and decides besides the two sides: the ledger, conflicts and
// mappings. Domain types: the store persists them, the planner never sees a store type.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LedgerState {
    Pending,
    Synced,
    Removed,
    Ignored,
    Skipped,
    /// Taken back by `syncd runs undo`: left alone by syncs (like ignored) until the
    /// undo is released with `--resync`.
    Undone,
}

impl LedgerState {
    pub fn as_str(self) -> &'static str {
        match self {
            LedgerState::Pending => "pending",
            LedgerState::Synced => "synced",
            LedgerState::Removed => "removed",
            LedgerState::Ignored => "ignored",
            LedgerState::Skipped => "skipped",
            LedgerState::Undone => "undone",
        }
    }

    /// The stored spelling back; `None` for a value this version does not know.
    pub fn parse(s: &str) -> Option<LedgerState> {
        Some(match s {
            "pending" => LedgerState::Pending,
            "synced" => LedgerState::Synced,
            "removed" => LedgerState::Removed,
            "ignored" => LedgerState::Ignored,
            "skipped" => LedgerState::Skipped,
            "undone" => LedgerState::Undone,
            _ => return None,
        })
    }
}

/// The connector pair a sync runs between.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Pair {
    pub zammad: ConnectorId,
    pub kimai: ConnectorId,
}

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct LedgerRow {
    pub entry: ZammadEntryId,
    pub timesheet: Option<KimaiTimesheetId>,
    pub state: LedgerState,
    pub ticket: Option<TicketId>,
    /// None while `force_write` is set: Zammad's side counts as changed.
    pub source_fingerprint: Option<String>,
    /// `take-zammad` was chosen: the next sync writes Zammad's values over the timesheet,
    /// even an exported one. Cleared when the source fingerprint is set again.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub force_write: bool,
    pub target_fingerprint: Option<String>,
    /// The timesheet as last written or accepted (JSON of `sync::TimesheetView`).
    pub target_snapshot: Option<String>,
    pub source_updated_at: Option<String>,
    /// Pending rows: when the create was sent (rows from before V2: their last update).
    pub sent_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl LedgerRow {
    pub fn new(entry: ZammadEntryId, state: LedgerState) -> LedgerRow {
        LedgerRow {
            entry,
            timesheet: None,
            state,
            ticket: None,
            source_fingerprint: None,
            force_write: false,
            target_fingerprint: None,
            target_snapshot: None,
            source_updated_at: None,
            sent_at: None,
        }
    }

    /// `take-zammad`: write Zammad's values over the timesheet on the next sync.
    pub fn mark_force_write(&mut self) {
        self.force_write = true;
        self.source_fingerprint = None;
    }

    /// Zammad's side as now written or accepted; ends a `force_write`.
    pub fn set_source_fingerprint(&mut self, fingerprint: String) {
        self.source_fingerprint = Some(fingerprint);
        self.force_write = false;
    }
}

/// A conflict found by a run, before it is stored.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct NewConflict {
    pub reason: Reason,
    pub entry: Option<ZammadEntryId>,
    pub timesheet: Option<KimaiTimesheetId>,
    pub ticket_number: Option<String>,
    pub customer: Option<String>,
    /// What Zammad says (JSON).
    pub source: Option<serde_json::Value>,
    /// What Kimai holds (JSON).
    pub target: Option<serde_json::Value>,
    /// Extra detail, e.g. Kimai's validation messages.
    pub detail: Option<String>,
}

/// Stored mappings of one pair (Kimai ids by Zammad key).
#[derive(Debug, Clone, Default)]
pub struct Mappings {
    pub activity: std::collections::HashMap<ActivityTypeId, KimaiActivityId>,
    pub customer: std::collections::HashMap<super::mapping_key::CustomerKey, KimaiCustomerId>,
    pub project: std::collections::HashMap<super::mapping_key::MappingKey, KimaiProjectId>,
    pub user: std::collections::HashMap<ZammadUserId, KimaiUserId>,
}
