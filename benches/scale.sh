#!/usr/bin/env bash
# Prints the seven scale figures of the README's "Benchmarks" section, side by
# side in one run, each with its target and PASS or MISS: rankdown against the
# read floor (`find DIR -name '*.md' -print0 | xargs -0 cat > /dev/null`), its
# peak memory against the corpus, growth across three sizes, Backlog.md, the
# git hook, diff and check on the sample. Release build, whole process, median
# of RUNS runs after a warm-up run (the page cache is warm for every figure).
# Data comes from benches/gen.py (fixed seed) in a temp dir, removed at exit
# unless KEEP=1. QUICK=1 divides every size by 10 for a fast smoke run.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=$PWD/target/release/rankdown
repo=$PWD

if [ -n "${QUICK:-}" ]; then scale=10; runs=${RUNS:-3}; else scale=1; runs=${RUNS:-5}; fi
items=$((5000 / scale)) notes=$((50000 / scale)) tasks=$((10000 / scale))
cache=${XDG_CACHE_HOME:-$HOME/.cache}/rankdown-bench

work=$(mktemp -d)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
echo "work: $work" >&2
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL="$work/gitconfig"

source benches/common.sh

gen() { python3 benches/gen.py "$@"; }
floor() { find "$1" -name '*.md' -print0 | xargs -0 cat >/dev/null; }
md_files() { find "$1" -name '*.md' -not -name PRIORITIES.md | wc -l; }
corpus_bytes() { find "$1" -name '*.md' -not -name PRIORITIES.md -printf '%s\n' | awk '{s += $1} END {print s}'; }
# warm CMD...: one run whose output and time are thrown away (fills the page cache).
warm() { "$@" >/dev/null 2>&1 || true; }
# peak_kb CMD...: the median peak resident set size of CMD, in KiB.
if /usr/bin/time -f %M true >/dev/null 2>&1; then
  peak_once() { /usr/bin/time -f %M -o "$work/rss" "$@" >/dev/null 2>&1 || true; tail -1 "$work/rss"; }
  rss_tool="GNU time"
else
  # No GNU time: the same figure (ru_maxrss of the child) from Python's stdlib.
  peak_once() {
    python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$@"
  }
  rss_tool="getrusage (GNU time missing)"
fi
# cpu_ms CMD...: the median user + system CPU time of CMD in ms (GNU time only):
# steadier than wall time on a busy machine, and shows what threads cost.
cpu_ms() {
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%U %S' -o "$work/cpu" "$@" >/dev/null 2>&1 || true
    awk '{printf "%.0f\n", ($1 + $2) * 1000}' "$work/cpu"
  done | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
peak_kb() { for _ in $(seq "$runs"); do peak_once "$@"; done | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

rows=()
# row LABEL MEASURED REFERENCE RATIO TARGET OK: one line of the final table.
row() { rows+=("$(printf '%-56s %20s %12s %8s  %-8s %s' "$@")"); }
verdict() { awk -v x="$1" -v op="$2" -v t="$3" 'BEGIN {
  ok = (op == "<=" ? x <= t : op == "<" ? x < t : x >= t); print ok ? "PASS" : "MISS" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }

echo "generating data (benches/gen.py, seed 10) ..." >&2
main=$work/main
gen "$main" --items "$items" --notes "$notes" --commits 10
gen "$work/half" --items $((items / 2)) --notes $((notes / 2))
gen "$work/double" --items $((items * 2)) --notes $((notes * 2))
tenk=$work/tenk
gen "$tenk" --items "$tasks" --notes $((tasks / 10)) --commits 10 --backlog-md "$work/bmd"

# 1. list --format json on the 55k-file backlog against the read floor.
n_main=$(md_files "$main") bytes_main=$(corpus_bytes "$main")
warm floor "$main"; warm "$bin" list --format json --root "$main"
floor_main=$(median_ms floor "$main")
list_main=$(median_ms "$bin" list --format json --root "$main")
r=$(ratio "$list_main" "$floor_main")
row "1 list --format json, $items items + $notes notes" "$list_main ms" "$floor_main ms" "${r}x" "<= 1.2x" "$(verdict "$r" "<=" 1.2)"

if [ "$rss_tool" = "GNU time" ]; then
  cpu_list=$(cpu_ms "$bin" list --format json --root "$main")
  cpu_floor=$(cpu_ms bash -c 'find "$1" -name "*.md" -print0 | xargs -0 cat >/dev/null' - "$main")
  r=$(ratio "$cpu_list" "$cpu_floor")
  row "  (same, CPU time user+sys; for information)" "$cpu_list ms" "$cpu_floor ms" "${r}x" "" ""
fi

# 2. Peak RSS of that run against the corpus bytes.
kb=$(peak_kb "$bin" list --format json --root "$main")
r=$(ratio "$((kb * 1024))" "$bytes_main")
row "2 peak RSS of that run ($rss_tool)" "$((kb / 1024)) MiB" "$((bytes_main / 1048576)) MiB" "${r}x" "<= 2x" "$(verdict "$r" "<=" 2)"

# 3. Growth: time per file at half, full and double size. The three sizes
# take turns, run after run, so that a change in the machine's load falls
# on all three alike; each size's figure is its median.
sizes=("$work/half" "$main" "$work/double")
for dir in "${sizes[@]}"; do warm floor "$dir"; warm "$bin" list --format json --root "$dir"; done
declare -A turns=()
for _ in $(seq "$runs"); do
  for dir in "${sizes[@]}"; do
    start=$(date +%s%N)
    "$bin" list --format json --root "$dir" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    turns[$dir]+="$(( (end - start) / 1000 )) "
  done
done
per_file=()
for dir in "${sizes[@]}"; do
  ms=$(printf '%s\n' ${turns[$dir]} | sort -n | awk '{a[NR]=$1} END {printf "%.2f", a[int((NR+1)/2)]/1000}')
  n=$(md_files "$dir")
  us=$(awk -v ms="$ms" -v n="$n" 'BEGIN {printf "%.2f", ms * 1000 / n}')
  per_file+=("$us")
  echo "  growth: $n files, $ms ms, $us us/file" >&2
done
spread=$(printf '%s\n' "${per_file[@]}" | sort -n | awk 'NR == 1 {lo = $1} {hi = $1} END {printf "%.2f", (hi / lo - 1) * 100}')
row "3 growth: us per file at half, full, double size" "$(IFS=/; echo "${per_file[*]}")" "" "+${spread}%" "<= 15%" "$(verdict "$spread" "<=" 15)"

# 4. list on the 10,000-item backlog against the read floor and Backlog.md.
warm floor "$tenk"; warm "$bin" list --format json --root "$tenk"
floor_tenk=$(median_ms floor "$tenk")
list_tenk=$(median_ms "$bin" list --format json --root "$tenk")
r=$(ratio "$list_tenk" "$floor_tenk")
row "4a list --format json, $tasks items (+ $((tasks / 10)) notes)" "$list_tenk ms" "$floor_tenk ms" "${r}x" "<= 1.2x" "$(verdict "$r" "<=" 1.2)"
backlog=$cache/backlog.md/node_modules/.bin/backlog
if [ ! -x "$backlog" ] && command -v npm >/dev/null; then
  echo "installing backlog.md with npm into $cache/backlog.md ..." >&2
  mkdir -p "$cache/backlog.md"
  npm install --silent --no-audit --no-fund --prefix "$cache/backlog.md" backlog.md >&2 || true
fi
if [ -x "$backlog" ]; then
  # Backlog.md reads its tasks inside a git repository, as its users keep them.
  git -C "$work/bmd" init -q -b main
  git -C "$work/bmd" add -A
  git -C "$work/bmd" -c user.name=Bench -c user.email=bench@example.com commit -q -m tasks
  version=$("$backlog" --version 2>/dev/null || echo '?')
  ( cd "$work/bmd" && warm "$backlog" task list --plain )
  bmd_ms=$(cd "$work/bmd" && runs=$(( runs < 3 ? runs : 3 )) median_ms "$backlog" task list --plain)
  r=$(ratio "$bmd_ms" "$list_tenk")
  row "4b Backlog.md $version task list --plain, $tasks tasks" "$bmd_ms ms" "$list_tenk ms" "${r}x" ">= 30x" "$(verdict "$r" ">=" 30)"
else
  row "4b Backlog.md task list --plain" "skipped" "" "" ">= 30x" "(npm missing or install failed)"
fi

# 5. The plain git pre-commit hook (reads the index) against check on the work tree.
# The hook loads nothing when a commit stages no backlog change, so stage one
# (a line added to one note) and PRIORITIES.md, as a real commit would.
note=$(git -C "$main" ls-files 'feedback/*.md' | sed -n 1p)
printf '\nOne more line for the hook benchmark.\n' >>"$main/$note"
"$bin" rank --root "$main" -q
git -C "$main" add "$note" PRIORITIES.md
( cd "$main" && "$bin" hook run --root . -q >/dev/null 2>&1 ) || true
if ! "$bin" check --root "$main" -q >/dev/null 2>&1; then
  echo "warning: check on the generated backlog did not pass" >&2
fi
warm "$bin" check --root "$main"
check_main=$(median_ms "$bin" check --root "$main")
hook_main=$(cd "$main" && median_ms "$bin" hook run --root . -q)
r=$(ratio "$hook_main" "$check_main")
row "5 hook run (index), $n_main files, vs check (work tree)" "$hook_main ms" "$check_main ms" "${r}x" "<= 1.5x" "$(verdict "$r" "<=" 1.5)"

# 6. diff between the first and last revision of the 10,000-item backlog, vs one list.
first=$(git -C "$tenk" rev-list --max-parents=0 HEAD)
warm "$bin" diff "$first" HEAD --root "$tenk"
diff_tenk=$(median_ms "$bin" diff "$first" HEAD --root "$tenk")
r=$(ratio "$diff_tenk" "$list_tenk")
row "6 diff FIRST HEAD, $tasks items, vs one list" "$diff_tenk ms" "$list_tenk ms" "${r}x" "<= 2.5x" "$(verdict "$r" "<=" 2.5)"

# 7. check on the bundled sample, whole process.
warm "$bin" check --root "$repo/sample-backlog"
check_sample=$(median_ms "$bin" check --root "$repo/sample-backlog")
row "7 check on sample-backlog/, whole process" "$check_sample ms" "" "" "< 50 ms" "$(verdict "$check_sample" "<" 50)"

echo
echo "rankdown scale figures: release build, whole process, median of $runs runs, warm cache, $(nproc) cores"
echo "data: $n_main files ($((bytes_main / 1048576)) MiB) in the main backlog; read floor = find DIR -name '*.md' -print0 | xargs -0 cat"
printf '%-56s %20s %12s %8s  %-8s %s\n' "figure" "rankdown" "reference" "ratio" "target" ""
printf '%s\n' "${rows[@]}"
