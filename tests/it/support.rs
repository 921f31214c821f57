//! Shared helpers: in-memory backlogs and the built binary.

use rankdown::backlog::{self, Backlog};
use rankdown::source::MemorySource;

/// Loads a backlog from `(path, text)` pairs.
pub fn load(files: &[(&str, &str)]) -> Backlog {
    let source = MemorySource::new(
        files
            .iter()
            .map(|(p, t)| ((*p).to_owned(), t.as_bytes().to_vec())),
    );
    backlog::load(&source, rankdown::parse::Bodies::Keep).expect("memory sources do not fail")
}

/// The PRIORITIES.md text for a backlog.
pub fn priorities(backlog: &Backlog) -> String {
    rankdown::render::priorities::render(backlog, &rankdown::rank::rank(backlog))
}

/// A command running the built `rankdown` binary.
pub fn rankdown() -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_rankdown"));
    cmd.env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR")
        .env("COLUMNS", "100");
    cmd
}

/// A throwaway git repository with pinned dates and a git config isolated
/// from the user's; each commit gets its own day.
pub struct GitRepo {
    _temp: tempfile::TempDir,
    pub home: std::path::PathBuf,
    pub dir: std::path::PathBuf,
    /// Commits so far.
    pub commits: u32,
    pub author: (&'static str, &'static str),
}

impl GitRepo {
    pub fn new() -> Self {
        let temp = tempfile::tempdir().expect("temp dir");
        let home = temp.path().join("home");
        let dir = temp.path().join("repo");
        std::fs::create_dir_all(&home).expect("mkdir");
        std::fs::create_dir_all(&dir).expect("mkdir");
        let repo = Self {
            _temp: temp,
            home,
            dir,
            commits: 0,
            author: ("Test", "test@example.com"),
        };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    /// The pinned date of the next commit.
    pub fn date(&self) -> String {
        format!("2026-01-{:02}T10:00:00Z", self.commits + 1)
    }

    /// An isolated git command in `dir`.
    pub fn git_command(&self, dir: &std::path::Path, args: &[&str]) -> std::process::Command {
        let mut cmd = std::process::Command::new("git");
        cmd.args(args)
            .current_dir(dir)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", self.home.join("gitconfig"))
            .env("HOME", &self.home)
            .env("GIT_AUTHOR_NAME", self.author.0)
            .env("GIT_AUTHOR_EMAIL", self.author.1)
            .env("GIT_COMMITTER_NAME", self.author.0)
            .env("GIT_COMMITTER_EMAIL", self.author.1)
            .env("GIT_AUTHOR_DATE", self.date())
            .env("GIT_COMMITTER_DATE", self.date());
        cmd
    }

    /// Runs git in `dir`, asserting success; returns trimmed stdout.
    pub fn git_in(&self, dir: &std::path::Path, args: &[&str]) -> String {
        let out = self.git_command(dir, args).output().expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    pub fn git(&self, args: &[&str]) -> String {
        self.git_in(&self.dir, args)
    }

    /// Runs git in the repository without asserting success.
    pub fn git_status(&self, args: &[&str]) -> std::process::Output {
        self.git_command(&self.dir, args)
            .output()
            .expect("git runs")
    }

    pub fn write(&self, path: &str, text: &str) {
        let full = self.dir.join(path);
        std::fs::create_dir_all(full.parent().expect("has parent")).expect("mkdir");
        std::fs::write(full, text).expect("write");
    }

    /// Stages everything and commits; returns the commit id.
    pub fn commit(&mut self, message: &str) -> String {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--allow-empty", "-m", message]);
        self.commits += 1;
        self.git(&["rev-parse", "HEAD"])
    }

    /// A linked worktree at `dir`, its HEAD detached at `rev`.
    pub fn add_worktree(&self, dir: &std::path::Path, rev: &str) {
        let dir = dir.to_str().expect("utf-8");
        self.git(&["worktree", "add", "-q", "--detach", dir, rev]);
    }

    /// A fresh clone of HEAD beside the repository.
    pub fn clone_head(&self) -> std::path::PathBuf {
        let clone = self.dir.with_file_name(format!("clone-{}", self.commits));
        let (from, to) = (
            self.dir.to_str().expect("utf-8"),
            clone.to_str().expect("utf-8"),
        );
        self.git_in(
            self.dir.parent().expect("parent"),
            &["clone", "-q", from, to],
        );
        clone
    }

    /// Runs rankdown in `dir` with the repository's isolated git config.
    pub fn run_in(&self, dir: &std::path::Path, args: &[&str]) -> std::process::Output {
        rankdown()
            .args(args)
            .current_dir(dir)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", self.home.join("gitconfig"))
            .env("HOME", &self.home)
            .output()
            .expect("runs")
    }

    pub fn run(&self, args: &[&str]) -> std::process::Output {
        self.run_in(&self.dir, args)
    }
}

/// A scratch backlog on disk: each `(path, text)` written below a temp dir.
pub fn scratch(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, text) in files {
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::fs::write(full, text).expect("write");
    }
    dir
}

/// Copies the folder `from` (files and subfolders) to `to`.
pub fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}
