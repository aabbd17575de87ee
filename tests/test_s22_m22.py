"""Session 22, brief m22: journeys told in the owner's words ("from A to B to C", a first call, "via"), stages that fit
a business (a service kept on a contract), and no content borrowed from another kind of stage (a visit's KPIs on a stage
the owner added, a delivery's goal on the accounts handed over, a regular session on a one-time step).

Businesses here are invented for these tests (none is in tests/dev or tests/heldout)."""

from __future__ import annotations

import pytest

from cjm_assistant.engines.playbook import PlaybookEngine
from cjm_assistant.interview import Interview, load_answers, run_answers
from cjm_assistant.knowledge.steps import parse_steps


def _map(business: str, offering: str, customers: str, journey: str, extra: str = ""):
    """The map an answers file with these answers drafts (as `cjm new --answers` does)."""
    text = (f'business = "{business}"\noffering = "{offering}"\ncustomers = "{customers}"\njourney = "{journey}"\n'
            + extra)
    interview = Interview(PlaybookEngine())
    run_answers(interview, load_answers(text))
    return interview.engine.propose_map(interview.state.profile).journey


def _names(journey) -> list[str]:
    return [s.name for s in journey.stages]


def _stage(journey, name: str):
    return next(s for s in journey.stages if s.name.casefold() == name.casefold())


# -- "from A to B to C": each step its own ---------------------------------------------------------------------------

@pytest.mark.parametrize(("journey", "steps"), [
    ("from enquiry to site visit to report", ["Enquiry", "Site visit", "Report"]),
    ("from quote to install to the first service to renewal", ["Quote", "Install", "The first service", "Renewal"]),
    ("from booking to paying to coming back", ["Booking", "Paying", "Coming back"]),
])
def test_each_to_of_a_journey_told_by_its_points_starts_a_step(journey, steps):
    assert [s.name for s in parse_steps(journey)] == steps


@pytest.mark.parametrize(("journey", "last"), [
    ("from getting a referral voucher to collecting a parcel and being signposted to debt advice",
     "Being signposted to debt advice"),
    ("from getting an eviction notice to knowing their rights and what to do next",
     "Knowing their rights and what to do next"),
    ("from first hearing about us to coming to the gym", "Coming to the gym"),
    ("from signing the contract through onboarding to their first renewal", "Their first renewal"),
])
def test_a_to_that_belongs_to_its_step_stays_in_it(journey, last):
    names = [s.name for s in parse_steps(journey)]
    assert names[-1] == last, names


def test_a_span_of_weeks_is_no_step():
    names = [s.name for s in parse_steps("from the quote to the install, usually 2 to 3 weeks")]
    assert names == ["The quote", "The install"], names


# -- a first contact comes after finding and choosing; a journey told by its points keeps the steps between ---------

def test_a_first_call_comes_after_finding_and_choosing_and_the_steps_between_the_points_stay():
    journey = _map("Auditwise, a compliance firm", "fire risk assessments for landlords", "B2B, landlords",
                   "from the first call via the audit to the certificate")
    names = [n.casefold() for n in _names(journey)]
    assert names.index("find and choose") < names.index("the first call") < names.index("the audit") \
        < names.index("the certificate"), names
    between = names[names.index("the first call") + 1:names.index("the audit")]
    assert between, names  # agreeing a date, getting ready: the owner named the points, not each step
    assert len(names) > 5 and "the visit" not in names, names  # the audit is the visit: none beside it


def test_an_enquiry_told_first_comes_after_choosing_whose_stage_is_before_it():
    journey = _map("Levelline, a drainage survey firm", "CCTV drain surveys for housing developers",
                   "B2B, housing developers", "from enquiry to site visit to report")
    names = [n.casefold() for n in _names(journey)]
    assert names.index("find and choose") < names.index("enquiry") < names.index("site visit") < names.index("report")


# -- a service kept on a contract ------------------------------------------------------------------------------------

@pytest.mark.parametrize("offering", [
    "weekly office cleaning on a contract",
    "grounds maintenance for business parks on annual contracts",
    "IT support on a retainer",
    "payroll and bookkeeping, invoiced on account",
    "washroom cleaning every 4 weeks under a service level agreement",
])
def test_a_b2b_service_kept_on_a_contract_gets_the_ongoing_service_stages(offering):
    names = " | ".join(_names(_map("Brightside Services", offering, "B2B, offices and shops", "from start to finish")))
    assert "Ongoing service" in names and "Renew" in names and "Before the day" not in names, names


def test_a_one_off_b2b_service_keeps_the_booking_stages():
    names = _names(_map("Brightside Services", "one-off deep cleans of offices", "B2B, offices", "from start to finish"))
    assert "Ongoing service" not in names, names


def test_a_b2b_contract_cleaner_read_as_a_home_service_is_still_kept_on_its_contract():
    names = _names(_map("Brightside, office cleaners, we go to them", "office cleaning on a 12 month contract",
                        "B2B, offices", "from start to finish"))
    assert "Ongoing service" in names and "Renew" in names, names


def test_a_kept_service_mapped_for_its_onboarding_gets_the_steps_of_onboarding():
    names = _names(_map("Clearbill Ltd, invoicing for vet practices",
                        "sends client invoices, automatic chasing of overdue balances, 12 month contract",
                        "B2B, vet practices", "onboarding a new practice"))
    assert "Ongoing service" not in names and len([n for n in names if n not in ("Need", "Renew")]) >= 4, names


# -- nothing borrowed from another kind of stage ---------------------------------------------------------------------

_BOOKS = ("Tallybook, a bookkeeping firm for small charities",
          "monthly bookkeeping, payroll administration and year-end accounts on a fixed monthly fee",
          "B2B: small charities and community groups")


def test_a_stage_the_owner_adds_gets_no_visit_kpis():
    journey = _map(*_BOOKS, "from start to finish",
                   'stages = ["Need", "Agree terms and sign up", "Getting started", "Ongoing service", '
                   '"Year-end accounts", "Invoice and payment", "Renew"]\n')
    kpis = [k.name for k in _stage(journey, "Year-end accounts").kpis]
    assert not any("waiting" in k.casefold() or "visit" in k.casefold() for k in kpis), kpis


def test_a_stage_the_owner_adds_in_words_of_a_kind_of_step_keeps_that_kinds_kpis():
    journey = _map(*_BOOKS, "from start to finish",
                   'stages = ["Need", "Agree terms and sign up", "Onboarding call", "Ongoing service", "Renew"]\n')
    assert _stage(journey, "Onboarding call").kpis


def test_a_step_kept_when_confirming_the_stages_keeps_its_own_content():
    journey = _map(*_BOOKS, "signing up, getting set up, the monthly bookkeeping, year-end accounts",
                   'stages = ["Need", "Signing up", "Getting set up", "Bookkeeping", "Year-end accounts", "Renew"]\n')
    goal = _stage(journey, "Bookkeeping").goal
    assert "good condition" not in goal and "on time" not in goal, goal


def test_work_handed_over_by_a_firm_that_sells_no_goods_is_not_a_delivery():
    journey = _map(*_BOOKS, "from signing up to receiving the year-end accounts", 'channels = "email, zoom calls"\n')
    stage = _stage(journey, "Receiving the year-end accounts")
    text = " ".join([stage.goal, *(a.text for a in stage.actions), *(t.name for t in stage.touchpoints)]).casefold()
    assert "good condition" not in text and "regular sessions" not in text, text
