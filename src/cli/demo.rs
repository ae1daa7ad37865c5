//! `syncd demo`: start the built-in Zammad and Kimai simulators with sample data and drive
//! this very binary through the steps an admin would type, printing each command and what
//! it answered. Everything lives in a temporary directory that is removed at the end.

use super::args::DemoArgs;
use crate::error::ExitCode;
use anyhow::{Context as _, bail};
use chrono::{Duration, Utc};
use rust_decimal::prelude::ToPrimitive;
use syncd_sim::harness::Harness;
use syncd_sim::kimai::{KimaiPermissions, KimaiRole};
use syncd_sim::zammad::NewEntry;
use syncd_sim::{KimaiSim, ZammadSim};

struct Demo {
    harness: Harness,
}

impl Demo {
    /// Run `syncd ARGS` in the demo's own HOME, print it like a shell session, and check
    /// the exit code.
    fn step(&self, title: &str, args: &[&str], expect: &[i32]) -> anyhow::Result<String> {
        println!("\n== {title}\n$ syncd {}", args.join(" "));
        let mut cmd = self.harness.command(args);
        crate::sys::unblock_termination_signals_in_child(&mut cmd);
        let out = cmd
            .output()
            .with_context(|| format!("cannot run {}", self.harness.exe.display()))?;
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        let stderr = String::from_utf8_lossy(&out.stderr);
        for line in stdout.lines().chain(stderr.lines()) {
            println!("  {line}");
        }
        let code = out.status.code().unwrap_or(-1);
        if code != 0 {
            println!("  (exit code {code})");
        }
        if !expect.contains(&code) {
            bail!(
                "demo step `syncd {}` exited {code}, expected {expect:?}",
                args.join(" ")
            );
        }
        Ok(stdout)
    }
}

fn sample_data(zammad: &ZammadSim, kimai: &KimaiSim, entries: usize) {
    zammad.add_organization(1, "Acme Corp");
    zammad.add_organization(2, "Globex");
    zammad.add_agent(3, "Ann", "Agent", "ann@example.com");
    zammad.add_agent(4, "Bob", "Builder", "bob@example.com");
    zammad.add_type(1, "Support");
    zammad.add_type(2, "Development");
    zammad.add_type(3, "Travel");
    let tickets = [
        (101, "Printer on fire", Some(1)),
        (102, "VPN drops every hour", Some(2)),
        (103, "Onboarding: new laptops", Some(1)),
        (104, "Website contact form broken", None),
    ];
    for (id, title, org) in tickets {
        zammad.add_simple_ticket(id, title, org, 3);
    }
    let now = Utc::now();
    for i in 0..entries.max(2) {
        let (ticket, _, _) = tickets[i % tickets.len()];
        let minutes = [15, 30, 45, 60, 10, 90, 20][i % 7];
        zammad.add_entry(NewEntry {
            ticket_id: ticket,
            time_unit: format!("{minutes}.0"),
            type_id: Some(if i % 3 == 0 { 2 } else { 1 }),
            created_by_id: if i % 2 == 0 { 3 } else { 4 },
            created_at: Some(now - Duration::hours(3 * (entries - i) as i64 + 1)),
        });
    }
    // One trip nobody mapped: the demo's conflict.
    zammad.add_entry(NewEntry {
        ticket_id: 103,
        time_unit: "120.0".into(),
        type_id: Some(3),
        created_by_id: 3,
        created_at: Some(now - Duration::hours(2)),
    });
    // The recommended sync account: ROLE_ADMIN with `view_user` granted to the role.
    kimai.set_permissions(KimaiPermissions::of(KimaiRole::Admin).grant("view_user"));
    kimai.add_user(2, "ann", "ann@example.com", "Europe/Berlin");
    kimai.add_user(3, "bob", "bob@example.com", "Europe/Berlin");
    kimai.add_activity("Support", None);
    kimai.add_activity("Development", None);
}

pub(super) fn run(args: DemoArgs) -> anyhow::Result<ExitCode> {
    let exe = std::env::current_exe().context("cannot find the syncd binary")?;
    // Ctrl-C or SIGTERM at any point: the working directory (age identity, tokens, store)
    // goes, as the demo promises; a normal end removes it when the harness is dropped.
    // Taken before the simulators start their threads, so every thread has them blocked.
    let workdir: std::sync::Arc<std::sync::Mutex<Option<std::path::PathBuf>>> = Default::default();
    let to_remove = workdir.clone();
    super::interrupt::on_signal(move |sig| {
        let dir = to_remove.lock().ok().and_then(|d| d.clone());
        if let Some(dir) = dir {
            let _ = std::fs::remove_dir_all(&dir);
            eprintln!(
                "\nsyncd demo: stopped by {}; removed {}",
                if sig == libc::SIGTERM {
                    "SIGTERM"
                } else {
                    "Ctrl-C"
                },
                dir.display()
            );
        }
    });
    let harness = Harness::start(exe, "Europe/Berlin").context("cannot start the simulators")?;
    if let Ok(mut d) = workdir.lock() {
        *d = Some(harness.dir.path().to_path_buf());
    }
    sample_data(&harness.zammad, &harness.kimai, args.entries);
    let total_minutes: i64 = harness
        .zammad
        .entries()
        .iter()
        .filter_map(|e| e.time_unit.trunc().to_i64())
        .sum();
    println!(
        "syncd demo: Zammad simulator at {} ({} time entries, {} min in all), Kimai simulator at {} (API user in Europe/Berlin).",
        harness.zammad.base_url(),
        harness.zammad.entries().len(),
        total_minutes,
        harness.kimai.base_url()
    );
    println!(
        "Working in {} (removed at the end).",
        harness.dir.path().display()
    );
    let setup = harness.setup_commands("minute");
    let demo = Demo { harness };
    let kimai = &demo.harness.kimai;
    let titles = [
        "Set up config, store and encryption key",
        "Add the Zammad connection (token read from a file, stored encrypted)",
        "Add the Kimai connection",
    ];
    for (title, cmd) in titles.iter().zip(&setup) {
        let args: Vec<&str> = cmd.iter().map(String::as_str).collect();
        demo.step(title, &args, &[0])?;
    }
    demo.step("Check both connections", &["connector", "test"], &[0])?;
    demo.step(
        "Map activity types and agents by name and email",
        &["mapping", "suggest", "--yes"],
        &[0],
    )?;
    demo.step(
        "See what a sync would do (changes nothing)",
        &["sync", "--dry-run"],
        &[0, 3],
    )?;
    demo.step(
        "Sync for real (exit code 3: done, one conflict left open)",
        &["sync"],
        &[0, 3],
    )?;
    demo.step("The conflict", &["conflicts", "list"], &[0])?;
    let listed = demo
        .harness
        .run(&["conflicts", "list", "--output", "json"])?;
    let first: Option<i64> = serde_json::from_slice::<serde_json::Value>(&listed.stdout)
        .ok()
        .and_then(|v| v.get(0)?.get("id")?.as_i64());
    if let Some(id) = first {
        demo.step(
            "Both sides of it",
            &["conflicts", "show", &id.to_string()],
            &[0],
        )?;
    }
    let before = kimai.timesheets().len();
    demo.step("Sync again: nothing is duplicated", &["sync"], &[0, 3])?;
    let after = kimai.timesheets().len();
    let booked: i64 = kimai
        .timesheets()
        .iter()
        .map(|t| t.duration_secs / 60)
        .sum();
    println!(
        "\nKimai holds {after} timesheets ({booked} min) after two syncs (it held {before} after the first); \
         the {} unmapped minutes wait in the conflict.",
        total_minutes - booked
    );
    if after != before {
        bail!("the second sync changed the number of timesheets ({before} → {after})");
    }
    demo.step(
        "Every change is audited",
        &["audit", "list", "--limit", "5"],
        &[0],
    )?;
    let travel = kimai.add_activity("Travel", None);
    println!("\n(Kimai now has a `Travel` activity, id {travel}.)");
    demo.step(
        "Resolve the conflict from a script: map the type and retry",
        &[
            "conflicts",
            "resolve",
            "--action",
            "map",
            "--activity",
            &travel.to_string(),
            "--all",
            "--reason",
            "unmapped-activity",
        ],
        &[0],
    )?;
    let booked: i64 = kimai
        .timesheets()
        .iter()
        .map(|t| t.duration_secs / 60)
        .sum();
    println!(
        "\nKimai: {} timesheets, {booked} of {total_minutes} min. Zammad and Kimai agree.",
        kimai.timesheets().len()
    );
    println!(
        "\nWhat to try next on your own servers:\n  syncd init\n  syncd connector add zammad --name helpdesk --url https://zammad.example.com --time-unit minute\n  \
         syncd connector add kimai --name timesheets --url https://kimai.example.com\n  syncd connector test\n  syncd mapping suggest\n  \
         syncd sync --dry-run\n  syncd sync\n  syncd conflicts resolve\n  syncd schedule set nightly --cron \"0 3 * * *\" --scope full\n  syncd serve"
    );
    if args.keep {
        println!(
            "\nThe simulators keep running (Ctrl-C to stop). Use the demo's setup with:\n  export HOME={0} XDG_CONFIG_HOME={0}/config XDG_DATA_HOME={0}/data",
            demo.harness.dir.path().display()
        );
        loop {
            std::thread::sleep(std::time::Duration::from_secs(3600));
        }
    }
    Ok(ExitCode::Ok)
}
