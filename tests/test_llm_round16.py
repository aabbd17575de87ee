"""Round 16 of the language-model engine, as a user meets it through `cjm` against the scripted local server
(real HTTP, real streaming, nothing reaches the network): the map's title names the stages the map shows,
a quoted part of a review is the customer's own words, --deadline bounds the whole command, and a server that
does not stop at max_tokens is not read without end."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from tests.conftest import answers_toml
from tests.support.llm import Reply

from cjm_assistant.cli import main

ROOT = Path(__file__).resolve().parent.parent
SALON = ROOT / "tests" / "dev" / "evidence" / "salon.map.json"

pytestmark = [pytest.mark.usefixtures("fake_key", "warm_litellm"),
              pytest.mark.filterwarnings("ignore::DeprecationWarning")]

GROOMER = {
    "business": "Fluff & Buff, a dog grooming van in Leeds",
    "offering": "full grooms from £45, nail trims £10",
    "customers": "dog owners who work from home",
    "journey": "they see us on Facebook, message us to book, we park outside and groom the dog in the van, "
               "they pay by card and rebook",
    "kind": "current",
    "channels": "Facebook, WhatsApp, phone",
    "problems": "people forget the appointment; the van cannot park on narrow streets",
}
MODEL_STAGES = ["Hears about the van", "Books a groom", "Groom day", "Pays and rebooks"]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def with_model(server, db: Path, *argv: str) -> list[str]:
    return ["--db", str(db), "--model", "openai/any", "--api-base", server.base_url, *argv]


def stage_reply(**extra) -> dict:
    return {"goal": "a groomed dog without fuss", "actions": ["messages the van"],
            "touchpoints": [{"name": "WhatsApp chat", "channel": "WhatsApp"}], "thoughts": ["Will he behave?"],
            "pain_points": [{"name": "no slot this week", "severity": 2}], **extra}


def drafting_model(names: list[str]):
    """A small model drafting in steps: these stage names, then each stage."""

    def reply(body: dict) -> Reply:
        prompt = "\n".join(str(m.get("content", "")) for m in body.get("messages", []))
        if "Name the stages" in prompt:
            return Reply.json({"stages": names})
        return Reply.json(stage_reply())

    return reply


def export(capsys, db: Path, map_id: str) -> dict:
    code, out, err = run(capsys, "--db", str(db), "export", map_id, "-f", "json")
    assert code == 0, err
    return json.loads(out)


def new_map(capsys, server, tmp_path: Path, answers: dict, *flags: str) -> tuple[int, str, str]:
    path = tmp_path / "answers.toml"
    path.write_text(answers_toml(dict(answers)), encoding="utf-8")
    return run(capsys, *with_model(server, tmp_path / "cjm.db", *flags, "new", "--answers", str(path)))


# -- 1. the title names what the map shows ------------------------------------------------------------------


def test_a_drafts_title_names_the_models_first_and_last_stage_not_the_owners_steps(capsys, server, tmp_path):
    server.responder = drafting_model(MODEL_STAGES)
    code, out, err = new_map(capsys, server, tmp_path, GROOMER)
    assert code == 0, err
    m = export(capsys, tmp_path / "cjm.db", out.strip().splitlines()[-1])
    assert [s["name"] for s in m["stages"]] == MODEL_STAGES
    assert m["title"] == "Fluff & Buff: from Hears about the van to Pays and rebooks"
    assert "see us on Facebook" not in m["title"]
    assert "Drafted “Fluff & Buff: from Hears about the van to Pays and rebooks”" in out


def test_a_draft_on_the_owners_confirmed_stages_keeps_them_in_its_title(capsys, server, tmp_path):
    server.responder = drafting_model(MODEL_STAGES)  # never asked for names: the owner gave them
    owned = ["Finds the van", "Books a groom", "Groom in the van", "Pays and rebooks"]
    code, out, err = new_map(capsys, server, tmp_path, dict(GROOMER, stages=owned))
    assert code == 0, err
    m = export(capsys, tmp_path / "cjm.db", out.strip().splitlines()[-1])
    assert [s["name"] for s in m["stages"]] == owned
    assert m["title"] == "Fluff & Buff: from Finds the van to Pays and rebooks"


# -- 2. a part of a review is the customer's own words ---------------------------------------------------------


@pytest.fixture
def salon(tmp_path, capsys):
    db = tmp_path / "e.db"
    code, out, err = run(capsys, "--db", str(db), "import", str(SALON))
    assert code == 0, err
    return db, out.strip().splitlines()[-1].strip()


def _part(text: str, sentiment: str, pain_point: str | None = None, stage: str = "st3") -> dict:
    return {"text": text, "sentiment": sentiment, "stage": stage, "pain_point": pain_point, "confidence": 0.9}


def report(capsys, server, salon, tmp_path, rows: list[str], parts: list[list[dict]]) -> list[dict]:
    db, map_id = salon
    path = tmp_path / "f.csv"
    path.write_text("comment\n" + "".join(f"\"{r}\"\n" for r in rows), encoding="utf-8")
    server.responder = lambda body: Reply.json({"items": [{"i": i, "parts": p} for i, p in enumerate(parts)]})
    code, out, err = run(capsys, *with_model(server, db, "evidence", map_id, str(path), "--report", "json"))
    assert code == 0, err
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


REVIEW = "Lovely chairs but the card machine was broken and we had to go to a cash point"


def test_words_the_model_wrote_are_not_printed_as_the_customers(capsys, server, salon, tmp_path):
    invented = "The owner shouted at us and kept our money"
    rows = report(capsys, server, salon, tmp_path, [REVIEW], [[_part(invented, "negative", "pp7")]])
    part = rows[0]["parts"][0]
    assert part["text"] == REVIEW  # the customer's words: the whole row, as no part of it was quoted
    assert part["summary"] == invented  # the model's, said to be its own
    assert all(invented not in p["text"] for p in rows[0]["parts"])


def test_a_quoted_part_is_the_rows_own_span_as_written(capsys, server, salon, tmp_path):
    rows = report(capsys, server, salon, tmp_path, [REVIEW],
                  [[_part("lovely  chairs", "positive"), _part("“The card machine was broken.”", "negative")]])
    texts = [p["text"] for p in rows[0]["parts"]]
    assert texts == ["Lovely chairs", "the card machine was broken"]
    assert all("summary" not in p for p in rows[0]["parts"])


def test_a_paraphrased_part_quotes_the_clause_it_came_from(capsys, server, salon, tmp_path):
    rows = report(capsys, server, salon, tmp_path, [REVIEW],
                  [[_part("Lovely chairs", "positive"), _part("Card machine broken, had to find cash", "negative")]])
    complaint = rows[0]["parts"][1]
    assert complaint["text"] in REVIEW and "card machine was broken" in complaint["text"]
    assert "Lovely" not in complaint["text"]
    assert complaint["summary"] == "Card machine broken, had to find cash"


def test_the_map_never_quotes_the_models_words(capsys, server, salon, tmp_path):
    db, map_id = salon
    invented = "Staff laughed at my hair and refused a refund"
    rows = [REVIEW, "Lovely staff, but the wait was far too long and nobody said sorry"]
    path = tmp_path / "f.csv"
    path.write_text("comment\n" + "".join(f"\"{r}\"\n" for r in rows), encoding="utf-8")
    server.responder = lambda body: Reply.json({"items": [
        {"i": i, "parts": [_part("Lovely", "positive"), _part(invented, "negative", "pp7")]} for i in range(2)]})
    code, out, err = run(capsys, *with_model(server, db, "evidence", map_id, str(path), "--yes"))
    assert code == 0, err
    saved = json.dumps(export(capsys, db, map_id), ensure_ascii=False)
    assert invented not in saved
    code, out, err = run(capsys, "--db", str(db), "evidence", map_id, "--list")
    assert code == 0, err
    assert invented not in out
