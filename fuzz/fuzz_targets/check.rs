//! Fuzz target: any bytes, as one or two records files (split at the first
//! 0xFF byte, which never occurs in UTF-8, so cross-file rules are reached
//! too), are loaded, checked with the default rules and rendered in every
//! format. It fails on a panic, and on a finding whose place lies outside
//! its file or off a character boundary, or a JSON report that does not parse.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use recheck::report::{self, Format, Options, Run};
use recheck::rules::RuleSet;

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::builtin().expect("the built-in rules are valid"))
}

fuzz_target!(|data: &[u8]| {
    let files = match data.iter().position(|&b| b == 0xFF) {
        Some(at) => vec![
            (PathBuf::from("a.yaml"), data[..at].to_vec()),
            (PathBuf::from("b.yaml"), data[at + 1..].to_vec()),
        ],
        None => vec![(PathBuf::from("a.yaml"), data.to_vec())],
    };
    let loaded = recheck::check_bytes(files, rules());
    for finding in &loaded.findings {
        for place in std::iter::once(&finding.primary).chain(&finding.related) {
            let text = &loaded.sources.get(place.file).text;
            assert!(
                place.span.start() <= place.span.end() && place.span.end() <= text.len(),
                "{finding:?}: span outside its file"
            );
            assert!(
                text.is_char_boundary(place.span.start()) && text.is_char_boundary(place.span.end()),
                "{finding:?}: span off a character boundary"
            );
        }
    }
    let run = Run::checked(&loaded, rules());
    let json = report::render(run, Format::Json, &Options::PLAIN);
    assert!(
        serde_json::from_str::<serde_json::Value>(&json).is_ok(),
        "invalid JSON"
    );
    for format in [Format::Human, Format::Sarif, Format::Github, Format::Junit] {
        let _ = report::render(run, format, &Options::PLAIN);
    }
});
