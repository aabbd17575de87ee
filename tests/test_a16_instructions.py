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
def scrap(tmp_path, capsys) -> str:
    """The bakery map titled "Scrap Yard Bakes" (the older), and another map made after it (the most recent)."""
    map_id = _import(tmp_path, capsys, "Scrap Yard Bakes")
    _import(tmp_path, capsys, "Sweet Crumbs orders")
    return map_id


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
