"""Session 18, w18: findings of the second outside walk (pronoun stand-ins, a bare no at the proposed steps,
praise rows assigned with a pain point, every mistake of an answers file in one run)."""

from __future__ import annotations

import pytest

from cjm_assistant.engines.playbook import PlaybookEngine
from cjm_assistant.interview import Interview
from cjm_assistant.knowledge.rephrase import clauses, rephrase


# -- 1. a pronoun's stand-in is a noun phrase, never a clause that ends in "which" -------------------------------

@pytest.mark.parametrize("problem, stand_in", [
    ("the zoom link changes every week which is so bad we have to resend it every time", "the zoom link"),
    ("the app crashes every night which is so annoying we have to restart it by hand", "the app"),
    ("the rota changes daily that is so confusing we have to print it out again", "the rota"),
    ("our shared calendar that nobody updates is so messy we have to check it twice", "our shared calendar"),
])
def test_the_pronoun_done_to_is_the_noun_phrase_not_the_clause(problem, stand_in):
    second = clauses(problem)[1]
    assert stand_in in second
    assert "which" not in second and " that " not in second and "changes" not in second
    fix = rephrase(problem)
    assert fix is None or not fix.name.rstrip(".").casefold().endswith(("which", "that", "who"))


def test_the_zoom_link_fix_names_the_link_and_a_noun_with_what_places_it_is_kept_whole():
    fix = rephrase("the zoom link changes every week which is so bad we have to resend it every time")
    assert fix is not None and fix.name.rstrip(".").endswith("resend the zoom link")
    # "forms for new clients": "forms" is a noun here (what follows places it), not a verb to cut at
    assert "the booking forms for new clients" in clauses(
        "the booking forms for new clients are so long we have to print them")[1]
    assert clauses("the boxes are so heavy we have to lift them twice")[1] == "we have to lift the boxes twice"


# -- 2. a bare no at "Do these steps match?" asks which steps change -----------------------------------------------

def _confirming() -> Interview:
    interview = Interview(PlaybookEngine())
    interview.answer("Quill & Vellum, hand-bound notebooks and calligraphy workshops in York")
    turn = interview.answer("draft")
    assert interview.state.confirming and "Do these steps match" in turn.reply
    return interview


@pytest.mark.parametrize("no", ["no", "nah", "Nope.", "not really"])
def test_a_bare_no_at_the_proposed_steps_asks_which_steps_change_and_keeps_the_proposal(no):
    interview = _confirming()
    proposed = list(interview.state.stages)
    turn = interview.answer(no)
    assert "you listed 1" not in (turn.note or "") and "Which steps should change?" in (turn.note or "")
    assert "Do these steps match" in turn.reply and not turn.ready
    assert interview.state.confirming and interview.state.stages == proposed
    assert interview.state.profile.stages == []
    # the steps typed next are taken as the owner's list
    turn = interview.answer("Browse the shop -> Book a workshop -> The workshop -> Order a notebook")
    assert [c.name for c in interview.state.profile.stages] == ["Browse the shop", "Book a workshop", "The workshop",
                                                               "Order a notebook"]
    # after a no, "ok" still keeps the proposed steps
    interview = _confirming()
    assert "Which steps should change?" in (interview.answer(no).note or "")
    turn = interview.answer("ok")
    assert turn.ready and not interview.state.confirming and interview.state.profile.stages == []


# -- 3. a praise row assigned with an unplaced pain point does not place it -----------------------------------------

from tests.test_cli import cjm, current, stage_names  # noqa: E402,F401  (the in-process `cjm ...` fixture)


def _studio_with_an_unplaced_pain_point(cjm, tmp_path) -> tuple[str, str]:
    answers = tmp_path / "studio.toml"
    answers.write_text('business = "Stillwater Yoga, a small yoga studio in Bath"\n'
                       'journey = "from finding us online to a regular class"\n'
                       'problems = "can\'t make every Saturday; the mats smell"\n', encoding="utf-8")
    map_id = cjm("new", "--answers", str(answers)).last_line
    unplaced = [pp.name for pp in current(cjm, map_id).unplaced]
    assert "Can't make every Saturday" in unplaced
    feedback = tmp_path / "comments.csv"
    feedback.write_text("comment\nLovely calm teacher, I left feeling great\nI work shifts so Saturdays are out\n",
                        encoding="utf-8")
    assert cjm("evidence", map_id, str(feedback), "--yes").code == 0
    return map_id, "Can't make every Saturday"


def test_a_praise_row_assigned_with_an_unplaced_pain_point_leaves_it_unplaced_and_says_why(cjm, tmp_path):
    map_id, name = _studio_with_an_unplaced_pain_point(cjm, tmp_path)
    stage = stage_names(current(cjm, map_id))[-1]

    result = cjm("evidence", map_id, "--assign", "1", stage, "--pain-point", "every saturday")

    assert result.code == 0, result.err
    assert "Placed pain point" not in result.out
    assert "praise never counts for a pain point" in result.out
    assert f"“{name}” stays under 'Not yet placed'" in result.out and "move pain point" in result.out
    journey = current(cjm, map_id)
    assert name in [pp.name for pp in journey.unplaced]
    on_stage = next(s for s in journey.stages if s.name == stage)
    assert name not in [pp.name for pp in on_stage.pain_points]
    # the complaint row still places it, as before
    placed = cjm("evidence", map_id, "--assign", "2", stage, "--pain-point", "every saturday")
    assert placed.code == 0 and "Placed pain point" in placed.out
    assert name not in [pp.name for pp in current(cjm, map_id).unplaced]


# -- 4. an answers file's repeated stage is said with its other mistakes, in one run -------------------------------

from cjm_assistant.interview import AnswersError, load_answers  # noqa: E402


@pytest.mark.parametrize("text, others", [
    ('business = "Bramble Bakes, a cake stall"\nkind = "next tuesday"\n'
     'stages = ["Spot the stall", "", "Order", "Collect", "order"]\n', ["`kind`"]),
    ('business = "Bramble Bakes, a cake stall"\nstages = ["See us", "Pay", "Pay"]\n'
     '[[personas]]\nwho = "no name"\n', ["persona 1 in the answers file needs a name", "unknown key(s) in persona 1"]),
    ('business = "Bramble Bakes, a cake stall"\nstages = ["See us", "Pay", "PAY"]\nchannels = [1, 2]\n'
     'personas = 7\nextra = "x"\n', ["unknown key(s)", "`channels`", "`personas`"]),
])
def test_a_stage_listed_twice_is_said_with_the_other_mistakes(text, others):
    with pytest.raises(AnswersError) as e:
        load_answers(text)
    said = str(e.value)
    assert f"the answers file has {len(others) + 1} problems:" in said
    assert "`stages` in the answers file lists" in said and "twice" in said
    assert all(other in said for other in others)


def test_cjm_new_names_every_mistake_of_the_file_at_once(cjm, tmp_path):
    answers = tmp_path / "kiln.toml"
    answers.write_text('business = "Oak & Ember, a woodfired pizza van"\nkind = "one day maybe"\n'
                       'stages = ["Find the van", "Order", "Eat", "Order"]\n', encoding="utf-8")
    result = cjm("new", "--answers", str(answers))
    assert result.code != 0
    assert "2 problems" in result.err and "`kind`" in result.err and "lists “Order” twice" in result.err


async def test_the_app_takes_nah_at_the_proposed_steps_as_a_no(tmp_path):
    """In the app, as the walk typed it: "nah" at "Do these steps match?" asks for the steps, keeps the proposal."""
    from tests.support.tui import chat_texts, make_app, new_interview, send

    app = make_app(tmp_path / "cjm.db")
    async with app.run_test(size=(100, 30)) as pilot:
        await new_interview(pilot, app)
        await send(pilot, app, "Quill & Vellum, hand-bound notebooks and calligraphy workshops in York")
        await send(pilot, app, "draft")
        interview = app.session.interview
        assert interview.state.confirming
        proposed = list(interview.state.stages)

        await send(pilot, app, "nah")

        said = "\n".join(chat_texts(app))
        assert "you listed 1" not in said and "Which steps should change?" in said
        assert interview.state.confirming and interview.state.stages == proposed
