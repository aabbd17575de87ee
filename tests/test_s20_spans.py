"""Round two, session 20: journeys told by their two ends, the service stage named for the service, and a place
nobody finds.

Each rule is tried on businesses that are in no dev or held-out case, and each test asserts what the owner sees in
the map (``cjm new --answers``, then the JSON export): the stages it has, where a problem is, its fix."""

from __future__ import annotations

import pytest

from cjm_assistant.engines.playbook.stages import MAX_BETWEEN, SERVICE, StagePlan, _kept_between, _template
from cjm_assistant.knowledge import steps as st


def _names(journey: dict) -> list[str]:
    return [s["name"] for s in journey["stages"]]


def _stage_of(journey: dict, *words: str) -> dict | None:
    for stage in journey["stages"]:
        for pain in stage["pain_points"]:
            if pain["provenance"] == "user" and all(w in pain["name"].lower() for w in words):
                return stage
    return None


def _user_pains(journey: dict) -> list[str]:
    placed = [p["name"] for s in journey["stages"] for p in s["pain_points"] if p["provenance"] == "user"]
    return placed + [u if isinstance(u, str) else u.get("name", "") for u in journey.get("unplaced") or []]


# ---------------------------------------------------------------------------
# 1. Results are what comes after: "getting the exam results" is the step after the service, not the service

@pytest.mark.parametrize("journey", [
    "from the first enquiry to getting the exam results",
    "from the first call to results day",
    "from booking the first lesson to getting their grades",
])
def test_results_are_a_step_after_the_service(journey):
    steps = st.parse_steps(journey)
    assert steps[-1].phase == "follow-up", [(s.text, s.phase) for s in steps]


@pytest.mark.parametrize("business, offering, journey, service", [
    ("Bright Minds, a maths tutoring service in Bristol for GCSE students", "weekly one-to-one maths tutoring",
     "from the first enquiry to getting the exam results", ("lesson", "tutoring")),
    ("Top Notes, violin teaching for children in Perth", "violin lessons for children, at the school or online",
     "from the first enquiry to the exam results", ("lesson",)),
])
def test_a_journey_of_two_ends_keeps_the_service_between_them(new_map, business, offering, journey, service):
    """Two ends and nothing of the service between them: the lessons are still on the map, between the enquiry
    and the results, and a problem about the lessons sits there, not on the end."""
    journey_map = new_map(business=business, offering=offering, customers="B2C, parents of teenagers",
                          journey=journey, kind="current", channels="website, WhatsApp",
                          problems="parents don't know if it's working until the results; "
                                   "tutors cancel lessons at short notice")
    names = [n.lower() for n in _names(journey_map)]
    first = next(i for i, n in enumerate(names) if "enquir" in n)
    last = next(i for i, n in enumerate(names) if "result" in n)
    between = [n for n in names[first + 1:last] if any(w in n for w in service)]
    assert between, names
    assert _stage_of(journey_map, "cancel")["name"].lower() in between


def _plan(name: str, phase: str) -> StagePlan:
    return StagePlan(_template(name, phase))


def test_the_service_between_two_ends_comes_besides_the_usual_stages_not_instead():
    plans = [_plan("Find and choose", "compare"), _plan("Book and pay", "book"),
             _plan("Before the day", "prepare"), _plan("The visit", "visit")]
    kept = _kept_between(plans)
    assert [p.template.name for p in kept] == ["Find and choose", "Book and pay", "The visit"]
    assert sum(p.phase in SERVICE for p in kept) == 1 and len(kept) == MAX_BETWEEN + 1


# ---------------------------------------------------------------------------
# 2. The visit named for the service the offering names, with the service's words, when the business is not one
#    the playbook knows

@pytest.mark.parametrize("business, offering, stage", [
    ("Ember Glass, a glassblowing studio in Stroud", "glassblowing taster classes", "the classes"),
    ("Still Waters, guided forest bathing in the Quantocks", "forest bathing sessions for stressed professionals",
     "the sessions"),
])
def test_the_service_stage_is_named_for_the_service(new_map, business, offering, stage):
    journey_map = new_map(business=business, offering=offering, customers="B2C, adults", journey="first booking",
                          kind="current", channels="website, Instagram",
                          problems="people cannot find the entrance")
    names = [n.lower() for n in _names(journey_map)]
    assert stage in names and "the visit" not in names, names
    service = next(s for s in journey_map["stages"] if s["name"].lower() == stage)
    assert "check" not in " ".join(a["text"] if isinstance(a, dict) else a for a in service["actions"]).lower()
    assert _stage_of(journey_map, "entrance")["name"].lower() == stage


@pytest.mark.parametrize("business, offering", [
    ("Knead Me, mobile sports massage, we come to you at home", "sports massage at your home"),
    ("Ember Glass, a glassblowing studio in Stroud", "handblown glass vases and bowls"),
])
def test_the_visit_keeps_its_name_when_the_offering_names_no_service_or_it_comes_to_them(new_map, business,
                                                                                        offering):
    journey_map = new_map(business=business, offering=offering, customers="B2C, adults", journey="first booking",
                          kind="current", channels="website, Instagram", problems="the website is slow")
    names = [n.lower() for n in _names(journey_map)]
    assert "the visit" in names, names
    assert not any(n in names for n in ("the massage", "the glass"))


# ---------------------------------------------------------------------------
# 3. A place nobody finds: not a step named "Find us on Instagram", and a fix about directions

@pytest.mark.parametrize("business, journey, problem, words", [
    ("Oak Barn Weddings, a wedding venue in a converted barn near Hereford",
     "find us on Instagram, message us, do a viewing, book the date", "couples can't find the barn for viewings",
     ("barn",)),
    ("Hillside Kennels, dog boarding on a farm outside Brecon",
     "find us on Instagram, book a stay, drop the dog off, pick the dog up", "owners can't find the kennels",
     ("kennels",)),
])
def test_a_place_nobody_finds_is_not_on_a_step_found_online(new_map, business, journey, problem, words):
    journey_map = new_map(business=business, offering="bookings", customers="B2C, couples and dog owners",
                          journey=journey, kind="current",
                          channels="Instagram, website, email", problems=f"{problem}; deposits are confusing")
    stage = _stage_of(journey_map, *words)
    assert stage is not None, _user_pains(journey_map)
    assert "instagram" not in stage["name"].lower(), _names(journey_map)


@pytest.mark.parametrize("problem", [
    "people can't find the reception",
    "visitors never find the front desk",
    "clients can't find the clinic",
])
def test_a_place_nobody_finds_gets_directions(new_map, problem):
    journey_map = new_map(business="Harbour Health, a sports injury clinic in Falmouth", offering="physio",
                          customers="B2C, runners", journey="first appointment", kind="current",
                          channels="website, phone", problems=problem)
    fixes = [o["name"].lower() for s in journey_map["stages"] for o in s["opportunities"]]
    assert any("directions" in f for f in fixes), fixes
