//! What the planner decides: the `Plan` a dry run prints and `apply` carries out.

use super::*;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewActivity {
    pub source_key: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewCustomer {
    pub source_key: String,
    pub name: String,
    pub number: String,
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewProject {
    pub source_key: String,
    pub name: String,
    pub customer: Ref<KimaiCustomerId>,
    pub comment: String,
}

/// A mapping found by name, number or email, stored when the plan is applied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MappingLink {
    pub kind: String,
    pub source_key: String,
    pub source_name: Option<String>,
    pub target_id: i64,
    pub target_name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    Create {
        desired: Desired,
    },
    Update {
        timesheet: KimaiTimesheetId,
        owner: KimaiUserId,
        desired: Desired,
        before: TimesheetView,
    },
    Delete {
        timesheet: KimaiTimesheetId,
        /// The timesheet as read, recorded with the run so it can be undone.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        before: Option<TimesheetView>,
    },
    /// An existing timesheet carries the marker: record it, write nothing to Kimai.
    Link {
        timesheet: TimesheetView,
    },
    /// Nothing to book (zero minutes, or a skipped negative correction).
    Skip {
        why: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub entry: ZammadEntryId,
    pub ticket: Option<TicketId>,
    pub ticket_number: Option<String>,
    #[serde(flatten)]
    pub op: Op,
    #[serde(skip)]
    pub source_fingerprint: Option<String>,
    #[serde(skip)]
    pub source_updated_at: Option<String>,
    /// The Zammad entry, shown with a conflict if Kimai refuses this item (turned into
    /// JSON only then: most items never need it).
    #[serde(skip)]
    pub source: Option<Box<SourceEntry>>,
}

/// Timesheets carrying one entry's marker: the one to keep and the extra copies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DuplicateCopies {
    pub entry: ZammadEntryId,
    /// The one the ledger links, else the oldest.
    pub keep: KimaiTimesheetId,
    pub extra: Vec<KimaiTimesheetId>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub new_activities: Vec<NewActivity>,
    pub new_customers: Vec<NewCustomer>,
    pub new_projects: Vec<NewProject>,
    pub mapping_links: Vec<MappingLink>,
    pub items: Vec<Item>,
    pub conflicts: Vec<NewConflict>,
    /// Extra copies to delete before the items (`sync.duplicates: delete-extra`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub duplicate_removals: Vec<DuplicateCopies>,
    /// Entries whose open conflicts no longer apply (they are in sync now).
    #[serde(skip)]
    pub settled: Vec<ZammadEntryId>,
    pub unchanged: u64,
    /// Why the run must not apply (unless --force).
    pub guard: Option<String>,
    /// What the run wants an admin to know (matches refused, intervals moved), once each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<String>,
}

impl Plan {
    /// Add a notice unless it is there already.
    pub fn notice(&mut self, text: String) {
        if !self.notices.contains(&text) {
            self.notices.push(text);
        }
    }
}

impl Plan {
    /// Counts of what applying the plan would do.
    pub fn counts(&self) -> Counts {
        let mut c = Counts {
            unchanged: self.unchanged,
            conflicts: self.conflicts.len() as u64,
            ..Counts::default()
        };
        for item in &self.items {
            match item.op {
                Op::Create { .. } => c.created += 1,
                Op::Update { .. } => c.updated += 1,
                Op::Delete { .. } => c.deleted += 1,
                Op::Link { .. } => c.linked += 1,
                Op::Skip { .. } => c.skipped += 1,
            }
        }
        c.customers_created = self.new_customers.len() as u64;
        c.projects_created = self.new_projects.len() as u64;
        c.activities_created = self.new_activities.len() as u64;
        c
    }

    /// Timesheet writes (creates, updates, deletes).
    pub fn writes(&self) -> usize {
        self.items
            .iter()
            .filter(|i| !matches!(i.op, Op::Link { .. } | Op::Skip { .. }))
            .count()
    }
}
