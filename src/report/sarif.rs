//! SARIF 2.1.0, as GitHub code scanning reads it.
//!
//! One run: `tool.driver` names recheck and describes every finding id the
//! run may report (the built-in ids and each active rule, its full help being
//! the text `recheck explain` prints); each finding is a result with its
//! primary location, its related locations (linked from the message, which is
//! how code scanning shows them) and a `partialFingerprints` entry from
//! [`crate::fingerprint`], so an alert is followed across commits even when
//! its lines move. URIs are relative to the repository root; columns count
//! Unicode code points.

use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::diag::{Finding, Place, Severity};
use crate::fingerprint::{SARIF_KEY, fingerprints};
use crate::source::Sources;

use super::{FindingId, Run};

/// Code scanning shows at most this many related locations of a result;
/// the message says how many more there are.
const MAX_RELATED: usize = 100;

/// The schema the output follows.
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The whole log as pretty JSON and a newline.
pub fn render(run: Run<'_>) -> String {
    let loaded = run.loaded;
    let ids = run.finding_ids();
    let fingerprints = fingerprints(loaded);
    let results: Vec<Value> = run
        .shown()
        .into_iter()
        .map(|(at, finding)| result(finding, &fingerprints[at], &ids, &loaded.sources))
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver(run, &ids)},
            "columnKind": "unicodeCodePoints",
            "invocations": [{"executionSuccessful": run.rules.is_some()}],
            "results": results,
        }],
    });
    // Serializing a `Value` cannot fail.
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

fn driver(run: Run<'_>, ids: &[FindingId<'_>]) -> Value {
    let version = env!("CARGO_PKG_VERSION");
    json!({
        "name": "recheck",
        "version": version,
        "semanticVersion": version,
        "informationUri": env!("CARGO_PKG_REPOSITORY"),
        "rules": ids.iter().map(|id| descriptor(run, id)).collect::<Vec<_>>(),
    })
}

/// A `reportingDescriptor`: what a finding id means and how to fix it.
fn descriptor(run: Run<'_>, id: &FindingId<'_>) -> Value {
    let help = match (id.rule, run.rules) {
        (Some(rule), Some(rules)) => crate::explain::explain_rule(rule, rules),
        _ => format!("# {}\n\n{}\n", id.id, id.description),
    };
    let mut properties = json!({"tags": ["recheck"]});
    if let Some(rule) = id.rule {
        properties["kind"] = json!(rule.kind.name);
    }
    json!({
        "id": id.id,
        "shortDescription": {"text": id.summary},
        "fullDescription": {"text": id.description},
        "help": {"text": help, "markdown": help},
        "defaultConfiguration": {
            "enabled": id.severity.is_some(),
            "level": id.severity.map_or("none", level),
        },
        "properties": properties,
    })
}

fn result(finding: &Finding, fingerprint: &str, ids: &[FindingId<'_>], sources: &Sources) -> Value {
    let mut value = json!({
        "ruleId": finding.rule,
        "level": level(finding.severity),
        "message": {"text": message(finding)},
        "locations": [location(&finding.primary, sources)],
        "partialFingerprints": {SARIF_KEY: fingerprint},
    });
    if let Some(index) = ids.iter().position(|id| id.id == finding.rule) {
        value["ruleIndex"] = json!(index);
    }
    if !finding.related.is_empty() {
        let related: Vec<Value> = finding
            .related
            .iter()
            .take(MAX_RELATED)
            .zip(1..)
            .map(|(place, id)| {
                let mut location = location(place, sources);
                location["id"] = json!(id);
                location
            })
            .collect();
        value["relatedLocations"] = json!(related);
    }
    value
}

/// The message, with a link to each related location (`[label](1)`: code
/// scanning shows related locations only when the message links them) and
/// the help.
fn message(finding: &Finding) -> String {
    let mut text = escape_brackets(&finding.message);
    let mut links: Vec<String> = finding
        .related
        .iter()
        .take(MAX_RELATED)
        .zip(1..)
        .map(|(place, id)| format!("[{}]({id})", escape_brackets(&place.label)))
        .collect();
    if finding.related.len() > MAX_RELATED {
        links.push(format!("and {} more", finding.related.len() - MAX_RELATED));
    }
    if !links.is_empty() {
        let _ = write!(text, "\nSee: {}", links.join(", "));
    }
    if let Some(help) = &finding.help {
        let _ = write!(text, "\nHelp: {}", escape_brackets(help));
    }
    text
}

/// A message with links must write literal brackets as `\[` and `\]`.
fn escape_brackets(text: &str) -> String {
    text.replace('[', "\\[").replace(']', "\\]")
}

fn location(place: &Place, sources: &Sources) -> Value {
    let file = sources.get(place.file);
    let start = file.line_col(place.span.start());
    let end = file.line_col(place.span.end());
    json!({
        "physicalLocation": {
            "artifactLocation": {"uri": uri(file.path_from_root())},
            "region": {
                "startLine": start.line,
                "startColumn": start.column,
                "endLine": end.line,
                "endColumn": end.column,
            },
        },
        "message": {"text": place.label},
    })
}

/// A path as a URI reference: relative paths stay relative; `%`, spaces and
/// other bytes outside the URI's unreserved set are percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for byte in path.bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte);
        if keep {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

const fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri("records/a b/ğ.yaml"), "records/a%20b/%C4%9F.yaml");
        assert_eq!(uri("/abs/x%.yaml"), "file:///abs/x%25.yaml");
    }

    #[test]
    fn related_locations_stop_at_what_code_scanning_shows() {
        let loaded = super::super::testing::finding_with_related(150);
        let log: Value = serde_json::from_str(&render(Run::invalid_rules(&loaded))).unwrap();
        let result = &log["runs"][0]["results"][0];
        assert_eq!(result["relatedLocations"].as_array().unwrap().len(), 100);
        let message = result["message"]["text"].as_str().unwrap();
        assert!(message.contains("[there](100), and 50 more"), "{message}");
    }

    #[test]
    fn brackets_in_messages_are_escaped() {
        assert_eq!(escape_brackets("a [b]"), "a \\[b\\]");
    }
}
