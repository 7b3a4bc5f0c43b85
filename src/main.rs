//! The `recheck` binary: all behaviour lives in the library's `cli` module.

fn main() -> std::process::ExitCode {
    recheck::cli::run(std::env::args_os())
}
