//! GitHub Actions workflow commands: one annotation per finding, shown inline
//! on the pull request's diff.
//!
//! `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=RULE::MESSAGE`,
//! with `warning` and `notice` for the other severities. The message carries
//! the help and the related places (`file:line:column: label`) on lines of
//! their own. Related places are not annotations of their own: GitHub shows
//! at most ten error and ten warning annotations per step, and those belong
//! to findings. Paths are relative to the repository root, as GitHub resolves
//! them; columns count characters and the end column is just past the value.

use std::fmt::Write as _;

use crate::diag::{Finding, Severity};
use crate::source::Sources;

use super::{Options, PathFrom, Run, Summary, place_ref};

/// The related places an annotation lists; the rest are counted (an
/// annotation is a note on a diff, not a report).
const MAX_RELATED: usize = 10;

/// One line per finding, then the summary as a plain log line (unless quiet).
pub fn render(run: Run<'_>, options: &Options) -> String {
    let loaded = run.loaded;
    let mut out = String::new();
    for (_, finding) in run.shown() {
        out.push_str(&annotation(finding, &loaded.sources));
        out.push('\n');
    }
    if !options.quiet {
        let _ = writeln!(out, "recheck: {}", Summary::of(run).line());
    }
    out
}

fn annotation(finding: &Finding, sources: &Sources) -> String {
    let file = sources.get(finding.primary.file);
    let start = file.line_col(finding.primary.span.start());
    let end = file.line_col(finding.primary.span.end());
    let properties = [
        ("file", file.path_from_root().to_owned()),
        ("line", start.line.to_string()),
        ("col", start.column.to_string()),
        ("endLine", end.line.to_string()),
        ("endColumn", end.column.to_string()),
        ("title", finding.rule.clone()),
    ]
    .iter()
    .map(|(name, value)| format!("{name}={}", escape_property(value)))
    .collect::<Vec<_>>()
    .join(",");
    format!(
        "::{} {properties}::{}",
        command(finding.severity),
        escape_data(&message(finding, sources))
    )
}

/// The message, then each related place and the help on lines of their own.
fn message(finding: &Finding, sources: &Sources) -> String {
    let mut text = finding.message.clone();
    for place in finding.related.iter().take(MAX_RELATED) {
        let at = place_ref(place, sources, PathFrom::RepositoryRoot);
        let _ = write!(text, "\n{at}: {}", place.label);
    }
    if finding.related.len() > MAX_RELATED {
        let _ = write!(
            text,
            "\n… and {} more places",
            finding.related.len() - MAX_RELATED
        );
    }
    if let Some(help) = &finding.help {
        let _ = write!(text, "\nhelp: {help}");
    }
    text
}

const fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// What GitHub requires of the message: `%`, CR and LF escaped.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// What GitHub requires of a property value: also `:` and `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_annotation_lists_ten_related_places_and_counts_the_rest() {
        let loaded = super::super::testing::finding_with_related(12);
        let options = Options {
            quiet: true,
            ..Options::PLAIN
        };
        let output = render(Run::invalid_rules(&loaded), &options);
        assert_eq!(output.matches("a.yaml:1:4: there").count(), 10, "{output}");
        assert!(output.ends_with("%0A… and 2 more places\n"), "{output}");
    }

    #[test]
    fn data_and_properties_are_escaped_as_github_requires() {
        assert_eq!(escape_data("100% a\nb\r"), "100%25 a%0Ab%0D");
        assert_eq!(escape_property("a,b: c%"), "a%2Cb%3A c%25");
    }
}
