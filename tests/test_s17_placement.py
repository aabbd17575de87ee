"""Round two, session 17: a stated problem on the step where it happens, and the owner's own steps in the journey.

Each rule is tried on businesses that are in no dev or held-out case (two or three paraphrases each), and each test
asserts what the owner sees in the map (``cjm new --answers``, then the JSON export): the stage a problem is on, the
stages the map has."""

from __future__ import annotations

import pytest

from cjm_assistant.knowledge import steps as st


def _stage_of(journey: dict, *words: str) -> dict | None:
    """The stage holding the owner's pain point whose name has all of ``words`` (None: not placed)."""
    for stage in journey["stages"]:
        for pain in stage["pain_points"]:
            if pain["provenance"] == "user" and all(w in pain["name"].lower() for w in words):
                return stage
    unplaced = [u if isinstance(u, str) else u.get("name", "") for u in journey.get("unplaced") or []]
    assert any(all(w in u.lower() for w in words) for u in unplaced), \
        f"no pain point with {words}: " + "; ".join(p["name"] for s in journey["stages"] for p in s["pain_points"])
    return None


def _names(journey: dict) -> list[str]:
    return [s["name"] for s in journey["stages"]]


def _placed(journey: dict, *words: str) -> str:
    stage = _stage_of(journey, *words)
    assert stage is not None, f"{words} left under 'Not yet placed'; stages {_names(journey)}"
    return stage["name"]


# ---------------------------------------------------------------------------
# 1. Used up or cut off with no warning, or said to happen mid-way through the use: the step of use, not the buying

_ROUTER = dict(business="Pocketfi, rental 4G routers for holidays, posted anywhere in the UK, two of us",
               offering="pocket wifi routers hired by the week with a data allowance", kind="current",
               customers="families going abroad, people on work trips",
               channels="website, email, Royal Mail",
               journey="order a router on the website, it arrives in the post, use it while away, post it back")

_METER = dict(business="Brightwater Energy, a small prepay energy supplier for flats in Bristol",
              offering="prepayment gas and electricity with a top-up app", kind="current",
              customers="tenants in rented flats, students",
              channels="app, phone, text",
              journey="sign up on the app, get the smart meter set up, top up in the app, use the heating every day, "
                      "move out or switch")


@pytest.mark.parametrize("answers,problem,words,use", [
    (_ROUTER, "the data ran out with no warning and they were stuck without maps", ("ran out",), "use it while away"),
    (_ROUTER, "the battery died halfway through the holiday", ("battery",), "use it while away"),
    (_METER, "the credit runs out overnight without any warning", ("credit",), ""),
])
def test_a_thing_used_up_mid_way_is_on_the_step_of_use(new_map, answers, problem, words, use):
    journey = new_map(**answers, problems=problem)
    stage = _placed(journey, *words).lower()
    assert not stage.startswith(("order", "sign up", "get the smart meter")), (stage, _names(journey))
    if use:
        assert stage == use, (stage, _names(journey))


# ---------------------------------------------------------------------------
# 2. Help asked for in use and slow to come: where people get help or use it, not where they bought or set it up

_BOILER = dict(business="Hearthguard, boiler cover plans, a call centre of 6 and 20 engineers",
               offering="monthly boiler and heating cover with repairs", kind="current",
               customers="homeowners and landlords",
               channels="website, phone, email",
               journey="buy cover online, get the welcome pack, use the cover when the boiler breaks, renew each year")


@pytest.mark.parametrize("problem,words", [
    ("the helpline kept her waiting over an hour when the heating stopped", ("helpline",)),
    ("live chat takes hours to answer at weekends", ("live chat",)),
])
def test_slow_help_once_in_use_is_not_on_the_buying_step(new_map, problem, words):
    journey = new_map(**_BOILER, problems=problem)
    stage = _placed(journey, *words).lower()
    assert "buy" not in stage and "welcome" not in stage, (stage, _names(journey))


# ---------------------------------------------------------------------------
# 3. Rivals and strangers at the door: where people find and choose, never "Afterwards"

_PAVER = dict(business="Granite Line Driveways, block paving and resin drives in Leicestershire, four of us",
              offering="block paving, resin bound drives, patios", kind="current",
              customers="homeowners", channels="leaflets, Facebook, phone, Google",
              journey="someone wanting a new drive from first phone call to the drive laid and paid")


@pytest.mark.parametrize("problem,words", [
    ("cold callers undercut our prices and do a rubbish job", ("cold callers",)),
    ("a man knocked on the door offering to redo his drive for cash", ("knocked",)),
    ("rogue traders go door to door after every bad winter", ("rogue traders",)),
])
def test_rivals_at_the_door_are_where_people_choose_not_afterwards(new_map, problem, words):
    journey = new_map(**_PAVER, problems=problem)
    stage = _placed(journey, *words).lower()
    assert stage not in ("afterwards", "come back", "recommend"), (stage, _names(journey))
    names = [n.lower() for n in _names(journey)]
    assert names.index(stage) < len(names) // 2, (stage, names)  # early in the journey


# ---------------------------------------------------------------------------
# 4. Someone's arrival not told to the people on site: the visit, not afterwards

_GUTTERS = dict(business="ClearFlow, gutter and roof cleaning for housing associations, six crews",
                offering="gutter clearing and moss removal on blocks and estates", kind="current",
                customers="housing associations and their tenants", channels="email, phone, portal",
                journey="the job is booked by the housing officer, the crew go out, we send photos, they pay the invoice")


@pytest.mark.parametrize("problem", [
    "the crews dont tell the tenants theyre coming so cars are parked in the way",
    "nobody warns residents they're coming and the ladders block the doors",
])
def test_not_telling_people_someone_is_coming_is_on_the_visit(new_map, problem):
    journey = new_map(**_GUTTERS, problems=problem)
    stage = _placed(journey, "coming").lower()
    assert stage not in ("afterwards", "come back") and "pay" not in stage, (stage, _names(journey))


# ---------------------------------------------------------------------------
# 5. The thing a problem is about names its step: a receipt is the paying, a colour unlike the photo the receiving

_PRINTS = dict(business="Inkwell Prints, online art prints and frames, a studio of three in Norwich",
               offering="giclee prints, framed prints, posted in a tube or a box", kind="current",
               customers="home decorators, offices buying for their walls", channels="website, Etsy, email",
               journey="browse the website, order and pay, the print is delivered, hang it up")


@pytest.mark.parametrize("problem,words,kind", [
    ("the receipt doesnt show VAT so offices cant claim it", ("receipt",), "pay"),
    ("the colours looked nothing like the photos on the website", ("colours",), "deliver"),
    ("the frame was a different shade to the picture", ("frame",), "deliver"),
])
def test_what_a_problem_is_about_places_it_instead_of_leaving_it_unplaced(new_map, problem, words, kind):
    journey = new_map(**_PRINTS, problems=problem)
    stage = _placed(journey, *words).lower()
    assert kind in stage, (stage, _names(journey))


# ---------------------------------------------------------------------------
# 6. A journey told by its two ends keeps the owner's steps and the service between them

def test_who_does_two_doings_is_two_steps():
    steps = st.parse_steps("from first contact to the tenant getting the keys and paying the deposit")
    assert [s.name for s in steps][-2:] == ["The tenant getting the keys", "Paying the deposit"] or \
        [s.name for s in steps][-2:] == ["Getting the keys", "Paying the deposit"], [s.name for s in steps]


def test_a_thing_being_due_keeps_its_thing_in_the_step_name():
    steps = st.parse_steps("from the MOT being due to the car passing and the customer paying")
    assert steps[0].name.lower().startswith("the mot being due"), [s.name for s in steps]


@pytest.mark.parametrize("journey,report", [
    ("from the boiler service being due to the customer getting their gas safety certificate and paying for repairs",
     "certificate"),
    ("from the annual inspection being due to the client getting their report and paying for any works", "report"),
])
def test_a_journey_told_by_its_ends_keeps_its_steps_and_the_visit_between(new_map, journey, report):
    answers = dict(business="Northgate Compliance, servicing for landlords and offices, 5 engineers",
                   offering="annual servicing, inspections and certificates, repairs", kind="current",
                   customers="landlords, letting agents, office managers", channels="email, phone",
                   journey=journey,
                   problems="engineers arrive and nobody has the keys. the certificates take weeks to come")
    journey_map = new_map(**answers)
    names = [n.lower() for n in _names(journey_map)]
    assert any(report in n for n in names), names
    assert any(n.startswith("paying") for n in names), names
    # the service stage between them: "The visit", or named for the service the offering names ("The servicing")
    visit = next((i for i, n in enumerate(names) if "visit" in n or n == "the servicing"), None)
    assert visit is not None and visit < next(i for i, n in enumerate(names) if report in n), names
    assert _placed(journey_map, "keys").lower() == names[visit]


def test_a_journey_listed_on_through_to_its_end_is_not_a_span():
    assert not st.is_span("a member joining through to the first class, booking it, and renewing")
    assert st.is_span("from the service being due to getting the certificate and paying")


# ---------------------------------------------------------------------------
# 7. The place itself, met when people are there (seats, toilets, stairs): the visit, not "Not yet placed"

_CHOIR_CONCERTS = dict(business="Westgate Singers, a community choir putting on concerts in a church hall",
                       offering="four concerts a year and carol evenings", kind="current",
                       customers="families, older people from the parish", channels="Facebook, posters, email",
                       journey="see a poster, buy a ticket online, come to the concert, get the newsletter")
_PHYSIO = dict(business="Mendwell Physio, a clinic of three physios above a shop in Harrogate",
               offering="sports massage, back pain treatment, rehab", kind="current",
               customers="runners, office workers, older people after operations", channels="phone, website, Google",
               journey="find us on Google, book online, come in for the appointment, do the exercises at home")


@pytest.mark.parametrize("answers,problem,words,visit", [
    (_CHOIR_CONCERTS, "the hall chairs are uncomfortable for a two hour concert", ("chairs",), "come to the concert"),
    (_CHOIR_CONCERTS, "the stairs up to the hall are too steep for people with bad knees", ("stairs",),
     "come to the concert"),
    (_PHYSIO, "the waiting room is cramped and there are not enough chairs", ("waiting room",), "come in"),
])
def test_the_place_itself_is_where_people_come(new_map, answers, problem, words, visit):
    journey = new_map(**answers, problems=problem)
    assert _placed(journey, *words).lower().startswith(visit), _names(journey)
