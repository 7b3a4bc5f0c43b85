//! Renders findings: `human` (miette reports and a summary) or `json` (the
//! versioned wire format). Both read the same [`Finding`] list.

pub mod human;
pub mod json;

use crate::diag::Counts;
use crate::load::Loaded;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// miette reports, one per finding, and a summary line.
    Human,
    /// One JSON object (see the README's wire format).
    Json,
}

/// What a summary says about a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub records: usize,
    pub counts: Counts,
}

impl Summary {
    pub fn of(loaded: &Loaded) -> Self {
        Self {
            files: loaded.sources.len(),
            records: loaded.records.len(),
            counts: Counts::of(&loaded.findings),
        }
    }

    /// "2 errors, 1 warning in 5 files (84 records)".
    pub fn line(&self) -> String {
        let Counts {
            errors,
            warnings,
            infos,
        } = self.counts;
        let mut counts = format!(
            "{}, {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        );
        if infos > 0 {
            counts = format!("{counts}, {}", plural(infos, "info"));
        }
        format!(
            "{counts} in {} ({})",
            plural(self.files, "file"),
            plural(self.records, "record")
        )
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Renders `loaded` in `format` as one string.
pub fn render(loaded: &Loaded, format: Format, style: &human::Style) -> String {
    match format {
        Format::Human => human::render(loaded, style),
        Format::Json => json::render(loaded),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_counts_read_naturally() {
        let summary = |errors, warnings, infos, files, records| Summary {
            files,
            records,
            counts: Counts {
                errors,
                warnings,
                infos,
            },
        };
        assert_eq!(
            summary(2, 1, 0, 5, 84).line(),
            "2 errors, 1 warning in 5 files (84 records)"
        );
        assert_eq!(
            summary(0, 0, 0, 1, 1).line(),
            "0 errors, 0 warnings in 1 file (1 record)"
        );
        assert_eq!(
            summary(1, 0, 3, 2, 0).line(),
            "1 error, 0 warnings, 3 infos in 2 files (0 records)"
        );
    }
}
