//! `syncd audit export` and `syncd audit verify` through the binary: an export verifies;
//! an edited, removed or reordered row is named by its line.

use crate::support::{Env, Test};
use serde_json::Value;
use syncd::audit::{AuditCategory, AuditEvent, AuditSource};

/// A store holding eight rows over three days, with nested details and HTTP rows.
fn seeded() -> Env {
    let env = Env::new();
    let store = syncd::store::Store::open(&env.db()).unwrap();
    for (i, day) in [1, 1, 2, 2, 2, 3, 3, 3].iter().enumerate() {
        let http = i % 3 == 0;
        let event = AuditEvent {
            actor: if http { "zammad".into() } else { "ann".into() },
            source: if http {
                AuditSource::Http
            } else {
                AuditSource::Cli
            },
            category: if http {
                AuditCategory::Access
            } else {
                AuditCategory::Config
            },
            action: format!("mapping.add{i}"),
            target: Some(format!("activity {i}")),
            details: Some(
                serde_json::json!({"after": {"target": i, "name": "Support ü"}, "n": 1.5}),
            ),
            ip: http.then(|| "10.0.0.7".into()),
            user_agent: http.then(|| "Zammad User Agent".into()),
            run_id: None,
        };
        store
            .record_audit_at(&event, &format!("2026-11-0{day}T10:00:0{i}.000Z"))
            .unwrap();
    }
    env
}

fn export(env: &Env, extra: &[&str]) -> Vec<String> {
    let out = Test::with_env(env)
        .args(&["audit", "export"])
        .args(extra)
        .stderr_contains("head ")
        .run();
    out.stdout.lines().map(String::from).collect()
}

fn verify(env: &Env, lines: &[String], status: i32) -> (String, String) {
    let file = env.write("export.ndjson", &format!("{}\n", lines.join("\n")));
    let out = Test::with_env(env)
        .args(&["audit", "verify", file.to_str().unwrap()])
        .status(status)
        .run();
    (out.stdout, out.stderr)
}

fn id_on(line: &str) -> i64 {
    serde_json::from_str::<Value>(line).unwrap()["id"]
        .as_i64()
        .unwrap()
}

#[test]
fn audit_export_then_verify_is_intact() {
    let env = seeded();
    let lines = export(&env, &[]);
    assert_eq!(lines.len(), 8 + 2, "header, 8 rows, end");
    let header: Value = serde_json::from_str(&lines[0]).unwrap();
    assert_eq!(header["type"], "export");
    assert_eq!(
        header["prev"],
        "0".repeat(64),
        "nothing before the first row"
    );
    for pair in lines.windows(2) {
        let (a, b): (Value, Value) = (
            serde_json::from_str(&pair[0]).unwrap(),
            serde_json::from_str(&pair[1]).unwrap(),
        );
        assert_eq!(
            b["prev"], a["hash"],
            "every row carries the hash of the previous one"
        );
    }
    let row: Value = serde_json::from_str(&lines[1]).unwrap();
    assert_eq!(row["details"]["after"]["name"], "Support ü");
    let (out, _) = verify(&env, &lines, 0);
    assert!(out.contains("intact: 8 audit rows"), "{out}");

    // The export is itself recorded, with the head an auditor keeps.
    let rows: Value = serde_json::from_str(
        &Test::with_env(&env)
            .args(&[
                "audit",
                "list",
                "--action",
                "audit.export",
                "--output",
                "json",
            ])
            .run()
            .stdout,
    )
    .unwrap();
    let end: Value = serde_json::from_str(lines.last().unwrap()).unwrap();
    assert_eq!(rows[0]["details"]["summary"]["head"], end["hash"]);

    // An auditor needs neither a config nor a store.
    let auditor = Env::new();
    let file = auditor.write("export.ndjson", &format!("{}\n", lines.join("\n")));
    let out = Test::with_env(&auditor)
        .args(&[
            "audit",
            "verify",
            file.to_str().unwrap(),
            "--output",
            "json",
        ])
        .run();
    assert_eq!(out.json()["intact"], true);
    assert_eq!(out.json()["head"], end["hash"]);
    assert!(!auditor.db().exists(), "verify opens no store");
}

#[test]
fn audit_verify_names_an_edited_row() {
    let env = seeded();
    let mut lines = export(&env, &[]);
    let id = id_on(&lines[4]);
    lines[4] = lines[4].replace("\"action\":\"mapping.add", "\"action\":\"mapping.remove");
    assert!(lines[4].contains("mapping.remove"));
    let (_, err) = verify(&env, &lines, 1);
    assert!(
        err.contains(&format!(
            "line 5 (audit row {id}): this audit row was edited"
        )),
        "{err}"
    );
    assert!(err.contains("NOT intact: 1 problem"), "{err}");
}

#[test]
fn audit_verify_finds_a_removed_row() {
    let env = seeded();
    let mut lines = export(&env, &[]);
    let next = id_on(&lines[4]);
    lines.remove(3);
    let (_, err) = verify(&env, &lines, 1);
    assert!(
        err.contains(&format!(
            "line 4 (audit row {next}): does not follow line 3"
        )),
        "{err}"
    );
    assert!(
        err.contains("the end line counts 8 rows but 7 were found"),
        "{err}"
    );
    // The last row cut off with the end line: the file ends too early.
    let good = export(&env, &[]);
    let (_, err) = verify(&env, &good[..good.len() - 2], 1);
    assert!(err.contains("ends without its end line"), "{err}");
}

#[test]
fn audit_verify_finds_reordered_rows_and_json_lists_problems() {
    let env = seeded();
    let mut lines = export(&env, &[]);
    lines.swap(2, 3);
    let file = env.write("swapped.ndjson", &format!("{}\n", lines.join("\n")));
    let out = Test::with_env(&env)
        .args(&[
            "audit",
            "verify",
            file.to_str().unwrap(),
            "--output",
            "json",
        ])
        .status(1)
        .run();
    let report = out.json();
    assert_eq!(report["intact"], false);
    let kinds: Vec<(u64, &str)> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["line"].as_u64().unwrap(), p["kind"].as_str().unwrap()))
        .collect();
    assert!(kinds.contains(&(4, "reordered")), "{kinds:?}");
}

#[test]
fn audit_export_since_anchors_on_the_row_before() {
    let env = seeded();
    let all = export(&env, &[]);
    let lines = export(&env, &["--since", "2026-11-02"]);
    // Days 2 and 3 (6 rows) and the audit.export row of the first export.
    assert_eq!(lines.len(), 6 + 1 + 2);
    let header: Value = serde_json::from_str(&lines[0]).unwrap();
    assert_eq!(header["anchor_id"], id_on(&all[2]));
    assert_eq!(header["since"], "2026-11-02T00:00:00.000Z");
    assert_eq!(id_on(&lines[1]), id_on(&all[3]));
    verify(&env, &lines, 0);
    Test::with_env(&env)
        .args(&["audit", "export", "--since", "last tuesday"])
        .status(2)
        .stderr_contains("invalid --since `last tuesday`")
        .run();
}
