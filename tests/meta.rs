//! Convention tests: the registry of kinds, their documentation, the built-in
//! rules and the fixtures stay consistent with each other.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use recheck::rules::builtin::FILES;
use recheck::rules::{KINDS, RuleSet};

const HEADINGS: &[&str] = &["## What it checks", "## Why", "## Options", "## Example"];

#[test]
fn the_embedded_rules_are_the_repository_rules_directory() {
    let mut on_disk: Vec<(String, String)> = fs::read_dir("rules")
        .expect("rules/ exists")
        .map(|entry| entry.expect("readable entry").path())
        .map(|path| {
            let name = path
                .file_name()
                .expect("a file")
                .to_string_lossy()
                .into_owned();
            let text = fs::read_to_string(&path).expect("readable rules file");
            (name, text)
        })
        .collect();
    on_disk.sort();
    let embedded: Vec<(String, String)> = FILES
        .iter()
        .map(|(name, text)| ((*name).to_owned(), (*text).to_owned()))
        .collect();
    assert_eq!(
        embedded, on_disk,
        "src/rules/builtin.rs must list every file of rules/"
    );
}

#[test]
fn the_built_in_rules_are_valid_and_their_ids_are_the_contract() {
    let rules = RuleSet::builtin().expect("built-in rules are valid");
    let ids: BTreeSet<&str> = rules.rules.iter().map(|rule| rule.id.as_str()).collect();
    let contract = [
        "date-order",
        "duplicate-id",
        "duplicate-person",
        "name-spelling",
        "role-spelling",
        "term-overlap",
        "unknown-reference",
    ];
    assert_eq!(ids, contract.into_iter().collect());
}

#[test]
fn kinds_are_sorted_unique_and_kebab_case() {
    let names: Vec<&str> = KINDS.iter().map(|kind| kind.name).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(names, sorted);
    for name in names {
        assert!(
            name.split('-')
                .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase())),
            "{name}"
        );
    }
}

#[test]
fn every_kind_documents_the_four_headings_in_order() {
    for kind in KINDS {
        let docs = kind.docs();
        let headings: Vec<&str> = docs.lines().filter(|l| l.starts_with("## ")).collect();
        assert_eq!(headings, HEADINGS, "{}", kind.name);
        assert!(
            !kind.summary.is_empty() && kind.summary.ends_with('.'),
            "{}",
            kind.name
        );
    }
}

#[test]
fn every_kind_documents_each_of_its_options() {
    for kind in KINDS {
        let docs = kind.docs();
        let options = section(&docs, "## Options");
        for option in kind.options {
            assert!(
                options.contains(&format!("`{option}`")),
                "{}: option `{option}` is not documented",
                kind.name
            );
        }
    }
}

#[test]
fn every_kind_example_is_a_valid_rules_file() {
    for kind in KINDS {
        let docs = kind.docs();
        let example = section(&docs, "## Example");
        let mut yaml = String::from("rules:\n");
        for line in example.lines().filter(|line| !line.starts_with("```")) {
            yaml.push_str("  ");
            yaml.push_str(line);
            yaml.push('\n');
        }
        let file = (PathBuf::from("example.yaml"), yaml);
        if let Err(error) = RuleSet::parse(vec![file]) {
            panic!("{}: the example is not a valid rule: {error:?}", kind.name);
        }
    }
}

#[test]
fn every_kind_and_every_default_rule_has_good_and_bad_fixtures() {
    let kinds: BTreeSet<String> = KINDS.iter().map(|kind| kind.name.to_owned()).collect();
    assert_eq!(subdirectories("tests/fixtures/kinds"), kinds);
    let rules = RuleSet::builtin().expect("built-in rules are valid");
    let ids: BTreeSet<String> = rules.rules.iter().map(|rule| rule.id.clone()).collect();
    assert_eq!(subdirectories("tests/fixtures/rules"), ids);
    for group in ["tests/fixtures/kinds", "tests/fixtures/rules"] {
        for name in subdirectories(group) {
            let fixtures = subdirectories(&format!("{group}/{name}"));
            for prefix in ["good-", "bad-"] {
                assert!(
                    fixtures.iter().any(|f| f.starts_with(prefix)),
                    "{group}/{name} needs a {prefix}* fixture"
                );
            }
        }
    }
}

#[test]
fn every_kind_fixture_brings_its_own_rules() {
    for name in subdirectories("tests/fixtures/kinds") {
        for fixture in subdirectories(&format!("tests/fixtures/kinds/{name}")) {
            let dir = Path::new("tests/fixtures/kinds").join(&name).join(&fixture);
            let rules = RuleSet::from_path(&dir.join("rules")).expect("valid fixture rules");
            assert!(
                rules.rules.iter().all(|rule| rule.kind.name == name),
                "{}: rules of kind {name} only",
                dir.display()
            );
        }
    }
}

#[test]
fn dogfood_this_repository_records_pass_the_default_rules() {
    let rules = RuleSet::builtin().expect("built-in rules are valid");
    let loaded = recheck::check(&[PathBuf::from("records")], &rules).expect("records load");
    let rules_found: Vec<&str> = loaded.findings.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(rules_found, Vec::<&str>::new());
    assert!(loaded.records.len() > 30);
}

/// The text of a `## ` section, up to the next one.
fn section<'a>(docs: &'a str, heading: &str) -> &'a str {
    let start = docs
        .find(heading)
        .map_or(docs.len(), |at| at + heading.len());
    let rest = &docs[start..];
    &rest[..rest.find("\n## ").unwrap_or(rest.len())]
}

fn subdirectories(dir: &str) -> BTreeSet<String> {
    fs::read_dir(dir)
        .expect("fixture group exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| path.is_dir())
        .map(|path| {
            path.file_name()
                .expect("named")
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

#[test]
fn the_pre_commit_hook_runs_recheck_on_the_whole_records_directory() {
    let text = fs::read_to_string(".pre-commit-hooks.yaml").expect(".pre-commit-hooks.yaml");
    let doc = recheck::yaml::parse(&text).expect("valid YAML");
    let hooks = doc.root.as_seq().expect("a list of hooks");
    assert_eq!(hooks.len(), 1);
    let hook = &hooks[0];
    let field = |key: &str| {
        hook.get(key)
            .and_then(recheck::yaml::Node::scalar_text)
            .unwrap_or_else(|| panic!("the hook has `{key}`"))
    };
    assert_eq!(field("id"), "recheck");
    assert_eq!(field("language"), "rust");
    // The binary `cargo install` builds for the hook.
    assert_eq!(field("entry"), "recheck");
    assert!(Path::new(env!("CARGO_BIN_EXE_recheck")).exists());
    // Cross-file references: never only the staged files.
    assert_eq!(field("pass_filenames"), "false");
    assert_eq!(field("files"), r"^records/.*\.ya?ml$");
}

/// The lint step of `.ci/run` is the README workflow's command line.
#[test]
fn ci_runs_the_readme_workflows_command_line() {
    let readme = fs::read_to_string("README.md").expect("README.md");
    let workflow_run = readme
        .lines()
        .find_map(|line| line.trim().strip_prefix("run: recheck "))
        .expect("the workflow's `run: recheck …` step");
    let ci = fs::read_to_string(".ci/run").expect(".ci/run");
    let lint = ci
        .lines()
        .find_map(|line| line.strip_prefix("cargo run --release --locked -- "))
        .expect("the lint step");
    assert_eq!(lint, workflow_run);
    assert!(lint.starts_with("records/ "));
}

/// `explain` shows each rule as written: a YAML mapping that parses, with
/// its flow lists closed (`distinct-by: [post_id]`).
#[test]
fn explain_shows_each_rule_as_valid_yaml() {
    let rules = RuleSet::builtin().expect("built-in rules are valid");
    for rule in &rules.rules {
        let text = recheck::explain::explain(&rule.id, &rules).expect("explained");
        let start = text.find("```yaml\n").expect("a YAML block") + "```yaml\n".len();
        let end = start + text[start..].find("\n```").expect("its end");
        let yaml = &text[start..end];
        let doc = recheck::yaml::parse(yaml)
            .unwrap_or_else(|e| panic!("{}: {}\n{yaml}", rule.id, e.message));
        assert_eq!(
            doc.root.get("id").and_then(recheck::yaml::Node::as_str),
            Some(rule.id.as_str())
        );
    }
}

/// The README's workflow and pre-commit examples are YAML that parses.
#[test]
fn the_readmes_ci_examples_are_valid_yaml() {
    let readme = fs::read_to_string("README.md").expect("README.md");
    let start = readme
        .find("## Use in CI and before commits")
        .expect("the CI section");
    let section = &readme[start..];
    let section = &section[..section[3..]
        .find("\n## ")
        .map_or(section.len(), |end| end + 3)];
    let mut blocks = 0;
    for block in section.split("```yaml\n").skip(1) {
        let yaml = &block[..block.find("```").expect("a closed block")];
        let doc = recheck::yaml::parse(yaml).unwrap_or_else(|e| panic!("{}\n{yaml}", e.message));
        assert!(doc.root.as_map().is_some(), "{yaml}");
        blocks += 1;
    }
    assert_eq!(blocks, 2, "the workflow and the pre-commit configuration");
}
