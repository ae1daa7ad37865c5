//! Daemon tests against a real server on 127.0.0.1:0 with a temp-dir store and a fake sync.

use super::runner::Submitted;
use super::*;
use crate::config::TrustedProxies;
use crate::schedule::{Concurrency, CronExpr, ScheduleKind, ScheduleScope};
use crate::store::schedules::ScheduleDef;
use crate::sync::{Counts, RunStatus, Trigger};
use std::sync::Mutex as StdMutex;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

type Calls = Arc<StdMutex<Vec<SyncRequest>>>;

fn fake_sync(delay: Duration) -> (SyncFn, Calls) {
    let calls: Calls = Arc::default();
    let c = calls.clone();
    let f: SyncFn = Arc::new(move |req: SyncRequest, _settings: Settings| {
        let c = c.clone();
        Box::pin(async move {
            c.lock().unwrap().push(req.clone());
            tokio::time::sleep(delay).await;
            let now = chrono::Utc::now();
            Ok(RunReport {
                run_id: uuid::Uuid::now_v7().to_string(),
                trigger: req.trigger.unwrap_or(Trigger::Manual),
                status: RunStatus::Succeeded,
                dry_run: false,
                counts: Counts {
                    created: 2,
                    ..Counts::default()
                },
                open_conflicts: Default::default(),
                started_at: now,
                finished_at: now,
                errors: vec![],
                notices: vec![],
                retryable: false,
                notes: Default::default(),
                plan: None,
            })
        }) as SyncFuture
    });
    (f, calls)
}

fn vectors() -> Vec<(String, String, String)> {
    let v: serde_json::Value = serde_json::from_str(include_str!(
        "../../tests/fixtures/webhook_signature_test_vectors.json"
    ))
    .unwrap();
    v["vectors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["signature_token"].as_str().unwrap().to_string(),
                x["raw_body_utf8"].as_str().unwrap().to_string(),
                x["expected_header_value"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

struct Harness {
    daemon: Daemon,
    calls: Calls,
    base: String,
    db_path: PathBuf,
    _tmp: tempfile::TempDir,
}

async fn start_with(delay: Duration, tweak: impl FnOnce(&mut Settings)) -> Harness {
    let tmp = tempfile::tempdir().unwrap();
    let db_path = tmp.path().join("db");
    let mut settings = Settings::default();
    settings.daemon.webhook_coalesce_secs = 0;
    settings.daemon.schedule_reload_secs = 1;
    settings.daemon.webhook_max_body_bytes = 4096;
    tweak(&mut settings);
    let (sync_fn, calls) = fake_sync(delay);
    let secrets: Vec<Vec<u8>> = vectors()
        .into_iter()
        .map(|(s, _, _)| s.into_bytes())
        .collect();
    let daemon = Daemon::start(Options {
        settings,
        listen: Some(([127, 0, 0, 1], 0).into()),
        db_path: db_path.clone(),
        sync_fn,
        check_fn: None,
        secrets: Arc::new(move |_| {
            Ok(WebhookKeys {
                signing: secrets.clone(),
                credentials: vec![b"credential-0123456789".to_vec()],
            })
        }),
        reload: None,
    })
    .await
    .unwrap();
    let base = format!("http://{}", daemon.addr);
    Harness {
        daemon,
        calls,
        base,
        db_path,
        _tmp: tmp,
    }
}

async fn start() -> Harness {
    start_with(Duration::from_millis(10), |_| {}).await
}

async fn post(h: &Harness, body: &str, sig: Option<&str>, delivery: Option<&str>) -> (u16, String) {
    let mut req = reqwest::Client::new()
        .post(format!("{}/webhooks/zammad", h.base))
        .header("content-type", "application/json; charset=utf-8")
        .header("user-agent", "Zammad User Agent")
        .body(body.to_string());
    if let Some(s) = sig {
        req = req.header("X-Hub-Signature", s);
    }
    if let Some(d) = delivery {
        req = req.header("X-Zammad-Delivery", d);
    }
    let resp = req.send().await.unwrap();
    (resp.status().as_u16(), resp.text().await.unwrap())
}

async fn wait_for(mut cond: impl FnMut() -> bool, max: Duration) -> bool {
    let until = tokio::time::Instant::now() + max;
    while tokio::time::Instant::now() < until {
        if cond() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    cond()
}

/// One sample's value on the daemon's `/metrics` page (`name` with its labels, if any).
async fn metric(h: &Harness, sample: &str) -> Option<f64> {
    let page = reqwest::get(format!("{}/metrics", h.base))
        .await
        .ok()?
        .text()
        .await
        .ok()?;
    page.lines()
        .find_map(|l| l.strip_prefix(sample)?.strip_prefix(' ')?.parse().ok())
}

/// Poll `sample` on `/metrics` until it reads `value`.
async fn wait_for_metric(h: &Harness, sample: &str, value: f64, max: Duration) -> bool {
    let until = tokio::time::Instant::now() + max;
    loop {
        if metric(h, sample).await == Some(value) {
            return true;
        }
        if tokio::time::Instant::now() >= until {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn store(h: &Harness) -> Store {
    Store::open(&h.db_path).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_webhooks_accepted_and_bad_signatures_refused() {
    let h = start().await;
    for (i, (_, body, sig)) in vectors().iter().enumerate() {
        let (status, text) = post(&h, body, Some(sig), Some(&format!("d-{i}"))).await;
        if i == 0 {
            assert_eq!(status, 202, "{text}");
            assert!(text.contains("\"ticket_id\":81"));
        } else {
            // Signed correctly but no ticket id in that body.
            assert_eq!(status, 422, "{text}");
        }
    }
    let (_, body, sig) = &vectors()[0];
    let other = signature::sign(b"some other secret", body.as_bytes());
    let wrong_body = signature::sign(vectors()[0].0.as_bytes(), b"{}");
    let truncated = &sig[..sig.len() - 2];
    let upper = sig.replace("sha1=", "SHA1=");
    let bare = sig.trim_start_matches("sha1=").to_string();
    for bad in [
        None,
        Some(other.as_str()),
        Some(wrong_body.as_str()),
        Some(truncated),
        Some(upper.as_str()),
        Some(bare.as_str()),
        Some(""),
    ] {
        let (status, text) = post(&h, body, bad, Some("bad-delivery")).await;
        assert_eq!(status, 401, "{bad:?}");
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["error"], "unauthorized");
        let reason = v["reason"].as_str().unwrap();
        match bad {
            None | Some("") => assert!(
                reason.starts_with("missing X-Hub-Signature header"),
                "{reason}"
            ),
            _ => assert!(reason.starts_with("X-Hub-Signature "), "{reason}"),
        }
        assert!(!text.contains(&sig[5..]), "never the expected signature");
    }
    assert!(
        wait_for(
            || h.calls.lock().unwrap().len() == 1,
            Duration::from_secs(3)
        )
        .await
    );
    let calls = h.calls.lock().unwrap().clone();
    assert_eq!(calls[0].trigger, Some(Trigger::Webhook));
    assert_eq!(calls[0].ticket, Some(crate::sync::TicketSelector::Id(81)));
    // Only the accepted delivery id is remembered (written behind).
    assert!(
        wait_for(
            || {
                store(&h)
                    .raw()
                    .query_row(
                        "SELECT group_concat(delivery_id) FROM webhook_deliveries",
                        [],
                        |r| r.get::<_, Option<String>>(0),
                    )
                    .unwrap()
                    .as_deref()
                    == Some("d-0")
            },
            Duration::from_secs(3)
        )
        .await
    );
    // Signed deliveries are audit rows of their own; the 7 refused ones are one summary row
    // for this client and minute (written at the latest at shutdown).
    let db_path = h.db_path.clone();
    h.daemon.shutdown().await.unwrap();
    let s = Store::open(&db_path).unwrap();
    let count = |sql: &str| s.raw().query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    assert_eq!(
        count(
            "SELECT count(*) FROM audit_log WHERE action = 'webhook.accepted' AND ip = '127.0.0.1' AND user_agent = 'Zammad User Agent' AND actor = 'zammad'"
        ),
        1
    );
    assert_eq!(
        count("SELECT count(*) FROM audit_log WHERE action = 'webhook.no_ticket'"),
        vectors().len() as i64 - 1
    );
    let (n, ua): (i64, String) = s
        .raw()
        .query_row(
            "SELECT json_extract(details, '$.count'), user_agent FROM audit_log WHERE action = 'webhook.refused' AND ip = '127.0.0.1'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((n, ua.as_str()), (7, "Zammad User Agent"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replayed_delivery_is_not_rerun_and_bursts_coalesce() {
    let h = start_with(Duration::from_millis(10), |s| {
        s.daemon.webhook_coalesce_secs = 1
    })
    .await;
    let (_, body, sig) = &vectors()[0];
    assert_eq!(post(&h, body, Some(sig), Some("same")).await.0, 202);
    let (status, text) = post(&h, body, Some(sig), Some("same")).await;
    assert_eq!(status, 200);
    assert!(text.contains("duplicate"));
    // A burst of distinct deliveries for the same ticket within the coalescing window.
    for i in 0..5 {
        assert_eq!(
            post(&h, body, Some(sig), Some(&format!("burst-{i}")))
                .await
                .0,
            202
        );
    }
    // Custom payload with the id as a string, for another ticket.
    let custom = r#"{"ticket_id":"4711","article_id":"9","event":"update"}"#;
    let csig = signature::sign(vectors()[0].0.as_bytes(), custom.as_bytes());
    assert_eq!(post(&h, custom, Some(&csig), Some("c1")).await.0, 202);
    // Idle with nothing waiting out its coalescing delay: no other run can start.
    let runner = h.daemon.runner().clone();
    assert!(
        wait_for(
            || h.calls.lock().unwrap().len() >= 2 && runner.is_idle(),
            Duration::from_secs(4)
        )
        .await
    );
    let mut tickets: Vec<_> = h
        .calls
        .lock()
        .unwrap()
        .iter()
        .map(|r| r.ticket.clone())
        .collect();
    tickets.sort_by_key(|t| format!("{t:?}"));
    use crate::sync::TicketSelector::Id;
    assert_eq!(tickets, [Some(Id(4711)), Some(Id(81))]);
    let metrics = reqwest::get(format!("{}/metrics", h.base))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("syncd_webhook_deliveries_total{outcome=\"duplicate\"} 1"),
        "{metrics}"
    );
    assert!(
        metrics.contains("syncd_webhook_deliveries_total{outcome=\"accepted\"} 7"),
        "{metrics}"
    );
    assert!(
        metrics.contains("syncd_runs_total{trigger=\"webhook\",outcome=\"succeeded\"} 2"),
        "{metrics}"
    );
    assert!(
        metrics.contains("syncd_entries_total{action=\"created\"} 4"),
        "{metrics}"
    );
    assert!(metrics.contains("syncd_http_request_duration_seconds_bucket{route=\"/webhooks/zammad\",method=\"POST\",le=\"+Inf\"} 8"), "{metrics}");
    assert!(metrics.contains("syncd_open_conflicts 0"), "{metrics}");
    h.daemon.shutdown().await.unwrap();
}

/// The runner alone, on paused tokio time: the coalescing window passes without a test
/// waiting for it.
#[tokio::test(start_paused = true)]
async fn webhook_bursts_within_the_window_are_one_run_per_ticket() {
    let tmp = tempfile::tempdir().unwrap();
    let mut settings = Settings::default();
    settings.daemon.webhook_coalesce_secs = 30;
    let settings: SharedSettings = Arc::new(RwLock::new(settings));
    let (sync_fn, calls) = fake_sync(Duration::from_secs(5));
    let (runner, _task) = runner::Runner::start(
        sync_fn,
        None,
        Db::new(Store::open(&tmp.path().join("db")).unwrap()),
        Arc::new(metrics::Metrics::default()),
        notify::Notifier::new(settings.clone()),
        settings,
    );
    let tickets = |calls: &Calls| -> Vec<Option<crate::sync::TicketSelector>> {
        calls
            .lock()
            .unwrap()
            .iter()
            .map(|r| r.ticket.clone())
            .collect()
    };
    use crate::sync::TicketSelector::Id;
    assert_eq!(runner.submit_ticket(81), Submitted::Queued);
    for _ in 0..5 {
        assert_eq!(runner.submit_ticket(81), Submitted::Coalesced);
    }
    assert_eq!(runner.submit_ticket(4711), Submitted::Queued);
    // Inside the window nothing runs.
    tokio::time::sleep(Duration::from_secs(29)).await;
    assert!(calls.lock().unwrap().is_empty());
    assert!(!runner.is_idle(), "two tickets wait out the window");
    // After it: one run per ticket, one after the other.
    assert!(wait_for(|| runner.is_idle(), Duration::from_secs(60)).await);
    assert_eq!(tickets(&calls), [Some(Id(81)), Some(Id(4711))]);
    // A webhook after the window is a run of its own.
    assert_eq!(runner.submit_ticket(81), Submitted::Queued);
    assert!(wait_for(|| runner.is_idle(), Duration::from_secs(60)).await);
    assert_eq!(tickets(&calls).len(), 3);
}

async fn raw(addr: SocketAddr, bytes: &[u8]) -> String {
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(bytes).await.unwrap();
    let mut out = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(2), s.read_to_end(&mut out)).await;
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversize_garbage_and_wrong_methods() {
    let h = start().await;
    let (secret, _, _) = &vectors()[0];
    // Declared too large.
    let big = format!("{{\"ticket_id\":1,\"pad\":\"{}\"}}", "x".repeat(5000));
    let sig = signature::sign(secret.as_bytes(), big.as_bytes());
    assert_eq!(post(&h, &big, Some(&sig), None).await.0, 413);
    // Too large while streaming (chunked, no Content-Length).
    let chunk = "y".repeat(3000);
    let req = format!(
        "POST /webhooks/zammad HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{:x}\r\n{chunk}\r\n{:x}\r\n{chunk}\r\n0\r\n\r\n",
        chunk.len(),
        chunk.len()
    );
    let resp = raw(h.daemon.addr, req.as_bytes()).await;
    assert!(resp.starts_with("HTTP/1.1 413"), "{resp}");
    // Signed but malformed JSON.
    let garbage = "{not json";
    let sig = signature::sign(secret.as_bytes(), garbage.as_bytes());
    assert_eq!(post(&h, garbage, Some(&sig), None).await.0, 400);
    // Garbage on the wire, wrong methods, unknown paths.
    let resp = raw(h.daemon.addr, b"\x16\x03\x01garbage\r\n\r\n").await;
    assert!(resp.is_empty() || resp.starts_with("HTTP/1.1 4"), "{resp}");
    let c = reqwest::Client::new();
    assert_eq!(
        c.get(format!("{}/webhooks/zammad", h.base))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        405
    );
    assert_eq!(
        c.delete(format!("{}/healthz", h.base))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        405
    );
    assert_eq!(
        c.get(format!("{}/nope", h.base))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        404
    );
    assert_eq!(
        c.post(format!("{}/webhooks/zammad", h.base))
            .body("")
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        401
    );
    // Still serving.
    let r = c.get(format!("{}/healthz", h.base)).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.text().await.unwrap(), "ok\n");
    let r = c.get(format!("{}/readyz", h.base)).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert!(r.text().await.unwrap().contains("\"ready\":true"));
    assert!(h.calls.lock().unwrap().is_empty());
    h.daemon.shutdown().await.unwrap();
}

/// A `skip` sync schedule.
fn schedule(cron: &str, timezone: &str, scope: ScheduleScope) -> ScheduleDef {
    ScheduleDef {
        cron: CronExpr::parse(cron).unwrap(),
        timezone: timezone.parse().unwrap(),
        concurrency: Concurrency::Skip,
        scope,
        kind: ScheduleKind::Sync,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn per_second_schedule_fires_and_changes_apply_without_restart() {
    let h = start().await;
    // A schedule that will not fire soon.
    store(&h)
        .upsert_schedule(
            "s",
            &schedule("0 0 1 1 *", "UTC", ScheduleScope::Incremental),
        )
        .unwrap();
    let enabled = "syncd_schedules_enabled";
    assert!(wait_for_metric(&h, enabled, 1.0, Duration::from_secs(4)).await);
    assert!(
        h.calls.lock().unwrap().is_empty(),
        "armed, due on 1 January"
    );
    // Change it: every second, full scope, in another timezone.
    store(&h)
        .upsert_schedule(
            "s",
            &schedule("* * * * * *", "Europe/Berlin", ScheduleScope::Full),
        )
        .unwrap();
    assert!(
        wait_for(
            || !h.calls.lock().unwrap().is_empty(),
            Duration::from_secs(4)
        )
        .await
    );
    {
        let calls = h.calls.lock().unwrap();
        assert_eq!(calls[0].trigger, Some(Trigger::Schedule));
        assert_eq!(calls[0].schedule.as_deref(), Some("s"));
        assert!(calls[0].full);
    }
    assert!(
        wait_for(
            || h.calls.lock().unwrap().len() >= 2,
            Duration::from_secs(3)
        )
        .await
    );
    let metrics = reqwest::get(format!("{}/metrics", h.base))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("syncd_runs_total{trigger=\"schedule\",outcome=\"succeeded\"}"),
        "{metrics}"
    );
    // Disable: once the scheduler has dropped it and the runner is idle, nothing can run.
    store(&h).set_schedule_enabled("s", false).unwrap();
    assert!(wait_for_metric(&h, enabled, 0.0, Duration::from_secs(4)).await);
    let runner = h.daemon.runner().clone();
    assert!(wait_for(|| runner.is_idle(), Duration::from_secs(3)).await);
    h.daemon.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn skip_and_queue_under_a_long_run() {
    let h = start_with(Duration::from_millis(800), |_| {}).await;
    let r = h.daemon.runner().clone();
    assert_eq!(
        r.submit_schedule(
            "a",
            ScheduleScope::Incremental,
            Concurrency::Skip,
            ScheduleKind::Sync
        )
        .await,
        Submitted::Queued
    );
    assert!(
        wait_for(
            || h.calls.lock().unwrap().len() == 1,
            Duration::from_secs(2)
        )
        .await
    );
    // Busy: skip records a skipped run.
    assert_eq!(
        r.submit_schedule(
            "a",
            ScheduleScope::Incremental,
            Concurrency::Skip,
            ScheduleKind::Sync
        )
        .await,
        Submitted::Skipped
    );
    assert_eq!(
        r.submit_schedule(
            "a",
            ScheduleScope::Incremental,
            Concurrency::Skip,
            ScheduleKind::Sync
        )
        .await,
        Submitted::Skipped
    );
    let skipped: i64 = store(&h)
        .raw()
        .query_row("SELECT count(*) FROM runs WHERE status = 'skipped' AND trigger = 'schedule' AND schedule = 'a'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(skipped, 2);
    // Queue: identical requests collapse; at most 5 pending.
    assert_eq!(
        r.submit_schedule(
            "q",
            ScheduleScope::Incremental,
            Concurrency::Queue,
            ScheduleKind::Sync
        )
        .await,
        Submitted::Queued
    );
    assert_eq!(
        r.submit_schedule(
            "q",
            ScheduleScope::Incremental,
            Concurrency::Queue,
            ScheduleKind::Sync
        )
        .await,
        Submitted::Coalesced
    );
    for i in 0..4 {
        assert_eq!(
            r.submit_schedule(
                &format!("q{i}"),
                ScheduleScope::Incremental,
                Concurrency::Queue,
                ScheduleKind::Sync
            )
            .await,
            Submitted::Queued
        );
    }
    assert_eq!(r.pending(), 5);
    assert_eq!(
        r.submit_schedule(
            "q9",
            ScheduleScope::Incremental,
            Concurrency::Queue,
            ScheduleKind::Sync
        )
        .await,
        Submitted::Skipped
    );
    // Shutdown lets the run in flight finish and drops the queue.
    let started = std::time::Instant::now();
    h.daemon.shutdown().await.unwrap();
    assert!(started.elapsed() < Duration::from_secs(DRAIN_RUN_SECS));
    let calls = h.calls.lock().unwrap().len();
    assert!(calls <= 2, "{calls}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_reload_and_forwarded_for() {
    let h = start().await;
    let mut s = h.daemon.settings();
    s.daemon.trusted_proxies = TrustedProxies::parse(&["127.0.0.0/8".into()]).unwrap();
    h.daemon.apply_settings(s);
    let c = reqwest::Client::new();
    for path in ["/healthz", "/nope"] {
        c.get(format!("{}{path}", h.base))
            .header("X-Forwarded-For", "198.51.100.7")
            .send()
            .await
            .unwrap();
    }
    let db_path = h.db_path.clone();
    h.daemon.shutdown().await.unwrap();
    // The probe is not audited; the unknown path is, under the forwarded address.
    let rows: Vec<(String, String)> = {
        let s = Store::open(&db_path).unwrap();
        let mut st = s
            .raw()
            .prepare("SELECT action, ip FROM audit_log WHERE category = 'access'")
            .unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(
        rows,
        [("http.refused".to_string(), "198.51.100.7".to_string())]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_run_notifies_command_with_env() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("notified");
    let mut settings = Settings::default();
    settings.notify.command = Some(format!(
        "printf '%s|%s|%s' \"$SYNCD_EVENT\" \"$SYNCD_STATUS\" \"$SYNCD_ERROR\" > {}",
        out.display()
    ));
    settings.notify.url = Some("http://127.0.0.1:9/unreachable".parse().unwrap());
    let notifier = notify::Notifier::new(Arc::new(RwLock::new(settings)));
    notifier.run_failed(Some("r1"), "failed", Some(0), "boom");
    assert!(
        wait_for(
            || std::fs::read_to_string(&out).is_ok_and(|s| !s.is_empty()),
            Duration::from_secs(5)
        )
        .await
    );
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "run_failed|failed|boom"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhook_answers_fast_while_the_store_is_write_locked() {
    let h = start().await;
    let (_, body, sig) = &vectors()[0];
    let locker = store(&h);
    locker.raw().execute_batch("BEGIN IMMEDIATE").unwrap();
    let t = std::time::Instant::now();
    assert_eq!(post(&h, body, Some(sig), Some("locked-1")).await.0, 202);
    assert!(
        t.elapsed() < Duration::from_millis(500),
        "{:?}",
        t.elapsed()
    );
    // A replay while still locked is caught in memory.
    assert_eq!(post(&h, body, Some(sig), Some("locked-1")).await.0, 200);
    locker.raw().execute_batch("ROLLBACK").unwrap();
    assert!(
        wait_for(
            || store(&h).webhook_delivery_seen("locked-1").unwrap(),
            Duration::from_secs(5)
        )
        .await
    );
    h.daemon.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_reloads_on_sighup_and_stops_on_sigterm() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let tmp = tempfile::tempdir().unwrap();
    let started = Arc::new(AtomicUsize::new(0));
    let reloads = Arc::new(AtomicUsize::new(0));
    let (s, r) = (started.clone(), reloads.clone());
    let (sync_fn, _calls) = fake_sync(Duration::from_millis(1));
    let opts = Options {
        settings: Settings::default(),
        listen: Some(([127, 0, 0, 1], 0).into()),
        db_path: tmp.path().join("db"),
        sync_fn,
        check_fn: None,
        // Called once signal handlers are installed.
        secrets: Arc::new(move |_| {
            s.fetch_add(1, Ordering::SeqCst);
            Ok(WebhookKeys::default())
        }),
        reload: Some(Arc::new(move || {
            // First reload is invalid (old settings kept), later ones valid.
            if r.fetch_add(1, Ordering::SeqCst) == 0 {
                Err(anyhow::anyhow!("bad config"))
            } else {
                Ok(Settings::default())
            }
        })),
    };
    let task = tokio::spawn(serve(opts));
    assert!(
        wait_for(
            || started.load(Ordering::SeqCst) > 0,
            Duration::from_secs(5)
        )
        .await
    );
    crate::sys::signal_self(libc::SIGHUP);
    assert!(
        wait_for(
            || reloads.load(Ordering::SeqCst) == 1,
            Duration::from_secs(3)
        )
        .await
    );
    crate::sys::signal_self(libc::SIGHUP);
    assert!(
        wait_for(
            || reloads.load(Ordering::SeqCst) == 2,
            Duration::from_secs(3)
        )
        .await
    );
    let t = std::time::Instant::now();
    crate::sys::signal_self(libc::SIGTERM);
    let res = tokio::time::timeout(Duration::from_secs(10), task).await;
    assert!(matches!(res, Ok(Ok(Ok(())))), "{res:?}");
    assert!(t.elapsed() < Duration::from_secs(10));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn syncs_get_the_settings_the_daemon_holds() {
    let tmp = tempfile::tempdir().unwrap();
    let seen: Arc<StdMutex<Vec<usize>>> = Arc::default();
    let s2 = seen.clone();
    let sync_fn: SyncFn = Arc::new(move |req: SyncRequest, settings: Settings| {
        s2.lock().unwrap().push(settings.sync.concurrency);
        Box::pin(async move {
            let now = chrono::Utc::now();
            Ok(RunReport {
                run_id: uuid::Uuid::now_v7().to_string(),
                trigger: req.trigger.unwrap_or(Trigger::Manual),
                status: RunStatus::Succeeded,
                dry_run: false,
                counts: Counts::default(),
                open_conflicts: Default::default(),
                started_at: now,
                finished_at: now,
                errors: vec![],
                retryable: false,
                notices: vec![],
                notes: Default::default(),
                plan: None,
            })
        }) as SyncFuture
    });
    let mut settings = Settings::default();
    settings.sync.concurrency = 3;
    let daemon = Daemon::start(Options {
        settings: settings.clone(),
        listen: Some(([127, 0, 0, 1], 0).into()),
        db_path: tmp.path().join("db"),
        sync_fn,
        check_fn: None,
        secrets: Arc::new(|_| Ok(WebhookKeys::default())),
        reload: None,
    })
    .await
    .unwrap();
    let r = daemon.runner().clone();
    r.submit_schedule(
        "a",
        ScheduleScope::Incremental,
        Concurrency::Queue,
        ScheduleKind::Sync,
    )
    .await;
    assert!(wait_for(|| seen.lock().unwrap().len() == 1, Duration::from_secs(3)).await);
    // A reload applies to the next run.
    let mut reloaded = settings.clone();
    reloaded.sync.concurrency = 5;
    daemon.apply_settings(reloaded);
    r.submit_schedule(
        "a",
        ScheduleScope::Incremental,
        Concurrency::Queue,
        ScheduleKind::Sync,
    )
    .await;
    assert!(wait_for(|| seen.lock().unwrap().len() == 2, Duration::from_secs(3)).await);
    assert_eq!(*seen.lock().unwrap(), [3, 5]);
    daemon.shutdown().await.unwrap();
}
