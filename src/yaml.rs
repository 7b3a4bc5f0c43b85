//! The only module that knows the YAML crate (serde-saphyr).
//!
//! It turns a file's text into a [`Node`] tree in which every value, mapping
//! key included, carries its byte [`Span`] in that text. Everything above this
//! module works on nodes and spans and never sees the parser, so the parser can
//! be swapped or tuned here alone.
//!
//! Duplicate mapping keys are not fatal: the parser forwards every entry
//! (`DuplicateKeyPolicy::PassThrough`) and this module keeps the first one and
//! reports the others with both places, so one slip does not hide the rest of
//! the file.

use std::collections::HashMap;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::{Budget, DuplicateKeyPolicy, Location, MergeKeyPolicy, Options, Spanned};

use crate::source::{LineCol, Span, offset_of};

/// A YAML value with the span of the text it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

/// A string value: short ones (up to 24 bytes: most keys, ids, dates and
/// names) are stored inline, with no allocation of their own.
pub type Text = compact_str::CompactString;

/// The YAML value kinds recheck distinguishes.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// An integer; one beyond `i64` is kept as its text.
    Int(i64),
    Float(f64),
    Str(Text),
    // Boxed slices, not vectors: a node is read-only once parsed, and the
    // capacity field would make every node 8 bytes larger.
    Seq(Box<[Node]>),
    Map(Box<[Entry]>),
}

/// One mapping entry; the key keeps its own span.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

/// A document that parsed, with the non-fatal problems found on the way.
#[derive(Debug)]
pub struct Document {
    pub root: Node,
    pub duplicate_keys: Vec<DuplicateKey>,
}

/// A mapping key written twice; the later entry is dropped.
#[derive(Debug, Clone)]
pub struct DuplicateKey {
    pub key: String,
    pub first: Span,
    pub duplicate: Span,
}

/// Why a text is not YAML recheck can read.
#[derive(Debug, Clone)]
pub struct SyntaxError {
    pub message: String,
    pub span: Span,
    /// A short noun phrase for the place.
    pub label: &'static str,
    /// What to do about it.
    pub help: &'static str,
}

/// Labels and advice for the parser's messages, matched by a word in them;
/// the last entry matches everything.
const SYNTAX_HINTS: &[(&str, &str, &str)] = &[
    (
        "tab",
        "tab",
        "YAML indents with spaces only; replace the tab with spaces",
    ),
    (
        "quote",
        "quote opened here",
        "close the quote on the same value, or escape a quote inside it",
    ),
    (
        "bracket",
        "opened here",
        "close the bracket, or write the list one `- item` per line",
    ),
    (
        "indicator",
        "unexpected indentation",
        "entries of one mapping or list must start in the same column",
    ),
    (
        "mapping values",
        "unexpected `:`",
        "quote a value that contains `: `, or fix the indentation above",
    ),
    (
        "document",
        "second document",
        "split the file in two, or remove the `---` line",
    ),
    (
        "merge key",
        "merge key",
        "merge keys (`<<`) are YAML 1.1 and hide where a value is written; write each record's fields out in full",
    ),
    (
        "unknown anchor",
        "alias",
        "define the anchor (`&name`) before using the alias (`*name`)",
    ),
    (
        "aliases expanded",
        "expanded here",
        "write the values out instead of nesting aliases",
    ),
    (
        "tag",
        "tagged value",
        "remove the tag: records are plain YAML values",
    ),
    (
        "nesting",
        "nested too deep",
        "records are a few levels deep: section, record, list, entry",
    ),
    (
        "",
        "here",
        "fix the YAML here; the rest of this file was not checked",
    ),
];

impl Node {
    /// The text of a string scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The entries of a mapping.
    pub fn as_map(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// The items of a sequence.
    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }

    /// The value of `key` in a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_map()?
            .iter()
            .find(|entry| entry.key.as_str() == Some(key))
            .map(|entry| &entry.value)
    }

    /// The whole text of this value: a collection's [`Node::span`] ends with
    /// its first entry, its extent with its last (flow collections' closing
    /// brackets aside).
    pub fn extent(&self) -> Span {
        let last = match &self.value {
            // Entries and items are in source order: the last one ends last.
            Value::Map(entries) => entries
                .last()
                .map(|entry| entry.key.span.end().max(entry.value.extent().end())),
            Value::Seq(items) => items.last().map(|item| item.extent().end()),
            _ => None,
        };
        Span::new(
            self.span.start(),
            last.map_or(self.span.end(), |end| end.max(self.span.end())),
        )
    }

    /// What kind of YAML value this is, as a user would name it in a message.
    pub fn kind_name(&self) -> &'static str {
        match &self.value {
            Value::Null => "nothing (null)",
            Value::Bool(_) => "a boolean",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a number",
            Value::Str(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    /// A scalar's text as it would be written in YAML plain style; `None` for collections.
    pub fn scalar_text(&self) -> Option<String> {
        match &self.value {
            Value::Null => Some("null".to_owned()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Str(s) => Some(s.to_string()),
            Value::Seq(_) | Value::Map(_) => None,
        }
    }
}

/// Nesting the records format never needs: file → section → record → list →
/// entry is five levels.
pub const MAX_DEPTH: usize = 32;

/// The parser's limits. Depth is kept small because records are shallow; node
/// and event counts are sized so that a records file of 50 MB and more (a few
/// million nodes) still loads; aliases are allowed but capped against alias
/// bombs.
fn budget() -> Budget {
    let mut budget = Budget::default();
    budget.max_depth = MAX_DEPTH;
    budget.max_nodes = 40_000_000;
    budget.max_events = 80_000_000;
    budget.max_total_scalar_bytes = 1024 * 1024 * 1024;
    budget.max_documents = 1;
    budget.max_aliases = 10_000;
    budget.max_anchors = 10_000;
    budget.max_recorded_anchor_events = 100_000;
    budget
}

fn options() -> Options {
    let mut options = Options::default();
    options.budget = Some(budget());
    options.alias_limits = serde_saphyr::alias_limits! { max_total_replayed_events: 100_000 };
    options.duplicate_keys = DuplicateKeyPolicy::PassThrough;
    // Merge keys (`<<: *base`) are YAML 1.1: a record would silently take
    // fields written elsewhere, and findings would point at the base. Each
    // record is written out in full.
    options.merge_keys = MergeKeyPolicy::Error;
    // A tag such as `!include` or `!!python/object` would otherwise be dropped
    // silently; recheck reports it instead of changing the data behind the
    // curator's back.
    options.reject_unsupported_tags = true;
    // YAML 1.2: only `true` and `false` are booleans, so `role: y` or a
    // country code `NO` stays text.
    options.strict_booleans = true;
    options.with_snippet = false;
    options
}

/// Parses one YAML document. An empty or comments-only text gives a null root.
pub fn parse(text: &str) -> Result<Document, SyntaxError> {
    if is_blank(text) {
        let root = Node {
            value: Value::Null,
            span: Span::empty_at(0),
        };
        return Ok(Document {
            root,
            duplicate_keys: Vec::new(),
        });
    }
    check_alias_expansion(text)?;
    let spanned: Spanned<RawValue> =
        serde_saphyr::from_str_with_options(text, options()).map_err(|e| syntax_error(&e, text))?;
    let mut root = into_node(spanned);
    let mut duplicate_keys = Vec::new();
    drop_duplicate_keys(&mut root, &mut duplicate_keys);
    Ok(Document {
        root,
        duplicate_keys,
    })
}

/// What one node costs once materialized, besides its text: the parser's
/// value and span, and recheck's node.
const NODE_BYTES: u64 = 64;

/// The most aliases may expand to: four times the file, and at least 16 MiB.
fn alias_expansion_limit(text: &str) -> u64 {
    (text.len() as u64).saturating_mul(4).max(16 * 1024 * 1024)
}

/// Refuses a text whose aliases would expand to far more than the text
/// itself before it is materialized: a thousand aliases of a 1 MB scalar
/// are 1 GB, and the parser's budgets count aliases and events, not bytes.
/// The check streams the parser's events once, only for texts that have
/// both anchors and aliases, adding up the size of every node an alias
/// repeats. A text the event parser rejects is left to the full parse,
/// which reports it.
fn check_alias_expansion(text: &str) -> Result<(), SyntaxError> {
    use granit_parser::{Event, Parser};

    if !(text.contains('&') && text.contains('*')) {
        return Ok(());
    }
    let limit = alias_expansion_limit(text);
    let mut sizes: HashMap<usize, u64> = HashMap::new();
    // Open collections: their anchor id (0: none) and size so far.
    let mut open: Vec<(usize, u64)> = Vec::new();
    let mut expanded: u64 = 0;
    for event in Parser::new_from_str(text) {
        let Ok((event, span)) = event else { break };
        let (anchor, size) = match event {
            Event::Scalar(value, _, anchor, _) => (anchor, NODE_BYTES + value.len() as u64),
            Event::SequenceStart(_, anchor, _) | Event::MappingStart(_, anchor, _) => {
                open.push((anchor, NODE_BYTES));
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => open.pop().unwrap_or((0, 0)),
            Event::Alias(id) => {
                let size = sizes.get(&id).copied().unwrap_or(0);
                expanded = expanded.saturating_add(size);
                if expanded > limit {
                    let byte = |marker: granit_parser::Marker| {
                        marker.byte_offset().unwrap_or_else(|| {
                            let at = LineCol {
                                line: marker.line(),
                                column: marker.col() + 1,
                            };
                            offset_of(text, at)
                        })
                    };
                    let alias = Span::new(byte(span.start), byte(span.end));
                    return Err(alias_bomb(text, alias, limit));
                }
                (0, size)
            }
            _ => continue,
        };
        if anchor != 0 {
            sizes.insert(anchor, size);
        }
        if let Some((_, parent)) = open.last_mut() {
            *parent = parent.saturating_add(size);
        }
    }
    Ok(())
}

fn alias_bomb(text: &str, alias: Span, limit: u64) -> SyntaxError {
    let end = alias.end().min(text.len());
    let start = alias.start().min(end);
    let span = if text.is_char_boundary(start) && text.is_char_boundary(end) {
        Span::new(start, end)
    } else {
        Span::empty_at(0)
    };
    SyntaxError {
        message: format!(
            "aliases expanded to more than {} MiB, far more than the file itself (an alias bomb?)",
            limit / (1024 * 1024)
        ),
        span,
        label: "expanded here",
        help: "write the values out instead of repeating large anchored values through aliases",
    }
}

/// True for a text with nothing but white space and comments.
fn is_blank(text: &str) -> bool {
    text.lines().all(|line| {
        let line = line.trim_start_matches('\u{feff}').trim();
        line.is_empty() || line.starts_with('#')
    })
}

fn syntax_error(error: &serde_saphyr::Error, text: &str) -> SyntaxError {
    let error = error.without_snippet();
    let mut span = error
        .location()
        .map_or_else(|| Span::empty_at(text.len()), |loc| span_of(&loc, text));
    let message = message_of(error);
    // The scanner reports a stray tab at the start of the token it was
    // reading; point at the tab itself.
    if message.contains("tab")
        && let Some(tab) = text[span.start()..].find('\t')
    {
        span = Span::new(span.start() + tab, span.start() + tab + 1);
    }
    let (_, label, help) = SYNTAX_HINTS
        .iter()
        .find(|(word, _, _)| message.contains(word))
        .copied()
        .unwrap_or(("", "here", ""));
    SyntaxError {
        message,
        span,
        label,
        help,
    }
}

/// The parser's message in recheck's words: budget breaches are explained,
/// and the trailing "at line …" is dropped since the report shows the place.
fn message_of(error: &serde_saphyr::Error) -> String {
    let mut error = error;
    while let serde_saphyr::Error::AliasError { error: inner, .. }
    | serde_saphyr::Error::WithSnippet { error: inner, .. } = error
    {
        error = inner;
    }
    if let serde_saphyr::Error::Budget { breach, .. } = error {
        return budget_message(breach);
    }
    let message = error.to_string();
    let message = match message.rfind(" at line ") {
        Some(cut) if message[cut..].contains(", column ") => message[..cut].to_owned(),
        _ => message,
    };
    // The parser's words for two limits recheck sets, in recheck's words.
    if message.contains("merge keys are not allowed") {
        return "a YAML merge key (`<<`); recheck does not merge records".to_owned();
    }
    if message.contains("recursion limit") {
        return format!("nesting deeper than {MAX_DEPTH} levels");
    }
    message
}

fn budget_message(breach: &BudgetBreach) -> String {
    match breach {
        BudgetBreach::Documents { .. } => {
            "more than one YAML document in one file; recheck reads one document (no second `---`) per file".to_owned()
        }
        BudgetBreach::Depth { .. } => format!("nesting deeper than {MAX_DEPTH} levels; records are never nested this deep"),
        BudgetBreach::Aliases { .. }
        | BudgetBreach::Anchors { .. }
        | BudgetBreach::AliasAnchorRatio { .. }
        | BudgetBreach::RecordedAnchorEvents { .. }
        | BudgetBreach::RecordedAnchorBytes { .. } => {
            "too many anchors or aliases expanded (an alias bomb?); the file was not loaded".to_owned()
        }
        other => format!("the file exceeds the YAML parser's budget ({other:?}); the file was not loaded"),
    }
}

/// Byte span of a parser location, clamped to the text. Scanner errors carry
/// only a line and column, so the byte offset is found from those.
fn span_of(location: &Location, text: &str) -> Span {
    let span = location.span();
    let start = match span.byte_offset() {
        Some(offset) if offset > 0 || location.line() <= 1 && location.column() <= 1 => {
            to_usize(offset)
        }
        _ => offset_of(
            text,
            LineCol {
                line: to_usize(location.line()),
                column: to_usize(location.column()),
            },
        ),
    };
    let start = start.min(text.len());
    let len = span.byte_len().map_or(0, to_usize);
    let end = start.saturating_add(len.max(1)).min(text.len());
    let end = (end..=text.len())
        .find(|&e| text.is_char_boundary(e))
        .unwrap_or(text.len());
    Span::new(start, end)
}

/// `span` stretched over the closing brackets of the flow collections it
/// leaves open (`[a, b` → `[a, b]`): a collection's [`Node::extent`] ends
/// with its last item, and showing it as written needs the brackets.
/// Brackets inside quoted strings may fool the count; the worst case is a
/// bracket too few or too many.
pub fn close_flow(text: &str, mut span: Span) -> Span {
    let written = text.get(span.start()..span.end()).unwrap_or("");
    let opened = written.chars().filter(|c| matches!(c, '[' | '{')).count();
    let closed = written.chars().filter(|c| matches!(c, ']' | '}')).count();
    let mut open = opened.saturating_sub(closed);
    let end = span.end();
    for (at, c) in text.get(end..).unwrap_or("").char_indices() {
        if open == 0 {
            break;
        }
        match c {
            ' ' | '\t' => {}
            ']' | '}' => {
                open -= 1;
                span = span.with_end(end + at + 1);
            }
            _ => break,
        }
    }
    span
}

fn to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// A node from the parser's value and location. The parser gives a mapping
/// or list only its start, so its span is stretched to the end of its first
/// entry: enough to point at a record without underlining all of it.
fn into_node(spanned: Spanned<RawValue>) -> Node {
    let location = spanned.referenced.span();
    let start = location.byte_offset().map_or(0, to_usize);
    let mut span = Span::new(
        start,
        start.saturating_add(location.byte_len().map_or(0, to_usize)),
    );
    let value = spanned.value.0;
    let first_end = match &value {
        Value::Map(entries) => entries.first().map(|e| e.value.span.end()),
        Value::Seq(items) => items.first().map(|item| item.span.end()),
        _ => None,
    };
    if let Some(end) = first_end.filter(|&end| end > span.end()) {
        span = span.with_end(end);
    }
    Node { value, span }
}

/// Keeps the first entry of every key in every mapping and records the others.
fn drop_duplicate_keys(node: &mut Node, found: &mut Vec<DuplicateKey>) {
    match &mut node.value {
        Value::Seq(items) => items
            .iter_mut()
            .for_each(|item| drop_duplicate_keys(item, found)),
        Value::Map(entries) => {
            if has_duplicate_keys(entries) {
                let mut kept = std::mem::take(entries).into_vec();
                remove_duplicate_keys(&mut kept, found);
                *entries = kept.into_boxed_slice();
            }
            for entry in entries.iter_mut() {
                drop_duplicate_keys(&mut entry.value, found);
            }
        }
        _ => {}
    }
}

/// Whether any two keys are equal. Runs on every mapping, so the common
/// case (small mapping, no duplicates) allocates nothing.
fn has_duplicate_keys(entries: &[Entry]) -> bool {
    if entries.len() <= 16 {
        return entries
            .iter()
            .enumerate()
            .any(|(i, a)| entries[..i].iter().any(|b| same_key(&a.key, &b.key)));
    }
    let mut seen = std::collections::HashSet::with_capacity(entries.len());
    entries
        .iter()
        .filter_map(|e| key_text(&e.key))
        .any(|key| !seen.insert(key))
}

fn same_key(a: &Node, b: &Node) -> bool {
    match (key_text(a), key_text(b)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// A scalar key's text, borrowed when it is a string.
fn key_text(key: &Node) -> Option<std::borrow::Cow<'_, str>> {
    match &key.value {
        Value::Str(s) => Some(std::borrow::Cow::Borrowed(s)),
        _ => key.scalar_text().map(std::borrow::Cow::Owned),
    }
}

/// Keeps the first entry of every key and records the later ones.
fn remove_duplicate_keys(entries: &mut Vec<Entry>, found: &mut Vec<DuplicateKey>) {
    let mut first_spans: HashMap<String, Span> = HashMap::new();
    entries.retain(|entry| {
        let Some(key) = entry.key.scalar_text() else {
            return true;
        };
        if let Some(&first) = first_spans.get(&key) {
            found.push(DuplicateKey {
                key,
                first,
                duplicate: entry.key.span,
            });
            return false;
        }
        first_spans.insert(key, entry.key.span);
        true
    });
}

/// The value part of a node as the serde visitor builds it; children carry
/// their spans through `Spanned`.
struct RawValue(Value);

impl<'de> Deserialize<'de> for RawValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawValueVisitor).map(RawValue)
    }
}

struct RawValueVisitor;

impl<'de> Visitor<'de> for RawValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or_else(|_| Value::Str(v.to_string().into()), Value::Int))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or_else(|_| Value::Str(v.to_string().into()), Value::Int))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or_else(|_| Value::Str(v.to_string().into()), Value::Int))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(Text::from(v)))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(Text::from(v)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element::<Spanned<RawValue>>()? {
            items.push(into_node(item));
        }
        Ok(Value::Seq(items.into_boxed_slice()))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0));
        while let Some(key) = map.next_key::<Spanned<RawValue>>()? {
            let value = map.next_value::<Spanned<RawValue>>()?;
            entries.push(Entry {
                key: into_node(key),
                value: into_node(value),
            });
        }
        Ok(Value::Map(entries.into_boxed_slice()))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn extents_end_with_the_last_entry_and_close_flow_brackets() {
        let text = "a: [x, [y]]\nb:\n  c: {d: 1}\n";
        let doc = parse(text).unwrap();
        let extent = doc.root.extent();
        assert_eq!(
            &text[extent.start()..extent.end()],
            "a: [x, [y]]\nb:\n  c: {d: 1"
        );
        assert_eq!(
            &text[..close_flow(text, extent).end()],
            "a: [x, [y]]\nb:\n  c: {d: 1}"
        );
        let list = doc.root.get("a").unwrap();
        let closed = close_flow(text, list.extent());
        assert_eq!(&text[closed.start()..closed.end()], "[x, [y]]");
    }

    use super::*;

    fn root(text: &str) -> Node {
        parse(text).unwrap().root
    }

    fn slice<'t>(text: &'t str, node: &Node) -> &'t str {
        &text[node.span.start()..node.span.end()]
    }

    #[test]
    fn every_value_and_key_keeps_its_span() {
        let text = "persons:\n  - id: p1\n    name: \"Kairat Sarybai\"\n    dates: [2020, 2024-12]\n  - {id: p2}\n";
        let root = root(text);
        let persons = root.get("persons").unwrap().as_seq().unwrap();
        let first = persons[0].as_map().unwrap();
        assert_eq!(slice(text, &first[0].key), "id");
        assert_eq!(slice(text, &first[0].value), "p1");
        assert_eq!(slice(text, &first[1].value), "\"Kairat Sarybai\"");
        assert_eq!(first[1].value.as_str(), Some("Kairat Sarybai"));
        let dates = first[2].value.as_seq().unwrap();
        assert_eq!(
            (slice(text, &dates[0]), &dates[0].value),
            ("2020", &Value::Int(2020))
        );
        assert_eq!(slice(text, &dates[1]), "2024-12");
        assert_eq!(slice(text, persons[1].get("id").unwrap()), "p2");
    }

    #[test]
    fn only_true_and_false_are_booleans() {
        let root = root("a: y\nb: NO\nc: true\nd: off\n");
        assert_eq!(root.get("a").unwrap().as_str(), Some("y"));
        assert_eq!(root.get("b").unwrap().as_str(), Some("NO"));
        assert_eq!(root.get("c").unwrap().value, Value::Bool(true));
        assert_eq!(root.get("d").unwrap().as_str(), Some("off"));
    }

    #[test]
    fn duplicate_keys_keep_the_first_and_report_both_places() {
        let text = "a: 1\nb: 2\na: 3\n";
        let doc = parse(text).unwrap();
        assert_eq!(doc.root.as_map().unwrap().len(), 2);
        assert_eq!(doc.root.get("a").unwrap().value, Value::Int(1));
        let dup = &doc.duplicate_keys[0];
        assert_eq!(
            (dup.key.as_str(), dup.first.start(), dup.duplicate.start()),
            ("a", 0, 10)
        );
    }

    #[test]
    fn duplicates_are_found_in_large_mappings_too() {
        let mut lines: Vec<String> = (0..40).map(|i| format!("k{i}: {i}")).collect();
        lines.push("k7: again\n".to_owned());
        let text = lines.join("\n");
        let doc = parse(&text).unwrap();
        assert_eq!(doc.root.as_map().unwrap().len(), 40);
        assert_eq!(doc.duplicate_keys.len(), 1);
        assert_eq!(doc.duplicate_keys[0].key, "k7");
    }

    #[test]
    fn blank_and_comment_only_texts_are_empty_documents() {
        for text in ["", "\n\n", "# only a comment\n  # another\n", "\u{feff}"] {
            assert_eq!(root(text).value, Value::Null, "{text:?}");
        }
    }

    #[test]
    fn syntax_errors_point_at_the_problem() {
        let cases = [
            ("a: 1\nb: [x\n", "unclosed bracket", 8),
            ("a: 'x\n", "unclosed quote", 3),
            ("a:\n\tb: 1\n", "tabs", 4),
            ("--- a\n--- b\n", "more than one YAML document", 6),
            ("a: *nowhere\n", "unknown anchor", 3),
            ("a: !include other.yaml\n", "unsupported tag", 12),
        ];
        for (text, expected, at) in cases {
            let error = parse(text).unwrap_err();
            assert!(
                error.message.contains(expected),
                "{text:?}: {}",
                error.message
            );
            assert_eq!(error.span.start(), at, "{text:?}: {}", error.message);
        }
    }

    #[test]
    fn deep_nesting_is_a_budget_error_not_a_crash() {
        let text = format!("a: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
        let error = parse(&text).unwrap_err();
        assert!(!error.message.is_empty());
    }

    #[test]
    fn an_alias_bomb_is_refused() {
        let lines: Vec<String> = (1..10)
            .map(|i| {
                format!(
                    "a{i}: &a{i} [{}]",
                    vec![format!("*a{}", i - 1); 10].join(", ")
                )
            })
            .collect();
        let text = format!(
            "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n{}\n",
            lines.join("\n")
        );
        assert!(parse(&text).is_err());
    }
}
