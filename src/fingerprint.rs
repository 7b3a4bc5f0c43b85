//! Fingerprints: a name for a finding that survives edits around it.
//!
//! Code scanning (SARIF `partialFingerprints`) uses it to follow a finding
//! from commit to commit. It hashes what the finding is about, never where:
//!
//! - the rule id;
//! - the keys of the records at its places ([`Record::key`]: the id, or the
//!   identifying fields of a record without one), as a sorted set;
//! - the field path of the primary place inside its record
//!   (`attendees[].person_id`, list positions left out);
//! - the text of the values at its places (quotes and whitespace runs
//!   normalized), as a sorted set.
//!
//! So inserting lines, reordering records or moving a record to another file
//! keeps every fingerprint, and changing the offending value changes it. A
//! finding about a spelling wherever it is used ([`Identity::Values`]) leaves
//! the records out, so a new use of the spelling does not make it new. A place
//! outside every record (a syntax error, a rules file) contributes its file's
//! path from the repository root and the message with digits removed (parser
//! messages carry line numbers).
//!
//! Two findings with equal fingerprints (the same id used three times) get
//! `:2`, `:3` appended in report order, so each is distinct.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

use crate::diag::{Finding, Identity, Place};
use crate::load::Loaded;
use crate::model::Record;
use crate::source::{FileId, Sources, Span};
use crate::yaml::{Node, Value};

/// The key under which SARIF's `partialFingerprints` carries the value;
/// the version changes whenever what is hashed does.
pub const SARIF_KEY: &str = "recheck/v1";

/// The fingerprint of every finding of `loaded`, in order.
pub fn fingerprints(loaded: &Loaded) -> Vec<String> {
    let records = RecordsByFile::new(&loaded.records);
    let mut seen: HashMap<String, usize> = HashMap::new();
    loaded
        .findings
        .iter()
        .map(|finding| {
            let hash = hex(fnv1a_128(
                identity_text(finding, loaded, &records).as_bytes(),
            ));
            let count = seen.entry(hash.clone()).or_insert(0);
            *count += 1;
            if *count == 1 {
                hash
            } else {
                format!("{hash}:{count}")
            }
        })
        .collect()
}

/// The text that is hashed: one line per ingredient.
fn identity_text(finding: &Finding, loaded: &Loaded, records: &RecordsByFile<'_>) -> String {
    let places = || std::iter::once(&finding.primary).chain(&finding.related);
    let mut text = format!("rule {}\n", finding.rule);
    let primary_record = records.containing(&finding.primary);
    if let Some(record) = primary_record {
        let field = field_path(&record.fields, finding.primary.span).unwrap_or_default();
        let _ = writeln!(text, "field {field}");
    } else {
        let file = loaded.sources.get(finding.primary.file);
        let message: String = finding
            .message
            .chars()
            .filter(|c| !c.is_ascii_digit())
            .collect();
        let _ = writeln!(text, "file {}\nmessage {message}", file.path_from_root());
    }
    if finding.identity == Identity::Records {
        let keys: BTreeSet<String> = places()
            .filter_map(|place| records.containing(place))
            .map(Record::key)
            .collect();
        for key in keys {
            let _ = writeln!(text, "record {key}");
        }
    }
    let values: BTreeSet<String> = places()
        .map(|place| value_text(&loaded.sources, place))
        .collect();
    for value in values {
        let _ = writeln!(text, "value {value}");
    }
    text
}

/// The source text at a place, unquoted, with whitespace runs as one space.
pub(crate) fn value_text(sources: &Sources, place: &Place) -> String {
    let text = &sources.get(place.file).text;
    let raw = text.get(place.span.start()..place.span.end()).unwrap_or("");
    let unquoted = raw
        .trim()
        .trim_start_matches(['"', '\''])
        .trim_end_matches(['"', '\'']);
    unquoted.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The records of each file, ordered by where they start.
pub(crate) struct RecordsByFile<'a> {
    by_file: HashMap<FileId, Vec<&'a Record>>,
}

impl<'a> RecordsByFile<'a> {
    pub(crate) fn new(records: &'a [Record]) -> Self {
        let mut by_file: HashMap<FileId, Vec<&Record>> = HashMap::new();
        for record in records {
            by_file.entry(record.file).or_default().push(record);
        }
        for list in by_file.values_mut() {
            list.sort_by_key(|record| record.extent.start());
        }
        Self { by_file }
    }

    /// The record whose mapping holds `place`.
    pub(crate) fn containing(&self, place: &Place) -> Option<&'a Record> {
        let list = self.by_file.get(&place.file)?;
        let after = list.partition_point(|record| record.extent.start() <= place.span.start());
        let record = *list.get(after.checked_sub(1)?)?;
        contains(record.extent, place.span).then_some(record)
    }
}

fn contains(outer: Span, inner: Span) -> bool {
    outer.start() <= inner.start() && inner.end() <= outer.end()
}

/// The path from `node` to the deepest value holding `span`: `role`,
/// `attendees[].person_id`; empty for the node itself.
fn field_path(node: &Node, span: Span) -> Option<String> {
    match &node.value {
        Value::Map(entries) => {
            for entry in entries {
                let key = entry.key.as_str().unwrap_or("");
                if contains(entry.key.span, span) {
                    return Some(key.to_owned());
                }
                if contains(entry.value.extent(), span) {
                    let rest = field_path(&entry.value, span).unwrap_or_default();
                    return Some(join(key, &rest));
                }
            }
            None
        }
        Value::Seq(items) => items
            .iter()
            .find(|item| contains(item.extent(), span))
            .map(|item| join("[]", &field_path(item, span).unwrap_or_default())),
        _ => None,
    }
}

fn join(head: &str, rest: &str) -> String {
    if rest.is_empty() {
        head.to_owned()
    } else if rest.starts_with('[') {
        format!("{head}{rest}")
    } else {
        format!("{head}.{rest}")
    }
}

/// FNV-1a with 128 bits: small, fixed forever, and the same on every
/// platform (std's hashers promise none of that).
fn fnv1a_128(bytes: &[u8]) -> u128 {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
    bytes.iter().fold(OFFSET, |hash, &byte| {
        (hash ^ u128::from(byte)).wrapping_mul(PRIME)
    })
}

fn hex(value: u128) -> String {
    format!("{value:032x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_matches_the_reference_vectors() {
        // From the FNV reference: the empty string and "a".
        assert_eq!(hex(fnv1a_128(b"")), "6c62272e07bb014262b821756295c58d");
        assert_eq!(hex(fnv1a_128(b"a")), "d228cb696f1a8caf78912b704e4a8964");
    }

    #[test]
    fn field_paths_leave_out_list_positions() {
        let doc =
            crate::yaml::parse("a: 1\nattendees:\n  - name: x\n  - person_id: p-1\n").unwrap();
        let at = doc.root.extent();
        let text = "a: 1\nattendees:\n  - name: x\n  - person_id: p-1\n";
        let p = text.find("p-1").unwrap();
        assert_eq!(
            field_path(&doc.root, Span::new(p, p + 3)).as_deref(),
            Some("attendees[].person_id")
        );
        assert_eq!(field_path(&doc.root, at).as_deref(), None);
        let key = text.find("attendees").unwrap();
        assert_eq!(
            field_path(&doc.root, Span::new(key, key + 9)).as_deref(),
            Some("attendees")
        );
    }
}
