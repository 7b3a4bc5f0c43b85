//! Reads rules files into a [`RuleSet`].
//!
//! A rules file is a mapping with one key, `rules:`, holding a list of rule
//! instances. Each has an `id` naming the defect, a `kind`, a `severity`
//! (`error`, `warning`, `info` or `off`), an optional `description`, and the
//! kind's own options. Every problem (unknown kind or option, a bad field
//! path, a duplicate id) becomes an `invalid-rule` finding pointing into the
//! rules file; reading goes on, so one run reports them all, and the caller
//! exits 2 when there is any.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::diag::{Finding, Place, Severity, ids};
use crate::model::schema::{SECTIONS, Section};
use crate::source::{FileId, SourceFile, Sources, Span};
use crate::suggest::help_for;
use crate::yaml::{self, Entry, Node, Value};

use super::path::{Expect, FieldPath, Scope};
use super::template::Template;
use super::{Check, KINDS, KindInfo, Rule, builtin};

/// The id of findings about rules files.
pub use crate::diag::ids::INVALID_RULE;

/// Options every rule has, whatever its kind.
const COMMON_OPTIONS: &[&str] = &["id", "kind", "severity", "description"];

/// Ids the loader uses for its own findings.
const RESERVED_IDS: &[&str] = &[ids::SYNTAX, ids::SCHEMA, INVALID_RULE];

/// How a kind turns a rule's options into a check.
pub type Build = fn(&Table<'_>, &mut ConfigCx) -> Option<Box<dyn Check>>;

/// The rules of a run, with the files they were read from.
#[derive(Debug)]
pub struct RuleSet {
    pub sources: Sources,
    pub rules: Vec<Rule>,
    /// Whether these are the rules built into the binary.
    pub builtin: bool,
}

/// Why rules could not be used.
#[derive(Debug)]
pub enum RulesError {
    /// The rules path is missing or unreadable.
    Unreadable(PathBuf, String),
    /// The rules files have problems; `findings` point into `sources`.
    Invalid {
        sources: Sources,
        findings: Vec<Finding>,
    },
}

impl fmt::Display for RulesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unreadable(path, why) => {
                write!(f, "cannot read rules `{}`: {why}", path.display())
            }
            Self::Invalid { findings, .. } => {
                write!(f, "the rules have {} problem(s)", findings.len())
            }
        }
    }
}

impl std::error::Error for RulesError {}

impl RuleSet {
    /// The default rules, built into the binary from the repository's `rules/`.
    pub fn builtin() -> Result<Self, RulesError> {
        let files = builtin::FILES
            .iter()
            .map(|(name, text)| (Path::new("rules").join(name), (*text).to_owned()))
            .collect();
        let mut set = Self::parse(files)?;
        set.builtin = true;
        Ok(set)
    }

    /// The rules in a file, or in the `*.yaml` / `*.yml` files of a directory.
    pub fn from_path(path: &Path) -> Result<Self, RulesError> {
        let unreadable =
            |error: std::io::Error| RulesError::Unreadable(path.into(), error.to_string());
        let paths = if path.is_dir() {
            let mut paths: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(unreadable)?
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| is_yaml(path))
                .collect();
            paths.sort();
            paths
        } else {
            vec![path.to_path_buf()]
        };
        let mut files = Vec::new();
        for file in paths {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| RulesError::Unreadable(file.clone(), e.to_string()))?;
            files.push((file, text));
        }
        Self::parse(files)
    }

    /// Reads rules from `(path, text)` pairs.
    pub fn parse(files: Vec<(PathBuf, String)>) -> Result<Self, RulesError> {
        let mut sources = Sources::default();
        let mut cx = ConfigCx::default();
        let mut rules = Vec::new();
        let mut first_use: HashMap<String, Place> = HashMap::new();
        for (path, text) in files {
            let file = sources.add(SourceFile::new(path, text));
            cx.file = file;
            for parsed in rules_of_file(&sources.get(file).text, &mut cx) {
                let Some((id, span)) = parsed.id else {
                    continue;
                };
                let claimed = claim_id(id, &Place::new(file, span, ""), &mut first_use, &mut cx);
                rules.extend(parsed.rule.filter(|_| claimed));
            }
        }
        if cx.findings.is_empty() {
            Ok(Self {
                sources,
                rules,
                builtin: false,
            })
        } else {
            crate::diag::sort(&mut cx.findings);
            Err(RulesError::Invalid {
                sources,
                findings: cx.findings,
            })
        }
    }

    /// The rule with this id.
    pub fn find(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|rule| rule.id == id)
    }
}

fn is_yaml(path: &Path) -> bool {
    path.is_file()
        && path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// Records the first use of a rule id at `place`; a second use is a finding.
fn claim_id(
    id: String,
    place: &Place,
    first_use: &mut HashMap<String, Place>,
    cx: &mut ConfigCx,
) -> bool {
    if let Some(first) = first_use.get(&id) {
        let here = Place::new(place.file, place.span, "defined again here");
        let finding = Finding::error(
            INVALID_RULE,
            format!("rule id `{id}` is defined twice"),
            here,
        )
        .with_related(first.clone())
        .with_help("give each rule its own id, or remove one of the two");
        cx.findings.push(finding);
        return false;
    }
    let first = Place::new(place.file, place.span, "first defined here");
    first_use.insert(id, first);
    true
}

/// A rule as read: its id (kept even when the rest is invalid, so that a
/// duplicate id is still found) and the rule, when valid.
struct Parsed {
    id: Option<(String, Span)>,
    rule: Option<Rule>,
}

/// Where findings about rules go while they are read.
#[derive(Debug, Default)]
pub struct ConfigCx {
    pub file: FileId,
    pub findings: Vec<Finding>,
}

impl ConfigCx {
    /// Reports a problem at `span` of the current rules file.
    pub fn error(&mut self, span: Span, label: &str, message: String, help: impl Into<String>) {
        let place = Place::new(self.file, span, label);
        self.findings
            .push(Finding::error(INVALID_RULE, message, place).with_help(help));
    }
}

/// The rules of one file; problems go to `cx`.
fn rules_of_file(text: &str, cx: &mut ConfigCx) -> Vec<Parsed> {
    let document = match yaml::parse(text) {
        Ok(document) => document,
        Err(error) => {
            let place = Place::new(cx.file, error.span, error.label);
            let finding = Finding::error(ids::SYNTAX, error.message, place).with_help(error.help);
            cx.findings.push(finding);
            return Vec::new();
        }
    };
    for duplicate in &document.duplicate_keys {
        let message = format!("key `{}` is written twice", duplicate.key);
        cx.error(
            duplicate.duplicate,
            "written again here",
            message,
            "remove one of them",
        );
    }
    let Some(top) = Table::new(cx, &document.root, "a rules file", &["rules"]) else {
        return Vec::new();
    };
    let Some(items) = top.list(cx, "rules") else {
        return Vec::new();
    };
    items.iter().filter_map(|item| rule(item, cx)).collect()
}

/// One rule instance and its id.
fn rule(node: &Node, cx: &mut ConfigCx) -> Option<Parsed> {
    let table = Table::new(cx, node, "a rule", &[])?;
    let id = table
        .required_text(cx, "id")
        .map(|(id, span)| (id.to_owned(), span));
    let rule = valid_rule(node, &table, cx);
    Some(Parsed { id, rule })
}

/// The rule, or `None` (with findings) when it is invalid.
fn valid_rule(node: &Node, table: &Table<'_>, cx: &mut ConfigCx) -> Option<Rule> {
    let before = cx.findings.len();
    let id = table.get("id").and_then(|id| Some((id.as_str()?, id.span)));
    let kind = table
        .required_text(cx, "kind")
        .and_then(|kind| find_kind(kind, cx));
    let severity = table
        .required_text(cx, "severity")
        .and_then(|s| severity(s, cx));
    let description = table
        .text(cx, "description")
        .map(|(text, _)| text.to_owned());
    if let Some(id) = id {
        check_id(id, cx);
    }
    let kind = kind?;
    table.unknown_keys(cx, COMMON_OPTIONS, kind);
    let check = (kind.build)(table, cx);
    let (id, id_span) = id?;
    if cx.findings.len() > before {
        return None;
    }
    Some(Rule {
        id: id.to_owned(),
        kind,
        severity: match severity? {
            Level::On(severity) => Some(severity),
            Level::Off => None,
        },
        description,
        file: cx.file,
        span: node.extent(),
        id_span,
        check: check?,
    })
}

fn find_kind((name, span): (&str, Span), cx: &mut ConfigCx) -> Option<&'static KindInfo> {
    let names = KINDS.iter().map(|kind| kind.name);
    lookup(
        cx,
        name,
        span,
        KindInfo::find,
        names,
        ("rule kind", "kinds"),
    )
}

/// `find(name)`, or a finding at `span` suggesting one of `names`.
fn lookup<T>(
    cx: &mut ConfigCx,
    name: &str,
    span: Span,
    find: impl Fn(&str) -> Option<T>,
    names: impl Iterator<Item = &'static str> + Clone,
    (singular, plural): (&str, &str),
) -> Option<T> {
    let found = find(name);
    if found.is_none() {
        let message = format!("there is no {singular} `{name}`");
        let label = format!(
            "unknown {}",
            singular.rsplit(' ').next().unwrap_or(singular)
        );
        cx.error(span, &label, message, help_for(name, names, plural));
    }
    found
}

/// A rule's `severity:` value.
enum Level {
    On(Severity),
    Off,
}

fn severity((text, span): (&str, Span), cx: &mut ConfigCx) -> Option<Level> {
    match text {
        "error" => Some(Level::On(Severity::Error)),
        "warning" => Some(Level::On(Severity::Warning)),
        "info" => Some(Level::On(Severity::Info)),
        "off" => Some(Level::Off),
        _ => {
            let message = format!("`{text}` is not a severity");
            cx.error(
                span,
                "unknown severity",
                message,
                "write `error`, `warning`, `info` or `off`",
            );
            None
        }
    }
}

/// Rule ids are kebab-case names of the defect, not the loader's own ids.
fn check_id((id, span): (&str, Span), cx: &mut ConfigCx) {
    let kebab = id.split('-').all(|word| {
        !word.is_empty()
            && word
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    }) && id.starts_with(|c: char| c.is_ascii_lowercase());
    if !kebab {
        let message = format!("rule id `{id}` is not kebab-case");
        let help = "name the defect in lowercase words joined by hyphens, like `term-overlap`";
        cx.error(span, "not kebab-case", message, help);
    } else if RESERVED_IDS.contains(&id) {
        let message = format!("rule id `{id}` is reserved for recheck's own findings");
        cx.error(span, "reserved", message, "choose another id");
    }
}

/// A mapping in a rules file, read option by option; every getter reports
/// what is wrong with the value into the [`ConfigCx`] and gives `None`.
#[derive(Debug, Clone, Copy)]
pub struct Table<'a> {
    node: &'a Node,
    entries: &'a [Entry],
}

impl<'a> Table<'a> {
    /// `node` as a table; `known` lists its keys (empty: checked later with
    /// [`Table::unknown_keys`]).
    pub fn new(cx: &mut ConfigCx, node: &'a Node, what: &str, known: &[&str]) -> Option<Self> {
        let Some(entries) = node.as_map() else {
            let message = format!("{what} must be a mapping, found {}", node.kind_name());
            let help = if known.is_empty() {
                "write `key: value` lines".to_owned()
            } else {
                format!("write a mapping with: {}", known.join(", "))
            };
            cx.error(node.span, "expected a mapping", message, help);
            return None;
        };
        let table = Self { node, entries };
        if !known.is_empty() {
            table.report_unknown(cx, known);
        }
        Some(table)
    }

    /// Where the table starts, for "missing option" findings.
    pub fn span(&self) -> Span {
        self.node.span
    }

    /// Reports keys that are neither common options nor `kind`'s options.
    fn unknown_keys(&self, cx: &mut ConfigCx, common: &[&str], kind: &KindInfo) {
        let known: Vec<&str> = common.iter().chain(kind.options).copied().collect();
        self.report_unknown(cx, &known);
    }

    fn report_unknown(&self, cx: &mut ConfigCx, known: &[&str]) {
        for entry in self.entries {
            let key = entry.key.scalar_text().unwrap_or_default();
            if known.contains(&key.as_str()) {
                continue;
            }
            let help = help_for(&key, known.iter().copied(), "options here");
            cx.error(
                entry.key.span,
                "unknown option",
                format!("unknown option `{key}`"),
                help,
            );
        }
    }

    /// The value of `key`, unless absent or null.
    pub fn get(&self, key: &str) -> Option<&'a Node> {
        self.node
            .get(key)
            .filter(|value| value.value != Value::Null)
    }

    /// The value of `key`, reporting it when absent.
    pub fn required(&self, cx: &mut ConfigCx, key: &str) -> Option<&'a Node> {
        let value = self.get(key);
        if value.is_none() {
            let message = format!("missing option `{key}`");
            let help = format!("add `{key}:` to this mapping");
            cx.error(self.span(), "needs this option", message, help);
        }
        value
    }

    /// An optional text option.
    pub fn text(&self, cx: &mut ConfigCx, key: &str) -> Option<(&'a str, Span)> {
        self.get(key).and_then(|value| text_of(cx, key, value))
    }

    /// A required text option.
    pub fn required_text(&self, cx: &mut ConfigCx, key: &str) -> Option<(&'a str, Span)> {
        self.required(cx, key)
            .and_then(|value| text_of(cx, key, value))
    }

    /// An optional list of texts; a single text counts as a list of one.
    pub fn texts(&self, cx: &mut ConfigCx, key: &str) -> Option<Vec<(&'a str, Span)>> {
        let value = self.get(key)?;
        if value.as_str().is_some() {
            return text_of(cx, key, value).map(|text| vec![text]);
        }
        let items = list_of(cx, key, value)?;
        items.iter().map(|item| text_of(cx, key, item)).collect()
    }

    /// An optional `true` / `false` option.
    pub fn flag(&self, cx: &mut ConfigCx, key: &str) -> Option<bool> {
        let value = self.get(key)?;
        if let Value::Bool(flag) = value.value {
            return Some(flag);
        }
        let message = format!(
            "option `{key}` must be `true` or `false`, found {}",
            value.kind_name()
        );
        cx.error(
            value.span,
            "not a boolean",
            message,
            "write `true` or `false`",
        );
        None
    }

    /// A required list option; null or absent is reported.
    pub fn list(&self, cx: &mut ConfigCx, key: &str) -> Option<&'a [Node]> {
        match self.node.get(key) {
            Some(value) if value.value == Value::Null => Some(&[]),
            Some(value) => list_of(cx, key, value),
            None => self.required(cx, key).and(None),
        }
    }

    /// A required section name.
    pub fn section(&self, cx: &mut ConfigCx, key: &str) -> Option<Section> {
        let (name, span) = self.required_text(cx, key)?;
        section_named(cx, name, span)
    }

    /// An optional list of section names.
    pub fn sections(&self, cx: &mut ConfigCx, key: &str) -> Option<Vec<Section>> {
        let names = self.texts(cx, key)?;
        names
            .into_iter()
            .map(|(name, span)| section_named(cx, name, span))
            .collect()
    }

    /// A required field path, checked against `scope`.
    pub fn path(
        &self,
        cx: &mut ConfigCx,
        key: &str,
        scope: Scope,
        expect: Expect,
    ) -> Option<(FieldPath, &'static crate::model::schema::Shape)> {
        let (text, span) = self.required_text(cx, key)?;
        path_at(cx, text, span, scope, expect)
    }

    /// An optional field path.
    pub fn optional_path(
        &self,
        cx: &mut ConfigCx,
        key: &str,
        scope: Scope,
        expect: Expect,
    ) -> Option<(FieldPath, &'static crate::model::schema::Shape)> {
        let (text, span) = self.text(cx, key)?;
        path_at(cx, text, span, scope, expect)
    }

    /// An optional message template using only the `known` placeholders.
    pub fn template<S: AsRef<str>>(
        &self,
        cx: &mut ConfigCx,
        key: &str,
        known: &[S],
    ) -> Option<Template> {
        let (text, span) = self.text(cx, key)?;
        match Template::parse(text, |name| known.iter().any(|k| k.as_ref() == name)) {
            Ok(template) => Some(template),
            Err(why) => {
                let names: Vec<String> = known
                    .iter()
                    .map(|k| format!("{{{}}}", k.as_ref()))
                    .collect();
                let help = format!("the placeholders here are: {}", names.join(", "));
                cx.error(span, "bad template", format!("option `{key}`: {why}"), help);
                None
            }
        }
    }
}

/// Checks a field path written at `span`.
pub fn path_at(
    cx: &mut ConfigCx,
    text: &str,
    span: Span,
    scope: Scope,
    expect: Expect,
) -> Option<(FieldPath, &'static crate::model::schema::Shape)> {
    match FieldPath::parse(text, scope, expect) {
        Ok(found) => Some(found),
        Err(error) => {
            cx.error(span, "bad field path", error.message, error.help);
            None
        }
    }
}

fn text_of<'a>(cx: &mut ConfigCx, key: &str, value: &'a Node) -> Option<(&'a str, Span)> {
    if let Some(text) = value.as_str() {
        return Some((text, value.span));
    }
    let message = format!("option `{key}` must be text, found {}", value.kind_name());
    cx.error(value.span, "not text", message, "write a plain string");
    None
}

fn list_of<'a>(cx: &mut ConfigCx, key: &str, value: &'a Node) -> Option<&'a [Node]> {
    if let Some(items) = value.as_seq() {
        return Some(items);
    }
    let message = format!("option `{key}` must be a list, found {}", value.kind_name());
    cx.error(
        value.span,
        "not a list",
        message,
        "write `[a, b]` or one `- item` per line",
    );
    None
}

fn section_named(cx: &mut ConfigCx, name: &str, span: Span) -> Option<Section> {
    let names = SECTIONS.iter().map(|spec| spec.name);
    lookup(
        cx,
        name,
        span,
        Section::from_name,
        names,
        ("section", "sections"),
    )
}
