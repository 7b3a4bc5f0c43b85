//! Records by id, built once per run, so that checks resolve references in
//! constant time instead of scanning the record set.

use rustc_hash::FxHashMap;

use crate::model::{Record, Section};

/// Where each id is defined.
#[derive(Debug)]
pub struct Index<'a> {
    records: &'a [Record],
    /// The section of each record, apart from the records: resolving a
    /// reference reads it, and a megabyte of sections stays in the cache
    /// where a gigabyte of records does not.
    sections: Vec<Section>,
    /// The first record with each id: a million ids in a small table.
    first: FxHashMap<&'a str, u32>,
    /// Every record of the ids used more than once.
    repeated: FxHashMap<&'a str, Vec<usize>>,
}

impl<'a> Index<'a> {
    pub fn new(records: &'a [Record]) -> Self {
        let mut first: FxHashMap<&str, u32> =
            FxHashMap::with_capacity_and_hasher(records.len(), rustc_hash::FxBuildHasher);
        let mut repeated: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
        for (position, record) in records.iter().enumerate() {
            let Some(id) = record.id() else { continue };
            let at = u32::try_from(position).unwrap_or(u32::MAX);
            match first.get(id) {
                Some(&earlier) => repeated
                    .entry(id)
                    .or_insert_with(|| vec![earlier as usize])
                    .push(position),
                None => {
                    first.insert(id, at);
                }
            }
        }
        let sections = records.iter().map(|record| record.section).collect();
        Self {
            records,
            sections,
            first,
            repeated,
        }
    }

    /// The positions of the records with this id, in load order.
    pub fn all(&self, id: &str) -> impl Iterator<Item = usize> + '_ {
        let (one, many) = match self.repeated.get(id) {
            Some(all) => (None, all.as_slice()),
            None => (self.first.get(id).map(|&at| at as usize), &[][..]),
        };
        one.into_iter().chain(many.iter().copied())
    }

    /// The first record with this id in one of `sections`.
    pub fn resolve(&self, id: &str, sections: &[Section]) -> Option<usize> {
        self.all(id)
            .find(|&at| sections.contains(&self.sections[at]))
    }

    /// Every id of a record in one of `sections`.
    pub fn ids_in<'s>(&'s self, sections: &'s [Section]) -> impl Iterator<Item = &'a str> + 's {
        self.first
            .keys()
            .filter(|id| self.resolve(id, sections).is_some())
            .copied()
    }

    /// How messages name a record: its `name` or `label`, else its id, else
    /// its kind ("a membership").
    pub fn display_name(&self, at: usize) -> String {
        let record = &self.records[at];
        ["name", "label"]
            .iter()
            .find_map(|field| record.get(field).and_then(crate::yaml::Node::as_str))
            .map_or_else(|| record.describe(), str::to_owned)
    }
}
