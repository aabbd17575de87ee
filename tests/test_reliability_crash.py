"""Crash safety: a SIGKILL at any moment loses nothing that was reported saved.

Children are forked from the test (imports done, so each starts at once) and
keep saving edits, printing each saved version number as soon as the save
returns. The test kills them after a random 20-300 ms, more than 50 times in
all, and after each kill checks the file with SQLite's own integrity check,
opens it with ``Store.open`` and compares every version the child reported
with the test's own replay of the ops it reported.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import time

import pytest
from tests.support.reliability import EXAMPLES, complete_lines, edit_ops, fork, kill_after, read_all, say

from cjm_assistant.domain import edits
from cjm_assistant.engines.playbook import PlaybookEngine
from cjm_assistant.interview import load_answers
from cjm_assistant.domain.model import JourneyMap, clean_text
from cjm_assistant.session import Session
from cjm_assistant.store import Store

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")

KILLS = 50


def integrity(path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


# -- children ------------------------------------------------------------------------------


def save_forever(out: int, path: str, map_id: str, mode: str) -> None:
    """Keep editing the map and saving; print '<version> <ops json>' after each save returns."""
    store = Store.open(path)
    if mode == "session":
        session = Session(store, PlaybookEngine())
        session.open_map(map_id)
        while True:
            ops = edit_ops(session.journey, session.head)
            number = session.edit(edits.parse_ops(ops), f"step {session.head}")
            say(out, f"{number} {json.dumps(ops)}")
    head = store.get_map(map_id).head
    while True:
        ops = edit_ops(store.load(map_id), head)
        head = store.save_version(map_id, ops, message=f"step {head}", base=head).number
        say(out, f"{head} {json.dumps(ops)}")


def create_then_save(out: int, path: str, journey_json: str) -> None:
    """A first run on a fresh file: migrate, create a map, report it."""
    store = Store.open(path)
    record = store.create_map(JourneyMap.model_validate_json(journey_json))
    say(out, f"map {record.id}")
    save_forever_store(out, store, record.id)


def save_forever_store(out: int, store: Store, map_id: str) -> None:
    head = 1
    while True:
        ops = edit_ops(store.load(map_id), head)
        head = store.save_version(map_id, ops, base=head).number
        say(out, f"{head} {json.dumps(ops)}")


def answer_forever(out: int, path: str, answers: list[str]) -> None:
    """Run an interview, printing 'ack <i>' as soon as answer i has been taken."""
    session = Session(Store.open(path), PlaybookEngine())
    session.start_interview()
    say(out, f"interview {session.interview.state.id}")
    for i, text in enumerate(answers):
        session.answer(text)
        say(out, f"ack {i}")


# -- the tests -----------------------------------------------------------------------------


def test_killed_writers_never_lose_a_reported_version(tmp_db, bakery_map):
    rng = random.Random(20240611)
    with Store.open(tmp_db) as store:
        map_id = store.create_map(bakery_map).id
    ops_of: dict[int, list | None] = {1: None}  # version -> the ops that made it from version - 1
    current = bakery_map.model_copy(deep=True)  # the replay of every op so far, in place
    to_load: list[tuple[int, JourneyMap]] = []  # (version, what it must load as), checked while the next child runs

    def load_some(deadline: float | None) -> None:
        """Compare stored versions with the replay until the deadline (versions never change once saved)."""
        if not to_load:
            return
        with Store.open(tmp_db) as reader:  # opened after the fork: a connection never crosses one
            while to_load and (deadline is None or time.monotonic() < deadline):
                number, journey = to_load.pop(0)
                assert reader.load(map_id, number) == journey, f"version {number} does not load as saved"

    for kill in range(KILLS):
        pid, fd = fork(save_forever, str(tmp_db), map_id, "session" if kill % 3 == 2 else "store")
        deadline = time.monotonic() + rng.uniform(0.02, 0.3)
        load_some(deadline)
        kill_after(pid, max(0.0, deadline - time.monotonic()))
        lines = complete_lines(read_all(fd))
        assert not [line for line in lines if line.startswith("ERROR")], lines[-3:]

        assert integrity(tmp_db) == "ok", f"after kill {kill}"
        with Store.open(tmp_db) as store:
            stored = dict(store.conn.execute("SELECT number, parent FROM versions WHERE map_id = ?", [map_id]))
            head = store.get_map(map_id).head
            in_flight = store.conn.execute("SELECT number, ops FROM versions WHERE map_id = ? AND number > ?",
                                           [map_id, max(ops_of)]).fetchall()
        assert set(ops_of) <= set(stored), f"versions reported earlier are gone after kill {kill}"
        new = [(int(number), json.loads(ops)) for number, ops in (line.split(" ", 1) for line in lines)]
        # At most the save in flight may be in the file without having been reported.
        unreported = [(n, json.loads(ops)) for n, ops in in_flight if n not in {m for m, _ in new}]
        assert len(unreported) <= 1 and head == max(stored), (unreported, head, kill)
        for number, ops in new + unreported:
            assert number in stored, f"version {number} was reported saved but is gone after kill {kill}"
            assert stored[number] == number - 1  # one writer at a time: a single chain
            edits.replay(current, edits.parse_ops(ops))
            ops_of[number] = ops
            to_load.append((number, current.model_copy(deep=True)))

    load_some(None)
    assert len(ops_of) > 2 * KILLS  # the children really were saving when killed
    with Store.open(tmp_db) as store:  # a last pass from a cold cache: every version is there, the last loads
        assert [v.number for v in store.history(map_id)] == sorted(ops_of)
        assert store.load(map_id) == current
        assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_a_kill_during_the_first_run_leaves_a_file_that_opens(tmp_path, bakery_map):
    """Killed while creating the file and migrating it, or just after: the next run opens it."""
    rng = random.Random(7)
    for trial in range(8):
        path = tmp_path / f"first-{trial}.db"
        pid, fd = fork(create_then_save, str(path), bakery_map.model_dump_json())
        kill_after(pid, rng.uniform(0.0, 0.04))
        lines = complete_lines(read_all(fd))
        assert not [line for line in lines if line.startswith("ERROR")], lines[-3:]
        if path.exists():
            assert integrity(path) == "ok"
        with Store.open(path) as store:
            if lines:
                map_id = lines[0].split()[1]
                assert store.load(map_id, 1) == bakery_map
                assert store.get_map(map_id).head >= len(lines)


def test_an_acknowledged_answer_survives_a_kill(tmp_db):
    """The session saves each answer before it acknowledges it: kill right after an ack, the answer is there."""
    answers = load_answers((EXAMPLES / "bakery.toml").read_text())
    texts = [answers[key] for key in ("business", "offering", "customers", "journey", "kind", "channels",
                                      "problems", "data", "goal")]
    texts[3] += " \x1b[31mwith an escape\x1b[0m"  # saved as cleaned text
    rng = random.Random(3)
    for trial in range(6):
        stop_at = rng.randrange(len(texts))
        pid, fd = fork(answer_forever, str(tmp_db), texts)
        buffered = b""
        while f"ack {stop_at}\n".encode() not in buffered:  # kill the moment the answer is acknowledged
            chunk = os.read(fd, 4096)
            assert chunk, f"the child stopped before answer {stop_at}: {buffered!r}"
            buffered += chunk
        kill_after(pid, 0)
        lines = complete_lines(buffered.decode() + read_all(fd))
        interview = lines[0].split()[1]
        acked = [int(line.split()[1]) for line in lines if line.startswith("ack ")]
        assert integrity(tmp_db) == "ok"
        with Store.open(tmp_db) as store:
            said = [m.content for m in store.messages(interview=interview) if m.role == "user"]
            state = store.load_interview(interview)
        for i in acked:
            assert clean_text(texts[i]) in said, f"answer {i} was acknowledged but is not in the messages table"
        assert len(acked) <= len(said) <= len(acked) + 1  # plus at most the answer in flight
        assert state is not None  # and the interview can be resumed


# -- an interview answer killed mid-step ------------------------------------------------------------


class SlowReader(PlaybookEngine):
    """The playbook, slow to read an answer (as a model would be), so a kill lands between its steps."""

    def extract(self, field, answer, profile, cancel=None):
        time.sleep(0.03)
        return super().extract(field, answer, profile, cancel=cancel)


ANSWERS = ["Hilltop Roasters, a coffee subscription run from Leeds", "beans by post every month",
           "B2C coffee lovers", "the first order of a subscription", "current", "website, Instagram, email"]


def answer_slowly(out: int, path: str) -> None:
    """Answer the interview one answer after another, printing each answer once the session has taken it."""
    session = Session(Store.open(path), SlowReader())
    session.start_interview()
    for text in ANSWERS:
        session.answer(text)
        say(out, text)
    time.sleep(60)


@pytest.mark.parametrize("seed", range(8))
def test_an_answer_killed_mid_step_is_kept_or_asked_again_never_lost(tmp_path, seed):
    path = str(tmp_path / "cjm.db")
    pid, fd = fork(answer_slowly, path)
    kill_after(pid, random.Random(seed).uniform(0.05, 0.4))
    reported = complete_lines(read_all(fd))

    with Store.open(path) as store:
        session = Session(store, PlaybookEngine())
        if session.resume_interview() is None:
            return  # killed before the interview was saved: there is nothing to lose
        said = [m.content for m in store.messages(interview=session.interview.state.id) if m.role == "user"]
        read = [a.text for a in session.interview.state.answers]
        assert session.interview.state.pending == ""
        # Every answer the user gave (saved as a message) was read, once: none lost, none applied twice.
        assert said == read[: len(said)] and len(read) == len(said), (said, read)
        assert reported == said[: len(reported)]
