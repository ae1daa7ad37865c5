//! Thin binary: everything lives in the library.

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(syncd::cli::main())
}
