"""Wave 19 (ev19): evidence findings 17-23 of attack 18 (a B2B laundry's tickets, a forge's reviews).

* The counts an import shows ("11 complaints, 3 praise, 0 mixed, 4 other") are the counts the saved map's Evidence
  section shows for the same file: each item is counted by its whole reading, which is stored beside its parts (a
  part may read neutral where the whole ticket, read by the fitted verdict, is a complaint).
* A complaint of who served, in their manner ("Driver was rude"), backs no pain point of another fault that only
  names the same person ("Drivers turn up outside the agreed window"); praise of them is not counted against it.
* "Musty" and "rougher" are complaints about how a thing came back (linen, a room, a finish), not neutral words.

The user-visible checks run the real CLI in a subprocess on a small map and CSV written here.
"""

from __future__ import annotations

import json
import re

import pytest

from cjm_assistant.evidence import sentiment as sn
from cjm_assistant.evidence import summarise
from tests.test_evidence_place_round12 import Cli, _stage

LAUNDRY = {
    "schema_version": 1, "title": "Fresh Linen Co: care home laundry", "kind": "current",
    "business": {"name": "Fresh Linen Co", "description": "A commercial laundry collecting and washing linen for "
                 "care homes.", "industry": "Commercial laundry", "offering": "Linen hire and residents' clothing "
                 "wash, collected and delivered weekly.", "business_model": "B2B"},
    "personas": [{"id": "pe1", "provenance": "user", "name": "Home manager Hana", "summary": "Runs a care home.",
                  "goals": ["Clean linen on time"], "frustrations": [], "channels": ["Email"]}],
    "persona": "pe1",
    "channels": [{"id": "ch1", "provenance": "user", "name": "Email", "kind": "email"},
                 {"id": "ch2", "provenance": "user", "name": "Van", "kind": "in-person"}],
    "stages": [
        _stage(1, "Setting up", "Start the service", "Signs the contract and gets labels for clothes",
               ("Onboarding visit", "Van")),
        _stage(2, "Collection", "Dirty linen taken away", "Bags linen into cages for the driver", ("Van", "Van")),
        _stage(3, "Delivery", "Clean linen back in time", "Receives clean linen and residents' clothes",
               ("Van", "Van"), pains=[("pp1", "Late deliveries", "Clean linen arrives after the agreed window")]),
        _stage(4, "Invoicing", "Pay the right amount", "Checks the monthly invoice against the weights",
               ("Invoice email", "Email"),
               pains=[("pp2", "Invoices don't match what was collected", "Billed weights differ from ours")]),
    ],
}
TICKETS = [
    "Credit note still not received for the January overcharge",
    "Any update? It's been 2 weeks since I asked about the March invoice",
    "Van arrived at 4.40pm, our window is 9 to 11",
    "Thank you to the driver, always cheerful and helpful",
    "Three residents' trousers missing after this week's wash",
    "Please change our invoice address to the head office",
    "Is there a number to ring on Sundays?",
    "Great job on the curtains, they look new. Shame the van was late again though",
    "Sheets came back still damp and smelling musty",
    "Towels are rougher than the ones we had before",
]
COUNTS = re.compile(r"(\d+) complaints?, (\d+) praise, (\d+) mixed, (\d+) other")


@pytest.fixture(scope="module")
def laundry(tmp_path_factory):
    """(the JSON report by row, what the import said, the saved map's Markdown) for the laundry's tickets."""
    tmp = tmp_path_factory.mktemp("laundry")
    cli = Cli(tmp)
    (tmp / "laundry.map.json").write_text(json.dumps(LAUNDRY), encoding="utf-8")
    (tmp / "tickets.csv").write_text("ticket,description\n" + "".join(
        f'{1000 + i},"{text}"\n' for i, text in enumerate(TICKETS)), encoding="utf-8")
    map_id = cli.run("import", tmp / "laundry.map.json").stdout.strip().splitlines()[-1]
    report = cli.run("evidence", map_id, tmp / "tickets.csv", "--report", "json").stdout
    rows = {r["row"]: r for r in (json.loads(line) for line in report.splitlines() if line.startswith("{"))}
    said = cli.run("evidence", map_id, tmp / "tickets.csv", "--yes")
    md = cli.run("export", map_id, "--format", "md").stdout
    return rows, said.stdout + said.stderr, md


def _by_parts(row: dict) -> str:
    kinds = {p["sentiment"] for p in row["parts"]}
    return ("mixed" if {"positive", "negative"} <= kinds else "negative" if "negative" in kinds else
            "positive" if "positive" in kinds else "neutral")


def test_the_counts_the_import_shows_are_the_counts_the_saved_map_shows(laundry):
    rows, said, md = laundry
    shown = COUNTS.search(said)
    saved = COUNTS.search(md.split("## Evidence", 1)[1])
    assert shown and saved, said
    assert shown.groups() == saved.groups(), (shown.group(0), saved.group(0))
    whole = [r["sentiment"] for r in rows.values()]
    assert shown.groups() == tuple(str(whole.count(s)) for s in ("negative", "positive", "mixed", "neutral"))


def test_an_item_read_whole_as_a_complaint_is_counted_as_one_though_its_part_reads_neutral():
    rows = [{"source": "t.csv", "row": 1, "part": 1, "kind": "other", "sentiment": "neutral",
             "row_sentiment": "negative", "stage_id": "st4", "pain_point_id": None},
            {"source": "t.csv", "row": 2, "part": 1, "kind": "praise", "sentiment": "positive",
             "row_sentiment": "mixed", "stage_id": "st3", "pain_point_id": None}]
    [src] = summarise(rows)["sources"]
    assert (src["pain"], src["praise"], src["mixed"], src["other"]) == (1, 0, 1, 0)


def test_evidence_saved_before_the_whole_reading_was_kept_is_counted_from_its_parts():
    """Rows stored by an older version have no row_sentiment: a neutral part stays "other", a complaint and a
    praise part of one item make it mixed, as before."""
    rows = [{"source": "t.csv", "row": 1, "part": 1, "kind": "other", "sentiment": "neutral", "stage_id": None,
             "pain_point_id": None},
            {"source": "t.csv", "row": 2, "part": 1, "kind": "pain", "sentiment": "negative", "stage_id": "st3",
             "pain_point_id": "pp1"},
            {"source": "t.csv", "row": 2, "part": 2, "kind": "praise", "sentiment": "positive", "stage_id": "st3",
             "pain_point_id": None}]
    [src] = summarise(rows)["sources"]
    assert (src["pain"], src["praise"], src["mixed"], src["other"]) == (0, 0, 1, 1)


def test_the_file_has_an_item_whose_whole_reading_differs_from_its_parts(laundry):
    """What the count test above stands on: a ticket read whole as a complaint whose one part reads neutral."""
    rows, _, _ = laundry
    assert any(r["sentiment"] != _by_parts(r) for r in rows.values()), {n: r["sentiment"] for n, r in rows.items()}


# -- who served is not which fault ------------------------------------------------------------------------------------


def _with_driver_pain(name: str, description: str) -> dict:
    journey = json.loads(json.dumps(LAUNDRY))
    journey["stages"][1]["pain_points"] = [{"id": "pp3", "provenance": "user", "name": name,
                                            "description": description, "severity": 2}]
    return journey


DRIVER_ROWS = [
    "Driver was rude to our housekeeper about the cages not being ready",
    "The driver was late again, came at 3pm instead of the morning",
    "Thank you to Gary the driver, always cheerful and helpful with the cages",
    "Drivers always come inside the agreed window now, spot on",
]


def _import(tmp_path_factory, journey: dict, rows: list[str]) -> tuple[dict, str]:
    tmp = tmp_path_factory.mktemp("drivers")
    cli = Cli(tmp)
    (tmp / "map.json").write_text(json.dumps(journey), encoding="utf-8")
    (tmp / "tickets.csv").write_text("description\n" + "".join(f'"{t}"\n' for t in rows), encoding="utf-8")
    map_id = cli.run("import", tmp / "map.json").stdout.strip().splitlines()[-1]
    report = cli.run("evidence", map_id, tmp / "tickets.csv", "--report", "json").stdout
    proposal = cli.run("evidence", map_id, tmp / "tickets.csv", check=False)
    return ({r["row"]: r for r in (json.loads(line) for line in report.splitlines() if line.startswith("{"))},
            proposal.stdout + proposal.stderr)


@pytest.fixture(scope="module")
def late_drivers(tmp_path_factory):
    return _import(tmp_path_factory, _with_driver_pain("Drivers turn up outside the agreed window",
                                                       "Collections happen outside the agreed window"), DRIVER_ROWS)


@pytest.fixture(scope="module")
def rude_drivers(tmp_path_factory):
    return _import(tmp_path_factory, _with_driver_pain("Drivers are rude to our staff",
                                                       "Drivers are unfriendly when the cages are not ready"),
                   DRIVER_ROWS[:1])


def test_a_rude_driver_does_not_back_the_drivers_coming_outside_the_window(late_drivers):
    rows, _ = late_drivers
    assert rows[1]["sentiment"] == "negative"
    assert rows[1]["pain_point"] != "Drivers turn up outside the agreed window", rows[1]


def test_a_late_driver_still_backs_the_drivers_coming_outside_the_window(late_drivers):
    rows, _ = late_drivers
    assert rows[2]["pain_point"] == "Drivers turn up outside the agreed window", rows[2]


def test_a_rude_driver_backs_a_pain_point_about_rude_drivers(rude_drivers):
    rows, _ = rude_drivers
    assert rows[1]["pain_point"] == "Drivers are rude to our staff", rows[1]


def test_praise_of_the_driver_is_not_counted_against_the_drivers_timing(late_drivers):
    """Praise of Gary's manner is not a word against the drivers' timing; praise of the timing itself is."""
    _, proposal = late_drivers
    said = re.search(r"(\d+) customers? praised what (?:pp3 )?“Drivers turn up outside the agreed window”", proposal)
    assert said and said.group(1) == "1", proposal


# -- quality complaints -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("row", [9, 10])
def test_linen_that_came_back_musty_or_rougher_is_a_complaint(laundry, row):
    rows, _, _ = laundry
    assert rows[row]["sentiment"] in ("negative", "mixed"), rows[row]


def test_the_musty_smell_of_old_books_loved_is_praise():
    """The other sense: a second-hand bookshop's customer who loves the musty smell praises it."""
    assert sn.leaning(sn.text_score("Love the musty smell of old books in here", sn.Cues()).score) == sn.POSITIVE
