"""A persona's frustrations listed with commas stay separate when the last one ends in "and nobody warned us"
(the thirteenth validation set, now dev: a client's three frustrations became one pain point, cut with '…')."""
import pytest

from cjm_assistant.knowledge.lists import split_statements


@pytest.mark.parametrize(("said", "items"), [
    ("didnt know there'd be a separate fee for the structural engineer and building control, no idea where the "
     "planning application is up to, the neighbours objected and nobody warned us that might happen",
     ["Didnt know there'd be a separate fee for the structural engineer and building control",
      "No idea where the planning application is up to",
      "The neighbours objected and nobody warned us that might happen"]),
    ("slow replies, the price went up in May and nobody told them", ["Slow replies",
                                                                     "The price went up in May and nobody told them"]),
    # more words about one thing, then "and nobody told us": one problem, as before
    ("the trailer gets stuck at the lights, lost or late and nobody told us",
     ["The trailer gets stuck at the lights, lost or late and nobody told us"]),
])
def test_statements_before_a_told_tail_are_their_own(said, items):
    assert split_statements(said) == items


@pytest.mark.parametrize(("journey", "steps"), [
    ("from the first enquiry to getting planning and picking a builder",
     ["the first enquiry", "getting planning", "picking a builder"]),
    ("from booking to cleaning the oven and leaving it spotless", ["booking", "cleaning the oven", "leaving it spotless"]),
    # an "and" inside one step's name stays
    ("from the first call to washing and drying", ["the first call", "washing and drying"]),
])
def test_and_between_two_things_done_makes_two_steps(journey, steps):
    from cjm_assistant.knowledge.steps import parse_steps

    assert [s.text for s in parse_steps(journey)] == steps


def test_a_journey_ending_in_two_things_done_keeps_them_as_stages(tmp_path):
    """'from the first enquiry to getting planning and picking a builder': the owner's three steps are the map's
    stages (before, only two steps were read, one of no known kind, and the general model's stages replaced all)."""
    import subprocess
    import sys

    answers = tmp_path / "a.toml"
    answers.write_text('business = "Marsh Lane Design, a two person garden design practice in Leeds"\n'
                       'offering = "garden surveys, planting plans and help finding a landscaper"\n'
                       'customers = "homeowners doing up a garden"\n'
                       'journey = "from the first enquiry to getting a design and picking a landscaper"\n'
                       'kind = "current"\n', encoding="utf-8")
    db = str(tmp_path / "cjm.db")
    run = lambda *a: subprocess.run([sys.executable, "-m", "cjm_assistant", "--db", db, "--engine", "playbook", *a],
                                    capture_output=True, text=True, check=True).stdout
    map_id = run("new", "--answers", str(answers)).split()[-1]
    md = run("export", map_id, "-f", "md", "-o", "-")
    stages = [line.split(": ", 1)[1].rstrip("°") for line in md.splitlines() if line.startswith("## Stage ")]
    # the owner's three steps, in their order and one after the other; a first enquiry comes after finding and
    # choosing the practice, whose stages may come before it (session 22)
    first = stages.index("The first enquiry")
    assert stages[first:first + 3] == ["The first enquiry", "Getting a design", "Picking a landscaper"], stages
