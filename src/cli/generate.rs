//! `syncd generate completions SHELL | man`: from the clap definition, to stdout or a dir.

use super::args::{Cli, GenerateCommand, ShellArg};
use crate::error::ExitCode;
use anyhow::Context as _;
use clap::CommandFactory;
use std::path::Path;

pub fn run(cmd: GenerateCommand) -> anyhow::Result<ExitCode> {
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
pub fn completions(shell: ShellArg) -> (Vec<u8>, &'static str) {
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

pub fn man_page() -> anyhow::Result<Vec<u8>> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut buf)?;
    Ok(buf)
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
