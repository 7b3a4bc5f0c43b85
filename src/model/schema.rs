//! The records format as data: which sections exist, which fields each record
//! has, and what shape each field's value takes.
//!
//! The validator, the README's format table and (later) the rules all read
//! this one table, so a new field is one line here. Field names follow Popolo
//! where Popolo has the concept.

use std::fmt::Write as _;

/// The kinds of records, one per top-level section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    Sources,
    Organizations,
    Persons,
    Posts,
    Memberships,
    Events,
}

/// How one section's records look.
#[derive(Debug)]
pub struct SectionSpec {
    pub section: Section,
    /// The key in a records file: `persons`.
    pub name: &'static str,
    /// One record, as messages name it: `person`.
    pub singular: &'static str,
    pub fields: &'static [Field],
    /// Conditions across fields of one record.
    pub constraints: &'static [Constraint],
}

/// One field of a record or of a nested entry.
#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    pub shape: Shape,
    pub required: bool,
}

/// What a field's value must look like.
#[derive(Debug)]
pub enum Shape {
    /// A non-empty string naming this record.
    Id,
    /// A non-empty string.
    Text,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; an unquoted year is accepted.
    Date,
    /// The id of a record in one of these sections.
    Ref(&'static [Section]),
    /// One of a fixed set of words.
    Choice(&'static [&'static str]),
    /// A list of values of one shape.
    List(&'static Shape),
    /// A mapping with these fields (a nested entry, not a record).
    Entry(&'static str, &'static [Field]),
    /// A plain string, or a mapping with these fields (Popolo's `other_names`).
    TextOrEntry(&'static str, &'static [Field]),
}

/// A condition across the fields of one record.
#[derive(Debug)]
pub enum Constraint {
    /// Exactly one of these fields is present.
    ExactlyOne(&'static str, &'static str),
    /// `field` is required unless `unless` is present.
    RequiredUnless {
        field: &'static str,
        unless: &'static str,
    },
}

/// Event statuses; an event without one was held.
pub const EVENT_STATUSES: &[&str] = &["held", "scheduled", "cancelled", "postponed"];

const fn field(name: &'static str, shape: Shape) -> Field {
    Field {
        name,
        shape,
        required: false,
    }
}

const fn required(name: &'static str, shape: Shape) -> Field {
    Field {
        name,
        shape,
        required: true,
    }
}

const SOURCE_IDS: Shape = Shape::List(&Shape::Ref(&[Section::Sources]));

const OTHER_NAMES: Shape = Shape::List(&Shape::TextOrEntry(
    "other name",
    &[
        required("name", Shape::Text),
        field("note", Shape::Text),
        field("start_date", Shape::Date),
        field("end_date", Shape::Date),
    ],
));

const ATTENDEES: Shape = Shape::List(&Shape::Entry(
    "attendee",
    &[
        required("name", Shape::Text),
        field("role", Shape::Text),
        field("person_id", Shape::Ref(&[Section::Persons])),
    ],
));

/// Every section, in the order the README documents them.
pub const SECTIONS: &[SectionSpec] = &[
    SectionSpec {
        section: Section::Sources,
        name: "sources",
        singular: "source",
        fields: &[
            required("id", Shape::Id),
            field("title", Shape::Text),
            field("publisher", Shape::Text),
            required("published", Shape::Date),
            field("url", Shape::Text),
            field("notes", Shape::Text),
        ],
        constraints: &[],
    },
    SectionSpec {
        section: Section::Organizations,
        name: "organizations",
        singular: "organization",
        fields: &[
            required("id", Shape::Id),
            required("name", Shape::Text),
            field("other_names", OTHER_NAMES),
            field("classification", Shape::Text),
            field("parent_id", Shape::Ref(&[Section::Organizations])),
            field("founding_date", Shape::Date),
            field("dissolution_date", Shape::Date),
            field("sources", SOURCE_IDS),
            field("notes", Shape::Text),
        ],
        constraints: &[],
    },
    SectionSpec {
        section: Section::Persons,
        name: "persons",
        singular: "person",
        fields: &[
            required("id", Shape::Id),
            required("name", Shape::Text),
            field("other_names", OTHER_NAMES),
            field("birth_date", Shape::Date),
            field("death_date", Shape::Date),
            field("sources", SOURCE_IDS),
            field("notes", Shape::Text),
        ],
        constraints: &[],
    },
    SectionSpec {
        section: Section::Posts,
        name: "posts",
        singular: "post",
        fields: &[
            required("id", Shape::Id),
            required("label", Shape::Text),
            required("organization_id", Shape::Ref(&[Section::Organizations])),
            field("role", Shape::Text),
            field("start_date", Shape::Date),
            field("end_date", Shape::Date),
            field("sources", SOURCE_IDS),
            field("notes", Shape::Text),
        ],
        constraints: &[],
    },
    SectionSpec {
        section: Section::Memberships,
        name: "memberships",
        singular: "membership",
        fields: &[
            field("id", Shape::Id),
            field("person_id", Shape::Ref(&[Section::Persons])),
            field(
                "member_id",
                Shape::Ref(&[Section::Persons, Section::Organizations]),
            ),
            required("organization_id", Shape::Ref(&[Section::Organizations])),
            field("role", Shape::Text),
            field("post_id", Shape::Ref(&[Section::Posts])),
            field("start_date", Shape::Date),
            field("end_date", Shape::Date),
            field("sources", SOURCE_IDS),
            field("notes", Shape::Text),
        ],
        constraints: &[
            Constraint::ExactlyOne("person_id", "member_id"),
            Constraint::RequiredUnless {
                field: "role",
                unless: "post_id",
            },
        ],
    },
    SectionSpec {
        section: Section::Events,
        name: "events",
        singular: "event",
        fields: &[
            required("id", Shape::Id),
            required("name", Shape::Text),
            required("start_date", Shape::Date),
            field("end_date", Shape::Date),
            field("status", Shape::Choice(EVENT_STATUSES)),
            field("location", Shape::Text),
            field("classification", Shape::Text),
            field("organization_id", Shape::Ref(&[Section::Organizations])),
            field("parent_id", Shape::Ref(&[Section::Events])),
            field("attendees", ATTENDEES),
            field("sources", SOURCE_IDS),
            field("notes", Shape::Text),
        ],
        constraints: &[],
    },
];

impl Section {
    /// This section's specification.
    pub fn spec(self) -> &'static SectionSpec {
        SECTIONS
            .iter()
            .find(|spec| spec.section == self)
            .unwrap_or(&SECTIONS[0])
    }

    pub fn name(self) -> &'static str {
        self.spec().name
    }

    pub fn singular(self) -> &'static str {
        self.spec().singular
    }

    /// The section a records file names with `key`.
    pub fn from_name(key: &str) -> Option<Self> {
        SECTIONS
            .iter()
            .find(|spec| spec.name == key)
            .map(|spec| spec.section)
    }
}

impl Shape {
    /// The shape as the README and messages describe it.
    pub fn describe(&self) -> String {
        match self {
            Self::Id => "id".to_owned(),
            Self::Text => "text".to_owned(),
            Self::Date => "date".to_owned(),
            Self::Ref(targets) => {
                let names: Vec<&str> = targets.iter().map(|s| s.singular()).collect();
                format!("{} id", names.join(" or "))
            }
            Self::Choice(words) => format!("one of {}", words.join(", ")),
            Self::List(item) => format!("list of {}", item.describe_plural()),
            Self::Entry(name, _) => format!("{name} mapping"),
            Self::TextOrEntry(name, _) => format!("{name} (text or mapping)"),
        }
    }

    fn describe_plural(&self) -> String {
        match self {
            Self::Entry(name, _) => format!("{name} mappings"),
            Self::TextOrEntry(name, _) => format!("{name}s (text or mapping)"),
            other => format!("{}s", other.describe()),
        }
    }
}

/// The records format as a Markdown table, for the README.
pub fn markdown_table() -> String {
    let mut table = String::from("| section | record | fields (`*` = required) |\n|---|---|---|\n");
    for spec in SECTIONS {
        let fields: Vec<String> = spec.fields.iter().map(describe_field).collect();
        let mut cell = fields.join(", ");
        for constraint in spec.constraints {
            let _ = match constraint {
                Constraint::ExactlyOne(a, b) => write!(cell, "; exactly one of `{a}` or `{b}`"),
                Constraint::RequiredUnless { field, unless } => {
                    write!(cell, "; `{field}` required unless `{unless}`")
                }
            };
        }
        // Writing to a String cannot fail.
        let _ = writeln!(table, "| `{}` | {} | {cell} |", spec.name, spec.singular);
    }
    table.push_str(&nested_fields("other_names", &OTHER_NAMES));
    table.push_str(&nested_fields("attendees", &ATTENDEES));
    table
}

fn describe_field(field: &Field) -> String {
    let star = if field.required { "*" } else { "" };
    format!("`{}`{star} ({})", field.name, field.shape.describe())
}

/// A table row for the entries of a list field such as `attendees`.
fn nested_fields(name: &str, shape: &Shape) -> String {
    let Shape::List(Shape::Entry(entry, fields) | Shape::TextOrEntry(entry, fields)) = shape else {
        return String::new();
    };
    let fields: Vec<String> = fields.iter().map(describe_field).collect();
    format!("| `{name}` entries | {entry} | {} |\n", fields.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_section_has_a_spec_found_by_its_name() {
        for spec in SECTIONS {
            assert_eq!(Section::from_name(spec.name), Some(spec.section));
            assert_eq!(spec.section.spec().name, spec.name);
        }
    }

    #[test]
    fn constraints_name_real_fields() {
        for spec in SECTIONS {
            let has = |name: &str| spec.fields.iter().any(|f| f.name == name);
            for constraint in spec.constraints {
                match constraint {
                    Constraint::ExactlyOne(a, b) => assert!(has(a) && has(b)),
                    Constraint::RequiredUnless { field, unless } => {
                        assert!(has(field) && has(unless));
                    }
                }
            }
        }
    }
}
