//! The adversarial corpus: hostile inputs the records loader must survive.
//!
//! Each case is generated here into a fresh temporary directory (nothing
//! large is committed): a `records/` directory holding the hostile file (or
//! directory, or link) and `neighbour.yaml`, a valid records file with
//! exactly one planted `date-order` defect. The real binary is run as
//! `recheck records/ --format json` under a wall-clock limit, and for every
//! case:
//!
//! - it ends on its own (no hang) and does not crash or panic;
//! - it exits 1 (the neighbour always carries an error);
//! - standard output is one JSON object;
//! - the neighbour's `date-order` finding is still reported, so one hostile
//!   file never hides the others;
//! - the hostile file gets what its case expects ([`Hostile`]): a `syntax`
//!   or `schema` finding naming it, or no finding at all when it is valid.
//!
//! The cases are listed in [`cases!`] below, one test each, so a failure names
//! its case and lists every problem of its run; each test prints what the run
//! did (exit code, time, the findings on the hostile file; see them with
//! `-- --nocapture`).
//!
//! Every child runs with its address space capped (16 GiB, `RLIMIT_AS`), so a
//! case that makes the loader allocate without bound fails instead of taking
//! the machine down. The cases marked `measure` (alias bombs, the 20 MB line,
//! the 1 MB id, the 50 MB file) also measure the child's peak resident memory
//! alone, from a probe process (see [`measured_run`]). Unreadable entries
//! cannot be made for root, so under root those cases run the binary as
//! `nobody`.
//!
//! The slow cases (a 50 MB records file and its peak memory, a directory of
//! 20,000 files) are `#[ignore]`d in the default run; `.ci/run` runs them
//! explicitly with
//!
//! ```sh
//! cargo test --release --test adversarial -- --ignored
//! ```

use std::ffi::OsString;
use std::fmt::Write as _;
use std::fs;
use std::io::Read;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Once;
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

/// The limit after which a run counts as a hang.
const TIMEOUT: Duration = Duration::from_secs(if cfg!(debug_assertions) { 60 } else { 30 });
/// The limit for the cases that make 100,000 findings (15–30 s in a debug
/// build on 2 shared cores): generous enough not to flake, and a real hang
/// (the quadratic paths took hours) still fails.
const HEAVY_TIMEOUT: Duration = Duration::from_secs(if cfg!(debug_assertions) { 240 } else { 60 });
/// The limit for the cases that are large on purpose.
const LARGE_TIMEOUT: Duration = Duration::from_secs(if cfg!(debug_assertions) { 900 } else { 300 });
/// The address space every child may use.
const ADDRESS_SPACE_LIMIT: u64 = 16 << 30;
/// What the binary holds before reading anything large (about 14 MiB).
const BASELINE_RSS: u64 = 64 << 20;
/// `nobody`, who runs the unreadable-entry cases when the tests run as root.
const NOBODY: u32 = 65_534;

/// The valid neighbour: one organization, one person, and one membership that
/// ends before it starts (the only finding it gives).
const NEIGHBOUR: &str = "\
# A valid records file with exactly one planted `date-order` defect.
organizations:
  - id: nb-org
    name: Neighbour Organization
persons:
  - id: nb-person
    name: Neighbour Person
memberships:
  - id: nb-membership
    person_id: nb-person
    organization_id: nb-org
    role: member
    start_date: 2020-05-01
    end_date: 2019-05-01
";

/// Where the neighbour's defect is: the `end_date` value.
const NEIGHBOUR_DEFECT: (u64, u64) = (14, 15);

/// What the hostile file must get.
#[derive(Debug, Clone, Copy)]
enum Hostile {
    /// At least one finding naming it, with one of these rule ids.
    Finding(&'static [&'static str]),
    /// At least one finding naming it, every one with one of these rule ids
    /// (a valid file with planted rule defects: no `syntax` or `schema`).
    Only(&'static [&'static str]),
    /// No finding naming it: the file is valid.
    Accepted,
}

/// A case of the corpus.
struct Case {
    name: &'static str,
    /// The hostile entry, relative to the records directory.
    hostile: &'static str,
    /// Writes the hostile entry into the records directory; it may also
    /// write next to that directory (a symbolic link's target outside it).
    write: fn(&Path),
    expect: Hostile,
    /// Checks of its own, after the common ones.
    extra: Option<fn(&Checked, &mut Vec<String>)>,
    /// The hostile entry is made unreadable: run as `nobody` under root.
    unreadable: bool,
    /// Measure the run's peak memory: under 10× the records' bytes plus a
    /// baseline of [`BASELINE_RSS`].
    measure: bool,
    timeout: Duration,
}

/// One run of the binary.
#[derive(Debug)]
struct Run {
    code: Option<i32>,
    signal: Option<i32>,
    timed_out: bool,
    stdout: String,
    stdout_utf8: bool,
    stderr: String,
    elapsed: Duration,
    /// The directory the child ran in (JSON paths are relative to it when
    /// below it).
    cwd: PathBuf,
}

/// A case after its run.
struct Checked<'a> {
    records: PathBuf,
    hostile: PathBuf,
    run: &'a Run,
    report: Option<Value>,
}

impl Checked<'_> {
    fn findings(&self) -> &[Value] {
        self.report
            .as_ref()
            .and_then(|r| r["findings"].as_array())
            .map_or(&[], Vec::as_slice)
    }

    /// Findings whose file is `path`, or below it.
    fn findings_on(&self, path: &Path) -> Vec<&Value> {
        self.findings()
            .iter()
            .filter(|f| {
                f["file"]
                    .as_str()
                    .is_some_and(|file| within(&self.run.cwd, file, path))
            })
            .collect()
    }

    fn hostile_findings(&self) -> Vec<&Value> {
        self.findings_on(&self.hostile)
    }
}

/// Whether a reported `file` (relative to `cwd`, or absolute) is `path` or
/// lies below it. Compared as text, so a file name that is not UTF-8 matches
/// its lossy spelling.
fn within(cwd: &Path, file: &str, path: &Path) -> bool {
    let file = Path::new(file);
    let file = if file.is_absolute() {
        file.to_path_buf()
    } else {
        cwd.join(file)
    };
    let file = file.to_string_lossy().into_owned();
    let path = path.to_string_lossy().into_owned();
    file == path || file.starts_with(&format!("{path}/"))
}

/// Whether a reported `file` is exactly `path`.
fn names(cwd: &Path, file: &str, path: &Path) -> bool {
    let file = Path::new(file);
    let file = if file.is_absolute() {
        file.to_path_buf()
    } else {
        cwd.join(file)
    };
    file.to_string_lossy() == path.to_string_lossy()
}

fn limit_address_space() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        use nix::sys::resource::{Resource, getrlimit, setrlimit};
        if let Ok((soft, hard)) = getrlimit(Resource::RLIMIT_AS) {
            let wanted = ADDRESS_SPACE_LIMIT.min(hard);
            if wanted < soft {
                setrlimit(Resource::RLIMIT_AS, wanted, hard).expect("lower RLIMIT_AS");
            }
        }
    });
}

/// Runs `recheck ARGS` in `cwd`, as `uid` if given, killing it after `timeout`.
fn run_recheck(args: &[OsString], cwd: &Path, uid: Option<u32>, timeout: Duration) -> Run {
    limit_address_space();
    let mut command = Command::new(env!("CARGO_BIN_EXE_recheck"));
    command
        .args(args)
        .current_dir(cwd)
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(uid) = uid {
        command.uid(uid).gid(uid);
    }
    let start = Instant::now();
    let mut child = command.spawn().expect("recheck starts");
    let drain = |mut pipe: Box<dyn Read + Send>| {
        thread::spawn(move || {
            let mut bytes = Vec::new();
            pipe.read_to_end(&mut bytes).expect("read a pipe");
            bytes
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("stdout is piped")));
    let stderr = drain(Box::new(child.stderr.take().expect("stderr is piped")));
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait().expect("poll recheck") {
            break status;
        }
        if start.elapsed() > timeout {
            timed_out = true;
            child.kill().expect("kill a hanging recheck");
            break child.wait().expect("reap recheck");
        }
        thread::sleep(Duration::from_millis(10));
    };
    let elapsed = start.elapsed();
    let stdout = stdout.join().expect("stdout drained");
    let stderr = stderr.join().expect("stderr drained");
    let stdout_utf8 = std::str::from_utf8(&stdout).is_ok();
    Run {
        code: status.code(),
        signal: status.signal(),
        timed_out,
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stdout_utf8,
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
        elapsed,
        cwd: cwd.to_path_buf(),
    }
}

/// `recheck <records> --format json`, from the crate's directory.
fn run_json(records: &Path, timeout: Duration) -> Run {
    run_recheck(
        &[records.into(), "--format".into(), "json".into()],
        Path::new(env!("CARGO_MANIFEST_DIR")),
        None,
        timeout,
    )
}

/// A fresh corpus directory: `<tmp>/records/` with the neighbour in it.
fn corpus() -> (tempfile::TempDir, PathBuf) {
    let root = tempfile::tempdir().expect("a temporary directory");
    let records = root.path().join("records");
    fs::create_dir(&records).expect("create records/");
    fs::write(records.join("neighbour.yaml"), NEIGHBOUR).expect("write the neighbour");
    (root, records)
}

/// The checks every case shares; the problems found, empty when it passed.
fn common_checks(checked: &Checked, expect: Hostile) -> Vec<String> {
    let run = checked.run;
    let mut problems = Vec::new();
    if run.timed_out {
        problems.push(format!("hang: killed after {:.1?}", run.elapsed));
    }
    if let Some(signal) = run.signal.filter(|_| !run.timed_out) {
        problems.push(format!("crashed: killed by signal {signal}"));
    }
    if run.stderr.contains("panicked") {
        problems.push("panicked (see stderr)".to_owned());
    }
    if run.stderr.contains("memory allocation") || run.stderr.contains("overflowed its stack") {
        problems.push("aborted (see stderr)".to_owned());
    }
    if run.code != Some(1) && !run.timed_out {
        problems.push(format!("exit code {:?}, expected 1", run.code));
    }
    if !run.stdout_utf8 {
        problems.push("stdout is not UTF-8".to_owned());
    }
    let Some(report) = &checked.report else {
        problems.push(format!(
            "stdout is not one JSON object ({} bytes): {}",
            run.stdout.len(),
            excerpt(&run.stdout, 300)
        ));
        return problems;
    };
    if report["version"] != 1 {
        problems.push("JSON has no `version: 1`".to_owned());
    }
    let neighbour = checked.records.join("neighbour.yaml");
    let on_neighbour = checked.findings_on(&neighbour);
    let date_order = on_neighbour
        .iter()
        .filter(|f| f["rule"] == "date-order")
        .filter(|f| {
            (f["line"].as_u64(), f["column"].as_u64())
                == (Some(NEIGHBOUR_DEFECT.0), Some(NEIGHBOUR_DEFECT.1))
        })
        .count();
    if date_order != 1 || on_neighbour.len() != 1 {
        problems.push(format!(
            "the neighbour's one `date-order` finding at {}:{} is not reported alone: {}",
            NEIGHBOUR_DEFECT.0,
            NEIGHBOUR_DEFECT.1,
            describe(&on_neighbour)
        ));
    }
    let hostile = checked.hostile_findings();
    match expect {
        Hostile::Finding(rules) => {
            if !hostile
                .iter()
                .any(|f| rules.iter().any(|r| f["rule"] == *r))
            {
                problems.push(format!(
                    "no {} finding naming the hostile entry; on it: {}",
                    rules.join("/"),
                    describe(&hostile)
                ));
            }
        }
        Hostile::Only(rules) => {
            let other: Vec<&Value> = hostile
                .iter()
                .copied()
                .filter(|f| !rules.iter().any(|r| f["rule"] == *r))
                .collect();
            if hostile.is_empty() || !other.is_empty() {
                problems.push(format!(
                    "expected only {} findings on the hostile file; on it: {}",
                    rules.join("/"),
                    describe(&hostile)
                ));
            }
        }
        Hostile::Accepted => {
            if !hostile.is_empty() {
                problems.push(format!(
                    "the hostile file is valid but got findings: {}",
                    describe(&hostile)
                ));
            }
        }
    }
    problems
}

fn excerpt(text: &str, max: usize) -> String {
    let mut out: String = text.chars().take(max).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

/// Findings in one line each: `rule@line:column "message"`, at most five.
fn describe(findings: &[&Value]) -> String {
    if findings.is_empty() {
        return "none".to_owned();
    }
    let mut out = format!("{} finding(s): ", findings.len());
    for f in findings.iter().take(5) {
        let _ = write!(
            out,
            "[{}@{}:{} {:?}] ",
            f["rule"].as_str().unwrap_or("?"),
            f["line"],
            f["column"],
            excerpt(f["message"].as_str().unwrap_or(""), 160)
        );
    }
    out
}

fn parse_report(run: &Run) -> Option<Value> {
    serde_json::from_str::<Value>(&run.stdout)
        .ok()
        .filter(Value::is_object)
}

/// Makes the case directory traversable by `nobody` (the tempdir is 0700),
/// leaving the unreadable entry as it is.
fn open_for_nobody(root: &Path, records: &Path, hostile: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let set = |path: &Path, mode: u32| {
        fs::set_permissions(path, fs::Permissions::from_mode(mode)).expect("chmod");
    };
    set(root, 0o755);
    set(records, 0o755);
    for entry in fs::read_dir(records).expect("list records/") {
        let path = entry.expect("an entry").path();
        if path != hostile {
            let dir = path.is_dir();
            set(&path, if dir { 0o755 } else { 0o644 });
        }
    }
}

/// Whether this process can read `path` although it is mode 000 (root).
fn readable_anyway(path: &Path) -> bool {
    if path.is_dir() {
        fs::read_dir(path).is_ok()
    } else {
        fs::read(path).is_ok()
    }
}

fn restore(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mode = if path.is_dir() { 0o755 } else { 0o644 };
    let _ = fs::set_permissions(path, fs::Permissions::from_mode(mode));
}

/// Generates, runs and checks one case; panics with every problem found.
fn check(case: &Case) {
    if let Some(records) = std::env::var_os(PROBE) {
        probe(Path::new(&records), case.timeout);
        return;
    }
    let (root, records) = corpus();
    (case.write)(&records);
    let hostile = records.join(case.hostile);
    let mut notes = Vec::new();
    let mut memory_problem = None;
    let run = if case.unreadable && readable_anyway(&hostile) {
        // Root reads mode-000 files: run the binary as `nobody` instead.
        open_for_nobody(root.path(), &records, &hostile);
        let args = [records.clone().into(), "--format".into(), "json".into()];
        let probe = Command::new(env!("CARGO_BIN_EXE_recheck"))
            .arg("--help")
            .current_dir("/")
            .uid(NOBODY)
            .gid(NOBODY)
            .stdout(Stdio::null())
            .status();
        if !probe.is_ok_and(|s| s.success()) {
            restore(&hostile);
            eprintln!(
                "[{}] SKIPPED: running as root and the binary cannot be run as nobody; \
                 an unreadable entry cannot be made here",
                case.name
            );
            return;
        }
        notes.push("ran as nobody (uid 65534): the tests run as root".to_owned());
        run_recheck(&args, Path::new("/"), Some(NOBODY), case.timeout)
    } else if case.measure {
        let (run, peak) = measured_run(case.name, &records);
        let limit = bytes_in(&records).saturating_mul(10) + BASELINE_RSS;
        notes.push(format!(
            "peak RSS {} MiB (limit {} MiB)",
            peak >> 20,
            limit >> 20
        ));
        if peak > limit {
            memory_problem = Some(format!(
                "peak memory {} MiB is over 10× the records' size plus {} MiB: {} MiB",
                peak >> 20,
                BASELINE_RSS >> 20,
                limit >> 20
            ));
        }
        run
    } else {
        run_json(&records, case.timeout)
    };
    if case.unreadable {
        restore(&hostile);
    }
    let checked = Checked {
        records: records.clone(),
        hostile,
        report: parse_report(&run),
        run: &run,
    };
    let mut problems = common_checks(&checked, case.expect);
    problems.extend(memory_problem);
    if let Some(extra) = case.extra {
        extra(&checked, &mut problems);
    }
    let summary = format!(
        "[{}] exit={:?}{} in {:.2?}; hostile: {}{}{}",
        case.name,
        run.code,
        run.signal
            .map(|s| format!(" signal={s}"))
            .unwrap_or_default(),
        run.elapsed,
        describe(&checked.hostile_findings()),
        if notes.is_empty() {
            String::new()
        } else {
            format!("; {}", notes.join("; "))
        },
        if run.stderr.trim().is_empty() {
            String::new()
        } else {
            format!("; stderr: {}", excerpt(run.stderr.trim(), 400))
        },
    );
    eprintln!("{summary}");
    drop(root);
    assert!(
        problems.is_empty(),
        "{summary}\nproblems:\n- {}",
        problems.join("\n- ")
    );
}

/// One `#[test]` per case.
macro_rules! cases {
    ($(
        $(#[$attr:meta])*
        $name:ident: $hostile:expr, $write:expr, $expect:expr
            $(, extra = $extra:expr)? $(, unreadable = $unreadable:expr)?
            $(, measure = $measure:expr)? $(, timeout = $timeout:expr)?;
    )*) => {$(
        #[test]
        $(#[$attr])*
        fn $name() {
            #[allow(unused_mut, unused_assignments)]
            let mut extra: Option<fn(&Checked, &mut Vec<String>)> = None;
            $(let e: fn(&Checked, &mut Vec<String>) = $extra; extra = Some(e);)?
            #[allow(unused_mut, unused_assignments)]
            let mut unreadable = false;
            $(unreadable = $unreadable;)?
            #[allow(unused_mut, unused_assignments)]
            let mut measure = false;
            $(measure = $measure;)?
            #[allow(unused_mut, unused_assignments)]
            let mut timeout = TIMEOUT;
            $(timeout = $timeout;)?
            check(&Case {
                name: stringify!($name),
                hostile: $hostile,
                write: $write,
                expect: $expect,
                extra,
                unreadable,
                measure,
                timeout,
            });
        }
    )*};
}

const SYNTAX: Hostile = Hostile::Finding(&["syntax"]);
const SCHEMA: Hostile = Hostile::Finding(&["schema"]);
const SYNTAX_OR_SCHEMA: Hostile = Hostile::Finding(&["syntax", "schema"]);
const DATE_ORDER_ONLY: Hostile = Hostile::Only(&["date-order"]);
const HOSTILE: &str = "hostile.yaml";

cases! {
    // Aliases and nesting.
    alias_bomb_billion_laughs: HOSTILE, |d| put(d, HOSTILE, billion_laughs()), SYNTAX,
        measure = true;
    alias_bomb_quadratic_1mb_scalar: HOSTILE, |d| put(d, HOSTILE, quadratic_alias()), SYNTAX,
        measure = true;
    aliases_ordinary_use: HOSTILE, |d| put(d, HOSTILE, ORDINARY_ALIASES), Hostile::Accepted;
    nesting_100k_block_sequences: HOSTILE,
        |d| put(d, HOSTILE, format!("persons:\n{}x\n", "- ".repeat(100_000))), SYNTAX;
    nesting_100k_block_explicit_keys: HOSTILE,
        |d| put(d, HOSTILE, format!("{}x\n", "? ".repeat(100_000))), SYNTAX;
    nesting_100k_flow_sequences: HOSTILE,
        |d| put(d, HOSTILE, format!("persons: {}{}\n", "[".repeat(100_000), "]".repeat(100_000))),
        SYNTAX;
    nesting_100k_flow_mappings: HOSTILE,
        |d| put(d, HOSTILE, format!("persons: {}x{}\n", "{a: ".repeat(100_000), "}".repeat(100_000))),
        SYNTAX;

    // Size.
    line_20mb_with_a_defect_at_its_end: HOSTILE, |d| put(d, HOSTILE, long_line()), DATE_ORDER_ONLY,
        extra = long_line_position, measure = true;
    mapping_100k_keys: HOSTILE, |d| put(d, HOSTILE, many_keys()), SCHEMA,
        timeout = HEAVY_TIMEOUT;
    key_1mb: HOSTILE,
        |d| put(d, HOSTILE, format!("persons:\n  - id: h-long-key\n    name: Long Key\n    {}: x\n", "k".repeat(1 << 20))),
        SYNTAX_OR_SCHEMA;
    id_1mb: HOSTILE, |d| put(d, HOSTILE, huge_id(false)), Hostile::Accepted,
        measure = true;
    id_1mb_dangling_reference_close_to_an_id: HOSTILE, |d| put(d, HOSTILE, huge_id(true)),
        Hostile::Only(&["unknown-reference"]);
    defects_100k_date_order: HOSTILE, |d| put(d, HOSTILE, many_defects()), DATE_ORDER_ONLY,
        extra = hundred_thousand_defects, timeout = HEAVY_TIMEOUT;
    one_line_with_20k_defects: HOSTILE, |d| put(d, HOSTILE, one_line_defects()), DATE_ORDER_ONLY,
        extra = twenty_thousand_defects;
    dangling_references_100k_among_100k_ids: HOSTILE, |d| put(d, HOSTILE, many_dangling()),
        Hostile::Only(&["unknown-reference"]), extra = hundred_thousand_dangling,
        timeout = HEAVY_TIMEOUT;

    // Bytes and encodings.
    binary_junk_with_nul_bytes: HOSTILE, |d| put(d, HOSTILE, junk()), SYNTAX;
    nul_byte_in_utf8_text: HOSTILE,
        |d| put(d, HOSTILE, "organizations:\n  - id: h-nul\n    name: Nul\0Byte\n"), SYNTAX_OR_SCHEMA;
    invalid_utf8_inside_a_value: HOSTILE,
        |d| put(d, HOSTILE, &b"organizations:\n  - id: h-bad-utf8\n    name: Do\xf0an\n"[..]), SYNTAX,
        extra = |c, p| expect_at(c, p, "syntax", 3, 13);
    utf16_le_with_bom: HOSTILE, |d| put(d, HOSTILE, utf16(true, true)), SYNTAX;
    utf16_be_with_bom: HOSTILE, |d| put(d, HOSTILE, utf16(false, true)), SYNTAX;
    utf16_le_without_bom: HOSTILE, |d| put(d, HOSTILE, utf16(true, false)), SYNTAX;
    utf8_bom_accepted_block: HOSTILE, |d| put(d, HOSTILE, format!("\u{feff}{DEFECT_BLOCK}")),
        DATE_ORDER_ONLY, extra = |c, p| expect_defect_where_lf_puts_it(c, p, DEFECT_BLOCK);
    utf8_bom_accepted_columns_on_line_1: HOSTILE, |d| put(d, HOSTILE, format!("\u{feff}{DEFECT_FLOW}")),
        DATE_ORDER_ONLY, extra = |c, p| expect_defect_where_lf_puts_it(c, p, DEFECT_FLOW);
    crlf_accepted_with_lf_positions: HOSTILE, |d| put(d, HOSTILE, DEFECT_BLOCK.replace('\n', "\r\n")),
        DATE_ORDER_ONLY, extra = |c, p| expect_defect_where_lf_puts_it(c, p, DEFECT_BLOCK);
    crlf_syntax_error_at_lf_position: HOSTILE, |d| put(d, HOSTILE, UNCLOSED_QUOTE.replace('\n', "\r\n")),
        SYNTAX, extra = |c, p| expect_same_as_lf(c, p, UNCLOSED_QUOTE);
    crlf_schema_error_at_lf_position: HOSTILE, |d| put(d, HOSTILE, NAME_42.replace('\n', "\r\n")),
        SCHEMA, extra = |c, p| expect_same_as_lf(c, p, NAME_42);
    cr_only_line_endings_with_lf_positions: HOSTILE, |d| put(d, HOSTILE, DEFECT_BLOCK.replace('\n', "\r")),
        DATE_ORDER_ONLY, extra = |c, p| expect_defect_where_lf_puts_it(c, p, DEFECT_BLOCK);
    tabs_as_indentation: HOSTILE, |d| put(d, HOSTILE, "organizations:\n\t- id: h-tab\n\t  name: Tab\n"), SYNTAX;
    tabs_as_separators_accepted: HOSTILE,
        |d| put(d, HOSTILE, "organizations:\n  - id:\th-tab-sep\n    name:\tTabbed\tName\t\n"), Hostile::Accepted;

    // Document shapes.
    empty_file: HOSTILE, |d| put(d, HOSTILE, ""), Hostile::Accepted;
    whitespace_only_file: HOSTILE, |d| put(d, HOSTILE, "\n   \n\n"), Hostile::Accepted;
    comment_only_file: HOSTILE, |d| put(d, HOSTILE, "# nothing yet\n  # still nothing\n"), Hostile::Accepted;
    bom_only_file: HOSTILE, |d| put(d, HOSTILE, "\u{feff}"), Hostile::Accepted;
    multi_document_stream: HOSTILE,
        |d| put(d, HOSTILE, "organizations: []\n---\npersons: []\n"), SYNTAX;
    explicit_single_document_accepted: HOSTILE,
        |d| put(d, HOSTILE, "---\norganizations:\n  - id: h-doc\n    name: Explicit Document\n...\n"),
        Hostile::Accepted;
    top_level_list: HOSTILE, |d| put(d, HOSTILE, "- id: h-list\n  name: A List\n"), SYNTAX;
    top_level_scalar: HOSTILE, |d| put(d, HOSTILE, "just a sentence\n"), SYNTAX;

    // Values.
    date_year_99999999: HOSTILE, |d| put(d, HOSTILE, birth_date("99999999-01-01")), SCHEMA;
    date_year_minus_1: HOSTILE, |d| put(d, HOSTILE, birth_date("-0001-01-01")), SCHEMA;
    date_month_00: HOSTILE, |d| put(d, HOSTILE, birth_date("2024-00-10")), SCHEMA;
    name_integer: HOSTILE, |d| put(d, HOSTILE, NAME_42), SCHEMA;
    name_null: HOSTILE, |d| put(d, HOSTILE, "organizations:\n  - id: h-name\n    name: null\n"), SCHEMA;
    name_list: HOSTILE, |d| put(d, HOSTILE, "organizations:\n  - id: h-name\n    name: [a, b]\n"), SCHEMA;
    tag_python_object: HOSTILE,
        |d| put(d, HOSTILE, "organizations:\n  - id: h-tag\n    name: !!python/object/apply:os.system [\"true\"]\n"),
        SYNTAX;
    tag_include: HOSTILE, |d| put(d, HOSTILE, "persons: !include other.yaml\n"), SYNTAX;
    merge_keys: HOSTILE, |d| put(d, HOSTILE, MERGE_KEYS), SYNTAX;

    // The file system.
    file_name_with_spaces_and_non_ascii: "a file ü 名前 Ω.yaml",
        |d| put(d, "a file ü 名前 Ω.yaml", DEFECT_BLOCK), DATE_ORDER_ONLY;
    file_name_not_utf8: "bad\u{fffd}name.yaml", write_non_utf8_name, DATE_ORDER_ONLY;
    symlink_loop: "loop", |d| symlink(Path::new("."), &d.join("loop")), SYNTAX,
        extra = |c, p| only_named_exactly(c, p, "loop");
    symlink_inside_followed_once: "inside", write_inside_link, DATE_ORDER_ONLY,
        extra = inside_link_read_once;
    symlink_to_a_file_outside: "outside.yaml", |d| outside_link(d, false), SYNTAX,
        extra = outside_not_followed;
    symlink_to_a_directory_outside: "outside", |d| outside_link(d, true), SYNTAX,
        extra = outside_not_followed;
    symlink_to_dev_zero: "zero.yaml", |d| symlink(Path::new("/dev/zero"), &d.join("zero.yaml")), SYNTAX;
    fifo_named_yaml: "pipe.yaml", write_fifo, SYNTAX;
    unreadable_file: HOSTILE, |d| unreadable(d, false), SYNTAX, unreadable = true;
    unreadable_directory: "locked", |d| unreadable(d, true), SYNTAX, unreadable = true;

    // Large: run with `cargo test --release --test adversarial -- --ignored`.
    #[ignore = "large: 20,000 files; run by .ci/run with --ignored"]
    directory_of_20k_small_files: "many", write_many_files, Hostile::Accepted,
        extra = twenty_thousand_files, timeout = LARGE_TIMEOUT;
}

/// Writes `contents` to `dir/name`.
fn put(dir: &Path, name: &str, contents: impl AsRef<[u8]>) {
    fs::write(dir.join(name), contents).expect("write a corpus file");
}

fn symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).expect("create a symbolic link");
}

/// A valid membership of the neighbour's person that ends before it starts,
/// in block style.
const DEFECT_BLOCK: &str = "\
memberships:
  - id: h-defect
    person_id: nb-person
    organization_id: nb-org
    role: observer
    start_date: 2021-03-01
    end_date: 2020-03-01
";

/// The same defect in flow style, all on line 1.
const DEFECT_FLOW: &str = "{memberships: [{id: h-defect, person_id: nb-person, organization_id: nb-org, role: observer, start_date: 2021-03-01, end_date: 2020-03-01}]}\n";

const UNCLOSED_QUOTE: &str = "\
organizations:
  - id: h-quote
    name: \"Unclosed
    notes: never reached
";

const NAME_42: &str = "organizations:\n  - id: h-name\n    name: 42\n";

const ORDINARY_ALIASES: &str = "\
sources:
  - id: h-src
    published: 2024-01-01
organizations:
  - id: h-alias-org
    name: Alias Organization
    sources: &cited [h-src]
  - id: h-alias-org-two
    name: Second Alias Organization
    sources: *cited
";

const MERGE_KEYS: &str = "\
organizations:
  - &base
    id: h-merge-base
    name: Merge Base
  - <<: *base
    id: h-merge-derived
";

/// The 1-based line and column (in characters) where `needle` starts.
fn position_of(text: &str, needle: &str) -> (u64, u64) {
    let at = text.find(needle).expect("the needle is in the text");
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |n| n + 1)..]
        .chars()
        .count()
        + 1;
    (
        u64::try_from(line).expect("small"),
        u64::try_from(column).expect("small"),
    )
}

/// The hostile file's `rule` finding is at `line`:`column`.
fn expect_at(checked: &Checked, problems: &mut Vec<String>, rule: &str, line: u64, column: u64) {
    let found = checked.hostile_findings();
    let at: Vec<(u64, u64)> = found
        .iter()
        .filter(|f| f["rule"] == rule)
        .map(|f| {
            (
                f["line"].as_u64().unwrap_or(0),
                f["column"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    if !at.contains(&(line, column)) {
        problems.push(format!(
            "expected `{rule}` at {line}:{column}, found at {at:?}"
        ));
    }
}

/// The planted defect is reported where the LF, BOM-less text has it.
fn expect_defect_where_lf_puts_it(checked: &Checked, problems: &mut Vec<String>, lf: &str) {
    let (line, column) = position_of(lf, "2020-03-01");
    expect_at(checked, problems, "date-order", line, column);
    let end = checked
        .hostile_findings()
        .iter()
        .find(|f| f["rule"] == "date-order")
        .map(|f| (f["end_line"].as_u64(), f["end_column"].as_u64()));
    if let Some(end) = end
        && end != (Some(line), Some(column + 10))
    {
        problems.push(format!(
            "the defect should end at {line}:{}, found {end:?}",
            column + 10
        ));
    }
}

/// The hostile file's findings are where the same text with LF line endings
/// puts them.
fn expect_same_as_lf(checked: &Checked, problems: &mut Vec<String>, lf: &str) {
    let (_root, records) = corpus();
    put(&records, HOSTILE, lf);
    let run = run_json(&records, TIMEOUT);
    let reference = Checked {
        records: records.clone(),
        hostile: records.join(HOSTILE),
        report: parse_report(&run),
        run: &run,
    };
    let places = |c: &Checked| -> Vec<String> {
        c.hostile_findings()
            .iter()
            .map(|f| {
                format!(
                    "{} {}:{}-{}:{}",
                    f["rule"], f["line"], f["column"], f["end_line"], f["end_column"]
                )
            })
            .collect()
    };
    let (got, want) = (places(checked), places(&reference));
    if got != want {
        problems.push(format!(
            "positions differ from the LF file: got {got:?}, LF gives {want:?}"
        ));
    }
}

/// Every finding on the hostile entry names it exactly (is not on a path
/// reached through it).
fn only_named_exactly(checked: &Checked, problems: &mut Vec<String>, name: &str) {
    let link = checked.records.join(name);
    let through: Vec<&Value> = checked
        .findings()
        .iter()
        .filter(|f| {
            f["file"].as_str().is_some_and(|file| {
                within(&checked.run.cwd, file, &link) && !names(&checked.run.cwd, file, &link)
            })
        })
        .collect();
    if !through.is_empty() {
        problems.push(format!(
            "files reached through `{name}` were read: {}",
            describe(&through)
        ));
    }
    let files = checked
        .report
        .as_ref()
        .map(|r| r["summary"]["files"].clone());
    if files
        .as_ref()
        .and_then(Value::as_u64)
        .is_some_and(|n| n > 2)
    {
        problems.push(format!("summary.files is {files:?}: the link was followed"));
    }
}

/// A 1 MB scalar anchored once and aliased 1,000 times: 1 GB once expanded.
fn quadratic_alias() -> String {
    let mut text = format!(
        "persons:\n  - id: h-quadratic\n    name: Quadratic\n    other_names:\n      - &big {}\n",
        "x".repeat(1 << 20)
    );
    for _ in 0..1_000 {
        text.push_str("      - *big\n");
    }
    text
}

/// The classic: ten levels of ten aliases, 10^10 strings once expanded.
fn billion_laughs() -> String {
    let mut text = String::from("persons:\n  - id: h-lol\n    name: Laughs\n    notes: &a0 lol\n");
    text.push_str("anchors:\n");
    for i in 1..10 {
        let items = vec![format!("*a{}", i - 1); 10].join(", ");
        let _ = writeln!(text, "  a{i}: &a{i} [{items}]");
    }
    text
}

/// One flow document on one line of 20 MB, with multi-byte characters, and a
/// date-order defect at its very end.
fn long_line() -> String {
    let filler = "ab é ü 名 ".repeat((20 << 20) / "ab é ü 名 ".len());
    format!(
        "{{organizations: [{{id: h-long, name: Long Line, notes: \"{filler}\"}}], \
         memberships: [{{id: h-long-m, person_id: nb-person, organization_id: h-long, role: observer, \
         start_date: 2021-03-01, end_date: 2020-03-01}}]}}\n"
    )
}

fn long_line_position(checked: &Checked, problems: &mut Vec<String>) {
    let text = long_line();
    let (line, column) = position_of(&text, "2020-03-01");
    expect_at(checked, problems, "date-order", line, column);
}

/// One record with 100,000 unknown fields.
fn many_keys() -> String {
    let mut text = String::from("persons:\n  - id: h-keys\n    name: Many Keys\n");
    for i in 0..100_000 {
        let _ = writeln!(text, "    field{i}: {i}");
    }
    text
}

/// A person with a 1 MB id and a membership referring to it; with `dangling`,
/// the membership refers to an id that differs in its last character.
fn huge_id(dangling: bool) -> String {
    let id = format!("h-{}", "i".repeat(1 << 20));
    let reference = if dangling {
        format!("{}j", &id[..id.len() - 1])
    } else {
        id.clone()
    };
    format!(
        "persons:\n  - id: {id}\n    name: Huge Id\nmemberships:\n  - id: h-huge-m\n    person_id: {reference}\n    organization_id: nb-org\n    role: observer\n"
    )
}

/// 100,000 memberships, each ending before it starts.
fn many_defects() -> String {
    let mut text = String::from("memberships:\n");
    for i in 0..100_000 {
        let _ = write!(
            text,
            "  - id: h-m{i}\n    person_id: nb-person\n    organization_id: nb-org\n    role: observer\n    start_date: 2021-03-01\n    end_date: 2020-03-01\n"
        );
    }
    text
}

/// 20,000 persons who die before they are born, all on one line of 1.3 MB
/// (flow style): every column was once counted from the line's start, so
/// this took minutes.
fn one_line_defects() -> String {
    let persons: Vec<String> = (0..20_000)
        .map(|i| format!("{{id: h-p{i}, name: P{i}, birth_date: 2000, death_date: 1990}}"))
        .collect();
    format!("{{persons: [{}]}}\n", persons.join(", "))
}

fn twenty_thousand_defects(checked: &Checked, problems: &mut Vec<String>) {
    let n = checked.hostile_findings().len();
    if n != 20_000 {
        problems.push(format!(
            "expected 20,000 findings on the hostile file, got {n}"
        ));
    }
}

fn hundred_thousand_defects(checked: &Checked, problems: &mut Vec<String>) {
    let n = checked.hostile_findings().len();
    if n != 100_000 {
        problems.push(format!(
            "expected 100,000 findings on the hostile file, got {n}"
        ));
    }
}

/// 100,000 organizations and 100,000 memberships each naming an organization
/// that does not exist (`h-orgx-N`, one letter from `h-org-N`).
fn many_dangling() -> String {
    let mut text = String::from("organizations:\n");
    for i in 0..100_000 {
        let _ = write!(text, "  - id: h-org-{i}\n    name: Organization {i}\n");
    }
    text.push_str("memberships:\n");
    for i in 0..100_000 {
        let _ = write!(
            text,
            "  - id: h-dm{i}\n    person_id: nb-person\n    organization_id: h-orgx-{i}\n    role: observer\n"
        );
    }
    text
}

fn hundred_thousand_dangling(checked: &Checked, problems: &mut Vec<String>) {
    let n = checked.hostile_findings().len();
    if n != 100_000 {
        problems.push(format!(
            "expected 100,000 findings on the hostile file, got {n}"
        ));
    }
}

/// 64 KiB of pseudo-random bytes, NULs included, after a records-like start.
fn junk() -> Vec<u8> {
    let mut bytes = b"persons:\n  - id: \0\0\x01\x02".to_vec();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    while bytes.len() < 64 << 10 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        bytes.extend_from_slice(&state.to_le_bytes());
    }
    bytes
}

/// A small records file in UTF-16.
fn utf16(little_endian: bool, bom: bool) -> Vec<u8> {
    let text = format!(
        "{}organizations:\n  - id: h-utf16\n    name: Sixteen\n",
        if bom { "\u{feff}" } else { "" }
    );
    text.encode_utf16()
        .flat_map(|unit| {
            if little_endian {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            }
        })
        .collect()
}

fn birth_date(date: &str) -> String {
    format!("persons:\n  - id: h-date\n    name: Dated Person\n    birth_date: {date}\n")
}

fn write_non_utf8_name(dir: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let name = std::ffi::OsStr::from_bytes(b"bad\xffname.yaml");
    fs::write(dir.join(name), DEFECT_BLOCK).expect("write a file with a non-UTF-8 name");
}

/// `records/sub/inner.yaml` (a defect) and `records/inside -> sub`: a link
/// that stays inside the records directory.
fn write_inside_link(dir: &Path) {
    fs::create_dir(dir.join("sub")).expect("create sub/");
    put(&dir.join("sub"), "inner.yaml", DEFECT_BLOCK);
    symlink(Path::new("sub"), &dir.join("inside"));
}

/// The defect behind the inside link is reported once, at one of its paths.
fn inside_link_read_once(checked: &Checked, problems: &mut Vec<String>) {
    let through_link = checked.hostile_findings().len();
    let direct = checked.findings_on(&checked.records.join("sub")).len();
    if through_link + direct != 1 {
        problems.push(format!(
            "the file behind the link should be read once: {direct} finding(s) via sub/, {through_link} via the link"
        ));
    }
}

/// `outside/records.yaml` next to the records directory (with an error of
/// its own), and a link to it (or to its directory) inside.
fn outside_link(dir: &Path, directory: bool) {
    let outside = dir.parent().expect("records/ has a parent").join("outside");
    fs::create_dir(&outside).expect("create outside/");
    put(&outside, "records.yaml", NAME_42);
    if directory {
        symlink(&outside, &dir.join("outside"));
    } else {
        symlink(&outside.join("records.yaml"), &dir.join("outside.yaml"));
    }
}

/// The outside file is not read: its own defect (`name: 42`, a `schema`
/// finding) is reported nowhere, neither at the link nor through it nor at
/// its real path, and a finding names the link itself.
fn outside_not_followed(checked: &Checked, problems: &mut Vec<String>) {
    let read: Vec<&Value> = checked
        .findings()
        .iter()
        .filter(|f| f["rule"] == "schema")
        .collect();
    if !read.is_empty() {
        problems.push(format!(
            "the link was followed out of the records directory: {}",
            describe(&read)
        ));
    }
    let exact = checked.hostile_findings().iter().any(|f| {
        f["rule"] != "schema"
            && f["file"]
                .as_str()
                .is_some_and(|file| names(&checked.run.cwd, file, &checked.hostile))
    });
    if !exact {
        problems.push("no finding names the link itself as not followed".to_owned());
    }
}

fn write_fifo(dir: &Path) {
    let status = Command::new("mkfifo")
        .arg(dir.join("pipe.yaml"))
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo failed");
}

/// A mode-000 file (`hostile.yaml`) or directory (`locked/`, with a records
/// file in it).
fn unreadable(dir: &Path, directory: bool) {
    use std::os::unix::fs::PermissionsExt;
    let path = if directory {
        let locked = dir.join("locked");
        fs::create_dir(&locked).expect("create locked/");
        put(&locked, "inner.yaml", NAME_42);
        locked
    } else {
        put(dir, HOSTILE, NAME_42);
        dir.join(HOSTILE)
    };
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).expect("chmod 000");
}

/// 20,000 files of one organization each under `records/many/`.
fn write_many_files(dir: &Path) {
    let many = dir.join("many");
    fs::create_dir(&many).expect("create many/");
    for i in 0..20_000 {
        put(
            &many,
            &format!("org-{i:05}.yaml"),
            format!("organizations:\n  - id: h-many-{i}\n    name: Organization number {i}\n"),
        );
    }
}

fn twenty_thousand_files(checked: &Checked, problems: &mut Vec<String>) {
    let files = checked
        .report
        .as_ref()
        .and_then(|r| r["summary"]["files"].as_u64());
    if files != Some(20_001) {
        problems.push(format!("summary.files is {files:?}, expected 20001"));
    }
}

#[test]
fn the_neighbour_alone_gives_exactly_its_one_date_order_finding() {
    let (_root, records) = corpus();
    let run = run_json(&records, TIMEOUT);
    assert_eq!(run.code, Some(1), "{run:?}");
    let report = parse_report(&run).expect("one JSON object");
    let findings = report["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1, "{report:#}");
    let finding = &findings[0];
    assert_eq!(finding["rule"], "date-order");
    assert!(
        finding["file"]
            .as_str()
            .is_some_and(|f| f.ends_with("neighbour.yaml"))
    );
    assert_eq!(
        (finding["line"].as_u64(), finding["column"].as_u64()),
        (Some(NEIGHBOUR_DEFECT.0), Some(NEIGHBOUR_DEFECT.1))
    );
    assert_eq!(report["summary"]["files"], 1);
}

/// The 50 MB records file: its size in bytes.
const LARGE_FILE_BYTES: usize = 50 << 20;

/// A valid records file of about 50 MB: sources, organizations and the
/// neighbour's person's memberships in them, with notes.
fn large_valid_file() -> String {
    let mut text = String::with_capacity(LARGE_FILE_BYTES + 4096);
    text.push_str("sources:\n");
    for s in 0..100 {
        let _ = write!(
            text,
            "  - id: h-src-{s}\n    title: Report number {s}\n    publisher: Agency\n    published: 2024-06-{:02}\n",
            s % 28 + 1
        );
    }
    text.push_str("organizations:\n");
    let mut i = 0;
    let mut memberships = String::from("memberships:\n");
    while text.len() + memberships.len() < LARGE_FILE_BYTES {
        let _ = write!(
            text,
            "  - id: h-org-{i}\n    name: Organization number {i}\n    classification: committee\n    founding_date: 1990\n    sources: [h-src-{}]\n    notes: >-\n      Founded by an act of the assembly; the record is kept\n      for the comparison of membership periods.\n",
            i % 100
        );
        let _ = write!(
            memberships,
            "  - person_id: nb-person\n    organization_id: h-org-{i}\n    role: observer\n    start_date: 2000-{:02}\n    end_date: 2010-{:02}-15\n    sources: [h-src-{}]\n",
            i % 12 + 1,
            i % 12 + 1,
            i % 100
        );
        i += 1;
    }
    text.push_str(&memberships);
    text
}

/// The 50 MB file: valid, read within the time limit, and at its peak the
/// process holds less than 10 times the file's size.
#[test]
#[ignore = "large: a 50 MB file and its peak memory; run by .ci/run with --ignored"]
fn large_valid_file_50mb() {
    if let Some(records) = std::env::var_os(PROBE) {
        probe(Path::new(&records), LARGE_TIMEOUT);
        return;
    }
    let (_root, records) = corpus();
    let started = Instant::now();
    put(&records, "big.yaml", large_valid_file());
    let size = fs::metadata(records.join("big.yaml"))
        .expect("big.yaml")
        .len();
    eprintln!(
        "[large_valid_file_50mb] wrote {size} bytes in {:.2?}",
        started.elapsed()
    );
    let (run, peak) = measured_run("large_valid_file_50mb", &records);
    let checked = Checked {
        records: records.clone(),
        hostile: records.join("big.yaml"),
        report: parse_report(&run),
        run: &run,
    };
    let mut problems = common_checks(&checked, Hostile::Accepted);
    let records_read = checked
        .report
        .as_ref()
        .map(|r| r["summary"]["records"].clone());
    if peak >= size.saturating_mul(10) {
        problems.push(format!(
            "peak memory {} MiB is not under 10× the file's {} MiB",
            peak >> 20,
            size >> 20
        ));
    }
    let summary = format!(
        "[large_valid_file_50mb] exit={:?} in {:.2?}; {} MiB file, {records_read:?} records, \
         peak RSS {} MiB ({:.1}× the file); hostile: {}",
        run.code,
        run.elapsed,
        size >> 20,
        peak >> 20,
        ratio(peak, size),
        describe(&checked.hostile_findings()),
    );
    eprintln!("{summary}");
    assert!(
        problems.is_empty(),
        "{summary}\nproblems:\n- {}",
        problems.join("\n- ")
    );
}

fn ratio(a: u64, b: u64) -> f64 {
    let tenths = a.saturating_mul(10) / b.max(1);
    f64::from(u32::try_from(tenths).unwrap_or(u32::MAX)) / 10.0
}

/// Set in a probe process to the records directory it runs recheck on.
const PROBE: &str = "RECHECK_ADV_PROBE";

/// Runs recheck on `records` from a probe process, so that its peak memory
/// is measured alone: this test binary runs again, only the test `test`,
/// with [`PROBE`] set; that test sees it, runs recheck as its only child,
/// and writes the outcome and `getrusage(RUSAGE_CHILDREN)` (the peak RSS of
/// the waited-for children) to `probe.json` next to `records`. Returns the
/// run and its peak resident memory in bytes.
fn measured_run(test: &str, records: &Path) -> (Run, u64) {
    let status = Command::new(std::env::current_exe().expect("the test binary"))
        .args([
            test,
            "--exact",
            "--include-ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(PROBE, records)
        .stdout(Stdio::null())
        .status()
        .expect("the probe runs");
    assert!(status.success(), "the probe process failed");
    let out = records
        .parent()
        .expect("records/ has a parent")
        .join("probe.json");
    let probe: Value =
        serde_json::from_str(&fs::read_to_string(out).expect("probe.json")).expect("JSON");
    let int = |key: &str| probe[key].as_i64().and_then(|c| i32::try_from(c).ok());
    let run = Run {
        code: int("code"),
        signal: int("signal"),
        timed_out: probe["timed_out"].as_bool().unwrap_or(false),
        stdout: probe["stdout"].as_str().unwrap_or("").to_owned(),
        stdout_utf8: probe["stdout_utf8"].as_bool().unwrap_or(false),
        stderr: probe["stderr"].as_str().unwrap_or("").to_owned(),
        elapsed: Duration::from_millis(probe["elapsed_ms"].as_u64().unwrap_or(0)),
        cwd: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
    };
    let peak = probe["max_rss_kib"]
        .as_u64()
        .unwrap_or(u64::MAX)
        .saturating_mul(1024);
    (run, peak)
}

/// In the probe process: runs recheck on `records` as the only child of
/// this process and writes its outcome and peak memory next to `records`.
fn probe(records: &Path, timeout: Duration) {
    use nix::sys::resource::{UsageWho, getrusage};
    let run = run_json(records, timeout);
    let usage = getrusage(UsageWho::RUSAGE_CHILDREN).expect("getrusage");
    let outcome = serde_json::json!({
        "code": run.code,
        "signal": run.signal,
        "timed_out": run.timed_out,
        "stdout": run.stdout,
        "stdout_utf8": run.stdout_utf8,
        "stderr": run.stderr,
        "elapsed_ms": u64::try_from(run.elapsed.as_millis()).unwrap_or(u64::MAX),
        // Linux reports kibibytes.
        "max_rss_kib": usage.max_rss(),
    });
    let out = records
        .parent()
        .expect("records/ has a parent")
        .join("probe.json");
    fs::write(out, outcome.to_string()).expect("write probe.json");
}

/// The bytes of the regular files directly in `dir`.
fn bytes_in(dir: &Path) -> u64 {
    fs::read_dir(dir)
        .expect("list records/")
        .filter_map(Result::ok)
        .filter_map(|e| fs::symlink_metadata(e.path()).ok())
        .filter(fs::Metadata::is_file)
        .map(|m| m.len())
        .sum()
}
