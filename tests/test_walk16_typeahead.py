"""A first answer typed while the welcome hands over to the interview arrives whole (outside walk 16: typed 2-4 s
after start, the business became "Ernight and supply about 20 cafes", the start of the sentence left in the box).
Keys reach the app as a terminal delivers them: in bursts, with gaps, while the main screen is being made; the
answer is read from the database."""

from __future__ import annotations

import asyncio

import pytest

from cjm_assistant.tui.app import CjmApp
from tests.support.tui import wait_for
from tests.test_tui_typeahead import SIZE, burst, said_by_user

SENTENCE = "Rise & Shine Bakehouse - we bake bread and pastries overnight and supply about 20 cafes"


@pytest.mark.parametrize(("chunk", "gap"), [(1, 0.002), (3, 0.005), (3, 0.02), (7, 0.005), (7, 0.05), (12, 0.1)])
async def test_a_sentence_trickling_in_during_the_handover_is_the_first_answer_whole(tmp_path, chunk, gap):
    db = tmp_path / "cjm.db"
    app = CjmApp(db=str(db), engine="playbook")
    async with app.run_test(size=SIZE) as pilot:
        keys = [*SENTENCE, "enter"]
        for start in range(0, len(keys), chunk):
            burst(app, keys[start:start + chunk])
            await asyncio.sleep(gap)
        await wait_for(pilot, lambda: bool(said_by_user(db)), 30, what="the first answer saved")
        await pilot.pause(0.3)
        assert said_by_user(db)[0] == SENTENCE
        assert app.main is not None and not app.main.chat_pane.query_one("ChatInput").text  # nothing left behind
