//! A configured syncd (temp HOME, real SQLite file) between the two simulators, driven
//! through the real binary.

use serde_json::Value;
use std::process::{Command, Output};
use syncd_sim::harness::Harness;
use syncd_sim::kimai::{KimaiPermissions, KimaiRole};
use syncd_sim::zammad::NewEntry;

/// The recommended Kimai sync account: ROLE_ADMIN with `view_user` granted to the role
/// (shipped ROLE_ADMIN cannot list users). Tests that need Kimai to refuse exported or
/// locked records revoke `edit_exported_timesheet` / `lockdown_override_timesheet`.
pub(crate) fn sync_account() -> KimaiPermissions {
    KimaiPermissions::of(KimaiRole::Admin).grant("view_user")
}

/// A sync account whose role may not change exported records or locked periods.
pub(crate) fn restricted_account() -> KimaiPermissions {
    sync_account()
        .revoke("edit_exported_timesheet")
        .revoke("lockdown_override_timesheet")
}

/// A configured syncd between the simulators, with assertions for tests.
pub(crate) struct Scenario {
    h: Harness,
}

impl std::ops::Deref for Scenario {
    type Target = Harness;
    fn deref(&self) -> &Harness {
        &self.h
    }
}

impl Scenario {
    /// Simulators up (Kimai API user in `kimai_tz`), connectors added with `unit`.
    pub(crate) fn new(kimai_tz: &str, unit: &str) -> Scenario {
        let h = Harness::start(env!("CARGO_BIN_EXE_syncd").into(), kimai_tz).unwrap();
        h.kimai.set_permissions(sync_account());
        let s = Scenario { h };
        for cmd in s.setup_commands(unit) {
            s.ok(&cmd.iter().map(String::as_str).collect::<Vec<_>>());
        }
        s
    }

    /// Add both connectors again (after the store was deleted).
    pub(crate) fn add_connectors(&self, unit: &str) {
        for cmd in [self.zammad_add(unit), self.kimai_add()] {
            self.ok(&cmd.iter().map(String::as_str).collect::<Vec<_>>());
        }
    }

    pub(crate) fn command(&self, args: &[&str]) -> Command {
        self.h.command(args)
    }

    pub(crate) fn run(&self, args: &[&str]) -> Output {
        self.h.run(args).unwrap()
    }

    /// Run and require exit 0; returns stdout.
    pub(crate) fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "syncd {args:?} failed ({:?}):\n{}\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).to_string()
    }

    /// `syncd sync --output json ARGS`: exit code and the report.
    pub(crate) fn sync(&self, extra: &[&str]) -> (i32, Value) {
        let mut args = vec!["sync", "--output", "json"];
        args.extend_from_slice(extra);
        let out = self.run(&args);
        let code = out.status.code().unwrap_or(-1);
        let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
        if json.is_null() && code != 75 {
            eprintln!(
                "sync {extra:?} exit {code}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        (code, json)
    }

    /// Sync until it exits 0 or 3 (at most `tries` runs); returns the last code. A run that
    /// leaves creates waiting to settle is followed by the next one once they can be.
    pub(crate) fn sync_until_done(&self, tries: usize) -> i32 {
        for _ in 0..tries {
            let (code, report) = self.sync(&[]);
            if code == 0 || code == 3 {
                return code;
            }
            assert!(code == 75 || code == 1, "unexpected exit {code}");
            if let Some(at) = report["unsettled"]["next_settle_at"]
                .as_str()
                .and_then(|t| t.parse::<chrono::DateTime<chrono::Utc>>().ok())
            {
                let wait = (at - chrono::Utc::now()).to_std().unwrap_or_default();
                std::thread::sleep(wait.min(std::time::Duration::from_secs(10)));
            }
        }
        panic!("sync did not succeed in {tries} runs");
    }

    /// Set a `sync:` key in the config file `syncd init` wrote (the key must be listed).
    pub(crate) fn set_sync_setting(&self, key: &str, value: &str) {
        let path = self.path("config/syncd/config.yaml");
        let text = std::fs::read_to_string(&path).unwrap();
        let prefix = format!("  {key}:");
        assert!(
            text.lines().any(|l| l.starts_with(&prefix)),
            "config.yaml has no `{key}`"
        );
        let text: Vec<String> = text
            .lines()
            .map(|l| {
                if l.starts_with(&prefix) {
                    format!("{prefix} {value}")
                } else {
                    l.to_string()
                }
            })
            .collect();
        std::fs::write(&path, text.join("\n") + "\n").unwrap();
    }

    /// A small helpdesk: organizations 1-2, agents 3-4 (with Kimai users 2-3 by email),
    /// types 1 Support / 2 Development mapped to Kimai activities by name.
    pub(crate) fn small_helpdesk(&self) {
        self.zammad.add_organization(1, "Acme Corp");
        self.zammad.add_organization(2, "Globex");
        self.zammad.add_agent(3, "Ann", "Agent", "ann@example.com");
        self.zammad
            .add_agent(4, "Bob", "Builder", "bob@example.com");
        self.zammad.add_type(1, "Support");
        self.zammad.add_type(2, "Development");
        for (id, title, org) in [
            (101, "Printer on fire", Some(1)),
            (102, "VPN drops", Some(2)),
            (103, "No org ticket", None),
        ] {
            self.zammad.add_simple_ticket(id, title, org, 3);
        }
        let tz = self
            .kimai
            .users()
            .iter()
            .find(|u| u.id == self.kimai.api_user_id())
            .map(|u| u.timezone.clone())
            .unwrap();
        self.kimai.add_user(2, "ann", "ann@example.com", &tz);
        self.kimai.add_user(3, "bob", "bob@example.com", &tz);
        self.kimai.add_activity("Support", None);
        self.kimai.add_activity("Development", None);
    }

    pub(crate) fn entry(
        &self,
        ticket: i64,
        time_unit: &str,
        type_id: i64,
        agent: i64,
        created_at: &str,
    ) -> i64 {
        self.zammad.add_entry(NewEntry {
            ticket_id: ticket,
            time_unit: time_unit.into(),
            type_id: Some(type_id),
            created_by_id: agent,
            created_at: Some(created_at.parse().unwrap()),
        })
    }

    /// Every positive Zammad entry has exactly one timesheet; no others; minutes add up.
    pub(crate) fn assert_exactly_once(&self, minutes_per_unit: i64) {
        let by_entry = self.timesheets_by_entry();
        let entries = self.zammad.entries();
        let mut expected_minutes = 0i64;
        for e in &entries {
            let minutes = (e.time_unit * rust_decimal::Decimal::from(minutes_per_unit)).round();
            let minutes: i64 = minutes.to_string().parse().unwrap();
            if minutes <= 0 {
                continue;
            }
            expected_minutes += minutes;
            let found = by_entry.get(&e.id).cloned().unwrap_or_default();
            assert_eq!(
                found.len(),
                1,
                "entry {} has {} timesheets: {found:?}",
                e.id,
                found.len()
            );
        }
        let extra: Vec<&i64> = by_entry
            .keys()
            .filter(|id| !entries.iter().any(|e| e.id == **id))
            .collect();
        assert!(extra.is_empty(), "timesheets for unknown entries {extra:?}");
        let booked: i64 = self
            .kimai
            .timesheets()
            .iter()
            .map(|t| t.duration_secs)
            .sum::<i64>()
            / 60;
        assert_eq!(
            booked, expected_minutes,
            "sum of Kimai durations vs Zammad minutes"
        );
        assert_eq!(
            self.kimai.timesheets().len(),
            by_entry.values().map(Vec::len).sum::<usize>()
        );
    }
}
