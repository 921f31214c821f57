#!/usr/bin/env bash
# Prints how `rankdown history` and the per-file timelines (`rankdown stale`,
# the walk `explain` also makes) compare with `git log --name-status` on the
# same repository, and `history` over N commits with N full `rankdown rank`
# runs. The repository is generated with git fast-import: COMMITS commits
# (default 10000) over a backlog of a few thousand files, one to two files
# changed per commit, some commits touching only files outside the backlog,
# some renaming items (which keep their `id:`). Release build, whole process, median of RUNS runs.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=$PWD/target/release/rankdown
runs=${RUNS:-5}
commits=${COMMITS:-10000}

work=$(mktemp -d)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT; echo "work: $work" >&2
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL="$work/gitconfig" HOME="$work"
repo="$work/repo"
git init -q -b main "$repo"

python3 - "$commits" <<'PY' | git -C "$repo" fast-import --quiet
import random, sys
random.seed(11)
commits = int(sys.argv[1])
out = sys.stdout
def data(text):
    raw = text.encode()
    out.write(f"data {len(raw)}\n"); out.flush()
    sys.stdout.buffer.write(raw); out.write("\n")
goals = [f"g{i}" for i in range(40)]
items = {f"item-{i}": f"items/item-{i}.md" for i in range(500)}
def goal(g): return f"---\ntitle: Goal {g}\nweight: {random.randint(1,5)}\nhorizon: {random.choice(['3m','6m','12m'])}\n---\n"
def item(i):
    gs = ", ".join(f"{g}: {random.choice(['low','medium','high'])}" for g in random.sample(goals, 2))
    return f"---\nid: {i}\ntitle: Item {i}\nstatus: {random.choice(['proposed','ready','in-progress','proposed','done'])}\ngoals: {{{gs}}}\neffort: {random.choice(['XS','S','M','L','XL'])}\n---\nBody of {i}.\n"
notes = 0
def note():
    global notes
    notes += 1
    a, b = random.sample(sorted(items), 2)
    return f"feedback/{'abcd'[notes % 4]}/note-{notes}.md", (
        f"---\nchannel: {random.choice(['interview','chat','ticket','mail'])}\ndate: 2026-{random.randint(1,11):02d}-{random.randint(1,28):02d}\n"
        f"from: person-{random.randint(0,600)}\nitems: [{a}]\n---\n> It hurts [[{b}]]\n\nMore.\n")
def commit(n, message, changes):
    t = 1700000000 + n * 600
    out.write(f"commit refs/heads/main\nmark :{n+1}\ncommitter Bench <bench@example.com> {t} +0000\n")
    data(message)
    if n > 0:
        out.write(f"from :{n}\n")
    for change in changes:
        if change[0] == "M":
            out.write(f"M 100644 inline {change[1]}\n"); data(change[2])
        elif change[0] == "R":
            out.write(f'R "{change[1]}" "{change[2]}"\n')
first = [("M", "README.md", "# project\n"), ("M", "backlog/rankdown.yaml", "as_of: 2026-11-20\n")]
first += [("M", f"backlog/goals/{g}.md", goal(g)) for g in goals]
first += [("M", f"backlog/{p}", item(i)) for i, p in items.items()]
for _ in range(2000):
    path, text = note(); first.append(("M", f"backlog/{path}", text))
commit(0, "Start", first)
for n in range(1, commits):
    r = random.random()
    if r < 0.5:
        path, text = note(); changes = [("M", f"backlog/{path}", text)]
    elif r < 0.8:
        i = random.choice(sorted(items)); changes = [("M", f"backlog/{items[i]}", item(i))]
    elif r < 0.9:
        g = random.choice(goals); changes = [("M", f"backlog/goals/{g}.md", goal(g))]
    elif r < 0.91:
        i = random.choice(sorted(items)); new = f"items/{i}-moved-{n}.md"
        changes = [("R", f"backlog/{items[i]}", f"backlog/{new}")]; items[i] = new
    else:
        changes = [("M", "README.md", f"# project {n}\n")]
    commit(n, f"Change {n}", changes)
PY
git -C "$repo" checkout -q main
git -C "$repo" gc -q

source benches/common.sh

cd "$repo"
files=$(git ls-files backlog | wc -l)
# The commits `history` evaluates: those that changed a file the backlog is read from.
points=$(git rev-list --count --first-parent HEAD -- backlog/rankdown.yaml backlog/vision.md \
  backlog/goals backlog/items backlog/feedback)
echo "repository: $(git rev-list --count HEAD) commits, $files backlog files at HEAD, $points commits changed the backlog"
echo "median of $runs runs, release build, whole process"
git_ms=$(median_ms git log --name-status --format=%H -- backlog)
hist_ms=$(median_ms "$bin" history item-7 --root backlog --format json)
stale_ms=$(median_ms "$bin" stale --root backlog --as-of 2026-12-01)
rank_ms=$(median_ms "$bin" rank --root backlog -q)
echo "  git log --name-status -- backlog:        $git_ms ms"
echo "  rankdown history item-7:                $hist_ms ms"
echo "  rankdown stale (per-file timelines):    $stale_ms ms"
echo "  rankdown rank (one full ranking):       $rank_ms ms"
awk -v h="$hist_ms" -v s="$stale_ms" -v g="$git_ms" -v r="$rank_ms" -v n="$points" 'BEGIN {
  printf "  history / git log:                      %.2f (target <= 1)\n", h / g
  printf "  timelines (stale) / git log:            %.2f (target <= 1)\n", s / g
  printf "  history / (%d x rank):                 %.4f (target <= 0.25)\n", n, h / (n * r)
}'
