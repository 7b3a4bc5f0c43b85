//! The decisions file: reviewed decisions keyed by records or names, not by
//! lines, so that they survive edits to the records.
//!
//! ```yaml
//! decisions:
//!   - rule: name-spelling
//!     names: [Ahmed Dogan, Ahmed Doğan]
//!     decision: distinct
//!     reason: two people; the 1990s deputy and the 2020s minister
//!   - rule: term-overlap
//!     records: [m-12, m-13]
//!     decision: accepted
//!     reason: acting chair while the elected chair was on leave
//!     expires: 2027-01-01
//! ```
//!
//! Every `recheck-decisions.yaml` under the checked directories (or beside a
//! checked file) is read, unless `--decisions` names the files.
//!
//! An entry covers a finding of its `rule` when every record the finding
//! points into is one of its `records` (by id, or the identifying fields of a
//! record without one), and every value it points at is one of its `names`;
//! an entry may give either or both.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::date::PartialDate;
use crate::diag::{Finding, Place, Severity, Suppressed, ids};
use crate::fingerprint::{RecordsByFile, value_text};
use crate::load::Loaded;
use crate::model::Record;
use crate::rules::RuleSet;
use crate::source::{FileId, SourceFile, Span};
use crate::yaml::{self, Node};

use super::{about_decision, may_cover, ran};

/// The decisions file read beside the records when none is named.
pub const DEFAULT_NAME: &str = "recheck-decisions.yaml";

/// What a decision says about the findings it covers.
const DECISIONS: [&str; 2] = ["distinct", "accepted"];

/// The fields of an entry.
const FIELDS: [&str; 6] = ["rule", "decision", "reason", "records", "names", "expires"];

/// A decisions file, as loaded into a run's sources.
#[derive(Debug)]
pub struct Ledger {
    pub file: FileId,
    pub entries: Vec<Decision>,
}

/// One reviewed decision.
#[derive(Debug)]
pub struct Decision {
    pub rule: String,
    pub rule_span: Span,
    /// `distinct` or `accepted`.
    pub decision: String,
    pub reason: String,
    pub records: Vec<String>,
    pub names: Vec<String>,
    pub expires: Option<(NaiveDate, Span)>,
    /// The entry's mapping.
    pub span: Span,
}

/// The default decisions files of a run: every `recheck-decisions.yaml` in
/// the given directories (hidden ones skipped, as the records loader does),
/// and the one beside each given file.
pub fn beside(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = Vec::new();
    for path in paths {
        let candidates: Vec<PathBuf> = if path.is_dir() {
            walkdir::WalkDir::new(path)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|entry| {
                    entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.')
                })
                .filter_map(Result::ok)
                .filter(|entry| entry.file_type().is_file() && entry.file_name() == DEFAULT_NAME)
                .map(walkdir::DirEntry::into_path)
                .collect()
        } else {
            path.parent()
                .map(|dir| dir.join(DEFAULT_NAME))
                .filter(|candidate| candidate.is_file())
                .into_iter()
                .collect()
        };
        for candidate in candidates {
            if !found.contains(&candidate) {
                found.push(candidate);
            }
        }
    }
    found
}

/// Reads a decisions file into `loaded`'s sources. Its problems become
/// `invalid-decision` findings; only a file that cannot be read is an error.
pub fn load(path: &Path, loaded: &mut Loaded) -> std::io::Result<Ledger> {
    let text = std::fs::read_to_string(path)?;
    let file = loaded
        .sources
        .add(SourceFile::new(path.to_path_buf(), text));
    loaded.review.files += 1;
    let mut problems = Vec::new();
    let entries = match yaml::parse(&loaded.sources.get(file).text) {
        Ok(document) => entries(&document.root, file, &mut problems),
        Err(error) => {
            problems.push(invalid(
                file,
                error.span,
                format!("the decisions file does not parse: {}", error.message),
                error.help,
            ));
            Vec::new()
        }
    };
    loaded.findings.extend(problems);
    Ok(Ledger { file, entries })
}

fn invalid(file: FileId, span: Span, message: String, help: &str) -> Finding {
    about_decision(
        ids::INVALID_DECISION,
        Severity::Error,
        message,
        Place::new(file, span, "here"),
        help,
    )
}

const FORM: &str = "a decisions file is `decisions:` and a list of entries, each with `rule`, \
    `decision` (`distinct` or `accepted`), `reason`, `records` and/or `names`, and optionally \
    `expires`";

fn entries(root: &Node, file: FileId, problems: &mut Vec<Finding>) -> Vec<Decision> {
    let list = root.get("decisions").and_then(Node::as_seq);
    let Some(list) = list else {
        problems.push(invalid(
            file,
            root.span,
            "no `decisions:` list".to_owned(),
            FORM,
        ));
        return Vec::new();
    };
    list.iter()
        .filter_map(|item| entry(item, file, problems))
        .collect()
}

fn entry(node: &Node, file: FileId, problems: &mut Vec<Finding>) -> Option<Decision> {
    let problem = |span: Span, message: String, problems: &mut Vec<Finding>| {
        problems.push(invalid(file, span, message, FORM));
    };
    let Some(fields) = node.as_map() else {
        problem(node.span, "an entry must be a mapping".to_owned(), problems);
        return None;
    };
    let before = problems.len();
    for field in fields {
        let key = field.key.as_str().unwrap_or("");
        if !FIELDS.contains(&key) {
            let close = crate::suggest::did_you_mean(key, FIELDS.iter().copied());
            let hint = close.map_or_else(String::new, |c| format!("; did you mean `{c}`?"));
            problem(
                field.key.span,
                format!("unknown field `{key}`{hint}"),
                problems,
            );
        }
    }
    let text = |name: &str, problems: &mut Vec<Finding>| -> Option<(String, Span)> {
        let Some(value) = node.get(name) else {
            problem(node.span, format!("the entry has no `{name}`"), problems);
            return None;
        };
        match value.scalar_text() {
            Some(text) if !text.trim().is_empty() => Some((text.trim().to_owned(), value.span)),
            _ => {
                problem(value.span, format!("`{name}` must be a text"), problems);
                None
            }
        }
    };
    let rule = text("rule", problems);
    let decision = text("decision", problems);
    let reason = text("reason", problems);
    if let Some((value, span)) = &decision
        && !DECISIONS.contains(&value.as_str())
    {
        problem(
            *span,
            format!("`decision` is `distinct` or `accepted`, not `{value}`"),
            problems,
        );
    }
    let records = texts(node, "records", file, problems);
    let names = texts(node, "names", file, problems);
    // An unknown field (`recrods`) already says what is wrong.
    let unknown_field = problems.len() > before;
    if !unknown_field && node.get("records").is_none() && node.get("names").is_none() {
        problem(
            node.span,
            "the entry names no `records` and no `names`: it would cover every finding of its \
             rule"
                .to_owned(),
            problems,
        );
    }
    let expires = node.get("expires").and_then(|value| {
        let parsed = value.scalar_text().as_deref().and_then(day);
        if parsed.is_none() {
            problem(
                value.span,
                "`expires` must be a day, `YYYY-MM-DD`".to_owned(),
                problems,
            );
        }
        parsed.map(|day| (day, value.span))
    });
    if problems.len() > before {
        return None;
    }
    let ((rule, rule_span), (decision, _), (reason, _)) = (rule?, decision?, reason?);
    Some(Decision {
        rule,
        rule_span,
        decision,
        reason,
        records,
        names,
        expires,
        span: node.span,
    })
}

/// The texts of a list field; problems for what is not a list of texts.
fn texts(node: &Node, name: &str, file: FileId, problems: &mut Vec<Finding>) -> Vec<String> {
    let Some(value) = node.get(name) else {
        return Vec::new();
    };
    let items = value.as_seq().unwrap_or_default();
    let texts: Vec<String> = items
        .iter()
        .filter_map(Node::scalar_text)
        .map(|text| normalized(&text))
        .collect();
    if texts.is_empty() || texts.len() != items.len() {
        problems.push(invalid(
            file,
            value.span,
            format!("`{name}` must be a list of texts"),
            FORM,
        ));
    }
    texts
}

/// A day written `YYYY-MM-DD`.
pub fn day(text: &str) -> Option<NaiveDate> {
    let date = PartialDate::parse(text.trim()).ok()?;
    (date.earliest() == date.latest()).then(|| date.earliest())
}

/// Whitespace runs as one space, as finding values are compared.
fn normalized(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Marks the findings `ledger` covers; reports its unknown rules, expired
/// entries and entries that cover nothing.
pub fn apply(loaded: &mut Loaded, rules: &RuleSet, ledger: &Ledger, today: NaiveDate) {
    let mut about = Vec::new();
    let Loaded {
        findings,
        records,
        sources,
        ..
    } = loaded;
    let by_file = RecordsByFile::new(records);
    for entry in &ledger.entries {
        let at = Place::new(ledger.file, entry.rule_span, "this decision");
        if !may_cover(rules, &entry.rule) {
            let ids = rules.rules.iter().map(|rule| rule.id.as_str());
            let help = crate::suggest::did_you_mean(&entry.rule, ids).map_or_else(
                || "`recheck rules` lists the rule ids".to_owned(),
                |close| format!("did you mean `{close}`?"),
            );
            about.push(invalid(
                ledger.file,
                entry.rule_span,
                format!(
                    "no rule `{}` whose findings a decision may cover",
                    entry.rule
                ),
                &help,
            ));
            continue;
        }
        if let Some((expires, span)) = entry.expires
            && today >= expires
        {
            about.push(about_decision(
                ids::EXPIRED_DECISION,
                Severity::Warning,
                format!("this decision expired on {expires}, and no longer applies"),
                Place::new(ledger.file, span, "expired"),
                "review the findings it covered again: renew the decision with a later \
                 `expires`, or remove it",
            ));
            continue;
        }
        let mut used = false;
        for finding in findings.iter_mut() {
            if finding.suppressed.is_none()
                && finding.rule == entry.rule
                && covers(entry, finding, sources, &by_file)
            {
                finding.suppressed = Some(Suppressed::Decision {
                    reason: entry.reason.clone(),
                    at: at.clone(),
                });
                used = true;
            }
        }
        if !used && ran(rules, &entry.rule) {
            about.push(about_decision(
                ids::UNUSED_DECISION,
                Severity::Warning,
                format!("this `{}` decision covers no finding", entry.rule),
                at,
                "remove it: the records or names it is about changed, or the problem was \
                 fixed",
            ));
        }
    }
    findings.extend(about);
}

/// Whether `entry` covers `finding`.
fn covers(
    entry: &Decision,
    finding: &Finding,
    sources: &crate::source::Sources,
    by_file: &RecordsByFile<'_>,
) -> bool {
    let places = || std::iter::once(&finding.primary).chain(&finding.related);
    if !entry.records.is_empty() {
        let keys: BTreeSet<String> = places()
            .filter_map(|place| by_file.containing(place))
            .map(Record::key)
            .collect();
        if keys.is_empty() || !keys.iter().all(|key| entry.records.contains(key)) {
            return false;
        }
    }
    if !entry.names.is_empty() {
        let values: BTreeSet<String> = places()
            .map(|place| normalized(&value_text(sources, place)))
            .filter(|value| !value.is_empty())
            .collect();
        if values.is_empty() || !values.iter().all(|value| entry.names.contains(value)) {
            return false;
        }
    }
    true
}
