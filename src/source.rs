//! Source files and spans: the one place byte offsets become lines and columns.
//!
//! Every finding points into a [`SourceFile`] by [`FileId`] and byte [`Span`].
//! Lines and columns are 1-based and columns count characters, not bytes, so a
//! name like `Doğan` does not shift the columns of what follows it.

use std::path::PathBuf;
use std::sync::OnceLock;

use crate::paths::{self, Shown};

/// A byte range in one source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    // u32 offsets keep every node of a parsed file small; files are at most
    // `MAX_FILE_SIZE` bytes, so an offset always fits.
    lo: u32,
    hi: u32,
}

/// The largest file whose byte offsets a [`Span`] holds: 4 GiB - 1.
pub const MAX_FILE_SIZE: u64 = u32::MAX as u64;

impl Span {
    /// The span from byte `start` to byte `end`; offsets past
    /// [`MAX_FILE_SIZE`] are clamped to it.
    pub fn new(start: usize, end: usize) -> Self {
        let clamp = |offset: usize| u32::try_from(offset).unwrap_or(u32::MAX);
        Self {
            lo: clamp(start),
            hi: clamp(end),
        }
    }

    pub fn empty_at(offset: usize) -> Self {
        Self::new(offset, offset)
    }

    /// The first byte.
    pub const fn start(&self) -> usize {
        self.lo as usize
    }

    /// The byte after the last one.
    pub const fn end(&self) -> usize {
        self.hi as usize
    }

    /// The bytes as a range, to slice the text with.
    pub const fn range(&self) -> std::ops::Range<usize> {
        self.start()..self.end()
    }

    /// This span with its end moved to `end`.
    #[must_use]
    pub fn with_end(self, end: usize) -> Self {
        Self::new(self.start(), end)
    }
}

/// Index of a file in [`Sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FileId(pub u32);

/// One file that was read (or tried): its path as reached from the command
/// line and its text, if it could be read as text.
#[derive(Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    /// How findings name the file.
    pub shown: Shown,
    /// The text; empty while evicted (see [`SourceFile::evict`]).
    pub text: String,
    /// What the text was, while it is evicted: its length and hash.
    evicted: Option<(usize, u64)>,
    /// Computed on first use: most files of a large record set have no
    /// finding, so their lines are never counted.
    line_starts: OnceLock<Vec<u32>>,
    /// The number of characters before every [`CHECKPOINT`]th byte, so that
    /// a column on a 20 MB line costs at most that many bytes to count.
    char_checkpoints: OnceLock<Vec<usize>>,
}

/// Bytes between two entries of `SourceFile::char_checkpoints`.
const CHECKPOINT: usize = 256;

const BOM: &str = "\u{feff}";

/// A 1-based line and character column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    pub fn new(path: PathBuf, text: String) -> Self {
        Self {
            shown: paths::shown(&path),
            path,
            line_starts: OnceLock::new(),
            char_checkpoints: OnceLock::new(),
            text,
            evicted: None,
        }
    }

    /// Frees the text of a file read from disk that nothing points into
    /// yet: records keep their values, and most files of a large record set
    /// get no finding, so holding every text until the report would double
    /// the memory a run needs. [`SourceFile::restore`] reads it back.
    pub fn evict(&mut self) {
        if self.evicted.is_none() && !self.text.is_empty() {
            self.evicted = Some((self.text.len(), text_hash(self.text.as_bytes())));
            self.text = String::new();
        }
    }

    /// Reads an evicted text back from disk (see [`Sources::restore`]). `Err` when the file is gone or
    /// changed since it was checked; its text is then whatever could be read
    /// now (so places stay inside it), and may not be what was checked.
    fn restore(&mut self) -> Result<(), String> {
        let Some((len, hash)) = self.evicted.take() else {
            return Ok(());
        };
        match std::fs::read(&self.path) {
            Ok(bytes) => {
                let same = bytes.len() == len && text_hash(&bytes) == hash;
                // Valid UTF-8 (it was when checked) becomes the text as it is.
                self.text = String::from_utf8(bytes)
                    .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned());
                if same {
                    Ok(())
                } else {
                    Err("the file changed while recheck was checking it".to_owned())
                }
            }
            Err(error) => Err(format!("the file could not be read again: {error}")),
        }
    }

    /// The path as findings show it: relative to the current directory when
    /// the file is below it, else as reached; with `/`.
    pub fn display_path(&self) -> &str {
        &self.shown.display
    }

    /// The path relative to the repository root when the file is inside
    /// it, else [`SourceFile::display_path`]: what GitHub expects.
    pub fn path_from_root(&self) -> &str {
        self.shown
            .from_root
            .as_deref()
            .unwrap_or(&self.shown.display)
    }

    fn starts(&self) -> &[u32] {
        self.line_starts.get_or_init(|| line_starts(&self.text))
    }

    /// The 0-based line holding a byte offset (clamped to the text).
    pub fn line_index(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        self.starts()
            .partition_point(|&start| start as usize <= offset)
            - 1
    }

    /// Where 0-based line `index` starts; the end of the text past the last.
    pub fn line_start(&self, index: usize) -> usize {
        self.starts()
            .get(index)
            .map_or(self.text.len(), |&start| start as usize)
    }

    /// Line and character column of a byte offset (clamped to the text). A
    /// byte-order mark is not a column.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let line_index = self.line_index(offset);
        let mut line_start = self.line_start(line_index);
        if line_start == 0 && self.text.starts_with(BOM) && offset >= BOM.len() {
            line_start = BOM.len();
        }
        let column = self.chars_before(offset) - self.chars_before(line_start) + 1;
        LineCol {
            line: line_index + 1,
            column,
        }
    }

    /// The number of characters before byte `offset` (a char boundary).
    fn chars_before(&self, offset: usize) -> usize {
        let checkpoint = offset / CHECKPOINT;
        let from = checkpoint * CHECKPOINT;
        let checkpoints = self
            .char_checkpoints
            .get_or_init(|| char_checkpoints(&self.text));
        checkpoints[checkpoint] + count_char_starts(&self.text.as_bytes()[from..offset])
    }
}

fn text_hash(bytes: &[u8]) -> u64 {
    // A fast hash is enough: this notices a file edited during the run, it
    // does not guard against anyone.
    use std::hash::BuildHasher as _;
    rustc_hash::FxBuildHasher.hash_one(bytes)
}

/// Where each line starts: after `\n`, and after a `\r` not followed by
/// `\n` (YAML reads a lone CR as a line break, as old Mac files have them).
fn line_starts(text: &str) -> Vec<u32> {
    // Offsets fit in `u32`: files are limited to `MAX_FILE_SIZE`.
    let at = |offset: usize| u32::try_from(offset).unwrap_or(u32::MAX);
    let bytes = text.as_bytes();
    // Without carriage returns, lines end at newlines only, which the
    // standard library finds with `memchr`, many bytes at a time.
    if !bytes.contains(&b'\r') {
        let ends = text.match_indices('\n').map(|(offset, _)| at(offset + 1));
        return std::iter::once(0).chain(ends).collect();
    }
    let mut starts = vec![0];
    for (offset, &byte) in bytes.iter().enumerate() {
        if byte == b'\n' || (byte == b'\r' && bytes.get(offset + 1) != Some(&b'\n')) {
            starts.push(at(offset + 1));
        }
    }
    starts
}

/// Characters before each multiple of [`CHECKPOINT`] bytes (and the end).
fn char_checkpoints(text: &str) -> Vec<usize> {
    let mut checkpoints = vec![0];
    let mut chars = 0;
    for chunk in text.as_bytes().chunks(CHECKPOINT) {
        chars += count_char_starts(chunk);
        checkpoints.push(chars);
    }
    checkpoints
}

/// Characters starting in `bytes`: every byte but UTF-8 continuation bytes.
fn count_char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count()
}

/// Byte offset of a 1-based line and character column in `text`, clamped to
/// the line and the text. Used for parser errors that carry no byte offset.
pub fn offset_of(text: &str, position: LineCol) -> usize {
    let starts = line_starts(text);
    let Some(&line_start) = starts.get(position.line.max(1) - 1) else {
        return text.len();
    };
    let line_start = line_start as usize;
    let line_end = starts
        .get(position.line.max(1))
        .map_or(text.len(), |&next| (next as usize).saturating_sub(1))
        .max(line_start);
    text[line_start..line_end]
        .char_indices()
        .nth(position.column.saturating_sub(1))
        .map_or(line_end, |(i, _)| line_start + i)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// All files of one run, in the order they were read.
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    pub fn add(&mut self, file: SourceFile) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(file);
        id
    }

    /// Appends every file of `other`; their ids move up by this arena's
    /// length.
    pub fn append(&mut self, other: Self) {
        self.files.extend(other.files);
    }

    /// Frees the text of every file (see [`SourceFile::evict`]).
    pub fn evict_all(&mut self) {
        self.files.iter_mut().for_each(SourceFile::evict);
    }

    /// Reads back the evicted texts of the `wanted` files (sorted), in
    /// parallel, and indexes their lines for the report; gives the files
    /// that could not be restored as they were checked, and why.
    pub fn restore(&mut self, wanted: &[FileId]) -> Vec<(FileId, String)> {
        use rayon::prelude::*;
        self.files
            .par_iter_mut()
            .enumerate()
            .filter_map(|(at, file)| {
                let id = FileId(u32::try_from(at).unwrap_or(u32::MAX));
                wanted.binary_search(&id).ok()?;
                let restored = file.restore();
                file.starts();
                restored.err().map(|why| (id, why))
            })
            .collect()
    }

    /// The file behind an id this arena handed out.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new(PathBuf::from("t.yaml"), text.to_owned())
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let f = file("name: Doğan\nid: x\n");
        let x = f.text.find('x').unwrap();
        assert_eq!(f.line_col(x), LineCol { line: 2, column: 5 });
        let end = f.text.find('\n').unwrap();
        assert_eq!(
            f.line_col(end),
            LineCol {
                line: 1,
                column: 12
            }
        );
    }

    #[test]
    fn lines_start_after_each_line_break() {
        assert_eq!(line_starts("a\nb\n\nc"), [0, 2, 4, 5]);
        assert_eq!(line_starts("a\r\nb\rc\n"), [0, 3, 5, 7]);
        assert_eq!(line_starts(""), [0]);
    }

    #[test]
    fn offsets_round_trip_through_line_and_column() {
        let f = file("a: ğğ\r\nb: c\n");
        for offset in [0, 3, 5, 7, 9, 10, 12] {
            assert_eq!(
                offset_of(&f.text, f.line_col(offset)),
                offset,
                "offset {offset}"
            );
        }
    }

    #[test]
    fn lone_carriage_returns_break_lines_and_a_bom_is_no_column() {
        let f = file("a: 1\rb: 2\r\nc: ğ x");
        let x = f.text.find('x').unwrap();
        assert_eq!(f.line_col(x), LineCol { line: 3, column: 6 });
        let b = f.text.find('b').unwrap();
        assert_eq!(f.line_col(b), LineCol { line: 2, column: 1 });
        assert_eq!(offset_of(&f.text, LineCol { line: 2, column: 1 }), b);
        let f = file("\u{feff}a: 1\n");
        assert_eq!(f.line_col(3), LineCol { line: 1, column: 1 });
        assert_eq!(f.line_col(6), LineCol { line: 1, column: 4 });
    }

    #[test]
    fn columns_on_a_long_line_are_counted_through_checkpoints() {
        let text = format!("{}x", "ğa".repeat(1000));
        let f = file(&text);
        let x = f.text.find('x').unwrap();
        assert_eq!(
            f.line_col(x),
            LineCol {
                line: 1,
                column: 2001
            }
        );
        assert_eq!(
            f.line_col(x + 1),
            LineCol {
                line: 1,
                column: 2002
            }
        );
    }

    #[test]
    fn positions_past_the_end_are_clamped() {
        let f = file("a: 1");
        assert_eq!(f.line_col(99), LineCol { line: 1, column: 5 });
        assert_eq!(offset_of(&f.text, LineCol { line: 9, column: 1 }), 4);
    }
}
