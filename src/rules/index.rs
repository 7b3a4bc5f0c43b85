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
    by_id: FxHashMap<&'a str, Positions>,
}

/// The records with one id: nearly always one, so without an allocation.
#[derive(Debug)]
enum Positions {
    One([usize; 1]),
    Many(Vec<usize>),
}

impl Positions {
    fn push(&mut self, position: usize) {
        match self {
            Self::One([first]) => *self = Self::Many(vec![*first, position]),
            Self::Many(all) => all.push(position),
        }
    }

    fn as_slice(&self) -> &[usize] {
        match self {
            Self::One(one) => one,
            Self::Many(all) => all,
        }
    }
}

impl<'a> Index<'a> {
    pub fn new(records: &'a [Record]) -> Self {
        let mut by_id: FxHashMap<&str, Positions> =
            FxHashMap::with_capacity_and_hasher(records.len(), rustc_hash::FxBuildHasher);
        for (position, record) in records.iter().enumerate() {
            if let Some(id) = record.id() {
                by_id
                    .entry(id)
                    .and_modify(|positions| positions.push(position))
                    .or_insert(Positions::One([position]));
            }
        }
        let sections = records.iter().map(|record| record.section).collect();
        Self {
            records,
            sections,
            by_id,
        }
    }

    /// The positions of the records with this id, in load order.
    pub fn all(&self, id: &str) -> &[usize] {
        self.by_id.get(id).map_or(&[], Positions::as_slice)
    }

    /// The first record with this id in one of `sections`.
    pub fn resolve(&self, id: &str, sections: &[Section]) -> Option<usize> {
        self.all(id)
            .iter()
            .copied()
            .find(|&at| sections.contains(&self.sections[at]))
    }

    /// Every id of a record in one of `sections`.
    pub fn ids_in<'s>(&'s self, sections: &'s [Section]) -> impl Iterator<Item = &'a str> + 's {
        self.by_id
            .iter()
            .filter(|(_, at)| {
                at.as_slice()
                    .iter()
                    .any(|&at| sections.contains(&self.sections[at]))
            })
            .map(|(id, _)| *id)
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
