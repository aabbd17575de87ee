"""Round two, session 13: the command line as a user types it.

- ``-o -`` is the standard output (the Unix convention), not a file named "-".
- A long pain point stored with a cut name ("... pick a time slot…") is found by its whole name.
"""

from __future__ import annotations

import io
import json

import pytest

from cjm_assistant import cli

LONG = ("the booking system we use won't let them pick a time slot themselves so everything goes back and "
        "forth on messenger for days")


@pytest.fixture
def groomer(new_map):
    return new_map(business="Mobile dog groomer in Leeds, we come to your house in a van",
                   customers="dog owners, mostly busy families",
                   personas="Jo, a busy mum of two with a cockapoo",
                   journey="they find us on facebook, message us, we book a slot, groom in the van, they pay by card",
                   problems=f"{LONG}, and dogs get anxious in the van",
                   channels="facebook, messenger, phone")


def _pain_names(capsys) -> list[str]:
    capsys.readouterr()
    assert cli.main(["export", "-f", "json"]) == 0  # the most recent map
    journey = json.loads(capsys.readouterr().out)
    return [pp["name"] for stage in journey["stages"] for pp in stage["pain_points"]] + [
        pp["name"] for pp in journey.get("unplaced", [])]


def test_dash_output_prints_the_export_and_writes_no_file(groomer, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    assert cli.main(["export", "-f", "md", "-o", "-"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Mobile dog groomer")
    assert not (tmp_path / "-").exists()


def test_dash_output_with_open_is_refused_before_anything_is_written(groomer, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    assert cli.main(["export", "-f", "md", "-o", "-", "--open"]) == 1
    assert "--open needs a file" in capsys.readouterr().err
    assert not (tmp_path / "-").exists()


def test_binary_dash_output_goes_to_a_pipe_but_never_a_terminal(groomer, capsys, monkeypatch):
    class Pipe(io.TextIOWrapper):
        def isatty(self):
            return False

    raw = io.BytesIO()
    monkeypatch.setattr("sys.stdout", Pipe(raw, encoding="utf-8"))
    assert cli.main(["export", "-f", "xlsx", "-o", "-"]) == 0
    assert raw.getvalue().startswith(b"PK")  # an xlsx workbook is a zip file

    class Terminal(Pipe):
        def isatty(self):
            return True

    raw2 = io.BytesIO()
    monkeypatch.setattr("sys.stdout", Terminal(raw2, encoding="utf-8"))
    assert cli.main(["export", "-f", "xlsx", "-o", "-"]) == 1
    assert "binary" in capsys.readouterr().err
    assert raw2.getvalue() == b""


def test_a_long_pain_point_stored_cut_is_found_by_its_whole_name(groomer, capsys):
    names = _pain_names(capsys)
    cut = [n for n in names if n.endswith("…")]
    assert cut, names  # the premise: the owner's long problem is stored with a shortened name
    assert cli.main(["refine", f"remove the pain point {LONG}"]) == 0
    assert cut[0] not in _pain_names(capsys)


def test_a_diff_shows_a_long_name_whole_or_says_it_is_cut():
    from cjm_assistant.domain import edits
    from cjm_assistant.domain.diff import diff_maps, to_text
    from cjm_assistant.domain.model import JourneyMap
    from tests.support.bakery import BAKERY

    journey = JourneyMap.model_validate(BAKERY)
    pain = journey.stages[2].pain_points[0]
    long = "Customers who message the page on a Sunday evening wanting a groom that week wait…"
    named = edits.apply(journey, [edits.UpdatePainPoint(pain_point=pain.id, name=long)])
    renamed = edits.apply(named, [edits.UpdatePainPoint(pain_point=pain.id, name="Sunday messages wait")])
    assert f"name: “{long}” → “Sunday messages wait”" in to_text(diff_maps(named, renamed))
    longer = "x" * 150
    text = to_text(diff_maps(journey, edits.apply(journey, [edits.UpdatePainPoint(pain_point=pain.id, name=longer)])))
    assert f"“{'x' * 89}…”" in text
