"""attack13's model findings, against the scripted local server (real litellm, real SSE; nothing leaves 127.0.0.1):

1. the owner's confirmed stages (an answers file's ``stages``) are the map's stages with a model too, the model
   describing each of them;
2. a reply to an edit that broke off (a cut stream, half a JSON object) is said to be so, never blamed on the
   owner's instruction ("say the change more concretely"), in the CLI and the TUI;
3. Ctrl+C while the model works stops it, as Esc does; elsewhere it does what it did (copy, "how to quit").
"""

from __future__ import annotations

import pytest
from tests.support.llm import WHOLE, Reply, map_data
from tests.support.tui import chat_texts, notifications, open_saved, saved_map, send, settle, wait_for

from cjm_assistant.cli import main
from cjm_assistant.store import Store

pytestmark = pytest.mark.usefixtures("fake_key")

# A mail-in lab the playbook does not know for sure; the owner's own stages, one with a comma in it.
ANSWERS = '''
business = "Darkroom Post, a mail-in film developing lab"
offering = "developing and scanning film sent by post"
customers = "hobby photographers"
journey = "sending us a first roll"
kind = "current"
channels = "our website, email"
problems = "rolls get lost in the post"
'''
OWNERS = ["Hear about us", "Post your film, with the form", "Developing and scanning", "Scans and negatives back"]
MODELS = ["Find the lab", "Send the roll", "Wait", "Get the scans"]  # what the model would call them


def _prompt(body: dict) -> str:
    return "\n".join(str(m.get("content", "")) for m in body.get("messages", []))


def modeller(body: dict) -> Reply:
    """A model that names its own stages when asked, and describes whichever stage it is asked about."""
    prompt = _prompt(body)
    if "Name the stages" in prompt:
        return Reply.json({"stages": MODELS})
    if "for this customer" in prompt:
        number = prompt.split("Describe stage ", 1)[1].split(",", 1)[0]
        return Reply.json({"goal": "get the roll sorted", "emotion": 0,
                           "actions": [f"Handles part {number} of the roll's trip"],
                           "touchpoints": [{"name": "Order form", "channel": "Website"}]})
    return Reply.json({"stages": [{"name": n, "actions": ["Looks around"]} for n in MODELS]})


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def llm(server, db, model: str = "openai/any") -> list[str]:
    return ["--db", str(db), "--engine", "llm", "--model", model, "--api-base", server.base_url]


def new_map(server, tmp_path, capsys, stages: list[str] | None, model: str = "openai/any") -> tuple[str, str]:
    text = ANSWERS + (f"stages = {stages!r}\n".replace("'", '"') if stages is not None else "")
    (tmp_path / "a.toml").write_text(text, encoding="utf-8")
    server.responder = modeller
    code, out, err = run(capsys, *llm(server, tmp_path / "cjm.db", model), "new", "--answers", str(tmp_path / "a.toml"))
    assert code == 0, err
    return out.strip().splitlines()[-1], out


# -- 1. the owner's stages --------------------------------------------------------------------------------------


@pytest.mark.parametrize("model", ["openai/any", WHOLE])  # in steps (a local model), or one reply (a large one)
def test_the_owners_stages_from_the_answers_file_are_the_maps_stages_with_a_model(server, tmp_path, capsys, model):
    map_id, out = new_map(server, tmp_path, capsys, OWNERS, model)

    journey = Store.open(tmp_path / "cjm.db").load(map_id)
    assert [s.name for s in journey.stages] == OWNERS
    assert {s.provenance for s in journey.stages} == {"user"}  # the owner's, not a guess to check
    # The model filled each of them in (its lanes are its own, marked inferred) and was never asked for names.
    assert all(s.actions and s.actions[0].provenance == "inferred" for s in journey.stages), journey.stages
    assert journey.stages[2].actions[0].text == "Handles part 3 of the roll's trip"
    assert not any("Name the stages" in _prompt(r) for r in server.requests)
    assert "Stages as you confirmed them: Hear about us," in out
    assert "From the interview: the business (Darkroom Post), 4 stages" in out


def test_without_stages_in_the_file_the_model_names_them(server, tmp_path, capsys):
    map_id, out = new_map(server, tmp_path, capsys, None)

    journey = Store.open(tmp_path / "cjm.db").load(map_id)
    assert [s.name for s in journey.stages] == MODELS
    assert {s.provenance for s in journey.stages} == {"inferred"}
    assert "marked inferred for you to check: 4 stages" in out


def test_the_owners_problem_goes_on_the_owners_stage_the_playbook_put_it_on(server, tmp_path, capsys):
    """With the owner's stages, the model's map puts the owner's problem on the very stage the playbook's map does
    (by the stage's name, not a guess from words it shares with the model's lanes)."""
    map_id, _ = new_map(server, tmp_path, capsys, OWNERS)
    code, out, err = run(capsys, "--db", str(tmp_path / "cjm.db"), "--engine", "playbook", "new", "--answers",
                         str(tmp_path / "a.toml"))
    assert code == 0, err
    store = Store.open(tmp_path / "cjm.db")

    def where(journey) -> list[str]:
        return [s.name for s in journey.stages for p in s.pain_points if "lost in the post" in p.name.lower()]

    playbook = where(store.load(out.strip().splitlines()[-1]))
    assert playbook and playbook[0] in OWNERS
    assert where(store.load(map_id)) == playbook


# -- 2. a reply to an edit that broke off -----------------------------------------------------------------------

CUT = Reply(content='{"ops": [{"op": "add_pain_point", "stage": "Developing', truncate_stream=True)
HALF = Reply(content='{"ops": [{"op": "add_pain', chunk_size=5)  # the stream ends properly, the JSON does not
GARBLED = Reply(content='{"ops": [{"op": "add_pain', garbled_end=True)  # ends on half an event, then hangs up


@pytest.mark.parametrize("broken", [CUT, HALF, GARBLED], ids=["cut-stream", "half-json", "garbled-end"])
def test_a_broken_reply_to_an_edit_says_so_and_does_not_blame_the_owner(server, tmp_path, capsys, broken):
    map_id, _ = new_map(server, tmp_path, capsys, OWNERS)
    server.responder, server.default = None, broken

    code, out, err = run(capsys, *llm(server, tmp_path / "cjm.db"), "refine", map_id,
                         "make customers feel warmer while they wait for the scans", "--yes")

    assert code == 1
    assert "cut off before it was complete" in err or "connection dropped in the middle" in err, err
    assert "Nothing was changed" in err or "the map is as it was" in err, err
    assert "more concretely" not in err and "proposed no change" not in err, err
    assert Store.open(tmp_path / "cjm.db").get_map(map_id).head == 1


def test_a_complete_reply_that_changes_nothing_still_asks_for_a_concrete_change(server, tmp_path, capsys):
    map_id, _ = new_map(server, tmp_path, capsys, OWNERS)
    server.responder, server.default = None, Reply.no_change()

    code, _, err = run(capsys, *llm(server, tmp_path / "cjm.db"), "refine", map_id,
                       "make customers feel warmer while they wait for the scans", "--yes")

    assert code == 1
    assert "proposed no change" in err and "cut off" not in err, err


def test_a_broken_reply_to_an_instruction_cjm_can_read_is_read_by_rule(server, tmp_path, capsys):
    map_id, _ = new_map(server, tmp_path, capsys, OWNERS)
    server.responder, server.default = None, HALF

    code, out, err = run(capsys, *llm(server, tmp_path / "cjm.db"), "refine", map_id,
                         "add pain point 'Scans are too dark' to Scans and negatives back", "--yes")

    assert code == 0, err
    assert "cjm read the instruction by rule instead" in out and "cut off" in out, out
    journey = Store.open(tmp_path / "cjm.db").load(map_id)
    assert "Scans are too dark" in [p.name for p in journey.stages[3].pain_points]


# -- the TUI ----------------------------------------------------------------------------------------------------

SIZE = (120, 40)


def _app(db, server):
    from cjm_assistant.tui.app import CjmApp

    return CjmApp(db=str(db), model="openai/any", api_base=server.base_url)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.usefixtures("warm_litellm")
async def test_tui_a_broken_reply_to_an_edit_says_so_in_the_chat(tmp_path, server):
    db = tmp_path / "cjm.db"
    map_id = saved_map(db)
    server.default = HALF
    app = _app(db, server)
    async with app.run_test(size=SIZE) as pilot:
        await open_saved(pilot, app, map_id)
        await send(pilot, app, "make customers feel warmer at checkout")
        said = chat_texts(app)[-1]
        assert "cut off before it was complete" in said and "Nothing was changed" in said, said
        assert "more concretely" not in said
        assert app.session.head == 1


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.usefixtures("warm_litellm")
async def test_tui_ctrl_c_while_the_model_works_cancels_it_as_esc_does(tmp_path, server):
    from cjm_assistant.tui.widgets.chat_input import ChatInput

    db = tmp_path / "cjm.db"
    map_id = saved_map(db)
    server.default = Reply("never", hang=True)
    app = _app(db, server)
    async with app.run_test(size=SIZE) as pilot:
        await open_saved(pilot, app, map_id)
        box = app.screen.query_one(ChatInput)
        box.load_text("add a stage Onboarding after Checkout")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.main.driver.busy == "instruct" and server.requests, what="the model call")
        # Text selected in the chat input: Ctrl+C copies it, as it does anywhere, and the model goes on.
        box.load_text("some words to copy")
        box.select_all()
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.clipboard == "some words to copy"
        assert app.main.driver.busy == "instruct"
        box.load_text("")
        await pilot.press("ctrl+c")
        await wait_for(pilot, lambda: app.main.driver.busy is None, what="the call to stop", timeout=10)
        assert any("Cancelled" in t for t in chat_texts(app))
        assert app.session.head == 1
        assert len(server.requests) == 1  # not retried after Ctrl+C
        # Nothing running: Ctrl+C does what it did before, saying how to quit (the app stays open).
        await pilot.press("ctrl+c")
        await settle(pilot, app)
        assert app.is_running
        assert any("to quit" in n for n in notifications(app)), notifications(app)
