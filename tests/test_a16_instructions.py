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
