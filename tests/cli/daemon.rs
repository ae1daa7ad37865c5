//! `syncd serve` through the binary: webhooks and schedules run real syncs against the
//! simulators; signals behave as systemd expects.

use crate::scenario::Scenario;
use std::io::Write;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};
use syncd_sim::FaultConfig;

pub(crate) struct Daemon {
    pub child: Child,
    pub url: String,
}

impl Daemon {
    pub(crate) fn addr(&self) -> std::net::SocketAddr {
        self.url.trim_start_matches("http://").parse().unwrap()
    }

    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub(crate) fn wait_for(what: &str, timeout: Duration, mut ok: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ok() {
        assert!(start.elapsed() < timeout, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

pub(crate) fn http_get(url: &str) -> Option<u16> {
    syncd::http::install_tls_provider();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async { reqwest::get(url).await.ok().map(|r| r.status().as_u16()) })
}

fn serve(s: &Scenario) -> Daemon {
    serve_with(s, &[], None)
}

/// `syncd serve` on a free port with extra environment (`SYNCD_DAEMON_…` settings), its
/// log in `log` if given; returns once `/healthz` answers.
pub(crate) fn serve_with(
    s: &Scenario,
    envs: &[(&str, &str)],
    log: Option<&std::path::Path>,
) -> Daemon {
    let port = free_port();
    let listen = format!("127.0.0.1:{port}");
    let mut cmd = s.command(&["serve", "--listen", &listen]);
    cmd.envs(envs.iter().copied()).stdout(Stdio::null());
    match log {
        Some(p) => cmd.stderr(std::fs::File::create(p).unwrap()),
        None => cmd.stderr(Stdio::null()),
    };
    let child = cmd.spawn().unwrap();
    let url = format!("http://{listen}");
    wait_for(
        "the daemon to answer /healthz",
        Duration::from_secs(10),
        || http_get(&format!("{url}/healthz")) == Some(200),
    );
    Daemon { child, url }
}

pub(crate) fn add_secret(s: &Scenario, secret: &str) {
    let mut child = s
        .command(&[
            "webhook",
            "secret",
            "add",
            "--name",
            "zammad",
            "--secret-stdin",
        ])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{secret}\n").as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success());
}

pub(crate) fn runs(s: &Scenario) -> Vec<serde_json::Value> {
    serde_json::from_str::<serde_json::Value>(
        &s.ok(&["runs", "list", "--output", "json", "--limit", "100"]),
    )
    .unwrap()
    .as_array()
    .unwrap()
    .clone()
}

pub(crate) fn signal(d: &Daemon, sig: i32) {
    unsafe { libc::kill(d.child.id() as i32, sig) };
}

pub(crate) fn exits_within(d: &mut Daemon, limit: Duration) -> Option<i32> {
    let start = Instant::now();
    loop {
        if let Some(status) = d.child.try_wait().unwrap() {
            return status.code();
        }
        if start.elapsed() > limit {
            return None;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// `GET url`: the status and the body.
pub(crate) fn http_get_text(url: &str, bearer: Option<&str>) -> Option<(u16, String)> {
    syncd::http::install_tls_provider();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let mut req = reqwest::Client::new().get(url);
        if let Some(token) = bearer {
            req = req.bearer_auth(token);
        }
        let resp = req.send().await.ok()?;
        let status = resp.status().as_u16();
        Some((status, resp.text().await.ok()?))
    })
}

/// The value of one sample (`name{labels}`) in the daemon's `/metrics`, if present.
pub(crate) fn metric(d: &Daemon, sample: &str, bearer: Option<&str>) -> Option<f64> {
    let (status, text) = http_get_text(&format!("{}/metrics", d.url), bearer)?;
    assert_eq!(status, 200, "{text}");
    text.lines()
        .find_map(|l| l.strip_prefix(sample)?.strip_prefix(' ')?.parse().ok())
}

/// systemd's end of `NOTIFY_SOCKET`: what the daemon reports (READY=1, RELOADING=1, …).
pub(crate) struct NotifySocket {
    socket: std::os::unix::net::UnixDatagram,
    pub path: std::path::PathBuf,
}

impl NotifySocket {
    pub(crate) fn bind(s: &Scenario) -> NotifySocket {
        let path = s.path("notify.sock");
        let socket = std::os::unix::net::UnixDatagram::bind(&path).unwrap();
        socket
            .set_read_timeout(Some(Duration::from_secs(15)))
            .unwrap();
        NotifySocket { socket, path }
    }

    /// Read messages until one has the line `state` (e.g. `READY=1`); every message read.
    pub(crate) fn wait_for(&self, state: &str) -> Vec<String> {
        let mut seen = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            let n = self
                .socket
                .recv(&mut buf)
                .unwrap_or_else(|e| panic!("no {state} from the daemon ({e}); got {seen:?}"));
            let msg = String::from_utf8_lossy(&buf[..n]).into_owned();
            let done = msg.lines().any(|l| l == state);
            seen.push(msg);
            if done {
                return seen;
            }
        }
    }
}

/// Zammad requests that read ticket `id` or its entries (a run for that ticket makes some).
fn ticket_reads(s: &Scenario, id: i64) -> usize {
    let prefix = format!("/api/v1/tickets/{id}");
    s.zammad
        .requests()
        .iter()
        .filter(|r| r.path.starts_with(&prefix))
        .count()
}

#[test]
fn webhook_syncs_that_ticket_once_and_replays_are_acknowledged() {
    let s = Scenario::new("UTC", "minute");
    s.small_helpdesk();
    let a = s.entry(101, "30.0", 1, 3, "2026-11-02T10:00:00.000Z");
    let b = s.entry(102, "15.0", 1, 3, "2026-11-02T11:00:00.000Z");
    add_secret(&s, "webhook-secret-1");
    let mut d = serve_with(&s, &[("SYNCD_DAEMON_WEBHOOK_COALESCE_SECS", "0")], None);
    let url = format!("{}/webhooks/zammad", d.url);
    let send = |ticket: i64, secret: &str, delivery: &str| {
        let body = serde_json::to_vec(&syncd_sim::webhook::custom_payload(ticket)).unwrap();
        syncd_sim::webhook::send_webhook_blocking(&url, Some(secret), &body, delivery).unwrap()
    };
    let webhook_runs = || {
        runs(&s)
            .iter()
            .filter(|r| r["trigger"] == "webhook" && r["finished_at"].is_string())
            .count()
    };
    assert_eq!(send(101, "webhook-secret-1", "delivery-1"), 202);
    wait_for("the webhook's run", Duration::from_secs(15), || {
        webhook_runs() == 1
    });
    assert_eq!(s.timesheets_by_entry()[&a].len(), 1);
    assert_eq!(s.kimai.timesheets().len(), 1, "only ticket 101 is synced");
    let reads_of_101 = ticket_reads(&s, 101);
    assert!(reads_of_101 > 0, "the run read ticket 101");

    // Zammad retries a delivery it thinks failed: acknowledged as a duplicate (200, not
    // 202 accepted), counted, and never run again.
    assert_eq!(send(101, "webhook-secret-1", "delivery-1"), 200);
    assert_eq!(send(101, "other-secret", "delivery-2"), 401);
    let duplicate = r#"syncd_webhook_deliveries_total{outcome="duplicate"}"#;
    assert_eq!(metric(&d, duplicate, None), Some(1.0));
    // A new delivery for ticket 102 runs after anything the replay could have queued
    // (one runner, first come first served): once it is recorded, ticket 101 ran once.
    assert_eq!(send(102, "webhook-secret-1", "delivery-3"), 202);
    wait_for("the second webhook's run", Duration::from_secs(15), || {
        webhook_runs() >= 2
    });
    assert_eq!(webhook_runs(), 2, "{:#?}", runs(&s));
    assert_eq!(
        ticket_reads(&s, 101),
        reads_of_101,
        "ticket 101 was read again"
    );
    assert_eq!(s.kimai.request_count("POST /api/timesheets"), 2);
    let by_entry = s.timesheets_by_entry();
    assert_eq!((by_entry[&a].len(), by_entry[&b].len()), (1, 1));
    signal(&d, libc::SIGTERM);
    assert_eq!(exits_within(&mut d, Duration::from_secs(10)), Some(0));
}

/// Uncomment a `daemon:` key of the config file `syncd init` wrote and set it.
fn set_daemon_setting(s: &Scenario, key: &str, value: &str) {
    let path = s.path("config/syncd/config.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let commented = format!("  # {key}:");
    assert!(text.contains(&commented), "config.yaml has no `{key}`");
    let text: Vec<String> = text
        .lines()
        .map(|l| match l.starts_with(&commented) {
            true => format!("  {key}: {value}"),
            false => l.to_string(),
        })
        .collect();
    std::fs::write(&path, text.join("\n") + "\n").unwrap();
}

#[test]
fn per_second_schedule_runs_real_syncs_and_sighup_keeps_a_good_config() {
    let s = Scenario::new("UTC", "minute");
    s.small_helpdesk();
    s.entry(101, "30.0", 1, 3, "2026-11-02T10:00:00.000Z");
    s.ok(&[
        "schedule",
        "set",
        "every",
        "--cron",
        "* * * * * *",
        "--timezone",
        "Europe/Berlin",
    ]);
    // A setting whose effect the test can see: /metrics wants this token.
    let token = "metrics-token-0123456789";
    set_daemon_setting(&s, "metrics_token", token);
    let config = s.path("config/syncd/config.yaml");
    let good = std::fs::read_to_string(&config).unwrap();
    let notify = NotifySocket::bind(&s);
    let socket = notify.path.display().to_string();
    let mut d = serve_with(&s, &[("NOTIFY_SOCKET", socket.as_str())], None);
    notify.wait_for("READY=1");
    wait_for("a scheduled run", Duration::from_secs(15), || {
        runs(&s)
            .iter()
            .any(|r| r["trigger"] == "schedule" && r["status"] == "succeeded")
    });
    assert_eq!(s.kimai.timesheets().len(), 1);
    let metrics = format!("{}/metrics", d.url);
    let metrics_status = |bearer| http_get_text(&metrics, bearer).map(|(status, _)| status);
    assert_eq!(metrics_status(None), Some(401));
    assert_eq!(metrics_status(Some(token)), Some(200));

    // A broken config on SIGHUP is refused: the token still guards /metrics.
    std::fs::write(&config, "sync:\n  concurency: 3\n").unwrap();
    signal(&d, libc::SIGHUP);
    let seen = notify.wait_for("READY=1");
    assert!(seen.iter().any(|m| m.contains("RELOADING=1")), "{seen:?}");
    assert_eq!(metrics_status(None), Some(401), "the old settings are kept");
    assert_eq!(metrics_status(Some(token)), Some(200));
    // The CLI refuses the broken file too; watch the simulator instead.
    let reads = || s.zammad.request_count("GET /api/v1/time_accountings");
    let before = reads();
    wait_for(
        "schedules to keep firing after the refused reload",
        Duration::from_secs(10),
        || reads() > before,
    );

    // A good config without the token is taken: the check above could fail.
    std::fs::write(
        &config,
        good.replace(&format!("  metrics_token: {token}\n"), ""),
    )
    .unwrap();
    signal(&d, libc::SIGHUP);
    notify.wait_for("READY=1");
    assert_eq!(metrics_status(None), Some(200), "the new settings apply");
    s.ok(&["schedule", "disable", "every"]);
    signal(&d, libc::SIGTERM);
    assert_eq!(exits_within(&mut d, Duration::from_secs(10)), Some(0));
}

#[test]
fn sigterm_during_a_scheduled_sync_keeps_exactly_once() {
    let s = Scenario::new("UTC", "minute");
    s.small_helpdesk();
    for i in 0..300 {
        s.entry(
            101 + i % 3,
            "10.0",
            1 + i % 2,
            3 + i % 2,
            &format!("2026-10-{:02}T{:02}:00:00.000Z", 1 + i / 24, i % 24),
        );
    }
    s.kimai.set_faults(FaultConfig {
        seed: 5,
        latency: Duration::from_millis(5),
        ..FaultConfig::default()
    });
    s.ok(&["schedule", "set", "every", "--cron", "* * * * * *"]);
    let mut d = serve(&s);
    wait_for("the sync to start writing", Duration::from_secs(20), || {
        s.kimai.timesheets().len() > 20
    });
    signal(&d, libc::SIGTERM);
    assert_eq!(
        exits_within(&mut d, Duration::from_secs(10)),
        Some(0),
        "exit 0 within 10 s"
    );
    assert!(
        s.kimai.timesheets().len() < 300,
        "the run was stopped part way"
    );
    s.kimai.set_faults(FaultConfig::default());
    s.ok(&["schedule", "disable", "every"]);
    assert_eq!(s.sync(&[]).0, 0);
    s.assert_exactly_once(1);
}
