"""Session 23, found walking the TUI as a locksmith's owner (tests/test_s23_me23.py)."""

from __future__ import annotations

import pytest

from cjm_assistant.knowledge import grammar as g
from cjm_assistant.knowledge.rephrase import rephrase


@pytest.mark.parametrize(("clause", "expected"), [
    ("the quote on the phone is a fixed price", "the quote on the phone is a fixed price"),  # was "a fixes price"
    ("the booked slot was cancelled", "the booked slot is cancelled"),
    ("his insurance covered", "his insurance covers"),
    ("the kit was delivered", "the kit is delivered"),
])
def test_present_keeps_adjectives_and_present_verbs(clause, expected):
    assert g.present(clause) == expected


def test_a_mistaken_belief_is_answered_without_what_people_do_about_it():
    """"people think the quote on the phone is a fixed price and argue when ..." gave the fix "Make it clear to people
    whether the quote on the phone is a fixes price and argue"."""
    fix = rephrase("people think the quote on the phone is a fixed price and argue when the lock needs drilling")
    assert fix is not None
    assert "fixed price" in fix.name and "fixes" not in fix.name
    assert "argue" not in fix.name
