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
    /// What the finding's fingerprint is made of.
    pub identity: Identity,
}

/// What identifies a finding across edits (see [`crate::fingerprint`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Identity {
    /// The records at its places, the field of the primary place and the
    /// values at all places.
    #[default]
    Records,
    /// Only the field of the primary place and the values at all places: for
    /// a finding about a spelling wherever it is used, whose places grow with
    /// every new use.
    Values,
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
            identity: Identity::Records,
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

/// The ids of the findings recheck reports itself, outside the rules.
pub mod ids {
    use std::fmt::Write as _;

    /// YAML that does not parse, or a file that cannot be read as YAML text.
    pub const SYNTAX: &str = "syntax";
    /// Valid YAML that breaks the records format.
    pub const SCHEMA: &str = "schema";
    /// A rules file that breaks the rules format.
    pub const INVALID_RULE: &str = "invalid-rule";

    /// A finding id that is not a rule, as the README and the SARIF and
    /// `JUnit` reports describe it.
    #[derive(Debug)]
    pub struct Builtin {
        pub id: &'static str,
        /// One line.
        pub summary: &'static str,
        /// What it finds, in detail (Markdown).
        pub finds: &'static str,
    }

    /// Every built-in finding id; all are errors.
    pub const BUILTIN: &[Builtin] = &[
        Builtin {
            id: SYNTAX,
            summary: "A records file that cannot be read as YAML.",
            finds: "YAML that does not parse (bad indentation, tabs, unclosed quotes or \
                brackets), duplicate mapping keys (reported with both places; the first is kept \
                and the rest of the file still loads), a file that is not UTF-8 or cannot be \
                read, a top level that is not a mapping, more than one document, tags \
                (`!include`, `!!python/object`), and the parser's depth and alias budgets",
        },
        Builtin {
            id: SCHEMA,
            summary: "Valid YAML that breaks the records format.",
            finds: "Valid YAML that breaks the records format: unknown sections and fields \
                (with a did-you-mean suggestion), missing required fields (labelled at the \
                record), values of the wrong shape, impossible dates, an event `status` other \
                than `held`, `scheduled`, `cancelled`, `postponed`, a membership without exactly \
                one of `person_id` / `member_id`",
        },
        Builtin {
            id: INVALID_RULE,
            summary: "A rules file that breaks the rules format.",
            finds: "A rules file that breaks the rules format: unknown kind, option or section \
                (with a did-you-mean suggestion), a field path that does not exist or leads to \
                the wrong kind of value, a duplicate or malformed rule id, an unknown \
                placeholder in a message; the run exits 2",
        },
    ];

    /// The built-in finding id `id`.
    pub fn builtin(id: &str) -> Option<&'static Builtin> {
        BUILTIN.iter().find(|builtin| builtin.id == id)
    }

    /// The README's table of built-in findings.
    pub fn markdown_table() -> String {
        let mut table = "| id | severity | finds |\n|---|---|---|\n".to_owned();
        for builtin in BUILTIN {
            let _ = writeln!(table, "| `{}` | error | {} |", builtin.id, builtin.finds);
        }
        table
    }
}

/// Sorts findings for output: by file, position, then rule id.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (
            a.primary.file,
            a.primary.span.start(),
            a.primary.span.end(),
            &a.rule,
            &a.message,
        )
            .cmp(&(
                b.primary.file,
                b.primary.span.start(),
                b.primary.span.end(),
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
