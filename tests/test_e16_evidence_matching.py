"""e16: evidence rows backing the wrong pain points (an outside tester's groomer, 10 rows).

A mobile bike mechanic's map, drafted the way the playbook drafts one (the owner's own pain points beside inferred
ones, with the opportunities that answer them), and ten reviews of the kinds the tester saw read wrongly:

* a wish about a pain point ("Would love to pay by card instead of cash" beside "Only takes cash") is a complaint
  that backs it, never praise that contradicts it;
* what a customer could not find ("Couldn't find any prices on Instagram") is the fault, not the finding: one shared
  word of looking ("find") is no evidence of "Hard to find online";
* someone who came late ("he showed up two hours late", "Was told 9am, he arrived at 11:45") backs the owner's
  problem of arrival time ("Customers never know what time he will show up"), on its stage, not a pain point
  that shares an incidental word ("I'm at work when he rings back so we keep missing each other");
* praise of the person who does the work ("Such a patient mechanic, ...") goes where the work is done, and a
  closing "Will book again." is a verdict on the rest, not the booking stage;
* a story told in order ("Booked three weeks ahead then he cancelled the night before") complains of what came
  after: the words before "then" set the scene and back no pain point ("He is fully booked for weeks ahead");

Run as a user runs it: the real CLI in a subprocess, on the map and CSV written here; the row-level checks read
``cjm evidence MAP FILE --report json`` and the summary checks the proposal a dry run prints.
"""

from __future__ import annotations

import csv
import json

import pytest

from cjm_assistant.domain.model import JourneyMap
from cjm_assistant.evidence.match import Matcher
from tests.test_evidence_place_round12 import Cli


def _stage(i: int, name: str, goal: str, actions: list[str], touchpoints: list[tuple[str, str]], pains=(), opps=(),
           provenance: str = "inferred", thoughts=()) -> dict:
    return {"id": f"st{i}", "provenance": provenance, "name": name, "goal": goal, "emotion": 0,
            "actions": [{"id": f"ac{i}{k}", "provenance": "inferred", "text": a} for k, a in enumerate(actions)],
            "touchpoints": [{"id": f"tp{i}{k}", "provenance": "inferred", "name": n, "channel": c}
                            for k, (n, c) in enumerate(touchpoints)],
            "thoughts": [{"id": f"th{i}{k}", "provenance": "inferred", "text": t} for k, t in enumerate(thoughts)],
            "pain_points": [{"id": pid, "provenance": prov, "name": n, "description": d, "severity": 2}
                            for pid, prov, n, d in pains],
            "opportunities": [{"id": f"op{i}{k}", "provenance": "inferred", "name": n, "addresses": a}
                              for k, (n, a) in enumerate(opps)]}


BIKE = {
    "schema_version": 1, "title": "Spoke Doctor: a first repair at home", "kind": "current",
    "business": {"name": "Spoke Doctor",
                 "description": "I run a mobile bike repair van, I come to people's homes and fix their bikes on the street",
                 "industry": "Bicycle repair", "offering": "Services, puncture repairs, brakes and gears, about £45 a service",
                 "business_model": "B2C"},
    "personas": [{"id": "pe1", "provenance": "user", "name": "Commuter Priya", "summary": "Cycles to work every day",
                  "goals": ["Bike fixed without missing work"], "frustrations": [], "channels": ["WhatsApp"]}],
    "persona": "pe1",
    "channels": [{"id": "ch1", "provenance": "user", "name": "Instagram", "kind": "social"},
                 {"id": "ch2", "provenance": "user", "name": "Phone calls", "kind": "phone"},
                 {"id": "ch3", "provenance": "user", "name": "WhatsApp", "kind": "messaging"},
                 {"id": "ch4", "provenance": "user", "name": "Google Search", "kind": "web"}],
    "stages": [
        _stage(1, "Find a mechanic", "Find a reliable mechanic nearby",
               ["Searches Google or Maps", "Asks friends or neighbours", "Checks reviews"],
               [("Instagram post", "Instagram"), ("Search result", "Google Search")],
               [("pp1", "inferred", "Hard to find online",
                 "People searching for what the business offers don't see it in search results or on the map.")],
               [("Complete the Google Business Profile", ["pp1"])], provenance="user",
               thoughts=["Who is good and close by?"]),
        _stage(2, "Check and choose", "Check prices, availability and whether they're right for me",
               ["Looks up services and prices", "Checks the next free slot", "Calls or messages with a question"],
               [("Instagram highlights", "Instagram"), ("Question by WhatsApp", "WhatsApp")],
               [("pp2", "inferred", "Few or poor reviews", "Too few, old or negative reviews make newcomers hesitate.")],
               [("Ask for reviews at the happy moment", ["pp2"])], thoughts=["How much will it cost?"]),
        _stage(3, "Book a repair", "Book a time that suits me, quickly",
               ["Books by phone or by message", "Gives the address", "Receives a confirmation"],
               [("Booking by phone", "Phone calls"), ("Booking by WhatsApp", "WhatsApp")],
               [("pp3", "user", "He is fully booked for weeks ahead", ""),
                ("pp4", "user", "I'm at work when he rings back so we keep missing each other", ""),
                ("pp5", "inferred", "Can't book online",
                 "Booking only by phone or message, during opening hours, loses people who decide in the evening.")],
               [("Keep a waiting list that tells people when a slot frees up", ["pp3"]),
                ("24/7 online booking", ["pp5"])],
               thoughts=["Did my booking go through?"]),
        _stage(4, "Wait for the van", "Know what to expect and be in when he comes",
               ["Receives a reminder", "Waits in for the agreed time"], [("Reminder text", "WhatsApp")],
               [("pp6", "user", "Customers never know what time he will show up", ""),
                ("pp7", "inferred", "No-shows and late cancellations",
                 "Customers forget or cancel at the last minute, leaving empty slots.")],
               [("Give an arrival window and text when on the way", ["pp6"]), ("Automatic reminders", ["pp7"])],
               provenance="user"),
        _stage(5, "The repair", "Have the bike fixed properly without leaving home",
               ["Meets him at the door and says what is wrong", "Sees the work done and checks it", "Pays"],
               [("Running-late text", "WhatsApp")],
               [("pp8", "user", "Parts run out so some jobs need a second trip", ""),
                ("pp9", "user", "Nowhere to park the van on some streets", ""),
                ("pp10", "user", "Only takes cash", ""),
                ("pp11", "inferred", "Unfriendly or inconsistent service",
                 "The experience depends on who is on shift; some customers meet indifference or rudeness.")],
               [("Carry the common parts", ["pp8"]), ("Service standards and training", ["pp11"])]),
        _stage(6, "Aftercare and next service", "Know when the next service is due",
               ["Receives a follow-up", "Books the next service, or forgets to"], [("Service-due text", "WhatsApp")],
               [("pp12", "inferred", "No contact afterwards", "Once paid, customers never hear from the business again.")],
               [("Thank-you and aftercare follow-up", ["pp12"])]),
    ],
}
ROWS = [  # (stars, review): one of each kind the tester saw, in this business's words
    (5, "Such a patient mechanic, my son's old bike rides like new. Will book again."),
    (2, "Took four days to answer my WhatsApp, almost gave up and went to the bike shop."),
    (4, "Great repair but he showed up two hours late, a quick text would have helped."),
    (1, "Tyres were pumped but he blocked the whole road with the van and a neighbour shouted at us."),
    (5, "Fixed my brakes on the doorstep, no more pushing the bike to town!"),
    (3, "Couldn't find any prices on Instagram so I had to message and wait for an answer."),
    (2, "Was told 9am, he arrived at 11:45. I missed my train because he was still working."),
    (5, "Easy to book the next service, he messaged me when it was due."),
    (4, "Tidy work on the gears. Would love to pay by card instead of cash."),
    (1, "Booked three weeks ahead then he cancelled the night before because the van broke down."),
]


@pytest.fixture(scope="module")
def bike(tmp_path_factory):
    """(each row's JSON report by row number, the proposal a dry run prints) for the mechanic's reviews."""
    tmp = tmp_path_factory.mktemp("e16")
    cli = Cli(tmp)
    (tmp / "bike.map.json").write_text(json.dumps(BIKE), encoding="utf-8")
    with open(tmp / "reviews.csv", "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["stars", "review"])
        out.writerows(ROWS)
    map_id = cli.run("import", tmp / "bike.map.json").stdout.strip().splitlines()[-1]
    report = cli.run("evidence", map_id, tmp / "reviews.csv", "--report", "json").stdout
    rows = {r["row"]: r for r in (json.loads(line) for line in report.splitlines() if line.startswith("{"))}
    proposal = cli.run("evidence", map_id, tmp / "reviews.csv", check=False)  # a dry run: nothing saved
    return rows, proposal.stdout + proposal.stderr


def _pains(row: dict) -> set[str]:
    return {row["pain_point"], *(p["pain_point"] for p in row["parts"])} - {None}


def _part(row: dict, words: str) -> dict:
    return next(p for p in row["parts"] if words in p["text"])


def test_a_wish_about_a_pain_point_backs_it_and_is_never_praise_of_it(bike):
    rows, proposal = bike
    row = rows[9]  # "Tidy work on the gears. Would love to pay by card instead of cash." (4 stars)
    wish = _part(row, "Would love to pay by card")
    assert wish["sentiment"] == "negative"
    assert wish["pain_point"] == "Only takes cash"
    assert row["sentiment"] == "mixed"  # the praise of the work is still praise
    assert _part(row, "Tidy work")["sentiment"] == "positive"
    assert "praised what “Only takes cash”" not in proposal
    assert "“Only takes cash” (The repair): +1 mention" in proposal


def test_a_wish_about_what_went_wrong_is_a_complaint(bike):
    rows, _ = bike
    # "a quick text would have helped": what the customer missed, not praise of a text
    assert _part(rows[3], "would have helped")["sentiment"] == "negative"


@pytest.fixture(scope="module")
def matcher():
    return Matcher(JourneyMap.model_validate(BIKE))


def test_what_came_before_then_sets_the_scene_and_backs_no_pain_point(bike):
    rows, proposal = bike
    row = rows[10]  # "Booked three weeks ahead then he cancelled the night before because the van broke down."
    assert row["sentiment"] == "negative" and row["placed"]
    assert "He is fully booked for weeks ahead" not in _pains(row)
    assert "He is fully booked for weeks ahead” (Book a repair): +1 mention" not in proposal


def test_a_story_that_goes_on_about_what_came_first_still_backs_it(matcher):
    # no subject of its own after "then": the wait goes on, and it is the booking wait
    got = matcher.match("Booked three weeks ahead then had to wait another two weeks because he was full", -1)
    assert got.sentiment == "negative"
    assert {p.pain_point for p in got.parts} == {"pp3"}


def test_a_thing_the_customer_could_not_find_is_no_evidence_of_being_hard_to_find(bike):
    rows, proposal = bike
    row = rows[6]  # "Couldn't find any prices on Instagram so I had to message and wait for an answer."
    assert row["sentiment"] == "negative"
    assert "Hard to find online" not in _pains(row)
    assert "“Hard to find online” (Find a mechanic): +1 mention" not in proposal


@pytest.mark.parametrize("text", ["Couldn't find you on Google at all, only found you through a friend",
                                  "Took ages to find your website"])
def test_not_finding_the_business_itself_still_backs_hard_to_find_online(matcher, text):
    assert {p.pain_point for p in matcher.match(text, -1).parts} == {"pp1"}, text


def test_a_late_arrival_backs_the_owners_problem_of_arrival_time(bike):
    rows, proposal = bike
    late = _part(rows[3], "two hours late")  # "Great repair but he showed up two hours late, ..."
    assert late["sentiment"] == "negative" and late["placed"]
    assert (late["stage"], late["pain_point"]) == ("Wait for the van", "Customers never know what time he will show up")
    assert rows[3]["sentiment"] == "mixed" and _part(rows[3], "Great repair")["sentiment"] == "positive"
    row = rows[7]  # "Was told 9am, he arrived at 11:45. I missed my train because he was still working."
    assert row["pain_point"] == "Customers never know what time he will show up"
    assert "I'm at work when he rings back so we keep missing each other" not in _pains(row)
    assert "“Customers never know what time he will show up” (Wait for the van): +2 mentions" in proposal


def test_something_that_started_late_is_no_late_arrival(matcher):
    # no one came late: the words of lateness alone do not pull a part onto the arrival problem
    got = matcher.match("The repair itself started 10 mins late because he had to find a part", -1)
    assert "pp6" not in {p.pain_point for p in got.parts}


def test_praise_of_the_mechanic_goes_where_the_work_is_done(bike):
    rows, _ = bike
    row = rows[1]  # "Such a patient mechanic, my son's old bike rides like new. Will book again."
    assert row["sentiment"] == "positive"
    assert row["stage"] == "The repair"
    assert all(p["stage"] != "Book a repair" for p in row["parts"])
