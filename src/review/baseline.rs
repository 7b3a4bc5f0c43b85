//! Baselines: the findings of a run recorded by fingerprint, so that a large
//! legacy dataset can adopt recheck and fail only on new findings.
//!
//! `recheck --write-baseline FILE` writes every finding not covered by a
//! suppression or a decision; `recheck --baseline FILE` then marks the
//! findings whose fingerprint is in it as baselined. A fingerprint is made of
//! the rule id, the records' ids, the field and the values, never lines (see
//! [`crate::fingerprint`]): reformatting, reordering records or moving one to
//! another file keeps it, changing the offending value does not. It is the
//! same value as SARIF's `partialFingerprints`.
//!
//! The file is JSON, one entry per finding sorted by rule and fingerprint,
//! with the message for whoever reviews the file:
//!
//! ```json
//! {
//!   "version": 1,
//!   "findings": [
//!     { "rule": "term-overlap", "fingerprint": "9c1d…", "message": "…" }
//!   ]
//! }
//! ```

use std::path::Path;

use serde::Serialize;

use crate::diag::{Finding, Place, Severity, Suppressed, ids};
use crate::fingerprint::fingerprints;
use crate::load::Loaded;
use crate::rules::RuleSet;
use crate::source::{FileId, SourceFile, Span};
use crate::yaml::{self, Node};

use super::about_decision;

/// The version of the baseline format this module reads and writes.
pub const VERSION: u32 = 1;

/// A baseline, as loaded into a run's sources.
#[derive(Debug)]
pub struct Baseline {
    pub file: FileId,
    pub entries: Vec<Entry>,
}

/// One baselined finding.
#[derive(Debug)]
pub struct Entry {
    pub rule: String,
    pub fingerprint: String,
    /// The entry's fingerprint in the baseline file.
    pub span: Span,
}

#[derive(Serialize)]
struct File<'a> {
    version: u32,
    findings: Vec<Written<'a>>,
}

#[derive(Serialize)]
struct Written<'a> {
    rule: &'a str,
    fingerprint: String,
    message: &'a str,
}

/// Whether a finding of this id may be baselined: not one about a file that
/// could not be read (`syntax`), nor one about a decision.
fn baselinable(id: &str) -> bool {
    id != ids::SYNTAX && !ids::is_review(id)
}

/// The baseline of `loaded`'s findings that nothing else covers, as the
/// file's text; and how many it holds.
pub fn render(loaded: &Loaded) -> (String, usize) {
    let prints = fingerprints(loaded);
    let mut findings: Vec<Written<'_>> = loaded
        .findings
        .iter()
        .zip(prints)
        .filter(|(finding, _)| finding.suppressed.is_none() && baselinable(&finding.rule))
        .map(|(finding, fingerprint)| Written {
            rule: &finding.rule,
            fingerprint,
            message: &finding.message,
        })
        .collect();
    findings.sort_by(|a, b| (a.rule, &a.fingerprint).cmp(&(b.rule, &b.fingerprint)));
    let count = findings.len();
    let file = File {
        version: VERSION,
        findings,
    };
    // Plain structs of strings and numbers always serialize.
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    (text, count)
}

/// Marks every finding a baseline written now would hold as baselined.
pub fn mark_all(loaded: &mut Loaded) {
    for finding in &mut loaded.findings {
        if finding.suppressed.is_none() && baselinable(&finding.rule) {
            finding.suppressed = Some(Suppressed::Baseline);
        }
    }
}

/// Reads a baseline into `loaded`'s sources; `Err` says why it cannot be
/// used (the run then stops: a baseline that is not read would report every
/// old finding as new).
pub fn load(path: &Path, loaded: &mut Loaded) -> Result<Baseline, String> {
    let text = std::fs::read_to_string(path).map_err(|error| error.to_string())?;
    let document = yaml::parse(&text).map_err(|error| error.message)?;
    let version = document.root.get("version").and_then(Node::scalar_text);
    if version.as_deref() != Some("1") {
        return Err(format!(
            "not a recheck baseline of version {VERSION} (`--write-baseline` writes one)"
        ));
    }
    let Some(items) = document.root.get("findings").and_then(Node::as_seq) else {
        return Err("it has no `findings` list".to_owned());
    };
    let mut entries = Vec::with_capacity(items.len());
    for item in items {
        let field = |name: &str| item.get(name).and_then(Node::as_str).map(str::to_owned);
        let (Some(rule), Some(fingerprint)) = (field("rule"), field("fingerprint")) else {
            return Err("a finding in it has no `rule` or `fingerprint`".to_owned());
        };
        // Findings about the entry point at its fingerprint.
        let span = item
            .get("fingerprint")
            .map_or(item.span, |value| value.span);
        entries.push(Entry {
            rule,
            fingerprint,
            span,
        });
    }
    let file = loaded
        .sources
        .add(SourceFile::new(path.to_path_buf(), text));
    loaded.review.files += 1;
    Ok(Baseline { file, entries })
}

/// Marks the findings `baseline` holds; counts (and with `strict` reports)
/// the baselined findings that are gone.
pub fn apply(loaded: &mut Loaded, rules: &RuleSet, baseline: &Baseline, strict: bool) {
    let prints = fingerprints(loaded);
    // Each entry covers one finding: a second finding with the same
    // fingerprint carries `:2`, so the baseline is a set.
    let mut left: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
    for (at, entry) in baseline.entries.iter().enumerate() {
        left.entry(entry.fingerprint.as_str()).or_insert(at);
    }
    for (finding, fingerprint) in loaded.findings.iter_mut().zip(&prints) {
        if finding.suppressed.is_none()
            && baselinable(&finding.rule)
            && left.remove(fingerprint.as_str()).is_some()
        {
            finding.suppressed = Some(Suppressed::Baseline);
        }
    }
    let mut fixed: Vec<&Entry> = left
        .values()
        .map(|&at| &baseline.entries[at])
        // A rule that did not run this time (`--select`) fixed nothing.
        .filter(|entry| {
            rules
                .find(&entry.rule)
                .is_none_or(|rule| rule.severity.is_some())
        })
        .collect();
    fixed.sort_by_key(|entry| entry.span.start());
    loaded.review.fixed_in_baseline += fixed.len();
    if strict {
        let outdated = fixed.iter().map(|entry| outdated(baseline.file, entry));
        loaded.findings.extend(outdated);
    }
}

fn outdated(file: FileId, entry: &Entry) -> Finding {
    about_decision(
        ids::OUTDATED_BASELINE,
        Severity::Error,
        format!("this baselined `{}` finding is fixed", entry.rule),
        Place::new(file, entry.span, "no finding matches it"),
        "shrink the baseline: run `recheck --write-baseline FILE` again and commit it",
    )
}
