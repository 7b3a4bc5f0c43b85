//! How file paths are shown in findings.
//!
//! Every format names a file relative to the current directory when the file
//! is below it (`records/a.yaml`, also when it was reached as
//! `/home/me/data/records/a.yaml` or `./records/../records/a.yaml`), and as it
//! was reached otherwise. GitHub reads paths relative to the repository root,
//! so the `sarif` and `github` formats use [`Shown::from_root`]: the path
//! relative to the nearest ancestor of the current directory that holds
//! `.git`. Both are computed once per file, when it is read.

use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;

/// A file's path as findings show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    /// Relative to the current directory when below it, else as reached;
    /// always with `/`.
    pub display: String,
    /// Relative to the repository root when below it; `None` for a file
    /// outside the repository (then `display` is used).
    pub from_root: Option<String>,
}

/// The directories paths are shown relative to, found once per process.
struct Base {
    cwd: Option<PathBuf>,
    root: Option<PathBuf>,
}

fn base() -> &'static Base {
    static BASE: OnceLock<Base> = OnceLock::new();
    BASE.get_or_init(|| {
        let cwd = std::env::current_dir().ok();
        let root = cwd.as_deref().and_then(repository_root);
        Base { cwd, root }
    })
}

/// The nearest ancestor of `dir` (or `dir` itself) holding `.git` (a
/// directory, or a file in worktrees and submodules).
fn repository_root(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .find(|candidate| candidate.join(".git").exists())
        .map(Path::to_path_buf)
}

/// How `path` (as reached from the command line) is shown.
pub fn shown(path: &Path) -> Shown {
    let base = base();
    shown_from(path, base.cwd.as_deref(), base.root.as_deref())
}

fn shown_from(path: &Path, cwd: Option<&Path>, root: Option<&Path>) -> Shown {
    let absolute = match cwd {
        Some(cwd) => normalize(&cwd.join(path)),
        None => normalize(path),
    };
    let below = |dir: Option<&Path>| {
        let dir = dir?;
        absolute.strip_prefix(dir).ok().map(slashed)
    };
    Shown {
        display: below(cwd).unwrap_or_else(|| slashed(path)),
        from_root: below(root),
    }
}

/// `path` with `.` and `..` resolved lexically (symlinks are not followed:
/// the path is shown as the user reached it).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// A path with `/` separators, as findings show it on every platform.
pub fn slashed(path: &Path) -> String {
    let text = path.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        text.into_owned()
    } else {
        text.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown_in(path: &str, cwd: &str, root: Option<&str>) -> Shown {
        shown_from(Path::new(path), Some(Path::new(cwd)), root.map(Path::new))
    }

    #[test]
    fn files_below_the_current_directory_are_shown_relative_to_it() {
        let shown = shown_in("/repo/data/records/a.yaml", "/repo/data", Some("/repo"));
        assert_eq!(shown.display, "records/a.yaml");
        assert_eq!(shown.from_root.as_deref(), Some("data/records/a.yaml"));
        let shown = shown_in("./records/../records/a.yaml", "/repo", Some("/repo"));
        assert_eq!(shown.display, "records/a.yaml");
        assert_eq!(shown.from_root.as_deref(), Some("records/a.yaml"));
    }

    #[test]
    fn files_elsewhere_are_shown_as_reached() {
        let shown = shown_in("../shared/x.json", "/repo", Some("/repo"));
        assert_eq!(shown.display, "../shared/x.json");
        assert_eq!(shown.from_root, None);
        let shown = shown_in("/elsewhere/x.yaml", "/repo", None);
        assert_eq!(shown.display, "/elsewhere/x.yaml");
        assert_eq!(shown.from_root, None);
    }

    #[test]
    fn the_repository_root_may_be_above_the_current_directory() {
        let shown = shown_in("../other/x.yaml", "/repo/data", Some("/repo"));
        assert_eq!(shown.display, "../other/x.yaml");
        assert_eq!(shown.from_root.as_deref(), Some("other/x.yaml"));
    }
}
