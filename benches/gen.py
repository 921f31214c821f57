#!/usr/bin/env python3
"""Writes a generated, valid rankdown backlog for the benchmarks (benches/scale.sh).

Deterministic from --seed: the same arguments give byte-identical files (and,
with --commits, identical commit ids), on any machine and Python 3 version,
because every random draw goes through random.Random.random(), the one
sequence Python promises to keep stable for a given integer seed.

    python3 benches/gen.py DIR --items N --notes M [--seed S] [--commits K]
                           [--backlog-md DIR2]

DIR gets rankdown.yaml, vision.md, goals/, items/ (N items, every status,
dependencies on earlier items only, so no cycles) and feedback/ (M notes
under feedback/<channel>/<yyyy-mm>/). Bodies are 0.5-3 KB of Markdown with
paragraphs, block quotes, lists, inline [[id]] references and Markdown links
to item files, some `[[x]]` inside code (not a link), some notes linked to
nothing (the triage inbox). PRIORITIES.md is not written: run `rankdown rank`.

--commits K makes DIR a git repository (git CLI, isolated config, pinned
dates) whose first commit holds the config, vision, goals and items (some
items in an earlier state), and whose K-1 further commits add the notes in
date order and bring those items to their final state; the work tree and
the index end equal to HEAD.

--backlog-md DIR2 also writes the same N items as Backlog.md tasks
(DIR2/backlog/config.yml, DIR2/backlog/tasks/task-N - Title.md), same bodies.

Standard library only (Python 3.11+).
"""

import argparse
import datetime
import os
import shutil
import subprocess
import sys
import tempfile

STATUSES = ["proposed", "ready", "in-progress", "done", "dropped"]
STATUS_WEIGHTS = [40, 20, 10, 22, 8]
CHANNELS = ["interview", "chat", "forum", "ticket", "mail", "survey", "other"]
CHANNEL_WEIGHTS = [12, 30, 12, 20, 12, 10, 4]
LEVELS = ["low", "medium", "high", "critical"]
SIZES = ["XS", "S", "M", "L", "XL"]
HORIZONS = ["3m", "6m", "12m"]
AS_OF = datetime.date(2026, 11, 20)

VERBS = ["Cache", "Replace", "Speed up", "Automate", "Document", "Split", "Retire", "Migrate",
         "Monitor", "Encrypt", "Deduplicate", "Index", "Rotate", "Shard", "Simplify", "Audit",
         "Parallelise", "Archive", "Expose", "Validate"]
OBJECTS = ["dependency downloads", "the build graph", "preview environments", "secret rotation",
           "flaky test reruns", "on-call alerts", "runbook search", "the artifact store",
           "code review queues", "mobile release builds", "database fixtures", "log retention",
           "feature flags", "the onboarding checklist", "container base images", "GPU runners",
           "the payments sandbox", "service ownership data", "API reference pages",
           "postmortem templates", "merge queues", "the shared staging cluster", "SSO sessions",
           "cost reports", "canary deployments", "the monorepo clone", "schema migrations"]
QUALIFIERS = ["between CI runs", "for every region", "on pull requests", "before each release",
              "without manual steps", "across teams", "in the developer portal", "for new hires",
              "behind a single command", "per service", "on laptops", "at night", "by default"]
GOAL_TOPICS = ["Cut median CI time", "Halve flaky reruns", "Quiet the on-call pager",
               "First PR on day one", "Make docs findable", "Rotate every secret automatically",
               "Retire shared staging", "Review within a working day", "Reduce cloud spend",
               "Ship mobile releases weekly", "Zero critical CVEs older than 30 days",
               "Self-service databases", "Predictable release trains", "Faster incident response"]
FIRST = ["priya", "marcus", "mei-lin", "hannah", "lukas", "elena", "daniel", "grace", "noah",
         "ana", "siti", "arjun", "deepa", "carla", "tomas", "sven", "jake", "yuki", "felix",
         "rafael", "wei", "ben", "kavya", "aditya", "omar", "lucia", "isabela", "rohan", "mateo",
         "amara", "chen", "fatima", "igor", "nadia", "kofi", "sara", "leon", "mina", "pablo"]
LAST = ["raman", "bell", "tan", "schulz", "weber", "petrova", "kim", "adeyemi", "fischer",
        "souza", "rahman", "nair", "iyer", "mendes", "herrera", "lindqvist", "morrison", "sato",
        "braun", "costa", "zhang", "okafor", "reddy", "kulkarni", "haddad", "ferreira", "rocha"]
ORGS = ["payments", "identity", "mobile", "search", "checkout", "data-platform", "ml-infra",
        "sre", "growth", "ledger", "support-tools", "security", "web", "partner-api"]
TAGS = ["ci", "monorepo", "security", "docs", "onboarding", "mobile", "on-call", "cost",
        "observability", "data", "release", "dx", "compliance", "performance"]

# Sentence parts for bodies: enough variety that no two files are alike.
OPENERS = ["Every morning", "During the last release", "Since the migration", "On busy days",
           "For the third sprint running", "When the cache is cold", "After the reorg",
           "In the Bangalore office", "On the night shift", "Whenever a new hire joins"]
SUBJECTS = ["the build", "our team", "the pipeline", "the release captain", "a reviewer",
            "the on-call engineer", "the test suite", "every service", "the staging cluster",
            "the deploy job", "a new joiner", "the dashboard"]
PROBLEMS = ["waits twenty minutes for dependencies", "fails for reasons nobody can explain",
            "pages someone for an alert that fixes itself", "needs three manual approvals",
            "runs tests the change cannot affect", "loses the logs we need",
            "blocks the merge queue for an hour", "downloads the same packages again",
            "cannot find the right runbook", "collides with another team's experiment",
            "times out on the macOS runners", "needs a ticket to get a database"]
CONSEQUENCES = ["so we context-switch two or three times a day",
                "which costs us most of an afternoon each week",
                "and people have started to work around it",
                "so releases slip by a day more often than not",
                "and the error message does not say why",
                "which makes the numbers in the weekly review look worse than they are",
                "so we rerun the job and hope", "and nobody owns the fix"]
ASKS = ["Could this be done once and shared?", "Is there a plan for this quarter?",
        "We would happily pilot a fix.", "A default that just works would be enough.",
        "Even a partial fix would help.", "Please keep the old path working until we move."]


class Rng:
    """Draws from random.Random.random() only (stable across Python versions)."""

    def __init__(self, seed):
        import random
        self._r = random.Random(seed)

    def random(self):
        return self._r.random()

    def below(self, n):
        return min(int(self._r.random() * n), n - 1)

    def between(self, lo, hi):
        return lo + self.below(hi - lo + 1)

    def pick(self, seq):
        return seq[self.below(len(seq))]

    def weighted(self, seq, weights):
        x = self._r.random() * sum(weights)
        for value, w in zip(seq, weights):
            x -= w
            if x < 0:
                return value
        return seq[-1]

    def sample(self, seq, k):
        """k distinct elements of seq (k small), in draw order."""
        chosen, seen = [], set()
        while len(chosen) < min(k, len(seq)):
            i = self.below(len(seq))
            if i not in seen:
                seen.add(i)
                chosen.append(seq[i])
        return chosen


def slug(text):
    out, dash = [], False
    for ch in text.lower():
        if ch.isascii() and ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


class Backlog:
    def __init__(self, args):
        self.rng = Rng(args.seed)
        self.n_items = args.items
        self.n_notes = args.notes
        self.n_goals = max(8, min(120, args.items // 80))
        self.goals = []   # (id, path, text)
        self.items = []   # dict: id, path, title, status, tags, owner, deps, body, text, early
        self.notes = []   # (date, path, text)
        self.people = [f"{self.rng.pick(FIRST)}-{self.rng.pick(LAST)}-{i}"
                       for i in range(max(10, args.notes // 8))]
        self.person_org = {p: self.rng.pick(ORGS) for p in self.people}

    def sentence(self, ref=None):
        r = self.rng
        text = f"{r.pick(OPENERS)} {r.pick(SUBJECTS)} {r.pick(PROBLEMS)}, {r.pick(CONSEQUENCES)}."
        if ref:
            text = text[:-1] + f" ({ref})."
        return text

    def paragraph(self, refs=()):
        r = self.rng
        parts = [self.sentence() for _ in range(r.between(2, 4))]
        for ref in refs:
            parts.insert(r.below(len(parts) + 1), self.sentence(ref))
        if r.random() < 0.3:
            parts.append(r.pick(ASKS))
        return " ".join(parts)

    def body(self, size, link, quote_marks=True):
        """Markdown of about `size` bytes; `link()` returns a reference or None."""
        r = self.rng
        blocks = []
        total = 0
        while total < size:
            kind = r.below(10)
            ref = link()
            if kind < 4:
                block = self.paragraph([ref] if ref else ())
            elif kind < 6:
                said = self.sentence(ref)
                block = f"> \"{said}\"" if quote_marks else f"> {said}"
                if r.random() < 0.4:
                    block += "\n>\n> " + self.sentence()
            elif kind < 8:
                lines = [f"- {self.sentence()}" for _ in range(r.between(2, 4))]
                if ref:
                    lines[r.below(len(lines))] += f" See {ref}."
                block = "\n".join(lines)
            elif kind < 9:
                block = (f"Steps we tried:\n\n1. {self.sentence()}\n2. {self.sentence(ref)}\n"
                         f"3. {r.pick(ASKS)}")
            else:
                block = (f"The log says `error: [[not-a-link]] retry {r.between(1, 9)}` and "
                         f"then nothing; {self.sentence(ref)}")
            blocks.append(block)
            total += len(block) + 2
        return "\n\n".join(blocks) + "\n"

    def body_size(self):
        # 0.5-3 KB, most near 1 KB (the corpus averages about 1.05 KB a file).
        r = self.rng
        return int(500 + 2500 * (r.random() * r.random() * r.random()) ** 0.8)

    def make_goals(self):
        r = self.rng
        for n in range(self.n_goals):
            title = f"{GOAL_TOPICS[n % len(GOAL_TOPICS)]} for area {n}"
            gid = slug(title)
            status = r.weighted(["active", "achieved", "dropped"], [85, 10, 5])
            if n >= self.n_goals - 2:  # every goal status, whatever the size
                status = ["achieved", "dropped"][n - self.n_goals + 2]
            lines = ["---", f"title: {title}", f"weight: {r.between(1, 5)}"]
            if r.random() < 0.2:
                lines.append(f"due: 2027-{r.between(1, 12):02d}-{r.between(1, 28):02d}")
            else:
                lines.append(f"horizon: {r.pick(HORIZONS)}")
            baseline = r.between(10, 90)
            lines += [f"metric: median minutes for area {n}", f"baseline: {baseline}",
                      f"current: {baseline - r.below(baseline // 2 + 1)}",
                      f"target: {baseline // 3}"]
            if status != "active" or r.random() < 0.5:
                lines.append(f"status: {status}")
            text = "\n".join(lines) + "\n---\n\n" + self.paragraph() + "\n\n" + self.paragraph() + "\n"
            self.goals.append((gid, f"goals/{gid}.md", text))

    def item_front(self, item, status, effort, confidence):
        lines = ["---"]
        if item["explicit_id"]:
            lines.append(f"id: {item['id']}")
        lines += [f"title: {item['title']}", f"status: {status}"]
        lines += item["goal_lines"]
        lines.append(f"effort: {effort}")
        if confidence is not None:
            lines.append(f"confidence: {confidence}")
        if item["deps"]:
            lines.append(f"depends_on: [{', '.join(item['deps'])}]")
        if item["tags"]:
            lines.append(f"tags: [{', '.join(item['tags'])}]")
        lines.append(f"owner: {item['owner']}")
        return "\n".join(lines) + "\n---\n\n"

    def make_items(self):
        r = self.rng
        goal_ids = [g[0] for g in self.goals]
        for n in range(self.n_items):
            title = f"{r.pick(VERBS)} {r.pick(OBJECTS)} {r.pick(QUALIFIERS)}"
            base = f"{slug(title)}-{n}"
            explicit = r.random() < 0.03
            item = {"id": base, "title": title, "explicit_id": explicit,
                    "path": f"items/{'legacy-' + str(n) if explicit else base}.md",
                    "owner": r.pick(self.people).rsplit("-", 1)[0],
                    "tags": r.sample(TAGS, r.below(3))}
            served = r.sample(goal_ids, r.weighted([0, 1, 2, 3], [10, 50, 30, 10]))
            if served and r.random() < 0.25:
                item["goal_lines"] = [f"goals: [{', '.join(served)}]"]
            elif served:
                item["goal_lines"] = ["goals:"] + [f"  {g}: {r.pick(LEVELS)}" for g in served]
            else:
                item["goal_lines"] = []
            status = r.weighted(STATUSES, STATUS_WEIGHTS)
            if n < len(STATUSES):  # every item status, whatever the size
                status = STATUSES[n]
            # Dependencies point to earlier items only: no cycles.
            deps = []
            if n > 0 and r.random() < 0.2:
                deps = sorted({self.items[r.below(n)]["id"] for _ in range(r.between(1, 2))})
            item["deps"] = deps
            effort = r.pick(SIZES) if r.random() < 0.85 else str(r.between(1, 12))
            conf = None
            if r.random() < 0.6:
                conf = f"{r.between(3, 10) / 10}" if r.random() < 0.7 else f"{r.between(3, 10) * 10}%"
            # Bodies mention other items (earlier ones, to keep them resolvable).
            def link():
                if n == 0 or r.random() > 0.25:
                    return None
                other = self.items[r.below(n)]
                if r.random() < 0.5:
                    return f"[[{other['id']}]]"
                return f"[{other['title'].lower()}](../{other['path']})"
            item["body"] = self.body(self.body_size(), link, quote_marks=False)
            item["text"] = self.item_front(item, status, effort, conf) + item["body"]
            item["status"] = status
            # Some items had another status and effort when the history began.
            item["early"] = None
            if r.random() < 0.05:
                early_status = "proposed" if status != "proposed" else "ready"
                item["early"] = self.item_front(item, early_status, r.pick(SIZES), conf) + item["body"]
            self.items.append(item)

    def make_notes(self):
        r = self.rng
        span = 700  # days of feedback before as_of
        for n in range(self.n_notes):
            channel = r.weighted(CHANNELS, CHANNEL_WEIGHTS)
            date = AS_OF - datetime.timedelta(days=r.below(span))
            person = r.pick(self.people)
            linked = r.random() < 0.92
            whole = r.sample(self.items, r.between(1, 2)) if linked and r.random() < 0.5 else []
            path = f"feedback/{channel}/{date:%Y-%m}/{date}-{person}-{n}.md"
            lines = ["---"]
            if channel != "other" or r.random() < 0.5:
                lines.append(f"channel: {channel}")
            lines.append(f"date: {date}")
            if r.random() < 0.95:
                lines.append(f"from: {person}")
                lines.append(f"org: {self.person_org[person]}")
            if r.random() < 0.7:
                lines.append(f"severity: {r.weighted(LEVELS, [20, 50, 25, 5])}")
            if whole:
                lines.append(f"items: [{', '.join(i['id'] for i in whole)}]")
            if r.random() < 0.4:
                lines.append(f"ref: {channel.upper()}-{r.between(1000, 99999)}")
            front = "\n".join(lines) + "\n---\n\n"

            def link():
                if not linked or r.random() > 0.35:
                    return None
                item = r.pick(self.items)
                if r.random() < 0.7:
                    return f"[[{item['id']}]]"
                return f"[{item['title'].lower()}](../../../{item['path']})"
            heading = f"**{channel.capitalize()} with {person} ({self.person_org[person]})**\n\n"
            self.notes.append((str(date), path, front + heading + self.body(self.body_size(), link)))

    def files(self):
        yield "rankdown.yaml", "# Generated by benches/gen.py.\nas_of: 2026-11-20\n"
        yield "vision.md", ("Every engineer can go from an idea to safely running code without "
                            "waiting on anyone. This backlog was generated for benchmarks.\n")
        for _, path, text in self.goals:
            yield path, text
        for item in self.items:
            yield item["path"], item["text"]
        for _, path, text in self.notes:
            yield path, text


def write(root, path, text):
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def git(root, env, *args):
    subprocess.run(["git", "-C", root, *args], env=env, check=True, stdout=subprocess.DEVNULL)


def commit_history(root, backlog, commits):
    """The backlog as K commits: items and goals first, then notes in date order."""
    scratch = tempfile.mkdtemp(prefix="gen-gitconfig-")
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.path.join(scratch, "config"),
               GIT_AUTHOR_NAME="Bench", GIT_AUTHOR_EMAIL="bench@example.com",
               GIT_COMMITTER_NAME="Bench", GIT_COMMITTER_EMAIL="bench@example.com")
    git(root, env, "init", "-q", "-b", "main")
    late = [i for i in backlog.items if i["early"]]
    notes = sorted(backlog.notes)
    first = [(p, t) for p, t in backlog.files() if not p.startswith(("feedback/", "items/"))]
    first += [(i["path"], i["early"] or i["text"]) for i in backlog.items]
    batches = [first] + [[] for _ in range(commits - 1)]
    rest = max(1, commits - 1)
    for n, (_, path, text) in enumerate(notes):
        batches[min(commits - 1, 1 + n * rest // max(1, len(notes)))].append((path, text))
    for n, item in enumerate(late):
        batches[min(commits - 1, 1 + n * rest // max(1, len(late)))].append((item["path"], item["text"]))
    # Each commit is dated the evening of the newest note it adds (notes come
    # in date order), the first one before any note.
    when = datetime.datetime(2024, 12, 1, 9, 0, tzinfo=datetime.timezone.utc)
    for k, batch in enumerate(batches):
        for path, text in batch:
            write(root, path, text)
        git(root, env, "add", "-A")
        dates = [path.rsplit("/", 1)[1][:10] for path, _ in batch if path.startswith("feedback/")]
        if dates:
            newest = datetime.datetime.fromisoformat(max(dates) + "T18:00:00+00:00")
            when = max(when + datetime.timedelta(minutes=1), newest)
        elif k:
            when += datetime.timedelta(minutes=1)
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when.isoformat()
        message = "Goals and items" if k == 0 else f"Feedback batch {k}"
        git(root, env, "commit", "-q", "--allow-empty", "-m", message)
    shutil.rmtree(scratch)


def backlog_md(root, backlog):
    """The same items as Backlog.md tasks, in its own file format."""
    status_of = {"proposed": "To Do", "ready": "To Do", "in-progress": "In Progress",
                 "done": "Done", "dropped": "Done"}
    number = {item["id"]: n + 1 for n, item in enumerate(backlog.items)}
    write(root, "backlog/config.yml",
          'project_name: "bench"\ndefault_status: "To Do"\nstatuses: ["To Do", "In Progress", "Done"]\n'
          "labels: []\ndate_format: yyyy-mm-dd\nmax_column_width: 20\nauto_open_browser: false\n"
          "default_port: 6420\nremote_operations: false\nauto_commit: false\nfilesystem_only: false\n"
          'bypass_git_hooks: false\ncheck_active_branches: false\nactive_branch_days: 30\ntask_prefix: "task"\n')
    for item in backlog.items:
        n = number[item["id"]]
        name = "".join(ch for ch in item["title"].replace(" ", "-") if ch.isalnum() or ch == "-")
        lines = ["---", f"id: TASK-{n}", f"title: {item['title']}",
                 f"status: {status_of[item['status']]}", f"assignee: ['@{item['owner']}']",
                 "created_date: '2026-01-05 09:00'"]
        lines.append("labels:" + ("".join(f"\n  - {t}" for t in item["tags"]) if item["tags"] else " []"))
        lines.append("dependencies:" + ("".join(f"\n  - task-{number[d]}" for d in item["deps"])
                                        if item["deps"] else " []"))
        lines.append(f"priority: {['high', 'medium', 'low'][n % 3]}")
        text = "\n".join(lines) + "\n---\n\n## Description\n\n" + item["body"]
        write(root, f"backlog/tasks/task-{n} - {name}.md", text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dir")
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--notes", type=int, default=50000)
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--commits", type=int, default=0)
    parser.add_argument("--backlog-md", metavar="DIR2")
    args = parser.parse_args()
    if args.items < 1:
        parser.error("--items must be at least 1")
    backlog = Backlog(args)
    backlog.make_goals()
    backlog.make_items()
    backlog.make_notes()
    os.makedirs(args.dir, exist_ok=True)
    if args.commits > 0:
        commit_history(args.dir, backlog, args.commits)
    else:
        for path, text in backlog.files():
            write(args.dir, path, text)
    if args.backlog_md:
        backlog_md(args.backlog_md, backlog)
    return 0


if __name__ == "__main__":
    sys.exit(main())
