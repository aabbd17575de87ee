"""Session 23, e23b: evidence fixes from the a23 attack (see tests/test_s23_e23b_a23.py for the attack's own tests)."""

from __future__ import annotations

from .test_s23_e23b_a23 import CALIBRIX, FIELDSHARE, _new, _report


def test_an_out_of_office_reply_from_someone_on_leave_is_not_feedback(capsys, tmp_path):
    """"I'm on annual leave and will respond on my return" is an automatic reply (no subject before "will"), and
    is on no stage; a complaint about the business's own automatic reply is still read and placed."""
    rows = _report(capsys, tmp_path, _new(capsys, tmp_path, CALIBRIX), [
        ("Automatic reply: I'm on annual leave and will respond on my return.", ""),
        ("Away on holiday and will get back to you when I'm back.", ""),
        ("Automatic reply was all we got, nobody answered our quote request for a week.", "1"),
    ])
    assert not rows[1]["placed"] and not rows[2]["placed"], (rows[1], rows[2])
    assert rows[3]["sentiment"] == "negative", rows[3]


def test_a_problem_told_across_a_turn_is_one_part(capsys, tmp_path):
    """"The app said the combine was free | but the owner refused my booking" tells "Listing shows available but
    owner says no" across its "but": one part, not a first half about the app and a second about the owner. Two
    complaints of their own either side of a "but" stay two parts."""
    rows = _report(capsys, tmp_path, _new(capsys, tmp_path, FIELDSHARE), [
        ("The app said the combine was free on the 14th but the owner refused my booking.", "1"),
        ("The payout took forever but worse, the renters brought it back dirty.", "1"),
    ])
    assert len(rows[1]["parts"]) == 1, rows[1]["parts"]
    assert len(rows[2]["parts"]) == 2, rows[2]["parts"]
