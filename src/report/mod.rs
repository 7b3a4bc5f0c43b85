//! Renders findings. Every format reads the same [`Finding`] list of a
//! [`Run`]:
//!
//! - `human`: miette reports and a summary line, for people;
//! - `json`: the versioned wire format, for scripts;
//! - `sarif`: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers;
//! - `github`: GitHub Actions workflow commands, inline annotations on a diff;
//! - `junit`: JUnit XML, for CI test dashboards.
//!
//! [`Finding`]: crate::diag::Finding

pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

use crate::diag::{Counts, Finding, Place, Severity, ids};
use crate::load::Loaded;
use crate::rules::{Rule, RuleSet};
use crate::source::Sources;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// miette reports, one per finding, and a summary line.
    Human,
    /// One JSON object (see the README's wire format).
    Json,
    /// SARIF 2.1.0, as GitHub code scanning reads it.
    Sarif,
    /// GitHub Actions annotations (`::error file=…::…`).
    Github,
    /// JUnit XML: one test suite per rule, one failing test per finding.
    Junit,
}

impl Format {
    pub const fn name(self) -> &'static str {
        match self {
            Self::Human => "human",
            Self::Json => "json",
            Self::Sarif => "sarif",
            Self::Github => "github",
            Self::Junit => "junit",
        }
    }
}

/// A run to report: its findings and the rules that describe them.
#[derive(Debug, Clone, Copy)]
pub struct Run<'a> {
    pub loaded: &'a Loaded,
    /// The active rules; `None` when the rules files themselves were
    /// invalid, so the findings are about them and no records were checked.
    pub rules: Option<&'a RuleSet>,
    /// How many findings a report shows (see [`Run::shown`]).
    limit: usize,
    /// Whether reports show suppressed findings (JSON does, for audits).
    suppressed: bool,
}

/// The human report stops after this many findings unless told otherwise:
/// past a few thousand, a terminal is the wrong place to read them.
pub const HUMAN_MAX_FINDINGS: usize = 2000;

impl<'a> Run<'a> {
    /// A run that checked records with `rules`.
    pub const fn checked(loaded: &'a Loaded, rules: &'a RuleSet) -> Self {
        Self {
            loaded,
            rules: Some(rules),
            limit: usize::MAX,
            suppressed: false,
        }
    }

    /// A run stopped by invalid rules, whose findings `loaded` holds.
    pub const fn invalid_rules(loaded: &'a Loaded) -> Self {
        Self {
            loaded,
            rules: None,
            limit: usize::MAX,
            suppressed: false,
        }
    }

    /// The same run, reporting at most `limit` findings.
    #[must_use]
    pub const fn limited(mut self, limit: usize) -> Self {
        self.limit = limit;
        self
    }

    /// The same run, its reports showing suppressed findings too.
    #[must_use]
    pub const fn with_suppressed(mut self) -> Self {
        self.suppressed = true;
        self
    }

    /// The positions of the findings reports may show: all, or those not
    /// suppressed.
    fn reportable(&self) -> Vec<usize> {
        let findings = &self.loaded.findings;
        (0..findings.len())
            .filter(|&at| self.suppressed || findings[at].suppressed.is_none())
            .collect()
    }

    /// The findings a report shows, in report order, each with its index in
    /// the run's findings. Past the limit, the most severe are kept: a
    /// thousand warnings must not hide an error.
    pub fn shown(&self) -> Vec<(usize, &'a Finding)> {
        let findings = &self.loaded.findings;
        let reportable = self.reportable();
        if reportable.len() <= self.limit {
            return reportable
                .into_iter()
                .map(|at| (at, &findings[at]))
                .collect();
        }
        let mut by_severity = reportable;
        by_severity.sort_by_key(|&at| std::cmp::Reverse(findings[at].severity));
        let mut kept = by_severity[..self.limit].to_vec();
        kept.sort_unstable();
        kept.into_iter().map(|at| (at, &findings[at])).collect()
    }

    /// How many findings a report leaves out.
    pub fn omitted(&self) -> usize {
        self.reportable().len().saturating_sub(self.limit)
    }

    /// Every finding id the run may report, each once, with a description:
    /// the loader's own ids, then the active rules in their order, then any
    /// other built-in id that occurs.
    pub fn finding_ids(&self) -> Vec<FindingId<'a>> {
        let loader = if self.rules.is_some() {
            [ids::SYNTAX, ids::SCHEMA]
        } else {
            [ids::SYNTAX, ids::INVALID_RULE]
        };
        let mut list: Vec<FindingId<'a>> = loader
            .iter()
            .filter_map(|id| ids::builtin(id))
            .map(FindingId::builtin)
            .collect();
        let active = self.rules.iter().flat_map(|rules| &rules.rules);
        list.extend(
            active
                .filter(|rule| rule.severity.is_some())
                .map(FindingId::rule),
        );
        for finding in &self.loaded.findings {
            if !list.iter().any(|known| known.id == finding.rule)
                && let Some(builtin) = ids::builtin(&finding.rule)
            {
                list.push(FindingId::builtin(builtin));
            }
        }
        list
    }
}

/// A finding id as the structured formats describe it.
#[derive(Debug)]
pub struct FindingId<'a> {
    pub id: &'a str,
    /// One line.
    pub summary: &'a str,
    pub description: &'a str,
    pub severity: Option<Severity>,
    /// The rule, when the id is one.
    pub rule: Option<&'a Rule>,
}

impl<'a> FindingId<'a> {
    fn builtin(builtin: &'static ids::Builtin) -> Self {
        Self {
            id: builtin.id,
            summary: builtin.summary,
            description: builtin.finds,
            severity: Some(builtin.severity),
            rule: None,
        }
    }

    fn rule(rule: &'a Rule) -> Self {
        Self {
            id: &rule.id,
            summary: rule.kind.summary,
            description: rule
                .description
                .as_deref()
                .map_or(rule.kind.summary, str::trim),
            severity: rule.severity,
            rule: Some(rule),
        }
    }
}

/// How a report looks, besides its format.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub style: human::Style,
    /// Findings only: no summary line (`human`, `github`).
    pub quiet: bool,
    /// Report at most this many findings; `None`: all, except in the human
    /// report ([`HUMAN_MAX_FINDINGS`]).
    pub max_findings: Option<usize>,
}

impl Options {
    /// No colour, 80 columns, with the summary: what tests use.
    pub const PLAIN: Self = Self {
        style: human::Style::PLAIN,
        quiet: false,
        max_findings: None,
    };
}

/// What a summary says about a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub records: usize,
    pub counts: Counts,
    /// The files are rules files, and no records were checked.
    pub of_rules: bool,
    /// Findings counted but not shown (`--max-findings`).
    pub omitted: usize,
    /// Findings covered by a suppression comment or a decisions file.
    pub suppressed: usize,
    /// Findings covered by the baseline.
    pub baselined: usize,
    /// Baselined findings that are gone.
    pub fixed_in_baseline: usize,
}

impl Summary {
    pub fn of(run: Run<'_>) -> Self {
        let loaded = run.loaded;
        let by = |baseline: bool| {
            loaded
                .findings
                .iter()
                .filter_map(|finding| finding.suppressed.as_ref())
                .filter(|by| matches!(by, crate::diag::Suppressed::Baseline) == baseline)
                .count()
        };
        Self {
            files: loaded.sources.len().saturating_sub(loaded.review.files),
            records: loaded.records.len(),
            counts: Counts::of(&loaded.findings),
            of_rules: run.rules.is_none(),
            omitted: run.omitted(),
            suppressed: by(false),
            baselined: by(true),
            fixed_in_baseline: loaded.review.fixed_in_baseline,
        }
    }

    /// "2 errors, 1 warning in 5 files (84 records)", or for invalid rules
    /// "3 errors, 0 warnings in 1 rules file".
    pub fn line(&self) -> String {
        let Counts {
            errors,
            warnings,
            infos,
        } = self.counts;
        let mut counts = format!(
            "{}, {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        );
        if infos > 0 {
            counts = format!("{counts}, {}", plural(infos, "info"));
        }
        let mut line = if self.of_rules {
            format!("{counts} in {}", plural(self.files, "rules file"))
        } else {
            format!(
                "{counts} in {} ({})",
                plural(self.files, "file"),
                plural(self.records, "record")
            )
        };
        let mut covered = Vec::new();
        if self.suppressed > 0 {
            covered.push(format!("{} suppressed", self.suppressed));
        }
        if self.baselined > 0 {
            covered.push(format!("{} baselined", self.baselined));
        }
        if self.fixed_in_baseline > 0 {
            covered.push(format!(
                "{} of the baseline fixed",
                plural(self.fixed_in_baseline, "finding")
            ));
        }
        if !covered.is_empty() {
            line = format!("{line}; {}", covered.join(", "));
        }
        if self.omitted > 0 {
            line = format!(
                "{line}; {} not shown (`--max-findings`)",
                plural(self.omitted, "finding")
            );
        }
        line
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Which of a file's paths a format shows.
#[derive(Debug, Clone, Copy)]
enum PathFrom {
    /// Relative to the current directory (human, json, junit).
    CurrentDir,
    /// Relative to the repository root (sarif, github: what GitHub reads).
    RepositoryRoot,
}

/// `file:line:column` of where `place` starts.
fn place_ref(place: &Place, sources: &Sources, from: PathFrom) -> String {
    let file = sources.get(place.file);
    let at = file.line_col(place.span.start());
    let path = match from {
        PathFrom::CurrentDir => file.display_path(),
        PathFrom::RepositoryRoot => file.path_from_root(),
    };
    format!("{path}:{}:{}", at.line, at.column)
}

/// Renders `run` in `format` as one string.
pub fn render(run: Run<'_>, format: Format, options: &Options) -> String {
    let limit = match (options.max_findings, format) {
        (Some(limit), _) => limit,
        (None, Format::Human) => HUMAN_MAX_FINDINGS,
        (None, _) => usize::MAX,
    };
    let run = run.limited(limit);
    match format {
        Format::Human => human::render(run, options),
        Format::Json => json::render(run.with_suppressed()),
        Format::Sarif => sarif::render(run),
        Format::Github => github::render(run, options),
        Format::Junit => junit::render(run),
    }
}

/// Test helpers shared by the renderers' unit tests.
#[cfg(test)]
pub(crate) mod testing {
    use std::path::PathBuf;

    use crate::diag::{Finding, Place};
    use crate::load::Loaded;
    use crate::source::{SourceFile, Span};

    /// One file `a.yaml` and one finding in it with `related` other places.
    pub fn finding_with_related(related: usize) -> Loaded {
        let mut loaded = Loaded::default();
        let file = loaded.sources.add(SourceFile::new(
            PathBuf::from("a.yaml"),
            "a: 1\n".to_owned(),
        ));
        let mut finding = Finding::error("r", "message", Place::new(file, Span::new(0, 1), "here"));
        for _ in 0..related {
            finding = finding.with_related(Place::new(file, Span::new(3, 4), "there"));
        }
        loaded.findings.push(finding);
        loaded
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(
        errors: usize,
        warnings: usize,
        infos: usize,
        files: usize,
        records: usize,
    ) -> Summary {
        Summary {
            files,
            records,
            counts: Counts {
                errors,
                warnings,
                infos,
            },
            of_rules: false,
            omitted: 0,
            suppressed: 0,
            baselined: 0,
            fixed_in_baseline: 0,
        }
    }

    #[test]
    fn summary_counts_read_naturally() {
        assert_eq!(
            summary(2, 1, 0, 5, 84).line(),
            "2 errors, 1 warning in 5 files (84 records)"
        );
        assert_eq!(
            summary(0, 0, 0, 1, 1).line(),
            "0 errors, 0 warnings in 1 file (1 record)"
        );
        assert_eq!(
            summary(1, 0, 3, 2, 0).line(),
            "1 error, 0 warnings, 3 infos in 2 files (0 records)"
        );
    }

    #[test]
    fn a_summary_counts_what_decisions_cover() {
        let mut covered = summary(1, 0, 0, 2, 10);
        covered.suppressed = 2;
        covered.baselined = 5;
        covered.fixed_in_baseline = 1;
        assert_eq!(
            covered.line(),
            "1 error, 0 warnings in 2 files (10 records); 2 suppressed, 5 baselined, \
             1 finding of the baseline fixed"
        );
    }

    #[test]
    fn a_summary_of_invalid_rules_names_rules_files() {
        let mut of_rules = summary(3, 0, 0, 1, 0);
        of_rules.of_rules = true;
        assert_eq!(of_rules.line(), "3 errors, 0 warnings in 1 rules file");
    }
}
