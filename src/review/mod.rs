//! Reviewed decisions: findings a curator has looked at and decided about,
//! kept as data in the repository and reviewed like any other change.
//!
//! Three mechanisms, applied in this order to the findings of a run:
//!
//! 1. [`inline`]: `# recheck: allow(RULE) reason` comments in the records;
//! 2. [`ledger`]: a decisions file (`recheck-decisions.yaml`) whose entries
//!    name records or names, not lines;
//! 3. [`baseline`]: findings recorded by fingerprint (`--write-baseline`),
//!    so that only new ones are reported (`--baseline`).
//!
//! A covered finding is marked [`Suppressed`], not removed: it leaves the
//! counts, the exit code and every report but JSON, which shows it with what
//! covered it. A decision that covers nothing, or can no longer be used, is
//! itself a finding, so stale decisions do not pile up.

pub mod baseline;
pub mod inline;
pub mod ledger;

use chrono::NaiveDate;
use rustc_hash::FxHashMap;

use crate::diag::{Finding, Place, Severity, Suppressed, ids};
use crate::load::Loaded;
use crate::rules::RuleSet;
use crate::source::{FileId, Span};

/// What a run is told about reviewed decisions, beside the comments in its
/// records.
#[derive(Debug)]
pub struct Review {
    /// Decisions files, loaded into the run's sources.
    pub ledgers: Vec<ledger::Ledger>,
    /// The baseline given with `--baseline`, loaded into the run's sources.
    pub baseline: Option<baseline::Baseline>,
    /// `--strict-baseline`: a baselined finding that is fixed is an error.
    pub strict_baseline: bool,
    /// The day against which `expires` dates are read.
    pub today: NaiveDate,
}

impl Review {
    /// No decisions files and no baseline, on `today`.
    pub fn none(today: NaiveDate) -> Self {
        Self {
            ledgers: Vec::new(),
            baseline: None,
            strict_baseline: false,
            today,
        }
    }
}

/// Today, as `expires` dates are read: the `RECHECK_TODAY` environment
/// variable (`YYYY-MM-DD`, for reproducible runs and tests) or the system's
/// date in UTC.
pub fn today() -> NaiveDate {
    if let Some(day) = std::env::var("RECHECK_TODAY")
        .ok()
        .and_then(|text| ledger::day(&text))
    {
        return day;
    }
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    let days = i64::try_from(seconds / 86_400).unwrap_or(0);
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| epoch.checked_add_signed(chrono::TimeDelta::days(days)))
        .unwrap_or_default()
}

/// Marks the findings of `loaded` that reviewed decisions cover, and adds
/// findings about the decisions themselves.
pub fn apply(loaded: &mut Loaded, rules: &RuleSet, review: &Review) {
    apply_inline(loaded, rules);
    for decisions in &review.ledgers {
        ledger::apply(loaded, rules, decisions, review.today);
    }
    if let Some(baseline) = &review.baseline {
        baseline::apply(loaded, rules, baseline, review.strict_baseline);
    }
}

/// Whether a finding of rule `id` may be covered by a decision: rule
/// findings may; `syntax` and `schema` findings (a file or value that could
/// not be read) and findings about decisions may not.
pub(crate) fn may_cover(rules: &RuleSet, id: &str) -> bool {
    rules.find(id).is_some()
}

/// Whether rule `id` ran in this run, so that a decision naming it can be
/// judged unused.
pub(crate) fn ran(rules: &RuleSet, id: &str) -> bool {
    rules.find(id).is_some_and(|rule| rule.severity.is_some())
}

/// Whether `span` covers the byte at `offset`.
fn covers(span: Span, offset: usize) -> bool {
    span.start() <= offset && offset < span.end().max(span.start() + 1)
}

/// A finding about a decision, pointing into the file that holds it.
pub(crate) fn about_decision(
    id: &str,
    severity: Severity,
    message: String,
    place: Place,
    help: &str,
) -> Finding {
    let mut finding = Finding::error(id, message, place).with_help(help);
    finding.severity = severity;
    finding
}

fn apply_inline(loaded: &mut Loaded, rules: &RuleSet) {
    let suppressions = std::mem::take(&mut loaded.suppressions);
    // Whether each rule of each suppression may be used, and was.
    let mut usable: Vec<Vec<bool>> = Vec::with_capacity(suppressions.len());
    for suppression in &suppressions {
        let checked = suppression
            .rules
            .iter()
            .map(|(id, span)| {
                let known = may_cover(rules, id);
                if !known {
                    let place = Place::new(suppression.file, *span, "not a rule");
                    loaded.findings.push(unknown_rule(rules, id, place));
                }
                known
            })
            .collect();
        usable.push(checked);
    }
    let mut used: Vec<Vec<bool>> = usable.iter().map(|u| vec![false; u.len()]).collect();
    let mut by_file: FxHashMap<FileId, Vec<usize>> = FxHashMap::default();
    for (at, suppression) in suppressions.iter().enumerate() {
        by_file.entry(suppression.file).or_default().push(at);
    }
    if !by_file.is_empty() {
        for finding in &mut loaded.findings {
            if finding.suppressed.is_some() || !may_cover(rules, &finding.rule) {
                continue;
            }
            let places = std::iter::once(&finding.primary).chain(&finding.related);
            let cover = places.into_iter().find_map(|place| {
                by_file.get(&place.file)?.iter().find_map(|&at| {
                    let suppression = &suppressions[at];
                    let which = suppression
                        .rules
                        .iter()
                        .position(|(id, _)| *id == finding.rule)?;
                    (usable[at][which] && covers(suppression.covers, place.span.start()))
                        .then_some((at, which))
                })
            });
            if let Some((at, which)) = cover {
                let suppression = &suppressions[at];
                used[at][which] = true;
                finding.suppressed = Some(Suppressed::Inline {
                    reason: suppression.reason.clone(),
                    at: Place::new(suppression.file, suppression.comment, ""),
                });
            }
        }
    }
    for (at, suppression) in suppressions.iter().enumerate() {
        for (which, (id, span)) in suppression.rules.iter().enumerate() {
            if usable[at][which] && !used[at][which] && ran(rules, id) {
                loaded
                    .findings
                    .push(unused_suppression(suppression, id, *span));
            }
        }
    }
    loaded.suppressions = suppressions;
}

fn unknown_rule(rules: &RuleSet, id: &str, place: Place) -> Finding {
    let message = if ids::builtin(id).is_some() {
        format!("`{id}` findings cannot be suppressed")
    } else {
        format!("no rule `{id}` to suppress")
    };
    let help = if ids::builtin(id).is_some() {
        "a value that cannot be read is left out of the records; correct it instead".to_owned()
    } else {
        let ids = rules.rules.iter().map(|rule| rule.id.as_str());
        match crate::suggest::did_you_mean(id, ids) {
            Some(close) => format!("did you mean `{close}`?"),
            None => "`recheck rules` lists the rule ids".to_owned(),
        }
    };
    Finding::error(
        ids::INVALID_SUPPRESSION,
        format!("{message}; this part of the comment suppresses nothing"),
        place,
    )
    .with_help(help)
}

fn unused_suppression(suppression: &inline::Suppression, id: &str, span: Span) -> Finding {
    about_decision(
        ids::UNUSED_SUPPRESSION,
        Severity::Warning,
        format!("`allow({id})` suppresses nothing here"),
        Place::new(suppression.file, span, "no finding of this rule here"),
        "remove it: the finding it was written for is gone, or the comment is not on the \
         line of the value or just above the record",
    )
}
