//! Webhook throughput benchmark.
//!
//! Starts syncd's webhook server in-process (temp store, fake sync function), then drives it
//! with 64 keep-alive connections for a fixed time with correctly signed Zammad-style
//! requests (unique `X-Zammad-Delivery` each, so every request is verified, de-duplicated
//! in SQLite and audited). If adnanh/webhook (`webhook`, Debian package `webhook`) is on
//! PATH, the same load goes to it with an equivalent `payload-hmac-sha1` rule.
//!
//!     cargo run --release --example bench_webhook            # 5 s per target
//!     BENCH_SECS=10 BENCH_CONNS=64 cargo run --release --example bench_webhook

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use syncd::daemon::{self, Options, SyncFn};

const SECRET: &str = "bench-secret-0123456789abcdef";
const BODY: &str = r#"{"ticket_id":"81","article_id":"104","event":"update"}"#;

struct Result {
    requests: u64,
    errors: u64,
    secs: f64,
    p50_us: u64,
    p99_us: u64,
}

impl Result {
    fn rps(&self) -> f64 {
        self.requests as f64 / self.secs
    }
}

async fn load(addr: SocketAddr, path: &'static str, conns: usize, dur: Duration) -> Result {
    let sig = syncd::daemon::signature::sign(SECRET.as_bytes(), BODY.as_bytes());
    let counter = Arc::new(AtomicU64::new(0));
    let errors = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let deadline = start + dur;
    let mut tasks = Vec::new();
    for _ in 0..conns {
        let sig = sig.clone();
        let counter = counter.clone();
        let errors = errors.clone();
        tasks.push(tokio::spawn(async move {
            let mut lat: Vec<u32> = Vec::with_capacity(200_000);
            'reconnect: while Instant::now() < deadline {
                let Ok(stream) = tokio::net::TcpStream::connect(addr).await else {
                    errors.fetch_add(1, Ordering::Relaxed);
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                };
                let _ = stream.set_nodelay(true);
                let Ok((mut send, conn)) = hyper::client::conn::http1::handshake::<_, Full<Bytes>>(
                    hyper_util::rt::TokioIo::new(stream),
                )
                .await
                else {
                    errors.fetch_add(1, Ordering::Relaxed);
                    continue;
                };
                tokio::spawn(conn);
                while Instant::now() < deadline {
                    let n = counter.fetch_add(1, Ordering::Relaxed);
                    let req = hyper::Request::post(path)
                        .header("host", addr.to_string())
                        .header("content-type", "application/json; charset=utf-8")
                        .header("user-agent", "Zammad User Agent")
                        .header("x-zammad-trigger", "bench")
                        .header("x-zammad-delivery", format!("bench-{n}"))
                        .header("x-hub-signature", sig.as_str())
                        .body(Full::new(Bytes::from_static(BODY.as_bytes())))
                        .unwrap();
                    let t = Instant::now();
                    match send.send_request(req).await {
                        Ok(resp) => {
                            let ok = resp.status().is_success();
                            let _ = resp.into_body().collect().await;
                            if ok {
                                lat.push(t.elapsed().as_micros().min(u32::MAX as u128) as u32);
                            } else {
                                errors.fetch_add(1, Ordering::Relaxed);
                            }
                        }
                        Err(_) => {
                            errors.fetch_add(1, Ordering::Relaxed);
                            continue 'reconnect;
                        }
                    }
                }
            }
            lat
        }));
    }
    let mut all: Vec<u32> = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap_or_default());
    }
    let secs = start.elapsed().as_secs_f64();
    all.sort_unstable();
    let pct = |p: f64| {
        all.get(((all.len() as f64 * p) as usize).min(all.len().saturating_sub(1)))
            .copied()
            .unwrap_or(0) as u64
    };
    Result {
        requests: all.len() as u64,
        errors: errors.load(Ordering::Relaxed),
        secs,
        p50_us: pct(0.50),
        p99_us: pct(0.99),
    }
}

fn print(name: &str, r: &Result) {
    println!(
        "{name:<28} {:>10.0} req/s   p50 {:>7.2} ms   p99 {:>7.2} ms   ({} ok, {} errors, {:.1} s)",
        r.rps(),
        r.p50_us as f64 / 1000.0,
        r.p99_us as f64 / 1000.0,
        r.requests,
        r.errors,
        r.secs
    );
}

fn find_on_path(bin: &str) -> Option<std::path::PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|d| std::path::Path::new(d).join(bin))
        .find(|p| p.is_file())
}

async fn wait_port(addr: SocketAddr) -> bool {
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(addr).await.is_ok() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let secs: u64 = std::env::var("BENCH_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5)
        .clamp(1, 60);
    let conns: usize = std::env::var("BENCH_CONNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(64)
        .clamp(1, 1024);
    let dur = Duration::from_secs(secs);
    println!(
        "load: {conns} keep-alive connections, {secs} s per target, signed {} byte body, loopback",
        BODY.len()
    );

    let tmp = tempfile::tempdir()?;
    let calls = Arc::new(AtomicU64::new(0));
    let c = calls.clone();
    let sync_fn: SyncFn = Arc::new(move |_req| {
        c.fetch_add(1, Ordering::Relaxed);
        Box::pin(async { Err(anyhow::anyhow!("benchmark: no sync")) })
    });
    let mut settings = syncd::config::Settings::default();
    settings.daemon.webhook_coalesce_secs = 1;
    let d = daemon::Daemon::start(Options {
        settings,
        listen: Some("127.0.0.1:0".into()),
        db_path: tmp.path().join("bench.db"),
        sync_fn,
        secrets: Arc::new(|_| Ok(vec![SECRET.as_bytes().to_vec()])),
        reload: None,
    })
    .await?;
    let ours = load(d.addr, "/webhooks/zammad", conns, dur).await;
    print("syncd (in-process)", &ours);
    println!(
        "  (each request: HMAC check, JSON parse, delivery-id insert, audit row; {} coalesced sync runs)",
        calls.load(Ordering::Relaxed)
    );
    d.shutdown().await?;
    // Rows are written behind; shutdown flushed them. Check nothing was dropped.
    let store = syncd::store::Store::open(&tmp.path().join("bench.db"))?;
    let count = |sql: &str| {
        store
            .conn()
            .query_row(sql, [], |r| r.get::<_, i64>(0))
            .unwrap_or(-1)
    };
    println!(
        "  store afterwards: {} access audit rows, {} delivery ids (for {} answered requests)",
        count("SELECT count(*) FROM audit_log WHERE category = 'access'"),
        count("SELECT count(*) FROM webhook_deliveries"),
        ours.requests
    );

    let Some(bin) = find_on_path("webhook") else {
        println!(
            "adnanh/webhook: NOT RUN, `webhook` is not on PATH (Debian/Ubuntu: apt-get install -y webhook)"
        );
        return Ok(());
    };
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0")?;
        l.local_addr()?.port()
    };
    let hooks = tmp.path().join("hooks.json");
    std::fs::write(
        &hooks,
        serde_json::to_string_pretty(&serde_json::json!([{
            "id": "zammad",
            "execute-command": "/bin/true",
            "response-message": "accepted",
            "trigger-rule": {"match": {
                "type": "payload-hmac-sha1",
                "secret": SECRET,
                "parameter": {"source": "header", "name": "X-Hub-Signature"}
            }}
        }]))?,
    )?;
    let mut child = tokio::process::Command::new(&bin)
        .args([
            "-hooks",
            hooks.to_str().unwrap(),
            "-ip",
            "127.0.0.1",
            "-port",
            &port.to_string(),
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()?;
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse()?;
    if !wait_port(addr).await {
        println!("adnanh/webhook: did not start listening on {addr}");
        let _ = child.kill().await;
        return Ok(());
    }
    let theirs = load(addr, "/hooks/zammad", conns, dur).await;
    let _ = child.kill().await;
    print(&format!("adnanh/webhook ({})", bin.display()), &theirs);
    println!("  (runs /bin/true per matched request, as its rules require a command)");
    if theirs.rps() > 0.0 {
        println!(
            "ratio syncd / webhook: throughput {:.2}x, p99 {:.2}x",
            ours.rps() / theirs.rps(),
            ours.p99_us as f64 / theirs.p99_us.max(1) as f64
        );
    }
    Ok(())
}
