//! The `consistent-spelling` kind: one name or title written one way.

use std::collections::HashSet;
use std::collections::hash_map::Entry;

use rustc_hash::FxHashMap;
use std::hash::Hash;

use crate::date::{DateOrder, PartialDate};
use crate::diag::{Finding, Identity, Place};
use crate::model::Section;
use crate::names::{KeyHashes, Matcher};
use crate::yaml::Node;

use super::config::{ConfigCx, Table, path_at};
use super::path::{Expect, FieldPath, Scope};
use super::{Check, Cx, declare_kind};

declare_kind! {
    /// ## What it checks
    /// That the values of chosen fields (person names, role titles, places)
    /// are spelled one way across the whole record set. With a `registry`
    /// (the persons and their declared `name` / `other_names`):
    /// - a mention linked to a registry record (an attendee with a
    ///   `person_id`) must use one of that record's declared names;
    /// - a registry record's name must not be a respelling of another
    ///   record's declared name (transliteration, accents, case,
    ///   punctuation, word order; a typo alone between two records is as
    ///   likely two people), unless the two are told apart by `distinct-by`
    ///   (birth dates that definitely differ);
    /// - an unlinked mention must not be a variant of a declared name;
    /// - two unlinked mentions must not be variants of each other.
    ///
    /// Without a registry, the mentions are compared with each other and
    /// every spelling but the most used one is reported.
    ///
    /// Identical values are never findings (namesakes exist). What counts as
    /// a variant depends on `match`: `person-name` knows transliteration
    /// (Cyrillic and Latin script, ай as ay/ai, -yev/-ev, kh/h, zh/j, w/v,
    /// doubled letters, diacritics, hyphens and spaces) and treats different
    /// given names as different people; `label` ignores case, spaces,
    /// hyphens and punctuation and allows one small typo in a long title, but
    /// titles that differ by a word are different titles. Values are indexed
    /// by normalized keys, so the cost grows near-linearly with their number.
    ///
    /// ## Why
    /// Transcribing from several articles spreads one name over several
    /// spellings (`Sarybai` / `Sarybay`). Searches, joins and counts then
    /// treat one person or one office as two. Declaring the variant keeps the
    /// article's spelling and the identity together.
    ///
    /// ## Options
    /// - `match`: `person-name` or `label`.
    /// - `what` (optional): what the values are, for messages (`name`,
    ///   `role`; default `name` or `value`).
    /// - `registry` (optional): `{section, names, distinct-by}`: the records
    ///   that declare names; `names` are paths to their names, the first
    ///   being the main one (`[name, other_names[].name]`); `distinct-by`
    ///   (optional) a date field that tells two records apart when it
    ///   definitely differs (`birth_date`); `skip-equal: true` (optional)
    ///   also leaves out two records whose `distinct-by` dates are equal,
    ///   which are one record written twice: a `duplicate` rule reports
    ///   them.
    /// - `mentions`: where the values are used, each `{section, each, value,
    ///   link}`: `each` (optional) a list of entries to go through
    ///   (`attendees[]`), `value` the text field (of the entry, or of the
    ///   record), `link` (optional, with a registry) the reference to the
    ///   registry record.
    ///
    /// ## Example
    /// ```yaml
    /// - id: name-spelling
    ///   kind: consistent-spelling
    ///   severity: error
    ///   match: person-name
    ///   registry:
    ///     section: persons
    ///     names: [name, "other_names[].name"]
    ///     distinct-by: birth_date
    ///   mentions:
    ///     - section: events
    ///       each: attendees[]
    ///       value: name
    ///       link: person_id
    /// - id: location-spelling
    ///   kind: consistent-spelling
    ///   severity: warning
    ///   match: label
    ///   what: location
    ///   mentions:
    ///     - section: events
    ///       value: location
    /// ```
    pub CONSISTENT_SPELLING = "consistent-spelling",
    summary: "One name or title spelled in several ways.",
    options: ["match", "what", "registry", "mentions"],
    build: build,
}

/// How many places of the preferred spelling a finding labels.
const PREFERRED_PLACES: usize = 3;

#[derive(Debug)]
struct ConsistentSpelling {
    matcher: Matcher,
    what: String,
    registry: Option<Registry>,
    mentions: Vec<MentionSpec>,
}

#[derive(Debug)]
struct Registry {
    section: Section,
    names: Vec<FieldPath>,
    distinct_by: Option<FieldPath>,
    /// Two records with equal `distinct-by` dates are not compared: they are
    /// one record written twice, which a duplicate rule reports.
    skip_equal: bool,
}

#[derive(Debug)]
struct MentionSpec {
    section: Section,
    each: Option<FieldPath>,
    value: FieldPath,
    link: Option<(FieldPath, &'static [Section])>,
}

fn build(table: &Table<'_>, cx: &mut ConfigCx) -> Option<Box<dyn Check>> {
    let matcher = matcher(table, cx);
    let registry = match table.get("registry") {
        Some(node) => Some(registry(node, cx)?),
        None => None,
    };
    let items = table.list(cx, "mentions")?;
    let mentions: Vec<Option<MentionSpec>> = items
        .iter()
        .map(|item| mention(item, registry.as_ref(), cx))
        .collect();
    let matcher = matcher?;
    let default_what = if matcher == Matcher::PersonName {
        "name"
    } else {
        "value"
    };
    let what = table
        .text(cx, "what")
        .map_or(default_what, |(what, _)| what);
    Some(Box::new(ConsistentSpelling {
        matcher,
        what: what.to_owned(),
        registry,
        mentions: mentions.into_iter().collect::<Option<Vec<_>>>()?,
    }))
}

pub(super) fn matcher(table: &Table<'_>, cx: &mut ConfigCx) -> Option<Matcher> {
    let (name, span) = table.required_text(cx, "match")?;
    match name {
        "person-name" => Some(Matcher::PersonName),
        "label" => Some(Matcher::Label),
        _ => {
            let message = format!("there is no matcher `{name}`");
            cx.error(
                span,
                "unknown matcher",
                message,
                "write `person-name` or `label`",
            );
            None
        }
    }
}

fn registry(node: &Node, cx: &mut ConfigCx) -> Option<Registry> {
    let known = ["section", "names", "distinct-by", "skip-equal"];
    let table = Table::new(cx, node, "a registry", &known)?;
    let section = table.section(cx, "section")?;
    let scope = Scope::Record(section);
    let Some(texts) = table.texts(cx, "names") else {
        table.required(cx, "names");
        return None;
    };
    let names: Vec<Option<FieldPath>> = texts
        .into_iter()
        .map(|(text, span)| path_at(cx, text, span, scope, Expect::Text).map(|(path, _)| path))
        .collect();
    let distinct_by = table.optional_path(cx, "distinct-by", scope, Expect::Date);
    let skip_equal = table.flag(cx, "skip-equal").unwrap_or(false);
    if skip_equal && distinct_by.is_none() {
        let span = table
            .get("skip-equal")
            .map_or(table.span(), |node| node.span);
        cx.error(
            span,
            "needs `distinct-by`",
            "`skip-equal` compares the `distinct-by` dates, and there is none".to_owned(),
            "add `distinct-by: birth_date`, or remove `skip-equal`",
        );
    }
    Some(Registry {
        section,
        names: names.into_iter().collect::<Option<Vec<_>>>()?,
        distinct_by: distinct_by.map(|(path, _)| path),
        skip_equal,
    })
}

fn mention(node: &Node, registry: Option<&Registry>, cx: &mut ConfigCx) -> Option<MentionSpec> {
    let known = ["section", "each", "value", "link"];
    let table = Table::new(cx, node, "a mention", &known)?;
    let section = table.section(cx, "section")?;
    let mut scope = Scope::Record(section);
    let each = match table.optional_path(cx, "each", scope, Expect::Entries) {
        Some((path, shape)) => {
            scope = FieldPath::entry_scope(shape).unwrap_or(scope);
            Some(path)
        }
        None if table.get("each").is_some() => return None,
        None => None,
    };
    let (value, _) = table.path(cx, "value", scope, Expect::Text)?;
    let link = match table.optional_path(cx, "link", scope, Expect::Ref) {
        Some((path, shape)) => Some(link(path, shape, registry, &table, cx)?),
        None if table.get("link").is_some() => return None,
        None => None,
    };
    Some(MentionSpec {
        section,
        each,
        value,
        link,
    })
}

fn link(
    path: FieldPath,
    shape: &'static crate::model::schema::Shape,
    registry: Option<&Registry>,
    table: &Table<'_>,
    cx: &mut ConfigCx,
) -> Option<(FieldPath, &'static [Section])> {
    let targets = FieldPath::targets(shape);
    let span = table.get("link").map_or(table.span(), |node| node.span);
    match registry {
        Some(registry) if targets.contains(&registry.section) => Some((path, targets)),
        Some(registry) => {
            let message = format!("`{path}` does not refer to {}", registry.section.name());
            cx.error(
                span,
                "wrong link",
                message,
                "link to the registry's records",
            );
            None
        }
        None => {
            let message = "`link` needs a `registry` to link to".to_owned();
            cx.error(
                span,
                "no registry",
                message,
                "add a `registry`, or remove `link`",
            );
            None
        }
    }
}

/// A declared name of a registry record.
#[derive(Debug, Clone, Copy)]
struct Declared<'a> {
    text: &'a str,
    node: &'a Node,
    at: usize,
    main: bool,
}

/// One use of a value.
#[derive(Debug, Clone, Copy)]
struct Mention<'a> {
    text: &'a str,
    node: &'a Node,
    at: usize,
    link: Link,
}

/// Whether a mention names the registry record it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Link {
    Unlinked,
    /// A link naming no registry record (the `reference` rules report it).
    Dangling,
    To(usize),
}

impl Check for ConsistentSpelling {
    fn check(&self, cx: &Cx<'_>, out: &mut Vec<Finding>) {
        let mentions = self.mentions(cx);
        let Some(registry) = &self.registry else {
            self.cluster(cx, &mentions, out);
            return;
        };
        let declared = registry.declared(cx);
        let names_of = names_by_record(&declared);
        self.linked(cx, registry, &mentions, &names_of, out);
        self.registry_variants(cx, registry, &declared, &names_of, out);
        let unmatched = self.unlinked(cx, registry, &mentions, &declared, out);
        self.cluster(cx, &unmatched, out);
    }
}

impl Registry {
    fn declared<'a>(&self, cx: &Cx<'a>) -> Vec<Declared<'a>> {
        let mut declared = Vec::new();
        for (at, record) in cx.records.iter().enumerate() {
            if record.section != self.section {
                continue;
            }
            for (which, path) in self.names.iter().enumerate() {
                for node in path.values(&record.fields) {
                    if let Some(text) = node.as_str() {
                        let main = which == 0;
                        declared.push(Declared {
                            text,
                            node,
                            at,
                            main,
                        });
                    }
                }
            }
        }
        declared
    }

    /// Whether two records are not compared: their `distinct-by` dates
    /// definitely differ, or are equal under `skip-equal`.
    fn not_compared(&self, cx: &Cx<'_>, a: usize, b: usize) -> bool {
        let Some(path) = &self.distinct_by else {
            return false;
        };
        let date = |at: usize| {
            let node = path.first(&cx.record(at).fields)?;
            PartialDate::parse(node.as_str()?).ok()
        };
        match (date(a), date(b)) {
            (Some(a), Some(b)) => {
                matches!(a.compare(&b), DateOrder::Before | DateOrder::After)
                    || (self.skip_equal && a == b)
            }
            _ => false,
        }
    }

    /// "`other_names`", where a variant is declared.
    fn variants_field(&self) -> String {
        let path = self.names.get(1).or(self.names.first());
        let text = path.map_or("name", FieldPath::as_str);
        text.split(['[', '.']).next().unwrap_or(text).to_owned()
    }
}

/// The declared names of each registry record, as slices of the declared
/// names (which come in record order), without a list per record.
struct NamesOf<'d, 'a> {
    declared: &'d [Declared<'a>],
    /// Record position → start and end in `declared`.
    ranges: FxHashMap<usize, (usize, usize)>,
}

impl<'d, 'a> NamesOf<'d, 'a> {
    fn get(&self, at: usize) -> &'d [Declared<'a>] {
        self.ranges
            .get(&at)
            .map_or(&[], |&(start, end)| &self.declared[start..end])
    }
}

fn names_by_record<'d, 'a>(declared: &'d [Declared<'a>]) -> NamesOf<'d, 'a> {
    let mut ranges: FxHashMap<usize, (usize, usize)> =
        FxHashMap::with_capacity_and_hasher(declared.len(), rustc_hash::FxBuildHasher);
    for (i, name) in declared.iter().enumerate() {
        ranges
            .entry(name.at)
            .and_modify(|range| range.1 = i + 1)
            .or_insert((i, i + 1));
    }
    NamesOf { declared, ranges }
}

impl ConsistentSpelling {
    fn mentions<'a>(&self, cx: &Cx<'a>) -> Vec<Mention<'a>> {
        let mut mentions = Vec::new();
        for (at, record) in cx.records.iter().enumerate() {
            for spec in self.mentions.iter().filter(|s| s.section == record.section) {
                match &spec.each {
                    Some(each) => each.for_each(&record.fields, &mut |item| {
                        mentions.extend(spec.mention(cx, at, item));
                    }),
                    None => mentions.extend(spec.mention(cx, at, &record.fields)),
                }
            }
        }
        mentions
    }

    /// Linked mentions must use a declared name of the record they link to.
    fn linked(
        &self,
        cx: &Cx<'_>,
        registry: &Registry,
        mentions: &[Mention<'_>],
        names_of: &NamesOf<'_, '_>,
        out: &mut Vec<Finding>,
    ) {
        let wrong = group_in_order(mentions.iter().filter_map(|mention| {
            let Link::To(target) = mention.link else {
                return None;
            };
            let declared = names_of
                .get(target)
                .iter()
                .any(|name| name.text == mention.text);
            (!declared).then_some(((target, mention.text), *mention))
        }));
        for ((target, text), uses) in wrong {
            let names = names_of.get(target);
            out.extend(self.not_declared(cx, registry, target, text, names, &uses));
        }
    }

    fn not_declared(
        &self,
        cx: &Cx<'_>,
        registry: &Registry,
        target: usize,
        text: &str,
        names: &[Declared<'_>],
        uses: &[Mention<'_>],
    ) -> Option<Finding> {
        let record = cx.record(target);
        let main = names.iter().find(|name| name.main).or(names.first());
        let spelled = main.map_or(String::new(), |name| {
            format!(", spelled `{}` there", name.text)
        });
        let message = format!(
            "{} `{text}` is not a declared name of {}{spelled}",
            self.what,
            record.describe()
        );
        let field = registry.variants_field();
        let help = match main {
            Some(name) if self.matcher.are_variants(text, name.text) => format!(
                "if both spellings are right, add `{text}` to `{field}` of {}; otherwise write `{}`",
                record.describe(),
                name.text
            ),
            _ => format!(
                "link the right record, or add `{text}` to `{field}` of {}",
                record.describe()
            ),
        };
        let mut finding = at_uses(cx, message, uses, "not a declared name")?;
        if let Some(name) = main {
            let label = format!("{} declared here", record.describe());
            finding = finding.with_related(Place::new(record.file, name.node.span, label));
        }
        Some(finding.with_help(help))
    }

    /// A registry record's main name must not be a variant of another
    /// record's declared name.
    fn registry_variants(
        &self,
        cx: &Cx<'_>,
        registry: &Registry,
        declared: &[Declared<'_>],
        names_of: &NamesOf<'_, '_>,
        out: &mut Vec<Finding>,
    ) {
        let index = BlockIndex::respellings(self.matcher, declared.iter().map(|d| d.text));
        let mut reported = HashSet::new();
        // Later records first, so a pair is reported at the record added last.
        for (at, name) in declared.iter().enumerate().rev().filter(|(_, n)| n.main) {
            let own = names_of.get(name.at);
            for other in index.candidates_of(at).map(|i| &declared[i]) {
                let pair = (name.at.min(other.at), name.at.max(other.at));
                let variant = other.at != name.at
                    && other.text != name.text
                    && !own.iter().any(|mine| mine.text == other.text)
                    && self.matcher.are_respellings(name.text, other.text)
                    && !registry.not_compared(cx, name.at, other.at);
                if variant && reported.insert(pair) {
                    out.push(two_records(cx, registry, name, other));
                }
            }
        }
    }
}

fn two_records(
    cx: &Cx<'_>,
    registry: &Registry,
    name: &Declared<'_>,
    other: &Declared<'_>,
) -> Finding {
    let (record, other_record) = (cx.record(name.at), cx.record(other.at));
    let message = format!(
        "{} is named `{}`, a spelling variant of `{}` of {}",
        record.describe(),
        name.text,
        other.text,
        other_record.describe()
    );
    let primary = Place::new(record.file, name.node.span, "this spelling");
    let related = Place::new(
        other_record.file,
        other.node.span,
        format!("{} spelled here", other_record.describe()),
    );
    let tell_apart = registry.distinct_by.as_ref().map_or_else(
        || "rename one of them".to_owned(),
        |path| format!("record their `{path}`"),
    );
    let help = format!(
        "if they are one person, merge the records and keep `{}` in `{}`; if they are \
             different, {tell_apart}",
        name.text,
        registry.variants_field()
    );
    cx.finding(message, primary)
        .with_related(related)
        .with_help(help)
}

impl ConsistentSpelling {
    /// Unlinked mentions that are variants of a declared name are reported;
    /// those matching no declared name are returned for clustering.
    fn unlinked<'a>(
        &self,
        cx: &Cx<'_>,
        registry: &Registry,
        mentions: &[Mention<'a>],
        declared: &[Declared<'_>],
        out: &mut Vec<Finding>,
    ) -> Vec<Mention<'a>> {
        if !mentions.iter().any(|m| m.link == Link::Unlinked) {
            return Vec::new();
        }
        let exact: HashSet<&str> = declared.iter().map(|d| d.text).collect();
        let undeclared = group_in_order(
            mentions
                .iter()
                .filter(|m| m.link == Link::Unlinked && !exact.contains(m.text))
                .map(|m| (m.text, *m)),
        );
        if undeclared.is_empty() {
            return Vec::new();
        }
        let index = BlockIndex::new(self.matcher, declared.iter().map(|d| d.text));
        let mut unmatched = Vec::new();
        for (text, uses) in undeclared {
            // Prefer a main name, then the record read first.
            let close = index
                .candidates(text)
                .filter(|&i| self.matcher.are_variants(text, declared[i].text))
                .min_by_key(|&i| (!declared[i].main, declared[i].at));
            match close {
                Some(name) => {
                    out.extend(self.variant_of_declared(
                        cx,
                        registry,
                        text,
                        &declared[name],
                        &uses,
                    ));
                }
                None => unmatched.extend(uses),
            }
        }
        unmatched
    }

    fn variant_of_declared(
        &self,
        cx: &Cx<'_>,
        registry: &Registry,
        text: &str,
        name: &Declared<'_>,
        uses: &[Mention<'_>],
    ) -> Option<Finding> {
        let record = cx.record(name.at);
        let message = format!(
            "{} `{text}` looks like a spelling variant of `{}`, a name of {}",
            self.what,
            name.text,
            record.describe()
        );
        let link = self
            .mentions
            .iter()
            .find_map(|spec| spec.link.as_ref())
            .map_or_else(String::new, |(path, _)| {
                format!("link it (`{path}: {}`) and ", record.id().unwrap_or("…"))
            });
        let help = format!(
            "if it is the same, {link}add `{text}` to `{}` of {}; otherwise write `{}`",
            registry.variants_field(),
            record.describe(),
            name.text
        );
        let label = format!("{} declared here", record.describe());
        let finding = at_uses(cx, message, uses, "this spelling")?;
        Some(
            finding
                .with_related(Place::new(record.file, name.node.span, label))
                .with_help(help),
        )
    }

    /// Groups mentions into variant clusters and reports every spelling but
    /// the most used one.
    fn cluster(&self, cx: &Cx<'_>, mentions: &[Mention<'_>], out: &mut Vec<Finding>) {
        let spellings = Spellings::of(mentions);
        let index = BlockIndex::new(self.matcher, spellings.texts.iter().copied());
        let mut sets = UnionFind::new(spellings.texts.len());
        for (i, text) in spellings.texts.iter().enumerate() {
            for j in index.candidates_of(i).filter(|&j| j > i) {
                if self.matcher.are_variants(text, spellings.texts[j]) {
                    sets.join(i, j);
                }
            }
        }
        for members in sets.groups() {
            let preferred = spellings.preferred(&members);
            for &member in members.iter().filter(|&&m| m != preferred) {
                out.extend(self.minority(cx, &spellings, member, preferred));
            }
        }
    }

    fn minority(
        &self,
        cx: &Cx<'_>,
        spellings: &Spellings<'_, '_>,
        member: usize,
        preferred: usize,
    ) -> Option<Finding> {
        let (text, best) = (spellings.texts[member], spellings.texts[preferred]);
        let best_uses = spellings.uses_of(preferred);
        let message = format!(
            "`{text}` and `{best}` look like one {} spelled two ways",
            self.what
        );
        let help = if best_uses.len() > spellings.uses[member].len() {
            format!(
                "write `{best}`, the spelling used {} times",
                best_uses.len()
            )
        } else {
            "pick one spelling and use it everywhere".to_owned()
        };
        let mut finding = at_uses(cx, message, &spellings.uses_of(member), "this spelling")?;
        for mention in best_uses.iter().take(PREFERRED_PLACES) {
            let file = cx.record(mention.at).file;
            let label = format!("`{best}` here");
            finding = finding.with_related(Place::new(file, mention.node.span, label));
        }
        Some(finding.with_help(help))
    }
}

/// A finding at the first use, with the other uses labelled; `None` without
/// uses.
fn at_uses(cx: &Cx<'_>, message: String, uses: &[Mention<'_>], label: &str) -> Option<Finding> {
    let place = |mention: &Mention<'_>, label: &str| {
        Place::new(cx.record(mention.at).file, mention.node.span, label)
    };
    let (first, rest) = uses.split_first()?;
    let mut finding = cx.finding(message, place(first, label));
    finding.identity = Identity::Values;
    for mention in rest {
        finding = finding.with_related(place(mention, "also here"));
    }
    Some(finding)
}

impl MentionSpec {
    fn mention<'a>(&self, cx: &Cx<'a>, at: usize, item: &'a Node) -> Option<Mention<'a>> {
        let node = self.value.first(item)?;
        let text = node.as_str()?;
        let id = self
            .link
            .as_ref()
            .and_then(|(path, targets)| Some((path.first(item)?.as_str()?, targets)));
        let link = match id {
            None => Link::Unlinked,
            Some((id, targets)) => cx
                .index
                .resolve(id, targets)
                .map_or(Link::Dangling, Link::To),
        };
        Some(Mention {
            text,
            node,
            at,
            link,
        })
    }
}

/// Values grouped by key, keys in order of first appearance.
fn group_in_order<K: Eq + Hash + Copy, V>(
    pairs: impl IntoIterator<Item = (K, V)>,
) -> Vec<(K, Vec<V>)> {
    let mut groups: Vec<(K, Vec<V>)> = Vec::new();
    let mut position: FxHashMap<K, usize> = FxHashMap::default();
    for (key, value) in pairs {
        let slot = *position.entry(key).or_insert_with(|| {
            groups.push((key, Vec::new()));
            groups.len() - 1
        });
        groups[slot].1.push(value);
    }
    groups
}

/// Distinct spellings in first-use order, with their uses (as positions in
/// the mentions: a title used 100,000 times is not copied 100,000 times).
struct Spellings<'a, 'm> {
    mentions: &'m [Mention<'a>],
    texts: Vec<&'a str>,
    uses: Vec<Vec<u32>>,
}

impl<'a, 'm> Spellings<'a, 'm> {
    fn of(mentions: &'m [Mention<'a>]) -> Self {
        let positions = mentions
            .iter()
            .enumerate()
            .map(|(i, m)| (m.text, u32::try_from(i).unwrap_or(u32::MAX)));
        let (texts, uses) = group_in_order(positions).into_iter().unzip();
        Self {
            mentions,
            texts,
            uses,
        }
    }

    /// The uses of spelling `i`.
    fn uses_of(&self, i: usize) -> Vec<Mention<'a>> {
        self.uses[i]
            .iter()
            .map(|&at| self.mentions[at as usize])
            .collect()
    }

    /// The most used spelling of a group; the first used on a tie.
    fn preferred(&self, members: &[usize]) -> usize {
        members
            .iter()
            .copied()
            .max_by_key(|&m| (self.uses[m].len(), std::cmp::Reverse(m)))
            .unwrap_or(0)
    }
}

/// Values by blocking key: only values sharing a key are compared.
///
/// Keys are kept as 64-bit hashes: a collision only adds a candidate, which
/// the comparison then rejects. Each value's keys are computed once.
pub(super) struct BlockIndex {
    matcher: Matcher,
    /// Which keys: all of [`Matcher::blocking_keys`], or only
    /// [`Matcher::respelling_keys`].
    respellings: bool,
    /// The key hashes of every value, one value after another.
    keys: Vec<u64>,
    /// Where each value's keys end in `keys`.
    key_ends: Vec<usize>,
    /// Per key: the one value with it, or with [`SHARED`] set, the index in
    /// `shared` of the values with it. Most keys belong to one value only,
    /// which then needs no list.
    by_key: FxHashMap<u64, u32>,
    shared: Vec<Vec<u32>>,
}

/// The bit of a `by_key` value saying it indexes `shared`.
const SHARED: u32 = 1 << 31;

/// A blocking key shared by more values than this is dropped, as a search
/// engine drops stop words: it tells nothing (20,000 single-word names that
/// begin with `p` and end in a digit), and comparing all its values pairwise
/// would make the rule quadratic. Variants still meet through their other
/// keys.
const MAX_BLOCK: usize = 500;

impl BlockIndex {
    /// An index for [`Matcher::are_variants`].
    pub(super) fn new<'a>(matcher: Matcher, texts: impl Iterator<Item = &'a str>) -> Self {
        Self::build(matcher, false, texts)
    }

    /// An index for [`Matcher::are_respellings`], whose keys are fewer and
    /// exact: its blocks hold respellings only.
    pub(super) fn respellings<'a>(matcher: Matcher, texts: impl Iterator<Item = &'a str>) -> Self {
        Self::build(matcher, true, texts)
    }

    fn build<'a>(
        matcher: Matcher,
        respellings: bool,
        texts: impl Iterator<Item = &'a str>,
    ) -> Self {
        let mut index = Self {
            matcher,
            respellings,
            keys: Vec::new(),
            key_ends: Vec::new(),
            by_key: FxHashMap::default(),
            shared: Vec::new(),
        };
        let mut hashes = KeyHashes::default();
        let mut keys = Vec::new();
        for (i, text) in texts.enumerate() {
            keys.clear();
            hashes.hash_keys(matcher, text, !respellings, &mut keys);
            let i = u32::try_from(i).unwrap_or(u32::MAX) & !SHARED;
            for &key in &keys {
                index.add(key, i);
            }
            index.keys.extend_from_slice(&keys);
            index.key_ends.push(index.keys.len());
        }
        // Blocks too large to compare pairwise are dropped.
        for block in &mut index.shared {
            if block.len() > MAX_BLOCK {
                *block = Vec::new();
            }
        }
        index
    }

    fn add(&mut self, key: u64, i: u32) {
        match self.by_key.entry(key) {
            Entry::Vacant(slot) => {
                slot.insert(i);
            }
            Entry::Occupied(mut slot) => {
                let value = *slot.get();
                if value & SHARED != 0 {
                    let block = &mut self.shared[(value & !SHARED) as usize];
                    if block.last() != Some(&i) {
                        block.push(i);
                    }
                } else if value != i {
                    let at = u32::try_from(self.shared.len()).unwrap_or(u32::MAX);
                    self.shared.push(vec![value, i]);
                    *slot.get_mut() = at | SHARED;
                }
            }
        }
    }

    /// The values with one key.
    fn block(&self, key: u64) -> &[u32] {
        match self.by_key.get(&key) {
            Some(value) if value & SHARED != 0 => &self.shared[(value & !SHARED) as usize],
            Some(one) => std::slice::from_ref(one),
            None => &[],
        }
    }

    fn key_hashes(&self, text: &str) -> Vec<u64> {
        let mut keys = Vec::new();
        KeyHashes::default().hash_keys(self.matcher, text, !self.respellings, &mut keys);
        keys
    }

    /// The values sharing a key with `text`, each once.
    pub(super) fn candidates(&self, text: &str) -> impl Iterator<Item = usize> + '_ {
        self.sharing(&self.key_hashes(text)).into_iter()
    }

    /// The values sharing a key with the `i`th value, itself included.
    pub(super) fn candidates_of(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let keys = match self.key_ends.get(i) {
            Some(&end) => {
                let start = if i == 0 { 0 } else { self.key_ends[i - 1] };
                &self.keys[start..end]
            }
            None => &[],
        };
        self.sharing(keys).into_iter()
    }

    fn sharing(&self, keys: &[u64]) -> Vec<usize> {
        let mut found: Vec<usize> = Vec::new();
        for key in keys {
            for &i in self.block(*key) {
                let i = i as usize;
                if !found.contains(&i) {
                    found.push(i);
                }
            }
        }
        found
    }
}

/// Disjoint sets of values joined by a relation (spellings that are
/// variants, records that are duplicates).
pub(super) struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    pub(super) fn new(n: usize) -> Self {
        Self {
            parent: (0..n).collect(),
        }
    }

    pub(super) fn root(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    pub(super) fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.root(a), self.root(b));
        if a != b {
            self.parent[a.max(b)] = a.min(b);
        }
    }

    /// The sets of more than one value, each in ascending order, ordered by
    /// their first member. Values never joined make no list at all.
    pub(super) fn groups(&mut self) -> Vec<Vec<usize>> {
        let roots: Vec<usize> = (0..self.parent.len()).map(|i| self.root(i)).collect();
        let mut sizes = vec![0_u32; roots.len()];
        for &root in &roots {
            sizes[root] += 1;
        }
        let mut by_root: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
        for (i, &root) in roots.iter().enumerate() {
            if sizes[root] > 1 {
                by_root.entry(root).or_default().push(i);
            }
        }
        let mut groups: Vec<Vec<usize>> = by_root.into_values().collect();
        groups.sort_by_key(|group| group.first().copied());
        groups
    }
}
