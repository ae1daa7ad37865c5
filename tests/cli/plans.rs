//! Issue 12 §1: plan files. `sync --plan-out` writes a plan and changes nothing, `plan show`
//! prints it as the dry run does, `apply` writes exactly it, or refuses (exit 2) naming
//! what moved; the confirmation prompt applies the plan it showed.

use crate::scenario::Scenario;
use serde_json::Value;
use std::os::unix::fs::PermissionsExt;
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

fn runs(s: &Scenario) -> usize {
    let v: Value = serde_json::from_str(&s.ok(&["runs", "list", "--output", "json"])).unwrap();
    v.as_array().unwrap().len()
}

/// `sync --plan-out FILE`, returning the exit code and the plan path.
fn plan_out(s: &Scenario, extra: &[&str]) -> (i32, String) {
    let file = s.path("plan.json").display().to_string();
    let mut args = vec!["sync", "--plan-out", &file];
    args.extend_from_slice(extra);
    let out = s.run(&args);
    (out.status.code().unwrap(), file)
}

fn apply(s: &Scenario, file: &str) -> (i32, String, String) {
    let out = s.run(&["apply", file, "--output", "json"]);
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
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

#[test]
fn a_plan_applied_unchanged_writes_exactly_what_plan_show_printed() {
    let s = Scenario::new("Europe/Berlin", "minute");
    s.small_helpdesk();
    let entries = [
        s.entry(101, "30.0", 1, 3, AT),
        s.entry(102, "45.0", 2, 4, "2026-11-02T12:00:00.000Z"),
        s.entry(103, "15.0", 1, 3, "2026-11-03T09:00:00.000Z"),
    ];
    s.kimai.reset_counts();
    let (code, file) = plan_out(&s, &[]);
    assert_eq!(code, 0);
    assert_eq!(writes(&s), 0, "--plan-out wrote to Kimai");
    assert!(s.kimai.timesheets().is_empty());
    assert_eq!(runs(&s), 0, "--plan-out recorded a run");
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "the plan holds names and emails");
    let text = std::fs::read_to_string(&file).unwrap();
    let raw: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(raw["format"], "syncd-plan");
    assert_eq!(raw["version"], 1);
    assert_eq!(raw["inputs"]["entries"].as_array().unwrap().len(), 3);

    let shown = s.ok(&["plan", "show", &file]);
    assert!(shown.contains("Applying it would:"), "{shown}");
    assert!(shown.contains("create"), "{shown}");
    let shown: Value =
        serde_json::from_str(&s.ok(&["plan", "show", &file, "--output", "json"])).unwrap();
    assert_eq!(shown["dry_run"], true);
    assert_eq!(shown["would_exit"], 0);
    let items = shown["plan"]["items"].as_array().unwrap().clone();
    assert_eq!(items.len(), 3);

    s.zammad.reset_counts();
    let (code, out, err) = apply(&s, &file);
    assert_eq!(code, 0, "{out}\n{err}");
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["counts"]["created"], 3);
    // Only the named tickets were read again, not the global list.
    assert_eq!(s.zammad.request_count("GET /api/v1/time_accountings"), 0);
    assert_eq!(
        s.zammad
            .request_count("GET /api/v1/tickets/{id}/time_accountings"),
        3
    );

    // Exactly what was shown: times, activity, project, description.
    let projects = s.kimai.projects();
    for item in &items {
        let entry = item["entry"].as_i64().unwrap();
        assert!(entries.contains(&entry));
        let d = &item["desired"];
        let t = s.kimai.timesheet(ts_of(&s, entry)).unwrap();
        assert_eq!(
            t.begin_utc.to_rfc3339(),
            fixed(&d["begin"]),
            "entry {entry}"
        );
        assert_eq!(t.end_utc.unwrap().to_rfc3339(), fixed(&d["end"]));
        assert_eq!(t.activity, d["activity"]["existing"].as_i64().unwrap());
        assert_eq!(t.description.as_deref(), d["description"].as_str());
        let project = match d["project"].get("existing") {
            Some(id) => id.as_i64().unwrap(),
            None => {
                let idx = d["project"]["new"].as_u64().unwrap() as usize;
                let name = shown["plan"]["new_projects"][idx]["name"].as_str().unwrap();
                projects.iter().find(|p| p.name == name).unwrap().id
            }
        };
        assert_eq!(t.project, project);
    }
    s.assert_exactly_once(1);
    // Applied once: a second apply of the same file is refused (its entries are synced now).
    let (code, _, err) = apply(&s, &file);
    assert_eq!(code, 2, "{err}");
    let (code, report) = s.sync(&[]);
    assert_eq!((code, report["counts"]["created"].as_u64()), (0, Some(0)));
}

/// RFC 3339 with `+00:00`, as chrono prints it.
fn fixed(v: &Value) -> String {
    v.as_str()
        .unwrap()
        .parse::<chrono::DateTime<chrono::Utc>>()
        .unwrap()
        .to_rfc3339()
}

#[test]
fn a_plan_is_refused_when_what_it_depends_on_moved() {
    let s = Scenario::new("UTC", "minute");
    s.small_helpdesk();
    let a = s.entry(101, "30.0", 1, 3, AT);
    let b = s.entry(102, "20.0", 2, 4, "2026-11-02T12:00:00.000Z");
    assert_eq!(s.sync(&[]).0, 0);
    let change = |entry: i64, unit: &str| {
        assert!(s.zammad.update_entry(
            entry,
            EntryChange {
                time_unit: Some(unit.into()),
                ..Default::default()
            },
        ))
    };
    let refused = |file: &str, what: &str| {
        let runs_before = runs(&s);
        s.kimai.reset_counts();
        let (code, out, err) = apply(&s, file);
        assert_eq!(code, 2, "{out}\n{err}");
        assert!(err.contains(what), "stderr lacks {what:?}:\n{err}");
        assert!(err.contains("Nothing was applied"), "{err}");
        assert_eq!(writes(&s), 0, "a refused plan wrote to Kimai");
        assert_eq!(runs(&s), runs_before, "a refused plan recorded a run");
    };

    // 1. The Zammad entry was edited again after the plan.
    change(a, "40.0");
    let (code, file) = plan_out(&s, &[]);
    assert_eq!(code, 0);
    change(a, "50.0");
    refused(&file, &format!("Zammad entry {a} (ticket #"));

    // 2. The Kimai timesheet the plan updates was edited by a person.
    let (_, file) = plan_out(&s, &[]);
    let ta = ts_of(&s, a);
    assert!(s.kimai.edit_timesheet_as_human(
        ta,
        HumanEdit {
            description: Some("edited by hand".into()),
            ..Default::default()
        }
    ));
    refused(&file, &format!("Kimai timesheet {ta} was edited"));
    // (Put it back as syncd wrote it: a fresh plan sees Zammad's change only.)
    let fresh = s.sync(&[]);
    assert_eq!(fresh.0, 3, "the edit is a conflict now: {}", fresh.1);
    let id = fresh.1["open_conflicts"].clone();
    assert!(id.get("both-changed").is_some(), "{id}");
    let list: Value =
        serde_json::from_str(&s.ok(&["conflicts", "list", "--output", "json"])).unwrap();
    let cid = list[0]["id"].as_i64().unwrap().to_string();
    s.ok(&["conflicts", "resolve", &cid, "--action", "take-zammad"]);
    // 3. A mapping the plan's entry uses changed.
    change(b, "25.0");
    let (_, file) = plan_out(&s, &[]);
    let dev = s.kimai.add_activity("Development (new)", None).to_string();
    s.ok(&[
        "mapping", "add", "activity", "--source", "2", "--target", &dev,
    ]);
    let was = s
        .kimai
        .activities()
        .iter()
        .find(|a| a.name == "Development")
        .unwrap()
        .id;
    refused(
        &file,
        &format!("mapping activity `2` changed: Kimai {was} → Kimai {dev}"),
    );
    s.ok(&["mapping", "remove", "activity", "--source", "2"]);

    // 4. Another run applied the plan's entry since.
    let (_, file) = plan_out(&s, &[]);
    let (code, report) = s.sync(&[]);
    assert_eq!((code, report["counts"]["updated"].as_u64()), (0, Some(1)));
    let run_id = report["run_id"].as_str().unwrap().to_string();
    let runs_before = runs(&s);
    s.kimai.reset_counts();
    let (code, _, err) = apply(&s, &file);
    assert_eq!(code, 2);
    assert!(
        err.contains(&format!("Zammad entry {b}: run {run_id} wrote it since")),
        "{err}"
    );
    assert_eq!(writes(&s), 0);
    assert_eq!(runs(&s), runs_before);

    // A setting that shapes plans changed.
    change(b, "35.0");
    let (_, file) = plan_out(&s, &[]);
    s.set_sync_setting("tag", "helpdesk");
    refused(&file, "setting sync.tag changed: zammad → helpdesk");
    s.set_sync_setting("tag", "zammad");

    // And a plan nothing moved under applies.
    let (_, file) = plan_out(&s, &[]);
    let (code, out, err) = apply(&s, &file);
    assert_eq!(code, 0, "{out}\n{err}");
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["counts"]["updated"], 1);
    let t = s.kimai.timesheet(ts_of(&s, b)).unwrap();
    assert_eq!(t.duration_secs, 35 * 60);
}

#[test]
fn bad_plan_files_are_usage_errors_that_say_what_is_wrong() {
    let s = Scenario::new("UTC", "minute");
    let missing = s.path("nope.json").display().to_string();
    let out = s.run(&["apply", &missing]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read plan file"));
    let junk = s.path("junk.json");
    std::fs::write(
        &junk,
        "{\"format\": \"syncd-plan\",\n \"version\": 1,\n oops",
    )
    .unwrap();
    let out = s.run(&["plan", "show", junk.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 3"), "{err}");
    let other = s.path("other.json");
    std::fs::write(&other, "{\"format\": \"terraform\"}").unwrap();
    let out = s.run(&["apply", other.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a syncd plan file"));
    let newer = s.path("newer.json");
    std::fs::write(&newer, "{\"format\": \"syncd-plan\", \"version\": 99}").unwrap();
    let out = s.run(&["apply", newer.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("newer syncd"));
}

#[test]
fn a_plan_the_guard_refuses_is_not_written_and_exits_as_the_dry_run() {
    let s = Scenario::new("UTC", "minute");
    s.small_helpdesk();
    for i in 0..4 {
        s.entry(101, "10.0", 1, 3, &format!("2026-11-02T1{i}:00:00.000Z"));
    }
    assert_eq!(s.sync(&[]).0, 0);
    s.set_sync_setting("guard_min_entries", "1");
    for e in s.zammad.entries() {
        s.zammad.update_entry(
            e.id,
            EntryChange {
                time_unit: Some("11.0".into()),
                ..Default::default()
            },
        );
    }
    let dry = s.run(&["sync", "--dry-run"]);
    let (code, file) = plan_out(&s, &[]);
    assert_eq!(code, dry.status.code().unwrap());
    assert_eq!(code, 1);
    assert!(!std::path::Path::new(&file).exists());
    let (code, file) = plan_out(&s, &["--force"]);
    assert_eq!(code, 0);
    let (code, out, err) = apply(&s, &file);
    assert_eq!(code, 0, "{out}\n{err}");
}

#[test]
fn the_deletion_prompt_applies_the_plan_it_showed() {
    use crate::pty::Pty;
    let s = Scenario::new("UTC", "minute");
    s.set_sync_setting("source_deleted", "delete");
    s.small_helpdesk();
    let a = s.entry(101, "30.0", 1, 3, AT);
    let b = s.entry(102, "20.0", 2, 4, "2026-11-02T12:00:00.000Z");
    assert_eq!(s.sync(&[]).0, 0);
    let (ta, tb) = (ts_of(&s, a), ts_of(&s, b));
    assert!(s.zammad.delete_entry(a));
    // What one plan costs: the dry run reads Zammad's list once.
    s.zammad.reset_counts();
    assert_eq!(
        s.run(&["sync", "--full", "--dry-run"]).status.code(),
        Some(0)
    );
    let one_read = s.zammad.request_count("GET /api/v1/time_accountings");
    assert!(one_read > 0);

    s.zammad.reset_counts();
    let mut p = Pty::spawn(s.command(&["sync", "--full"]));
    p.expect("The sync would:");
    p.expect("delete");
    p.expect("Apply this plan? [y/N]");
    p.send_line("n");
    p.expect("nothing changed");
    assert_eq!(p.wait(), 1);
    assert!(s.kimai.timesheet(ta).is_some());

    s.zammad.reset_counts();
    let mut p = Pty::spawn(s.command(&["sync", "--full"]));
    let shown = p.expect("Apply this plan? [y/N]");
    assert!(shown.contains(&a.to_string()), "{shown}");
    p.send_line("y");
    p.expect("Sync finished");
    assert_eq!(p.wait(), 0);
    assert!(
        s.kimai.timesheet(ta).is_none(),
        "the deletion shown was applied"
    );
    assert!(s.kimai.timesheet(tb).is_some());
    // The plan shown is the plan applied: Zammad's list was read once, not twice.
    assert_eq!(
        s.zammad.request_count("GET /api/v1/time_accountings"),
        one_read
    );
    let runs: Value = serde_json::from_str(&s.ok(&["runs", "list", "--output", "json"])).unwrap();
    assert_eq!(runs[0]["scope"], "confirmed (full)");
    assert_eq!(runs[0]["counts"]["deleted"], 1);
}
