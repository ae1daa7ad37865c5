//! First sync of 10,000 entries (2,000 tickets, 200 organizations, 20 agents) against the
//! simulators with 5 ms latency per request, then a no-op re-sync and a `--full` no-op.
//! Prints requests by kind, the floor, wall time against the floor time, and peak RSS.
//!
//!     cargo build --release && cargo run --release --example bench_sync
//!
//! Options (env): BENCH_ENTRIES, BENCH_TICKETS, BENCH_ORGS, BENCH_AGENTS, BENCH_LATENCY_MS.
#![allow(unsafe_code)] // libc: CPU and memory figures of the processes it measures

use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use syncd_sim::datagen::{Dataset, DatasetSize};
use syncd_sim::harness::Harness;
use syncd_sim::kimai::{KimaiPermissions, KimaiRole};
use syncd_sim::{FaultConfig, KimaiSim, ZammadSim};

fn env_num(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn syncd_binary() -> std::path::PathBuf {
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

/// Peak RSS of finished children, in MiB.
fn children_peak_rss_mib() -> f64 {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    usage.ru_maxrss as f64 / 1024.0
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

fn run(h: &Harness, args: &[&str]) -> Duration {
    let t = Instant::now();
    let mut cmd = h.command(args);
    // Entries without a Zammad type book to this activity (an id: no catalog lookup).
    if let Ok(v) = std::env::var("SYNCD_SYNC_DEFAULT_ACTIVITY") {
        cmd.env("SYNCD_SYNC_DEFAULT_ACTIVITY", v);
    }
    let out = cmd.output().expect("run syncd");
    let elapsed = t.elapsed();
    let code = out.status.code().unwrap_or(-1);
    if code != 0 && code != 3 {
        panic!(
            "syncd {args:?} exited {code}:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    elapsed
}

fn main() {
    let size = DatasetSize {
        entries: env_num("BENCH_ENTRIES", 10_000),
        tickets: env_num("BENCH_TICKETS", 2_000),
        organizations: env_num("BENCH_ORGS", 200),
        agents: env_num("BENCH_AGENTS", 20),
        types: 4,
    };
    let latency = Duration::from_millis(env_num("BENCH_LATENCY_MS", 5) as u64);
    let concurrency = 4.0;
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
    // SAFETY of set_var: single-threaded here, before any child is spawned.
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
        "syncd sync benchmark: {} entries, {} tickets, {} organizations, {} agents; {} ms per request; concurrency 4\n",
        size.entries,
        size.tickets,
        size.organizations,
        size.agents,
        latency.as_millis()
    );
    reset(&h.zammad, &h.kimai);
    let wall = run(&h, &["sync"]);
    let c = counts(&h.zammad, &h.kimai);
    let total: u64 = c.values().sum();
    println!("first sync: requests by kind");
    for (kind, n) in &c {
        println!("  {n:>7}  {kind}");
    }
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
    let floor_time = Duration::from_secs_f64(floor as f64 * latency.as_secs_f64() / concurrency);
    let ideal_time = Duration::from_secs_f64(total as f64 * latency.as_secs_f64() / concurrency);
    println!("  {total:>7}  total");
    println!(
        "\n  floor: {floor} requests (zammad {zammad_floor}, kimai {kimai_floor}); made/floor = {:.3} (target ≤ 1.05)",
        total as f64 / floor as f64
    );
    println!(
        "  wall: {:.2} s; floor time (floor × latency / concurrency) {:.2} s; made × latency / concurrency {:.2} s",
        wall.as_secs_f64(),
        floor_time.as_secs_f64(),
        ideal_time.as_secs_f64()
    );
    println!(
        "  wall/floor time = {:.3} (target ≤ 1.3)",
        wall.as_secs_f64() / floor_time.as_secs_f64()
    );
    let real_floor = floor as f64 * rtt.as_secs_f64() / concurrency;
    println!(
        "  the simulator's {} ms answers take {:.2} ms round trip (timer granularity); floor at that: {:.2} s, wall/that = {:.3}",
        latency.as_millis(),
        rtt.as_secs_f64() * 1000.0,
        real_floor,
        wall.as_secs_f64() / real_floor
    );
    println!(
        "  peak RSS of syncd: {:.1} MiB (target ≤ 64)",
        children_peak_rss_mib()
    );
    let synced = h.timesheets_by_entry().len();
    println!(
        "  timesheets in Kimai: {} for {synced} entries",
        h.kimai.timesheets().len()
    );

    reset(&h.zammad, &h.kimai);
    let wall = run(&h, &["sync"]);
    let c = counts(&h.zammad, &h.kimai);
    println!(
        "\nno-op re-sync: {} requests in {:.2} s (target ≤ 5 requests)",
        c.values().sum::<u64>(),
        wall.as_secs_f64()
    );
    for (kind, n) in &c {
        println!("  {n:>7}  {kind}");
    }

    reset(&h.zammad, &h.kimai);
    let wall = run(&h, &["sync", "--full"]);
    let c = counts(&h.zammad, &h.kimai);
    println!(
        "\n--full no-op: {} requests in {:.2} s",
        c.values().sum::<u64>(),
        wall.as_secs_f64()
    );
    for (kind, n) in &c {
        println!("  {n:>7}  {kind}");
    }
    println!(
        "\npeak RSS of any syncd run: {:.1} MiB",
        children_peak_rss_mib()
    );
}
