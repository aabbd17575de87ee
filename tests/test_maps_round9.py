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


# ---------------------------------------------------------------------------
# 5. "..., X or Y": the last two items of a list are two


@pytest.mark.parametrize("said, statements", [
    ("slow replies, hidden fees or late refunds", ["Slow replies", "Hidden fees", "Late refunds"]),
    ("no parking, no toilets and no signage", ["No parking", "No toilets", "No signage"]),
    # what the first item says of its subject is said of it again
    ("invoices get paid late, lost or ignored", ["Invoices get paid late", "Invoices get lost", "Invoices get ignored"]),
    ("the bins are full, smelly, or missing", ["The bins are full", "The bins are smelly", "The bins are missing"]),
])
def test_the_last_two_items_of_a_comma_list_are_two_statements(said, statements):
    assert split_statements(said) == statements


@pytest.mark.parametrize("said", ["calls, emails and texts go unanswered", "wrong size, wrong colour or both"])
def test_a_list_whose_end_is_a_clause_or_no_item_is_not_split_there(said):
    assert len(split_statements(said)) == 2


# ---------------------------------------------------------------------------
# 6. Removing a channel takes the stock problems that exist only because of it


def test_removing_the_only_channel_of_a_kind_removes_its_stock_problems_and_keeps_the_owners(new_map):
    from cjm_assistant.domain import edits
    from cjm_assistant.domain.model import JourneyMap
    from cjm_assistant.engines import instructions
    from cjm_assistant.knowledge.catalogue import load

    data = new_map(business="Lantern Yoga, a small yoga studio", offering="classes and workshops",
                   customers="busy adults", journey="from first class to regular", kind="current",
                   channels="Instagram, email, front desk", problems="people don't tag us in posts")
    journey = JourneyMap.model_validate(data)
    social = {i.name for i in load().pain_points.values() if "instagram" in i.channels}
    before = {p.name: p.provenance for _, p in journey.pain_points()}
    assert set(before) & social - {n for n, prov in before.items() if prov == "user"}, before  # stock ones there
    after = edits.apply(journey, instructions.parse(journey, "remove the Instagram channel"))
    left = {p.name: p.provenance for _, p in after.pain_points()}
    assert not [n for n, prov in left.items() if prov != "user" and n in social], left
    assert [n for n, prov in left.items() if prov == "user"] == [n for n, prov in before.items() if prov == "user"]
    addressed = {a for s in after.stages for o in s.opportunities for a in o.addresses}
    assert addressed <= {p.id for _, p in after.pain_points()}


# ---------------------------------------------------------------------------
# 7. The owner who goes to the customer: "I pop round", "we visit monthly"


@pytest.mark.parametrize("said", ["I pop round to measure up", "we call round once a month", "then I nip over",
                                  "we visit them twice a week", "I visit monthly", "we turn up with the kit"])
def test_the_owner_going_round_comes_to_the_customer(said):
    assert kinds.comes_to_customer(said), said


@pytest.mark.parametrize("said", ["they pop in for a coffee", "we go over the figures together",
                                  "we visit trade fairs in spring"])
def test_customers_coming_in_or_the_owner_going_elsewhere_is_no_visit_to_the_customer(said):
    assert not kinds.comes_to_customer(said), said


def test_a_business_to_business_service_that_goes_round_gets_no_waiting_room(new_map):
    journey = new_map(business="Clearview, window cleaning for shops and offices", offering="window cleaning",
                      customers="B2B: shop owners and office managers", kind="current", channels="phone, email",
                      journey="they ring, I pop round to price it up, we agree a day, I clean every fortnight, "
                              "they pay the invoice")
    said = [t for kind, t in _items(journey) if "checks in" in t.lower() or "waiting time" in t.lower()]
    assert not said, said


def test_where_the_step_takes_things_from_is_no_step_of_its_own():
    assert st.phase_of("they pick frames from our list")[0] is None
    assert st.phase_of("they come for a visit")[0] == "visit"


# ---------------------------------------------------------------------------
# 8. A list people sign is no listing; the owner's step that says the problem's words wins over a topic's guess


@pytest.mark.parametrize("step", ["sign the mailing list on the way out", "the office writes a list of who wants what",
                                  "we put them on our waiting list"])
def test_a_list_as_a_noun_is_no_listing(step):
    assert st.phase_of(step)[0] != "list", step


@pytest.mark.parametrize("step", ["sellers list their bikes", "list it in two minutes", "makers create a listing"])
def test_listing_something_is_still_listing(step):
    assert st.phase_of(step)[0] == "list", step


def test_a_problem_goes_on_the_step_that_says_its_words_not_where_its_topic_usually_is(new_map):
    journey = new_map(business="Riverside Lido, an outdoor pool run by volunteers", offering="swims and a kiosk",
                      customers="local families and year-round swimmers", kind="current", channels="Facebook",
                      journey="hear about us, book a swim online, collect a wristband at the gate, swim, "
                              "hot drinks at the kiosk after the swim",
                      problems="the kiosk queue after the swim takes forever")
    on = {p["name"]: s["name"] for s in journey["stages"] for p in s["pain_points"]}
    said = next(n for n in on if "kiosk" in n.lower())
    assert on[said].startswith("Hot drinks"), on  # "Hot drinks at the kiosk after the swim", not the gate


# ---------------------------------------------------------------------------
# 9. Sixth dev set, by class: getting in, who arrived, how people take it; channels said and denied


def test_not_being_let_in_is_about_the_visit():
    for said in ("the tenants don't let me in", "the office had locked up and gone", "nobody there to open the door"):
        topic = st.about(said)
        assert topic is not None and "visit" in topic.phases, said


def test_someone_arriving_before_a_problem_is_when_it_happened_not_a_problem_of_its_own():
    assert len(split_statements("the fitter turned up and the site had locked up and gone")) == 1
    assert split_statements("the van arrived late and the driver was rude") == ["The van arrived late",
                                                                                "The driver was rude"]


def test_people_getting_cross_is_how_they_take_the_problem_before_it():
    assert len(split_statements("we can't take bookings in August and people get cross")) == 1


@pytest.mark.parametrize("answer, name", [
    ("phone, the Kendal community noticeboard", "Community noticeboard"),
    ("phone, the Federation 'find a farrier' page", "Federation 'find a farrier' page"),
    ("email, the council's business directory", "Council's business directory"),
])
def test_a_noticeboard_or_someone_elses_directory_is_a_channel_named_as_said(answer, name):
    from cjm_assistant.knowledge.channel_items import read_channels

    said, _ = read_channels(answer)
    assert name in [c.name for c in said], [c.name for c in said]


@pytest.mark.parametrize("answer, missing", [
    ("phone, email. we've got no facebook or instagram", {"facebook", "instagram"}),
    ("we don't have a website (a national map lists us) and there's no phone number", {"website", "phone"}),
    ("we have no email address", {"email"}),
])
def test_every_way_of_saying_a_channel_is_lacking_is_read(answer, missing):
    from cjm_assistant.knowledge.channel_items import channels_said_missing, read_channels

    assert missing <= channels_said_missing([answer])
    assert not {c.key for c in read_channels(answer)[0]} & missing


def test_a_channel_the_owner_lacks_is_neither_taken_from_a_persona_nor_suggested(new_map):
    journey = new_map(business="Brightwater Drainage, drain unblocking in Swindon", offering="drain unblocking",
                      customers="homeowners", kind="current", journey="they ring, we book a slot, we come out",
                      channels="phone, Checkatrade. no website, no online booking, we don't use email",
                      problems="we miss calls when we're on a job",
                      personas=[{"name": "Homeowner Jo", "channels": "email, website"}])
    names = {c["name"].lower() for c in journey["channels"]}
    assert not names & {"email", "website"}, names
    said = [t for kind, t in _items(journey)
            if any(w in t.lower() for w in ("online booking", "book online", "email", "our website"))]
    assert not said, said


# ---------------------------------------------------------------------------
# 10. A journey told in labelled parts: each side's problems on its own part


def test_a_journey_told_in_labelled_parts_keeps_whose_part_each_step_is_in():
    steps = st.parse_steps("walkers: find a walk online, book a place, meet at the car park, walk. "
                           "leaders: apply to lead, shadow a walk, lead a walk monthly")
    assert [s.group for s in steps] == ["walkers"] * 4 + ["leaders"] * 3, [(s.group, s.name) for s in steps]
    assert {s.group for s in st.parse_steps("they ring, we book them in, we go out, they pay")} == {""}


def test_a_step_before_from_is_a_step_not_the_journeys_scope():
    names = [s.name for s in st.parse_steps("they get a code from a partner (a GP, a school), they come to a "
                                            "session, we hand over a bag")]
    assert names[0].startswith("Get a code from a partner"), names


def test_a_persona_or_a_problem_naming_one_part_goes_on_that_part(new_map):
    journey = new_map(business="Pathfinders, a charity running guided walks in Dartmoor",
                      offering="free guided walks", customers="walkers and volunteer walk leaders", kind="current",
                      channels="Facebook, email",
                      journey="walkers: find a walk online, book a place, meet at the car park, walk together. "
                              "leaders: apply to lead, shadow a walk, go on the rota, lead a walk monthly",
                      problems="the same 4 leaders do every walk so they're worn out",
                      personas=[{"name": "Walker Sue", "description": "retired, walks every week",
                                 "frustrations": "the car park fills up by 9"},
                                {"name": "Leader Tom", "description": "volunteer leader",
                                 "frustrations": "I'm on the rota every weekend"}])
    on = {p["name"]: s["name"] for s in journey["stages"] for p in s["pain_points"]}
    leaders = {"Apply to lead", "Shadow a walk", "Go on the rota", "Lead a walk monthly"}
    assert on.get("I'm on the rota every weekend") in leaders, on
    worn = next((n for n in on if "worn out" in n.lower()), None)
    assert worn and on[worn] in leaders, on


def test_recruiting_people_is_about_joining():
    from cjm_assistant.knowledge import text as tx
    from cjm_assistant.knowledge.catalogue import load

    join = load().vocab.phases["join"].keywords
    for said in ("we can't recruit younger helpers", "applications take weeks to process"):
        assert tx.keyword_score(tx.tokens(said), join) > 0, said


def test_a_piece_that_only_says_when_the_step_before_happens_is_part_of_it():
    names = [s.name for s in st.parse_steps("they ring, usually after a bad inspection, we do a survey, they pay")]
    assert len(names) == 3 and names[0].startswith("Ring"), names
    names = [s.name for s in st.parse_steps("they book, we visit, after the visit we send a report, they pay")]
    assert len(names) == 4, names  # a clause of its own after "after the visit" is a step
