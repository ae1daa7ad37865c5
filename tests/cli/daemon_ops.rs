//! `syncd serve` as an operator meets it: what it logs at the default level, what the
//! notify command may see, and the systemd unit against the README and what `init` writes.

use crate::daemon::{add_secret, exits_within, runs, serve_with, signal, wait_for};
use crate::scenario::Scenario;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// Debug formatting that must never reach a log line (`Some(3)`, `Id(81)`, `None`).
fn assert_no_debug_formatting(log: &str) {
    for bad in ["Some(", "Id(", "=None", "\u{1b}["] {
        assert!(!log.contains(bad), "{bad:?} in the log:\n{log}");
    }
}

#[test]
fn the_default_log_says_what_the_daemon_does() {
    let s = Scenario::new("UTC", "minute");
    s.small_helpdesk();
    s.entry(101, "30.0", 1, 3, "2026-11-02T10:00:00.000Z");
    add_secret(&s, "log-secret-0123456789");
    s.ok(&[
        "schedule",
        "set",
        "every",
        "--cron",
        "* * * * * *",
        "--timezone",
        "Europe/Berlin",
    ]);
    let log = s.path("serve.log");
    let mut d = serve_with(&s, &[], Some(&log));
    wait_for("a scheduled run", Duration::from_secs(15), || {
        runs(&s).iter().any(|r| r["status"] == "succeeded")
    });
    let url = format!("{}/webhooks/zammad", d.url);
    let forged =
        syncd_sim::webhook::send_webhook_blocking(&url, Some("not the secret"), b"{}", "x1")
            .unwrap();
    assert_eq!(forged, 401);
    signal(&d, libc::SIGHUP);
    wait_for("the reload", Duration::from_secs(5), || {
        read(&log).contains("configuration reloaded")
    });
    s.ok(&["schedule", "disable", "every"]);
    signal(&d, libc::SIGTERM);
    assert_eq!(exits_within(&mut d, Duration::from_secs(10)), Some(0));
    let log = read(&log);
    for line in [
        "listening",
        "schedules loaded: every",
        "schedule armed",
        "run started",
        "run finished",
        "trigger=\"schedule\"",
        "exit=0",
        "created=1",
        "configuration reloaded",
        "webhooks refused in the last minute: 127.0.0.1 ×1 (X-Hub-Signature does not match",
        "stopping",
        "stopped",
    ] {
        assert!(log.contains(line), "{line:?} missing from the log:\n{log}");
    }
    // The next run, for a person, in the schedule's own timezone.
    assert!(
        log.contains(" CET") || log.contains(" CEST"),
        "next run in Europe/Berlin time:\n{log}"
    );
    assert!(
        !log.contains("migration"),
        "migration chatter at info:\n{log}"
    );
    assert_no_debug_formatting(&log);
}

#[test]
fn serve_on_an_empty_store_warns_and_json_logs_hold_plain_values() {
    let s = Scenario::new("UTC", "minute");
    let empty = s.path("empty/syncd.db");
    let log = s.path("serve.json");
    let mut cmd = s.command(&["--log-format", "json", "serve", "--listen", "127.0.0.1:0"]);
    cmd.env("SYNCD_DB", &empty)
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap());
    let mut child = cmd.spawn().unwrap();
    wait_for("listening", Duration::from_secs(10), || {
        read(&log).contains("listening")
    });
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    assert!(child.wait().unwrap().success());
    let log = read(&log);
    let lines: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert!(
        lines.iter().any(|l| l["level"] == "WARN"
            && l["fields"]["message"]
                .as_str()
                .is_some_and(|m| m.contains("no connectors in this store"))),
        "{log}"
    );
    assert_no_debug_formatting(&log);
}

#[test]
fn the_notify_command_gets_a_clean_environment_without_the_identity() {
    let s = Scenario::new("UTC", "minute");
    let out = s.path("notified.env");
    // A store without connectors: every run fails, and notifies.
    let empty = s.path("empty/syncd.db");
    std::fs::write(
        s.path("config/syncd/config.yaml"),
        format!(
            "notify:\n  command: \"env > '{}'\"\n  url: https://user:pw@hooks.example.invalid/notify?token=abc\n",
            out.display()
        ),
    )
    .unwrap();
    use secrecy::ExposeSecret;
    let key = age::x25519::Identity::generate()
        .to_string()
        .expose_secret()
        .to_string();
    let status = s
        .command(&["schedule", "set", "every", "--cron", "* * * * * *"])
        .env("SYNCD_DB", &empty)
        .status()
        .unwrap();
    assert!(status.success());
    let log = s.path("serve.log");
    let mut d = serve_with(
        &s,
        &[
            ("SYNCD_DB", empty.to_str().unwrap()),
            ("SYNCD_IDENTITY", &key),
            ("CANARY_SECRET", "should-not-leak"),
        ],
        Some(&log),
    );
    wait_for("the notify command", Duration::from_secs(15), || {
        read(&out).contains("SYNCD_EVENT=run_failed")
    });
    let environ = std::fs::read(format!("/proc/{}/environ", d.pid())).unwrap();
    let env = read(&out);
    signal(&d, libc::SIGTERM);
    assert_eq!(exits_within(&mut d, Duration::from_secs(10)), Some(0));
    let secret_part = &key["AGE-SECRET-KEY-".len()..];
    assert!(!env.contains("SYNCD_IDENTITY"), "{env}");
    assert!(!env.contains(secret_part), "{env}");
    assert!(!env.contains("CANARY_SECRET"), "{env}");
    assert!(env.contains("SYNCD_STATUS=failed"), "{env}");
    assert!(env.contains("PATH="), "{env}");
    // Gone from the daemon's own environment too.
    assert!(
        !String::from_utf8_lossy(&environ).contains(secret_part),
        "the key text is still in /proc/<pid>/environ"
    );
    // The notify URL carries a token: never in the log.
    let log = read(&log);
    assert!(log.contains("cannot post notification"), "{log}");
    assert!(
        !log.contains("token=abc") && !log.contains("user:pw"),
        "{log}"
    );
}

/// `KEY=value` lines of the unit's [Service] section (first value per key).
fn unit_value(unit: &str, key: &str) -> Option<String> {
    unit.lines()
        .find_map(|l| l.strip_prefix(&format!("{key}=")))
        .map(str::to_string)
}

fn repo_file(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[test]
fn the_systemd_unit_matches_the_readme_and_reads_what_init_writes() {
    let unit = repo_file("contrib/syncd.service");
    let readme = repo_file("README.md");
    let exec = unit_value(&unit, "ExecStart").unwrap();
    let mut words = exec.split_whitespace();
    let binary = words.next().unwrap();
    let config = exec
        .split_once("--config ")
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .unwrap();
    assert_eq!(binary, "/usr/local/bin/syncd");
    assert_eq!(config, "/etc/syncd/config.yaml");
    // The README installs the binary where the unit runs it, and uses the same paths.
    for needle in [
        "cargo install --locked --root /usr/local --path .",
        "/etc/syncd/config.yaml",
        "--data-dir /var/lib/syncd",
        "--identity-file /etc/syncd/identity.txt",
        "install -d -m 2750 -o root -g syncd /etc/syncd",
        "systemctl enable --now syncd",
        "curl -fsS http://127.0.0.1:8787/readyz",
    ] {
        assert!(readme.contains(needle), "README lacks {needle:?}");
    }
    assert_eq!(unit_value(&unit, "User").as_deref(), Some("syncd"));
    assert_eq!(unit_value(&unit, "Group").as_deref(), Some("syncd"));
    assert_eq!(
        unit_value(&unit, "LoadCredential").as_deref(),
        Some("syncd-identity:/etc/syncd/identity.txt")
    );
    let nofile: usize = unit_value(&unit, "LimitNOFILE").unwrap().parse().unwrap();
    let max = syncd::config::Settings::default().daemon.max_connections;
    assert!(
        nofile >= max + 64,
        "LimitNOFILE {nofile} for {max} connections"
    );
    for key in ["MemoryMax", "TasksMax"] {
        assert!(unit_value(&unit, key).is_some(), "{key}");
    }
    assert!(unit.contains("IPAddressDeny=") && unit.contains("IPAddressAllow="));
    assert!(unit_value(&unit, "DynamicUser").is_none());

    // What `init` writes, as the README runs it, is readable by the unit's user.
    let s = Scenario::new("UTC", "minute");
    let root = s.path("root");
    let etc = root.join("etc/syncd");
    let state = root.join("var/lib/syncd");
    std::fs::create_dir_all(&etc).unwrap();
    std::fs::create_dir_all(&state).unwrap();
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let is_root = unsafe { libc::geteuid() } == 0;
    // `install -d -m 2750 -o root -g syncd /etc/syncd`: nobody's group stands for syncd.
    let (service_uid, service_gid) = (65534u32, 65534u32);
    if is_root {
        std::os::unix::fs::chown(&etc, Some(0), Some(service_gid)).unwrap();
        std::os::unix::fs::chown(&state, Some(service_uid), Some(service_gid)).unwrap();
        std::fs::set_permissions(&state, std::fs::Permissions::from_mode(0o700)).unwrap();
    }
    std::fs::set_permissions(&etc, std::fs::Permissions::from_mode(0o2750)).unwrap();
    let config_path = etc.join("config.yaml");
    let out = s
        .command(&[
            "init",
            "--config",
            config_path.to_str().unwrap(),
            "--data-dir",
            state.to_str().unwrap(),
            "--identity-file",
            etc.join("identity.txt").to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta = std::fs::metadata(&config_path).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o640, "config mode");
    assert_eq!(
        meta.gid(),
        std::fs::metadata(&etc).unwrap().gid(),
        "config group"
    );
    let identity = std::fs::metadata(etc.join("identity.txt")).unwrap();
    assert_eq!(identity.permissions().mode() & 0o777, 0o600);
    let text = read(&config_path);
    assert!(
        text.contains(&format!("data_dir: \"{}\"", state.display())),
        "{text}"
    );
    if is_root {
        // The store belongs to the service user, though root created it.
        assert_eq!(
            std::fs::metadata(state.join("syncd.db")).unwrap().uid(),
            service_uid
        );
        // The service user reads the config (`config check` as uid/gid 65534).
        for dir in root.ancestors().skip(1) {
            let mode = std::fs::metadata(dir).unwrap().permissions().mode();
            if mode & 0o001 == 0 {
                std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode | 0o011))
                    .unwrap();
            }
        }
        use std::os::unix::process::CommandExt;
        let check = Command::new(env!("CARGO_BIN_EXE_syncd"))
            .args(["--config", config_path.to_str().unwrap(), "config", "check"])
            .env_clear()
            .env("HOME", "/nonexistent")
            .uid(service_uid)
            .gid(service_gid)
            .output()
            .unwrap();
        assert!(
            check.status.success(),
            "the service user cannot read the config: {}",
            String::from_utf8_lossy(&check.stderr)
        );
    } else {
        eprintln!("not root: the service-user read check needs root; checked modes only");
    }

    // `systemd-analyze verify` on the installed layout (binary, man page, unit).
    let Ok(analyze) = Command::new("systemd-analyze").arg("--version").output() else {
        eprintln!("systemd-analyze is not installed; unit not verified");
        return;
    };
    assert!(analyze.status.success());
    let sys = s.path("sysroot");
    for dir in [
        "usr/local/bin",
        "etc/systemd/system",
        "usr/local/share/man/man1",
        "bin",
    ] {
        std::fs::create_dir_all(sys.join(dir)).unwrap();
    }
    std::fs::copy(env!("CARGO_BIN_EXE_syncd"), sys.join("usr/local/bin/syncd")).unwrap();
    std::fs::copy("/bin/kill", sys.join("bin/kill")).unwrap();
    std::fs::write(
        sys.join("usr/local/share/man/man1/syncd.1"),
        repo_file("man/syncd.1"),
    )
    .unwrap();
    std::fs::write(sys.join("etc/systemd/system/syncd.service"), &unit).unwrap();
    std::fs::create_dir_all(sys.join("usr/lib/systemd")).unwrap();
    let copied = Command::new("cp")
        .args(["-r", "/usr/lib/systemd/system"])
        .arg(sys.join("usr/lib/systemd/"))
        .status()
        .is_ok_and(|s| s.success());
    assert!(copied, "cannot copy the system's units");
    let verify = Command::new("systemd-analyze")
        .arg("verify")
        .arg(format!("--root={}", sys.display()))
        .arg(sys.join("etc/systemd/system/syncd.service"))
        .env("MANPATH", sys.join("usr/local/share/man"))
        .output()
        .unwrap();
    assert!(
        verify.status.success() && verify.stderr.is_empty(),
        "systemd-analyze verify: {}",
        String::from_utf8_lossy(&verify.stderr)
    );
}
