"""Session 23, a23: an outside attack as a new user with two businesses unlike the examples: Calibrix (B2B: on-site
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
