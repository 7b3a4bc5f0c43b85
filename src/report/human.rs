//! The human report: one miette graphical report per finding, then a summary.
//!
//! Findings are adapted to miette here and nowhere else. A related place in
//! the same file becomes a second label; one in another file becomes a
//! related report with that file's source, so every file involved is shown.

use std::borrow::Cow;
use std::fmt;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use crate::diag::{Finding, Place, Severity};
use crate::source::{SourceFile, Sources};

use super::{Options, PathFrom, Run, Summary, place_ref};

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

/// Every finding as a report, then the summary line (unless quiet).
pub fn render(run: Run<'_>, options: &Options) -> String {
    let style = &options.style;
    let loaded = run.loaded;
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false);
    let mut out = String::new();
    for (_, finding) in run.shown() {
        let report = Report::new(finding, &loaded.sources);
        // Writing to a String cannot fail.
        let _ = handler.render_report(&mut out, &report);
        out.push('\n');
    }
    if !options.quiet {
        out.push_str(&Summary::of(run).line());
        out.push('\n');
    }
    out
}

/// A finding (or one of its places in another file) as miette sees it.
struct Report<'a> {
    finding: &'a Finding,
    message: Cow<'a, str>,
    source: NamedText<'a>,
    labels: Vec<LabeledSpan>,
    others: Vec<Report<'a>>,
    /// A place in another file, shown under the main report.
    is_related: bool,
}

impl<'a> Report<'a> {
    fn new(finding: &'a Finding, sources: &'a Sources) -> Self {
        let primary = &finding.primary;
        let mut message = Cow::Borrowed(finding.message.as_str());
        let file = sources.get(primary.file);
        let source = NamedText {
            name: file.display_path().to_owned(),
            file,
        };
        let mut labels = Vec::new();
        if fits_a_snippet(primary, sources) {
            labels.push(LabeledSpan::new_primary_with_span(
                Some(primary.label.clone()),
                span(primary),
            ));
        } else {
            message = Cow::Owned(format!("{message}\n{}", as_text(primary, sources)));
        }
        let mut others = Vec::new();
        for place in &finding.related {
            if place.file != primary.file {
                others.push(Report::related(finding, place, sources));
            } else if fits_a_snippet(place, sources) && !labels.is_empty() {
                labels.push(LabeledSpan::new_with_span(
                    Some(place.label.clone()),
                    span(place),
                ));
            } else {
                message = Cow::Owned(format!("{message}\n{}", as_text(place, sources)));
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
            name: file.display_path().to_owned(),
            file,
        };
        let (labels, message) = if fits_a_snippet(place, sources) {
            let label = LabeledSpan::new_primary_with_span(None, span(place));
            (vec![label], Cow::Borrowed(place.label.as_str()))
        } else {
            (Vec::new(), Cow::Owned(as_text(place, sources)))
        };
        Self {
            finding,
            message,
            source,
            labels,
            others: Vec::new(),
            is_related: true,
        }
    }
}

/// Labels further right than this are not drawn: miette pads to a label's
/// column, which breaks down far into a 20 MB line. Such a place is named
/// in the text instead.
const MAX_SNIPPET_COLUMN: usize = 1000;

fn fits_a_snippet(place: &Place, sources: &Sources) -> bool {
    let file = sources.get(place.file);
    let (start, end) = (
        file.line_col(place.span.start()),
        file.line_col(place.span.end()),
    );
    start.column <= MAX_SNIPPET_COLUMN
        && end.column <= MAX_SNIPPET_COLUMN
        && end.line - start.line <= MAX_SNIPPET_LINES
}

/// A label spanning more lines than this is named in the text.
const MAX_SNIPPET_LINES: usize = 50;

/// `at FILE:LINE:COLUMN: LABEL`, for a place not drawn in a snippet.
fn as_text(place: &Place, sources: &Sources) -> String {
    let at = place_ref(place, sources, PathFrom::CurrentDir);
    format!("at {at}: {}", place.label)
}

fn span(place: &Place) -> SourceSpan {
    SourceSpan::from(place.span.start()..place.span.end())
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
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
        (!self.labels.is_empty()).then_some(&self.source as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            return None;
        }
        Some(Box::new(self.labels.iter().cloned()))
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn Diagnostic> + 'b>> {
        if self.others.is_empty() {
            return None;
        }
        Some(Box::new(self.others.iter().map(|r| r as &dyn Diagnostic)))
    }
}

/// A snippet longer than this (a file written on one line, a huge value) is
/// cut to [`CLIP_MARGIN`] bytes around the label.
const MAX_SNIPPET_BYTES: usize = 16 * 1024;
const CLIP_MARGIN: usize = 200;

/// The window, cut around `span` when it is too long to print: a 20 MB line
/// must not be copied once per finding.
fn clip_long_lines(text: &str, (start, end): (usize, usize), span: &SourceSpan) -> (usize, usize) {
    if end - start <= MAX_SNIPPET_BYTES {
        return (start, end);
    }
    let span_end = span.offset() + span.len();
    let mut from = span.offset().saturating_sub(CLIP_MARGIN).max(start);
    let mut to = span_end.saturating_add(CLIP_MARGIN).min(end);
    while from > start && !text.is_char_boundary(from) {
        from -= 1;
    }
    while to < end && !text.is_char_boundary(to) {
        to += 1;
    }
    (from, to)
}

/// Labels at most this many lines apart share one snippet.
const JOIN_GAP_LINES: usize = 4;

/// A file's text under its display name, borrowed rather than copied (a
/// 50 MB file with many findings must not be cloned per finding).
struct NamedText<'a> {
    name: String,
    file: &'a SourceFile,
}

impl NamedText<'_> {
    /// 0-based column of a byte offset, in characters: miette counts bytes,
    /// and the report's `file:line:column` must agree with the JSON output.
    fn char_column(&self, offset: usize) -> usize {
        self.file.line_col(offset).column - 1
    }

    /// The lines around `span`, with a line of margin on each side: miette
    /// scans a text from its start, so it is given only this window (else
    /// each finding would cost the size of the file).
    fn window(&self, span: &SourceSpan, before: usize, after: usize) -> (usize, usize) {
        let first = self.file.line_index(span.offset());
        let last = self.file.line_index(span.offset() + span.len());
        let first = first.saturating_sub(before + 1);
        (first, self.file.line_start(last + after + 2))
    }
}

impl SourceCode for NamedText<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let text = self.file.text.as_str();
        let (first_line, end) = self.window(span, context_lines_before, context_lines_after);
        let start = self.file.line_start(first_line);
        let (start, end) = clip_long_lines(text, (start, end), span);
        let window = text.get(start..end).unwrap_or(text);
        let shifted = SourceSpan::new((span.offset() - start).into(), span.len());
        let inner = window.read_span(&shifted, context_lines_before, context_lines_after)?;
        let offset = inner.span().offset() + start;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            SourceSpan::new(offset.into(), inner.span().len()),
            inner.line() + first_line,
            self.char_column(offset),
            // miette joins two labels into one snippet when `line +
            // line_count` reaches the next label's context. Its own reader
            // counts lines from the start of the text, which joins every two
            // labels and prints all the lines between far-apart records; the
            // lines shown plus a small gap joins only labels a few lines apart.
            inner.line_count().saturating_sub(inner.line()) + JOIN_GAP_LINES,
        )))
    }
}
