//! Issue 12 §2: `syncd check [--full]` compares Zammad and Kimai without writing, for
//! monitoring: exit 0 in sync, 3 drift or open conflicts, 75 could not check; totals per
//! customer and month; the daemon's scheduled checks set `syncd_drifted_entries`.

use crate::daemon::{serve_with, wait_for};
use crate::scenario::Scenario;
use serde_json::Value;
use std::time::Duration;
use syncd_sim::FaultConfig;
use syncd_sim::kimai::HumanEdit;

fn check(s: &Scenario, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["check", "--output", "json"];
    args.extend_from_slice(extra);
    let out = s.run(&args);
    let code = out.status.code().unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!(
            "check {extra:?} exit {code}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (code, json)
}

fn writes(s: &Scenario) -> u64 {
    s.kimai
        .request_counts()
        .iter()
        .filter(|(k, _)| !k.starts_with("GET"))
        .map(|(_, n)| n)
        .sum()
}

fn runs(s: &Scenario) -> usize {
    let v: Value = serde_json::from_str(&s.ok(&["runs", "list", "--output", "json"])).unwrap();
    v.as_array().unwrap().len()
}

/// The totals row of a customer and month.
fn total<'a>(report: &'a Value, customer: &str, month: &str) -> &'a Value {
    report["totals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["customer"] == customer && t["month"] == month)
        .unwrap_or_else(|| panic!("no totals for {customer} {month}: {}", report["totals"]))
}

#[test]
fn check_exits_0_3_75_and_totals_each_customer_and_month() {
    let s = Scenario::new("Europe/Berlin", "minute");
    s.small_helpdesk();
    s.entry(101, "30.0", 1, 3, "2026-10-05T10:00:00.000Z");
    s.entry(101, "15.0", 2, 3, "2026-10-31T23:30:00.000Z"); // November in Berlin (UTC+1)
    let late = s.entry(101, "45.0", 1, 4, "2026-11-02T10:00:00.000Z");
    s.entry(102, "20.0", 1, 3, "2026-11-03T10:00:00.000Z");
    s.entry(103, "10.0", 2, 4, "2026-11-04T10:00:00.000Z");
    let window = ["--since", "2026-10-01"];

    // Nothing synced yet: every entry is drift, nothing is written or recorded.
    let (code, report) = check(&s, &window);
    assert_eq!(code, 3, "{report}");
    assert_eq!(report["in_sync"], false);
    assert_eq!(report["drifted_entries"], 5);
    let kinds: Vec<&str> = report["drift"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["create"; 5]);
    let acme_nov = total(&report, "Acme Corp", "2026-11");
    assert_eq!(acme_nov["not_synced"], 2);
    assert_eq!(acme_nov["not_synced_minutes"], 60);
    assert_eq!(writes(&s), 0);
    assert_eq!(runs(&s), 0);

    assert_eq!(s.sync(&[]).0, 0);
    let runs_after_sync = runs(&s);
    s.kimai.reset_counts();
    let (code, report) = check(&s, &window);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["in_sync"], true);
    assert_eq!(report["drifted_entries"], 0);
    for (customer, month, entries, minutes) in [
        ("Acme Corp", "2026-10", 1, 30),
        ("Acme Corp", "2026-11", 2, 60),
        ("Globex", "2026-11", 1, 20),
        ("Zammad (no organization)", "2026-11", 1, 10),
    ] {
        let t = total(&report, customer, month);
        assert_eq!(t["entries"], entries, "{customer} {month}");
        assert_eq!(t["zammad_minutes"], minutes, "{customer} {month}");
        assert_eq!(t["kimai_minutes"], minutes, "{customer} {month}");
        assert_eq!(t["difference"], 0);
        assert_eq!(t["not_synced"], 0);
    }
    let text = s.ok(&["check", "--since", "2026-10-01"]);
    assert!(text.starts_with("In sync"), "{text}");
    assert!(
        text.contains("Acme Corp") && text.contains("2026-11"),
        "{text}"
    );
    // --full compares every entry; still in sync.
    assert_eq!(check(&s, &["--full"]).0, 0);
    assert_eq!(writes(&s), 0, "a check wrote to Kimai");
    assert_eq!(runs(&s), runs_after_sync, "a check recorded a run");

    // A person moves an end in Kimai: drift, and November's Kimai minutes show it.
    let ts = s.timesheets_by_entry()[&late][0];
    let t = s.kimai.timesheet(ts).unwrap();
    // A second later on Kimai's clock: the edit is newer than the run's cursor.
    s.kimai.advance_clock(chrono::Duration::seconds(1));
    assert!(s.kimai.edit_timesheet_as_human(
        ts,
        HumanEdit {
            end_utc: Some(t.end_utc.unwrap() + chrono::Duration::minutes(15)),
            ..Default::default()
        }
    ));
    let (code, report) = check(&s, &window);
    assert_eq!(code, 3, "{report}");
    assert_eq!(report["drifted_entries"], 1);
    let d = &report["drift"][0];
    assert_eq!(d["kind"], "conflict");
    assert_eq!(d["reason"], "target-edited");
    assert_eq!(d["entry"], late);
    let acme_nov = total(&report, "Acme Corp", "2026-11");
    assert_eq!(acme_nov["kimai_minutes"], 75);
    assert_eq!(acme_nov["difference"], 15);
    let text =
        String::from_utf8_lossy(&s.run(&["check", "--since", "2026-10-01"]).stdout).to_string();
    assert!(text.starts_with("Drift: 1 entry"), "{text}");
    assert!(text.contains("target-edited"), "{text}");
    // Open conflicts count too, once the sync recorded it.
    assert_eq!(s.sync(&[]).0, 3);
    let (code, report) = check(&s, &window);
    assert_eq!(code, 3);
    assert_eq!(report["open_conflicts"]["target-edited"], 1);
    assert!(report["drift"][0]["conflict_id"].is_i64(), "{report}");

    // Kimai failing: could not check (75), in JSON too.
    s.kimai.set_faults(FaultConfig {
        error_rate: 1.0,
        error_status: 503,
        ..FaultConfig::default()
    });
    let out = s
        .command(&["check", "--output", "json"])
        .env("SYNCD_SYNC_RETRIES", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(75));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["checked"], false);
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot check"));
    s.kimai.set_faults(FaultConfig::default());
    // A bad flag is the caller's.
    assert_eq!(s.run(&["check", "--since", "soon"]).status.code(), Some(2));
}

fn metrics(url: &str) -> String {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        reqwest::get(format!("{url}/metrics"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    })
}

fn gauge(page: &str, name: &str) -> Option<i64> {
    page.lines()
        .find(|l| l.starts_with(&format!("{name} ")))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
}

#[test]
fn the_daemons_scheduled_checks_set_the_drift_gauge() {
    let s = Scenario::new("UTC", "minute");
    s.small_helpdesk();
    let now = chrono::Utc::now() - chrono::Duration::hours(1);
    let a = s.entry(101, "30.0", 1, 3, &now.to_rfc3339());
    s.entry(102, "20.0", 2, 4, &now.to_rfc3339());
    assert_eq!(s.sync(&[]).0, 0);
    let out = s.ok(&[
        "schedule",
        "set",
        "drift",
        "--cron",
        "* * * * * *",
        "--kind",
        "check",
    ]);
    assert!(out.contains("drift` saved: check"), "{out}");
    let d = serve_with(&s, &[("SYNCD_DAEMON_SCHEDULE_RELOAD_SECS", "1")], None);
    wait_for("a scheduled check", Duration::from_secs(20), || {
        gauge(&metrics(&d.url), "syncd_checks_total{outcome=\"in_sync\"}").is_some()
    });
    assert_eq!(gauge(&metrics(&d.url), "syncd_drifted_entries"), Some(0));
    // A new entry and a person's edit: two entries drift.
    s.entry(103, "10.0", 1, 3, &now.to_rfc3339());
    let ts = s.timesheets_by_entry()[&a][0];
    assert!(s.kimai.edit_timesheet_as_human(
        ts,
        HumanEdit {
            description: Some("changed by hand".into()),
            ..Default::default()
        }
    ));
    wait_for(
        "the gauge to show the drift",
        Duration::from_secs(20),
        || gauge(&metrics(&d.url), "syncd_drifted_entries") == Some(2),
    );
    // Checks are not runs, and write nothing.
    let runs: Value = serde_json::from_str(&s.ok(&["runs", "list", "--output", "json"])).unwrap();
    assert_eq!(runs.as_array().unwrap().len(), 1, "{runs}");
    assert_eq!(s.kimai.timesheets().len(), 2);
    s.ok(&["schedule", "disable", "drift"]);
}
