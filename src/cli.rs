//! The command line: `recheck [PATH]... [--format human|json] [--color …]`.
//!
//! Exit codes are a contract: 0 when no finding is an error, 1 when at least
//! one is, 2 when the run could not start (bad arguments, a path that does not
//! exist or cannot be read).

use std::ffi::OsString;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

use crate::diag::Counts;
use crate::report::{self, Format, human::Style};

/// Checks hand-curated organizational records (people, organizations, offices
/// and their holders, events, sources) for errors a curator would miss.
#[derive(Debug, Parser)]
#[command(name = "recheck", version, about)]
struct Args {
    /// Records files, or directories searched for `*.yaml` / `*.yml`.
    #[arg(default_value = "records/")]
    paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    /// When to colour the human report (`auto`: on a terminal, unless `NO_COLOR` is set).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// The exit code for findings with these counts.
pub fn exit_code(counts: Counts) -> u8 {
    u8::from(counts.errors > 0)
}

/// Could not run: bad arguments, an unreadable path.
const EXIT_CANNOT_RUN: u8 = 2;

/// Runs recheck with these arguments (the first is the program name).
pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let args = match Args::try_parse_from(args) {
        Ok(args) => args,
        Err(error) => {
            // clap prints --help and --version to stdout and exits 0 for them.
            let _ = error.print();
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(EXIT_CANNOT_RUN));
        }
    };
    let loaded = match crate::check(&args.paths) {
        Ok(loaded) => loaded,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(EXIT_CANNOT_RUN);
        }
    };
    if loaded.sources.is_empty() {
        eprintln!("warning: no records files (*.yaml, *.yml) found under the given paths");
    }
    let style = Style {
        color: use_color(args.color),
        width: terminal_width(),
    };
    let output = report::render(&loaded, args.format, &style);
    if let Err(error) = io::stdout().lock().write_all(output.as_bytes()) {
        // A closed pipe (`recheck | head`) is not a failure.
        if error.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("error: cannot write the report: {error}");
            return ExitCode::from(EXIT_CANNOT_RUN);
        }
    }
    ExitCode::from(exit_code(Counts::of(&loaded.findings)))
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            !no_color && io::stdout().is_terminal()
        }
    }
}

/// The report width: `COLUMNS` when set, else 100.
fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&w| w >= 40)
        .unwrap_or(100)
}
