"""Session 23, a23: an outside attack as a new user with two businesses unlike the examples: Calibrix (B2B: on-site
calibration of lab balances and pipettes for pharma QC labs, a QC manager and a procurement buyer) and FieldShare
(two-sided: farmers renting idle machinery to farmers nearby, an owner and a contractor who rents). Each journey is
told by its two ends or as a list of steps, lists are typed as people type them, one answer is vague.

Each test names its finding and severity and a one-line repro; each fails until that finding is fixed. Found with
`cjm new --answers`, `cjm refine`, `cjm export`, `cjm evidence` and the TUI (tmux, 100x30 and 120x40)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from cjm_assistant import cli

from .conftest import answers_toml

CALIBRIX = {
    "business": "Calibrix, a 12-person firm that calibrates and certifies lab balances and pipettes for pharma QC labs",
    "offering": "on-site calibration visits, ISO 17025 certificates, an annual service contract",
    "customers": "b2b - QC lab managers, procurement at mid-size pharma",
    "journey": "from the lab noticing the calibration due date to getting the certificate filed for the audit",
    "kind": "current",
    "channels": "email, phone, our customer portal, on-site visits, trade shows",
    "problems": "certificates arrive 2-3 weeks after the visit so labs fail audits, technicians turn up without the"
                " right weights, quotes take ages because procurement needs a PO first",
    "data": "support tickets, NPS survey after each visit",
    "goal": "kinda want fewer renewals lost i guess",
    "personas": [
        {"name": "QC manager Dana", "description": "runs a QC lab of 15 analysts, owns the audit",
         "goals": "every instrument in calibration, certificates ready before the auditor comes",
         "frustrations": "instruments out of service for a whole day during the visit, certificates with typos in"
                         " serial numbers, can't see what's due in the portal",
         "channels": "email, customer portal"},
        {"name": "Procurement Raj", "description": "buys services for 3 sites, needs 3 quotes for anything over 10k",
         "goals": "one contract price for all sites, invoices that match the PO",
         "frustrations": "invoices don't match the PO number, surprise travel charges",
         "channels": "email, phone"},
    ],
}

FIELDSHARE = {
    "business": "FieldShare, an app where farmers rent out idle tractors and machinery to farmers nearby",
    "offering": "listing machines, booking by the day, insurance for each rental, we take 12%",
    "customers": "two sided: farmers who own kit, farmers and contractors who need it for a few days",
    "journey": "owner lists a combine, renter finds it, books, picks it up, uses it, brings it back, owner gets paid",
    "kind": "current",
    "channels": "our app, WhatsApp, phone, agricultural shows",
    "problems": "machines come back damaged and nobody agrees who pays, owners wait 2 weeks for payouts, renters cant"
                " see if the machine is free during harvest",
    "data": "dunno really",
    "goal": "get more owners listing",
    "personas": [
        {"name": "Owner Gwen", "description": "dairy farmer with a combine she uses 3 weeks a year",
         "goals": "extra income from the combine, get it back clean and undamaged",
         "frustrations": "renters bring it back dirty, payout takes forever, too many questions on whatsapp",
         "channels": "whatsapp, app"},
        {"name": "Contractor Tom", "description": "young contractor with no capital for a combine",
         "goals": "a reliable machine at harvest, book fast",
         "frustrations": "listing shows available but owner says no, cant see insurance terms before paying",
         "channels": "app, phone"},
    ],
}


def _new(capsys, tmp_path, answers: dict) -> str:
    """`cjm new --answers` on a copy of ``answers``; the new map's id."""
    path = tmp_path / "answers.toml"
    path.write_text(answers_toml(json.loads(json.dumps(answers))), encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["new", "--answers", str(path)]) == 0
    return capsys.readouterr().out.strip().splitlines()[-1]


def _json(capsys, map_id: str, *more: str) -> dict:
    assert cli.main(["export", map_id, "-f", "json", *more]) == 0
    return json.loads(capsys.readouterr().out)


def _export(capsys, map_id: str, fmt: str, *more: str) -> str:
    assert cli.main(["export", map_id, "-f", fmt, *more]) == 0
    return capsys.readouterr().out


def _pain_points(journey: dict) -> list[tuple[str, dict]]:
    """Every pain point on a stage, with its stage's name."""
    return [(stage["name"], pp) for stage in journey["stages"] for pp in stage["pain_points"]]


def _stage_of(journey: dict, words: str) -> str | None:
    for stage, pp in _pain_points(journey):
        if words.lower() in pp["name"].lower():
            return stage
    return None


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


# ---------------------------------------------------------------------------------------------------- the draft

# -- d1. (high) "machines come back damaged and nobody agrees who pays" is cut in two: "Machines come back damaged" is
# put on "Picks it up" (the step the machine leaves, not the one it comes back at) and "Nobody agrees who pays" (which
# alone says nothing: who pays for what?) is left under "Not yet placed". The owner said one problem, at the return.
# Repro: cjm new --answers fieldshare.toml (the FIELDSHARE answers above); look at Picks it up and Not yet placed.

def test_d1_a_damaged_machine_is_a_problem_of_the_return(capsys, tmp_path):
    journey = _json(capsys, _new(capsys, tmp_path, FIELDSHARE))
    assert _stage_of(journey, "come back damaged") == "Brings it back", _stage_of(journey, "come back damaged")


def test_d1_the_problem_is_kept_whole(capsys, tmp_path):
    journey = _json(capsys, _new(capsys, tmp_path, FIELDSHARE))
    names = [pp["name"] for _, pp in _pain_points(journey)] + [pp["name"] for pp in journey["unplaced"]]
    assert not any(name.lower().startswith("nobody agrees") for name in names), names
    assert any("damaged" in name and "who pays" in name for name in names), names


# -- d2. (medium) Contractor Tom's "cant see insurance terms before paying" is left under "Not yet placed" ("closest:
# Books"), though "before paying" names the step (Books: "Pays or confirms"). "Listing shows available but owner says
# no" goes on "Owner lists a combine", the owner's step, while it happens when the renter tries to book.
# Repro: cjm new --answers fieldshare.toml; Not yet placed, and the pain point on Owner lists a combine.

def test_d2_a_problem_before_paying_is_on_the_booking_step(capsys, tmp_path):
    journey = _json(capsys, _new(capsys, tmp_path, FIELDSHARE))
    assert _stage_of(journey, "insurance terms") == "Books", journey["unplaced"]


def test_d2_shown_available_but_refused_is_met_when_booking(capsys, tmp_path):
    journey = _json(capsys, _new(capsys, tmp_path, FIELDSHARE))
    assert _stage_of(journey, "owner says no") in {"Renter finds it", "Books"}, _stage_of(journey, "owner says no")


# -- d3. (low) A persona's goal "get it back clean and undamaged" becomes two goals, "Get it back clean" and
# "Undamaged": "and" inside one goal is cut as if it joined two. Repro: cjm new --answers fieldshare.toml; Owner Gwen.

def test_d3_a_goal_with_and_in_it_stays_one_goal(capsys, tmp_path):
    journey = _json(capsys, _new(capsys, tmp_path, FIELDSHARE))
    gwen = next(p for p in journey["personas"] if p["name"] == "Owner Gwen")
    assert "Undamaged" not in gwen["goals"], gwen["goals"]


# -- d4. (medium) A channel the playbook does not know ("agricultural shows", where the business meets farmers) is
# given one generic touchpoint, on "Brings it back", and Owner Gwen's "Renters bring it back dirty" is pinned on it
# ("on Agricultural shows"). In the Calibrix map "Can't see what's due in the portal" is pinned on "Stand or talk at an
# event" (Trade shows), though it names the portal. Repro: cjm new --answers fieldshare.toml / calibrix.toml; stage
# sections in the Markdown.

def _touchpoint_channels(stage: dict) -> dict[str, str]:
    return {tp["id"]: tp["channel"] for tp in stage["touchpoints"]}


def test_d4_a_show_is_not_where_a_machine_comes_back(capsys, tmp_path):
    journey = _json(capsys, _new(capsys, tmp_path, FIELDSHARE))
    back = next(s for s in journey["stages"] if s["name"] == "Brings it back")
    assert "Agricultural shows" not in _touchpoint_channels(back).values(), back["touchpoints"]


def test_d4_a_portal_problem_is_not_pinned_on_a_trade_show(capsys, tmp_path):
    journey = _json(capsys, _new(capsys, tmp_path, CALIBRIX))
    for stage in journey["stages"]:
        channels = _touchpoint_channels(stage)
        for pp in stage["pain_points"]:
            if "portal" in pp["name"].lower() and pp["touchpoint"]:
                assert channels[pp["touchpoint"]] == "Customer portal", (stage["name"], pp, stage["touchpoints"])


# -- d5. (medium) Another trade's words in a B2B calibration map: the fix for "Technicians turn up without the right
# weights" is to "Send a what-to-bring and what-to-wear reminder the day before, and keep a few spares to lend" (a
# gym's, and it asks the customer to bring what the technician lacks); "Certificates with typos in serial numbers" is
# described as "Policy numbers, certificates and contracts are scattered across emails and letters" (an insurer's, and
# not what was said); "A welcome for every first visit" is offered to answer "Instruments out of service for a whole
# day"; the trade-show touchpoint is "Customers come back for a party, class or meet-up".
# Repro: cjm new --answers calibrix.toml --export calibrix.md; grep the words below.

@pytest.mark.parametrize("words", ["what-to-wear", "policy number", "party, class", "welcome for every first visit"])
def test_d5_no_other_trades_words_in_a_calibration_map(capsys, tmp_path, words):
    text = _export(capsys, _new(capsys, tmp_path, CALIBRIX), "md")
    assert words not in text.lower(), [line for line in text.splitlines() if words in line.lower()][:3]


def test_d5_a_problem_said_keeps_what_was_said(capsys, tmp_path):
    journey = _json(capsys, _new(capsys, tmp_path, CALIBRIX))
    typo = next(pp for _, pp in _pain_points(journey) if "typos" in pp["name"])
    assert "scattered" not in typo["description"] and "Policy" not in typo["description"], typo["description"]


# -- d6. (medium) A step the user named gets another trade's goal and actions: "Picks it up" (a renter collecting a
# combine) reads "Get the finished work when promised, as agreed" and "Hears the work is ready". Repro: cjm new
# --answers fieldshare.toml; the Picks it up column.

def test_d6_collecting_a_machine_is_not_collecting_finished_work(capsys, tmp_path):
    journey = _json(capsys, _new(capsys, tmp_path, FIELDSHARE))
    pick = next(s for s in journey["stages"] if s["name"] == "Picks it up")
    text = " ".join([pick["goal"], *[a["text"] for a in pick["actions"]]]).lower()
    assert "work is ready" not in text and "finished work" not in text, text


# -- d7. (medium) In a two-sided map every touchpoint is marked for both sides: the Mermaid diagram shows "Payout
# status in the app: 1: Owner Gwen, Contractor Tom" under "Owner gets paid", and `--persona tom` keeps the owner's
# payout as Tom's. Repro: cjm export fieldshare -f mermaid; the section "Owner gets paid".

def test_d7_the_renter_is_not_on_the_owners_payout(capsys, tmp_path):
    text = _export(capsys, _new(capsys, tmp_path, FIELDSHARE), "mermaid")
    section = text.split("section Owner gets paid", 1)[1].split("section", 1)[0]
    assert "Contractor Tom" not in section, section


# ---------------------------------------------------------------------------------------------------- refining

# -- r1. (low-medium) "add a pain point for Contractor Tom about no operator manual in the cab to Harvesting" adds a
# pain point named "For Contractor Tom about no operator manual in the cab", for nobody; the quoted form ("add a pain
# point 'No operator manual in the cab' for Contractor Tom to Harvesting") gives it to Tom.
# Repro: cjm refine fieldshare "add a pain point for Contractor Tom about no operator manual in the cab to Uses it"

def test_r1_a_pain_point_for_a_persona_about_something(capsys, tmp_path):
    map_id = _new(capsys, tmp_path, FIELDSHARE)
    said = "add a pain point for Contractor Tom about no operator manual in the cab to Uses it"
    assert cli.main(["refine", map_id, said, "--yes"]) == 0
    capsys.readouterr()
    journey = _json(capsys, map_id)
    tom = next(p["id"] for p in journey["personas"] if p["name"] == "Contractor Tom")
    added = [pp for _, pp in _pain_points(journey) if "operator manual" in pp["name"].lower()]
    assert len(added) == 1 and not added[0]["name"].lower().startswith("for "), added
    assert added[0]["personas"] == [tom], added


# -- r2. (low) Two pain points that say the same ("Owners wait 2 weeks for payouts", the business's, and "Payout takes
# forever", Gwen's) cannot be merged: "merge the pain point 'A' into 'B'" answers "to merge two stages, name both";
# the owner has to delete one and loses its persona mark or mentions. Repro: cjm refine fieldshare "merge the pain
# point 'Owners wait 2 weeks for payouts' into 'Payout takes forever'"

def test_r2_merge_two_pain_points(capsys, tmp_path):
    map_id = _new(capsys, tmp_path, FIELDSHARE)
    said = "merge the pain point 'Owners wait 2 weeks for payouts' into 'Payout takes forever'"
    code = cli.main(["refine", map_id, said, "--yes"])
    out = capsys.readouterr()
    assert code == 0, out.out + out.err
    names = [pp["name"] for _, pp in _pain_points(_json(capsys, map_id))]
    assert "Owners wait 2 weeks for payouts" not in names and "Payout takes forever" in names, names


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


def test_e1_damage_on_return_backs_the_damage_pain_point(capsys, tmp_path):
    rows = _report(capsys, tmp_path, _new(capsys, tmp_path, FIELDSHARE), FARM_ROWS)
    assert "damaged" in (rows[1]["pain_point"] or ""), rows[1]


def test_e1_a_machine_returned_dirty_backs_the_dirty_pain_point(capsys, tmp_path):
    rows = _report(capsys, tmp_path, _new(capsys, tmp_path, FIELDSHARE), FARM_ROWS)
    assert rows[2]["pain_point"] == "Renters bring it back dirty", rows[2]


def test_e1_waiting_at_pick_up_is_on_the_pick_up_step(capsys, tmp_path):
    rows = _report(capsys, tmp_path, _new(capsys, tmp_path, FIELDSHARE), FARM_ROWS)
    assert rows[3]["stage"] == "Picks it up" and "payout" not in (rows[3]["pain_point"] or "").lower(), rows[3]


def test_e1_shown_free_but_refused_backs_that_pain_point(capsys, tmp_path):
    rows = _report(capsys, tmp_path, _new(capsys, tmp_path, FIELDSHARE), FARM_ROWS)
    assert rows[4]["pain_point"] == "Listing shows available but owner says no", rows[4]


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


def test_e2_a_lab_down_all_day_backs_the_out_of_service_pain_point(capsys, tmp_path):
    rows = _report(capsys, tmp_path, _new(capsys, tmp_path, CALIBRIX), CALIB_ROWS)
    assert rows[1]["pain_point"] == "Instruments out of service for a whole day during the visit", rows[1]


def test_e2_a_renewal_price_rise_is_on_the_renewal(capsys, tmp_path):
    rows = _report(capsys, tmp_path, _new(capsys, tmp_path, CALIBRIX), CALIB_ROWS)
    assert rows[2]["stage"] == "Renew", rows[2]


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



# ---------------------------------------------------------------------------------------------------- the TUI walk
# A third business, told in the app (tmux, 100x30) and then written as answers to repeat it: a mobile bike-repair van
# that visits office campuses (companies pay a monthly fee, staff book), stages listed by the user at the "do these
# steps match" question, the journey told by its two ends, "not much tbh" and "idk, more renewals?" as vague answers.
# The interview, "back", two personas named in one answer, a kill while drafting and the resume all held.

BIKE_VAN = {
    "business": "we run a mobile bike repair van that visits office campuses, companies pay a monthly fee and staff"
                " book repairs",
    "offering": "servicing, puncture fixes, brake tune ups... about 40 quid a job on top of the fee",
    "customers": "b2b, HR / facilities managers buy it, employees use it",
    "journey": "from an employee's bike breaking to riding it home fixed",
    "kind": "current",
    "channels": "slack, email, the booking page, the van itself",
    "stages": ["Bike breaks", "Book a slot", "Before the day", "Drop the bike at the van", "Ride home fixed",
               "Renewal"],
    "problems": "van slots fill up by 10am; staff dont know the van is coming; some bikes need parts we dont carry so"
                " they wait a week",
    "data": "not much tbh",
    "goal": "idk, more renewals?",
    "personas": [
        {"name": "Facilities manager Anne", "description": "signs the contract for 3 campuses",
         "goals": "one invoice a month that makes sense, staff happy",
         "frustrations": "invoices are confusing, cant tell which staff used it", "channels": "email mostly"},
        {"name": "Sam", "description": "29, engineer who cycles in every day",
         "goals": "bike fixed same day so he can ride home",
         "frustrations": "slots gone by 10, never knows which day the van comes", "channels": "slack"},
    ],
}


# -- d8. (medium) Problems of the repair and of the bill are put on the first step, "Bike breaks" (before the customer
# has met the business): "Some bikes need parts we dont carry so they wait a week" (a wait after the bike is at the
# van) and Anne's "Cant tell which staff used it" (her monthly invoice). Repro: in the app, or cjm new --answers
# bike-van.toml (BIKE_VAN above); the Bike breaks column.

@pytest.mark.parametrize("words", ["parts we dont carry", "which staff used it"])
def test_d8_a_problem_is_not_put_before_the_customer_meets_the_business(capsys, tmp_path, words):
    journey = _json(capsys, _new(capsys, tmp_path, BIKE_VAN))
    assert _stage_of(journey, words) not in {None, "Bike breaks"}, (_stage_of(journey, words), journey["unplaced"])


# -- d9. (low) A stage named by the user gets a goal that reads its name as a noun: "Know what to expect from bike
# breaks, and feel it was worth it", "Know what to expect from the ride home fixed, ...". Repro: as d8; the Customer
# goal row.

def test_d9_a_stage_goal_reads_as_english(capsys, tmp_path):
    journey = _json(capsys, _new(capsys, tmp_path, BIKE_VAN))
    goals = {stage["name"]: stage["goal"] for stage in journey["stages"]}
    assert "expect from bike breaks" not in goals["Bike breaks"], goals


# -- r3. (medium) "add a pain point about bikes left at the van overnight getting rained on to Drop the bike at the van"
# is refused: "no stage called 'van overnight getting rained'"; an "at" inside the pain point is read as where it
# goes, though the sentence ends with "to STAGE" (the form the README shows). Repro: cjm refine bike-van "add a pain
# point about bikes left at the van overnight getting rained on to Drop the bike at the van"

def test_r3_a_pain_point_with_at_in_it_goes_to_the_stage_named_last(capsys, tmp_path):
    map_id = _new(capsys, tmp_path, BIKE_VAN)
    said = "add a pain point about bikes left at the van overnight getting rained on to Drop the bike at the van"
    code = cli.main(["refine", map_id, said, "--yes"])
    out = capsys.readouterr()
    assert code == 0, out.out + out.err
    assert _stage_of(_json(capsys, map_id), "rained on") == "Drop the bike at the van"


# -- r4. (low) Renaming a stage rewrites its templated goal with the new name pasted in: "Ride home fixed should be
# called Collect the bike" turns the goal into "Know what to expect from the Collect the bike, and feel it was worth
# it". Repro: cjm refine bike-van "Ride home fixed should be called Collect the bike" --yes

def test_r4_a_renamed_stage_keeps_a_goal_that_reads_as_english(capsys, tmp_path):
    map_id = _new(capsys, tmp_path, BIKE_VAN)
    assert cli.main(["refine", map_id, "Ride home fixed should be called Collect the bike", "--yes"]) == 0
    capsys.readouterr()
    stage = next(s for s in _json(capsys, map_id)["stages"] if s["name"] == "Collect the bike")
    assert "the Collect the bike" not in stage["goal"], stage["goal"]
