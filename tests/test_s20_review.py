"""Session 20's review: answers-file inputs an outside attacker (a20) found mishandled by the session's TOML-list
and question-back changes. Each asserts what a user sees: a clear sentence naming the field, no crash, no map
added; or the file read as text."""

from __future__ import annotations

from tests.test_cli import cjm, current  # noqa: F401  (cjm is a fixture)

_BASE = '''business = "Sweet Crumbs, a two-person bakery in Leeds selling custom cakes online"
journey = "first online order of a custom cake"
kind = "current"
offering = "custom celebration cakes, delivered locally"
customers = "B2C, parents and office managers planning a party"
'''


def _run(cjm, tmp_path, text):  # noqa: F811
    path = tmp_path / "answers.toml"
    path.write_text(text, encoding="utf-8")
    return cjm("new", "--answers", str(path))


def _one_map_first(cjm, tmp_path):  # noqa: F811
    """A database that already holds one map, so that "no map added" is checked against something."""
    assert _run(cjm, tmp_path, _BASE).code == 0
    return cjm("list").out


def test_a_persona_quote_written_as_a_list_is_read_as_text(cjm, tmp_path):  # noqa: F811
    """A2: `quote = [..]` in a persona crashed with "unexpected error (TypeError ...)"."""
    result = _run(cjm, tmp_path, _BASE + '[[personas]]\nname = "Priya"\nquote = ["Too slow.", "No prices."]\n')
    assert result.code == 0, result.err
    quote = current(cjm, result.last_line).personas[0].quote
    assert "Too slow" in quote and "No prices" in quote and "['" not in quote


def test_a_persona_description_written_as_a_list_is_read_as_text(cjm, tmp_path):  # noqa: F811
    """A1: the description list became the persona's name and summary in Python's list text ("['busy parent'")."""
    result = _run(cjm, tmp_path, _BASE + '[[personas]]\nname = "Priya"\n'
                  'description = ["busy parent", "orders twice a year"]\n')
    assert result.code == 0, result.err
    persona = current(cjm, result.last_line).personas[0]
    assert persona.name.startswith("Priya") and "['" not in persona.name + persona.summary, persona


def test_two_names_for_one_persona_are_refused_in_words(cjm, tmp_path):  # noqa: F811
    """A1: `name = ["Priya", "Tom"]` made a persona named "['Priya"."""
    before = _one_map_first(cjm, tmp_path)
    result = _run(cjm, tmp_path, _BASE + '[[personas]]\nname = ["Priya", "Tom"]\n')
    assert result.code == 1 and "`name` of persona 1" in result.err and "[[personas]]" in result.err, result.err
    assert cjm("list").out == before


def test_a_question_back_as_the_business_is_refused_once_in_words(cjm, tmp_path):  # noqa: F811
    """A5: `business = "huh?"` printed "asks a question instead of answering it" 200 times, then mapped
    "Your business"."""
    before = _one_map_first(cjm, tmp_path)
    for said in ("huh?", "what do you mean?"):
        result = _run(cjm, tmp_path, _BASE.replace("Sweet Crumbs, a two-person bakery in Leeds selling custom "
                                                   "cakes online", said))
        assert result.code == 1, result.out
        assert result.err.count("asks a question instead of answering it") == 1 and "`business`" in result.err
        assert said in result.err
    assert cjm("list").out == before
