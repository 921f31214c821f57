#!/usr/bin/env bash
# Prints how long `rankdown rank` takes, whole process, release build: on the
# bundled sample and on a generated backlog 50 times its size. Figures are
# medians of repeated runs; compare them with `true` measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/rankdown
runs=${RUNS:-30}

source benches/common.sh

big=$(mktemp -d)
trap 'rm -rf "$big"' EXIT
python3 - "$big" <<'PY'
import os, random, sys
root = sys.argv[1]
random.seed(7)
for d in ("goals", "items", "feedback/a", "feedback/b"):
    os.makedirs(os.path.join(root, d))
open(os.path.join(root, "rankdown.yaml"), "w").write("as_of: 2026-11-20\n")
goals = [f"g{i}" for i in range(40)]
for g in goals:
    open(f"{root}/goals/{g}.md", "w").write(f"---\ntitle: Goal {g}\nweight: {random.randint(1,5)}\nhorizon: {random.choice(['3m','6m','12m'])}\n---\n")
items = [f"item-{i}" for i in range(1800)]
for n, i in enumerate(items):
    gs = ", ".join(f"{g}: {random.choice(['low','medium','high'])}" for g in random.sample(goals, 2))
    dep = f"depends_on: [{items[n-1]}]\n" if n % 10 == 9 else ""
    status = random.choice(["proposed", "ready", "in-progress", "done"])
    open(f"{root}/items/{i}.md", "w").write(f"---\ntitle: Item {i}\nstatus: {status}\ngoals: {{{gs}}}\neffort: {random.choice(['XS','S','M','L','XL'])}\n{dep}---\nBody.\n")
for n in range(3600):
    linked = random.sample(items, 2)
    open(f"{root}/feedback/{'ab'[n%2]}/note-{n}.md", "w").write(
        f"---\nchannel: {random.choice(['interview','chat','ticket'])}\ndate: 2026-{random.randint(1,11):02d}-{random.randint(1,28):02d}\nfrom: person-{random.randint(0,400)}\nitems: [{linked[0]}]\n---\n"
        f"> It hurts every day [[{linked[1]}]]\n\nMore text here.\n")
PY
count=$(find "$big" -name '*.md' | wc -l)

echo "rankdown rank, whole process, release build, median of $runs runs"
echo "  true (process start baseline): $(median_ms true) ms"
echo "  sample-backlog ($(find sample-backlog -name '*.md' -not -name PRIORITIES.md | wc -l) files): $(median_ms "$bin" --root sample-backlog -q) ms"
echo "  generated backlog ($count files): $(median_ms "$bin" --root "$big" -q) ms"
