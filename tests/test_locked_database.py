"""Another program holding the database's write lock: the TUI and the CLI say they are waiting (up to a
minute, then a sentence), and Ctrl+Q quits at once.

Before, "starting the interview…" stayed on screen for up to a minute with no word of why, and Ctrl+Q
cleared the screen but left the process waiting for the lock (its worker thread) for most of that minute.
"""

from __future__ import annotations

import sqlite3
import threading
import time

from tests.support.reliability import cjm
from tests.support.tui import make_app, notifications, settle, wait_for

from cjm_assistant.store import Store


async def test_a_locked_database_is_said_and_ctrl_q_stops_the_waiting_write(tmp_path):
    db = tmp_path / "cjm.db"
    Store.open(db).close()  # an ordinary database...
    app = make_app(db)
    told: list[float] = []
    other = sqlite3.connect(db)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot, app)
            connection = app.session.store.connection
            shown = connection.waiting
            connection.waiting = lambda seconds: (told.append(seconds), shown(seconds))
            other.execute("BEGIN IMMEDIATE")  # ...that another program is writing to, and does not let go
            await pilot.press("n")  # starting the interview writes to it
            await wait_for(pilot, lambda: any("Waiting for the database" in n for n in notifications(app)),
                           what="the waiting to be said")
            assert app.main.driver.busy == "new"
            await pilot.press("ctrl+q")
            await wait_for(pilot, lambda: app.return_code is not None, what="the app to quit")
        assert connection.closing.is_set()
        asked = len(told)
        time.sleep(1.0)  # a write still waiting would have been told again by now (every 0.25 s)
        assert len(told) <= asked + 1
    finally:
        other.rollback()
        other.close()
    with Store.open(db) as store:  # the database is as it was, and usable
        assert store.list_maps() == []


def test_the_cli_says_it_is_waiting_for_another_program_and_goes_on_when_it_lets_go(tmp_path):
    db = tmp_path / "cjm.db"
    Store.open(db).close()
    other = sqlite3.connect(db, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    answers = tmp_path / "answers.toml"
    answers.write_text('business = "Kettle & Crumb, a cafe in Hull"\n', encoding="utf-8")
    letting_go = threading.Timer(3.0, other.rollback)  # the other program finishes after a few seconds
    letting_go.start()
    try:
        done = cjm("--db", str(db), "new", "--answers", str(answers), env={"HOME": str(tmp_path)})
    finally:
        letting_go.join()
        other.close()
    assert done.returncode == 0, done.stderr
    assert "cjm: waiting for the database: another program is writing to it" in done.stderr
    assert done.stderr.count("waiting for the database") == 1  # said once, not every step
    with Store.open(db) as store:
        assert len(store.list_maps()) == 1
