//! The rule engine: rule instances written as data, run over the records.
//!
//! A *kind* is a check written in Rust (`order`, `no-overlap`, ...), one file
//! each, declared with [`declare_kind!`] so that its doc comment becomes the
//! text `recheck explain` prints and the README's rule reference. A *rule* is
//! an instance of a kind written in YAML under `rules/`: an id naming the
//! defect, a severity and the kind's options. [`config`] reads and validates
//! rules files into a [`RuleSet`]; [`run`] runs every active rule over the
//! records and returns their findings.

pub mod builtin;
pub mod config;
pub mod date_source;
mod id_table;
pub mod index;
pub mod path;
pub mod template;

pub mod consistent_spelling;
pub mod duplicate;
pub mod no_overlap;
pub mod order;
pub mod reference;
pub mod unique;

use std::fmt;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diag::{Finding, Place, Severity};
use crate::model::Record;
use crate::source::{FileId, Sources, Span};

pub use config::{RuleSet, RulesError};
pub use index::Index;

/// Declares a rule kind: its doc comment is captured once, as the text of
/// `recheck explain KIND` and of the README's reference.
macro_rules! declare_kind {
    (
        $(#[doc = $doc:literal])*
        pub $name:ident = $kind:literal,
        summary: $summary:literal,
        options: [$($option:literal),* $(,)?],
        build: $build:path $(,)?
    ) => {
        $(#[doc = $doc])*
        pub static $name: $crate::rules::KindInfo = $crate::rules::KindInfo {
            name: $kind,
            summary: $summary,
            raw_docs: concat!($($doc, "\n"),*),
            location: concat!(file!(), ":", line!()),
            options: &[$($option),*],
            build: $build,
        };
    };
}
pub(crate) use declare_kind;

/// Every built-in kind, sorted by name.
pub static KINDS: &[&KindInfo] = &[
    &consistent_spelling::CONSISTENT_SPELLING,
    &duplicate::DUPLICATE,
    &no_overlap::NO_OVERLAP,
    &order::ORDER,
    &reference::REFERENCE,
    &unique::UNIQUE,
];

/// A rule kind as the registry knows it.
pub struct KindInfo {
    /// The name rules use in `kind:`.
    pub name: &'static str,
    /// One line: what a rule of this kind finds.
    pub summary: &'static str,
    /// The doc comment, each line with the space after `///`.
    raw_docs: &'static str,
    /// Where the kind is defined in this crate.
    pub location: &'static str,
    /// The options a rule of this kind accepts (besides the common ones).
    pub options: &'static [&'static str],
    /// Reads a rule's options into a check, reporting problems into `cx`.
    pub build: config::Build,
}

impl KindInfo {
    /// The kind's documentation as Markdown.
    pub fn docs(&self) -> String {
        let mut docs: String = self
            .raw_docs
            .lines()
            .map(|line| line.strip_prefix(' ').unwrap_or(line))
            .collect::<Vec<_>>()
            .join("\n");
        docs.truncate(docs.trim_end().len());
        docs
    }

    /// The kind named `name`.
    pub fn find(name: &str) -> Option<&'static Self> {
        KINDS.iter().copied().find(|kind| kind.name == name)
    }
}

impl fmt::Debug for KindInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KindInfo")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// A check built from a rule's options.
pub trait Check: fmt::Debug + Send + Sync {
    /// Appends this rule's findings on the records in `cx` to `out`.
    fn check(&self, cx: &Cx<'_>, out: &mut Vec<Finding>);
}

/// One rule instance from a rules file.
#[derive(Debug)]
pub struct Rule {
    pub id: String,
    pub kind: &'static KindInfo,
    /// `None` when the rule is `off`.
    pub severity: Option<Severity>,
    pub description: Option<String>,
    /// Where the rule is written: its file and the span of its mapping.
    pub file: FileId,
    pub span: Span,
    /// The span of the id's value, where findings about the rule point.
    pub id_span: Span,
    pub check: Box<dyn Check>,
}

impl Rule {
    /// "off", "error", ...
    pub fn severity_name(&self) -> &'static str {
        self.severity.map_or("off", Severity::as_str)
    }
}

/// What a check sees: the records, their index, and the rule it runs for.
pub struct Cx<'a> {
    pub records: &'a [Record],
    pub index: &'a Index<'a>,
    rule: &'a str,
    severity: Severity,
}

impl Cx<'_> {
    /// A finding of the running rule.
    pub fn finding(&self, message: impl Into<String>, primary: Place) -> Finding {
        let mut finding = Finding::error(self.rule, message, primary);
        finding.severity = self.severity;
        finding
    }

    /// The record at `index` in [`Cx::records`].
    pub fn record(&self, index: usize) -> &Record {
        &self.records[index]
    }
}

/// Runs every active rule of `rules` over `records`.
pub fn run(rules: &RuleSet, records: &[Record]) -> Vec<Finding> {
    run_timed(rules, records).0
}

/// [`run`], also giving how long each rule took. The rules run in parallel
/// (each reads the records and writes only its own findings); their
/// findings are joined in the order of the rule set, so the result does not
/// depend on the number of threads.
pub fn run_timed(rules: &RuleSet, records: &[Record]) -> (Vec<Finding>, Vec<(String, Duration)>) {
    let index = Index::new(records);
    let active: Vec<(&Rule, Severity)> = rules
        .rules
        .iter()
        .filter_map(|rule| Some((rule, rule.severity?)))
        .collect();
    let mut order: Vec<usize> = (0..active.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(expected_cost(active[i].0)));
    let results = longest_first(&order, |i| {
        let (rule, severity) = active[i];
        let started = Instant::now();
        let cx = Cx {
            records,
            index: &index,
            rule: &rule.id,
            severity,
        };
        let mut findings = Vec::new();
        rule.check.check(&cx, &mut findings);
        (findings, started.elapsed())
    });
    let mut findings = Vec::with_capacity(results.iter().map(|(f, _)| f.len()).sum());
    let mut timings = Vec::with_capacity(results.len());
    for ((rule, _), (found, took)) in active.iter().zip(results) {
        findings.extend(found);
        timings.push((rule.id.clone(), took));
    }
    (findings, timings)
}

/// Runs `job` for every index of `order`, which lists the costliest first:
/// each thread takes the next job when it is free (longest processing time
/// first), so two threads finish close together instead of one waiting on
/// the last heavy job. The results come in index order.
fn longest_first<T: Send>(order: &[usize], job: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, T)> = (0..rayon::current_num_threads())
        .into_par_iter()
        .flat_map_iter(|_| {
            let mut mine = Vec::new();
            loop {
                let taken = next.fetch_add(1, Ordering::Relaxed);
                let Some(&i) = order.get(taken) else { break };
                mine.push((i, job(i)));
            }
            mine
        })
        .collect();
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, result)| result).collect()
}

/// Runs `each` over consecutive ranges of `0..len` and gives the results in
/// order. The ranges run in parallel when a thread is free: a rule that
/// checks records one by one goes through them this way, so that a thread
/// done with its own rules takes over part of this one instead of waiting
/// for it.
pub fn in_chunks<T: Send>(len: usize, each: impl Fn(Range<usize>) -> T + Sync) -> Vec<T> {
    let size = (len / CHUNKS).max(MIN_CHUNK);
    (0..len.div_ceil(size))
        .into_par_iter()
        .map(|i| each(i * size..((i + 1) * size).min(len)))
        .collect()
}

/// How many ranges [`in_chunks`] makes of a large record set.
const CHUNKS: usize = 16;

/// The fewest records in a range: below this, splitting costs more than it
/// saves.
const MIN_CHUNK: usize = 4096;

/// A rough rank of how long a rule takes, to start the costly ones first:
/// name matching, then the rest. The kinds that check records in ranges
/// ([`in_chunks`]) come last whatever they cost: when the other thread runs
/// out of rules, it takes over part of theirs.
fn expected_cost(rule: &Rule) -> u8 {
    match rule.kind.name {
        "duplicate" | "consistent-spelling" => 3,
        "reference" | "order" => 0,
        _ => 1,
    }
}

/// Lowercase letters and digits only: how role titles and option values are
/// compared "ignoring case, spaces, hyphens and punctuation".
pub fn compact(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether `text` compacts to `compacted` (a [`compact`] result), without
/// building the compacted text: conditions test this on every record.
pub fn compacts_to(text: &str, compacted: &str) -> bool {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .eq(compacted.chars())
}

/// The text of a rule's own YAML, for `recheck explain`.
pub fn rule_source<'a>(rule: &Rule, sources: &'a Sources) -> &'a str {
    let file = sources.get(rule.file);
    let span = crate::yaml::close_flow(&file.text, rule.span);
    file.text.get(span.start()..span.end()).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_ignores_case_spaces_hyphens_and_punctuation() {
        assert_eq!(compact("Secretary-General"), "secretarygeneral");
        assert_eq!(compact(" secretary general, "), "secretarygeneral");
        assert_eq!(compact("Chair"), compact("chair"));
        assert!(compacts_to("Secretary-General", "secretarygeneral"));
        assert!(!compacts_to("Secretary", "secretarygeneral"));
    }

    #[test]
    fn docs_lose_the_space_after_the_slashes() {
        let docs = order::ORDER.docs();
        assert!(docs.starts_with("## What it checks"), "{docs}");
    }
}
