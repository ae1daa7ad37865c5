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

/// Timesheets as read are boxed: an item stays small (a first sync holds one per entry).
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
        before: Box<TimesheetView>,
    },
    Delete {
        timesheet: KimaiTimesheetId,
        /// The timesheet as read, recorded with the run so it can be undone.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        before: Option<Box<TimesheetView>>,
    },
    /// An existing timesheet carries the marker: record it, write nothing to Kimai.
    Link {
        timesheet: Box<TimesheetView>,
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
    /// Shared with the entry's other texts (a first sync holds one item per entry).
    pub ticket_number: Option<Shared>,
    #[serde(flatten)]
    pub op: Op,
    #[serde(skip)]
    pub source_fingerprint: Option<String>,
    #[serde(skip)]
    pub source_updated_at: Option<DateTime<Utc>>,
    /// The Zammad entry, shown with a conflict if Kimai refuses this item (turned into
    /// JSON only then: most items never need it). Filled from the plan's `sources` as the
    /// item is applied.
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
    /// The Zammad entries the items book, each once (items carry only their ids).
    #[serde(skip)]
    pub sources: EntrySources,
    /// What the run wants an admin to know (matches refused, intervals moved), once each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<String>,
    /// Creates kept compact (`Policy::compact_creates`), made whole as they are applied.
    #[serde(skip)]
    pub fresh: FreshCreates,
}

/// The creates of a run that applies at once, kept compact: the placement the planner
/// chose, by entry. The rest of each item (interval, description, tags, fingerprint,
/// ticket) follows from the entry, which the plan holds anyway, and the run's settings, and
/// is made when the create is applied: a first sync of 100,000 entries does not hold a
/// whole item beside every entry.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FreshCreates {
    pub creates: Vec<FreshCreate>,
    pub(super) shape: Shape,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FreshCreate {
    pub entry: ZammadEntryId,
    pub(crate) placement: Placement,
}

impl FreshCreates {
    pub fn len(&self) -> usize {
        self.creates.len()
    }

    pub fn is_empty(&self) -> bool {
        self.creates.is_empty()
    }

    /// The whole item of `create`, `entry` being the entry it books: the item the planner
    /// makes when creates are not kept compact.
    pub(crate) fn item(&self, create: &FreshCreate, entry: &SourceEntry) -> Item {
        let desired = self.shape.desired(create.placement, entry);
        item_of(entry, Op::Create { desired })
    }
}

/// The settings that shape the timesheet of a placed entry: where its interval falls and
/// what its description and tags say.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Shape {
    marker_key: String,
    tag: String,
    anchor: TimeAnchor,
    timezone: Tz,
}

impl Default for Shape {
    fn default() -> Shape {
        Shape {
            marker_key: String::new(),
            tag: String::new(),
            anchor: TimeAnchor::End,
            timezone: Tz::UTC,
        }
    }
}

impl Shape {
    pub(crate) fn of(policy: &Policy) -> Shape {
        Shape {
            marker_key: policy.marker_key.clone(),
            tag: policy.tag.clone(),
            anchor: policy.anchor,
            timezone: policy.timezone,
        }
    }

    /// The timesheet `e` should be, placed as `p`.
    pub(crate) fn desired(&self, p: Placement, e: &SourceEntry) -> Desired {
        let (begin, end, shifted_minutes) = interval_of(e, self.anchor, self.timezone);
        Desired {
            begin,
            end,
            shifted_minutes,
            project: p.project,
            activity: p.activity,
            user: p.user,
            description: description(e, &self.marker_key),
            tags: vec![self.tag.clone()],
        }
    }
}

/// The Zammad entries a plan's items come from, sorted by id: kept once, beside the items,
/// instead of a copy in every item (a first sync of 100,000 entries holds each once).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EntrySources(Vec<SourceEntry>);

impl EntrySources {
    /// The entries `plan` books out of `entries` (moved, not copied).
    pub(crate) fn of(mut entries: Vec<SourceEntry>, plan: &Plan) -> EntrySources {
        let items = plan.items.iter().map(|i| i.entry);
        let fresh = plan.fresh.creates.iter().map(|c| c.entry);
        let wanted: HashSet<ZammadEntryId> = items.chain(fresh).collect();
        entries.retain(|e| wanted.contains(&e.id));
        entries.sort_unstable_by_key(|e| e.id);
        entries.dedup_by_key(|e| e.id);
        EntrySources(entries)
    }

    pub fn get(&self, entry: ZammadEntryId) -> Option<&SourceEntry> {
        let at = self.0.binary_search_by_key(&entry, |e| e.id).ok()?;
        Some(&self.0[at])
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Plan {
    /// Make whole items of the compact creates (to move their intervals, see `layout`).
    pub(crate) fn expand_fresh(&mut self, entries: &[SourceEntry]) {
        if self.fresh.is_empty() {
            return;
        }
        let by_id: HashMap<ZammadEntryId, &SourceEntry> =
            entries.iter().map(|e| (e.id, e)).collect();
        let creates = std::mem::take(&mut self.fresh.creates);
        let fresh = &self.fresh;
        self.items.extend(
            creates
                .iter()
                .filter_map(|c| Some(fresh.item(c, by_id.get(&c.entry)?))),
        );
    }

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
        c.created += self.fresh.len() as u64;
        c.customers_created = self.new_customers.len() as u64;
        c.projects_created = self.new_projects.len() as u64;
        c.activities_created = self.new_activities.len() as u64;
        c
    }

    /// Timesheet writes (creates, updates, deletes).
    pub fn writes(&self) -> usize {
        let items = self.items.iter();
        items
            .filter(|i| !matches!(i.op, Op::Link { .. } | Op::Skip { .. }))
            .count()
            + self.fresh.len()
    }
}
