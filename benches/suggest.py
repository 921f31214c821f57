#!/usr/bin/env python3
"""Measures `rankdown suggest`: how well it restores links, and how fast it is.

Quality: copies the sample backlog to a temp dir, removes the links of its
notes (the `items:` field, `[[id]]` references and Markdown links to item
files, keeping a link's label), asks `suggest` for the best three open items
of each note, and prints precision@1 (the best candidate is one of the note's
true open items) and recall@3 (share of the true open items among the three),
over the notes whose true links include an open item. Two settings:

- cold: every note's links removed at once, so items are matched by their
  own title and body only;
- leave-one-out: one note's links removed at a time, the others kept, so
  items are matched with the text of the notes linked to them too (what a
  team's own links teach `suggest`).

Targets on the sample: precision@1 >= 0.7, recall@3 >= 0.9 (leave-one-out,
the setting `suggest` runs in on a real backlog).

Speed: generates 5,000 items and 50,000 notes with benches/gen.py (fixed
seed) and prints the median time of `suggest --format json` (every unlinked
note) against one `list --format json` on the same backlog; target <= 3x.
SKIP_SPEED=1 leaves the speed figure out. Standard library only.

    python3 benches/suggest.py            # builds the release binary first
"""

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import json

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("RANKDOWN_BIN") or os.path.join(REPO, "target", "release", "rankdown")
OPEN = {"proposed", "ready", "in-progress"}

WIKI = re.compile(r"\[\[([^\]|]+)(?:\|([^\]]*))?\]\]")
MDLINK = re.compile(r"\[([^\]]*)\]\(([^)]*items/[^)]*\.md)\)")


def split(text):
    """(front matter lines, body) of a note."""
    if not text.startswith("---\n"):
        return [], text
    end = text.index("\n---\n", 3)
    return text[4:end + 1].splitlines(keepends=True), text[end + 5:]


def items_field(lines):
    """The ids of an `items:` field (flow or block list), and the lines without it."""
    ids, kept, block = [], [], False
    for line in lines:
        if line.startswith("items:"):
            value = line[len("items:"):].split(" #")[0].strip()
            if value.startswith("["):
                ids += [v.strip().strip("'\"") for v in value.strip("[]").split(",") if v.strip()]
            elif value:
                ids.append(value.strip("'\""))
            block = not value
            continue
        if block and re.match(r"\s*- ", line):
            ids.append(line.strip()[2:].split(" #")[0].strip().strip("'\""))
            continue
        block = False
        kept.append(line)
    return ids, kept


def true_links(body):
    ids = [m.group(1).strip() for m in WIKI.finditer(body)]
    ids += [os.path.splitext(os.path.basename(m.group(2)))[0] for m in MDLINK.finditer(body)]
    return ids


def strip_links(body):
    body = WIKI.sub(lambda m: m.group(2) or "", body)
    return MDLINK.sub(lambda m: m.group(1), body)


def open_items(root):
    found = set()
    for name in os.listdir(os.path.join(root, "items")):
        text = open(os.path.join(root, "items", name), encoding="utf-8").read()
        status = re.search(r"^status:\s*(\S+)", split(text)[0] and "".join(split(text)[0]), re.M)
        if (status.group(1) if status else "proposed") in OPEN:
            found.add(name[:-3])
    return found


def notes(root):
    for folder, _, files in os.walk(os.path.join(root, "feedback")):
        for name in sorted(files):
            if name.endswith(".md"):
                path = os.path.join(folder, name)
                yield os.path.relpath(path, root), open(path, encoding="utf-8").read()


def unlinked_text(text):
    lines, body = split(text)
    ids, kept = items_field(lines)
    return ids + true_links(body), "---\n" + "".join(kept) + "---\n" + strip_links(body)


def suggest(root, paths=()):
    out = subprocess.run([BIN, "--root", root, "suggest", "--format", "json", "--limit", "3",
                          "--min-score", "0", *paths], check=True, capture_output=True, text=True)
    return {n["path"]: [c["id"] for c in n["candidates"]] for n in json.loads(out.stdout)["notes"]}


def score(truth, found):
    hits1 = hits3 = total = 0
    for path, ids in truth.items():
        got = found.get(path, [])
        hits1 += bool(got[:1]) and got[0] in ids
        hits3 += len(ids & set(got[:3]))
        total += len(ids)
    return hits1 / len(truth), hits3 / total


def quality(sample):
    with tempfile.TemporaryDirectory() as work:
        root = os.path.join(work, "backlog")
        shutil.copytree(sample, root)
        opened = open_items(root)
        originals, truth = {}, {}
        for path, text in notes(root):
            ids, _ = unlinked_text(text)
            originals[path] = text
            kept = set(ids) & opened
            if kept:
                truth[path] = kept
        # Leave-one-out: one note unlinked at a time.
        found = {}
        for path in sorted(truth):
            full = os.path.join(root, path)
            open(full, "w", encoding="utf-8").write(unlinked_text(originals[path])[1])
            found.update(suggest(root, [path]))
            open(full, "w", encoding="utf-8").write(originals[path])
        loo = score(truth, found)
        # Cold: every note unlinked.
        for path, text in originals.items():
            open(os.path.join(root, path), "w", encoding="utf-8").write(unlinked_text(text)[1])
        cold = score(truth, suggest(root))
        return len(truth), loo, cold


def median_seconds(args, runs=3):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def speed():
    with tempfile.TemporaryDirectory() as work:
        root = os.path.join(work, "gen")
        subprocess.run([sys.executable, os.path.join(REPO, "benches", "gen.py"), root,
                        "--items", "5000", "--notes", "50000"], check=True)
        subprocess.run([BIN, "--root", root, "list", "--format", "json"], check=True,
                       stdout=subprocess.DEVNULL)  # warm-up
        listing = median_seconds([BIN, "--root", root, "list", "--format", "json"])
        suggesting = median_seconds([BIN, "--root", root, "suggest", "--format", "json"])
        return listing, suggesting


def main():
    if not os.environ.get("RANKDOWN_BIN"):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    count, (p1, r3), (cold_p1, cold_r3) = quality(os.path.join(REPO, "sample-backlog"))
    verdict = lambda ok: "PASS" if ok else "MISS"
    print(f"sample, {count} notes with open-item links:")
    print(f"  leave-one-out  precision@1 {p1:.2f} (target >= 0.70, {verdict(p1 >= 0.7)})"
          f"  recall@3 {r3:.2f} (target >= 0.90, {verdict(r3 >= 0.9)})")
    print(f"  cold           precision@1 {cold_p1:.2f}  recall@3 {cold_r3:.2f}")
    if not os.environ.get("SKIP_SPEED"):
        listing, suggesting = speed()
        ratio = suggesting / listing
        print(f"5,000 items + 50,000 notes: list {listing:.2f} s, suggest {suggesting:.2f} s,"
              f" {ratio:.2f}x (target <= 3x, {verdict(ratio <= 3)})")


if __name__ == "__main__":
    main()
