//! Fixture tests: every directory under `tests/fixtures/` named `good-*` or
//! `bad-*` is a small project.
//!
//! - Records are the fixture's `records/` directory, or the fixture itself
//!   when it has none. Rules are its `rules/` directory, or the built-in ones;
//!   fixtures of the records format (`format/`) run without rules, so they
//!   test the loader alone.
//! - `good-*` must give zero findings.
//! - `bad-*` must give exactly the findings listed in its `expected.txt`
//!   (`file:line:column rule`, one per line, `#` comments allowed), and its
//!   human report is snapshotted, so accepting a new snapshot cannot silently
//!   drop a finding. A fixture whose rules are invalid lists the findings in
//!   its rules files.
//!
//! Fixtures are grouped in directories (`format/`, `rules/<rule-id>/`,
//! `kinds/<kind>/`, `datasets/`, `invalid-rules/`); a group holds only
//! directories, so a misplaced fixture fails the test.

use std::fs;
use std::path::{Path, PathBuf};

use recheck::diag::Finding;
use recheck::load::Loaded;
use recheck::report::{self, Format, Options, Run};
use recheck::rules::{RuleSet, RulesError};

const ROOT: &str = "tests/fixtures";

/// Every fixture directory, sorted.
fn fixture_dirs() -> Vec<PathBuf> {
    let mut found = Vec::new();
    collect(Path::new(ROOT), &mut found);
    found.sort();
    found
}

fn collect(group: &Path, found: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(group).expect("fixture group is readable") {
        let path = entry.expect("readable fixture entry").path();
        assert!(
            path.is_dir(),
            "{}: fixture groups hold only directories",
            path.display()
        );
        if is_fixture(&path) {
            found.push(path);
        } else {
            collect(&path, found);
        }
    }
}

fn name(dir: &Path) -> String {
    dir.file_name()
        .expect("fixture has a name")
        .to_string_lossy()
        .into_owned()
}

fn is_fixture(dir: &Path) -> bool {
    let name = name(dir);
    name.starts_with("good-") || name.starts_with("bad-")
}

/// The fixture's records checked with its rules, or the findings in its
/// invalid rules files (then without rules).
fn check(dir: &Path) -> (Loaded, Option<RuleSet>) {
    let records = if dir.join("records").is_dir() {
        dir.join("records")
    } else {
        dir.to_path_buf()
    };
    let rules = if dir.join("rules").is_dir() {
        RuleSet::from_path(&dir.join("rules"))
    } else if dir.starts_with(Path::new(ROOT).join("format")) {
        RuleSet::parse(Vec::new())
    } else {
        RuleSet::builtin()
    };
    match rules {
        Ok(rules) => (
            recheck::check(&[records], &rules).expect("fixture loads"),
            Some(rules),
        ),
        Err(RulesError::Invalid { sources, findings }) => {
            let loaded = Loaded {
                sources,
                records: Vec::new(),
                findings,
                ..Loaded::default()
            };
            (loaded, None)
        }
        Err(error) => panic!("{}: {error}", dir.display()),
    }
}

/// The findings as `file:line:column rule`, file relative to the fixture;
/// suppressed findings are not reported, so not listed.
fn finding_lines(dir: &Path, loaded: &Loaded) -> Vec<String> {
    loaded
        .findings
        .iter()
        .filter(|finding| finding.suppressed.is_none())
        .map(|finding: &Finding| {
            let file = loaded.sources.get(finding.primary.file);
            let at = file.line_col(finding.primary.span.start());
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

/// `rules/term-overlap/bad-x` as a snapshot name: `rules__term-overlap__bad-x`.
fn snapshot_name(dir: &Path) -> String {
    dir.strip_prefix(ROOT)
        .expect("fixture under the root")
        .to_string_lossy()
        .replace(['/', '\\'], "__")
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
        let (loaded, _) = check(dir);
        assert_eq!(
            finding_lines(dir, &loaded),
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
        let (loaded, _) = check(dir);
        assert_eq!(
            finding_lines(dir, &loaded),
            expected_lines(dir),
            "{}",
            dir.display()
        );
    }
}

#[test]
fn bad_fixture_reports_match_their_snapshots() {
    for dir in fixture_dirs()
        .iter()
        .filter(|d| name(d).starts_with("bad-"))
    {
        let (loaded, rules) = check(dir);
        let run = rules.as_ref().map_or_else(
            || Run::invalid_rules(&loaded),
            |rules| Run::checked(&loaded, rules),
        );
        let report = report::render(run, Format::Human, &Options::PLAIN);
        insta::assert_snapshot!(snapshot_name(dir), report);
    }
}

#[test]
fn fixtures_exist() {
    assert!(fixture_dirs().len() > 20);
}
