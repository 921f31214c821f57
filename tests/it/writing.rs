//! Writing PRIORITIES.md safely: only to a regular file inside the backlog
//! root and outside any git directory, keeping the file's mode, and never
//! leaving temporary files behind for good.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::{GitRepo, rankdown};

const ITEM: &str = "---\ntitle: A\n---\n";

/// A backlog at the root of a fresh repository.
fn repo_with_backlog(config: &str) -> GitRepo {
    let repo = GitRepo::new();
    repo.write("rankdown.yaml", config);
    repo.write("items/a.md", ITEM);
    repo
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).expect("read")
}

/// Every name in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn temp_files(dir: &Path) -> Vec<String> {
    names(dir)
        .into_iter()
        .filter(|n| n.contains("rankdown-tmp") || n.starts_with(".tmp"))
        .collect()
}

#[test]
fn output_into_the_git_directory_is_refused() {
    let mut repo = repo_with_backlog("");
    repo.commit("backlog");
    repo.git(&["pack-refs", "--all"]);
    let packed = repo.dir.join(".git/packed-refs");
    let before = read(&packed);
    for output in [".git/packed-refs", ".GIT/config", "./x/../.git/HEAD"] {
        repo.write("rankdown.yaml", &format!("output: {output}\n"));
        for command in ["rank", "check"] {
            let out = repo.run(&[command]);
            assert_eq!(out.status.code(), Some(2), "{output}: {}", stderr(&out));
            assert!(stderr(&out).contains(".git folder"), "{}", stderr(&out));
        }
    }
    assert_eq!(read(&packed), before);
    assert_eq!(
        repo.git(&["status", "--porcelain", "--untracked-files=no"]),
        "M rankdown.yaml"
    );
}

#[test]
fn output_into_a_git_directory_found_through_a_gitdir_file_is_refused() {
    // `git init --separate-git-dir`: the work tree's `.git` is a file naming
    // the git directory, here `meta/` inside the backlog root.
    let temp = tempfile::tempdir().expect("temp dir");
    let root = temp.path().join("backlog");
    std::fs::create_dir_all(root.join("items")).expect("mkdir");
    let status = std::process::Command::new("git")
        .args(["init", "-q", "--separate-git-dir", "meta", "."])
        .current_dir(&root)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", temp.path().join("gitconfig"))
        .status()
        .expect("git runs");
    assert!(status.success());
    assert!(root.join(".git").is_file());
    std::fs::write(root.join("items/a.md"), ITEM).expect("write");
    std::fs::write(root.join("rankdown.yaml"), "output: meta/HEAD\n").expect("write");
    let head = read(&root.join("meta/HEAD"));
    let out = rankdown()
        .args(["rank", "--root"])
        .arg(&root)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", temp.path().join("gitconfig"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("git directory"), "{}", stderr(&out));
    assert_eq!(read(&root.join("meta/HEAD")), head);
}

#[test]
fn output_onto_a_linked_worktrees_git_file_is_refused() {
    let mut repo = repo_with_backlog("output: .git\n");
    repo.commit("backlog");
    let linked = repo.dir.with_file_name("linked");
    repo.git(&["worktree", "add", "-q", linked.to_str().expect("utf-8")]);
    let gitfile = read(&linked.join(".git"));
    let out = repo.run_in(&linked, &["rank"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(read(&linked.join(".git")), gitfile);
    repo.git_in(&linked, &["status", "--porcelain"]);
}

#[cfg(unix)]
#[test]
fn output_through_a_link_into_the_git_directory_or_content_is_refused() {
    use std::os::unix::fs::symlink;
    let repo = repo_with_backlog("output: docs/config\n");
    symlink(".git", repo.dir.join("docs")).expect("symlink");
    let config = read(&repo.dir.join(".git/config"));
    let out = repo.run(&["rank"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(read(&repo.dir.join(".git/config")), config);

    // A link to a person's file in a content folder is not written through.
    std::fs::remove_file(repo.dir.join("docs")).expect("rm");
    repo.write("rankdown.yaml", "output: P.md\n");
    symlink("items/a.md", repo.dir.join("P.md")).expect("symlink");
    let out = repo.run(&["rank"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(read(&repo.dir.join("items/a.md")), ITEM.as_bytes());

    // A link to a generated file elsewhere in the root is written through.
    std::fs::remove_file(repo.dir.join("P.md")).expect("rm");
    std::fs::create_dir(repo.dir.join("docs")).expect("mkdir");
    std::fs::write(repo.dir.join("docs/P.md"), "old").expect("write");
    symlink("docs/P.md", repo.dir.join("P.md")).expect("symlink");
    let out = repo.run(&["rank"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        std::fs::symlink_metadata(repo.dir.join("P.md"))
            .expect("there")
            .is_symlink()
    );
    assert!(String::from_utf8_lossy(&read(&repo.dir.join("docs/P.md"))).contains("# Priorities"));
}

#[test]
fn output_that_is_not_a_regular_file_is_refused() {
    let repo = repo_with_backlog("output: docs\n");
    std::fs::create_dir(repo.dir.join("docs")).expect("mkdir");
    let out = repo.run(&["rank"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("not a regular file"),
        "{}",
        stderr(&out)
    );
    assert!(names(&repo.dir.join("docs")).is_empty());
}

/// Runs `rankdown ARGS` under `sh` after `setup` (shell commands: umask,
/// ulimit, trap), from `dir`.
#[cfg(unix)]
fn run_under_sh(dir: &Path, setup: &str, args: &str) -> Output {
    std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{setup}; exec \"$0\" {args}"))
        .arg(env!("CARGO_BIN_EXE_rankdown"))
        .current_dir(dir)
        .output()
        .expect("sh runs")
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o777
}

#[cfg(unix)]
#[test]
fn a_new_output_honours_the_umask_and_an_existing_one_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = temp.path();
    std::fs::write(dir.join("rankdown.yaml"), "").expect("write");
    std::fs::create_dir(dir.join("items")).expect("mkdir");
    std::fs::write(dir.join("items/a.md"), ITEM).expect("write");
    let output = dir.join("PRIORITIES.md");

    let out = run_under_sh(dir, "umask 027", "-q");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(mode(&output), 0o640, "0666 less the umask");

    std::fs::set_permissions(&output, std::fs::Permissions::from_mode(0o664)).expect("chmod");
    std::fs::write(dir.join("items/b.md"), "---\ntitle: B\n---\n").expect("write");
    let out = run_under_sh(dir, "umask 077", "-q");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&read(&output)).contains("items/b.md"));
    assert_eq!(mode(&output), 0o664, "the existing file's mode");
}

#[test]
fn temporary_files_a_killed_run_left_are_removed_by_the_next() {
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = temp.path();
    std::fs::write(dir.join("rankdown.yaml"), "").expect("write");
    std::fs::create_dir(dir.join("items")).expect("mkdir");
    std::fs::write(dir.join("items/a.md"), ITEM).expect("write");
    // What SIGKILL leaves: a temporary file nobody holds. Another tool's
    // temporary file is none of rankdown's business.
    let stale = dir.join(".PRIORITIES.md.rankdown-tmp-AbCd1234");
    std::fs::write(&stale, "half a ranking").expect("write");
    std::fs::write(dir.join(".tmp12345"), "theirs").expect("write");
    let out = rankdown()
        .arg("-q")
        .current_dir(dir)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stale.exists(), "the stale temporary file was removed");
    assert_eq!(temp_files(dir), vec![".tmp12345"]);
    assert!(dir.join("PRIORITIES.md").is_file());
}

#[cfg(unix)]
#[test]
fn a_write_that_fails_or_dies_midway_leaves_nothing_for_long() {
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = temp.path();
    std::fs::write(dir.join("rankdown.yaml"), "").expect("write");
    std::fs::create_dir(dir.join("items")).expect("mkdir");
    std::fs::write(dir.join("items/a.md"), ITEM).expect("write");

    // The write fails (as on a full disk): exit 2, no output, no temporary file.
    let out = run_under_sh(dir, "trap '' XFSZ; ulimit -f 0", "-q");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!dir.join("PRIORITIES.md").exists());
    assert_eq!(temp_files(dir), Vec::<String>::new());

    // The process dies in the write (SIGXFSZ, like SIGKILL: no handler runs).
    let out = run_under_sh(dir, "ulimit -f 0", "-q");
    assert_eq!(out.status.code(), None, "killed: {}", stderr(&out));
    assert_eq!(temp_files(dir).len(), 1, "{:?}", names(dir));
    let out = rankdown()
        .arg("-q")
        .current_dir(dir)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(temp_files(dir), Vec::<String>::new());
}

#[test]
fn a_temporary_file_of_a_living_writer_is_not_stale() {
    let temp = tempfile::tempdir().expect("temp dir");
    let output = temp.path().join("PRIORITIES.md");
    let pending = rankdown::files::PendingWrite::begin(&output).expect("begins");
    let name = pending
        .temp_path()
        .file_name()
        .expect("a name")
        .to_string_lossy()
        .into_owned();
    assert!(name.starts_with(".PRIORITIES.md.rankdown-tmp-"), "{name}");
    assert_eq!(rankdown::files::remove_stale_temps(&output), 0);
    assert!(pending.temp_path().exists());
    drop(pending);
    assert_eq!(temp_files(temp.path()), Vec::<String>::new());
}

/// The child half of the signal test: begins a write in the folder the
/// parent names, then sends itself the signal it names. Does nothing in a
/// normal run.
#[cfg(unix)]
#[test]
fn signal_child() {
    let Some(dir) = std::env::var_os("RANKDOWN_TEST_SIGNAL_DIR") else {
        return;
    };
    let output = PathBuf::from(dir).join("PRIORITIES.md");
    let pending = rankdown::files::PendingWrite::begin(&output).expect("begins");
    assert!(pending.temp_path().exists());
    let signal = std::env::var("RANKDOWN_TEST_SIGNAL").expect("a signal name");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("kill -{signal} {}", std::process::id()))
        .status()
        .expect("sh runs");
    assert!(status.success());
    // The handler removes the file and ends the process; if it never does,
    // the parent sees this exit code instead of death by SIGTERM.
    for _ in 0..600 {
        std::thread::park_timeout(std::time::Duration::from_millis(100));
    }
    std::process::exit(3);
}

#[cfg(unix)]
#[test]
fn sigterm_and_sigint_remove_the_temporary_file_and_still_end_the_process() {
    use std::os::unix::process::ExitStatusExt;
    for (signal, number) in [("TERM", 15), ("INT", 2)] {
        let temp = tempfile::tempdir().expect("temp dir");
        let out = std::process::Command::new(std::env::current_exe().expect("test binary"))
            .args([
                "--exact",
                "writing::signal_child",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("RANKDOWN_TEST_SIGNAL_DIR", temp.path())
            .env("RANKDOWN_TEST_SIGNAL", signal)
            .output()
            .expect("runs");
        assert_eq!(
            out.status.signal(),
            Some(number),
            "died of SIG{signal}: {out:?}"
        );
        assert_eq!(names(temp.path()), Vec::<String>::new(), "SIG{signal}");
    }
}
