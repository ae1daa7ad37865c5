//! A small builder that runs the real `syncd` binary in a throwaway home:
//! `Test::new().args(&["connector", "list"]).run()` asserts success and returns the output;
//! `.status(2).stderr_contains("line 7")` for failures. One `Env` (temp HOME, XDG dirs)
//! can be shared by several runs with `Test::with_env(&env)`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A temp HOME with XDG config and data dirs under it.
pub(crate) struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    pub(crate) fn new() -> Env {
        Env {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    pub(crate) fn home(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn config_home(&self) -> PathBuf {
        self.home().join("config")
    }

    pub(crate) fn data_home(&self) -> PathBuf {
        self.home().join("data")
    }

    /// `$XDG_CONFIG_HOME/syncd/config.yaml`.
    pub(crate) fn config_file(&self) -> PathBuf {
        self.config_home().join("syncd/config.yaml")
    }

    /// `$XDG_DATA_HOME/syncd`.
    pub(crate) fn data_dir(&self) -> PathBuf {
        self.data_home().join("syncd")
    }

    pub(crate) fn db(&self) -> PathBuf {
        self.data_dir().join("syncd.db")
    }

    /// Write a file under HOME and return its path.
    pub(crate) fn write(&self, name: &str, contents: &str) -> PathBuf {
        let path = self.home().join(name);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).unwrap();
        }
        std::fs::write(&path, contents).unwrap();
        path
    }

    /// Run `syncd init` and return self, for tests that need a ready store.
    pub(crate) fn initialized() -> Env {
        let env = Env::new();
        Test::with_env(&env)
            .args(&["init", "--non-interactive"])
            .run();
        env
    }

    /// Add a zammad `zam` and a kimai `kim` connector with the given token.
    pub(crate) fn with_connectors(self, token: &str) -> Env {
        let file = self.write("token.txt", &format!("{token}\n"));
        let file = file.to_str().unwrap();
        Test::with_env(&self)
            .args(&[
                "connector",
                "add",
                "zammad",
                "--name",
                "zam",
                "--url",
                "http://127.0.0.1:43121",
            ])
            .args(&["--time-unit", "minute", "--token-file", file])
            // Nothing listens there: an offline set-up.
            .args(&["--no-check"])
            .run();
        Test::with_env(&self)
            .args(&[
                "connector",
                "add",
                "kimai",
                "--name",
                "kim",
                "--url",
                "https://kimai.example.com",
            ])
            .args(&["--token-file", file, "--no-check"])
            .run();
        self
    }
}

pub(crate) struct Output {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

pub(crate) struct Test<'a> {
    env: Option<&'a Env>,
    own: Option<Env>,
    args: Vec<String>,
    envs: Vec<(String, String)>,
    stdin: Option<String>,
    status: i32,
    stdout_contains: Vec<String>,
    stderr_contains: Vec<String>,
}

impl<'a> Test<'a> {
    /// A run in a fresh, empty home.
    pub(crate) fn new() -> Test<'static> {
        Test {
            own: Some(Env::new()),
            ..Test::blank()
        }
    }

    fn blank() -> Test<'static> {
        Test {
            env: None,
            own: None,
            args: Vec::new(),
            envs: Vec::new(),
            stdin: None,
            status: 0,
            stdout_contains: Vec::new(),
            stderr_contains: Vec::new(),
        }
    }

    pub(crate) fn with_env(env: &'a Env) -> Test<'a> {
        Test {
            env: Some(env),
            ..Test::blank()
        }
    }

    pub(crate) fn args(mut self, args: &[&str]) -> Self {
        self.args.extend(args.iter().map(|s| s.to_string()));
        self
    }

    pub(crate) fn env(mut self, key: &str, value: &str) -> Self {
        self.envs.push((key.into(), value.into()));
        self
    }

    pub(crate) fn stdin(mut self, text: &str) -> Self {
        self.stdin = Some(text.into());
        self
    }

    /// Expected exit status (default 0).
    pub(crate) fn status(mut self, code: i32) -> Self {
        self.status = code;
        self
    }

    pub(crate) fn stdout_contains(mut self, text: &str) -> Self {
        self.stdout_contains.push(text.into());
        self
    }

    pub(crate) fn stderr_contains(mut self, text: &str) -> Self {
        self.stderr_contains.push(text.into());
        self
    }

    pub(crate) fn run(self) -> Output {
        let env = self.env.or(self.own.as_ref()).expect("env");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_syncd"));
        for (k, _) in std::env::vars() {
            if k.starts_with("SYNCD_") || k.starts_with("XDG_") || k == "CREDENTIALS_DIRECTORY" {
                cmd.env_remove(&k);
            }
        }
        cmd.env_remove("RUST_LOG")
            .env("HOME", env.home())
            .env("XDG_CONFIG_HOME", env.config_home())
            .env("XDG_DATA_HOME", env.data_home())
            .env("SYNCD_NO_KEYRING", "1")
            .env("USER", "tester")
            .current_dir(env.home())
            .args(&self.args)
            .stdin(if self.stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in &self.envs {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("spawn syncd");
        if let Some(input) = &self.stdin {
            use std::io::Write;
            let mut pipe = child.stdin.take().unwrap();
            pipe.write_all(input.as_bytes()).unwrap();
        }
        let out = child.wait_with_output().expect("wait for syncd");
        let output = Output {
            status: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        };
        let shown = || {
            format!(
                "syncd {}\n--- status {}\n--- stdout\n{}\n--- stderr\n{}",
                self.args.join(" "),
                output.status,
                output.stdout,
                output.stderr
            )
        };
        assert_eq!(
            output.status,
            self.status,
            "unexpected exit status\n{}",
            shown()
        );
        for s in &self.stdout_contains {
            assert!(output.stdout.contains(s), "stdout lacks {s:?}\n{}", shown());
        }
        for s in &self.stderr_contains {
            assert!(output.stderr.contains(s), "stderr lacks {s:?}\n{}", shown());
        }
        output
    }
}
