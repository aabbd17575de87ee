"""Session 21, e21: evidence on rows nobody tuned for (stage and sentiment), and two small ones: a stated pain
point "Hard to find a free slot" is no catalogue problem of being found online, and `evidence --list --why` shows
the threshold that placed each row (a model's rows are placed at the model's threshold, not the offline one)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.support.llm import Reply

from cjm_assistant.cli import main
from cjm_assistant.evidence.match import PLACE_AT, place_threshold
from cjm_assistant.evidence.phases import linked_entries
from cjm_assistant.evidence.placement import stated_pain_families
from cjm_assistant.session.maps import read_map_file

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "tests" / "dev" / "evidence"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- a free slot hard to find is no business hard to find online ----------------------------------------------

def _yoga_with(name: str, description: str = ""):
    journey = read_map_file(DEV / "yoga-studio.map.json")
    pp = next(pp for _, pp in journey.pain_points())
    pp.name, pp.description, pp.provenance = name, description, "user"
    return journey, pp.id


@pytest.mark.parametrize("name", ["Hard to find a free slot", "Hard to find a free slot for the evening class",
                                  "Difficult to find a parking space nearby"])
def test_a_thing_hard_to_find_is_not_the_catalogue_problem_of_being_found_online(name):
    journey, pp = _yoga_with(name, "Evening classes are always full")
    assert linked_entries(journey).get(pp) != "hard-to-find"
    assert "seo" not in stated_pain_families(journey).get(pp, ())  # no row about Google backs it


def test_a_free_slot_hard_to_find_is_the_catalogue_problem_of_no_free_slots():
    journey, pp = _yoga_with("Hard to find a free slot")
    assert linked_entries(journey).get(pp) == "no-availability"


@pytest.mark.parametrize("name", ["Hard to find online", "Hard to find us on Google", "We are hard to find online"])
def test_the_business_hard_to_find_online_still_is(name):
    journey, pp = _yoga_with(name)
    assert linked_entries(journey).get(pp) == "hard-to-find"


# -- --list --why: the threshold that placed each row ---------------------------------------------------------

@pytest.mark.usefixtures("fake_key")
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_why_shows_the_model_threshold_for_rows_the_model_placed(capsys, server, tmp_path):
    db = tmp_path / "e.db"
    code, out, err = run(capsys, "--db", str(db), "import", str(DEV / "salon.map.json"))
    assert code == 0, err
    map_id = out.strip().splitlines()[-1].strip()
    path = tmp_path / "f.csv"
    path.write_text("comment\n\"Waited forty minutes past my appointment time\"\n", encoding="utf-8")
    part = {"text": "Waited forty minutes past my appointment time", "sentiment": "negative", "stage": "st3",
            "pain_point": None, "confidence": 0.3}  # placed by the model (0.3 >= its 0.2), under the offline 0.375
    server.responder = lambda body: Reply.json({"items": [{"i": 0, "parts": [part]}]})
    code, out, err = run(capsys, "--db", str(db), "--model", "openai/any", "--api-base", server.base_url,
                         "evidence", map_id, str(path), "--yes")
    assert code == 0, err

    code, out, err = run(capsys, "--db", str(db), "evidence", map_id, "--list", "--why")

    assert code == 0, err
    assert PLACE_AT < place_threshold()  # the two differ, or this test shows nothing
    line = next(x for x in out.splitlines() if "f.csv:" in x)
    assert f"confidence 0.30 (threshold {PLACE_AT:g}" in line, out
    assert f"{place_threshold():g}" not in line
    head = out.splitlines()[0]
    assert f"confidence is {PLACE_AT:g} or more" in head, head  # the only rows stored are the model's


def test_why_shows_the_offline_threshold_for_rows_matched_offline(capsys, tmp_path):
    db = tmp_path / "e.db"
    code, out, err = run(capsys, "--db", str(db), "import", str(DEV / "salon.map.json"))
    map_id = out.strip().splitlines()[-1].strip()
    path = tmp_path / "f.csv"
    path.write_text("comment\n\"Waited forty minutes past my appointment time, nobody said sorry\"\n", encoding="utf-8")
    code, out, err = run(capsys, "--db", str(db), "--engine", "playbook", "evidence", map_id, str(path), "--yes")
    assert code == 0, err

    code, out, err = run(capsys, "--db", str(db), "evidence", map_id, "--list", "--why")

    line = next(x for x in out.splitlines() if "f.csv:" in x)
    assert f"(threshold {place_threshold():g})" in line, out
    assert f"confidence is {place_threshold():g} or more" in out.splitlines()[0]


# -- sentiment: kinds of row the dev set read wrong ------------------------------------------------------------

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


def test_a_complaint_of_too_much_is_read_beside_words_vader_finds_warm(capsys, tmp_path):
    # vaderSentiment reads "care" (a care home) as warm praise, strongly: "too long" still says it was too long
    rows = _report(capsys, tmp_path, "catering-engineers",
                   "comment\n\"Can't fault your engineer, but waiting 8 days for a thermostat is too long for a care "
                   "home kitchen\"\n"
                   "\"Friendly team, but the quote took far too long to come through for our care home\"\n"
                   "\"Not too busy, lovely care home lunch service, thanks\"\n")
    assert [r["sentiment"] for r in rows[:2]] == ["mixed", "mixed"], rows
    assert rows[0]["parts"][-1]["sentiment"] == "negative"
    assert rows[2]["sentiment"] == "positive"  # "not too busy" says nothing was too much


def test_a_wait_the_customer_measures_is_a_complaint(capsys, tmp_path):
    rows = _report(capsys, tmp_path, "community-transport",
                   "comment\n\"waited an hour and a half in town for the bus back, in the rain\"\n"
                   "\"Sat at the hospital for two hours waiting for the return trip\"\n"
                   "\"Phone line was busy for ages when I tried to book\"\n"
                   "\"Only waited 5 minutes and the driver was lovely\"\n"
                   "\"Driver waited for me while I got my shopping, so kind\"\n")
    assert [r["sentiment"] for r in rows] == ["negative", "negative", "negative", "positive", "positive"], rows


def test_a_supplier_pitch_or_a_system_notice_is_no_feedback_and_on_no_stage(capsys, tmp_path):
    rows = _report(capsys, tmp_path, "garden-rooms",
                   "comment\n\"Dear Sir/Madam, we are a leading supplier of timber cladding to garden room builders. "
                   "Please find attached our brochure, kind regards\"\n"
                   "\"Please find attached our updated price list for treated softwood, effective 1st June.\"\n"
                   "\"Your Xero invoice for May is ready. Amount due: £48.00.\"\n"
                   "\"Thank you for contacting the planning office. We aim to respond within 10 working days.\"\n"
                   "\"Lovely room, the team were great and the invoice was ready the day they finished\"\n")
    assert [(r["sentiment"], r["placed"]) for r in rows[:4]] == [("neutral", False)] * 4, rows
    assert rows[4]["sentiment"] == "positive" and rows[4]["placed"]


def test_a_faint_verdict_beside_a_complaint_is_what_went_well_even_where_vader_reads_nothing(capsys, tmp_path):
    # vaderSentiment reads nothing in "Service itself ok." or "Food decent": beside a complaint they are the side that
    # went well (a mixed row), not more of the complaint
    rows = _report(capsys, tmp_path, "airport-parking",
                   "comment\n\"Price went up from what the comparison site said once I added the night arrival thing. "
                   "Service itself ok.\"\n\"Nobody at the desk when we arrived, waited ages. Car park decent\"\n"
                   "\"The bus back was not acceptable, forty minutes late\"\n")
    assert [r["sentiment"] for r in rows] == ["mixed", "mixed", "negative"], rows
