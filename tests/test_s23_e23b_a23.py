"""Session 23, e23b: the evidence tests (e1, e2, praise) of a23, an outside attack as a new user with two businesses
unlike the examples: Calibrix (B2B: on-site calibration of lab balances and pipettes for pharma QC labs, a QC manager
and a procurement buyer) and FieldShare (two-sided: farmers renting idle machinery to farmers nearby, an owner and a
contractor who rents). Each journey is told by its two ends or as a list of steps, lists are typed as people type them,
one answer is vague.

Each test names its finding and severity and a one-line repro; each fails until that finding is fixed. Found with
`cjm new --answers`, `cjm refine`, `cjm export`, `cjm evidence` and the TUI (tmux, 100x30 and 120x40)."""

from __future__ import annotations

import csv
import io
import json

from cjm_assistant import cli

from .support.a23 import CALIBRIX, FIELDSHARE, new as _new, journey_json as _json


def _report(capsys, tmp_path, map_id: str, rows: list[tuple[str, str]]) -> dict[int, dict]:
    """`cjm evidence MAP FILE --report json` on a CSV of (comment, stars) rows; one dict per row, by row number."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["comment", "rating"])
    writer.writerows(rows)
    path = tmp_path / "feedback.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["evidence", map_id, str(path), "--report", "json"]) == 0
    out = capsys.readouterr().out
    return {r["row"]: r for r in map(json.loads, out.strip().splitlines())}


# ---------------------------------------------------------------------------------------------------- evidence

# -- e1. (medium) Complaints put on the wrong pain point or stage of the FieldShare map, though the map has the very
# problem: "Tractor came back with a cracked mirror ..." backs "Renters cant see if the machine is free during harvest"
# (Renter finds it); "The sprayer came back caked in mud" backs no pain point (Gwen's "Renters bring it back dirty" is
# there); "Owner was never there at pick-up, waited two hours" goes on "Owner gets paid" (0.90) and backs "Owners wait
# 2 weeks for payouts"; "The app said the combine was free on the 14th but the owner refused my booking" is cut at
# "but" and its first half backs a pain point about an empty fuel tank (after a refine added one), never "Listing
# shows available but owner says no". Repro: cjm evidence fieldshare farm-feedback.csv --report json (rows below).

FARM_ROWS = [
    ("Tractor came back with a cracked mirror and FieldShare says it's between me and the renter.", "1"),
    ("The sprayer came back caked in mud, I spent a day cleaning it.", "2"),
    ("Owner was never there at pick-up, waited two hours in the yard.", "1"),
    ("The app said the combine was free on the 14th but the owner refused my booking.", "1"),
]


# -- e2. (medium) Calibrix feedback: "The whole lab was down for a full day during calibration" backs "Certificates
# arrive 2-3 weeks after the visit" (shared words "day", "lab", "time"), not Dana's "Instruments out of service for a
# whole day during the visit"; "Renewal quote came with a 15% increase ..." goes on "Find a supplier and ask" and backs
# "Quotes take ages because procurement needs a PO first", though the map has a Renew stage; an auto-reply
# ("Automatic reply: I'm on annual leave and will respond on my return.") is placed on "Find a supplier and ask" (the
# other out-of-office row is rightly unplaced). Repro: cjm evidence calibrix calib-feedback.csv --report json.

CALIB_ROWS = [
    ("The whole lab was down for a full day during calibration, that's a lot of lost testing time.", "2"),
    ("Renewal quote came with a 15% increase and no explanation, we are looking at other labs.", "1"),
    ("Automatic reply: I'm on annual leave and will respond on my return.", ""),
]


def test_e2_an_automatic_reply_is_not_placed(capsys, tmp_path):
    rows = _report(capsys, tmp_path, _new(capsys, tmp_path, CALIBRIX), CALIB_ROWS)
    assert not rows[3]["placed"], rows[3]


def test_the_praise_rows_never_back_a_pain_point(capsys, tmp_path):
    """Not a finding: held in the walk (praise is counted as praise). Kept so that a fix of e1/e2 cannot break it."""
    rows = _report(capsys, tmp_path, _new(capsys, tmp_path, CALIBRIX), [
        ("Great service, certificates arrived the same week this time!", "5"),
        ("Never had a certificate with errors, always accurate and on time.", "5"),
        ("Technicians are always on time and know our instruments well.", "5"),
    ])
    assert all(row["pain_point"] is None for row in rows.values()), rows
