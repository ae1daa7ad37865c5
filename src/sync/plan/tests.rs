//! Decisions of the planner, without a network.

use super::*;
use crate::config::*;
use crate::conflicts::Reason;
use crate::ids::*;
use crate::sync::model::{LedgerRow, LedgerState};
use crate::sync::model::{Ref, SourceEntry, TimesheetView};
use chrono::{DateTime, Utc};
use std::collections::HashMap;

fn policy() -> Policy {
    Policy {
        marker_key: "zk".into(),
        tag: "zammad".into(),
        anchor: TimeAnchor::End,
        timezone: chrono_tz::Tz::UTC,
        api_user: KimaiUserId(1),
        project_policy: ProjectPolicy::PerTicket,
        fixed_project: None,
        default_activity: None,
        auto_create_activities: false,
        unmapped_user: UnmappedUserPolicy::ApiUser,
        source_deleted: SourceDeletedPolicy::Conflict,
        negative_correction: NegativeCorrectionPolicy::Conflict,
        no_organization_customer: "No org".into(),
        max_change_share: 0.5,
        guard_min_entries: 2,
        force: false,
        rounding: Default::default(),
        duplicates: DuplicatesPolicy::Conflict,
        compact_creates: false,
    }
}

fn entry(id: i64, minutes: i64) -> SourceEntry {
    let at: DateTime<Utc> = "2026-11-02T10:07:42.123Z".parse().unwrap();
    SourceEntry {
        id: ZammadEntryId(id),
        ticket: TicketId(7),
        ticket_number: "1007".into(),
        ticket_title: "Printer <on> fire".into(),
        ticket_url: "http://z/#ticket/zoom/7".into(),
        organization: Some(OrganizationId(3)),
        organization_name: Some("ACME".into()),
        agent: ZammadUserId(9),
        agent_name: "Ann".into(),
        agent_email: Some("ann@example.com".into()),
        type_id: Some(ActivityTypeId(2)),
        type_name: Some("Support".into()),
        time_unit: format!("{minutes}.0").into(),
        minutes,
        created_at: at,
        updated_at: at,
    }
}

fn mapped() -> Mappings {
    let mut m = Mappings::default();
    m.activity.insert(ActivityTypeId(2), KimaiActivityId(20));
    m
}

fn run(
    entries: &[SourceEntry],
    ledger: &HashMap<ZammadEntryId, LedgerRow>,
    kimai: &KimaiTimesheets,
    m: &Mappings,
    p: &Policy,
) -> Plan {
    plan(&PlanInput {
        entries,
        coverage: Coverage::Incremental,
        ledger,
        kimai,
        catalog: &Catalog::default(),
        mappings: m,
        policy: p,
        waiting: &Default::default(),
        synced: synced(ledger),
    })
}

#[test]
fn new_entry_creates_customer_project_and_timesheet() {
    let p = run(
        &[entry(1, 30)],
        &HashMap::new(),
        &KimaiTimesheets::default(),
        &mapped(),
        &policy(),
    );
    assert_eq!(p.new_customers.len(), 1);
    assert_eq!(p.new_projects[0].name, "#1007 Printer on fire");
    let Op::Create { desired } = &p.items[0].op else {
        panic!("{:?}", p.items)
    };
    assert_eq!(desired.end.to_rfc3339(), "2026-11-02T10:07:00+00:00");
    assert_eq!((desired.end - desired.begin).num_minutes(), 30);
    assert_eq!(desired.project, Ref::New(0));
    assert!(desired.description.starts_with("[zammad-ta-zk-1] #1007"));
}

#[test]
fn unmapped_activity_is_a_conflict() {
    let p = run(
        &[entry(1, 30)],
        &HashMap::new(),
        &KimaiTimesheets::default(),
        &Mappings::default(),
        &policy(),
    );
    assert!(p.items.is_empty());
    assert_eq!(p.conflicts[0].reason, Reason::UnmappedActivity);
}

#[test]
fn marker_found_links_instead_of_creating() {
    let view = TimesheetView {
        id: KimaiTimesheetId(55),
        begin: "2026-11-02T09:37:00Z".parse().unwrap(),
        end: Some("2026-11-02T10:07:00Z".parse().unwrap()),
        project: KimaiProjectId(1),
        activity: KimaiActivityId(20),
        user: KimaiUserId(1),
        description: "[zammad-ta-zk-1] #1007 x".into(),
        tags: vec![],
        exported: false,
        begin_offset: None,
        end_offset: None,
    };
    let mut k = KimaiTimesheets::default();
    k.by_id.insert(view.id, view);
    let p = run(&[entry(1, 30)], &HashMap::new(), &k, &mapped(), &policy());
    assert!(matches!(p.items[0].op, Op::Link { .. }), "{:?}", p.items);
}

#[test]
fn synced_and_unchanged_is_a_no_op_and_edits_are_conflicts() {
    let e = entry(1, 30);
    let view = TimesheetView {
        id: KimaiTimesheetId(55),
        begin: "2026-11-02T09:37:00Z".parse().unwrap(),
        end: Some("2026-11-02T10:07:00Z".parse().unwrap()),
        project: KimaiProjectId(1),
        activity: KimaiActivityId(20),
        user: KimaiUserId(1),
        description: "[zammad-ta-zk-1] #1007 x".into(),
        tags: vec![],
        exported: false,
        begin_offset: None,
        end_offset: None,
    };
    let mut row = LedgerRow::new(e.id, LedgerState::Synced);
    row.timesheet = Some(view.id);
    row.source_fingerprint = Some(e.fingerprint());
    row.target_fingerprint = Some(view.fingerprint());
    let ledger = HashMap::from([(e.id, row)]);
    let p = run(
        std::slice::from_ref(&e),
        &ledger,
        &KimaiTimesheets::default(),
        &mapped(),
        &policy(),
    );
    assert!(p.items.is_empty() && p.conflicts.is_empty() && p.unchanged == 1);

    let mut edited = view.clone();
    edited.description.push_str(" (edited)");
    let mut k = KimaiTimesheets::default();
    k.by_id.insert(edited.id, edited);
    let p = run(std::slice::from_ref(&e), &ledger, &k, &mapped(), &policy());
    assert_eq!(p.conflicts[0].reason, Reason::TargetEdited);

    let mut changed = e.clone();
    changed.minutes = 45;
    let p = run(&[changed.clone()], &ledger, &k, &mapped(), &policy());
    assert_eq!(p.conflicts[0].reason, Reason::BothChanged);

    let mut k2 = KimaiTimesheets::default();
    k2.by_id.insert(view.id, view.clone());
    let p = run(&[changed], &ledger, &k2, &mapped(), &policy());
    assert!(matches!(p.items[0].op, Op::Update { .. }));
}

#[test]
fn negative_and_zero_entries_follow_policy() {
    let p = run(
        &[entry(1, -15), entry(2, 0)],
        &HashMap::new(),
        &KimaiTimesheets::default(),
        &mapped(),
        &policy(),
    );
    assert_eq!(p.conflicts[0].reason, Reason::NegativeCorrection);
    assert!(matches!(p.items[0].op, Op::Skip { .. }));
}

#[test]
fn names_lose_characters_kimai_refuses() {
    assert_eq!(kimai_name("a=\"b\" <c>"), "a b c");
    assert_eq!(kimai_name("x"), "x_");
}

#[test]
fn an_edited_timesheet_is_compared_even_when_its_entry_did_not_change() {
    let e = entry(1, 30);
    let view = TimesheetView {
        id: KimaiTimesheetId(55),
        begin: "2026-11-02T09:37:00Z".parse().unwrap(),
        end: Some("2026-11-02T10:07:00Z".parse().unwrap()),
        project: KimaiProjectId(1),
        activity: KimaiActivityId(20),
        user: KimaiUserId(1),
        description: "[zammad-ta-zk-1] #1007 x".into(),
        tags: vec![],
        exported: false,
        begin_offset: Some(0),
        end_offset: Some(0),
    };
    let mut row = LedgerRow::new(e.id, LedgerState::Synced);
    row.timesheet = Some(view.id);
    row.ticket = Some(e.ticket);
    row.source_fingerprint = Some(e.fingerprint());
    row.target_fingerprint = Some(view.fingerprint());
    row.target_snapshot = serde_json::to_string(&view).ok();
    let ledger = HashMap::from([(e.id, row)]);
    let returned = |v: &TimesheetView| {
        let mut k = KimaiTimesheets::default();
        k.by_id.insert(v.id, v.clone());
        k
    };
    // Returned as modified, but as syncd wrote it (tags are people's): nothing.
    let mut tagged = view.clone();
    tagged.tags = vec!["billing".into()];
    let p = run(&[], &ledger, &returned(&tagged), &mapped(), &policy());
    assert!(p.items.is_empty() && p.conflicts.is_empty(), "{p:?}");
    // The end moved 30 minutes: target-edited, though Zammad's entry is not in the run.
    let mut moved = view.clone();
    moved.end = Some("2026-11-02T10:37:00Z".parse().unwrap());
    let p = run(&[], &ledger, &returned(&moved), &mapped(), &policy());
    assert_eq!(p.conflicts.len(), 1, "{p:?}");
    assert_eq!(p.conflicts[0].reason, Reason::TargetEdited);
    assert_eq!(p.conflicts[0].entry, Some(e.id));
    // Moved as a 15-minute rule Kimai was seen applying moves it: re-recorded, no conflict.
    let fifteen = Policy {
        rounding: crate::sync::rounding::RoundingSeen {
            begin_gcd_secs: Some(900),
            end_gcd_secs: Some(900),
        },
        ..policy()
    };
    let mut rounded = view.clone();
    rounded.begin = "2026-11-02T09:30:00Z".parse().unwrap();
    rounded.end = Some("2026-11-02T10:15:00Z".parse().unwrap());
    let p = run(&[], &ledger, &returned(&rounded), &mapped(), &fifteen);
    assert!(p.conflicts.is_empty(), "{p:?}");
    assert!(matches!(p.items[0].op, Op::Link { .. }));
}

#[test]
fn customer_numbers_name_the_instance_and_fit_kimai() {
    use crate::sync::plan::customer_number;
    assert_eq!(
        customer_number("helpdesk-example-com", "12"),
        "ZAM-helpdesk-example-com-12"
    );
    let long = "support-desk-of-a-very-long-company-name-example-com";
    let n = customer_number(long, "123456");
    assert!(n.chars().count() <= 50 && n.ends_with("-123456"), "{n}");
    assert_ne!(n, customer_number(&format!("{long}x"), "123456"));
}

fn marked(id: i64, entry: i64) -> TimesheetView {
    TimesheetView {
        id: KimaiTimesheetId(id),
        begin: "2026-11-02T09:37:00Z".parse().unwrap(),
        end: Some("2026-11-02T10:07:00Z".parse().unwrap()),
        project: KimaiProjectId(1),
        activity: KimaiActivityId(20),
        user: KimaiUserId(1),
        description: format!("[zammad-ta-zk-{entry}] #1007 x"),
        tags: vec![],
        exported: false,
        begin_offset: Some(0),
        end_offset: Some(0),
    }
}

#[test]
fn duplicates_keep_the_linked_copy_even_when_it_is_not_the_oldest() {
    let e = entry(1, 30);
    let (older, linked) = (marked(40, 1), marked(55, 1));
    let mut row = LedgerRow::new(e.id, LedgerState::Synced);
    row.timesheet = Some(linked.id);
    row.source_fingerprint = Some(e.fingerprint());
    row.target_fingerprint = Some(linked.fingerprint());
    let ledger = HashMap::from([(e.id, row)]);
    let mut k = KimaiTimesheets {
        complete: true,
        ..KimaiTimesheets::default()
    };
    k.by_id.insert(older.id, older);
    k.by_id.insert(linked.id, linked);
    // Default: a conflict naming both, the kept one as its timesheet.
    let p = run(std::slice::from_ref(&e), &ledger, &k, &mapped(), &policy());
    assert_eq!(p.conflicts.len(), 1, "{:?}", p.conflicts);
    let c = &p.conflicts[0];
    assert_eq!(c.reason, Reason::DuplicateMarker);
    assert_eq!(c.timesheet, Some(KimaiTimesheetId(55)));
    let detail = c.detail.as_deref().unwrap();
    assert!(
        detail.contains("40, 55") && detail.contains("keeps 55"),
        "{detail}"
    );
    assert!(p.items.is_empty() && p.unchanged == 0);
    // delete-extra: remove 40, and the entry is in sync through 55.
    let mut pol = policy();
    pol.duplicates = DuplicatesPolicy::DeleteExtra;
    let p = run(std::slice::from_ref(&e), &ledger, &k, &mapped(), &pol);
    assert!(p.conflicts.is_empty());
    assert_eq!(
        p.duplicate_removals,
        vec![DuplicateCopies {
            entry: e.id,
            keep: KimaiTimesheetId(55),
            extra: vec![KimaiTimesheetId(40)],
        }]
    );
    assert_eq!(p.unchanged, 1);
}

#[test]
fn duplicates_of_an_unlinked_entry_keep_the_oldest_and_ignored_entries_are_left_alone() {
    let e = entry(1, 30);
    let mut k = KimaiTimesheets::default();
    k.by_id.insert(KimaiTimesheetId(70), marked(70, 1));
    k.by_id.insert(KimaiTimesheetId(60), marked(60, 1));
    let mut pol = policy();
    pol.duplicates = DuplicatesPolicy::DeleteExtra;
    let p = run(
        std::slice::from_ref(&e),
        &HashMap::new(),
        &k,
        &mapped(),
        &pol,
    );
    assert_eq!(p.duplicate_removals[0].keep, KimaiTimesheetId(60));
    let Op::Link { timesheet } = &p.items[0].op else {
        panic!("{:?}", p.items)
    };
    assert_eq!(timesheet.id, KimaiTimesheetId(60));
    let ignored = HashMap::from([(e.id, LedgerRow::new(e.id, LedgerState::Ignored))]);
    let p = run(std::slice::from_ref(&e), &ignored, &k, &mapped(), &policy());
    assert!(p.conflicts.is_empty() && p.items.is_empty() && p.duplicate_removals.is_empty());
}

#[test]
fn entry_sources_keep_each_booked_entry_once_and_survive_a_plan_file() {
    let entries = vec![entry(3, 30), entry(1, 15), entry(2, 0), entry(3, 30)];
    let mut p = run(
        &entries,
        &HashMap::new(),
        &KimaiTimesheets::default(),
        &mapped(),
        &policy(),
    );
    p.items.retain(|i| i.entry != ZammadEntryId(2));
    p.sources = EntrySources::of(entries.clone(), &p);
    assert_eq!(p.sources.get(ZammadEntryId(1)), Some(&entries[1]));
    assert_eq!(p.sources.get(ZammadEntryId(3)), Some(&entries[0]));
    assert_eq!(p.sources.get(ZammadEntryId(2)), None, "no item books it");

    #[derive(serde::Serialize, serde::Deserialize)]
    struct File {
        #[serde(with = "crate::sync::planfile::plan_record")]
        plan: Plan,
    }
    let text = serde_json::to_string(&File { plan: p.clone() }).unwrap();
    let back: File = serde_json::from_str(&text).unwrap();
    assert_eq!(back.plan.sources, p.sources);
    assert_eq!(back.plan.items, p.items);
}
