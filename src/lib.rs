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
//!    return), which [`report`] renders for people or as JSON.
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
pub mod rules;
pub mod source;
pub mod suggest;
pub mod yaml;

use std::path::PathBuf;

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
    let loaded = load::load_within(paths, limits)?;
    Ok(check_loaded(loaded, rules))
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

fn check_loaded(mut loaded: Loaded, rules: &RuleSet) -> Loaded {
    let findings = rules::run(rules, &loaded.records);
    loaded.findings.extend(findings);
    diag::sort(&mut loaded.findings);
    loaded
}
