//! Real Popolo exports, checked as they are published: EveryPolitician's UK
//! House of Commons and Bulgarian National Assembly, OpenAustralia's
//! Tasmanian councillors and parlparse's UK ministers.
//!
//! The files are third-party data with known real defects. They are read
//! from `../shared/data/popolo/` (never copied into this repository); when
//! that directory is absent each test says so and passes without checking.
//! Each test asserts the defects it must find, that valid Popolo gives no
//! `schema` finding, and the false positives it must not give, and snapshots
//! the JSON findings of the rules that matter for that file.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use recheck::load::Loaded;
use recheck::report::{self, Format, Options, Run};
use recheck::rules::RuleSet;
use serde_json::Value;

const DATA: &str = "../shared/data/popolo";
const UK: &str = "tijmenb__everypolitician-data/data/UK/Commons/ep-popolo-v1.0.json";
const BULGARIA: &str =
    "tijmenb__everypolitician-data/data/Bulgaria/National_Assembly/ep-popolo-v1.0.json";
const TASMANIA: &str =
    "openaustralia__australian_local_councillors_popolo/data/TAS/local_councillor_popolo.json";
const MINISTERS: &str = "mysociety__parlparse/members/ministers.json";

/// The path of one data file, or `None` (with a note) when the shared data
/// is not there.
fn data_file(name: &str) -> Option<PathBuf> {
    let path = Path::new(DATA).join(name);
    if path.is_file() {
        Some(path)
    } else {
        eprintln!(
            "skipped: {} not found; the Popolo tests need the shared data directory",
            path.display()
        );
        None
    }
}

fn builtin() -> RuleSet {
    RuleSet::builtin().expect("built-in rules are valid")
}

/// The JSON findings of checking `loaded` with `rules`.
fn findings(loaded: &Loaded, rules: &RuleSet) -> Vec<Value> {
    let json = report::render(Run::checked(loaded, rules), Format::Json, &Options::PLAIN);
    let report: Value = serde_json::from_str(&json).expect("the JSON report parses");
    report["findings"].as_array().expect("findings").clone()
}

fn check(path: &Path, rules: &RuleSet) -> Vec<Value> {
    let loaded = recheck::check(&[path.to_path_buf()], rules).expect("the file loads");
    findings(&loaded, rules)
}

/// How many findings each rule gave.
fn counts(findings: &[Value]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for finding in findings {
        *counts.entry(text(&finding["rule"])).or_default() += 1;
    }
    counts
}

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_owned()
}

fn of_rule<'a>(findings: &'a [Value], rule: &str) -> Vec<&'a Value> {
    findings.iter().filter(|f| f["rule"] == rule).collect()
}

/// The findings of `rules`, with file paths shown from the data directory,
/// as pretty JSON for a snapshot.
fn snapshot_of(findings: &[Value], rules: &[&str]) -> String {
    let shown: Vec<Value> = findings
        .iter()
        .filter(|f| rules.contains(&f["rule"].as_str().unwrap_or_default()))
        .map(|finding| {
            let mut finding = finding.clone();
            from_data_dir(&mut finding["file"]);
            if let Some(related) = finding["related"].as_array_mut() {
                for place in related {
                    from_data_dir(&mut place["file"]);
                }
            }
            finding
        })
        .collect();
    serde_json::to_string_pretty(&shown).expect("JSON")
}

fn from_data_dir(file: &mut Value) {
    let path = text(file);
    let short = path
        .split_once("popolo/")
        .map_or(path.as_str(), |(_, rest)| rest);
    *file = Value::String(short.to_owned());
}

#[test]
fn uk_commons_dafydd_wigley_serves_after_his_recorded_death_and_nothing_else_is_wrong() {
    let Some(path) = data_file(UK) else { return };
    let findings = check(&path, &builtin());
    // Valid Popolo: no `schema` finding. Namesakes with different birth
    // dates (Angela Smith, Mike Wood), MPs with close names (David Rutley,
    // David Ruffley) and the 88 by-election hand-overs give nothing.
    assert_eq!(
        counts(&findings),
        BTreeMap::from([("date-order".to_owned(), 1)]),
        "{findings:#?}"
    );
    let wigley = &findings[0];
    let message = text(&wigley["message"]);
    assert!(
        message.contains("1997-05-01") && message.contains("1943-04-01"),
        "{message}"
    );
    insta::assert_snapshot!("uk_commons", snapshot_of(&findings, &["date-order"]));
}

/// A user rule for single-member constituencies: one member per seat at a
/// time, with memberships dated by their legislative period.
fn seat_rules() -> RuleSet {
    RuleSet::from_path(Path::new("tests/data/popolo/seat-rules.yaml")).expect("seat rules")
}

#[test]
fn uk_commons_seats_hand_over_cleanly_and_an_overlap_would_be_found() {
    let Some(path) = data_file(UK) else { return };
    let rules = seat_rules();
    assert_eq!(check(&path, &rules), Vec::<Value>::new());

    // The check is not vacuous: Gordon McMaster left Paisley South on
    // 1997-07-25 and Douglas Alexander won it on 1997-11-06. Moving the
    // first end past the second start makes one overlap.
    let original = fs::read_to_string(&path).expect("UK file");
    let edited = original.replacen(
        "\"end_date\": \"1997-07-25\"",
        "\"end_date\": \"1997-12-25\"",
        1,
    );
    assert_ne!(original, edited);
    let loaded = recheck::check_bytes(vec![(path, edited.into_bytes())], &rules);
    let findings = findings(&loaded, &rules);
    assert_eq!(
        counts(&findings),
        BTreeMap::from([("seat-overlap".to_owned(), 1)])
    );
    let message = text(&findings[0]["message"]);
    assert!(
        message.contains("Gordon McMaster and Douglas Alexander both hold the seat Paisley South"),
        "{message}"
    );
}

#[test]
fn bulgaria_late_memberships_a_reused_party_id_and_people_recorded_several_times() {
    let Some(path) = data_file(BULGARIA) else {
        return;
    };
    let findings = check(&path, &builtin());
    assert_eq!(
        counts(&findings),
        BTreeMap::from([
            ("date-order".to_owned(), 10),
            ("duplicate-id".to_owned(), 1),
            ("duplicate-person".to_owned(), 280),
        ])
    );

    // Ten memberships of term/43 start after the term ended on 2015-09-10.
    for finding in of_rule(&findings, "date-order") {
        let message = text(&finding["message"]);
        assert!(
            message.contains(
                "after its legislative period event `term/43` (43rd National Assembly) ended \
                 (2015-09-10)"
            ),
            "{message}"
        );
    }
    let reused = text(&of_rule(&findings, "duplicate-id")[0]["message"]);
    assert!(reused.contains("`party/ataka_party`"), "{reused}");

    // AHMED DEMIR DOGAN is three person records with one birth date, one of
    // them written in Cyrillic.
    let duplicates = of_rule(&findings, "duplicate-person");
    let dogan: Vec<&&Value> = duplicates
        .iter()
        .filter(|f| text(&f["message"]).contains("`AHMED DEMIR DOGAN`"))
        .collect();
    assert_eq!(dogan.len(), 1, "{dogan:#?}");
    assert_eq!(dogan[0]["related"].as_array().map(Vec::len), Some(2));
    // Every group shares one birth date; people recorded two to five times.
    for finding in &duplicates {
        let message = text(&finding["message"]);
        assert!(message.contains("and the same `birth_date`"), "{message}");
        let records = 1 + finding["related"].as_array().map_or(0, Vec::len);
        assert!((2..=5).contains(&records), "{message}");
    }
    // Namesakes with different birth dates are different people.
    assert!(
        !duplicates
            .iter()
            .any(|f| text(&f["message"]).contains("IVAN GEORGIEV IVANOV")),
        "IVAN GEORGIEV IVANOV (born 1957 and 1949) is two people"
    );

    insta::assert_snapshot!(
        "bulgaria",
        snapshot_of(&findings, &["date-order", "duplicate-id"])
    );
    insta::assert_snapshot!("bulgaria_duplicate_persons", duplicate_lines(&duplicates));
}

/// One line per duplicate-person finding: its message and where its records
/// are, for a snapshot that can be read through.
fn duplicate_lines(findings: &[&Value]) -> String {
    findings
        .iter()
        .map(|finding| {
            let lines: Vec<String> = std::iter::once(*finding)
                .chain(finding["related"].as_array().into_iter().flatten())
                .map(|place| place["line"].to_string())
                .collect();
            format!("{} (lines {})", text(&finding["message"]), lines.join(", "))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn tasmania_is_clean_but_for_its_non_popolo_warnings_key() {
    let Some(path) = data_file(TASMANIA) else {
        return;
    };
    let findings = check(&path, &builtin());
    assert_eq!(
        counts(&findings),
        BTreeMap::from([("schema".to_owned(), 1)])
    );
    assert_eq!(text(&findings[0]["message"]), "unknown section `warnings`");
    insta::assert_snapshot!("tasmania", snapshot_of(&findings, &["schema"]));
}

#[test]
fn ministers_without_persons_give_one_missing_section_finding() {
    let Some(path) = data_file(MINISTERS) else {
        return;
    };
    let findings = check(&path, &builtin());
    assert_eq!(of_rule(&findings, "schema").len(), 0);
    let references = of_rule(&findings, "unknown-reference");
    assert_eq!(references.len(), 1, "{references:#?}");
    assert_eq!(references[0]["severity"], "warning");
    let message = text(&references[0]["message"]);
    assert!(
        message.starts_with("no person records anywhere: 2890 references"),
        "{message}"
    );
    insta::assert_snapshot!(
        "ministers",
        snapshot_of(&findings, &["unknown-reference", "duplicate-id"])
    );
}
