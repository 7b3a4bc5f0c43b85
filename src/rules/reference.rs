//! The `reference` kind: every id a record refers to names an existing record
//! of the right section.

use crate::diag::{Finding, Place};
use crate::model::schema::{SECTIONS, Section, Shape};
use crate::model::with_article;
use crate::suggest::Suggester;
use crate::yaml::Node;

use super::config::{ConfigCx, Table};
use super::path::{Expect, FieldPath, Scope};
use super::{Check, Cx, declare_kind};

declare_kind! {
    /// ## What it checks
    /// That each reference (a `*_id` field, a `sources` entry, an attendee's
    /// `person_id`) names a record that exists, in a section the field may
    /// point to: `post_id` must name a post, `member_id` a person or an
    /// organization.
    ///
    /// ## Why
    /// A dangling reference is a fact that cannot be followed: a membership of
    /// a person nobody recorded, an event citing a source that is not there.
    /// Typos in ids are the usual cause, so the finding suggests the closest
    /// existing id.
    ///
    /// ## Options
    /// - `fields`: the references to check, each `{section, path}`, where
    ///   `path` leads to a reference field (`sources[]`,
    ///   `attendees[].person_id`). Default: every reference field of the
    ///   records format, so new reference fields are covered without a rule
    ///   change.
    ///
    /// ## Example
    /// ```yaml
    /// - id: unknown-reference
    ///   kind: reference
    ///   severity: error
    /// - id: unknown-attendee
    ///   kind: reference
    ///   severity: warning
    ///   fields:
    ///     - section: events
    ///       path: attendees[].person_id
    /// ```
    pub REFERENCE = "reference",
    summary: "A reference naming no record of the right section.",
    options: ["fields"],
    build: build,
}

#[derive(Debug)]
struct Reference {
    fields: Vec<RefField>,
}

/// One reference field of one section.
#[derive(Debug)]
struct RefField {
    section: Section,
    path: FieldPath,
    targets: &'static [Section],
}

fn build(table: &Table<'_>, cx: &mut ConfigCx) -> Option<Box<dyn Check>> {
    let fields = if table.get("fields").is_some() {
        let items = table.list(cx, "fields")?;
        let fields: Vec<Option<RefField>> = items.iter().map(|item| field(item, cx)).collect();
        fields.into_iter().collect::<Option<Vec<_>>>()?
    } else {
        every_reference_field()
    };
    Some(Box::new(Reference { fields }))
}

fn field(node: &Node, cx: &mut ConfigCx) -> Option<RefField> {
    let table = Table::new(cx, node, "a reference field", &["section", "path"])?;
    let section = table.section(cx, "section")?;
    let (path, shape) = table.path(cx, "path", Scope::Record(section), Expect::Ref)?;
    Some(RefField {
        section,
        path,
        targets: FieldPath::targets(shape),
    })
}

/// Every reference field the records format has, lists included.
fn every_reference_field() -> Vec<RefField> {
    let mut fields = Vec::new();
    for spec in SECTIONS {
        for field in spec.fields {
            visit_refs(spec.section, field.name, &field.shape, &mut fields);
        }
    }
    fields
}

/// Collects the reference fields at or below `path`, whose shape is `shape`.
fn visit_refs(section: Section, path: &str, shape: &'static Shape, out: &mut Vec<RefField>) {
    match shape {
        Shape::Ref(targets) => {
            if let Ok((path, _)) = FieldPath::parse(path, Scope::Record(section), Expect::Ref) {
                out.push(RefField {
                    section,
                    path,
                    targets,
                });
            }
        }
        Shape::List(item) => visit_refs(section, &format!("{path}[]"), item, out),
        Shape::Entry(_, fields) | Shape::TextOrEntry(_, fields) => {
            for field in *fields {
                let inner = format!("{path}.{}", field.name);
                visit_refs(section, &inner, &field.shape, out);
            }
        }
        _ => {}
    }
}

impl Check for Reference {
    fn check(&self, cx: &Cx<'_>, out: &mut Vec<Finding>) {
        // One suggester per set of target sections, built at the first
        // dangling reference that needs it.
        let mut suggesters: Vec<(&[Section], Suggester<'_>)> = Vec::new();
        for (at, record) in cx.records.iter().enumerate() {
            for field in self.fields.iter().filter(|f| f.section == record.section) {
                for value in field.path.values(&record.fields) {
                    let Some(id) = value.as_str() else { continue };
                    if cx.index.resolve(id, field.targets).is_none() {
                        let close = suggester_for(&mut suggesters, cx, field.targets).suggest(id);
                        out.push(dangling(cx, at, field, value, id, close));
                    }
                }
            }
        }
    }
}

fn suggester_for<'s, 'a>(
    suggesters: &'s mut Vec<(&'static [Section], Suggester<'a>)>,
    cx: &Cx<'a>,
    targets: &'static [Section],
) -> &'s mut Suggester<'a> {
    let at = suggesters
        .iter()
        .position(|(known, _)| *known == targets)
        .unwrap_or_else(|| {
            suggesters.push((targets, Suggester::new(cx.index.ids_in(targets))));
            suggesters.len() - 1
        });
    &mut suggesters[at].1
}

/// "membership `m-1` refers to post `post-chair`, which does not exist".
fn dangling(
    cx: &Cx<'_>,
    at: usize,
    field: &RefField,
    value: &Node,
    id: &str,
    close: Option<&str>,
) -> Finding {
    let record = cx.record(at);
    let wanted = targets_phrase(field.targets);
    let elsewhere = cx.index.all(id).first().map(|&other| cx.record(other));
    let subject = format!("{} refers to {wanted} `{id}`", record.describe());
    let (message, label) = match elsewhere {
        Some(other) => (
            format!(
                "{subject}, which is {}",
                with_article(other.section.singular())
            ),
            format!("not {}", with_article(&wanted)),
        ),
        None => (
            format!("{subject}, which does not exist"),
            format!("no such {wanted}"),
        ),
    };
    let help = match (close, elsewhere) {
        (Some(close), _) => format!("did you mean `{close}`?"),
        (None, Some(other)) => wrong_section_help(record.section, other.section, id),
        (None, None) => format!(
            "add {} with id `{id}`, or correct the id",
            with_article(&wanted)
        ),
    };
    let primary = Place::new(record.file, value.span, label);
    cx.finding(message, primary).with_help(help)
}

/// Which fields of `section` may refer to a record of `found`.
fn wrong_section_help(section: Section, found: Section, id: &str) -> String {
    let fields: Vec<String> = section
        .spec()
        .fields
        .iter()
        .filter(|field| matches!(&field.shape, Shape::Ref(targets) if targets.contains(&found)))
        .map(|field| format!("`{}`", field.name))
        .collect();
    if fields.is_empty() {
        format!("refer to a record of the right section instead of `{id}`")
    } else {
        format!(
            "`{id}` is {}: refer to it with {}, or correct the id",
            with_article(found.singular()),
            fields.join(" or ")
        )
    }
}

/// "person or organization".
fn targets_phrase(targets: &[Section]) -> String {
    targets
        .iter()
        .map(|section| section.singular())
        .collect::<Vec<_>>()
        .join(" or ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_fields_cover_every_reference_of_the_format() {
        let paths: Vec<String> = every_reference_field()
            .iter()
            .map(|f| format!("{}.{}", f.section.name(), f.path))
            .collect();
        for expected in [
            "memberships.person_id",
            "memberships.member_id",
            "memberships.post_id",
            "events.attendees[].person_id",
            "events.sources[]",
            "organizations.parent_id",
        ] {
            assert!(
                paths.iter().any(|p| p == expected),
                "{expected} in {paths:?}"
            );
        }
    }
}
