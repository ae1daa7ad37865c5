//! Webhook benchmark, three modes.
//!
//! Throughput (default): syncd's webhook server in-process (temp store, fake sync) and a
//! minimal receiver (hyper, read the body, HMAC-SHA1, constant-time compare, 202) as the
//! floor, under the same load: 64 keep-alive connections of correctly signed requests with
//! unique `X-Zammad-Delivery` ids (so syncd verifies, de-duplicates and audits each one).
//! If adnanh/webhook (`webhook` on PATH) is installed, it gets the same load too.
//!
//! `--flood`: the real binary (`target/release/syncd`) under forged webhooks, scanners'
//! paths and health probes; prints RSS, open connections and store growth.
//!
//! `--slow-bodies`: the real binary while connections send most of a 1 MiB body and stall;
//! prints RSS, open connections, how fast a signed webhook is answered meanwhile, when the
//! stalled connections are closed, and RSS afterwards.
//!
//!     cargo run --release --example bench_webhook                  # 5 s per target
//!     cargo build --release && cargo run --release --example bench_webhook -- --flood
//!     cargo build --release && cargo run --release --example bench_webhook -- --slow-bodies
//!     BENCH_SECS=10 BENCH_CONNS=64 BENCH_REQUESTS=100000 BENCH_STALLED=300 …
#![allow(unsafe_code)] // libc: CPU and memory figures of the processes it measures

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use std::io::Write as _;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use syncd::daemon::{self, Options, SyncFn, WebhookKeys};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const SECRET: &str = "bench-secret-0123456789abcdef";
const BODY: &str = r#"{"ticket_id":"81","article_id":"104","event":"update"}"#;

fn env_num(key: &str, default: u64) -> u64 {
    std::env::var(key)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

struct Load {
    requests: u64,
    errors: u64,
    secs: f64,
    p50_us: u64,
    p99_us: u64,
}

impl Load {
    fn rps(&self) -> f64 {
        self.requests as f64 / self.secs
    }
}

/// `conns` keep-alive connections sending `make(n)` for `dur`; latencies of 2xx answers.
async fn load(
    addr: SocketAddr,
    conns: usize,
    dur: Duration,
    make: Arc<dyn Fn(u64) -> hyper::Request<Full<Bytes>> + Send + Sync>,
) -> Load {
    let counter = Arc::new(AtomicU64::new(0));
    let errors = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let deadline = start + dur;
    let mut tasks = Vec::new();
    for _ in 0..conns {
        let (counter, errors, make) = (counter.clone(), errors.clone(), make.clone());
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
                    let req = make(counter.fetch_add(1, Ordering::Relaxed));
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
    Load {
        requests: all.len() as u64,
        errors: errors.load(Ordering::Relaxed),
        secs,
        p50_us: pct(0.50),
        p99_us: pct(0.99),
    }
}

fn signed(
    path: &'static str,
    addr: SocketAddr,
) -> Arc<dyn Fn(u64) -> hyper::Request<Full<Bytes>> + Send + Sync> {
    let sig = syncd::daemon::signature::sign(SECRET.as_bytes(), BODY.as_bytes());
    Arc::new(move |n| {
        hyper::Request::post(path)
            .header("host", addr.to_string())
            .header("content-type", "application/json; charset=utf-8")
            .header("user-agent", "Zammad User Agent")
            .header("x-zammad-trigger", "bench")
            .header("x-zammad-delivery", format!("bench-{n}"))
            .header("x-hub-signature", sig.as_str())
            .body(Full::new(Bytes::from_static(BODY.as_bytes())))
            .unwrap()
    })
}

fn print(name: &str, r: &Load) {
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

/// The floor: what any webhook receiver must do per request, and nothing else.
async fn minimal_receiver() -> SocketAddr {
    use hmac::{Hmac, KeyInit, Mac};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let _ = stream.set_nodelay(true);
            tokio::spawn(async move {
                let svc = hyper::service::service_fn(
                    |req: hyper::Request<hyper::body::Incoming>| async move {
                        let (parts, body) = req.into_parts();
                        let body = body
                            .collect()
                            .await
                            .map(|c| c.to_bytes())
                            .unwrap_or_default();
                        let given = parts
                            .headers
                            .get("x-hub-signature")
                            .and_then(|v| v.as_bytes().strip_prefix(b"sha1="))
                            .map(|h| h.to_vec())
                            .unwrap_or_default();
                        let mut mac =
                            Hmac::<sha1::Sha1>::new_from_slice(SECRET.as_bytes()).unwrap();
                        mac.update(&body);
                        let hex: Vec<u8> = mac
                            .finalize()
                            .into_bytes()
                            .iter()
                            .flat_map(|b| format!("{b:02x}").into_bytes())
                            .collect();
                        let ok = subtle::ConstantTimeEq::ct_eq(hex.as_slice(), given.as_slice());
                        let status = if bool::from(ok) { 202 } else { 401 };
                        Ok::<_, std::convert::Infallible>(
                            hyper::Response::builder()
                                .status(status)
                                .body(Full::new(Bytes::from_static(b"{\"status\":\"accepted\"}")))
                                .unwrap(),
                        )
                    },
                );
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), svc)
                    .await;
            });
        }
    });
    addr
}

/// CPU seconds of this process's threads named `name`.
fn thread_cpu(name: &str) -> f64 {
    let tick = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    let Ok(dir) = std::fs::read_dir("/proc/self/task") else {
        return 0.0;
    };
    dir.flatten()
        .filter(|t| std::fs::read_to_string(t.path().join("comm")).is_ok_and(|c| c.trim() == name))
        .filter_map(|t| std::fs::read_to_string(t.path().join("stat")).ok())
        .map(|stat| {
            let after = stat.rsplit_once(')').map_or("", |(_, a)| a);
            let f: Vec<&str> = after.split_whitespace().collect();
            let ticks: f64 = f.get(11).and_then(|v| v.parse().ok()).unwrap_or(0.0)
                + f.get(12).and_then(|v| v.parse().ok()).unwrap_or(0.0);
            ticks / tick
        })
        .sum()
}

async fn throughput(conns: usize, dur: Duration) -> anyhow::Result<()> {
    println!(
        "load: {conns} keep-alive connections, {} s per target, signed {} byte body, loopback",
        dur.as_secs(),
        BODY.len()
    );
    let floor_addr = minimal_receiver().await;
    let floor = load(floor_addr, conns, dur, signed("/", floor_addr)).await;
    print("minimal receiver (floor)", &floor);

    let tmp = tempfile::tempdir()?;
    let calls = Arc::new(AtomicU64::new(0));
    let c = calls.clone();
    let sync_fn: SyncFn = Arc::new(move |_req, _settings| {
        c.fetch_add(1, Ordering::Relaxed);
        Box::pin(async { Err(anyhow::anyhow!("benchmark: no sync")) })
    });
    let mut settings = syncd::config::Settings::default();
    settings.daemon.webhook_coalesce_secs = 1;
    let d = daemon::Daemon::start(Options {
        settings,
        listen: Some(([127, 0, 0, 1], 0).into()),
        db_path: tmp.path().join("bench.db"),
        sync_fn,
        check_fn: None,
        secrets: Arc::new(|_| {
            Ok(WebhookKeys {
                signing: vec![SECRET.as_bytes().to_vec()],
                credentials: Vec::new(),
            })
        }),
        reload: None,
    })
    .await?;
    let writer_before = thread_cpu("syncd-writer");
    let ours = load(d.addr, conns, dur, signed("/webhooks/zammad", d.addr)).await;
    let writer_cpu = thread_cpu("syncd-writer") - writer_before;
    print("syncd (in-process)", &ours);
    let dropped = d.metrics.audit_dropped_total("queue_full");
    println!(
        "  (each request: body, HMAC, ticket id, in-memory de-dup, delivery id and audit row queued; {} coalesced sync runs; store writer thread {:.1} CPU s = {:.0} µs per request; {} audit rows dropped on a full queue)",
        calls.load(Ordering::Relaxed),
        writer_cpu,
        writer_cpu * 1e6 / ours.requests.max(1) as f64,
        dropped
    );
    d.shutdown().await?;
    let store = rusqlite::Connection::open(tmp.path().join("bench.db"))?;
    let count = |sql: &str| {
        store
            .query_row(sql, [], |r| r.get::<_, i64>(0))
            .unwrap_or(-1)
    };
    println!(
        "  store afterwards: {} access audit rows, {} delivery ids (for {} answered requests)",
        count("SELECT count(*) FROM audit_log WHERE category = 'access'"),
        count("SELECT count(*) FROM webhook_deliveries"),
        ours.requests
    );
    println!(
        "ratio syncd / minimal receiver: throughput {:.2}x (goal >= 0.5), p99 {:.2}x (goal <= 2)",
        ours.rps() / floor.rps(),
        ours.p99_us as f64 / floor.p99_us.max(1) as f64
    );
    adnanh(conns, dur, &ours).await
}

fn find_on_path(bin: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|d| Path::new(d).join(bin))
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

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn adnanh(conns: usize, dur: Duration, ours: &Load) -> anyhow::Result<()> {
    let Some(bin) = find_on_path("webhook") else {
        println!(
            "adnanh/webhook: NOT RUN, `webhook` is not on PATH (Debian/Ubuntu: apt-get install -y webhook)"
        );
        return Ok(());
    };
    let tmp = tempfile::tempdir()?;
    let port = free_port();
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
        ])
        .arg(port.to_string())
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
    let theirs = load(addr, conns, dur, signed("/hooks/zammad", addr)).await;
    let _ = child.kill().await;
    print(&format!("adnanh/webhook ({})", bin.display()), &theirs);
    if theirs.rps() > 0.0 {
        println!(
            "ratio syncd / adnanh/webhook: throughput {:.2}x, p99 {:.2}x",
            ours.rps() / theirs.rps(),
            ours.p99_us as f64 / theirs.p99_us.max(1) as f64
        );
    }
    Ok(())
}

/// The real binary in a temp HOME, with a webhook secret, serving on a free port.
struct Served {
    child: std::process::Child,
    addr: SocketAddr,
    home: tempfile::TempDir,
    /// The store's size before the daemon started (WAL checkpointed).
    size_before: u64,
}

impl Served {
    fn db(&self) -> PathBuf {
        self.home.path().join("data/syncd/syncd.db")
    }

    fn rss_kib(&self, key: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{key}:")))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    }

    /// Open TCP connections of the daemon (sockets among its descriptors, listeners too).
    fn open_sockets(&self) -> usize {
        std::fs::read_dir(format!("/proc/{}/fd", self.child.id()))
            .map(|d| {
                d.flatten()
                    .filter(|e| {
                        std::fs::read_link(e.path())
                            .is_ok_and(|l| l.to_string_lossy().starts_with("socket:"))
                    })
                    .count()
            })
            .unwrap_or(0)
    }

    /// SIGTERM and wait; the temp HOME lives on in the returned value.
    fn stop(mut self) -> (std::process::ExitStatus, tempfile::TempDir) {
        unsafe { libc::kill(self.child.id() as i32, libc::SIGTERM) };
        (self.child.wait().unwrap(), self.home)
    }
}

fn store_bytes(db: &Path) -> u64 {
    ["", "-wal", "-shm"]
        .iter()
        .map(|s| {
            let mut p = db.as_os_str().to_owned();
            p.push(s);
            std::fs::metadata(PathBuf::from(p)).map_or(0, |m| m.len())
        })
        .sum()
}

async fn serve_binary(envs: &[(&str, String)]) -> anyhow::Result<Served> {
    let exe = std::env::current_exe()?;
    let bin = exe
        .parent()
        .and_then(Path::parent)
        .map(|d| d.join("syncd"))
        .filter(|p| p.is_file())
        .ok_or_else(|| {
            anyhow::anyhow!(
                "no syncd binary next to the examples: run `cargo build --release` first"
            )
        })?;
    let home = tempfile::tempdir()?;
    let cmd = |args: &[&str]| {
        let mut c = std::process::Command::new(&bin);
        c.args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("SYNCD_NO_KEYRING", "1");
        c
    };
    anyhow::ensure!(
        cmd(&["init", "--non-interactive"])
            .output()?
            .status
            .success()
    );
    let mut add = cmd(&[
        "webhook",
        "secret",
        "add",
        "--name",
        "bench",
        "--secret-stdin",
    ])
    .stdin(std::process::Stdio::piped())
    .stdout(std::process::Stdio::null())
    .spawn()?;
    add.stdin
        .take()
        .unwrap()
        .write_all(format!("{SECRET}\n").as_bytes())?;
    anyhow::ensure!(add.wait()?.success());
    let size_before = store_bytes(&home.path().join("data/syncd/syncd.db"));
    let addr: SocketAddr = format!("127.0.0.1:{}", free_port()).parse()?;
    let mut serve = cmd(&["serve", "--listen", &addr.to_string()]);
    for (k, v) in envs {
        serve.env(k, v);
    }
    let child = serve
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()?;
    anyhow::ensure!(wait_port(addr).await, "syncd did not start listening");
    Ok(Served {
        child,
        addr,
        home,
        size_before,
    })
}

fn flood_request(addr: SocketAddr, i: u64) -> hyper::Request<Full<Bytes>> {
    let b = hyper::Request::builder().header("host", addr.to_string());
    let req = match i % 5 {
        0 => b
            .method("POST")
            .uri("/webhooks/zammad")
            .header(
                "x-hub-signature",
                syncd::daemon::signature::sign(b"wrong key", BODY.as_bytes()),
            )
            .header("x-zammad-delivery", format!("forged-{i}"))
            .header("user-agent", "forger/1.0")
            .body(Full::new(Bytes::from_static(BODY.as_bytes()))),
        1 => b
            .method("POST")
            .uri("/webhooks/zammad")
            .header("user-agent", "forger/1.0")
            .body(Full::new(Bytes::from_static(BODY.as_bytes()))),
        2 => b
            .method("GET")
            .uri(format!("/wp-login.php?n={i}"))
            .header("user-agent", "scanner/2.0")
            .body(Full::new(Bytes::new())),
        3 => b
            .method("PUT")
            .uri("/metrics")
            .header("user-agent", "scanner/2.0")
            .body(Full::new(Bytes::new())),
        _ => b
            .method("GET")
            .uri("/healthz")
            .header("user-agent", "probe")
            .body(Full::new(Bytes::new())),
    };
    req.unwrap()
}

/// Sample RSS and open sockets every 100 ms until `stop` is set.
fn sampler(s: &Served, stop: Arc<AtomicUsize>) -> std::thread::JoinHandle<(u64, usize)> {
    let (pid, status_key) = (s.child.id(), "VmRSS");
    std::thread::spawn(move || {
        let (mut rss, mut socks) = (0u64, 0usize);
        while stop.load(Ordering::Relaxed) == 0 {
            let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
            let r: u64 = status
                .lines()
                .find_map(|l| l.strip_prefix(&format!("{status_key}:")))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
                .unwrap_or(0);
            rss = rss.max(r);
            let n = std::fs::read_dir(format!("/proc/{pid}/fd"))
                .map(|d| {
                    d.flatten()
                        .filter(|e| {
                            std::fs::read_link(e.path())
                                .is_ok_and(|l| l.to_string_lossy().starts_with("socket:"))
                        })
                        .count()
                })
                .unwrap_or(0);
            socks = socks.max(n);
            std::thread::sleep(Duration::from_millis(100));
        }
        (rss, socks)
    })
}

async fn flood(conns: usize, total: u64) -> anyhow::Result<()> {
    let s = serve_binary(&[]).await?;
    let before = s.size_before;
    let rss_start = s.rss_kib("VmRSS");
    let stop = Arc::new(AtomicUsize::new(0));
    let sampling = sampler(&s, stop.clone());
    let addr = s.addr;
    let sent = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let make: Arc<dyn Fn(u64) -> hyper::Request<Full<Bytes>> + Send + Sync> =
        Arc::new(move |n| flood_request(addr, n));
    // Bounded by count: run the load in slices until `total` requests are answered.
    let mut answered = 0u64;
    let mut statuses_ok = 0u64;
    while answered < total {
        let l = load(addr, conns, Duration::from_millis(500), make.clone()).await;
        answered += l.requests + l.errors;
        statuses_ok += l.requests;
        sent.fetch_add(l.requests + l.errors, Ordering::Relaxed);
    }
    let secs = started.elapsed().as_secs_f64();
    stop.store(1, Ordering::Relaxed);
    let (rss_peak, sockets_peak) = sampling.join().unwrap();
    std::thread::sleep(Duration::from_secs(6));
    let rss_after = s.rss_kib("VmRSS");
    let sockets_after = s.open_sockets();
    let db = s.db();
    let (status, _home) = s.stop();
    let grown = store_bytes(&db).saturating_sub(before);
    let rows = syncd::store::Store::open(&db)
        .and_then(|st| st.count_access_rows())
        .unwrap_or(0);
    println!(
        "flood: {answered} requests ({} 2xx probes, the rest refused) over {conns} connections in {secs:.1} s ({:.0} req/s); daemon exited {status}",
        statuses_ok,
        answered as f64 / secs
    );
    println!(
        "  RSS: {} MiB at start, {} MiB peak, {} MiB 6 s after; open sockets: {sockets_peak} peak, {sockets_after} after",
        rss_start / 1024,
        rss_peak / 1024,
        rss_after / 1024
    );
    println!(
        "  store grew {grown} bytes = {:.0} bytes per 100,000 requests (goal < 2 MB); {rows} access rows",
        grown as f64 * 100_000.0 / answered.max(1) as f64
    );
    Ok(())
}

async fn stalled_sender(addr: SocketAddr, part: Arc<Vec<u8>>) -> Option<Duration> {
    let start = Instant::now();
    let mut c = tokio::net::TcpStream::connect(addr).await.ok()?;
    let head = "POST /webhooks/zammad HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1048576\r\n\r\n";
    c.write_all(head.as_bytes()).await.ok()?;
    let (mut r, mut w) = c.into_split();
    let writer = tokio::spawn(async move {
        let _ = w.write_all(&part).await;
        tokio::time::sleep(Duration::from_secs(120)).await;
        drop(w);
    });
    let mut sink = Vec::new();
    let _ = r.read_to_end(&mut sink).await;
    writer.abort();
    Some(start.elapsed())
}

async fn slow_bodies(stalled: usize) -> anyhow::Result<()> {
    let deadline = env_num("BENCH_DEADLINE_SECS", 15);
    let s = serve_binary(&[("SYNCD_DAEMON_REQUEST_TIMEOUT_SECS", deadline.to_string())]).await?;
    let rss_start = s.rss_kib("VmRSS");
    let stop = Arc::new(AtomicUsize::new(0));
    let sampling = sampler(&s, stop.clone());
    let part = Arc::new(vec![b'x'; 900 * 1024]);
    let tasks: Vec<_> = (0..stalled)
        .map(|_| tokio::spawn(stalled_sender(s.addr, part.clone())))
        .collect();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let sig = syncd::daemon::signature::sign(SECRET.as_bytes(), BODY.as_bytes());
    let t = Instant::now();
    let status = reqwest::Client::new()
        .post(format!("http://{}/webhooks/zammad", s.addr))
        .header("x-hub-signature", sig)
        .header("x-zammad-delivery", "during-stall")
        .body(BODY)
        .send()
        .await
        .map(|r| r.status().as_u16())
        .unwrap_or(0);
    let answered = t.elapsed();
    let mut closed: Vec<Duration> = Vec::new();
    for t in tasks {
        if let Ok(Some(d)) = t.await {
            closed.push(d);
        }
    }
    closed.sort();
    stop.store(1, Ordering::Relaxed);
    let (rss_peak, sockets_peak) = sampling.join().unwrap();
    let rss_closed = s.rss_kib("VmRSS");
    tokio::time::sleep(Duration::from_secs(6)).await;
    let rss_after = s.rss_kib("VmRSS");
    let (exit, _home) = s.stop();
    println!(
        "slow bodies: {stalled} connections, each 900 KiB of a declared 1 MiB body, then stalled; deadline {deadline} s; daemon exited {exit}"
    );
    println!(
        "  RSS: {} MiB at start, {} MiB peak, {} MiB when all closed, {} MiB 6 s later; open sockets peak {sockets_peak}",
        rss_start / 1024,
        rss_peak / 1024,
        rss_closed / 1024,
        rss_after / 1024
    );
    println!(
        "  a signed webhook meanwhile: {status} in {:.1} ms",
        answered.as_secs_f64() * 1000.0
    );
    if let (Some(first), Some(last)) = (closed.first(), closed.last()) {
        println!(
            "  stalled connections closed: {} of {stalled}, first after {:.2} s, median {:.2} s, last {:.2} s",
            closed.len(),
            first.as_secs_f64(),
            closed[closed.len() / 2].as_secs_f64(),
            last.as_secs_f64()
        );
    }
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    syncd::http::install_tls_provider();
    let secs = env_num("BENCH_SECS", 5).clamp(1, 60);
    let conns = env_num("BENCH_CONNS", 64).clamp(1, 1024) as usize;
    let mode = std::env::args().nth(1).unwrap_or_default();
    match mode.as_str() {
        "--flood" => {
            flood(
                conns,
                env_num("BENCH_REQUESTS", 100_000).clamp(1, 10_000_000),
            )
            .await
        }
        "--slow-bodies" => slow_bodies(env_num("BENCH_STALLED", 300).clamp(1, 5000) as usize).await,
        "" => throughput(conns, Duration::from_secs(secs)).await,
        other => anyhow::bail!("unknown mode {other}: use --flood, --slow-bodies or nothing"),
    }
}
