"""Issue 12 round 8: how the LLM evidence path weighs its reading of a row, run through `cjm evidence` on the
scripted server. The model's own reading of each part is the row's verdict, combined with the rating by the
offline rules (the bottom of the scale is never only praise, the top never only a complaint); the offline
verdict model (fitted on the offline reading's signals) does not overrule it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.support.llm import Reply

from cjm_assistant.cli import main

ROOT = Path(__file__).resolve().parent.parent
SALON = ROOT / "tests" / "dev" / "evidence" / "salon.map.json"

pytestmark = [pytest.mark.usefixtures("fake_key"), pytest.mark.filterwarnings("ignore::DeprecationWarning")]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def salon_db(tmp_path, capsys):
    db = tmp_path / "e.db"
    code, out, err = run(capsys, "--db", str(db), "import", str(SALON))
    assert code == 0, err
    return db, out.strip().splitlines()[-1].strip()


def _report(capsys, server, salon_db, tmp_path, csv_text: str, parts: list[list[dict]]) -> list[dict]:
    """The JSON report of an import whose model reads item i as ``parts[i]``."""
    db, map_id = salon_db
    path = tmp_path / "f.csv"
    path.write_text(csv_text, encoding="utf-8")
    server.responder = lambda body: Reply.json({"items": [{"i": i, "parts": p} for i, p in enumerate(parts)]})
    code, out, err = run(capsys, "--db", str(db), "--model", "openai/any", "--api-base", server.base_url,
                         "evidence", map_id, str(path), "--report", "json")
    assert code == 0, err
    assert server.requests, "the model was not asked"
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def _part(text: str, sentiment: str, pain_point: str | None = None) -> dict:
    return {"text": text, "sentiment": sentiment, "stage": "st3", "pain_point": pain_point, "confidence": 0.9}


def test_a_row_given_bottom_marks_is_never_only_praise_whatever_the_model_reads(capsys, server, salon_db, tmp_path):
    # the model takes sarcasm at its word; the rating at the bottom of the scale says otherwise
    csv_text = ("comment,How likely are you to recommend us (0-10)\n"
                "\"What a fantastic experience standing in the rain for an hour\",1\nLovely,10\n")
    rows = _report(capsys, server, salon_db, tmp_path, csv_text,
                   [[_part("What a fantastic experience standing in the rain for an hour", "positive")],
                    [_part("Lovely", "positive")]])
    assert rows[0]["score_used"] and rows[0]["sentiment"] != "positive", rows[0]
    assert rows[1]["sentiment"] == "positive"


def test_a_row_given_top_marks_is_never_only_a_complaint(capsys, server, salon_db, tmp_path):
    csv_text = "comment,How likely are you to recommend us (0-10)\n\"Waiting was hell, they made it bearable\",10\n"
    rows = _report(capsys, server, salon_db, tmp_path, csv_text,
                   [[_part("Waiting was hell, they made it bearable", "negative", "pp7")]])
    assert rows[0]["sentiment"] != "negative" and rows[0]["pain_point"] is None, rows[0]


def test_the_models_reading_is_the_verdict_not_the_offline_models(capsys, server, salon_db, tmp_path):
    # offline, a polite fault report reads as a report (neutral); the language model's reading stands
    text = "The card machine isn't working. Not urgent. Cheers"
    rows = _report(capsys, server, salon_db, tmp_path, f"comment\n\"{text}\"\n", [[_part(text, "negative")]])
    assert rows[0]["sentiment"] == "negative"
    rows = _report(capsys, server, salon_db, tmp_path, f"comment\n\"{text}\"\n", [[_part(text, "neutral")]])
    assert rows[0]["sentiment"] == "neutral"


def test_the_prompt_gives_the_labels_convention_for_fault_reports_and_requests(capsys, server, salon_db, tmp_path):
    _report(capsys, server, salon_db, tmp_path, "comment\nLovely\n", [[_part("Lovely", "positive")]])
    prompt = "\n".join(str(m.get("content", "")) for m in server.requests[0]["messages"])
    assert "a first report of a fault in the customer's own" in prompt
    assert "a booking or paperwork request" in prompt


def test_a_bare_yes_or_a_sales_pitch_is_no_verdict_whatever_the_model_or_the_rating_says(capsys, server, salon_db,
                                                                                          tmp_path):
    # the offline rules that a row is no feedback hold on the model's path too; a real comment keeps its reading
    csv_text = ("comment,How likely are you to recommend us (0-10)\nY,9\n"
                "\"Get 50 new leads a week guaranteed. Reply YES for a free trial.\",9\nLovely colour,9\n")
    rows = _report(capsys, server, salon_db, tmp_path, csv_text,
                   [[_part("Y", "positive")],
                    [_part("Get 50 new leads a week guaranteed. Reply YES for a free trial.", "positive")],
                    [_part("Lovely colour", "positive")]])
    assert [r["sentiment"] for r in rows] == ["neutral", "neutral", "positive"], rows


def test_a_part_the_model_reads_as_neutral_takes_the_ratings_side_as_offline(capsys, server, salon_db, tmp_path):
    # the rating column is found and used on the model's path as offline: a part whose words the model finds no
    # verdict in takes the rating's side; one it reads against a middle rating keeps its own reading
    csv_text = "comment,Stars (1-5)\nBooked in for Tuesday,1\nBooked in for Tuesday,5\nStylist was rude,3\n"
    rows = _report(capsys, server, salon_db, tmp_path, csv_text,
                   [[_part("Booked in for Tuesday", "neutral")], [_part("Booked in for Tuesday", "neutral")],
                    [_part("Stylist was rude", "negative", "pp7")]])
    assert all(r["score_used"] for r in rows), rows
    assert [r["sentiment"] for r in rows] == ["negative", "positive", "negative"], rows
    assert rows[1]["pain_point"] is None  # praise from the rating alone is never evidence of a pain point
    prompt = server.requests[-1]["messages"][-1]["content"]
    assert '"score": 1.0' in prompt and '"score": 5.0' in prompt  # the model is shown the rating too
