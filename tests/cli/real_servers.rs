//! Against servers configured as admins really run them (issue 9): shipped roles, timesheet
//! rules, tickets the token cannot read, paging limits, old Zammad versions.

use crate::scenario::Scenario;
use serde_json::Value;
use syncd_sim::kimai::KimaiPermissions;

const AT: &str = "2026-11-02T10:00:00.000Z";

fn open_conflicts(s: &Scenario) -> Vec<Value> {
    let out = s.ok(&["conflicts", "list", "--output", "json"]);
    serde_json::from_str::<Value>(&out)
        .unwrap()
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn reasons(s: &Scenario) -> Vec<String> {
    let mut r: Vec<String> = open_conflicts(s)
        .iter()
        .map(|c| c["reason"].as_str().unwrap_or_default().to_string())
        .collect();
    r.sort();
    r
}

// ---------------------------------------------------------------- 1. view_user

#[test]
fn agents_wait_for_a_hand_made_mapping_when_kimai_hides_its_users() {
    let s = Scenario::new("UTC", "minute");
    s.small_helpdesk();
    // Shipped ROLE_ADMIN: GET /api/users is 403.
    s.kimai.set_permissions(KimaiPermissions::default());
    let first = s.entry(101, "30.0", 1, 3, AT);
    // Bob is mapped by hand from the start; his entry is booked.
    s.entry(102, "15.0", 1, 4, "2026-11-02T16:00:00.000Z");
    s.ok(&[
        "mapping",
        "add",
        "user",
        "--source",
        "bob@example.com",
        "--target",
        "3",
    ]);

    let how = "syncd mapping add user --source";
    let tested = s.run(&["connector", "test", "timesheets"]);
    let text = String::from_utf8_lossy(&tested.stdout);
    assert!(text.contains(how), "connector test:\n{text}");
    let suggested = s.ok(&["mapping", "suggest"]);
    assert!(suggested.contains(how), "mapping suggest:\n{suggested}");

    let (code, report) = s.sync(&[]);
    assert_eq!(code, 3, "{report}");
    let users: Vec<i64> = s.kimai.timesheets().iter().map(|t| t.user).collect();
    assert_eq!(
        users,
        [3],
        "only Bob's entry, nothing booked as the API user"
    );
    assert_eq!(reasons(&s), ["unmapped-user"]);
    let detail = open_conflicts(&s)[0]["detail"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(detail.contains("ann@example.com"), "{detail}");
    // Still waiting; the run moves its cursor past the entry.
    assert_eq!(s.sync(&[]).0, 3);

    // A username cannot be looked up without view_user: the error says to use the id.
    let by_name = s.run(&[
        "mapping",
        "add",
        "user",
        "--source",
        "ann@example.com",
        "--target",
        "ann",
    ]);
    assert_eq!(by_name.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&by_name.stderr).contains("Kimai user's id"));
    s.ok(&[
        "mapping",
        "add",
        "user",
        "--source",
        "ann@example.com",
        "--target",
        "2",
    ]);
    let (code, report) = s.sync(&[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["counts"]["created"], 1, "{report}");
    assert_eq!(s.kimai.timesheets().len(), 2);
    let by_entry = s.timesheets_by_entry();
    let ts = s.kimai.timesheet(by_entry[&first][0]).unwrap();
    assert_eq!(ts.user, 2);
    assert!(open_conflicts(&s).is_empty());
}

// ---------------------------------------------------------------- 3. unreadable tickets

#[test]
fn entries_on_tickets_the_token_cannot_read_wait_and_the_run_goes_on() {
    use syncd_sim::zammad::{GroupAccess, SimTicket};
    let s = Scenario::new("UTC", "minute");
    s.small_helpdesk();
    let readable = s.entry(101, "30.0", 1, 3, AT);
    // One ticket, then thirty, in a group the Zammad token may not read.
    let hidden_group = |id: i64| {
        let mut t: SimTicket = s.zammad.add_simple_ticket(id, "Board matters", Some(2), 3);
        t.group_id = 2;
        s.zammad.add_ticket(t);
    };
    hidden_group(500);
    let secret = s.entry(500, "20.0", 1, 3, AT);
    s.zammad.set_group_access(2, GroupAccess::None);
    let (code, report) = s.sync(&[]);
    assert_eq!(code, 3, "{report}");
    let by_entry = s.timesheets_by_entry();
    assert!(by_entry.contains_key(&readable));
    assert!(
        !by_entry.contains_key(&secret),
        "never booked with made-up metadata"
    );
    let c = &open_conflicts(&s)[0];
    assert_eq!(c["reason"], "source-unreadable");
    assert_eq!(c["zammad_entry_id"], secret);
    let detail = c["detail"].as_str().unwrap();
    assert!(
        detail.contains("ticket id 500") && detail.contains("403"),
        "{detail}"
    );

    for id in 600..630 {
        hidden_group(id);
        s.entry(id, "10.0", 2, 4, "2026-11-02T12:00:00.000Z");
    }
    let (code, report) = s.sync(&[]);
    assert_eq!(code, 3, "{report}");
    assert_eq!(s.kimai.timesheets().len(), 1, "only the readable entry");
    assert_eq!(reasons(&s).len(), 31);
    assert!(reasons(&s).iter().all(|r| r == "source-unreadable"));
    let customers: Vec<String> = s.kimai.customers().iter().map(|c| c.name.clone()).collect();
    assert!(
        !customers.iter().any(|c| c.contains("no organization")),
        "{customers:?}"
    );

    // Once the token may read the group, the next (incremental) run books them.
    s.zammad.set_group_access(2, GroupAccess::Read);
    let (code, report) = s.sync(&[]);
    assert_eq!(code, 0, "{report}");
    assert!(open_conflicts(&s).is_empty());
    s.assert_exactly_once(1);
    let help = s.ok(&["conflicts", "list", "--help"]);
    assert!(help.contains("source-unreadable"), "{help}");
}

// ---------------------------------------------------------------- 9. Zammad paging

#[test]
fn zammad_pages_of_500_with_equal_timestamps_lose_and_repeat_nothing() {
    let s = Scenario::new("UTC", "minute");
    s.small_helpdesk();
    // An older server (500 per page) and a bulk import: every entry has the same
    // created_at/updated_at, so only `id` orders them.
    s.zammad.set_max_per_page(500);
    // 15 minutes each: a typical entry (5-minute ones would stop the unit guard).
    for i in 0..620 {
        s.entry(101 + i % 3, "15.0", 1 + i % 2, 3 + i % 2, AT);
    }
    let (code, report) = s.sync(&[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["counts"]["fetched"], 620, "{report}");
    s.assert_exactly_once(1);
    let asked: Vec<String> = s
        .zammad
        .requests()
        .iter()
        .filter(|r| r.path == "/api/v1/time_accountings")
        .map(|r| r.query.clone())
        .collect();
    assert!(
        asked
            .iter()
            .all(|q| q.contains("sort_by=updated_at%2Cid") || q.contains("sort_by=updated_at,id")),
        "{asked:?}"
    );
    // Pages 1 and 2 hold entries, page 3 is the empty one that ends the walk.
    assert_eq!(asked.len(), 3, "{asked:?}");
}

// ---------------------------------------------------------------- 10. Zammad 6.1

#[test]
fn zammad_6_1_full_runs_read_every_ticket_and_go_on_past_refused_lists() {
    use syncd_sim::zammad::{EntryChange, GroupAccess};
    let s = Scenario::new("UTC", "minute");
    s.small_helpdesk();
    s.zammad.set_version("6.1.0-1694600000.abc.focal");
    s.zammad.set_global_list_enabled(false);
    s.zammad.set_per_ticket_list_needs_change(true);
    let a = s.entry(101, "30.0", 1, 3, AT);
    let b = s.entry(102, "20.0", 1, 4, AT);
    let mut t = s.zammad.ticket(102).unwrap();
    t.group_id = 2;
    s.zammad.add_ticket(t);
    let (code, report) = s.sync(&[]);
    assert_eq!(code, 0, "{report}");
    s.assert_exactly_once(1);
    let ts_a = s.timesheets_by_entry()[&a][0];
    let ts_b = s.timesheets_by_entry()[&b][0];

    // A type change leaves the ticket's total (and updated_at) as it was.
    let before = s.zammad.ticket(101).unwrap().updated_at;
    s.zammad.update_entry(
        a,
        EntryChange {
            type_id: Some(Some(2)),
            ..Default::default()
        },
    );
    assert_eq!(s.zammad.ticket(101).unwrap().updated_at, before);
    // The token keeps read access to ticket 102's group but loses change access: on 6.1
    // its time accounting list is refused.
    s.zammad.set_group_access(2, GroupAccess::Read);
    let development = s
        .kimai
        .activities()
        .iter()
        .find(|x| x.name == "Development")
        .unwrap()
        .id;
    let (code, report) = s.sync(&["--full"]);
    assert_eq!(code, 1, "the refused ticket is reported: {report}");
    let errors = report["errors"].to_string();
    assert!(
        errors.contains("102") && errors.contains("change access"),
        "{report}"
    );
    assert_eq!(report["counts"]["updated"], 1, "{report}");
    assert_eq!(s.kimai.timesheet(ts_a).unwrap().activity, development);
    assert!(s.kimai.timesheet(ts_b).is_some(), "not taken for deleted");
    assert!(open_conflicts(&s).is_empty(), "{:?}", open_conflicts(&s));
}

// ---------------------------------------------------------------- 8. customer numbers

#[test]
fn two_zammad_instances_share_one_kimai_without_colliding_customer_numbers() {
    use syncd::sync::marker::marker_key_for_url;
    use syncd_sim::ZammadSim;
    use syncd_sim::harness::ZAMMAD_TOKEN;
    let s = Scenario::new("UTC", "minute");
    s.small_helpdesk();
    s.entry(101, "30.0", 1, 3, AT);
    // A customer made by an earlier syncd for organization 1 (number ZAM-1) keeps working.
    let key = marker_key_for_url(&s.zammad.base_url());
    let old = s.kimai.add_customer("Acme Corp");
    let mut c = s
        .kimai
        .customers()
        .into_iter()
        .find(|c| c.id == old)
        .unwrap();
    c.number = Some("ZAM-1".into());
    c.comment = Some(format!("[zammad-org-{key}-1] Zammad organization"));
    s.kimai.put_customer(c);
    assert_eq!(s.sync(&["--zammad", "helpdesk"]).0, 0);
    assert_eq!(s.kimai.customers().len(), 1, "linked, not created");

    // A second helpdesk whose organization 1 is another company.
    let z2 = ZammadSim::start(ZAMMAD_TOKEN).unwrap();
    z2.add_organization(1, "Initech");
    z2.add_agent(3, "Ann", "Agent", "ann@example.com");
    z2.add_type(1, "Support");
    z2.add_simple_ticket(101, "Printer again", Some(1), 3);
    z2.add_entry(syncd_sim::zammad::NewEntry {
        ticket_id: 101,
        time_unit: "15.0".into(),
        type_id: Some(1),
        created_by_id: 3,
        created_at: Some(AT.parse().unwrap()),
    });
    let token = s.path("zammad.token").display().to_string();
    s.ok(&[
        "connector",
        "add",
        "zammad",
        "--name",
        "second",
        "--url",
        &z2.base_url(),
        "--token-file",
        &token,
        "--time-unit",
        "minute",
    ]);
    let (code, report) = s.sync(&["--zammad", "second"]);
    assert_eq!(code, 0, "{report}");
    let customers = s.kimai.customers();
    assert_eq!(customers.len(), 2);
    let initech = customers.iter().find(|c| c.name == "Initech").unwrap();
    let key2 = marker_key_for_url(&z2.base_url());
    assert_eq!(
        initech.number.as_deref(),
        Some(format!("ZAM-{key2}-1").as_str())
    );
}

// ---------------------------------------------------------------- 7. hidden and disabled

#[test]
fn hidden_and_disabled_kimai_records_are_never_linked_by_name_or_email() {
    let s = Scenario::new("UTC", "minute");
    s.small_helpdesk();
    let hidden_acme = s.kimai.add_customer("Acme Corp");
    s.kimai.set_visible(hidden_acme, false);
    let hidden_globex = s.kimai.add_customer("Globex");
    s.kimai.set_visible(hidden_globex, false);
    let globex = s.kimai.add_customer("Globex");
    let support = s.kimai.activities()[0].id;
    s.kimai.set_visible(support, false);
    s.kimai.set_user_enabled(3, false);

    let acme_entry = s.entry(101, "30.0", 2, 3, AT);
    let globex_entry = s.entry(102, "20.0", 2, 3, "2026-11-02T11:00:00.000Z");
    let support_entry = s.entry(101, "10.0", 1, 3, "2026-11-02T12:00:00.000Z");
    let bobs_entry = s.entry(103, "15.0", 2, 4, "2026-11-02T13:00:00.000Z");
    let (code, report) = s.sync(&[]);
    assert_eq!(code, 3, "{report}");

    let by_entry = s.timesheets_by_entry();
    let customer_of = |entry: i64| {
        let ts = s.kimai.timesheet(by_entry[&entry][0]).unwrap();
        let project = s.kimai.projects().into_iter().find(|p| p.id == ts.project);
        project.unwrap().customer
    };
    let acme = customer_of(acme_entry);
    assert_ne!(acme, hidden_acme);
    assert!(
        s.kimai
            .customers()
            .iter()
            .any(|c| c.id == acme && c.visible)
    );
    assert_eq!(customer_of(globex_entry), globex, "the visible Globex");
    let notes = report["notices"].to_string();
    assert!(
        notes.contains(&format!("(id {hidden_acme})")) && notes.contains("hidden"),
        "{report}"
    );

    let conflicts = open_conflicts(&s);
    let detail_of = |entry: i64| {
        let c = conflicts
            .iter()
            .find(|c| c["zammad_entry_id"] == entry)
            .unwrap_or_else(|| panic!("no conflict for {entry}: {conflicts:?}"));
        (
            c["reason"].as_str().unwrap().to_string(),
            c["detail"].as_str().unwrap().to_string(),
        )
    };
    let (reason, detail) = detail_of(support_entry);
    assert_eq!(reason, "unmapped-activity");
    assert!(
        detail.contains("hidden") && detail.contains("Support"),
        "{detail}"
    );
    let (reason, detail) = detail_of(bobs_entry);
    assert_eq!(reason, "unmapped-user");
    assert!(
        detail.contains("disabled") && detail.contains("bob"),
        "{detail}"
    );
    assert_eq!(conflicts.len(), 2, "{conflicts:?}");

    // mapping suggest proposes neither, and says why.
    let out = s.ok(&["mapping", "suggest", "--output", "json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let proposed: Vec<(String, i64)> = v["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["kind"].as_str().unwrap().into(),
                p["target_id"].as_i64().unwrap(),
            )
        })
        .collect();
    assert!(!proposed.contains(&("activity".into(), support)), "{v}");
    assert!(!proposed.contains(&("user".into(), 3)), "{v}");
    let notes = v["notes"].to_string();
    assert!(
        notes.contains("hidden") && notes.contains("disabled"),
        "{v}"
    );
}

// ---------------------------------------------------------------- 4. timesheet rules

fn rules(overlapping: bool, future: bool, mode: &str) -> syncd_sim::kimai::KimaiTimesheetRules {
    syncd_sim::kimai::KimaiTimesheetRules {
        tracking_mode: mode.into(),
        allow_overlapping: overlapping,
        allow_future_times: future,
        ..Default::default()
    }
}

#[test]
fn entries_are_laid_out_one_after_the_other_when_kimai_forbids_overlaps() {
    use syncd_sim::kimai::NewTimesheet;
    let s = Scenario::new("UTC", "minute");
    s.small_helpdesk();
    s.kimai.set_timesheet_rules(rules(false, true, "default"));
    let support = s.kimai.activities()[0].id;
    let customer = s.kimai.add_customer("Somebody else");
    let project = s.kimai.add_project("Internal", customer);
    // Ann worked on something else in Kimai directly, 09:00-09:20.
    s.kimai.add_timesheet_as_human(NewTimesheet {
        user: 2,
        project,
        activity: support,
        begin_utc: "2026-11-02T09:00:00Z".parse().unwrap(),
        end_utc: "2026-11-02T09:20:00Z".parse().unwrap(),
        description: Some("meeting".into()),
        tags: vec![],
    });
    // Logged at 10:00 and 10:05 (30 min each), and Bob's at 10:00.
    let a = s.entry(101, "30.0", 1, 3, "2026-11-02T10:00:00.000Z");
    let b = s.entry(102, "30.0", 1, 3, "2026-11-02T10:05:00.000Z");
    let c = s.entry(101, "30.0", 1, 4, "2026-11-02T10:00:00.000Z");
    let (code, report) = s.sync(&[]);
    assert_eq!(code, 0, "{report}");
    let by_entry = s.timesheets_by_entry();
    assert!(by_entry.values().all(|ts| ts.len() == 1) && by_entry.len() == 3);
    let span = |e: i64| {
        let t = s.kimai.timesheet(by_entry[&e][0]).unwrap();
        (
            t.begin_utc.format("%H:%M").to_string(),
            t.end_utc.unwrap().format("%H:%M").to_string(),
        )
    };
    assert_eq!(
        span(b),
        ("09:35".into(), "10:05".into()),
        "the latest keeps its place"
    );
    assert_eq!(
        span(a),
        ("08:30".into(), "09:00".into()),
        "before b and the meeting"
    );
    assert_eq!(
        span(c),
        ("09:30".into(), "10:00".into()),
        "Bob is not concerned"
    );
    let notes = report["notices"].to_string();
    assert!(
        notes.contains(&format!("entry {a}")) && notes.contains("moved 60 min earlier"),
        "{report}"
    );

    // Nothing moves again or gets rewritten on the next runs.
    let (code, report) = s.sync(&[]);
    assert_eq!(
        (code, &report["counts"]["updated"]),
        (0, &Value::from(0)),
        "{report}"
    );
    let (code, report) = s.sync(&["--full"]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["counts"]["updated"], 0, "{report}");
    assert_eq!(span(a), ("08:30".into(), "09:00".into()));
}

#[test]
fn no_end_in_the_future_when_kimai_forbids_future_times() {
    let s = Scenario::new("UTC", "minute");
    s.small_helpdesk();
    s.kimai.set_timesheet_rules(rules(true, false, "default"));
    // With time_anchor begin, an entry logged 10 minutes ago for 45 minutes ends in 35.
    let logged = chrono::Utc::now() - chrono::Duration::minutes(10);
    let e = s.entry(101, "45.0", 1, 3, &logged.to_rfc3339());
    let out = s
        .command(&["sync", "--output", "json"])
        .env("SYNCD_SYNC_TIME_ANCHOR", "begin")
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    assert_eq!(out.status.code(), Some(0), "{report}");
    let t = s.kimai.timesheet(s.timesheets_by_entry()[&e][0]).unwrap();
    assert!(t.end_utc.unwrap() <= chrono::Utc::now(), "{t:?}");
    assert_eq!(t.duration_secs, 45 * 60);
    assert!(report["notices"].to_string().contains("future"), "{report}");
}

#[test]
fn punch_mode_without_view_other_timesheet_fails_the_test_and_refuses_to_sync() {
    use syncd_sim::kimai::KimaiRole;
    let s = Scenario::new("UTC", "minute");
    s.small_helpdesk();
    s.entry(101, "30.0", 1, 3, AT);
    s.kimai.set_timesheet_rules(rules(true, true, "punch"));
    s.kimai
        .set_permissions(KimaiPermissions::of(KimaiRole::User));
    let tested = s.run(&["connector", "test", "timesheets"]);
    let text = String::from_utf8_lossy(&tested.stdout);
    assert_eq!(tested.status.code(), Some(1), "{text}");
    assert!(
        text.contains("punch") && text.contains("view_other_timesheet"),
        "{text}"
    );
    for _ in 0..2 {
        let out = s.run(&["sync"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(
            err.contains("punch") && err.contains("view_other_timesheet"),
            "{err}"
        );
    }
    assert!(s.kimai.timesheets().is_empty());
    assert_eq!(s.kimai.request_count("POST /api/timesheets"), 0);
}

// ---------------------------------------------------------------- connector test

#[test]
fn connector_test_tells_the_servers_rules_in_words() {
    use syncd_sim::kimai::KimaiRole;
    let s = Scenario::new("UTC", "minute");
    let text = s.ok(&["connector", "test"]);
    for words in [
        "Kimai 2.42.0",
        "tracking mode: default",
        "overlapping: allowed",
        "future times: allowed",
        "rounding: not seen yet",
        "admin.time_accounting: granted",
        "ticket.agent: granted",
    ] {
        assert!(text.contains(words), "{words:?} missing:\n{text}");
    }
    s.kimai.set_timesheet_rules(rules(false, false, "default"));
    s.kimai.set_permissions(KimaiPermissions::default());
    s.zammad.set_global_list_enabled(false);
    let text = s.ok(&["connector", "test"]);
    for words in [
        "overlapping: not allowed",
        "future times: not allowed",
        "warn list users: Kimai does not let this token list users (permission view_user",
        "no global time accounting list",
    ] {
        assert!(text.contains(words), "{words:?} missing:\n{text}");
    }
    let shown: Value =
        serde_json::from_str(&s.ok(&["connector", "show", "timesheets", "--output", "json"]))
            .unwrap();
    assert_eq!(
        shown["settings"]["timesheet_rules"]["isAllowOverlapping"], false,
        "{shown}"
    );
    s.kimai
        .set_permissions(KimaiPermissions::of(KimaiRole::SuperAdmin));
    let text = s.ok(&["connector", "test", "timesheets"]);
    assert!(text.contains("list users: 1 users"), "{text}");
}
