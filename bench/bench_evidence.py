"""Benchmark: importing 10,000 (or 1,000,000) items of customer feedback on the offline playbook engine.

    python bench/bench_evidence.py [ROWS]        # default 10,000
    python bench/bench_evidence.py 1000000       # the large run: time and peak memory (RSS < 400 MB)

Builds a CSV of ROWS rows (default 10,000) by sampling the shipped
examples/sweet-crumbs-feedback.csv and perturbing each comment (typos,
dropped and swapped words, extra words, case, trailing punctuation, a
varied rating, date and channel), so that few rows repeat exactly. Then,
in a fresh database holding the example map, it times the whole import as a
user runs it: reading the file, matching every item, building the proposal,
and accepting it (the version and one evidence row per item, saved in one
transaction). Prints the time of each step, then the peak memory of a second
import (tracemalloc, which slows Python down, so it is kept out of the timed
run) and the process's max RSS. Targets: under 5 s and under 300 MB.
"""

from __future__ import annotations

import csv
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from cjm_assistant.engines.playbook import PlaybookEngine
from cjm_assistant.export.jsonio import from_json
from cjm_assistant.session import Session
from cjm_assistant.store import Store

ROOT = Path(__file__).resolve().parent.parent
FEEDBACK = ROOT / "examples" / "sweet-crumbs-feedback.csv"
EXAMPLE = ROOT / "examples" / "sweet-crumbs.json"
TARGET_S = 5.0
TARGET_MB = 300
LARGE = 100_000
LARGE_TARGET_MB = 400
FILLERS = ["honestly", "really", "to be fair", "tbh", "again", "this time", "for my son", "for the party",
           "last month", "for our wedding", "as usual", "sadly", "I think", "overall"]


def perturb(text: str, rng: random.Random) -> str:
    words = text.split()
    roll = rng.random()
    if roll < 0.2 and len(words) > 4:  # drop a word
        del words[rng.randrange(len(words))]
    elif roll < 0.35 and len(words) > 3:  # swap two neighbours
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    elif roll < 0.55:  # add a filler
        words.insert(rng.randrange(len(words) + 1), rng.choice(FILLERS))
    if rng.random() < 0.3:  # a typo: a doubled or dropped letter
        i = rng.randrange(len(words))
        w = words[i]
        if len(w) > 3:
            j = rng.randrange(1, len(w) - 1)
            words[i] = w[:j] + w[j] + w[j:] if rng.random() < 0.5 else w[:j] + w[j + 1:]
    text = " ".join(words)
    if rng.random() < 0.1:
        text = text.lower()
    if rng.random() < 0.15:
        text += rng.choice(["!", "!!", ".", " :)", " x"])
    return text


def make_file(rows: int, path: Path, seed: int = 7) -> None:
    rng = random.Random(seed)
    with open(FEEDBACK, encoding="utf-8", newline="") as f:
        source = list(csv.DictReader(f))
    with open(path, "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["date", "channel", "rating", "comment"])
        for _ in range(rows):
            row = rng.choice(source)
            rating = row["rating"]
            if rating and rng.random() < 0.2:
                rating = str(min(5, max(1, int(rating) + rng.choice((-1, 1)))))
            date = f"2024-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
            out.writerow([date, row["channel"], rating, perturb(row["comment"], rng)])


def timed_import(session: Session, path: Path) -> tuple[list[float], object, int]:
    """Read, match and propose, accept: the clock at each step, the proposal and the version saved."""
    clock = [time.perf_counter()]
    feedback = session.read_evidence(path)
    clock.append(time.perf_counter())
    proposal = session.import_evidence(feedback)
    clock.append(time.perf_counter())
    version = session.accept(proposal)
    clock.append(time.perf_counter())
    return clock, proposal, version


def large(rows: int) -> int:
    """The streamed run: time of each step and the process's peak RSS."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"feedback-{rows}.csv"
        made = time.perf_counter()
        make_file(rows, path)
        print(f"made a {path.stat().st_size / 1e6:.0f} MB file of {rows:,} rows in {time.perf_counter() - made:.0f} s")
        session = Session(Store.open(Path(tmp) / "bench.db"), PlaybookEngine())
        session.import_map(from_json(EXAMPLE.read_text(encoding="utf-8")), "sweet-crumbs.json")
        (start, read, matched, saved), proposal, version = timed_import(session, path)
        stored = session.store.conn.execute("SELECT count(*), count(DISTINCT row) FROM evidence").fetchone()
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        c = proposal.evidence.counts
        print(f"evidence import of {rows:,} rows on the playbook engine (streamed)")
        print(f"  read file         {read - start:8.1f} s    (one pass: columns, rating scale, count)")
        print(f"  match + propose   {matched - read:8.1f} s    ({c['negative']:,} complaints, {c['positive']:,} praise, "
              f"{c['mixed']:,} mixed, {c['unplaced']:,} unplaced; {len(proposal.ops)} edits)")
        print(f"  accept + store    {saved - matched:8.1f} s    (version {version}, {stored[0]:,} rows for "
              f"{stored[1]:,} items)")
        print(f"  total             {saved - start:8.1f} s    ({rows / (saved - start):,.0f} rows/s)")
        ok = rss_mb < LARGE_TARGET_MB
        print(f"  peak RSS          {rss_mb:8.1f} MB   target < {LARGE_TARGET_MB} MB: {'ok' if ok else 'TOO MUCH'}")
        session.store.close()
        return 0 if ok else 1


def main() -> int:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    if rows >= LARGE:
        return large(rows)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"feedback-{rows}.csv"
        make_file(rows, path)
        with open(path, encoding="utf-8", newline="") as f:
            distinct = len({r["comment"] for r in csv.DictReader(f)})
        session = Session(Store.open(Path(tmp) / "bench.db"), PlaybookEngine())
        session.import_map(from_json(EXAMPLE.read_text(encoding="utf-8")), "sweet-crumbs.json")
        from cjm_assistant.knowledge.catalogue import load

        load()  # the knowledge base, as a running app has it already

        (start, read, matched, saved), proposal, version = timed_import(session, path)
        stored = len(session.evidence_rows())
        total = saved - start

        # Memory, in a second run on a fresh map (tracemalloc slows Python down, so not in the timed run).
        session.import_map(from_json(EXAMPLE.read_text(encoding="utf-8")), "sweet-crumbs.json")
        tracemalloc.start()
        session.accept(session.import_evidence(session.read_evidence(path)))
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
        peak_mb = peak / 1_000_000
        c = proposal.evidence.counts
        print(f"evidence import of {rows:,} rows ({distinct:,} distinct comments) on the playbook engine")
        print(f"  read file         {1000 * (read - start):8.0f} ms")
        print(f"  match + propose   {1000 * (matched - read):8.0f} ms   "
              f"({c['negative']:,} complaints, {c['positive']:,} praise, {c['mixed']:,} mixed, {c['neutral']:,} other; "
              f"{len(proposal.ops)} edits)")
        print(f"  accept + store    {1000 * (saved - matched):8.0f} ms   (version {version}, {stored:,} evidence rows)")
        verdict = "ok" if total < TARGET_S else "SLOW"
        print(f"  total             {total:8.2f} s    target < {TARGET_S:.0f} s: {verdict}")
        print(f"  peak memory       {peak_mb:8.1f} MB   (tracemalloc: Python objects allocated by the import)")
        print(f"  max RSS           {rss_mb:8.1f} MB   target < {TARGET_MB} MB: "
              f"{'ok' if rss_mb < TARGET_MB else 'TOO MUCH'} (the whole process, interpreter included)")
        session.store.close()
        return 0 if total < TARGET_S and rss_mb < TARGET_MB else 1


if __name__ == "__main__":
    raise SystemExit(main())
