"""Issue 11 (m1): a map for a business nobody tuned for takes its middle stages from how the owner says the service
runs, and places the owner's problems on the stage whose words and work they are about."""

from cjm_assistant.domain.profile import PersonaProfile, Profile
from cjm_assistant.engines.playbook import compose_with_notes
from cjm_assistant.knowledge.process import between_ends, taken_and_returned, told_process
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


# Fetched, worked on, returned: the offering says the customer's thing is collected and brought back.

LAB_OFFERING = ("calibration of torque wrenches, pressure gauges and micrometers with UKAS certs. Collection and "
                "return in our own van round the West Mids, DPD courier for everyone else")


def test_collection_and_return_put_the_service_between_them():
    steps = taken_and_returned(LAB_OFFERING)
    assert [s.text for s in steps] == ["Collection", "calibration", "return"]
    assert steps[1].phase is None  # the service itself, of no stock kind


def test_no_lead_activity_or_no_return_is_no_process():
    assert taken_and_returned("a range of cakes. collection and return by van") == []
    assert taken_and_returned("calibration of gauges, posted back by courier") == []


def test_a_journey_ending_with_the_thing_back_keeps_one_return():
    ends = st.parse_steps("from the recall reminder going out to the customer getting kit and certs back")
    steps = between_ends(ends, taken_and_returned(LAB_OFFERING))
    assert [s.text for s in steps[1:-1]] == ["Collection", "calibration"]


def _lab(**kw) -> Profile:
    base = dict(business_name="Precision Cal", description="Precision Cal Services Ltd, calibration lab, 9 of us",
                offering=LAB_OFFERING, customers="B2B only - quality managers at manufacturers",
                journey="from the recall reminder going out to the customer getting kit and certs back",
                kind="current", problems=["turnaround is 10 working days and they all want 3",
                                          "invoices get queried because theres no PO number on them"],
                personas=[PersonaProfile(name="Sunita", description="quality manager at a supplier")])
    return Profile(**{**base, **kw})


def test_a_lab_that_collects_kit_has_collect_calibrate_and_return_stages_in_order():
    names = [s.name for s in compose_with_notes(_lab())[0].stages]
    order = ["The recall reminder going out", "Collection", "Calibration", "Getting kit and certs back"]
    assert [n for n in names if n in order] == order


def _where(profile: Profile) -> dict[str, str]:
    journey, _ = compose_with_notes(profile)
    return {p.name.casefold(): s.name for s in journey.stages for p in s.pain_points if p.provenance == "user"}


def test_how_long_the_work_takes_is_on_the_step_that_does_the_work():
    assert _where(_lab())["turnaround is 10 working days and they all want 3"] == "Calibration"


def test_an_invoice_with_no_payment_step_goes_after_the_job():
    where = _where(_lab())
    stages = [s.name for s in compose_with_notes(_lab())[0].stages]
    placed = where["invoices get queried because theres no po number on them"]
    assert stages.index(placed) > stages.index("Calibration")


def test_an_invoice_goes_on_the_step_named_for_paying():
    profile = _lab(journey="they find us, book and pay online, we collect the kit, calibrate it and send it back")
    assert "pay" in _where(profile)["invoices get queried because theres no po number on them"].casefold()


def test_a_paper_invoice_posted_to_a_house_is_mail_not_a_social_post():
    from cjm_assistant.engines.playbook.placement import by_mail
    assert "post" not in by_mail("paper invoice gets posted to the cottage").split()
    assert by_mail("we posted on facebook") == "we posted on facebook"


# General knowledge of where a problem happens, when no stage says its words.

def test_saving_a_form_to_finish_later_is_on_the_form_step_not_after_the_service():
    where = _where(_wills(problems=["cant save it and finish later"]))
    assert where["cant save it and finish later"] == "You fill in a questionnaire online"


def test_fiddly_on_a_phone_is_the_online_step_not_a_phone_call():
    where = _where(_wills(problems=["fiddly on a phone"]))
    assert where["fiddly on a phone"] == "You fill in a questionnaire online"


def test_a_thing_put_off_till_later_is_no_problem_that_happens_later():
    from cjm_assistant.engines.playbook.placement import _PUT_OFF
    assert _PUT_OFF.search("cant save it and finish later")
    assert not _PUT_OFF.search("I drop the certificate round later")


def _credit_union(problem: str, member: str) -> Profile:
    return Profile(business_name="Eastend CU", description="a community credit union in Glasgow",
                   offering="savings accounts and small loans", customers="people in the east end",
                   journey="joining and applying for a first loan", kind="current", problems=[problem],
                   personas=[PersonaProfile(name="Bill", description=member)])


def test_an_app_that_crashes_and_shows_old_balances_is_everyday_use():
    profile = _credit_union("the app crashes and shows old balances", "78, saves every week")
    assert _where(profile)["the app crashes and shows old balances"] == "Everyday use"


def test_signing_in_the_wrong_place_is_a_signature_not_a_log_in():
    from cjm_assistant.knowledge.relevance import stems
    assert "sign" in stems("they sign in the wrong place")
    assert "signin" in stems("cant sign in to the app")
    where = _where(_wills(problems=["they sign in the wrong place"]))
    assert where["they sign in the wrong place"] == "Get the will out"  # "we post the will out to sign"


def test_of_two_steps_that_say_the_problems_word_one_wins_over_a_phase_guess():
    problem = "nobody reads the email telling them to send the signed copy back"
    # both steps say signing; the step that only asks questions ("calls you if anything's unclear") does not
    assert _where(_wills(problems=[problem]))[problem] in ("Get the will out", "A signed and stored will")


def _septic(problems: list[str]) -> Profile:
    return Profile(business_name="Glen Septic", description="septic tank emptying in the Borders, one tanker",
                   offering="septic tank and cesspit emptying, £220 for a standard tank", customers="rural homes",
                   journey="from noticing theres a problem to the tank emptied and paid for", kind="current",
                   problems=problems, personas=[PersonaProfile(name="Fiona", description="owns a holiday let")])


def test_nobody_there_when_the_business_comes_is_the_visit():
    where = _where(_septic(["holiday let owners are never there", "cant be there to show where the tank is"]))
    assert where["holiday let owners are never there"] == "The visit"
    assert where["cant be there to show where the tank is"] == "The visit"


def test_steps_that_each_say_another_word_of_the_problem_leave_it_to_the_phase():
    profile = Profile(business_name="Fixit Cafe", description="a repair cafe in a church hall", offering="free repairs",
                      customers="locals", kind="current",
                      journey="turn up on the day, wait with a cuppa till a fixer is free, sit with the fixer and mend "
                              "it together, PAT test if it's electrical, put a donation in the jar",
                      problems=["waited nearly two hours and had to go home before the electrical table"],
                      personas=[PersonaProfile(name="Ann", description="brings a toaster")])
    where = next(stage for name, stage in _where(profile).items() if name.startswith("waited nearly two hours"))
    assert where == "Turn up on the day"  # "electrical" names what was waited for, not the step


def test_waiting_days_for_a_quote_is_before_the_booking_not_at_the_visit():
    profile = Profile(business_name="Lockdown Escape", description="an escape room venue in Leeds",
                      offering="60 min escape rooms, private hire for work parties", customers="groups", kind="current",
                      journey="finding us, booking online, turning up and playing, leaving a review",
                      problems=["waited 3 days for a quote by email"],
                      personas=[PersonaProfile(name="Priya", description="organises a team social")])
    assert _where(profile)["waited 3 days for a quote by email"] == "Booking online"
