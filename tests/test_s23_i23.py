"""Session 23, i23: the right model for businesses unlike the examples. Each test drafts a map from an answers file
through the CLI (`cjm new --answers`), as a user would, and checks what the owner would see in it."""

from __future__ import annotations

import json

import pytest

from cjm_assistant import cli
from tests.conftest import answers_toml


def _draft(tmp_path, capsys, **answers) -> tuple[dict, str]:
    """The map (JSON) and its Markdown export, drafted offline from these answers."""
    base = {"kind": "current", "data": "emails", "goal": "fewer problems",
            "personas": [{"name": "Customer Casey", "description": "a typical customer", "goals": "get it sorted",
                          "frustrations": "waiting", "channels": "phone", "quote": "Just tell me what happens."}]}
    path = tmp_path / "answers.toml"
    path.write_text(answers_toml({**base, **answers}), encoding="utf-8")
    assert cli.main(["new", "--answers", str(path)]) == 0
    map_id = capsys.readouterr().out.strip().splitlines()[-1]
    assert cli.main(["export", map_id, "-f", "json"]) == 0
    journey = json.loads(capsys.readouterr().out)
    assert cli.main(["export", map_id, "-f", "md"]) == 0
    return journey, capsys.readouterr().out


def _names(journey: dict) -> list[str]:
    return [s["name"].casefold() for s in journey["stages"]]


# -- 1. A free phone/video advice line got the visit model (Book, Before the day, "Can't book online", no-shows),
# and the journey's two ends were dropped when the industry was not recognised.

@pytest.mark.parametrize("business, offering", [
    ("Safe Home, a tenants' advice charity in Bristol",
     "free housing advice: people ring our helpline or book a video call with an adviser"),
    ("Clear Debt, a small charity helping people in debt",
     "free debt advice by phone and video, with casework until the debt is sorted"),
])
def test_1_remote_advice_line_gets_an_advice_model_and_keeps_both_ends(tmp_path, capsys, business, offering):
    journey, md = _draft(tmp_path, capsys, business=business, offering=offering,
                         customers="people on low incomes", channels="phone, video calls, website",
                         journey="from getting an eviction notice to knowing their rights",
                         problems="the helpline is engaged for hours on Monday mornings")
    names = _names(journey)
    assert names[0] == "getting an eviction notice" and "knowing their rights" in names, names
    assert not any(n.startswith("book") or n == "before the day" or "visit" in n for n in names), names
    assert any("through" in n or "conversation" in n for n in names), names  # reached and talked to from afar
    assert any("advice" in n or "casework" in n for n in names), names
    text = md.casefold()
    assert "book online" not in text and "no-show" not in text


# -- 2. "Plotter, a gardening planner web app" got home-services stages (gardening read as a home service): an app
# wins over the trade words it is about.

def test_2_an_app_about_a_trade_gets_the_app_model(tmp_path, capsys):
    journey, md = _draft(tmp_path, capsys, business="Plotter, a gardening planner web app",
                         offering="plans for what to sow and when, with reminders",
                         customers="home gardeners", channels="website, Instagram, email",
                         journey="first season with the app", problems="people never add their beds")
    names = _names(journey)
    assert not any("visit" in n or "book" in n or "quote" in n or n == "before the day" for n in names), names
    assert "Industry read as 'Consumer app'" in md or "consumer app" in md.casefold(), md[:2000]


# -- 3. "window cleaning for shops and offices" was not read as a services-only business that goes to its customers:
# it got a visit-us model (a front desk, an address and parking page, "arrives or joins", waiting times).

def test_3_a_mobile_trade_for_shops_gets_no_visit_us_model(tmp_path, capsys):
    journey, md = _draft(tmp_path, capsys, business="ClearView, window cleaning for shops and offices in Leeds",
                         offering="window cleaning for shops and offices on a monthly contract",
                         customers="B2B, shop managers and office managers", channels="phone, email, website",
                         journey="from a first enquiry to the first clean",
                         problems="managers don't know when we are coming")
    names = _names(journey)
    assert not any(n.startswith("book") for n in names), names  # a contract kept, not a visit booked
    text = md.casefold()
    assert "front desk" not in text and "parking" not in text and "arrives or joins" not in text


# -- 4. "year end accounts delivered" read as goods delivered (a Delivery stage), and "from signing up to the year-end
# accounts" dropped the owner's year-end step.

def test_4_a_professional_deliverable_is_no_parcel(tmp_path, capsys):
    journey, md = _draft(tmp_path, capsys, business="Ledgerly, a small bookkeeping firm in York",
                         offering="monthly bookkeeping, VAT returns and year end accounts delivered",
                         customers="B2B, sole traders and small limited companies", channels="email, phone",
                         journey="from signing up to the year-end accounts",
                         problems="clients send receipts late")
    names = _names(journey)
    assert not any("deliver" in n or "reorder" in n for n in names), names
    assert "the year-end accounts" in names, names
