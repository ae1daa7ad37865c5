use crate::support::{Env, Test};

fn list_json(env: &Env) -> serde_json::Value {
    Test::with_env(env)
        .args(&["connector", "list", "--output", "json"])
        .run()
        .json()
}

#[test]
fn add_list_show_edit_remove() {
    let env = Env::initialized().with_connectors("tok-abc");
    let list = list_json(&env);
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["zam", "kim"]);
    let zam = &list[0];
    assert_eq!(zam["kind"], "zammad");
    assert_eq!(zam["base_url"], "http://127.0.0.1:43121");
    assert_eq!(zam["settings"]["time_unit"], "minute");
    assert_eq!(zam["settings"]["marker_key"], "127-0-0-1-43121");
    assert_eq!(list[1]["settings"]["time_unit"], serde_json::Value::Null);

    let shown = Test::with_env(&env)
        .args(&["connector", "show", "zam", "--output", "json"])
        .run()
        .json();
    assert_eq!(shown["name"], "zam");
    Test::with_env(&env)
        .args(&["connector", "show", "zam"])
        .stdout_contains("127-0-0-1-43121")
        .run();

    // Edit: URL and unit change, the marker key does not.
    let edited = Test::with_env(&env)
        .args(&[
            "connector",
            "edit",
            "zam",
            "--url",
            "https://helpdesk.example.com",
            "--time-unit",
            "15m",
        ])
        .args(&["--rename", "helpdesk", "--output", "json"])
        .run()
        .json();
    assert_eq!(edited["name"], "helpdesk");
    assert_eq!(edited["base_url"], "https://helpdesk.example.com");
    assert_eq!(edited["settings"]["time_unit"], "15m");
    assert_eq!(edited["settings"]["marker_key"], "127-0-0-1-43121");

    Test::with_env(&env)
        .args(&["connector", "remove", "helpdesk"])
        .stdout_contains("removed")
        .run();
    let list = list_json(&env);
    assert_eq!(list.as_array().unwrap().len(), 1);
    let audit = Test::with_env(&env)
        .args(&["audit", "list", "--output", "json", "--category", "config"])
        .run()
        .json();
    let actions: Vec<&str> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["action"].as_str().unwrap())
        .collect();
    assert!(
        actions.contains(&"connector.edit") && actions.contains(&"connector.remove"),
        "{actions:?}"
    );
    let edit = audit
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["action"] == "connector.edit")
        .unwrap();
    assert_eq!(
        edit["details"]["before"]["base_url"],
        "http://127.0.0.1:43121"
    );
    assert_eq!(
        edit["details"]["after"]["base_url"],
        "https://helpdesk.example.com"
    );
    // The OS account, not $USER (which the test sets to `tester`).
    let pw = unsafe { libc::getpwuid(libc::getuid()) };
    let me = unsafe { std::ffi::CStr::from_ptr((*pw).pw_name) }.to_string_lossy();
    assert_eq!(edit["actor"], me.as_ref());
}

#[test]
fn token_from_stdin() {
    let env = Env::initialized();
    Test::with_env(&env)
        .args(&[
            "connector",
            "add",
            "kimai",
            "--name",
            "k",
            "--url",
            "http://localhost:8001",
            "--token-stdin",
            "--no-check",
        ])
        .stdin("tok-from-stdin\n")
        .run();
    assert_eq!(list_json(&env).as_array().unwrap().len(), 1);
}

#[test]
fn bad_inputs_change_nothing() {
    let env = Env::initialized().with_connectors("tok-abc");
    let before = list_json(&env);
    let token = env.write("t2.txt", "tok-2\n");
    let token = token.to_str().unwrap();
    fn add<'a>(args: &[&'a str]) -> Vec<&'a str> {
        let mut v = vec!["connector", "add"];
        v.extend_from_slice(args);
        v
    }
    // Duplicate name.
    Test::with_env(&env)
        .args(&add(&[
            "kimai",
            "--name",
            "kim",
            "--url",
            "https://k2.example.com",
            "--token-file",
            token,
        ]))
        .status(2)
        .stderr_contains("already exists")
        .run();
    // Bad URLs.
    for url in [
        "ftp://x.example.com",
        "not a url",
        "http://",
        "https://user:pw@x.example.com",
    ] {
        Test::with_env(&env)
            .args(&add(&[
                "kimai",
                "--name",
                "k2",
                "--url",
                url,
                "--token-file",
                token,
            ]))
            .status(2)
            .stderr_contains("invalid --url")
            .run();
    }
    // Missing token file.
    Test::with_env(&env)
        .args(&add(&[
            "kimai",
            "--name",
            "k2",
            "--url",
            "https://k2.example.com",
            "--token-file",
            "/nonexistent/tok",
        ]))
        .status(2)
        .stderr_contains("cannot read token file /nonexistent/tok")
        .run();
    // Empty token file.
    let empty = env.write("empty.txt", "\n");
    Test::with_env(&env)
        .args(&add(&[
            "kimai",
            "--name",
            "k2",
            "--url",
            "https://k2.example.com",
            "--token-file",
            empty.to_str().unwrap(),
        ]))
        .status(2)
        .stderr_contains("empty")
        .run();
    // No token and no terminal.
    Test::with_env(&env)
        .args(&add(&[
            "kimai",
            "--name",
            "k2",
            "--url",
            "https://k2.example.com",
        ]))
        .status(2)
        .stderr_contains("--token-file")
        .run();
    // Time unit: required for zammad, validated, rejected for kimai.
    Test::with_env(&env)
        .args(&add(&[
            "zammad",
            "--name",
            "z2",
            "--url",
            "https://z.example.com",
            "--token-file",
            token,
        ]))
        .status(2)
        .stderr_contains("--time-unit is required")
        .run();
    Test::with_env(&env)
        .args(&add(&[
            "zammad",
            "--name",
            "z2",
            "--url",
            "https://z.example.com",
            "--token-file",
            token,
            "--time-unit",
            "fortnight",
        ]))
        .status(2)
        .stderr_contains("invalid --time-unit")
        .run();
    Test::with_env(&env)
        .args(&add(&[
            "kimai",
            "--name",
            "k2",
            "--url",
            "https://k.example.com",
            "--token-file",
            token,
            "--time-unit",
            "minute",
        ]))
        .status(2)
        .run();
    // Unknown connector.
    Test::with_env(&env)
        .args(&["connector", "show", "zan"])
        .status(2)
        .stderr_contains("no connector named zan (did you mean zam?)")
        .run();
    Test::with_env(&env)
        .args(&[
            "connector",
            "edit",
            "nope",
            "--url",
            "https://x.example.com",
        ])
        .status(2)
        .run();
    Test::with_env(&env)
        .args(&["connector", "remove", "nope"])
        .status(2)
        .run();
    // Edit to an existing name.
    Test::with_env(&env)
        .args(&["connector", "edit", "zam", "--rename", "kim"])
        .status(2)
        .stderr_contains("already exists")
        .run();
    assert_eq!(list_json(&env), before);
}

#[test]
fn remove_refuses_while_mappings_refer_unless_forced() {
    let env = Env::initialized().with_connectors("tok-abc");
    Test::with_env(&env)
        .args(&[
            "mapping", "add", "activity", "--source", "3", "--target", "7",
        ])
        .run();
    let before = list_json(&env);
    Test::with_env(&env)
        .args(&["connector", "remove", "kim"])
        .status(1)
        .stderr_contains("1 mappings")
        .stderr_contains("--force")
        .run();
    assert_eq!(list_json(&env), before);
    Test::with_env(&env)
        .args(&["connector", "remove", "kim", "--force"])
        .run();
    let mappings = Test::with_env(&env)
        .args(&["mapping", "list", "--output", "json"])
        .run()
        .json();
    assert_eq!(mappings, serde_json::json!([]));
    let audit = Test::with_env(&env)
        .args(&[
            "audit",
            "list",
            "--action",
            "connector.remove",
            "--output",
            "json",
        ])
        .run()
        .json();
    assert_eq!(audit[0]["details"]["forced"], true);
    assert_eq!(audit[0]["details"]["removed"]["mappings"], 1);
}

#[test]
fn add_needs_an_identity() {
    let env = Env::new();
    let token = env.write("t.txt", "tok\n");
    Test::with_env(&env)
        .args(&[
            "connector",
            "add",
            "kimai",
            "--name",
            "k",
            "--url",
            "https://k.example.com",
        ])
        .args(&["--token-file", token.to_str().unwrap()])
        .status(2)
        .stderr_contains("syncd init")
        .run();
}
