"""Next month's review export holds last month's reviews too: an item already imported from another file (the same
words, rating and date) is left out and said so, so that no review counts twice for a pain point (attack 14: one
review moved a pain point from 1 to 3 mentions and met the two-row rule for a †). Short undated items ("Great
service", 5 stars) may be two customers and still count; --force counts everything again."""

from __future__ import annotations

from cjm_assistant.engines.playbook import PlaybookEngine
from cjm_assistant.session import Session
from cjm_assistant.store import Store
from tests.support.tui import saved_map

LATE = "The cake arrived two hours late for the party"
JUNE = f"stars,review\n1,{LATE}\n5,Great service\n"
JULY = JUNE + "2,The delivery driver could not find the house and was late\n"


def _import(tmp_path, name: str, text: str, force: bool = False):
    db = tmp_path / "cjm.db"
    if not db.exists():
        saved_map(db)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with Store.open(db) as store:
        session = Session(store, PlaybookEngine())
        session.open_map(store.list_maps()[0].id)
        proposal = session.import_evidence(path, force=force)
        session.accept(proposal)
        rows = store.evidence(session.map_id)
        return proposal, rows


def test_a_review_in_two_monthly_exports_counts_once(tmp_path):
    _import(tmp_path, "june.csv", JUNE)
    proposal, rows = _import(tmp_path, "july.csv", JULY)
    assert sum(1 for r in rows if r["text"] == LATE and r["part"] == 1) == 1
    assert any("already imported from another file" in n for n in proposal.notes), proposal.notes
    assert proposal.evidence.overlaps == 1  # "Great service" is short and undated: two customers may say it
    assert sum(1 for r in rows if r["text"] == "Great service" and r["part"] == 1) == 2


def test_force_counts_an_overlapping_file_again(tmp_path):
    _import(tmp_path, "june.csv", JUNE)
    _, rows = _import(tmp_path, "july.csv", JULY, force=True)
    assert sum(1 for r in rows if r["text"] == LATE and r["part"] == 1) == 2


def test_a_dated_short_review_is_the_same_review_in_another_export(tmp_path):
    dated = "date,stars,review\n2026-06-03,5,Great service\n"
    _import(tmp_path, "june.csv", dated)
    proposal, rows = _import(tmp_path, "july.csv", dated + "2026-07-01,1,Late again\n")
    assert proposal.evidence.overlaps == 1
    assert sum(1 for r in rows if r["text"] == "Great service" and r["part"] == 1) == 1
