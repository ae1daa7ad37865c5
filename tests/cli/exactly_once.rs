//! Issue 8 sections 1-3 (and issue 9 point 2): exactly once when Kimai's answers are
//! ambiguous, when a paused sync loses its lease, and when Kimai holds two copies.
//! Every test drives the real binary against the simulators with short windows.

use crate::scenario::Scenario;
use crate::sync::bulk;
use chrono::{DateTime, Duration, DurationRound, Utc};
use serde_json::Value;
use std::process::{Output, Stdio};
use std::time::Duration as StdDuration;
use syncd_sim::faults::FaultConfig;
use syncd_sim::kimai::NewTimesheet;

/// Short windows for tests: a held write lands after `HOLD`, well before `SETTLE`.
const TIMEOUT: &str = "0.4";
const HOLD: StdDuration = StdDuration::from_millis(1000);
const SETTLE: &str = "3";

fn run_env(s: &Scenario, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut c = s.command(args);
    for (k, v) in env {
        c.env(k, v);
    }
    c.stdin(Stdio::null()).output().unwrap()
}

/// `sync --output json` with extra environment: exit code, report, stderr.
fn sync_env(s: &Scenario, env: &[(&str, &str)], extra: &[&str]) -> (i32, Value, String) {
    let mut args = vec!["sync", "--output", "json"];
    args.extend_from_slice(extra);
    let out = run_env(s, env, &args);
    (
        out.status.code().unwrap_or(-1),
        serde_json::from_slice(&out.stdout).unwrap_or(Value::Null),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Until the rows a report leaves unsettled may be settled (a little after).
fn wait_for_settle(report: &Value) {
    let at = report["unsettled"]["next_settle_at"]
        .as_str()
        .and_then(|t| t.parse::<DateTime<Utc>>().ok());
    let wait = at
        .map(|t| (t - Utc::now()).to_std().unwrap_or_default())
        .unwrap_or(StdDuration::from_millis(300));
    std::thread::sleep(wait.min(StdDuration::from_secs(10)) + StdDuration::from_millis(100));
}

/// Sync until exit 0 (or 3), waiting out settle windows; returns the last code and how
/// many runs reported creates waiting to settle.
fn sync_until_settled(s: &Scenario, env: &[(&str, &str)], tries: usize) -> (i32, usize) {
    let mut unsettled_runs = 0;
    for _ in 0..tries {
        let (code, report, stderr) = sync_env(s, env, &[]);
        match code {
            0 | 3 => return (code, unsettled_runs),
            75 => {
                if report["unsettled"]["count"].as_u64().unwrap_or(0) > 0 {
                    unsettled_runs += 1;
                }
                wait_for_settle(&report);
            }
            _ => panic!("unexpected exit {code}: {report}\n{stderr}"),
        }
    }
    panic!("sync did not finish in {tries} runs");
}

/// Every timesheet sits exactly where its Zammad entry says: end = created_at (to the
/// minute), begin = end − minutes.
fn assert_exact_instants(s: &Scenario) {
    let by_entry = s.timesheets_by_entry();
    for e in s.zammad.entries() {
        let minutes: i64 = e.time_unit.round().to_string().parse().unwrap();
        if minutes <= 0 {
            continue;
        }
        let t = s.kimai.timesheet(by_entry[&e.id][0]).unwrap();
        let end = e.created_at.duration_trunc(Duration::minutes(1)).unwrap();
        assert_eq!(t.end_utc, Some(end), "entry {}", e.id);
        assert_eq!(
            t.begin_utc,
            end - Duration::minutes(minutes),
            "entry {}",
            e.id
        );
    }
}

/// No two customers, projects or activities of the same name.
fn assert_references_once(s: &Scenario) {
    let mut names: Vec<String> = s
        .kimai
        .customers()
        .iter()
        .map(|c| format!("customer {}", c.name))
        .chain(
            s.kimai
                .projects()
                .iter()
                .map(|p| format!("project {}", p.name)),
        )
        .chain(
            s.kimai
                .activities()
                .iter()
                .map(|a| format!("activity {}", a.name)),
        )
        .collect();
    let all = names.len();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), all, "a reference was created twice: {names:?}");
}

// ------------------------------------------------------------- 1. ambiguous answers

#[test]
fn late_commits_and_proxy_errors_book_every_entry_once() {
    let s = Scenario::new("Europe/Berlin", "minute");
    bulk(&s, 160, 16);
    s.kimai.set_faults(FaultConfig {
        seed: 11,
        hold_rate: 0.08,
        hold: HOLD,
        gateway_error_rate: 0.04,
        html_ok_rate: 0.04,
        drop_rate: 0.02,
        ..FaultConfig::default()
    });
    let env = [
        ("SYNCD_SYNC_TIMEOUT_SECS", TIMEOUT),
        ("SYNCD_SYNC_SETTLE_SECS", SETTLE),
    ];
    let (code, unsettled_runs) = sync_until_settled(&s, &env, 25);
    assert_eq!(code, 0);
    assert!(
        unsettled_runs > 0,
        "some creates must have waited to settle"
    );
    let stats = s.kimai.faults().stats();
    assert!(
        stats.held > 0 && stats.gateway_errors > 0 && stats.html_ok > 0,
        "{stats:?}"
    );
    s.assert_exactly_once(1);
    assert_exact_instants(&s);
    assert_references_once(&s);
    // Once every held request has landed, still exactly one timesheet per entry.
    assert!(
        s.kimai
            .faults()
            .wait_for_held_writes(StdDuration::from_secs(10))
    );
    s.kimai.set_faults(FaultConfig::default());
    s.assert_exactly_once(1);
    assert_references_once(&s);
    let (code, report, _) = sync_env(&s, &env, &["--full"]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["counts"]["created"], 0);
}

#[test]
fn html_answer_after_a_committed_create_is_settled_not_rejected() {
    let s = Scenario::new("UTC", "minute");
    s.small_helpdesk();
    let entry = s.entry(101, "30.0", 1, 3, "2026-11-02T10:00:00.000Z");
    s.kimai.set_faults(FaultConfig {
        only: vec!["POST /api/timesheets".into()],
        html_ok_rate: 1.0,
        ..FaultConfig::default()
    });
    let env = [("SYNCD_SYNC_SETTLE_SECS", SETTLE)];
    let (code, report, _) = sync_env(&s, &env, &[]);
    assert_eq!(code, 75, "an unconfirmed create never exits 0: {report}");
    assert_eq!(report["unsettled"]["count"], 1, "{report}");
    assert_eq!(report["unsettled"]["timesheets"], 1, "{report}");
    assert!(
        report["unsettled"]["next_settle_at"].is_string(),
        "{report}"
    );
    // Human output says how many and when.
    let out = run_env(&s, &env, &["sync"]);
    assert_eq!(out.status.code(), Some(75));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("1 create") && text.contains("sync.settle_secs"),
        "{text}"
    );
    assert_eq!(
        s.kimai.request_count("POST /api/timesheets"),
        1,
        "not re-sent before it settles"
    );
    let list = s.ok(&["conflicts", "list", "--output", "json"]);
    assert!(!list.contains("target-rejected"), "{list}");
    wait_for_settle(&report);
    let (code, report, _) = sync_env(&s, &env, &[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["counts"]["linked"], 1, "{report}");
    assert_eq!(s.kimai.request_count("POST /api/timesheets"), 1);
    assert_eq!(s.timesheets_by_entry()[&entry].len(), 1);
}

#[test]
fn gateway_timeout_on_create_waits_for_the_settle_window() {
    let s = Scenario::new("UTC", "minute");
    s.small_helpdesk();
    s.entry(101, "30.0", 1, 3, "2026-11-02T10:00:00.000Z");
    s.entry(102, "15.0", 1, 4, "2026-11-02T11:00:00.000Z");
    s.kimai.set_faults(FaultConfig {
        only: vec!["POST /api/timesheets".into()],
        gateway_error_rate: 1.0,
        ..FaultConfig::default()
    });
    let long = [("SYNCD_SYNC_SETTLE_SECS", "3600")];
    let (code, report, _) = sync_env(&s, &long, &[]);
    assert_eq!(code, 75, "{report}");
    assert_eq!(report["unsettled"]["count"], 2, "{report}");
    let posts = s.kimai.request_count("POST /api/timesheets");
    assert_eq!(posts, 2, "one POST per entry, none repeated");
    // A second run within the window neither searches nor sends again.
    s.kimai.set_faults(FaultConfig::default());
    let (code, report, _) = sync_env(&s, &long, &[]);
    assert_eq!(code, 75, "{report}");
    assert_eq!(s.kimai.request_count("POST /api/timesheets"), posts);
    let settled_at = report["unsettled"]["next_settle_at"].as_str().unwrap();
    let at: DateTime<Utc> = settled_at.parse().unwrap();
    assert!(at > Utc::now() + Duration::minutes(50), "{report}");
    // Once the window has passed, the marker search links what Kimai stored.
    let (code, report, _) = sync_env(&s, &[("SYNCD_SYNC_SETTLE_SECS", "0")], &[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["counts"]["linked"], 2, "{report}");
    assert_eq!(s.kimai.request_count("POST /api/timesheets"), posts);
    s.assert_exactly_once(1);
}

#[test]
fn pending_creates_outside_a_runs_window_are_settled_too() {
    let s = Scenario::new("UTC", "minute");
    s.small_helpdesk();
    let early = s.entry(101, "30.0", 1, 3, "2026-11-02T10:00:00.000Z");
    let late = s.entry(102, "15.0", 1, 4, "2026-11-05T11:00:00.000Z");
    s.kimai.set_faults(FaultConfig {
        only: vec!["POST /api/timesheets".into()],
        gateway_error_rate: 1.0,
        ..FaultConfig::default()
    });
    let (code, report, _) = sync_env(&s, &[], &[]);
    assert_eq!(code, 75, "{report}");
    s.kimai.set_faults(FaultConfig::default());
    // A run limited to November 4th onwards still settles the earlier entry's create.
    let now = [("SYNCD_SYNC_SETTLE_SECS", "0")];
    let (code, report, _) = sync_env(&s, &now, &["--since", "2026-11-04"]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["counts"]["linked"], 2, "{report}");
    assert_eq!(s.kimai.request_count("POST /api/timesheets"), 2);
    assert_eq!(s.timesheets_by_entry()[&early].len(), 1);
    assert_eq!(s.timesheets_by_entry()[&late].len(), 1);
    // Settled with Zammad's values: a full run finds nothing to do.
    let (code, report, _) = sync_env(&s, &[], &["--full"]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["counts"]["unchanged"], 2, "{report}");
}

#[test]
fn a_create_refused_before_sending_is_retried_at_once() {
    let s = Scenario::new("UTC", "minute");
    s.small_helpdesk();
    s.entry(101, "30.0", 1, 3, "2026-11-02T10:00:00.000Z");
    // Kimai's own 5xx JSON is still ambiguous; a 429 is a refusal: retried in the run.
    s.kimai.set_faults(FaultConfig {
        only: vec!["POST /api/timesheets".into()],
        rate_limit_rate: 0.4,
        retry_after_secs: 0,
        seed: 5,
        ..FaultConfig::default()
    });
    let (code, report, _) = sync_env(&s, &[], &[]);
    assert_eq!(code, 0, "{report}");
    assert!(s.kimai.faults().stats().rate_limited > 0);
    s.assert_exactly_once(1);
}

#[test]
fn activity_create_answered_503_exits_75_and_is_not_sent_again_before_it_settles() {
    let s = Scenario::new("UTC", "minute");
    s.small_helpdesk();
    s.zammad.add_type(9, "Travel");
    s.entry(101, "30.0", 9, 3, "2026-11-02T10:00:00.000Z");
    s.kimai.set_faults(FaultConfig {
        only: vec!["POST /api/activities".into()],
        error_rate: 1.0,
        error_status: 503,
        ..FaultConfig::default()
    });
    let auto = ("SYNCD_SYNC_AUTO_CREATE_ACTIVITIES", "true");
    let (code, report, stderr) = sync_env(&s, &[auto, ("SYNCD_SYNC_SETTLE_SECS", "3600")], &[]);
    assert_eq!(code, 75, "{report}\n{stderr}");
    assert_eq!(report["unsettled"]["references"], 1, "{report}");
    let posts = s.kimai.request_count("POST /api/activities");
    s.kimai.set_faults(FaultConfig::default());
    let (code, _, _) = sync_env(&s, &[auto, ("SYNCD_SYNC_SETTLE_SECS", "3600")], &[]);
    assert_eq!(code, 75);
    assert_eq!(s.kimai.request_count("POST /api/activities"), posts);
    let (code, report, _) = sync_env(&s, &[auto, ("SYNCD_SYNC_SETTLE_SECS", "0")], &[]);
    assert_eq!(code, 0, "{report}");
    let travel: Vec<_> = s
        .kimai
        .activities()
        .into_iter()
        .filter(|a| a.name == "Travel")
        .collect();
    assert_eq!(travel.len(), 1);
    s.assert_exactly_once(1);
}

#[test]
fn customer_committed_behind_a_gateway_error_is_found_not_created_again() {
    let s = Scenario::new("UTC", "minute");
    s.small_helpdesk();
    s.entry(101, "30.0", 1, 3, "2026-11-02T10:00:00.000Z");
    s.kimai.set_faults(FaultConfig {
        only: vec!["POST /api/customers".into(), "POST /api/projects".into()],
        gateway_error_rate: 1.0,
        ..FaultConfig::default()
    });
    let env = [("SYNCD_SYNC_SETTLE_SECS", "1")];
    let (code, report, _) = sync_env(&s, &env, &[]);
    assert_eq!(code, 75, "{report}");
    assert_eq!(s.kimai.customers().len(), 1, "the customer was committed");
    let (code, _) = sync_until_settled(&s, &env, 8);
    assert_eq!(code, 0);
    assert_eq!(s.kimai.request_count("POST /api/customers"), 1);
    assert_eq!(s.kimai.request_count("POST /api/projects"), 1);
    assert_eq!(s.kimai.customers().len(), 1);
    assert_eq!(s.kimai.projects().len(), 1);
    s.assert_exactly_once(1);
}

// ------------------------------------------------------------- the sync tag (issue 9.2)

#[test]
fn the_sync_tag_matches_existing_tags_in_any_case_even_hidden_ones() {
    for (existing, visible) in [("Zammad", true), ("zammad", false), ("ZAMMAD", false)] {
        let s = Scenario::new("UTC", "minute");
        s.small_helpdesk();
        s.kimai.add_tag_with(existing, visible);
        let entry = s.entry(101, "30.0", 1, 3, "2026-11-02T10:00:00.000Z");
        let (code, report, stderr) = sync_env(&s, &[], &[]);
        assert_eq!(
            code, 0,
            "existing tag {existing} (visible {visible}): {report}\n{stderr}"
        );
        assert_eq!(s.kimai.tags().len(), 1, "no second tag");
        let t = s
            .kimai
            .timesheet(s.timesheets_by_entry()[&entry][0])
            .unwrap();
        assert_eq!(t.tags, vec![existing.to_string()]);
    }
}

#[test]
fn a_tag_kimai_refuses_never_aborts_the_run() {
    let s = Scenario::new("UTC", "minute");
    s.small_helpdesk();
    s.entry(101, "30.0", 1, 3, "2026-11-02T10:00:00.000Z");
    s.kimai.set_faults(FaultConfig {
        only: vec!["POST /api/tags".into()],
        error_rate: 1.0,
        ..FaultConfig::default()
    });
    let (code, report, _) = sync_env(&s, &[("SYNCD_SYNC_SETTLE_SECS", "0")], &[]);
    assert_ne!(code, 1, "{report}");
    s.assert_exactly_once(1);
}

// ------------------------------------------------------------- 2. the lease is a fence

/// SIGSTOP `pid` at a moment it does not hold the store's write lock. (Frozen inside a
/// write, it keeps every other process out until it resumes; they exit 75 "store locked".)
fn stop_outside_a_write(pid: i32, db: &std::path::Path) {
    let probe = rusqlite::Connection::open(db).unwrap();
    probe.busy_timeout(StdDuration::ZERO).unwrap();
    for _ in 0..200 {
        unsafe { libc::kill(pid, libc::SIGSTOP) };
        std::thread::sleep(StdDuration::from_millis(10));
        if probe.execute_batch("BEGIN IMMEDIATE; ROLLBACK;").is_ok() {
            return;
        }
        unsafe { libc::kill(pid, libc::SIGCONT) };
        std::thread::sleep(StdDuration::from_millis(3));
    }
    panic!("the sync never paused outside a store write");
}

#[test]
fn a_sync_paused_past_its_lease_stops_and_nothing_is_booked_twice() {
    let s = Scenario::new("UTC", "minute");
    bulk(&s, 120, 12);
    s.kimai.set_faults(FaultConfig {
        latency: StdDuration::from_millis(15),
        ..FaultConfig::default()
    });
    let env = [("SYNCD_LEASE_SECS", "1"), ("SYNCD_SYNC_SETTLE_SECS", "2")];
    let mut first = s.command(&["sync"]);
    for (k, v) in env {
        first.env(k, v);
    }
    let first = first
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Freeze it in the middle of its creates.
    let start = std::time::Instant::now();
    while s.kimai.request_count("POST /api/timesheets") < 10 {
        assert!(
            start.elapsed() < StdDuration::from_secs(30),
            "first sync never wrote"
        );
        std::thread::sleep(StdDuration::from_millis(5));
    }
    stop_outside_a_write(first.id() as i32, &s.db());
    std::thread::sleep(StdDuration::from_millis(1600));
    let (code, report, stderr) = sync_env(&s, &env, &[]);
    assert!(
        code == 0 || code == 75,
        "second sync: {code} {report}\n{stderr}"
    );
    unsafe { libc::kill(first.id() as i32, libc::SIGCONT) };
    let out = first.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(75), "the paused sync: {stderr}");
    assert!(stderr.contains("lease"), "{stderr}");
    s.kimai.set_faults(FaultConfig::default());
    let (code, _) = sync_until_settled(&s, &env, 10);
    assert_eq!(code, 0);
    s.assert_exactly_once(1);
    assert_exact_instants(&s);
}

// ------------------------------------------------------------- 3. duplicates are found

/// A second timesheet with the same marker, as a double POST leaves it.
pub(crate) fn double_post(s: &Scenario, entry: i64) -> i64 {
    let t = s
        .kimai
        .timesheet(s.timesheets_by_entry()[&entry][0])
        .unwrap();
    s.kimai.add_timesheet_as_human(NewTimesheet {
        user: t.user,
        project: t.project,
        activity: t.activity,
        begin_utc: t.begin_utc,
        end_utc: t.end_utc.unwrap(),
        description: t.description.clone(),
        tags: t.tags.clone(),
    })
}

#[test]
fn a_full_sync_finds_a_double_post_and_delete_kimai_keeps_the_linked_one() {
    let s = Scenario::new("UTC", "minute");
    s.small_helpdesk();
    let a = s.entry(101, "30.0", 1, 3, "2026-11-02T10:00:00.000Z");
    let b = s.entry(102, "20.0", 2, 4, "2026-11-02T12:00:00.000Z");
    assert_eq!(sync_env(&s, &[], &[]).0, 0);
    let linked = s.timesheets_by_entry()[&a][0];
    let copy = double_post(&s, a);
    let (code, report, _) = sync_env(&s, &[], &["--full"]);
    assert_eq!(
        code, 3,
        "a double POST is a conflict, not `unchanged`: {report}"
    );
    let rows: Value =
        serde_json::from_str(&s.ok(&["conflicts", "list", "--output", "json"])).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    let c = &rows[0];
    assert_eq!(c["reason"], "duplicate-marker");
    assert_eq!(c["zammad_entry_id"], a);
    let detail = c["detail"].as_str().unwrap();
    assert!(
        detail.contains(&linked.to_string()) && detail.contains(&copy.to_string()),
        "{detail}"
    );
    let id = c["id"].as_i64().unwrap().to_string();
    let out = s.run(&[
        "conflicts",
        "resolve",
        &id,
        "--action",
        "keep-kimai",
        "--output",
        "json",
    ]);
    assert_ne!(out.status.code(), Some(0), "keep-kimai is not offered");
    s.ok(&["conflicts", "resolve", &id, "--action", "delete-kimai"]);
    assert_eq!(s.timesheets_by_entry()[&a], vec![linked]);
    assert!(s.kimai.timesheet(copy).is_none());
    let (code, report, _) = sync_env(&s, &[], &["--full"]);
    assert_eq!(code, 0, "{report}");
    // `ignore` leaves both copies and stops asking.
    let copy_b = double_post(&s, b);
    assert_eq!(sync_env(&s, &[], &["--full"]).0, 3);
    let rows: Value =
        serde_json::from_str(&s.ok(&["conflicts", "list", "--output", "json"])).unwrap();
    let id = rows[0]["id"].as_i64().unwrap().to_string();
    s.ok(&["conflicts", "resolve", &id, "--action", "ignore"]);
    assert_eq!(sync_env(&s, &[], &["--full"]).0, 0);
    assert!(s.kimai.timesheet(copy_b).is_some());
}

#[test]
fn delete_extra_removes_copies_itself_and_reports_each() {
    let s = Scenario::new("UTC", "minute");
    s.small_helpdesk();
    let a = s.entry(101, "30.0", 1, 3, "2026-11-02T10:00:00.000Z");
    assert_eq!(sync_env(&s, &[], &[]).0, 0);
    let linked = s.timesheets_by_entry()[&a][0];
    let copies = [double_post(&s, a), double_post(&s, a)];
    let env = [("SYNCD_SYNC_DUPLICATES", "delete-extra")];
    let (code, report, _) = sync_env(&s, &env, &["--full"]);
    assert_eq!(code, 0, "{report}");
    let removed = report["duplicates_removed"].as_array().unwrap();
    assert_eq!(removed.len(), 2, "{report}");
    for (r, copy) in removed.iter().zip(copies) {
        assert_eq!(r["entry"], a);
        assert_eq!(r["kept"], linked);
        assert_eq!(r["removed"], copy);
    }
    assert_eq!(s.timesheets_by_entry()[&a], vec![linked]);
    let out = run_env(&s, &env, &["sync", "--full"]);
    assert_eq!(out.status.code(), Some(0));
    // Human output names each removal.
    double_post(&s, a);
    let out = run_env(&s, &env, &["sync", "--full"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("removed duplicate timesheet"), "{text}");
}
