//! The `no-overlap` kind: terms of a single-holder office must not overlap.

use std::borrow::Cow;
use std::collections::HashSet;

use rustc_hash::FxHashMap;

use crate::date::{Period, PeriodOverlap};
use crate::diag::{Finding, Place};
use crate::model::{Record, Section};
use crate::yaml::Node;

use super::config::{ConfigCx, Table, path_at};
use super::date_source::{Found, Side, side};
use super::path::{Expect, FieldPath, Scope};
use super::template::Template;
use super::{Check, Cx, compact, compacts_to, declare_kind};

declare_kind! {
    /// ## What it checks
    /// That no two records of one group hold at the same time: records of a
    /// `section` are grouped by the values of key fields (the same `post_id`;
    /// the same `organization_id` and `role`), optionally only those whose
    /// value is in a list (single-holder roles), and their periods from
    /// `start` to `end` must not overlap.
    ///
    /// Only a definite overlap is reported, one that holds whatever days the
    /// partial dates stand for: `2018–2020` then `2020–2024` is not one. A
    /// term ending on the day the next starts is a hand-over, not an
    /// overlap. A missing end means unknown or ongoing and never stretches a
    /// term into an overlap, but a term that starts inside another, fully
    /// dated term overlaps it. Each group is sorted and swept once, so the
    /// cost grows with the number of records, not with the number of pairs.
    ///
    /// ## Why
    /// A rotating chairmanship, a secretary-general, a speaker: one holder at
    /// a time. Two holders at once mean a wrong date, usually a year typed
    /// for a day or an end date copied from the wrong article.
    ///
    /// ## Options
    /// - `section`: the records compared (memberships).
    /// - `start`, `end`: the dates of a term (default `start_date`,
    ///   `end_date`), each as the `order` kind reads a date: a field, `{via,
    ///   field}`, or a list to try in order (`[start_date, {via:
    ///   legislative_period_id, field: start_date}]`).
    /// - `holder`: reference fields naming the holder, tried in order, for
    ///   messages (default: none; the record is named instead).
    /// - `groups`: a list of groupings, each with:
    ///   - `by`: the key fields; records lacking one are not grouped. Text
    ///     values are compared ignoring case, spaces, hyphens and
    ///     punctuation.
    ///   - `where` (optional): `{field, in}`: group only records whose
    ///     `field` is one of `in`, compared the same way.
    ///   - `office` (optional): how messages name the office, with the `by`
    ///     fields as placeholders; a reference is shown as the name or label
    ///     of the record it names.
    ///   - `distinct-by` (optional): fields that tell two offices apart
    ///     within the group: two records that both have the field, with
    ///     different values, are not compared (two committee chairs with
    ///     their own `post_id` under one organization).
    ///
    /// A pair of records found by several groupings is reported once.
    ///
    /// ## Example
    /// ```yaml
    /// - id: term-overlap
    ///   kind: no-overlap
    ///   severity: error
    ///   section: memberships
    ///   holder: [person_id, member_id]
    ///   groups:
    ///     - by: [post_id]
    ///       office: "{post_id}"
    ///     - by: [organization_id, role]
    ///       where: { field: role, in: [Chair, Secretary General] }
    ///       office: "{role} of {organization_id}"
    ///       distinct-by: [post_id]
    /// ```
    pub NO_OVERLAP = "no-overlap",
    summary: "Two holders of a single-holder office at the same time.",
    options: ["section", "start", "end", "holder", "groups"],
    build: build,
}

#[derive(Debug)]
struct NoOverlap {
    section: Section,
    start: Side,
    end: Side,
    holder: Vec<(FieldPath, &'static [Section])>,
    groups: Vec<Grouping>,
}

#[derive(Debug)]
struct Grouping {
    /// Key fields; the flag says whether the field is a reference (compared
    /// exactly) or text (compared compacted).
    by: Vec<Key>,
    filter: Option<(FieldPath, Vec<String>)>,
    office: Option<Template>,
    distinct_by: Vec<FieldPath>,
}

#[derive(Debug)]
struct Key {
    path: FieldPath,
    targets: &'static [Section],
}

fn build(table: &Table<'_>, cx: &mut ConfigCx) -> Option<Box<dyn Check>> {
    let section = table.section(cx, "section")?;
    let scope = Scope::Record(section);
    let date = |key: &str, default: &str, cx: &mut ConfigCx| match table.get(key) {
        Some(node) => side(node, section, cx),
        None => {
            path_at(cx, default, table.span(), scope, Expect::Date).map(|(path, _)| Side::Own(path))
        }
    };
    let start = date("start", "start_date", cx);
    let end = date("end", "end_date", cx);
    let holder = holders(table, scope, cx)?;
    let items = table.list(cx, "groups")?;
    let groups: Vec<Option<Grouping>> =
        items.iter().map(|item| grouping(item, scope, cx)).collect();
    Some(Box::new(NoOverlap {
        section,
        start: start?,
        end: end?,
        holder,
        groups: groups.into_iter().collect::<Option<Vec<_>>>()?,
    }))
}

fn holders(
    table: &Table<'_>,
    scope: Scope,
    cx: &mut ConfigCx,
) -> Option<Vec<(FieldPath, &'static [Section])>> {
    let Some(texts) = table.texts(cx, "holder") else {
        return Some(Vec::new());
    };
    let holders: Vec<Option<_>> = texts
        .into_iter()
        .map(|(text, span)| {
            path_at(cx, text, span, scope, Expect::Ref)
                .map(|(path, shape)| (path, FieldPath::targets(shape)))
        })
        .collect();
    holders.into_iter().collect()
}

fn grouping(node: &Node, scope: Scope, cx: &mut ConfigCx) -> Option<Grouping> {
    let known = ["by", "where", "office", "distinct-by"];
    let table = Table::new(cx, node, "a grouping", &known)?;
    let Some(keys) = table.texts(cx, "by") else {
        table.required(cx, "by");
        return None;
    };
    let by: Vec<Option<Key>> = keys
        .into_iter()
        .map(|(text, span)| {
            path_at(cx, text, span, scope, Expect::Text).map(|(path, shape)| Key {
                path,
                targets: FieldPath::targets(shape),
            })
        })
        .collect();
    let by = by.into_iter().collect::<Option<Vec<_>>>()?;
    let filter = match table.get("where") {
        Some(node) => Some(filter(node, scope, cx)?),
        None => None,
    };
    let names: Vec<String> = by.iter().map(|key| key.path.to_string()).collect();
    let office = table.template(cx, "office", &names);
    let distinct: Vec<Option<FieldPath>> = table
        .texts(cx, "distinct-by")
        .unwrap_or_default()
        .into_iter()
        .map(|(text, span)| path_at(cx, text, span, scope, Expect::Text).map(|(path, _)| path))
        .collect();
    Some(Grouping {
        by,
        filter,
        office,
        distinct_by: distinct.into_iter().collect::<Option<Vec<_>>>()?,
    })
}

fn filter(node: &Node, scope: Scope, cx: &mut ConfigCx) -> Option<(FieldPath, Vec<String>)> {
    let table = Table::new(cx, node, "a filter", &["field", "in"])?;
    let (field, _) = table.path(cx, "field", scope, Expect::Text)?;
    let Some(values) = table.texts(cx, "in") else {
        table.required(cx, "in");
        return None;
    };
    Some((field, values.into_iter().map(|(v, _)| compact(v)).collect()))
}

/// One record's term.
#[derive(Debug, Clone, Copy)]
struct Term<'a> {
    at: usize,
    period: Period,
    start: Option<&'a Node>,
    end: Option<&'a Node>,
    /// The latest day the term may start, its sweep order.
    latest_start: chrono::NaiveDate,
    /// The earliest day the term may end (exclusive).
    earliest_end: chrono::NaiveDate,
}

impl Check for NoOverlap {
    fn check(&self, cx: &Cx<'_>, out: &mut Vec<Finding>) {
        let mut reported = HashSet::new();
        for grouping in &self.groups {
            for mut terms in self.groups_of(cx, grouping).into_values() {
                terms.sort_by_key(|term| (term.latest_start, term.at));
                for (a, b) in sweep(&terms) {
                    if grouping.distinct(cx, a.at, b.at) {
                        continue;
                    }
                    if reported.insert((a.at.min(b.at), a.at.max(b.at))) {
                        out.push(self.overlap(cx, grouping, a, b));
                    }
                }
            }
        }
    }
}

impl NoOverlap {
    /// The dated terms of each group, by key.
    fn groups_of<'a>(&self, cx: &Cx<'a>, grouping: &Grouping) -> FxHashMap<String, Vec<Term<'a>>> {
        let mut groups: FxHashMap<String, Vec<Term<'a>>> = FxHashMap::default();
        for (at, record) in cx.records.iter().enumerate() {
            if record.section != self.section || !grouping.admits(record) {
                continue;
            }
            let (Some(key), Some(term)) = (grouping.key(record), self.term(cx, at)) else {
                continue;
            };
            groups.entry(key).or_default().push(term);
        }
        groups
    }

    fn term<'a>(&self, cx: &Cx<'a>, at: usize) -> Option<Term<'a>> {
        let start = self.start.dates(cx, at).into_iter().next();
        let end = self.end.dates(cx, at).into_iter().next();
        let period = Period {
            start: start.map(|found| found.date),
            end: end.map(|found| found.date),
        };
        // Point at the record's own date, or at the reference that gave it.
        let place = |found: Found<'a>| found.via.unwrap_or(found.node);
        let (start, end) = (start.map(place), end.map(place));
        let ((_, latest_start), (earliest_end, _)) = period.known_days()?;
        Some(Term {
            at,
            period,
            start,
            end,
            latest_start,
            earliest_end,
        })
    }

    fn overlap(&self, cx: &Cx<'_>, grouping: &Grouping, a: Term<'_>, b: Term<'_>) -> Finding {
        let (first, second) = (cx.record(a.at), cx.record(b.at));
        let (holder_a, holder_b) = (self.holder(cx, a.at), self.holder(cx, b.at));
        let office = grouping.office(cx, second);
        let when = during(a, b);
        let message = if holder_a == holder_b {
            format!("{holder_a} holds {office} twice at once, {when}")
        } else {
            format!("{holder_a} and {holder_b} both hold {office} {when}")
        };
        let (primary_span, primary_label) = match (b.start, b.end) {
            (Some(start), _) => (start.span, format!("{holder_b} from here")),
            (None, Some(end)) => (end.span, format!("{holder_b} until here")),
            (None, None) => (second.span, holder_b.clone()),
        };
        let primary = Place::new(second.file, primary_span, primary_label);
        let (related_node, related_label) = match (a.end, a.start) {
            (Some(end), _) => (end, format!("{holder_a} until here")),
            (None, Some(start)) => (start, format!("{holder_a} from here")),
            (None, None) => (&first.fields, holder_a.clone()),
        };
        let related = Place::new(first.file, related_node.span, related_label);
        cx.finding(message, primary)
            .with_related(related)
            .with_help(
                "an office held by one holder at a time: correct the dates (a term may end on \
             the day the next starts)",
            )
    }

    /// How messages name a record's holder.
    fn holder(&self, cx: &Cx<'_>, at: usize) -> String {
        let record = cx.record(at);
        self.holder
            .iter()
            .find_map(|(path, targets)| {
                let id = path.first(&record.fields)?.as_str()?;
                cx.index.resolve(id, targets)
            })
            .map_or_else(|| record.describe(), |target| cx.index.display_name(target))
    }
}

/// The pairs of terms, sorted by latest start, that definitely overlap.
fn sweep<'a>(terms: &[Term<'a>]) -> Vec<(Term<'a>, Term<'a>)> {
    let mut pairs = Vec::new();
    let mut active: Vec<Term<'a>> = Vec::new();
    for &term in terms {
        // A term that surely ends by the time this one may start overlaps
        // neither this one nor any later one.
        active.retain(|earlier| earlier.earliest_end > term.latest_start);
        for &earlier in &active {
            if earlier.period.overlap(&term.period) == PeriodOverlap::Overlapping {
                pairs.push((earlier, term));
            }
        }
        active.push(term);
    }
    pairs
}

/// "from 2024-12-17 to 2024-12-18", or "from 2022" when the overlap's end is
/// not known.
fn during(a: Term<'_>, b: Term<'_>) -> String {
    // `b` starts last; without a start of its own, when the overlap begins is
    // not known.
    let from = b.period.start;
    let to = match (a.period.end, b.period.end) {
        (Some(x), Some(y)) => Some(if y.earliest() < x.earliest() { y } else { x }),
        _ => None,
    };
    match (from, to) {
        (Some(from), Some(to)) => format!("from {from} to {to}"),
        (Some(from), None) => format!("from {from}"),
        (None, Some(to)) => format!("until {to}"),
        (None, None) => "at the same time".to_owned(),
    }
}

impl Grouping {
    fn admits(&self, record: &Record) -> bool {
        self.filter.as_ref().is_none_or(|(field, values)| {
            field
                .first(&record.fields)
                .and_then(Node::as_str)
                .is_some_and(|value| values.iter().any(|v| compacts_to(value, v)))
        })
    }

    /// Whether two records hold different offices by a `distinct-by` field.
    fn distinct(&self, cx: &Cx<'_>, a: usize, b: usize) -> bool {
        self.distinct_by.iter().any(|path| {
            let value = |at: usize| path.first(&cx.record(at).fields).and_then(Node::as_str);
            matches!((value(a), value(b)), (Some(x), Some(y)) if x != y)
        })
    }

    /// The group's key: its `by` values, texts compacted, each after its
    /// length so that no two lists of values give one key. One string per
    /// term, not a list of them.
    fn key(&self, record: &Record) -> Option<String> {
        let mut joined = String::new();
        for key in &self.by {
            let value = key.path.first(&record.fields)?.as_str()?;
            let part = if key.targets.is_empty() {
                Cow::Owned(compact(value))
            } else {
                Cow::Borrowed(value)
            };
            joined.push_str(&part.len().to_string());
            joined.push(':');
            joined.push_str(&part);
        }
        Some(joined)
    }

    /// The office as messages name it.
    fn office(&self, cx: &Cx<'_>, record: &Record) -> String {
        let value = |name: &str| {
            self.by
                .iter()
                .find(|key| key.path.as_str() == name)
                .and_then(|key| key_display(cx, record, key))
                .unwrap_or_default()
        };
        match &self.office {
            Some(template) => template.render(value),
            None => self
                .by
                .iter()
                .filter_map(|key| key_display(cx, record, key))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

/// A key's value as messages show it: a reference as the name of the record
/// it names.
fn key_display(cx: &Cx<'_>, record: &Record, key: &Key) -> Option<String> {
    let value = key.path.first(&record.fields)?.as_str()?;
    if key.targets.is_empty() {
        return Some(value.to_owned());
    }
    Some(
        cx.index
            .resolve(value, key.targets)
            .map_or_else(|| value.to_owned(), |target| cx.index.display_name(target)),
    )
}
