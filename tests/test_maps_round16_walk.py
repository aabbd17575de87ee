"""Round two, session 13: what the last walks and attack 17 found in maps of businesses no set has (a driving
school, a dental practice)."""

from __future__ import annotations


def _fixes(journey: dict, problem_start: str) -> list[str]:
    ids = {pp["id"] for st in journey["stages"] for pp in st["pain_points"] if pp["name"].startswith(problem_start)}
    assert ids, problem_start
    return [op["name"] for st in journey["stages"] for op in st["opportunities"] if set(op["addresses"]) & ids]


def test_passing_the_test_is_where_the_journey_ends_not_a_trial(new_map):
    journey = new_map(business="Dave's Driving School, a driving instructor in Leicester",
                      offering="hour lessons £38, block of 10 for £360, and a test day package",
                      customers="learners and their parents", journey="from first enquiry to passing the test")
    names = [s["name"] for s in journey["stages"]]
    assert names.index("Passing the test") > names.index("First enquiry")
    after = names[names.index("Passing the test") + 1:]
    assert not any(n.casefold().startswith(("enrol", "join", "sign up", "first weeks")) for n in after), names
    goals = " ".join(s["goal"] for s in journey["stages"])
    assert "£" not in goals and "block of 10" not in goals  # the price list is not pasted into a goal


def test_late_paying_is_answered_as_late_payment_not_arriving_on_time(new_map):
    journey = new_map(business="Smile Dental, a family dental practice in Leeds", customers="local families",
                      journey="they ring to book, come for a check-up, get treatment, pay at reception",
                      problems="patients are late paying their bills, lab price rises are passed on to patients",
                      channels="phone, email, the practice")
    late = _fixes(journey, "Patients are late paying")
    assert late and not any("on time" in f or "arrive" in f for f in late), late
    assert any("pay" in f.casefold() for f in late), late
    rises = _fixes(journey, "Lab price rises")
    assert rises and not any("offer" in f.casefold() for f in rises), rises


def test_a_step_ending_on_its_preposition_takes_the_lists_object():
    from cjm_assistant.knowledge.steps import parse_steps

    assert [s.name for s in parse_steps("dropping off, paying for and collecting their laundry")][1:] == [
        "Paying for their laundry", "Collecting their laundry"]
    assert [s.name for s in parse_steps("they book, pay for and collect the cake")] == [
        "Book", "Pay for the cake", "Collect the cake"]
    assert "Paying for" not in [s.name for s in parse_steps("choosing, paying for and picking up a bike")]
