//! Property tests: whatever the input, recheck gives a report and never
//! panics. Two generators: arbitrary bytes (split into two files at a 0xFF
//! byte, as the fuzz target does), and near-valid records files built from
//! the format's own sections, fields and plausible values, then damaged by a
//! few random byte edits. Each property runs a bounded number of cases so the
//! suite stays fast; `fuzz/` explores the same space for as long as it runs.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::OnceLock;

use proptest::prelude::*;
use recheck::load::Loaded;
use recheck::report::{self, Format, Options, Run};
use recheck::rules::RuleSet;

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::builtin().expect("built-in rules are valid"))
}

/// Checks `files` and asserts what must hold for any input: every place lies
/// in its file on character boundaries, and every format renders, the JSON
/// one as valid JSON.
fn check_and_render(files: Vec<(PathBuf, Vec<u8>)>) {
    let loaded: Loaded = recheck::check_bytes(files, rules());
    for finding in &loaded.findings {
        for place in std::iter::once(&finding.primary).chain(&finding.related) {
            let text = &loaded.sources.get(place.file).text;
            assert!(place.span.start() <= place.span.end() && place.span.end() <= text.len());
            assert!(text.is_char_boundary(place.span.start()));
            assert!(text.is_char_boundary(place.span.end()));
        }
    }
    let run = Run::checked(&loaded, rules());
    let json = report::render(run, Format::Json, &Options::PLAIN);
    let parsed: serde_json::Value = serde_json::from_str(&json).expect("the JSON report parses");
    assert_eq!(
        parsed["findings"].as_array().map(Vec::len),
        Some(loaded.findings.len())
    );
    for format in [Format::Human, Format::Sarif, Format::Github, Format::Junit] {
        let _ = report::render(run, format, &Options::PLAIN);
    }
}

fn split_files(data: &[u8]) -> Vec<(PathBuf, Vec<u8>)> {
    match data.iter().position(|&b| b == 0xFF) {
        Some(at) => vec![
            (PathBuf::from("a.yaml"), data[..at].to_vec()),
            (PathBuf::from("b.yaml"), data[at + 1..].to_vec()),
        ],
        None => vec![(PathBuf::from("a.yaml"), data.to_vec())],
    }
}

// ------------------------------------------------------- near-valid records

const SECTIONS: &[&str] = &[
    "organizations",
    "persons",
    "posts",
    "memberships",
    "events",
    "sources",
    "persns",
];

const FIELDS: &[&str] = &[
    "id",
    "name",
    "label",
    "role",
    "person_id",
    "member_id",
    "organization_id",
    "post_id",
    "parent_id",
    "start_date",
    "end_date",
    "birth_date",
    "death_date",
    "founding_date",
    "dissolution_date",
    "published",
    "status",
    "sources",
    "other_names",
    "attendees",
    "notes",
    "nmae",
];

fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("p-1".to_owned()),
        Just("o-1".to_owned()),
        Just("m-1".to_owned()),
        Just("2020".to_owned()),
        Just("2024-12".to_owned()),
        Just("2024-12-18".to_owned()),
        Just("2024-02-30".to_owned()),
        Just("-0001-01-01".to_owned()),
        Just("99999999-01-01".to_owned()),
        Just("Kairat Sarybay".to_owned()),
        Just("Kairat Sarybai".to_owned()),
        Just("Ahmed Doğan".to_owned()),
        Just("Chair".to_owned()),
        Just("held".to_owned()),
        Just("null".to_owned()),
        Just("~".to_owned()),
        Just("42".to_owned()),
        Just("[a, b]".to_owned()),
        Just("{x: 1}".to_owned()),
        Just("\"quoted: text\"".to_owned()),
        Just("&a x".to_owned()),
        Just("*a".to_owned()),
        Just("!include x".to_owned()),
        "[a-zA-Z0-9 ğı:-]{0,12}",
    ]
}

fn field() -> impl Strategy<Value = String> {
    let nested =
        prop::collection::vec((prop::sample::select(FIELDS), scalar()), 0..3).prop_map(|entries| {
            entries
                .into_iter()
                .fold(String::new(), |mut text, (key, value)| {
                    let _ = write!(text, "\n      - {key}: {value}");
                    text
                })
        });
    (
        prop::sample::select(FIELDS),
        prop_oneof![scalar().prop_map(|v| format!(" {v}")), nested],
    )
        .prop_map(|(key, value)| format!("    {key}:{value}\n"))
}

fn record() -> impl Strategy<Value = String> {
    prop::collection::vec(field(), 1..6).prop_map(|fields| {
        let mut text = fields.concat();
        text.replace_range(..2, "  -");
        text
    })
}

fn records_file() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::sample::select(SECTIONS),
            prop::collection::vec(record(), 0..4),
        ),
        0..4,
    )
    .prop_map(|sections| {
        sections
            .into_iter()
            .fold(String::new(), |mut text, (section, records)| {
                let _ = write!(text, "{section}:\n{}", records.concat());
                text
            })
    })
}

/// A byte edit: delete, insert or replace one byte at a position (taken
/// modulo the length).
fn damage() -> impl Strategy<Value = (u8, usize, u8)> {
    (0u8..3, any::<usize>(), any::<u8>())
}

fn damaged(text: String, edits: &[(u8, usize, u8)]) -> Vec<u8> {
    let mut bytes = text.into_bytes();
    for &(kind, at, byte) in edits {
        let at = if bytes.is_empty() {
            0
        } else {
            at % bytes.len()
        };
        match kind {
            0 if !bytes.is_empty() => {
                bytes.remove(at);
            }
            1 => bytes.insert(at, byte),
            _ if !bytes.is_empty() => bytes[at] = byte,
            _ => {}
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_give_a_report(data in prop::collection::vec(any::<u8>(), 0..2048)) {
        check_and_render(split_files(&data));
    }

    #[test]
    fn near_valid_records_give_a_report(
        first in records_file(),
        second in records_file(),
        edits in prop::collection::vec(damage(), 0..4),
    ) {
        check_and_render(vec![
            (PathBuf::from("a.yaml"), damaged(first, &edits)),
            (PathBuf::from("b.yaml"), second.into_bytes()),
        ]);
    }
}
