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
