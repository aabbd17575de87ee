"""Session 21, brief a21: an outside attack (CLI and interview only) on this session's changes: 'I don't know' in the
interview and answers files, the limits of an answers file, and the offline stages of kept services and of journeys
told by their steps. Each test names its finding (B1...) and fails until that finding is fixed. (B5 and B6, the
stages of journeys, are kept by the helper who works on maps.)"""

from __future__ import annotations

import contextlib
import io

import pytest

from tests.test_cli import cjm, current  # noqa: F401  (cjm is a fixture)

_BAKERY = '''journey = "first online order of a custom cake"
offering = "custom celebration cakes, delivered locally"
customers = "B2C, parents and office managers planning a party"
'''


def _new(cjm, tmp_path, text):  # noqa: F811
    path = tmp_path / "answers.toml"
    path.write_text(text, encoding="utf-8")
    result = cjm("new", "--answers", str(path))
    assert result.code == 0, result.err
    return current(cjm, result.last_line)


# -- B1 (high): a business whose real name starts with the "don't know" words loses its name ------------------------
# `business = "No Idea Studios, a design agency in Bristol"` (or "Dunno Bakery, ...") is read, but the map is called
# "Your business: ..." as if the business had not been said; the same in the interview.

@pytest.mark.parametrize(("said", "name"), [("No Idea Studios, a design agency in Bristol", "No Idea Studios"),
                                            ("Dunno Bakery, a two-person bakery in Leeds selling custom cakes online",
                                             "Dunno Bakery")], ids=["no-idea-studios", "dunno-bakery"])
def test_b1_a_business_named_with_the_unsure_words_keeps_its_name_in_a_file(cjm, tmp_path, said, name):  # noqa: F811
    journey = _new(cjm, tmp_path, f'business = "{said}"\n' + _BAKERY)
    assert journey.business.name == name, journey.business.name
    assert not journey.title.startswith("Your business"), journey.title


def test_b1_a_business_named_with_the_unsure_words_keeps_its_name_in_the_interview():
    from tests.test_interview import new_interview

    interview = new_interview()
    interview.answer("No Idea Studios, a design agency in Bristol")
    assert interview.answer("draft").ready
    journey = interview.engine.propose_map(interview.state.profile).journey
    assert journey.business.name == "No Idea Studios", journey.business.name


# -- B2 (low): a persona answer starting with "No idea" is not split into a name and a description ------------------
# "Nadia, a designer" gives Nadia / "A designer"; "No Idea Nadia, a designer" gives a persona called
# "No Idea Nadia, a designer" with no description.

def test_b2_a_persona_named_with_the_unsure_words_is_split_like_any_other():
    from tests.test_interview import new_interview, up_to_persona

    interview = new_interview()
    up_to_persona(interview)
    interview.answer("No Idea Nadia, a designer")
    persona = interview.state.profile.personas[0]
    assert (persona.name, persona.description) == ("No Idea Nadia", "A designer"), persona


# -- B3 (medium): the personas limit names a number the file does not give ----------------------------------------
# 30 `[[personas]]` are refused with "gives 21 personas, and a map holds at most 20": the file gives 30.

def test_b3_the_refusal_of_too_many_personas_says_how_many_the_file_gives(cjm, tmp_path):  # noqa: F811
    text = 'business = "Sweet Crumbs, a bakery"\n' + _BAKERY
    text += "".join(f'[[personas]]\nname = "P{i}"\n' for i in range(1, 31))
    path = tmp_path / "answers.toml"
    path.write_text(text, encoding="utf-8")
    result = cjm("new", "--answers", str(path))
    assert result.code != 0
    assert "gives 30 personas" in result.err, result.err


# -- B4 (high): channels under the limit in each field but over it together dump pydantic's errors ---------------
# 40 channels in `channels` and 40 others in a persona's `channels` (80 on the map, each list under 60):
# "cjm: 1 validation error for JourneyMap / channels / List should have at most 60 items ... [type=too_long ...]",
# and on a new database the file is left behind.

def test_b4_channels_over_the_limit_together_are_refused_in_one_sentence_with_no_database_file(tmp_path):
    from cjm_assistant import cli

    alpha = ", ".join(f'"Alpha {i}"' for i in range(40))
    beta = ", ".join(f'"Beta {i}"' for i in range(40))
    text = (f'business = "Sweet Crumbs, a bakery"\n{_BAKERY}channels = [{alpha}]\n'
            f'[[personas]]\nname = "Priya"\nchannels = [{beta}]\n')
    path = tmp_path / "mix.toml"
    path.write_text(text, encoding="utf-8")
    db = tmp_path / "new" / "NEW.db"
    db.parent.mkdir()
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = cli.main(["--db", str(db), "new", "--answers", str(path)])
    said = err.getvalue()
    assert "validation error" not in said and "type=too_long" not in said, said
    if code != 0:
        assert said.startswith("cjm: ") and "60" in said, said
        assert list(db.parent.iterdir()) == [], list(db.parent.iterdir())
