//! `syncd generate completions SHELL | man`: from the clap definition, to stdout or a dir.

use super::args::{Cli, GenerateCommand, ShellArg};
use crate::error::ExitCode;
use anyhow::Context as _;
use clap::CommandFactory;
use std::path::Path;

pub(super) fn run(cmd: GenerateCommand) -> anyhow::Result<ExitCode> {
    let (bytes, file_name) = match cmd {
        GenerateCommand::Completions { shell, ref dir } => {
            let (bytes, name) = completions(shell);
            (bytes, dir.as_deref().map(|d| d.join(name)))
        }
        GenerateCommand::Man { ref dir } => {
            (man_page()?, dir.as_deref().map(|d| d.join("syncd.1")))
        }
    };
    match file_name {
        Some(path) => write_file(&path, &bytes)?,
        None => crate::output::write_stdout_bytes(&bytes)?,
    }
    Ok(ExitCode::Ok)
}

/// Completion script for `shell` and its file name in `completions/`.
pub(super) fn completions(shell: ShellArg) -> (Vec<u8>, &'static str) {
    use clap_complete::Shell;
    let (shell, name) = match shell {
        ShellArg::Bash => (Shell::Bash, "syncd.bash"),
        ShellArg::Zsh => (Shell::Zsh, "syncd.zsh"),
        ShellArg::Fish => (Shell::Fish, "syncd.fish"),
    };
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "syncd", &mut buf);
    (buf, name)
}

/// One page, `syncd(1)`: clap's name, synopsis, description and options, then every
/// command with its usage (no pointers to per-command pages, which are not shipped), and
/// the sections an admin looks for: exit status, files, environment, examples.
pub(super) fn man_page() -> anyhow::Result<Vec<u8>> {
    let mut cmd = Cli::command();
    cmd.build();
    let man = clap_mangen::Man::new(cmd.clone());
    let mut buf = Vec::new();
    man.render_title(&mut buf)?;
    man.render_name_section(&mut buf)?;
    man.render_synopsis_section(&mut buf)?;
    man.render_description_section(&mut buf)?;
    man.render_options_section(&mut buf)?;
    let mut text = String::from(".SH COMMANDS\n");
    for sub in cmd.get_subcommands().filter(|c| c.get_name() != "help") {
        commands(sub, &mut text);
    }
    text.push_str(super::man_sections::SECTIONS);
    buf.extend_from_slice(text.as_bytes());
    man.render_version_section(&mut buf)?;
    Ok(buf)
}

/// Roff-escape text (backslashes, dashes, a leading dot or quote).
fn roff(text: &str) -> String {
    let t = text.replace('\\', "\\\\").replace('-', "\\-");
    if t.starts_with('.') || t.starts_with('\'') {
        format!("\\&{t}")
    } else {
        t
    }
}

/// `syncd connector add …` and what it does, for every leaf command.
fn commands(cmd: &clap::Command, out: &mut String) {
    let subs: Vec<&clap::Command> = cmd
        .get_subcommands()
        .filter(|c| c.get_name() != "help")
        .collect();
    if subs.is_empty() {
        let usage = cmd.clone().render_usage().to_string();
        let usage = usage.trim_start_matches("Usage: ").trim();
        out.push_str(&format!(".TP\n\\fB{}\\fR\n", roff(usage)));
        if let Some(about) = cmd.get_long_about().or(cmd.get_about()) {
            out.push_str(&format!("{}\n", roff(&about.to_string())));
        }
        for arg in cmd
            .get_arguments()
            .filter(|a| !a.is_global_set() && !a.is_hide_set())
            .filter(|a| !matches!(a.get_id().as_str(), "help" | "version"))
        {
            let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
            let name = match (arg.get_long(), arg.get_short()) {
                (Some(l), _) => format!("\\-\\-{}", roff(l)),
                (None, Some(s)) => format!("\\-{s}"),
                (None, None) => roff(&arg.get_id().to_string().to_uppercase()),
            };
            let values: Vec<String> = arg
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_string())
                .collect();
            let values = if values.is_empty() {
                String::new()
            } else {
                format!(" [{}]", roff(&values.join(", ")))
            };
            out.push_str(&format!(".RS\n.TP\n{name}\n{}{values}\n.RE\n", roff(&help)));
        }
    } else {
        for sub in subs {
            commands(sub, out);
        }
    }
}

fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create directory {}", dir.display()))?;
    }
    std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    eprintln!("wrote {}", path.display());
    Ok(())
}
