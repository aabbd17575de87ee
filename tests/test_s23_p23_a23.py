"""Session 23, p23 (kept from a23: d1, d2, d5, d8): an outside attack as a new user with two businesses unlike the examples: Calibrix (B2B: on-site
calibration of lab balances and pipettes for pharma QC labs, a QC manager and a procurement buyer) and FieldShare
(two-sided: farmers renting idle machinery to farmers nearby, an owner and a contractor who rents). Each journey is
told by its two ends or as a list of steps, lists are typed as people type them, one answer is vague.

Each test names its finding and severity and a one-line repro; each fails until that finding is fixed. Found with
`cjm new --answers`, `cjm refine`, `cjm export`, `cjm evidence` and the TUI (tmux, 100x30 and 120x40)."""

from __future__ import annotations

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
