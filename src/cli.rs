//! The command line: `recheck [PATH]...`, `recheck explain RULE_OR_KIND` and
//! `recheck rules`.
//!
//! Exit codes are a contract: 0 when no finding is an error, 1 when at least
//! one is, 2 when the run could not start (bad arguments, a path that does not
//! exist or cannot be read, invalid rules, an unknown name to explain).

use std::ffi::OsString;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::diag::Counts;
use crate::load::Loaded;
use crate::report::{self, Format, human::Style};
use crate::rules::{RuleSet, RulesError};

/// Checks hand-curated organizational records (people, organizations, offices
/// and their holders, events, sources) for errors a curator would miss.
#[derive(Debug, Parser)]
#[command(
    name = "recheck",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
struct Args {
    #[command(subcommand)]
    command: Option<Command>,

    /// Records files, or directories searched for `*.yaml` / `*.yml`.
    #[arg(default_value = "records/")]
    paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    /// When to colour the human report (`auto`: on a terminal, unless `NO_COLOR` is set).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,

    /// A rules file, or a directory of them, replacing the built-in rules.
    #[arg(long, global = true, value_name = "DIR")]
    rules: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Explains a rule (by id) or a rule kind: what it checks, why, its options and an example.
    Explain {
        /// A rule id (`term-overlap`) or a kind (`no-overlap`).
        name: String,
    },
    /// Lists the active rules.
    Rules,
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

/// Could not run: bad arguments, an unreadable path, invalid rules.
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
    let style = Style {
        color: use_color(args.color),
        width: terminal_width(),
    };
    let rules = match load_rules(&args) {
        Ok(rules) => rules,
        Err(error) => return rules_failed(error, args.format, &style),
    };
    let code = match &args.command {
        Some(Command::Explain { name }) => explain(name, &rules),
        Some(Command::Rules) => write_out(&crate::explain::rules_list(&rules)).unwrap_or(0),
        None => check(&args, &rules, &style),
    };
    ExitCode::from(code)
}

fn load_rules(args: &Args) -> Result<RuleSet, RulesError> {
    match &args.rules {
        Some(path) => RuleSet::from_path(path),
        None => RuleSet::builtin(),
    }
}

/// Reports rules that cannot be used; no records are checked.
fn rules_failed(error: RulesError, format: Format, style: &Style) -> ExitCode {
    match error {
        RulesError::Unreadable(..) => eprintln!("error: {error}"),
        RulesError::Invalid { sources, findings } => {
            let loaded = Loaded {
                sources,
                records: Vec::new(),
                findings,
            };
            let _ = write_out(&report::render(&loaded, format, style));
            eprintln!("error: the rules are invalid; no records were checked");
        }
    }
    ExitCode::from(EXIT_CANNOT_RUN)
}

fn explain(name: &str, rules: &RuleSet) -> u8 {
    match crate::explain::explain(name, rules) {
        Ok(text) => write_out(&text).unwrap_or(0),
        Err(why) => {
            eprintln!("error: {why}");
            EXIT_CANNOT_RUN
        }
    }
}

fn check(args: &Args, rules: &RuleSet, style: &Style) -> u8 {
    let loaded = match crate::check(&args.paths, rules) {
        Ok(loaded) => loaded,
        Err(error) => {
            eprintln!("error: {error}");
            return EXIT_CANNOT_RUN;
        }
    };
    if loaded.sources.is_empty() {
        eprintln!("warning: no records files (*.yaml, *.yml) found under the given paths");
    }
    let output = report::render(&loaded, args.format, style);
    write_out(&output).unwrap_or_else(|| exit_code(Counts::of(&loaded.findings)))
}

/// Writes to stdout; `Some(2)` when that fails for another reason than a
/// closed pipe (`recheck | head` is not a failure).
fn write_out(text: &str) -> Option<u8> {
    match io::stdout().lock().write_all(text.as_bytes()) {
        Err(error) if error.kind() != io::ErrorKind::BrokenPipe => {
            eprintln!("error: cannot write the report: {error}");
            Some(EXIT_CANNOT_RUN)
        }
        _ => None,
    }
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
