//! The `duplicate` kind: two records that are probably one person (or one
//! thing) recorded twice.

use std::collections::HashMap;
use std::hash::BuildHasher as _;

use rustc_hash::FxHashSet;

use crate::date::{DateOrder, PartialDate, Period, PeriodOverlap};
use crate::diag::{Finding, Place};
use crate::model::{Section, describe};
use crate::names::{KeyHashes, Matcher, words};
use crate::yaml::Node;

use super::config::{ConfigCx, Table};
use super::consistent_spelling::{BlockIndex, UnionFind, matcher};
use super::date_source::{Side, side};
use super::path::{Expect, FieldPath, Scope};
use super::{Check, Cx, declare_kind};

declare_kind! {
    /// ## What it checks
    /// That no two records of a `section` are probably one, recorded twice:
    /// - the same name, or a variant of it (`match`), and equal `same`
    ///   dates (birth dates);
    /// - or the same name, a `same` date missing on one of them, and
    ///   `evidence`: records that refer to each (memberships) in one
    ///   organization, whose periods never overlap, as when one person's
    ///   successive terms were recorded under a new id each time.
    ///
    /// Two records whose `same` dates definitely differ are never reported,
    /// and neither are namesakes with nothing else in common. Records that
    /// are duplicates of each other are reported together, once: three
    /// records of one person make one finding.
    ///
    /// Names are compared after transliteration, folding of accents and case
    /// (`AHMED DEMIR DOGAN` and `Ахмед Демир Доган` are the same name). Names
    /// are indexed by normalized keys, so the cost grows near-linearly with
    /// the number of records.
    ///
    /// ## Why
    /// A person split over several records loses half their history to
    /// every query: a search finds one term, a count of members counts them
    /// twice. Merged exports (EveryPolitician's Bulgarian National Assembly
    /// has about 227 such people) and hand-curated files alike collect them.
    ///
    /// ## Options
    /// - `section`: the records compared (persons).
    /// - `match`: `person-name` or `label`, how names are compared.
    /// - `name`: the field holding the name (`name`).
    /// - `same`: a date field that two records of one person share
    ///   (`birth_date`).
    /// - `evidence` (optional), for records lacking a `same` date:
    ///   `{section, link, same, start, end}`: records of `section` that
    ///   refer to the compared records through `link` (`person_id`), grouped
    ///   by `same` (`organization_id`), with periods from `start` to `end`
    ///   (each a date as the `order` kind reads it, such as `[start_date,
    ///   {via: legislative_period_id, field: start_date}]`).
    ///
    /// ## Example
    /// ```yaml
    /// - id: duplicate-person
    ///   kind: duplicate
    ///   severity: warning
    ///   section: persons
    ///   match: person-name
    ///   name: name
    ///   same: birth_date
    ///   evidence:
    ///     section: memberships
    ///     link: person_id
    ///     same: organization_id
    ///     start: start_date
    ///     end: end_date
    /// ```
    pub DUPLICATE = "duplicate",
    summary: "Two records that are probably one, recorded twice.",
    options: ["section", "match", "name", "same", "evidence"],
    build: build,
}

#[derive(Debug)]
struct Duplicate {
    section: Section,
    matcher: Matcher,
    name: FieldPath,
    same: FieldPath,
    evidence: Option<Evidence>,
}

/// Records that refer to the compared ones, and whose periods tell whether
/// two of these could be one.
#[derive(Debug)]
struct Evidence {
    section: Section,
    link: FieldPath,
    group: FieldPath,
    start: Side,
    end: Side,
}

fn build(table: &Table<'_>, cx: &mut ConfigCx) -> Option<Box<dyn Check>> {
    let matcher = matcher(table, cx);
    let section = table.section(cx, "section")?;
    let scope = Scope::Record(section);
    let name = table.path(cx, "name", scope, Expect::Text);
    let same = table.path(cx, "same", scope, Expect::Date);
    let evidence = match table.get("evidence") {
        Some(node) => Some(evidence(node, section, cx)?),
        None => None,
    };
    Some(Box::new(Duplicate {
        section,
        matcher: matcher?,
        name: name?.0,
        same: same?.0,
        evidence,
    }))
}

fn evidence(node: &Node, compared: Section, cx: &mut ConfigCx) -> Option<Evidence> {
    let known = ["section", "link", "same", "start", "end"];
    let table = Table::new(cx, node, "evidence", &known)?;
    let section = table.section(cx, "section")?;
    let scope = Scope::Record(section);
    let link = table.path(cx, "link", scope, Expect::Ref);
    if let Some((path, shape)) = &link
        && !FieldPath::targets(shape).contains(&compared)
    {
        let span = table.get("link").map_or(table.span(), |node| node.span);
        let message = format!("`{path}` does not refer to {}", compared.name());
        cx.error(span, "wrong link", message, "link to the compared records");
        return None;
    }
    let group = table.path(cx, "same", scope, Expect::Text);
    let start = table
        .required(cx, "start")
        .and_then(|n| side(n, section, cx));
    let end = table.required(cx, "end").and_then(|n| side(n, section, cx));
    Some(Evidence {
        section,
        link: link?.0,
        group: group?.0,
        start: start?,
        end: end?,
    })
}

/// One compared record: where it is, its name and its `same` date.
struct Candidate<'a> {
    at: usize,
    name: &'a Node,
    text: &'a str,
    /// A hash of the name's folded words, what "the same name" compares
    /// (a million names' words would take more memory than the records);
    /// equal hashes are confirmed on the words themselves. `None` for a
    /// name without words.
    folded: Option<u64>,
    /// The hashes of the name's blocking keys: two names that share none
    /// are not variants, which is cheaper to see than to compare them.
    keys: Box<[u64]>,
    date: Option<PartialDate>,
}

/// Why two records were judged one.
#[derive(Debug, Clone)]
enum Reason {
    SameDate(PartialDate),
    /// Their periods in this group (an organization id) never overlap.
    Successive(String),
}

impl Check for Duplicate {
    fn check(&self, cx: &Cx<'_>, out: &mut Vec<Finding>) {
        let candidates = self.candidates(cx);
        let same_names = if self.evidence.is_some() {
            groups_by(&candidates, |c| c.folded)
        } else {
            Vec::new()
        };
        // Periods only of records that share a name with another: reading
        // every membership's dates would cost more than the rest.
        let needed: FxHashSet<usize> = same_names
            .iter()
            .flatten()
            .map(|&i| candidates[i].at)
            .collect();
        let periods = match &self.evidence {
            Some(evidence) if !needed.is_empty() => evidence.periods(cx, self.section, &needed),
            _ => HashMap::new(),
        };
        let mut sets = UnionFind::new(candidates.len());
        let mut reasons: HashMap<usize, Reason> = HashMap::new();
        let mut join = |i: usize, j: usize| {
            if let Some(reason) = self.same_one(&candidates[i], &candidates[j], &periods) {
                sets.join(i, j);
                reasons.entry(i.min(j)).or_insert(reason);
            }
        };
        // Records with one `same` date, compared within each date: the
        // groups are small, so the cost grows with the number of records.
        for group in groups_by(&candidates, |c| c.date) {
            self.pairs_within(&candidates, &group, &mut join);
        }
        // Records with the same name, for the evidence of their periods.
        for group in &same_names {
            self.pairs_within(&candidates, group, &mut join);
        }
        for group in sets.groups() {
            let reason = group.iter().find_map(|i| reasons.get(i));
            let members: Vec<&Candidate<'_>> = group.iter().map(|&i| &candidates[i]).collect();
            out.push(self.finding(cx, &members, reason));
        }
    }
}

/// The positions of the candidates sharing a value of `key` (those without
/// one left out), for groups of two or more, in order. Sorting pairs of
/// (key hash, position) needs no list per key, which a million singletons
/// would cost.
fn groups_by<K: std::hash::Hash + Eq>(
    candidates: &[Candidate<'_>],
    key: impl Fn(&Candidate<'_>) -> Option<K>,
) -> Vec<Vec<usize>> {
    let hasher = rustc_hash::FxBuildHasher;
    let mut keyed: Vec<(u64, usize)> = candidates
        .iter()
        .enumerate()
        .filter_map(|(i, candidate)| Some((hasher.hash_one(key(candidate)?), i)))
        .collect();
    keyed.sort_unstable();
    let mut groups = Vec::new();
    for run in keyed
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|run| run.len() > 1)
    {
        // Equal hashes of different keys are split apart.
        let mut split: Vec<(K, Vec<usize>)> = Vec::new();
        for &(_, i) in run {
            let Some(k) = key(&candidates[i]) else {
                continue;
            };
            match split.iter_mut().find(|(other, _)| *other == k) {
                Some((_, members)) => members.push(i),
                None => split.push((k, vec![i])),
            }
        }
        groups.extend(split.into_iter().map(|(_, g)| g).filter(|g| g.len() > 1));
    }
    groups.sort_unstable();
    groups
}

/// A group larger than this is compared through a name index instead of
/// pair by pair.
const ALL_PAIRS: usize = 64;

impl Duplicate {
    /// Offers every pair of the group that may be one record to `join`.
    fn pairs_within(
        &self,
        candidates: &[Candidate<'_>],
        group: &[usize],
        join: &mut impl FnMut(usize, usize),
    ) {
        if group.len() <= ALL_PAIRS {
            for (n, &i) in group.iter().enumerate() {
                for &j in &group[n + 1..] {
                    join(i, j);
                }
            }
            return;
        }
        let index = BlockIndex::new(self.matcher, group.iter().map(|&i| candidates[i].text));
        for (n, &i) in group.iter().enumerate() {
            for m in index.candidates_of(n).filter(|&m| m > n) {
                join(i, group[m]);
            }
        }
    }
}

impl Duplicate {
    fn candidates<'a>(&self, cx: &Cx<'a>) -> Vec<Candidate<'a>> {
        let mut hashes = KeyHashes::default();
        let mut keys = Vec::new();
        let mut joined = String::new();
        cx.records
            .iter()
            .enumerate()
            .filter(|(_, record)| record.section == self.section)
            .filter_map(|(at, record)| {
                let name = self.name.first(&record.fields)?;
                let text = name.as_str()?;
                let date = self
                    .same
                    .first(&record.fields)
                    .and_then(Node::as_str)
                    .and_then(|d| PartialDate::parse(d).ok());
                keys.clear();
                hashes.hash_keys(self.matcher, text, true, &mut keys);
                Some(Candidate {
                    at,
                    name,
                    text,
                    folded: folded_hash(text, &mut joined),
                    keys: keys.as_slice().into(),
                    date,
                })
            })
            .collect()
    }

    /// Why `a` and `b` are one record written twice, if they are.
    fn same_one(
        &self,
        a: &Candidate<'_>,
        b: &Candidate<'_>,
        periods: &HashMap<usize, Vec<(String, Period)>>,
    ) -> Option<Reason> {
        let same_name =
            a.folded.is_some() && a.folded == b.folded && words(a.text) == words(b.text);
        match (a.date, b.date) {
            (Some(x), Some(y)) if x == y => {
                let variants = a.keys.iter().any(|key| b.keys.contains(key))
                    && self.matcher.are_variants(a.text, b.text);
                (same_name || variants).then_some(Reason::SameDate(x))
            }
            (Some(x), Some(y)) if matches!(x.compare(&y), DateOrder::Before | DateOrder::After) => {
                None
            }
            _ if same_name => successive(periods.get(&a.at)?, periods.get(&b.at)?),
            _ => None,
        }
    }
}

/// The hash of a name's folded words joined by spaces, if it has any;
/// `joined` is a buffer reused from one name to the next.
fn folded_hash(text: &str, joined: &mut String) -> Option<u64> {
    joined.clear();
    if text.is_ascii() {
        // The words as `words` makes them, without a string for each.
        let words = text
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty());
        for word in words {
            if !joined.is_empty() {
                joined.push(' ');
            }
            joined.extend(word.chars().map(|c| c.to_ascii_lowercase()));
        }
    } else {
        joined.push_str(&words(text).join(" "));
    }
    (!joined.is_empty()).then(|| rustc_hash::FxBuildHasher.hash_one(joined.as_str()))
}

/// The group both have periods in, when every period of one in it is apart
/// from every period of the other: one person's successive terms.
fn successive(a: &[(String, Period)], b: &[(String, Period)]) -> Option<Reason> {
    let shared: Vec<&str> = a
        .iter()
        .filter(|(group, _)| b.iter().any(|(other, _)| other == group))
        .map(|(group, _)| group.as_str())
        .collect();
    let first = *shared.first()?;
    let apart = shared.iter().all(|group| {
        let of = |side: &[(String, Period)]| {
            side.iter()
                .filter(|(g, _)| g == group)
                .map(|(_, p)| *p)
                .collect::<Vec<_>>()
        };
        let (mine, theirs) = (of(a), of(b));
        mine.iter().all(|p| {
            theirs
                .iter()
                .all(|q| p.overlap(q) == PeriodOverlap::Disjoint)
        })
    });
    apart.then(|| Reason::Successive(first.to_owned()))
}

impl Evidence {
    /// The periods of the records referring to each `needed` compared
    /// record, by the compared record's position: `(group, period)`.
    fn periods(
        &self,
        cx: &Cx<'_>,
        compared: Section,
        needed: &FxHashSet<usize>,
    ) -> HashMap<usize, Vec<(String, Period)>> {
        let mut periods: HashMap<usize, Vec<(String, Period)>> = HashMap::new();
        let needed_ids: FxHashSet<&str> =
            needed.iter().filter_map(|&at| cx.record(at).id()).collect();
        for (at, record) in cx.records.iter().enumerate() {
            if record.section != self.section {
                continue;
            }
            let Some(group) = self.group.first(&record.fields).and_then(Node::as_str) else {
                continue;
            };
            // A small set of ids is cheaper to look in than the whole index.
            let targets: Vec<usize> = self
                .link
                .values(&record.fields)
                .into_iter()
                .filter_map(|id| id.as_str())
                .filter(|id| needed_ids.contains(id))
                .filter_map(|id| cx.index.resolve(id, &[compared]))
                .filter(|target| needed.contains(target))
                .collect();
            if targets.is_empty() {
                continue;
            }
            let first_date = |side: &Side| side.dates(cx, at).first().map(|found| found.date);
            let period = Period {
                start: first_date(&self.start),
                end: first_date(&self.end),
            };
            for target in targets {
                periods
                    .entry(target)
                    .or_default()
                    .push((group.to_owned(), period));
            }
        }
        periods
    }
}

impl Duplicate {
    /// One finding for records that are one: at the first, the others
    /// related.
    fn finding(&self, cx: &Cx<'_>, members: &[&Candidate<'_>], reason: Option<&Reason>) -> Finding {
        let same = self.same.as_str();
        let label = |c: &Candidate<'_>| {
            let record = cx.record(c.at);
            // The label sits on the name, so the record goes by its id alone.
            let described = describe(record.section, record.id());
            let place = match c.date {
                Some(date) => format!("{described}, `{same}` {date}"),
                None => format!("{described}, no `{same}`"),
            };
            Place::new(record.file, c.name.span, place)
        };
        let mut spellings: Vec<Vec<String>> = members.iter().map(|c| words(c.text)).collect();
        spellings.sort();
        spellings.dedup();
        let name = match spellings.len() {
            1 => "the same name".to_owned(),
            n => format!("one name spelled {n} ways"),
        };
        let why = match reason {
            Some(Reason::SameDate(date)) => format!("{name} and the same `{same}` ({date})"),
            Some(Reason::Successive(group)) => format!(
                "{name}, no `{same}` on one, and periods in `{group}` that follow each other \
                 without overlapping"
            ),
            None => name,
        };
        let message = format!(
            "{} {} records look like one, `{}`: {why}",
            members.len(),
            self.section.singular(),
            members[0].text
        );
        let mut finding = cx.finding(message, label(members[0]));
        for other in &members[1..] {
            finding = finding.with_related(label(other));
        }
        finding.with_help(format!(
            "if they are one, merge them into one record (keeping other spellings in \
             `other_names`) and point every reference at its id; if not, correct the `{same}` \
             that is wrong, or record it"
        ))
    }
}
