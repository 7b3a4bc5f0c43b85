//! The record model: what a loaded record is, and the format it must follow.
//!
//! Records stay generic: a section, a file and a mapping [`Node`] whose every
//! value keeps its span. The format lives as data in [`schema`]; [`validate`]
//! checks a parsed file against it and keeps only the values that passed, so
//! later checks can trust every value they see.

pub mod schema;
pub mod validate;

pub use schema::Section;

use crate::source::{FileId, Span};
use crate::yaml::Node;

/// One record: a person, an organization, a membership, ...
#[derive(Debug, Clone)]
pub struct Record {
    pub section: Section,
    pub file: FileId,
    /// Where to point when the record as a whole is meant: from its start to
    /// the end of its first entry.
    pub span: Span,
    /// The whole text of the record, including fields that failed validation.
    pub extent: Span,
    /// The record's mapping, holding only values that passed validation.
    pub fields: Node,
}

impl Record {
    /// The value of a field, if present and valid.
    pub fn get(&self, field: &str) -> Option<&Node> {
        self.fields.get(field)
    }

    /// The record's id, if it has a valid one.
    pub fn id(&self) -> Option<&str> {
        self.get("id").and_then(Node::as_str)
    }

    /// What names this record independently of where it is written: its id,
    /// or for a record without one (memberships may have none) its section
    /// and the values of its reference fields and `role`:
    /// `memberships[organization_id=o-1,person_id=p-1,role=Chair]`.
    pub fn key(&self) -> String {
        if let Some(id) = self.id() {
            return id.to_owned();
        }
        let spec = self.section.spec();
        let mut parts: Vec<String> = spec
            .fields
            .iter()
            .filter(|field| matches!(field.shape, schema::Shape::Ref(_)) || field.name == "role")
            .filter_map(|field| {
                Some(format!(
                    "{}={}",
                    field.name,
                    self.get(field.name)?.as_str()?
                ))
            })
            .collect();
        parts.sort();
        format!("{}[{}]", spec.name, parts.join(","))
    }

    /// How messages name this record: "person `p-kuspan`" or "a membership".
    /// An id that does not spell the record's name (Popolo's UUIDs) is
    /// followed by the name: "person `3569371c-…` (Dafydd Wigley)".
    pub fn describe(&self) -> String {
        let described = describe(self.section, self.id());
        let name = ["name", "label"]
            .iter()
            .find_map(|field| self.get(field).and_then(Node::as_str));
        match (self.id(), name) {
            (Some(id), Some(name)) if !spells(id, name) => {
                format!("{described} ({})", clip(name, NAME_SHOWN))
            }
            _ => described,
        }
    }
}

/// How many characters of a name messages show after an opaque id.
const NAME_SHOWN: usize = 60;

/// `text` cut to `max` characters, with `…` when cut.
fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

/// Whether `id` carries a word of `name` (`p-kuspan` for `Murat Kuspan`),
/// so that the name would add nothing to it.
fn spells(id: &str, name: &str) -> bool {
    let id_words = crate::names::words(id);
    crate::names::words(name)
        .iter()
        .any(|word| word.chars().count() >= 3 && id_words.contains(word))
}

/// "person `p-kuspan`", or "a membership" for a record without an id.
pub fn describe(section: Section, id: Option<&str>) -> String {
    match id {
        Some(id) => format!("{} `{id}`", section.singular()),
        None => with_article(section.singular()),
    }
}

/// "a person", "an organization", "an attendee".
pub fn with_article(noun: &str) -> String {
    let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {noun}")
}
