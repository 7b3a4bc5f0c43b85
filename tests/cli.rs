//! The command-line contract: exit codes, default path, formats, colour.

use std::fs;
use std::process::{Command, Output};

use serde_json::Value;

fn recheck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_recheck"))
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("recheck runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn json(args: &[&str]) -> Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    serde_json::from_str(&stdout(&recheck(&all))).expect("stdout is one JSON object")
}

#[test]
fn the_projects_own_records_are_clean() {
    let output = recheck(&["records/"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let out = stdout(&output);
    assert!(
        out.starts_with("0 errors, 0 warnings in 5 files ("),
        "{out}"
    );
}

#[test]
fn the_default_path_is_records() {
    assert_eq!(stdout(&recheck(&[])), stdout(&recheck(&["records/"])));
}

#[test]
fn error_findings_exit_1() {
    let output = recheck(&["tests/fixtures/format/bad-schema-event-status"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).ends_with("2 errors, 0 warnings in 1 file (2 records)\n"));
}

#[test]
fn a_missing_path_exits_2_and_says_which() {
    let output = recheck(&["records/", "no/such/dir"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no/such/dir"));
    assert!(output.stdout.is_empty());
}

#[test]
fn bad_arguments_exit_2_and_help_exits_0() {
    assert_eq!(recheck(&["--format", "xml"]).status.code(), Some(2));
    assert_eq!(recheck(&["--no-such-flag"]).status.code(), Some(2));
    assert_eq!(recheck(&["--color", "sometimes"]).status.code(), Some(2));
    let help = recheck(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(stdout(&help).contains("--format"));
}

#[test]
fn an_empty_directory_is_clean_but_warned_about() {
    let output = recheck(&["tests/fixtures/format/good-empty-files/empty.yaml"]);
    assert_eq!(output.status.code(), Some(0));
    let output = recheck(&["src/"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no records files"));
}

#[test]
fn json_findings_carry_positions_help_and_related_places() {
    let report = json(&["tests/fixtures/format/bad-syntax-duplicate-key"]);
    assert_eq!(report["version"], 1);
    let finding = &report["findings"][0];
    assert_eq!(finding["rule"], "syntax");
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["message"], "duplicate key `name`");
    assert_eq!(
        finding["file"],
        "tests/fixtures/format/bad-syntax-duplicate-key/records.yaml"
    );
    assert_eq!(
        (&finding["line"], &finding["column"]),
        (&Value::from(4), &Value::from(5))
    );
    assert_eq!(
        (&finding["end_line"], &finding["end_column"]),
        (&Value::from(4), &Value::from(9))
    );
    assert!(finding["help"].as_str().is_some_and(|h| h.contains("once")));
    let related = &finding["related"][0];
    assert_eq!(
        (&related["line"], &related["column"]),
        (&Value::from(3), &Value::from(5))
    );
    assert_eq!(related["message"], "first written here");
    assert_eq!(
        report["summary"],
        serde_json::json!({
            "files": 1, "records": 2, "errors": 1, "warnings": 0, "infos": 0,
            "suppressed": 0, "baselined": 0, "fixed_in_baseline": 0, "omitted": 0
        })
    );
}

#[test]
fn json_columns_count_characters() {
    let report = json(&["tests/fixtures/format/bad-schema-non-ascii-columns"]);
    let finding = &report["findings"][0];
    // `ğ` is two bytes: byte columns would say 53 and 63.
    assert_eq!(
        (&finding["column"], &finding["end_column"]),
        (&Value::from(52), &Value::from(62))
    );
}

#[test]
fn json_findings_are_sorted_by_file_line_column() {
    let report = json(&[
        "tests/fixtures/format/bad-mixed-broken-and-valid",
        "tests/fixtures/format/bad-schema-wrong-shape",
    ]);
    let keys: Vec<(String, u64, u64)> = report["findings"]
        .as_array()
        .expect("findings is a list")
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap_or_default().to_owned(),
                f["line"].as_u64().unwrap_or(0),
                f["column"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert_eq!(report["summary"]["files"], 4);
}

#[test]
fn the_json_wire_format_is_stable() {
    let output = recheck(&[
        "--format",
        "json",
        "tests/fixtures/format/bad-mixed-broken-and-valid",
    ]);
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!("json_wire_format", stdout(&output));
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let fixture = "tests/fixtures/format/bad-schema-event-status";
    assert!(
        !stdout(&recheck(&[fixture])).contains('\u{1b}'),
        "not a terminal: no colour"
    );
    assert!(stdout(&recheck(&["--color", "always", fixture])).contains('\u{1b}'));
    assert!(!stdout(&recheck(&["--color", "never", fixture])).contains('\u{1b}'));
}

#[test]
fn a_file_named_twice_is_read_once() {
    let report = json(&["records/", "records/persons.yaml"]);
    assert_eq!(report["summary"]["files"], 5);
}

#[test]
fn explain_a_rule_prints_its_yaml_and_its_kind_docs() {
    let output = recheck(&["explain", "term-overlap"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(text.starts_with("# term-overlap\n"), "{text}");
    assert!(text.contains("rules/offices.yaml:3 (built in)"), "{text}");
    assert!(
        text.contains("- by: [post_id]"),
        "the rule as written: {text}"
    );
    let kind = recheck::rules::no_overlap::NO_OVERLAP.docs();
    let first_line = kind.lines().nth(1).expect("docs have a body");
    assert!(text.contains(first_line), "the kind's docs: {text}");
}

#[test]
fn explain_a_kind_lists_the_rules_of_that_kind() {
    let text = stdout(&recheck(&["explain", "consistent-spelling"]));
    assert!(text.starts_with("# consistent-spelling\n"), "{text}");
    assert!(text.contains("`name-spelling`, `role-spelling`"), "{text}");
}

#[test]
fn explain_an_unknown_name_suggests_and_exits_2() {
    let output = recheck(&["explain", "term-overlaps"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("did you mean `term-overlap`?"), "{stderr}");
}

#[test]
fn rules_lists_every_active_rule() {
    let text = stdout(&recheck(&["rules"]));
    for id in [
        "date-order",
        "term-overlap",
        "name-spelling",
        "role-spelling",
    ] {
        assert!(text.contains(id), "{id} in {text}");
    }
    let own = "tests/fixtures/kinds/no-overlap/good-user-single-holder-role/rules";
    let text = stdout(&recheck(&["rules", "--rules", own]));
    assert!(
        text.contains("rapporteur-overlap") && !text.contains("date-order"),
        "{text}"
    );
}

#[test]
fn own_rules_replace_the_built_in_ones() {
    let dir = "tests/fixtures/kinds/no-overlap/bad-user-single-holder-role";
    let report = json(&[
        "--rules",
        &format!("{dir}/rules"),
        &format!("{dir}/records"),
    ]);
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().expect("rule id"))
        .collect();
    assert_eq!(rules, ["rapporteur-overlap"]);
}

#[test]
fn invalid_rules_are_findings_into_the_rules_file_and_exit_2() {
    let dir = "tests/fixtures/invalid-rules/bad-every-mistake";
    let output = recheck(&[
        "--format",
        "json",
        "--rules",
        &format!("{dir}/rules"),
        &format!("{dir}/records"),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    let findings = report["findings"].as_array().expect("findings");
    assert!(!findings.is_empty());
    for finding in findings {
        assert_eq!(finding["rule"], "invalid-rule");
        let file = finding["file"].as_str().expect("file");
        assert!(file.starts_with(&format!("{dir}/rules/")), "{file}");
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no records were checked"), "{stderr}");
}

#[test]
fn a_missing_rules_directory_exits_2() {
    let output = recheck(&["--rules", "no/such/rules", "records/"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no/such/rules"));
}

// ------------------------------------------------------- CI formats and flags

const TWO_FILES: &str = "tests/fixtures/formats/bad-two-files/records";

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn several_formats_in_one_run_go_to_their_files_and_one_to_stdout() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let sarif = dir.path().join("recheck.sarif");
    let junit = dir.path().join("junit.xml");
    let output = recheck(&[
        TWO_FILES,
        "--format",
        "github",
        "--format",
        &format!("sarif={}", sarif.display()),
        "--format",
        &format!("junit={}", junit.display()),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output),
        stdout(&recheck(&[TWO_FILES, "--format", "github"]))
    );
    let written = fs::read_to_string(&sarif).expect("the SARIF file");
    assert_eq!(written, stdout(&recheck(&[TWO_FILES, "--format", "sarif"])));
    let written = fs::read_to_string(&junit).expect("the JUnit file");
    assert!(written.starts_with("<?xml"), "{written}");
}

#[test]
fn with_only_files_requested_the_human_report_still_goes_to_stdout() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let json = dir.path().join("report.json");
    let output = recheck(&[
        TWO_FILES,
        "--color",
        "never",
        "--format",
        &format!("json={}", json.display()),
    ]);
    assert_eq!(
        stdout(&output),
        stdout(&recheck(&[TWO_FILES, "--color", "never"]))
    );
    let report: Value =
        serde_json::from_str(&fs::read_to_string(&json).expect("the JSON file")).expect("JSON");
    assert_eq!(report["summary"]["errors"], 5);
}

#[test]
fn clashing_or_unknown_formats_exit_2_before_checking() {
    let cases: [(&[&str], &str); 4] = [
        (&["--format", "json", "--format", "sarif"], "more than one"),
        (
            &["--format", "json=a.json", "--format", "sarif=a.json"],
            "two `--format`s write to `a.json`",
        ),
        (
            &["--format", "xml"],
            "the formats are human, json, sarif, github, junit",
        ),
        (&["--format", "sarif="], "needs a file name"),
    ];
    for (args, says) in cases {
        let output = recheck(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains(says),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(output.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn a_report_file_that_cannot_be_written_exits_2_and_the_others_are_written() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let sarif = dir.path().join("recheck.sarif");
    let output = recheck(&[
        TWO_FILES,
        "--format",
        "junit=no/such/dir/junit.xml",
        "--format",
        &format!("sarif={}", sarif.display()),
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("cannot write the junit report to `no/such/dir/junit.xml`"));
    assert!(sarif.exists());
    let _: Value = serde_json::from_str(&stdout(&output)).expect("stdout still has the JSON");
}

#[test]
fn deny_warnings_fails_on_warnings_too() {
    let warnings_only = "tests/fixtures/rules/role-spelling/bad-case-and-hyphens";
    let report = json(&[warnings_only]);
    assert_eq!(report["summary"]["errors"], 0);
    assert!(report["summary"]["warnings"].as_u64() > Some(0));
    assert_eq!(recheck(&[warnings_only]).status.code(), Some(0));
    let denied = recheck(&[warnings_only, "--deny", "warnings"]);
    assert_eq!(denied.status.code(), Some(1));
    assert_eq!(
        recheck(&["records/", "--deny", "warnings"]).status.code(),
        Some(0)
    );
    assert_eq!(
        recheck(&["records/", "--deny", "infos"]).status.code(),
        Some(2)
    );
}

#[test]
fn quiet_prints_findings_only() {
    let output = recheck(&["records/", "--quiet"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty(), "{}", stdout(&output));
    let loud = stdout(&recheck(&[TWO_FILES, "--color", "never"]));
    let quiet = stdout(&recheck(&[TWO_FILES, "--color", "never", "-q"]));
    assert_eq!(
        loud,
        format!("{quiet}5 errors, 1 warning in 2 files (9 records)\n")
    );
    let github = stdout(&recheck(&[TWO_FILES, "--format", "github", "--quiet"]));
    assert!(
        github.lines().all(|line| line.starts_with("::")),
        "{github}"
    );
    let output = recheck(&["src/", "--quiet"]);
    assert!(stderr(&output).is_empty(), "no note about finding no files");
}

#[test]
fn paths_are_relative_to_the_current_directory_when_below_it() {
    let absolute = std::env::current_dir()
        .expect("current directory")
        .join(TWO_FILES);
    let report = json(&[&absolute.to_string_lossy()]);
    let file = report["findings"][0]["file"].as_str().expect("file");
    assert_eq!(file, format!("{TWO_FILES}/persons.yaml"));

    // From a subdirectory: human and JSON paths relative to it, GitHub and
    // SARIF paths relative to the repository root.
    let run_in = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_recheck"))
            .args(args)
            .current_dir("tests/fixtures/formats")
            .output()
            .expect("recheck runs")
    };
    let report: Value = serde_json::from_str(&stdout(&run_in(&[
        "bad-two-files/records",
        "--format",
        "json",
    ])))
    .expect("JSON");
    assert_eq!(
        report["findings"][0]["file"],
        "bad-two-files/records/persons.yaml"
    );
    let github = stdout(&run_in(&["bad-two-files/records", "--format", "github"]));
    assert!(
        github.starts_with(&format!("::error file={TWO_FILES}/persons.yaml,")),
        "{github}"
    );
    let sarif: Value = serde_json::from_str(&stdout(&run_in(&[
        "bad-two-files/records",
        "--format",
        "sarif",
    ])))
    .expect("SARIF");
    assert_eq!(
        sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        format!("{TWO_FILES}/persons.yaml")
    );
}

#[test]
fn invalid_rules_are_reported_in_every_format() {
    let dir = "tests/fixtures/invalid-rules/bad-every-mistake";
    let output = recheck(&[
        "--format",
        "sarif",
        "--rules",
        &format!("{dir}/rules"),
        &format!("{dir}/records"),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let sarif: Value = serde_json::from_str(&stdout(&output)).expect("SARIF");
    let run = &sarif["runs"][0];
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
    let results = run["results"].as_array().expect("results");
    assert!(!results.is_empty());
    assert!(
        results
            .iter()
            .all(|r| r["ruleId"] == "invalid-rule" || r["ruleId"] == "syntax")
    );
    let github = stdout(&recheck(&[
        "--format",
        "github",
        "--rules",
        &format!("{dir}/rules"),
        &format!("{dir}/records"),
    ]));
    assert!(github.contains("title=invalid-rule::"), "{github}");
    assert!(github.ends_with("in 2 rules files\n"), "{github}");
}

#[test]
fn max_findings_keeps_the_most_severe_and_counts_the_rest() {
    let report = json(&[TWO_FILES, "--max-findings", "2"]);
    let findings = report["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 2);
    assert!(findings.iter().all(|f| f["severity"] == "error"));
    assert_eq!(report["summary"]["errors"], 5);
    assert_eq!(report["summary"]["warnings"], 1);
    assert_eq!(report["summary"]["omitted"], 4);
    let human = recheck(&[TWO_FILES, "--max-findings", "5", "--color", "never"]);
    assert_eq!(
        human.status.code(),
        Some(1),
        "the exit code counts them all"
    );
    assert!(
        stdout(&human).ends_with(
            "5 errors, 1 warning in 2 files (9 records); 1 finding not shown (`--max-findings`)\n"
        ),
        "{}",
        stdout(&human)
    );
    assert!(
        !stdout(&human).contains("role-spelling"),
        "the warning goes first"
    );
}

#[test]
fn files_over_the_size_limit_are_findings_not_read() {
    let report = json(&[TWO_FILES, "--max-file-size", "500"]);
    let findings = report["findings"].as_array().expect("findings");
    let too_large: Vec<&Value> = findings
        .iter()
        .filter(|f| {
            f["message"]
                .as_str()
                .is_some_and(|m| m.contains("larger than the limit of 500 bytes"))
        })
        .collect();
    assert_eq!(too_large.len(), 1, "{findings:?}");
    assert_eq!(too_large[0]["rule"], "syntax");
    assert!(
        too_large[0]["file"]
            .as_str()
            .is_some_and(|f| f.ends_with("terms and events.yaml"))
    );
    assert_eq!(
        report["summary"]["records"], 4,
        "persons.yaml (421 bytes) is still read"
    );
    let bad = recheck(&[TWO_FILES, "--max-file-size", "12X"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("not a size"));
}

/// miette pads to a label's column; far into a long line it panicked
/// ("Formatting argument out of range"). Such a place is named in the text.
#[test]
fn a_finding_far_into_a_long_line_is_reported_without_a_snippet() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let file = dir.path().join("long.yaml");
    let padding = "x".repeat(100_000);
    fs::write(
        &file,
        format!("persons:\n  - {{id: p-1, name: {padding}, birth_date: 2000, death_date: 1990}}\n"),
    )
    .expect("written");
    let output = recheck(&[&file.to_string_lossy(), "--color", "never"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report = stdout(&output);
    assert!(
        report.contains("…) dies (1990)") && report.contains("before being born (2000)"),
        "{report}"
    );
    assert!(
        report.contains(":2:100053: before `birth_date`"),
        "{report}"
    );
    assert!(
        report.len() < 2000,
        "the 100,000-character line is not printed"
    );

    // Near the start of the same long line: a snippet, cut around the labels.
    fs::write(
        &file,
        format!("persons:\n  - {{id: p-1, birth_date: 2000, death_date: 1990, name: {padding}}}\n"),
    )
    .expect("written");
    let report = stdout(&recheck(&[&file.to_string_lossy(), "--color", "never"]));
    assert!(report.contains("╰── before `birth_date`"), "{report}");
    assert!(
        report.len() < 3000,
        "the snippet is cut: {} bytes",
        report.len()
    );
}

#[test]
fn select_runs_only_the_named_rules_and_refuses_unknown_ones() {
    let output = recheck(&[TWO_FILES, "--format", "json", "--select", "date-order"]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    let rules: std::collections::BTreeSet<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert_eq!(rules, ["date-order"].into_iter().collect());

    let unknown = recheck(&[TWO_FILES, "--select", "date-ordr"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("did you mean `date-order`?"),
        "{}",
        stderr(&unknown)
    );
}

#[test]
fn timings_go_to_standard_error() {
    let output = recheck(&[TWO_FILES, "--timings", "--quiet"]);
    let err = stderr(&output);
    for step in [
        "timing: load ",
        "timing: rule date-order ",
        "timing: reports ",
    ] {
        assert!(err.contains(step), "{err}");
    }
    assert!(!stdout(&output).contains("timing:"));
}
