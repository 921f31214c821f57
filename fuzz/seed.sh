#!/usr/bin/env bash
# Writes the seed corpus into fuzz/corpus/load_rank_render: the sample backlog
# whole and each of its files alone, and every Markdown file of the given task
# corpora as an item and as a feedback note. Corpora are read where they are
# and never copied into the repository (fuzz/corpus is ignored by git).
# Usage: fuzz/seed.sh [TASK_CORPUS_DIR...]
# An input packs files as `path\nbytes`, separated by NUL bytes (see
# tests/it/pipeline.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
out=fuzz/corpus/load_rank_render
mkdir -p "$out"
n=0

# One file, packed: path, newline, bytes.
pack() { printf '%s\n' "$1"; cat "$2"; }

whole="$out/seed-sample-whole"
: > "$whole"
first=1
while IFS= read -r -d '' file; do
    rel=${file#sample-backlog/}
    [ "$rel" = PRIORITIES.md ] && continue
    if [ $first -eq 0 ]; then printf '\0' >> "$whole"; fi
    first=0
    pack "$rel" "$file" >> "$whole"
    n=$((n + 1))
    pack "$rel" "$file" > "$out/seed-sample-$n"
done < <(find sample-backlog -type f -print0 | sort -z)
n=$((n + 1))

for dir in "$@"; do
    while IFS= read -r -d '' file; do
        n=$((n + 1))
        name=$(basename "$file")
        pack "items/$name" "$file" > "$out/seed-$n-item"
        { pack "feedback/$name" "$file"; printf '\0'; printf 'items/x.md\n---\ntitle: X\n---\n'; } \
            > "$out/seed-$n-note"
    done < <(find "$dir" -type f -name '*.md' -print0 | sort -z)
done
echo "$(ls "$out" | wc -l) inputs in $out"
