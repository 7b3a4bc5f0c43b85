//! The default rules, built into the binary so that `recheck` works anywhere.
//!
//! These are the files of the repository's `rules/` directory; a test checks
//! that this list and that directory agree, file for file.

/// `(file name, contents)` of every default rules file.
pub const FILES: &[(&str, &str)] = &[
    ("dates.yaml", include_str!("../../rules/dates.yaml")),
    ("offices.yaml", include_str!("../../rules/offices.yaml")),
    ("records.yaml", include_str!("../../rules/records.yaml")),
    ("spelling.yaml", include_str!("../../rules/spelling.yaml")),
];
