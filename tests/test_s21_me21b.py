"""Session 21: a firm that sells other firms a service it keeps (bookkeeping, IT support) is shown examples of such
a service in the interview, not a shop's orders and deliveries nor someone booking on their phone at lunch."""

from cjm_assistant.engines.playbook import PlaybookEngine
from cjm_assistant.interview import Interview


def _asking(interview: Interview, key: str) -> str:
    while interview.question is not None and interview.question.key != key:
        interview.answer("skip")
    return interview.prompt().split("For example:")[1]


def _interview(*answers: str) -> Interview:
    interview = Interview(PlaybookEngine())
    for answer in answers:
        interview.answer(answer)
    return interview


def test_a_b2b_service_firm_gets_examples_of_a_service_firms_sign_up_for():
    interview = _interview("Tallyho, a bookkeeping firm for small charities",
                           "monthly bookkeeping, payroll administration and year-end accounts on a fixed monthly fee",
                           "B2B: small charities and community groups")
    example = _asking(interview, "persona_name")
    assert "lunch break" not in example and "orders" not in example
    assert "Office manager" in example


def test_a_goods_supplier_to_firms_keeps_the_ordering_examples():
    interview = _interview("Gearwise Ltd, distributor of hydraulic hoses to plant hire firms",
                           "hoses and fittings, next-day delivery", "B2B: plant hire firms")
    assert "orders" in _asking(interview, "persona_name")


def test_a_stated_claim_problem_outside_insurance_is_not_described_as_after_an_incident():
    from cjm_assistant.domain.profile import Profile
    from cjm_assistant.engines.playbook import compose_with_notes

    journey, _ = compose_with_notes(Profile(
        business_name="Tallyho", description="Tallyho, a bookkeeping firm for small charities",
        offering="monthly bookkeeping and Gift Aid claims", customers="B2B: small charities", business_model="B2B",
        kind="current", problems=["chasing Gift Aid claims takes weeks"]))
    pains = [p for p in [*(p for s in journey.stages for p in s.pain_points), *journey.unplaced]
             if "gift aid" in p.name.casefold()]
    assert pains and all("incident" not in p.description.casefold() for p in pains)
