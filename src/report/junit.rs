//! JUnit XML, for CI test dashboards (GitLab, Jenkins, Azure, CircleCI).
//!
//! One `<testsuite>` per finding id the run may report (the built-in
//! `syntax` and `schema` checks, then each active rule); each finding is a
//! failing `<testcase>` named `file:line:column: message`, with `classname`
//! `recheck.RULE`, its `file` and `line` attributes, and a `<failure>` whose
//! `type` is the severity and whose text has the help and related places. A
//! check without findings is one passing test case, so dashboards list every
//! rule that ran. No `time` attributes: the output is deterministic.

use std::fmt::Write as _;

use crate::diag::Finding;
use crate::source::Sources;

use super::{PathFrom, Run, place_ref};

/// The whole document.
pub fn render(run: Run<'_>) -> String {
    let loaded = run.loaded;
    let ids = run.finding_ids();
    let shown = run.shown();
    let mut suites = String::new();
    let mut tests = 0;
    for id in &ids {
        let findings: Vec<&Finding> = shown
            .iter()
            .map(|&(_, finding)| finding)
            .filter(|finding| finding.rule == id.id)
            .collect();
        let cases = findings.len().max(1);
        tests += cases;
        let _ = writeln!(
            suites,
            "  <testsuite name=\"{}\" tests=\"{cases}\" failures=\"{}\" errors=\"0\" skipped=\"0\">",
            escape(id.id),
            findings.len()
        );
        if findings.is_empty() {
            let _ = writeln!(
                suites,
                "    <testcase name=\"no findings\" classname=\"recheck.{}\"/>",
                escape(id.id)
            );
        }
        for finding in findings {
            suites.push_str(&testcase(finding, &loaded.sources));
        }
        suites.push_str("  </testsuite>\n");
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <testsuites name=\"recheck\" tests=\"{tests}\" failures=\"{}\" errors=\"0\">\n\
         {suites}</testsuites>\n",
        shown.len()
    )
}

fn testcase(finding: &Finding, sources: &Sources) -> String {
    let file = sources.get(finding.primary.file);
    let line = file.line_col(finding.primary.span.start()).line;
    let path = file.display_path();
    let at = place_ref(&finding.primary, sources, PathFrom::CurrentDir);
    let name = format!("{at}: {}", finding.message);
    let mut details = format!("{at}: {}", finding.primary.label);
    for place in &finding.related {
        let at = place_ref(place, sources, PathFrom::CurrentDir);
        let _ = write!(details, "\n{at}: {}", place.label);
    }
    if let Some(help) = &finding.help {
        let _ = write!(details, "\nhelp: {help}");
    }
    format!(
        "    <testcase name=\"{}\" classname=\"recheck.{}\" file=\"{}\" line=\"{}\">\n\
         \x20     <failure type=\"{}\" message=\"{}\">{}</failure>\n\
         \x20   </testcase>\n",
        escape(&name),
        escape(&finding.rule),
        escape(path),
        line,
        finding.severity,
        escape(&finding.message),
        escape_text(&details)
    )
}

/// Text for an XML attribute value: line breaks kept as `&#10;` (a raw one
/// would be read as a space).
fn escape(text: &str) -> String {
    escape_text(text).replace('\n', "&#10;")
}

/// Text for XML content: the five special characters escaped, and characters
/// XML 1.0 cannot carry at all (NUL and other control characters from a
/// hostile file) replaced by U+FFFD.
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\t' => out.push(c),
            '\r' => {}
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_special_and_forbidden_characters_are_escaped() {
        assert_eq!(escape("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&apos;");
        assert_eq!(escape("nul\0here"), "nul\u{FFFD}here");
        assert_eq!(escape("two\nlines"), "two&#10;lines");
    }
}
