//! Fixture tests: every directory under `tests/fixtures/` is a small records
//! tree.
//!
//! - `good-*` must load with zero findings.
//! - `bad-*` must give exactly the findings listed in its `expected.txt`
//!   (`file:line:column rule`, one per line), and its human report is
//!   snapshotted, so accepting a new snapshot cannot silently drop a finding.
//!
//! Any other directory name fails the test.

use std::fs;
use std::path::{Path, PathBuf};

use recheck::report::human::{self, Style};

fn fixture_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir("tests/fixtures")
        .expect("tests/fixtures exists")
        .map(|entry| entry.expect("readable fixture entry").path())
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn name(dir: &Path) -> String {
    dir.file_name()
        .expect("fixture has a name")
        .to_string_lossy()
        .into_owned()
}

/// The findings as `file:line:column rule`, file relative to the fixture.
fn finding_lines(dir: &Path) -> Vec<String> {
    let loaded = recheck::check(&[dir.to_path_buf()]).expect("fixture loads");
    loaded
        .findings
        .iter()
        .map(|finding| {
            let file = loaded.sources.get(finding.primary.file);
            let at = file.line_col(finding.primary.span.start);
            let relative = file.path.strip_prefix(dir).expect("file under fixture");
            format!(
                "{}:{}:{} {}",
                relative.display(),
                at.line,
                at.column,
                finding.rule
            )
        })
        .collect()
}

fn expected_lines(dir: &Path) -> Vec<String> {
    let text = fs::read_to_string(dir.join("expected.txt")).expect("bad fixture has expected.txt");
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

#[test]
fn good_fixtures_have_no_findings() {
    for dir in fixture_dirs()
        .iter()
        .filter(|d| name(d).starts_with("good-"))
    {
        assert!(
            !dir.join("expected.txt").exists(),
            "{}: a good fixture expects nothing",
            dir.display()
        );
        assert_eq!(
            finding_lines(dir),
            Vec::<String>::new(),
            "{}",
            dir.display()
        );
    }
}

#[test]
fn bad_fixtures_have_exactly_their_expected_findings() {
    for dir in fixture_dirs()
        .iter()
        .filter(|d| name(d).starts_with("bad-"))
    {
        assert_eq!(finding_lines(dir), expected_lines(dir), "{}", dir.display());
    }
}

#[test]
fn bad_fixture_reports_match_their_snapshots() {
    for dir in fixture_dirs()
        .iter()
        .filter(|d| name(d).starts_with("bad-"))
    {
        let loaded = recheck::check(std::slice::from_ref(dir)).expect("fixture loads");
        let report = human::render(&loaded, &Style::PLAIN);
        insta::assert_snapshot!(name(dir), report);
    }
}

#[test]
fn every_fixture_is_named_good_or_bad() {
    for dir in fixture_dirs() {
        let name = name(&dir);
        assert!(
            name.starts_with("good-") || name.starts_with("bad-"),
            "fixture `{name}` must be good-* or bad-*"
        );
    }
}
