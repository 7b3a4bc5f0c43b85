//! The `unique` kind: a value that must not repeat across the record set.

use rustc_hash::FxHashMap;

use crate::diag::{Finding, Place};
use crate::model::schema::SECTIONS;
use crate::model::{Section, with_article};
use crate::yaml::Node;

use super::config::{ConfigCx, Table};
use super::path::{Expect, FieldPath, Scope};
use super::{Check, Cx, declare_kind};

declare_kind! {
    /// ## What it checks
    /// That no two records share a value of one field, across every file and
    /// section: by default their `id`.
    ///
    /// ## Why
    /// Every reference is an id. When two records share one, a reference to
    /// it silently means whichever record happens to be found first, and
    /// every check built on references becomes unreliable.
    ///
    /// ## Options
    /// - `sections`: the sections whose records are compared (default: all).
    /// - `field`: the field whose values must be unique (default: `id`). It
    ///   must exist in each of the sections.
    ///
    /// Each repeated value is reported at its second (third, ...) place, with
    /// the first place labelled.
    ///
    /// ## Example
    /// ```yaml
    /// - id: duplicate-id
    ///   kind: unique
    ///   severity: error
    /// - id: duplicate-source-url
    ///   kind: unique
    ///   severity: warning
    ///   sections: [sources]
    ///   field: url
    /// ```
    pub UNIQUE = "unique",
    summary: "A value (by default the id) used by two records.",
    options: ["sections", "field"],
    build: build,
}

#[derive(Debug)]
struct Unique {
    sections: Vec<Section>,
    /// One path per section, in the order of `sections`.
    paths: Vec<FieldPath>,
    field: String,
}

fn build(table: &Table<'_>, cx: &mut ConfigCx) -> Option<Box<dyn Check>> {
    let sections = table
        .sections(cx, "sections")
        .unwrap_or_else(|| SECTIONS.iter().map(|spec| spec.section).collect());
    let (field, span) = table.text(cx, "field").unwrap_or(("id", table.span()));
    let mut paths = Vec::new();
    for &section in &sections {
        let (path, _) =
            super::config::path_at(cx, field, span, Scope::Record(section), Expect::Text)?;
        paths.push(path);
    }
    Some(Box::new(Unique {
        sections,
        paths,
        field: field.to_owned(),
    }))
}

impl Check for Unique {
    fn check(&self, cx: &Cx<'_>, out: &mut Vec<Finding>) {
        if self.field == "id" {
            self.repeated_ids(cx, out);
        } else {
            self.repeated_values(cx, out);
        }
    }
}

impl Unique {
    /// Ids: the index already knows which repeat, so a million records cost
    /// nothing more here.
    fn repeated_ids(&self, cx: &Cx<'_>, out: &mut Vec<Finding>) {
        for (id, positions) in cx.index.repeated_ids() {
            let mut places = positions.iter().filter_map(|&at| {
                let record = cx.record(at);
                let which = self.sections.iter().position(|s| *s == record.section)?;
                Some((at, self.paths[which].first(&record.fields)?))
            });
            let Some(first) = places.next() else { continue };
            for again in places {
                out.push(self.repeated(cx, id, first, again));
            }
        }
    }

    fn repeated_values(&self, cx: &Cx<'_>, out: &mut Vec<Finding>) {
        let mut first: FxHashMap<&str, (usize, &Node)> =
            FxHashMap::with_capacity_and_hasher(cx.records.len(), rustc_hash::FxBuildHasher);
        for (at, record) in cx.records.iter().enumerate() {
            let Some(which) = self.sections.iter().position(|s| *s == record.section) else {
                continue;
            };
            for value in self.paths[which].values(&record.fields) {
                let Some(text) = value.as_str() else { continue };
                match first.get(text) {
                    Some(&(first_at, first_value)) => {
                        out.push(self.repeated(cx, text, (first_at, first_value), (at, value)));
                    }
                    None => {
                        first.insert(text, (at, value));
                    }
                }
            }
        }
    }

    fn repeated(
        &self,
        cx: &Cx<'_>,
        text: &str,
        (first_at, first_value): (usize, &Node),
        (at, value): (usize, &Node),
    ) -> Finding {
        let (first, again) = (cx.record(first_at), cx.record(at));
        let message = if self.field == "id" {
            format!(
                "id `{text}` is already the id of {}",
                with_article(first.section.singular())
            )
        } else {
            format!(
                "{} `{text}` is already used by {}",
                self.field,
                first.describe()
            )
        };
        let primary = Place::new(again.file, value.span, "used again here");
        let related = Place::new(first.file, first_value.span, "first used here");
        let help = if self.field == "id" {
            "give each record its own id; if both describe the same thing, merge them".to_owned()
        } else {
            format!("each record needs its own `{}`", self.field)
        };
        cx.finding(message, primary)
            .with_related(related)
            .with_help(help)
    }
}
