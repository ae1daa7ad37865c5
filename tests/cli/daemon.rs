//! `syncd serve` through the binary: webhooks and schedules run real syncs against the
//! simulators; signals behave as systemd expects.

use crate::scenario::Scenario;
use std::io::Write;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};
use syncd_sim::FaultConfig;

pub struct Daemon {
    pub child: Child,
    pub url: String,
}

impl Daemon {
    pub fn addr(&self) -> std::net::SocketAddr {
        self.url.trim_start_matches("http://").parse().unwrap()
    }

    pub fn pid(&self) -> u32 {
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

pub fn wait_for(what: &str, timeout: Duration, mut ok: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ok() {
        assert!(start.elapsed() < timeout, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

pub fn http_get(url: &str) -> Option<u16> {
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
pub fn serve_with(s: &Scenario, envs: &[(&str, &str)], log: Option<&std::path::Path>) -> Daemon {
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

pub fn add_secret(s: &Scenario, secret: &str) {
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

pub fn runs(s: &Scenario) -> Vec<serde_json::Value> {
    serde_json::from_str::<serde_json::Value>(
        &s.ok(&["runs", "list", "--output", "json", "--limit", "100"]),
    )
    .unwrap()
    .as_array()
    .unwrap()
    .clone()
}

pub fn signal(d: &Daemon, sig: i32) {
    unsafe { libc::kill(d.child.id() as i32, sig) };
}

pub fn exits_within(d: &mut Daemon, limit: Duration) -> Option<i32> {
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

#[test]
fn webhook_syncs_that_ticket_once_and_replays_are_acknowledged() {
    let s = Scenario::new("UTC", "minute");
    s.small_helpdesk();
    let a = s.entry(101, "30.0", 1, 3, "2026-11-02T10:00:00.000Z");
    s.entry(102, "15.0", 1, 3, "2026-11-02T11:00:00.000Z");
    add_secret(&s, "webhook-secret-1");
    let mut d = serve(&s);
    let body = serde_json::to_vec(&syncd_sim::webhook::custom_payload(101)).unwrap();
    let url = format!("{}/webhooks/zammad", d.url);
    let status = syncd_sim::webhook::send_webhook_blocking(
        &url,
        Some("webhook-secret-1"),
        &body,
        "delivery-1",
    )
    .unwrap();
    assert_eq!(status, 202);
    wait_for("the webhook's sync", Duration::from_secs(15), || {
        s.timesheets_by_entry().contains_key(&a)
    });
    assert_eq!(s.kimai.timesheets().len(), 1, "only ticket 101 is synced");
    let webhook_runs = || {
        runs(&s)
            .iter()
            .filter(|r| r["trigger"] == "webhook")
            .count()
    };
    wait_for("the run to be recorded", Duration::from_secs(5), || {
        webhook_runs() == 1
    });
    let again = syncd_sim::webhook::send_webhook_blocking(
        &url,
        Some("webhook-secret-1"),
        &body,
        "delivery-1",
    )
    .unwrap();
    assert!(again == 200 || again == 202, "{again}");
    let wrong =
        syncd_sim::webhook::send_webhook_blocking(&url, Some("other-secret"), &body, "delivery-2")
            .unwrap();
    assert_eq!(wrong, 401);
    std::thread::sleep(Duration::from_secs(3));
    assert_eq!(webhook_runs(), 1, "a replayed delivery must not run again");
    signal(&d, libc::SIGTERM);
    assert_eq!(exits_within(&mut d, Duration::from_secs(10)), Some(0));
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
    let mut d = serve(&s);
    wait_for("a scheduled run", Duration::from_secs(15), || {
        runs(&s)
            .iter()
            .any(|r| r["trigger"] == "schedule" && r["status"] == "succeeded")
    });
    assert_eq!(s.kimai.timesheets().len(), 1);
    // A broken config on SIGHUP is refused; the daemon keeps serving.
    let config = s.path("config/syncd/config.yaml");
    std::fs::write(&config, "sync:\n  concurency: 3\n").unwrap();
    signal(&d, libc::SIGHUP);
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(http_get(&format!("{}/healthz", d.url)), Some(200));
    // The CLI refuses the broken file too; watch the simulator instead.
    let reads = || s.zammad.request_count("GET /api/v1/time_accountings");
    let before = reads();
    wait_for(
        "schedules to keep firing after the refused reload",
        Duration::from_secs(10),
        || reads() > before,
    );
    std::fs::write(&config, "").unwrap();
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
