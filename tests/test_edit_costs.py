"""What one edit costs, in counts (never in seconds: machines are noisy).

An instruction is checked by the engine, previewed by the session and saved
by the store; the map is edited once for all three, with no deep copy, and
a store that loads it back builds it without validating it again.
"""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from cjm_assistant.domain import draft as draft_module
from cjm_assistant.domain import edits
from cjm_assistant.domain.edits import parse_ops
from cjm_assistant.engines.playbook import PlaybookEngine
from cjm_assistant.session import Session
from cjm_assistant.store import Store


@pytest.fixture
def session(tmp_db, bakery_map):
    with Store.open(tmp_db) as store:
        opened = Session(store, PlaybookEngine())
        opened.import_map(bakery_map, "a test")
        yield opened


@pytest.fixture
def counts(monkeypatch):
    """How many drafts (one per ``apply`` that does the work; not the store's replays on maps it owns) and deep
    copies are made."""
    made = {"drafts": 0, "deep copies": 0}
    real_init, real_deepcopy = draft_module.Draft.__init__, BaseModel.__deepcopy__

    def draft(self, journey, owned=False):
        made["drafts"] += not owned
        real_init(self, journey, owned)

    def deepcopy(self, memo=None):
        made["deep copies"] += 1
        return real_deepcopy(self, memo)

    monkeypatch.setattr(draft_module.Draft, "__init__", draft)
    monkeypatch.setattr(BaseModel, "__deepcopy__", deepcopy)
    edits._RECENT.clear()
    return made


def test_an_instruction_accepted_whole_is_applied_once(session, counts):
    proposal = session.instruct("rename stage Checkout to Paying")
    session.accept(proposal)

    assert counts == {"drafts": 1, "deep copies": 0}
    assert session.journey.stages[2].name == "Paying" and session.head == 2


def test_an_instruction_accepted_in_part_is_applied_again_to_the_part(session, counts):
    proposal = session.instruct("rename stage Checkout to Paying\nadd stage Pickup")
    assert counts["drafts"] == 2  # the engine checks each part of the instruction; the session reuses them
    session.accept(proposal, only=[1])

    assert counts["drafts"] == 3 and counts["deep copies"] == 0  # then the part chosen, on its own
    assert [s.name for s in session.journey.stages][2:] == ["Checkout", "Delivery", "After", "Pickup"]


def test_a_direct_edit_is_applied_once(session, counts):
    session.edit(parse_ops([{"op": "set_emotion", "stage": "Checkout", "score": -2}]), "calmer")

    assert counts == {"drafts": 1, "deep copies": 0}


def test_a_preview_is_not_used_when_the_map_moved_on(session, tmp_db, counts):
    proposal = session.instruct("set emotion of Checkout to -2")
    with Store.open(tmp_db) as other:  # another process saves first
        other.save_version(session.map_id, [{"op": "add_stage", "name": "Refund"}], base=session.head)
    session.accept(proposal)

    assert counts["drafts"] == 3  # the preview, the other save, and the ops again on the new head
    assert [s.name for s in session.journey.stages][-1] == "Refund"
    assert session.journey.stages[2].emotion == -2
