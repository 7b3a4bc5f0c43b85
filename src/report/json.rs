//! The JSON report, a wire format that scripts depend on.
//!
//! ## Wire format (version 1)
//!
//! One object: `{"version": 1, "findings": [...], "summary": {...}}`.
//!
//! Each finding: `rule` (finding id), `severity` (`error`, `warning` or
//! `info`), `message`, `file` (the path as reached from the argument given,
//! `/`-separated), `line`, `column`, `end_line`, `end_column`, `help` (string
//! or null) and `related` (a list of `{file, line, column, end_line,
//! end_column, message}` for the other places involved).
//!
//! Lines and columns are 1-based; columns count characters, not bytes;
//! `end_line`/`end_column` point just past the last character of the value.
//! Findings are sorted by file, line, column, rule.
//!
//! `summary`: `files` (files read, including ones that could not be parsed),
//! `records`, `errors`, `warnings`, `infos`.
//!
//! Fields are only ever added within a version; a change that removes or
//! changes a field increases `version`.

use serde::Serialize;

use crate::diag::{Finding, Place};
use crate::load::Loaded;
use crate::source::Sources;

use super::Summary;

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
}

/// The whole report as one JSON object and a newline.
pub fn render(loaded: &Loaded) -> String {
    let summary = Summary::of(loaded);
    let output = Output {
        version: VERSION,
        findings: loaded
            .findings
            .iter()
            .map(|f| finding(f, &loaded.sources))
            .collect(),
        summary: JsonSummary {
            files: summary.files,
            records: summary.records,
            errors: summary.counts.errors,
            warnings: summary.counts.warnings,
            infos: summary.counts.infos,
        },
    };
    // Serializing plain structs of strings and numbers cannot fail.
    let mut json = serde_json::to_string_pretty(&output).unwrap_or_default();
    json.push('\n');
    json
}

fn finding<'a>(finding: &'a Finding, sources: &Sources) -> JsonFinding<'a> {
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
    }
}

fn position(place: &Place, sources: &Sources) -> Position {
    let file = sources.get(place.file);
    let start = file.line_col(place.span.start);
    let end = file.line_col(place.span.end);
    Position {
        file: file.display_path(),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
    }
}
