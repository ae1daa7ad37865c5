//! API tokens are stored only as age ciphertext (x25519). The identity that decrypts them
//! comes from the first of: `SYNCD_IDENTITY` (key text), `SYNCD_IDENTITY_FILE`,
//! `$CREDENTIALS_DIRECTORY/syncd-identity` (systemd `LoadCredential=`), the OS keyring
//! (service `syncd`, user `identity`), and the identity file in the data dir that
//! `syncd init` creates 0600.
//!
//! Tokens are `SecretString` everywhere: never logged, never in `Debug`, JSON, audit rows or
//! error messages.

use age::x25519::{Identity, Recipient};
use anyhow::Context as _;
use secrecy::{ExposeSecret, SecretString};
use std::fmt;
use std::path::{Path, PathBuf};

pub use secrecy;

const KEYRING_SERVICE: &str = "syncd";
const KEYRING_USER: &str = "identity";

/// Where the age identity was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentitySource {
    /// `SYNCD_IDENTITY` holds the key text.
    EnvKey,
    /// `SYNCD_IDENTITY_FILE` names a file.
    EnvFile(PathBuf),
    /// `$CREDENTIALS_DIRECTORY/syncd-identity` (systemd credentials).
    Credentials(PathBuf),
    /// The OS keyring, service `syncd`, user `identity`.
    Keyring,
    /// The identity file from the config (`identity_file`) or `<data_dir>/identity.txt`.
    File(PathBuf),
}

impl fmt::Display for IdentitySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdentitySource::EnvKey => f.write_str("SYNCD_IDENTITY environment variable"),
            IdentitySource::EnvFile(p) => {
                write!(
                    f,
                    "SYNCD_IDENTITY_FILE environment variable ({})",
                    p.display()
                )
            }
            IdentitySource::Credentials(p) => write!(f, "systemd credential {}", p.display()),
            IdentitySource::Keyring => f.write_str("OS keyring (service syncd, user identity)"),
            IdentitySource::File(p) => write!(f, "identity file {}", p.display()),
        }
    }
}

/// An identity and where it came from (for messages like "the identity from … does not match").
#[derive(Clone)]
pub struct LoadedIdentity {
    pub identity: Identity,
    pub source: IdentitySource,
}

impl fmt::Debug for LoadedIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoadedIdentity")
            .field("identity", &"[REDACTED]")
            .field("source", &self.source)
            .finish()
    }
}

impl LoadedIdentity {
    pub fn recipient(&self) -> Recipient {
        self.identity.to_public()
    }

    /// Decrypt a connector's token, with an error that says which identity failed.
    pub fn decrypt_connector_token(
        &self,
        connector: &str,
        ciphertext: &[u8],
    ) -> anyhow::Result<SecretString> {
        decrypt_token(&self.identity, ciphertext).map_err(|_| {
            anyhow::anyhow!(
                "cannot decrypt token of connector {connector}: the identity from {} does not \
                 match the one it was stored with; use the original identity or set the token \
                 again with `syncd connector edit {connector} --token-file FILE`",
                self.source
            )
        })
    }
}

/// `SYNCD_IDENTITY`, taken out of the process environment at start-up.
static ENV_IDENTITY: std::sync::OnceLock<Option<SecretString>> = std::sync::OnceLock::new();

/// Read `SYNCD_IDENTITY` once and remove it from the environment, so no child process
/// (the notify command, a shell) inherits the key. Call before any thread starts.
pub fn take_identity_from_env() {
    let text = std::env::var("SYNCD_IDENTITY")
        .ok()
        .filter(|v| !v.is_empty())
        .map(SecretString::from);
    // Called first thing in `main`, while the process has one thread.
    crate::sys::scrub_env_var(c"SYNCD_IDENTITY");
    let _ = ENV_IDENTITY.set(text);
}

/// Find the identity along the chain; `Ok(None)` when there is none at all.
/// `identity_file` is the configured (or default) identity file, tried last.
pub fn find_identity(
    env: &impl Fn(&str) -> Option<String>,
    identity_file: &Path,
) -> anyhow::Result<Option<LoadedIdentity>> {
    let taken = ENV_IDENTITY
        .get()
        .and_then(|t| t.as_ref())
        .map(|t| t.expose_secret().to_string());
    if let Some(text) = env("SYNCD_IDENTITY").or(taken) {
        let identity = parse_identity(&text)
            .context("SYNCD_IDENTITY does not hold an age identity (AGE-SECRET-KEY-1…)")?;
        return Ok(Some(LoadedIdentity {
            identity,
            source: IdentitySource::EnvKey,
        }));
    }
    if let Some(file) = env("SYNCD_IDENTITY_FILE") {
        let path = PathBuf::from(file);
        let identity = read_identity_file(&path)?;
        return Ok(Some(LoadedIdentity {
            identity,
            source: IdentitySource::EnvFile(path),
        }));
    }
    if let Some(dir) = env("CREDENTIALS_DIRECTORY") {
        let path = Path::new(&dir).join("syncd-identity");
        if path.is_file() {
            let identity = read_identity_file(&path)?;
            return Ok(Some(LoadedIdentity {
                identity,
                source: IdentitySource::Credentials(path),
            }));
        }
    }
    if env("SYNCD_NO_KEYRING").is_none()
        && let Some(identity) = keyring_identity()
    {
        return Ok(Some(LoadedIdentity {
            identity,
            source: IdentitySource::Keyring,
        }));
    }
    if identity_file.is_file() {
        let identity = read_identity_file(identity_file)?;
        let source = IdentitySource::File(identity_file.to_path_buf());
        return Ok(Some(LoadedIdentity { identity, source }));
    }
    Ok(None)
}

/// Like `find_identity`, but having none is an error that says how to get one.
pub fn load_identity(
    env: &impl Fn(&str) -> Option<String>,
    identity_file: &Path,
) -> anyhow::Result<LoadedIdentity> {
    find_identity(env, identity_file)?.ok_or_else(|| {
        // A configuration problem (exit 2): say where syncd looked and how to provide one.
        crate::Error::config(format!(
            "no age identity found (tried SYNCD_IDENTITY, SYNCD_IDENTITY_FILE, \
             $CREDENTIALS_DIRECTORY/syncd-identity, the OS keyring and {}); \
             create one with `syncd init`, or provide the identity that encrypted the tokens: \
             SYNCD_IDENTITY_FILE=/path/to/identity.txt, SYNCD_IDENTITY=AGE-SECRET-KEY-…, \
             or systemd `LoadCredential=syncd-identity:/path/to/identity.txt`",
            identity_file.display()
        ))
        .into()
    })
}

/// Best effort: any keyring problem (no store, no entry, no permission) means "not here".
fn keyring_identity() -> Option<Identity> {
    let store = match linux_keyutils_keyring_store::Store::new() {
        Ok(s) => s,
        Err(e) => {
            tracing::debug!("OS keyring unavailable: {e}");
            return None;
        }
    };
    let store: std::sync::Arc<keyring_core::CredentialStore> = store;
    let entry = match keyring_core::Entry::new_in_store(&store, KEYRING_SERVICE, KEYRING_USER) {
        Ok(e) => e,
        Err(e) => {
            tracing::debug!("OS keyring unavailable: {e}");
            return None;
        }
    };
    match entry.get_password() {
        Ok(text) => match parse_identity(&text) {
            Ok(id) => Some(id),
            Err(e) => {
                tracing::debug!("OS keyring entry syncd/identity is not an age identity: {e}");
                None
            }
        },
        Err(e) => {
            tracing::debug!("no identity in the OS keyring: {e}");
            None
        }
    }
}

/// Parse key text: the first `AGE-SECRET-KEY-` line (comments and blank lines allowed).
pub fn parse_identity(text: &str) -> anyhow::Result<Identity> {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("AGE-SECRET-KEY-"))
        .ok_or_else(|| anyhow::anyhow!("no AGE-SECRET-KEY- line"))?;
    line.parse::<Identity>()
        .map_err(|e| anyhow::anyhow!("invalid age identity: {e}"))
}

pub fn read_identity_file(path: &Path) -> anyhow::Result<Identity> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read age identity file {}", path.display()))?;
    parse_identity(&text).with_context(|| format!("age identity file {}", path.display()))
}

/// Generate an identity and write it to `path` (0600, parent 0700), in `age-keygen` format.
/// Refuses to overwrite an existing file.
pub fn create_identity_file(path: &Path) -> anyhow::Result<Identity> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        crate::store::create_private_dir(dir)?;
    }
    let identity = Identity::generate();
    let text = format!(
        "# created: {}\n# public key: {}\n{}\n",
        crate::store::now_text(),
        identity.to_public(),
        identity.to_string().expose_secret()
    );
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("cannot create age identity file {}", path.display()))?;
    file.write_all(text.as_bytes())
        .and_then(|_| file.sync_all())
        .with_context(|| format!("cannot write age identity file {}", path.display()))?;
    Ok(identity)
}

/// Encrypt a token to the recipient (binary age format).
pub fn encrypt_token(recipient: &Recipient, token: &SecretString) -> Vec<u8> {
    age::encrypt(recipient, token.expose_secret().as_bytes())
        .expect("age encryption into memory does not fail")
}

/// Decrypt a token. The error never contains plaintext; prefer
/// `LoadedIdentity::decrypt_connector_token`, whose error names the connector and identity.
pub fn decrypt_token(identity: &Identity, ciphertext: &[u8]) -> anyhow::Result<SecretString> {
    let bytes = age::decrypt(identity, ciphertext)
        .map_err(|e| anyhow::anyhow!("cannot decrypt token: {e}"))?;
    let text = String::from_utf8(bytes).map_err(|_| anyhow::anyhow!("token is not UTF-8"))?;
    Ok(SecretString::from(text))
}

/// The first line of a token file, trimmed. Empty files are an error.
pub fn read_token_file(path: &Path) -> anyhow::Result<SecretString> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        crate::Error::usage(format!("cannot read token file {}: {e}", path.display()))
    })?;
    first_line_token(&text).ok_or_else(|| {
        crate::Error::usage(format!("token file {} is empty", path.display())).into()
    })
}

/// The first line of standard input, trimmed.
pub fn read_token_stdin() -> anyhow::Result<SecretString> {
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .context("cannot read token from standard input")?;
    let token = first_line_token(&line);
    secrecy::zeroize::Zeroize::zeroize(&mut line);
    token.ok_or_else(|| crate::Error::usage("no token on standard input").into())
}

fn first_line_token(text: &str) -> Option<SecretString> {
    let line = text.lines().next()?.trim();
    (!line.is_empty()).then(|| SecretString::from(line.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_wrong_identity() {
        let id = Identity::generate();
        let token = SecretString::from("s3cret-token".to_string());
        let ct = encrypt_token(&id.to_public(), &token);
        assert!(!ct.windows(12).any(|w| w == b"s3cret-token"));
        assert_eq!(
            decrypt_token(&id, &ct).unwrap().expose_secret(),
            "s3cret-token"
        );
        let other = LoadedIdentity {
            identity: Identity::generate(),
            source: IdentitySource::File("/x/identity.txt".into()),
        };
        let msg = other
            .decrypt_connector_token("zam", &ct)
            .unwrap_err()
            .to_string();
        assert!(msg.contains("connector zam"), "{msg}");
        assert!(msg.contains("identity file /x/identity.txt"), "{msg}");
        assert!(!msg.contains("s3cret"));
    }

    #[test]
    fn chain_order() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("identity.txt");
        let created = create_identity_file(&file).unwrap();
        let env = |k: &str| (k == "SYNCD_NO_KEYRING").then(|| "1".to_string());
        let found = find_identity(&env, &file).unwrap().unwrap();
        assert_eq!(found.source, IdentitySource::File(file.clone()));
        assert_eq!(
            found.recipient().to_string(),
            created.to_public().to_string()
        );
        let key = Identity::generate().to_string().expose_secret().to_string();
        let env = move |k: &str| match k {
            "SYNCD_IDENTITY" => Some(key.clone()),
            _ => None,
        };
        assert_eq!(
            find_identity(&env, &file).unwrap().unwrap().source,
            IdentitySource::EnvKey
        );
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}
