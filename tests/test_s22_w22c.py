"""Session 22, brief w22c: the outside attack's findings on answers files, the interview and the CLI's export
that a21's tests did not cover (a21's B1-B4 are in tests/test_s21_a21.py). Each test says what a user would see."""

from __future__ import annotations

import contextlib
import io

from tests.test_cli import cjm, current  # noqa: F401  (cjm is a fixture)
from tests.test_interview import asking, new_interview, up_to_persona

_BAKERY = '''business = "Sweet Crumbs, a bakery in Leeds"
journey = "first online order of a custom cake"
offering = "custom celebration cakes, delivered locally"
customers = "B2C, parents and office managers planning a party"
'''


def _run_new(tmp_path, text: str) -> tuple[int, str, list]:
    """`cjm --db NEW/NEW.db new --answers F` on a database that does not exist yet: (exit code, what was said on
    stderr, the files left in NEW/)."""
    from cjm_assistant import cli

    path = tmp_path / "answers.toml"
    path.write_text(text, encoding="utf-8")
    db = tmp_path / "new" / "NEW.db"
    db.parent.mkdir()
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = cli.main(["--db", str(db), "new", "--answers", str(path)])
    return code, err.getvalue(), list(db.parent.iterdir())


# -- limits that lists within their own limits exceed together -------------------------------------------------------

def test_the_interview_refuses_a_persona_s_channels_that_take_the_map_over_its_channels_limit():
    interview = new_interview()
    up_to_persona(interview)
    interview.answer("Priya, a busy mum who orders birthday cakes")
    while asking(interview) != "persona_channels":
        interview.answer("skip")
    # 58 channels of her own: within a persona's 60, and 62 with the business's 4 (Instagram, website ...)
    turn = interview.answer(", ".join(f"Channel {i}" for i in range(58)))
    assert turn.too_many is not None, turn
    assert "60" in turn.note and "between them" in turn.note, turn.note
    assert asking(interview) == "persona_channels"  # asked again, the answer not kept
    assert not interview.state.profile.personas[0].channels


def test_many_personas_frustrations_over_a_stage_s_limit_together_are_one_sentence_and_leave_no_file(tmp_path):
    text = _BAKERY
    for i in range(20):  # 30 frustrations each: within a persona's limit, 600 together
        said = ", ".join(f'"the delivery {i}-{j} was late"' for j in range(30))
        text += f'[[personas]]\nname = "P{i}"\nfrustrations = [{said}]\n'
    code, said, left = _run_new(tmp_path, text)
    assert code != 0
    assert said.startswith("cjm: ") and said.count("\n") == 1, said
    assert "validation error" not in said and "too_long" not in said, said
    assert "at most 200" in said and "`frustrations`" in said, said
    assert left == [], left


# -- exports: an empty path, a file's name that says another format, a file where a folder is expected -------------

def _maps(cjm) -> list[str]:  # noqa: F811
    return [line for line in cjm("list").out.splitlines()[1:] if line.strip()]


def _answers(tmp_path):
    path = tmp_path / "answers.toml"
    path.write_text(_BAKERY, encoding="utf-8")
    return str(path)


def _is_workbook(path) -> bool:
    from openpyxl import load_workbook

    return path.read_bytes()[:2] == b"PK" and bool(load_workbook(path).sheetnames)


def test_new_with_an_empty_export_path_says_so_and_saves_nothing(cjm, tmp_path):  # noqa: F811
    result = cjm("new", "--answers", _answers(tmp_path), "--export", "")
    assert result.code != 0
    assert result.err.startswith("cjm: ") and "empty" in result.err and "nothing was saved" in result.err, result.err
    assert _maps(cjm) == []


def test_export_with_an_empty_output_path_says_so(cjm, tmp_path, monkeypatch):  # noqa: F811
    assert cjm("new", "--answers", _answers(tmp_path)).code == 0
    monkeypatch.chdir(tmp_path)
    before = set(tmp_path.iterdir())
    result = cjm("export", "-o", "")
    assert result.code != 0 and "empty" in result.err, result.err
    assert set(tmp_path.iterdir()) == before


def test_new_exports_a_real_workbook_to_an_xlsx_name(cjm, tmp_path):  # noqa: F811
    out = tmp_path / "out.xlsx"
    result = cjm("new", "--answers", _answers(tmp_path), "--export", str(out))
    assert result.code == 0, result.err
    assert _is_workbook(out)


def test_export_takes_the_format_from_the_file_name_and_refuses_a_clash(cjm, tmp_path):  # noqa: F811
    map_id = cjm("new", "--answers", _answers(tmp_path)).last_line
    book, data = tmp_path / "map.xlsx", tmp_path / "map.json"
    assert cjm("export", map_id, "-o", str(book)).code == 0
    assert _is_workbook(book)
    assert cjm("export", map_id, "-o", str(data)).code == 0
    assert current(cjm, map_id).title in data.read_text(encoding="utf-8")
    assert data.read_text(encoding="utf-8").lstrip().startswith("{")
    clash = tmp_path / "other.xlsx"
    result = cjm("export", map_id, "-f", "md", "-o", str(clash))
    assert result.code != 0 and "--format xlsx" in result.err and result.err.count("\n") == 1, result.err
    assert not clash.exists()
    assert cjm("export", map_id, "-f", "brief", "-o", str(tmp_path / "brief.md")).code == 0  # a brief is Markdown


def test_a_file_where_a_folder_is_expected_is_said_in_one_sentence(cjm, tmp_path):  # noqa: F811
    (tmp_path / "somefile.txt").write_text("mine", encoding="utf-8")
    for extra in ([], ["--mkdir"]):
        result = cjm("new", "--answers", _answers(tmp_path), "--export", str(tmp_path / "somefile.txt" / "map.md"),
                     *extra)
        assert result.code != 0
        assert "somefile.txt is a file, not a folder" in result.err and result.err.count("\n") == 1, result.err
        assert "does not exist" not in result.err, result.err
    assert _maps(cjm) == []
    assert (tmp_path / "somefile.txt").read_text(encoding="utf-8") == "mine"


# -- "is no answer" notes for lists read as sentences -----------------------------------------------------------------

def test_the_notes_on_unsure_items_of_lists_are_grammatical(cjm, tmp_path):  # noqa: F811
    path = tmp_path / "answers.toml"
    path.write_text(_BAKERY + 'channels = ["Instagram", "not sure", "dunno"]\nproblems = ["no idea", "idk"]\n'
                    'data = "not sure"\n[[personas]]\nname = "Priya"\ngoals = ["idk"]\n', encoding="utf-8")
    out = cjm("new", "--answers", str(path)).out
    assert "`channels` in the answers file: “not sure” and “dunno” are no answers, left out of the list." in out, out
    assert "`problems` in the answers file lists only “no idea” and “idk”, which are no answers: read as not " \
           "given" in out, out
    assert "`goals` of persona 1 in the answers file lists only “idk”, which is no answer" in out, out
    assert "`data` in the answers file says “not sure”, which is no answer" in out, out
    assert "” is no answer" not in out.replace("“not sure” is", ""), out  # never "“a”, “b” is no answer"


# -- a list of problems typed at the persona question ----------------------------------------------------------------

def test_problems_typed_at_the_persona_question_are_kept_as_problems_and_the_person_asked_again():
    interview = new_interview()
    up_to_persona(interview)
    turn = interview.answer("slow replies, no parking, the website is confusing")
    assert interview.state.profile.personas == [], interview.state.profile.personas
    assert asking(interview) == "persona_name"
    assert "problems" in turn.reply and "name" in turn.reply, turn.reply
    assert {"Slow replies", "No parking"} <= set(interview.state.profile.problems), interview.state.profile.problems
    interview.answer("Priya, a busy mum who orders cakes for parties")
    assert [p.name for p in interview.state.profile.personas] == ["Priya"]


def test_a_person_described_with_how_they_feel_or_what_annoys_them_is_still_a_persona():
    for said, name in (("Stressed bride-to-be, always late with her order", "Stressed bride-to-be"),
                       ("Dave, late deliveries, no parking", "Dave"),
                       ("busy parents, no time to plan", None)):
        interview = new_interview()
        up_to_persona(interview)
        interview.answer(said)
        personas = interview.state.profile.personas
        assert personas and (name is None or personas[0].name == name), (said, personas)


# -- refine: "merge X into Y" ----------------------------------------------------------------------------------------

def test_refine_merges_one_stage_into_another_and_keeps_what_was_on_it(cjm, tmp_path):  # noqa: F811
    map_id = cjm("new", "--answers", _answers(tmp_path)).last_line
    first = current(cjm, map_id)
    gone = first.stages[1]
    tp = gone.touchpoints[0]
    added = cjm("refine", map_id, f"add pain point 'fee shown late' to '{gone.name}', severity high, on '{tp.name}'",
                "--yes")
    assert added.code == 0, added.err
    before = current(cjm, map_id)
    gone, kept = before.stages[1], before.stages[2]
    result = cjm("refine", map_id, f"merge {gone.name} into {kept.name}", "--yes")
    assert result.code == 0, result.err
    after = current(cjm, map_id)
    names = [st.name for st in after.stages]
    assert gone.name not in names and kept.name in names and len(names) == len(before.stages) - 1, names
    merged = next(st for st in after.stages if st.name == kept.name)
    assert {pp.name for pp in gone.pain_points} <= {pp.name for pp in merged.pain_points}
    assert {tp.name for tp in gone.touchpoints} <= {tp.name for tp in merged.touchpoints}
    assert {a.text for a in gone.actions} <= {a.text for a in merged.actions}
    assert merged.goal == kept.goal
    fee = next(pp for pp in merged.pain_points if pp.name == "fee shown late")
    assert next(t.name for t in merged.touchpoints if t.id == fee.touchpoint) == tp.name  # still on its touchpoint


def test_refine_merge_of_an_unknown_stage_says_how_to_merge(cjm, tmp_path):  # noqa: F811
    map_id = cjm("new", "--answers", _answers(tmp_path)).last_line
    result = cjm("refine", map_id, "merge Inspiration into Nowhere at all", "--yes")
    assert result.code != 0 and "to merge two stages, name both" in result.err, result.err


def test_the_app_s_export_command_takes_the_format_from_the_file_name_and_refuses_a_clash():
    from cjm_assistant.tui.router import _export

    assert _export("/export out.xlsx", "out.xlsx").args == ["xlsx", "out.xlsx"]
    refused = _export("/export md out.xlsx", "md out.xlsx")
    assert refused.kind == "error" and "/export xlsx" in refused.args[0], refused
    assert _export("/export brief b.md", "brief b.md").args == ["brief", "b.md"]
    assert _export("/export notes.txt", "notes.txt").args == ["", "notes.txt"]  # Markdown, as before
