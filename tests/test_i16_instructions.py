"""Plain-language instructions an outside tester (walk 16) saw misread or refused: each read through the same
parser the chat and `cjm refine` use (``propose``), or the interview's own answer."""

from __future__ import annotations

import pytest

from cjm_assistant.domain.edits import EditError
from cjm_assistant.domain.model import JourneyMap
from cjm_assistant.engines.instructions import help_for, propose


def _map(stages: dict[str, list[str]], emotion: int = -1) -> JourneyMap:
    """A map of these stages, each with these pain points (ids pp1, pp2, ... in order)."""
    n = 0
    built = []
    for name, pains in stages.items():
        listed = []
        for pain in pains:
            n += 1
            listed.append({"id": f"pp{n}", "name": pain, "severity": 2})
        built.append({"name": name, "emotion": emotion, "pain_points": listed})
    return JourneyMap.model_validate({"title": "First groom", "kind": "current", "business": {"name": "Vans"},
                                     "stages": built})


def _groomer() -> JourneyMap:
    return _map({"Find a groomer": ["Irregular social media presence"],
                 "Check and choose": ["Few or poor reviews"],
                 "Prepare for the visit": ["She never knows what time the van will turn up"],
                 "The visit": ["The dog wont stand still for nail clipping",
                               "The salon wanted him to drop the dog off at 8am"],
                 "Aftercare": ["Theres nowhere to park on some streets"]})


def _bakery() -> JourneyMap:
    return _map({"Try samples": ["New cafes ask for samples then go quiet"],
                 "Deliver every morning": ["Some accounts pay 60 days late"],
                 "Change the order by text": ["Sells out by 11", "Cant pay by card some weeks when the reader has no signal"],
                 "Invoice monthly": ["The invoice doesnt match what arrived"],
                 "At the Saturday market": ["Doesnt know which pastries have nuts"]})


def _stage_of(journey: JourneyMap, stage_id: str) -> str:
    return next(s.name for s in journey.stages if s.id == stage_id or s.name == stage_id)


def _after(journey: JourneyMap, said: str) -> JourneyMap:
    from cjm_assistant.domain import edits

    return edits.apply(journey, propose(journey, said).ops)


def _where(journey: JourneyMap, pain: str) -> tuple[str, int]:
    return next((s.name, p.severity) for s in journey.stages for p in s.pain_points if p.name == pain)


# -- 1. "it" is the stage the sentence names, the longest name found -----------------------------------------------

@pytest.mark.parametrize("said, stage, score", [
    ("Prepare for the visit isnt that bad really, people are fine there, make it neutral", "Prepare for the visit", 0),
    ("the visit is lovely, they all enjoy it, make it positive", "The visit", 1),
    ("Check and choose is awful for them, make it very negative", "Check and choose", -2),
    ("check & choose is awful for them, it should be very negative", "Check and choose", -2),
])
def test_it_after_a_sentence_naming_a_stage_is_that_stage(said, stage, score):
    journey = _groomer()
    proposal = propose(journey, said)
    after = _after(journey, said)
    assert [s.emotion for s in after.stages if s.name == stage] == [score]
    assert [s.name for s, t in zip(after.stages, journey.stages) if s.emotion != t.emotion] == [stage]
    assert "The visit" not in proposal.reply or stage == "The visit"


def test_make_it_a_level_after_a_sentence_naming_a_stage_sets_no_stage_feeling():
    from cjm_assistant.domain import edits

    try:
        ops = propose(_groomer(), "the reviews at Check and choose are few, make it high").ops
    except EditError:
        ops = []
    assert not any(isinstance(op, edits.SetEmotion) for op in ops)


# -- 2. "the X problem / one / thing" names a pain point, never a stage --------------------------------------------

@pytest.mark.parametrize("said", [
    "move the parking problem to The visit",
    "move the parking one to The visit",
    "move the parking thing to the visit",
    "move the parking problem to The visit, its me who cant park not them",
])
def test_the_x_problem_moved_to_a_stage_is_a_pain_point_moved(said):
    after = _after(_groomer(), said)
    assert _where(after, "Theres nowhere to park on some streets")[0] == "The visit"
    assert [s.name for s in after.stages] == [s.name for s in _groomer().stages]


def test_the_x_problem_that_names_no_pain_point_is_not_taken_for_a_stage():
    with pytest.raises(EditError) as e:
        propose(_groomer(), "move the weather problem to The visit")
    assert "position" not in str(e.value) and "weather" in str(e.value)


# -- 3. a level after the text, then a reason ------------------------------------------------------------------------

@pytest.mark.parametrize("said, level", [
    ("add a pain point to Aftercare: the plot is a jungle of brambles when you get it, high, it's the main one", 3),
    ("add a pain point to Aftercare: the plot is a jungle of brambles when you get it, low, because it's rare", 1),
    ("add a pain point to Aftercare: the plot is a jungle of brambles when you get it, high", 3),
    ("add a pain point to Aftercare: the plot is a jungle of brambles when you get it, severity high, it's the main "
     "one", 3),
    ("add a pain point the plot is a jungle of brambles when you get it to Aftercare, high, it's the main one", 3),
    ("add a pain point the plot is a jungle of brambles when you get it to Aftercare, high", 3),
])
def test_a_level_said_before_a_reason_is_the_severity(said, level):
    after = _after(_groomer(), said)
    assert _where(after, "The plot is a jungle of brambles when you get it") == ("Aftercare", level)


@pytest.mark.parametrize("said, name", [
    ("add a pain point 'Late, it's always late' to Aftercare", "Late, it's always late"),
    ("add a pain point 'Late' to Aftercare, it's always late", "Late"),
])
def test_a_reason_inside_quotes_stays_in_the_name_and_one_after_the_stage_goes(said, name):
    assert _where(_after(_groomer(), said), name) == ("Aftercare", 2)


# -- 4. instructions that were refused --------------------------------------------------------------------------------

@pytest.mark.parametrize("said", [
    "the salon drop off problem belongs in Check and choose, thats why he looked for me",
    "the salon drop off problem belongs at Check and choose",
    "the salon drop off problem is really in Check and choose, move it there",
])
def test_a_problem_that_belongs_in_a_stage_is_moved_there(said):
    assert "Understood “Check and choose" not in propose(_groomer(), said).reply
    after = _after(_groomer(), said)
    assert _where(after, "The salon wanted him to drop the dog off at 8am")[0] == "Check and choose"


def test_two_changes_in_one_sentence_move_and_severity():
    said = "the 60 days late thing should be in Invoice monthly and high severity, it's the main one"
    after = _after(_bakery(), said)
    assert _where(after, "Some accounts pay 60 days late") == ("Invoice monthly", 3)


@pytest.mark.parametrize("said", [
    "call the stage Change the order by text 'Change the order' instead",
    "call the stage 'Change the order by text' 'Change the order'",
    "call Change the order by text 'Change the order' instead",
])
def test_call_the_stage_old_new_renames_it(said):
    after = _after(_bakery(), said)
    assert [s.name for s in after.stages][2] == "Change the order"


def test_a_clause_then_add_that_to_a_stage_adds_it_as_a_pain_point():
    said = "the puppy intro session is hard to explain, add that to check and choose"
    after = _after(_groomer(), said)
    assert _where(after, "The puppy intro session is hard to explain")[0] == "Check and choose"


def test_add_that_to_a_stage_after_a_known_problem_moves_it():
    after = _after(_groomer(), "the parking problem, put that on The visit")
    assert _where(after, "Theres nowhere to park on some streets")[0] == "The visit"


def test_two_problems_that_both_happen_at_a_stage_move_and_a_trailing_not_is_ignored():
    said = ("sells out by 11 and the card reader one both happen at the Saturday market, not when cafes change "
            "orders")
    after = _after(_bakery(), said)
    assert _where(after, "Sells out by 11")[0] == "At the Saturday market"
    assert _where(after, "Cant pay by card some weeks when the reader has no signal")[0] == "At the Saturday market"


def test_a_clause_that_is_no_stage_name_before_add_that_is_not_understood():
    with pytest.raises(EditError, match="I didn't understand"):
        propose(_groomer(), "the van is late, add that to the moon")


def test_call_with_no_way_to_split_old_and_new_is_not_understood():
    with pytest.raises(EditError, match="I didn't understand"):
        propose(_bakery(), "call customers back after delivery")


def test_two_problems_that_are_both_in_a_stage_move():
    after = _after(_bakery(), "the sells out one and the card reader thing are both in Invoice monthly")
    assert _where(after, "Sells out by 11")[0] == "Invoice monthly"
    assert _where(after, "Cant pay by card some weeks when the reader has no signal")[0] == "Invoice monthly"


def test_a_stage_with_and_in_its_name_still_takes_one_problem():
    after = _after(_groomer(), "the parking problem happens at Check and choose")
    assert _where(after, "Theres nowhere to park on some streets")[0] == "Check and choose"


# -- 5. the interview's "Which step does ... happen in?" --------------------------------------------------------------

@pytest.mark.parametrize("said", ["5 i think", "probably 5", "step 5", "maybe step 5", "5, i think", "i think 5"])
def test_a_hedged_step_number_is_the_step(said):
    from cjm_assistant.interview.stages import match_stage

    stages = ["One", "Two", "Three", "Four", "Five", "Six"]
    assert match_stage(said, stages) == "Five"


def test_a_hedged_number_answers_the_interview_placing_question():
    from tests.test_walk15_choir import _placing

    interview, turn = _placing()
    stage = interview.state.stages[1]
    again = interview.answer("2 i think")
    assert again.note.endswith(f"goes on '{stage}'.")


# -- 6. the help's examples --------------------------------------------------------------------------------------------

def test_the_help_pairs_an_opportunity_only_with_a_pain_point_of_its_own_stage():
    journey = _map({"Find out and enquire": [], "Apply": ["Emails to the secretary go unanswered for weeks"]})
    text = help_for(journey)
    line = next(ln for ln in text.splitlines() if "add opportunity" in ln)
    assert "Show prices upfront" not in line
    assert "to Apply for 'Emails to the secretary go unanswered for weeks'" in line


def test_the_help_without_a_map_pairs_a_fitting_opportunity():
    line = next(ln for ln in help_for().splitlines() if "add opportunity" in ln)
    assert "add opportunity 'Reply within a day' to Checkout for 'slow replies'" in line


def test_the_help_opportunity_example_is_understood_on_the_map_and_answers_that_pain_point():
    from cjm_assistant.domain import edits

    journey = _groomer()
    line = next(ln for ln in help_for(journey).splitlines() if "add opportunity" in ln)
    example = line.removeprefix("- ").split("   ")[0]
    assert example == "add opportunity 'Your idea for it' to Find a groomer for Irregular social media presence"
    after = edits.apply(journey, propose(journey, example).ops)
    [fix] = [o for o in after.stages[0].opportunities if o.name == "Your idea for it"]
    assert fix.addresses == ["pp1"]


# -- the CLI, as the tester typed it ----------------------------------------------------------------------------------

def test_cjm_refine_adds_the_clause_before_add_that_as_a_pain_point(tmp_path, capsys, monkeypatch):
    from cjm_assistant import cli

    monkeypatch.setenv("CJM_CONFIG", str(tmp_path / "none.toml"))
    db = str(tmp_path / "cjm.db")
    path = tmp_path / "groomer.json"
    path.write_text(_groomer().model_dump_json(), encoding="utf-8")
    assert cli.main(["--engine", "playbook", "--db", db, "import", str(path)]) == 0
    map_id = capsys.readouterr().out.strip().splitlines()[-1]

    code = cli.main(["--engine", "playbook", "--db", db, "refine", map_id,
                     "the puppy intro session is hard to explain, add that to check and choose"])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "pain point “The puppy intro session is hard to explain” in Check and choose" in out.out
