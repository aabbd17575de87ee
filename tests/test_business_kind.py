"""The kind of business the answers describe (issue 11): a service is known by what is done for a customer,
who does it and where, not only by booking words; a product by goods made, kept and sold; and when nothing
points either way the answer is neither, so nothing of one kind is assumed."""

import pytest

from cjm_assistant.domain.profile import PersonaProfile, Profile
from cjm_assistant.engines.playbook import PlaybookEngine, compose_with_notes
from cjm_assistant.interview import Interview, script
from cjm_assistant.knowledge import kinds as steps


def kind(text: str, b2b: bool = False) -> str:
    return steps.business_kind(text, False, b2b)


# 1. What is done for a customer, who does it, and where, say "service".

@pytest.mark.parametrize("text", [
    "a two-van emergency plumber in Leeds",
    "emergency call-outs for leaks, boiler repairs, bathroom fitting quotes",
    "an electrician covering Sheffield",
    "Ridgeway, a family dental practice",
    "a dog grooming van",
    "an accountant for sole traders",
    "two physiotherapists and a sports massage therapist",  # people named by their trade's ending
    "an independent optician",
])
def test_a_trade_done_for_the_customer_is_a_service(text):
    assert kind(text) == "service"


# 2. Goods made, kept and sold say "product".

@pytest.mark.parametrize("text", [
    "handmade candles, sent by courier anywhere in the UK",  # the courier a shop sends with is not what it is
    "handmade candles from our online shop, and we courier them to you",
    "a candle maker selling online",
    "handmade soaps, sold through our online shop and at markets",
    "a small range of roasted coffee, shipped to your door",
])
def test_goods_made_and_sold_are_a_product(text):
    assert kind(text) == "product"


def test_a_word_that_only_looks_like_a_trade_is_not_one():
    assert steps._occupations("a florist with a checklist and a wishlist") == 0
    assert steps._occupations("our dentists and an electrician") == 2


# 3. Nothing either way: neither kind.

@pytest.mark.parametrize("text", ["we do stuff", "Acme Ltd, in Leeds since 1998", ""])
def test_nothing_pointing_either_way_is_neither(text):
    assert kind(text) == steps.NEITHER


def test_a_business_of_neither_kind_is_assumed_to_have_no_capability_it_did_not_state():
    assert {"delivery", "products", "checkout"} <= steps.lacking("we do stuff", kind("we do stuff"))


def test_a_business_customer_is_b2b_unless_the_words_say_service():
    assert kind("boxes and tape for online shops", b2b=True) == "b2b"
    assert kind("payroll advice and bookkeeping for small firms", b2b=True) == "service"
    # the trades and places named are the customers': "physio clinics" do not make a supplier a service
    assert kind("CPM machines delivered to patients, ordered by physio clinics and consultant surgeons",
                b2b=True) == "b2b"


def test_a_call_out_service_no_industry_covers_keeps_the_call_outs_own_steps():
    profile = Profile(business_name="Doorstop", description="Doorstop sorts out jammed doors and broken locks",
                      offering="door and lock fixes", journey="an emergency callout at night", kind="current",
                      business_model="B2C", personas=[PersonaProfile(name="Sam", description="locked out")])
    assert kind(f"{profile.description} {profile.offering} {profile.journey}") == "service"
    journey, _ = compose_with_notes(profile)
    assert "Waiting for them to arrive" in [s.name for s in journey.stages]


# 4. The interview's examples fit the business; with no kind, the questions keep their own.

def _journey_prompt(*answers: str) -> str:
    interview = Interview(PlaybookEngine())
    for text in answers:
        interview.answer(text)
        if interview.state.follow_up:  # a vague answer's one follow-up
            interview.answer("skip")
    assert interview.question is not None and interview.question.key == "journey"
    return interview.prompt().split("For example:")[1]


def test_a_plumbers_journey_example_is_not_a_shops():
    example = _journey_prompt("Dryline, a two-van emergency plumber in Leeds",
                              "emergency call-outs for leaks, boiler repairs, bathroom fitting quotes",
                              "B2C: homeowners and landlords")
    assert script().examples["product"]["journey"] not in example
    assert "deliver" not in example and "plant" not in example


@pytest.mark.parametrize("answers", [
    ("Swift Couriers, same-day courier in Bristol", "delivering parcels and documents for local businesses",
     "B2C and a few offices"),
    ("Town Cars, a taxi firm in Penrith", "airport runs, school runs and nights out", "B2C: locals and visitors"),
    ("Spotless Panes, a window cleaning round in Leeds", "windows, gutters and conservatory roofs",
     "B2C: homeowners"),
    ("DJ Ronnie, a wedding DJ", "evening discos for weddings and parties", "B2C: couples getting married"),
])
def test_a_business_that_moves_or_performs_for_people_is_not_shown_a_shops_examples(answers):
    """A courier's parcels are other people's, not goods sold: a courier (or a taxi firm, a window cleaner, a DJ)
    is asked about its journey with a service's example, never the plant shop's ordering and delivery."""
    example = _journey_prompt(*answers)
    assert script().examples["product"]["journey"] not in example
    assert "plant" not in example and "basket" not in example


def test_a_window_cleaner_is_shown_the_example_of_a_trade_that_goes_to_the_customer():
    example = _journey_prompt("Spotless Panes, a window cleaning round in Leeds",
                              "windows, gutters and conservatory roofs", "B2C: homeowners")
    assert script().examples["visiting"]["journey"] in example


def test_a_business_of_no_known_kind_is_shown_the_questions_own_example():
    example = _journey_prompt("Acme Ltd, a family business in Leeds", "we do stuff", "B2C: local people")
    journey = next(q for q in script().questions if q.key == "journey")
    assert journey.example in example


# 5. The offline map of a service no industry covers takes a service's stages, with nothing delivered.

def test_a_service_no_industry_covers_is_mapped_without_delivery():
    profile = Profile(business_name="Suds on Wheels", description="Suds on Wheels, a dog grooming van in Derby",
                      offering="washes, trims and nail clipping at your door", customers="dog owners",
                      kind="current", personas=[PersonaProfile(name="Sam", description="owns a spaniel")])
    journey, _ = compose_with_notes(profile)
    names = " ".join(s.name for s in journey.stages).casefold()
    assert "deliver" not in names and "order" not in names


@pytest.mark.parametrize("answers, capability", [
    ("three cyclists carrying court papers; phone and a web form, no app", "software"),
    ("we don't have an app or a portal; clients ring us", "software"),
    ("a cake shop, no delivery", "delivery"),
])
def test_a_capability_named_only_in_a_denial_is_not_had(answers, capability):
    # "no app" in a courier's channels gave every owner step 'Weekly active use', a software measure
    assert capability in steps.lacking(answers, "general")


@pytest.mark.parametrize("answers, capability", [
    ("clients book through our app", "software"),
    ("not sure the app helps but clients use it", "software"),
    ("no minimum order, we deliver across town", "delivery"),
])
def test_a_capability_named_beside_a_negation_of_something_else_is_had(answers, capability):
    assert capability not in steps.lacking(answers, "general")


@pytest.mark.parametrize("answers, capability", [
    ("no prices on the website, people have to ask", "prices"),
    ("we deliver, but no delivery on Sundays", "delivery"),
    ("no delivery at weekends", "delivery"),
])
def test_a_denial_of_where_or_when_leaves_the_thing_itself(answers, capability):
    assert capability not in steps.lacking(answers, "general")


def test_a_denial_reaches_no_further_than_its_clause():
    # "accountants aren't invited; product analytics of the trial" denies nothing about products
    assert "products" not in steps.lacking("accountants aren't invited; product analytics of the trial funnel",
                                           "general")
