//! Where a rule finds a date: a field of the record, a field of a record it
//! refers to, or the first of several of these that gives one. The `order`
//! kind compares two such dates; the `duplicate` kind reads periods with them.

use crate::date::PartialDate;
use crate::model::Section;
use crate::yaml::Node;

use super::Cx;
use super::config::{ConfigCx, Table};
use super::path::{Expect, FieldPath, Scope};

/// Where a date comes from.
#[derive(Debug, PartialEq, Eq)]
pub enum Side {
    Own(FieldPath),
    Via {
        via: FieldPath,
        targets: &'static [Section],
        /// The date field, per target section that has it.
        field: Vec<(Section, FieldPath)>,
        name: String,
    },
    /// The first of these sides that gives a date.
    FirstOf(Vec<Side>),
}

/// Reads a date source as a rule writes it: `start_date`, `{via, field}`,
/// or a list of these to try in order.
pub fn side(node: &Node, section: Section, cx: &mut ConfigCx) -> Option<Side> {
    if let Some(items) = node.as_seq() {
        if items.is_empty() {
            cx.error(
                node.span,
                "empty list",
                "a list of dates must name at least one".to_owned(),
                "write a date field, `{via, field}`, or a list of them to try in order",
            );
            return None;
        }
        let sides: Vec<Option<Side>> = items.iter().map(|item| side(item, section, cx)).collect();
        return Some(Side::FirstOf(sides.into_iter().collect::<Option<_>>()?));
    }
    if let Some(text) = node.as_str() {
        let (path, _) =
            super::config::path_at(cx, text, node.span, Scope::Record(section), Expect::Date)?;
        return Some(Side::Own(path));
    }
    let table = Table::new(cx, node, "a date", &["via", "field"])?;
    let (via, shape) = table.path(cx, "via", Scope::Record(section), Expect::Ref)?;
    let targets = FieldPath::targets(shape);
    let (name, span) = table.required_text(cx, "field")?;
    let field: Vec<(Section, FieldPath)> = targets
        .iter()
        .filter_map(|&target| {
            FieldPath::parse(name, Scope::Record(target), Expect::Date)
                .ok()
                .map(|(path, _)| (target, path))
        })
        .collect();
    if field.is_empty() {
        // Report why with the first target's wording.
        let first = targets.first().copied().unwrap_or(section);
        super::config::path_at(cx, name, span, Scope::Record(first), Expect::Date)?;
        return None;
    }
    Some(Side::Via {
        via,
        targets,
        field,
        name: name.to_owned(),
    })
}

/// A date found for one side: the date, its node and the record holding it,
/// and for a date found through a reference, that reference's value in the
/// checked record.
#[derive(Clone, Copy)]
pub struct Found<'a> {
    pub date: PartialDate,
    pub node: &'a Node,
    pub at: usize,
    pub via: Option<&'a Node>,
}

/// References of one record already resolved: a membership's `person_id`
/// is followed for the birth and again for the death, and a lookup in a
/// million ids costs more than a short list. Clear it for each record.
#[derive(Debug, Default)]
pub struct Resolved {
    seen: Vec<(*const Node, *const Section, Option<usize>)>,
}

impl Resolved {
    pub fn clear(&mut self) {
        self.seen.clear();
    }

    fn resolve(&mut self, cx: &Cx<'_>, id: &Node, targets: &[Section]) -> Option<usize> {
        let key = (std::ptr::from_ref(id), targets.as_ptr());
        if let Some(&(_, _, found)) = self.seen.iter().find(|(n, t, _)| (*n, *t) == key) {
            return found;
        }
        let found = id.as_str().and_then(|text| cx.index.resolve(text, targets));
        self.seen.push((key.0, key.1, found));
        found
    }
}

impl Side {
    /// The dates this side gives for the record at `at`.
    pub fn dates<'a>(&self, cx: &Cx<'a>, at: usize) -> Vec<Found<'a>> {
        let mut found = Vec::new();
        self.dates_into(cx, at, &mut found, &mut Resolved::default());
        found
    }

    /// Appends the dates this side gives for the record at `at` to `out`,
    /// so that a caller checking every record reuses one buffer.
    pub fn dates_into<'a>(
        &self,
        cx: &Cx<'a>,
        at: usize,
        out: &mut Vec<Found<'a>>,
        resolved: &mut Resolved,
    ) {
        let record = &cx.records[at];
        match self {
            Self::Own(path) => dates_at(path, &record.fields, at, None, out),
            Self::FirstOf(sides) => {
                let before = out.len();
                for side in sides {
                    side.dates_into(cx, at, out, resolved);
                    if out.len() > before {
                        break;
                    }
                }
            }
            Self::Via {
                via,
                targets,
                field,
                ..
            } => via.for_each(&record.fields, &mut |id| {
                let Some(target) = resolved.resolve(cx, id, targets) else {
                    return;
                };
                let target_record = &cx.records[target];
                for (section, path) in field {
                    if *section == target_record.section {
                        dates_at(path, &target_record.fields, target, Some(id), out);
                    }
                }
            }),
        }
    }

    /// The date field's name, for messages (of the first side of a list:
    /// the others stand in for it).
    pub fn field_name(&self) -> &str {
        match self {
            Self::Own(path) => path.as_str(),
            Self::Via { name, .. } => name,
            Self::FirstOf(sides) => sides.first().map_or("date", Self::field_name),
        }
    }

    /// "before `start_date`", "after `published` of source `src-1`".
    pub fn describe(&self, relation: &str, other: &str) -> String {
        match self {
            Self::Own(path) => format!("{relation} `{path}`"),
            Self::Via { name, .. } => format!("{relation} `{name}` of {other}"),
            Self::FirstOf(sides) => sides
                .first()
                .map_or_else(String::new, |side| side.describe(relation, other)),
        }
    }
}

fn dates_at<'a>(
    path: &FieldPath,
    fields: &'a Node,
    at: usize,
    via: Option<&'a Node>,
    out: &mut Vec<Found<'a>>,
) {
    path.for_each(fields, &mut |node| {
        if let Some(date) = node.as_str().and_then(|text| PartialDate::parse(text).ok()) {
            out.push(Found {
                date,
                node,
                at,
                via,
            });
        }
    });
}
