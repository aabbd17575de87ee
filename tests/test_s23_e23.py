"""Session 23, e23: unrated inbox messages read as a person labelling them would. A mail server's bounce and a bare
request to be taken off a list are no feedback (neutral, on no stage), while the same request beside a complaint
stays the complaint's; the customer's own apology ("sorry for slow reply!", "bit embarrassed to ask") and an
opening "yes" that consents are no verdict; "I was told that would be fine" reports a promise, not a faint
verdict, so a chaser built on it complains."""

from __future__ import annotations

import json
from pathlib import Path

from cjm_assistant.cli import main

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "tests" / "dev" / "evidence"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _report(capsys, tmp_path, case: str, csv_text: str) -> list[dict]:
    """`cjm evidence MAP FILE --report json` (the offline engine) on a dev case's map, one dict per row."""
    db = tmp_path / "r.db"
    code, out, err = run(capsys, "--db", str(db), "import", str(DEV / f"{case}.map.json"))
    assert code == 0, err
    map_id = out.strip().splitlines()[-1].strip()
    path = tmp_path / "rows.csv"
    path.write_text(csv_text, encoding="utf-8")
    code, out, err = run(capsys, "--db", str(db), "--engine", "playbook", "evidence", map_id, str(path), "--report",
                         "json")
    assert code == 0, err
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def test_a_bounce_and_a_bare_unsubscribe_are_no_feedback(capsys, tmp_path):
    rows = _report(capsys, tmp_path, "electrician",
                   "from,subject,message\n"
                   "postmaster@,Undelivered,\"Delivery has failed to these recipients or groups: office@sparks...\"\n"
                   "d.king@,Newsletter,\"Please remove me from your mailing list\"\n"
                   "r.ali@,Calls,\"Third call this week about a boiler plan. That's enough. Please take me off your "
                   "list.\"\n")
    for row in rows[:2]:
        assert row["sentiment"] == "neutral" and not row["placed"], row
    assert rows[2]["sentiment"] == "negative", rows[2]  # beside a complaint, the request is the complaint's


def test_the_customers_own_apology_and_consent_are_no_verdict(capsys, tmp_path):
    rows = _report(capsys, tmp_path, "print-shop",
                   "from,message\n"
                   "a@,\"sorry for late reply! yes please go ahead with the matt finish. I'll send the file monday. "
                   "Priya\"\n"
                   "b@,\"Do you print on fabric? Bit embarrassed to ask\"\n")
    # no part praises or complains: the apology and the "yes" are no verdict (the row's verdict is the fitted model's,
    # which still leans to a complaint for a long unrated message, so only the parts are asserted for it)
    assert [p["sentiment"] for p in rows[0]["parts"]] == ["neutral"] * len(rows[0]["parts"]), rows[0]
    assert rows[1]["sentiment"] == "neutral", rows[1]


def test_a_chaser_that_reports_a_broken_promise_complains(capsys, tmp_path):
    rows = _report(capsys, tmp_path, "print-shop",
                   "from,message\n"
                   "c@,\"Hello, I ordered the banners on 2nd June for our open day on the 20th and I was told that "
                   "would be fine. Nobody has been in touch since. Are they ready? Thanks, Mo\"\n")
    assert rows[0]["sentiment"] == "negative", rows[0]
    assert not any(p["sentiment"] == "positive" for p in rows[0]["parts"]), rows[0]
