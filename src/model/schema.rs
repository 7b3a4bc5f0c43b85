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
    Areas,
}

/// How a file writes its records. Both read the same sections and fields;
/// they differ only in requirements Popolo does not make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// The curated records format (`*.yaml`, `*.yml`).
    Records,
    /// A Popolo export (`*.json`), such as EveryPolitician's.
    Popolo,
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
    /// Popolo vocabulary beyond the curated format: accepted and checked for
    /// shape, listed apart in the README.
    pub popolo: bool,
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
    /// The id of a record in one of these sections, or a mapping with these
    /// fields (a `sources` item: a source id, or a Popolo link `{url, note}`).
    RefOrEntry(&'static [Section], &'static str, &'static [Field]),
    /// A whole number of at least zero (Popolo's `seats`).
    Count,
    /// Any value; known, not checked (an area's `geometry`, EveryPolitician's
    /// `meta`).
    Any,
}

/// A condition across the fields of one record.
#[derive(Debug)]
pub enum Constraint {
    /// Exactly one of these fields is present.
    ExactlyOne(&'static [&'static str]),
    /// `field` is required unless `unless` is present. Popolo makes no such
    /// demand, so it holds in the records dialect only.
    RequiredUnless {
        field: &'static str,
        unless: &'static str,
    },
}

impl Constraint {
    /// Whether files of `dialect` must meet this constraint.
    pub fn applies_to(&self, dialect: Dialect) -> bool {
        match self {
            Self::ExactlyOne(..) => true,
            Self::RequiredUnless { .. } => dialect == Dialect::Records,
        }
    }
}

/// Event statuses; an event without one was held.
pub const EVENT_STATUSES: &[&str] = &["held", "scheduled", "cancelled", "postponed"];

const fn field(name: &'static str, shape: Shape) -> Field {
    Field {
        name,
        shape,
        required: false,
        popolo: false,
    }
}

const fn required(name: &'static str, shape: Shape) -> Field {
    Field {
        name,
        shape,
        required: true,
        popolo: false,
    }
}

/// A field of Popolo's vocabulary that the curated format does not use.
const fn popolo(name: &'static str, shape: Shape) -> Field {
    Field {
        name,
        shape,
        required: false,
        popolo: true,
    }
}

/// Popolo's link object, also how Popolo cites a source.
const LINK: &[Field] = &[required("url", Shape::Text), field("note", Shape::Text)];

/// A record's `sources`: source ids, or Popolo link objects.
const SOURCES: Shape = Shape::List(&Shape::RefOrEntry(&[Section::Sources], "link", LINK));

const OTHER_NAMES: Shape = Shape::List(&Shape::TextOrEntry(
    "other name",
    &[
        required("name", Shape::Text),
        field("note", Shape::Text),
        field("start_date", Shape::Date),
        field("end_date", Shape::Date),
        popolo("family_name", Shape::Text),
        popolo("given_name", Shape::Text),
        popolo("additional_name", Shape::Text),
        popolo("honorific_prefix", Shape::Text),
        popolo("honorific_suffix", Shape::Text),
        popolo("patronymic_name", Shape::Text),
        popolo("lang", Shape::Text),
    ],
));

const IDENTIFIERS: Shape = Shape::List(&Shape::Entry(
    "identifier",
    &[
        required("identifier", Shape::Text),
        field("scheme", Shape::Text),
    ],
));

const LINKS: Shape = Shape::List(&Shape::Entry("link", LINK));

const IMAGES: Shape = Shape::List(&Shape::Entry(
    "image",
    &[required("url", Shape::Text), field("note", Shape::Text)],
));

const CONTACT_DETAILS: Shape = Shape::List(&Shape::Entry(
    "contact detail",
    &[
        required("type", Shape::Text),
        required("value", Shape::Text),
        field("label", Shape::Text),
        field("note", Shape::Text),
        field("valid_from", Shape::Date),
        field("valid_until", Shape::Date),
        field("sources", SOURCES),
    ],
));

/// Popolo's `member` of a membership: `{"@type": "Person", "id": …}`.
const MEMBER: Shape = Shape::Entry(
    "member",
    &[
        required("@type", Shape::Choice(&["Person", "Organization"])),
        required(
            "id",
            Shape::Ref(&[Section::Persons, Section::Organizations]),
        ),
    ],
);

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
            field("sources", SOURCES),
            field("notes", Shape::Text),
            popolo("identifiers", IDENTIFIERS),
            popolo("area_id", Shape::Ref(&[Section::Areas])),
            popolo("abstract", Shape::Text),
            popolo("description", Shape::Text),
            popolo("image", Shape::Text),
            popolo("images", IMAGES),
            popolo("contact_details", CONTACT_DETAILS),
            popolo("links", LINKS),
            popolo("seats", Shape::Count),
            popolo("wikidata", Shape::Text),
            popolo("created_at", Shape::Date),
            popolo("updated_at", Shape::Date),
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
            field("sources", SOURCES),
            field("notes", Shape::Text),
            popolo("identifiers", IDENTIFIERS),
            popolo("family_name", Shape::Text),
            popolo("given_name", Shape::Text),
            popolo("additional_name", Shape::Text),
            popolo("honorific_prefix", Shape::Text),
            popolo("honorific_suffix", Shape::Text),
            popolo("patronymic_name", Shape::Text),
            popolo("sort_name", Shape::Text),
            popolo("email", Shape::Text),
            popolo("gender", Shape::Text),
            popolo("summary", Shape::Text),
            popolo("biography", Shape::Text),
            popolo("national_identity", Shape::Text),
            popolo("image", Shape::Text),
            popolo("images", IMAGES),
            popolo("contact_details", CONTACT_DETAILS),
            popolo("links", LINKS),
            popolo("wikidata", Shape::Text),
            popolo("created_at", Shape::Date),
            popolo("updated_at", Shape::Date),
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
            field("sources", SOURCES),
            field("notes", Shape::Text),
            popolo("other_label", Shape::List(&Shape::Text)),
            popolo("area_id", Shape::Ref(&[Section::Areas])),
            popolo("contact_details", CONTACT_DETAILS),
            popolo("links", LINKS),
            popolo("created_at", Shape::Date),
            popolo("updated_at", Shape::Date),
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
            field("sources", SOURCES),
            field("notes", Shape::Text),
            popolo("member", MEMBER),
            popolo("label", Shape::Text),
            popolo("on_behalf_of_id", Shape::Ref(&[Section::Organizations])),
            popolo("area_id", Shape::Ref(&[Section::Areas])),
            popolo("legislative_period_id", Shape::Ref(&[Section::Events])),
            popolo("contact_details", CONTACT_DETAILS),
            popolo("links", LINKS),
            popolo("created_at", Shape::Date),
            popolo("updated_at", Shape::Date),
        ],
        constraints: &[
            Constraint::ExactlyOne(&["person_id", "member_id", "member"]),
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
            field("sources", SOURCES),
            field("notes", Shape::Text),
            popolo("description", Shape::Text),
            popolo("identifiers", IDENTIFIERS),
            popolo("wikidata", Shape::Text),
            popolo("created_at", Shape::Date),
            popolo("updated_at", Shape::Date),
        ],
        constraints: &[],
    },
    SectionSpec {
        section: Section::Areas,
        name: "areas",
        singular: "area",
        fields: &[
            required("id", Shape::Id),
            field("name", Shape::Text),
            popolo("other_names", OTHER_NAMES),
            popolo("identifiers", IDENTIFIERS),
            popolo("classification", Shape::Text),
            popolo("type", Shape::Text),
            popolo("parent_id", Shape::Ref(&[Section::Areas])),
            popolo("geometry", Shape::Any),
            popolo("links", LINKS),
            popolo("wikidata", Shape::Text),
            field("sources", SOURCES),
            field("notes", Shape::Text),
            popolo("created_at", Shape::Date),
            popolo("updated_at", Shape::Date),
        ],
        constraints: &[],
    },
];

/// Top-level keys that hold no records but are known: EveryPolitician's
/// `meta` (where the data came from). Their values are not checked.
pub const OTHER_TOP_LEVEL_KEYS: &[&str] = &["meta"];

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
            Self::RefOrEntry(targets, name, _) => {
                format!("{} or {name} mapping", Self::Ref(targets).describe())
            }
            Self::Count => "whole number".to_owned(),
            Self::Any => "any value".to_owned(),
        }
    }

    pub fn describe_plural(&self) -> String {
        match self {
            Self::Entry(name, _) => format!("{name} mappings"),
            Self::TextOrEntry(name, _) => format!("{name}s (text or mapping)"),
            Self::RefOrEntry(targets, name, _) => {
                format!("{}s or {name} mappings", Self::Ref(targets).describe())
            }
            other => format!("{}s", other.describe()),
        }
    }
}

/// The records format as a Markdown table, for the README.
pub fn markdown_table() -> String {
    let mut table = String::from("| section | record | fields (`*` = required) |\n|---|---|---|\n");
    for spec in SECTIONS {
        let fields: Vec<String> = spec
            .fields
            .iter()
            .filter(|field| !field.popolo)
            .map(describe_field)
            .collect();
        let mut cell = fields.join(", ");
        for constraint in spec.constraints {
            let _ = match constraint {
                Constraint::ExactlyOne(names) => {
                    write!(cell, "; exactly one of {}", quoted_list(names, "or"))
                }
                Constraint::RequiredUnless { field, unless } => {
                    write!(cell, "; `{field}` required unless `{unless}`")
                }
            };
        }
        // Writing to a String cannot fail.
        let _ = writeln!(table, "| `{}` | {} | {cell} |", spec.name, spec.singular);
    }
    for (name, shape) in [("other_names", &OTHER_NAMES), ("attendees", &ATTENDEES)] {
        if let Some((entry, fields)) = nested_fields(shape, |field| !field.popolo) {
            let _ = writeln!(table, "| `{name}` entries | {entry} | {fields} |");
        }
    }
    table
}

/// The Popolo vocabulary accepted beyond the curated format, as a Markdown
/// table, for the README.
pub fn popolo_markdown_table() -> String {
    let mut table = String::from("| section | also accepted |\n|---|---|\n");
    for spec in SECTIONS {
        let fields: Vec<String> = spec
            .fields
            .iter()
            .filter(|field| field.popolo)
            .map(describe_field)
            .collect();
        if !fields.is_empty() {
            let _ = writeln!(table, "| `{}` | {} |", spec.name, fields.join(", "));
        }
    }
    for (name, shape) in [
        ("other_names", &OTHER_NAMES),
        ("identifiers", &IDENTIFIERS),
        ("links", &LINKS),
        ("images", &IMAGES),
        ("contact_details", &CONTACT_DETAILS),
        ("member", &MEMBER),
    ] {
        let popolo_only = !std::ptr::eq(shape, &OTHER_NAMES);
        let keep = |field: &Field| field.popolo || popolo_only;
        if let Some((entry, fields)) = nested_fields(shape, keep) {
            let _ = writeln!(table, "| `{name}` entries ({entry}) | {fields} |");
        }
    }
    table
}

/// "`a`, `b` or `c`".
pub fn quoted_list(names: &[&str], conjunction: &str) -> String {
    let quoted: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
    joined(&quoted, conjunction)
}

/// "a, b or c": items joined by commas, the last by `conjunction`.
pub fn joined(items: &[String], conjunction: &str) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            format!("{} {conjunction} {last}", rest.join(", "))
        }
        _ => items.concat(),
    }
}

fn describe_field(field: &Field) -> String {
    let star = if field.required { "*" } else { "" };
    format!("`{}`{star} ({})", field.name, field.shape.describe())
}

/// The entry name and the described fields (those `keep` selects) of a list
/// field such as `attendees`, for a table row.
fn nested_fields(shape: &Shape, keep: impl Fn(&Field) -> bool) -> Option<(&'static str, String)> {
    let (Shape::List(Shape::Entry(entry, fields) | Shape::TextOrEntry(entry, fields))
    | Shape::Entry(entry, fields)) = shape
    else {
        return None;
    };
    let fields: Vec<String> = fields
        .iter()
        .filter(|f| keep(f))
        .map(describe_field)
        .collect();
    Some((entry, fields.join(", ")))
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
                    Constraint::ExactlyOne(names) => assert!(names.iter().all(|n| has(n))),
                    Constraint::RequiredUnless { field, unless } => {
                        assert!(has(field) && has(unless));
                    }
                }
            }
        }
    }
}
