//! `syncd serve` as strangers try to sink it, through the binary on loopback: floods of
//! forged and unknown requests, stalled large bodies, a store locked by another connection,
//! a full disk. Sizes are asserted; times only where the issue names a generous bound.

use crate::daemon::{Daemon, add_secret, exits_within, runs, serve_with, signal, wait_for};
use crate::scenario::Scenario;
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const SECRET: &str = "limits-secret-0123456789";

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// A line of /proc/<pid>/status in KiB (`VmRSS`, `VmHWM`).
fn proc_kib(pid: u32, key: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{key}:")))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// The store with its WAL and shared-memory files.
fn store_bytes(db: &Path) -> u64 {
    ["", "-wal", "-shm"]
        .iter()
        .map(|suffix| {
            let mut p = db.as_os_str().to_owned();
            p.push(suffix);
            std::fs::metadata(PathBuf::from(p)).map_or(0, |m| m.len())
        })
        .sum()
}

/// One request of the flood, by index.
fn flood_request(addr: SocketAddr, i: usize) -> hyper::Request<Full<Bytes>> {
    let b = hyper::Request::builder().header("host", addr.to_string());
    let body = br#"{"ticket_id":"81"}"#;
    let req = match i % 5 {
        // Forged: a signature under the wrong key.
        0 => b
            .method("POST")
            .uri("/webhooks/zammad")
            .header(
                "x-hub-signature",
                syncd_sim::webhook::signature("wrong key", body),
            )
            .header("x-zammad-delivery", format!("forged-{i}"))
            .header("user-agent", "forger/1.0")
            .body(Full::new(Bytes::from_static(body))),
        // No signature at all.
        1 => b
            .method("POST")
            .uri("/webhooks/zammad")
            .header("user-agent", "forger/1.0")
            .body(Full::new(Bytes::from_static(body))),
        // A scanner's paths and methods.
        2 => b
            .method("GET")
            .uri(format!("/wp-login.php?x={i}"))
            .header("user-agent", "scanner/2.0")
            .body(Full::new(Bytes::new())),
        3 => b
            .method("DELETE")
            .uri("/healthz")
            .header("user-agent", "scanner/2.0")
            .body(Full::new(Bytes::new())),
        // A monitoring probe.
        _ => b
            .method("GET")
            .uri("/healthz")
            .header("user-agent", "probe")
            .body(Full::new(Bytes::new())),
    };
    req.unwrap()
}

/// `total` requests over `conns` keep-alive connections; answers by status.
async fn flood(addr: SocketAddr, conns: usize, total: usize) -> BTreeMap<u16, u64> {
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let statuses = Arc::new(Mutex::new(BTreeMap::new()));
    let mut tasks = Vec::new();
    for _ in 0..conns {
        let (next, statuses) = (next.clone(), statuses.clone());
        tasks.push(tokio::spawn(async move {
            'connect: loop {
                let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
                let (mut send, conn) = hyper::client::conn::http1::handshake::<_, Full<Bytes>>(
                    hyper_util::rt::TokioIo::new(stream),
                )
                .await
                .unwrap();
                tokio::spawn(conn);
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if i >= total {
                        return;
                    }
                    match send.send_request(flood_request(addr, i)).await {
                        Ok(resp) => {
                            let status = resp.status().as_u16();
                            let _ = resp.into_body().collect().await;
                            *statuses.lock().unwrap().entry(status).or_insert(0) += 1;
                        }
                        Err(_) => continue 'connect,
                    }
                }
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    Arc::try_unwrap(statuses).unwrap().into_inner().unwrap()
}

fn audit_json(s: &Scenario, action: &str) -> Vec<serde_json::Value> {
    let out = s.ok(&[
        "audit", "list", "--action", action, "--output", "json", "--limit", "1000",
    ]);
    serde_json::from_str::<serde_json::Value>(&out)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn stop(mut d: Daemon) {
    signal(&d, libc::SIGTERM);
    assert_eq!(exits_within(&mut d, Duration::from_secs(10)), Some(0));
}

#[test]
fn a_flood_of_forged_and_unknown_requests_is_counted_not_stored() {
    let s = Scenario::new("UTC", "minute");
    add_secret(&s, SECRET);
    let d = serve_with(&s, &[], None);
    let before = store_bytes(&s.db());
    let total = 10_000;
    let statuses = rt().block_on(flood(d.addr(), 32, total));
    let peak_kib = proc_kib(d.pid(), "VmHWM");
    let metrics = reqwest_text(&format!("{}/metrics", d.url));
    stop(d);
    let grown = store_bytes(&s.db()).saturating_sub(before);
    eprintln!(
        "flood: {total} requests {statuses:?}; store grew {grown} bytes; peak RSS {} MiB",
        peak_kib / 1024
    );
    assert_eq!(statuses.values().sum::<u64>(), total as u64);
    assert_eq!(statuses.get(&401), Some(&(total as u64 * 2 / 5)));
    assert_eq!(statuses.get(&404), Some(&(total as u64 / 5)));
    assert_eq!(statuses.get(&405), Some(&(total as u64 / 5)));
    // Less than 2 MB per 100,000 requests; RSS under 100 MB.
    assert!(
        grown < 2_000_000 * total as u64 / 100_000,
        "store grew {grown} bytes for {total} requests"
    );
    assert!(peak_kib < 100 * 1024, "peak RSS {peak_kib} KiB");
    // Counted in metrics (the start-up wait polled /healthz too)...
    let counted = |line: &str| -> u64 {
        metrics
            .lines()
            .find_map(|l| l.strip_prefix(line))
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or_else(|| panic!("{line} missing:\n{metrics}"))
    };
    assert!(
        counted("syncd_http_requests_total{route=\"/healthz\",status=\"200\"}") >= total as u64 / 5
    );
    assert_eq!(
        counted("syncd_http_requests_total{route=\"other\",status=\"404\"}"),
        total as u64 / 5
    );
    assert_eq!(
        counted("syncd_webhook_deliveries_total{outcome=\"unauthorized\"}"),
        total as u64 * 2 / 5
    );
    // ... and summarised per client and minute: every refusal is in a count, the first
    // user agent kept; probes are not audited at all.
    let count = |action: &str| -> u64 {
        audit_json(&s, action)
            .iter()
            .map(|r| {
                assert_eq!(r["ip"], "127.0.0.1");
                r["details"]["count"].as_u64().unwrap()
            })
            .sum()
    };
    assert_eq!(count("webhook.refused"), total as u64 * 2 / 5);
    assert_eq!(count("http.refused"), total as u64 * 2 / 5);
    let rows = audit_json(&s, "http.refused");
    assert!(rows.len() <= 3, "one row per client and minute: {rows:?}");
    assert_eq!(rows[0]["user_agent"], "scanner/2.0");
    let all = s.ok(&["audit", "list", "--output", "json", "--limit", "100000"]);
    assert!(!all.contains("\"probe\""), "health probes are not audited");
}

fn reqwest_text(url: &str) -> String {
    let url = url.to_string();
    std::thread::spawn(move || {
        syncd::http::install_tls_provider();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async { reqwest::get(&url).await.unwrap().text().await.unwrap() })
    })
    .join()
    .unwrap()
}

fn get_status(url: &str) -> (u16, String) {
    let url = url.to_string();
    std::thread::spawn(move || {
        syncd::http::install_tls_provider();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let r = reqwest::get(&url).await.unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        })
    })
    .join()
    .unwrap()
}

/// A stalled sender: headers for a 1 MiB body, most of it, then nothing. Returns when the
/// daemon closes the connection.
async fn stall(addr: SocketAddr, part: Arc<Vec<u8>>) {
    let Ok(mut c) = tokio::net::TcpStream::connect(addr).await else {
        return;
    };
    let head = "POST /webhooks/zammad HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1048576\r\n\r\n";
    if c.write_all(head.as_bytes()).await.is_err() {
        return;
    }
    let (mut r, mut w) = c.into_split();
    let writer = tokio::spawn(async move {
        let _ = w.write_all(&part).await;
        // Keep the write half open: stalled, not finished.
        tokio::time::sleep(Duration::from_secs(60)).await;
        drop(w);
    });
    let mut sink = Vec::new();
    let _ = r.read_to_end(&mut sink).await;
    writer.abort();
}

#[test]
fn stalled_large_bodies_hold_only_the_budget_and_are_closed_at_the_deadline() {
    let s = Scenario::new("UTC", "minute");
    add_secret(&s, SECRET);
    let deadline = 3;
    let d = serve_with(
        &s,
        &[("SYNCD_DAEMON_REQUEST_TIMEOUT_SECS", &deadline.to_string())],
        None,
    );
    let (addr, pid, url) = (d.addr(), d.pid(), format!("{}/webhooks/zammad", d.url));
    let rt = rt();
    let part = Arc::new(vec![b'x'; 900 * 1024]);
    let started = Instant::now();
    let closed: Vec<_> = (0..300)
        .map(|_| {
            let part = part.clone();
            rt.spawn(async move {
                stall(addr, part).await;
                started.elapsed()
            })
        })
        .collect();
    // While they stall (the budget is spent and later ones are turned away): memory stays
    // bounded, and a signed webhook is answered at once.
    let metrics = format!("{}/metrics", d.url);
    let turned_away = r#"syncd_webhook_deliveries_total{outcome="unavailable"}"#;
    wait_for(
        "the body budget to be spent",
        Duration::from_secs(10),
        || reqwest_text(&metrics).contains(turned_away),
    );
    let mut peak = 0;
    let body = serde_json::to_vec(&syncd_sim::webhook::custom_payload(101)).unwrap();
    let sent = Instant::now();
    let status =
        syncd_sim::webhook::send_webhook_blocking(&url, Some(SECRET), &body, "during-stall")
            .unwrap();
    let answered = sent.elapsed();
    for _ in 0..5 {
        peak = peak.max(proc_kib(pid, "VmRSS"));
        std::thread::sleep(Duration::from_millis(100));
    }
    let open_during = reqwest_text(&metrics);
    let closed: Vec<Duration> = closed
        .into_iter()
        .map(|h| rt.block_on(h).unwrap())
        .collect();
    let last = closed.iter().max().copied().unwrap_or_default();
    let after = proc_kib(pid, "VmRSS");
    eprintln!(
        "stall: 300 x 900 KiB; RSS peak {} MiB, once all closed {} MiB; signed webhook {status} in {answered:?}; last stalled connection closed after {last:?}",
        peak / 1024,
        after / 1024
    );
    assert_eq!(status, 202);
    assert!(answered < Duration::from_secs(2), "{answered:?}");
    assert!(peak < 160 * 1024, "RSS {peak} KiB");
    assert!(
        last < Duration::from_secs(deadline + 2),
        "stalled connections closed within the deadline: {last:?}"
    );
    assert!(open_during.contains(turned_away), "{open_during}");
    stop(d);
    let refused: u64 = audit_json(&s, "http.refused")
        .iter()
        .map(|r| r["details"]["count"].as_u64().unwrap())
        .sum();
    assert_eq!(refused, 300, "every stalled request is counted");
}

#[test]
fn a_locked_store_slows_neither_probes_nor_webhooks_and_loses_nothing() {
    let s = Scenario::new("UTC", "minute");
    s.small_helpdesk();
    let entry = s.entry(101, "30.0", 1, 3, "2026-11-02T10:00:00.000Z");
    add_secret(&s, SECRET);
    let d = serve_with(&s, &[], None);
    let url = format!("{}/webhooks/zammad", d.url);
    let body = serde_json::to_vec(&syncd_sim::webhook::custom_payload(101)).unwrap();
    // Another connection (a backup, a CLI transaction) holds the write lock for 5 s.
    let locker = rusqlite::Connection::open(s.db()).unwrap();
    locker.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let locked_at = Instant::now();
    let mut health = Vec::new();
    let mut hooks = Vec::new();
    for i in 0..5 {
        let t = Instant::now();
        assert_eq!(get_status(&format!("{}/healthz", d.url)).0, 200);
        health.push(t.elapsed());
        let t = Instant::now();
        let status = syncd_sim::webhook::send_webhook_blocking(
            &url,
            Some(SECRET),
            &body,
            &format!("locked-{i}"),
        )
        .unwrap();
        assert_eq!(status, 202);
        hooks.push(t.elapsed());
    }
    let (ready, text) = get_status(&format!("{}/readyz", d.url));
    std::thread::sleep(Duration::from_secs(5).saturating_sub(locked_at.elapsed()));
    locker.execute_batch("ROLLBACK").unwrap();
    drop(locker);
    health.sort();
    eprintln!("locked store: healthz {health:?}, webhooks {hooks:?}");
    assert!(
        health[health.len() / 2] < Duration::from_millis(100),
        "{health:?}"
    );
    assert!(
        hooks.iter().all(|t| *t < Duration::from_secs(1)),
        "{hooks:?}"
    );
    assert_eq!(ready, 503, "{text}");
    assert!(text.contains("store locked"), "{text}");
    // Nothing lost: every delivery id is written, and the ticket is synced.
    wait_for("the delivery ids", Duration::from_secs(10), || {
        rusqlite::Connection::open(s.db())
            .unwrap()
            .query_row(
                "SELECT count(*) FROM webhook_deliveries WHERE delivery_id LIKE 'locked-%'",
                [],
                |r| r.get::<_, i64>(0),
            )
            .unwrap()
            == 5
    });
    wait_for("the webhook's sync", Duration::from_secs(20), || {
        s.timesheets_by_entry().contains_key(&entry)
    });
    assert!(runs(&s).iter().any(|r| r["trigger"] == "webhook"));
    assert_eq!(get_status(&format!("{}/readyz", d.url)).0, 200);
    stop(d);
    let accepted = audit_json(&s, "webhook.accepted");
    assert_eq!(accepted.len(), 5, "signed deliveries are audit rows");
}

/// A small tmpfs, unmounted on drop.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(dir: &Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(dir).unwrap();
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Tmpfs(dir.to_path_buf()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.0)
            .status();
    }
}

#[test]
fn a_full_disk_turns_readyz_503() {
    let s = Scenario::new("UTC", "minute");
    let dir = s.path("small-disk");
    let Some(disk) = Tmpfs::mount(&dir, "8m") else {
        // Not root: a threshold above the free space is the same signal.
        eprintln!("cannot mount a tmpfs here; using daemon.min_free_mb above the free space");
        let d = serve_with(&s, &[("SYNCD_DAEMON_MIN_FREE_MB", "100000000")], None);
        let (status, text) = get_status(&format!("{}/readyz", d.url));
        assert_eq!(status, 503, "{text}");
        assert!(text.contains("daemon.min_free_mb"), "{text}");
        stop(d);
        return;
    };
    let db = dir.join("syncd.db");
    let d = serve_with(
        &s,
        &[
            ("SYNCD_DB", db.to_str().unwrap()),
            ("SYNCD_DAEMON_MIN_FREE_MB", "2"),
        ],
        None,
    );
    let readyz = format!("{}/readyz", d.url);
    assert_eq!(get_status(&readyz).0, 200, "{}", get_status(&readyz).1);
    // Fill the disk.
    let fill = dir.join("fill");
    {
        use std::io::Write;
        let mut f = std::fs::File::create(&fill).unwrap();
        let block = vec![0u8; 64 * 1024];
        while f.write_all(&block).is_ok() {}
    }
    let (status, text) = get_status(&readyz);
    assert_eq!(status, 503, "{text}");
    assert!(text.contains("free on the store's file system"), "{text}");
    std::fs::remove_file(&fill).unwrap();
    assert_eq!(get_status(&readyz).0, 200);
    stop(d);
    drop(disk);
}
