"""The businesses an outside tester (session 23, a23) mapped, and the CLI steps its tests share.

Calibrix (B2B: on-site calibration of lab balances and pipettes for pharma QC labs), FieldShare (two-sided: farmers
renting idle machinery to farmers nearby) and a mobile bike repair van for office campuses (B2B, the staff its users);
each as the answers a user typed. Used by tests/test_s23_*_a23.py, one file per helper that fixed their findings."""

from __future__ import annotations

import json

from cjm_assistant import cli
from tests.conftest import answers_toml

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


def new(capsys, tmp_path, answers: dict) -> str:
    """`cjm new --answers` on a copy of ``answers``; the new map's id."""
    path = tmp_path / "answers.toml"
    path.write_text(answers_toml(json.loads(json.dumps(answers))), encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["new", "--answers", str(path)]) == 0
    return capsys.readouterr().out.strip().splitlines()[-1]


def journey_json(capsys, map_id: str, *more: str) -> dict:
    assert cli.main(["export", map_id, "-f", "json", *more]) == 0
    return json.loads(capsys.readouterr().out)


def export(capsys, map_id: str, fmt: str, *more: str) -> str:
    assert cli.main(["export", map_id, "-f", fmt, *more]) == 0
    return capsys.readouterr().out


def pain_points(journey: dict) -> list[tuple[str, dict]]:
    """Every pain point on a stage, with its stage's name."""
    return [(stage["name"], pp) for stage in journey["stages"] for pp in stage["pain_points"]]


def stage_of(journey: dict, words: str) -> str | None:
    for stage, pp in pain_points(journey):
        if words.lower() in pp["name"].lower():
            return stage
    return None


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
