"""The interview, driven answer by answer with the offline playbook engine.

Each test talks to the interview the way an owner would in the chat, and
checks what they would see next or what ended up in the profile.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cjm_assistant.engines.playbook import PlaybookEngine
from cjm_assistant.interview import (
    MAX_ANSWER,
    AnswersError,
    Interview,
    InterviewState,
    load_answers,
    run_answers,
    script,
)

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
BUSINESS = "Sweet Crumbs, a two-person bakery in Leeds selling custom cakes online"


def new_interview() -> Interview:
    return Interview(PlaybookEngine())


def asking(interview: Interview) -> str:
    """The key of the question being asked now."""
    assert interview.question is not None
    return interview.question.key


def answer_all(interview: Interview, *answers: str) -> None:
    for text in answers:
        interview.answer(text)


def up_to_channels(interview: Interview) -> None:
    """Answer the business questions, stopping at the channels question."""
    answer_all(interview, BUSINESS, "custom celebration cakes, delivered locally", "B2C, parents and office managers",
               "first online order of a custom cake", "current state")
    assert asking(interview) == "channels"


def up_to_persona(interview: Interview) -> None:
    """Answer everything up to the first persona question."""
    up_to_channels(interview)
    interview.answer("Instagram, our website, WhatsApp, local delivery")
    assert asking(interview) == "persona_name"


# -- asking, one question after another -----------------------------------------------


def test_the_first_prompt_is_the_intro_then_the_first_question():
    opening = new_interview().opening()

    assert opening.startswith(script().intro)
    assert "What's your business called, and what does it do?" in opening
    assert "For example: " in opening and "cake" not in opening  # examples for every kind of business


def test_an_answer_moves_on_to_the_next_question():
    interview = new_interview()

    turn = interview.answer(BUSINESS)

    assert "What do customers buy from you, exactly?" in turn.reply
    assert not turn.ready
    assert interview.state.profile.business_name == "Sweet Crumbs"


def test_a_vague_channels_answer_gets_a_follow_up_question():
    interview = new_interview()
    up_to_channels(interview)

    turn = interview.answer("online")

    assert "online" in turn.reply and "Instagram" in turn.reply  # "which channels: your website, Instagram...?"
    assert asking(interview) == "channels"


def test_the_follow_up_is_asked_once_then_the_interview_moves_on():
    interview = new_interview()
    up_to_channels(interview)
    interview.answer("online")

    turn = interview.answer("online, really")

    assert asking(interview) == "persona_name"
    assert "typical customer" in turn.reply


def test_answering_the_follow_up_adds_the_channels():
    interview = new_interview()
    up_to_channels(interview)
    interview.answer("online")

    interview.answer("our website and Instagram")

    assert interview.state.profile.channels == ["Website", "Instagram"]


# -- skip ------------------------------------------------------------------------------


def test_skip_passes_over_a_question():
    interview = new_interview()
    interview.answer(BUSINESS)
    profile = interview.state.profile

    turn = interview.answer("skip")

    assert turn.note == "Skipped."
    assert "Who are your customers?" in turn.reply
    assert interview.state.profile == profile


def test_the_business_question_cannot_be_skipped():
    interview = new_interview()

    turn = interview.answer("skip")

    assert asking(interview) == "business"
    assert "I need this one" in turn.note
    assert "What's your business called" in turn.reply


def test_an_empty_answer_to_the_business_question_is_refused_too():
    interview = new_interview()

    turn = interview.answer("   ")

    assert asking(interview) == "business"
    assert turn.note


# -- back ------------------------------------------------------------------------------


def test_back_returns_to_the_previous_question():
    interview = new_interview()
    answer_all(interview, BUSINESS, "custom celebration cakes, delivered locally")

    turn = interview.back()

    assert asking(interview) == "offering"
    assert "What do customers buy from you" in turn.reply
    assert "custom celebration cakes" in turn.note  # reminds them what they had said


def test_typing_back_restores_the_profile_as_it_was_before_that_answer():
    interview = new_interview()
    interview.answer(BUSINESS)
    before = interview.state.profile
    interview.answer("custom celebration cakes, delivered locally")
    assert interview.state.profile != before

    interview.answer("back")

    assert interview.state.profile == before
    assert asking(interview) == "offering"


def test_back_undoes_a_persona_answer():
    interview = new_interview()
    up_to_persona(interview)
    interview.answer("Busy parent Priya, orders a birthday cake twice a year")
    assert [p.name for p in interview.state.profile.personas] == ["Busy parent Priya"]

    interview.answer("back")

    assert interview.state.profile.personas == []
    assert asking(interview) == "persona_name"


def test_back_after_a_skip_returns_to_the_skipped_question():
    interview = new_interview()
    interview.answer(BUSINESS)
    interview.answer("skip")  # offering
    profile = interview.state.profile

    turn = interview.answer("back")

    assert asking(interview) == "offering"
    assert turn.note == "Back to this one (you had skipped it)."
    assert interview.state.profile == profile  # the business answer is still there
    assert interview.state.profile.business_name == "Sweet Crumbs"


def test_back_at_the_start_says_there_is_nothing_to_go_back_to():
    interview = new_interview()

    turn = interview.answer("back")

    assert "nothing to go back to" in turn.note
    assert asking(interview) == "business"


# -- draft -----------------------------------------------------------------------------


@pytest.mark.parametrize("words", ["draft", "that's enough, draft the map", "Draft the map!"])
def test_draft_ends_the_interview_once_the_business_is_known(words):
    interview = new_interview()
    interview.answer(BUSINESS)

    turn = interview.answer(words)

    assert turn.ready
    assert turn.reply == script().done
    assert interview.state.status == "ready"


def test_draft_before_the_business_is_known_is_refused_politely():
    interview = new_interview()

    turn = interview.answer("that's enough, draft the map")

    assert not turn.ready
    assert interview.state.status == "asking"
    assert "Tell me at least what your business is" in turn.note
    assert asking(interview) == "business"


def test_answering_every_question_ends_ready():
    interview = new_interview()
    up_to_persona(interview)
    answer_all(interview, "Busy parent Priya, orders a birthday cake twice a year",
               "a cake that looks like the picture", "no prices on Instagram, slow replies", "Instagram, WhatsApp",
               "no", "people ask prices in DMs and then disappear", "Google reviews", "why buyers don't come back")

    assert interview.state.status == "ready"
    assert interview.prompt() == script().done


# -- personas --------------------------------------------------------------------------


def test_the_persona_questions_come_in_order_and_use_the_name():
    interview = new_interview()
    up_to_persona(interview)

    asked = [interview.answer("Busy parent Priya, orders a birthday cake twice a year").reply]
    asked.append(interview.answer("a cake that looks like the picture, delivered on time").reply)
    asked.append(interview.answer("no prices on Instagram, slow replies").reply)
    asked.append(interview.answer("Instagram, WhatsApp").reply)

    assert asked[0].startswith("What does Busy parent Priya want to get out of it?")
    assert asked[1].startswith("What frustrates Busy parent Priya today?")
    assert asked[2].startswith("Which channels does Busy parent Priya prefer?")
    assert asked[3].startswith("Would you like to add another persona?")
    assert "{persona}" not in "".join(asked)


def test_the_persona_answers_fill_the_persona():
    interview = new_interview()
    up_to_persona(interview)

    answer_all(interview, "Busy parent Priya, orders a birthday cake twice a year",
               "a cake that looks like the picture", "no prices on Instagram, slow replies", "Instagram, WhatsApp")

    (priya,) = interview.state.profile.personas
    assert priya.name == "Busy parent Priya"
    assert priya.description == "Orders a birthday cake twice a year"
    assert priya.goals == ["A cake that looks like the picture"]
    assert priya.frustrations == ["No prices on Instagram", "Slow replies"]
    assert priya.channels == ["Instagram", "WhatsApp"]


def test_yes_to_another_persona_asks_the_persona_questions_again():
    interview = new_interview()
    up_to_persona(interview)
    answer_all(interview, "Busy parent Priya, orders a birthday cake twice a year",
               "a cake that looks like the picture", "no prices on Instagram", "Instagram")

    turn = interview.answer("yes")
    assert asking(interview) == "persona_name"
    assert "typical customer" in turn.reply

    turn = interview.answer("Office manager Omar, orders cakes for team birthdays")
    assert turn.reply.startswith("What does Office manager Omar want to get out of it?")
    answer_all(interview, "one invoice a month", "having to chase a quote", "email")

    omar = interview.state.profile.personas[1]
    assert [p.name for p in interview.state.profile.personas] == ["Busy parent Priya", "Office manager Omar"]
    assert omar.frustrations == ["Having to chase a quote"]
    assert asking(interview) == "more_personas"


def test_no_to_another_persona_moves_on_to_the_known_problems():
    interview = new_interview()
    up_to_persona(interview)
    answer_all(interview, "Busy parent Priya", "a cake that looks like the picture", "slow replies", "Instagram")

    turn = interview.answer("no")

    assert asking(interview) == "problems"
    assert "Besides those frustrations, what goes wrong that you see from your side?" in turn.reply
    assert len(interview.state.profile.personas) == 1


def test_the_known_problems_are_asked_plainly_when_no_frustration_was_given():
    interview = new_interview()
    up_to_persona(interview)
    answer_all(interview, "Busy parent Priya", "a cake that looks like the picture", "skip", "Instagram")

    turn = interview.answer("no")

    assert asking(interview) == "problems"
    assert "from your side of the counter" in turn.reply and "Besides" not in turn.reply


def test_no_question_is_asked_twice_in_a_whole_interview():
    interview = new_interview()
    up_to_persona(interview)
    asked = []
    for text in ("Busy parent Priya", "a cake like the picture", "slow replies, hidden prices", "Instagram", "no",
                 "people ask prices in DMs and disappear", "Google reviews", "why buyers don't come back"):
        asked.append(interview.prompt().split("\n")[0])
        interview.answer(text)
    assert interview.state.status == "ready"
    assert len(set(asked)) == len(asked)
    frustrations, problems = asked[2], asked[5]
    assert "frustrat" in frustrations and "frustrat" in problems and "Besides" in problems


def up_to_problems(interview: Interview, frustrations: str = "slow replies, no prices on Instagram") -> None:
    up_to_persona(interview)
    answer_all(interview, "Busy parent Priya", "a cake like the picture", frustrations, "Instagram", "no")
    assert asking(interview) == "problems"


@pytest.mark.parametrize("words", ["Same as above", "same as above really", "As I said.", "Ditto!",
                                   "It's the same really", "see above"])
def test_same_as_above_is_read_as_the_earlier_answer_not_as_a_problem(words):
    interview = new_interview()
    up_to_problems(interview)

    turn = interview.answer(words)

    problems = interview.state.profile.problems
    assert problems == ["Slow replies", "No prices on Instagram"]
    assert not any("same" in p.casefold() or "above" in p.casefold() or "said" in p.casefold() for p in problems)
    assert turn.note.startswith("Read that as the same as your earlier answer (“slow replies")
    assert interview.state.answers[-1].text == words  # what was typed is kept, for "back"


def test_what_follows_a_reference_is_taken_in_without_the_reference():
    interview = new_interview()
    up_to_problems(interview)

    turn = interview.answer("Same as above really: slow replies; people ask prices in DMs and disappear")

    assert interview.state.profile.problems == ["Slow replies", "People ask prices in DMs and disappear"]
    assert "took in what followed it" in turn.note


def test_a_reference_with_an_addition_keeps_both():
    interview = new_interview()
    up_to_problems(interview)

    interview.answer("same as above, plus late deliveries")

    assert interview.state.profile.problems == ["Slow replies", "No prices on Instagram", "Late deliveries"]


def test_same_as_above_on_the_problems_reads_every_personas_frustrations():
    interview = new_interview()
    up_to_persona(interview)
    answer_all(interview, "Busy parent Priya", "a cake like the picture", "slow replies, no prices on Instagram",
               "Instagram", "yes", "Office manager Sam", "a cake for a leaving do",
               "cakes arriving late at the venue", "email", "no")
    assert asking(interview) == "problems"

    turn = interview.answer("Same as above really, plus people leave when they see the delivery cost")

    assert interview.state.profile.problems == ["Slow replies", "No prices on Instagram",
                                                "Cakes arriving late at the venue",
                                                "People leave when they see the delivery cost"]
    assert "slow replies" in turn.note


def test_same_as_above_for_a_personas_channels_means_the_channels_not_the_frustrations():
    interview = new_interview()
    up_to_persona(interview)
    answer_all(interview, "Busy parent Priya", "a cake like the picture", "slow replies")

    interview.answer("same as above")

    assert interview.state.profile.personas[0].channels == ["Instagram", "Website", "WhatsApp", "Local delivery"]


@pytest.mark.parametrize("words", ["Same-day delivery is the problem", "The same cake arrives late", "Sameness"])
def test_an_answer_that_only_starts_like_a_reference_is_content(words):
    interview = new_interview()
    up_to_problems(interview)

    turn = interview.answer(words)

    assert interview.state.profile.problems == [words]
    assert turn.note == ""


def test_another_persona_wants_a_yes_or_a_no():
    interview = new_interview()
    up_to_persona(interview)
    answer_all(interview, "Busy parent Priya", "a cake that looks like the picture", "slow replies", "Instagram")

    turn = interview.answer("maybe later")

    assert asking(interview) == "more_personas"
    assert turn.note.startswith("Please answer yes or no")


def test_a_yes_that_goes_on_to_say_who_is_the_next_persona():
    """"Yes, there's also Omar, ..." was refused with "Please answer yes or no"; now the yes is taken and the
    rest answers who the next persona is."""
    interview = new_interview()
    up_to_persona(interview)
    answer_all(interview, "Busy parent Priya", "a cake that looks like the picture", "slow replies", "Instagram")

    turn = interview.answer("Yes, there's also Office manager Omar, who orders cakes for team birthdays")

    names = [p.name for p in interview.state.profile.personas]
    assert len(names) == 2 and "Omar" in names[1], names
    assert asking(interview) != "more_personas" and "Omar" in turn.reply


@pytest.mark.parametrize("said", ["Yes please", "yes, definitely one more", "Sure!"])
def test_a_yes_with_only_politeness_after_it_asks_who(said):
    interview = new_interview()
    up_to_persona(interview)
    answer_all(interview, "Busy parent Priya", "a cake that looks like the picture", "slow replies", "Instagram")

    turn = interview.answer(said)

    assert asking(interview) == "persona_name" and "typical customer" in turn.reply
    assert len(interview.state.profile.personas) == 1


@pytest.mark.parametrize("said", ["No, that's everyone really", "Not really, no", "Nobody else", "Nope."])
def test_a_no_in_a_sentence_moves_on(said):
    interview = new_interview()
    up_to_persona(interview)
    answer_all(interview, "Busy parent Priya", "a cake that looks like the picture", "slow replies", "Instagram")

    interview.answer(said)

    assert asking(interview) == "problems"
    assert len(interview.state.profile.personas) == 1


def test_skipping_the_persona_name_skips_the_rest_of_the_persona_block():
    interview = new_interview()
    up_to_persona(interview)

    interview.answer("skip")

    assert asking(interview) == "problems"
    assert interview.state.profile.personas == []


# -- saving and resuming ---------------------------------------------------------------


def test_the_state_survives_a_json_round_trip():
    interview = new_interview()
    up_to_persona(interview)
    interview.answer("Busy parent Priya, orders a birthday cake twice a year")

    restored = InterviewState.model_validate(interview.state.model_dump(mode="json"))

    assert restored == interview.state


def test_a_restored_interview_continues_at_the_same_question():
    interview = new_interview()
    up_to_persona(interview)
    interview.answer("Busy parent Priya, orders a birthday cake twice a year")
    saved = interview.state.model_dump(mode="json")

    resumed = Interview(PlaybookEngine(), InterviewState.model_validate(saved))

    assert resumed.prompt() == interview.prompt()
    assert resumed.opening().startswith("What does Busy parent Priya want")  # no intro the second time
    resumed.answer("a cake that looks like the picture")
    assert asking(resumed) == "persona_frustrations"
    assert resumed.state.profile.personas[0].goals == ["A cake that looks like the picture"]


def test_a_restored_interview_can_still_go_back():
    interview = new_interview()
    answer_all(interview, BUSINESS, "custom celebration cakes, delivered locally")
    resumed = Interview(PlaybookEngine(), InterviewState.model_validate(interview.state.model_dump(mode="json")))

    resumed.answer("back")

    assert asking(resumed) == "offering"
    assert resumed.state.profile.business_name == "Sweet Crumbs"


def test_a_pending_follow_up_survives_a_round_trip():
    interview = new_interview()
    up_to_channels(interview)
    follow_up = interview.answer("online").reply

    resumed = Interview(PlaybookEngine(), InterviewState.model_validate(interview.state.model_dump(mode="json")))

    assert resumed.prompt() == follow_up


# -- awkward input ---------------------------------------------------------------------


def test_a_one_megabyte_paste_is_truncated_with_a_note():
    interview = new_interview()
    interview.answer(BUSINESS)
    paste = "custom cakes, cupcakes and brownies. " * 30_000  # about 1 MB
    assert len(paste) > 1_000_000

    turn = interview.answer(paste)

    assert "long answer" in turn.note and f"{MAX_ANSWER:,}" in turn.note
    assert len(interview.state.answers[-1].text) == MAX_ANSWER
    assert asking(interview) == "customers"


def test_control_characters_and_terminal_escapes_do_not_reach_the_profile():
    interview = new_interview()

    interview.answer("\x1b[31mSweet Crumbs\x1b[0m, a bakery\x07 in Leeds\x00 selling custom cakes")

    profile = interview.state.profile
    assert profile.business_name == "Sweet Crumbs"
    assert profile.description == "Sweet Crumbs, a bakery in Leeds selling custom cakes"
    dumped = profile.model_dump_json()
    assert "\\u001b" not in dumped and "\\u0007" not in dumped and "\\u0000" not in dumped


def test_an_escape_code_in_a_persona_name_is_removed():
    interview = new_interview()
    up_to_persona(interview)

    interview.answer("\x1b]0;pwned\x07Busy parent \x1b[1mPriya\x1b[0m")

    assert [p.name for p in interview.state.profile.personas] == ["Busy parent Priya"]


# -- answers files ---------------------------------------------------------------------


def answers_error(text: str) -> str:
    with pytest.raises(AnswersError) as caught:
        load_answers(text)
    return str(caught.value)


def test_an_answers_file_that_is_not_toml_is_refused():
    message = answers_error('business = "Sweet Crumbs\n')

    assert message.startswith("the answers file is not valid TOML")


def test_an_unknown_key_in_an_answers_file_is_named():
    message = answers_error('business = "Sweet Crumbs"\nchanels = "Instagram"\n')

    assert "unknown key(s) in the answers file: chanels" in message
    assert "channels" in message  # lists the known keys


def test_an_answers_file_without_a_business_is_refused():
    message = answers_error('channels = "Instagram, WhatsApp"\n')

    assert "needs at least `business" in message


def test_a_persona_without_a_name_is_refused():
    message = answers_error('business = "Sweet Crumbs"\n[[personas]]\nfrustrations = "slow replies"\n')

    assert message == "persona 1 in the answers file needs a name"


def test_an_unknown_persona_key_is_named():
    message = answers_error('business = "Sweet Crumbs"\n[[personas]]\nname = "Priya"\nage = "34"\n')

    assert message == "unknown key(s) in persona 1: age"


@pytest.mark.parametrize("line", ["channels = 3", "channels = [1, 2]", "kind = true", "kind = [\"current\"]"])
def test_a_value_that_is_not_text_is_refused(line):
    key = line.split()[0]

    message = answers_error(f'business = "Sweet Crumbs"\n{line}\n')

    # a list of texts is fine where a list makes sense (channels), as the same items written as text
    assert message.startswith(f"`{key}` in the answers file should be text in quotes")
    assert ("or a list of texts" in message) is (key == "channels")


def test_a_business_that_is_not_text_is_refused():
    message = answers_error("business = 42\n")

    assert "`business`" in message and "text in quotes" in message


# Channels keep the owner's own short names ("email reminders"), not the catalogue's ("Email").
EXPECTED = {
    "bakery": ("Sweet Crumbs", ["Instagram", "Website", "WhatsApp", "Local delivery"]),
    "car-insurance": ("SafeLane", ["Comparison sites", "Website", "Phone", "Email", "Customer portal"]),
    "dental-clinic": ("Bright Smile Dental", ["Website", "Phone", "Google Maps", "Email reminders"]),
    "language-school": ("Lingua Loop", ["Google Search", "Website", "Instagram", "WhatsApp", "Email"]),
    "payroll-saas": ("PayPilot", ["Website", "Onboarding emails", "Help centre", "LinkedIn"]),
}


def test_every_example_is_covered():
    assert sorted(p.stem for p in EXAMPLES.glob("*.toml")) == sorted(EXPECTED)


@pytest.mark.parametrize("example", sorted(EXPECTED))
def test_an_example_answers_file_fills_the_profile(example):
    answers = load_answers((EXAMPLES / f"{example}.toml").read_text(encoding="utf-8"))
    interview = new_interview()

    run_answers(interview, answers)

    profile = interview.state.profile
    name, channels = EXPECTED[example]
    assert interview.state.status == "ready"
    assert profile.business_name == name
    assert set(channels) <= set(profile.channels)
    assert [p.name for p in profile.personas] == [p["name"] for p in answers["personas"]]
    for persona, given in zip(profile.personas, answers["personas"]):
        stated = [f.strip().casefold() for f in given["frustrations"].split(",")]
        assert [f.casefold() for f in persona.frustrations] == stated
        assert persona.channels


def test_an_answers_file_keeps_the_persona_quote():
    answers = load_answers((EXAMPLES / "bakery.toml").read_text(encoding="utf-8"))
    interview = new_interview()

    run_answers(interview, answers)

    assert interview.state.profile.personas[0].quote.startswith("I just want to know what it costs")


def test_an_answers_file_with_only_a_business_still_ends_ready():
    interview = new_interview()

    notes = run_answers(interview, load_answers(f'business = "{BUSINESS}"\n'))

    assert interview.state.status == "ready"
    assert interview.state.profile.business_name == "Sweet Crumbs"
    assert any("channels" in note for note in notes)  # says what it had no answer for


# -- questions that fit, vague answers, and problems placed by asking --------------------------


def test_no_question_repeats_another():
    asks = [q.ask.casefold() for q in script().questions]
    assert len(set(asks)) == len(asks)
    problems = next(q.ask for q in script().questions if q.key == "problems").casefold()
    assert "already know" not in problems and "frustrat" not in problems


def test_examples_fit_the_kind_of_business_being_mapped():
    interview = new_interview()
    interview.answer("Ridgeway Dental, a family dental practice in York")
    interview.answer("check-ups, hygiene appointments and whitening")
    example = interview.prompt().split("For example:")[1]
    assert "cake" not in example and "plant" not in example  # a service's example, not a shop's
    b2b = new_interview()
    b2b.answer("Gearwise Ltd, distributor of hydraulic hoses to plant hire firms")
    b2b.answer("hoses and fittings, next-day delivery")
    b2b.answer("B2B: plant hire firms")
    assert "getting paid" in b2b.prompt()  # the journey example of a business selling to businesses
    # before the customers are known, their example shows both answers: a courier for law firms was offered only
    # "B2C: local people..."
    courier = new_interview()
    courier.answer("Swift Couriers, three cyclists carrying court papers between firms in Manchester")
    courier.answer("same-day runs, £12 a drop")
    example = courier.prompt().split("For example:")[1]
    assert "B2C" in example and "B2B" in example


@pytest.mark.parametrize(("key", "answer"), [("offering", "flowers, mostly"), ("customers", "locals mostly"),
                                             ("channels", "the usual"), ("channels", "online mostly")])
def test_a_vague_answer_gets_one_follow_up(key, answer):
    interview = new_interview()
    interview.answer("Petals, a florist on the high street in Chester")
    while asking(interview) != key:
        interview.answer("skip")
    turn = interview.answer(answer)
    assert interview.state.follow_up == turn.reply and asking(interview) == key
    assert interview.answer("skip").reply != turn.reply  # only one follow-up, then the next question


def test_nothing_from_a_vague_answer_is_pasted_into_a_sentence():
    interview = new_interview()
    answer_all(interview, "Petals, a florist on the high street in Chester", "flowers, mostly", "skip", "skip",
               "current", "phone, the shop", "draft")
    journey = PlaybookEngine().propose_map(interview.state.profile).journey
    texts = [t.text for s in journey.stages for t in s.thoughts + s.actions] + [s.goal for s in journey.stages]
    texts += [tp.description for _, tp in journey.touchpoints()]
    assert not [t for t in texts if "mostly" in t]


def test_a_problem_no_stage_fits_is_asked_about_once_the_questions_are_done():
    interview = new_interview()
    answer_all(interview, "Gearwise Ltd, distributor of hydraulic hoses and fittings in Leeds", "hoses and fittings",
               "B2B: plant hire firms", "a site manager ordering a hose through to us getting paid", "current",
               "phone, web shop, email", "skip", "the car park lights are out", "skip")
    shown = interview.answer("get paid faster")
    assert "Do these steps match" in shown.reply  # the industry is not known: the stages are shown first
    turn = interview.answer("ok")
    assert not turn.ready and "Which step does “The car park lights are out” happen in?" in turn.reply
    assert "1. " in turn.reply and interview.state.stages
    assert interview.answer("the moon").reply == turn.reply  # not a step: asked again
    done = interview.answer("ordering")
    assert done.ready and interview.state.profile.placements == {"The car park lights are out": "Ordering a hose"}
    journey = PlaybookEngine().propose_map(interview.state.profile).journey
    stage = next(s for s in journey.stages if s.name == "Ordering a hose")
    assert "The car park lights are out" in [pp.name for pp in stage.pain_points] and not journey.unplaced


def test_an_answers_file_leaves_an_unplaceable_problem_unplaced_with_a_note():
    interview = new_interview()
    notes = run_answers(interview, {"business": "Gearwise Ltd, distributor of hydraulic hoses in Leeds",
                                    "journey": "ordering a hose through to us getting paid",
                                    "problems": "the car park lights are out"})
    assert interview.state.status == "ready"
    assert any("not yet placed" in n for n in notes)


def _unsure_interview():
    interview = new_interview()
    answer_all(interview, "Gearwise Ltd, distributor of hydraulic hoses and fittings in Leeds", "hoses and fittings",
               "B2B: plant hire firms", "a site manager ordering a hose through to us getting paid", "current",
               "phone, web shop, email", "skip", "skip", "skip")
    return interview, interview.answer("get paid faster")


def test_when_the_industry_is_unsure_the_proposed_stages_are_shown_and_ok_keeps_them():
    interview, turn = _unsure_interview()
    assert not turn.ready and "couldn't tell your industry" in turn.note
    proposed = list(interview.state.stages)
    assert "Ordering a hose" in proposed and all(f"{i}. {name}" in turn.reply for i, name in enumerate(proposed, 1))
    done = interview.answer("ok")
    assert done.ready and "Kept the proposed stages" in done.note and interview.state.profile.stages == []
    journey = PlaybookEngine().propose_map(interview.state.profile).journey
    assert [s.name for s in journey.stages] == proposed


def test_the_owner_reorders_renames_and_adds_stages_in_one_answer():
    interview, _ = _unsure_interview()
    proposed = list(interview.state.stages)
    at = proposed.index("Ordering a hose") + 1
    done = interview.answer(f"{at}, 1 Spotting a worn hose, Collect from the trade counter")
    assert done.ready and "Stages set:" in done.note
    journey = PlaybookEngine().propose_map(interview.state.profile).journey
    names = [s.name for s in journey.stages]
    assert names == ["Ordering a hose", "Spotting a worn hose", "Collect from the trade counter"]
    assert all(s.provenance == "user" for s in journey.stages)
    need = next(s for s in PlaybookEngine().propose_map(interview.state.profile.model_copy(
        update={"stages": []})).journey.stages if s.name == proposed[0])
    assert journey.stages[1].goal == need.goal  # a renamed step keeps the content of the one it renames


@pytest.mark.parametrize("bad,why", [("9, 1", "no step 9"), ("1, 1", "listed twice"), ("2", "2 to 16 steps")])
def test_a_stage_list_that_cannot_be_read_is_asked_again_with_the_reason(bad, why):
    interview, turn = _unsure_interview()
    again = interview.answer(bad)
    assert not again.ready and why in again.note and again.reply == turn.reply
    assert interview.state.profile.stages == []


def test_a_known_industry_is_not_asked_to_confirm_stages():
    interview = new_interview()
    answer_all(interview, "Sweet Crumbs, a bakery in Leeds making custom cakes", "custom cakes", "families",
               "first online order of a custom cake", "current", "instagram, website", "skip", "skip", "skip")
    turn = interview.answer("more orders")
    assert "Do these steps match" not in turn.reply


def test_an_answers_file_can_give_the_stages_and_a_bad_list_is_a_note():
    base = {"business": "Gearwise Ltd, distributor of hydraulic hoses in Leeds",
            "journey": "ordering a hose through to us getting paid"}
    interview = new_interview()
    run_answers(interview, {**base, "stages": ["Spot a worn hose", "Ordering a hose", "Getting paid"]})
    assert [c.name for c in interview.state.profile.stages] == ["Spot a worn hose", "Ordering a hose", "Getting paid"]
    interview = new_interview()
    notes = run_answers(interview, {**base, "stages": "1"})
    assert interview.state.status == "ready" and interview.state.profile.stages == []
    assert any("`stages`" in n and "2 to 16 steps" in n for n in notes)


def test_draft_said_early_still_shows_the_proposed_stages_when_the_industry_is_unsure():
    # the README: whenever the industry is unsure, the interview shows the proposed stages before drafting; an
    # early "draft" skipped them (outside attack 3)
    interview = Interview(PlaybookEngine())
    interview.answer("Quill & Vellum, hand-bound notebooks and calligraphy workshops in York")
    turn = interview.answer("draft")
    assert interview.state.confirming and not turn.ready
    assert "Do these steps match your customers' journey?" in turn.reply
    turn = interview.answer("ok")
    assert turn.ready and interview.state.status == "ready"


def test_draft_said_early_drafts_at_once_when_the_industry_is_known():
    interview = Interview(PlaybookEngine())
    interview.answer("Sweet Crumbs, a two-person bakery in Leeds selling custom cakes online")
    assert interview.answer("draft").ready and not interview.state.confirming


def test_a_persona_given_as_the_channels_answer_is_asked_again_and_leaves_no_channels():
    # "Priya, 29, legal secretary ...; and practice manager Dave, 52" answered the channels question by mistake:
    # it became the channels "Priya" and "Clinic"
    interview = new_interview()
    interview.answer("Swift Couriers, three cyclists carrying court papers between firms in Manchester")
    while asking(interview) != "channels":
        interview.answer("skip")
    turn = interview.answer("Priya, 29, legal secretary at a mid-size firm, books 5-10 runs a week; and practice "
                            "manager Dave, 52, who signs off the monthly invoice")
    assert asking(interview) == "channels" and "customers" in turn.reply
    assert not interview.state.profile.channels
    interview.answer("phone, the web booking form, email")
    assert interview.state.profile.channels == ["Phone", "Online booking", "Email"]
    assert asking(interview) != "channels"


@pytest.mark.parametrize("answer", ["Instagram, 2 posts a week, and the phone", "Facebook, 10 posts a month"])
def test_a_channels_answer_with_numbers_is_no_person(answer):
    interview = new_interview()
    interview.answer("Petals, a florist on the high street in Chester")
    while asking(interview) != "channels":
        interview.answer("skip")
    interview.answer(answer)
    assert interview.state.profile.channels and asking(interview) != "channels"


def test_the_question_count_goes_on_when_a_second_persona_starts():
    """attack18: the status bar's count went back from "10 of 14" to "8 of 14" when the second persona began."""
    interview = new_interview()
    up_to_persona(interview)
    answer_all(interview, "Busy parent Priya", "a cake that looks like the picture", "slow replies", "Instagram")
    before, total = interview.progress

    interview.answer("yes")

    after, more = interview.progress
    assert asking(interview) == "persona_name"
    assert after > before and more > total and after < more


@pytest.mark.parametrize("said, name", [
    ("venue coordinator Sarah at Oxnead Hall who recommends suppliers", "Venue coordinator Sarah"),
    ("there's also trade buyer Dave who orders monthly for a builder", "Trade buyer Dave"),
])
def test_a_second_persona_named_by_role_and_first_name_is_a_persona_of_their_own(said, name):
    """In a tmux walk, "venue coordinator Sarah at Oxnead Hall who ..." for the second persona was written into the
    first persona's description and the interview asked "another persona?" again: Sarah was lost."""
    interview = new_interview()
    up_to_persona(interview)
    answer_all(interview, "Bride Becky, 29, planning everything on a spreadsheet", "a packed dancefloor",
               "chasing me for timings", "Instagram", "yes")

    turn = interview.answer(said)

    becky, other = interview.state.profile.personas
    assert becky.description == "29, planning everything on a spreadsheet"
    assert other.name == name and asking(interview) == "persona_goals" and name in turn.reply


def test_a_second_persona_with_no_name_to_tell_is_kept_under_a_name_of_their_own():
    interview = new_interview()
    up_to_persona(interview)
    answer_all(interview, "Bride Becky, 29, planning everything on a spreadsheet", "a packed dancefloor",
               "chasing me for timings", "Instagram", "yes")

    interview.answer("people who run the venues and pass my name on to couples when they ask")

    becky, other = interview.state.profile.personas
    assert becky.description == "29, planning everything on a spreadsheet"
    assert "pass my name on" in other.description
