//! The command-line contract: exit codes, default path, formats, colour.

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
        serde_json::json!({"files": 1, "records": 2, "errors": 1, "warnings": 0, "infos": 0})
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
