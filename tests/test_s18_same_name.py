"""The same problem from the owner and from a persona is one pain point (round two, session 18; an outside walk found
two pain points named "The zoom link changes every week" on one stage, each with its own fix)."""

from __future__ import annotations

from cjm_assistant.engines.playbook import PlaybookEngine, compose_with_notes
from cjm_assistant.interview import Interview, load_answers, run_answers

ANSWERS = '''
business = "Inkwell, online calligraphy classes from a studio in Bath"
offering = "a six-week beginners course on Zoom, a starter kit posted out, a Facebook group"
customers = "adults learning a hobby, many retired"
journey = "find us -> book the course -> the kit arrives -> weekly classes -> finish and share your work"
kind = "current"
channels = "website, email, Zoom, Facebook group"
problems = "the starter kit arrives late, which is so annoying we have to post a second one by courier; people miss a class and lose the thread"
goal = "more people finishing the course"

[[personas]]
name = "Retired beginner Margaret"
description = "68, new to video calls"
goals = "write her grandchildren's names beautifully"
frustrations = "the starter kit arrives late; the Zoom link is buried in emails"
channels = "email"
'''


def test_the_owners_problem_and_a_personas_alike_named_one_are_one_pain_point():
    interview = Interview(PlaybookEngine())
    run_answers(interview, load_answers(ANSWERS))
    journey, _ = compose_with_notes(interview.state.profile)
    pains = [pp for _, pp in journey.pain_points()] + list(journey.unplaced)
    late = [pp for pp in pains if pp.name.casefold().startswith("the starter kit arrives late")]
    assert len(late) == 1, [pp.name for pp in pains]
    # both answers it came from stay in its description; said by the owner too, it is everyone's, not only hers
    assert late[0].description.startswith("In your words: The starter kit arrives late, which is so annoying we "
                                          "have to post a second one by courier")
    assert "; The starter kit arrives late" in late[0].description
    assert late[0].personas == []
    # the persona's other frustration stays its own
    assert any("zoom link" in pp.name.casefold() for pp in pains)
