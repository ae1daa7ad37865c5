//! Finding, parsing, overriding and validating the config file.
//!
//! Order: `--config` > `SYNCD_CONFIG` > `$XDG_CONFIG_HOME/syncd/config.yaml` (or
//! `~/.config/syncd/config.yaml`) > `/etc/syncd/config.yaml` > defaults. Then
//! `SYNCD_<SECTION>_<KEY>` environment variables override scalar keys.

use super::{ProjectPolicy, Settings};
use crate::error::Error;
use std::path::{Path, PathBuf};

/// Settings plus where they came from and the paths derived from them.
#[derive(Debug, Clone)]
pub struct LoadedConfig {
    pub settings: Settings,
    /// The file that was read, if any (none: defaults only).
    pub path: Option<PathBuf>,
    /// Where `syncd init` writes a config file when none exists.
    pub write_path: PathBuf,
    pub data_dir: PathBuf,
    /// `SYNCD_DB`, else the `database` setting (or `SYNCD_DATABASE`), else
    /// `<data_dir>/syncd.db`. `--db` is applied on top by the CLI.
    pub db_path: PathBuf,
    /// `identity_file` setting, else `<data_dir>/identity.txt`.
    pub identity_file: PathBuf,
}

/// Load using the process environment.
pub fn load_from_env(explicit: Option<&Path>) -> anyhow::Result<LoadedConfig> {
    load(explicit, &|k: &str| {
        std::env::var(k).ok().filter(|v| !v.is_empty())
    })
}

/// The user's config path: `$XDG_CONFIG_HOME/syncd/config.yaml` or `~/.config/syncd/config.yaml`.
pub fn default_config_path(env: &impl Fn(&str) -> Option<String>) -> PathBuf {
    if let Some(x) = env("XDG_CONFIG_HOME").filter(|v| Path::new(v).is_absolute()) {
        return Path::new(&x).join("syncd/config.yaml");
    }
    home(env).join(".config/syncd/config.yaml")
}

fn default_data_dir(env: &impl Fn(&str) -> Option<String>) -> PathBuf {
    if let Some(x) = env("XDG_DATA_HOME").filter(|v| Path::new(v).is_absolute()) {
        return Path::new(&x).join("syncd");
    }
    home(env).join(".local/share/syncd")
}

fn home(env: &impl Fn(&str) -> Option<String>) -> PathBuf {
    env("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/"))
}

/// Resolve the config: find and parse the file, apply env overrides, validate, derive paths.
/// `env` is the environment lookup (tests pass a map).
pub fn load(
    explicit: Option<&Path>,
    env: &impl Fn(&str) -> Option<String>,
) -> anyhow::Result<LoadedConfig> {
    let user_path = default_config_path(env);
    let (path, write_path) = match explicit
        .map(Path::to_path_buf)
        .map(|p| (p, "--config"))
        .or_else(|| env("SYNCD_CONFIG").map(|p| (PathBuf::from(p), "SYNCD_CONFIG")))
    {
        Some((p, origin)) => {
            if !p.is_file() {
                return Err(Error::config(format!(
                    "config file {} (from {origin}) does not exist; create it with `syncd init --config {}`",
                    p.display(),
                    p.display()
                ))
                .into());
            }
            (Some(p.clone()), p)
        }
        None => {
            let system = PathBuf::from("/etc/syncd/config.yaml");
            let found = [user_path.clone(), system]
                .into_iter()
                .find(|p| p.is_file());
            (found, user_path)
        }
    };
    let mut settings = match &path {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| {
                Error::config(format!("cannot read config file {}: {e}", p.display()))
            })?;
            Settings::from_yaml_str(&text, &p.display().to_string())?
        }
        None => Settings::default(),
    };
    apply_env_overrides(&mut settings, env)?;
    settings.validate(path.as_deref())?;
    let data_dir = settings
        .data_dir
        .clone()
        .unwrap_or_else(|| default_data_dir(env));
    let db_path = env("SYNCD_DB")
        .map(PathBuf::from)
        .or_else(|| settings.database.clone())
        .unwrap_or_else(|| data_dir.join("syncd.db"));
    let identity_file = settings
        .identity_file
        .clone()
        .unwrap_or_else(|| data_dir.join("identity.txt"));
    Ok(LoadedConfig {
        settings,
        path,
        write_path,
        data_dir,
        db_path,
        identity_file,
    })
}

impl Settings {
    /// Parse a config file's text. `file_name` is used in error messages, which name the
    /// line and the key and suggest close matches for unknown keys.
    pub fn from_yaml_str(text: &str, file_name: &str) -> anyhow::Result<Settings> {
        // serde-saphyr wants a document; a file of comments only means "all defaults".
        let only_comments = text
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#') || l.trim() == "---");
        if only_comments {
            return Ok(Settings::default());
        }
        let options = serde_saphyr::options! { with_snippet: false };
        serde_saphyr::from_str_with_options::<Settings>(text, options)
            .map_err(|e| Error::config(describe_yaml_error(&e, text, file_name)).into())
    }

    /// Checks across keys and ranges; values with a type of their own (addresses, proxies,
    /// the timeout, the notification URL) were checked as they were read (`values`).
    pub fn validate(&self, path: Option<&Path>) -> Result<(), Error> {
        let origin = path
            .map(|p| format!("{}: ", p.display()))
            .unwrap_or_default();
        let bad = |key: &str, msg: String| Error::config(format!("{origin}key `{key}`: {msg}"));
        if self.sync.concurrency < 1 {
            return Err(bad("sync.concurrency", "must be at least 1".into()));
        }
        if !(self.sync.max_change_share > 0.0 && self.sync.max_change_share <= 1.0) {
            return Err(bad(
                "sync.max_change_share",
                format!("must be in (0, 1], got {}", self.sync.max_change_share),
            ));
        }
        if self.sync.project_policy == ProjectPolicy::Fixed
            && self
                .sync
                .fixed_project
                .as_deref()
                .is_none_or(|p| p.trim().is_empty())
        {
            return Err(bad(
                "sync.fixed_project",
                "must be set when sync.project_policy is `fixed`".into(),
            ));
        }
        if self.sync.tag.trim().is_empty() || self.sync.tag.contains(',') {
            return Err(bad(
                "sync.tag",
                "must be a non-empty tag without commas".into(),
            ));
        }
        // Kimai's tag names are at most 100 characters.
        if self.sync.tag.trim().chars().count() > 100 {
            return Err(bad(
                "sync.tag",
                "must be at most 100 characters (Kimai's limit for tag names)".into(),
            ));
        }
        if self.daemon.webhook_max_body_bytes < 1 {
            return Err(bad(
                "daemon.webhook_max_body_bytes",
                "must be at least 1".into(),
            ));
        }
        if self.daemon.max_connections < 1 {
            return Err(bad("daemon.max_connections", "must be at least 1".into()));
        }
        if self.daemon.request_timeout_secs < 1 {
            return Err(bad(
                "daemon.request_timeout_secs",
                "must be at least 1".into(),
            ));
        }
        if self.daemon.body_budget_bytes < self.daemon.webhook_max_body_bytes {
            return Err(bad(
                "daemon.body_budget_bytes",
                format!(
                    "must be at least daemon.webhook_max_body_bytes ({}), got {}",
                    self.daemon.webhook_max_body_bytes, self.daemon.body_budget_bytes
                ),
            ));
        }
        if self
            .daemon
            .metrics_token
            .as_deref()
            .is_some_and(|t| t.trim().len() < 16)
        {
            return Err(bad(
                "daemon.metrics_token",
                "must be at least 16 characters (e.g. `openssl rand -hex 32`)".into(),
            ));
        }
        Ok(())
    }
}

/// "file line 7: unknown key `kimai_urll` (did you mean `kimai_url`?)".
fn describe_yaml_error(err: &serde_saphyr::Error, text: &str, file: &str) -> String {
    use serde_saphyr::MessageFormatter;
    let line = err.location().map(|l| l.line()).filter(|l| *l > 0);
    let at = match line {
        Some(n) => format!("{file} line {n}"),
        None => file.to_string(),
    };
    let mut inner = err;
    while let serde_saphyr::Error::WithSnippet { error, .. } = inner {
        inner = error;
    }
    if let serde_saphyr::Error::SerdeUnknownField {
        field, expected, ..
    } = inner
    {
        let hint = match closest(field, expected) {
            Some(best) => format!(" (did you mean `{best}`?)"),
            None => format!(" (known keys: {})", expected.join(", ")),
        };
        return format!("{at}: unknown key `{field}`{hint}");
    }
    let message = serde_saphyr::UserMessageFormatter.format_message(inner);
    // A value's own check names its key already (`values`).
    let key = line
        .and_then(|n| key_on_line(text, n as usize))
        .filter(|_| !message.starts_with("key `"));
    match key {
        Some(k) => format!("{at}: key `{k}`: {message}"),
        None => format!("{at}: {message}"),
    }
}

/// The mapping key written on a 1-based line, if any.
fn key_on_line(text: &str, line: usize) -> Option<String> {
    let l = text.lines().nth(line.checked_sub(1)?)?;
    let (key, _) = l.trim_start().trim_start_matches("- ").split_once(':')?;
    let key = key.trim().trim_matches(['"', '\'']);
    (!key.is_empty() && !key.contains(' ')).then(|| key.to_string())
}

/// The known key closest to `word`, if close enough to be a likely typo.
pub fn closest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (levenshtein(word, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// `SYNCD_<SECTION>_<KEY>` (or `SYNCD_<KEY>` for top-level keys) overrides scalar keys.
/// `identity_file` is left to the identity chain (`SYNCD_IDENTITY_FILE`), which means the same.
fn apply_env_overrides(
    settings: &mut Settings,
    env: &impl Fn(&str) -> Option<String>,
) -> Result<(), Error> {
    let mut value = serde_json::to_value(&*settings).map_err(|e| Error::config(e.to_string()))?;
    // One variable at a time, so an error names the variable that is wrong.
    for (var, pointer) in override_vars(&value) {
        if let Some(raw) = env(&var) {
            if let Some(slot) = value.pointer_mut(&pointer) {
                *slot = env_scalar(&raw);
            }
            if let Err(first) = fits(&value) {
                // `tag: 2024` is text even though it looks like a number.
                if let Some(slot) = value.pointer_mut(&pointer) {
                    *slot = serde_json::Value::String(raw.clone());
                }
                if let Err(second) = fits(&value) {
                    // A value's own check (`values`: a number out of range) says more than
                    // "expected a number" about the text.
                    let e = if first.to_string().starts_with("key `") {
                        first
                    } else {
                        second
                    };
                    return Err(Error::config(format!(
                        "environment variable {var}=`{raw}`: {e}"
                    )));
                }
            }
        }
    }
    *settings = serde_json::from_value(value).map_err(|e| Error::config(e.to_string()))?;
    Ok(())
}

/// Every overridable variable and the JSON pointer of its key.
fn override_vars(value: &serde_json::Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let Some(top) = value.as_object() else {
        return out;
    };
    for (section, entry) in top {
        if section == "identity_file" {
            continue;
        }
        match entry.as_object() {
            Some(fields) => {
                for (key, v) in fields {
                    if !v.is_array() && !v.is_object() {
                        out.push((
                            format!("SYNCD_{}_{}", section.to_uppercase(), key.to_uppercase()),
                            format!("/{section}/{key}"),
                        ));
                    }
                }
            }
            None => out.push((
                format!("SYNCD_{}", section.to_uppercase()),
                format!("/{section}"),
            )),
        }
    }
    out
}

/// Numbers and booleans as such; everything else as text (serde decides if that fits).
fn env_scalar(raw: &str) -> serde_json::Value {
    match serde_json::from_str::<serde_json::Value>(raw) {
        Ok(v @ (serde_json::Value::Number(_) | serde_json::Value::Bool(_))) => v,
        _ => serde_json::Value::String(raw.to_string()),
    }
}

fn fits(value: &serde_json::Value) -> Result<(), serde_json::Error> {
    serde_json::from_value::<Settings>(value.clone()).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k: &str| map.get(k).cloned()
    }

    #[test]
    fn unknown_key_names_line_and_suggests() {
        let err = Settings::from_yaml_str("sync:\n  concurency: 3\n", "config.yaml").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("config.yaml line 2"), "{msg}");
        assert!(msg.contains("unknown key `concurency`"), "{msg}");
        assert!(msg.contains("did you mean `concurrency`"), "{msg}");
    }

    #[test]
    fn bad_type_names_key() {
        let err = Settings::from_yaml_str("sync:\n  concurrency: lots\n", "c.yaml").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("c.yaml line 2"), "{msg}");
        assert!(msg.contains("`concurrency`"), "{msg}");
    }

    #[test]
    fn env_overrides_scalars_and_names_bad_variable() {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().to_str().unwrap();
        let env = env_of(&[
            ("HOME", home),
            ("SYNCD_SYNC_CONCURRENCY", "8"),
            ("SYNCD_DAEMON_LISTEN", "0.0.0.0:9000"),
            ("SYNCD_AUDIT_RETENTION_DAYS", "7"),
        ]);
        let loaded = load(None, &env).unwrap();
        assert_eq!(loaded.settings.sync.concurrency, 8);
        assert_eq!(loaded.settings.daemon.listen.to_string(), "0.0.0.0:9000");
        assert_eq!(loaded.settings.audit.retention_days, 7);
        assert_eq!(loaded.data_dir, dir.path().join(".local/share/syncd"));

        let env = env_of(&[("HOME", home), ("SYNCD_SYNC_CONCURRENCY", "many")]);
        let msg = load(None, &env).unwrap_err().to_string();
        assert!(msg.contains("SYNCD_SYNC_CONCURRENCY"), "{msg}");
        let env = env_of(&[("HOME", home), ("SYNCD_SYNC_CONCURRENCY", "0")]);
        let msg = load(None, &env).unwrap_err().to_string();
        assert!(msg.contains("sync.concurrency"), "{msg}");
    }

    #[test]
    fn explicit_missing_file_is_an_error_but_search_chain_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let env = env_of(&[("HOME", dir.path().to_str().unwrap())]);
        assert!(load(Some(&dir.path().join("nope.yaml")), &env).is_err());
        let loaded = load(None, &env).unwrap();
        assert!(loaded.path.is_none());
        assert_eq!(
            loaded.write_path,
            dir.path().join(".config/syncd/config.yaml")
        );
    }

    #[test]
    fn data_dir_and_database_precedence() {
        let dir = tempfile::tempdir().unwrap();
        let env = env_of(&[
            ("HOME", dir.path().to_str().unwrap()),
            ("XDG_DATA_HOME", "/xdg/data"),
        ]);
        let loaded = load(None, &env).unwrap();
        assert_eq!(loaded.db_path, PathBuf::from("/xdg/data/syncd/syncd.db"));
        let env = env_of(&[
            ("HOME", dir.path().to_str().unwrap()),
            ("SYNCD_DATA_DIR", "/srv/syncd"),
        ]);
        let loaded = load(None, &env).unwrap();
        assert_eq!(loaded.db_path, PathBuf::from("/srv/syncd/syncd.db"));
        assert_eq!(
            loaded.identity_file,
            PathBuf::from("/srv/syncd/identity.txt")
        );
    }

    #[test]
    fn typed_values_are_checked_as_read_naming_file_line_key_and_value() {
        let err = |yaml: &str| {
            Settings::from_yaml_str(yaml, "c.yaml")
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            err("daemon:\n  listen: x\n"),
            "c.yaml line 2: key `daemon.listen`: `x` is not an address like 127.0.0.1:8787"
        );
        assert_eq!(
            err("daemon:\n  trusted_proxies: [10.0.0.0/8, nope]\n"),
            "c.yaml line 2: key `daemon.trusted_proxies`: `nope` is not an IP address or CIDR block"
        );
        assert_eq!(
            err("daemon:\n  admin_listen: 10.0.0.1:80\n"),
            "c.yaml line 2: key `daemon.admin_listen`: `10.0.0.1:80` is not a loopback address \
             (127.0.0.1:PORT or [::1]:PORT)"
        );
        assert_eq!(
            err("notify:\n  url: ftp://x\n"),
            "c.yaml line 2: key `notify.url`: must be an http(s) URL"
        );
        assert_eq!(
            err("sync:\n  timeout_secs: 0.05\n"),
            "c.yaml line 2: key `sync.timeout_secs`: must be between 0.1 and 86400 seconds, got 0.05"
        );
        let s = Settings::from_yaml_str(
            "sync:\n  timeout_secs: 2.5\ndaemon:\n  admin_listen: '[::1]:8788'\n",
            "c.yaml",
        )
        .unwrap();
        assert_eq!(s.sync.timeout, std::time::Duration::from_millis(2500));
        assert_eq!(s.daemon.admin_listen, Some("[::1]:8788".parse().unwrap()));
    }

    #[test]
    fn env_errors_name_the_variable_and_the_key() {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().to_str().unwrap();
        let msg = |var: &str, value: &str| {
            load(None, &env_of(&[("HOME", home), (var, value)]))
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            msg("SYNCD_DAEMON_LISTEN", "8787"),
            "environment variable SYNCD_DAEMON_LISTEN=`8787`: key `daemon.listen`: `8787` is not \
             an address like 127.0.0.1:8787"
        );
        assert_eq!(
            msg("SYNCD_SYNC_TIMEOUT_SECS", "0.01"),
            "environment variable SYNCD_SYNC_TIMEOUT_SECS=`0.01`: key `sync.timeout_secs`: must \
             be between 0.1 and 86400 seconds, got 0.01"
        );
        let env = env_of(&[
            ("HOME", home),
            ("SYNCD_NOTIFY_URL", "https://hooks.example/x"),
        ]);
        let url = load(None, &env).unwrap().settings.notify.url.unwrap();
        assert_eq!(url.as_str(), "https://hooks.example/x");
    }

    #[test]
    fn typed_values_print_as_written() {
        let yaml = "sync:\n  timeout_secs: 2.5\ndaemon:\n  listen: 0.0.0.0:9000\n  \
                    trusted_proxies: ['10.0.0.1', '::ffff:10.0.0.0/104']\nnotify:\n  \
                    url: https://hooks.example/x?t=1\n";
        let s = Settings::from_yaml_str(yaml, "c.yaml").unwrap();
        let v = serde_json::to_value(&s).unwrap();
        assert_eq!(v["sync"]["timeout_secs"], 2.5);
        assert_eq!(v["daemon"]["listen"], "0.0.0.0:9000");
        assert_eq!(
            v["daemon"]["trusted_proxies"],
            serde_json::json!(["10.0.0.1", "::ffff:10.0.0.0/104"])
        );
        assert_eq!(v["daemon"]["admin_listen"], serde_json::Value::Null);
        assert_eq!(v["notify"]["url"], "https://hooks.example/x?t=1");
        let back: Settings = serde_json::from_value(v).unwrap();
        assert_eq!(back, s);
        assert_eq!(
            serde_json::to_value(Settings::default()).unwrap()["sync"]["timeout_secs"],
            30.0
        );
    }

    #[test]
    fn fixed_policy_needs_project() {
        let err = Settings::from_yaml_str("sync:\n  project_policy: fixed\n", "c.yaml").unwrap();
        assert!(err.validate(None).is_err());
    }
}
