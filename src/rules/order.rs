//! The `order` kind: one date must not be after another, within a record or
//! across a reference.

use crate::date::DateOrder;
use crate::diag::{Finding, Place};
use crate::model::{Record, Section};
use crate::yaml::Node;

use super::config::{ConfigCx, Table};
use super::date_source::{Found, Resolved, Side, side};
use super::path::{Expect, FieldPath, Scope};
use super::template::Template;
use super::{Check, Cx, compact, compacts_to, declare_kind};

declare_kind! {
    /// ## What it checks
    /// That an `earlier` date is not after a `later` one: two dates of one
    /// record (a start and an end), or a record's date and a date of a record
    /// it refers to (a membership and its person's birth, an event and the
    /// publication of a source reporting it), optionally only for records
    /// matching a condition (`status: held`).
    ///
    /// Partial dates stand for every day they could mean, and only a definite
    /// violation is reported: one that holds whichever days they stand for.
    /// `2024-12` is not after `2024-12-11`, and equal dates are in order.
    ///
    /// ## Why
    /// A term that ends before it starts, a person serving before birth or an
    /// event dated after the article that reported it as past are
    /// transcription errors: a swapped field, a wrong year, a misread
    /// article.
    ///
    /// ## Options
    /// - `checks`: a list of date pairs, each with:
    ///   - `section`: the records checked.
    ///   - `earlier`, `later`: each a date field of the record
    ///     (`start_date`), or `{via, field}`: the date `field` of the record(s)
    ///     that the reference `via` names (`{via: person_id, field:
    ///     birth_date}`, `{via: "sources[]", field: published}`), or a list
    ///     of these, of which the first that gives a date is used: `[start_date,
    ///     {via: legislative_period_id, field: start_date}]` is a Popolo
    ///     membership's own start, else its legislative period's.
    ///   - `when` (optional): `{field, in, missing}`: check only records whose
    ///     `field` is one of `in` (compared ignoring case, spaces and
    ///     hyphens), or lacks the field when `missing: true`.
    ///   - `message`, `help` (optional): the finding's text, with the
    ///     placeholders `{record}`, `{other}` (the referenced record),
    ///     `{earlier}` and `{later}` (the two dates).
    ///
    /// The finding points at the checked record's own date and labels the
    /// other date, in whichever file it is. When both dates come through
    /// references, it points at the reference that led to the earlier one.
    ///
    /// ## Example
    /// ```yaml
    /// - id: date-order
    ///   kind: order
    ///   severity: error
    ///   checks:
    ///     - section: memberships
    ///       earlier: start_date
    ///       later: end_date
    ///     - section: events
    ///       earlier: start_date
    ///       later: { via: "sources[]", field: published }
    ///       when: { field: status, in: [held], missing: true }
    ///       message: "held event {record} is dated {earlier}, after {other} reported it on {later}"
    /// ```
    pub ORDER = "order",
    summary: "A date after a date it must not follow.",
    options: ["checks"],
    build: build,
}

const PLACEHOLDERS: &[&str] = &["record", "other", "earlier", "later"];

#[derive(Debug)]
struct Order {
    checks: Vec<Pair>,
    /// How many different sides the pairs have.
    sides: usize,
}

/// One `earlier` / `later` pair.
#[derive(Debug)]
struct Pair {
    section: Section,
    earlier: Side,
    later: Side,
    /// Which of the rule's different sides `earlier` and `later` are: a
    /// membership's `start_date` and its person's `birth_date` appear in
    /// several pairs, and each is read once per record.
    side_ids: (usize, usize),
    when: Option<Condition>,
    message: Option<Template>,
    help: Option<Template>,
}

#[derive(Debug)]
struct Condition {
    field: FieldPath,
    values: Vec<String>,
    missing: bool,
}

fn build(table: &Table<'_>, cx: &mut ConfigCx) -> Option<Box<dyn Check>> {
    let items = table.list(cx, "checks")?;
    let checks: Vec<Option<Pair>> = items.iter().map(|item| pair(item, cx)).collect();
    let mut checks = checks.into_iter().collect::<Option<Vec<_>>>()?;
    let sides = number_sides(&mut checks);
    Some(Box::new(Order { checks, sides }))
}

/// Gives equal sides of the pairs one id; returns how many ids there are.
fn number_sides(checks: &mut [Pair]) -> usize {
    // Where each id first appears: the pair, and whether as its later side.
    let mut firsts: Vec<(usize, bool)> = Vec::new();
    for i in 0..checks.len() {
        let ids = [false, true].map(|later| {
            let side_at = |(j, later): (usize, bool)| {
                if later {
                    &checks[j].later
                } else {
                    &checks[j].earlier
                }
            };
            let this = side_at((i, later));
            firsts
                .iter()
                .position(|&first| side_at(first) == this)
                .unwrap_or_else(|| {
                    firsts.push((i, later));
                    firsts.len() - 1
                })
        });
        checks[i].side_ids = (ids[0], ids[1]);
    }
    firsts.len()
}

fn pair(node: &Node, cx: &mut ConfigCx) -> Option<Pair> {
    let known = ["section", "earlier", "later", "when", "message", "help"];
    let table = Table::new(cx, node, "a date pair", &known)?;
    let section = table.section(cx, "section")?;
    let earlier = table
        .required(cx, "earlier")
        .and_then(|n| side(n, section, cx));
    let later = table
        .required(cx, "later")
        .and_then(|n| side(n, section, cx));
    let when = match table.get("when") {
        Some(node) => Some(condition(node, section, cx)?),
        None => None,
    };
    let message = table.template(cx, "message", PLACEHOLDERS);
    let help = table.template(cx, "help", PLACEHOLDERS);
    Some(Pair {
        section,
        earlier: earlier?,
        later: later?,
        side_ids: (0, 0),
        when,
        message,
        help,
    })
}

fn condition(node: &Node, section: Section, cx: &mut ConfigCx) -> Option<Condition> {
    let table = Table::new(cx, node, "a condition", &["field", "in", "missing"])?;
    let (field, _) = table.path(cx, "field", Scope::Record(section), Expect::Text)?;
    let values = table.texts(cx, "in").unwrap_or_default();
    let missing = table.flag(cx, "missing").unwrap_or(false);
    Some(Condition {
        field,
        values: values
            .into_iter()
            .map(|(value, _)| compact(value))
            .collect(),
        missing,
    })
}

impl Check for Order {
    fn check(&self, cx: &Cx<'_>, out: &mut Vec<Finding>) {
        // One set of buffers for all records: most records give no date
        // pair at all, and allocating for each would cost more than the
        // comparisons.
        let parts = super::in_chunks(cx.records.len(), |range| {
            let mut found = Vec::new();
            let mut dates = SideDates::new(self.sides);
            for at in range {
                let record = cx.record(at);
                dates.next_record();
                for pair in self.checks.iter().filter(|p| p.section == record.section) {
                    if pair.when.as_ref().is_none_or(|when| when.holds(record)) {
                        pair.check(cx, at, &mut dates, &mut found);
                    }
                }
            }
            found
        });
        out.extend(parts.into_iter().flatten());
    }
}

/// The dates each side gives for the record being checked, each side read
/// once however many pairs it is in.
struct SideDates<'a> {
    found: Vec<Found<'a>>,
    /// Per side id: the record it was read for (plus one; 0 is never) and
    /// where its dates are in `found`.
    read: Vec<(usize, usize, usize)>,
    record: usize,
    resolved: Resolved,
}

impl<'a> SideDates<'a> {
    fn new(sides: usize) -> Self {
        Self {
            found: Vec::new(),
            read: vec![(0, 0, 0); sides],
            record: 0,
            resolved: Resolved::default(),
        }
    }

    fn next_record(&mut self) {
        self.record += 1;
        self.found.clear();
        self.resolved.clear();
    }

    /// Where the dates of side `id` (which is `side`) for record `at` are in
    /// `found`.
    fn of(&mut self, cx: &Cx<'a>, at: usize, id: usize, side: &Side) -> (usize, usize) {
        let (record, start, end) = self.read[id];
        if record == self.record {
            return (start, end);
        }
        let start = self.found.len();
        side.dates_into(cx, at, &mut self.found, &mut self.resolved);
        self.read[id] = (self.record, start, self.found.len());
        (start, self.found.len())
    }
}

impl Condition {
    fn holds(&self, record: &Record) -> bool {
        match self.field.first(&record.fields).and_then(Node::as_str) {
            Some(value) => self.values.iter().any(|v| compacts_to(value, v)),
            None => self.missing,
        }
    }
}

impl Pair {
    fn check<'a>(&self, cx: &Cx<'a>, at: usize, dates: &mut SideDates<'a>, out: &mut Vec<Finding>) {
        let earlier = dates.of(cx, at, self.side_ids.0, &self.earlier);
        if earlier.0 == earlier.1 {
            return;
        }
        let later = dates.of(cx, at, self.side_ids.1, &self.later);
        for &later in &dates.found[later.0..later.1] {
            for &earlier in &dates.found[earlier.0..earlier.1] {
                if later.date.compare(&earlier.date) == DateOrder::Before {
                    out.push(self.finding(cx, at, earlier, later));
                }
            }
        }
    }

    fn finding(&self, cx: &Cx<'_>, at: usize, earlier: Found<'_>, later: Found<'_>) -> Finding {
        let record = cx.record(at);
        // Point at the checked record's own date; when both are its own, at
        // the later one ("the end is before the start").
        let (primary, other, primary_is_later) = if later.via.is_none() {
            (later, earlier, true)
        } else {
            (earlier, later, false)
        };
        let other_record = cx.record(other.at);
        let value = |name: &str| match name {
            "record" => record.describe(),
            "other" => other_record.describe(),
            "earlier" => earlier.date.to_string(),
            _ => later.date.to_string(),
        };
        let message = match &self.message {
            Some(template) => template.render(value),
            None => self.default_message(cx, at, earlier, later),
        };
        let other_name = other_record.describe();
        let (primary_label, other_label) = if primary_is_later {
            (
                self.earlier.describe("before", &other_name),
                self.earlier.field_name(),
            )
        } else {
            (
                self.later.describe("after", &other_name),
                self.later.field_name(),
            )
        };
        let other_place = Place::new(
            other_record.file,
            other.node.span,
            format!("`{other_label}` {}", other.date),
        );
        // When both dates come through references, point at the reference
        // that gave the checked record its date, and label that date.
        let mut finding = if let Some(via) = primary.via {
            let source = cx.record(primary.at);
            let label = format!(
                "`{}` {} of {}, {primary_label}",
                self.earlier.field_name(),
                primary.date,
                source.describe()
            );
            let date_place = Place::new(
                source.file,
                primary.node.span,
                format!("`{}` {}", self.earlier.field_name(), primary.date),
            );
            cx.finding(message, Place::new(record.file, via.span, label))
                .with_related(date_place)
                .with_related(other_place)
        } else {
            let primary_place = Place::new(record.file, primary.node.span, primary_label);
            cx.finding(message, primary_place).with_related(other_place)
        };
        finding.help = self.help.as_ref().map(|help| help.render(value));
        finding
    }

    fn default_message(
        &self,
        cx: &Cx<'_>,
        at: usize,
        earlier: Found<'_>,
        later: Found<'_>,
    ) -> String {
        let record = cx.record(at).describe();
        let (e_field, l_field) = (self.earlier.field_name(), self.later.field_name());
        if later.via.is_none() && earlier.via.is_none() {
            format!(
                "`{l_field}` {} of {record} is before its `{e_field}` {}",
                later.date, earlier.date
            )
        } else if later.via.is_none() {
            format!(
                "`{l_field}` {} of {record} is before `{e_field}` {} of {}",
                later.date,
                earlier.date,
                cx.record(earlier.at).describe()
            )
        } else {
            format!(
                "`{e_field}` {} of {record} is after `{l_field}` {} of {}",
                earlier.date,
                later.date,
                cx.record(later.at).describe()
            )
        }
    }
}
