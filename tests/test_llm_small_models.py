"""The LLM engine against what a real local server and a small model do (llama.cpp's Python server, SmolLM2,
Qwen 0.5B), simulated by the scripted server: format negotiation, drafting in steps, salvaging replies part
by part, output limits, deadlines, echoed instructions, "no change", Esc, and the interview's fallbacks."""

from __future__ import annotations

import json
import threading
import time

import pytest
from tests.support.llm import Reply, ScriptedServer, make_engine, profile
from tests.support.scripted_server import LLAMA_CPP_JSON_SCHEMA_REFUSAL

from cjm_assistant.domain.model import JourneyMap
from cjm_assistant.domain.profile import Profile
from cjm_assistant.engines.base import Cancelled, EngineError
from cjm_assistant.engines.llm.errors import is_response_format_rejection, to_engine_error
from cjm_assistant.store import Store

pytestmark = [pytest.mark.filterwarnings("ignore::DeprecationWarning"), pytest.mark.usefixtures("fake_key", "warm_litellm")]

NAMES = {"stages": ["Discover", "Ask the price", "Order", "Delivery"]}


def stage(**extra) -> dict:
    return {"goal": "get the cake right", "emotion": 1, "actions": ["scrolls the cake photos"],
            "touchpoints": [{"name": "Instagram DM", "channel": "Instagram"}], "thoughts": ["Is it in budget?"],
            "pain_points": [{"name": "no prices shown", "severity": 2}], "opportunities": ["Post a price list"],
            "kpis": ["DM reply time"], **extra}


def user_text(request: dict) -> str:
    return request["messages"][-1]["content"]


def small_model(server: ScriptedServer, **settings):
    """SmolLM2 behind llama.cpp's server: an unknown model, json_schema refused with a 500."""
    server.like_llama_cpp()
    return make_engine(server, **settings)


# -- format negotiation --------------------------------------------------------------------------------


def test_llama_cpps_500_is_a_refused_format_not_a_server_error():
    class InternalServerError(Exception):
        status_code = 500

    refusal = InternalServerError(json.dumps(LLAMA_CPP_JSON_SCHEMA_REFUSAL))
    assert is_response_format_rejection(refusal)
    assert not is_response_format_rejection(InternalServerError("The server had an error while processing"))
    grammar = type("BadRequestError", (Exception,), {"status_code": 400})("failed to parse grammar")
    assert is_response_format_rejection(grammar)
    assert to_engine_error(InternalServerError("boom")).kind == "server"


def test_a_llama_cpp_server_is_asked_in_json_object_with_the_schema_and_that_is_remembered(server, tmp_path):
    store = Store.open(tmp_path / "cjm.db")
    server.script(Reply.json(NAMES), *[Reply.json(stage())] * 4)
    engine = small_model(server, formats=store)
    journey = engine.propose_map(profile()).journey
    assert len(journey.stages) == 4
    first, second = server.requests[:2]
    assert first["response_format"]["type"] == "json_schema"
    assert second["response_format"] == {"type": "json_object", "schema": second["response_format"]["schema"]}
    assert second["response_format"]["schema"]["properties"]["stages"]["maxItems"] == 8
    assert "matches this JSON schema" not in second["messages"][0]["content"]  # the grammar has it; a small
    # model is better off without the schema's words in its prompt
    assert all(r["response_format"]["type"] == "json_object" for r in server.requests[2:])
    assert [r["outcome"] for r in engine.records][:2] == ["fallback", "ok"]
    assert store.model_format("openai/any", server.base_url) == "json_object_schema"
    assert store.db["model_formats"].count == 1

    server.script(Reply.json(NAMES), *[Reply.json(stage())] * 4)
    before = len(server.requests)
    small_model(server, formats=store).propose_map(profile())  # the next run starts with what worked
    assert server.requests[before]["response_format"]["type"] == "json_object"
    assert len(server.requests) == before + 5
    store.close()


def test_a_real_server_error_is_retried_not_taken_for_a_refused_format(server):
    server.script(Reply.server_error(), Reply.json(NAMES), *[Reply.json(stage())] * 4)
    engine = make_engine(server)
    assert len(engine.propose_map(profile()).journey.stages) == 4
    assert server.requests[1]["response_format"]["type"] == "json_schema"  # same format, asked again
    assert engine.records[0]["outcome"] == "retry"


# -- drafting in steps -----------------------------------------------------------------------------------


def test_an_unknown_model_drafts_the_stage_names_then_each_stage(server):
    server.script(Reply.json(NAMES), *[Reply.json(stage())] * 4)
    partials: list[dict] = []
    engine = small_model(server)
    proposal = engine.propose_map(profile(), on_partial=partials.append)
    journey = proposal.journey
    assert [s.name for s in journey.stages] == NAMES["stages"]
    prompts = [user_text(r) for r in server.requests[1:]]
    assert "Name the stages" in prompts[0]
    assert [p.count('Describe stage') for p in prompts[1:]] == [1, 1, 1, 1]
    assert 'Describe stage 2, "Ask the price"' in prompts[2]
    # Each request is small: the interview in a few lines, never the profile's JSON or a whole-map schema.
    assert all(len(json.dumps(r["messages"])) < 4000 for r in server.requests)
    assert "business_model" not in json.dumps(server.requests[2]["response_format"])
    # max_tokens per kind of call when litellm does not know the model.
    assert [r["max_tokens"] for r in server.requests[1:]] == [300, 900, 900, 900, 900]
    # The map grows one stage at a time on the way.
    counts = [len(p["stages"]) for p in partials]
    assert counts == sorted(counts) and {1, 2, 3, 4} <= set(counts)
    # The business, personas and channels come from the interview, whatever the model says.
    assert journey.business.name == "Sweet Crumbs"
    assert [(c.name, c.provenance) for c in journey.channels] == [("Instagram", "user"), ("WhatsApp", "user")]
    assert all(item.provenance == "inferred" for _, item, _ in journey.items()
               if _ in ("actions", "touchpoints", "thoughts", "opportunities", "kpis", "stage"))
    assert any(n.startswith("From the interview:") for n in proposal.notes)
    assert any(n.startswith("From the model (openai/any), marked inferred") and "4 stages" in n
               for n in proposal.notes)


def test_the_users_own_problem_goes_on_the_stage_it_fits_or_stays_unplaced(server):
    said = profile().model_copy(update={"problems": ["slow replies", "the van breaks down on Sundays"]})
    replies = stage(pain_points=[{"name": "Slow replies", "severity": 1}])
    server.script(Reply.json({"stages": ["Discover", "Enquiry", "Order", "Delivery"]}),
                  *[Reply.json(stage())] + [Reply.json(replies)] + [Reply.json(stage())] * 2)
    journey = small_model(server).propose_map(said).journey
    enquiry = journey.stages[1]
    slow = [p for p in enquiry.pain_points if p.name.casefold() == "slow replies"]
    assert len(slow) == 1 and slow[0].provenance == "user"  # the user's words replace the model's copy
    assert "the van breaks down on Sundays" in [p.name for p in journey.unplaced + [p for _, p in
                                                                                      journey.pain_points()]]


def test_a_reply_with_extra_and_missing_fields_is_kept_part_by_part(server):
    sloppy = stage(touchpoints=[{"name": "Instagram DM", "channel": "Instagram", "type": "social", "id": "x9"},
                                {"channel": "WhatsApp"},  # no name
                                {"name": "Sticker on the box"}],  # no channel, and none in its name
                   pain_points=[{"name": "no prices shown", "severity": "high", "touchpoint": "x9"},
                                {"severity": 2}],
                   mood="happy", personas=[{"name": "Copied back"}])
    server.script(Reply.json(NAMES), Reply.json(sloppy), *[Reply.json(stage())] * 3)
    proposal = small_model(server).propose_map(profile())
    first = proposal.journey.stages[0]
    assert [tp.name for tp in first.touchpoints] == ["Instagram DM"]
    assert first.pain_points[0].severity == 3 and first.pain_points[0].touchpoint == first.touchpoints[0].id
    assert [p.name for p in proposal.journey.personas] == ["Maya"]  # never from the reply
    assert any("2 touchpoints from “Discover”" in n and "1 pain point from “Discover”" in n for n in proposal.notes)
    assert len(server.requests) == 6  # nothing asked again


def test_a_stage_cut_off_at_max_tokens_keeps_what_it_finished(server):
    long = stage(actions=["scrolls the photos", "asks a friend", "x" * 120 + " and so on"])
    text = json.dumps(long)
    server.script(Reply.json(NAMES), Reply(text[: text.index("x" * 50)], finish_reason="length"),
                  *[Reply.json(stage())] * 3)
    proposal = small_model(server).propose_map(profile())
    first = proposal.journey.stages[0]
    assert [a.text for a in first.actions] == ["scrolls the photos", "asks a friend"]
    assert any("stage 1 of 4 “Discover”: cut off at the model's output limit" in n for n in proposal.notes)


def test_a_stage_that_outruns_its_deadline_keeps_what_it_had_written(server):
    head = json.dumps(stage())[:-1] + ', "thoughts": ['
    server.script(Reply.json(NAMES), Reply.endless(' "and so", ', prefix=head, chunk_delay=0.05),
                  *[Reply.json(stage())] * 3)
    # the deadline is per request: long enough that a loaded machine answers the stage names in time (1.5 s
    # was not, once, with the whole suite running on two cores), short enough that the endless stage outruns it
    engine = small_model(server, deadline=4.0)
    progress: list[dict] = []
    engine.progress = progress.append
    started = time.monotonic()
    proposal = engine.propose_map(profile())
    assert time.monotonic() - started < 15
    first = proposal.journey.stages[0]
    assert first.goal == "get the cake right" and first.touchpoints  # what streamed before the deadline
    assert any("nothing usable for “Discover” (it ran out of time)" in n for n in proposal.notes)
    steps = {p["step"] for p in progress}
    assert "stage 1 of 4 “Discover”" in steps and "the stage names" in steps
    running = [p for p in progress if p["step"] == "stage 1 of 4 “Discover”"]
    assert running[-1]["tokens"] > 0 and running[-1]["elapsed"] >= 1.0
    assert "deadline" in {r["outcome"] for r in engine.records}


def test_a_retry_sends_the_problem_and_not_the_bad_reply(server):
    rambling = {"stages": ["1. ]}", "first stage"] + ["Discover"] * 3}
    server.script(Reply.json(rambling), Reply.json(NAMES), *[Reply.json(stage())] * 4)
    small_model(server).propose_map(profile())
    retry = server.requests[2]
    assert len(retry["messages"]) == 2  # system and user: no assistant turn with the bad reply
    text = user_text(retry)
    assert "Your last reply did not fit: the reply has 1 usable stage name (" in text  # "first stage" is a placeholder
    assert "]}" not in text.split("Your last reply", 1)[0]


def test_stage_names_that_only_echo_the_prompt_fall_back_to_the_playbooks_stages(server):
    echo = {"stages": ["stages", "Reply with one JSON object", "1. ", "the list of names"]}
    server.script(*[Reply.json(echo)] * 3)
    server.default = Reply.json(stage())
    proposal = small_model(server).propose_map(profile())
    names = [s.name for s in proposal.journey.stages]
    assert names[:2] == ["Inspiration", "Enquiry"]  # the playbook's stages for a bakery
    assert any("no usable stage names" in n and "the playbook's" in n for n in proposal.notes)


def test_identifiers_are_read_as_words_and_names_that_are_no_stage_are_dropped():
    from cjm_assistant.engines.llm.stages import stage_names

    reply = {"stages": ["Delivery_Window", "current_map", "CurrentStage1", "B2C", "Lukas", "Sweet Crumbs",
                        "askPrice", "Channels: Google Search, Website", "Order"]}
    names, dropped = stage_names(reply, avoid={"b2c", "lukas", "new arrival lukas", "sweet crumbs"})
    assert names == ["Delivery Window", "ask Price", "Order"]
    assert len(dropped) == 6 and all(d.startswith("an unusable stage name") for d in dropped)


def test_a_drafts_stage_names_are_not_the_business_a_persona_or_the_map_kind(server):
    server.script(Reply.json({"stages": ["B2C", "Sweet Crumbs", *NAMES["stages"]]}), *[Reply.json(stage())] * 4)
    proposal = small_model(server).propose_map(profile())
    assert [s.name for s in proposal.journey.stages] == NAMES["stages"]
    assert any("unusable stage name ('B2C')" in n for n in proposal.notes)


def test_the_playbooks_checker_mends_what_contradicts_the_owner(server):
    owner = profile().model_copy(update={"description": "a bakery; delivery costs £5, we have online ordering"})
    server.script(Reply.json(NAMES), Reply.json(stage(opportunities=["Offer free delivery"])),
                  *[Reply.json(stage())] * 3)
    proposal = small_model(server).propose_map(owner)
    assert "Offer free delivery" not in [o.name for s in proposal.journey.stages for o in s.opportunities]
    assert any(n.startswith("Left out: “Offer free delivery”") for n in proposal.notes)


# -- refinements: echoes and "no change" -----------------------------------------------------------------


@pytest.fixture
def journey(bakery_map) -> JourneyMap:
    return bakery_map


def test_a_reply_that_echoes_the_schema_is_refused_with_a_clear_sentence(server, journey):
    server.script(*[Reply.echoed_edit()] * 3)
    with pytest.raises(EngineError) as info:
        make_engine(server).propose_edits(journey, "make it better")
    assert info.value.kind == "echo"
    assert "repeated its instructions" in str(info.value) and "a sentence to the user" in str(info.value)
    assert "Your last reply repeated the instructions" in user_text(server.requests[1])


def test_an_echo_then_a_real_answer_is_taken(server, journey):
    server.script(Reply.echoed_edit(), Reply.json({"ops": [{"op": "rename_stage", "stage": "st1", "name": "Find"}],
                                                    "reply": "Renamed Discover."}))
    proposal = make_engine(server).propose_edits(journey, "rename discover to find")
    assert [op.op for op in proposal.ops] == ["rename_stage"]


def test_no_change_without_a_reason_is_refused_and_with_one_is_shown(server, journey):
    server.script(*[Reply.no_change()] * 3)
    with pytest.raises(EngineError) as info:
        make_engine(server).propose_edits(journey, "fix it")
    assert info.value.kind == "no_change" and "proposed no change and gave no reason" in str(info.value)

    server.script(Reply.no_change("Which stage do you mean? There are five."))
    proposal = make_engine(server).propose_edits(journey, "fix it")
    assert proposal.ops == [] and proposal.reply == "Which stage do you mean? There are five."


def test_a_refinement_that_never_stops_ends_at_max_tokens(server, journey):
    server.script(Reply.endless(prefix='{"ops": [], "reply": "', filler="and then "))
    with pytest.raises(EngineError) as info:
        make_engine(server).propose_edits(journey, "write me a poem")
    assert info.value.kind == "truncated" and "`max_tokens` in config.toml" in str(info.value)
    assert server.requests[0]["max_tokens"] == 1024


def test_a_refinement_the_model_cannot_give_is_read_by_rule_when_the_rules_understand_it(server, journey):
    server.script(Reply.endless(prefix='{"ops": [], "reply": "', filler="and then "))
    stage = journey.stages[-1].name
    proposal = make_engine(server).propose_edits(journey, f"add pain point 'Cake arrives late' to {stage}")
    assert [(op.op, getattr(op, "name", "")) for op in proposal.ops] == [("add_pain_point", "Cake arrives late")]
    assert proposal.reply.startswith("The model could not give the change (The model's reply was cut off")
    assert "read the instruction by rule" in proposal.reply


def test_a_cut_off_refinement_on_the_command_line_names_the_command_lines_option(server, journey):
    from cjm_assistant.engines.llm.errors import use_surface

    server.script(Reply.endless(prefix='{"ops": [], "reply": "', filler="and then "))
    before = use_surface("cli")
    try:
        with pytest.raises(EngineError) as info:
            make_engine(server).propose_edits(journey, "write me a poem")
    finally:
        use_surface(before)
    assert "--max-tokens" in str(info.value) and "--model" in str(info.value) and "config.toml" not in str(info.value)


# -- the interview -----------------------------------------------------------------------------------------


def test_an_interview_from_a_file_calls_no_model_when_the_reader_understands_it(server, tmp_path):
    from pathlib import Path

    from cjm_assistant.session import Session

    session = Session(Store.open(tmp_path / "cjm.db"), make_engine(server))
    session.interview_from_file(Path(__file__).parent.parent / "examples" / "bakery.toml")
    assert server.requests == []
    profile_ = session.interview.state.profile
    assert profile_.business_name == "Sweet Crumbs" and profile_.sources["business_name"] == "user"
    session.close()


def test_a_failed_extraction_keeps_the_answer_and_goes_on_with_the_reader(server, tmp_path):
    from cjm_assistant.session import Session

    server.script(*[Reply.server_error()] * 3)
    session = Session(Store.open(tmp_path / "cjm.db"), make_engine(server, max_retries=2))
    session.start_interview()
    turn = session.answer("we're the crumb club lot, cakes for parties basically")
    assert "The model could not read that answer" in turn.note and "simple way" in turn.note
    state = session.interview.state
    assert state.answers[-1].text == "we're the crumb club lot, cakes for parties basically"
    assert state.profile.description.startswith("we're the crumb club lot")
    assert state.position == 1  # on to the next question
    session.close()


def test_esc_cancels_an_answers_model_call(server, tmp_path):
    from cjm_assistant.session import Session

    server.script(Reply("never", hang=True))
    session = Session(Store.open(tmp_path / "cjm.db"), make_engine(server, timeout=30))
    session.start_interview()
    cancel = threading.Event()
    threading.Timer(0.3, cancel.set).start()
    started = time.monotonic()
    with pytest.raises(Cancelled):
        session.answer("we're the crumb club lot, cakes for parties basically", cancel=cancel)
    assert time.monotonic() - started < 10
    assert session.interview.state.answers == [] and session.interview.state.position == 0
    session.close()


def test_model_extractions_are_marked_inferred_in_the_profile(server):
    server.script(Reply.json({"channels": ["Instagram", "Etsy"]}))
    extraction = make_engine(server).extract("channels", "people find us how they find us", Profile())
    assert extraction.update["channels"] == ["Instagram", "Etsy"]
    assert extraction.update["sources"]["channels"] == "inferred"
    assert extraction.update["notes"] == ["people find us how they find us"]  # the reader's, kept


# -- progress where the user looks -------------------------------------------------------------------------


class Terminal:
    def __init__(self, tty: bool):
        self.tty, self.text = tty, ""

    def isatty(self) -> bool:
        return self.tty

    def write(self, text: str) -> int:
        self.text += text
        return len(text)

    def flush(self) -> None:
        pass


def test_the_command_line_shows_each_steps_tokens_and_seconds_on_a_terminal_only():
    from cjm_assistant.cli.llm import Progress

    terminal, pipe = Terminal(True), Terminal(False)
    for stream in (terminal, pipe):
        show = Progress(stream)
        show("progress", {"step": "stage 2 of 6 “Order”", "tokens": 40, "elapsed": 3.2, "done": False})
        show("progress", {"step": "stage 2 of 6 “Order\x1b[31m”", "tokens": 212, "elapsed": 14.24, "done": True})
        show("usage", {"tokens": 5})
    assert terminal.text == ("\rcjm: stage 2 of 6 “Order”: 40 tokens, 3 s"
                             "\rcjm: stage 2 of 6 “Order”: 212 tokens, 14.2 s\n")
    assert pipe.text == ""


def test_the_status_line_shows_a_replys_progress():
    from types import SimpleNamespace

    from cjm_assistant.tui.widgets.status_bar import StatusBar

    bar = StatusBar()
    bar.totals = {"tokens": 1200, "cost": 0.0, "live": {"step": "stage 2 of 6 “Order”", "tokens": 212,
                                                       "elapsed": 14.4}}
    session = SimpleNamespace(loaded=None, interview=None, engine=SimpleNamespace(name="llm:openai/x"))
    bar.set = lambda **fields: bar.__dict__.update(fields)  # no app to draw on
    bar.show(session, "none", "drafting… (Esc cancels)")
    assert bar.state == "drafting… stage 2 of 6 “Order” · 212 tokens · 14 s (Esc/Ctrl+C cancels)"


def test_the_session_passes_the_engines_progress_on(server, tmp_path):
    from cjm_assistant.session import Session

    server.script(Reply.json(NAMES), *[Reply.json(stage())] * 4)
    session = Session(Store.open(tmp_path / "cjm.db"), small_model(server))
    heard: list[dict] = []
    session.listeners.append(lambda kind, data: heard.append(data) if kind == "progress" else None)
    session.engine.propose_map(profile())
    done = [p for p in heard if p["done"]]
    assert [p["step"] for p in done] == ["the stage names"] + [f"stage {i} of 4 “{n}”"
                                                               for i, n in enumerate(NAMES["stages"], 1)]
    assert all(p["tokens"] >= 0 and p["elapsed"] >= 0 for p in heard)
    session.close()
