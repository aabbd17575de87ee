"""What an outside tester (session 17) found walking a new user through a two-sided dog-walking app and a laundry
for hotels, each turned into a check of what the user reads: the second person of one answer, a list of a
persona's frustrations, "idk" and "i guess" kept as problems, "Can't book online" for an app people book in, goals
built from a noun ("Delivery knowing what to expect"), an opportunity quoting a pain point's old name, and renames
by description."""

from __future__ import annotations

import json

import pytest

from cjm_assistant import cli
from cjm_assistant.knowledge.detect import split_personas
from cjm_assistant.knowledge.lists import split_statements
from cjm_assistant.knowledge.step_goals import own_goal
from tests.conftest import answers_toml
from tests.test_interview import asking, new_interview, up_to_persona

PAWPAL = {
    "business": "Pawpal, an app matching dog owners with local dog walkers in Bristol",
    "offering": "dog walks, 30 or 60 min, owners pay in the app and walkers get 80%",
    "customers": "both really - dog owners and the walkers, who are like self employed",
    "journey": "owner downloads app, finds a walker, books a first walk, meet and greet, the walk itself, rates and "
               "rebooks",
    "kind": "current",
    "channels": "app (ios + android), instagram, facebook groups, word of mouth. no website",
    "problems": "idk, people go off-app after the first walk i guess",
    "personas": [
        {"name": "Busy Ben", "description": "34, office worker with a young labrador",
         "frustrations": "walkers cancel last minute, idk what else"},
        {"name": "Walker Wendy", "description": "22, student who walks dogs for cash",
         "frustrations": "owners who dont leave the key, app payouts take a week, dogs that pull and nobody warned me"},
    ],
}


# -- the second person of one answer ---------------------------------------------------------------------------


@pytest.mark.parametrize("text, people", [
    ("Housekeeping manager Hana, runs a 60 room hotel; and Finance Fred who pays the invoices",
     ["Housekeeping manager Hana, runs a 60 room hotel", "Finance Fred who pays the invoices"]),
    ("Busy Ben, works long hours and needs walks; and Walker Wendy, a student who walks dogs",
     ["Busy Ben, works long hours and needs walks", "Walker Wendy, a student who walks dogs"]),
    ("Site lead Sam, books the skips\nOffice manager Olu, pays the bills",
     ["Site lead Sam, books the skips", "Office manager Olu, pays the bills"]),
    ("Head chef Carla, orders the veg; buyer Bilal who signs off the account",
     ["Head chef Carla, orders the veg", "buyer Bilal who signs off the account"]),
    ("Working mum Aisha, back to work, needs care 3 days a week. Childminder Gary, Ofsted-registered, runs from home.",
     ["Working mum Aisha, back to work, needs care 3 days a week", "Childminder Gary, Ofsted-registered, runs from home"]),
    ("Dr. Smith, a GP, and Nurse Jones", ["Dr. Smith, a GP", "Nurse Jones"]),
])
def test_a_person_who_does_something_then_a_second_after_a_semicolon_are_two_personas(text, people):
    assert split_personas(text) == people


@pytest.mark.parametrize("text", [
    "Runner Rob, trains for a marathon; mostly on Strava",
    "Busy Ben, works long hours; Mondays he books for the week",
    "Busy Ben, works long hours; his wife does the booking",
    "Site manager Sam, orders scaffolding; Usually he rings",
    "Instagram, mostly; and Facebook who cares",
    "Busy Ben, 34, works in town. He books on his phone",
    "Busy Ben, 34, works in town. Loves Instagram, mostly",
    "Busy Ben, works long hours. Mondays he books",
])
def test_one_person_and_more_about_them_after_a_semicolon_stays_one(text):
    assert split_personas(text) == [text]


def test_the_interview_asks_about_the_second_person_named_in_one_answer():
    interview = new_interview()
    up_to_persona(interview)
    turn = interview.answer("Housekeeping manager Hana, runs a 60 room hotel; and Finance Fred who pays the invoices")
    hana, fred = interview.state.profile.personas
    assert (hana.name, fred.name) == ("Housekeeping manager Hana", "Finance Fred")
    assert fred.description == "Pays the invoices"
    assert "2 personas" in turn.note
    for text in ("clean sheets on time", "torn sheets", "email"):
        interview.answer(text)
    assert asking(interview) == "persona_goals"
    assert "Finance Fred" in interview.prompt()


# -- lists, "idk" and hedges ------------------------------------------------------------------------------------


def test_a_list_of_things_people_do_ending_in_nobody_warned_me_is_split():
    assert split_statements("owners who dont leave the key, app payouts take a week, dogs that pull and nobody "
                            "warned me") == ["Owners who dont leave the key", "App payouts take a week",
                                             "Dogs that pull and nobody warned me"]
    assert split_statements("tenants who never report leaks, the boiler man is late and nobody tells me") == [
        "Tenants who never report leaks", "The boiler man is late and nobody tells me"]
    # adjectives about one thing before the tail stay one problem
    assert split_statements("the bus is stuck in traffic, lost or late and nobody told us") == [
        "The bus is stuck in traffic, lost or late and nobody told us"]


@pytest.mark.parametrize("text, items", [
    ("walkers cancel, gps drops, idk what else", ["Walkers cancel", "Gps drops"]),
    ("late payments, dunno what else really", ["Late payments"]),
    ("late payments; cant think of anything else", ["Late payments"]),
    ("no-shows, thats about it", ["No-shows"]),
    ("idk, people go off-app after the first walk i guess", ["People go off-app after the first walk"]),
    ("late payments tbh, and no-shows i think", ["Late payments", "No-shows"]),
    ("idk what else to do with the van", ["Idk what else to do with the van"]),  # a problem, not the list's end
])
def test_the_end_of_a_list_and_hedges_after_a_problem_are_no_part_of_it(text, items):
    assert split_statements(text) == items


def _pawpal_markdown(tmp_path, capsys) -> str:
    path = tmp_path / "pawpal.toml"
    path.write_text(answers_toml(json.loads(json.dumps(PAWPAL))), encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["new", "--answers", str(path)]) == 0
    map_id = capsys.readouterr().out.strip().splitlines()[-1]
    out = tmp_path / "pawpal.md"
    assert cli.main(["export", map_id, "-f", "md", "-o", str(out)]) == 0
    return out.read_text(encoding="utf-8")


def test_the_pawpal_map_keeps_every_problem_in_the_users_words_and_no_filler(tmp_path, capsys):
    md = _pawpal_markdown(tmp_path, capsys)
    for said in ("Owners who dont leave the key", "App payouts take a week", "Dogs that pull and nobody warned me",
                 "Walkers cancel last minute", "People go off-app after the first walk"):
        assert f"**{said}**" in md
    assert "idk" not in md.casefold().replace("idk,", "")  # the business section may quote an answer, not a title
    assert "**Idk" not in md and "i guess**" not in md


def test_an_app_whose_customers_book_is_not_told_it_cannot_book_online(tmp_path, capsys):
    md = _pawpal_markdown(tmp_path, capsys)
    assert "can't book online" not in md.casefold()


# -- goals from a step's name ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name, goal", [
    ("Delivery", "Know what to expect from the delivery, and feel it was worth it"),
    ("Meet and greet", "Know what to expect from the meet and greet, and feel it was worth it"),
    ("Checkout", "Know what to expect from the checkout, and feel it was worth it"),
    ("Installation", "Know what to expect from the installation, and feel it was worth it"),
    ("Measure up", "Measure up knowing what to expect, and feel it was worth it"),
    ("Pay the rest", "Pay the rest knowing what to expect, and feel it was worth it"),
])
def test_a_step_named_by_a_thing_gets_a_goal_about_that_thing(name, goal):
    assert own_goal(name) == goal


# -- renames ------------------------------------------------------------------------------------------------


@pytest.fixture
def pawpal(tmp_path, capsys):
    path = tmp_path / "pawpal.toml"
    path.write_text(answers_toml(json.loads(json.dumps(PAWPAL))), encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["new", "--answers", str(path)]) == 0
    return capsys.readouterr().out.strip().splitlines()[-1]


def _json(map_id, capsys) -> dict:
    capsys.readouterr()
    assert cli.main(["export", map_id, "-f", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_renaming_a_pain_point_renames_it_where_its_opportunity_quotes_it(pawpal, capsys):
    before = json.dumps(_json(pawpal, capsys), ensure_ascii=False)
    assert "Answers “App payouts take a week”" in before
    assert cli.main(["refine", pawpal, "rename pain point 'App payouts take a week' to 'Slow payouts'"]) == 0
    stages = json.dumps(_json(pawpal, capsys)["stages"], ensure_ascii=False)  # the persona keeps her own words
    assert "Answers “Slow payouts”" in stages and "App payouts take a week" not in stages


def test_a_pain_point_is_renamed_by_what_it_is_about_and_by_its_kind_said_after(pawpal, capsys):
    capsys.readouterr()
    code = cli.main(["refine", pawpal, "rename the pain point about the key to 'Keys not left out'"])
    out, err = capsys.readouterr()
    assert code != 0 and "Understood “key” as the pain point “Owners who dont leave the key”" in out
    assert "name the pain point exactly" in err and "stage" not in err.split("exactly")[0].split("--yes")[1]
    assert cli.main(["refine", pawpal, "--yes", "rename the pain point about the key to 'Keys not left out'"]) == 0
    assert cli.main(["refine", pawpal, "--yes", "the payouts pain point should be called 'Slow payouts'"]) == 0
    names = {pp["name"] for st in _json(pawpal, capsys)["stages"] for pp in st["pain_points"]}
    assert {"Keys not left out", "Slow payouts"} <= names
    assert "Owners who dont leave the key" not in names


def test_a_business_whose_journey_has_a_trial_week_is_not_told_people_cannot_try_before_buying(tmp_path, capsys):
    answers = {
        "business": "CleanSheet, a commercial laundry for hotels in Cumbria",
        "offering": "linen hire and laundering, priced per kg, 12-month contracts",
        "customers": "B2B: hotels, guesthouses, spas",
        "journey": "a hotel switching to us: quote, trial week, contract signed, weekly collection and delivery, "
                   "monthly invoice",
        "kind": "current",
        "channels": "email, phone, delivery drivers, customer portal; no website",
        "problems": "hotels leave after the trial because per-kg pricing makes the bill unpredictable",
    }
    path = tmp_path / "laundry.toml"
    path.write_text(answers_toml(answers), encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["new", "--answers", str(path)]) == 0
    map_id = capsys.readouterr().out.strip().splitlines()[-1]
    assert cli.main(["export", map_id, "-f", "md"]) == 0
    md = capsys.readouterr().out
    assert "Trial week" in md and "try before buying" not in md.casefold()


# -- "yes" to a "did you mean" -----------------------------------------------------------------------------


async def test_in_the_app_yes_after_a_did_you_mean_makes_the_change_with_the_name_suggested(tmp_path):
    from cjm_assistant.tui.screens.review import ReviewScreen
    from tests.support.tui import chat_texts, make_app, open_saved, saved_map, send, settle, wait_for

    db = tmp_path / "cjm.db"
    map_id = saved_map(db)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_saved(pilot, app, map_id)
        await send(pilot, app, "move pain point 'slw rplies' to Delivery")
        await settle(pilot, app)
        assert any("did you mean 'slow replies'? Say “yes” to use it." in t for t in chat_texts(app))
        assert sum("did you mean 'slow replies'" in t for t in chat_texts(app)) == 1  # said once, with the hint
        await send(pilot, app, "yes")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen), what="the proposal review")
        await pilot.press("enter")
        await settle(pilot, app)
        where = {pp.name: st.name for st in app.session.journey.stages for pp in st.pain_points}
        assert where["slow replies"] == "Delivery"


def test_yes_with_no_suggestion_before_it_is_no_change(tmp_path, capsys):
    from cjm_assistant.domain.errors import EditError
    from cjm_assistant.session import Session
    from tests.support.tui import saved_map

    db = tmp_path / "cjm.db"
    map_id = saved_map(db)
    session = Session.start(db=str(db), engine="playbook")
    session.open_map(map_id)
    with pytest.raises(EditError, match="did you mean 'slow replies'"):
        session.instruct("move pain point 'slw rplies' to Delivery")
    session.instruct("make Delivery very negative")  # something else in between: the suggestion is gone
    with pytest.raises(EditError):
        session.instruct("yes")


def test_a_step_of_the_owners_whose_words_are_only_its_name_gets_no_action_repeating_it(tmp_path, capsys):
    path = tmp_path / "pawpal.toml"
    path.write_text(answers_toml(json.loads(json.dumps(PAWPAL))), encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["new", "--answers", str(path)]) == 0
    map_id = capsys.readouterr().out.strip().splitlines()[-1]
    stages = {st["name"]: [a["text"] for a in st["actions"]] for st in _json(map_id, capsys)["stages"]}
    assert "Meet and greet" in stages
    assert all(text.casefold() != name.casefold() for name, actions in stages.items() for text in actions)


# -- a matching app's other side -----------------------------------------------------------------------------


@pytest.mark.parametrize("problem", [
    "people go off-app after the first walk",
    "clients go direct to the cleaner after a couple of visits to save the fee",
    "once they meet the tutor they swap numbers and cut us out",
])
def test_customers_going_round_the_platform_get_a_reason_to_book_through_it(problem):
    from cjm_assistant.knowledge.remedies import shape_remedy

    fix = shape_remedy(problem)
    assert fix is not None and "rebook" in fix.name.casefold()
    assert shape_remedy("people go off to the shops after lunch") is None


def test_a_two_sided_business_gets_examples_for_the_side_of_the_persona_asked_about():
    interview = new_interview()
    for text in ("Minded, an app matching parents with local childminders in Leeds",
                 "after-school and holiday care, parents book and pay in the app, minders get 85%",
                 "both - parents and the childminders",
                 "parent downloads the app, searches minders nearby, books a trial session, pays monthly",
                 "today", "app, instagram, school gate flyers, no website",
                 "Working mum Priya, 38, needs pickups 3 days a week; and Childminder Carol, 52, 3 spaces"):
        interview.answer(text)
    asked = interview.prompt()
    assert asked.startswith("What does Working mum Priya want") and "get paid" not in asked
    for text in ("reliable pickups", "minders cancel", "app"):
        interview.answer(text)
    asked = interview.prompt()
    assert asked.startswith("What does Childminder Carol want") and "get paid" in asked


@pytest.mark.parametrize("answer, saved", [("yes", True), ("ok", True), ("reject", False)])  # "no" opens the notes on n
async def test_yes_or_no_typed_over_a_waiting_proposal_answers_it_and_is_not_kept(tmp_path, answer, saved):
    from cjm_assistant.tui.screens.review import ReviewScreen
    from cjm_assistant.tui.widgets.chat_input import ChatInput
    from tests.support.tui import make_app, open_saved, saved_map, send, settle, wait_for

    db = tmp_path / "cjm.db"
    map_id = saved_map(db)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_saved(pilot, app, map_id)
        before = {st.name: st.emotion for st in app.session.journey.stages}["Delivery"]
        await send(pilot, app, "make Delivery very negative")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen), what="the proposal review")
        for key in answer:
            await pilot.press(key)
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, ReviewScreen), what="the review to close")
        await settle(pilot, app)
        after = {st.name: st.emotion for st in app.session.journey.stages}["Delivery"]
        assert after == (-2 if saved else before)
        assert app.screen.query_one(ChatInput).text.strip() == ""


@pytest.mark.parametrize("problem", [
    "Parents who turn up late",
    "clients arrive late and the whole day runs behind",
    "guests show up late for their slot",
])
def test_customers_arriving_late_get_reminders_and_a_late_policy_not_a_sending_fix(problem):
    from cjm_assistant.knowledge.rephrase import rephrase
    from cjm_assistant.knowledge.remedies import shape_remedy

    direct = rephrase(problem)
    assert direct is None or " who arrive" not in direct.name  # never "Make sure parents who arrive on time"
    fix = shape_remedy(problem)
    assert fix is not None and "remind" in fix.name.casefold() and "late" in fix.name.casefold()


def test_things_arriving_late_keep_their_own_answer():
    from cjm_assistant.knowledge.rephrase import rephrase
    from cjm_assistant.knowledge.remedies import shape_remedy

    assert rephrase("the invoices arrive late").name == "Make sure the invoices arrive on time"
    assert shape_remedy("our engineers turn up late") is None
