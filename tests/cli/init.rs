use crate::support::{Env, Test};

#[test]
fn init_creates_config_store_and_identity() {
    let env = Env::new();
    let out = Test::with_env(&env)
        .args(&["init", "--non-interactive"])
        .stdout_contains("(created)")
        .stdout_contains("identity file")
        .run();
    assert!(
        out.stdout.contains(env.config_file().to_str().unwrap()),
        "{}",
        out.stdout
    );
    assert!(env.config_file().is_file());
    assert!(env.db().is_file());
    let identity = env.data_dir().join("identity.txt");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&identity).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    // Re-running keeps everything.
    let before = std::fs::read(&identity).unwrap();
    let out = Test::with_env(&env)
        .args(&["init", "--output", "json"])
        .run()
        .json();
    assert_eq!(out["config_created"], false);
    assert_eq!(out["identity_created"], false);
    assert_eq!(std::fs::read(&identity).unwrap(), before);
}

#[test]
fn init_reports_identity_from_environment() {
    let env = Env::new();
    use secrecy::ExposeSecret;
    let key = age::x25519::Identity::generate()
        .to_string()
        .expose_secret()
        .to_string();
    let key = key.as_str();
    let out = Test::with_env(&env)
        .args(&["init", "--output", "json"])
        .env("SYNCD_IDENTITY", key)
        .run()
        .json();
    assert_eq!(
        out["identity_source"],
        "SYNCD_IDENTITY environment variable"
    );
    assert!(!env.data_dir().join("identity.txt").exists());
}

#[test]
fn init_writes_to_explicit_config_path() {
    let env = Env::new();
    let path = env.home().join("etc/custom.yaml");
    Test::with_env(&env)
        .args(&["init", "--config", path.to_str().unwrap()])
        .run();
    assert!(path.is_file());
    Test::with_env(&env)
        .args(&["config", "check", "--config", path.to_str().unwrap()])
        .stdout_contains("config OK")
        .run();
}
