//! What the planner reads: the entries in scope, the ledger, Kimai's timesheets and
//! catalog, the stored mappings and the resolved policy.

use super::*;

/// Settings the planner needs, resolved (ids, not names).
#[derive(Debug, Clone)]
pub(crate) struct Policy {
    pub marker_key: String,
    pub tag: String,
    pub anchor: TimeAnchor,
    /// Kimai API user's timezone: how POSTed wall-clock times are read.
    pub timezone: Tz,
    pub api_user: KimaiUserId,
    pub project_policy: ProjectPolicy,
    pub fixed_project: Option<KimaiProjectId>,
    pub default_activity: Option<KimaiActivityId>,
    pub auto_create_activities: bool,
    pub unmapped_user: UnmappedUserPolicy,
    pub source_deleted: SourceDeletedPolicy,
    pub negative_correction: NegativeCorrectionPolicy,
    pub no_organization_customer: String,
    pub max_change_share: f64,
    pub guard_min_entries: usize,
    pub force: bool,
    /// How Kimai was seen rounding times: moves it explains are not a person's edits.
    pub rounding: RoundingSeen,
    pub duplicates: DuplicatesPolicy,
    /// Plan a new entry's create as a [`FreshCreate`] (a run that applies at once: nobody
    /// reads its plan, and a first sync holds one per entry).
    pub compact_creates: bool,
}

/// A Kimai customer, project or activity as listed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CatalogItem {
    pub id: i64,
    pub name: String,
    pub comment: Option<String>,
    pub number: Option<String>,
    /// Project: its customer. Activity: its project (None = global).
    pub parent: Option<i64>,
    /// Kimai offers it for new timesheets: visible (a project's customer too).
    pub visible: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CatalogUser {
    pub id: KimaiUserId,
    pub username: String,
    pub email: Option<String>,
    pub timezone: Option<String>,
    /// Disabled users are no valid owner of a timesheet.
    pub enabled: bool,
}

/// Kimai's customers, projects, activities and users; only loaded when a mapping is missing.
#[derive(Debug, Clone, Default)]
pub(crate) struct Catalog {
    pub customers: Vec<CatalogItem>,
    pub projects: Vec<CatalogItem>,
    pub activities: Vec<CatalogItem>,
    /// Empty when the token may not list users.
    pub users: Vec<CatalogUser>,
}

/// Timesheets read from Kimai this run.
#[derive(Debug, Clone, Default)]
pub struct KimaiTimesheets {
    pub by_id: HashMap<KimaiTimesheetId, TimesheetView>,
    /// Timesheets Kimai holds exactly as syncd last wrote them, for entries unchanged on
    /// Zammad's side, by the entry they book: a full run keeps only this digest of them
    /// (those entries are not planned, they count as unchanged).
    pub as_written: HashMap<KimaiTimesheetId, ZammadEntryId>,
    /// `by_id` and `as_written` hold every timesheet carrying one of our markers: absence
    /// means deleted.
    pub complete: bool,
    /// Ids Kimai answered 404 for.
    pub missing: HashSet<KimaiTimesheetId>,
}

/// What the fetch covered on the Zammad side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Coverage {
    /// Entries updated since the cursor: absence means nothing.
    Incremental,
    /// Every entry: a ledger row without an entry was deleted in Zammad.
    Full,
    /// Every entry of these tickets.
    Tickets(Vec<TicketId>),
}

pub(crate) struct PlanInput<'a> {
    pub entries: &'a [SourceEntry],
    pub coverage: Coverage,
    pub ledger: &'a HashMap<ZammadEntryId, LedgerRow>,
    pub kimai: &'a KimaiTimesheets,
    pub catalog: &'a Catalog,
    pub mappings: &'a Mappings,
    pub policy: &'a Policy,
    /// Entries that exist in Zammad but wait this run (their ticket cannot be read): not
    /// planned, and never taken for deleted.
    pub waiting: &'a HashSet<ZammadEntryId>,
    /// Synced rows in the whole ledger, for the change guard: `ledger` may hold only the
    /// rows this run needs (those of its entries, of the timesheets Kimai returned, of
    /// the tickets it covers; all of them when it judges deletions across everything).
    pub synced: usize,
}
