//! Inline suppressions: a YAML comment `# recheck: allow(RULE, ...) reason`.
//!
//! On a line with a value, the comment covers that line; alone on its line,
//! it covers the next line that is not a comment, and when a record starts
//! there, the whole record. A finding is covered when one of its places (the
//! value it points at, or a related one) is in what the comment covers. The
//! comments are found while each file's text is in memory, before it is
//! given back.

use crate::diag::{Finding, Place, ids};
use crate::model::Record;
use crate::source::{FileId, Span};
use crate::yaml::{Node, Value};

/// One `# recheck: allow(...)` comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    pub file: FileId,
    /// The comment, from `#` to the end of its line.
    pub comment: Span,
    /// The rule ids it names, each with where it is written.
    pub rules: Vec<(String, Span)>,
    pub reason: String,
    /// The text it covers: its own line, the next line, or a record.
    pub covers: Span,
}

/// What marks a suppression comment.
const MARKER: &str = "recheck:";

/// The suppression comments of one file; malformed ones become
/// `invalid-suppression` findings. `records` are the file's records.
pub fn scan(
    text: &str,
    file: FileId,
    records: &[Record],
    findings: &mut Vec<Finding>,
) -> Vec<Suppression> {
    let mut found = Vec::new();
    // Nearly every file has none: one search of the text settles it.
    if !text.contains(MARKER) {
        return found;
    }
    let lines = lines_of(text);
    for (number, &(start, end)) in lines.iter().enumerate() {
        let line = &text[start..end];
        let Some(hash) = comment_start(line) else {
            continue;
        };
        let at = start + hash;
        if inside_value(records, at) {
            continue;
        }
        let comment = Span::new(at, end);
        match parse(&text[at..end], at) {
            Ok((rules, reason)) => {
                let alone = line[..hash].trim().is_empty();
                let covers = if alone {
                    covered_after(text, &lines, number, records)
                } else {
                    Span::new(start, end)
                };
                found.push(Suppression {
                    file,
                    comment,
                    rules,
                    reason,
                    covers,
                });
            }
            Err((message, help)) => findings.push(
                Finding::error(
                    ids::INVALID_SUPPRESSION,
                    message,
                    Place::new(file, comment, "this comment"),
                )
                .with_help(help),
            ),
        }
    }
    found
}

/// Each line's start and end (before its line break), as byte offsets.
/// Lines break at `\n`, `\r\n` and a lone `\r`, as YAML reads them.
fn lines_of(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'\n' => {
                lines.push((start, at));
                start = at + 1;
            }
            b'\r' => {
                lines.push((start, at));
                if bytes.get(at + 1) == Some(&b'\n') {
                    at += 1;
                }
                start = at + 1;
            }
            _ => {}
        }
        at += 1;
    }
    if start < bytes.len() {
        lines.push((start, bytes.len()));
    }
    lines
}

/// Where a `# recheck:` comment starts in the line: a `#` at the start of
/// the line or after a space (YAML's rule for comments), then the marker.
fn comment_start(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    line.match_indices('#').map(|(at, _)| at).find(|&at| {
        let starts_comment = at == 0 || matches!(bytes[at - 1], b' ' | b'\t');
        starts_comment && line[at + 1..].trim_start().starts_with(MARKER)
    })
}

/// Whether `offset` lies inside a value (a quoted string may hold
/// `# recheck:`), checked against the parsed values of the record around it
/// (`records` come in file order).
fn inside_value(records: &[Record], offset: usize) -> bool {
    let after = records.partition_point(|record| record.extent.start() <= offset);
    after
        .checked_sub(1)
        .and_then(|at| records.get(at))
        .is_some_and(|record| holds(&record.fields, offset))
}

fn holds(node: &Node, offset: usize) -> bool {
    match &node.value {
        Value::Map(entries) => entries
            .iter()
            .any(|entry| holds(&entry.key, offset) || holds(&entry.value, offset)),
        Value::Seq(items) => items.iter().any(|item| holds(item, offset)),
        _ => node.span.start() <= offset && offset < node.span.end(),
    }
}

type Problem = (String, String);

const FORM: &str = "write `# recheck: allow(RULE) reason`, with one or more rule ids \
    separated by commas, and why the finding is not a problem";

/// The rule ids and the reason of the comment `comment` (from `#`), which
/// starts at byte `at` of the file.
fn parse(comment: &str, at: usize) -> Result<(Vec<(String, Span)>, String), Problem> {
    let after_hash = &comment[1..];
    let marker = after_hash.find(MARKER).unwrap_or(0) + 1;
    let directive = &comment[marker + MARKER.len()..];
    let directive_at = at + marker + MARKER.len();
    let body = directive.trim_start();
    let body_at = directive_at + (directive.len() - body.len());
    let Some(list) = body.strip_prefix("allow(") else {
        let word: String = body.chars().take_while(|c| c.is_alphanumeric()).collect();
        return Err((
            format!("`# recheck: {word}` is not a suppression; recheck knows `allow(...)`"),
            FORM.to_owned(),
        ));
    };
    let Some(close) = list.find(')') else {
        return Err((
            "the rule list of this suppression is not closed with `)`".to_owned(),
            FORM.to_owned(),
        ));
    };
    let list_at = body_at + "allow(".len();
    let mut rules = Vec::new();
    let mut offset = 0;
    for part in list[..close].split(',') {
        let id = part.trim();
        let id_at = list_at + offset + (part.len() - part.trim_start().len());
        offset += part.len() + 1;
        if !id.is_empty() {
            rules.push((id.to_owned(), Span::new(id_at, id_at + id.len())));
        }
    }
    if rules.is_empty() {
        return Err(("this suppression names no rule".to_owned(), FORM.to_owned()));
    }
    let reason = list[close + 1..].trim();
    if reason.is_empty() {
        return Err((
            "this suppression gives no reason".to_owned(),
            "say after `allow(...)` why the finding is not a problem: the reason is what a \
             reviewer reads, and what tells a stale suppression from a needed one"
                .to_owned(),
        ));
    }
    Ok((rules, reason.to_owned()))
}

/// What a comment alone on line `number` covers: the next line that is not
/// a comment or blank, or the record that starts there.
fn covered_after(text: &str, lines: &[(usize, usize)], number: usize, records: &[Record]) -> Span {
    let next = lines[number + 1..].iter().find(|&&(start, end)| {
        let line = text[start..end].trim_start();
        !line.is_empty() && !line.starts_with('#')
    });
    let Some(&(start, end)) = next else {
        return Span::empty_at(text.len());
    };
    records
        .iter()
        .find(|record| start <= record.extent.start() && record.extent.start() < end)
        .map_or(Span::new(start, end), |record| {
            Span::new(start, record.extent.end().max(end))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(comment: &str) -> Result<(Vec<String>, String), String> {
        parse(comment, 0)
            .map(|(rules, reason)| (rules.into_iter().map(|(id, _)| id).collect(), reason))
            .map_err(|(message, _)| message)
    }

    #[test]
    fn a_suppression_names_rules_and_a_reason() {
        assert_eq!(
            parsed("# recheck: allow(term-overlap, date-order) acting chair"),
            Ok((
                vec!["term-overlap".to_owned(), "date-order".to_owned()],
                "acting chair".to_owned()
            ))
        );
    }

    #[test]
    fn rule_spans_point_at_the_ids() {
        let comment = "# recheck: allow(a,  bb) why";
        let (rules, _) = parse(comment, 10).expect("valid");
        let texts: Vec<&str> = rules
            .iter()
            .map(|(_, span)| &comment[span.start() - 10..span.end() - 10])
            .collect();
        assert_eq!(texts, ["a", "bb"]);
    }

    #[test]
    fn malformed_suppressions_say_what_is_wrong() {
        assert!(parsed("# recheck: allow(term-overlap)").is_err_and(|e| e.contains("no reason")));
        assert!(parsed("# recheck: allow() why").is_err_and(|e| e.contains("no rule")));
        assert!(parsed("# recheck: allow(x why").is_err_and(|e| e.contains("not closed")));
        assert!(
            parsed("# recheck: ignore(x) why").is_err_and(|e| e.contains("`# recheck: ignore`"))
        );
    }

    #[test]
    fn lines_break_as_yaml_breaks_them() {
        assert_eq!(lines_of("a\nb\r\nc\rd"), [(0, 1), (2, 3), (5, 6), (7, 8)]);
        assert_eq!(lines_of("a\n"), [(0, 1)]);
    }

    #[test]
    fn comments_start_at_a_hash_after_a_space() {
        assert_eq!(comment_start("role: x  # recheck: allow(a) b"), Some(9));
        assert_eq!(comment_start("# recheck: allow(a) b"), Some(0));
        assert_eq!(comment_start("url: http://x#recheck:"), None);
        assert_eq!(comment_start("# a plain comment"), None);
    }
}
