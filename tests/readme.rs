//! The README's generated parts stay current: the records-format table (from
//! `model::schema`), the table of built-in finding ids (from `diag::ids`), the rule reference (from the kinds' doc comments and the
//! built-in rules, the text `recheck explain` prints) and the example report
//! (the real output). `RECHECK_BLESS=1 cargo test` rewrites them.

use std::path::PathBuf;

use recheck::report::human::{self, Style};
use recheck::report::{Options, Run};
use recheck::rules::RuleSet;

/// Replaces the text between `<!-- NAME:start -->` and `<!-- NAME:end -->`
/// with `expected`, or fails when it differs and blessing is off.
fn check_section(name: &str, expected: &str) {
    let readme = std::fs::read_to_string("README.md").expect("README.md exists");
    let start_marker = format!("<!-- {name}:start -->\n");
    let end_marker = format!("<!-- {name}:end -->");
    let start = readme
        .find(&start_marker)
        .unwrap_or_else(|| panic!("README has the {name}:start marker"))
        + start_marker.len();
    let end = readme
        .find(&end_marker)
        .unwrap_or_else(|| panic!("README has the {name}:end marker"));
    if readme[start..end] == *expected {
        return;
    }
    if std::env::var_os("RECHECK_BLESS").is_some() {
        let updated = format!("{}{expected}{}", &readme[..start], &readme[end..]);
        std::fs::write("README.md", updated).expect("README.md is writable");
        return;
    }
    panic!("README's `{name}` section is out of date; run `RECHECK_BLESS=1 cargo test`");
}

#[test]
fn readme_format_table_is_current() {
    check_section("format", &recheck::model::schema::markdown_table());
}

#[test]
fn readme_findings_table_is_current() {
    check_section("findings", &recheck::diag::ids::markdown_table());
}

#[test]
fn readme_rule_reference_is_current() {
    let rules = RuleSet::builtin().expect("built-in rules are valid");
    check_section("rules", &recheck::explain::markdown_reference(&rules));
}

#[test]
fn readme_example_report_is_current() {
    let rules = RuleSet::builtin().expect("built-in rules are valid");
    let fixture = PathBuf::from("tests/fixtures/datasets/bad-cica-planted-defects");
    let loaded = recheck::check(&[fixture], &rules).expect("fixture loads");
    let style = Style {
        color: false,
        width: 100,
    };
    let options = Options {
        style,
        quiet: false,
    };
    let report = human::render(Run::checked(&loaded, &rules), &options);
    check_section("example", &format!("```text\n{report}```\n"));
}

#[test]
fn readme_states_the_two_setup_commands() {
    let readme = std::fs::read_to_string("README.md").expect("README.md exists");
    assert!(readme.contains("cargo run --release -- records/"));
    assert!(readme.contains("cargo test"));
}
