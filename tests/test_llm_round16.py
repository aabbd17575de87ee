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
    import sqlite3

    with sqlite3.connect(db) as conn:
        reasons = [r for (r,) in conn.execute("SELECT reason FROM evidence WHERE part_text != ''")]
    assert reasons and all("placed by the model's reading" in r for r in reasons), reasons
    assert not any("(the model" in r for r in reasons)  # the model's reading is no word the part shares with the map


# -- 3. --deadline bounds the whole command ---------------------------------------------------------------------


def test_deadline_is_the_whole_commands_time_not_each_stages(capsys, server, tmp_path):
    """A model that streams without end on the first stage: at --deadline 5 the draft stops there, the stages
    after it are never asked for (one deadline per stage would have asked for each, 5 s apiece), and the output
    says which stages are there without items."""
    head = json.dumps(stage_reply())[:-1] + ', "thoughts": ['
    first = MODEL_STAGES[0]

    def reply(body: dict) -> Reply:
        prompt = "\n".join(str(m.get("content", "")) for m in body.get("messages", []))
        if "Name the stages" in prompt:
            return Reply.json({"stages": MODEL_STAGES})
        if f'"{first}", for this customer' in prompt:
            return Reply.endless(' "and so it goes on", ', prefix=head, chunk_delay=0.2)
        return Reply.json(stage_reply())

    server.responder = reply
    code, out, err = new_map(capsys, server, tmp_path, GROOMER, "--deadline", "5")
    assert code == 0, err
    asked = [r for r in server.requests if "messages" in r]
    assert len(asked) == 2  # the stage names and the first stage: nothing after the time ran out
    assert "The model's time ran out (5 seconds, --deadline) after 1 of 4 stages: “Books a groom”, “Groom day”, " \
           "“Pays and rebooks” are there without items" in out
    m = export(capsys, tmp_path / "cjm.db", out.strip().splitlines()[-1])
    assert [s["name"] for s in m["stages"]] == MODEL_STAGES
    assert m["stages"][0]["touchpoints"]  # what the first stage had streamed before the time ran out is kept


def test_a_command_out_of_time_before_anything_usable_says_so_and_saves_nothing(capsys, server, tmp_path):
    server.responder = lambda body: Reply.endless(' "Books", ', prefix='{"stages": [', chunk_delay=0.1)
    code, out, err = new_map(capsys, server, tmp_path, GROOMER, "--deadline", "2")
    assert code != 0
    assert "The model's time ran out (2 seconds for the whole command, --deadline), on the stage names, so cjm " \
           "stopped it. Raise --deadline" in err
    assert len([r for r in server.requests if "messages" in r]) == 1  # no retry once the time is out
    code, out, _ = run(capsys, "--db", str(tmp_path / "cjm.db"), "list")
    assert "Fluff" not in out


def test_the_help_says_what_deadline_bounds(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "most seconds the model may work for this whole command, all its steps, retries and waits included" \
           in help_text


def test_in_the_assistant_each_request_has_its_own_time(server):
    """The app keeps one engine for many requests: a request that ran out of time does not leave the next one
    without any."""
    from tests.support.bakery import BAKERY
    from tests.support.llm import make_engine

    from cjm_assistant.domain.model import JourneyMap
    from cjm_assistant.engines.base import EngineError

    engine = make_engine(server, deadline=3)
    journey = JourneyMap.model_validate(BAKERY)
    server.script(Reply.endless("and the customers said ", chunk_delay=0.1), Reply(content="Slow replies."))
    with pytest.raises(EngineError, match="The model's time ran out"):
        engine.answer(journey, "what hurts most?")
    assert engine.answer(journey, "and what hurts least?") == "Slow replies."


# -- 4. a server that does not stop at max_tokens ---------------------------------------------------------------


def test_an_answer_from_a_server_that_does_not_stop_is_cut_and_says_so(capsys, server, salon):
    db, map_id = salon
    server.honour_max_tokens = False  # it would write 200,000 characters
    server.script(Reply.endless("and then the customer waited again ", chunk_size=36))
    code, out, err = run(capsys, *with_model(server, db, "--max-tokens", "50", "ask", map_id, "what hurts most?"))
    assert code == 0, err
    assert out.rstrip().endswith("(The reply was cut: the model went on past the output limit cjm asked for, so "
                                 "cjm stopped reading it.)")
    assert len(out) < 50 * 8 + 300  # about twice the 50 tokens asked for, not the 200,000 characters sent


def test_a_change_from_a_server_that_does_not_stop_changes_nothing_and_says_why(capsys, server, salon):
    db, map_id = salon
    _, before, _ = run(capsys, "--db", str(db), "show", map_id)
    server.honour_max_tokens = False
    server.default = Reply.endless("la la la la ", prefix='{"ops": [{"op": "rename_stage", "name": "', chunk_size=13)
    code, out, err = run(capsys, *with_model(server, db, "--max-tokens", "40", "refine", map_id,
                                             "make the whole thing sound friendlier"))
    assert code != 0
    assert "The model's reply was cut: it went on past the output limit cjm asked for (its server did not stop " \
           "it there), so cjm stopped reading it before its JSON was complete. Nothing was changed" in err
    _, after, _ = run(capsys, "--db", str(db), "show", map_id)
    assert after == before
