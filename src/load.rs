//! Finds the records files under the given paths, reads and parses each, and
//! validates them into one record set.
//!
//! Only a path named on the command line that cannot be reached stops the run
//! ([`RunError`], exit 2). Everything found below it that cannot be read,
//! decoded or parsed becomes a finding on that file, and the other files are
//! still loaded.

use std::collections::HashSet;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diag::{Finding, Place, ids};
use crate::model::schema::Dialect;
use crate::model::{Record, validate};
use crate::source::{FileId, SourceFile, Sources, Span};
use crate::yaml;

/// Everything loaded from the given paths.
#[derive(Debug, Default)]
pub struct Loaded {
    pub sources: Sources,
    pub records: Vec<Record>,
    pub findings: Vec<Finding>,
    /// The `# recheck: allow(...)` comments found in the records files.
    pub suppressions: Vec<crate::review::inline::Suppression>,
    /// What applying reviewed decisions left to say in the summary.
    pub review: ReviewSummary,
}

/// The summary's part about reviewed decisions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReviewSummary {
    /// Files among the sources that are decisions or baseline files, not
    /// records files.
    pub files: usize,
    /// Baselined findings that no finding matches any more.
    pub fixed_in_baseline: usize,
}

/// Why a run could not start.
#[derive(Debug)]
pub enum RunError {
    /// A path named on the command line does not exist.
    Missing(PathBuf),
    /// A path named on the command line cannot be read.
    Unreadable(PathBuf, io::Error),
    /// The baseline named with `--baseline` cannot be used.
    Baseline(PathBuf, String),
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing(path) => write!(f, "`{}` does not exist", path.display()),
            Self::Unreadable(path, error) => write!(f, "cannot read `{}`: {error}", path.display()),
            Self::Baseline(path, why) => {
                write!(f, "cannot use `{}` as a baseline: {why}", path.display())
            }
        }
    }
}

impl std::error::Error for RunError {}

/// The default of [`Limits::max_file_size`]: 256 MiB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 256 * 1024 * 1024;

/// What one run agrees to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// A file of more bytes is reported (`syntax`) instead of read.
    pub max_file_size: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_file_size: DEFAULT_MAX_FILE_SIZE,
        }
    }
}

/// Loads every records file under `paths`, with the default limits.
pub fn load(paths: &[PathBuf]) -> Result<Loaded, RunError> {
    load_within(paths, Limits::default())
}

/// Loads every records file under `paths`.
///
/// Files are read, parsed and validated in parallel (rayon; one thread per
/// core unless `RAYON_NUM_THREADS` says otherwise), each into a part of its
/// own, and the parts are joined in the order the files were found, so the
/// result is the same whatever the number of threads.
pub fn load_within(paths: &[PathBuf], limits: Limits) -> Result<Loaded, RunError> {
    load_excluding(paths, limits, &[])
}

/// [`load_within`], leaving out the files `exclude` names (decisions and
/// baseline files that sit among the records).
pub fn load_excluding(
    paths: &[PathBuf],
    limits: Limits,
    exclude: &[PathBuf],
) -> Result<Loaded, RunError> {
    let mut found = Vec::new();
    let identity = |file: &PathBuf| file.canonicalize().unwrap_or_else(|_| file.clone());
    let mut seen: HashSet<PathBuf> = exclude.iter().map(identity).collect();
    for path in paths {
        for entry in discover(path)? {
            if let Found::File(file) = &entry {
                // The same file reached twice (`records/ records/a.yaml`) is read once.
                if !seen.insert(identity(file)) {
                    continue;
                }
            }
            found.push(entry);
        }
    }
    let parts: Vec<Loaded> = found
        .into_par_iter()
        .map(|entry| {
            let mut part = Loaded::default();
            match entry {
                Found::File(file) => load_file(file, limits, &mut part),
                Found::Problem(file, message) => unreadable(file, &message, &mut part),
            }
            part
        })
        .collect();
    let mut loaded = Loaded::default();
    loaded
        .records
        .reserve_exact(parts.iter().map(|p| p.records.len()).sum());
    for part in parts {
        loaded.absorb(part);
    }
    Ok(loaded)
}

impl Loaded {
    /// Reads back the evicted text of every file a finding points into, so
    /// that reports can show and locate them. A file that changed since it
    /// was checked gets a warning: its places may be off.
    pub fn restore_texts(&mut self) {
        let mut wanted: Vec<FileId> = self
            .findings
            .iter()
            .flat_map(|f| std::iter::once(&f.primary).chain(&f.related))
            .map(|place| place.file)
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        for (file, why) in self.sources.restore(&wanted) {
            let place = Place::new(file, Span::empty_at(0), "read again here");
            let mut finding = Finding::error(ids::SYNTAX, why, place).with_help(
                "run recheck again once the file is no longer being changed; places in it \
                 may be off",
            );
            finding.severity = crate::diag::Severity::Warning;
            self.findings.push(finding);
        }
    }

    /// Appends what was loaded into `part`, its file ids renumbered to
    /// follow this one's files.
    fn absorb(&mut self, part: Self) {
        let offset = u32::try_from(self.sources.len()).unwrap_or(u32::MAX);
        let shift = |file: &mut FileId| file.0 = file.0.saturating_add(offset);
        self.sources.append(part.sources);
        self.records
            .extend(part.records.into_iter().map(|mut record| {
                shift(&mut record.file);
                record
            }));
        self.findings
            .extend(part.findings.into_iter().map(|mut finding| {
                shift(&mut finding.primary.file);
                finding.related.iter_mut().for_each(|p| shift(&mut p.file));
                finding
            }));
        self.suppressions
            .extend(part.suppressions.into_iter().map(|mut suppression| {
                shift(&mut suppression.file);
                suppression
            }));
    }
}

/// A records file to read, or an entry of a directory that could not be read.
enum Found {
    File(PathBuf),
    Problem(PathBuf, String),
}

impl Found {
    fn path(&self) -> &Path {
        match self {
            Self::File(path) | Self::Problem(path, _) => path,
        }
    }
}

/// The records files a path names: the file itself, or the `*.yaml`, `*.yml`
/// and `*.json` files below a directory, hidden entries skipped, in sorted
/// order.
fn discover(root: &Path) -> Result<Vec<Found>, RunError> {
    let metadata = std::fs::metadata(root).map_err(|error| match error.kind() {
        io::ErrorKind::NotFound => RunError::Missing(root.to_path_buf()),
        _ => RunError::Unreadable(root.to_path_buf(), error),
    })?;
    if !metadata.is_dir() {
        return Ok(vec![Found::File(root.to_path_buf())]);
    }
    std::fs::read_dir(root).map_err(|error| RunError::Unreadable(root.to_path_buf(), error))?;
    let inside = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    // Symbolic links are followed only while they stay below the given
    // directory: one pointing elsewhere is reported and not followed, so a
    // pull request cannot make recheck read (or walk) the rest of the disk.
    let mut outside = Vec::new();
    let walker = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            if entry.depth() > 0 && is_hidden(entry.file_name()) {
                return false;
            }
            if entry.path_is_symlink()
                && let Some(problem) = link_outside(entry.path(), &inside)
            {
                outside.push(problem);
                return false;
            }
            true
        });
    let mut found: Vec<Found> = walker
        .filter_map(|entry| match entry {
            Ok(entry) if is_records_file(entry.path()) => {
                let kind = entry.file_type();
                if kind.is_file() {
                    Some(Found::File(entry.into_path()))
                } else if kind.is_dir() {
                    None
                } else {
                    // A FIFO would block the read forever, a device never end.
                    let message = "not a regular file (a pipe, socket or device); not read";
                    Some(Found::Problem(entry.into_path(), message.to_owned()))
                }
            }
            Ok(_) => None,
            Err(error) => {
                let path = error
                    .path()
                    .map_or_else(|| root.to_path_buf(), Path::to_path_buf);
                Some(Found::Problem(path, walk_message(&error)))
            }
        })
        .collect();
    if !outside.is_empty() {
        found.append(&mut outside);
        found.sort_by(|a, b| a.path().cmp(b.path()));
    }
    Ok(found)
}

/// The problem with a symbolic link whose target lies outside `inside`
/// (a canonical directory); `None` when it stays inside or is dangling (the
/// walk reports that).
fn link_outside(link: &Path, inside: &Path) -> Option<Found> {
    let target = link.canonicalize().ok()?;
    if target.starts_with(inside) {
        return None;
    }
    let message = format!(
        "symbolic link to `{}`, outside the checked directory; not followed",
        target.display()
    );
    Some(Found::Problem(link.to_path_buf(), message))
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

fn is_records_file(path: &Path) -> bool {
    // A decisions file among the records is not one of them.
    if path.file_name() == Some(std::ffi::OsStr::new(crate::review::ledger::DEFAULT_NAME)) {
        return false;
    }
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["yaml", "yml", "json"]
            .iter()
            .any(|x| e.eq_ignore_ascii_case(x))
    })
}

/// How a file writes its records: a `.json` file is a Popolo export, anything
/// else the curated format. JSON is YAML 1.2, so both go through one parser.
pub fn dialect_of(path: &Path) -> Dialect {
    let is_json = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if is_json {
        Dialect::Popolo
    } else {
        Dialect::Records
    }
}

fn walk_message(error: &walkdir::Error) -> String {
    if let Some(ancestor) = error.loop_ancestor() {
        return format!(
            "symbolic link loop back to `{}`; not followed",
            ancestor.display()
        );
    }
    match error.io_error() {
        Some(io) => format!("cannot read: {io}"),
        None => error.to_string(),
    }
}

/// Records a file or directory that could not be read as a finding on it.
fn unreadable(path: PathBuf, message: &str, loaded: &mut Loaded) {
    let help = "make the file readable, or move it out of the records path";
    not_read(path, message, help, loaded);
}

/// Records a file that was not read as a `syntax` finding naming it.
fn not_read(path: PathBuf, message: &str, help: &str, loaded: &mut Loaded) {
    let file = loaded.sources.add(SourceFile::new(path, String::new()));
    let place = Place::new(file, Span::empty_at(0), "not read");
    let finding = Finding::error(ids::SYNTAX, message, place).with_help(help);
    loaded.findings.push(finding);
}

/// Reads, decodes, parses and validates one file into `loaded` (a part of
/// its own). A file with no finding gives its text back until a rule's
/// finding needs it ([`Loaded::restore_texts`]).
fn load_file(path: PathBuf, limits: Limits, loaded: &mut Loaded) {
    match read_at_most(&path, limits.max_file_size) {
        Ok(Some(bytes)) => {
            load_bytes(path, bytes, loaded);
            if loaded.findings.is_empty() {
                loaded.sources.evict_all();
            }
        }
        Ok(None) => too_large(path, limits.max_file_size, loaded),
        Err(error) => unreadable(path, &format!("cannot read: {error}"), loaded),
    }
}

/// The file's bytes, or `None` when it has more than `max` (read no
/// further: the size on disk may lie, for a file still growing or a device).
fn read_at_most(path: &Path, max: u64) -> io::Result<Option<Vec<u8>>> {
    use std::io::Read as _;
    let file = std::fs::File::open(path)?;
    let expected = file.metadata().map_or(0, |m| m.len().min(max));
    let mut bytes = Vec::with_capacity(usize::try_from(expected).unwrap_or(0));
    file.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= max).then_some(bytes))
}

/// Records a file over the size limit as a finding on it.
fn too_large(path: PathBuf, max: u64, loaded: &mut Loaded) {
    let message = format!(
        "the file is larger than the limit of {}; not read",
        human_size(max)
    );
    let help = "split it into smaller files, or raise the limit with `--max-file-size`";
    not_read(path, &message, help, loaded);
}

/// "256 MiB", or "1000 bytes" for a limit that is not a whole number of MiB.
fn human_size(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// Decodes, parses and validates the contents of one file into `loaded`:
/// what happens to a file once read (and what the fuzz target drives).
pub fn load_bytes(path: PathBuf, bytes: Vec<u8>, loaded: &mut Loaded) {
    let dialect = dialect_of(&path);
    let (text, decode_problem) = decode(bytes);
    let file = loaded.sources.add(SourceFile::new(path, text));
    if let Some((span, message)) = decode_problem {
        let finding = Finding::error(ids::SYNTAX, message, Place::new(file, span, "not UTF-8"))
            .with_help("save the file as UTF-8");
        loaded.findings.push(finding);
        return;
    }
    let text = &loaded.sources.get(file).text;
    match yaml::parse(text) {
        Ok(document) => {
            loaded.findings.extend(
                document
                    .duplicate_keys
                    .iter()
                    .map(|dup| duplicate_key(file, dup)),
            );
            let records = validate::records_of(document.root, file, dialect, &mut loaded.findings);
            let text = &loaded.sources.get(file).text;
            let suppressions =
                crate::review::inline::scan(text, file, &records, &mut loaded.findings);
            loaded.suppressions.extend(suppressions);
            loaded.records.extend(records);
        }
        Err(error) => {
            let finding = Finding::error(
                ids::SYNTAX,
                error.message,
                Place::new(file, error.span, error.label),
            )
            .with_help(error.help);
            loaded.findings.push(finding);
        }
    }
}

fn duplicate_key(file: FileId, dup: &yaml::DuplicateKey) -> Finding {
    let message = format!("duplicate key `{}`", dup.key);
    Finding::error(
        ids::SYNTAX,
        message,
        Place::new(file, dup.duplicate, "written again here"),
    )
    .with_related(Place::new(file, dup.first, "first written here"))
    .with_help(
        "a key may appear once in a mapping; merge the two or remove one (the second is ignored)",
    )
}

/// The file's text, or its readable part and where decoding failed.
fn decode(bytes: Vec<u8>) -> (String, Option<(Span, String)>) {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let problem = "the file is UTF-16; recheck reads UTF-8 records".to_owned();
        return (String::new(), Some((Span::empty_at(0), problem)));
    }
    match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(error) => {
            let at = error.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
            let width = text[at..].chars().next().map_or(0, char::len_utf8);
            let problem = "the file is not valid UTF-8".to_owned();
            (text, Some((Span::new(at, at + width), problem)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A finding of a rule on a loaded file, as if a rule had found it.
    fn point_into(loaded: &mut Loaded, text_at: usize) {
        let place = Place::new(FileId(0), Span::new(text_at, text_at + 3), "here");
        loaded
            .findings
            .push(Finding::error("some-rule", "found", place));
    }

    #[test]
    fn a_file_without_findings_gives_its_text_back_until_a_finding_needs_it() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join("persons.yaml");
        let text = "persons:\n  - id: p-1\n    name: Ana\n";
        std::fs::write(&path, text).expect("written");
        let mut loaded = load(&[path]).expect("loads");
        assert_eq!(loaded.sources.get(FileId(0)).text, "");
        assert_eq!(loaded.records.len(), 1);

        point_into(&mut loaded, 15);
        loaded.restore_texts();
        assert_eq!(loaded.sources.get(FileId(0)).text, text);
        assert_eq!(loaded.findings.len(), 1, "{:?}", loaded.findings);
    }

    #[test]
    fn a_file_changed_while_checked_is_read_again_with_a_warning() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join("persons.yaml");
        std::fs::write(&path, "persons:\n  - id: p-1\n    name: Ana\n").expect("written");
        let mut loaded = load(std::slice::from_ref(&path)).expect("loads");
        std::fs::write(&path, "persons: []\n").expect("rewritten");

        point_into(&mut loaded, 15);
        loaded.restore_texts();
        assert_eq!(loaded.sources.get(FileId(0)).text, "persons: []\n");
        let warning = &loaded.findings[1];
        assert_eq!(warning.severity, crate::diag::Severity::Warning);
        assert!(
            warning
                .message
                .contains("changed while recheck was checking it")
        );
    }

    fn names(found: &[Found]) -> Vec<String> {
        found
            .iter()
            .map(|f| match f {
                Found::File(path) | Found::Problem(path, _) => crate::paths::slashed(path),
            })
            .collect()
    }

    #[test]
    fn discovery_is_sorted_recursive_and_skips_hidden_and_other_files() {
        let found = discover(Path::new("tests/fixtures/format/good-discovery")).unwrap();
        assert_eq!(
            names(&found),
            [
                "tests/fixtures/format/good-discovery/a.yaml",
                "tests/fixtures/format/good-discovery/nested/b.yml"
            ]
        );
    }

    #[test]
    fn a_missing_path_cannot_start_the_run() {
        assert!(matches!(
            discover(Path::new("no/such/path")),
            Err(RunError::Missing(_))
        ));
    }

    #[test]
    fn utf16_and_invalid_utf8_are_decode_problems_at_the_right_byte() {
        let (_, problem) = decode(vec![0xFF, 0xFE, b'a', 0]);
        assert!(problem.unwrap().1.contains("UTF-16"));
        let (text, problem) = decode(b"name: Do\xf0an\n".to_vec());
        let (span, _) = problem.unwrap();
        assert_eq!(span.start(), 8);
        assert_eq!(&text[..8], "name: Do");
        assert_eq!(decode(b"\xef\xbb\xbfa: 1\n".to_vec()).1, None);
    }
}
