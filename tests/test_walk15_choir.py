"""Found walking the TUI at 80x24 as the owner of a community choir (a business no set was written for)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from cjm_assistant.knowledge.detect import persona_name_and_summary
from cjm_assistant.knowledge.lists import split_statements
from tests.test_interview import answer_all, asking, new_interview, up_to_persona

PACKAGE = Path(__file__).resolve().parents[1] / "cjm_assistant"


def test_a_share_of_a_group_after_a_comma_is_a_problem_of_its_own():
    """ "...we never see them again, half the members don't pay subs till we chase them in March" became one pain
    point, so the subs problem had no stage of its own and its fix was pasted under the taster's."""
    said = ("people come to one taster and we never see them again, half the members don't pay subs till we chase "
            "them in March, and the basses are all over 70 so we need younger men")

    assert split_statements(said) == ["People come to one taster and we never see them again",
                                      "Half the members don't pay subs till we chase them in March",
                                      "The basses are all over 70 so we need younger men"]


@pytest.mark.parametrize("said", [
    "the van is late, half the time it doesnt come at all",  # how often, not who
    "customers forget the forms, half of them never read the email",  # "them": the customers before
    "the bus is late, most of our regulars have given up",  # how they took it
])
def test_a_share_that_says_more_about_the_piece_before_stays_with_it(said):
    assert len(split_statements(said)) == 1


@pytest.mark.parametrize("said, name, description", [
    ("a concert-goer: Ticket buyer Tom, 45, brings his kids to the Christmas concert", "Ticket buyer Tom",
     "A concert-goer, 45, brings his kids to the Christmas concert"),
    ("the landlord - Landlord Lisa, owns 3 flats", "Landlord Lisa", "The landlord, owns 3 flats"),
    ("A regular: Sam", "Sam", "A regular"),
])
def test_who_a_persona_is_said_before_their_name_leaves_the_name_clean(said, name, description):
    assert persona_name_and_summary(said) == (name, description)


def test_a_second_persona_introduced_by_who_they_are_is_named_by_their_name():
    """The map and every export called the second persona "a concert-goer: Ticket buyer Tom"."""
    interview = new_interview()
    up_to_persona(interview)
    answer_all(interview, "Retired Margaret, 68, just moved to Kendal", "to feel welcome", "can't read music",
               "facebook")

    turn = interview.answer("yes, a concert-goer: Ticket buyer Tom, 45, brings his kids to the Christmas concert")

    margaret, tom = interview.state.profile.personas
    assert (tom.name, tom.description) == ("Ticket buyer Tom", "A concert-goer, 45, brings his kids to the Christmas "
                                                               "concert")
    assert asking(interview) == "persona_goals" and "Ticket buyer Tom" in turn.reply


def test_no_module_binds_the_same_top_level_name_twice():
    """Twice a module defined a second constant of the same name further down (detect._WHO_FIRST, a customer-type
    word list): the later one silently replaced the first for every function above it. Linters miss a reassigned
    constant; this does not."""
    twice = []
    for path in sorted(PACKAGE.rglob("*.py")):
        seen: set[str] = set()
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign):
                names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
                names = [node.target.id]
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names = [node.name]
            else:
                names = []
            twice += [f"{path.relative_to(PACKAGE)}: {n}" for n in names if n in seen]
            seen.update(names)
    assert twice == []


def _channels(said: str) -> list[tuple[str, str]]:
    from cjm_assistant.knowledge.channel_items import read_channels

    return [(c.name, c.note) for c in read_channels(said)[0]]


def test_posters_put_up_in_places_are_one_channel_and_the_places_a_note():
    """ "posters in the library and cafes" made 'Cafes' a channel, and the map then had 'Arrival and appointment at
    the Cafes' and 'Paying at the Cafes' for a choir that never meets in one."""
    channels = _channels("our website, facebook, posters in the library and cafes, word of mouth")

    assert ("Posters", "in the library and cafes") in channels
    assert not any("cafe" in name.casefold() for name, _ in channels)


def test_flyers_in_the_post_office_are_no_post_channel():
    assert _channels("flyers in the post office and the chemist") == [("Flyers", "in the post office and the chemist")]


@pytest.mark.parametrize("said, channel", [
    ("posters in our shop and the library", "Physical store"),  # the business's own shop stays a channel
    ("leaflets at the library and instagram", "Instagram"),  # a channel after "and" is one of its own
])
def test_a_place_of_the_business_or_a_channel_after_the_posters_stays_a_channel(said, channel):
    assert channel in [name for name, _ in _channels(said)]


def test_a_paper_named_in_full_and_then_short_is_one_channel():
    """The business named "the Westmorland Gazette", a persona "the Gazette": two channels, one paper."""
    from cjm_assistant.knowledge.channel_items import SaidChannel, near

    assert near(SaidChannel("Gazette", None, ""), SaidChannel("Westmorland Gazette", None, ""))
    assert not near(SaidChannel("Library", None, ""), SaidChannel("Library noticeboard", None, ""))


@pytest.mark.parametrize("said, sources", [
    ("a membership spreadsheet and ticket sales from the tourist info", ["Sales records"]),
    ("Skiddle ticket reports, Square till data", ["Sales records"]),
    ("Intercom tickets, NPS survey after 90 days", ["Support tickets", "NPS", "Surveys"]),
])
def test_concert_ticket_sales_are_sales_records_not_support_tickets(said, sources):
    """A choir's "ticket sales from the tourist info" was listed as 'Support tickets' in the map's data."""
    from cjm_assistant.knowledge.detect import detect_data

    assert detect_data(said) == sources


def _placing():
    from tests.test_interview import answer_all

    interview = new_interview()
    answer_all(interview, "Gearwise Ltd, distributor of hydraulic hoses and fittings in Leeds", "hoses and fittings",
               "B2B: plant hire firms", "a site manager ordering a hose through to us getting paid", "current",
               "phone, web shop, email", "skip", "the car park lights are out", "skip", "get paid faster")
    return interview, interview.answer("ok")


def test_a_problem_no_step_fits_can_get_a_new_step_of_its_own():
    """Asked which step "Tickets are only sold on the door" happens in, a choir's owner answered "buying tickets",
    which was no step, and could only put it on the concert or skip it."""
    from cjm_assistant.engines.playbook import PlaybookEngine

    interview, turn = _placing()
    assert "a new step and where it goes" in turn.reply
    before = list(interview.state.stages)

    done = interview.answer("Collecting from the counter before 3")

    assert done.ready and done.note == ("Added the step 'Collecting from the counter'; “The car park lights are out” "
                                        "goes on it.")
    journey = PlaybookEngine().propose_map(interview.state.profile).journey
    names = [s.name for s in journey.stages]
    assert names == [*before[:2], "Collecting from the counter", *before[2:]]
    stage = journey.stages[2]
    assert [pp.name for pp in stage.pain_points][0] == "The car park lights are out" and not journey.unplaced
    assert journey.stages[3].goal  # the steps already there keep what they had


@pytest.mark.parametrize("said, note", [
    ("Collecting from the counter before 12", "There is no step 12; the steps are numbered 1 to 7."),
    ("Delivery after 2", "There is a step “Delivery” already; answer with its name or number."),
    ("the moon", "I didn't find that step; answer with its number or its name, a new step and where it goes "
                 "(“Buying tickets before 3”), or say skip."),
])
def test_a_new_step_that_cannot_be_added_is_said_and_the_question_stays(said, note):
    interview, turn = _placing()

    again = interview.answer(said)

    assert again.note == note and again.reply == turn.reply and not again.ready
    assert interview.state.profile.stages == []


def test_a_club_or_choir_is_asked_with_examples_of_joining_not_of_booking_an_appointment():
    """A choir was asked "What do customers buy from you?" with physio sessions and houseplants as examples, and for
    its journey "finding us, asking for a price or booking, the appointment"."""
    interview = new_interview()
    turn = interview.answer("We're Harmony Hall, a community choir in Kendal with about 80 singers, run by a volunteer "
                            "committee and one paid musical director")
    assert "membership" in turn.reply and "physio" not in turn.reply
    interview.answer("membership for the year (£90, concessions £45), a termly concert series with tickets")
    interview.answer("singers from round Kendal, lots retired, and the audiences who buy concert tickets")
    assert "taster" in interview.prompt() and "appointment" not in interview.prompt()


@pytest.mark.parametrize("business", [
    "Keyways, a locksmith in Derby, member of the Master Locksmiths Association",  # a trade body, not a club
    "Northside Physio, two physiotherapists in Leeds",
])
def test_a_business_that_is_no_club_keeps_the_examples_of_its_kind(business):
    turn = new_interview().answer(business)
    assert "membership" not in turn.reply


def test_a_reminder_fix_leaves_out_the_owners_story_after_till():
    """A choir's fix read "Remind members to pay subs till we chase them in March"."""
    from cjm_assistant.knowledge.rephrase import rephrase

    fix = rephrase("Half the members don't pay subs till we chase them in March")
    assert fix is not None and fix.name == "Remind members to pay subs"
