//! `syncd doctor` through the binary: a healthy set-up exits 0; a broken one names each
//! problem with its fix and exits 1, in words and in JSON; the timezone check warns.

use crate::daemon::{add_secret, serve_with};
use crate::scenario::Scenario;
use serde_json::Value;
use std::process::Output;

fn closed_port() -> u16 {
    // Bound and released: nothing listens there afterwards.
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn doctor(s: &Scenario, json: bool, daemon_listen: &str) -> Output {
    let mut args = vec!["doctor"];
    if json {
        args.extend(["--output", "json"]);
    }
    s.command(&args)
        .env("SYNCD_DAEMON_LISTEN", daemon_listen)
        .env("TZ", "UTC")
        .output()
        .unwrap()
}

fn checks(out: &Output) -> Vec<Value> {
    let v: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    v["checks"].as_array().cloned().unwrap()
}

/// The check in `group` (prefix) named `name`.
fn find<'a>(all: &'a [Value], group: &str, name: &str) -> &'a Value {
    all.iter()
        .find(|c| {
            c["group"].as_str().unwrap().starts_with(group) && c["name"].as_str() == Some(name)
        })
        .unwrap_or_else(|| panic!("no check {group} / {name} in {all:#?}"))
}

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).to_string()
}

#[test]
fn doctor_on_a_healthy_set_up_exits_0() {
    let s = Scenario::new("UTC", "minute");
    s.small_helpdesk();
    s.entry(101, "30.0", 1, 3, "2026-11-02T10:00:00.000Z");
    s.entry(102, "15.0", 2, 4, "2026-11-02T11:00:00.000Z");
    s.entry(101, "45.0", 1, 3, "2026-11-02T14:00:00.000Z");
    assert_eq!(s.sync(&[]).0, 0);
    s.ok(&[
        "schedule",
        "set",
        "nightly",
        "--cron",
        "0 3 * * *",
        "--scope",
        "full",
    ]);
    add_secret(&s, "a-webhook-secret-long-enough-42");
    let d = serve_with(&s, &[], None);
    let listen = d.addr().to_string();

    let out = doctor(&s, true, &listen);
    let all = checks(&out);
    assert_eq!(out.status.code(), Some(0), "{all:#?}");
    let bad: Vec<&Value> = all.iter().filter(|c| c["status"] == "fail").collect();
    assert!(bad.is_empty(), "{bad:#?}");
    for (group, name) in [
        ("config", "file"),
        ("config", "identity"),
        ("store", "integrity"),
        ("store", "disk"),
        ("connector helpdesk", "connect"),
        ("connector helpdesk", "clock"),
        ("connector helpdesk", "admin.time_accounting"),
        ("connector helpdesk", "time unit"),
        ("connector timesheets", "clock"),
        ("connector timesheets", "tracking mode"),
        ("connector timesheets", "rounding"),
        ("connector timesheets", "timezone"),
        ("mappings", "missing"),
        ("conflicts", "open"),
        ("runs", "last run"),
        ("schedules", "nightly"),
        ("webhooks", "secrets"),
        ("daemon", "readyz"),
    ] {
        assert_eq!(
            find(&all, group, name)["status"],
            "ok",
            "{group} {name}: {all:#?}"
        );
    }
    assert!(
        find(&all, "schedules", "nightly")["detail"]
            .as_str()
            .unwrap()
            .contains("next "),
    );
    let human = doctor(&s, false, &listen);
    assert_eq!(human.status.code(), Some(0));
    assert!(
        text(&human).starts_with("syncd doctor: healthy"),
        "{}",
        text(&human)
    );
}

#[test]
fn doctor_names_each_problem_of_a_broken_set_up_and_exits_1() {
    let s = Scenario::new("UTC", "minute");
    s.small_helpdesk();
    // Carl has no Kimai account: his entry waits for a user mapping.
    s.zammad
        .add_agent(5, "Carl", "Contractor", "carl@example.com");
    // One of his entries is 40 days old: only the last 30 days count as seen lately.
    let ago = |h: i64| (chrono::Utc::now() - chrono::Duration::hours(h)).to_rfc3339();
    s.entry(101, "30.0", 1, 5, &ago(40 * 24));
    s.entry(101, "20.0", 1, 3, &ago(3));
    s.entry(102, "40.0", 2, 4, &ago(2));
    s.entry(102, "25.0", 1, 5, &ago(1));
    assert_eq!(s.sync(&[]).0, 3);
    s.ok(&[
        "schedule",
        "set",
        "nightly",
        "--cron",
        "0 3 * * *",
        "--scope",
        "full",
    ]);
    // Kimai moves away: the next run fails.
    let gone = format!("http://127.0.0.1:{}", closed_port());
    s.ok(&["connector", "edit", "timesheets", "--url", &gone]);
    assert_eq!(s.sync(&[]).0, 75);
    // Zammad: a wrong token, and a clock ten minutes ahead.
    let bad = s.path("bad.token");
    std::fs::write(&bad, "not-the-token-123\n").unwrap();
    s.ok(&[
        "connector",
        "edit",
        "helpdesk",
        "--token-file",
        bad.to_str().unwrap(),
    ]);
    s.zammad.set_clock_offset(chrono::Duration::minutes(10));
    let no_daemon = format!("127.0.0.1:{}", closed_port());

    let out = doctor(&s, true, &no_daemon);
    let all = checks(&out);
    assert_eq!(out.status.code(), Some(1), "{all:#?}");
    let fails = |group: &str, name: &str, words: &[&str], fix: &str| {
        let c = find(&all, group, name);
        assert_eq!(c["status"], "fail", "{c:#}");
        let detail = c["detail"].as_str().unwrap();
        for w in words {
            assert!(detail.contains(w), "{group} {name}: {detail:?} lacks {w:?}");
        }
        let f = c["fix"].as_str().unwrap_or_default();
        assert!(f.contains(fix), "{group} {name}: fix {f:?} lacks {fix:?}");
    };
    fails(
        "connector helpdesk",
        "connect",
        &["token"],
        "syncd connector edit helpdesk --token-file",
    );
    fails("connector helpdesk", "clock", &["10 min", "ahead"], "NTP");
    fails(
        "connector timesheets",
        "connect",
        &["refused"],
        "syncd connector edit timesheets --url",
    );
    fails(
        "mappings",
        "user carl@example.com",
        &["Carl Contractor", "1 entry of the last 30 days waits"],
        "syncd mapping add user --source carl@example.com",
    );
    fails(
        "conflicts",
        "unmapped-user",
        &["2 open"],
        "add the mappings",
    );
    fails("runs", "last run", &["failed"], "syncd runs show");
    fails(
        "daemon",
        "readyz",
        &["unreachable", "schedule fires"],
        "syncd serve",
    );
    // No token, ever.
    assert!(!text(&out).contains("kimai-sim-token"));
    assert!(!text(&out).contains("zammad-sim-token"));

    let human = doctor(&s, false, &no_daemon);
    assert_eq!(human.status.code(), Some(1));
    let t = text(&human);
    assert!(t.starts_with("syncd doctor: 7 problems to fix"), "{t}");
    for line in [
        "FAIL connector helpdesk",
        "FAIL mappings: user carl@example.com",
        "fix: syncd mapping add user --source carl@example.com",
        "FAIL daemon: readyz",
    ] {
        assert!(t.contains(line), "{line:?} missing:\n{t}");
    }
}

#[test]
fn the_timezone_check_warns_about_an_api_user_away_from_its_agents() {
    let s = Scenario::new("America/New_York", "minute");
    s.small_helpdesk();
    for (id, name) in [(5, "cleo"), (6, "dan"), (7, "eve"), (8, "fay")] {
        s.kimai
            .add_user(id, name, &format!("{name}@example.com"), "Europe/Berlin");
    }
    s.kimai.set_user_timezone(2, "Europe/Berlin");
    s.kimai.set_user_timezone(3, "America/New_York");
    let out = s
        .command(&["connector", "test", "timesheets"])
        .env("TZ", "UTC")
        .output()
        .unwrap();
    let t = text(&out);
    assert_eq!(out.status.code(), Some(0), "{t}");
    assert!(
        t.contains(
            "warn timezone: Kimai's API user is in America/New_York but 5 of 6 agents are in \
             Europe/Berlin (this host is in UTC)"
        ),
        "{t}"
    );
    assert!(t.contains("fix: set the API user's timezone"), "{t}");

    let all = checks(&doctor(&s, true, &format!("127.0.0.1:{}", closed_port())));
    let tz = find(&all, "connector timesheets", "timezone");
    assert_eq!(tz["status"], "warn", "{tz:#}");
    assert!(tz["detail"].as_str().unwrap().contains("5 of 6 agents"));
}

#[test]
fn doctor_names_a_broken_config_file_and_exits_1() {
    use crate::support::{Env, Test};
    let env = Env::initialized();
    let config = env.config_file();
    std::fs::write(&config, "sync:\n  concurency: 4\n").unwrap();
    let out = Test::with_env(&env)
        .args(&["doctor", "--output", "json"])
        .status(1)
        .run();
    let c = &out.json()["checks"][0];
    assert_eq!(
        (c["group"].as_str(), c["status"].as_str()),
        (Some("config"), Some("fail"))
    );
    let detail = c["detail"].as_str().unwrap();
    assert!(
        detail.contains("config.yaml") && detail.contains("line 2: unknown key `concurency`"),
        "{detail}"
    );
    assert!(c["fix"].as_str().unwrap().contains("syncd config check"));
}
