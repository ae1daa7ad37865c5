//! `syncd webhook install` against the Zammad simulator's webhooks and triggers, and a
//! delivery signed with the token Zammad received, accepted by a running `syncd serve`.

use crate::scenario::Scenario;
use serde_json::Value;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};
use syncd_sim::zammad_automation::{SimTrigger, SimWebhook};

const URL: &str = "https://syncd.example.com/webhooks/zammad";

fn install(s: &Scenario, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec!["webhook", "install", "--url", URL];
    args.extend_from_slice(extra);
    let out = s.run(&args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn ours(s: &Scenario) -> (Vec<SimWebhook>, Vec<SimTrigger>) {
    let mine = |note: &Option<String>| {
        note.as_deref()
            .is_some_and(|n| n.contains("[syncd-managed]"))
    };
    (
        s.zammad
            .webhooks()
            .into_iter()
            .filter(|w| mine(&w.note))
            .collect(),
        s.zammad
            .triggers()
            .into_iter()
            .filter(|t| mine(&t.note))
            .collect(),
    )
}

fn zammad_writes(s: &Scenario) -> u64 {
    s.zammad
        .request_counts()
        .iter()
        .filter(|(kind, _)| {
            ["POST ", "PUT ", "PATCH ", "DELETE "]
                .iter()
                .any(|m| kind.starts_with(m))
        })
        .map(|(_, n)| n)
        .sum()
}

fn secrets(s: &Scenario) -> Vec<String> {
    let list: Value =
        serde_json::from_str(&s.ok(&["webhook", "secret", "list", "--output", "json"])).unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .map(|x| x["name"].as_str().unwrap().to_string())
        .collect()
}

fn audit_actions(s: &Scenario, action: &str) -> Vec<Value> {
    let rows: Value =
        serde_json::from_str(&s.ok(&["audit", "list", "--action", action, "--output", "json"]))
            .unwrap();
    rows.as_array().unwrap().clone()
}

#[test]
fn webhook_install_twice_creates_one_webhook_and_one_trigger() {
    let s = Scenario::new("UTC", "minute");
    let seeded = s.zammad.triggers();
    let (code, out, err) = install(&s, &["--output", "json"]);
    assert_eq!(code, 0, "{out}\n{err}");
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["webhook"]["action"], "create");
    assert_eq!(report["trigger"]["action"], "create");

    let (webhooks, triggers) = ours(&s);
    assert_eq!((webhooks.len(), triggers.len()), (1, 1));
    let w = &webhooks[0];
    assert_eq!((w.name.as_str(), w.endpoint.as_str()), ("syncd", URL));
    assert!(w.ssl_verify && w.active && w.customized_payload);
    let token = w.signature_token.clone().expect("a signature token");
    assert!(token.len() >= 32, "a long random token");
    let t = &triggers[0];
    assert_eq!(t.webhook_ids(), vec![w.id]);
    assert_eq!(t.condition["ticket.time_unit"]["operator"], "has changed");
    assert_eq!(t.condition["ticket.action"]["value"], "update");
    assert_eq!((t.activator.as_str(), t.active), ("action", true));
    assert_eq!(s.zammad.triggers().len(), seeded.len() + 1);
    assert_eq!(secrets(&s).len(), 1);
    // The token is in the request Zammad got and nowhere syncd writes text.
    assert!(!out.contains(&token) && !err.contains(&token));
    let audit = audit_actions(&s, "webhook.install");
    assert_eq!(audit.len(), 1);
    assert!(!audit[0].to_string().contains(&token));

    // Again: nothing is written anywhere.
    let writes = zammad_writes(&s);
    let (code, out, _) = install(&s, &[]);
    assert_eq!(code, 0);
    assert!(out.contains("nothing to change"), "{out}");
    assert_eq!(zammad_writes(&s), writes, "a second install writes nothing");
    let (webhooks, triggers) = ours(&s);
    assert_eq!((webhooks.len(), triggers.len()), (1, 1));
    assert_eq!(webhooks[0].signature_token.as_deref(), Some(token.as_str()));
    assert_eq!(secrets(&s).len(), 1);
    assert_eq!(audit_actions(&s, "webhook.install").len(), 1);

    // A new URL moves the endpoint and keeps the token; --rotate-token replaces it.
    let moved = "https://hooks.example.com/webhooks/zammad";
    s.ok(&["webhook", "install", "--url", moved]);
    let (webhooks, _) = ours(&s);
    assert_eq!(webhooks[0].endpoint, moved);
    assert_eq!(webhooks[0].signature_token.as_deref(), Some(token.as_str()));
    let before = secrets(&s);
    s.ok(&["webhook", "install", "--url", moved, "--rotate-token"]);
    let (webhooks, triggers) = ours(&s);
    assert_eq!((webhooks.len(), triggers.len()), (1, 1));
    assert_ne!(webhooks[0].signature_token.as_deref(), Some(token.as_str()));
    let after = secrets(&s);
    assert_eq!(after.len(), 1, "the replaced secret is removed: {after:?}");
    assert_ne!(after, before);
}

#[test]
fn webhook_install_dry_run_writes_nothing() {
    let s = Scenario::new("UTC", "minute");
    let (code, out, err) = install(&s, &["--dry-run"]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("would be created"), "{out}");
    assert!(out.contains("nothing was written"), "{out}");
    assert_eq!(zammad_writes(&s), 0);
    assert!(s.zammad.webhooks().is_empty());
    assert!(secrets(&s).is_empty(), "no secret is stored by a dry run");
    assert!(audit_actions(&s, "webhook.install").is_empty());
    let json: Value =
        serde_json::from_str(&install(&s, &["--dry-run", "--output", "json"]).1).unwrap();
    assert_eq!(json["dry_run"], true);
    assert_eq!(json["new_token"], "new_webhook");
    // After a real install, a dry run with another URL names the change and makes none.
    s.ok(&["webhook", "install", "--url", URL]);
    let writes = zammad_writes(&s);
    let out = s.ok(&[
        "webhook",
        "install",
        "--url",
        "https://other.example.com/webhooks/zammad",
        "--dry-run",
    ]);
    assert!(out.contains("would be updated (endpoint"), "{out}");
    assert_eq!(zammad_writes(&s), writes);
    assert_eq!(ours(&s).0[0].endpoint, URL);
}

#[test]
fn webhook_install_never_touches_webhooks_and_triggers_it_did_not_make() {
    let s = Scenario::new("UTC", "minute");
    // An admin's own webhook named like syncd's, and a trigger calling it.
    let theirs = s
        .zammad
        .add_webhook("syncd", "https://old.example.com/hook", None);
    s.zammad
        .add_webhook_trigger("notify old system", theirs, Some("by hand"));
    let before = (s.zammad.webhooks(), s.zammad.triggers());
    s.ok(&["webhook", "install", "--url", URL]);
    let (webhooks, triggers) = ours(&s);
    assert_eq!((webhooks.len(), triggers.len()), (1, 1));
    assert_ne!(webhooks[0].id, theirs);
    for w in &before.0 {
        assert!(s.zammad.webhooks().contains(w), "changed: {w:?}");
    }
    for t in &before.1 {
        assert!(s.zammad.triggers().contains(t), "changed: {t:?}");
    }

    // A trigger of theirs holding the name stops the install before any write.
    let t = Scenario::new("UTC", "minute");
    let hook = t
        .zammad
        .add_webhook("ops", "https://ops.example.com/hook", None);
    t.zammad.add_webhook_trigger("SyncD", hook, None);
    let (code, _, err) = install(&t, &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("trigger named `SyncD`") && err.contains("did not create"),
        "{err}"
    );
    assert!(err.contains("--name"), "{err}");
    assert_eq!(zammad_writes(&t), 0);
    assert!(secrets(&t).is_empty());
    t.ok(&["webhook", "install", "--url", URL, "--name", "syncd-prod"]);
    assert_eq!(ours(&t).1[0].name, "syncd-prod");
}

#[test]
fn webhook_install_without_admin_permissions_says_which() {
    let s = Scenario::new("UTC", "minute");
    s.zammad.set_admin_trigger(false);
    let (code, _, err) = install(&s, &[]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(
            "the Zammad token needs admin.webhook and admin.trigger to install the webhook"
        ),
        "{err}"
    );
    assert_eq!(zammad_writes(&s), 0);
    assert!(secrets(&s).is_empty());
    let out = s.run(&["webhook", "install", "--url", "not a url"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(err.contains("invalid --url `not a url`"), "{err}");
}

struct Daemon(Child);

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn wait_for(what: &str, mut ok: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ok() {
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn installed_webhook_deliveries_are_accepted_by_serve() {
    let s = Scenario::new("UTC", "minute");
    s.small_helpdesk();
    let entry = s.entry(101, "30.0", 1, 3, "2026-11-02T10:00:00.000Z");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/webhooks/zammad");
    s.ok(&["webhook", "install", "--url", &url]);
    let _daemon = Daemon(
        s.command(&["serve", "--listen", &format!("127.0.0.1:{port}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    // What Zammad's trigger sends: its webhook's payload, signed with the token it holds.
    let hook = ours(&s).0.remove(0);
    let body = s.zammad.webhook_body(hook.id, 101).unwrap();
    assert_eq!(
        serde_json::from_slice::<Value>(&body).unwrap(),
        serde_json::json!({"ticket_id": "101"})
    );
    let send = |token: &str, delivery: &str| {
        syncd_sim::webhook::send_webhook_blocking(&hook.endpoint, Some(token), &body, delivery)
    };
    let token = hook.signature_token.clone().unwrap();
    wait_for("the daemon to listen", || {
        send("wrong-token-wrong-token", "probe").is_ok()
    });
    assert_eq!(send("wrong-token-wrong-token", "d-0").unwrap(), 401);
    assert_eq!(send(&token, "d-1").unwrap(), 202);
    wait_for("the delivery's sync", || {
        s.timesheets_by_entry().contains_key(&entry)
    });
}

#[test]
fn webhook_install_on_zammad_7_uses_post_and_stays_idempotent() {
    let s = Scenario::new("UTC", "minute");
    s.zammad.set_version("7.0.1-1736000000.abcdef.noble");
    s.ok(&["webhook", "install", "--url", URL]);
    assert_eq!(ours(&s).0[0].http_method.as_deref(), Some("post"));
    let writes = zammad_writes(&s);
    s.ok(&["webhook", "install", "--url", URL]);
    assert_eq!(zammad_writes(&s), writes);
}
