#!/usr/bin/env bash
# Prints how long `rankdown rank` takes, whole process, release build: on the
# bundled sample and on a backlog 50 times its size (benches/gen.py). Figures
# are medians of repeated runs; compare them with `true` measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/rankdown
runs=${RUNS:-30}

source benches/common.sh

big=$(mktemp -d)
trap 'rm -rf "$big"' EXIT
python3 benches/gen.py "$big" --items 1800 --notes 3600
count=$(find "$big" -name '*.md' | wc -l)

echo "rankdown rank, whole process, release build, median of $runs runs"
echo "  true (process start baseline): $(median_ms true) ms"
echo "  sample-backlog ($(find sample-backlog -name '*.md' -not -name PRIORITIES.md | wc -l) files): $(median_ms "$bin" --root sample-backlog -q) ms"
echo "  generated backlog ($count files): $(median_ms "$bin" --root "$big" -q) ms"
