//! The committed completions and man page must match what the binary generates.
//! If this fails, run:
//!   for s in bash zsh fish; do syncd generate completions $s --dir completions; done
//!   syncd generate man --dir man

use crate::support::Test;

fn committed(path: &str) -> String {
    let full = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

#[test]
fn completions_are_fresh() {
    for shell in ["bash", "zsh", "fish"] {
        let out = Test::new().args(&["generate", "completions", shell]).run();
        assert!(
            out.stdout == committed(&format!("completions/syncd.{shell}")),
            "completions/syncd.{shell} is stale; regenerate it (see tests/cli/generate.rs)"
        );
    }
}

#[test]
fn man_page_is_fresh() {
    let out = Test::new().args(&["generate", "man"]).run();
    assert!(
        out.stdout == committed("man/syncd.1"),
        "man/syncd.1 is stale; regenerate it"
    );
}

#[test]
fn generate_writes_into_dir() {
    let env = crate::support::Env::new();
    let dir = env.home().join("out");
    Test::with_env(&env)
        .args(&[
            "generate",
            "completions",
            "fish",
            "--dir",
            dir.to_str().unwrap(),
        ])
        .run();
    assert_eq!(
        std::fs::read_to_string(dir.join("syncd.fish")).unwrap(),
        committed("completions/syncd.fish")
    );
}
