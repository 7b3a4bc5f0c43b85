//! A deterministic corpus generator for benchmarks: records in recheck's
//! format with a realistic shape and a small, known rate of planted defects.
//!
//! ```text
//! cargo run --release --example gen -- --records 1000000 --seed 7 OUT
//! ```
//!
//! writes `OUT/records/` with the records split over files of at most 5,000
//! records (sources, organizations, posts, persons, memberships, events) and
//! `OUT/manifest.json` giving the seed, the counts and the number of findings
//! each default rule must report, so a benchmark can also check the findings
//! are right. The same arguments always give the same bytes.
//!
//! The shape:
//! - organizations with founding dates, each with a chair post held in turn
//!   by persons, in contiguous terms written with mixed precision (`2004`,
//!   `2004-06`, `2004-06-15`), and a secretary general held the same way;
//! - persons with distinct names from several naming traditions, built from
//!   word lists that contain no two spelling variants of each other, and
//!   birth dates;
//! - multi-holder memberships (members, advisers);
//! - events with attendees named as their person record names them, citing
//!   sources published after them.
//!
//! Planted defects, about one per 2,000 records for each default rule: a
//! membership ending before it starts (`date-order`), a chair term running
//! into the next (`term-overlap`), a person id used twice (`duplicate-id`), a
//! membership of a person that does not exist (`unknown-reference`), an
//! attendee named in a spelling the person record does not declare
//! (`name-spelling`), a role title written another way (`role-spelling`), a
//! person recorded twice with one name and birth date (`duplicate-person`).
//!
//! `--single-file` writes all records into one file, `records.yaml` (the
//! editor and pre-commit case). `--dense` instead writes `--records` persons that each die before they
//! are born: one `date-order` finding per record, for timing output.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use recheck::names::Matcher;

/// Records per file, so a corpus has many files to read in parallel.
const RECORDS_PER_FILE: usize = 5_000;

/// One planted defect per this many records, per rule.
const DEFECT_EVERY: usize = 2_000;

fn main() -> ExitCode {
    match Args::parse(std::env::args().skip(1)) {
        Ok(args) => match args.write() {
            Ok(manifest) => {
                println!("{manifest}");
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("gen: {error}");
                ExitCode::from(2)
            }
        },
        Err(usage) => {
            eprintln!("{usage}");
            ExitCode::from(2)
        }
    }
}

#[derive(Debug, Clone)]
struct Args {
    records: usize,
    seed: u64,
    dense: bool,
    single_file: bool,
    out: PathBuf,
}

impl Args {
    fn parse(mut args: impl Iterator<Item = String>) -> Result<Self, String> {
        let usage = "usage: gen [--records N] [--seed S] [--dense] [--single-file] OUT".to_owned();
        let (mut records, mut seed, mut dense, mut single_file, mut out) =
            (10_000, 7, false, false, None);
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--records" => records = number(args.next(), &usage)?,
                "--seed" => seed = number(args.next(), &usage)?,
                "--dense" => dense = true,
                "--single-file" => single_file = true,
                _ if arg.starts_with('-') => return Err(usage),
                _ => out = Some(PathBuf::from(arg)),
            }
        }
        let out = out.ok_or_else(|| usage.clone())?;
        Ok(Self {
            records,
            seed,
            dense,
            single_file,
            out,
        })
    }

    fn write(&self) -> Result<String, String> {
        let per_file = if self.single_file {
            usize::MAX
        } else {
            RECORDS_PER_FILE
        };
        let mut corpus = if self.dense {
            Corpus::dense(self.records, per_file)
        } else {
            Corpus::generate(self.records, self.seed, per_file)
        };
        if self.single_file {
            corpus.join_files();
        }
        corpus
            .write(&self.out, self.seed)
            .map_err(|e| e.to_string())
    }
}

fn number<T: std::str::FromStr>(arg: Option<String>, usage: &str) -> Result<T, String> {
    arg.and_then(|a| a.parse().ok())
        .ok_or_else(|| usage.to_owned())
}

/// `SplitMix64`: small, fast and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }

    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Syllables of several naming traditions, from which name words are built.
const TRADITIONS: &[(&[&str], &[&str])] = &[
    // Kazakh and Central Asian
    (
        &[
            "nur", "ai", "yer", "as", "ser", "dau", "ku", "tal", "bek", "zhan",
        ],
        &[
            "lan", "gul", "bol", "kar", "ik", "ren", "mat", "sun", "bay", "tas",
        ],
    ),
    // Slavic
    (
        &[
            "vla", "mi", "ste", "bo", "ra", "lyu", "ya", "dra", "go", "ve",
        ],
        &[
            "dimir", "slav", "mila", "rko", "van", "denko", "shin", "lenko", "vich", "nov",
        ],
    ),
    // Turkish and Arabic
    (
        &["meh", "ha", "ke", "ab", "fa", "sa", "yu", "ka", "os", "ze"],
        &[
            "met", "lil", "mal", "dur", "rid", "lim", "suf", "rim", "man", "nep",
        ],
    ),
    // English and Romance
    (
        &[
            "al", "bri", "car", "dor", "el", "fran", "gil", "har", "lu", "ro",
        ],
        &[
            "ton", "well", "ford", "mond", "bert", "cia", "ina", "son", "berg", "ley",
        ],
    ),
];

/// `count` name words, none a spelling variant of another, nor of any word
/// in `taken` (so given names, middle names and surnames never collide).
fn name_words(count: usize, rng: &mut Rng, taken: &mut Vec<String>) -> Vec<String> {
    let mut words = Vec::with_capacity(count);
    let mut attempts = 0;
    while words.len() < count && attempts < count * 200 {
        attempts += 1;
        let (starts, ends) = TRADITIONS[rng.below(TRADITIONS.len())];
        let middle = if rng.below(3) == 0 {
            rng.pick(ends)
        } else {
            ""
        };
        let word = format!("{}{middle}{}", rng.pick(starts), rng.pick(ends));
        let word = capitalized(&word);
        let clashes = taken.iter().any(|other| {
            other.eq_ignore_ascii_case(&word)
                || Matcher::PersonName.are_variants(other, &word)
                || Matcher::PersonName.blocking_keys(other)
                    == Matcher::PersonName.blocking_keys(&word)
        });
        if word.len() >= 4 && !clashes {
            taken.push(word.clone());
            words.push(word);
        }
    }
    words
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// Role titles held by many at once; none a variant of another.
const MEMBER_ROLES: &[&str] = &["Member", "Adviser", "Observer", "Treasurer", "Rapporteur"];

/// Variants of `MEMBER_ROLES` titles, one per planted role-spelling defect.
const ROLE_VARIANTS: &[&str] = &[
    "member",
    "ADVISER",
    "observer",
    "TREASURER",
    "rapporteur",
    "MEMBER",
    "adviser",
    "OBSERVER",
    "treasurer",
    "RAPPORTEUR",
];

#[derive(Default)]
struct Corpus {
    /// Each file: its name and its text.
    files: Vec<(String, String)>,
    counts: BTreeMap<&'static str, usize>,
    defects: BTreeMap<&'static str, usize>,
}

/// Records of one section, written into files of `RECORDS_PER_FILE`.
struct SectionWriter {
    stem: &'static str,
    section: &'static str,
    per_file: usize,
    text: String,
    in_file: usize,
    files: Vec<(String, String)>,
}

impl SectionWriter {
    fn new(stem: &'static str, section: &'static str, per_file: usize) -> Self {
        Self {
            stem,
            section,
            per_file,
            text: String::new(),
            in_file: 0,
            files: Vec::new(),
        }
    }

    fn push(&mut self, record: &str) {
        if self.in_file == 0 {
            let _ = writeln!(self.text, "{}:", self.section);
        }
        self.text.push_str(record);
        self.in_file += 1;
        if self.in_file == self.per_file {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if self.in_file > 0 {
            let name = format!("{}-{:03}.yaml", self.stem, self.files.len() + 1);
            self.files.push((name, std::mem::take(&mut self.text)));
            self.in_file = 0;
        }
    }

    fn finish(mut self) -> Vec<(String, String)> {
        self.flush();
        self.files
    }
}

/// A date at a precision chosen by `precision` (0 = year, 1 = month, 2 = day).
fn date(year: usize, month: usize, day: usize, precision: usize) -> String {
    match precision {
        0 => format!("{year}"),
        1 => format!("{year}-{month:02}"),
        _ => format!("{year}-{month:02}-{day:02}"),
    }
}

impl Corpus {
    /// About `records` records with planted defects.
    #[allow(clippy::too_many_lines)]
    fn generate(records: usize, seed: u64, per_file: usize) -> Self {
        let mut rng = Rng(seed);
        let mut corpus = Self::default();
        // Shares of the records: persons 40 %, memberships 35 %, events 15 %,
        // organizations with their chair post 5 %, sources 5 %.
        let n_persons = (records * 40 / 100).max(10);
        let n_orgs = (records * 5 / 200).max(2);
        let n_sources = (records * 5 / 100).max(2);
        let n_events = (records * 15 / 100).max(1);
        let n_memberships = records.saturating_sub(n_persons + 2 * n_orgs + n_sources + n_events);
        let plants = (records / DEFECT_EVERY).max(1);

        let mut taken = Vec::new();
        // Enough words per list for every person to get a name of their own.
        let per_list = (1..=n_persons)
            .find(|k| k * k * k >= n_persons)
            .unwrap_or(1)
            + 2;
        let given = name_words(per_list, &mut rng, &mut taken);
        let middle = name_words(per_list, &mut rng, &mut taken);
        let family = name_words(per_list, &mut rng, &mut taken);
        let name_of = |i: usize| {
            let (g, rest) = (i % given.len(), i / given.len());
            let (m, f) = (rest % middle.len(), rest / middle.len() % family.len());
            format!("{} {} {}", given[g], middle[m], family[f])
        };

        let mut sources = SectionWriter::new("sources", "sources", per_file);
        for s in 0..n_sources {
            // Published in 2025, after every event.
            let published = date(2025, 1 + s % 12, 1 + s % 28, 2);
            sources.push(&format!(
                "  - id: src-{s}\n    title: Report {s}\n    publisher: Agency {}\n    published: {published}\n",
                s % 40
            ));
        }
        corpus.count("sources", n_sources);

        let mut orgs = SectionWriter::new("organizations", "organizations", per_file);
        let mut posts = SectionWriter::new("posts", "posts", per_file);
        for o in 0..n_orgs {
            let founded = date(1950 + o % 45, 1 + o % 12, 1 + o % 28, o % 3);
            orgs.push(&format!(
                "  - id: org-{o}\n    name: Organization {o}\n    classification: committee\n    founding_date: {founded}\n    sources: [src-{}]\n",
                o % n_sources
            ));
            posts.push(&format!(
                "  - id: post-chair-{o}\n    label: Chair of Organization {o}\n    organization_id: org-{o}\n    role: Chair\n"
            ));
        }
        corpus.count("organizations", n_orgs);
        corpus.count("posts", n_orgs);

        let mut persons = SectionWriter::new("persons", "persons", per_file);
        let births: Vec<String> = (0..n_persons)
            .map(|_| {
                date(
                    1930 + rng.below(50),
                    1 + rng.below(12),
                    1 + rng.below(28),
                    2,
                )
            })
            .collect();
        for (p, birth) in births.iter().enumerate() {
            persons.push(&format!(
                "  - id: p-{p}\n    name: {}\n    birth_date: {birth}\n",
                name_of(p)
            ));
        }
        corpus.count("persons", n_persons);

        // Memberships: rotating chairs and secretaries general (contiguous
        // terms of two years from 2000), then members.
        let mut memberships = SectionWriter::new("memberships", "memberships", per_file);
        // Whole rounds only, so every planted overlap has a next term.
        let rounds = (n_memberships / 3 / (2 * n_orgs)).clamp(1, 12);
        let mut term_overlaps = 0;
        for round in 0..rounds {
            for o in 0..n_orgs {
                let holder = rng.below(n_persons);
                let (start, end) = (2000 + 2 * round, 2002 + 2 * round);
                let planted =
                    round % 2 == 0 && round + 1 < rounds && o % 97 == 5 && term_overlaps < plants;
                let precision = if planted { 2 } else { rng.below(3) };
                let start_text = date(start, 1, 1, precision);
                // The next term starts on this end, at the same precision: a
                // hand-over, never an overlap. A planted one runs a year into
                // the next term, fully dated.
                let end_text = if planted {
                    term_overlaps += 1;
                    date(end + 1, 1, 1, 2)
                } else {
                    date(end, 1, 1, precision)
                };
                memberships.push(&format!(
                    "  - id: m-chair-{o}-{round}\n    person_id: p-{holder}\n    organization_id: org-{o}\n    post_id: post-chair-{o}\n    start_date: {start_text}\n    end_date: {end_text}\n"
                ));
                let holder = rng.below(n_persons);
                memberships.push(&format!(
                    "  - id: m-sg-{o}-{round}\n    person_id: p-{holder}\n    organization_id: org-{o}\n    role: Secretary General\n    start_date: {}\n    end_date: {}\n",
                    date(start, 7, 1, 1),
                    date(end, 7, 1, 1)
                ));
            }
        }
        let written = rounds * 2 * n_orgs;
        let mut date_orders = 0;
        let mut dangling = 0;
        let mut role_variants = 0;
        for m in written..n_memberships {
            let person = rng.below(n_persons);
            let org = rng.below(n_orgs);
            let mut role = MEMBER_ROLES[m % MEMBER_ROLES.len()];
            let start = 2000 + rng.below(20);
            let (mut start_text, mut end_text) = (
                date(start, 3, 10, 2),
                date(start + 1 + rng.below(4), 3, 10, 2),
            );
            let mut person_id = format!("p-{person}");
            match m % DEFECT_EVERY {
                7 if date_orders < plants => {
                    std::mem::swap(&mut start_text, &mut end_text);
                    date_orders += 1;
                }
                11 if dangling < plants => {
                    person_id = format!("p-missing-{m}");
                    dangling += 1;
                }
                13 if role_variants < plants.min(ROLE_VARIANTS.len()) => {
                    role = ROLE_VARIANTS[role_variants];
                    role_variants += 1;
                }
                _ => {}
            }
            memberships.push(&format!(
                "  - id: m-{m}\n    person_id: {person_id}\n    organization_id: org-{org}\n    role: {role}\n    start_date: {start_text}\n    end_date: {end_text}\n    sources: [src-{}]\n",
                m % n_sources
            ));
        }
        corpus.count("memberships", n_memberships);

        // Events with attendees named as their records name them.
        let mut events = SectionWriter::new("events", "events", per_file);
        let mut misspelled = 0;
        for e in 0..n_events {
            let start = date(2001 + e % 23, 1 + e % 12, 1 + e % 28, 2);
            let mut attendees = String::new();
            for a in 0..3 {
                let person = rng.below(n_persons);
                let mut name = name_of(person);
                if a == 0 && e % DEFECT_EVERY == 17 && misspelled < plants {
                    // Planted: a transliteration the record does not declare.
                    name = name.replacen('i', "y", 1);
                    if name == name_of(person) {
                        name.push('h');
                    }
                    misspelled += 1;
                }
                let _ = write!(
                    attendees,
                    "      - name: {name}\n        person_id: p-{person}\n        role: Delegate\n"
                );
            }
            events.push(&format!(
                "  - id: ev-{e}\n    name: Meeting {e}\n    start_date: {start}\n    status: held\n    organization_id: org-{}\n    attendees:\n{attendees}    sources: [src-{}]\n",
                e % n_orgs,
                e % n_sources
            ));
        }
        corpus.count("events", n_events);

        // Planted: persons recorded twice, and ids used twice.
        for d in 0..plants {
            let p = (d * 7919) % n_persons;
            persons.push(&format!(
                "  - id: p-again-{d}\n    name: {}\n    birth_date: {}\n",
                name_of(p),
                births[p]
            ));
            persons.push(&format!(
                "  - id: p-{}\n    name: Second Holder {d}\n",
                (d * 104_729 + 1) % n_persons
            ));
        }
        corpus.count("persons", 2 * plants);

        for writer in [sources, orgs, posts, persons, memberships, events] {
            corpus.files.extend(writer.finish());
        }
        corpus.defects = BTreeMap::from([
            ("date-order", date_orders),
            ("term-overlap", term_overlaps),
            ("duplicate-id", plants),
            ("unknown-reference", dangling),
            ("name-spelling", misspelled),
            ("role-spelling", role_variants),
            ("duplicate-person", plants),
        ]);
        corpus
    }

    /// `records` persons, each dying before being born.
    fn dense(records: usize, per_file: usize) -> Self {
        let mut persons = SectionWriter::new("persons", "persons", per_file);
        for p in 0..records {
            persons.push(&format!(
                "  - id: p-{p}\n    name: Person {p}\n    birth_date: 1990\n    death_date: 1980\n"
            ));
        }
        Self {
            files: persons.finish(),
            counts: BTreeMap::from([("persons", records)]),
            defects: BTreeMap::from([("date-order", records)]),
        }
    }

    /// All files as one (each section once, as every file holds one).
    fn join_files(&mut self) {
        let text: String = self.files.iter().map(|(_, text)| text.as_str()).collect();
        self.files = vec![("records.yaml".to_owned(), text)];
    }

    fn count(&mut self, section: &'static str, n: usize) {
        *self.counts.entry(section).or_default() += n;
    }

    /// Writes the files into `out/records/` and `out/manifest.json` (outside
    /// the records, which recheck would read as a Popolo file); returns the
    /// manifest.
    fn write(&self, out: &Path, seed: u64) -> std::io::Result<String> {
        let records = out.join("records");
        fs::create_dir_all(&records)?;
        let mut bytes = 0;
        for (name, text) in &self.files {
            fs::write(records.join(name), text)?;
            bytes += text.len();
        }
        let json = |map: &BTreeMap<&str, usize>| {
            let items: Vec<String> = map.iter().map(|(k, v)| format!("\"{k}\": {v}")).collect();
            format!("{{{}}}", items.join(", "))
        };
        let manifest = format!(
            "{{\n  \"seed\": {seed},\n  \"records\": {},\n  \"files\": {},\n  \"bytes\": {bytes},\n  \"sections\": {},\n  \"findings\": {}\n}}\n",
            self.counts.values().sum::<usize>(),
            self.files.len(),
            json(&self.counts),
            json(&self.defects)
        );
        fs::write(out.join("manifest.json"), &manifest)?;
        Ok(manifest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use recheck::rules::RuleSet;

    /// The findings per rule of checking a generated corpus.
    fn findings_by_rule(dir: &Path) -> BTreeMap<String, usize> {
        let rules = RuleSet::builtin().expect("built-in rules");
        let loaded = recheck::check(&[dir.join("records")], &rules).expect("corpus loads");
        let mut counts = BTreeMap::new();
        for finding in &loaded.findings {
            *counts.entry(finding.rule.clone()).or_default() += 1;
        }
        counts
    }

    #[test]
    fn a_small_corpus_gives_exactly_the_planted_findings() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let corpus = Corpus::generate(12_000, 7, RECORDS_PER_FILE);
        corpus.write(dir.path(), 7).expect("written");
        let expected: BTreeMap<String, usize> = corpus
            .defects
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|(rule, n)| ((*rule).to_owned(), *n))
            .collect();
        assert_eq!(expected.len(), 7, "every default rule has a planted defect");
        assert_eq!(findings_by_rule(dir.path()), expected);
    }

    #[test]
    fn the_same_arguments_give_the_same_corpus() {
        let a = Corpus::generate(3_000, 11, 1_000);
        let b = Corpus::generate(3_000, 11, 1_000);
        assert_eq!(a.files, b.files);
        assert_ne!(a.files, Corpus::generate(3_000, 12, 1_000).files);
    }

    #[test]
    fn a_dense_corpus_has_one_finding_per_record() {
        let dir = tempfile::tempdir().expect("temporary directory");
        Corpus::dense(500, RECORDS_PER_FILE)
            .write(dir.path(), 0)
            .expect("written");
        assert_eq!(
            findings_by_rule(dir.path()),
            BTreeMap::from([("date-order".to_owned(), 500)])
        );
    }
}
