use crate::support::{Env, Test};
use syncd::audit::{AuditCategory, AuditEvent, AuditSource};

fn event(
    category: AuditCategory,
    action: &str,
    actor: &str,
    ip: Option<&str>,
    run: Option<&str>,
) -> AuditEvent {
    AuditEvent {
        actor: actor.into(),
        source: if ip.is_some() {
            AuditSource::Http
        } else {
            AuditSource::Daemon
        },
        category,
        action: action.into(),
        target: None,
        details: None,
        ip: ip.map(String::from),
        user_agent: ip.map(|_| "curl/8".to_string()),
        run_id: run.map(String::from),
    }
}

fn seed(env: &Env) {
    let store = syncd::store::Store::open(&env.db()).unwrap();
    let old = "2020-01-01T00:00:00.000Z";
    store
        .record_audit_at(
            &event(
                AuditCategory::Access,
                "webhook.receive",
                "zammad",
                Some("10.0.0.1"),
                None,
            ),
            old,
        )
        .unwrap();
    store
        .record_audit_at(
            &event(
                AuditCategory::Access,
                "healthz",
                "-",
                Some("10.0.0.2"),
                None,
            ),
            old,
        )
        .unwrap();
    store
        .record_audit_at(
            &event(
                AuditCategory::Sync,
                "sync.run",
                "daemon",
                None,
                Some("run-1"),
            ),
            old,
        )
        .unwrap();
    store
        .record_audit_at(
            &event(AuditCategory::Config, "schedule.set", "alice", None, None),
            old,
        )
        .unwrap();
    store
        .record_audit(&event(
            AuditCategory::Access,
            "webhook.receive",
            "zammad",
            Some("10.0.0.1"),
            None,
        ))
        .unwrap();
    store
        .record_audit(&event(
            AuditCategory::Sync,
            "sync.run",
            "daemon",
            None,
            Some("run-2"),
        ))
        .unwrap();
}

fn list(env: &Env, args: &[&str]) -> Vec<serde_json::Value> {
    Test::with_env(env)
        .args(&["audit", "list", "--output", "json"])
        .args(args)
        .run()
        .json()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn filters_combine() {
    let env = Env::initialized();
    seed(&env);
    assert_eq!(list(&env, &["--category", "access"]).len(), 3);
    assert_eq!(
        list(&env, &["--category", "access", "--ip", "10.0.0.1"]).len(),
        2
    );
    assert_eq!(
        list(
            &env,
            &[
                "--category",
                "access",
                "--ip",
                "10.0.0.1",
                "--since",
                "2021-01-01"
            ]
        )
        .len(),
        1
    );
    assert_eq!(list(&env, &["--until", "2021-01-01"]).len(), 4);
    assert_eq!(
        list(&env, &["--since", "1d", "--action", "sync.run"]).len(),
        1
    );
    assert_eq!(list(&env, &["--actor", "alice"]).len(), 1);
    let run = list(&env, &["--run", "run-1"]);
    assert_eq!(run.len(), 1);
    assert_eq!(run[0]["run_id"], "run-1");
    assert_eq!(list(&env, &["--limit", "2"]).len(), 2);
    // Newest first.
    let all = list(&env, &[]);
    assert!(all[0]["ts"].as_str().unwrap() >= all[all.len() - 1]["ts"].as_str().unwrap());
    Test::with_env(&env)
        .args(&["audit", "list", "--since", "yesterday-ish"])
        .status(2)
        .stderr_contains("invalid --since")
        .run();
    Test::with_env(&env)
        .args(&["audit", "list", "--category", "bogus"])
        .status(2)
        .run();
}

#[test]
fn prune_removes_only_old_access_rows() {
    let env = Env::initialized();
    seed(&env);
    let before = list(&env, &[]).len();
    Test::with_env(&env)
        .args(&["audit", "prune", "--older-than", "30"])
        .stdout_contains("pruned 2 access rows")
        .run();
    let access = list(&env, &["--category", "access"]);
    assert_eq!(access.len(), 1, "the recent access row stays");
    assert_eq!(list(&env, &["--category", "sync"]).len(), 2);
    assert_eq!(list(&env, &["--actor", "alice"]).len(), 1);
    // Two pruned, one audit.prune row added.
    assert_eq!(list(&env, &[]).len(), before - 2 + 1);
    let prune = list(&env, &["--action", "audit.prune"]);
    assert_eq!(prune[0]["details"]["removed"], 2);
    // Default retention (90 days) keeps the recent row.
    Test::with_env(&env)
        .args(&["audit", "prune"])
        .stdout_contains("pruned 0")
        .run();
}
