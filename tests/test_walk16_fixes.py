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
