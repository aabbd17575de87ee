"""The rules that keep a drafted map honest, one test (or a few) per rule.

Lists split into items, "same as above" read as a reference, channels that are only channels,
problems placed with a score or left unplaced, fixes that answer their problem, and the checker
that drops what a stated fact refutes. Every business here is invented for these tests.
"""

from __future__ import annotations

import pytest

from cjm_assistant.domain.model import JourneyMap
from cjm_assistant.domain.profile import PersonaProfile, Profile
from cjm_assistant.engines.playbook import compose, compose_with_notes
from cjm_assistant.engines.playbook import checker
from cjm_assistant.engines.playbook.fixes import complaint
from cjm_assistant.engines.playbook.pains import pain_name
from cjm_assistant.engines.playbook.statements import gather, reference
from cjm_assistant.knowledge import relevance
from cjm_assistant.knowledge.channel_items import read_channels
from cjm_assistant.knowledge.detect import split_list, split_statements
from cjm_assistant.knowledge.facts import stated_facts

# -- lists split into items ------------------------------------------------------------


def test_a_list_of_problems_is_split_into_items():
    assert split_statements("the paint dries patchy, the tins are heavy, and nobody explains primer") == [
        "The paint dries patchy", "The tins are heavy", "Nobody explains primer"]


def test_owners_lower_case_sentences_are_split_too():
    assert split_statements("bikes arrive scratched. no tracking yet") == ["Bikes arrive scratched", "No tracking yet"]


def test_a_piece_that_continues_the_one_before_stays_with_it():
    assert split_statements("the van didnt stop because the road was closed, she lives up a hill") == [
        "The van didnt stop because the road was closed, she lives up a hill"]


def test_phrases_with_and_and_brackets_stay_whole():
    assert split_statements("salt and pepper sachets run out; customers dont know about oils (olive, rapeseed)") == [
        "Salt and pepper sachets run out", "Customers dont know about oils (olive, rapeseed)"]
    assert split_list("newsletter (mailchimp, weekly), shop") == ["newsletter (mailchimp, weekly)", "shop"]


def test_a_quote_opened_inside_an_item_keeps_its_closing_quote():
    # attack 3 #14: "plumbers who say 'between 8 and 12'" lost its closing quote
    assert split_statements("calls at 11pm, plumbers who say 'between 8 and 12'") == [
        "Calls at 11pm", "Plumbers who say 'between 8 and 12'"]
    assert split_statements('"slow replies", prices we can\'t quote \'later\'.') == [
        "Slow replies", "Prices we can't quote 'later'"]
    assert split_statements("'no tracking") == ["No tracking"]  # a quote left alone at one end goes


def test_a_long_problem_gets_a_clean_short_name_never_cut_mid_word():
    said = "Parcels are left at the wrong door so customers ring us angry and we have to send another one out"
    name = pain_name(said)
    assert name == "Parcels are left at the wrong door" and said.startswith(name)
    assert pain_name("Slow replies") == "Slow replies"


# -- "same as above" -----------------------------------------------------------------------


def test_same_as_above_is_read_as_a_reference_with_its_content():
    assert reference("Same as above really: the queue") == (True, "the queue")
    assert reference("same as above") == (True, "")
    assert reference("Same here.") == (True, "")
    assert reference("The same problem with parking") == (False, "The same problem with parking")


def test_a_reference_marks_the_earlier_problem_instead_of_duplicating_it():
    profile = Profile(problems=["The phone queue at 9am is endless"], personas=[
        PersonaProfile(name="Regular Rita", frustrations=["same as above really: the phone queue"]),
        PersonaProfile(name="New Nia", frustrations=["same as above"])])
    statements, notes = gather(profile)
    assert [s.text for s in statements] == ["The phone queue at 9am is endless"]
    assert statements[0].personas == [0]
    assert any("nothing new added" in n for n in notes)


def test_a_pure_same_as_above_adds_no_pain_point():
    base = Profile(business_name="Tidy Paws", description="Tidy Paws, a dog grooming salon", problems=["Late pick ups"],
                   personas=[PersonaProfile(name="Owner Olly", frustrations=["same as above"])])
    journey = compose(base)
    stated = [pp for _, pp in journey.pain_points() if pp.provenance == "user"] + list(journey.unplaced)
    assert [pp.name for pp in stated] == ["Late pick ups"]


# -- channels ------------------------------------------------------------------------------


@pytest.mark.parametrize("said", ["at lunch", "in the evenings", "8.30-5", "on her iPhone", "iOS", "her daughter",
                                  "PDF invoices", "our rep Mick"])
def test_times_devices_people_and_files_are_not_channels(said):
    channels, other = read_channels(f"phone, {said}")
    assert [c.name for c in channels] == ["Phone"]
    assert other == [said]


def test_a_word_inside_another_word_is_not_a_channel():
    channels, _ = read_channels("cross posting to Facebook Marketplace")
    assert [c.name for c in channels] == ["Facebook Marketplace"]


def test_channels_keep_the_owners_short_names_and_what_was_said_about_them():
    channels, _ = read_channels("the trade counter, newsletter (mailchimp), insta, text reminders")
    assert [(c.name, c.note) for c in channels] == [("Trade counter", ""), ("Newsletter", "mailchimp"),
                                                    ("Instagram", ""), ("Text reminders", "")]


def test_near_duplicate_channels_are_one():
    channels, _ = read_channels("email, email orders, phone")
    assert [c.name for c in channels] == ["Email", "Phone"]


def test_named_partners_and_tools_stay_on_the_map():
    profile = Profile(business_name="Brightside", description="Brightside, a print shop", offering="posters",
                      channels=["website"], channel_notes={"website": "runs on Squarespace"},
                      notes=["out of hours jobs go to PrintNow in Leeds"], data=["Stripe payouts"])
    text = compose(profile).model_dump_json()
    assert "Squarespace" in text and "PrintNow" in text and "Stripe" in text


# -- placement -------------------------------------------------------------------------------


def _profile(**kw) -> Profile:
    base = dict(business_name="Gearwise", description="Gearwise Ltd, distributor of hydraulic hoses and fittings",
                offering="hoses and fittings", customers="B2B: plant hire firms", business_model="B2B", kind="current",
                journey="a site manager ordering a hose through to us getting paid")
    return Profile(**{**base, **kw})


def test_a_problem_goes_on_the_stage_its_words_fit():
    journey = compose(_profile(problems=["invoices arrive without our PO reference"]))
    stage = next(s for s in journey.stages if any(pp.provenance == "user" for pp in s.pain_points))
    assert stage.name == "Getting paid"


def test_a_problem_no_stage_fits_is_listed_as_not_yet_placed():
    journey, notes = compose_with_notes(_profile(problems=["the car park lights are out"]))
    assert [pp.name.casefold() for pp in journey.unplaced] == ["the car park lights are out"]
    assert any("Not yet placed" in n for n in notes)


# -- fixes that answer -------------------------------------------------------------------------


def test_the_complaint_is_the_clause_that_complains():
    assert complaint("people book a tasting and no one greets them") == ("no one greets them", "people book a tasting")
    assert complaint("slow replies") == ("slow replies", "")


def test_relevance_is_shared_stemmed_words():
    assert relevance.relevant("the delivery slot is a whole day", "Clear delivery and collection slots", least=2)
    assert not relevance.relevant("wifi drops in the back room", "Clear delivery and collection slots")


def test_a_problem_no_fix_answers_gets_no_suggestion_yet_not_a_stock_fix():
    journey = compose(_profile(problems=["the kettle at the trade desk is from 1998"], journey="ordering a hose"))
    for _, pp in journey.pain_points():
        if pp.provenance == "user":
            fixes = [op for s in journey.stages for op in s.opportunities if pp.id in op.addresses]
            assert fixes and all(op.name == "No suggestion yet" for op in fixes)


def test_a_fix_never_works_against_the_owners_goal():
    profile = Profile(business_name="Pulse", description="Pulse, a climbing gym", offering="climbing memberships",
                      customers="climbers", journey="joining and the first months", kind="current",
                      problems=["members cancel in month two"], goal="stop people cancelling in the first months")
    journey = compose(profile)
    names = [op.name for s in journey.stages for op in s.opportunities]
    assert "Easy, fair cancellation" not in names


# -- the checker: one rule per kind of contradiction ---------------------------------------------


def _map(profile: Profile, *, pain: str = "", action: str = "", opportunity: str = "", kind: str = "current",
         description: str = "", user_pain: str = "") -> JourneyMap:
    data = {
        "title": "Test", "kind": kind, "business": {"name": "Test"},
        "stages": [{"name": "Order", "pain_points": [], "actions": [], "opportunities": []}],
    }
    stage = data["stages"][0]
    if pain:
        stage["pain_points"].append({"id": "pp1", "name": pain, "provenance": "inferred"})
    if user_pain:
        stage["pain_points"].append({"id": "pp2", "name": user_pain, "provenance": "user", "description": description})
    if action:
        stage["actions"].append({"id": "ac1", "text": action, "provenance": "inferred"})
    if opportunity:
        stage["pain_points"].append({"id": "pp3", "name": "Members cancel", "provenance": "user"})
        stage["opportunities"].append({"id": "op1", "name": opportunity, "addresses": ["pp3"], "provenance": "inferred"})
    return JourneyMap.model_validate(data)


def _rule_finds(rule, journey: JourneyMap, profile: Profile) -> list[str]:
    return [f.item for f in rule(journey, stated_facts(profile), profile)]


def test_rule_denies_what_exists():
    profile = Profile(channels=["Online booking"], problems=["the online booking is clunky"])
    assert _rule_finds(checker.denies_what_exists, _map(profile, pain="Can't book online"), profile) == ["pp1"]
    assert _rule_finds(checker.denies_what_exists, _map(Profile(), pain="Can't book online"), Profile()) == []


def test_rule_claims_what_is_missing():
    profile = Profile(problems=["no tracking yet, drivers text when they set off"])
    journey = _map(profile, action="Checks the tracking page for the order")
    assert _rule_finds(checker.claims_what_is_missing, journey, profile) == ["ac1"]
    future = _map(profile, action="Checks the tracking page for the order", kind="future")
    assert _rule_finds(checker.claims_what_is_missing, future, profile) == []  # a future map may add it


def test_rule_contradicts_the_price():
    charged = Profile(offering="we collect up to 5 items for £38")
    assert _rule_finds(checker.contradicts_the_price, _map(charged, pain="Collection is free of charge"), charged) == ["pp1"]
    free = Profile(offering="people list their old bikes for free, buyers pay through us")
    assert _rule_finds(checker.contradicts_the_price, _map(free, pain="The listing fee puts sellers off"), free) == ["pp1"]


def test_rule_description_off_topic():
    profile = Profile()
    journey = _map(profile, user_pain="Sellers don't know when they get paid",
                   description="Customers wait beyond their appointment time in the waiting room.")
    found = checker.description_off_topic(journey, stated_facts(profile), profile)
    assert [f.item for f in found] == ["pp2"] and found[0].fix.description == ""
    fine = _map(profile, user_pain="Sellers wait weeks for their payout",
                description="In your words: sellers wait weeks for their payout\n\nPayouts are slow to arrive.")
    assert checker.description_off_topic(fine, stated_facts(profile), profile) == []


def test_rule_fix_against_the_goal():
    profile = Profile(goal="stop people cancelling in month two")
    journey = _map(profile, opportunity="Easy, fair cancellation")
    assert _rule_finds(checker.fix_against_the_goal, journey, profile) == ["op1"]


def test_the_checker_drops_what_a_stated_fact_refutes_and_says_so():
    profile = Profile(channels=["Online booking"])
    journey, notes = checker.check(_map(profile, pain="Can't book online"), profile)
    assert journey.stages[0].pain_points == [] and notes and notes[0].startswith("Left out:")


# Attack 3 #6b: a bare name is the business's name; "not sure really" is no answer.

def test_an_answer_that_is_only_a_name_is_the_name():
    from cjm_assistant.knowledge.detect import business_name
    assert business_name("Petal & Stem") == "Petal & Stem"
    assert business_name("Bloom.") == "Bloom"
    assert business_name("Bakery") == ""  # a kind of business is no name
    assert business_name("We sell flowers") == ""


@pytest.mark.parametrize("said", ["not sure really", "Nothing comes to mind", "no idea tbh", "I'm not sure",
                                  "can't think of any, sorry"])
def test_an_answer_saying_there_is_nothing_to_tell_is_no_statement(said):
    assert split_statements(said) == []


def test_a_hedge_inside_a_real_problem_is_kept():
    assert split_statements("really slow replies; not sure really") == ["Really slow replies"]
