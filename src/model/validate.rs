//! Checks a parsed records file against the format in [`super::schema`].
//!
//! Every problem becomes a `schema` (or, for a top level that is not a
//! mapping, `syntax`) finding pointing at the offending value, and validation
//! goes on: a bad value is dropped, a bad record still yields its good fields,
//! and the other records and sections of the file are unaffected.

use crate::date::{DateError, PartialDate};
use crate::diag::{Finding, Place, ids};
use crate::model::schema::{
    Constraint, Dialect, Field, OTHER_TOP_LEVEL_KEYS, Section, SectionSpec, Shape, joined,
    quoted_list,
};
use crate::model::{Record, describe, with_article};
use crate::source::{FileId, Span};
use crate::suggest::did_you_mean;
use crate::yaml::{Entry, Node, Value};

/// The records of one parsed file written in `dialect`; problems are appended
/// to `findings`.
pub fn records_of(
    root: Node,
    file: FileId,
    dialect: Dialect,
    findings: &mut Vec<Finding>,
) -> Vec<Record> {
    let mut cx = Cx {
        file,
        dialect,
        findings,
    };
    match root.value {
        Value::Null => Vec::new(),
        Value::Map(entries) => entries
            .into_iter()
            .flat_map(|entry| cx.section(entry))
            .collect(),
        _ => {
            let message = format!(
                "a records file must be a mapping of sections, found {}",
                root.kind_name()
            );
            let finding = Finding::error(
                ids::SYNTAX,
                message,
                Place::new(file, root.span, "not a mapping"),
            )
            .with_help(format!(
                "start the file with a section key: {}",
                section_names().join(", ")
            ));
            cx.findings.push(finding);
            Vec::new()
        }
    }
}

/// `text` as the mapping `{name: text}`, every part spanning the text.
fn name_entry(text: Node) -> Node {
    let span = text.span;
    let key = Node {
        value: Value::Str("name".into()),
        span,
    };
    Node {
        value: Value::Map(Box::new([Entry { key, value: text }])),
        span,
    }
}

fn section_names() -> Vec<&'static str> {
    super::schema::SECTIONS
        .iter()
        .map(|spec| spec.name)
        .collect()
}

/// The validation context: the file and where findings go.
struct Cx<'a> {
    file: FileId,
    dialect: Dialect,
    findings: &'a mut Vec<Finding>,
}

impl Cx<'_> {
    fn report(&mut self, span: Span, label: &str, message: String, help: String) {
        let place = Place::new(self.file, span, label);
        self.findings
            .push(Finding::error(ids::SCHEMA, message, place).with_help(help));
    }

    /// Reports "`path` must be EXPECTED, found KIND" at the value.
    fn wrong_shape(&mut self, node: &Node, path: &str, expected: &str, label: &str, help: String) {
        let message = format!("`{path}` must be {expected}, found {}", node.kind_name());
        self.report(node.span, label, message, help);
    }

    fn section(&mut self, entry: Entry) -> Vec<Record> {
        let key = entry.key.scalar_text().unwrap_or_default();
        if OTHER_TOP_LEVEL_KEYS.contains(&key.as_str()) {
            return Vec::new();
        }
        let Some(section) = Section::from_name(&key) else {
            self.unknown_section(&key, entry.key.span);
            return Vec::new();
        };
        match entry.value.value {
            Value::Null => Vec::new(),
            Value::Seq(items) => items
                .into_iter()
                .filter_map(|item| self.record(section.spec(), item))
                .collect(),
            _ => {
                let message = format!(
                    "section `{key}` must be a list of records, found {}",
                    entry.value.kind_name()
                );
                let help = format!(
                    "write each {} as a list item: `{key}:` then `  - id: …`",
                    section.singular()
                );
                self.report(entry.value.span, "expected a list", message, help);
                Vec::new()
            }
        }
    }

    fn unknown_section(&mut self, key: &str, span: Span) {
        let names = section_names();
        let message = match did_you_mean(key, names.iter().copied()) {
            Some(suggestion) => format!("unknown section `{key}`; did you mean `{suggestion}`?"),
            None => format!("unknown section `{key}`"),
        };
        self.report(
            span,
            "unknown section",
            message,
            format!("the sections are: {}", names.join(", ")),
        );
    }

    fn record(&mut self, spec: &SectionSpec, item: Node) -> Option<Record> {
        let extent = item.extent();
        let Value::Map(entries) = item.value else {
            let message = format!(
                "{} record must be a mapping of fields, found {}",
                with_article(spec.singular),
                item.kind_name()
            );
            let help = "write the record as `- id: …` with its fields below it".to_owned();
            self.report(item.span, "not a record", message, help);
            return None;
        };
        let span = item.span;
        let id = entries
            .iter()
            .find(|e| e.key.as_str() == Some("id"))
            .and_then(|e| e.value.as_str());
        let owner = describe(spec.section, id.filter(|id| !id.trim().is_empty()));
        let mut kept = self.fields(spec.fields, entries, span, &owner, "");
        self.constraints(spec, &kept, span, &owner);
        member_as_holder_id(&mut kept);
        let fields = Node {
            value: Value::Map(kept.into_boxed_slice()),
            span: item.span,
        };
        Some(Record {
            section: spec.section,
            file: self.file,
            span,
            extent,
            fields,
        })
    }

    /// Validates the entries of a record or nested entry against `fields` and
    /// returns the valid ones. `path` prefixes field names in messages.
    fn fields(
        &mut self,
        fields: &[Field],
        entries: Box<[Entry]>,
        span: Span,
        owner: &str,
        path: &str,
    ) -> Vec<Entry> {
        let mut kept = Vec::with_capacity(entries.len());
        let mut seen: Vec<&str> = Vec::new();
        for entry in entries {
            let key = entry.key.scalar_text().unwrap_or_default();
            let Some(field) = fields.iter().find(|f| f.name == key) else {
                self.unknown_field(fields, &key, entry.key.span, owner);
                continue;
            };
            seen.push(field.name);
            let field_path = format!("{path}{key}");
            if matches!(entry.value.value, Value::Null) {
                if field.required {
                    let message = format!("required field `{field_path}` of {owner} has no value");
                    self.report(
                        entry.key.span,
                        "no value",
                        message,
                        format!("give `{key}` a value"),
                    );
                }
                continue;
            }
            if let Some(value) = self.value(&field.shape, entry.value, &field_path, owner) {
                kept.push(Entry {
                    key: entry.key,
                    value,
                });
            }
        }
        self.missing(fields, &seen, span, owner);
        kept
    }

    fn unknown_field(&mut self, fields: &[Field], key: &str, span: Span, owner: &str) {
        let message = match did_you_mean(key, fields.iter().map(|f| f.name)) {
            Some(suggestion) => format!("unknown field `{key}`; did you mean `{suggestion}`?"),
            None => format!("unknown field `{key}`"),
        };
        let help = format!(
            "the fields of {} are: {}",
            strip_id(owner),
            field_names(fields)
        );
        self.report(span, "unknown field", message, help);
    }

    /// Reports required fields not written at all; one written with a bad or
    /// empty value was reported at that value already.
    fn missing(&mut self, fields: &[Field], seen: &[&str], span: Span, owner: &str) {
        for field in fields.iter().filter(|f| f.required) {
            if !seen.contains(&field.name) {
                let message = format!("{owner} is missing required field `{}`", field.name);
                let help = format!("add `{}: …` ({})", field.name, field.shape.describe());
                self.report(span, &format!("no `{}` here", field.name), message, help);
            }
        }
    }

    fn constraints(&mut self, spec: &SectionSpec, kept: &[Entry], span: Span, owner: &str) {
        let find = |name: &str| kept.iter().find(|e| e.key.as_str() == Some(name));
        for constraint in spec.constraints {
            if !constraint.applies_to(self.dialect) {
                continue;
            }
            match *constraint {
                Constraint::ExactlyOne(names) => {
                    let present: Vec<&Entry> = names.iter().filter_map(|name| find(name)).collect();
                    self.exactly_one(names, &present, span, owner);
                }
                Constraint::RequiredUnless { field, unless } => {
                    if find(field).is_none() && find(unless).is_none() {
                        let message = format!("{owner} is missing required field `{field}`");
                        let help = format!("add `{field}: …`, or `{unless}: …` naming the post");
                        self.report(span, &format!("no `{field}` here"), message, help);
                    }
                }
            }
        }
    }

    /// Reports a record with none, or more than one, of the fields `names`
    /// (`person_id`, `member_id` or Popolo's `member`: who holds the role).
    fn exactly_one(&mut self, names: &[&str], present: &[&Entry], span: Span, owner: &str) {
        match present {
            [] => {
                let message = format!("{owner} has none of {}", quoted_list(names, "or"));
                let help = format!("name who holds the role with {}", holder_help(names));
                self.report(span, "no holder here", message, help);
            }
            [_] => {}
            [first, second, ..] => {
                let name = |entry: &Entry| entry.key.as_str().unwrap_or_default().to_owned();
                let (a, b) = (name(first), name(second));
                let message = format!("{owner} has both `{a}` and `{b}`");
                let place = Place::new(self.file, first.key.span, format!("`{a}` given here"));
                let finding = Finding::error(
                    ids::SCHEMA,
                    message,
                    Place::new(self.file, second.key.span, "and here"),
                )
                .with_related(place)
                .with_help(format!("keep only one of {}", holder_help(names)));
                self.findings.push(finding);
            }
        }
    }

    /// Checks one value against its shape; returns it (normalized) if valid.
    fn value(&mut self, shape: &Shape, node: Node, path: &str, owner: &str) -> Option<Node> {
        match shape {
            Shape::Id | Shape::Ref(_) | Shape::Text => self.text(node, path),
            Shape::Count => self.count(node, path),
            Shape::Any => Some(node),
            Shape::RefOrEntry(_, name, fields) => match node.value {
                Value::Map(_) => self.entry(name, fields, node, path, owner),
                _ => self.text(node, path),
            },
            Shape::Date => self.date(&node, path),
            Shape::Choice(words) => self.choice(words, node, path),
            Shape::List(item) => self.list(item, node, path, owner),
            Shape::Entry(name, fields) => self.entry(name, fields, node, path, owner),
            Shape::TextOrEntry(name, fields) => match node.value {
                Value::Map(_) => self.entry(name, fields, node, path, owner),
                // A plain name becomes `{name: …}`, so rules address both
                // forms with one path (`other_names[].name`).
                Value::Str(_) => self.text(node, path).map(name_entry),
                _ => {
                    let expected = format!("text or {} mapping", with_article(name));
                    let help = format!(
                        "write a plain name, or a mapping with: {}",
                        field_names(fields)
                    );
                    self.wrong_shape(&node, path, &expected, "expected text or a mapping", help);
                    None
                }
            },
        }
    }

    fn text(&mut self, node: Node, path: &str) -> Option<Node> {
        match &node.value {
            Value::Str(s) if s.trim().is_empty() => {
                let message = format!("`{path}` is empty");
                self.report(
                    node.span,
                    "empty",
                    message,
                    "fill it in or remove the field".to_owned(),
                );
                None
            }
            Value::Str(_) => Some(node),
            _ => {
                let help = match node.scalar_text() {
                    Some(text) => format!("quote it if it is meant as text: \"{text}\""),
                    None => "write a single string".to_owned(),
                };
                let label = format!("expected text, found {}", node.kind_name());
                self.wrong_shape(&node, path, "text", &label, help);
                None
            }
        }
    }

    fn count(&mut self, node: Node, path: &str) -> Option<Node> {
        let help = "write a number such as `240`".to_owned();
        match node.value {
            Value::Int(n) if n >= 0 => Some(node),
            Value::Int(n) => {
                let message = format!("`{path}` must be a whole number of at least 0, found {n}");
                self.report(node.span, "negative", message, help);
                None
            }
            _ => {
                self.wrong_shape(&node, path, "a whole number", "expected a number", help);
                None
            }
        }
    }

    fn date(&mut self, node: &Node, path: &str) -> Option<Node> {
        let text = match &node.value {
            Value::Str(s) => s.clone(),
            // An unquoted year is an integer to YAML.
            Value::Int(i) => i.to_string().into(),
            _ => {
                self.wrong_shape(
                    node,
                    path,
                    "a date",
                    "expected a date",
                    DATE_HELP.to_owned(),
                );
                return None;
            }
        };
        match PartialDate::parse(&text) {
            Ok(_) => Some(Node {
                value: Value::Str(text),
                span: node.span,
            }),
            Err(error) => {
                let label = match error {
                    DateError::Format => "not a date",
                    DateError::Time => "not a time",
                    DateError::Month { .. } => "no such month",
                    DateError::Day { .. } => "no such day",
                };
                let message = format!("invalid date `{text}` in `{path}`: {error}");
                self.report(node.span, label, message, DATE_HELP.to_owned());
                None
            }
        }
    }

    fn choice(&mut self, words: &[&str], node: Node, path: &str) -> Option<Node> {
        let node = self.text(node, path)?;
        let word = node.as_str().unwrap_or_default();
        if words.contains(&word) {
            return Some(node);
        }
        let message = format!(
            "`{path}` must be one of {}; found `{word}`",
            words.join(", ")
        );
        let help = match did_you_mean(word, words.iter().copied()) {
            Some(suggestion) => format!("did you mean `{suggestion}`?"),
            None => format!("use one of: {}", words.join(", ")),
        };
        self.report(node.span, "unknown value", message, help);
        None
    }

    fn list(&mut self, item: &Shape, node: Node, path: &str, owner: &str) -> Option<Node> {
        let Value::Seq(items) = node.value else {
            let help = match node.scalar_text() {
                Some(text) => format!("write it as a list: `[{text}]`"),
                None => "write it as a list: `[a, b]` or one `- item` per line".to_owned(),
            };
            let expected = format!("a list of {}", item.describe_plural());
            self.wrong_shape(&node, path, &expected, "expected a list", help);
            return None;
        };
        let kept: Vec<Node> = items
            .into_iter()
            .enumerate()
            .filter_map(|(i, item_node)| {
                self.value(item, item_node, &format!("{path}[{i}]"), owner)
            })
            .collect();
        Some(Node {
            value: Value::Seq(kept.into()),
            span: node.span,
        })
    }

    fn entry(
        &mut self,
        name: &str,
        fields: &[Field],
        node: Node,
        path: &str,
        owner: &str,
    ) -> Option<Node> {
        let Value::Map(entries) = node.value else {
            let help = format!(
                "{} has the fields: {}",
                with_article(name),
                field_names(fields)
            );
            let expected = format!("{} mapping", with_article(name));
            self.wrong_shape(&node, path, &expected, "expected a mapping", help);
            return None;
        };
        let span = node.span;
        let entry_owner = format!("the {name} at `{path}` of {owner}");
        let kept = self.fields(fields, entries, span, &entry_owner, &format!("{path}."));
        Some(Node {
            value: Value::Map(kept.into_boxed_slice()),
            span: node.span,
        })
    }
}

/// "`person_id` (a person), `member_id` (a person or organization) or
/// `member` (Popolo's `{"@type", id}`)".
fn holder_help(names: &[&str]) -> String {
    let described: Vec<String> = names
        .iter()
        .map(|name| match *name {
            "person_id" => "`person_id` (a person)".to_owned(),
            "member_id" => "`member_id` (a person or organization)".to_owned(),
            "member" => "`member` (Popolo's `{\"@type\", id}`)".to_owned(),
            other => format!("`{other}`"),
        })
        .collect();
    joined(&described, "or")
}

/// Popolo's `member: {"@type": "Person", id: p-1}` becomes `person_id: p-1`
/// (an `Organization` member becomes `member_id`), so rules see one form of
/// the holder. The new entry spans the `member` key and the id's value.
fn member_as_holder_id(entries: &mut [Entry]) {
    for entry in entries.iter_mut() {
        if entry.key.as_str() != Some("member") {
            continue;
        }
        let kind = entry.value.get("@type").and_then(Node::as_str);
        let Some(id) = entry.value.get("id").filter(|id| id.as_str().is_some()) else {
            continue;
        };
        let name = if kind == Some("Person") {
            "person_id"
        } else {
            "member_id"
        };
        let id = id.clone();
        entry.key.value = Value::Str(name.into());
        entry.value = id;
    }
}

/// The field names, comma-separated, for help texts; Popolo's vocabulary
/// beyond the curated format comes after, apart.
fn field_names(fields: &[Field]) -> String {
    let names = |popolo: bool| {
        fields
            .iter()
            .filter(|f| f.popolo == popolo)
            .map(|f| f.name)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (core, popolo) = (names(false), names(true));
    if popolo.is_empty() {
        core
    } else {
        format!("{core}; Popolo's, also accepted: {popolo}")
    }
}

const DATE_HELP: &str = "write a date as YYYY, YYYY-MM or YYYY-MM-DD (a full date may add a time: \
     2015-03-04T10:00Z); a year or month stands for the whole period";

/// "membership `m-1`" → "a membership", for help texts about the kind.
fn strip_id(owner: &str) -> String {
    match owner.split_once(' ') {
        Some((kind, rest)) if rest.starts_with('`') => format!("a {kind}"),
        _ => owner.to_owned(),
    }
}
