//! The human report: one miette graphical report per finding, then a summary.
//!
//! Findings are adapted to miette here and nowhere else. A related place in
//! the same file becomes a second label; one in another file becomes a
//! related report with that file's source, so every file involved is shown.

use std::fmt;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use crate::diag::{Finding, Place, Severity};
use crate::load::Loaded;
use crate::source::Sources;

use super::Summary;

/// How the report looks: colour and line width.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

impl Style {
    /// No colour, 80 columns: what tests and snapshots use.
    pub const PLAIN: Self = Self {
        color: false,
        width: 80,
    };
}

/// Every finding as a report, then the summary line.
pub fn render(loaded: &Loaded, style: &Style) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false);
    let mut out = String::new();
    for finding in &loaded.findings {
        let report = Report::new(finding, &loaded.sources);
        // Writing to a String cannot fail.
        let _ = handler.render_report(&mut out, &report);
        out.push('\n');
    }
    out.push_str(&Summary::of(loaded).line());
    out.push('\n');
    out
}

/// A finding (or one of its places in another file) as miette sees it.
struct Report<'a> {
    finding: &'a Finding,
    message: &'a str,
    source: NamedText<'a>,
    labels: Vec<LabeledSpan>,
    others: Vec<Report<'a>>,
    /// A place in another file, shown under the main report.
    is_related: bool,
}

impl<'a> Report<'a> {
    fn new(finding: &'a Finding, sources: &'a Sources) -> Self {
        let primary = &finding.primary;
        let message = finding.message.as_str();
        let file = sources.get(primary.file);
        let source = NamedText {
            name: file.display_path(),
            text: &file.text,
        };
        let mut labels = vec![LabeledSpan::new_primary_with_span(
            Some(primary.label.clone()),
            span(primary),
        )];
        let mut others = Vec::new();
        for place in &finding.related {
            if place.file == primary.file {
                labels.push(LabeledSpan::new_with_span(
                    Some(place.label.clone()),
                    span(place),
                ));
            } else {
                others.push(Report::related(finding, place, sources));
            }
        }
        Self {
            finding,
            message,
            source,
            labels,
            others,
            is_related: false,
        }
    }

    fn related(finding: &'a Finding, place: &'a Place, sources: &'a Sources) -> Self {
        let file = sources.get(place.file);
        let source = NamedText {
            name: file.display_path(),
            text: &file.text,
        };
        let labels = vec![LabeledSpan::new_primary_with_span(None, span(place))];
        Self {
            finding,
            message: &place.label,
            source,
            labels,
            others: Vec::new(),
            is_related: true,
        }
    }
}

fn span(place: &Place) -> SourceSpan {
    SourceSpan::from(place.span.start..place.span.end)
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message)
    }
}

impl std::error::Error for Report<'_> {}

impl Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        (!self.is_related).then(|| Box::new(&self.finding.rule) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        if self.is_related {
            return Some(miette::Severity::Advice);
        }
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let help = self.finding.help.as_ref().filter(|_| !self.is_related)?;
        Some(Box::new(help))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn Diagnostic> + 'b>> {
        if self.others.is_empty() {
            return None;
        }
        Some(Box::new(self.others.iter().map(|r| r as &dyn Diagnostic)))
    }
}

/// A file's text under its display name, borrowed rather than copied (a
/// 50 MB file with many findings must not be cloned per finding).
struct NamedText<'a> {
    name: String,
    text: &'a str,
}

impl NamedText<'_> {
    /// 0-based column of a byte offset, in characters: miette counts bytes,
    /// and the report's `file:line:column` must agree with the JSON output.
    fn char_column(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        let line_start = self.text[..offset].rfind('\n').map_or(0, |i| i + 1);
        self.text
            .get(line_start..offset)
            .map_or(0, |s| s.chars().count())
    }
}

impl SourceCode for NamedText<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let inner = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line(),
            self.char_column(inner.span().offset()),
            inner.line_count(),
        )))
    }
}
