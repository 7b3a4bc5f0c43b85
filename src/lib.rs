//! recheck: a linter for hand-curated organizational records.
//!
//! How data moves through it:
//! 1. [`load`] finds the records files under the given paths and reads each;
//!    [`yaml`] (the only module that knows the YAML crate) parses it into a
//!    tree of [`yaml::Node`]s that carry byte [`source::Span`]s;
//! 2. [`model::validate`] checks each tree against the records format in
//!    [`model::schema`] and yields [`model::Record`]s;
//! 3. [`rules`] runs the rule instances read from `rules/` (built into the
//!    binary, or given with `--rules`) over the records;
//! 4. every problem on the way is a [`diag::Finding`] (data, never an early
//!    return); [`review`] marks the findings reviewed decisions cover
//!    (inline suppressions, a decisions file, a baseline), and [`report`]
//!    renders them for people or as JSON.
//!
//! Dates are [`date::PartialDate`]s: a year or a month stands for the whole
//! period, never for its first day.

pub mod cli;
pub mod date;
pub mod diag;
pub mod explain;
pub mod fingerprint;
pub mod load;
pub mod model;
pub mod names;
pub mod paths;
pub mod report;
pub mod review;
pub mod rules;
pub mod source;
pub mod suggest;
pub mod yaml;

use std::fmt;
use std::path::PathBuf;
use std::time::{Duration, Instant};

pub use load::{Loaded, RunError};
pub use rules::RuleSet;

/// Loads the records under `paths` and checks them with `rules`; the
/// findings come sorted.
pub fn check(paths: &[PathBuf], rules: &RuleSet) -> Result<Loaded, RunError> {
    check_within(paths, rules, load::Limits::default())
}

/// [`check`] with other limits on what is read.
pub fn check_within(
    paths: &[PathBuf],
    rules: &RuleSet,
    limits: load::Limits,
) -> Result<Loaded, RunError> {
    check_timed(paths, rules, limits, &ReviewFiles::default()).map(|(loaded, _)| loaded)
}

/// What a run reads beside the records: decisions files and a baseline (see
/// [`review`]).
#[derive(Debug, Clone, Default)]
pub struct ReviewFiles {
    /// The decisions files (`--decisions`); `None`: the
    /// `recheck-decisions.yaml` beside the records, where there is one.
    pub decisions: Option<Vec<PathBuf>>,
    /// The baseline (`--baseline`).
    pub baseline: Option<PathBuf>,
    /// `--strict-baseline`: fixed baselined findings are errors.
    pub strict_baseline: bool,
    /// The baseline being written (`--write-baseline`): not read, only kept
    /// out of the records.
    pub write_baseline: Option<PathBuf>,
}

/// How long each step of a run took (`recheck --timings`).
#[derive(Debug, Clone, Default)]
pub struct Timings {
    /// Finding, reading, parsing and validating the files.
    pub load: Duration,
    /// Each active rule, in the order of the rule set.
    pub rules: Vec<(String, Duration)>,
    /// Running all rules (in parallel, so less than their sum).
    pub all_rules: Duration,
    /// Reading back the files findings point into, and sorting the findings.
    pub sort: Duration,
    /// Rendering and writing the reports (set by the caller).
    pub reports: Duration,
}

impl fmt::Display for Timings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        writeln!(f, "timing: load {:.1} ms", ms(self.load))?;
        for (rule, took) in &self.rules {
            writeln!(f, "timing: rule {rule} {:.1} ms", ms(*took))?;
        }
        writeln!(f, "timing: rules {:.1} ms", ms(self.all_rules))?;
        writeln!(f, "timing: sort {:.1} ms", ms(self.sort))?;
        writeln!(f, "timing: reports {:.1} ms", ms(self.reports))
    }
}

/// [`check_within`], also saying how long each step took.
pub fn check_timed(
    paths: &[PathBuf],
    rules: &RuleSet,
    limits: load::Limits,
    files: &ReviewFiles,
) -> Result<(Loaded, Timings), RunError> {
    let started = Instant::now();
    let decisions = files
        .decisions
        .clone()
        .unwrap_or_else(|| review::ledger::beside(paths));
    // Decisions and baseline files are not records, even when they sit
    // among them.
    let not_records: Vec<PathBuf> = decisions
        .iter()
        .chain(&files.baseline)
        .chain(&files.write_baseline)
        .cloned()
        .collect();
    let loaded = load::load_excluding(paths, limits, &not_records)?;
    let load = started.elapsed();
    let (mut loaded, mut timings) = check_loaded_timed(loaded, rules);
    timings.load = load;
    let mut review = review::Review::none(review::today());
    review.strict_baseline = files.strict_baseline;
    for path in &decisions {
        let ledger = review::ledger::load(path, &mut loaded)
            .map_err(|error| RunError::Unreadable(path.clone(), error))?;
        review.ledgers.push(ledger);
    }
    if let Some(path) = &files.baseline {
        let baseline = review::baseline::load(path, &mut loaded)
            .map_err(|why| RunError::Baseline(path.clone(), why))?;
        review.baseline = Some(baseline);
    }
    reviewed(&mut loaded, rules, &review);
    Ok((loaded, timings))
}

/// Applies reviewed decisions to checked records, and gets ready to report
/// the findings about them too.
fn reviewed(loaded: &mut Loaded, rules: &RuleSet, review: &review::Review) {
    review::apply(loaded, rules, review);
    loaded.restore_texts();
    diag::sort(&mut loaded.findings);
}

/// Checks records files given as bytes, as if read from these paths: for
/// callers that hold the files in memory (the fuzz target, property tests).
pub fn check_bytes(files: Vec<(PathBuf, Vec<u8>)>, rules: &RuleSet) -> Loaded {
    let mut loaded = Loaded::default();
    for (path, bytes) in files {
        load::load_bytes(path, bytes, &mut loaded);
    }
    check_loaded(loaded, rules)
}

fn check_loaded(loaded: Loaded, rules: &RuleSet) -> Loaded {
    let mut loaded = check_loaded_timed(loaded, rules).0;
    reviewed(&mut loaded, rules, &review::Review::none(review::today()));
    loaded
}

fn check_loaded_timed(mut loaded: Loaded, rules: &RuleSet) -> (Loaded, Timings) {
    let started = Instant::now();
    let (findings, per_rule) = rules::run_timed(rules, &loaded.records);
    let all_rules = started.elapsed();
    loaded.findings.extend(findings);
    let started = Instant::now();
    loaded.restore_texts();
    diag::sort(&mut loaded.findings);
    let timings = Timings {
        rules: per_rule,
        all_rules,
        sort: started.elapsed(),
        ..Timings::default()
    };
    (loaded, timings)
}
