//! The `reference` kind: every id a record refers to names an existing record
//! of the right section.

use rustc_hash::FxHashMap;

use crate::diag::{Finding, Place, Severity};
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
    /// When no record at all exists in the sections a field may point to
    /// (parlparse's `ministers.json` refers to persons kept in another file),
    /// references to ids that exist nowhere cannot be checked rather than
    /// being wrong: one finding,
    /// at warning severity (or the rule's, if lower), says the section is
    /// missing and counts the references, instead of one per reference.
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
        Shape::Ref(targets) | Shape::RefOrEntry(targets, ..) => {
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
        let mut present: Vec<Section> = Vec::new();
        for record in cx.records {
            if !present.contains(&record.section) {
                present.push(record.section);
            }
        }
        // The checked fields by section and first field name, so that each
        // record's fields are gone through once.
        let mut by_first: FxHashMap<(Section, &str), Vec<&RefField>> = FxHashMap::default();
        for field in &self.fields {
            if let Some(first) = field.path.first_field() {
                by_first
                    .entry((field.section, first))
                    .or_default()
                    .push(field);
            }
        }
        let parts = super::in_chunks(cx.records.len(), |range| {
            let mut judged = Judged::default();
            let mut batch: Vec<(usize, &RefField, &Node)> = Vec::with_capacity(BATCH);
            for at in range {
                let record = cx.record(at);
                for entry in record.fields.as_map().unwrap_or(&[]) {
                    let Some(key) = entry.key.as_str() else {
                        continue;
                    };
                    let Some(fields) = by_first.get(&(record.section, key)) else {
                        continue;
                    };
                    for field in fields {
                        field.path.for_each_after_first(&entry.value, &mut |value| {
                            batch.push((at, field, value));
                        });
                    }
                }
                if batch.len() >= BATCH {
                    judged.batch(cx, &present, &batch);
                    batch.clear();
                }
            }
            judged.batch(cx, &present, &batch);
            judged
        });
        // Suggestions are made here, once per set of target sections: a
        // suggester reads every id.
        let mut suggesters: Vec<(&[Section], Suggester<'_>)> = Vec::new();
        let mut unresolvable: Vec<Unresolvable<'_>> = Vec::new();
        for part in parts {
            for (at, field, value) in part.dangling {
                let id = value.as_str().unwrap_or_default();
                let close = suggester_for(&mut suggesters, cx, field.targets).suggest(id);
                out.push(dangling(cx, at, field, value, id, close));
            }
            for group in part.unresolvable {
                merge_unresolvable(&mut unresolvable, group);
            }
        }
        out.extend(unresolvable.iter().map(|group| missing_section(cx, group)));
    }
}

/// How many references are looked up together: enough for their reads of
/// the index to overlap, few enough to stay in the cache.
const BATCH: usize = 256;

/// The references of some records that resolve to nothing.
#[derive(Default)]
struct Judged<'f, 'a> {
    /// References to no record of their target sections: `(record, field,
    /// value)`.
    dangling: Vec<(usize, &'f RefField, &'a Node)>,
    /// References into sections with no record at all, per target set.
    unresolvable: Vec<Unresolvable<'a>>,
}

impl<'f, 'a> Judged<'f, 'a> {
    /// Judges a batch of references: `(record, field, value)`. `present`
    /// lists the sections that have records.
    fn batch(
        &mut self,
        cx: &Cx<'a>,
        present: &[Section],
        batch: &[(usize, &'f RefField, &'a Node)],
    ) {
        cx.index
            .warm(batch.iter().filter_map(|(_, _, value)| value.as_str()));
        for &(at, field, value) in batch {
            let Some(id) = value.as_str() else { continue };
            let absent = !field.targets.iter().any(|t| present.contains(t));
            // An id found in another section is reported as pointing to the
            // wrong kind of record.
            if absent && cx.index.all(id).next().is_none() {
                note_unresolvable(&mut self.unresolvable, field, at, value);
            } else if cx.index.resolve(id, field.targets).is_none() {
                self.dangling.push((at, field, value));
            }
        }
    }
}

/// Adds a later part's group to the groups so far.
fn merge_unresolvable<'a>(groups: &mut Vec<Unresolvable<'a>>, later: Unresolvable<'a>) {
    match groups.iter_mut().find(|g| g.targets == later.targets) {
        Some(group) => {
            group.count += later.count;
            for name in later.fields {
                if !group.fields.contains(&name) {
                    group.fields.push(name);
                }
            }
        }
        None => groups.push(later),
    }
}

/// The references whose target sections hold no record: where the first is,
/// how many there are, and through which fields.
struct Unresolvable<'a> {
    targets: &'static [Section],
    first: (usize, &'a Node),
    count: usize,
    fields: Vec<String>,
}

fn note_unresolvable<'a>(
    groups: &mut Vec<Unresolvable<'a>>,
    field: &RefField,
    at: usize,
    value: &'a Node,
) {
    let name = format!("`{}` of {}", field.path, field.section.name());
    match groups.iter_mut().find(|g| g.targets == field.targets) {
        Some(group) => {
            group.count += 1;
            if !group.fields.contains(&name) {
                group.fields.push(name);
            }
        }
        None => groups.push(Unresolvable {
            targets: field.targets,
            first: (at, value),
            count: 1,
            fields: vec![name],
        }),
    }
}

/// "no record set section `persons`: 2,890 references cannot be checked".
fn missing_section(cx: &Cx<'_>, group: &Unresolvable<'_>) -> Finding {
    let sections: Vec<&str> = group.targets.iter().map(|s| s.name()).collect();
    let (at, value) = group.first;
    let record = cx.record(at);
    let references = if group.count == 1 {
        "1 reference".to_owned()
    } else {
        format!("{} references", group.count)
    };
    let message = format!(
        "no {} records anywhere: {references} ({}) cannot be checked",
        targets_phrase(group.targets),
        group.fields.join(", ")
    );
    let label = format!("the first of {references}");
    let help = format!(
        "check these files together with the file that has the `{}` section",
        sections.join("` or `")
    );
    let mut finding = cx
        .finding(message, Place::new(record.file, value.span, label))
        .with_help(help);
    finding.severity = finding.severity.min(Severity::Warning);
    finding
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
    let elsewhere = cx.index.all(id).next().map(|other| cx.record(other));
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
