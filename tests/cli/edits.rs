//! Issue 8 §4-5 and issue 9 points 5-6: edits made in Kimai are seen by every run, times
//! land at the exact instant whatever the owner's timezone and the server version, Kimai's
//! rounding rule is not mistaken for a person, and the tags people add survive.

use crate::conflicts::{AT, list, open_ids, sync_env};
use crate::scenario::Scenario;
use chrono::{DateTime, Duration, Utc};
use serde_json::Value;
use syncd_sim::kimai::{HumanEdit, KimaiRounding};
use syncd_sim::zammad::EntryChange;

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
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

fn change_minutes(s: &Scenario, entry: i64, time_unit: &str) {
    assert!(s.zammad.update_entry(
        entry,
        EntryChange {
            time_unit: Some(time_unit.into()),
            ..Default::default()
        },
    ));
}

/// A person's edit in Kimai's UI, a second later on Kimai's clock so `modifiedAt` moves
/// past the cursor.
fn edit_in_kimai(s: &Scenario, ts: i64, edit: HumanEdit) {
    s.kimai.advance_clock(Duration::seconds(1));
    assert!(s.kimai.edit_timesheet_as_human(ts, edit));
}

fn permissions(s: &Scenario, view_user: bool) {
    let account = if view_user {
        crate::scenario::sync_account()
    } else {
        crate::scenario::sync_account().revoke("view_user")
    };
    s.kimai.set_permissions(account);
}

fn writes(s: &Scenario) -> u64 {
    s.kimai
        .request_counts()
        .iter()
        .filter(|(k, _)| !k.starts_with("GET"))
        .map(|(_, n)| n)
        .sum()
}

fn notices(report: &Value) -> String {
    report["notices"].to_string()
}

/// Begin and end of the entry's timesheet, as instants.
fn interval(s: &Scenario, entry: i64) -> (DateTime<Utc>, DateTime<Utc>) {
    let t = s.kimai.timesheet(ts_of(s, entry)).unwrap();
    (t.begin_utc, t.end_utc.unwrap())
}

// ------------------------------------------------------------------ §4: edits seen

#[test]
fn a_person_moving_the_end_in_kimai_is_seen_by_the_next_plain_sync() {
    let s = Scenario::new("Europe/Berlin", "minute");
    s.small_helpdesk();
    let a = s.entry(101, "30.0", 1, 3, AT);
    let b = s.entry(102, "20.0", 2, 4, "2026-11-02T12:00:00.000Z");
    assert_eq!(s.sync(&[]).0, 0);
    let ta = ts_of(&s, a);
    let end = s.kimai.timesheet(ta).unwrap().end_utc.unwrap();
    edit_in_kimai(
        &s,
        ta,
        HumanEdit {
            end_utc: Some(end + Duration::minutes(30)),
            ..Default::default()
        },
    );
    let (code, report) = s.sync(&[]);
    assert_eq!(code, 3, "a plain sync must see the edit: {report}");
    let edited = list(&s, "open", Some("target-edited"));
    assert_eq!(edited.len(), 1, "{edited:?}");
    assert_eq!(edited[0]["zammad_entry_id"], a);
    assert_eq!(edited[0]["kimai_timesheet_id"], ta);
    // The Zammad side is known, so the person can take Zammad's values.
    let show = s.ok(&["conflicts", "show", &edited[0]["id"].to_string()]);
    assert!(show.contains("Printer on fire"), "{show}");
    assert_eq!(
        s.kimai.timesheet(ta).unwrap().end_utc,
        Some(end + Duration::minutes(30))
    );
    // Seen once, not again and again; the other entry is untouched.
    assert_eq!(s.sync(&[]).0, 3);
    assert_eq!(open_ids(&s, "target-edited").len(), 1);
    assert!(
        list(&s, "open", None)
            .iter()
            .all(|c| c["zammad_entry_id"] != b)
    );

    // A person's edit while Zammad changed too is both-changed, also incrementally.
    let tb = ts_of(&s, b);
    edit_in_kimai(
        &s,
        tb,
        HumanEdit {
            description: Some("rewritten by a person".into()),
            ..Default::default()
        },
    );
    change_minutes(&s, b, "25.0");
    assert_eq!(s.sync(&[]).0, 3);
    assert_eq!(open_ids(&s, "both-changed").len(), 1);
}

// ------------------------------------------------------------------ §5: owners' timezones

#[test]
fn an_update_for_an_owner_in_kolkata_lands_at_the_exact_instant() {
    for view_user in [true, false] {
        let s = Scenario::new("Europe/Berlin", "minute");
        s.small_helpdesk();
        s.kimai.set_user_timezone(2, "Asia/Kolkata");
        permissions(&s, view_user);
        if !view_user {
            // Without `view_user` agents are mapped by hand, by id.
            s.ok(&["mapping", "add", "user", "--source", "3", "--target", "2"]);
        }
        let a = s.entry(101, "30.0", 1, 3, AT);
        assert_eq!(s.sync(&[]).0, 0);
        assert_eq!(s.kimai.timesheet(ts_of(&s, a)).unwrap().user, 2);
        assert_eq!(interval(&s, a), (utc("2026-11-02T09:30:00Z"), utc(AT)));

        // A routine run reads no user catalog; the PATCH is still read in Kolkata time.
        change_minutes(&s, a, "45.0");
        let (code, report) = s.sync(&[]);
        assert_eq!(code, 0, "view_user {view_user}: {report}");
        assert_eq!(report["counts"]["updated"], 1);
        assert_eq!(
            interval(&s, a),
            (utc("2026-11-02T09:15:00Z"), utc(AT)),
            "view_user {view_user}"
        );
    }
}

#[test]
fn an_owner_timezone_that_cannot_be_known_is_a_conflict_not_a_wrong_time() {
    // New York springs forward at 2026-03-08 07:00Z. The record (07:10-07:30Z) says -0400;
    // the new begin (06:30Z) is -0500 in New York but -0400 in zones without DST.
    let s = Scenario::new("Europe/Berlin", "minute");
    s.small_helpdesk();
    s.kimai.set_user_timezone(2, "America/New_York");
    permissions(&s, false);
    s.ok(&["mapping", "add", "user", "--source", "3", "--target", "2"]);
    let a = s.entry(101, "20.0", 1, 3, "2026-03-08T07:30:00.000Z");
    assert_eq!(s.sync(&[]).0, 0);
    let before = interval(&s, a);
    assert_eq!(
        before,
        (utc("2026-03-08T07:10:00Z"), utc("2026-03-08T07:30:00Z"))
    );

    change_minutes(&s, a, "60.0");
    s.kimai.reset_counts();
    let (code, report) = s.sync(&[]);
    assert_eq!(code, 3, "{report}");
    let rows = list(&s, "open", Some("unknown-timezone"));
    assert_eq!(rows.len(), 1, "{:?}", list(&s, "open", None));
    let detail = rows[0]["detail"].as_str().unwrap_or_default().to_string();
    assert!(
        detail.contains("timezone") && detail.contains("view_user"),
        "{detail}"
    );
    assert_eq!(
        writes(&s),
        0,
        "nothing written: {:?}",
        s.kimai.request_counts()
    );
    assert_eq!(interval(&s, a), before);

    // Once the token may list users, `connector test` learns the owner's timezone and the
    // next full sync writes the exact instants.
    permissions(&s, true);
    s.ok(&["connector", "test"]);
    let (code, report) = s.sync(&["--full"]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(
        interval(&s, a),
        (utc("2026-03-08T06:30:00Z"), utc("2026-03-08T07:30:00Z"))
    );
    assert!(open_ids(&s, "unknown-timezone").is_empty());
}

#[test]
fn creates_for_other_users_are_checked_against_what_kimai_stored() {
    let s = Scenario::new("Europe/Berlin", "minute");
    s.small_helpdesk();
    s.kimai.set_user_timezone(2, "Asia/Kolkata");
    // A server that reads POSTed times in the owner's timezone stores them 4h30 off.
    s.kimai.set_post_reads_owner_timezone(true);
    let a = s.entry(101, "30.0", 1, 3, AT);
    let (code, report) = s.sync(&[]);
    assert_eq!(code, 1, "a wrong stored time is a loud error: {report}");
    let errors = report["errors"].to_string();
    assert!(
        errors.contains("Kimai stored") && errors.contains(&a.to_string()),
        "{errors}"
    );
    let ta = ts_of(&s, a);
    let rows = list(&s, "open", Some("target-rejected"));
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["kimai_timesheet_id"], ta);

    // Linked, never booked twice; the conflict keeps it visible.
    s.kimai.reset_counts();
    assert_eq!(s.sync(&[]).0, 3);
    assert_eq!(s.kimai.request_count("POST /api/timesheets"), 0);

    // take-zammad writes Zammad's instants (a PATCH is read in the record's timezone).
    let id = rows[0]["id"].to_string();
    let out = s.run(&["conflicts", "resolve", "--action", "take-zammad", &id]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(interval(&s, a), (utc("2026-11-02T09:30:00Z"), utc(AT)));
    assert_eq!(s.sync(&[]).0, 0);
}

#[test]
fn an_old_kimai_reading_modified_after_in_local_time_still_shows_edits() {
    for (version, tz) in [
        ("2.44.0", "America/New_York"),
        ("2.44.0", "Asia/Tokyo"),
        ("2.66.0", "Europe/Berlin"),
        ("2.66.0", "America/Los_Angeles"),
    ] {
        let s = Scenario::new(tz, "minute");
        s.kimai.set_version(version);
        s.small_helpdesk();
        let a = s.entry(101, "30.0", 1, 3, AT);
        assert_eq!(s.sync(&[]).0, 0);
        let ta = ts_of(&s, a);
        let end = s.kimai.timesheet(ta).unwrap().end_utc.unwrap();
        edit_in_kimai(
            &s,
            ta,
            HumanEdit {
                end_utc: Some(end + Duration::minutes(30)),
                ..Default::default()
            },
        );
        let (code, report) = s.sync(&[]);
        assert_eq!(code, 3, "Kimai {version}, API user in {tz}: {report}");
        assert_eq!(open_ids(&s, "target-edited").len(), 1, "{version} {tz}");
    }
}

// ------------------------------------------------------------------ issue 9.5: rounding

#[test]
fn a_fifteen_minute_rounding_rule_is_kimais_not_a_persons_edit() {
    let s = Scenario::new("UTC", "minute");
    s.kimai.set_rounding(KimaiRounding::minutes(15));
    s.small_helpdesk();
    let a = s.entry(101, "20.0", 1, 3, "2026-11-02T10:07:00.000Z");
    let b = s.entry(101, "30.0", 1, 3, "2026-11-02T12:00:00.000Z");
    let (code, report) = s.sync(&[]);
    assert_eq!(code, 0, "{report}");
    assert!(notices(&report).contains("rounds"), "{report}");
    assert_eq!(
        interval(&s, a),
        (utc("2026-11-02T09:45:00Z"), utc("2026-11-02T10:15:00Z"))
    );

    let tested = s.ok(&["connector", "test"]);
    assert!(
        tested.contains("rounds begin times to 15 minutes"),
        "{tested}"
    );

    // No update loop: a re-sync writes nothing and raises nothing.
    s.kimai.reset_counts();
    let (code, report) = s.sync(&[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(writes(&s), 0, "{:?}", s.kimai.request_counts());
    assert!(notices(&report).contains("rounds"), "{report}");
    assert_eq!(s.sync(&["--full"]).0, 0);
    assert_eq!(writes(&s), 0, "{:?}", s.kimai.request_counts());

    // A change in Zammad is written once; Kimai rounds it again; no re-PATCH after.
    change_minutes(&s, a, "25.0");
    let (code, report) = s.sync(&[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["counts"]["updated"], 1);
    assert_eq!(s.kimai.request_count("PATCH /api/timesheets/{id}"), 1);
    assert_eq!(
        interval(&s, a),
        (utc("2026-11-02T09:30:00Z"), utc("2026-11-02T10:15:00Z"))
    );
    assert_eq!(s.sync(&[]).0, 0);
    assert_eq!(s.sync(&["--full"]).0, 0);
    assert_eq!(s.kimai.request_count("PATCH /api/timesheets/{id}"), 1);

    // net corrections: -15 shortens b by exactly 15 minutes; -5 cannot be booked on a
    // 15-minute grid and says why, without PATCHing again and again. (The simulated
    // entries keep their old updated_at, so these runs are full ones.)
    let net = [("SYNCD_SYNC_NEGATIVE_CORRECTION", "net")];
    let tb = ts_of(&s, b);
    s.entry(101, "-15.0", 1, 3, "2026-11-02T13:00:00.000Z");
    let (code, report) = sync_env(&s, &net, &["--full"]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(s.kimai.timesheet(tb).unwrap().duration_secs, 15 * 60);
    assert_eq!(sync_env(&s, &net, &[]).0, 0, "syncd's own PATCH is no edit");
    s.kimai.reset_counts();
    s.entry(101, "-5.0", 1, 3, "2026-11-02T14:00:00.000Z");
    let (code, report) = sync_env(&s, &net, &["--full"]);
    assert_eq!(code, 3, "{report}");
    let rows = list(&s, "open", Some("negative-correction"));
    assert_eq!(rows.len(), 1, "{rows:?}");
    let detail = rows[0]["detail"].as_str().unwrap_or_default();
    assert!(
        detail.contains("Kimai rounds") && detail.contains("11:45"),
        "{detail}"
    );
    let patches = s.kimai.request_count("PATCH /api/timesheets/{id}");
    assert!(patches <= 1, "{:?}", s.kimai.request_counts());
    assert_eq!(sync_env(&s, &net, &["--full"]).0, 3);
    assert_eq!(sync_env(&s, &net, &[]).0, 3);
    assert_eq!(
        s.kimai.request_count("PATCH /api/timesheets/{id}"),
        patches,
        "no re-PATCH"
    );
    assert_eq!(s.kimai.timesheet(tb).unwrap().duration_secs, 15 * 60);
    assert!(open_ids(&s, "target-edited").is_empty());
}

// ------------------------------------------------------------------ issue 9.6: tags

#[test]
fn tags_people_add_survive_updates_and_are_no_conflict() {
    let s = Scenario::new("UTC", "minute");
    s.small_helpdesk();
    s.kimai.add_tag("invoice-check");
    let a = s.entry(101, "30.0", 1, 3, AT);
    assert_eq!(s.sync(&[]).0, 0);
    let ta = ts_of(&s, a);
    let mut tags = s.kimai.timesheet(ta).unwrap().tags;
    assert_eq!(tags, vec!["zammad".to_string()]);
    tags.push("invoice-check".into());
    edit_in_kimai(
        &s,
        ta,
        HumanEdit {
            tags: Some(tags.clone()),
            ..Default::default()
        },
    );
    let (code, report) = s.sync(&[]);
    assert_eq!(code, 0, "a tag-only change is no conflict: {report}");
    assert_eq!(s.sync(&["--full"]).0, 0);

    change_minutes(&s, a, "40.0");
    let (code, report) = s.sync(&[]);
    assert_eq!(code, 0, "{report}");
    let t = s.kimai.timesheet(ta).unwrap();
    assert_eq!(t.duration_secs, 40 * 60);
    assert_eq!(t.tags, tags, "the person's tag survives the update");
}

// ------------------------------------------------------------------ §7: digests in full runs

/// A full run sets entries unchanged on Zammad's side aside as digests and compares their
/// timesheets by fingerprint as pages arrive. Whatever differs in Kimai (an edit, a
/// deletion, a copy) must still be seen exactly as when every record was held whole,
/// and only those entries are read again from Zammad.
#[test]
fn a_full_run_comparing_digests_still_sees_every_difference_in_kimai() {
    let s = Scenario::new("Europe/Berlin", "minute");
    s.small_helpdesk();
    let edited = s.entry(101, "30.0", 1, 3, "2026-11-02T09:00:00.000Z");
    let deleted = s.entry(101, "15.0", 1, 3, "2026-11-02T10:00:00.000Z");
    let copied = s.entry(102, "20.0", 2, 4, "2026-11-02T12:00:00.000Z");
    let untouched: Vec<i64> = (0..5)
        .map(|i| s.entry(103, "10.0", 1, 4, &format!("2026-11-03T1{i}:00:00.000Z")))
        .collect();
    assert_eq!(s.sync(&[]).0, 0);
    // A full run with nothing changed: everything unchanged, no ticket read again.
    let before = s.zammad.request_counts();
    let (code, report) = s.sync(&["--full"]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["counts"]["unchanged"], 8, "{report}");
    assert_eq!(report["counts"]["fetched"], 8, "{report}");
    let per_ticket = |counts: &std::collections::BTreeMap<String, u64>| -> u64 {
        counts
            .iter()
            .filter(|(k, _)| k.contains("/tickets/") && k.contains("time_accountings"))
            .map(|(_, n)| n)
            .sum()
    };
    assert_eq!(per_ticket(&s.zammad.request_counts()), per_ticket(&before));

    let te = ts_of(&s, edited);
    let end = s.kimai.timesheet(te).unwrap().end_utc.unwrap();
    edit_in_kimai(
        &s,
        te,
        HumanEdit {
            end_utc: Some(end + Duration::minutes(30)),
            ..Default::default()
        },
    );
    let td = ts_of(&s, deleted);
    assert!(s.kimai.delete_timesheet(td));
    let tc = ts_of(&s, copied);
    let copy = crate::exactly_once::double_post(&s, copied);

    let (code, report) = s.sync(&["--full"]);
    assert_eq!(code, 3, "{report}");
    assert_eq!(report["counts"]["unchanged"], 5, "{report}");
    assert_eq!(report["counts"]["fetched"], 8, "{report}");
    let one = |reason: &str| {
        let rows = list(&s, "open", Some(reason));
        assert_eq!(rows.len(), 1, "{reason}: {rows:?}");
        rows[0].clone()
    };
    let e = one("target-edited");
    assert_eq!(e["zammad_entry_id"], edited);
    assert_eq!(e["kimai_timesheet_id"], te);
    let d = one("target-deleted");
    assert_eq!(d["zammad_entry_id"], deleted);
    assert_eq!(d["kimai_timesheet_id"], td);
    let c = one("duplicate-marker");
    assert_eq!(c["zammad_entry_id"], copied);
    let detail = c["detail"].as_str().unwrap();
    assert!(
        detail.contains(&tc.to_string()) && detail.contains(&copy.to_string()),
        "{detail}"
    );
    // The Zammad side of the edited entry was read again, so a person can take it.
    let show = s.ok(&["conflicts", "show", &e["id"].to_string()]);
    assert!(show.contains("Printer on fire"), "{show}");
    // Nothing else was touched, and nothing was deleted from Kimai.
    for entry in untouched {
        assert_eq!(s.timesheets_by_entry()[&entry].len(), 1);
    }
    assert_eq!(s.timesheets_by_entry()[&copied].len(), 2);
    assert_eq!(
        s.kimai.timesheet(te).unwrap().end_utc,
        Some(end + Duration::minutes(30))
    );
}
