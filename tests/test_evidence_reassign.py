"""Rows moved in the review table count where the user put them: a row moved off a pain point's stage no
longer counts as its mention, its support or its quote, so no † rests on a row that no longer cites it."""

from __future__ import annotations

from pathlib import Path

import pytest

from cjm_assistant.engines.playbook import PlaybookEngine
from cjm_assistant.export.jsonio import from_json
from cjm_assistant.session import Session
from cjm_assistant.store import Store

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "sweet-crumbs.json"
FEEDBACK = ROOT / "examples" / "sweet-crumbs-feedback.csv"


@pytest.fixture
def session(tmp_db) -> Session:
    s = Session(Store.open(tmp_db), PlaybookEngine())
    s.import_map(from_json(EXAMPLE.read_text(encoding="utf-8")), "sweet-crumbs.json")
    return s


def _citing(proposal, pain_point: str) -> list[dict]:
    return [r for r in proposal.evidence.rows if r["pain_point_id"] == pain_point]


def _update(proposal, pain_point: str):
    return next((op for op in proposal.ops if op.op == "update_pain_point" and op.pain_point == pain_point), None)


def _other_stage(session, stage_id: str) -> str:
    return next(s.id for s in session.journey.stages if s.id != stage_id)


def test_rows_moved_off_a_pain_point_no_longer_count_for_it_nor_make_it_evidence(session):
    proposal = session.import_evidence(FEEDBACK)
    op = next(op for op in proposal.ops if op.op == "update_pain_point" and op.provenance == "evidence"
              and session.journey.find(op.pain_point)[1].provenance == "inferred")
    target = op.pain_point
    rows = _citing(proposal, target)
    before_mentions = op.mentions
    elsewhere = _other_stage(session, rows[0]["stage_id"])

    proposal.reassign({(r["row"], r["part"]): elsewhere for r in rows})

    assert _citing(proposal, target) == []
    after = _update(proposal, target)
    assert after is None  # no row backs it any more: no mention, no quote, no † from this file
    pp = {pp.id: pp for _, pp in proposal.journey.pain_points()}[target]
    assert pp.provenance == "inferred" and pp.mentions == before_mentions - len(rows)
    assert not any(f"row {r['row']})" in q for r in rows for q in pp.evidence)
    assert proposal.parts == [label for label in proposal.evidence.op_labels]  # the review lists what is left
    assert not any(label.startswith(f"{target} ") for label in proposal.parts)


def test_moving_one_of_several_rows_takes_off_one_mention_and_keeps_the_rest(session):
    proposal = session.import_evidence(FEEDBACK)
    op = max((op for op in proposal.ops if op.op == "update_pain_point"), key=lambda o: len(_citing(proposal, o.pain_point)))
    rows = _citing(proposal, op.pain_point)
    assert len(rows) >= 3
    moved = rows[0]
    proposal.reassign({(moved["row"], moved["part"]): _other_stage(session, moved["stage_id"])})
    after = _update(proposal, op.pain_point)
    assert after is not None and after.mentions == op.mentions - 1
    assert not any(f"row {moved['row']})" in q for q in (after.evidence or []))


def test_accepting_after_a_move_stores_the_row_where_the_user_put_it_and_the_map_agrees(session):
    proposal = session.import_evidence(FEEDBACK)
    op = next(op for op in proposal.ops if op.op == "update_pain_point")
    rows = _citing(proposal, op.pain_point)
    elsewhere = _other_stage(session, rows[0]["stage_id"])
    proposal.reassign({(r["row"], r["part"]): elsewhere for r in rows})
    session.accept(proposal)
    stored = session.store.evidence(session.map_id)
    moved = {(r["row"], r["part"]) for r in rows}
    for r in stored:
        if (r["row"], r["part"]) in moved:
            assert r["stage_id"] == elsewhere and r["pain_point_id"] is None
    pp = session.journey.find(op.pain_point)[1]
    cited = [r for r in stored if r["pain_point_id"] == op.pain_point]
    assert pp.mentions - from_json(EXAMPLE.read_text(encoding="utf-8")).find(op.pain_point)[1].mentions == len(cited)


def test_an_unplaced_row_assigned_in_the_review_is_no_longer_listed_as_unplaced(session):
    proposal = session.import_evidence(FEEDBACK)
    unplaced = [r for r in proposal.evidence.rows if not r["placed"] and r["part"] == 1]
    assert unplaced
    before = proposal.evidence.counts["unplaced"]
    stage = session.journey.stages[0].id
    proposal.reassign({(unplaced[0]["row"], 1): stage})
    assert proposal.evidence.counts["unplaced"] == before - 1
    assert (unplaced[0]["row"], unplaced[0]["text"]) not in proposal.evidence.unplaced


def test_moving_a_row_twice_takes_off_its_mention_once(session):
    proposal = session.import_evidence(FEEDBACK)
    op = max((op for op in proposal.ops if op.op == "update_pain_point"), key=lambda o: len(_citing(proposal, o.pain_point)))
    moved = _citing(proposal, op.pain_point)[0]
    key = (moved["row"], moved["part"])
    stages = [s.id for s in session.journey.stages if s.id != moved["stage_id"]]
    proposal.reassign({key: stages[0]})
    proposal.reassign({key: stages[1]})
    assert _update(proposal, op.pain_point).mentions == op.mentions - 1
