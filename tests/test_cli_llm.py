"""`cjm new` and `cjm refine` on the LLM engine, through real litellm, against the scripted local server."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from tests.support.llm import Reply, map_data

from cjm_assistant.cli import main
from cjm_assistant.store import Store

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


pytestmark = pytest.mark.usefixtures("fake_key")


def _prompt(body: dict) -> str:
    return "\n".join(str(m.get("content", "")) for m in body.get("messages", []))


def interviewer(body: dict) -> Reply:
    """A model drafting in steps (an unknown model on a local server): the stage names of the scripted bakery
    map, then each stage as it has it. (The examples' answers need no model to be read.)"""
    prompt = _prompt(body)
    stages = {s["name"]: s for s in map_data()["stages"]}
    if "Name the stages" in prompt:
        return Reply.json({"stages": list(stages)})
    for name, stage in stages.items():
        if f'"{name}", for this customer' in prompt:
            return Reply.json(stage)
    return Reply.json({})


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cjm_new_on_the_llm_engine_stores_the_map_the_model_described(server, tmp_db, capsys):
    server.responder = interviewer
    code, out, err = run(capsys, "--db", str(tmp_db), "--engine", "llm", "--model", "openai/any",
                         "--api-base", server.base_url, "new", "--answers", str(EXAMPLES / "bakery.toml"))

    assert code == 0, err
    assert "Traceback" not in err
    map_id = out.strip().splitlines()[-1]
    store = Store.open(tmp_db)
    journey = store.load(map_id)
    assert [s.name for s in journey.stages] == [s["name"] for s in map_data()["stages"]]
    assert "with llm:openai/any" in out
    # What the model added is marked as a guess, and the notes say which parts came from where.
    assert {tp.provenance for _, tp in journey.touchpoints()} == {"inferred"}
    assert "assumed: From the interview: the business (Sweet Crumbs), 1 persona (Busy parent Priya)" in out
    assert "assumed: From the model (openai/any), marked inferred for you to check: 5 stages" in out
    # Every call went to the local server and was logged with the provider's token counts; the run says so.
    totals = store.llm_totals(map_id)
    assert totals["calls"] == 6 and totals["prompt_tokens"] > 0
    assert f"  model: 6 calls, {totals['tokens']:,} tokens" in out
    assert all(r["model"] == "any" for r in server.requests)
    assert err == ""  # no progress lines when stderr is not a terminal


def test_cjm_refine_on_the_llm_engine_applies_the_ops_the_model_proposed(server, tmp_db, capsys):
    server.responder = interviewer
    code, out, _ = run(capsys, "--db", str(tmp_db), "--engine", "llm", "--model", "openai/any",
                       "--api-base", server.base_url, "new", "--answers", str(EXAMPLES / "bakery.toml"))
    assert code == 0
    map_id = out.strip().splitlines()[-1]
    first = map_data()["stages"][-1]["name"]
    server.responder = None
    server.script(Reply.json({"ops": [{"op": "add_stage", "name": "Onboarding", "after": first}],
                              "reply": "Added an Onboarding stage."}))

    code, out, err = run(capsys, "--db", str(tmp_db), "--engine", "llm", "--model", "openai/any",
                         "--api-base", server.base_url, "refine", map_id, f"add a stage Onboarding after {first}")

    assert code == 0, err
    assert "Saved version 2." in out
    assert Store.open(tmp_db).load(map_id).stages[-1].name == "Onboarding"
    # The edit prompt carried the instruction as data, not a regenerated map request.
    assert "Onboarding" in _prompt(server.requests[-1])


def test_a_provider_error_during_refine_is_one_line_and_changes_nothing(server, tmp_db, capsys):
    server.responder = interviewer
    _, out, _ = run(capsys, "--db", str(tmp_db), "--engine", "llm", "--model", "openai/any",
                    "--api-base", server.base_url, "new", "--answers", str(EXAMPLES / "bakery.toml"))
    map_id = out.strip().splitlines()[-1]
    server.responder = None
    server.script(*[Reply.server_error() for _ in range(5)])

    code, out, err = run(capsys, "--db", str(tmp_db), "--engine", "llm", "--model", "openai/any",
                         "--api-base", server.base_url, "refine", map_id, "add a stage Onboarding")

    assert code == 1
    assert err.startswith("cjm: The model provider had a server error (500).")
    assert "or choose another model with --model" in err and "/model" not in err  # the CLI's own option
    assert "Traceback" not in err
    store = Store.open(tmp_db)
    assert store.get_map(map_id).head == 1
    said = [m.content for m in store.messages(map_id=map_id)]
    assert "add a stage Onboarding" in said  # the user's words are kept
    json.dumps(said)


def test_a_refinement_the_model_runs_on_is_read_by_rule_and_says_so(server, tmp_db, capsys):
    server.responder = interviewer
    _, out, _ = run(capsys, "--db", str(tmp_db), "--engine", "llm", "--model", "openai/any",
                    "--api-base", server.base_url, "new", "--answers", str(EXAMPLES / "bakery.toml"))
    map_id = out.strip().splitlines()[-1]
    last = map_data()["stages"][-1]["name"]
    server.responder = None
    server.script(Reply.endless(prefix='{"ops": [], "reply": "', filler="and then "))

    code, out, err = run(capsys, "--db", str(tmp_db), "--engine", "llm", "--model", "openai/any",
                         "--api-base", server.base_url, "refine", map_id, f"add pain point 'Cake arrives late' to {last}")

    assert code == 0, err
    assert out.startswith("The model could not give the change (The model's reply was cut off")
    assert "cjm read the instruction by rule instead." in out and "Saved version 2." in out
    assert "Cake arrives late" in [p.name for p in Store.open(tmp_db).load(map_id).stages[-1].pain_points]


class _Terminal(io.StringIO):
    """Standard input as a terminal a person types ``text`` into."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("typed", "saved"), [("n\n", False), ("y\n", True)])
def test_in_a_terminal_refine_shows_the_models_change_and_asks_before_saving(server, tmp_db, capsys, monkeypatch,
                                                                           typed, saved):
    server.responder = interviewer
    _, out, _ = run(capsys, "--db", str(tmp_db), "--engine", "llm", "--model", "openai/any",
                    "--api-base", server.base_url, "new", "--answers", str(EXAMPLES / "bakery.toml"))
    map_id = out.strip().splitlines()[-1]
    server.responder = None
    server.script(Reply.json({"ops": [{"op": "remove_stage", "stage": map_data()["stages"][0]["name"]}],
                              "reply": "Removed it."}))
    monkeypatch.setattr("sys.stdin", _Terminal(typed))

    code, out, err = run(capsys, "--db", str(tmp_db), "--engine", "llm", "--model", "openai/any",
                         "--api-base", server.base_url, "refine", map_id, "tidy up the first stage")

    first = map_data()["stages"][0]["name"]
    assert 0 <= out.find(f"- stage “{first}”") < out.find("Save this? [y/N]")  # what it would do, shown first
    assert (code == 0) is saved
    assert ("Saved version 2." in out) is saved and ("Nothing was saved." in out) is not saved
    assert Store.open(tmp_db).get_map(map_id).head == (2 if saved else 1)
