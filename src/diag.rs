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
    /// Set when a reviewed decision covers the finding: it is then left out
    /// of the counts, the exit code and every report but JSON.
    pub suppressed: Option<Suppressed>,
}

/// What covers a suppressed finding (see [`crate::review`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Suppressed {
    /// A `# recheck: allow(...)` comment, at this place.
    Inline { reason: String, at: Place },
    /// An entry of a decisions file, at this place.
    Decision { reason: String, at: Place },
    /// The baseline file given with `--baseline`.
    Baseline,
}

impl Suppressed {
    /// `inline`, `decision` or `baseline`.
    pub const fn by(&self) -> &'static str {
        match self {
            Self::Inline { .. } => "inline",
            Self::Decision { .. } => "decision",
            Self::Baseline => "baseline",
        }
    }
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
            suppressed: None,
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
    /// A `# recheck:` comment that cannot be used.
    pub const INVALID_SUPPRESSION: &str = "invalid-suppression";
    /// A `# recheck: allow(...)` comment that covers no finding.
    pub const UNUSED_SUPPRESSION: &str = "unused-suppression";
    /// An entry of a decisions file that cannot be used.
    pub const INVALID_DECISION: &str = "invalid-decision";
    /// An entry of a decisions file that covers no finding.
    pub const UNUSED_DECISION: &str = "unused-decision";
    /// An entry of a decisions file past its `expires` date.
    pub const EXPIRED_DECISION: &str = "expired-decision";
    /// A baselined finding that is fixed (with `--strict-baseline`).
    pub const OUTDATED_BASELINE: &str = "outdated-baseline";

    /// Whether a finding of this id is about a reviewed decision itself,
    /// which no decision covers.
    pub fn is_review(id: &str) -> bool {
        [
            INVALID_SUPPRESSION,
            UNUSED_SUPPRESSION,
            INVALID_DECISION,
            UNUSED_DECISION,
            EXPIRED_DECISION,
            OUTDATED_BASELINE,
        ]
        .contains(&id)
    }

    /// A finding id that is not a rule, as the README and the SARIF and
    /// `JUnit` reports describe it.
    #[derive(Debug)]
    pub struct Builtin {
        pub id: &'static str,
        pub severity: super::Severity,
        /// One line.
        pub summary: &'static str,
        /// What it finds, in detail (Markdown).
        pub finds: &'static str,
    }

    /// Every built-in finding id.
    pub const BUILTIN: &[Builtin] = &[
        Builtin {
            id: SYNTAX,
            severity: super::Severity::Error,
            summary: "A records file that cannot be read as YAML.",
            finds: "YAML that does not parse (bad indentation, tabs, unclosed quotes or \
                brackets), duplicate mapping keys (reported with both places; the first is kept \
                and the rest of the file still loads), a file that is not UTF-8 or cannot be \
                read, a top level that is not a mapping, more than one document, tags \
                (`!include`, `!!python/object`), and the parser's depth and alias budgets",
        },
        Builtin {
            id: SCHEMA,
            severity: super::Severity::Error,
            summary: "Valid YAML that breaks the records format.",
            finds: "Valid YAML that breaks the records format: unknown sections and fields \
                (with a did-you-mean suggestion), missing required fields (labelled at the \
                record), values of the wrong shape, impossible dates, an event `status` other \
                than `held`, `scheduled`, `cancelled`, `postponed`, a membership without exactly \
                one of `person_id` / `member_id`",
        },
        Builtin {
            id: INVALID_RULE,
            severity: super::Severity::Error,
            summary: "A rules file that breaks the rules format.",
            finds: "A rules file that breaks the rules format: unknown kind, option or section \
                (with a did-you-mean suggestion), a field path that does not exist or leads to \
                the wrong kind of value, a duplicate or malformed rule id, an unknown \
                placeholder in a message; the run exits 2",
        },
        Builtin {
            id: INVALID_SUPPRESSION,
            severity: super::Severity::Error,
            summary: "A `# recheck:` comment that cannot be used.",
            finds: "A `# recheck:` comment that is not `allow(RULE, ...) reason`, that gives no \
                reason, or that names an unknown rule or a finding id that cannot be \
                suppressed (`syntax`, `schema`); it suppresses nothing",
        },
        Builtin {
            id: UNUSED_SUPPRESSION,
            severity: super::Severity::Warning,
            summary: "A `# recheck: allow(...)` comment that covers no finding.",
            finds: "A rule named in a `# recheck: allow(...)` comment that has no finding on the \
                comment's line or in the record after it: the problem was fixed, or the \
                comment moved away from it",
        },
        Builtin {
            id: INVALID_DECISION,
            severity: super::Severity::Error,
            summary: "An entry of a decisions file that cannot be used.",
            finds: "A decisions file that does not parse, or an entry with an unknown field or \
                rule, no `reason`, a `decision` other than `distinct` or `accepted`, neither \
                `records` nor `names`, or an `expires` that is not a date; the entry applies \
                to nothing",
        },
        Builtin {
            id: UNUSED_DECISION,
            severity: super::Severity::Warning,
            summary: "An entry of a decisions file that covers no finding.",
            finds: "An entry of a decisions file whose rule ran and found nothing among its \
                `records` or `names`: the records changed, or the entry is stale",
        },
        Builtin {
            id: EXPIRED_DECISION,
            severity: super::Severity::Warning,
            summary: "An entry of a decisions file past its `expires` date.",
            finds: "An entry of a decisions file whose `expires` date has come; it no longer \
                applies, so the findings it covered are reported again",
        },
        Builtin {
            id: OUTDATED_BASELINE,
            severity: super::Severity::Error,
            summary: "A baselined finding that is fixed (`--strict-baseline`).",
            finds: "With `--strict-baseline`, an entry of the baseline that no finding matches \
                any more: the problem was fixed, so the baseline should shrink \
                (`--write-baseline`)",
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
            let _ = writeln!(
                table,
                "| `{}` | {} | {} |",
                builtin.id,
                builtin.severity.as_str(),
                builtin.finds
            );
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
    /// The counts of the findings that are not suppressed.
    pub fn of(findings: &[Finding]) -> Self {
        findings
            .iter()
            .filter(|finding| finding.suppressed.is_none())
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
