"""How fast the store is on a map of 4,000 items, and how much the file grows per edit.

Run: python bench/bench_store.py [--db PATH]

The map: 50 stages x 20 touchpoints x 3 pain points per touchpoint (1,000 touchpoints, 3,000 pain
points). Each figure is the median CPU time of several runs, judged as a multiple of a baseline
measured in the same run: the same bytes through the same libraries with none of the store's work
(the map's JSON compressed, its rows inserted and its pain points indexed for full-text search, in
one transaction; a snapshot's row read, inflated and parsed). The limits guard against regressions:
about twice what the store costs today, well under what it cost before issue 15 (a load re-validated
the map, an edit deep-copied it three times).

* save: ``create_map`` (the snapshot, the current-state rows) against the bare write;
* open the store (Store.open: the file is checked whole with PRAGMA quick_check, then opened for writing),
  against a bare connect running the same check;
* load, cold (nothing cached, the store open), at a snapshot and after the longest run of ops a load replays,
  against the bare read;
* export to Markdown, against the JSON export of the same map (a walk that writes every field);
* one small edit saved (``Session.edit``: the edit, the version, the current-state rows), against
  the bare write of one version row and one current-state row;
* the growth of the file per small edit over 200 edits (target <= 4 KB, issue 15).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import zlib
from pathlib import Path

import figures
from figures import Figure, build_map, ratio_figure, report, timed, used_bytes

GROWTH_TARGET = 4096


def edit_now(session, i: int) -> None:
    """Save the i-th small edit on the session's map, as it is now."""
    from cjm_assistant.domain import edits

    session.edit(edits.parse_ops(small_edit(i, session.journey)), "bench edit")


def small_edit(i: int, journey=None) -> list[dict]:
    return figures.small_edit(i, stages=50, pains=3000, touchpoints=1000, journey=journey)


class Bare:
    """The floor under the store's work, on a scratch file: the same bytes, no store."""

    def __init__(self, path: Path, journey) -> None:
        self.conn = sqlite3.connect(path)
        self.conn.execute("CREATE TABLE items (map_id TEXT, id TEXT, a, b, c, d, e, f, PRIMARY KEY (map_id, id))")
        self.conn.execute("CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB)")
        # The store keeps a full-text index of its pain points (schema step m003): the floor indexes the same
        # texts, inserted straight into FTS5 (the cheapest way; the store's sqlite-utils triggers cost more).
        self.conn.execute("CREATE VIRTUAL TABLE search USING fts5(name, description, tokenize='porter')")
        self.texts = [(pp.name, pp.description) for _, pp in journey.pain_points()]
        self.data = journey.model_dump(mode="json")
        self.rows = [(i.id, kind, getattr(i, "name", ""), getattr(i, "description", ""), 1, 2, 3)
                     for kind, i, _ in journey.items()]
        self.count = 0

    def write(self) -> None:
        """Compress the map's JSON and insert it with a row per item, in one transaction."""
        self.count += 1
        with self.conn:
            self.conn.execute("INSERT INTO blobs (data) VALUES (?)",
                              [zlib.compress(json.dumps(self.data).encode(), 6)])
            self.conn.executemany("INSERT INTO items VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                  [(str(self.count), *row) for row in self.rows])
            self.conn.executemany("INSERT INTO search (name, description) VALUES (?, ?)", self.texts)

    def read(self) -> None:
        """Read the newest blob, inflate and parse it."""
        conn = sqlite3.connect(self.conn.execute("PRAGMA database_list").fetchone()[2])
        blob = conn.execute("SELECT data FROM blobs ORDER BY id DESC LIMIT 1").fetchone()[0]
        json.loads(zlib.decompress(blob))
        conn.close()

    def one_row(self) -> None:
        """One version row and one current-state row, in one transaction."""
        self.count += 1
        with self.conn:
            self.conn.execute("INSERT INTO blobs (data) VALUES (?)", [json.dumps(small_edit(self.count)).encode()])
            self.conn.execute("UPDATE items SET c = ? WHERE map_id = '1' AND id = 'tp1'", [f"Team {self.count}"])


def cold_load(path: Path, map_id: str, runs: int = 5) -> float:
    """A load with nothing cached, on a store already open: opening it checks the whole file (its own figure)."""
    from cjm_assistant.store import Store

    with Store.open(path) as fresh:
        def load() -> None:
            fresh._cache.clear()
            fresh._rows.clear()
            fresh.load(map_id)

        return timed(load, runs).median


def store_open(path: Path, runs: int = 5) -> float:
    """Store.open and close: the file looked at read-only (PRAGMA quick_check reads all of it), then opened."""
    from cjm_assistant.store import Store

    return timed(lambda: Store.open(path).close(), runs).median


def bare_open(path: Path, runs: int = 5) -> float:
    """The floor under Store.open: connect, the same whole-file check, close."""
    def check() -> None:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        conn.execute("PRAGMA quick_check(5)").fetchall()
        conn.close()

    return timed(check, runs).median


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database file to use (default: a temporary file)")
    args = parser.parse_args()

    from cjm_assistant.domain import edits
    from cjm_assistant.export import export
    from cjm_assistant.session import Session
    from cjm_assistant.store import versions

    tmp = Path(tempfile.mkdtemp(prefix="cjm-bench-store-"))
    path = Path(args.db or tmp / "bench.db")
    journey = build_map(50, 20, 60)
    bare = Bare(tmp / "bare.db", journey)
    figures: list[Figure] = []

    session = Session.start(str(path), engine="playbook")
    store = session.store
    save = timed(lambda: store.create_map(journey, "user", "bench"), 5).median
    figures.append(ratio_figure("save (create_map)", save, "bare write", timed(bare.write, 5).median, 3))

    map_id = session.import_map(journey, "bench")
    bare_read = timed(bare.read, 5).median
    figures.append(ratio_figure("open the store (checks the whole file)", store_open(path), "bare connect and "
                                "PRAGMA quick_check", bare_open(path), 2))
    figures.append(ratio_figure("load, cold, at a snapshot", cold_load(path, map_id), "bare read", bare_read, 3))

    as_json = timed(lambda: export(journey, "json"), 5).median
    figures.append(ratio_figure("export to Markdown", timed(lambda: export(journey, "md"), 5).median,
                                "JSON export", as_json, 40))

    count = iter(range(10**6))
    edit_now(session, next(count))
    edit = timed(lambda: edit_now(session, next(count)), 21).median
    figures.append(ratio_figure("one small edit saved (Session.edit)", edit, "bare one-row write",
                                timed(bare.one_row, 21).median, 60))

    while store._get(map_id, store.get_map(map_id).head)[1].depth < versions.MAX_REPLAY:
        edit_now(session, next(count))
    figures.append(ratio_figure(f"load, cold, {versions.MAX_REPLAY} versions of ops to replay",
                                cold_load(path, map_id), "bare read", bare_read, 6))

    before = used_bytes(store.conn)
    for _ in range(200):
        edit_now(session, next(count))
    growth = (used_bytes(store.conn) - before) / 200
    figures.append(Figure("growth per small edit (200 edits)", growth, "bytes", f"<= {GROWTH_TARGET}",
                          growth <= GROWTH_TARGET, "the ops of one edit are ~100 bytes"))
    session.close()
    return report(f"store: 50 stages x 20 touchpoints x 3 pain points; sqlite file {path}", figures)


if __name__ == "__main__":
    sys.exit(main())
