//! Inputs found by the fuzz target (`fuzz/`, see fuzz/README.md), replayed
//! through the same checks (`pipeline::check`): each crash it found is a test
//! here, so the normal suite keeps it fixed.

use crate::pipeline::{check, files, pack};

#[test]
fn packed_inputs_unpack_to_their_files() {
    let packed = pack(&[
        ("items/a.md", b"---\ntitle: A\n---\n"),
        ("feedback/n.md", b"x\n"),
    ]);
    assert_eq!(
        files(&packed),
        [
            ("items/a.md".to_owned(), b"---\ntitle: A\n---\n".to_vec()),
            ("feedback/n.md".to_owned(), b"x\n".to_vec()),
        ]
    );
    check(&packed);
}

/// The sample backlog, packed as the seed step packs it, passes every check.
#[test]
fn the_sample_backlog_passes_the_fuzz_checks() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-backlog");
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
        let entry = entry.expect("readable");
        if entry.file_type().is_file() {
            let path = entry.path().strip_prefix(&root).expect("under root");
            let path = path.to_string_lossy().replace('\\', "/");
            found.push((path, std::fs::read(entry.path()).expect("readable")));
        }
    }
    let borrowed: Vec<(&str, &[u8])> = found
        .iter()
        .map(|(p, b)| (p.as_str(), b.as_slice()))
        .collect();
    check(&pack(&borrowed));
}
