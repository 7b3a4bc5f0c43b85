//! The text about rules: `recheck explain`, `recheck rules` and the README's
//! rule reference. All of it comes from the kinds' doc comments and the rules
//! files, so what the tool prints and what the README says cannot drift.

use std::fmt::Write as _;

use crate::rules::{KINDS, KindInfo, Rule, RuleSet, rule_source};
use crate::suggest::did_you_mean;

/// `recheck explain NAME`: a rule by id, or a kind by name.
pub fn explain(name: &str, rules: &RuleSet) -> Result<String, String> {
    if let Some(rule) = rules.find(name) {
        return Ok(explain_rule(rule, rules));
    }
    if let Some(kind) = KindInfo::find(name) {
        return Ok(explain_kind(kind, rules));
    }
    if let Some(builtin) = crate::diag::ids::builtin(name) {
        return Ok(explain_builtin(builtin));
    }
    let names = rules
        .rules
        .iter()
        .map(|rule| rule.id.as_str())
        .chain(KINDS.iter().map(|kind| kind.name))
        .chain(crate::diag::ids::BUILTIN.iter().map(|builtin| builtin.id));
    let hint = did_you_mean(name, names).map_or_else(
        || " (`recheck rules` lists the rules)".to_owned(),
        |close| format!("; did you mean `{close}`?"),
    );
    Err(format!("there is no rule or rule kind `{name}`{hint}"))
}

/// A finding id recheck reports itself (`syntax`, `unused-suppression`).
fn explain_builtin(builtin: &crate::diag::ids::Builtin) -> String {
    format!(
        "# {}\n\nA finding recheck reports itself, not a rule; severity {}.\n\n{}\n\n{}.\n",
        builtin.id,
        builtin.severity.as_str(),
        builtin.summary,
        builtin.finds
    )
}

pub(crate) fn explain_rule(rule: &Rule, rules: &RuleSet) -> String {
    let mut text = format!("# {}\n\n", rule.id);
    let _ = writeln!(
        text,
        "A rule of kind `{}`, severity {}, defined in {}.\n",
        rule.kind.name,
        rule.severity_name(),
        location(rule, rules)
    );
    if let Some(description) = &rule.description {
        let _ = writeln!(text, "{}\n", description.trim());
    }
    let _ = writeln!(
        text,
        "## As written\n\n```yaml\n{}\n```\n",
        as_written(rule, rules)
    );
    let _ = writeln!(text, "## The `{}` kind\n", rule.kind.name);
    let _ = writeln!(text, "{}\n", rule.kind.summary);
    text.push_str(&demote(&rule.kind.docs(), 1));
    text.push('\n');
    text
}

fn explain_kind(kind: &KindInfo, rules: &RuleSet) -> String {
    let mut text = format!("# {}\n\n{}\n\n{}\n", kind.name, kind.summary, kind.docs());
    let ids: Vec<String> = rules
        .rules
        .iter()
        .filter(|rule| std::ptr::eq(rule.kind, kind))
        .map(|rule| format!("`{}`", rule.id))
        .collect();
    if !ids.is_empty() {
        let _ = writeln!(text, "\nActive rules of this kind: {}.", ids.join(", "));
    }
    text
}

/// "rules/offices.yaml:3 (built in)".
fn location(rule: &Rule, rules: &RuleSet) -> String {
    let file = rules.sources.get(rule.file);
    let line = file.line_col(rule.span.start()).line;
    let origin = if rules.builtin { " (built in)" } else { "" };
    format!("{}:{line}{origin}", file.display_path())
}

/// The rule's YAML as written, without the list dash and common indent.
fn as_written(rule: &Rule, rules: &RuleSet) -> String {
    let file = &rules.sources.get(rule.file).text;
    let line_start = file[..rule.span.start()].rfind('\n').map_or(0, |at| at + 1);
    let lead = file[line_start..rule.span.start()].replace('-', " ");
    let body = format!("{lead}{}", rule_source(rule, &rules.sources));
    let indent = body
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start().len())
        .min()
        .unwrap_or(0);
    body.lines()
        .map(|line| line.get(indent..).unwrap_or(line.trim_start()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Markdown with every heading `levels` deeper.
fn demote(markdown: &str, levels: usize) -> String {
    let extra = "#".repeat(levels);
    let mut in_code = false;
    markdown
        .lines()
        .map(|line| {
            if line.starts_with("```") {
                in_code = !in_code;
            }
            if !in_code && line.starts_with('#') {
                format!("{extra}{line}")
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `recheck rules`: one line per rule.
pub fn rules_list(rules: &RuleSet) -> String {
    let id_width = rules
        .rules
        .iter()
        .map(|r| r.id.len())
        .max()
        .unwrap_or(2)
        .max(2);
    let kind_width = rules
        .rules
        .iter()
        .map(|r| r.kind.name.len())
        .max()
        .unwrap_or(4)
        .max(4);
    let mut text = format!(
        "{:id_width$}  {:kind_width$}  {:8}  DEFINED IN\n",
        "ID", "KIND", "SEVERITY"
    );
    for rule in &rules.rules {
        let _ = writeln!(
            text,
            "{:id_width$}  {:kind_width$}  {:8}  {}",
            rule.id,
            rule.kind.name,
            rule.severity_name(),
            location(rule, rules)
        );
    }
    let _ = writeln!(
        text,
        "\n`recheck explain ID` tells what a rule checks and why."
    );
    text
}

/// The README's rule reference: the default rules, then every kind's docs.
pub fn markdown_reference(rules: &RuleSet) -> String {
    let mut text =
        String::from("### Default rules\n\n| id | kind | severity | finds |\n|---|---|---|---|\n");
    for rule in &rules.rules {
        let description = rule
            .description
            .as_deref()
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let _ = writeln!(
            text,
            "| `{}` | `{}` | {} | {} |",
            rule.id,
            rule.kind.name,
            rule.severity_name(),
            description.replace('|', "\\|")
        );
    }
    text.push_str("\n### Rule kinds\n");
    for kind in KINDS {
        let _ = write!(
            text,
            "\n#### `{}`\n\n{}\n\n{}\n",
            kind.name,
            kind.summary,
            demote(&kind.docs(), 3)
        );
    }
    text
}
