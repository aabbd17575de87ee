"""Session 18, brief c18: findings of an outside walk of the CLI and the interview.

Each test asserts what a user would see: the interview taking "nah" as a no, ``cjm new --answers`` keeping a
short business answer as the name, a plain sentence when an export cannot be written, ..."""

from __future__ import annotations

import pytest

from cjm_assistant.knowledge.questions import consent
from tests.test_interview import answer_all, asking, new_interview, up_to_persona


# -- M5: the ways people say yes or no ------------------------------------------------------------------------

def _at_another_persona():
    interview = new_interview()
    up_to_persona(interview)
    answer_all(interview, "Retired walker Wendy", "a calm dog after a long walk", "late pickups", "Facebook")
    assert asking(interview) == "more_personas"
    return interview


@pytest.mark.parametrize("said", ["nah", "Nah thats it", "nope.", "No thanks", "That’s it", "thats all",
                                  "nah, that's everyone thanks", "no one else really", "naw, all good",
                                  "No thank you!", "nope, that'll do"])
def test_common_ways_of_saying_no_end_the_personas(said):
    interview = _at_another_persona()

    turn = interview.answer(said)

    assert "Please answer yes or no" not in turn.note
    assert asking(interview) == "problems"
    assert [p.name for p in interview.state.profile.personas] == ["Retired walker Wendy"]


@pytest.mark.parametrize("said", ["yep", "Yeah go on", "sure", "go on then", "yes please, cheers", "aye",
                                  "ok one more", "yup another one"])
def test_common_ways_of_saying_yes_ask_who_the_next_persona_is(said):
    interview = _at_another_persona()

    interview.answer(said)

    assert asking(interview) == "persona_name"  # who is it? ("go on" is nobody's name)
    assert [p.name for p in interview.state.profile.personas] == ["Retired walker Wendy"]


@pytest.mark.parametrize("said", ["Nahla, 29, a nurse who works nights", "Noel, a landlord with no dog",
                                  "nobody answers the phone"])
def test_a_real_answer_that_opens_with_no_like_words_is_not_taken_for_a_no(said):
    interview = _at_another_persona()

    interview.answer(said)

    assert asking(interview) == "more_personas", said  # asked again: a yes or a no, please
    assert consent(said, another=True) is None


def test_nah_that_is_everyone_with_more_words_is_still_a_no():
    interview = _at_another_persona()

    interview.answer("Nah, it's really just Wendy")

    assert asking(interview) == "problems"


@pytest.mark.parametrize("said, another, answer", [
    ("that's it", False, "accept"),  # "did you mean 'Delivery'?" -> "that's it": that one
    ("that's it", True, "reject"),  # "add another one?" -> "that's it": enough
    ("nah", False, "reject"), ("yeah go on", False, "accept"), ("sure thing", False, "accept"),
    ("no, call it Delivery instead", False, None), ("no stage for that yet", False, None),
    ("yes but rename it first", False, None), ("thanks", False, None), ("nah go on", False, None),
])
def test_one_consent_vocabulary_reads_yes_and_no_and_leaves_real_answers_alone(said, another, answer):
    assert consent(said, another=another) == answer


def test_the_command_line_question_takes_a_yep(monkeypatch, capsys):
    from cjm_assistant.cli import output

    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    for said, expected in (("yep", True), ("sure", True), ("nah", False), ("maybe", False)):
        monkeypatch.setattr("builtins.input", lambda said=said: said)
        assert output.confirm("Save it?") is expected


# -- M3: what `cjm new --answers` says about a short, vague or long answer --------------------------------------

from tests.test_cli import EXAMPLES, cjm, current, stage_names  # noqa: E402,F401  (the in-process `cjm ...` fixture)


def _new(cjm, tmp_path, text: str):
    path = tmp_path / "answers.toml"
    path.write_text(text, encoding="utf-8")
    result = cjm("new", "--answers", str(path))
    assert result.code == 0, result.err
    return result


@pytest.mark.parametrize("name", ["Second helpings", "Over the moon", "Sam's place"])
def test_a_business_answer_that_is_only_a_name_names_the_map(cjm, tmp_path, name):
    result = _new(cjm, tmp_path, f'business = "{name}"\n')

    title = cjm("show", result.last_line).out.splitlines()[0]
    assert name in title and "Your business" not in title
    assert f"Took “{name}” as the business's name" in result.out  # the map says how it got its name
    assert "no answer in the file" not in result.out


@pytest.mark.parametrize("business", ["A bakery in Leeds", "we fix bikes", "Dog grooming van, Bristol"])
def test_a_short_description_is_not_taken_for_a_name(cjm, tmp_path, business):
    result = _new(cjm, tmp_path, f'business = "{business}"\n')

    assert f"Took “{business}”" not in result.out
    assert business not in cjm("show", result.last_line).out.splitlines()[0]


def test_a_vague_answer_in_the_file_is_said_to_be_vague_not_missing(cjm, tmp_path):
    result = _new(cjm, tmp_path, 'business = "Tidewater Kayaks, kayak hire on the Exe"\ndata = "the usual stuff"\n')

    line = next(line for line in result.out.splitlines() if "“data”" in line)
    assert "your answer “the usual stuff” was too vague" in line
    assert "no answer in the file" not in result.out


def test_a_very_long_answer_says_its_real_length(cjm, tmp_path):
    goal = "win back lapsed members and fill the Tuesday class " * 2000  # 102,000 characters
    result = _new(cjm, tmp_path, f'business = "Tidewater Kayaks, kayak hire on the Exe"\ngoal = "{goal}"\n')

    line = next(line for line in result.out.splitlines() if "“goal”" in line)
    assert f"That answer was {len(goal.strip()):,} characters" in line and "I read the first" in line
    assert "no answer in the file" not in result.out


def test_a_very_long_vague_answer_says_it_was_too_long_and_vague(cjm, tmp_path):
    result = _new(cjm, tmp_path,
                  'business = "Tidewater Kayaks, kayak hire on the Exe"\ngoal = "' + "z" * 50_000 + '"\n')

    goal = [line for line in result.out.splitlines() if "“goal”" in line]
    assert any("too long: 50,000 characters" in line and "too vague" in line for line in goal), goal
    assert any("That answer was 50,000 characters" in line for line in goal), goal
    assert "no answer in the file" not in result.out


# -- M4: an export into a folder that cannot be written --------------------------------------------------------

import errno  # noqa: E402
import os  # noqa: E402
from pathlib import Path  # noqa: E402

from cjm_assistant import userfiles  # noqa: E402
from tests.test_cli import bakery  # noqa: E402,F401

FORMATS = ["md", "json", "csv", "mermaid", "priorities", "brief", "html", "xlsx"]


def _refused_plainly(result, target: Path, why: str) -> None:
    assert result.code == 1
    assert result.err.startswith(f"cjm: could not write {target}: ") and why in result.err, result.err
    assert ".tmp" not in result.err and "Errno" not in result.err
    assert len(result.err.splitlines()) == 1
    assert not target.exists()


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_export_onto_a_read_only_disk_says_so_in_a_sentence(cjm, bakery, tmp_path, monkeypatch, fmt):
    """The file system refuses the hidden temporary file, and then refuses removing it too (EROFS both times):
    that second refusal came out raw ("[Errno 30] Read-only file system: '.x.md.tmp'")."""
    real_open, real_unlink = open, Path.unlink

    def read_only(error_path):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(error_path))

    monkeypatch.setattr(userfiles, "open", lambda p, *a, **k: read_only(p) if str(p).endswith(".tmp")
                        else real_open(p, *a, **k), raising=False)
    monkeypatch.setattr(Path, "unlink", lambda p, *a, **k: read_only(p) if p.name.endswith(".tmp")
                        else real_unlink(p, *a, **k))
    target = tmp_path / f"journey.{fmt}"

    result = cjm("export", bakery, "-f", fmt, "-o", str(target))

    _refused_plainly(result, target, f"the folder {tmp_path} is read-only")
    assert cjm("show", bakery).code == 0  # nothing lost


def _writable(folder: Path) -> bool:
    try:
        (folder / "probe").write_text("x")
    except OSError:
        return False
    (folder / "probe").unlink()
    return True


@pytest.mark.parametrize("fmt", ["md", "xlsx"])
def test_an_export_into_a_folder_without_write_permission_says_so(cjm, bakery, tmp_path, fmt):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        if _writable(folder):
            pytest.skip("running as root: chmod does not stop writing (the read-only test above covers it)")
        target = folder / f"journey.{fmt}"
        result = cjm("export", bakery, "-f", fmt, "-o", str(target))
        _refused_plainly(result, target, f"permission denied: you cannot write in the folder {folder}")
    finally:
        folder.chmod(0o755)


def test_an_export_into_a_folder_named_by_its_path_names_the_file_it_would_have_written(cjm, bakery, tmp_path,
                                                                                         monkeypatch):
    monkeypatch.setattr(userfiles, "open", lambda p, *a, **k: (_ for _ in ()).throw(
        PermissionError(errno.EACCES, "Permission denied", str(p))), raising=False)

    result = cjm("export", bakery, "-f", "xlsx", "-o", f"{tmp_path}/")

    assert result.code == 1 and ".tmp" not in result.err
    assert f"cjm: could not write {tmp_path}/" in result.err and result.err.rstrip().split(":")[1].endswith(".xlsx")
    assert "permission denied" in result.err and not list(tmp_path.glob("*.xlsx"))


# -- L2: every problem of an answers file in one run ------------------------------------------------------------

def test_every_wrong_type_in_an_answers_file_is_listed_in_one_run(cjm, tmp_path):
    path = tmp_path / "answers.toml"
    path.write_text('business = 7\ncustomers = false\nproblems = ["late", 3]\nkind = "sideways"\ncolour = "red"\n'
                    '[[personas]]\ngoals = "fresh bread"\n[[personas]]\nname = "Ada"\nfrustrations = 12\n',
                    encoding="utf-8")

    result = cjm("new", "--answers", str(path))

    assert result.code == 1
    lines = result.err.splitlines()
    assert lines[0] == "cjm: the answers file has 7 problems:"
    said = "\n".join(lines[1:])
    for problem in ("unknown key(s) in the answers file: colour", "`business` in the answers file should be text",
                    "`customers` in the answers file should be text", "`problems` in the answers file should be text",
                    "`kind` in the answers file is “sideways”", "persona 1 in the answers file needs a name",
                    "`frustrations` of persona 2 in the answers file should be text"):
        assert sum(problem in line for line in lines[1:]) == 1, (problem, said)
    assert len(lines) == 8
    assert cjm("list").out.startswith("No maps yet")


def test_one_problem_is_still_one_line(cjm, tmp_path):
    path = tmp_path / "answers.toml"
    path.write_text('business = "Tidewater Kayaks"\nchannels = 3\n', encoding="utf-8")

    result = cjm("new", "--answers", str(path))

    assert result.code == 1
    assert result.err == "cjm: `channels` in the answers file should be text in quotes, or a list of texts in quotes\n"


# -- L5: `cjm import` of a file that is no map says which file it takes ---------------------------------------

@pytest.mark.parametrize("name, content", [("visits.csv", "date,comment\n2026-01-02,lovely\n"),
                                           ("notes.txt", "great service, slow replies\n")])
def test_importing_feedback_says_import_takes_the_json_export_and_where_feedback_goes(cjm, tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")

    result = cjm("import", str(path))

    assert result.code == 1 and len(result.err.splitlines()) == 1
    assert result.err.startswith(f"cjm: {path} is not JSON")
    assert "`cjm import` takes the JSON file that `cjm export MAP -f json` writes" in result.err
    assert "`cjm evidence MAP FILE`" in result.err


def test_importing_other_json_names_the_file_and_the_export_it_takes(cjm, tmp_path):
    path = tmp_path / "settings.json"
    path.write_text('["not", "a", "map"]', encoding="utf-8")

    result = cjm("import", str(path))

    assert result.err.startswith(f"cjm: {path} is not a journey map")
    assert "`cjm export MAP -f json`" in result.err and "cjm evidence" not in result.err


# -- M6: † items that came with an imported map ---------------------------------------------------------------

def _imported_example(cjm, tmp_path) -> tuple[str, list[str]]:
    """An example map, exported and imported again under another file name, and its † items' ids."""
    import json

    path = tmp_path / "handed-over.json"
    path.write_text((EXAMPLES / "sweet-crumbs.json").read_text(encoding="utf-8"), encoding="utf-8")
    map_id = cjm("import", str(path)).last_line
    data = json.loads(path.read_text(encoding="utf-8"))
    backed = [item["id"] for stage in data["stages"] for lane in stage.values() if isinstance(lane, list)
              for item in lane if isinstance(item, dict) and item.get("provenance") == "evidence"]
    assert backed
    return map_id, backed


def test_why_says_the_evidence_came_with_the_imported_map(cjm, tmp_path):
    map_id, backed = _imported_example(cjm, tmp_path)
    feedback = tmp_path / "comments.csv"
    feedback.write_text("comment\nThe cake was lovely and arrived on time\nNobody replied to my message for two days\n",
                        encoding="utf-8")
    assert cjm("evidence", map_id, str(feedback), "--yes").code == 0

    result = cjm("evidence", map_id, "--list", "--why")

    assert result.code == 0
    assert "moved or deleted" not in result.out
    for item in backed:
        block = result.out.split(f"† {item} ", 1)[1].split("\n† ", 1)[0]
        assert "came with the imported map (handed-over.json): no rows of it are stored in this database" in block


def test_why_with_no_rows_at_all_still_explains_the_imported_evidence(cjm, tmp_path):
    map_id, backed = _imported_example(cjm, tmp_path)

    result = cjm("evidence", map_id, "--list", "--why")

    assert result.out.startswith("No evidence stored for this map.")
    assert all(f"† {item} " in result.out for item in backed)
    assert "came with the imported map (handed-over.json)" in result.out


# -- L4: assigning a row with a pain point that is not yet placed ---------------------------------------------

def _club_with_an_unplaced_pain_point(cjm, tmp_path) -> str:
    answers = tmp_path / "club.toml"
    answers.write_text('business = "Riverside Rowing, a community rowing club in Exeter"\n'
                       'journey = "from seeing us on the river to the first outing"\n'
                       'problems = "can\'t make every Saturday; worried they\'re not fit enough"\n', encoding="utf-8")
    map_id = cjm("new", "--answers", str(answers)).last_line
    assert [pp.name for pp in current(cjm, map_id).unplaced] == ["Can't make every Saturday"]
    feedback = tmp_path / "comments.csv"
    feedback.write_text("comment\nI work shifts so most Saturdays are out for me\nThe coach was brilliant\n",
                        encoding="utf-8")
    assert cjm("evidence", map_id, str(feedback), "--yes").code == 0
    return map_id


def test_assigning_a_row_with_an_unplaced_pain_point_places_it_on_that_stage_and_says_so(cjm, tmp_path):
    map_id = _club_with_an_unplaced_pain_point(cjm, tmp_path)
    stage = stage_names(current(cjm, map_id))[1]

    result = cjm("evidence", map_id, "--assign", "1", stage, "--pain-point", "every saturday")

    assert result.code == 0, result.err
    assert "Placed pain point pp" in result.out
    assert f"“Can't make every Saturday” on “{stage}” too" in result.out
    journey = current(cjm, map_id)
    assert journey.unplaced == []
    on_stage = next(s for s in journey.stages if s.name == stage)
    pain = next(pp for pp in on_stage.pain_points if pp.name == "Can't make every Saturday")
    assert pain.mentions == 1
    listed = cjm("evidence", map_id, "--list", "--pain-point", pain.id).out
    assert "I work shifts" in listed
    assert cjm("undo", map_id).code == 0 and [pp.name for pp in current(cjm, map_id).unplaced] == [
        "Can't make every Saturday"]


def test_a_pain_point_on_another_stage_is_still_refused(cjm, tmp_path):
    map_id = _club_with_an_unplaced_pain_point(cjm, tmp_path)
    journey = current(cjm, map_id)
    placed_stage = next(s for s in journey.stages if s.pain_points)
    other = next(s for s in journey.stages if s is not placed_stage)
    pain = placed_stage.pain_points[0]

    result = cjm("evidence", map_id, "--assign", "1", other.name, "--pain-point", pain.id)

    assert result.code == 1
    assert result.err.startswith(f"cjm: pain point {pain.id} “{pain.name}” is not on stage “{other.name}”")


async def test_the_app_takes_nah_thats_it_at_another_persona(tmp_path):
    """In the app, as the walk typed it: "nah thats it" at "Would you like to add another persona? (yes / no)"."""
    from tests.support.tui import chat_texts, make_app, new_interview, send

    app = make_app(tmp_path / "cjm.db")
    async with app.run_test(size=(80, 24)) as pilot:
        await new_interview(pilot, app)
        answers = {"business": "Muddy Paws, a mobile dog-grooming van in Bristol", "persona_name": "Sandra, 64"}
        for _ in range(20):
            key = app.session.interview.question.key
            if key == "more_personas":
                break
            await send(pilot, app, answers.get(key, "skip"))
        assert app.session.interview.question.key == "more_personas"

        await send(pilot, app, "nah thats it")

        assert app.session.interview.question.key == "problems"
        assert not any("Please answer yes or no" in text for text in chat_texts(app))
