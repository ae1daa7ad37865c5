//! Tokens never leave the process in plaintext: not in the store, logs or JSON.

use crate::support::{Env, Test};

const TOKEN: &str = "tok-9f8e7d6c5b4a-SECRET";

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn token_appears_nowhere() {
    let env = Env::initialized();
    let mut outputs: Vec<(String, String)> = Vec::new();
    let out = Test::with_env(&env)
        .args(&[
            "-vvv",
            "connector",
            "add",
            "kimai",
            "--name",
            "kim",
            "--url",
            "https://k.example.com",
        ])
        .args(&["--token-stdin", "--output", "json", "--no-check"])
        .stdin(&format!("{TOKEN}\n"))
        .run();
    outputs.push((out.stdout, out.stderr));
    let file = env.write("tok.txt", &format!("{TOKEN}\n"));
    let out = Test::with_env(&env)
        .args(&[
            "-vvv",
            "connector",
            "add",
            "zammad",
            "--name",
            "zam",
            "--url",
            "https://z.example.com",
        ])
        .args(&[
            "--time-unit",
            "minute",
            "--token-file",
            file.to_str().unwrap(),
            "--output",
            "json",
            "--no-check",
        ])
        .run();
    outputs.push((out.stdout, out.stderr));
    let out = Test::with_env(&env)
        .args(&[
            "-vvv",
            "connector",
            "edit",
            "zam",
            "--token-stdin",
            "--output",
            "json",
        ])
        .stdin(&format!("{TOKEN}\n"))
        .run();
    outputs.push((out.stdout, out.stderr));
    for args in [
        vec!["connector", "list"],
        vec!["connector", "show", "zam"],
        vec!["connector", "show", "kim"],
        vec!["audit", "list"],
        vec!["config", "show"],
        vec!["mapping", "list"],
        vec!["mapping", "export"],
    ] {
        let out = Test::with_env(&env)
            .args(&["-vvv", "--output", "json"])
            .args(&args)
            .run();
        outputs.push((out.stdout, out.stderr));
        let out = Test::with_env(&env).args(&["-vvv"]).args(&args).run();
        outputs.push((out.stdout, out.stderr));
    }
    for (stdout, stderr) in &outputs {
        assert!(!stdout.contains(TOKEN), "token in stdout:\n{stdout}");
        assert!(!stderr.contains(TOKEN), "token in stderr:\n{stderr}");
    }
    for entry in std::fs::read_dir(env.data_dir()).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        assert!(!contains(&bytes, TOKEN), "token in {}", path.display());
    }
    // The ciphertext decrypts back with the identity from init.
    let store = syncd::store::Store::open(&env.db()).unwrap();
    let row = store.connector_by_name("zam").unwrap().unwrap();
    let identity =
        syncd::secrets::read_identity_file(&env.data_dir().join("identity.txt")).unwrap();
    use secrecy::ExposeSecret;
    assert_eq!(
        syncd::secrets::decrypt_token(&identity, &row.token_ciphertext)
            .unwrap()
            .expose_secret(),
        TOKEN
    );
    assert!(!format!("{row:?}").contains(TOKEN));
}

#[test]
fn wrong_identity_is_a_clear_error() {
    let env = Env::initialized().with_connectors(TOKEN);
    let other = age::x25519::Identity::generate();
    let loaded = syncd::secrets::LoadedIdentity {
        identity: other,
        source: syncd::secrets::IdentitySource::EnvKey,
    };
    let store = syncd::store::Store::open(&env.db()).unwrap();
    let row = store.connector_by_name("kim").unwrap().unwrap();
    let msg = loaded
        .decrypt_connector_token("kim", &row.token_ciphertext)
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("cannot decrypt token of connector kim"),
        "{msg}"
    );
    assert!(msg.contains("SYNCD_IDENTITY environment variable"), "{msg}");
    assert!(!msg.contains(TOKEN));
}
