"""Future-state maps: opportunities applied, pain points resolved or reduced, maps linked."""

from __future__ import annotations

from pathlib import Path

import pytest

from cjm_assistant import cli
from cjm_assistant.domain.diff import diff_maps
from cjm_assistant.export.changes import to_markdown
from cjm_assistant.domain.edits import EditError
from cjm_assistant.engines.playbook import PlaybookEngine
from cjm_assistant.export.jsonio import from_json
from cjm_assistant.future import future_state
from cjm_assistant.domain.model import JourneyMap
from cjm_assistant.session import Session
from cjm_assistant.store import Store

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "sweet-crumbs.json"


@pytest.fixture
def example() -> JourneyMap:
    return from_json(EXAMPLE.read_text(encoding="utf-8"))


@pytest.fixture
def session(tmp_db, example) -> Session:
    s = Session(Store.open(tmp_db), PlaybookEngine())
    s.import_map(example, "sweet-crumbs.json")
    return s


def pains(journey: JourneyMap) -> dict[str, object]:
    return {pp.id: pp for _, pp in journey.pain_points()}


def test_high_impact_opportunities_resolve_and_others_reduce(example):
    result = future_state(example, ["op2", "op5"])  # high/low on pp2 (and pp1); medium on pp5
    future = result.journey
    assert future.kind == "future" and future.title == "Sweet Crumbs: first custom cake order (future state)"
    after = pains(future)
    assert "pp2" not in after and "pp1" not in after  # resolved: op2 is high impact
    assert after["pp5"].severity == 1  # reduced from 2, with a note naming the opportunity
    assert "Reduced by op5 (severity 2 → 1)." in after["pp5"].description
    assert after["pp3"].severity == 2  # untouched
    assert {op.id for s in future.stages for op in s.opportunities} == {f"op{i}" for i in (1, 3, 4, 6, 7, 8, 9, 10)}
    assert result.applied == ["op2", "op5"]


def test_emotions_rise_where_things_improve(example):
    future = future_state(example, ["op1", "op2", "op7"]).journey
    emotions = {s.name: s.emotion for s in future.stages}
    assert emotions == {"Discover": 2, "Ask & compare": 1, "Order & pay": 0, "Delivery": 0, "After the party": 2}
    before = {s.name: s.emotion for s in example.stages}
    assert all(emotions[n] >= before[n] for n in before)


def test_touchpoints_an_opportunity_adds_say_where_they_come_from(example):
    future = future_state(example, ["op2", "op6"]).journey
    added = {tp.name: (stage.name, tp) for stage, tp in future.touchpoints()
             if tp.id not in {t.id for _, t in example.touchpoints()}}
    stage, tp = added["Instant reply with next steps"]
    assert stage == "Ask & compare" and tp.channel == "WhatsApp"
    assert tp.description.startswith("From opportunity op2 “Instant auto-reply with the price guide”: ")
    # op6 names email, so the Email channel comes with its touchpoint.
    stage, tp = added["Order summary with change options"]
    assert stage == "Order & pay" and tp.channel == "Email" and future.channel_named("Email")
    assert tp.description.startswith("From opportunity op6 ")


def test_every_change_is_listed_in_the_goals_and_notes(example):
    result = future_state(example)
    goals = [g for g in result.journey.business.goals if g.startswith("Future state: ")]
    assert len(goals) == 10 and goals[0].startswith("Future state: op1 “Starting prices in the Instagram bio")
    assert "resolves “No prices on Instagram”" in goals[0]
    assert result.journey.business.goals[:3] == example.business.goals  # the owner's goals stay first
    assert result.notes[9] == "op10 “Ask for a review with a photo of the party” applied: no pain point or " \
                              "touchpoint to change"
    assert "8 pain points resolved" in result.summary


def test_opportunities_by_name_and_clear_errors(example):
    assert future_state(example, ["card payment link for deposits"]).applied == ["op5"]
    with pytest.raises(EditError, match="no opportunity called 'op99'"):
        future_state(example, ["op99"])
    bare = example.model_copy(deep=True)
    for stage in bare.stages:
        stage.opportunities = []
    with pytest.raises(EditError, match="the map has no opportunities to apply"):
        future_state(bare, None)


def test_the_future_map_is_stored_as_a_new_map_linked_to_its_source(session, example):
    source, version = session.map_id, session.head
    proposal = session.propose_future(["op1", "op7"])
    assert proposal.derived_from == (source, version) and proposal.kind == "map"
    assert [e.kind for e in proposal.diff.entries if e.change == "removed"].count("pain point") == 2
    assert session.store.list_maps() and len(session.store.list_maps()) == 1  # nothing saved yet
    session.accept(proposal)
    new = session.map_id
    assert new != source and session.journey.kind == "future"
    assert session.store.load(source) == example  # the current map is untouched
    assert session.store.get_map(source).head == version
    links = session.linked_maps()
    assert links == [{"map_id": new, "source_id": source, "source_version": version, "relation": "future-of",
                      "note": proposal.instruction, "created": links[0]["created"]}]
    session.open_map(source)
    assert session.linked_maps()[0]["map_id"] == new  # seen from both sides


def test_create_future_in_one_step(session):
    new = session.create_future(["all"])
    assert session.map_id == new and len(session.store.list_maps()) == 2


def test_diff_in_markdown_shows_the_changes_and_both_emotion_curves(example):
    future = future_state(example, ["op1", "op2", "op6", "op7"]).journey
    md = to_markdown(diff_maps(example, future), "current", "future")
    assert "- map **Sweet Crumbs: first custom cake order (future state)**: kind: “current” → “future”" in md
    assert "- channel **Email**" in md
    assert "- touchpoint **Instant reply with next steps** (in Ask & compare)" in md
    assert "- pain point **No prices on Instagram** (in Discover)" in md
    assert "### Emotion curve" in md and "| Stage | current | future | Change |" in md
    assert "| Delivery | -2 | +0 | ▲ +2 |" in md
    assert "- current: 🙂 → 😟 → 😐 → 😣 → 😄" in md


def test_cli_future_list_and_diff(capsys, example):
    def run(*args: str) -> tuple[int, str]:
        capsys.readouterr()
        code = cli.main(list(args))
        out, err = capsys.readouterr()
        assert "Traceback" not in err
        return code, out + err

    code, out = run("import", str(EXAMPLE))
    source = out.strip().splitlines()[-1]
    code, out = run("future", source, "--opportunities", "op1,op2")
    assert code == 0 and "op1 “Starting prices in the Instagram bio and highlights” applied" in out
    new = out.strip().splitlines()[-1]
    code, out = run("list")
    assert f"{new} is the future state of {source} (v1)" in out
    code, out = run("diff", source, new, "--format", "md")
    assert code == 0 and "### Emotion curve" in out and "▲" in out
    code, out = run("future", source, "--opportunities", "op42")
    assert code == 1 and "cjm: no opportunity called 'op42'" in out
