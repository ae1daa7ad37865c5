//! `connector test` and `mapping suggest` against canned Zammad and Kimai answers.

use crate::support::{Env, Test};
use syncd_sim::fake_api::FakeApi;

const TOKEN: &str = "live-token-4711";

fn fake() -> FakeApi {
    FakeApi::start(
        TOKEN,
        &[
            ("/z/api/v1/version", r#"{"version":"6.2.0"}"#),
            (
                "/z/api/v1/time_accounting/types",
                r#"[{"id":1,"name":"Support","active":true},{"id":2,"name":"Travel","active":true}]"#,
            ),
            ("/z/api/v1/time_accountings", "[]"),
            ("/z/api/v1/tickets", "[]"),
            (
                "/z/api/v1/users",
                r#"[{"id":3,"login":"anna","firstname":"Anna","lastname":"Agent","email":"Anna@Example.com","active":true},
                    {"id":4,"login":"bob","firstname":"Bob","lastname":"B","email":"","active":true},
                    {"id":5,"login":"carl","firstname":"Carl","lastname":"C","email":"carl@example.com","active":true}]"#,
            ),
            (
                "/k/api/version",
                r#"{"version":"2.66.0","versionId":26600}"#,
            ),
            (
                "/k/api/users/me",
                r#"{"id":1,"username":"api","enabled":true,"timezone":"Europe/Berlin","roles":["ROLE_SUPER_ADMIN"]}"#,
            ),
            (
                "/k/api/users",
                r#"[{"id":1,"username":"api","enabled":true,"timezone":"Europe/Berlin"},
                    {"id":7,"username":"anna.a","email":"anna@example.com","enabled":true,"timezone":"UTC"},
                    {"id":8,"username":"bob","enabled":true,"timezone":"UTC"}]"#,
            ),
            (
                "/k/api/activities",
                r#"[{"id":11,"name":"support","project":null,"visible":true},
                    {"id":12,"name":"Travel","project":5,"visible":true}]"#,
            ),
        ],
    )
}

fn setup(api: &FakeApi) -> Env {
    let env = Env::initialized();
    let tok = env.write("tok.txt", TOKEN);
    let tok = tok.to_str().unwrap();
    let z = format!("{}/z", api.base);
    let k = format!("{}/k", api.base);
    Test::with_env(&env)
        .args(&[
            "connector",
            "add",
            "zammad",
            "--name",
            "zam",
            "--url",
            &z,
            "--time-unit",
            "minute",
            "--token-file",
            tok,
        ])
        .run();
    Test::with_env(&env)
        .args(&[
            "connector",
            "add",
            "kimai",
            "--name",
            "kim",
            "--url",
            &k,
            "--token-file",
            tok,
        ])
        .run();
    env
}

#[test]
fn connector_test_reports_versions_and_caches_timezone() {
    let api = fake();
    let env = setup(&api);
    let out = Test::with_env(&env)
        .args(&["connector", "test", "--output", "json"])
        .run()
        .json();
    let reports = out.as_array().unwrap();
    assert_eq!(reports.len(), 2);
    let zam = reports.iter().find(|r| r["name"] == "zam").unwrap();
    assert_eq!(zam["ok"], true, "{zam}");
    assert_eq!(zam["version"], "6.2.0");
    let kim = reports.iter().find(|r| r["name"] == "kim").unwrap();
    assert_eq!(kim["ok"], true, "{kim}");
    assert_eq!(kim["timezone"], "Europe/Berlin");
    assert_eq!(kim["user"], "api");
    let shown = Test::with_env(&env)
        .args(&["connector", "show", "kim", "--output", "json"])
        .run()
        .json();
    assert_eq!(shown["settings"]["timezone"], "Europe/Berlin");
    Test::with_env(&env)
        .args(&["connector", "test", "zam"])
        .stdout_contains("zam (zammad")
        .run();
}

#[test]
fn connector_test_fails_on_a_wrong_token() {
    let api = fake();
    let env = setup(&api);
    let bad = env.write("bad.txt", "wrong-token");
    Test::with_env(&env)
        .args(&[
            "connector",
            "edit",
            "kim",
            "--token-file",
            bad.to_str().unwrap(),
        ])
        .run();
    let out = Test::with_env(&env)
        .args(&["connector", "test", "kim"])
        .status(1)
        .run();
    assert!(out.stdout.contains("FAILED"), "{}", out.stdout);
    assert!(!out.stdout.contains("wrong-token") && !out.stderr.contains("wrong-token"));
}

#[test]
fn suggest_proposes_then_writes_with_yes() {
    let api = fake();
    let env = setup(&api);
    let out = Test::with_env(&env)
        .args(&["mapping", "suggest", "--output", "json"])
        .run()
        .json();
    assert_eq!(out["written"], false);
    let proposals = out["proposals"].as_array().unwrap();
    let keys: Vec<(String, String, i64)> = proposals
        .iter()
        .map(|p| {
            (
                p["kind"].as_str().unwrap().to_string(),
                p["source_key"].as_str().unwrap().to_string(),
                p["target_id"].as_i64().unwrap(),
            )
        })
        .collect();
    // Support matches the global activity (case-insensitive); Travel's activity is project-bound.
    assert!(
        keys.contains(&("activity".into(), "1".into(), 11)),
        "{keys:?}"
    );
    assert!(
        !keys.iter().any(|k| k.0 == "activity" && k.1 == "2"),
        "{keys:?}"
    );
    // Anna by email, Bob by login, Carl not at all.
    assert!(keys.contains(&("user".into(), "3".into(), 7)), "{keys:?}");
    assert!(keys.contains(&("user".into(), "4".into(), 8)), "{keys:?}");
    assert_eq!(keys.len(), 3);
    let none = Test::with_env(&env)
        .args(&["mapping", "list", "--output", "json"])
        .run()
        .json();
    assert_eq!(none, serde_json::json!([]));

    Test::with_env(&env)
        .args(&["mapping", "suggest", "--yes"])
        .stdout_contains("wrote 3 mappings")
        .run();
    let all = Test::with_env(&env)
        .args(&["mapping", "list", "--output", "json"])
        .run()
        .json();
    assert_eq!(all.as_array().unwrap().len(), 3);
    Test::with_env(&env)
        .args(&["mapping", "suggest"])
        .stdout_contains("nothing to suggest")
        .run();
}

#[test]
fn unreachable_connector_is_retryable_and_token_stays_secret() {
    let api = fake();
    let env = setup(&api);
    let out = Test::with_env(&env)
        .args(&["-vvv", "connector", "test", "zam"])
        .run();
    assert!(!out.stderr.contains(TOKEN) && !out.stdout.contains(TOKEN));
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    Test::with_env(&env)
        .args(&["connector", "edit", "kim", "--url", &url])
        .run();
    Test::with_env(&env)
        .args(&["connector", "test", "kim"])
        .status(75)
        .stdout_contains("FAILED")
        .run();
}
