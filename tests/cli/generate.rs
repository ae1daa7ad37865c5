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
#[cfg_attr(
    not(feature = "demo"),
    ignore = "the committed files describe the default build"
)]
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
#[cfg_attr(
    not(feature = "demo"),
    ignore = "the committed files describe the default build"
)]
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

#[test]
fn man_page_has_the_admin_sections_and_no_pointers_to_missing_pages() {
    let page = committed("man/syncd.1");
    for section in [
        ".SH COMMANDS",
        ".SH \"EXIT STATUS\"",
        ".SH FILES",
        ".SH ENVIRONMENT",
        ".SH EXAMPLES",
    ] {
        assert!(page.contains(section), "missing {section}");
    }
    // Only syncd(1) is shipped: no syncd-<command>(1) references.
    assert!(
        !page.contains("syncd\\-init(1)") && !page.contains("(1)\n"),
        "{page}"
    );
    for code in ["\n.B 0\n", "\n.B 2\n", "\n.B 3\n", "\n.B 75\n"] {
        assert!(page.contains(code), "exit status {code:?}");
    }
    assert!(
        page.contains("syncd connector add"),
        "every command with its usage"
    );
}

#[test]
fn completions_offer_actions_reasons_and_connector_names() {
    for shell in ["bash", "zsh", "fish"] {
        let script = committed(&format!("completions/syncd.{shell}"));
        for value in ["take-zammad", "net", "negative-correction", "target-edited"] {
            assert!(script.contains(value), "{shell} lacks {value}");
        }
    }
    // Dynamic completion asks the store for connector names.
    let env = crate::support::Env::initialized().with_connectors("tok");
    let out = Test::with_env(&env)
        .env("COMPLETE", "fish")
        .args(&["--", "syncd", "connector", "show", ""])
        .run();
    let mut names: Vec<&str> = out
        .stdout
        .lines()
        .map(|l| l.split('\t').next().unwrap())
        .filter(|n| !n.starts_with('-'))
        .collect();
    names.sort();
    assert_eq!(names, ["kim", "zam"], "{}", out.stdout);
    let out = Test::with_env(&env)
        .env("COMPLETE", "fish")
        .args(&["--", "syncd", "sync", "--kimai", "k"])
        .run();
    assert_eq!(out.stdout.trim(), "kim\tkimai");
}
