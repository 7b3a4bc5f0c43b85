//! The README's generated parts stay current: the records-format table (from
//! `model::schema`), the table of built-in finding ids (from `diag::ids`), the rule reference (from the kinds' doc comments and the
//! built-in rules, the text `recheck explain` prints) and the example report
//! (the real output). `RECHECK_BLESS=1 cargo test` rewrites them.

use std::path::PathBuf;

use recheck::report::human::{self, Style};
use recheck::report::{self as render, Format, Options, Run};
use recheck::rules::RuleSet;
use serde_json::Value;

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
        ..Options::PLAIN
    };
    let report = human::render(Run::checked(&loaded, &rules), &options);
    check_section("example", &format!("```text\n{report}```\n"));
}

/// The shared fixture of the CI formats rendered in `format`.
fn formats_fixture(format: Format) -> String {
    let rules = RuleSet::builtin().expect("built-in rules are valid");
    let fixture = PathBuf::from("tests/fixtures/formats/bad-two-files/records");
    let loaded = recheck::check(&[fixture], &rules).expect("fixture loads");
    render::render(Run::checked(&loaded, &rules), format, &Options::PLAIN)
}

#[test]
fn readme_json_example_is_current() {
    let rules = RuleSet::builtin().expect("built-in rules are valid");
    let fixture = PathBuf::from("tests/fixtures/format/bad-syntax-duplicate-key");
    let loaded = recheck::check(&[fixture], &rules).expect("fixture loads");
    let json = render::render(Run::checked(&loaded, &rules), Format::Json, &Options::PLAIN);
    check_section("json-example", &format!("```json\n{json}```\n"));
}

#[test]
fn readme_sarif_example_is_current() {
    let sarif: Value = serde_json::from_str(&formats_fixture(Format::Sarif)).expect("SARIF");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    let overlap = results
        .iter()
        .find(|result| result["ruleId"] == "term-overlap")
        .expect("a term-overlap result");
    let pretty = serde_json::to_string_pretty(overlap).expect("JSON");
    check_section("sarif-example", &format!("```json\n{pretty}\n```\n"));
}

#[test]
fn readme_github_example_is_current() {
    let github = formats_fixture(Format::Github);
    check_section("github-example", &format!("```text\n{github}```\n"));
}

#[test]
fn readme_junit_example_is_current() {
    let junit = formats_fixture(Format::Junit);
    let lines: Vec<&str> = junit.lines().collect();
    let suite = |name: &str| {
        let start = lines
            .iter()
            .position(|line| line.contains(&format!("<testsuite name=\"{name}\"")))
            .expect("the suite");
        let end = start
            + lines[start..]
                .iter()
                .position(|line| line.contains("</testsuite>"))
                .expect("its end");
        lines[start..=end].join("\n")
    };
    let shortened = [
        lines[0].to_owned(),
        lines[1].to_owned(),
        suite("term-overlap"),
        suite("duplicate-id"),
        "</testsuites>".to_owned(),
    ]
    .join("\n");
    check_section("junit-example", &format!("```xml\n{shortened}\n```\n"));
}

#[test]
fn readme_states_the_two_setup_commands() {
    let readme = std::fs::read_to_string("README.md").expect("README.md exists");
    assert!(readme.contains("cargo run --release -- records/"));
    assert!(readme.contains("cargo test"));
}

#[test]
fn readme_popolo_vocabulary_table_is_current() {
    check_section(
        "popolo-format",
        &recheck::model::schema::popolo_markdown_table(),
    );
}

/// The README's excerpt of checking real Popolo data: the UK House of
/// Commons in full, and the first person recorded several times in the
/// Bulgarian National Assembly. Skipped without the shared data.
#[test]
fn readme_popolo_example_is_current() {
    let data = PathBuf::from("../shared/data/popolo/tijmenb__everypolitician-data/data");
    if !data.is_dir() {
        eprintln!("skipped: {} not found", data.display());
        return;
    }
    let rules = RuleSet::builtin().expect("built-in rules are valid");
    let options = Options {
        style: Style {
            color: false,
            width: 100,
        },
        ..Options::PLAIN
    };
    let uk = recheck::check(&[data.join("UK/Commons/ep-popolo-v1.0.json")], &rules)
        .expect("UK file loads");
    let uk_report = human::render(Run::checked(&uk, &rules), &options);
    let mut bulgaria = recheck::check(
        &[data.join("Bulgaria/National_Assembly/ep-popolo-v1.0.json")],
        &rules,
    )
    .expect("Bulgarian file loads");
    let summary = render::Summary::of(Run::checked(&bulgaria, &rules)).line();
    bulgaria
        .findings
        .retain(|finding| finding.message.contains("`AHMED DEMIR DOGAN`"));
    let finding = human::render(Run::checked(&bulgaria, &rules), &options);
    let finding = finding
        .lines()
        .take_while(|line| !line.starts_with("0 errors"));
    let finding: Vec<&str> = finding.collect();
    let text = format!(
        "```text\n$ recheck ../shared/data/popolo/tijmenb__everypolitician-data/data/UK/Commons/ep-popolo-v1.0.json\n{uk_report}\n$ recheck ../shared/data/popolo/tijmenb__everypolitician-data/data/Bulgaria/National_Assembly/ep-popolo-v1.0.json\n{}\n…\n{summary}\n```\n",
        finding.join("\n").trim_end()
    );
    check_section("popolo-example", &text);
}
