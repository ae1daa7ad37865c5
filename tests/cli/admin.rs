//! Issue 11: an admin can act on what syncd shows. Conflicts side by side with names,
//! honest dry runs, per-entry run records, tables that fit, one exit-code story.

use crate::conflicts::{AT, list, open_ids, os_account};
use crate::pty::Pty;
use crate::scenario::Scenario;
use chrono::Duration;
use serde_json::Value;
use syncd_sim::kimai::HumanEdit;

fn ts_of(s: &Scenario, entry: i64) -> i64 {
    s.timesheets_by_entry()[&entry][0]
}

/// One synced entry on ticket 101 whose Kimai timesheet a person moved to another
/// activity and made 15 minutes longer: a target-edited conflict.
fn edited(s: &Scenario) -> (i64, i64, i64) {
    s.small_helpdesk();
    let entry = s.entry(101, "30.0", 1, 3, AT);
    assert_eq!(s.sync(&[]).0, 0);
    let ts = ts_of(s, entry);
    let t = s.kimai.timesheet(ts).unwrap();
    let development = s
        .kimai
        .activities()
        .iter()
        .find(|a| a.name == "Development")
        .unwrap()
        .id;
    // modifiedAt has second precision: the edit lands a second later on Kimai's clock.
    s.kimai.advance_clock(Duration::seconds(1));
    assert!(s.kimai.edit_timesheet_as_human(
        ts,
        HumanEdit {
            end_utc: Some(t.end_utc.unwrap() + Duration::minutes(15)),
            activity: Some(development),
            ..Default::default()
        },
    ));
    assert_eq!(s.sync(&[]).0, 3);
    let id = open_ids(s, "target-edited")[0];
    (entry, ts, id)
}

/// The output with the simulator's port (in URLs and marker keys) made stable, keeping
/// its width.
fn stable(s: &Scenario, text: &str) -> String {
    let url = s.zammad.base_url();
    let port = url.rsplit(':').next().unwrap().trim_end_matches('/');
    text.replace(port, &"X".repeat(port.len()))
}

#[test]
fn conflicts_show_names_both_sides_and_marks_every_differing_field() {
    let s = Scenario::new("UTC", "minute");
    let (entry, ts, id) = edited(&s);
    let out = stable(&s, &s.ok(&["conflicts", "show", &id.to_string()]));
    assert_eq!(
        (entry, ts, id),
        (1, 106, 1),
        "ids the snapshot was taken with"
    );
    let expected = "\
Conflict 1 · target-edited · open · Zammad entry 1
Someone changed the Kimai timesheet after syncd wrote it.
Times in UTC; `*` marks what syncd would change in Kimai.
╭───────────────┬─────────────────────────────────────┬──────────────────────────────────────────────────────┬──────────────────────────────────────────────────────╮
│ field         │ zammad                              │ syncd would write                                    │ kimai (timesheet 106)                                │
├───────────────┼─────────────────────────────────────┼──────────────────────────────────────────────────────┼──────────────────────────────────────────────────────┤
│   ticket      │ #10101 Printer on fire [101]        │                                                      │                                                      │
│   customer    │ Acme Corp [1]                       │ Acme Corp [104]                                      │                                                      │
│   project     │ #10101 Printer on fire (per ticket) │ #10101 Printer on fire [105]                         │ #10101 Printer on fire [105]                         │
│ * activity    │ Support [1]                         │ Support [101]                                        │ Development [102]                                    │
│   user        │ Ann Agent <ann@example.com> [3]     │ ann [2]                                              │ ann [2]                                              │
│   begin       │                                     │ 2026-11-02 09:30                                     │ 2026-11-02 09:30                                     │
│ * end         │ logged 2026-11-02 10:00             │ 2026-11-02 10:00                                     │ 2026-11-02 10:15                                     │
│ * duration    │ 30 min (30.0 units)                 │ 30 min                                               │ 45 min                                               │
│   description │                                     │ [zammad-ta-127-0-0-1-XXXXX-1] #10101 Printer on fire │ [zammad-ta-127-0-0-1-XXXXX-1] #10101 Printer on fire │
│               │                                     │ http://127.0.0.1:XXXXX/#ticket/zoom/101              │ http://127.0.0.1:XXXXX/#ticket/zoom/101              │
╰───────────────┴─────────────────────────────────────┴──────────────────────────────────────────────────────┴──────────────────────────────────────────────────────╯";
    assert_eq!(out.trim_end(), expected, "got:\n{out}");
    // JSON is unchanged: the stored conflict.
    let json: Value =
        serde_json::from_str(&s.ok(&["conflicts", "show", &id.to_string(), "--output", "json"]))
            .unwrap();
    assert_eq!(json["kimai_timesheet_id"], ts);
}

fn prompt(s: &Scenario, args: &[&str], cols: u16) -> Pty {
    let mut a = vec!["conflicts", "resolve"];
    a.extend_from_slice(args);
    Pty::spawn_cols(s.command(&a), cols)
}

#[test]
fn prompt_at_80_columns_fits_keeps_alignment_and_a_visible_marker() {
    let s = Scenario::new("UTC", "minute");
    let (_, _, id) = edited(&s);
    let mut p = prompt(&s, &[], 80);
    let screen = p.expect("choice: ");
    let table: Vec<&str> = screen
        .lines()
        .filter(|l| l.starts_with(['╭', '│', '├', '╰']))
        .collect();
    assert!(table.len() > 8, "{screen}");
    let widths: Vec<usize> = table.iter().map(|l| l.chars().count()).collect();
    assert!(
        widths.iter().all(|w| *w == widths[0] && *w <= 80),
        "every table line as wide as the others and at most 80: {widths:?}\n{screen}"
    );
    // Colour on a terminal, and the marker still visible without it.
    assert!(p.raw().contains("\x1b[1;33m* activity"), "{}", p.raw());
    for needed in [
        "* activity",
        "* end",
        "* duration",
        "Support [101]",
        "Development [102]",
    ] {
        assert!(screen.contains(needed), "missing {needed:?}:\n{screen}");
    }
    // Names wrap inside their cells instead of breaking the table.
    assert!(screen.contains("Ann Agent"), "{screen}");
    p.send_line("q");
    p.expect("1 open conflict(s) left");
    assert_eq!(
        p.wait(),
        3,
        "quitting with conflicts open exits 3:\n{}",
        p.screen
    );
    assert_eq!(list(&s, "open", None)[0]["id"], id);
}

#[test]
fn ctrl_c_in_the_prompt_says_what_was_resolved_before_it() {
    let s = Scenario::new("UTC", "minute");
    s.small_helpdesk();
    let entries: Vec<i64> = (0..2)
        .map(|i| {
            s.entry(
                101 + i,
                "10.0",
                1,
                3,
                &format!("2026-11-02T1{i}:00:00.000Z"),
            )
        })
        .collect();
    assert_eq!(s.sync(&[]).0, 0);
    for e in &entries {
        s.kimai.delete_timesheet(ts_of(&s, *e));
    }
    assert_eq!(s.sync(&["--full"]).0, 3);
    let ids = open_ids(&s, "target-deleted");
    let mut p = prompt(&s, &[], 120);
    p.expect("[1/2]");
    p.expect("choice: ");
    p.send_line("k");
    p.expect("[y/N] ");
    p.send_line("n");
    p.expect("[2/2]");
    p.expect("choice: ");
    p.signal(libc::SIGINT);
    p.expect("interrupted; resolved before it (1):");
    p.expect(&format!("conflict {}: keep-kimai → resolved", ids[0]));
    p.expect("1 open conflict(s) left");
    assert_eq!(p.wait(), 130, "{}", p.screen);
    assert_eq!(open_ids(&s, "target-deleted"), vec![ids[1]]);
}

/// Two synced entries on ticket 101 and two negative corrections of them: two
/// negative-correction conflicts (the default policy).
fn negatives(s: &Scenario) -> (i64, i64, Vec<i64>) {
    s.small_helpdesk();
    let a = s.entry(101, "30.0", 1, 3, AT);
    let b = s.entry(102, "40.0", 1, 4, AT);
    assert_eq!(s.sync(&[]).0, 0);
    s.entry(101, "-10.0", 1, 3, "2026-11-02T11:00:00.000Z");
    s.entry(102, "-15.0", 1, 4, "2026-11-02T11:00:00.000Z");
    assert_eq!(s.sync(&[]).0, 3);
    let ids = open_ids(s, "negative-correction");
    assert_eq!(ids.len(), 2);
    (ts_of(s, a), ts_of(s, b), ids)
}

fn minutes(s: &Scenario, ts: i64) -> i64 {
    s.kimai.timesheet(ts).unwrap().duration_secs / 60
}

#[test]
fn net_action_shortens_the_matching_timesheet_from_a_script() {
    let s = Scenario::new("UTC", "minute");
    let (ta, tb, ids) = negatives(&s);
    let by_entry_ticket = |ticket: &str| {
        list(&s, "open", Some("negative-correction"))
            .into_iter()
            .find(|c| c["ticket_number"] == ticket)
            .unwrap()["id"]
            .as_i64()
            .unwrap()
    };
    let first = by_entry_ticket(&s.zammad.ticket(101).unwrap().number);
    let out = s.run(&[
        "conflicts",
        "resolve",
        "--action",
        "net",
        &first.to_string(),
        "--output",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(minutes(&s, ta), 20, "30 - 10");
    assert_eq!(
        minutes(&s, tb),
        40,
        "the other correction waits for its own decision"
    );
    let open = open_ids(&s, "negative-correction");
    assert_eq!(open.len(), 1);
    assert!(ids.contains(&open[0]) && open[0] != first);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&format!("shortened Kimai timesheet {ta}")),
        "{text}"
    );
    // A re-run changes nothing more.
    assert_eq!(s.sync(&[]).0, 3);
    assert_eq!(minutes(&s, ta), 20);
}

#[test]
fn net_is_offered_in_the_prompt_for_negative_corrections() {
    let s = Scenario::new("UTC", "minute");
    let (ta, tb, _) = negatives(&s);
    let mut p = prompt(&s, &["--reason", "negative-correction"], 120);
    p.expect("[n] net: shorten");
    p.expect("choice: ");
    p.send_line("n");
    p.expect("apply `net` to all 1 remaining conflicts with reason negative-correction? [y/N]");
    p.send_line("y");
    p.expect("0 open conflict(s) left");
    assert_eq!(p.wait(), 0, "{}", p.screen);
    assert_eq!((minutes(&s, ta), minutes(&s, tb)), (20, 25));
}

fn runs(s: &Scenario) -> Vec<Value> {
    serde_json::from_str::<Value>(&s.ok(&["runs", "list", "--output", "json"]))
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn dry_run_shows_conflicts_on_one_line_and_exits_as_the_real_run_would() {
    let s = Scenario::new("UTC", "minute");
    let (entry, ts, _) = edited(&s);
    let before = runs(&s).len();
    // A new entry that would be created, next to the open target-edited conflict.
    s.entry(102, "20.0", 2, 4, "2026-11-02T12:00:00.000Z");
    let out = s.run(&["sync", "--dry-run"]);
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert_eq!(out.status.code(), Some(3), "{text}");
    assert!(text.contains("no run was recorded"), "{text}");
    assert!(
        !text.contains("succeeded") && !text.contains("run 0"),
        "{text}"
    );
    let line = text
        .lines()
        .find(|l| l.starts_with("conflict target-edited:"))
        .unwrap_or_else(|| panic!("no conflict line:\n{text}"));
    for part in [
        &format!("entry {entry} #"),
        "Printer on fire",
        "Zammad: 30 min, Support [1], Ann Agent <ann@example.com> [3]",
        &format!(
            "Kimai: timesheet {ts}, 2026-11-02 09:30–10:15, 45 min, Development [102], ann [2]"
        ),
    ] {
        assert!(line.contains(part), "{part:?} missing in {line:?}");
    }
    assert!(
        text.contains("would leave 1 open conflict (target-edited: 1) and exit 3"),
        "{text}"
    );

    let out = s.run(&["sync", "--dry-run", "--output", "json"]);
    assert_eq!(out.status.code(), Some(3));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["dry_run"], true);
    assert_eq!(json["would_exit"], 3);
    assert!(
        json.get("run_id").is_none() && json.get("status").is_none(),
        "{json}"
    );
    assert_eq!(json["counts"]["created"], 1);
    assert_eq!(json["conflicts"][0]["reason"], "target-edited");
    assert!(
        json["conflicts"][0]["line"]
            .as_str()
            .unwrap()
            .contains("Development [102]")
    );
    assert_eq!(json["would_leave_open"]["target-edited"], 1);
    // Not a run: nothing recorded, nothing written.
    assert_eq!(runs(&s).len(), before);
    assert_eq!(s.kimai.timesheets().len(), 1);
    let audit = s.ok(&["audit", "list", "--output", "json"]);
    assert_eq!(audit.matches("sync.run").count(), before, "{audit}");

    // Once the conflict is settled, the dry run says 0, as the real run then exits.
    s.ok(&["conflicts", "resolve", "--all", "--action", "keep-kimai"]);
    let out = s.run(&["sync", "--dry-run"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("leave no open conflicts (exit 0)"), "{text}");
    assert_eq!(s.sync(&[]).0, 0);
}

#[test]
fn usage_errors_are_refused_before_a_run_is_recorded() {
    let s = Scenario::new("UTC", "minute");
    s.small_helpdesk();
    for args in [
        &["sync", "--ticket", "abc"][..],
        &["sync", "--since", "yesterday"],
        &["sync", "--since", "7d", "--until", "8d"],
        &["sync", "--zammad", "nope"],
    ] {
        let out = s.run(args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let err = String::from_utf8_lossy(&s.run(&["sync", "--ticket", "abc"]).stderr).to_string();
    assert!(
        err.contains("--ticket `abc` is not a ticket number"),
        "{err}"
    );
    assert!(runs(&s).is_empty(), "{:?}", runs(&s));
}

#[test]
fn runs_show_counts_as_a_table_and_what_happened_to_each_entry() {
    let s = Scenario::new("UTC", "minute");
    s.small_helpdesk();
    let created = s.entry(101, "30.0", 1, 3, AT);
    s.zammad.add_type(3, "Consulting");
    let unmapped = s.entry(102, "15.0", 3, 4, "2026-11-02T11:00:00.000Z");
    let (code, report) = crate::conflicts::sync_env(&s, crate::conflicts::NO_AUTO, &[]);
    assert_eq!(code, 3, "{report}");
    let first = report["run_id"].as_str().unwrap().to_string();
    let ts = ts_of(&s, created);

    // Kimai answers writes with 500 while reads work: the update of a changed entry fails
    // with the error; a new entry's create may have been stored, so it waits to settle.
    let failing = created;
    s.zammad.update_entry(
        created,
        syncd_sim::zammad::EntryChange {
            time_unit: Some("45.0".into()),
            ..Default::default()
        },
    );
    let unsettled = s.entry(101, "10.0", 1, 3, "2026-11-02T12:00:00.000Z");
    s.kimai.set_faults(syncd_sim::faults::FaultConfig {
        error_rate: 1.0,
        only: syncd_sim::faults::FaultConfig::writes(),
        ..Default::default()
    });
    let out = s
        .command(&["sync", "--output", "json"])
        .env("SYNCD_SYNC_RETRIES", "1")
        .env("SYNCD_SYNC_AUTO_CREATE_ACTIVITIES", "false")
        .output()
        .unwrap();
    s.kimai.set_faults(Default::default());
    let second: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(second["counts"]["failed"], 1, "{second}");
    assert_eq!(second["counts"]["unsettled"], 1, "{second}");
    let second = second["run_id"].as_str().unwrap().to_string();

    let show = s.ok(&["runs", "show", &first]);
    assert!(
        show.contains("│ outcome") && show.contains("│ created "),
        "counts as a table:\n{show}"
    );
    let entry_line = |text: &str, entry: i64| {
        text.lines()
            .find(|l| l.starts_with(&format!("│ {entry} ")))
            .unwrap_or_else(|| panic!("no line for entry {entry}:\n{text}"))
            .to_string()
    };
    let l = entry_line(&show, created);
    assert!(l.contains("created") && l.contains(&ts.to_string()), "{l}");
    let l = entry_line(&show, unmapped);
    assert!(
        l.contains("conflict") && l.contains("unmapped-activity"),
        "{l}"
    );

    let show = s.ok(&["runs", "show", &second]);
    let l = entry_line(&show, failing);
    assert!(l.contains("failed") && l.contains("500"), "{show}");
    let l = entry_line(&show, unsettled);
    assert!(l.contains("unsettled"), "{show}");

    let json: Value =
        serde_json::from_str(&s.ok(&["runs", "show", &second, "--output", "json"])).unwrap();
    assert_eq!(json["id"], second.as_str());
    let entries = json["entries"].as_array().unwrap();
    let failed = entries.iter().find(|e| e["entry"] == failing).unwrap();
    assert_eq!(failed["outcome"], "failed");
    assert!(
        failed["error"].as_str().unwrap().contains("500"),
        "{failed}"
    );
    let json: Value =
        serde_json::from_str(&s.ok(&["runs", "show", &first, "--output", "json"])).unwrap();
    let outcomes: Vec<(i64, String)> = json["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["entry"].as_i64().unwrap(),
                e["outcome"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        outcomes.contains(&(created, "created".into())),
        "{outcomes:?}"
    );
    assert!(
        outcomes.contains(&(unmapped, "conflict".into())),
        "{outcomes:?}"
    );
}

/// Lines of a table (box drawing) in `text`.
fn table_lines(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| l.starts_with(['╭', '│', '├', '╰']))
        .collect()
}

#[test]
fn tables_fit_80_columns_on_a_terminal_and_are_full_width_when_piped() {
    let s = Scenario::new("UTC", "minute");
    s.small_helpdesk();
    s.zammad
        .add_type(7, "Hardware replacement on site at the customer premises");
    let long = s.kimai.add_activity(
        "Field service: hardware replacement incl. travel (billable)",
        None,
    );
    s.ok(&[
        "mapping",
        "add",
        "activity",
        "--source",
        "7",
        "--target",
        &long.to_string(),
    ]);
    s.entry(101, "30.0", 7, 3, AT);
    assert_eq!(s.sync(&[]).0, 0);
    for cmd in [
        &["runs", "list"][..],
        &["mapping", "list"],
        &["audit", "list"],
    ] {
        let piped = s.ok(cmd);
        assert!(
            table_lines(&piped).iter().any(|l| l.chars().count() > 80),
            "{cmd:?} piped keeps full width:\n{piped}"
        );
        let mut p = Pty::spawn_cols(s.command(cmd), 80);
        assert_eq!(p.wait(), 0, "{}", p.screen);
        let lines = table_lines(&p.screen);
        assert!(!lines.is_empty(), "{cmd:?}:\n{}", p.screen);
        for l in &lines {
            assert!(
                l.chars().count() <= 80,
                "{cmd:?} wider than 80:\n{}",
                p.screen
            );
        }
        let widths: Vec<usize> = lines.iter().map(|l| l.chars().count()).collect();
        assert!(
            widths.iter().all(|w| *w == widths[0]),
            "{cmd:?}:\n{}",
            p.screen
        );
    }
    // Mapped by id, shown with names from both servers.
    let list = s.ok(&["mapping", "list", "--kind", "activity"]);
    assert!(list.contains("7 (Hardware replacement on site"), "{list}");
    assert!(
        list.contains(&format!("{long} (Field service: hardware replacement")),
        "{list}"
    );
    // JSON unchanged in shape, with the names.
    let json: Value =
        serde_json::from_str(&s.ok(&["mapping", "list", "--output", "json"])).unwrap();
    let m = json
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["target_id"] == long)
        .unwrap();
    assert_eq!(
        m["target_name"],
        "Field service: hardware replacement incl. travel (billable)"
    );
}

fn code_and_stderr(s: &Scenario, args: &[&str]) -> (i32, String) {
    let out = s.run(args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn one_exit_code_story_for_unknown_things_and_a_missing_identity() {
    let s = Scenario::new("UTC", "minute");
    s.ok(&["schedule", "set", "nightly", "--cron", "0 3 * * *"]);
    for args in [
        &["connector", "show", "nope"][..],
        &["connector", "test", "nope"],
        &["connector", "remove", "nope"],
        &["mapping", "list", "--kimai", "nope"],
        &["sync", "--kimai", "nope"],
        &["runs", "show", "nope"],
        &["conflicts", "show", "999"],
        &["conflicts", "ignore", "999"],
        &["conflicts", "resolve", "999", "--action", "skip"],
        &["schedule", "enable", "nope"],
        &["schedule", "remove", "nope"],
    ] {
        let (code, err) = code_and_stderr(&s, args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.contains("nope") || err.contains("999"),
            "{args:?} names it: {err}"
        );
    }
    // Without the identity the tokens cannot be read: a configuration error saying how
    // to provide one.
    let identity = s.path("data/syncd/identity.txt");
    std::fs::remove_file(&identity).unwrap();
    let (code, err) = code_and_stderr(&s, &["connector", "test"]);
    assert_eq!(code, 2, "{err}");
    for hint in [
        "no age identity found",
        "SYNCD_IDENTITY_FILE=",
        "syncd init",
    ] {
        assert!(err.contains(hint), "{hint:?} missing: {err}");
    }
    assert_eq!(code_and_stderr(&s, &["sync"]).0, 2);
}

#[test]
fn schedule_set_refuses_a_cron_that_never_fires_and_names_the_bad_field() {
    let s = Scenario::new("UTC", "minute");
    let (code, err) = code_and_stderr(&s, &["schedule", "set", "--cron", "61 * * * *"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("minute field: 61 is out of range 0-59"),
        "{err}"
    );
    let (code, err) = code_and_stderr(&s, &["schedule", "set", "--cron", "0 3 * 13 *"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("month field: 13 is out of range 1-12"),
        "{err}"
    );
    let (code, err) = code_and_stderr(&s, &["schedule", "set", "--cron", "0 3 31 2 *"]);
    assert_eq!(code, 2);
    assert!(err.contains("never fires"), "{err}");
    let shown = s.ok(&["schedule", "show", "--output", "json"]);
    assert_eq!(shown.trim(), "[]", "nothing saved: {shown}");
    s.ok(&["schedule", "set", "--cron", "0 3 29 2 *"]);
}

#[test]
fn connector_test_failures_go_to_stderr_and_the_hint_names_the_connector() {
    let s = Scenario::new("UTC", "minute");
    let bad = s.path("bad.token");
    std::fs::write(&bad, "wrong-token\n").unwrap();
    s.ok(&[
        "connector",
        "edit",
        "timesheets",
        "--token-file",
        bad.to_str().unwrap(),
    ]);
    let out = s.run(&["connector", "test"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stdout.contains("helpdesk") && stdout.contains("timesheets"),
        "report on stdout: {stdout}"
    );
    assert!(
        stderr.contains("error: connector timesheets: connect:"),
        "failure on stderr: {stderr}"
    );
    assert!(
        stderr.contains("syncd connector edit timesheets --token-file FILE"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("helpdesk"),
        "only failures on stderr: {stderr}"
    );
}

#[test]
fn audit_actor_is_the_os_account_with_sudo_user_noted() {
    let s = Scenario::new("UTC", "minute");
    let me = os_account();
    let out = s
        .command(&["schedule", "set", "--cron", "0 3 * * *"])
        .env("USER", "mallory")
        .env("LOGNAME", "mallory")
        .env("SUDO_USER", "ann")
        .output()
        .unwrap();
    assert!(out.status.success());
    let rows: Value = serde_json::from_str(&s.ok(&[
        "audit",
        "list",
        "--action",
        "schedule.create",
        "--output",
        "json",
    ]))
    .unwrap();
    let actor = rows[0]["actor"].as_str().unwrap().to_string();
    assert_eq!(actor, format!("{me} (sudo: ann)"));
    // Filtering by the account finds it.
    let rows: Value = serde_json::from_str(&s.ok(&[
        "audit",
        "list",
        "--actor",
        &me,
        "--action",
        "schedule.create",
        "--output",
        "json",
    ]))
    .unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 1);
    // $USER is not believed; without SUDO_USER the account alone.
    s.ok(&["schedule", "disable"]);
    let rows: Value = serde_json::from_str(&s.ok(&[
        "audit",
        "list",
        "--action",
        "schedule.disable",
        "--output",
        "json",
    ]))
    .unwrap();
    assert_eq!(rows[0]["actor"], me.as_str());
}

#[test]
fn since_takes_one_grammar_everywhere() {
    let s = Scenario::new("UTC", "minute");
    for args in [
        &["conflicts", "list", "--since"][..],
        &["audit", "list", "--since"],
        &["audit", "list", "--until"],
        &["sync", "--dry-run", "--since"],
    ] {
        for value in [
            "12h",
            "7d",
            "2026-11-02",
            "2026-11-02T10:00:00Z",
            "2026-11-02 10:00",
        ] {
            let mut a = args.to_vec();
            a.push(value);
            let (code, err) = code_and_stderr(&s, &a);
            assert_eq!(code, 0, "{a:?}: {err}");
        }
        let mut a = args.to_vec();
        a.push("last tuesday");
        let (code, err) = code_and_stderr(&s, &a);
        assert_eq!(code, 2, "{a:?}");
        assert!(err.contains("use RFC 3339") && err.contains("7d"), "{err}");
    }
}

#[test]
fn connector_add_checks_the_server_and_token_unless_no_check() {
    let s = Scenario::new("Europe/Berlin", "minute");
    let bad = s.path("bad.token");
    std::fs::write(&bad, "wrong-token\n").unwrap();
    let add = |name: &str, url: &str, token: &std::path::Path, extra: &[&str]| {
        let mut a = vec![
            "connector",
            "add",
            "kimai",
            "--name",
            name,
            "--url",
            url,
            "--token-file",
            token.to_str().unwrap(),
        ];
        a.extend_from_slice(extra);
        let out = s.run(&a);
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let names = || {
        let v: Value =
            serde_json::from_str(&s.ok(&["connector", "list", "--output", "json"])).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    // A rejected token: refused, nothing saved, and the message names this connector.
    let (code, _, err) = add("kimai2", &s.kimai.base_url(), &bad, &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("token was rejected"), "{err}");
    assert!(err.contains("--name kimai2"), "{err}");
    assert!(!names().contains(&"kimai2".to_string()));
    // Nothing listening: retry later (75), or save it offline with --no-check.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let good = s.path("kimai.token");
    let (code, _, err) = add("offline", &closed, &good, &[]);
    assert_eq!(code, 75, "{err}");
    assert!(err.contains("--no-check"), "{err}");
    let (code, out, err) = add("offline", &closed, &good, &["--no-check"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("not checked"), "{out}");
    // A good token: checked, and the API user's timezone kept.
    let (code, out, err) = add("kimai3", &s.kimai.base_url(), &good, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("checked: Kimai") && out.contains("Europe/Berlin"),
        "{out}"
    );
    let shown: Value =
        serde_json::from_str(&s.ok(&["connector", "show", "kimai3", "--output", "json"])).unwrap();
    assert_eq!(shown["settings"]["timezone"], "Europe/Berlin");
}

/// `syncd demo --keep` until it says the simulators keep running; returns the child, its
/// working directory and what it printed.
#[cfg(feature = "demo")]
fn kept_demo() -> (
    std::process::Child,
    std::path::PathBuf,
    String,
    tempfile::TempDir,
) {
    use std::io::{BufRead, BufReader};
    let home = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_syncd"))
        .args(["demo", "--keep", "--entries", "4"])
        .env("HOME", home.path())
        .env("TMPDIR", home.path())
        .env("SYNCD_NO_KEYRING", "1")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut seen = String::new();
    let mut dir = None;
    let deadline = std::time::Instant::now() + crate::pty::WAIT;
    let mut line = String::new();
    while std::time::Instant::now() < deadline {
        line.clear();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            break;
        }
        seen.push_str(&line);
        if let Some(rest) = line.strip_prefix("Working in ") {
            dir = Some(std::path::PathBuf::from(
                rest.split(" (").next().unwrap().trim(),
            ));
        }
        if line.contains("The simulators keep running") {
            return (child, dir.expect("working dir printed"), seen, home);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("the demo did not reach --keep:\n{seen}");
}

#[test]
#[cfg(feature = "demo")]
fn demo_keep_removes_its_working_directory_on_sigterm_and_ctrl_c() {
    for (sig, code) in [(libc::SIGTERM, 143), (libc::SIGINT, 130)] {
        let (mut child, dir, seen, _home) = kept_demo();
        assert!(dir.join("data/syncd/identity.txt").exists(), "{seen}");
        unsafe { libc::kill(child.id() as libc::pid_t, sig) };
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(code), "{seen}");
        assert!(
            !dir.exists(),
            "{} still exists after signal {sig}",
            dir.display()
        );
    }
}

#[test]
fn conflicts_show_without_kimai_shows_ids_and_still_works() {
    let s = Scenario::new("UTC", "minute");
    let (_, _, id) = edited(&s);
    s.kimai.set_faults(syncd_sim::faults::FaultConfig {
        error_rate: 1.0,
        ..Default::default()
    });
    let out = s.ok(&["conflicts", "show", &id.to_string()]);
    s.kimai.set_faults(Default::default());
    // The mappings name what syncd writes; Kimai's other activity is shown by id.
    assert!(out.contains("Support [101]"), "{out}");
    assert!(out.contains("│ [102] "), "{out}");
    assert!(out.contains("* activity"), "{out}");
    // Once Kimai answers, the name is read and cached.
    let out = s.ok(&["conflicts", "show", &id.to_string()]);
    assert!(out.contains("Development [102]"), "{out}");
}
