"""Session 20, brief a20: an outside attack on this session's changes (TOML lists in answers files, the TUI export
dialog, questions asked back and "not sure" in the interview), done with the CLI, the TUI (Textual Pilot) and the
interview as a user meets them. Each test names its finding (A1...) and fails until that finding is fixed.

Session 21, brief w21c, fixed the open findings (A3, A4, A6, A7, A8) and added the tests after the a20 ones: a refused
answers file makes no database file, the export dialog fits 80x24, a persona's view is suggested a file name of its
own, and the format list chooses with the arrows (public Textual API only)."""

from __future__ import annotations

import sqlite3

import pytest

from tests.test_cli import cjm, current  # noqa: F401  (cjm is a fixture)

_BASE = '''business = "Sweet Crumbs, a two-person bakery in Leeds selling custom cakes online"
journey = "first online order of a custom cake"
kind = "current"
offering = "custom celebration cakes, delivered locally"
customers = "B2C, parents and office managers planning a party"
data = "Google reviews"
'''


def _maps(cjm):  # noqa: F811
    return cjm("list").out


def _run(cjm, tmp_path, text):  # noqa: F811
    path = tmp_path / "answers.toml"
    path.write_text(text, encoding="utf-8")
    return cjm("new", "--answers", str(path))


def _refused_in_words_or_read_as_text(cjm, result, field, before):  # noqa: F811
    """Either the file is refused with a message naming ``field`` (no Python or pydantic internals, the database
    as it was), or it is read and no value on the map is a Python list's repr."""
    said = result.out + result.err
    assert "unexpected error" not in said and "please report it" not in said, said
    assert "validation error" not in said and "pydantic" not in said, said
    if result.code != 0:
        assert f"`{field}`" in result.err, result.err
        assert _maps(cjm) == before
        return None
    journey = current(cjm, result.last_line)
    for persona in journey.personas:
        for text in (persona.name, persona.summary, persona.quote, *persona.goals, *persona.frustrations):
            assert "['" not in text and "']" not in text, persona
    return journey


# -- A1: a persona's name or description written as a TOML list is stored as Python's repr -----------------------
# `name = ["Priya", "Tom"]` gave a persona called "['Priya" with the summary "'Tom'], busy parent";
# `description = ["busy parent", "orders twice a year"]` gave the summary "['busy parent', 'orders twice a year']".

@pytest.mark.parametrize(("field", "value"), [("name", '["Priya", "Tom"]'),
                                              ("description", '["busy parent", "orders twice a year"]')],
                         ids=["name", "description"])
def test_a1_a_persona_text_field_written_as_a_list_is_never_stored_as_python_repr(cjm, tmp_path, field,  # noqa: F811
                                                                                   value):
    before = _maps(cjm)
    persona = '[[personas]]\nname = "Priya"\ndescription = "busy parent"\n'
    persona = "\n".join(f"{field} = {value}" if line.startswith(f"{field} =") else line
                        for line in persona.splitlines()) + "\n"
    result = _run(cjm, tmp_path, _BASE + persona)
    _refused_in_words_or_read_as_text(cjm, result, field, before)


# -- A2: a persona's quote written as a TOML list crashes with "unexpected error (TypeError ...)" ---------------------

def test_a2_a_persona_quote_written_as_a_list_gets_a_clear_answer_not_an_unexpected_error(cjm, tmp_path):  # noqa: F811
    before = _maps(cjm)
    result = _run(cjm, tmp_path, _BASE + '[[personas]]\nname = "Priya"\nquote = ["Too slow.", "No prices."]\n')
    _refused_in_words_or_read_as_text(cjm, result, "quote", before)


# -- A3: more than 60 channels (a list, or text) dumps pydantic's validation errors --------------------------------
# "cjm: 2 validation errors for JourneyMap / personas.0.channels / List should have at most 60 items ... [type=too_long
# ...] For further information visit https://errors.pydantic.dev/..."

@pytest.mark.parametrize("as_list", [True, False], ids=["list", "text"])
def test_a3_too_many_channels_is_said_in_words_naming_the_field(cjm, tmp_path, as_list):  # noqa: F811
    before = _maps(cjm)
    names = [f"Channel number {i}" for i in range(61)]
    value = "[" + ", ".join(f'"{n}"' for n in names) + "]" if as_list else '"' + ", ".join(names) + '"'
    result = _run(cjm, tmp_path, _BASE + f"channels = {value}\n")
    said = result.out + result.err
    assert "validation error" not in said and "pydantic" not in said and "type=too_long" not in said, said
    if result.code != 0:
        assert "`channels`" in result.err and _maps(cjm) == before, result.err


# -- A4: one item of a TOML list is split again at its commas and "and" -------------------------------------------
# README: a list "is read like the same items written as text, one item each". problems = ["delivery slots, windows
# and times confuse them"] gave three pain points, "Delivery slots", "Windows" and "Times confuse them" (the last two
# "not yet placed").

def test_a4_one_item_of_a_problems_list_is_one_pain_point(cjm, tmp_path):  # noqa: F811
    result = _run(cjm, tmp_path, _BASE + 'channels = ["Instagram", "WhatsApp"]\n'
                  'problems = ["delivery slots, windows and times confuse them", "prices hidden in DMs"]\n')
    assert result.code == 0, result.err
    journey = current(cjm, result.last_line)
    stated = [pp.name for _, pp in journey.pain_points() if pp.provenance == "user"]
    assert len(stated) == 2, stated
    assert not any(name.casefold() in ("windows", "times confuse them") for name in stated), stated


# -- A5: a question asked back as the business in an answers file prints the same note 200 times ---------------------

@pytest.mark.parametrize("said", ["huh?", "what do you mean?"])
def test_a5_a_question_back_as_the_business_is_noted_once(cjm, tmp_path, said):  # noqa: F811
    text = _BASE.replace('business = "Sweet Crumbs, a two-person bakery in Leeds selling custom cakes online"',
                         f'business = "{said}"')
    result = _run(cjm, tmp_path, text)
    said_back = result.out + result.err
    assert said_back.count("asks a question instead of answering it") == 1, said_back.count("asks a question")


# -- A6: "I don't know" is kept as the answer: a persona called "I don't know", a business "I don't know" -------------
# "not sure" is asked again once and then passed; "I don't know" (and "idk", "no idea" at other questions) is kept:
# the next question reads "What does I don't know want to get out of it?".

@pytest.mark.parametrize("said", ["I don't know", "idk", "dunno"])
def test_a6_i_dont_know_as_the_persona_is_not_a_persona_called_i_dont_know(said):
    from tests.test_interview import asking, new_interview, up_to_persona

    interview = new_interview()
    up_to_persona(interview)
    assert asking(interview) == "persona_name"
    interview.answer(said)
    turn = interview.answer(said)  # asked again, then "not sure" twice passes: so should this
    names = [p.name.casefold() for p in interview.state.profile.personas]
    assert said.casefold() not in names, names
    assert said.casefold() not in turn.reply.casefold(), turn.reply


@pytest.mark.parametrize("said", ["I don't know", "idk"])
def test_a6_i_dont_know_is_not_kept_as_the_business_or_the_offering(said):
    from tests.test_interview import BUSINESS, asking, new_interview

    interview = new_interview()
    interview.answer(said)
    interview.answer(said)
    assert said.casefold() not in interview.state.profile.description.casefold(), interview.state.profile.description
    interview = new_interview()
    interview.answer(BUSINESS)
    assert asking(interview) == "offering"
    interview.answer(said)
    interview.answer(said)
    assert said.casefold() not in interview.state.profile.offering.casefold(), interview.state.profile.offering


# -- A7: "not sure" to the business question is asked again, word for word, for ever --------------------------------
# Every other question passes at the second "not sure"; the business question repeats "I need this one to draw
# anything useful" and the same question however often it is said ("skip" too), while "I don't want to say" is taken
# as the business. The answers file, for the same, goes on with "Your business". A user who does not know what to
# say is offered nothing new.

def test_a7_saying_not_sure_to_the_business_question_again_and_again_is_not_a_dead_end():
    from tests.test_interview import new_interview

    interview = new_interview()
    turns = [interview.answer("not sure") for _ in range(4)]
    moved_on = interview.question is None or interview.question.key != "business"
    replies = {(t.note, t.reply) for t in turns[1:]}
    assert moved_on or len(replies) > 1, turns[-1].note


# -- A8: the TUI export dialog closes on a refused database path, so the path must be typed again ---------------------
# Enter on the format list with the path of an SQLite database (cjm's own, or another) closes the dialog and says the
# refusal in the chat; a path the dialog can check (its folder is a file, a folder to create) is said in the dialog
# with the path kept to correct (tests/test_tui.py::test_a_folder_that_cannot_be_created_is_said_in_the_export_dialog).

@pytest.mark.parametrize("whose", ["own", "other"])
async def test_a8_an_sqlite_database_as_the_export_path_is_said_in_the_dialog_and_never_written(tmp_path, whose):
    from tests.support.tui import make_app, open_saved, saved_map, settle

    db = tmp_path / "cjm.db"
    map_id = saved_map(db)
    other = tmp_path / "other.db"
    connection = sqlite3.connect(other)
    connection.execute("create table notes(x)")
    connection.commit()
    connection.close()
    target = db if whose == "own" else other
    kept = other.read_bytes()
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_saved(pilot, app, map_id)
        await pilot.press("ctrl+e")
        await pilot.pause()
        app.screen.query_one("#export-path").value = str(target)
        app.screen.query_one("#export-format").focus()
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot, app)
        assert type(app.screen).__name__ == "ExportScreen", type(app.screen).__name__
        assert app.screen.query_one("#export-path").value == str(target)
        assert "database" in str(app.screen.query_one("#export-hint").render())
    assert other.read_bytes() == kept


# == Session 21 (w21c) ===============================================================================================

def _refused_run(tmp_path, text):
    """`cjm --db NEW.db new --answers F.toml` with ``text`` as the file, on a database that does not exist yet:
    (exit code, stderr, the database path)."""
    import contextlib
    import io

    from cjm_assistant import cli

    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    db = tmp_path / "new" / "NEW.db"
    db.parent.mkdir()
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = cli.main(["--db", str(db), "new", "--answers", str(path)])
    return code, err.getvalue(), db


@pytest.mark.parametrize("text", ['business = ""\n', 'business = "huh?"\n', 'business = "I don\'t know"\n',
                                  'busines = "Sweet Crumbs"\n', _BASE + 'kind = "sideways"\n',
                                  _BASE.replace('channels', 'x') + "channels = [" + ", ".join(f'"C{i}"' for i in range(61))
                                  + "]\n"],
                         ids=["blank", "question", "dont-know", "typo", "kind", "61-channels"])
def test_a_refused_answers_file_creates_no_database_file(tmp_path, text):
    code, err, db = _refused_run(tmp_path, text.replace('kind = "current"\n', "") if "sideways" in text else text)
    assert code != 0 and err.startswith("cjm: "), err
    assert "validation error" not in err and "Traceback" not in err, err
    assert sorted(p.name for p in db.parent.iterdir()) == [], list(db.parent.iterdir())


def test_a_refused_export_path_creates_no_database_file_either(tmp_path):
    import contextlib
    import io

    from cjm_assistant import cli

    path = tmp_path / "ok.toml"
    path.write_text(_BASE, encoding="utf-8")
    db = tmp_path / "new" / "NEW.db"
    db.parent.mkdir()
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = cli.main(["--db", str(db), "new", "--answers", str(path), "--export", str(tmp_path / "no" / "x.md")])
    assert code != 0 and "nothing was saved" in err.getvalue(), err.getvalue()
    assert list(db.parent.iterdir()) == []


def test_a_refused_answers_file_leaves_an_existing_database_as_it_was(cjm, tmp_path):  # noqa: F811
    made = _run(cjm, tmp_path, _BASE)
    assert made.code == 0, made.err
    before = _maps(cjm)
    names = ", ".join(f"Channel number {i}" for i in range(61))
    result = _run(cjm, tmp_path, _BASE + f'channels = "{names}"\n')
    assert result.code != 0
    assert result.err.strip() == ("cjm: `channels` in the answers file gives 61 channels, and a map holds at most 60; "
                                  "keep the 60 that matter most (nothing was saved)")
    assert _maps(cjm) == before


def test_a3_a_persona_with_too_many_goals_is_said_in_words(cjm, tmp_path):  # noqa: F811
    goals = ", ".join(f'"goal number {i}"' for i in range(31))
    result = _run(cjm, tmp_path, _BASE + f'[[personas]]\nname = "Priya"\ngoals = [{goals}]\n')
    assert result.code != 0
    assert "`goals` of persona 1 in the answers file gives 31 goals, and a map holds at most 30" in result.err
    assert "validation error" not in result.err


def test_a3_too_many_channels_typed_in_the_interview_are_asked_again_in_words():
    from tests.test_interview import asking, new_interview, up_to_channels

    interview = new_interview()
    up_to_channels(interview)
    turn = interview.answer(", ".join(f"Channel number {i}" for i in range(61)))
    assert asking(interview) == "channels" and interview.state.profile.channels == []
    assert turn.note.startswith("That answer gives 61 channels, and a map holds at most 60"), turn.note
    interview.answer("Instagram, WhatsApp")
    assert asking(interview) == "persona_name"
    assert interview.state.profile.channels == ["Instagram", "WhatsApp"]


def test_a4_one_item_of_a_persona_goals_or_frustrations_list_is_one_item(cjm, tmp_path):  # noqa: F811
    result = _run(cjm, tmp_path, _BASE + '[[personas]]\nname = "Priya"\ndescription = "busy parent"\n'
                  'goals = ["a cake that looks like the photo, on time and within budget", "easy ordering"]\n'
                  'frustrations = ["slow replies, late evenings especially", "not sure"]\n')
    assert result.code == 0, result.err
    priya = current(cjm, result.last_line).personas[0]
    assert priya.goals == ["A cake that looks like the photo, on time and within budget", "Easy ordering"]
    assert priya.frustrations == ["Slow replies, late evenings especially"]


@pytest.mark.parametrize("said", ["I don't know", "idk", "dunno really", "no idea", "Honestly, no idea."])
def test_a6_i_dont_know_in_an_answers_file_is_no_answer_with_a_note(cjm, tmp_path, said):  # noqa: F811
    text = _BASE.replace('offering = "custom celebration cakes, delivered locally"', f'offering = "{said}"')
    result = _run(cjm, tmp_path, text + f'problems = ["slow replies", "{said}"]\n')
    assert result.code == 0, result.err
    assert f"`offering` in the answers file says “{said}”, which is no answer" in result.out
    assert f"`problems` in the answers file: “{said}” is no answer, left out of the list" in result.out
    journey = current(cjm, result.last_line)
    assert said.casefold() not in journey.business.offering.casefold(), journey.business.offering
    assert not any(said.casefold().strip(".") in p.name.casefold() for _, p in journey.pain_points())


@pytest.mark.parametrize(("text", "said"), [
    ('business = "I don\'t know"\n', "`business` in the answers file says “I don't know”, which is no answer"),
    (_BASE + '[[personas]]\nname = "idk"\n', "persona 1 in the answers file needs a name (“idk” is no name)")],
    ids=["business", "persona-name"])
def test_a6_i_dont_know_as_the_business_or_a_persona_name_is_refused_in_words(cjm, tmp_path, text,  # noqa: F811
                                                                               said):
    before = _maps(cjm)
    result = _run(cjm, tmp_path, text)
    assert result.code != 0 and said in result.err, result.err
    assert _maps(cjm) == before


def test_a6_dont_know_to_a_persona_question_is_asked_again_once_then_passed():
    from tests.test_interview import asking, new_interview, up_to_persona

    interview = new_interview()
    up_to_persona(interview)
    interview.answer("Priya, a busy mum of two")
    assert asking(interview) == "persona_goals"
    first = interview.answer("no idea")
    assert asking(interview) == "persona_goals" and "not sure" in first.note
    interview.answer("I don't know")
    assert asking(interview) != "persona_goals"
    assert interview.state.profile.personas[0].goals == []


def test_a7_another_persona_answered_i_dont_know_or_maybe_moves_on():
    from tests.test_interview import asking, new_interview, up_to_persona

    for said in ("I don't know", "maybe later"):
        interview = new_interview()
        up_to_persona(interview)
        for text in ("Priya, a busy mum", "a cake on time", "slow replies", "WhatsApp"):
            interview.answer(text)
        assert asking(interview) == "more_personas"
        interview.answer(said)
        assert asking(interview) == "more_personas"  # asked once more
        turn = interview.answer(said)
        assert asking(interview) == "problems", (said, turn.note)
        assert [p.name for p in interview.state.profile.personas] == ["Priya"]


def test_a7_the_business_passed_twice_is_drafted_as_your_business():
    from tests.test_interview import asking, new_interview

    interview = new_interview()
    first = interview.answer("not sure")
    assert asking(interview) == "business" and "I need this one" in first.note and "again" in first.note
    second = interview.answer("idk")
    assert asking(interview) == "offering" and "Your business" in second.note
    turn = interview.answer("draft")
    assert turn.ready, turn.note
    journey = interview.engine.propose_map(interview.state.profile).journey
    assert journey.business.name == "Your business"
    assert interview.back().reply  # back returns to the business question, to answer it after all
    assert asking(interview) == "business"


# -- the export dialog ------------------------------------------------------------------------------------------------

async def _export_dialog(pilot, app, map_id, persona=""):
    from tests.support.tui import open_saved, send, settle

    await open_saved(pilot, app, map_id)
    if persona:
        await send(pilot, app, f"/persona {persona}")
        await settle(pilot, app)
    await pilot.press("ctrl+e")
    await pilot.pause()
    assert type(app.screen).__name__ == "ExportScreen"


def _shown(app, widget) -> bool:
    """Whether ``widget`` is drawn whole on the screen (inside its dialog, not clipped by it)."""
    region, dialog = widget.region, app.screen.query_one("#export").region
    return region.area > 0 and dialog.contains_region(region) and region.bottom <= app.screen.size.height


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("persona", ["", "Olu"], ids=["whole-map", "persona"])
async def test_the_export_dialogs_buttons_show_at_80x24_and_120x40(tmp_path, size, persona):
    from tests.support.tui import make_app, saved_map, settle
    from tests.test_s20_w20c import _two_persona_map

    db = tmp_path / "cjm.db"
    map_id = saved_map(db, _two_persona_map())
    other = tmp_path / "other.db"
    connection = sqlite3.connect(other)
    connection.execute("create table notes(x)")
    connection.commit()
    connection.close()
    app = make_app(db)
    async with app.run_test(size=size) as pilot:
        await _export_dialog(pilot, app, map_id, persona)
        for name in ("#export-go", "#export-cancel", "#export-path", "#export-hint"):
            assert _shown(app, app.screen.query_one(name)), name
        app.screen.query_one("#export-path").value = str(other)  # a refusal of two lines under the path
        await pilot.press("enter")
        await settle(pilot, app)
        assert "SQLite database" in str(app.screen.query_one("#export-hint").render())
        for name in ("#export-go", "#export-cancel", "#export-path", "#export-hint"):
            assert _shown(app, app.screen.query_one(name)), name


async def test_a8_after_a_refused_database_path_a_corrected_path_is_written(tmp_path):
    from tests.support.tui import make_app, notifications, saved_map, settle

    db = tmp_path / "cjm.db"
    map_id = saved_map(db)
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await _export_dialog(pilot, app, map_id)
        path = app.screen.query_one("#export-path")
        path.value = str(db)
        await pilot.press("enter")
        await settle(pilot, app)
        assert type(app.screen).__name__ == "ExportScreen"
        assert "cjm's own database" in str(app.screen.query_one("#export-hint").render())
        assert path.value == str(db)
        path.value = str(tmp_path / "cakes.md")
        await pilot.press("enter")
        await settle(pilot, app)
        assert type(app.screen).__name__ != "ExportScreen"
        assert any(n.startswith("Wrote ") for n in notifications(app)), notifications(app)
    assert (tmp_path / "cakes.md").read_text(encoding="utf-8").startswith("# ")


async def test_a_persona_view_is_suggested_a_file_name_of_its_own(tmp_path):
    from tests.support.tui import make_app, saved_map
    from tests.test_s20_w20c import _two_persona_map

    db = tmp_path / "cjm.db"
    map_id = saved_map(db, _two_persona_map())
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await _export_dialog(pilot, app, map_id)
        whole = app.screen.query_one("#export-path").value
        await pilot.press("escape")
        await pilot.pause()
        await _export_dialog(pilot, app, map_id, "Olu")
        path = app.screen.query_one("#export-path")
        assert path.value != whole and path.value.endswith("-office-manager-olu.md"), path.value
        assert path.value.removesuffix("-office-manager-olu.md") == whole.removesuffix(".md")
        app.screen.query_one("#export-format").focus()
        await pilot.pause()
        await pilot.press("down")  # JSON: the persona's name stays in the suggested name
        await pilot.pause()
        assert path.value.endswith("-office-manager-olu.json"), path.value


async def test_the_arrows_choose_the_export_format_and_the_path_follows(tmp_path):
    from tests.support.tui import make_app, saved_map, settle

    db = tmp_path / "cjm.db"
    map_id = saved_map(db)
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await _export_dialog(pilot, app, map_id)
        app.screen.query_one("#export-format").focus()
        await pilot.pause()
        await pilot.press("down", "down")
        await pilot.pause()
        chosen = [b.name for b in app.screen.query("#export-format RadioButton") if b.value]
        assert chosen == ["csv"], chosen
        assert app.screen.query_one("#export-path").value.endswith(".csv")
        await pilot.press("up", "up", "up")  # round to the last format
        await pilot.pause()
        chosen = [b.name for b in app.screen.query("#export-format RadioButton") if b.value]
        assert chosen == ["xlsx"], chosen
        app.screen.query_one("#export-path").value = str(tmp_path / "cakes.xlsx")
        await pilot.press("enter")
        await settle(pilot, app)
    assert (tmp_path / "cakes.xlsx").read_bytes()[:2] == b"PK"
