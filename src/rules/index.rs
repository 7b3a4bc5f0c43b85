//! Records by id, built once per run, so that checks resolve references in
//! constant time instead of scanning the record set.

use rustc_hash::FxHashMap;

use crate::model::{Record, Section};

use super::id_table::IdTable;

/// Where each id is defined.
#[derive(Debug)]
pub struct Index<'a> {
    records: &'a [Record],
    /// The section of each record, apart from the records: resolving a
    /// reference reads it, and a megabyte of sections stays in the cache
    /// where a gigabyte of records does not.
    sections: Vec<Section>,
    /// The first record with each id, with [`REPEATED`] set when there are
    /// more: a million ids, looked up once per reference.
    first: IdTable,
    /// Every record of the ids used more than once.
    repeated: FxHashMap<&'a str, Vec<usize>>,
}

/// The bit of an [`IdTable`] position saying the id has other records too.
pub(super) const REPEATED: u32 = 1 << 31;

impl<'a> Index<'a> {
    pub fn new(records: &'a [Record]) -> Self {
        let mut first = IdTable::with_capacity(records.len());
        let mut repeated: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
        for (position, record) in records.iter().enumerate() {
            let Some(id) = record.id() else { continue };
            let at = u32::try_from(position).unwrap_or(u32::MAX) & !REPEATED;
            match first.insert(id, at, records) {
                None => {}
                Some(earlier) => {
                    let positions = repeated
                        .entry(id)
                        .or_insert_with(|| vec![(*earlier & !REPEATED) as usize]);
                    positions.push(position);
                    *earlier |= REPEATED;
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
        let (one, many) = match self.first.get(id, self.records) {
            Some(at) if at & REPEATED != 0 => {
                (None, self.repeated.get(id).map_or(&[][..], Vec::as_slice))
            }
            Some(at) => (Some(at as usize), &[][..]),
            None => (None, &[][..]),
        };
        one.into_iter().chain(many.iter().copied())
    }

    /// Prepares lookups of these ids, which are faster in a batch: see
    /// [`IdTable::warm`].
    pub fn warm<'i>(&self, ids: impl Iterator<Item = &'i str>) {
        self.first.warm(ids);
    }

    /// The first record with this id in one of `sections`.
    pub fn resolve(&self, id: &str, sections: &[Section]) -> Option<usize> {
        self.all(id)
            .find(|&at| sections.contains(&self.sections[at]))
    }

    /// Every id of a record in one of `sections`.
    pub fn ids_in<'s>(&'s self, sections: &'s [Section]) -> impl Iterator<Item = &'a str> + 's {
        self.first
            .positions()
            .filter_map(|at| self.records[(at & !REPEATED) as usize].id())
            .filter(|id| self.resolve(id, sections).is_some())
    }

    /// The ids that more than one record has, each with the positions of
    /// its records in load order.
    pub fn repeated_ids(&self) -> impl Iterator<Item = (&'a str, &[usize])> + '_ {
        self.repeated.iter().map(|(id, at)| (*id, at.as_slice()))
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
