"""Session 22: a stated problem goes on the moment it happens. Getting a booking, a free date or a first price
happens where people ask or book, before the service, never on it or after it; a price that went up once people had
bought happens where they pay as they go, never on the step where they first asked for a price.

Businesses here are invented for these tests (none is in tests/dev or tests/heldout).
"""

import pytest

from cjm_assistant.domain.profile import Profile
from cjm_assistant.engines.playbook import compose_with_notes
from cjm_assistant.knowledge.steps import phase_of


def _map(journey: str, problems: list[str], **kw):
    base = dict(business_name="Inkwell Studio", description="Inkwell Studio, a tattoo studio in Leith",
                offering="custom tattoos and cover-ups", customers="adults, lots of first-timers", kind="current",
                journey=journey, problems=problems)
    return compose_with_notes(Profile(**{**base, **kw}))[0]


def _stage_of(journey, start: str):
    """The name of the stage that holds the pain point starting with ``start`` (None when not placed)."""
    return next((s.name for s in journey.stages for p in s.pain_points if p.name.casefold().startswith(start)), None)


@pytest.mark.parametrize("problem", [
    "no appointments left before Christmas",
    "people book too late, like a week before their holiday",
    "waited weeks for a date",
    "clients don't know which size of design they need",
])
def test_a_problem_of_getting_a_booking_is_placed_before_the_service(problem):
    journey = _map("from the first message to the design consultation to the tattoo session to healing", [problem])
    names = [s.name for s in journey.stages]
    where = _stage_of(journey, problem[:12].casefold())
    assert where is not None, f"not placed: {names}"
    service = next(i for i, n in enumerate(names) if "session" in n.casefold() or "consultation" in n.casefold())
    assert names.index(where) < service, (where, names)


def test_a_price_nobody_knew_before_is_placed_where_people_ask_not_after_the_service():
    journey = _map("from the first message to the design consultation to the tattoo session to healing",
                   ["didn't know a sleeve would cost so much"])
    names = [s.name for s in journey.stages]
    where = _stage_of(journey, "didn't know a sleeve")
    service = next(i for i, n in enumerate(names) if "session" in n.casefold() or "consultation" in n.casefold())
    assert where is not None and names.index(where) < service, (where, names)


def test_a_booking_kept_or_missed_on_the_day_is_not_moved_before_the_service():
    journey = _map("from the first message to the design consultation to the tattoo session to healing",
                   ["people who booked often turn up an hour late"])
    where = _stage_of(journey, "people who booked")
    assert where is not None and "message" not in where.casefold(), where


def test_a_step_called_get_a_price_is_a_step_of_choosing():
    assert phase_of("Get a price")[0] == "compare"
    assert phase_of("Get prices and book")[0] == "compare"


def test_a_bill_that_went_up_while_people_use_the_service_is_not_on_the_step_where_they_asked_the_price():
    journey = compose_with_notes(Profile(
        business_name="Boxwell Storage", description="Boxwell Storage, self storage units in Swindon",
        offering="storage units rented by the month", customers="people moving house and small businesses",
        kind="current", journey="find us online, get a price, book online, move in, use the unit "
        "over months, move out", problems=["after three months the bill jumped"]))[0]
    names = [s.name for s in journey.stages]
    where = _stage_of(journey, "after three months")
    assert where is not None and "price" not in where.casefold(), (where, names)
    assert names.index(where) > next(i for i, n in enumerate(names) if "book" in n.casefold()), (where, names)


def _stages_and_where(problem: str, **kw):
    journey = compose_with_notes(Profile(**{**dict(kind="current", problems=[problem]), **kw}))[0]
    return [s.name for s in journey.stages], _stage_of(journey, problem[:14].casefold())


def test_a_report_of_the_work_done_is_not_placed_before_the_service():
    names, where = _stages_and_where(
        "nobody tells the office manager when the windows were done",
        business_name="Clearview Commercial", description="Clearview Commercial, window cleaning for offices in Derby",
        offering="office window cleaning every four weeks on a yearly contract", business_model="B2B",
        customers="B2B: office managers and landlords")
    assert where is not None, names
    service = next(i for i, n in enumerate(names) if "service" in n.casefold() or "clean" in n.casefold())
    assert names.index(where) >= service, (where, names)


def test_a_tender_or_proposal_is_a_step_of_choosing_before_the_work():
    assert phase_of("The tender")[0] == "compare"
    names, where = _stages_and_where(
        "our proposals take weeks to write",
        business_name="Clearview Commercial", description="Clearview Commercial, window cleaning for offices in Derby",
        offering="office window cleaning every four weeks on a yearly contract", business_model="B2B",
        customers="B2B: office managers and landlords")
    assert where is not None, names
    service = next(i for i, n in enumerate(names) if "service" in n.casefold() or "clean" in n.casefold())
    assert names.index(where) < service, (where, names)


def test_someone_arriving_late_is_placed_on_the_work_not_on_the_visit_to_measure_up():
    names, where = _stages_and_where(
        "the fitter arrives hours late and nobody warns them",
        business_name="Oakline Kitchens", description="Oakline Kitchens, kitchen fitter in Bath",
        offering="fitted kitchens, supplied and installed", customers="homeowners",
        journey="they ring us, we visit to measure up, we send a quote, we order the units, we fit the kitchen")
    assert where is not None, names
    assert "measure" not in where.casefold(), (where, names)


@pytest.mark.parametrize("problem, fix", [
    ("doesn't understand the plumber's explanation of the leak", "Explain the plumber's explanation of the leak"),
    ("people don't realise the shop's closed on Mondays", "Make it clear to people that the shop's closed"),
])
def test_a_possessive_is_no_clause_in_a_fix_for_not_understanding(problem, fix):
    from cjm_assistant.knowledge.rephrase import rephrase
    assert rephrase(problem).name.startswith(fix), rephrase(problem).name


@pytest.mark.parametrize("said", ["the tenders portal", "the council procurement portal", "the NHS supplier portal"])
def test_a_portal_for_tenders_or_suppliers_is_no_customer_portal_of_the_business(said):
    from cjm_assistant.knowledge.detect import detect_channel_keys
    assert "customer-portal" not in [key for key, _ in detect_channel_keys(said)]


def test_the_business_own_customer_portal_is_still_one():
    from cjm_assistant.knowledge.detect import detect_channel_keys
    assert [key for key, _ in detect_channel_keys("our client portal and email")][:1] == ["customer-portal"]



def test_a_price_nobody_can_find_goes_on_the_one_step_where_people_sign_up():
    names, where = _stages_and_where(
        "no clear price for the school group visits",
        business_name="Hollow Lane Orchard", description="Hollow Lane Orchard, a community orchard charity in Frome",
        offering="free planting days, paid school group visits", customers="local families and schools",
        journey="hear about us, sign up online, the planting day, share photos")
    assert where is not None and "sign up" in where.casefold(), (where, names)


@pytest.mark.parametrize("step, phase", [
    ("make a listing with photos", "list"), ("Verify ID", "join"), ("ID checks", "join"),
    ("sign the mailing list", None),
])
def test_a_listing_and_an_id_check_are_steps_of_their_kind(step, phase):
    assert phase_of(step)[0] == phase


def test_a_journey_told_to_a_first_month_and_a_contract_renewal_keeps_each_step():
    from cjm_assistant.knowledge.steps import parse_steps
    steps = parse_steps("from the tender to the site walk to the first month of work to the contract renewal")
    assert [s.name for s in steps] == ["The tender", "The site walk", "The first month of work", "The contract renewal"]
    assert steps[-1].phase == "renew" and steps[1].phase == "visit"


def test_nobody_saying_the_work_was_done_is_no_customer_telling_others():
    names, where = _stages_and_where(
        "nobody tells the site manager when the gritting was done",
        business_name="Greenway Grounds", description="Greenway Grounds, grounds maintenance for business parks",
        offering="grass cutting and winter gritting, monthly fee on a 12 month contract", business_model="B2B",
        customers="B2B: facilities managers",
        journey="from the tender to the site walk to the first month of work to the contract renewal")
    assert where is not None and "recommend" not in where.casefold() and "tender" not in where.casefold(), \
        (where, names)


def test_a_title_made_of_the_first_and_last_stage_reads_as_a_sentence():
    journey = compose_with_notes(Profile(
        business_name="Greenway Grounds", description="Greenway Grounds, grounds maintenance for business parks",
        offering="grass cutting and winter gritting, monthly fee on a 12 month contract", business_model="B2B",
        customers="B2B: facilities managers", kind="current",
        journey="from the tender to the site walk to the first month of work to the contract renewal"))[0]
    assert journey.title.startswith("Greenway Grounds: from the tender to "), journey.title


@pytest.mark.parametrize("problem, thing", [
    ("tenders take weeks to write", "tenders"),
    ("quotes for bespoke work take us days to put together", "quotes"),
    ("our risk assessments take hours to do", "risk assessments"),
])
def test_a_document_slow_to_write_is_answered_by_a_template_not_by_saying_how_long_it_takes(problem, thing):
    journey = compose_with_notes(Profile(
        kind="current", problems=[problem], business_name="Greenway Grounds",
        description="Greenway Grounds, grounds maintenance for business parks",
        offering="grass cutting and winter gritting, monthly fee on a 12 month contract", business_model="B2B",
        customers="B2B: facilities managers"))[0]
    fixes = [o.name for s in journey.stages for p in s.pain_points if p.name.casefold() == problem
             for o in s.opportunities if p.id in o.addresses]
    assert any("template" in f.casefold() and thing in f.casefold() for f in fixes), fixes
    assert not any("it takes for" in f for f in fixes), fixes  # "Cut the time it takes for tenders to write"
