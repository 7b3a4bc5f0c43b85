//! The JSON report, a wire format that scripts depend on.
//!
//! ## Wire format (version 1)
//!
//! One object: `{"version": 1, "findings": [...], "summary": {...}}`.
//!
//! Each finding: `rule` (finding id), `severity` (`error`, `warning` or
//! `info`), `message`, `file` (relative to the current directory when the
//! file is below it, else as reached from the argument; `/`-separated),
//! `line`, `column`, `end_line`, `end_column`, `help` (string or null),
//! `related` (a list of `{file, line, column, end_line, end_column, message}`
//! for the other places involved) and `fingerprint`.
//!
//! Lines and columns are 1-based; columns count characters, not bytes;
//! `end_line`/`end_column` point just past the last character of the value.
//! Findings are sorted by file, line, column, rule.
//!
//! `fingerprint`: a stable name for the finding that survives inserted lines,
//! reordered records and records moved to other files (see
//! `crate::fingerprint`); the same value as SARIF's `partialFingerprints`.
//!
//! `suppressed`: `null`, or what covers the finding (see `crate::review`):
//! `{"by": "inline" | "decision", "reason", "file", "line", "column"}` (where
//! the comment or the decision is) or `{"by": "baseline"}`. Suppressed
//! findings are listed for audits; they are not counted as errors, warnings
//! or infos, and no other format shows them.
//!
//! `summary`: `files` (records files read, including ones that could not be
//! parsed), `records`, `errors`, `warnings`, `infos` (all findings not
//! suppressed, shown or not), `suppressed` (by comments and decisions),
//! `baselined`, `fixed_in_baseline` (baselined findings no finding matches)
//! and `omitted` (findings left out by `--max-findings`; the most severe are
//! kept).
//!
//! Fields are only ever added within a version; a change that removes or
//! changes a field increases `version`.

use serde::Serialize;

use crate::diag::{Finding, Place, Suppressed};
use crate::fingerprint::fingerprints;
use crate::source::Sources;

use super::{Run, Summary};

/// The version of the wire format this module writes.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    findings: Vec<JsonFinding<'a>>,
    summary: JsonSummary,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    severity: &'static str,
    message: &'a str,
    #[serde(flatten)]
    place: Position,
    help: Option<&'a str>,
    related: Vec<JsonRelated<'a>>,
    fingerprint: String,
    suppressed: Option<JsonSuppressed<'a>>,
}

#[derive(Serialize)]
struct JsonSuppressed<'a> {
    by: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    at: Option<At>,
}

/// Where a comment or a decision is.
#[derive(Serialize)]
struct At {
    file: String,
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct Position {
    file: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    #[serde(flatten)]
    place: Position,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonSummary {
    files: usize,
    records: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    suppressed: usize,
    baselined: usize,
    fixed_in_baseline: usize,
    omitted: usize,
}

/// The whole report as one JSON object and a newline.
pub fn render(run: Run<'_>) -> String {
    let loaded = run.loaded;
    let summary = Summary::of(run);
    let mut fingerprints = fingerprints(loaded);
    let output = Output {
        version: VERSION,
        findings: run
            .shown()
            .into_iter()
            .map(|(at, f)| finding(f, std::mem::take(&mut fingerprints[at]), &loaded.sources))
            .collect(),
        summary: JsonSummary {
            files: summary.files,
            records: summary.records,
            errors: summary.counts.errors,
            warnings: summary.counts.warnings,
            infos: summary.counts.infos,
            suppressed: summary.suppressed,
            baselined: summary.baselined,
            fixed_in_baseline: summary.fixed_in_baseline,
            omitted: summary.omitted,
        },
    };
    // Serializing plain structs of strings and numbers cannot fail.
    let mut json = serde_json::to_string_pretty(&output).unwrap_or_default();
    json.push('\n');
    json
}

fn finding<'a>(finding: &'a Finding, fingerprint: String, sources: &Sources) -> JsonFinding<'a> {
    JsonFinding {
        rule: &finding.rule,
        severity: finding.severity.as_str(),
        message: &finding.message,
        place: position(&finding.primary, sources),
        help: finding.help.as_deref(),
        related: finding
            .related
            .iter()
            .map(|place| JsonRelated {
                place: position(place, sources),
                message: &place.label,
            })
            .collect(),
        fingerprint,
        suppressed: finding
            .suppressed
            .as_ref()
            .map(|by| suppressed(by, sources)),
    }
}

fn suppressed<'a>(by: &'a Suppressed, sources: &Sources) -> JsonSuppressed<'a> {
    let (reason, at) = match by {
        Suppressed::Inline { reason, at } | Suppressed::Decision { reason, at } => {
            let file = sources.get(at.file);
            let start = file.line_col(at.span.start());
            let at = At {
                file: file.display_path().to_owned(),
                line: start.line,
                column: start.column,
            };
            (Some(reason.as_str()), Some(at))
        }
        Suppressed::Baseline => (None, None),
    };
    JsonSuppressed {
        by: by.by(),
        reason,
        at,
    }
}

fn position(place: &Place, sources: &Sources) -> Position {
    let file = sources.get(place.file);
    let start = file.line_col(place.span.start());
    let end = file.line_col(place.span.end());
    Position {
        file: file.display_path().to_owned(),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
    }
}
