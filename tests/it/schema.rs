//! `rankdown schema`: the JSON Schemas accept every front matter of the
//! sample backlog and rankdown.yaml, and reject what `check` rejects.

use std::path::Path;

use rankdown::parse::frontmatter::{self, FrontMatter};
use rankdown::parse::yaml;
use serde_json::{Value, json};

use crate::support::rankdown;

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/sample-backlog");

/// The four schemas, as the command prints them, compiled.
struct Validator {
    schemas: boon::Schemas,
    index: Vec<(&'static str, boon::SchemaIndex)>,
}

impl Validator {
    fn new() -> Self {
        let mut schemas = boon::Schemas::new();
        let mut compiler = boon::Compiler::new();
        let mut index = Vec::new();
        for kind in ["item", "goal", "feedback", "config"] {
            let out = rankdown().args(["schema", kind]).output().expect("runs");
            assert!(out.status.success(), "{kind}: {out:?}");
            let schema: Value = serde_json::from_slice(&out.stdout).expect("JSON");
            assert_eq!(
                schema["$schema"],
                json!("https://json-schema.org/draft/2020-12/schema")
            );
            let url = format!("memory:///{kind}.schema.json");
            compiler.add_resource(&url, schema).expect("adds");
            index.push((
                kind,
                compiler.compile(&url, &mut schemas).expect("compiles"),
            ));
        }
        Self { schemas, index }
    }

    fn check(&self, kind: &str, instance: &Value) -> Result<(), String> {
        let (_, index) = self.index.iter().find(|(k, _)| *k == kind).expect("kind");
        self.schemas
            .validate(instance, *index)
            .map_err(|e| format!("{e:#}"))
    }
}

/// The front matter of a Markdown file, as JSON.
fn front_matter(text: &str, path: &str) -> Value {
    let FrontMatter::Present(split) = frontmatter::split(text) else {
        panic!("{path}: no front matter");
    };
    yaml::parse(split.yaml, split.yaml_first_line, path)
        .expect("valid YAML")
        .to_json()
}

fn markdown_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walks").into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_front_matter_of_the_sample_backlog_is_valid() {
    let validator = Validator::new();
    let mut counts = Vec::new();
    for (kind, folder) in [
        ("goal", "goals"),
        ("item", "items"),
        ("feedback", "feedback"),
    ] {
        let files = markdown_files(&Path::new(SAMPLE).join(folder));
        for file in &files {
            let text = std::fs::read_to_string(file).expect("reads");
            let path = file.display().to_string();
            let instance = front_matter(&text, &path);
            if let Err(problem) = validator.check(kind, &instance) {
                panic!("{path}: {problem}");
            }
        }
        counts.push(files.len());
    }
    assert_eq!(
        counts,
        vec![8, 36, 73],
        "the sample's goals, items and notes"
    );
    let config = std::fs::read_to_string(Path::new(SAMPLE).join("rankdown.yaml")).expect("reads");
    let instance = yaml::parse(&config, 1, "rankdown.yaml")
        .expect("valid")
        .to_json();
    assert!(instance.get("as_of").is_some(), "{instance}");
    validator
        .check("config", &instance)
        .expect("config is valid");
    validator
        .check("config", &Value::Null)
        .expect("an empty rankdown.yaml is valid");
}

#[test]
fn the_schemas_reject_what_check_rejects() {
    let validator = Validator::new();
    let item = |yaml: &str| front_matter(&format!("---\n{yaml}---\n"), "items/x.md");
    validator
        .check(
            "item",
            &item("title: T\ngoals: {g: high, h:}\neffort: 3\nconfidence: 80%\n"),
        )
        .expect("a valid item");
    for (kind, yaml) in [
        ("item", "title: T\ngaols: [g]\n"),
        ("item", "title: T\nstatus: redy\n"),
        ("item", "title: T\neffort: XXL\n"),
        ("item", "title: T\nconfidence: 1.5\n"),
        ("item", "title: T\ngoals: {g: huge}\n"),
        ("item", "status: ready\n"),
        ("goal", "title: G\nweight: 7\n"),
        ("goal", "title: G\nweight: 2.5\n"),
        ("goal", "title: G\nhorizon: 3m\ndue: 2027-03-31\n"),
        ("feedback", "channel: phone\ndate: 2026-10-01\n"),
        ("feedback", "date: 14 October\n"),
        ("feedback", "from: priya\n"),
    ] {
        let instance = item(yaml);
        assert!(
            validator.check(kind, &instance).is_err(),
            "{kind} accepted: {yaml}"
        );
    }
    for yaml in [
        "modle: rice\n",
        "weights: {severity: {high: -2}}\n",
        "weights: {channel: {phone: 1}}\n",
        "weights: {effort: {XL: 0}}\n",
        "folders: {itmes: backlog}\n",
    ] {
        let instance = yaml::parse(yaml, 1, "rankdown.yaml")
            .expect("YAML")
            .to_json();
        assert!(
            validator.check("config", &instance).is_err(),
            "config accepted: {yaml}"
        );
    }
}

#[test]
fn schema_needs_a_kind() {
    let out = rankdown().arg("schema").output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let out = rankdown().args(["schema", "items"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("item"));
}
