//! Fuzz target: arbitrary bytes, unpacked into a backlog's files, through the
//! whole load path (front matter, YAML, body references, linking, ranking,
//! PRIORITIES.md, JSON, CSV, explanations, diagnostics). The checks live in
//! the shared `tests/it/pipeline.rs`, so a crash replays as a normal test.
#![no_main]

#[path = "../../tests/it/pipeline.rs"]
mod pipeline;

libfuzzer_sys::fuzz_target!(|data: &[u8]| pipeline::check(data));
