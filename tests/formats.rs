//! The CI formats (`human`, `json`, `sarif`, `github`, `junit`) rendered from
//! one shared fixture, `tests/fixtures/formats/bad-two-files`: findings in
//! two files, with related places in the same and in the other file, errors
//! and a warning, a file name with spaces and a name with a non-ASCII letter.
//!
//! Each format is snapshotted, and each is also read back and must give
//! every finding of the fixture's `expected.txt` at the same file, line and
//! column (and end) as the JSON report. The SARIF log is checked against what
//! GitHub code scanning requires, and fingerprints against edits that must
//! not (and one that must) change them.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use quick_xml::events::Event;
use recheck::fingerprint::{SARIF_KEY, fingerprints};
use recheck::load::Loaded;
use recheck::report::{self, Format, Options, Run};
use recheck::rules::RuleSet;
use serde_json::Value;

const FIXTURE: &str = "tests/fixtures/formats/bad-two-files";

fn rules() -> RuleSet {
    RuleSet::builtin().expect("built-in rules are valid")
}

fn loaded(records: &Path, rules: &RuleSet) -> Loaded {
    recheck::check(&[records.to_path_buf()], rules).expect("records load")
}

fn render(format: Format) -> String {
    let rules = rules();
    let loaded = loaded(&Path::new(FIXTURE).join("records"), &rules);
    report::render(Run::checked(&loaded, &rules), format, &Options::PLAIN)
}

/// A finding's place as every format must give it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct At {
    file: String,
    line: u64,
    column: u64,
    end_line: u64,
    end_column: u64,
    rule: String,
}

/// The fixture's expected findings, with their ends from the JSON report
/// (whose positions the fixture tests check against `expected.txt`).
fn expected() -> Vec<At> {
    let json: Value = serde_json::from_str(&render(Format::Json)).expect("JSON report");
    let from_json: Vec<At> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| At {
            file: text(&f["file"]),
            line: number(&f["line"]),
            column: number(&f["column"]),
            end_line: number(&f["end_line"]),
            end_column: number(&f["end_column"]),
            rule: text(&f["rule"]),
        })
        .collect();
    let listed: Vec<String> = fs::read_to_string(Path::new(FIXTURE).join("expected.txt"))
        .expect("expected.txt")
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| format!("{FIXTURE}/{line}"))
        .collect();
    let shown: Vec<String> = from_json
        .iter()
        .map(|at| format!("{}:{}:{} {}", at.file, at.line, at.column, at.rule))
        .collect();
    assert_eq!(shown, listed, "the JSON report gives the expected findings");
    assert!(
        from_json.iter().any(|at| at.file.ends_with("persons.yaml"))
            && from_json
                .iter()
                .any(|at| at.file.ends_with("terms and events.yaml")),
        "the shared fixture has findings in two files"
    );
    from_json
}

fn text(value: &Value) -> String {
    value.as_str().expect("a string").to_owned()
}

fn number(value: &Value) -> u64 {
    value.as_u64().expect("a number")
}

fn sorted(mut list: Vec<At>) -> Vec<At> {
    list.sort();
    list
}

// ---------------------------------------------------------------- snapshots

/// The human report is snapshotted with every bad fixture
/// (`fixtures__formats__bad-two-files`).
#[test]
fn every_format_matches_its_snapshot() {
    for format in [Format::Json, Format::Sarif, Format::Github, Format::Junit] {
        insta::assert_snapshot!(format.name(), render(format));
    }
}

// ------------------------------------------------- every finding, every place

#[test]
fn sarif_gives_every_finding_at_its_place() {
    let sarif: Value = serde_json::from_str(&render(Format::Sarif)).expect("SARIF is JSON");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    let found: Vec<At> = results
        .iter()
        .map(|result| {
            let location = &result["locations"][0]["physicalLocation"];
            let region = &location["region"];
            At {
                file: uri_to_path(&text(&location["artifactLocation"]["uri"])),
                line: number(&region["startLine"]),
                column: number(&region["startColumn"]),
                end_line: number(&region["endLine"]),
                end_column: number(&region["endColumn"]),
                rule: text(&result["ruleId"]),
            }
        })
        .collect();
    assert_eq!(sorted(found), sorted(expected()));
}

fn uri_to_path(uri: &str) -> String {
    uri.replace("%20", " ")
}

#[test]
fn github_gives_every_finding_at_its_place() {
    let output = render(Format::Github);
    let mut found = Vec::new();
    for line in output.lines() {
        let Some(command) = line.strip_prefix("::") else {
            assert!(
                line.starts_with("recheck: "),
                "a plain line is the summary: {line}"
            );
            continue;
        };
        let (head, message) = command.split_once("::").expect("`::KIND PROPS::MESSAGE`");
        assert!(!message.contains('\n') && !message.is_empty());
        let (kind, properties) = head.split_once(' ').expect("properties");
        assert!(["error", "warning", "notice"].contains(&kind), "{kind}");
        let property = |name: &str| {
            properties
                .split(',')
                .find_map(|pair| pair.strip_prefix(&format!("{name}=")))
                .map_or_else(
                    || panic!("`{name}` in {line}"),
                    |value| {
                        value
                            .replace("%3A", ":")
                            .replace("%2C", ",")
                            .replace("%25", "%")
                    },
                )
        };
        let number = |name: &str| property(name).parse::<u64>().expect("a number");
        found.push(At {
            file: property("file"),
            line: number("line"),
            column: number("col"),
            end_line: number("endLine"),
            end_column: number("endColumn"),
            rule: property("title"),
        });
    }
    assert_eq!(sorted(found), sorted(expected()));
}

#[test]
fn github_annotations_carry_help_and_related_places_escaped() {
    let output = render(Format::Github);
    let overlap = output
        .lines()
        .find(|line| line.contains("title=term-overlap"))
        .expect("the term-overlap annotation");
    assert!(overlap.starts_with("::error file="), "{overlap}");
    assert!(
        overlap.contains("%0Atests/fixtures/formats/bad-two-files/records/terms and events.yaml:9:15: Kairat Sarybay until here"),
        "{overlap}"
    );
    assert!(overlap.contains("%0Ahelp: an office held"), "{overlap}");
    let warning = output
        .lines()
        .find(|line| line.contains("title=role-spelling"))
        .expect("the role-spelling annotation");
    assert!(warning.starts_with("::warning "), "{warning}");
}

#[test]
fn junit_gives_every_finding_as_a_failing_test_in_its_rules_suite() {
    let xml = render(Format::Junit);
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut suite = String::new();
    let mut suites = Vec::new();
    let mut found = Vec::new();
    let mut failures = 0;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(tag) | Event::Empty(tag) => {
                let attr = |name: &str| {
                    tag.try_get_attribute(name)
                        .expect("valid attribute")
                        .map(|a| {
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .expect("escaped value")
                                .into_owned()
                        })
                };
                match tag.name().as_ref() {
                    "testsuite" => {
                        suite = attr("name").expect("suite name");
                        suites.push(suite.clone());
                    }
                    "testcase" => {
                        let classname = attr("classname").expect("classname");
                        assert_eq!(classname, format!("recheck.{suite}"));
                        if let Some(file) = attr("file") {
                            let name = attr("name").expect("name");
                            let line = attr("line").expect("line");
                            assert!(name.starts_with(&format!("{file}:{line}:")), "{name}");
                            let column: u64 = name[file.len() + line.len() + 2..]
                                .split(':')
                                .next()
                                .and_then(|c| c.parse().ok())
                                .expect("file:line:column in the name");
                            found.push((
                                file,
                                line.parse::<u64>().expect("line"),
                                column,
                                suite.clone(),
                            ));
                        }
                    }
                    "failure" => failures += 1,
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut want: Vec<(String, u64, u64, String)> = expected()
        .into_iter()
        .map(|at| (at.file, at.line, at.column, at.rule))
        .collect();
    want.sort();
    found.sort();
    assert_eq!(found, want);
    assert_eq!(failures, want.len());
    let active: Vec<String> = ["syntax", "schema"]
        .into_iter()
        .map(str::to_owned)
        .chain(rules().rules.iter().map(|rule| rule.id.clone()))
        .collect();
    assert_eq!(
        suites, active,
        "one suite per check that ran, passing ones too"
    );
}

// ------------------------------------------------------ SARIF as GitHub reads it

#[test]
fn sarif_has_what_github_code_scanning_requires() {
    let sarif: Value = serde_json::from_str(&render(Format::Sarif)).expect("SARIF is JSON");
    assert_eq!(sarif["version"], "2.1.0");
    assert!(text(&sarif["$schema"]).contains("sarif-2.1.0"));
    let runs = sarif["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");

    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "recheck");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert!(text(&driver["informationUri"]).starts_with("https://"));
    let descriptors = driver["rules"].as_array().expect("driver.rules");
    let ids: Vec<String> = descriptors.iter().map(|d| text(&d["id"])).collect();
    for rule in &rules().rules {
        assert!(ids.contains(&rule.id), "a descriptor for {}", rule.id);
    }
    assert_eq!(
        ids.iter().collect::<BTreeSet<_>>().len(),
        ids.len(),
        "ids are unique"
    );
    for descriptor in descriptors {
        for field in ["shortDescription", "fullDescription", "help"] {
            assert!(
                !text(&descriptor[field]["text"]).is_empty(),
                "{} has {field}",
                descriptor["id"]
            );
        }
        assert!(
            ["error", "warning", "note"].contains(
                &descriptor["defaultConfiguration"]["level"]
                    .as_str()
                    .expect("level")
            )
        );
    }
    let overlap = descriptors
        .iter()
        .find(|d| d["id"] == "term-overlap")
        .expect("term-overlap");
    assert!(text(&overlap["help"]["markdown"]).contains("## The `no-overlap` kind"));
    let warning = descriptors
        .iter()
        .find(|d| d["id"] == "role-spelling")
        .expect("role-spelling");
    assert_eq!(warning["defaultConfiguration"]["level"], "warning");

    let results = run["results"].as_array().expect("results");
    let mut fingerprints = BTreeSet::new();
    for result in results {
        let rule = text(&result["ruleId"]);
        let index = usize::try_from(number(&result["ruleIndex"])).expect("index");
        assert_eq!(ids[index], rule, "ruleIndex points at the rule");
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().expect("level")));
        let message = text(&result["message"]["text"]);
        assert!(!message.is_empty());
        let locations = result["locations"].as_array().expect("locations");
        assert_eq!(locations.len(), 1);
        for location in locations
            .iter()
            .chain(result["relatedLocations"].as_array().into_iter().flatten())
        {
            let physical = &location["physicalLocation"];
            let uri = text(&physical["artifactLocation"]["uri"]);
            assert!(
                !uri.starts_with('/') && !uri.contains(':') && !uri.contains(' '),
                "{uri}"
            );
            assert!(
                uri.starts_with("tests/fixtures/"),
                "relative to the repository root: {uri}"
            );
            let region = &physical["region"];
            for key in ["startLine", "startColumn", "endLine", "endColumn"] {
                assert!(number(&region[key]) >= 1, "{key}");
            }
        }
        for related in result["relatedLocations"].as_array().into_iter().flatten() {
            let id = number(&related["id"]);
            assert!(
                message.contains(&format!("]({id})")),
                "message links related location {id}: {message}"
            );
            assert!(!text(&related["message"]["text"]).is_empty());
        }
        let fingerprint = text(&result["partialFingerprints"][SARIF_KEY]);
        assert!(
            fingerprints.insert(fingerprint),
            "fingerprints are distinct"
        );
    }
    assert!(
        results.iter().any(|r| r["relatedLocations"]
            .as_array()
            .is_some_and(|l| !l.is_empty())),
        "some result has related locations"
    );
}

// ------------------------------------------------------------- fingerprints

/// The shared fixture's records, copied into a temporary directory with
/// `edit` applied to each file's text (by file name).
fn edited(edit: impl Fn(&str, String) -> String) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let records = dir.path().join("records");
    fs::create_dir(&records).expect("records directory");
    for entry in fs::read_dir(Path::new(FIXTURE).join("records")).expect("fixture") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let text = fs::read_to_string(&path).expect("fixture file");
        fs::write(records.join(&name), edit(&name, text)).expect("copy");
    }
    (dir, records)
}

/// Each finding as `rule fingerprint`, sorted.
fn fingerprinted(records: &Path) -> Vec<String> {
    let rules = rules();
    let loaded = loaded(records, &rules);
    let mut list: Vec<String> = loaded
        .findings
        .iter()
        .zip(fingerprints(&loaded))
        .map(|(finding, fingerprint)| format!("{} {fingerprint}", finding.rule))
        .collect();
    list.sort();
    list
}

const TERMS: &str = "terms and events.yaml";

/// The `m-early` membership (a `date-order` finding) as written.
const M_EARLY: &str = "  - id: m-early
    person_id: p-dogan
    organization_id: org-council
    role: Adviser
    start_date: 1999
";

#[test]
fn fingerprints_survive_blank_lines_above_a_finding() {
    let (_dir, original) = edited(|_, text| text);
    let (_dir2, shifted) = edited(|name, text| {
        let text = format!("\n\n\n{text}");
        if name == TERMS {
            text.replace("  - id: m-early", "\n\n\n\n  - id: m-early")
        } else {
            text
        }
    });
    let before = fingerprinted(&original);
    assert_eq!(before.len(), 6);
    assert_eq!(fingerprinted(&shifted), before);
}

#[test]
fn fingerprints_survive_reordered_records_and_a_record_moved_to_another_file() {
    let (_dir, original) = edited(|_, text| text);
    let before = fingerprinted(&original);
    let (_dir2, reordered) = edited(|name, text| {
        if name == TERMS {
            assert!(text.contains(M_EARLY));
            text.replace(M_EARLY, "")
                .replace("  - id: m-chair-1", &format!("{M_EARLY}  - id: m-chair-1"))
        } else {
            swap_persons(&text)
        }
    });
    assert_eq!(fingerprinted(&reordered), before, "reordered");
    let (_dir3, moved) = edited(|name, text| {
        if name == TERMS {
            text.replace(M_EARLY, "")
        } else {
            format!("{text}\nmemberships:\n{M_EARLY}")
        }
    });
    assert_eq!(fingerprinted(&moved), before, "moved to persons.yaml");
}

/// persons.yaml with its first two persons swapped.
fn swap_persons(text: &str) -> String {
    let sarybay = "  - id: p-sarybay\n    name: Kairat Sarybay\n";
    assert!(text.contains(sarybay));
    text.replace(sarybay, "")
        .replace("  - id: p-elder", &format!("{sarybay}  - id: p-elder"))
}

#[test]
fn fingerprints_change_with_the_offending_value() {
    let (_dir, original) = edited(|_, text| text);
    let before = fingerprinted(&original);
    let (_dir2, changed) = edited(|name, text| {
        if name == TERMS {
            text.replace("start_date: 1999", "start_date: 1998")
        } else {
            text
        }
    });
    let after = fingerprinted(&changed);
    let gone: Vec<&String> = before.iter().filter(|f| !after.contains(f)).collect();
    assert_eq!(gone.len(), 1, "only the changed finding is new: {gone:?}");
    assert!(gone[0].starts_with("date-order "));
}
