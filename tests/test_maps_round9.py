"""Issue 11, round 9: maps right for businesses nobody tuned for. Each test is phrased from a rule, never from a
business: the answers are built here for trades that are in no example, dev or held-out case."""

from __future__ import annotations

import pytest

from cjm_assistant.knowledge import kinds
from cjm_assistant.knowledge import steps as st
from cjm_assistant.knowledge.lists import split_statements


def _items(journey: dict):
    """(kind, text) of every item on the map's stages."""
    for s in journey["stages"]:
        for a in s["actions"]:
            yield "action", a["text"]
        for t in s["touchpoints"]:
            yield "touchpoint", t["name"]
        for p in s["pain_points"]:
            yield "pain point", f"{p['name']} {p.get('description', '')}"
        for o in s["opportunities"]:
            yield "opportunity", o["name"]
        for k in s["kpis"]:
            yield "kpi", k["name"]


# ---------------------------------------------------------------------------
# 1. A capability the owner denies takes with it everything that exists only because of it


def test_a_denied_channel_lacks_its_capability_unless_another_of_its_channels_is_stated():
    assert "delivery" in kinds.denied({"delivery"}, set())
    assert "delivery" not in kinds.denied({"delivery"}, {"post"})  # "no delivery van, we post it": it is sent
    assert "checkout" in kinds.denied({"online-shop"}, set())
    assert kinds.denied(set(), {"delivery"}) == set()


@pytest.mark.parametrize("channels", ["market stall, Facebook, no delivery", "market stall and Facebook. We don't deliver."])
def test_goods_not_delivered_get_no_delivery_lines_even_where_their_kind_usually_delivers(new_map, channels):
    journey = new_map(business="Hedgerow Preserves, jams and chutneys", offering="jams, chutneys and gift jars",
                      customers="locals and tourists", journey="first taste to regular", kind="current",
                      channels=channels)
    said = [t for kind, t in _items(journey) if kind in ("pain point", "opportunity", "kpi") and "deliver" in t.lower()]
    assert not said, said


def test_goods_never_sent_out_get_no_parcel_lines():
    lacks = {"delivery"}
    for text in ("Card or leaflet in the package", "Orders arriving intact", "'Where is my order?' contacts"):
        assert kinds.assumes(text, lacks) == "delivery", text
    assert not kinds.assumes("Choose a package of sessions", lacks)  # a package of sessions is no parcel


# ---------------------------------------------------------------------------
# 2. The stages before the owner's first step need nothing of it


def test_no_side_of_a_deal_comes_before_the_owners_first_step_of_signing_up(new_map):
    journey = new_map(business="Spare Seats, a charity", offering="we pass unsold theatre tickets to carers",
                      customers="two sides: theatres with seats left, and carers who want a night out",
                      journey="theatres sign up, they post spare seats, we match a carer, the carer goes to the show",
                      kind="current", channels="email, Facebook")
    names = [s["name"] for s in journey["stages"]]
    assert names.index("Theatres sign up") <= 1, names
    sided = [t for kind, t in _items(journey) if "seller" in t.lower() or "sets a price" in t.lower()]
    assert not sided, sided


@pytest.mark.parametrize("step", ["families take what they need", "people pick whatever they want",
                                  "guests eat what they ordered"])
def test_a_phase_word_inside_what_the_verb_takes_names_no_phase(step):
    assert st.phase_of(step)[0] is None, step


def test_a_need_said_as_the_step_is_still_noticing_a_need():
    assert st.phase_of("they need a locksmith")[0] == "discover"


# ---------------------------------------------------------------------------
# 3. A sole trader's "me" stays "me"


def test_a_sole_trader_who_says_me_keeps_me_and_a_business_that_says_we_is_us():
    names = [s.name for s in st.parse_steps("someone rings, I book them in, I fix it, they pay me there")]
    assert "Pay me there" in names, names
    names = [s.name for s in st.parse_steps("they message me, we book a slot, we go out")]
    assert names[0] == "Message us", names


# ---------------------------------------------------------------------------
# 4. A group of its own doing something is a problem of its own


@pytest.mark.parametrize("said, statements", [
    ("slots fill up in minutes and regulars give up trying", ["Slots fill up in minutes", "Regulars give up trying"]),
    ("boxes pile up in the hall and the neighbours moan", ["Boxes pile up in the hall", "The neighbours moan"]),
])
def test_a_named_group_reacting_after_and_is_a_problem_of_its_own(said, statements):
    assert split_statements(said) == statements


@pytest.mark.parametrize("said", ["the queue is long and people go elsewhere", "the wait is long and customers complain",
                                  # what the group reacts to is no problem of its own: the reaction is the problem
                                  "letters go out and tenants go quiet"])
def test_anyone_at_all_reacting_or_a_reaction_to_no_problem_stays_one_problem(said):
    assert len(split_statements(said)) == 1
