//! syncd configured between the two simulators in a temporary HOME, driven through the
//! real binary. Shared by `syncd demo`, the integration tests and the benchmarks.

use super::{KimaiSim, ZammadSim, marker};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const ZAMMAD_TOKEN: &str = "zammad-sim-token-5d1f0c77a2";
pub const KIMAI_TOKEN: &str = "kimai-sim-token-9e3b44c1d8";

pub struct Harness {
    /// Removed on drop.
    pub dir: tempfile::TempDir,
    pub exe: PathBuf,
    pub zammad: ZammadSim,
    pub kimai: KimaiSim,
}

impl Harness {
    /// Start both simulators (Kimai API user in `kimai_tz`) and write the token files.
    pub fn start(exe: PathBuf, kimai_tz: &str) -> std::io::Result<Harness> {
        let dir = tempfile::Builder::new().prefix("syncd-").tempdir()?;
        let zammad = ZammadSim::start(ZAMMAD_TOKEN)?;
        let kimai = KimaiSim::start(KIMAI_TOKEN, kimai_tz)?;
        let h = Harness {
            dir,
            exe,
            zammad,
            kimai,
        };
        write_private(&h.path("zammad.token"), ZAMMAD_TOKEN)?;
        write_private(&h.path("kimai.token"), KIMAI_TOKEN)?;
        Ok(h)
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The store `syncd init` creates under the harness's XDG data dir.
    pub fn db(&self) -> PathBuf {
        self.path("data/syncd/syncd.db")
    }

    /// `syncd ARGS` with HOME and XDG dirs inside the harness, nothing inherited.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(&self.exe);
        c.args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.path("config"))
            .env("XDG_DATA_HOME", self.path("data"))
            .env("USER", "syncd-harness")
            .env("COLUMNS", "120");
        c
    }

    pub fn run(&self, args: &[&str]) -> std::io::Result<Output> {
        self.command(args).output()
    }

    /// The commands an admin types, as argument lists: init and both connectors.
    pub fn setup_commands(&self, unit: &str) -> Vec<Vec<String>> {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        vec![
            s(&["init", "--non-interactive"]),
            self.zammad_add(unit),
            self.kimai_add(),
        ]
    }

    pub fn zammad_add(&self, unit: &str) -> Vec<String> {
        let token = self.path("zammad.token").display().to_string();
        [
            "connector",
            "add",
            "zammad",
            "--name",
            "helpdesk",
            "--url",
            &self.zammad.base_url(),
            "--token-file",
            &token,
            "--time-unit",
            unit,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    }

    pub fn kimai_add(&self) -> Vec<String> {
        let token = self.path("kimai.token").display().to_string();
        [
            "connector",
            "add",
            "kimai",
            "--name",
            "timesheets",
            "--url",
            &self.kimai.base_url(),
            "--token-file",
            &token,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    }

    pub fn marker_key(&self) -> String {
        marker::marker_key_for_url(&self.zammad.base_url())
    }

    /// Kimai timesheet ids by the Zammad entry whose marker they carry.
    pub fn timesheets_by_entry(&self) -> BTreeMap<i64, Vec<i64>> {
        let key = self.marker_key();
        let mut map = BTreeMap::<i64, Vec<i64>>::new();
        for t in self.kimai.timesheets() {
            for e in marker::find(t.description.as_deref().unwrap_or(""), &key) {
                map.entry(e).or_default().push(t.id);
            }
        }
        map
    }
}

fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    writeln!(f, "{text}")
}
