//! Guards that think: the unit sanity guard before a first sync and after a unit change.

use crate::scenario::Scenario;

const HOURS: [&str; 3] = ["1.5", "2.0", "0.5"];

fn hour_valued(s: &Scenario) {
    s.small_helpdesk();
    for (i, v) in HOURS.iter().enumerate() {
        s.entry(
            101 + i as i64 % 2,
            v,
            1,
            3,
            &format!("2026-11-02T1{i}:00:00.000Z"),
        );
    }
}

fn ledger_rows(s: &Scenario) -> i64 {
    rusqlite::Connection::open(s.db())
        .unwrap()
        .query_row("SELECT count(*) FROM ledger", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn the_unit_guard_refuses_minutes_for_hour_valued_entries_and_names_hour() {
    let s = Scenario::new("UTC", "minute");
    hour_valued(&s);
    for dry in [true, false] {
        let args: &[&str] = if dry {
            &["sync", "--dry-run"]
        } else {
            &["sync"]
        };
        let out = s.run(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("median of 3 entries) is time_unit 1.5, which would book 1.5 minutes"),
            "{err}"
        );
        assert!(err.contains("They look like hours (`hour`"), "{err}");
        assert!(
            err.contains("syncd connector edit helpdesk --time-unit hour"),
            "{err}"
        );
    }
    assert!(s.kimai.timesheets().is_empty(), "nothing written to Kimai");
    assert_eq!(s.kimai.customers().len(), 0);
    assert_eq!(ledger_rows(&s), 0);

    // --force: the admin says minutes are right.
    let (code, report) = s.sync(&["--force"]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["counts"]["created"], 3);
    // The ledger has rows now: later runs are not guarded.
    s.entry(101, "0.25", 1, 3, "2026-11-02T15:00:00.000Z");
    assert_eq!(s.sync(&[]).0, 0);
}

#[test]
fn the_right_unit_passes_and_a_changed_unit_is_checked_again() {
    let s = Scenario::new("UTC", "hour");
    hour_valued(&s);
    assert_eq!(s.sync(&[]).0, 0);
    s.assert_exactly_once(60);

    // At the edit: Zammad's newest entries contradict `minute`; nothing changes.
    let out = s.run(&["connector", "edit", "helpdesk", "--time-unit", "minute"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("--time-unit hour"), "{err}");
    let shown = s.ok(&["connector", "show", "helpdesk", "--output", "json"]);
    assert!(shown.contains("\"time_unit\": \"hour\""), "{shown}");

    // Zammad before 6.2 cannot list its newest entries: the next sync checks instead.
    s.zammad.set_global_list_enabled(false);
    let out = s.run(&["connector", "edit", "helpdesk", "--time-unit", "minute"]);
    assert_eq!(out.status.code(), Some(0));
    let note = String::from_utf8_lossy(&out.stderr);
    assert!(note.contains("the next sync checks the unit"), "{note}");
    let before: Vec<i64> = s
        .kimai
        .timesheets()
        .iter()
        .map(|t| t.duration_secs)
        .collect();
    let out = s.run(&["sync", "--full"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("--time-unit hour"), "{err}");
    let after: Vec<i64> = s
        .kimai
        .timesheets()
        .iter()
        .map(|t| t.duration_secs)
        .collect();
    assert_eq!(before, after, "nothing rewritten");

    // Back to hours, forced past the edit-time check: the pending check is cleared.
    s.zammad.set_global_list_enabled(true);
    s.ok(&[
        "connector",
        "edit",
        "helpdesk",
        "--time-unit",
        "hour",
        "--force",
    ]);
    assert_eq!(s.sync(&["--full"]).0, 0);
    s.assert_exactly_once(60);
}

#[test]
fn a_first_sync_too_small_to_judge_leaves_the_check_for_the_next() {
    let s = Scenario::new("UTC", "minute");
    s.small_helpdesk();
    // A webhook's first sync of one ticket: one entry says nothing about the unit.
    s.entry(101, "2.0", 1, 3, "2026-11-02T10:00:00.000Z");
    assert_eq!(s.sync(&[]).0, 0);
    for (i, v) in HOURS.iter().enumerate() {
        s.entry(102, v, 1, 3, &format!("2026-11-02T1{}:00:00.000Z", i + 2));
    }
    let out = s.run(&["sync"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("--time-unit hour"), "{err}");
    assert_eq!(s.kimai.timesheets().len(), 1);
}
