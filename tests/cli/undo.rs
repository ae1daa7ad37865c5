//! Issue 12 §3: `syncd runs undo RUN [--dry-run] [--resync]` takes a run back exactly,
//! only where Kimai still holds what it wrote, and the ledger follows.

use crate::scenario::Scenario;
use serde_json::Value;
use syncd_sim::kimai::HumanEdit;
use syncd_sim::zammad::EntryChange;

const AT: &str = "2026-11-02T10:00:00.000Z";

fn writes(s: &Scenario) -> u64 {
    s.kimai
        .request_counts()
        .iter()
        .filter(|(k, _)| !k.starts_with("GET"))
        .map(|(_, n)| n)
        .sum()
}

fn ts_of(s: &Scenario, entry: i64) -> i64 {
    let all = s
        .timesheets_by_entry()
        .get(&entry)
        .cloned()
        .unwrap_or_default();
    assert_eq!(all.len(), 1, "entry {entry} has timesheets {all:?}");
    all[0]
}

/// What undo must restore exactly.
fn shape(s: &Scenario, ts: i64) -> (String, String, i64, i64, String) {
    let t = s.kimai.timesheet(ts).unwrap();
    (
        t.begin_utc.to_rfc3339(),
        t.end_utc.unwrap().to_rfc3339(),
        t.project,
        t.activity,
        t.description.unwrap_or_default(),
    )
}

/// `runs undo ARGS --output json`: exit code and report.
fn undo(s: &Scenario, args: &[&str]) -> (i32, Value) {
    let mut a = vec!["runs", "undo"];
    a.extend_from_slice(args);
    a.extend_from_slice(&["--output", "json"]);
    let out = s.run(&a);
    let code = out.status.code().unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!(
            "runs undo {args:?} exit {code}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (code, json)
}

fn change(s: &Scenario, entry: i64, unit: &str) {
    assert!(s.zammad.update_entry(
        entry,
        EntryChange {
            time_unit: Some(unit.into()),
            ..Default::default()
        },
    ));
}

fn open_conflicts(s: &Scenario) -> Vec<Value> {
    let v: Value = serde_json::from_str(&s.ok(&["conflicts", "list", "--output", "json"])).unwrap();
    v.as_array().unwrap().clone()
}

#[test]
fn undo_restores_updates_exactly_and_leaves_edited_records_as_conflicts() {
    let s = Scenario::new("Europe/Berlin", "minute");
    s.small_helpdesk();
    let a = s.entry(101, "30.0", 1, 3, AT);
    let b = s.entry(102, "20.0", 2, 4, "2026-11-02T12:00:00.000Z");
    let (code, _) = s.sync(&[]);
    assert_eq!(code, 0);
    let (ta, tb) = (ts_of(&s, a), ts_of(&s, b));
    let (a_before, b_before) = (shape(&s, ta), shape(&s, tb));
    // The agent changes the type too: undo must bring the activity back.
    assert!(s.zammad.update_entry(
        a,
        EntryChange {
            time_unit: Some("45.0".into()),
            type_id: Some(Some(2)),
            ..Default::default()
        },
    ));
    change(&s, b, "25.0");
    let (code, report) = s.sync(&[]);
    assert_eq!((code, report["counts"]["updated"].as_u64()), (0, Some(2)));
    let run = report["run_id"].as_str().unwrap().to_string();
    assert_ne!(shape(&s, ta), a_before);
    // A person edits b's timesheet after the run.
    assert!(s.kimai.edit_timesheet_as_human(
        tb,
        HumanEdit {
            description: Some("checked by Ann".into()),
            ..Default::default()
        }
    ));
    let b_edited = shape(&s, tb);

    s.kimai.reset_counts();
    let (code, dry) = undo(&s, &[&run[..24], "--dry-run"]);
    assert_eq!(code, 3, "{dry}");
    assert_eq!(dry["dry_run"], true);
    assert_eq!(dry["counts"]["restored"], 1);
    assert_eq!(dry["counts"]["conflicts"], 1);
    assert_eq!(writes(&s), 0, "a dry run wrote to Kimai");
    assert!(
        open_conflicts(&s).is_empty(),
        "a dry run recorded a conflict"
    );

    let (code, done) = undo(&s, &[&run]);
    assert_eq!(code, 3, "{done}");
    let undo_run = done["undo_run"].as_str().unwrap().to_string();
    let by_entry = |e: i64| {
        done["changes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["entry"] == e)
            .unwrap()
            .clone()
    };
    assert_eq!(by_entry(a)["outcome"], "restored");
    assert_eq!(by_entry(b)["outcome"], "conflict");
    assert_eq!(by_entry(b)["reason"], "target-edited");
    assert_eq!(
        shape(&s, ta),
        a_before,
        "begin/end/project/activity/description"
    );
    assert_eq!(shape(&s, tb), b_edited, "a person's edit is left as it is");
    assert_ne!(b_edited, b_before);
    let conflicts = open_conflicts(&s);
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0]["reason"], "target-edited");
    assert_eq!(conflicts[0]["kimai_timesheet_id"], tb);

    // The next sync does not re-apply the undone update.
    s.kimai.reset_counts();
    let (_, report) = s.sync(&[]);
    assert_eq!(report["counts"]["updated"], 0, "{report}");
    assert_eq!(shape(&s, ta), a_before);
    assert_eq!(s.kimai.request_count("PATCH /api/timesheets/{id}"), 0);

    // Recorded as a run and audited.
    let shown: Value =
        serde_json::from_str(&s.ok(&["runs", "show", &undo_run, "--output", "json"])).unwrap();
    assert_eq!(shown["scope"], format!("undo {run}"));
    assert_eq!(shown["counts"]["updated"], 1);
    let audit: Value = serde_json::from_str(&s.ok(&[
        "audit",
        "list",
        "--action",
        "sync.undo",
        "--output",
        "json",
    ]))
    .unwrap();
    assert_eq!(audit.as_array().unwrap().len(), 1, "{audit}");
    assert_eq!(audit[0]["details"]["undo_of"], run);
}

#[test]
fn undo_resync_then_sync_books_each_entry_exactly_once_and_twice_is_a_no_op() {
    let s = Scenario::new("UTC", "minute");
    s.small_helpdesk();
    for (i, t) in [101, 102, 103].iter().enumerate() {
        s.entry(
            *t,
            "30.0",
            1,
            3,
            &format!("2026-11-0{}T10:00:00.000Z", i + 2),
        );
    }
    let (code, report) = s.sync(&[]);
    assert_eq!(code, 0);
    let run = report["run_id"].as_str().unwrap().to_string();
    let (code, done) = undo(&s, &[&run, "--resync"]);
    assert_eq!(code, 0, "{done}");
    assert_eq!(done["counts"]["deleted"], 3);
    assert!(s.kimai.timesheets().is_empty());

    s.kimai.reset_counts();
    let (code, again) = undo(&s, &[&run]);
    assert_eq!(code, 0);
    let why = again["nothing"].as_str().unwrap();
    assert!(why.contains("was undone already by run"), "{why}");
    assert_eq!(writes(&s), 0);
    let out = s.ok(&["runs", "undo", &run]);
    assert!(out.contains("was undone already"), "{out}");

    let (code, report) = s.sync(&[]);
    assert_eq!(
        (code, report["counts"]["created"].as_u64()),
        (0, Some(3)),
        "{report}"
    );
    s.assert_exactly_once(1);
    let (_, report) = s.sync(&["--full"]);
    assert_eq!(report["counts"]["created"], 0);
    s.assert_exactly_once(1);
}

#[test]
fn undone_entries_are_held_until_released() {
    let s = Scenario::new("UTC", "minute");
    s.small_helpdesk();
    s.entry(101, "30.0", 1, 3, AT);
    s.entry(102, "15.0", 2, 4, AT);
    let (_, report) = s.sync(&[]);
    let run = report["run_id"].as_str().unwrap().to_string();
    let (code, done) = undo(&s, &[&run]);
    assert_eq!(code, 0, "{done}");
    assert_eq!(done["counts"]["deleted"], 2);
    // Held: neither an incremental nor a full sync books them again.
    for args in [&[][..], &["--full"][..]] {
        let (code, report) = s.sync(args);
        assert_eq!((code, report["counts"]["created"].as_u64()), (0, Some(0)));
    }
    assert!(s.kimai.timesheets().is_empty());
    // Released later: the next sync books each once.
    let (code, released) = undo(&s, &[&run, "--resync"]);
    assert_eq!(code, 0, "{released}");
    assert_eq!(released["counts"]["released"], 2);
    let (_, report) = s.sync(&[]);
    assert_eq!(report["counts"]["created"], 2, "{report}");
    s.assert_exactly_once(1);
}

#[test]
fn undo_of_a_deletion_recreates_the_timesheet_as_it_was() {
    let s = Scenario::new("UTC", "minute");
    s.set_sync_setting("source_deleted", "delete");
    s.small_helpdesk();
    let a = s.entry(101, "30.0", 1, 3, AT);
    s.entry(102, "15.0", 2, 4, AT);
    assert_eq!(s.sync(&[]).0, 0);
    let before = shape(&s, ts_of(&s, a));
    assert!(s.zammad.delete_entry(a));
    let (code, report) = s.sync(&["--full"]);
    assert_eq!((code, report["counts"]["deleted"].as_u64()), (0, Some(1)));
    let run = report["run_id"].as_str().unwrap().to_string();
    let (code, done) = undo(&s, &[&run]);
    assert_eq!(code, 0, "{done}");
    assert_eq!(done["counts"]["recreated"], 1);
    let again = ts_of(&s, a);
    assert_eq!(shape(&s, again), before);
    // Held: the next full sync does not delete it again.
    let (_, report) = s.sync(&["--full"]);
    assert_eq!(report["counts"]["deleted"], 0, "{report}");
    assert!(s.kimai.timesheet(again).is_some());
}

#[test]
fn undo_names_unknown_runs_and_runs_that_wrote_nothing() {
    let s = Scenario::new("UTC", "minute");
    let out = s.run(&["runs", "undo", "0000"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no run with id `0000`"));
    s.small_helpdesk();
    let (_, report) = s.sync(&[]);
    let run = report["run_id"].as_str().unwrap();
    let out = s.ok(&["runs", "undo", run]);
    assert!(out.contains("wrote nothing to Kimai"), "{out}");
}
