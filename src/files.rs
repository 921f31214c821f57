//! Creating and writing files safely, for every command that writes: a file
//! people write is never overwritten, and generated output is replaced
//! atomically, only inside the backlog root, keeping its mode.
//!
//! Generated output goes through a temporary file beside it, named
//! `.<name>.rankdown-tmp-XXXXXXXX` so a person can tell what it is, and
//! locked while its writer lives. SIGINT, SIGTERM and SIGHUP remove it before
//! the process dies; what a SIGKILL, a crash or a power cut leaves behind is
//! removed by the next run that writes the same file (an unlocked temporary
//! file has no living writer).

use std::fs::{self, File, OpenOptions, Permissions};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::PoisonError;

use crate::config::Config;
use crate::error::Error;

/// What a temporary file's name adds to the output's name.
const TEMP_MARK: &str = ".rankdown-tmp-";

/// Writes a file that must not exist yet, creating its folder. `shown` names
/// it in errors.
pub fn create_new(path: &Path, shown: &str, text: &str) -> Result<(), Error> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            if e.kind() == io::ErrorKind::AlreadyExists {
                Error::AlreadyExists {
                    path: shown.to_owned(),
                }
            } else {
                Error::io(shown, e)
            }
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| Error::io(shown, e))
}

/// Writes `text` to `path` atomically (a temporary file beside it, then a
/// rename) and only when the content differs. Returns whether it wrote.
///
/// An existing file keeps its permissions; a new one gets `0666` less the
/// umask, like any file a program creates. Temporary files that earlier runs
/// left behind are removed first.
pub fn write_if_changed(path: &Path, text: &str) -> Result<bool, Error> {
    if fs::read(path).is_ok_and(|old| old == text.as_bytes()) {
        return Ok(false);
    }
    remove_stale_temps(path);
    let mut pending = PendingWrite::begin(path)?;
    pending.write(text.as_bytes())?;
    pending.commit()?;
    Ok(true)
}

/// A replacement of a file in progress: its temporary file exists, is locked
/// and is removed if the process is interrupted or the write is dropped.
pub struct PendingWrite {
    temp: tempfile::NamedTempFile,
    target: PathBuf,
    /// Dropped after `temp`: the signal handler's registry forgets the file.
    registered: Registered,
}

impl PendingWrite {
    /// Creates the temporary file beside `path` (and the folder, if missing).
    pub fn begin(path: &Path) -> Result<Self, Error> {
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let existing = fs::metadata(path).ok().map(|m| m.permissions());
        let prefix = temp_prefix(path);
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).rand_bytes(8);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // open(2) applies the umask to this, as for any new file.
            builder.permissions(Permissions::from_mode(0o666));
        }
        signals::guard();
        let temp = {
            // Registered under the lock the signal handler takes, so a signal
            // cannot fall between creating the file and registering it.
            let mut pending = signals::PENDING
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            let temp = builder.tempfile_in(dir).map_err(|e| Error::io(dir, e))?;
            pending.push(temp.path().to_path_buf());
            temp
        };
        let this = Self {
            registered: Registered(temp.path().to_path_buf()),
            temp,
            target: path.to_path_buf(),
        };
        // A lock held for the writer's lifetime tells a later run that the
        // file is not stale; an unsupported lock only loses that tidying.
        let _ = this.temp.as_file().lock();
        if let Some(permissions) = existing {
            this.temp
                .as_file()
                .set_permissions(permissions)
                .map_err(|e| Error::io(this.temp.path(), e))?;
        }
        Ok(this)
    }

    /// The temporary file's path.
    pub fn temp_path(&self) -> &Path {
        self.temp.path()
    }

    pub fn write(&mut self, bytes: &[u8]) -> Result<(), Error> {
        self.temp
            .write_all(bytes)
            .map_err(|e| Error::io(self.temp.path(), e))
    }

    /// Flushes to disk and renames the temporary file over the target.
    pub fn commit(self) -> Result<(), Error> {
        let Self {
            temp,
            target,
            registered,
        } = self;
        temp.as_file()
            .sync_all()
            .map_err(|e| Error::io(&registered.0, e))?;
        // On failure the returned file is dropped, which removes it.
        temp.persist(&target)
            .map(drop)
            .map_err(|e| Error::io(&target, e.error))
    }
}

/// Forgets a registered temporary file when dropped (the file itself is
/// removed by its `NamedTempFile`, or renamed).
struct Registered(PathBuf);

impl Drop for Registered {
    fn drop(&mut self) {
        signals::forget(&self.0);
    }
}

/// `.PRIORITIES.md.rankdown-tmp-` for `…/PRIORITIES.md`.
fn temp_prefix(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!(".{name}{TEMP_MARK}")
}

/// Removes the temporary files of `path` that no living writer holds (those
/// a killed or crashed run left). Returns how many it removed. Tidying is
/// best effort: a file it cannot remove does not stop the write.
pub fn remove_stale_temps(path: &Path) -> usize {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let prefix = temp_prefix(path);
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_string_lossy().starts_with(&prefix) {
            continue;
        }
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if !kind.is_file() {
            continue;
        }
        let stale = File::open(entry.path()).is_ok_and(|file| file.try_lock().is_ok());
        if stale && fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// The file the output goes to, refused (exit 2) unless it is a regular file
/// (or not there yet) inside the backlog root: not reached through a
/// symbolic link that leaves the root, not inside a content folder or a git
/// directory (`.git`, or wherever a `gitdir:` file or `GIT_DIR` puts it), and
/// not `rankdown.yaml` or `vision.md`. A link inside the root is written
/// through when its target passes the same checks.
pub fn output_target(root: &Path, config: &Config) -> Result<PathBuf, Error> {
    config.check_output()?;
    let rel = config.output_path();
    let shown = root.join(&rel);
    let bad = |reason| Error::BadOutputPath {
        path: config.output.clone(),
        reason,
    };
    let root = fs::canonicalize(root).map_err(|e| Error::io(root, e))?;
    let full = root.join(&rel);
    // The nearest part of the path that exists must resolve inside the root.
    let existing = full
        .ancestors()
        .find(|p| fs::symlink_metadata(p).is_ok())
        .unwrap_or(&root);
    let mut resolved = fs::canonicalize(existing).map_err(|_| Error::OutputEscapes {
        path: shown.clone(),
    })?;
    if let Ok(rest) = full.strip_prefix(existing)
        && !rest.as_os_str().is_empty()
    {
        resolved.push(rest);
    }
    let Ok(inside) = resolved.strip_prefix(&root) else {
        return Err(Error::OutputEscapes { path: shown });
    };
    if existing == full {
        let meta = fs::metadata(&resolved).map_err(|e| Error::io(&shown, e))?;
        if !meta.is_file() {
            return Err(bad("is not a regular file"));
        }
    }
    if resolved != full {
        // What a link inside the root leads to passes the same checks.
        let inside = inside
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        Config {
            output: inside,
            ..config.clone()
        }
        .check_output()?;
    }
    let folders = &config.folders;
    for folder in [&folders.goals, &folders.items, &folders.feedback] {
        if let Ok(folder) = fs::canonicalize(root.join(folder))
            && resolved.starts_with(&folder)
        {
            return Err(bad(
                "must not be inside the goals, items or feedback folders",
            ));
        }
    }
    for dir in git_dirs(&root) {
        if resolved.starts_with(&dir) {
            return Err(bad("must not be inside the git directory"));
        }
    }
    Ok(resolved)
}

/// The git directories of the repository holding `root` (its own and the
/// common one of linked worktrees), canonical; none outside a repository.
fn git_dirs(root: &Path) -> Vec<PathBuf> {
    let options = gix::discover::upwards::Options {
        match_ceiling_dir_or_error: false,
        ..Default::default()
    };
    let Ok(repo) = gix::ThreadSafeRepository::discover_with_environment_overrides_opts(
        root,
        options,
        |options, _trust| options,
    ) else {
        return Vec::new();
    };
    let repo = repo.to_thread_local();
    [repo.git_dir(), repo.common_dir()]
        .into_iter()
        .filter_map(|dir| fs::canonicalize(dir).ok())
        .collect()
}

/// A path with its nearest existing ancestor canonicalised (links and `..`
/// resolved), the missing rest appended as written.
pub(crate) fn resolve_existing(path: &Path) -> PathBuf {
    for existing in path.ancestors() {
        if let Ok(mut resolved) = fs::canonicalize(existing) {
            if let Ok(rest) = path.strip_prefix(existing)
                && !rest.as_os_str().is_empty()
            {
                resolved.push(rest);
            }
            return resolved;
        }
    }
    path.to_path_buf()
}

/// Whether a root-relative path names a git directory or something in one
/// (`.git` in any letter case, at any depth: a submodule's too).
pub(crate) fn in_git_dir(rel: &str) -> bool {
    Path::new(rel)
        .components()
        .any(|c| matches!(c, Component::Normal(part) if part.eq_ignore_ascii_case(".git")))
}

/// Removing temporary files when SIGINT, SIGTERM or SIGHUP arrives, then
/// dying of that signal as if nothing had caught it.
mod signals {
    use std::path::{Path, PathBuf};
    use std::sync::{Mutex, PoisonError};

    pub(super) static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

    /// Removes every registered temporary file. Called by the handler.
    #[cfg_attr(not(unix), allow(dead_code))]
    fn remove_all() {
        let pending = PENDING.lock().unwrap_or_else(PoisonError::into_inner);
        for path in pending.iter() {
            let _ = std::fs::remove_file(path);
        }
    }

    pub(super) fn forget(path: &Path) {
        let mut pending = PENDING.lock().unwrap_or_else(PoisonError::into_inner);
        pending.retain(|p| p != path);
    }

    /// Installs the handler once per process.
    pub(super) fn guard() {
        static INSTALLED: std::sync::Once = std::sync::Once::new();
        INSTALLED.call_once(install);
    }

    #[cfg(unix)]
    fn install() {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        // Without a handler the files are still tidied by the next run.
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            return;
        };
        let _ = std::thread::Builder::new()
            .name("rankdown-signals".to_owned())
            .spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    remove_all();
                    let _ = signal_hook::low_level::emulate_default_handler(signal);
                    std::process::exit(128 + signal);
                }
            });
    }

    #[cfg(not(unix))]
    fn install() {}
}
