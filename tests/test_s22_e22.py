"""Session 22, e22: evidence calibrated on the dev set. A wish that says what is missing is no praise at a high
rating ("would be nice if ..., hard to compare it" at 4 stars), "could do with" is a wish, and placement's threshold
(placement.json) is the one chosen by leave-one-file-out on tests/dev/evidence."""

from __future__ import annotations

import json
from pathlib import Path

from cjm_assistant.cli import main
from cjm_assistant.evidence.match import place_threshold

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


# -- sentiment: a wish is no praise, whatever the stars ---------------------------------------------------------

def test_a_wish_that_says_what_it_costs_is_no_praise_at_four_stars(capsys, tmp_path):
    rows = _report(capsys, tmp_path, "electrician",
                   "name,stars,review\n"
                   "A,4,\"would be nice if the invoice showed parts and labour apart, hard to claim it back "
                   "otherwise\"\n"
                   "B,4,\"Tidy job on the rewire. Would be nice if the certificate came by email, hard to keep "
                   "track of paper ones\"\n"
                   "C,4,\"Would be good if you offered evening slots\"\n"
                   "D,4,\"Brilliant, would use again\"\n")
    # the wish is a complaint, never praise (the row's verdict may weigh the stars beside it: not praise alone)
    assert [p["sentiment"] for p in rows[0]["parts"]] == ["negative"], rows[0]
    assert rows[0]["sentiment"] in ("negative", "mixed"), rows[0]
    assert rows[1]["sentiment"] == "mixed", rows[1]
    wish = [p for p in rows[1]["parts"] if "would be nice" in p["text"].lower()]
    assert wish and all(p["sentiment"] == "negative" for p in wish), rows[1]
    # a plain suggestion says nothing went wrong; praise with the stars stays praise
    assert rows[2]["sentiment"] == "neutral", rows[2]
    assert rows[3]["sentiment"] == "positive", rows[3]


def test_could_do_with_is_a_wish_not_praise_beside_the_stars(capsys, tmp_path):
    rows = _report(capsys, tmp_path, "electrician",
                   "name,stars,review\n"
                   "A,4,\"Really friendly electrician. The phone line could do with being answered quicker, nearly "
                   "rang someone else\"\n")
    assert rows[0]["sentiment"] == "mixed", rows[0]
    assert rows[0]["parts"][-1]["sentiment"] == "negative", rows[0]


# -- placement: the shipped model places a part that neither praises nor complains from the general threshold --------
# e22 raised it to 0.5 for such parts (dev, leave-one-file-out: +0.6 points on stage); on the comments never used
# for tuning (tests/test_evidence.py) it placed 50% of rows instead of 59%, with fewer on the right stage, so the
# shipped model keeps one threshold; the mechanism (placement.json "thresholds") stays for a refit.

def test_why_says_the_threshold_of_a_part_that_neither_praises_nor_complains(capsys, tmp_path):
    db = tmp_path / "e.db"
    code, out, err = run(capsys, "--db", str(db), "import", str(DEV / "salon.map.json"))
    map_id = out.strip().splitlines()[-1].strip()
    path = tmp_path / "f.csv"
    path.write_text("comment\n\"Waited forty minutes past my appointment time, nobody said sorry\"\n", encoding="utf-8")
    code, out, err = run(capsys, "--db", str(db), "--engine", "playbook", "evidence", map_id, str(path), "--yes")
    assert code == 0, err

    code, out, err = run(capsys, "--db", str(db), "evidence", map_id, "--list", "--why")

    first = out.splitlines()[0]
    assert f"confidence is {place_threshold():g} or more" in first, out
    neutral = f"({place_threshold(feeling='neutral'):g} for a part that neither praises nor complains)"
    assert (neutral in first) == (place_threshold(feeling="neutral") != place_threshold()), out
    line = next(x for x in out.splitlines() if "f.csv:" in x)
    assert f"(threshold {place_threshold():g})" in line, out  # a complaint: the general threshold
