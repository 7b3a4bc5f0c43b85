//! Records by id, built once per run, so that checks resolve references in
//! constant time instead of scanning the record set.

use std::collections::HashMap;

use crate::model::{Record, Section};

/// Where each id is defined.
#[derive(Debug)]
pub struct Index<'a> {
    records: &'a [Record],
    by_id: HashMap<&'a str, Vec<usize>>,
}

impl<'a> Index<'a> {
    pub fn new(records: &'a [Record]) -> Self {
        let mut by_id: HashMap<&str, Vec<usize>> = HashMap::with_capacity(records.len());
        for (position, record) in records.iter().enumerate() {
            if let Some(id) = record.id() {
                by_id.entry(id).or_default().push(position);
            }
        }
        Self { records, by_id }
    }

    /// The positions of the records with this id, in load order.
    pub fn all(&self, id: &str) -> &[usize] {
        self.by_id.get(id).map_or(&[], Vec::as_slice)
    }

    /// The first record with this id in one of `sections`.
    pub fn resolve(&self, id: &str, sections: &[Section]) -> Option<usize> {
        self.all(id)
            .iter()
            .copied()
            .find(|&at| sections.contains(&self.records[at].section))
    }

    /// Every id of a record in one of `sections`.
    pub fn ids_in<'s>(&'s self, sections: &'s [Section]) -> impl Iterator<Item = &'a str> + 's {
        self.by_id
            .iter()
            .filter(|(_, at)| {
                at.iter()
                    .any(|&at| sections.contains(&self.records[at].section))
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
