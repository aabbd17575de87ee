"""What an outside tester found in the LLM engine (issue 16 follow-up), run through `cjm` on the scripted server."""

from __future__ import annotations

import json

from pathlib import Path

import pytest
from tests.support.llm import Reply, map_data

from cjm_assistant.cli import main
from cjm_assistant.domain.text import redact
from cjm_assistant.store import Store

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

pytestmark = pytest.mark.usefixtures("fake_key")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _prompt(body: dict) -> str:
    return "\n".join(str(m.get("content", "")) for m in body.get("messages", []))


def interviewer(body: dict) -> Reply:
    prompt = _prompt(body)
    stages = {s["name"]: s for s in map_data()["stages"]}
    if "Name the stages" in prompt:
        return Reply.json({"stages": list(stages)})
    for name, stage in stages.items():
        if f'"{name}", for this customer' in prompt:
            return Reply.json(stage)
    return Reply.json({})


# 1. credentials in --api-base


@pytest.mark.parametrize(("url", "secret"), [
    ("http://alice:S3cret@host/v1", "S3cret"),
    ("http://host/v1?api_key=K3Y123", "K3Y123"),
    ("http://host/v1?x=1&key=K3Y123", "K3Y123"),
    ("http://host/v1?token=T0K", "T0K"),
    ("https://host/v1#access_token=T0K", "T0K"),
    ("http://host/v1?client_secret=S3c&x=1", "S3c"),
    ("//alice:S3cret@host/v1", "S3cret"),  # no scheme
    ("alice:S3cret@host/v1", "S3cret"),  # no // either
    ("alice:S3cret@localhost:8000", "S3cret"),
])
def test_redact_hides_credentials_in_a_url(url, secret):
    shown = redact(url)
    assert secret not in shown and "***" in shown and "host" in shown


@pytest.mark.parametrize("text", [
    "Contact:jo@shop.com", "email me: jo@shop.com", "see https://x.com/a@b", "at 10:30@home",
])
def test_redact_keeps_addresses_and_ordinary_text(text):
    assert redact(text) == text


def test_redact_keeps_ordinary_query_words():
    assert redact("http://host/v1?monkey=1&page=2") == "http://host/v1?monkey=1&page=2"


def test_a_password_in_api_base_is_not_stored_or_printed(server, tmp_path, capsys):
    server.responder = interviewer
    db = tmp_path / "c.db"
    base = server.base_url.replace("http://", "http://alice:S3cretPW@") + "?token=TOKSECRET"
    code, out, err = run(capsys, "--db", str(db), "--engine", "llm", "--model", "openai/any", "--api-base", base,
                         "new", "--answers", str(EXAMPLES / "bakery.toml"))
    assert server.requests, out + err
    assert "S3cretPW" not in out + err and "TOKSECRET" not in out + err
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("c.db*"))
    assert raw and b"S3cretPW" not in raw and b"TOKSECRET" not in raw


def test_doctor_does_not_print_a_token_in_api_base(server, tmp_path, capsys):
    server.responder = lambda body: Reply.json({"ok": True})
    _, out, err = run(capsys, "--db", str(tmp_path / "d.db"), "--model", "openai/any",
                      "--api-base", server.base_url.removesuffix("/v1") + "?token=TOKSECRET", "doctor")
    assert "has no path" in out + err  # the address is printed, without its token
    assert "TOKSECRET" not in out + err


# 2. what the model reads from the interview is marked inferred

VAGUE = """\
business = "well we kind of do stuff with flour, my mum started it"
offering = "depends on the day honestly"
customers = "hmm not sure, mostly folks who like sweets I guess"
journey = "the usual"
kind = "current"
channels = "the usual ones"
problems = "people ghost us"
data = "none"
goal = "more sales"
"""

GUESS = {"business_name": "Bakery (Sinatra)", "description": "A famous bakery founded by Frank Sinatra",
         "industry": "bakery", "channels": ["TikTok", "Billboards"], "data": "Google Analytics; NPS 72"}


def guesser(body: dict) -> Reply:
    rf = (body.get("response_format") or {}).get("json_schema") or {}
    if rf.get("name") == "Answer":
        props = (rf.get("schema") or {}).get("properties", {})
        return Reply.json({k: v for k, v in GUESS.items() if k in props})
    return interviewer(body)


@pytest.fixture
def guessed_map(server, tmp_path, capsys):
    server.responder = guesser
    answers = tmp_path / "vague.toml"
    answers.write_text(VAGUE, encoding="utf-8")
    db = tmp_path / "g.db"
    code, out, err = run(capsys, "--db", str(db), "--engine", "llm", "--model", "openai/any",
                         "--api-base", server.base_url, "new", "--answers", str(answers))
    assert code == 0, err
    map_id = out.strip().splitlines()[-1]
    assert any((r.get("response_format") or {}).get("json_schema", {}).get("name") == "Answer"
               for r in server.requests)
    return db, map_id


def test_channels_the_model_read_are_marked_inferred(guessed_map, capsys):
    db, map_id = guessed_map
    code, out, _ = run(capsys, "--db", str(db), "export", map_id, "-f", "json")
    channels = {c["name"]: c["provenance"] for c in json.loads(out)["channels"]}
    assert {"TikTok", "Billboards"} <= set(channels)
    assert channels["TikTok"] == channels["Billboards"] == "inferred"


def test_a_string_for_a_list_is_entries_not_letters(guessed_map, capsys):
    db, map_id = guessed_map
    _, out, _ = run(capsys, "--db", str(db), "export", map_id, "-f", "json")
    business = json.loads(out)["business"]
    assert business["data"] == ["Google Analytics", "NPS 72"]
    assert {"name", "data"} <= set(business["inferred"])
    assert "description" not in business["inferred"]  # the reader kept the user's own words


def test_the_business_name_the_model_guessed_is_marked_in_markdown(guessed_map, capsys):
    db, map_id = guessed_map
    _, md, _ = run(capsys, "--db", str(db), "export", map_id, "-f", "md")
    assert "- **Name:** Bakery (Sinatra)°" in md
    assert md.splitlines()[0].startswith("# Bakery (Sinatra)") and md.splitlines()[0].endswith("°")
    assert "Items marked ° are inferred" in md


def test_a_profile_list_field_takes_a_string_as_one_entry():
    from cjm_assistant.domain.profile import Profile

    assert Profile().merge({"data": "Google Analytics"}).data == ["Google Analytics"]


def test_maps_without_guesses_export_as_before():
    from cjm_assistant.domain.model import Business

    assert "inferred" not in Business(name="Sweet Crumbs").model_dump_json()


# 3. a business rename by the model is listed by refine and by diff


def test_a_business_rename_by_the_model_is_listed_and_diffed(server, tmp_db, capsys):
    server.responder = interviewer
    llm = ["--db", str(tmp_db), "--engine", "llm", "--model", "openai/any", "--api-base", server.base_url]
    code, out, _ = run(capsys, *llm, "new", "--answers", str(EXAMPLES / "bakery.toml"))
    assert code == 0
    map_id = out.strip().splitlines()[-1]
    stage = map_data()["stages"][0]["name"]
    server.responder = None
    server.script(Reply.json({"reply": "Added a worry.", "ops": [
        {"op": "add_pain_point", "stage": stage, "name": "Cake may arrive late", "severity": 2},
        {"op": "update_business", "name": "Hacked Co"}]}))
    code, out, err = run(capsys, *llm, "refine", map_id, f"make {stage} more worrying", "--yes")
    assert code == 0, err
    assert Store.open(tmp_db).load(map_id).business.name == "Hacked Co"
    assert "~ business “Hacked Co” (name: “Sweet Crumbs” → “Hacked Co”)" in out
    code, out, _ = run(capsys, "--db", str(tmp_db), "diff", f"{map_id}@1", map_id)
    assert "name: “Sweet Crumbs” → “Hacked Co”" in out
    code, out, _ = run(capsys, "--db", str(tmp_db), "diff", f"{map_id}@1", map_id, "--format", "md")
    assert "business **Hacked Co**" in out and "Sweet Crumbs" in out


def test_diff_names_changed_persona_fields():
    from cjm_assistant.domain.diff import diff_maps
    from cjm_assistant.domain.model import JourneyMap

    old = JourneyMap.model_validate(map_data())
    new = old.model_copy(deep=True)
    new.personas[0].summary = "Someone else entirely"
    lines = [e.line() for e in diff_maps(old, new).entries]
    assert any(line.startswith("~ persona") and "summary:" in line for line in lines), lines


# 4. placeholders and echoed prompt lines are no map content


@pytest.mark.parametrize("name", ["second", "Third", "Stage 2", "stage two", "first goal", "last action", "channel1",
                                  "2nd", "two-three-four", "Pain point 3", "CurrentStage1"])
def test_placeholder_names_are_no_stage(name):
    from cjm_assistant.engines.llm.stages import stage_names

    names, dropped = stage_names({"stages": [name, "Discover", "Order", "Pay", "Collect"]})
    assert names == ["Discover", "Order", "Pay", "Collect"], (name, names)
    assert dropped


@pytest.mark.parametrize("name", ["Second visit", "First order", "Final payment", "Pick a channel", "Goal setting"])
def test_real_names_with_an_ordinal_are_kept(name):
    from cjm_assistant.engines.llm.stages import stage_names

    assert stage_names({"stages": [name]})[0] == [name]


def test_lane_items_that_are_placeholders_or_the_prompt_echoed_are_dropped():
    from cjm_assistant.engines.llm.drafting import echoed_lines
    from cjm_assistant.engines.llm.stages import Channels, StageReader

    head = {"business": {"name": "Sweet Crumbs", "business_model": "B2C", "description": "Custom cakes"},
            "kind": "current", "personas": [{"name": "Busy parent Priya", "summary": "Orders birthday cakes",
                                              "goals": ["a cake on time"]}]}
    reader = StageReader(Channels([{"id": "ch1", "name": "Instagram", "kind": "social", "provenance": "user"}]),
                         {"ch1"}, avoid={n.casefold() for n in echoed_lines(head) if n})
    stage, dropped = reader.stage("Order", {
        "goal": "first", "actions": ["first goal", "last action", "Sends a DM"],
        "touchpoints": [{"name": "channel1", "channel": "Instagram"},
                        {"name": "Instagram DMs", "channel": "Instagram"}],
        "thoughts": ["Busy parent Priya (Orders birthday cakes; wants a cake on time)", "B2C", "Will it be on time?"],
        "pain_points": [{"name": "Sweet Crumbs", "severity": 2}, {"name": "Slow replies", "severity": 2}]})
    assert stage["goal"] == ""
    assert [a["text"] for a in stage["actions"]] == ["Sends a DM"]
    assert [t["name"] for t in stage["touchpoints"]] == ["Instagram DMs"]
    assert [t["text"] for t in stage["thoughts"]] == ["Will it be on time?"]
    assert [p["name"] for p in stage["pain_points"]] == ["Slow replies"]
    assert dropped


def smol(body: dict) -> Reply:
    """What SmolLM2-135M wrote on llama.cpp: slots numbered, not named."""
    rf = (body.get("response_format") or {}).get("json_schema") or {}
    if rf.get("name") == "Stages" or "Name the stages" in _prompt(body):
        return Reply.json({"stages": ["first", "second", "third", "fourth", "fifth", "sixth"]})
    return Reply.json({"goal": "first", "emotion": 2, "actions": ["first goal", "last action"],
                       "touchpoints": [{"name": "channel1", "channel": "Instagram"}],
                       "thoughts": ["two-three-four"], "pain_points": [{"name": "second thought", "severity": 3}],
                       "opportunities": ["second way"], "kpis": []})


def test_a_model_that_numbers_its_stages_makes_no_map(server, tmp_db, capsys):
    server.responder = smol
    code, out, err = run(capsys, "--db", str(tmp_db), "--engine", "llm", "--model", "openai/any",
                         "--api-base", server.base_url, "new", "--answers", str(EXAMPLES / "bakery.toml"))
    assert code != 0, out  # the playbook's stages were tried too, and the model filled none of them
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert "first goal" not in out + err


# 5. evidence calls send max_tokens and obey the flag and config.toml


@pytest.fixture
def example_map(tmp_path, capsys):
    db = tmp_path / "e.db"
    code, out, err = run(capsys, "--db", str(db), "import", str(EXAMPLES / "sweet-crumbs.json"))
    assert code == 0, err
    return db, out.strip().splitlines()[-1].strip()


@pytest.mark.parametrize(("config", "flags", "expected"), [
    ("", [], None), ("", ["--max-tokens", "444"], 444), ("[max_tokens]\nevidence = 500\n", [], 500),
    ("[max_tokens]\nevidence = 500\n", ["--max-tokens", "300"], 300)])
def test_evidence_batches_carry_max_tokens(server, example_map, tmp_path, monkeypatch, capsys, config, flags, expected):
    if config:
        path = tmp_path / "config.toml"
        path.write_text(config, encoding="utf-8")
        monkeypatch.setenv("CJM_CONFIG", str(path))
    db, map_id = example_map
    server.responder = lambda body: Reply.json({"items": []})
    run(capsys, "--db", str(db), "--model", "openai/any", "--api-base", server.base_url, *flags,
        "evidence", map_id, str(EXAMPLES / "sweet-crumbs-feedback.csv"), "--yes")
    sent = [r.get("max_tokens") for r in server.requests]
    assert sent and all(sent), sent
    if expected is not None:
        assert set(sent) == {expected}, sent


# 6. "nothing usable" is one clean sentence


def test_nothing_usable_is_one_sentence_said_once(server, tmp_db, capsys):
    server.responder = lambda body: Reply.json({})
    code, out, err = run(capsys, "--db", str(tmp_db), "--engine", "llm", "--model", "openai/any",
                         "--api-base", server.base_url, "new", "--answers", str(EXAMPLES / "bakery.toml"))
    assert code != 0
    line = err.strip()
    assert len(line.splitlines()) == 1, err
    assert "Nothing was changed" not in line  # cjm new had no map to change
    assert line.count("Nothing was saved") == 1, line
    assert "…" not in line and line.count("(") == line.count(")"), line
    assert line.count("try again") == 1, line


def test_a_long_reason_is_cut_at_a_word():
    from cjm_assistant.engines.llm.structured import _short

    cut = _short("the reply names " + "touchpoints " * 40, 60)
    assert cut.endswith("touchpoints…") and len(cut) <= 61


# 7. config.toml's deadline and --deadline agree


@pytest.mark.parametrize("value", ["0.5", "0", "-5", "nan", "inf", "86401"])
def test_a_deadline_refused_by_the_flag_is_refused_in_config_toml(tmp_path, value):
    import argparse

    from cjm_assistant.cli.llm import seconds
    from cjm_assistant.config import ConfigError, load_settings

    with pytest.raises(argparse.ArgumentTypeError):
        seconds(value)
    path = tmp_path / "config.toml"
    path.write_text(f"deadline = {value}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="deadline"):
        load_settings(config_file=path)


@pytest.mark.parametrize("value", ["1", "2.5", "86400"])
def test_a_deadline_taken_by_the_flag_is_taken_in_config_toml(tmp_path, value):
    from cjm_assistant.cli.llm import seconds
    from cjm_assistant.config import load_settings

    path = tmp_path / "config.toml"
    path.write_text(f"deadline = {value}\n", encoding="utf-8")
    assert load_settings(config_file=path).deadline == seconds(value) == float(value)


def test_the_llm_log_redacts_credentials_in_urls():
    import logging

    from cjm_assistant.engines.llm.runtime import RedactingFormatter

    record = logging.LogRecord("httpx", logging.WARNING, __file__, 1, "POST %s failed",
                               ("http://bob:PW1@host/v1/chat/completions?api_key=K2",), None)
    line = RedactingFormatter("%(message)s").format(record)
    assert "PW1" not in line and "K2" not in line and "host/v1/chat/completions" in line



def test_a_persona_the_model_named_is_marked_inferred_on_the_map(server):
    from cjm_assistant.domain.profile import Profile
    from cjm_assistant.engines.playbook.compose import compose
    from tests.support.llm import make_engine

    server.script(Reply.json({"name": "Party Pam", "description": "busy parent"}))
    base = Profile(business_name="Sweet Crumbs", journey="first order", channels=["Instagram"],
                   sources={"business_name": "user"})
    extraction = make_engine(server).extract("persona_name", "the usual mums ordering for birthdays", base)
    journey = compose(base.merge(extraction.update))
    assert {p.name: p.provenance for p in journey.personas} == {"Party Pam": "inferred"}
    said = compose(base.merge({"personas": [{"name": "Busy parent Priya"}], "sources": {"personas": "user"}}))
    assert {p.name: p.provenance for p in said.personas} == {"Busy parent Priya": "user"}


def test_a_refinement_adding_placeholders_is_not_applied(server):
    from tests.support.llm import make_engine

    from cjm_assistant.domain.model import JourneyMap

    journey = JourneyMap.model_validate({**map_data(), "transitions": []})
    stage = journey.stages[0].name
    server.script(Reply.json({"reply": "Added.", "ops": [
                      {"op": "add_stage", "name": "second", "after": stage},
                      {"op": "add_pain_point", "stage": stage, "name": "first goal"}]}),
                  Reply.json({"reply": "Added.", "ops": [{"op": "add_pain_point", "stage": stage,
                                                          "name": "Prices hidden until checkout", "severity": 2},
                                                         {"op": "add_action", "stage": stage, "text": "last action"}]}))
    proposal = make_engine(server).propose_edits(journey, f"make {stage} more worrying")
    assert [type(op).__name__ for op in proposal.ops] == ["AddPainPoint"]
    assert proposal.ops[0].name == "Prices hidden until checkout"
    assert len(server.requests) == 2 and "placeholders" in _prompt(server.requests[1])


def test_a_placeholder_the_user_asked_for_is_kept(server):
    from tests.support.llm import make_engine

    from cjm_assistant.domain.model import JourneyMap

    journey = JourneyMap.model_validate({**map_data(), "transitions": []})
    stage = journey.stages[-1].name
    server.script(Reply.json({"reply": "Added.", "ops": [{"op": "add_stage", "name": "Stage 2", "after": stage}]}))
    proposal = make_engine(server).propose_edits(journey, f"add a stage called Stage 2 after {stage}")
    assert [op.name for op in proposal.ops] == ["Stage 2"]


@pytest.mark.parametrize("inferred", [[], ["name", "data"]])
def test_a_stored_map_with_or_without_guessed_business_fields_loads_without_validation(inferred, monkeypatch):
    from cjm_assistant.domain.model import JourneyMap
    from cjm_assistant.domain.trusted import load_map

    journey = JourneyMap.model_validate_json((EXAMPLES / "sweet-crumbs.json").read_text(encoding="utf-8"))
    journey = journey.model_copy(update={"business": journey.business.model_copy(update={"inferred": inferred})})
    text = journey.model_dump_json()
    monkeypatch.setattr(JourneyMap, "model_validate_json", lambda *a, **k: pytest.fail("validated again"))
    loaded = load_map(text)
    assert loaded == journey and loaded.business.inferred == inferred
