//! Properties of the planner over generated inputs (proptest, as cargo's resolver tests
//! do): ledgers in every state, Zammad entries that changed or not, Kimai holding the
//! timesheet as written, edited, deleted or copied, every coverage. Whatever the input:
//! at most one create per entry and none where Kimai already holds its marker, nothing
//! written for a settled entry, and deletions only where the run saw every entry.
//!
//! The generated Kimai side keeps the engine's promise to the planner: the timesheet of
//! a synced entry that changed in Zammad is read exactly (returned, or known missing).

use super::*;
use crate::config::*;
use crate::conflicts::Reason;
use crate::ids::*;
use crate::sync::model::{LedgerRow, LedgerState};
use crate::sync::model::{SourceEntry, TimesheetView};
use chrono::{DateTime, TimeDelta, Utc};
use proptest::prelude::*;
use std::collections::{HashMap, HashSet};

/// What Kimai returns for the timesheet a ledger row links.
#[derive(Debug, Clone, Copy)]
enum Held {
    /// Not in this read (an incremental read that did not touch it).
    NotReturned,
    /// As syncd wrote it.
    AsWritten,
    /// A person moved its end.
    Edited,
    /// Known to be gone.
    Missing,
}

#[derive(Debug, Clone)]
struct Slot {
    /// In this run's Zammad entries (else deleted in Zammad, or just not fetched).
    fetched: bool,
    waiting: bool,
    minutes: i64,
    ticket: i64,
    mapped: bool,
    /// State, links a timesheet, the entry is unchanged since.
    ledger: Option<(LedgerState, bool, bool)>,
    held: Held,
    /// Further timesheets carrying the entry's marker (a lost store, a double POST).
    copies: usize,
}

fn slot() -> impl Strategy<Value = Slot> {
    let state = prop_oneof![
        Just(LedgerState::Pending),
        Just(LedgerState::Synced),
        Just(LedgerState::Removed),
        Just(LedgerState::Ignored),
        Just(LedgerState::Skipped),
    ];
    let held = prop_oneof![
        Just(Held::NotReturned),
        Just(Held::AsWritten),
        Just(Held::Edited),
        Just(Held::Missing),
    ];
    (
        (any::<bool>(), prop::bool::weighted(0.1)),
        prop::sample::select(vec![-30i64, 0, 15, 30, 45]),
        7i64..=8,
        prop::bool::weighted(0.8),
        prop::option::weighted(0.7, (state, prop::bool::weighted(0.8), any::<bool>())),
        held,
        prop::sample::select(vec![0usize, 0, 0, 1, 2]),
    )
        .prop_map(
            |((fetched, waiting), minutes, ticket, mapped, ledger, held, copies)| Slot {
                fetched,
                waiting: waiting && !fetched,
                minutes,
                ticket,
                mapped,
                ledger,
                held,
                copies,
            },
        )
}

#[derive(Debug, Clone)]
struct World {
    slots: Vec<Slot>,
    coverage: u8,
    complete: bool,
    delete_on_source_deleted: bool,
    delete_extra_copies: bool,
    negative: u8,
}

fn world() -> impl Strategy<Value = World> {
    (
        prop::collection::vec(slot(), 1..8),
        0u8..3,
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        0u8..3,
    )
        .prop_map(
            |(
                slots,
                coverage,
                complete,
                delete_on_source_deleted,
                delete_extra_copies,
                negative,
            )| {
                World {
                    slots,
                    coverage,
                    complete,
                    delete_on_source_deleted,
                    delete_extra_copies,
                    negative,
                }
            },
        )
}

const KEY: &str = "zk";

fn entry(id: i64, s: &Slot) -> SourceEntry {
    let at: DateTime<Utc> = "2026-11-02T10:07:42.123Z".parse().unwrap();
    let at = at + TimeDelta::hours(id);
    SourceEntry {
        id: ZammadEntryId(id),
        ticket: TicketId(s.ticket),
        ticket_number: format!("{}", 1000 + s.ticket).into(),
        ticket_title: "Printer on fire".into(),
        ticket_url: format!("http://z/#ticket/zoom/{}", s.ticket).into(),
        organization: Some(OrganizationId(3)),
        organization_name: Some("ACME".into()),
        agent: ZammadUserId(9),
        agent_name: "Ann".into(),
        agent_email: Some("ann@example.com".into()),
        type_id: Some(ActivityTypeId(if s.mapped { 2 } else { 3 })),
        type_name: Some(if s.mapped { "Support" } else { "Travel" }.into()),
        time_unit: format!("{}.0", s.minutes).into(),
        minutes: s.minutes,
        created_at: at,
        updated_at: at,
    }
}

fn view(id: i64, entry: &SourceEntry, ts: i64) -> TimesheetView {
    let end = entry.created_at - TimeDelta::milliseconds(42_123);
    TimesheetView {
        id: KimaiTimesheetId(ts),
        begin: end - TimeDelta::minutes(entry.minutes.max(1)),
        end: Some(end),
        project: KimaiProjectId(1),
        activity: KimaiActivityId(20),
        user: KimaiUserId(1),
        description: format!("[zammad-ta-{KEY}-{id}] #{}", entry.ticket_number),
        tags: vec!["zammad".into()],
        exported: false,
        begin_offset: Some(0),
        end_offset: Some(0),
    }
}

/// The planner's input, built from a world.
struct Input {
    entries: Vec<SourceEntry>,
    coverage: Coverage,
    ledger: HashMap<ZammadEntryId, LedgerRow>,
    kimai: KimaiTimesheets,
    mappings: Mappings,
    policy: Policy,
    waiting: HashSet<ZammadEntryId>,
}

fn input(w: &World) -> Input {
    let mut entries = Vec::new();
    let mut ledger = HashMap::new();
    let mut kimai = KimaiTimesheets {
        complete: w.complete,
        ..KimaiTimesheets::default()
    };
    let mut waiting = HashSet::new();
    for (i, s) in w.slots.iter().enumerate() {
        let id = i as i64 + 1;
        let e = entry(id, s);
        let linked = 10 + id;
        let written = view(id, &e, linked);
        if let Some((state, links, unchanged)) = s.ledger {
            let mut row = LedgerRow::new(e.id, state);
            row.ticket = Some(e.ticket);
            if links {
                row.timesheet = Some(KimaiTimesheetId(linked));
                row.target_fingerprint = Some(written.fingerprint());
                row.target_snapshot = serde_json::to_string(&written).ok();
            }
            row.source_fingerprint = Some(if unchanged {
                e.fingerprint()
            } else {
                "changed since".into()
            });
            let exact = state == LedgerState::Synced && links && s.fetched && !unchanged;
            let held = match s.held {
                Held::NotReturned if exact && !w.complete => Held::AsWritten,
                h => h,
            };
            if links {
                match held {
                    Held::NotReturned => {}
                    Held::AsWritten => {
                        kimai.by_id.insert(written.id, written.clone());
                    }
                    Held::Edited => {
                        let mut edited = written.clone();
                        edited.end = edited.end.map(|t| t + TimeDelta::minutes(30));
                        kimai.by_id.insert(edited.id, edited);
                    }
                    Held::Missing => {
                        kimai.missing.insert(written.id);
                    }
                }
            }
            ledger.insert(e.id, row);
        }
        for k in 0..s.copies {
            let copy = view(id, &e, 100 + id * 10 + k as i64);
            kimai.by_id.insert(copy.id, copy);
        }
        if s.fetched {
            entries.push(e);
        } else if s.waiting {
            waiting.insert(e.id);
        }
    }
    let coverage = match w.coverage {
        0 => Coverage::Incremental,
        1 => Coverage::Full,
        _ => Coverage::Tickets(vec![TicketId(7)]),
    };
    let mut mappings = Mappings::default();
    mappings
        .activity
        .insert(ActivityTypeId(2), KimaiActivityId(20));
    let policy = Policy {
        marker_key: KEY.into(),
        tag: "zammad".into(),
        anchor: TimeAnchor::End,
        timezone: chrono_tz::Tz::UTC,
        api_user: KimaiUserId(1),
        project_policy: ProjectPolicy::PerTicket,
        fixed_project: None,
        default_activity: None,
        auto_create_activities: false,
        unmapped_user: UnmappedUserPolicy::ApiUser,
        source_deleted: if w.delete_on_source_deleted {
            SourceDeletedPolicy::Delete
        } else {
            SourceDeletedPolicy::Conflict
        },
        negative_correction: match w.negative {
            0 => NegativeCorrectionPolicy::Conflict,
            1 => NegativeCorrectionPolicy::Skip,
            _ => NegativeCorrectionPolicy::Net,
        },
        no_organization_customer: "No org".into(),
        max_change_share: 0.5,
        guard_min_entries: 2,
        // The share guard would refuse some plans; the properties hold for any plan.
        force: true,
        rounding: Default::default(),
        duplicates: if w.delete_extra_copies {
            DuplicatesPolicy::DeleteExtra
        } else {
            DuplicatesPolicy::Conflict
        },
        compact_creates: false,
    };
    Input {
        entries,
        coverage,
        ledger,
        kimai,
        mappings,
        policy,
        waiting,
    }
}

fn run(i: &Input) -> Plan {
    plan(&PlanInput {
        entries: &i.entries,
        coverage: i.coverage.clone(),
        ledger: &i.ledger,
        kimai: &i.kimai,
        catalog: &Catalog::default(),
        mappings: &i.mappings,
        policy: &i.policy,
        waiting: &i.waiting,
        synced: synced(&i.ledger),
    })
}

fn writes(op: &Op) -> bool {
    matches!(
        op,
        Op::Create { .. } | Op::Update { .. } | Op::Delete { .. }
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn at_most_one_create_per_entry_and_none_where_kimai_has_its_marker(w in world()) {
        let i = input(&w);
        let p = run(&i);
        let mut creates: HashMap<ZammadEntryId, usize> = HashMap::new();
        for item in &p.items {
            if matches!(item.op, Op::Create { .. }) {
                *creates.entry(item.entry).or_default() += 1;
            }
        }
        for (entry, n) in &creates {
            prop_assert_eq!(*n, 1, "entry {} created {} times: {:?}", entry, n, p.items);
            let marked = i
                .kimai
                .by_id
                .values()
                .any(|v| super::marker::find(&v.description, KEY).contains(entry));
            prop_assert!(!marked, "entry {} is created although Kimai has its marker", entry);
        }
        // One decision per entry: never two items for one entry.
        let mut items: HashMap<ZammadEntryId, usize> = HashMap::new();
        for item in &p.items {
            *items.entry(item.entry).or_default() += 1;
        }
        prop_assert!(items.values().all(|n| *n == 1), "{:?}", p.items);
    }

    #[test]
    fn nothing_is_written_for_a_settled_entry(w in world()) {
        let i = input(&w);
        let p = run(&i);
        for e in &i.entries {
            let Some(row) = i.ledger.get(&e.id) else { continue };
            let held_as_written = row.timesheet.is_some_and(|t| {
                i.kimai.by_id.get(&t).map_or(
                    !i.kimai.missing.contains(&t) && !i.kimai.complete,
                    |v| row.target_fingerprint.as_deref() == Some(&v.fingerprint()),
                )
            });
            let settled = row.state == LedgerState::Synced
                && row.source_fingerprint.as_deref() == Some(&e.fingerprint())
                && held_as_written;
            let left_alone = matches!(row.state, LedgerState::Ignored | LedgerState::Removed);
            if !(settled || left_alone) {
                continue;
            }
            let touched: Vec<&Item> = p
                .items
                .iter()
                .filter(|it| it.entry == e.id && writes(&it.op))
                .collect();
            prop_assert!(touched.is_empty(), "settled entry {} written: {:?}", e.id, touched);
            // The net-correction rule may shorten a settled entry's timesheet on behalf of
            // a negative entry; nothing else may touch it.
            let ts = row.timesheet;
            let others: Vec<&Item> = p
                .items
                .iter()
                .filter(|it| it.entry != e.id)
                .filter(|it| match &it.op {
                    Op::Update { timesheet, .. } | Op::Delete { timesheet, .. } => {
                        Some(*timesheet) == ts
                    }
                    _ => false,
                })
                .filter(|it| !i.entries.iter().any(|o| o.id == it.entry && o.minutes < 0))
                .collect();
            prop_assert!(others.is_empty(), "timesheet of settled entry {} written: {:?}", e.id, others);
            if left_alone {
                prop_assert!(
                    !p.conflicts.iter().any(|c| c.entry == Some(e.id)),
                    "ignored entry {} got a conflict", e.id
                );
            }
        }
    }

    #[test]
    fn deletions_only_where_the_run_saw_every_entry(w in world()) {
        let i = input(&w);
        let p = run(&i);
        let seen: HashSet<ZammadEntryId> = i
            .entries
            .iter()
            .map(|e| e.id)
            .chain(i.waiting.iter().copied())
            .collect();
        let covered = |entry: ZammadEntryId| match &i.coverage {
            Coverage::Incremental => false,
            Coverage::Full => true,
            Coverage::Tickets(ts) => i
                .ledger
                .get(&entry)
                .and_then(|r| r.ticket)
                .is_some_and(|t| ts.contains(&t)),
        };
        let deleted = p
            .items
            .iter()
            .filter(|it| matches!(it.op, Op::Delete { .. }))
            .map(|it| it.entry)
            .chain(
                p.conflicts
                    .iter()
                    .filter(|c| c.reason == Reason::SourceDeleted)
                    .filter_map(|c| c.entry),
            );
        for entry in deleted {
            prop_assert!(!seen.contains(&entry), "entry {} is in the run but deleted", entry);
            prop_assert!(covered(entry), "entry {} deleted outside full coverage ({:?})", entry, i.coverage);
        }
    }

    /// What `prepare` loads when it does not read the whole ledger (the Zammad side is
    /// not fully covered and Kimai was read incrementally): the rows of the entries it
    /// read (waiting ones too), of the timesheets Kimai returned, of the tickets it covers
    /// or that have a negative correction, and the pending rows. The plan must not change.
    #[test]
    fn a_partial_run_needs_only_the_rows_of_what_it_read(w in world()) {
        let i = input(&w);
        prop_assume!(i.coverage != Coverage::Full && !i.kimai.complete);
        let mut tickets: HashSet<TicketId> =
            i.entries.iter().filter(|e| e.minutes < 0).map(|e| e.ticket).collect();
        if let Coverage::Tickets(ts) = &i.coverage {
            tickets.extend(ts.iter().copied());
        }
        let read: HashSet<ZammadEntryId> =
            i.entries.iter().map(|e| e.id).chain(i.waiting.iter().copied()).collect();
        let needed = |r: &LedgerRow| {
            read.contains(&r.entry)
                || r.state == LedgerState::Pending
                || r.timesheet.is_some_and(|t| i.kimai.by_id.contains_key(&t))
                || r.ticket.is_some_and(|t| tickets.contains(&t))
        };
        let slice: HashMap<ZammadEntryId, LedgerRow> = i
            .ledger
            .iter()
            .filter(|(_, r)| needed(r))
            .map(|(k, r)| (*k, r.clone()))
            .collect();
        let partial = plan(&PlanInput {
            entries: &i.entries,
            coverage: i.coverage.clone(),
            ledger: &slice,
            kimai: &i.kimai,
            catalog: &Catalog::default(),
            mappings: &i.mappings,
            policy: &i.policy,
            waiting: &i.waiting,
            synced: synced(&i.ledger),
        });
        prop_assert_eq!(partial, run(&i));
    }

    #[test]
    fn the_same_input_gives_the_same_plan(w in world()) {
        let i = input(&w);
        prop_assert_eq!(run(&i), run(&i));
    }

    /// A run that applies at once keeps its creates compact: made whole, they are the
    /// items a shown plan has, and the plan counts the same.
    #[test]
    fn compact_creates_are_the_items_a_shown_plan_has(w in world()) {
        let i = input(&w);
        let mut shown = run(&i);
        let mut at_once = input(&w);
        at_once.policy.compact_creates = true;
        let mut compact = run(&at_once);
        prop_assert_eq!(compact.counts(), shown.counts());
        prop_assert_eq!(compact.writes(), shown.writes());
        let creates = shown.items.iter().filter(|i| matches!(i.op, Op::Create { .. })).count();
        let fresh = compact.fresh.len();
        prop_assert!(fresh <= creates);
        compact.expand_fresh(&at_once.entries);
        prop_assert!(compact.fresh.is_empty());
        compact.fresh = FreshCreates::default();
        let key = |i: &Item| (i.entry, serde_json::to_string(&i.op).unwrap_or_default());
        compact.items.sort_by_key(key);
        shown.items.sort_by_key(key);
        prop_assert_eq!(compact, shown);
    }
}
