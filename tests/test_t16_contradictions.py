"""Task t16: inferred content that contradicts what the owner said, and an unsure industry not confirmed.

Each test drafts a map from an answers file (``cjm new --answers``) and reads the Markdown export as the owner
would: a step the owner names is not called impossible, a business that comes to the customer gets no travel or
waiting-room content, a waiting list is no appointment queue, web-shop KPIs stay off a stage done by phone, and an
industry read with little confidence gets its stages shown for the owner to confirm.
"""

from __future__ import annotations

import re

import pytest
from tests.conftest import answers_toml
from tests.support.tui import chat_texts, make_app, new_interview, send, settle

from cjm_assistant import cli
from cjm_assistant.tui.screens.review import ReviewScreen


@pytest.fixture
def draft(capsys, tmp_path, monkeypatch):
    """Draft from answers with the CLI; (the notes the command printed, the Markdown export)."""
    monkeypatch.setenv("CJM_DB", str(tmp_path / "cjm.db"))

    def run(**answers) -> tuple[str, str]:
        path = tmp_path / "answers.toml"
        path.write_text(answers_toml(dict(answers)), encoding="utf-8")
        capsys.readouterr()
        assert cli.main(["new", "--answers", str(path)]) == 0
        out = capsys.readouterr()
        map_id = out.out.strip().splitlines()[-1]
        assert cli.main(["export", map_id, "-f", "md", "-o", "-"]) == 0
        return out.out + out.err, capsys.readouterr().out

    return run


def _inferred(md: str) -> str:
    """The lines of the export that carry an inferred item (marked °)."""
    return "\n".join(line for line in md.splitlines() if "°" in line)


def _section(md: str, stage: str) -> str:
    m = re.search(rf"^## Stage \d+: {re.escape(stage)}°?\n(.*?)(?=^## )", md, re.S | re.M)
    assert m, f"no stage {stage!r} in the export"
    return m.group(1)


# 1. A step the owner names ("they taste samples") is not inferred impossible ("Can't try before buying").

def test_a_step_where_customers_taste_samples_gets_no_cant_try_pain_or_stock_taster(draft):
    _, md = draft(
        business="Hillside Dairy, a small farm dairy that makes cheese and yoghurt and supplies about 30 delis on account",
        offering="cheddar, soft cheeses and yoghurt, delivered every Tuesday, paid monthly on invoice",
        customers="B2B, delis, farm shops and cafes",
        journey="a new deli opening an account: they taste samples, we agree a standing order, we deliver every week, "
                "they change the order by phone, and we invoice monthly",
        kind="current", channels="phone, email, text messages, delivery van",
        problems="delis taste samples then go quiet; some accounts pay late", goal="win more deli accounts")
    assert "Taste samples" in md
    assert "Can't try before buying" not in md
    assert "Free trial, sample or taster" not in md


def test_a_trial_lesson_step_is_not_called_impossible(draft):
    _, md = draft(
        business="Riverside Pottery Studio, a pottery studio running evening wheel-throwing courses",
        offering="six-week courses at £180",
        customers="B2C, adults who want a creative hobby",
        journey="they try a taster session, book a course, come every week, and fire their pots",
        kind="current", channels="Instagram, our website, email",
        problems="people come to the taster then never book", goal="more tasters turn into courses")
    assert "Can't try before buying" not in md
    assert "Free trial, sample or taster" not in md


# 5. Web-shop KPIs stay off a stage the owner does by phone or text, in a business with no web shop.

def test_a_stage_done_by_phone_gets_no_web_shop_kpis(draft):
    _, md = draft(
        business="Hillside Dairy, a small farm dairy that makes cheese and yoghurt and supplies about 30 delis on account",
        offering="cheddar, soft cheeses and yoghurt, delivered every Tuesday, paid monthly on invoice",
        customers="B2B, delis, farm shops and cafes",
        journey="a new deli opening an account: they taste samples, we agree a standing order, we deliver every week, "
                "they change the order by phone, and we invoice monthly",
        kind="current", channels="phone, email, text messages, delivery van",
        problems="delis taste samples then go quiet; the order changes get lost", goal="win more deli accounts")
    for kpi in ("Cart abandonment rate", "Conversion rate", "Checkout"):
        assert kpi not in md


def test_a_stage_done_by_phone_at_a_maker_with_a_market_stall_gets_no_cart_kpis(draft):
    _, md = draft(
        business="Hillside Dairy, a small farm dairy that makes cheese and yoghurt and supplies about 30 delis on "
                 "account, plus a stall at the Sunday market",
        offering="cheddar, soft cheeses and yoghurt, delis get a standing order delivered every Tuesday",
        customers="both, B2B delis and farm shops, and B2C shoppers at the market",
        journey="a new deli opening an account: they taste samples, we agree a standing order, we deliver every week, "
                "they change the order by phone, and we invoice monthly",
        kind="current", channels="phone, email, text messages, the market stall, delivery van",
        problems="some accounts pay late", goal="win more deli accounts")
    stage = _section(md, "Change the order by phone")
    assert "Cart abandonment rate" not in stage and "of visits" not in stage
    assert "**KPIs**" in stage  # it still measures something


def test_reordering_by_text_at_a_printer_gets_no_cart_kpis(draft):
    _, md = draft(
        business="Inkwell Print Works, a print shop making menus and leaflets for local restaurants on account",
        offering="menus, leaflets and posters, delivered by our van, invoiced monthly",
        customers="B2B, restaurants and cafes",
        journey="they see a proof, approve it, we print and deliver, they reorder by text message, we invoice",
        kind="current", channels="text messages, email, phone",
        problems="proofs get approved late; reorders by text get missed", goal="fewer missed reorders")
    assert "Cart abandonment rate" not in md
    assert "Conversion rate" not in md


# 3. A waiting list of months or years is no appointment queue, and an organisation that takes no bookings gets
# no booking content.

def test_a_club_waiting_list_gets_no_appointment_waiting_or_online_booking(draft):
    _, md = draft(
        business="Millbrook Rowing Club, a volunteer-run community club with a membership waiting list of about 120 "
                 "people, the wait is around 18 months",
        offering="club membership, £180 a year, with use of the boats and coaching on Sundays; we take no bookings, "
                 "people just join the list",
        customers="local adults, students and retired people",
        journey="from the waiting list to first outing on the water", kind="current",
        channels="club website, email, the noticeboard in the boathouse, word of mouth",
        problems="people on the list hear nothing for months; new members drop out after the first winter",
        goal="a shorter wait and fewer dropouts")
    inferred = _inferred(md)
    for text in ("appointment time", "Average waiting time", "< 10 minutes", "Can't book online",
                 "24/7 online booking", "Booking page", "Share of bookings made online", "Double bookings"):
        assert text not in inferred, text


def test_a_housing_waiting_list_gets_no_minutes_of_waiting(draft):
    _, md = draft(
        business="Oakfield Housing Co-op, a small housing co-operative with 40 homes and a waiting list; people wait "
                 "two to three years for a home",
        offering="affordable homes to rent, members run the co-op together",
        customers="local families and single people on low incomes",
        journey="from joining the waiting list to moving into a home", kind="current",
        channels="email, our website, letters",
        problems="applicants never hear where they are on the waiting list; new members do not come to meetings",
        goal="keep applicants informed while they wait")
    inferred = _inferred(md)
    for text in ("appointment time", "Average waiting time", "< 10 minutes", "Can't book online",
                 "24/7 online booking"):
        assert text not in inferred, text


# 2. A business that comes to the customer: the first stage is named for the service, and nothing about the
# customer travelling to premises is inferred.

_TRAVEL = ("route and parking", "What do I need to bring", "opening hours", "waiting room", "Front desk",
           "nearest bus", "before leaving", "Arrives and checks in", "turn up on time")


def test_a_mobile_groomer_is_found_as_a_groomer_not_a_van_and_gets_no_travel_content(draft):
    _, md = draft(
        business="Bubbles on Wheels, a mobile dog grooming van, I come to your home",
        offering="full groom, bath and blow dry, nail trim, from £40",
        customers="B2C, busy dog owners and people who cant get to a salon",
        journey="first groom for a new customer", kind="current",
        channels="Facebook, phone calls, texts",
        problems="big dogs take longer so I run late for the next one", goal="more regular customers")
    assert "Find a van" not in md and "Find a groomer" in md
    assert "owned by Front desk" not in md
    inferred = _inferred(md)
    for text in _TRAVEL:
        assert text not in inferred, text


def test_a_mobile_mechanic_gets_no_travel_or_waiting_room_content(draft):
    _, md = draft(
        business="Spanner Sam, a mobile mechanic who comes to your home or workplace to repair cars on your driveway",
        offering="servicing, brakes, batteries and diagnostics at your door, a basic service is £120",
        customers="B2C, commuters and families who can't be without the car",
        journey="first repair for a new customer", kind="current", channels="Google, phone, WhatsApp",
        problems="parts are not in stock so I have to come back another day", goal="fewer second visits")
    assert "Find a van" not in md
    inferred = _inferred(md)
    for text in _TRAVEL:
        assert text not in inferred, text


def test_a_first_stage_named_for_the_vehicle_is_named_for_the_service(draft):
    _, md = draft(
        business="Sparkle Valet, I run a mobile car valeting van and clean cars on the customer's driveway",
        offering="interior valet, full valet, from £35", customers="B2C, busy car owners",
        journey="first valet for a new customer", kind="current", channels="Facebook, texts",
        problems="customers forget to leave the keys out", goal="more repeat customers")
    assert "Find a van" not in md


# 4. An industry read with little confidence: the stages are shown to confirm (TUI) and the CLI says so.

def test_the_cli_says_the_stages_were_not_confirmed_when_the_industry_is_unsure(draft):
    out, _ = draft(
        business="Bubbles on Wheels, a mobile grooming service for dogs, I come to your home",
        offering="full groom, bath and blow dry, nail trim, from £40",
        customers="B2C, busy dog owners and people who cant get to a salon",
        journey="first groom for a new customer", kind="current", channels="Facebook, phone calls, texts")
    assert "proposal was kept unconfirmed" in out and "stages = [" in out


def test_the_cli_says_nothing_of_confirming_when_the_owner_listed_stages(draft):
    out, md = draft(
        business="Bubbles on Wheels, a mobile grooming service for dogs, I come to your home",
        offering="full groom, bath and blow dry, nail trim, from £40",
        customers="B2C, busy dog owners and people who cant get to a salon",
        journey="first groom for a new customer", kind="current", channels="Facebook, phone calls, texts",
        stages=["Find a groomer", "Book a groom", "The groom", "Rebook"])
    assert "unconfirmed" not in out
    assert "Find a groomer" in md


async def test_the_interview_shows_the_stages_when_the_industry_is_read_at_little_confidence(tmp_path):
    app = make_app(tmp_path / "cjm.db")
    async with app.run_test(size=(120, 40)) as pilot:
        await new_interview(pilot, app)
        for answer in ("Bubbles on Wheels, a mobile grooming service for dogs, I come to your home",
                       "full groom, bath and blow dry, nail trim, from £40",
                       "B2C, busy dog owners and people who cant get to a salon",
                       "first groom for a new customer", "current state", "Facebook, phone calls, texts"):
            await send(pilot, app, answer)
        await send(pilot, app, "draft", typed=True)
        await settle(pilot, app)
        assert not isinstance(app.screen, ReviewScreen)  # not drafted before the stages are confirmed
        said = "\n".join(chat_texts(app)[-2:])
        assert "couldn't tell your industry" in said and "1. " in said
