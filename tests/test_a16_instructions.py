"""Instructions and persona answers an outside tester saw fail (task a16), driven as a user drives them: the
`cjm refine` command line, the session the chat calls, and the interview's answers."""

from __future__ import annotations

import copy
import json

import pytest

from cjm_assistant import cli
from tests.support.bakery import BAKERY


def _import(tmp_path, capsys, title: str) -> str:
    data = copy.deepcopy(BAKERY)
    data["title"] = title
    path = tmp_path / f"{title}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert cli.main(["import", str(path)]) == 0
    return capsys.readouterr().out.strip().splitlines()[-1]


@pytest.fixture
def maps(tmp_path, capsys) -> tuple[str, str]:
    """The ids of the bakery map titled "Scrap Yard Bakes" and of another made after it (the most recent)."""
    return _import(tmp_path, capsys, "Scrap Yard Bakes"), _import(tmp_path, capsys, "Sweet Crumbs orders")


@pytest.fixture
def scrap(maps) -> str:
    return maps[0]


def _refine(capsys, *words: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main(["refine", *words])
    out, err = capsys.readouterr()
    return code, out, err


def _map(capsys, map_id: str) -> dict:
    capsys.readouterr()
    assert cli.main(["export", map_id, "-f", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def _pains(capsys, map_id: str) -> dict[str, tuple[str, int]]:
    """{pain point name: (its stage, its severity)}."""
    return {pp["name"]: (st["name"], pp["severity"]) for st in _map(capsys, map_id)["stages"]
            for pp in st["pain_points"]}


# -- 1. a reason said before the change, joined by ", so " ---------------------------------------------------------


@pytest.mark.parametrize("said", ["it's rare, so make slow replies low severity",
                                  "it hardly ever happens, so please make slow replies low severity",
                                  "customers shrug it off, and so make slow replies a low priority"])
def test_a_reason_before_so_is_no_part_of_the_change(scrap, capsys, said):
    code, out, err = _refine(capsys, scrap, said)
    assert code == 0, err
    assert _pains(capsys, scrap)["slow replies"] == ("Consider", 1)


def test_they_never_complain_so_remove_it_removes_it(scrap, capsys):
    code, out, err = _refine(capsys, scrap, "they never complain, so remove slow replies")
    assert code == 0, err
    assert "slow replies" not in _pains(capsys, scrap)


def test_a_last_clause_after_a_reason_with_so_is_still_the_change(scrap, capsys):
    code, out, err = _refine(capsys, scrap, "it's rare, so people don't mind, remove slow replies")
    assert code == 0, err
    assert "slow replies" not in _pains(capsys, scrap)


def test_a_reason_before_so_with_no_change_after_it_is_still_refused(scrap, capsys):
    code, out, err = _refine(capsys, scrap, "it's rare, so whatever")
    assert code == 1 and "didn't understand" in err
    assert _pains(capsys, scrap)["slow replies"] == ("Consider", 3)


# -- 2. "scrap ..." is a removal, never the map "Scrap Yard Bakes" -----------------------------------------------------


def test_scrap_the_second_pain_point_on_a_stage_removes_that_one(scrap, capsys):
    assert _refine(capsys, scrap, "add a pain point about cold boxes to Delivery")[0] == 0
    code, out, err = _refine(capsys, scrap, "scrap the second pain point on Delivery")
    assert code == 0, err
    assert "- pain point “Cold boxes” in Delivery" in out
    assert [n for n, (stage, _) in _pains(capsys, scrap).items() if stage == "Delivery"] == ["no delivery window"]


@pytest.mark.parametrize("said, gone", [("scrap the no delivery window pain point", "no delivery window"),
                                        ("remove the first pain point in the Delivery stage", "no delivery window"),
                                        ("delete the last pain point on Checkout", "delivery fee shown late")])
def test_a_pain_point_named_or_counted_on_its_stage_is_removed(scrap, capsys, said, gone):
    code, out, err = _refine(capsys, scrap, said)
    assert code == 0, err
    assert gone not in _pains(capsys, scrap)


def test_counting_past_a_stages_pain_points_says_how_many_it_has(scrap, capsys):
    code, out, err = _refine(capsys, scrap, "scrap the second pain point on Delivery")
    assert code == 1
    assert "Delivery has only 1 pain point, so there is no second pain point there" in err


def test_unquoted_words_starting_a_maps_title_are_the_instruction_for_the_most_recent_map(maps, capsys):
    scrap, newest = maps
    code, out, err = _refine(capsys, "scrap", "the", "first", "pain", "point", "on", "Delivery")
    assert code == 0, err
    assert f"using the most recent map, {newest}" in err
    assert "no delivery window" not in _pains(capsys, newest)
    assert "no delivery window" in _pains(capsys, scrap)  # "Scrap Yard Bakes" was never the map meant


def test_a_whole_title_or_an_id_before_unquoted_words_still_names_the_map(scrap, capsys):
    assert _refine(capsys, "Scrap Yard Bakes", "scrap", "the", "first", "pain", "point", "on", "Delivery")[0] == 0
    assert "no delivery window" not in _pains(capsys, scrap)
    assert _refine(capsys, scrap, "scrap", "the", "slow", "replies", "pain", "point")[0] == 0
    assert "slow replies" not in _pains(capsys, scrap)


def test_a_title_start_before_a_quoted_instruction_still_names_the_map(scrap, capsys):
    code, out, err = _refine(capsys, "scrap", "scrap the first pain point on Delivery")
    assert code == 0, err
    assert "no delivery window" not in _pains(capsys, scrap)


# -- the interview, through the session the app answers with -------------------------------------------------------


def _interview(tmp_path):
    """A session whose interview has reached the first persona question (the app's answer path)."""
    from cjm_assistant.session import Session
    from tests.test_interview import BUSINESS

    session = Session.start(tmp_path / "cjm.db", engine="playbook")
    session.start_interview()
    for text in (BUSINESS, "custom celebration cakes, delivered locally", "B2C, parents and office managers",
                 "first online order of a custom cake", "current state",
                 "Instagram, our website, WhatsApp, local delivery"):
        session.answer(text)
    assert session.interview.question.key == "persona_name"
    return session


def _asking(session) -> str:
    return session.interview.question.key


# -- 5. "same as above" with nothing above for that question -----------------------------------------------------


@pytest.mark.parametrize("words", ["same as above", "Same as before", "as above", "ditto"])
def test_same_as_above_for_the_first_personas_goals_asks_again_and_copies_nothing(tmp_path, words):
    session = _interview(tmp_path)
    session.answer("Busy parent Priya, orders a cake twice a year")

    turn = session.answer(words)

    priya = session.interview.state.profile.personas[0]
    assert priya.goals == [] and "twice a year" not in " ".join(priya.goals)
    assert _asking(session) == "persona_goals" and turn.reply.startswith("What does Busy parent Priya want")
    assert "no earlier answer to this question to copy" in turn.note
    session.answer("a cake like the picture")  # then answered in her own words, it moves on
    assert session.interview.state.profile.personas[0].goals == ["A cake like the picture"]
    assert _asking(session) == "persona_frustrations"


def test_same_as_above_plus_more_with_nothing_above_keeps_only_what_was_added(tmp_path):
    session = _interview(tmp_path)
    session.answer("Busy parent Priya, orders a cake twice a year")

    turn = session.answer("same as above, plus a cake on time")

    assert session.interview.state.profile.personas[0].goals == ["A cake on time"]
    assert "no earlier answer" in turn.note


def test_same_as_above_for_the_second_personas_goals_copies_the_first_personas_goals(tmp_path):
    session = _interview(tmp_path)
    for text in ("Busy parent Priya, orders a cake twice a year", "a cake like the picture", "slow replies",
                 "Instagram", "yes", "Office manager Sam, orders for the team"):
        session.answer(text)
    assert _asking(session) == "persona_goals"

    turn = session.answer("same as above")

    sam = session.interview.state.profile.personas[1]
    assert sam.goals == ["A cake like the picture"]
    assert turn.note.startswith("Read that as the same as your earlier answer (“a cake like the picture")


# -- 4. two people, each introduced by who they are, in one persona answer ----------------------------------------

PLANNER_AND_GOER = ("a wedding planner: Planner Pat, 35, books for couples; and a concert-goer: Ticket buyer Tom, 40, "
                    "buys tickets online")


@pytest.mark.parametrize("said", [PLANNER_AND_GOER, PLANNER_AND_GOER.replace("; and", " and"),
                                  PLANNER_AND_GOER.replace("; and a", "\nA")])
def test_two_people_each_introduced_by_their_role_are_two_personas(tmp_path, said):
    session = _interview(tmp_path)

    turn = session.answer(said)

    pat, tom = session.interview.state.profile.personas
    assert (pat.name, pat.description) == ("Planner Pat", "A wedding planner, 35, books for couples")
    assert (tom.name, tom.description) == ("Ticket buyer Tom", "A concert-goer, 40, buys tickets online")
    assert "2 personas" in turn.note and turn.reply.startswith("What does Planner Pat want")


def test_a_second_person_introduced_by_role_after_one_named_plainly_is_a_persona_too(tmp_path):
    session = _interview(tmp_path)
    session.answer("Planner Pat, 35, books for couples; and a concert-goer: Ticket buyer Tom, 40, buys tickets online")
    assert [p.name for p in session.interview.state.profile.personas] == ["Planner Pat", "Ticket buyer Tom"]


def test_one_person_introduced_by_role_stays_one_persona(tmp_path):
    session = _interview(tmp_path)
    session.answer("a wedding planner: Planner Pat, 35, books for couples and the bride")
    (pat,) = session.interview.state.profile.personas
    assert (pat.name, pat.description) == ("Planner Pat", "A wedding planner, 35, books for couples and the bride")


# -- 3. "that stage", "this stage", "it": the stage named last ------------------------------------------------------


def _emotions(capsys, map_id: str) -> dict[str, int]:
    return {st["name"]: st["emotion"] for st in _map(capsys, map_id)["stages"]}


def test_that_stage_in_the_cli_with_nothing_named_before_says_what_to_type(scrap, capsys):
    code, out, err = _refine(capsys, scrap, "make that stage very negative")
    assert code == 1
    assert "Which stage?" in err and "Say: make Checkout very negative" in err
    assert _emotions(capsys, scrap) == {"Discover": 1, "Consider": 0, "Checkout": -1, "Delivery": 0, "After": 1}


@pytest.mark.parametrize("said", ["add a pain point about cold boxes to Delivery and then make that stage very negative",
                                  "add a pain point about cold boxes to Delivery\nmake it very negative",
                                  "make the first pain point on Delivery high severity and then this stage feels very bad"])
def test_that_stage_after_a_part_naming_a_stage_is_that_stage(scrap, capsys, said):
    code, out, err = _refine(capsys, scrap, said)
    assert code == 0, err
    assert _emotions(capsys, scrap)["Delivery"] == -2


def test_this_stage_inside_a_quoted_name_is_part_of_the_name(scrap, capsys):
    code, out, err = _refine(capsys, scrap, "add a pain point 'they skip this stage' to Delivery")
    assert code == 0, err
    assert _pains(capsys, scrap)["they skip this stage"][0] == "Delivery"


def _chat(tmp_path, capsys):
    """A session with the bakery map open, as the app's chat has it."""
    from cjm_assistant.session import Session

    map_id = _import(tmp_path, capsys, "Scrap Yard Bakes")
    session = Session.start(None, engine="playbook")
    session.open_map(map_id)
    return session


def _say(session, text: str, selected: str | None = None):
    proposal = session.instruct(text, selected=selected)
    session.accept(proposal)
    return {st.name: st.emotion for st in session.journey.stages}


@pytest.mark.parametrize("then", ["make that stage very negative", "make it very negative", "this stage is very bad",
                                  "it should be very negative"])
def test_in_the_chat_that_stage_is_the_one_the_last_message_named(tmp_path, capsys, then):
    session = _chat(tmp_path, capsys)
    _say(session, "add a pain point about cold boxes to Delivery")
    assert _say(session, then)["Delivery"] == -2


def test_in_the_chat_a_renamed_stage_is_still_that_stage(tmp_path, capsys):
    session = _chat(tmp_path, capsys)
    _say(session, "rename Delivery to Hand-over")
    _say(session, "rename the map to Scrap Yard Cakes")  # names no stage: the stage named before stays
    assert _say(session, "make that stage very positive")["Hand-over"] == 2


def test_in_the_chat_the_stage_selected_on_the_map_is_that_stage(tmp_path, capsys):
    session = _chat(tmp_path, capsys)
    checkout = next(st.id for st in session.journey.stages if st.name == "Checkout")
    assert _say(session, "make that stage very negative", selected=checkout)["Checkout"] == -2
    _say(session, "add a pain point about cold boxes to Delivery", selected=checkout)  # named after the selection
    assert _say(session, "make it very positive", selected=checkout)["Delivery"] == 2


def test_in_the_chat_with_no_stage_named_or_selected_that_stage_is_asked_about(tmp_path, capsys):
    from cjm_assistant.domain.errors import EditError

    session = _chat(tmp_path, capsys)
    with pytest.raises(EditError, match="Which stage.*Say: make Checkout very negative"):
        session.instruct("make that stage very negative")


async def test_in_the_app_that_stage_is_the_stage_the_maps_cursor_is_on(tmp_path):
    from cjm_assistant.tui.screens.review import ReviewScreen
    from cjm_assistant.tui.widgets.map_grid import MapGrid
    from tests.support.tui import make_app, open_saved, saved_map, send, settle, wait_for

    db = tmp_path / "cjm.db"
    map_id = saved_map(db)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_saved(pilot, app, map_id)
        await pilot.press("tab", "right", "right")  # the third stage, "Checkout"
        assert app.screen.query_one(MapGrid).selection.stage_id == "st3"
        await send(pilot, app, "make that stage very negative")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen), what="the proposal review")
        await pilot.press("enter")
        await settle(pilot, app)
        assert {st.name: st.emotion for st in app.session.journey.stages}["Checkout"] == -2
