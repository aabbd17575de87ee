"""Issue 11 (m1): a map for a business nobody tuned for takes its middle stages from how the owner says the service
runs, and places the owner's problems on the stage whose words and work they are about."""

from cjm_assistant.domain.profile import PersonaProfile, Profile
from cjm_assistant.engines.playbook import compose_with_notes
from cjm_assistant.knowledge.process import between_ends, told_process
from cjm_assistant.knowledge import steps as st


WILLS_OFFERING = ("single will £90, mirror wills for couples £150. you fill in a questionnaire online, a will writer "
                  "checks it and calls you if anythings unclear, then we post the will out to sign with 2 witnesses. "
                  "storage £20 a year")


def test_a_sentence_that_tells_how_the_service_runs_is_its_steps():
    steps = told_process(WILLS_OFFERING)
    assert [s.text for s in steps][0] == "you fill in a questionnaire online"
    assert len(steps) == 3
    assert "sign" in steps[-1].text


def test_a_price_list_or_a_list_of_products_tells_no_process():
    assert told_process("single will £90, mirror wills for couples £150, storage £20 a year") == []
    assert told_process("savings accounts, small loans £200 to £5000, a christmas savings club") == []
    # things in sequence but nobody acting: no steps
    assert told_process("sourdough, then rye, then focaccia") == []


def test_the_told_process_goes_between_the_journeys_two_ends():
    ends = st.parse_steps("from landing on the site to a signed and stored will")
    steps = between_ends(ends, told_process(WILLS_OFFERING))
    assert steps[0].text == ends[0].text and steps[-1].text == ends[-1].text
    assert [s.text for s in steps[1:-1]] == [s.text for s in told_process(WILLS_OFFERING)]


def _wills(**kw) -> Profile:
    base = dict(business_name="ClearWill", description="ClearWill - online will writing, 4 staff",
                offering=WILLS_OFFERING, customers="the public, mostly 40-70",
                journey="from landing on the site to a signed and stored will", kind="current",
                problems=["about 40% start the questionnaire and never finish it",
                          "people sign the will wrong and we have to send it out again"],
                personas=[PersonaProfile(name="Karen", description="sorting her dads will")])
    return Profile(**{**base, **kw})


def test_the_map_carries_the_steps_the_owner_told_in_the_offering():
    journey, _ = compose_with_notes(_wills())
    names = [s.name for s in journey.stages]
    assert names[0] == "Landing on the site"
    assert "You fill in a questionnaire online" in names
    assert names.index("You fill in a questionnaire online") < names.index("A signed and stored will")


def test_problems_land_on_the_told_step_they_name():
    journey, _ = compose_with_notes(_wills())
    where = {p.name.casefold(): s.name for s in journey.stages for p in s.pain_points if p.provenance == "user"}
    assert where["about 40% start the questionnaire and never finish it"] == "You fill in a questionnaire online"
    assert where["people sign the will wrong"] == "Get the will out"  # "we post the will out to sign"


def test_a_journey_told_step_by_step_is_not_changed_by_the_offering():
    journey, _ = compose_with_notes(_wills(journey="find us, fill in the questionnaire, sign the will"))
    assert "You fill in a questionnaire online" not in [s.name for s in journey.stages]
