//! A first sync of 10,000 entries (2,000 tickets, 200 organizations, 20 agents) against the
//! simulators with 5 ms latency per request, then a no-op re-sync and a `--full` no-op.
//! Prints, per run: requests by kind against the floor, wall time against the floor time,
//! and the syncd process's own peak RSS and CPU seconds (user + sys, from `wait4`, so the
//! simulators in this process are not counted and each run is measured on its own).
//!
//!     cargo build --release && cargo run --release --example bench_sync
//!     BENCH_SIZES=10000,100000 cargo run --release --example bench_sync   # takes minutes
//!
//! Options (env): BENCH_SIZES (entries per pass, comma-separated; default BENCH_ENTRIES or
//! 10000), BENCH_TICKETS (default entries / 5), BENCH_ORGS, BENCH_AGENTS, BENCH_LATENCY_MS,
//! BENCH_SYNCD (the syncd binary; default the one next to this example), BENCH_WRAP (a
//! profiler command to run syncd under, e.g. `heaptrack -o /tmp/syncd`).
#![allow(unsafe_code)] // libc: CPU and memory figures of the processes it measures

use std::collections::BTreeMap;
use std::process::Stdio;
use std::time::{Duration, Instant};
use syncd_sim::datagen::{Dataset, DatasetSize};
use syncd_sim::harness::Harness;
use syncd_sim::kimai::{KimaiPermissions, KimaiRole};
use syncd_sim::{FaultConfig, KimaiSim, ZammadSim};

const CONCURRENCY: f64 = 4.0;

fn env_num(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().replace('_', "").parse().ok())
        .unwrap_or(default)
}

/// Entries per pass: BENCH_SIZES=10000,100000, else BENCH_ENTRIES, else 10,000.
fn sizes() -> Vec<usize> {
    match std::env::var("BENCH_SIZES") {
        Ok(v) => v
            .split(',')
            .map(|s| {
                s.trim()
                    .replace('_', "")
                    .parse()
                    .unwrap_or_else(|_| panic!("BENCH_SIZES: `{s}` is not a number"))
            })
            .collect(),
        Err(_) => vec![env_num("BENCH_ENTRIES", 10_000)],
    }
}

fn syncd_binary() -> std::path::PathBuf {
    if let Some(p) = std::env::var_os("BENCH_SYNCD") {
        return p.into();
    }
    // target/release/examples/bench_sync → target/release/syncd
    let me = std::env::current_exe().expect("current exe");
    let bin = me
        .parent()
        .and_then(|p| p.parent())
        .expect("target dir")
        .join("syncd");
    assert!(
        bin.exists(),
        "{} is missing: run `cargo build --release` first",
        bin.display()
    );
    bin
}

fn counts(z: &ZammadSim, k: &KimaiSim) -> BTreeMap<String, u64> {
    let mut all = BTreeMap::new();
    for (kind, n) in z.request_counts() {
        all.insert(format!("zammad {kind}"), n);
    }
    for (kind, n) in k.request_counts() {
        all.insert(format!("kimai  {kind}"), n);
    }
    all
}

fn reset(z: &ZammadSim, k: &KimaiSim) {
    z.reset_counts();
    k.reset_counts();
}

/// Mean round trip of a cheap request against the slowed-down simulator.
fn measured_round_trip(kimai: &str) -> Duration {
    syncd::http::install_tls_provider();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let url = format!("{kimai}/api/users/me");
    rt.block_on(async {
        let client = reqwest::Client::new();
        let n = 100;
        let start = Instant::now();
        for _ in 0..n {
            let _ = client
                .get(&url)
                .bearer_auth(syncd_sim::harness::KIMAI_TOKEN)
                .send()
                .await
                .map(|r| r.status());
        }
        start.elapsed() / n
    })
}

/// One syncd process, measured on its own.
#[derive(Debug, Clone, Default)]
struct Measured {
    wall: Duration,
    /// Peak resident set of this process (`ru_maxrss` from `wait4`), in MiB.
    rss_mib: f64,
    user: Duration,
    sys: Duration,
}

impl Measured {
    fn cpu(&self) -> Duration {
        self.user + self.sys
    }
}

/// Run `syncd ARGS`, measured on its own. A child started from this process inherits its
/// peak RSS (Linux records the old address space's high-water mark at exec, and this
/// process holds both simulators and their data), so a small copy of this program in
/// `--measure` mode starts syncd and reaps it with `wait4`.
fn run(h: &Harness, args: &[&str]) -> Measured {
    let syncd = h.command(args);
    let mut cmd = std::process::Command::new(std::env::current_exe().expect("current exe"));
    cmd.env_clear();
    for (k, v) in syncd.get_envs() {
        if let Some(v) = v {
            cmd.env(k, v);
        }
    }
    // Entries without a Zammad type book to this activity (an id: no catalog lookup).
    if let Ok(v) = std::env::var("SYNCD_SYNC_DEFAULT_ACTIVITY") {
        cmd.env("SYNCD_SYNC_DEFAULT_ACTIVITY", v);
    }
    cmd.arg(MEASURE);
    // BENCH_WRAP: a profiler to run syncd under (its figures then include the profiler).
    if let Ok(wrap) = std::env::var("BENCH_WRAP") {
        cmd.args(wrap.split_whitespace());
    }
    cmd.arg(syncd.get_program())
        .args(syncd.get_args())
        .stdin(Stdio::null())
        .stderr(Stdio::piped());
    let out = cmd.output().expect("run syncd");
    let report = String::from_utf8_lossy(&out.stdout);
    let fields: Vec<u64> = report
        .split_whitespace()
        .map(|f| f.parse().expect("measurement"))
        .collect();
    let [code, wall_us, rss_kib, user_us, sys_us] = fields[..] else {
        panic!(
            "syncd {args:?}: no measurement ({report}):\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    if code != 0 && code != 3 {
        panic!(
            "syncd {args:?} exited {code}:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Measured {
        wall: Duration::from_micros(wall_us),
        rss_mib: rss_kib as f64 / 1024.0,
        user: Duration::from_micros(user_us),
        sys: Duration::from_micros(sys_us),
    }
}

const MEASURE: &str = "--measure";

/// `--measure PROGRAM ARGS…`: run it (stdout discarded, stderr passed on), reap it with
/// `wait4`, and print `exit-code wall-µs peak-RSS-KiB user-µs sys-µs`.
fn measure(program: &str, args: &[String]) -> ! {
    let t = Instant::now();
    let child = std::process::Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .expect("start syncd");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: wait4 with valid pointers; `usage` is plain old data.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            break;
        }
        let err = std::io::Error::last_os_error();
        assert_eq!(err.kind(), std::io::ErrorKind::Interrupted, "wait4: {err}");
    }
    let wall = t.elapsed();
    // Reaped above: `child` is not waited for again.
    drop(child);
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        255
    };
    let micros = |t: libc::timeval| t.tv_sec as u64 * 1_000_000 + t.tv_usec as u64;
    println!(
        "{code} {} {} {} {}",
        wall.as_micros(),
        usage.ru_maxrss,
        micros(usage.ru_utime),
        micros(usage.ru_stime)
    );
    std::process::exit(0)
}

/// What one run did, for the summary.
struct Row {
    entries: usize,
    run: &'static str,
    requests: u64,
    m: Measured,
}

fn print_requests(c: &BTreeMap<String, u64>) {
    for (kind, n) in c {
        println!("  {n:>7}  {kind}");
    }
}

fn print_process(m: &Measured, requests: u64) {
    let per_request = if requests > 0 {
        format!(
            ", {:.3} ms CPU per request",
            m.cpu().as_secs_f64() * 1000.0 / requests as f64
        )
    } else {
        String::new()
    };
    println!(
        "  syncd process: peak RSS {:.1} MiB (target ≤ 64), CPU {:.2} s (user {:.2} + sys {:.2}){per_request}",
        m.rss_mib,
        m.cpu().as_secs_f64(),
        m.user.as_secs_f64(),
        m.sys.as_secs_f64()
    );
}

fn bench(entries: usize, latency: Duration, rows: &mut Vec<Row>) {
    let size = DatasetSize {
        entries,
        tickets: env_num("BENCH_TICKETS", (entries / 5).max(1)),
        organizations: env_num("BENCH_ORGS", 200),
        agents: env_num("BENCH_AGENTS", 20),
        types: 4,
    };
    let h = Harness::start(syncd_binary(), "UTC").expect("simulators");
    // The recommended sync account: ROLE_ADMIN with view_user, so agents match by email.
    h.kimai
        .set_permissions(KimaiPermissions::of(KimaiRole::Admin).grant("view_user"));
    let data = Dataset::generate(42, size);
    data.load_into(&h.zammad, &h.kimai);
    for t in &data.types {
        h.kimai.add_activity(&t.name, None);
    }
    let general = h.kimai.add_activity("General", None);
    // SAFETY of set_var: no other thread reads the environment while children spawn.
    unsafe { std::env::set_var("SYNCD_SYNC_DEFAULT_ACTIVITY", general.to_string()) };
    for cmd in h.setup_commands("minute") {
        let args: Vec<&str> = cmd.iter().map(String::as_str).collect();
        run(&h, &args);
    }
    let slow = FaultConfig {
        latency,
        ..FaultConfig::default()
    };
    h.zammad.set_faults(slow.clone());
    h.kimai.set_faults(slow);
    let rtt = measured_round_trip(&h.kimai.base_url());

    println!(
        "\n== {} entries, {} tickets, {} organizations, {} agents; {} ms per request ({:.2} ms measured round trip); concurrency 4\n",
        size.entries,
        size.tickets,
        size.organizations,
        size.agents,
        latency.as_millis(),
        rtt.as_secs_f64() * 1000.0
    );
    reset(&h.zammad, &h.kimai);
    let first = run(&h, &["sync"]);
    let c = counts(&h.zammad, &h.kimai);
    let total: u64 = c.values().sum();
    println!("first sync: requests by kind");
    print_requests(&c);
    let tickets_used = h
        .zammad
        .entries()
        .iter()
        .map(|e| e.ticket_id)
        .collect::<std::collections::HashSet<_>>()
        .len() as u64;
    let orgs_used = size.organizations as u64;
    let page = |n: u64, per: u64| n / per + 1;
    // Requests no client can avoid: entry pages, the cheaper of listing or fetching each
    // ticket/organization/agent, the types, Kimai's user, catalog and tag lookups, and one
    // write per record that now exists (customers, projects, timesheets, the tag).
    let zammad_floor = page(size.entries as u64, 1000)
        + page(tickets_used, 100).min(tickets_used)
        + page(orgs_used, 500).min(orgs_used)
        + page(size.agents as u64, 500).min(size.agents as u64)
        + 1;
    let written =
        h.kimai.customers().len() + h.kimai.projects().len() + h.kimai.timesheets().len() + 1;
    let kimai_floor = 1 + 1 + 4 + 1 + written as u64;
    let floor = zammad_floor + kimai_floor;
    let secs = |requests: u64, each: Duration| {
        Duration::from_secs_f64(requests as f64 * each.as_secs_f64() / CONCURRENCY)
    };
    let floor_time = secs(floor, latency);
    let rtt_floor_time = secs(floor, rtt);
    println!("  {total:>7}  total");
    println!(
        "\n  floor: {floor} requests (zammad {zammad_floor}, kimai {kimai_floor}); made/floor = {:.3} (target ≤ 1.05)",
        total as f64 / floor as f64
    );
    println!(
        "  wall {:.2} s; floor time (floor × latency / concurrency) at {} ms: {:.2} s, wall/floor time = {:.3} (target ≤ 1.3)",
        first.wall.as_secs_f64(),
        latency.as_millis(),
        floor_time.as_secs_f64(),
        first.wall.as_secs_f64() / floor_time.as_secs_f64()
    );
    println!(
        "  at the measured {:.2} ms round trip (the server's timer granularity): floor time {:.2} s, wall/floor time = {:.3}",
        rtt.as_secs_f64() * 1000.0,
        rtt_floor_time.as_secs_f64(),
        first.wall.as_secs_f64() / rtt_floor_time.as_secs_f64()
    );
    print_process(&first, total);
    let synced = h.timesheets_by_entry().len();
    println!(
        "  timesheets in Kimai: {} for {synced} entries",
        h.kimai.timesheets().len()
    );
    rows.push(Row {
        entries,
        run: "first sync",
        requests: total,
        m: first,
    });

    for (name, args) in [
        ("no-op re-sync", &["sync"][..]),
        ("--full no-op", &["sync", "--full"][..]),
    ] {
        reset(&h.zammad, &h.kimai);
        let m = run(&h, args);
        let c = counts(&h.zammad, &h.kimai);
        let total = c.values().sum::<u64>();
        let target = if name == "no-op re-sync" {
            " (target ≤ 5 requests)"
        } else {
            ""
        };
        println!(
            "\n{name}: {total} requests in {:.2} s{target}",
            m.wall.as_secs_f64()
        );
        print_requests(&c);
        print_process(&m, total);
        rows.push(Row {
            entries,
            run: name,
            requests: total,
            m,
        });
    }
}

fn main() {
    let argv: Vec<String> = std::env::args().collect();
    if argv.get(1).map(String::as_str) == Some(MEASURE) {
        measure(&argv[2], &argv[3..]);
    }
    let latency = Duration::from_millis(env_num("BENCH_LATENCY_MS", 5) as u64);
    let mut rows = Vec::new();
    for entries in sizes() {
        bench(entries, latency, &mut rows);
    }
    println!("\nsummary (syncd process only; target: peak RSS ≤ 64 MiB in every run)");
    println!(
        "  {:>8}  {:<14} {:>9} {:>9} {:>10} {:>9}",
        "entries", "run", "requests", "wall s", "RSS MiB", "CPU s"
    );
    for r in &rows {
        println!(
            "  {:>8}  {:<14} {:>9} {:>9.2} {:>10.1} {:>9.2}",
            r.entries,
            r.run,
            r.requests,
            r.m.wall.as_secs_f64(),
            r.m.rss_mib,
            r.m.cpu().as_secs_f64()
        );
    }
}
