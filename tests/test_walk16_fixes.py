"""Fixes written from the owner's own words (outside walk 16): how far ahead a business is booked up is not part
of what to add ("Add more groomers weeks ahead")."""
import pytest

from cjm_assistant.knowledge.rephrase import rephrase


@pytest.mark.parametrize(("problem", "fix"), [
    ("Groomers are booked up weeks ahead", "Add more groomers"),
    ("The vet is booked up three weeks in advance", "Add more vets"),
    ("Slots are booked up two months out", "Add more slots"),
    ("Classes are fully booked for weeks", "Add more classes"),
    ("Tours are sold out on Saturdays", "Add more tours on Saturdays"),
])
def test_a_booked_up_problem_is_answered_by_capacity_without_its_lead_time(problem, fix):
    assert rephrase(problem).name == fix


def test_the_markdown_ranking_leads_with_the_owners_own_problems_as_the_priorities_do(tmp_path):
    """A walk of the finished build: the owner's one problem came third, behind inferred ones of the same severity,
    in the Markdown's "Pain points, ranked" (the priorities and HTML exports already put it first)."""
    from cjm_assistant.domain.model import JourneyMap
    from cjm_assistant.export.markdown import to_markdown
    from cjm_assistant.export.priorities import rank_pains

    m = JourneyMap.model_validate({
        "title": "Muddy Paws", "business": {"name": "Muddy Paws"},
        "stages": [
            {"id": "st1", "name": "Find us", "pain_points": [
                {"id": "pp1", "name": "Hard to find online", "severity": 3, "provenance": "inferred"}]},
            {"id": "st2", "name": "Visit on the day", "pain_points": [
                {"id": "pp2", "name": "Never knows what time the van will turn up", "severity": 2,
                 "provenance": "user"},
                {"id": "pp3", "name": "Nobody calls back", "severity": 2, "provenance": "inferred"}]},
        ]})
    ranked = to_markdown(m).split("## Pain points, ranked", 1)[1].split("\n\n", 2)[1].splitlines()
    assert [line.split("**")[1] for line in ranked] == [r.pain.name for r in rank_pains(m)]
    assert ranked[0].startswith("1. **Never knows what time the van will turn up**")
