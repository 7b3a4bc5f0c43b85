//! Findings: what recheck reports, as plain data.
//!
//! Every check, from the YAML parser up to the rules, produces [`Finding`]s and
//! carries on; nothing is reported through an early return. Renderers in
//! `report` turn the same list into the human or the JSON form.

use std::fmt;

use crate::source::{FileId, Span};

/// How much a finding matters; only errors fail a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A place in a file with a short label saying what is there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub file: FileId,
    pub span: Span,
    pub label: String,
}

impl Place {
    pub fn new(file: FileId, span: Span, label: impl Into<String>) -> Self {
        Self {
            file,
            span,
            label: label.into(),
        }
    }
}

/// One reported problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The finding id (`syntax`, `schema`, or a rule id).
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    /// Where the problem is.
    pub primary: Place,
    /// Other places involved (the first of two duplicate keys, the record a
    /// reference points to), in this or other files.
    pub related: Vec<Place>,
    pub help: Option<String>,
}

impl Finding {
    pub fn error(rule: &str, message: impl Into<String>, primary: Place) -> Self {
        Self {
            rule: rule.to_owned(),
            severity: Severity::Error,
            message: message.into(),
            primary,
            related: Vec::new(),
            help: None,
        }
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    #[must_use]
    pub fn with_related(mut self, place: Place) -> Self {
        self.related.push(place);
        self
    }
}

/// The ids of the findings the loader itself produces.
pub mod ids {
    /// YAML that does not parse, or a file that cannot be read as YAML text.
    pub const SYNTAX: &str = "syntax";
    /// Valid YAML that breaks the records format.
    pub const SCHEMA: &str = "schema";
}

/// Sorts findings for output: by file, position, then rule id.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (
            a.primary.file,
            a.primary.span.start,
            a.primary.span.end,
            &a.rule,
            &a.message,
        )
            .cmp(&(
                b.primary.file,
                b.primary.span.start,
                b.primary.span.end,
                &b.rule,
                &b.message,
            ))
    });
}

/// Counts by severity, for summaries and exit codes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Counts {
    pub fn of(findings: &[Finding]) -> Self {
        findings
            .iter()
            .fold(Self::default(), |mut counts, finding| {
                match finding.severity {
                    Severity::Error => counts.errors += 1,
                    Severity::Warning => counts.warnings += 1,
                    Severity::Info => counts.infos += 1,
                }
                counts
            })
    }
}
