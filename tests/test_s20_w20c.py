"""Session 20, brief w20c: fixes from an outside walk of the interview, refine, evidence and export.

Each test asserts what a user would see or get: ``cjm evidence --list --why`` explaining every attached row and
the threshold, group personas, off-topic interview answers, ambiguous refine words, "same as above" channels,
TOML lists in answers files and the TUI export dialog."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.test_cli import EXAMPLES, cjm, current  # noqa: F401  (cjm is a fixture)


# -- M1: --list --why explains every attached row, with its score and the threshold ---------------------------

@pytest.fixture
def bakery_with_evidence(cjm):  # noqa: F811
    map_id = cjm("new", "--answers", str(EXAMPLES / "bakery.toml")).last_line
    assert cjm("evidence", map_id, str(EXAMPLES / "sweet-crumbs-feedback.csv"), "--yes").code == 0
    return map_id


def test_why_lists_every_row_attached_to_a_pain_point_not_only_the_evidence_backed_ones(  # noqa: F811
        cjm, bakery_with_evidence):
    journey = current(cjm, bakery_with_evidence)
    listed = cjm("evidence", bakery_with_evidence, "--list").out
    result = cjm("evidence", bakery_with_evidence, "--list", "--why")

    assert result.code == 0
    out = result.out
    threshold = re.search(r"placed on a stage when its confidence is ([0-9.]+) or more", out)
    assert threshold, out[:400]  # the threshold is said
    plain = [pp for _, pp in journey.pain_points() if pp.provenance != "evidence"]
    attached = [pp for pp in plain if f" {pp.id} " in listed]
    assert attached  # the bakery's feedback lands on pain points that stay unmarked (the owner's own)
    for pp in attached:
        head = next(line for line in out.splitlines() if line.startswith(f"  {pp.id} “"))
        block = re.split(r"\n(?:  pp|† |  stage )", out.split(head, 1)[1], maxsplit=1)[0]
        rows = [line for line in block.splitlines() if line.startswith("    ") and ", confidence " in line]
        assert rows and len(rows) == int(head.split("): ")[1].split(" row")[0]), (head, block)
        for line in rows:
            conf = float(line.split("confidence ")[1].split(" ")[0])
            assert f"(threshold {threshold.group(1)})" in line and conf >= float(threshold.group(1)), line
        assert block.count("why: ") == len(rows)


def test_why_says_why_an_item_with_rows_is_not_marked(cjm, bakery_with_evidence):  # noqa: F811
    out = cjm("evidence", bakery_with_evidence, "--list", "--why").out
    heads = [line for line in out.splitlines() if re.match(r"  pp\d+ “", line)]
    assert heads and all("not marked †" in h or "not †" in h for h in heads), heads


# -- M2: a group persona keeps its group name --------------------------------------------------------------------

@pytest.mark.parametrize(("said", "name"), [
    ("the Patel family, who book every summer", "the patel family"),
    ("The Patel family who book every summer", "the patel family"),
    ("Patel family - they book every summer", "patel family"),
    ("the Okafor household, two adults and three teenagers", "the okafor household"),
    ("the Johnsons, a family of four who camp every August", "the johnsons"),
])
def test_a_group_persona_is_named_for_the_group(said, name):
    from tests.test_interview import asking, new_interview, up_to_persona

    interview = new_interview()
    up_to_persona(interview)

    interview.answer(said)

    [persona] = interview.state.profile.personas
    assert persona.name.casefold() == name, persona
    assert "every" not in persona.name and persona.description  # the rest describes them
    assert asking(interview) == "persona_goals"


# -- M6: refine words that name two or more items list them all ----------------------------------------------------

@pytest.mark.parametrize("instruction", ["delete the pain point about delivery",
                                         "make the delivery problem high severity",
                                         "move the delivery pain point to Checkout"])
def test_refine_words_naming_two_pain_points_list_every_match(bakery_map, instruction):
    from cjm_assistant.domain.edits import EditError
    from cjm_assistant.engines.instructions import propose

    with pytest.raises(EditError) as caught:
        propose(bakery_map, instruction)

    message = str(caught.value)
    assert "pp3 “delivery fee shown late”" in message and "pp4 “no delivery window”" in message, message
    assert "no pain point" not in message


def test_cli_refine_with_ambiguous_words_lists_the_matches_and_changes_nothing(cjm):  # noqa: F811
    map_id = cjm("new", "--answers", str(EXAMPLES / "bakery.toml")).last_line
    result = cjm("refine", map_id, "delete the pain point about delivery")
    said = result.out + result.err
    assert result.code != 0
    names = [pp.name for _, pp in current(cjm, map_id).pain_points() if "deliver" in pp.name.casefold()]
    assert len(names) >= 2 and all(name in said for name in names), said


# -- M5: an answer that is no answer is asked again with a hint; a follow-up answer adds ----------------------------

def _after_business():
    from tests.test_interview import BUSINESS, new_interview

    interview = new_interview()
    interview.answer(BUSINESS)
    return interview


@pytest.mark.parametrize("said", ["what do you mean?", "Why do you ask?", "how should I know?", "huh?",
                                  "Can you give me an example?", "sorry, I don't understand the question"])
def test_a_question_back_is_asked_again_with_a_hint_and_not_kept(said):
    from tests.test_interview import asking

    interview = _after_business()
    assert asking(interview) == "offering"

    turn = interview.answer(said)

    assert asking(interview) == "offering"
    assert interview.state.profile.offering.casefold() != said.casefold()
    assert "haven't kept it" in turn.note and "For example" in turn.reply
    interview.answer("custom celebration cakes from £45")
    assert "custom celebration cakes" in interview.state.profile.offering and asking(interview) == "customers"


def test_not_sure_is_asked_again_once_with_a_hint_then_passes():
    from tests.test_interview import asking

    interview = _after_business()
    turn = interview.answer("not sure")
    assert asking(interview) == "offering" and "rough guess" in turn.note
    interview.answer("not sure")
    assert asking(interview) == "customers" and "not sure" not in interview.state.profile.offering.casefold()


def test_a_question_back_on_the_business_question_is_not_taken_for_the_business():
    from tests.test_interview import asking, new_interview

    interview = new_interview()
    interview.answer("what do you mean?")
    assert asking(interview) == "business" and not interview.state.profile.description


@pytest.mark.parametrize(("key", "first", "then", "kept"), [
    ("customers", "B2C, everyone", "mostly parents planning a birthday party", ["B2C", "parents planning"]),
    ("goal", "more sales", "turn first-time buyers into repeat customers", ["more sales", "repeat customers"]),
])
def test_an_answer_to_a_follow_up_adds_to_the_first_answer(key, first, then, kept):
    from tests.test_interview import asking, new_interview, up_to_channels, up_to_persona

    interview = new_interview()
    if key == "customers":
        interview = _after_business()
        interview.answer("custom celebration cakes")
    else:
        up_to_persona(interview)
        for answer in ("Priya, a busy mum", "a nice cake", "slow replies", "Instagram", "no",
                       "people ask prices in DMs and disappear", "Google reviews"):
            interview.answer(answer)
    assert asking(interview) == key
    interview.answer(first)
    assert interview.state.follow_up  # too vague: a follow-up question

    interview.answer(then)

    value = getattr(interview.state.profile, key)
    assert all(k in value for k in kept), value


def test_an_answers_file_with_a_question_back_skips_it_and_says_so(cjm, tmp_path):  # noqa: F811
    answers = tmp_path / "a.toml"
    answers.write_text('business = "Sweet Crumbs, a two-person bakery in Leeds selling custom cakes online"\n'
                       'offering = "what do you mean?"\njourney = "first online order of a custom cake"\n',
                       encoding="utf-8")
    result = cjm("new", "--answers", str(answers))
    assert result.code == 0
    assert "“offering”: the answer “what do you mean?” asks a question" in result.out + result.err


# -- L2: "same as above" to a persona's channels is the persona before's channels ----------------------------------

@pytest.mark.parametrize("said", ["same as above", "same as the first one", "same", "the same",
                                  "same as the previous persona"])
def test_same_as_above_for_a_second_persona_s_channels_copies_the_first_persona_s(said):
    from tests.test_interview import answer_all, asking, new_interview, up_to_persona

    interview = new_interview()
    up_to_persona(interview)  # the business's channels: Instagram, our website, WhatsApp, local delivery
    answer_all(interview, "Priya, a busy mum", "a nice cake", "slow replies", "Instagram, WhatsApp", "yes",
               "Tom, an office manager", "cakes for the team", "late delivery")
    assert asking(interview) == "persona_channels"

    interview.answer(said)

    first, second = interview.state.profile.personas
    assert second.channels == first.channels == ["Instagram", "WhatsApp"], second.channels
    assert not any("same" in c.casefold() for c in second.channels)


# -- L8: TOML lists in an answers file -------------------------------------------------------------------------------

_AS_TEXT = '''business = "Sweet Crumbs, a two-person bakery in Leeds selling custom cakes online"
journey = "first online order of a custom cake"
channels = "Instagram; our website; WhatsApp"
problems = "people ask prices in DMs and then disappear; delivery slots confuse them"
data = "Google reviews; Instagram comments"
customers = "parents; office managers"
'''
_AS_LISTS = '''business = "Sweet Crumbs, a two-person bakery in Leeds selling custom cakes online"
journey = "first online order of a custom cake"
channels = ["Instagram", "our website", "WhatsApp"]
problems = ["people ask prices in DMs and then disappear", "delivery slots confuse them"]
data = ["Google reviews", "Instagram comments"]
customers = ["parents", "office managers"]
'''


def test_an_answers_file_with_toml_lists_is_read_like_the_same_items_as_text(cjm, tmp_path):  # noqa: F811
    maps = []
    for name, text in (("text.toml", _AS_TEXT), ("lists.toml", _AS_LISTS)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        result = cjm("new", "--answers", str(path))
        assert result.code == 0, result.err
        maps.append(current(cjm, result.last_line))
    as_text, as_lists = maps
    assert [c.name for c in as_lists.channels] == [c.name for c in as_text.channels]
    assert [p.name for _, p in as_lists.pain_points()] == [p.name for _, p in as_text.pain_points()]
    assert "Delivery slots confuse them" in [p.name for _, p in as_lists.pain_points()]


def test_an_answers_file_list_of_numbers_is_refused_in_words(cjm, tmp_path):  # noqa: F811
    path = tmp_path / "bad.toml"
    path.write_text('business = "Sweet Crumbs, a bakery"\nproblems = [1, 2]\n', encoding="utf-8")
    result = cjm("new", "--answers", str(path))
    assert result.code != 0 and "`problems` in the answers file should be text in quotes, or a list" in result.err


# -- L4: Enter on the export dialog's format list writes the file ----------------------------------------------------

async def test_enter_on_the_export_format_list_writes_the_file_in_that_format(tmp_path):
    from tests.support.tui import make_app, notifications, open_saved, saved_map, settle

    db = tmp_path / "cjm.db"
    map_id = saved_map(db)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_saved(pilot, app, map_id)
        await pilot.press("ctrl+e")
        await pilot.pause()
        path = app.screen.query_one("#export-path")
        path.value = str(tmp_path / "cakes.md")
        app.screen.query_one("#export-format").focus()
        await pilot.pause()
        await pilot.press("down", "down")  # to the third format
        await pilot.press("enter")
        await settle(pilot, app)
        written = [n for n in notifications(app) if n.startswith("Wrote ")]
    assert written, notifications(app)
    target = Path(written[-1].removeprefix("Wrote "))
    assert target.parent == tmp_path and target.exists() and target.name != "cakes.md", target


# -- L5: with /persona on, Ctrl+E exports that persona's view, and says so ---------------------------------------------

def _two_persona_map():
    from cjm_assistant.domain.model import JourneyMap
    from tests.conftest import answers_toml  # noqa: F401  (only to make sure the helpers load)
    from tests.support.tui import example_map

    data = example_map().model_dump(mode="json")
    data["personas"].append({"id": "pe9", "name": "Office manager Olu", "summary": "orders cakes for the team"})
    stage = data["stages"][0]
    stage["pain_points"].append({"id": "pp99", "name": "Invoice needed for the office", "severity": 2,
                                 "personas": ["pe9"]})
    return JourneyMap.model_validate(data)


@pytest.mark.parametrize("who", ["Olu", "all"])
async def test_ctrl_e_exports_the_persona_view_that_is_shown(tmp_path, who):
    from tests.support.tui import make_app, notifications, open_saved, saved_map, send, settle

    db = tmp_path / "cjm.db"
    map_id = saved_map(db, _two_persona_map())
    app = make_app(db)
    target = tmp_path / "view.md"
    async with app.run_test(size=(120, 40)) as pilot:
        await open_saved(pilot, app, map_id)
        await send(pilot, app, f"/persona {who}")
        await settle(pilot, app)
        await pilot.press("ctrl+e")
        await pilot.pause()
        title = str(app.screen.query_one("#export-title").render())
        app.screen.query_one("#export-path").value = str(target)
        await pilot.press("enter")
        await settle(pilot, app)
        assert any(n.startswith("Wrote ") for n in notifications(app)), notifications(app)
    text = target.read_text(encoding="utf-8")
    assert "Invoice needed for the office" in text
    if who == "all":
        assert "whole map" in title and "Busy parent Priya" in text
    else:
        assert "Office manager Olu's view" in title
        assert "Busy parent Priya" not in text  # the other persona's stays out


# -- also: "repairs and servicing" is no vague "services" ------------------------------------------------------------

@pytest.mark.parametrize(("said", "asked"), [("repairs and servicing", False), ("services", True), ("stuff", True)])
def test_an_offering_that_names_what_is_done_gets_no_follow_up(said, asked):
    from tests.test_interview import asking, new_interview

    interview = new_interview()
    interview.answer("Spokes, a bike shop in York")
    assert asking(interview) == "offering"

    interview.answer(said)

    assert bool(interview.state.follow_up) is asked, interview.state.follow_up
