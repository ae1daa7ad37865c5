use crate::support::{Env, Test};

fn list(env: &Env) -> serde_json::Value {
    Test::with_env(env)
        .args(&["mapping", "list", "--output", "json"])
        .run()
        .json()
}

#[test]
fn add_list_remove() {
    let env = Env::initialized().with_connectors("tok");
    Test::with_env(&env)
        .args(&[
            "mapping", "add", "activity", "--source", "3", "--target", "7",
        ])
        .run();
    Test::with_env(&env)
        .args(&[
            "mapping", "add", "customer", "--source", "12", "--target", "4",
        ])
        .run();
    Test::with_env(&env)
        .args(&[
            "mapping",
            "add",
            "project",
            "--source",
            "ticket:42",
            "--target",
            "9",
        ])
        .run();
    Test::with_env(&env)
        .args(&[
            "mapping", "add", "project", "--source", "org:12", "--target", "10",
        ])
        .run();
    Test::with_env(&env)
        .args(&["mapping", "add", "user", "--source", "5", "--target", "2"])
        .run();
    let all = list(&env);
    assert_eq!(all.as_array().unwrap().len(), 5);
    let first = &all[0];
    assert_eq!(first["kind"], "activity");
    assert_eq!(first["source_key"], "3");
    assert_eq!(first["target_id"], 7);
    assert_eq!(first["zammad"], "zam");
    assert_eq!(first["kimai"], "kim");
    assert_eq!(first["auto_created"], false);

    let projects = Test::with_env(&env)
        .args(&["mapping", "list", "--kind", "project", "--output", "json"])
        .run()
        .json();
    let keys: Vec<&str> = projects
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["source_key"].as_str().unwrap())
        .collect();
    assert_eq!(keys.len(), 2);
    assert!(keys.contains(&"ticket:42") && keys.contains(&"org:12"));

    // Upsert replaces the target.
    Test::with_env(&env)
        .args(&[
            "mapping", "add", "activity", "--source", "3", "--target", "8",
        ])
        .run();
    let all = list(&env);
    assert_eq!(all.as_array().unwrap().len(), 5);
    assert_eq!(all[0]["target_id"], 8);

    Test::with_env(&env)
        .args(&["mapping", "remove", "activity", "--source", "3"])
        .run();
    assert_eq!(list(&env).as_array().unwrap().len(), 4);
    Test::with_env(&env)
        .args(&["mapping", "remove", "activity", "--source", "3"])
        .status(2)
        .stderr_contains("no activity mapping for 3")
        .run();
    Test::with_env(&env)
        .args(&["mapping", "list"])
        .stdout_contains("ticket:42")
        .run();
}

#[test]
fn bad_mappings_change_nothing() {
    let env = Env::initialized().with_connectors("tok");
    Test::with_env(&env)
        .args(&[
            "mapping", "add", "activity", "--source", "3", "--target", "7",
        ])
        .run();
    let before = list(&env);
    Test::with_env(&env)
        .args(&[
            "mapping", "add", "activity", "--source", "3", "--target", "7", "--kimai", "nokimai",
        ])
        .status(2)
        .stderr_contains("no connector named nokimai")
        .run();
    Test::with_env(&env)
        .args(&[
            "mapping", "add", "activity", "--source", "3", "--target", "7", "--zammad", "kim",
        ])
        .status(2)
        .stderr_contains("not zammad")
        .run();
    Test::with_env(&env)
        .args(&[
            "mapping", "add", "project", "--source", "42", "--target", "7",
        ])
        .status(2)
        .stderr_contains("ticket:<id>")
        .run();
    Test::with_env(&env)
        .args(&["mapping", "add", "user", "--source", "-3", "--target", "7"])
        .status(2)
        .run();
    Test::with_env(&env)
        .args(&["mapping", "add", "user", "--source", "5", "--target", "0"])
        .status(2)
        .stderr_contains("invalid user target")
        .run();
    assert_eq!(list(&env), before);
}

#[test]
fn mapping_without_connectors_is_a_clear_error() {
    let env = Env::initialized();
    Test::with_env(&env)
        .args(&[
            "mapping", "add", "activity", "--source", "3", "--target", "7",
        ])
        .status(2)
        .stderr_contains("no zammad connector configured")
        .run();
    assert_eq!(list(&env), serde_json::json!([]));
}

#[test]
fn export_then_import_round_trips() {
    let env = Env::initialized().with_connectors("tok");
    Test::with_env(&env)
        .args(&[
            "mapping", "add", "activity", "--source", "3", "--target", "7",
        ])
        .run();
    Test::with_env(&env)
        .args(&[
            "mapping",
            "add",
            "project",
            "--source",
            "ticket:42",
            "--target",
            "9",
        ])
        .run();
    let yaml = Test::with_env(&env)
        .args(&["mapping", "export"])
        .run()
        .stdout;
    let json = Test::with_env(&env)
        .args(&["mapping", "export", "--output", "json"])
        .run()
        .stdout;
    let yaml_file = env.write("m.yaml", &yaml);
    let json_file = env.write("m.json", &json);

    for file in [&yaml_file, &json_file] {
        Test::with_env(&env)
            .args(&["mapping", "remove", "activity", "--source", "3"])
            .run();
        Test::with_env(&env)
            .args(&["mapping", "remove", "project", "--source", "ticket:42"])
            .run();
        assert_eq!(list(&env), serde_json::json!([]));
        Test::with_env(&env)
            .args(&["mapping", "import", file.to_str().unwrap()])
            .stdout_contains("imported 2 mappings")
            .run();
        let all = list(&env);
        assert_eq!(all.as_array().unwrap().len(), 2);
    }

    // A bad entry anywhere: nothing imported.
    let before = list(&env);
    let bad = env.write(
        "bad.yaml",
        "mappings:\n- kind: activity\n  source: 4\n  target: 1\n- kind: project\n  source: nope\n  target: 2\n",
    );
    Test::with_env(&env)
        .args(&["mapping", "import", bad.to_str().unwrap()])
        .status(2)
        .stderr_contains("entry 2")
        .run();
    assert_eq!(list(&env), before);
}
