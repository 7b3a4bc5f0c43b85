//! The command line: `recheck [PATH]...`, `recheck explain RULE_OR_KIND` and
//! `recheck rules`.
//!
//! Exit codes are a contract: 0 when no finding is an error (nor a warning,
//! with `--deny warnings`), 1 when at least one is, 2 when the run could not
//! start or finish (bad arguments, a path that does not exist or cannot be
//! read, invalid rules, an unknown name to explain, a report that cannot be
//! written).
//!
//! `--format FORMAT[=PATH]` may be repeated: each format with `=PATH` is
//! written to that file, at most one without it to standard output, and when
//! every one has a path the human report still goes to standard output.

use std::ffi::OsString;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diag::Counts;
use crate::load::Loaded;
use crate::report::{self, Format, Options, Run, human::Style};
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

    /// Output format: human, json, sarif, github or junit. Repeat it with
    /// `=PATH` to write more formats to files in the same run
    /// (`--format github --format sarif=recheck.sarif`).
    #[arg(long = "format", value_name = "FORMAT[=PATH]", value_parser = parse_output)]
    formats: Vec<Output>,

    /// Also fail (exit 1) on warnings.
    #[arg(long, value_enum, value_name = "LEVEL")]
    deny: Option<Deny>,

    /// Findings only: no summary line, no notes on standard error.
    #[arg(long, short)]
    quiet: bool,

    /// Report at most this many findings in each format (the summary and
    /// the exit code still count all). Without it, the human report stops
    /// after 2000 and the other formats have them all.
    #[arg(long, value_name = "N")]
    max_findings: Option<usize>,

    /// Print on standard error how long each step took: loading (reading,
    /// parsing and validating the files), each rule, and the reports.
    #[arg(long)]
    timings: bool,

    /// Files larger than this are reported, not read: bytes, or with a
    /// `K`, `M` or `G` suffix (binary units).
    #[arg(long, value_name = "SIZE", default_value = "256M", value_parser = parse_size)]
    max_file_size: u64,

    /// When to colour the human report (`auto`: on a terminal, unless `NO_COLOR` is set).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,

    /// A rules file, or a directory of them, replacing the built-in rules.
    #[arg(long, global = true, value_name = "DIR")]
    rules: Option<PathBuf>,

    /// Run only this rule (repeatable); the others are off for this run.
    #[arg(long, value_name = "RULE")]
    select: Vec<String>,

    /// A decisions file (repeatable), instead of the `recheck-decisions.yaml`
    /// beside the records.
    #[arg(long, value_name = "FILE")]
    decisions: Vec<PathBuf>,

    /// Report only the findings that are not in this baseline (written with
    /// `--write-baseline`); the summary counts the others.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    baseline: Option<PathBuf>,

    /// With `--baseline`: also fail when a baselined finding is fixed, so
    /// that the baseline shrinks.
    #[arg(long, requires = "baseline")]
    strict_baseline: bool,

    /// Write the findings of this run to FILE as a baseline, and report
    /// them as baselined.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
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

/// One requested report: a format, written to a file or to standard output.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Output {
    format: Format,
    /// `None`: standard output.
    path: Option<PathBuf>,
}

/// Parses `FORMAT` or `FORMAT=PATH`.
fn parse_output(text: &str) -> Result<Output, String> {
    let (name, path) = match text.split_once('=') {
        Some((name, "")) => return Err(format!("`{name}=` needs a file name after `=`")),
        Some((name, path)) => (name, Some(PathBuf::from(path))),
        None => (text, None),
    };
    let format = Format::from_str(name, true).map_err(|_| {
        let names: Vec<&str> = Format::value_variants().iter().map(|f| f.name()).collect();
        format!(
            "unknown format `{name}`; the formats are {}",
            names.join(", ")
        )
    })?;
    Ok(Output { format, path })
}

/// Parses `1048576`, `512K`, `256M` or `1G`.
fn parse_size(text: &str) -> Result<u64, String> {
    let (digits, unit) = match text.char_indices().last() {
        Some((at, 'K' | 'k')) => (&text[..at], 1 << 10),
        Some((at, 'M' | 'm')) => (&text[..at], 1 << 20),
        Some((at, 'G' | 'g')) => (&text[..at], 1 << 30),
        _ => (text, 1),
    };
    let size = digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(unit))
        .ok_or_else(|| format!("`{text}` is not a size such as 1048576, 512K, 256M or 1G"))?;
    if size > crate::source::MAX_FILE_SIZE {
        return Err(format!(
            "`{text}` is more than recheck reads from one file: at most {} bytes (4G - 1)",
            crate::source::MAX_FILE_SIZE
        ));
    }
    Ok(size)
}

/// The reports a run writes: the given ones, checked for clashes, or the
/// human report on standard output.
fn outputs(given: &[Output]) -> Result<Vec<Output>, String> {
    let to_stdout = given.iter().filter(|output| output.path.is_none()).count();
    if to_stdout > 1 {
        return Err(
            "more than one `--format` writes to standard output; give the others a file \
             (`--format sarif=recheck.sarif`)"
                .to_owned(),
        );
    }
    for (at, output) in given.iter().enumerate() {
        if let Some(path) = &output.path
            && given[..at]
                .iter()
                .any(|earlier| earlier.path.as_ref() == Some(path))
        {
            return Err(format!("two `--format`s write to `{}`", path.display()));
        }
    }
    let mut outputs = given.to_vec();
    if to_stdout == 0 {
        outputs.push(Output {
            format: Format::Human,
            path: None,
        });
    }
    Ok(outputs)
}

/// What else fails a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Deny {
    /// Exit 1 when there are warnings, too.
    Warnings,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// The exit code for findings with these counts.
fn exit_code(counts: Counts, deny: Option<Deny>) -> u8 {
    let warnings_fail = deny == Some(Deny::Warnings) && counts.warnings > 0;
    u8::from(counts.errors > 0 || warnings_fail)
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
    let outputs = match outputs(&args.formats) {
        Ok(outputs) => outputs,
        Err(why) => {
            eprintln!("error: {why}");
            return ExitCode::from(EXIT_CANNOT_RUN);
        }
    };
    let options = Options {
        style: Style {
            color: use_color(args.color),
            width: terminal_width(),
        },
        quiet: args.quiet,
        max_findings: args.max_findings,
    };
    let mut rules = match load_rules(&args) {
        Ok(rules) => rules,
        Err(error) => return rules_failed(error, &outputs, &options),
    };
    if let Err(why) = select(&mut rules, &args.select) {
        eprintln!("error: {why}");
        return ExitCode::from(EXIT_CANNOT_RUN);
    }
    let code = match &args.command {
        Some(Command::Explain { name }) => explain(name, &rules),
        Some(Command::Rules) => write_out(&crate::explain::rules_list(&rules)).unwrap_or(0),
        None => check(&args, &rules, &outputs, &options),
    };
    ExitCode::from(code)
}

/// Turns off every rule not in `selected` (none selected: all stay on).
fn select(rules: &mut RuleSet, selected: &[String]) -> Result<(), String> {
    if selected.is_empty() {
        return Ok(());
    }
    for id in selected {
        if rules.find(id).is_none() {
            let ids = rules.rules.iter().map(|rule| rule.id.as_str());
            return Err(match crate::suggest::did_you_mean(id, ids) {
                Some(close) => format!("no rule `{id}` to select; did you mean `{close}`?"),
                None => format!("no rule `{id}` to select; `recheck rules` lists them"),
            });
        }
    }
    for rule in &mut rules.rules {
        if !selected.contains(&rule.id) {
            rule.severity = None;
        }
    }
    Ok(())
}

fn load_rules(args: &Args) -> Result<RuleSet, RulesError> {
    match &args.rules {
        Some(path) => RuleSet::from_path(path),
        None => RuleSet::builtin(),
    }
}

/// Reports rules that cannot be used, in every requested format; no records
/// are checked.
fn rules_failed(error: RulesError, outputs: &[Output], options: &Options) -> ExitCode {
    match error {
        RulesError::Unreadable(..) => eprintln!("error: {error}"),
        RulesError::Invalid { sources, findings } => {
            let loaded = Loaded {
                sources,
                records: Vec::new(),
                findings,
                ..Loaded::default()
            };
            let _ = write_reports(Run::invalid_rules(&loaded), outputs, options);
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

fn check(args: &Args, rules: &RuleSet, outputs: &[Output], options: &Options) -> u8 {
    let limits = crate::load::Limits {
        max_file_size: args.max_file_size,
    };
    let files = crate::ReviewFiles {
        decisions: (!args.decisions.is_empty()).then(|| args.decisions.clone()),
        baseline: args.baseline.clone(),
        strict_baseline: args.strict_baseline,
        write_baseline: args.write_baseline.clone(),
    };
    let checked = crate::check_timed(&args.paths, rules, limits, &files);
    let (mut loaded, mut timings) = match checked {
        Ok(checked) => checked,
        Err(error) => {
            eprintln!("error: {error}");
            return EXIT_CANNOT_RUN;
        }
    };
    if let Some(path) = &args.write_baseline
        && let Err(code) = write_baseline(path, &mut loaded, args.quiet)
    {
        return code;
    }
    if loaded.sources.is_empty() && !args.quiet {
        eprintln!("warning: no records files (*.yaml, *.yml, *.json) found under the given paths");
    }
    let started = std::time::Instant::now();
    let code = write_reports(Run::checked(&loaded, rules), outputs, options)
        .unwrap_or_else(|| exit_code(Counts::of(&loaded.findings), args.deny));
    timings.reports = started.elapsed();
    if args.timings {
        eprint!("{timings}");
    }
    // The process ends here: freeing a million records one by one would
    // take longer than checking them, and the system frees them at once.
    std::mem::forget(loaded);
    code
}

/// Writes the run's findings as a baseline to `path`, and marks them
/// baselined; `Err(2)` when the file cannot be written.
fn write_baseline(path: &std::path::Path, loaded: &mut Loaded, quiet: bool) -> Result<(), u8> {
    let (text, count) = crate::review::baseline::render(loaded);
    if let Err(error) = std::fs::write(path, text) {
        eprintln!(
            "error: cannot write the baseline to `{}`: {error}",
            path.display()
        );
        return Err(EXIT_CANNOT_RUN);
    }
    crate::review::baseline::mark_all(loaded);
    if !quiet {
        eprintln!(
            "note: wrote {count} finding{} to the baseline `{}`",
            if count == 1 { "" } else { "s" },
            path.display()
        );
    }
    Ok(())
}

/// Writes every report (files first, then standard output); `Some(2)` when
/// one could not be written. The others are still written.
fn write_reports(run: Run<'_>, outputs: &[Output], options: &Options) -> Option<u8> {
    let mut failed = None;
    // A file gets no colour codes, whatever the terminal does.
    let plain = Options {
        style: Style {
            color: false,
            ..options.style
        },
        ..*options
    };
    let to_files = outputs
        .iter()
        .filter_map(|output| Some((output.format, output.path.as_ref()?)));
    for (format, path) in to_files {
        let text = report::render(run, format, &plain);
        if let Err(error) = std::fs::write(path, text) {
            eprintln!(
                "error: cannot write the {} report to `{}`: {error}",
                format.name(),
                path.display()
            );
            failed = Some(EXIT_CANNOT_RUN);
        }
    }
    for output in outputs.iter().filter(|output| output.path.is_none()) {
        failed = write_out(&report::render(run, output.format, options)).or(failed);
    }
    failed
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
