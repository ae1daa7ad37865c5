use crate::support::{Env, Test};
use syncd::config::Settings;

#[test]
fn example_config_equals_defaults_and_documents_every_key() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/config.example.yaml");
    let text = std::fs::read_to_string(path).unwrap();
    let parsed = Settings::from_yaml_str(&text, "config.example.yaml").unwrap();
    assert_eq!(parsed, Settings::default());
    let value = serde_json::to_value(Settings::default()).unwrap();
    for (key, v) in value.as_object().unwrap() {
        assert!(
            text.contains(&format!("{key}:")),
            "config.example.yaml lacks `{key}`"
        );
        if let Some(section) = v.as_object() {
            for sub in section.keys() {
                assert!(
                    text.contains(&format!("{sub}:")),
                    "config.example.yaml lacks `{key}.{sub}`"
                );
            }
        }
    }
}

#[test]
fn check_without_file_uses_defaults() {
    Test::new()
        .args(&["config", "check"])
        .stdout_contains("config OK (no config file")
        .run();
}

#[test]
fn check_names_the_file() {
    let env = Env::initialized();
    Test::with_env(&env)
        .args(&["config", "check"])
        .stdout_contains(&format!("config OK ({})", env.config_file().display()))
        .run();
}

#[test]
fn unknown_key_names_file_line_and_suggestion() {
    let env = Env::new();
    let file = env.write("c.yaml", "sync:\n  concurrency: 2\n  lookback_minute: 5\n");
    let out = Test::with_env(&env)
        .args(&["config", "check", "--config", file.to_str().unwrap()])
        .status(2)
        .stderr_contains("c.yaml line 3")
        .stderr_contains("unknown key `lookback_minute`")
        .stderr_contains("did you mean `lookback_minutes`")
        .run();
    assert!(out.stdout.is_empty());
}

#[test]
fn malformed_yaml_names_file_and_line() {
    let env = Env::new();
    let file = env.write(
        "bad.yaml",
        "sync:\n  concurrency: [1, 2\ndaemon:\n  listen: x\n",
    );
    Test::with_env(&env)
        .args(&["config", "check", "--config", file.to_str().unwrap()])
        .status(2)
        .stderr_contains("bad.yaml line")
        .run();
    let file = env.write("type.yaml", "sync:\n  concurrency: many\n");
    Test::with_env(&env)
        .args(&["config", "show", "--config", file.to_str().unwrap()])
        .status(2)
        .stderr_contains("type.yaml line 2")
        .stderr_contains("`concurrency`")
        .run();
}

#[test]
fn semantic_errors_and_env_overrides() {
    let env = Env::new();
    let file = env.write("c.yaml", "sync:\n  project_policy: fixed\n");
    Test::with_env(&env)
        .args(&["config", "check", "--config", file.to_str().unwrap()])
        .status(2)
        .stderr_contains("sync.fixed_project")
        .run();
    Test::with_env(&env)
        .args(&["config", "check"])
        .env("SYNCD_SYNC_CONCURRENCY", "zero")
        .status(2)
        .stderr_contains("SYNCD_SYNC_CONCURRENCY")
        .run();
    Test::with_env(&env)
        .args(&["config", "check"])
        .env("SYNCD_DAEMON_LISTEN", "not an address")
        .status(2)
        .stderr_contains("daemon.listen")
        .run();
    let shown = Test::with_env(&env)
        .args(&["config", "show", "--output", "json"])
        .env("SYNCD_SYNC_CONCURRENCY", "8")
        .env("SYNCD_AUDIT_RETENTION_DAYS", "30")
        .run()
        .json();
    assert_eq!(shown["sync"]["concurrency"], 8);
    assert_eq!(shown["audit"]["retention_days"], 30);
    assert_eq!(shown["database"], env.db().to_str().unwrap());
}

#[test]
fn explicit_config_must_exist() {
    let env = Env::new();
    Test::with_env(&env)
        .args(&["config", "check", "--config", "/nonexistent/syncd.yaml"])
        .status(2)
        .stderr_contains("/nonexistent/syncd.yaml")
        .run();
    Test::with_env(&env)
        .args(&["config", "check"])
        .env("SYNCD_CONFIG", "/nonexistent/other.yaml")
        .status(2)
        .stderr_contains("SYNCD_CONFIG")
        .run();
}

#[test]
fn show_prints_yaml_with_resolved_paths() {
    let env = Env::initialized();
    let out = Test::with_env(&env).args(&["config", "show"]).run();
    assert!(out.stdout.contains("concurrency: 4"), "{}", out.stdout);
    assert!(
        out.stdout.contains(env.db().to_str().unwrap()),
        "{}",
        out.stdout
    );
    Test::with_env(&env)
        .args(&[
            "config",
            "show",
            "--db",
            "/tmp/elsewhere.db",
            "--output",
            "json",
        ])
        .stdout_contains("/tmp/elsewhere.db")
        .run();
}
