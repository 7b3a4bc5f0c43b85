//! Baselines from the command line, and what every format shows of
//! suppressed findings. (Inline suppressions and decisions files have
//! fixtures under `tests/fixtures/review/`.)

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn recheck(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_recheck"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("recheck runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    serde_json::from_str(&stdout(&recheck(dir, &all))).expect("one JSON object")
}

const PEOPLE: &str = "\
persons:
  - id: p-temirov
    name: Marat Temirov
  - id: p-nurlanova
    name: Aliya Nurlanova
organizations:
  - id: org-secretariat
    name: CICA Secretariat
";

const DIRECTOR: &str = "  - id: m-nurlanova
    person_id: p-nurlanova
    organization_id: org-secretariat
    role: Executive Director
    start_date: 2020-01-01
    end_date: 2022-01-01
";

const ACTING: &str = "  - id: m-temirov
    person_id: p-temirov
    organization_id: org-secretariat
    role: Executive Director
    start_date: 2021-03-01
    end_date: 2021-06-01
";

/// Ends before it starts: a `date-order` finding on `end_date`.
fn member(end: &str) -> String {
    format!(
        "  - id: m-member
    person_id: p-temirov
    organization_id: org-secretariat
    role: Member
    start_date: 2019-05-01
    end_date: {end}
"
    )
}

/// A project with an overlap (`term-overlap`) and an end before a start
/// (`date-order`), both in `records/a.yaml`.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary directory");
    fs::create_dir(dir.path().join("records")).expect("records directory");
    write_records(dir.path(), "2018-01-01");
    dir
}

/// `records/a.yaml` as [`project`] writes it, `m-member` ending on `end`.
fn write_records(dir: &Path, end: &str) {
    write(
        dir,
        "records/a.yaml",
        &format!("{PEOPLE}memberships:\n{DIRECTOR}{ACTING}{}", member(end)),
    );
}

fn write(dir: &Path, name: &str, text: &str) {
    fs::write(dir.join(name), text).expect("file written");
}

fn summary(report: &Value, field: &str) -> u64 {
    report["summary"][field].as_u64().expect("a count")
}

fn write_baseline(dir: &Path) {
    let output = recheck(dir, &["--write-baseline", "baseline.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(
        stdout(&output).ends_with("0 errors, 0 warnings in 1 file (6 records); 2 baselined\n"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn a_baseline_survives_blank_lines_reordering_and_moving_a_record() {
    let project = project();
    let dir = project.path();
    write_baseline(dir);
    // Blank lines and a comment on top, the memberships in another order,
    // and the one with the wrong end moved to a file of its own.
    write(
        dir,
        "records/a.yaml",
        &format!("# moved around\n\n\n{PEOPLE}\nmemberships:\n{ACTING}\n{DIRECTOR}"),
    );
    write(
        dir,
        "records/b.yaml",
        &format!("memberships:\n{}", member("2018-01-01")),
    );
    let output = recheck(dir, &["--baseline", "baseline.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let report = json(dir, &["--baseline", "baseline.json"]);
    assert_eq!(
        (summary(&report, "errors"), summary(&report, "baselined")),
        (0, 2)
    );
    assert_eq!(summary(&report, "fixed_in_baseline"), 0);
}

#[test]
fn changing_the_offending_value_makes_the_finding_new() {
    let project = project();
    let dir = project.path();
    write_baseline(dir);
    write_records(dir, "2017-06-30");
    let output = recheck(dir, &["--baseline", "baseline.json"]);
    assert_eq!(output.status.code(), Some(1));
    let out = stdout(&output);
    assert!(out.contains("date-order"), "{out}");
    assert!(!out.contains("term-overlap"), "{out}");
    assert!(
        out.ends_with(
            "1 error, 0 warnings in 1 file (6 records); 1 baselined, 1 finding of the \
             baseline fixed\n"
        ),
        "{out}"
    );
}

#[test]
fn a_strict_baseline_fails_when_a_baselined_finding_is_fixed() {
    let project = project();
    let dir = project.path();
    write_baseline(dir);
    write_records(dir, "2020-01-01");
    assert_eq!(
        recheck(dir, &["--baseline", "baseline.json"]).status.code(),
        Some(0)
    );
    let output = recheck(dir, &["--baseline", "baseline.json", "--strict-baseline"]);
    assert_eq!(output.status.code(), Some(1));
    let report = json(dir, &["--baseline", "baseline.json", "--strict-baseline"]);
    let findings = report["findings"].as_array().expect("findings");
    let outdated: Vec<&Value> = findings
        .iter()
        .filter(|f| f["rule"] == "outdated-baseline")
        .collect();
    assert_eq!(outdated.len(), 1, "{report:#}");
    assert_eq!(outdated[0]["file"], "baseline.json");
    assert!(
        outdated[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("`date-order`"))
    );
}

#[test]
fn json_shows_what_covers_each_suppressed_finding_and_other_formats_leave_them_out() {
    let project = project();
    let dir = project.path();
    write_baseline(dir);
    // The overlap is also covered by a comment now: the comment comes first.
    write(
        dir,
        "records/a.yaml",
        &format!(
            "{PEOPLE}memberships:\n{DIRECTOR}  # recheck: allow(term-overlap) acting director\n\
             {ACTING}{}",
            member("2018-01-01")
        ),
    );
    let report = json(dir, &["--baseline", "baseline.json"]);
    let by: Vec<(&str, &str)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or(""),
                f["suppressed"]["by"].as_str().unwrap_or("none"),
            )
        })
        .collect();
    assert_eq!(by, [("term-overlap", "inline"), ("date-order", "baseline")]);
    let inline = &report["findings"][0]["suppressed"];
    assert_eq!(inline["reason"], "acting director");
    assert_eq!(
        (&inline["line"], &inline["column"]),
        (&Value::from(16), &Value::from(3))
    );
    assert_eq!(
        (
            summary(&report, "suppressed"),
            summary(&report, "baselined")
        ),
        (1, 1)
    );
    for format in ["human", "github", "junit", "sarif"] {
        // Without the baseline, the format does show them.
        let all = stdout(&recheck(dir, &["--format", format]));
        assert!(all.contains("`m-member` ends"), "{format}: {all}");
        let output = recheck(dir, &["--baseline", "baseline.json", "--format", format]);
        let out = stdout(&output);
        assert!(
            !out.contains("Nurlanova and Marat Temirov"),
            "{format}: {out}"
        );
        assert!(!out.contains("`m-member` ends"), "{format}: {out}");
    }
}

#[test]
fn sarif_fingerprints_are_the_baselines() {
    let project = project();
    let dir = project.path();
    let sarif: Value =
        serde_json::from_str(&stdout(&recheck(dir, &["--format", "sarif"]))).expect("SARIF");
    let mut from_sarif: Vec<String> = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            r["partialFingerprints"]["recheck/v1"]
                .as_str()
                .unwrap_or("")
                .to_owned()
        })
        .collect();
    write_baseline(dir);
    let baseline: Value =
        serde_json::from_str(&fs::read_to_string(dir.join("baseline.json")).expect("written"))
            .expect("JSON");
    let mut from_baseline: Vec<String> = baseline["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["fingerprint"].as_str().unwrap_or("").to_owned())
        .collect();
    from_sarif.sort();
    from_baseline.sort();
    assert_eq!(from_sarif.len(), 2);
    assert_eq!(from_sarif, from_baseline);
}

#[test]
fn a_baseline_among_the_records_is_not_read_as_records() {
    let project = project();
    let dir = project.path();
    let output = recheck(
        dir,
        &["records/", "--write-baseline", "records/baseline.json"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let output = recheck(dir, &["records/", "--baseline", "records/baseline.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).contains("in 1 file (6 records)"));
}

#[test]
fn an_unusable_baseline_stops_the_run() {
    let project = project();
    let dir = project.path();
    write(dir, "baseline.json", "{\"findings\": []}\n");
    let output = recheck(dir, &["--baseline", "baseline.json"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cannot use `baseline.json` as a baseline"),
        "{stderr}"
    );
    assert_eq!(
        recheck(dir, &["--baseline", "missing.json"]).status.code(),
        Some(2)
    );
    assert_eq!(
        recheck(dir, &["--strict-baseline"]).status.code(),
        Some(2),
        "--strict-baseline needs --baseline"
    );
}

#[test]
fn an_expired_decision_stops_applying_on_its_day() {
    let project = project();
    let dir = project.path();
    write(
        dir,
        "records/recheck-decisions.yaml",
        "decisions:\n  - rule: term-overlap\n    records: [m-nurlanova, m-temirov]\n    \
         decision: accepted\n    reason: acting director\n    expires: 2026-06-01\n",
    );
    let on = |day: &str| {
        let output = Command::new(env!("CARGO_BIN_EXE_recheck"))
            .current_dir(dir)
            .args(["--format", "json"])
            .env("RECHECK_TODAY", day)
            .output()
            .expect("recheck runs");
        let report: Value = serde_json::from_str(&stdout(&output)).expect("JSON");
        let rules: Vec<String> = report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| f["suppressed"].is_null())
            .map(|f| f["rule"].as_str().unwrap_or("").to_owned())
            .collect();
        rules
    };
    assert_eq!(on("2026-05-31"), ["date-order"]);
    assert_eq!(
        on("2026-06-01"),
        ["term-overlap", "date-order", "expired-decision"]
    );
}

/// A committed legacy project: `old/` as it was baselined, `new/` after
/// reformatting, one fix and one changed value.
const BASELINE_PROJECT: &str = "tests/data/review/baseline";

#[test]
fn the_committed_baseline_is_what_write_baseline_writes() {
    let out = tempfile::tempdir().expect("temporary directory");
    let written = out.path().join("baseline.json");
    let written_arg = written.to_string_lossy().into_owned();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let old = format!("{BASELINE_PROJECT}/old");
    let output = recheck(
        repo,
        &[old.as_str(), "--write-baseline", written_arg.as_str()],
    );
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        fs::read_to_string(&written).expect("written"),
        fs::read_to_string(repo.join(BASELINE_PROJECT).join("recheck-baseline.json"))
            .expect("committed")
    );
}

#[test]
fn a_strict_baseline_reports_new_and_fixed_findings() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let new = format!("{BASELINE_PROJECT}/new");
    let baseline = format!("{BASELINE_PROJECT}/recheck-baseline.json");
    let args = [
        new.as_str(),
        "--baseline",
        baseline.as_str(),
        "--strict-baseline",
        "--color",
        "never",
    ];
    let output = recheck(repo, &args);
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!("baseline_strict", stdout(&output));
}

#[test]
fn a_named_decisions_file_must_exist_and_a_broken_one_is_a_finding() {
    let project = project();
    let dir = project.path();
    assert_eq!(
        recheck(dir, &["--decisions", "missing.yaml"]).status.code(),
        Some(2)
    );
    write(dir, "decisions.yaml", "decisions: [unclosed\n");
    let report = json(dir, &["--decisions", "decisions.yaml"]);
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(rules, ["term-overlap", "date-order", "invalid-decision"]);
    assert_eq!(report["findings"][2]["file"], "decisions.yaml");
}

#[test]
fn decisions_files_below_the_checked_directory_apply() {
    let project = project();
    let dir = project.path();
    fs::create_dir(dir.join("records/reviewed")).expect("directory");
    write(
        dir,
        "records/reviewed/recheck-decisions.yaml",
        "decisions:\n  - rule: term-overlap\n    records: [m-nurlanova, m-temirov]\n    \
         decision: accepted\n    reason: acting director\n",
    );
    let report = json(dir, &[]);
    assert_eq!(
        (summary(&report, "errors"), summary(&report, "suppressed")),
        (1, 1)
    );
    assert_eq!(
        summary(&report, "files"),
        1,
        "the decisions file is not records"
    );
}
