//! Field paths: how rules name the values they look at.
//!
//! `start_date` is a field of the record, `sources[]` each item of a list,
//! `attendees[].person_id` a field of each list entry. A path is checked
//! against the records format when the rules are read, so a typo in a rules
//! file is a diagnostic there, not a rule that silently finds nothing.

use std::fmt;

use crate::model::schema::{Field, Section, Shape};
use crate::suggest::help_for;
use crate::yaml::Node;

/// A checked path into a record (or into a nested entry).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldPath {
    text: String,
    steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Field(String),
    Each,
}

/// Where a path starts: a record of a section, or an entry's fields.
#[derive(Debug, Clone, Copy)]
pub enum Scope {
    Record(Section),
    Entry(&'static [Field]),
}

impl Scope {
    fn fields(self) -> &'static [Field] {
        match self {
            Self::Record(section) => section.spec().fields,
            Self::Entry(fields) => fields,
        }
    }
}

/// What a path must lead to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// A date.
    Date,
    /// Text: free text, an id, a choice or a reference.
    Text,
    /// A reference to another record.
    Ref,
    /// A list of entries (to iterate with `each`).
    Entries,
}

impl Expect {
    fn describe(self) -> &'static str {
        match self {
            Self::Date => "a date",
            Self::Text => "a text value",
            Self::Ref => "a reference to another record",
            Self::Entries => "a list of entries (such as `attendees[]`)",
        }
    }

    fn accepts(self, shape: &Shape) -> bool {
        matches!(
            (self, shape),
            (Self::Date, Shape::Date)
                | (
                    Self::Text,
                    Shape::Id | Shape::Text | Shape::Choice(_) | Shape::Ref(_)
                )
                | (Self::Ref, Shape::Ref(_) | Shape::RefOrEntry(..))
                | (Self::Entries, Shape::Entry(..) | Shape::TextOrEntry(..))
        )
    }
}

/// Why a path was refused, with a suggestion when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError {
    pub message: String,
    pub help: String,
}

impl FieldPath {
    /// Parses `text` and checks it against `scope`, expecting `expect`; gives
    /// the path and the shape it leads to.
    pub fn parse(
        text: &str,
        scope: Scope,
        expect: Expect,
    ) -> Result<(Self, &'static Shape), PathError> {
        let steps = parse_steps(text)?;
        let shape = walk(&steps, scope, text)?;
        if !expect.accepts(shape) {
            return Err(PathError {
                message: format!("`{text}` is not {}", expect.describe()),
                help: hint_for(shape, text, expect),
            });
        }
        let path = Self {
            text: text.to_owned(),
            steps,
        };
        Ok((path, shape))
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Every value this path reaches from `node`, in document order.
    pub fn values<'n>(&self, node: &'n Node) -> Vec<&'n Node> {
        let mut found = Vec::new();
        self.for_each(node, &mut |value| found.push(value));
        found
    }

    /// The field this path starts with (`attendees` of
    /// `attendees[].person_id`).
    pub fn first_field(&self) -> Option<&str> {
        match self.steps.first() {
            Some(Step::Field(name)) => Some(name),
            _ => None,
        }
    }

    /// Calls `each` with every value this path reaches from `value`, the
    /// value of its first field: for a caller that goes through a record's
    /// fields once instead of looking each path up.
    pub fn for_each_after_first<'n>(&self, value: &'n Node, each: &mut impl FnMut(&'n Node)) {
        visit(self.steps.get(1..).unwrap_or(&[]), value, each);
    }

    /// Calls `each` with every value this path reaches from `node`, in
    /// document order, without collecting them.
    pub fn for_each<'n>(&self, node: &'n Node, each: &mut impl FnMut(&'n Node)) {
        visit(&self.steps, node, each);
    }

    /// The first value this path reaches from `node`. Rules ask this of
    /// every record, so it walks without collecting.
    pub fn first<'n>(&self, node: &'n Node) -> Option<&'n Node> {
        first_at(&self.steps, node)
    }

    /// The entry fields an `Entries` path leads into, for paths relative to
    /// its items.
    pub fn entry_scope(shape: &'static Shape) -> Option<Scope> {
        match shape {
            Shape::Entry(_, fields) | Shape::TextOrEntry(_, fields) => Some(Scope::Entry(fields)),
            _ => None,
        }
    }

    /// The sections a reference path may point to.
    pub fn targets(shape: &'static Shape) -> &'static [Section] {
        match shape {
            Shape::Ref(sections) | Shape::RefOrEntry(sections, ..) => sections,
            _ => &[],
        }
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

fn parse_steps(text: &str) -> Result<Vec<Step>, PathError> {
    let mut steps = Vec::new();
    for segment in text.split('.') {
        let (name, each) = match segment.strip_suffix("[]") {
            Some(name) => (name, true),
            None => (segment, false),
        };
        let valid = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !valid {
            return Err(PathError {
                message: format!("`{text}` is not a field path"),
                help: "write field names joined by `.`, with `[]` after a list: \
                       `start_date`, `sources[]`, `attendees[].person_id`"
                    .to_owned(),
            });
        }
        steps.push(Step::Field(name.to_owned()));
        if each {
            steps.push(Step::Each);
        }
    }
    Ok(steps)
}

/// Follows `steps` through the format, giving the shape they lead to.
fn walk(steps: &[Step], scope: Scope, text: &str) -> Result<&'static Shape, PathError> {
    let mut fields = scope.fields();
    let mut shape: Option<&'static Shape> = None;
    for step in steps {
        shape = Some(match (step, shape) {
            (Step::Field(name), None) => field_shape(fields, name, text)?,
            (
                Step::Field(name),
                Some(
                    Shape::Entry(_, inner)
                    | Shape::TextOrEntry(_, inner)
                    | Shape::RefOrEntry(_, _, inner),
                ),
            ) => {
                fields = inner;
                field_shape(fields, name, text)?
            }
            (Step::Each, Some(Shape::List(item))) => item,
            (Step::Each, _) => return Err(not_a_list(text)),
            (Step::Field(_), Some(Shape::List(_))) => return Err(list_needs_brackets(text)),
            (Step::Field(name), Some(_)) => return Err(no_fields(text, name)),
        });
    }
    shape.ok_or_else(|| PathError {
        message: "a field path is empty".to_owned(),
        help: "name a field, such as `start_date`".to_owned(),
    })
}

fn field_shape(
    fields: &'static [Field],
    name: &str,
    text: &str,
) -> Result<&'static Shape, PathError> {
    if let Some(field) = fields.iter().find(|field| field.name == name) {
        return Ok(&field.shape);
    }
    let names = fields.iter().map(|field| field.name);
    let help = help_for(name, names, "fields here");
    Err(PathError {
        message: format!("`{text}`: there is no field `{name}`"),
        help,
    })
}

fn not_a_list(text: &str) -> PathError {
    PathError {
        message: format!("`{text}`: `[]` follows a field that is not a list"),
        help: "use `[]` only after list fields such as `sources` or `attendees`".to_owned(),
    }
}

fn list_needs_brackets(text: &str) -> PathError {
    PathError {
        message: format!("`{text}` goes into a list without `[]`"),
        help: "write `[]` after the list field, as in `attendees[].name`".to_owned(),
    }
}

fn no_fields(text: &str, name: &str) -> PathError {
    PathError {
        message: format!("`{text}`: `{name}` is inside a value that has no fields"),
        help: "only entries (such as attendees or other names) have fields".to_owned(),
    }
}

fn hint_for(shape: &Shape, text: &str, expect: Expect) -> String {
    match shape {
        Shape::List(_) => format!("`{text}` is a list: write `{text}[]` to look at each item"),
        Shape::Entry(..) | Shape::TextOrEntry(..) if expect != Expect::Entries => {
            format!("`{text}` is an entry: name one of its fields, as in `{text}.name`")
        }
        _ => format!("this option needs {}", expect.describe()),
    }
}

fn first_at<'n>(steps: &[Step], node: &'n Node) -> Option<&'n Node> {
    let Some((step, rest)) = steps.split_first() else {
        return Some(node);
    };
    match step {
        Step::Field(name) => first_at(rest, node.get(name)?),
        Step::Each => node
            .as_seq()
            .unwrap_or(&[])
            .iter()
            .find_map(|item| first_at(rest, item)),
    }
}

fn visit<'n>(steps: &[Step], node: &'n Node, each: &mut impl FnMut(&'n Node)) {
    let Some((step, rest)) = steps.split_first() else {
        each(node);
        return;
    };
    match step {
        Step::Field(name) => {
            if let Some(value) = node.get(name) {
                visit(rest, value, each);
            }
        }
        Step::Each => {
            for item in node.as_seq().unwrap_or(&[]) {
                visit(rest, item, each);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, section: Section, expect: Expect) -> Result<String, String> {
        FieldPath::parse(text, Scope::Record(section), expect)
            .map(|(path, _)| path.to_string())
            .map_err(|error| format!("{} ({})", error.message, error.help))
    }

    #[test]
    fn paths_follow_the_records_format() {
        assert!(check("start_date", Section::Memberships, Expect::Date).is_ok());
        assert!(check("sources[]", Section::Events, Expect::Ref).is_ok());
        assert!(check("attendees[].person_id", Section::Events, Expect::Ref).is_ok());
        assert!(check("other_names[].name", Section::Persons, Expect::Text).is_ok());
        assert!(check("attendees[]", Section::Events, Expect::Entries).is_ok());
    }

    #[test]
    fn bad_paths_explain_themselves() {
        let error = check("start_dat", Section::Memberships, Expect::Date).unwrap_err();
        assert!(error.contains("did you mean `start_date`"), "{error}");
        let error = check("sources", Section::Events, Expect::Ref).unwrap_err();
        assert!(error.contains("`sources[]`"), "{error}");
        let error = check("name", Section::Persons, Expect::Date).unwrap_err();
        assert!(error.contains("is not a date"), "{error}");
        let error = check("start_date[]", Section::Events, Expect::Date).unwrap_err();
        assert!(error.contains("not a list"), "{error}");
        let error = check("Start Date", Section::Events, Expect::Date).unwrap_err();
        assert!(error.contains("not a field path"), "{error}");
    }
}
