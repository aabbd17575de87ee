"""Round 12, placement: a pain point is backed only by a part about the same fault, not by one shared word.

An outside attack found complaints tied to a pain point on the strength of one incidental word: a dog groomer's
"nick on his ear" backed "Dogs get matted" ("dog"), a no-show backed "Has to be on calls all day" ("call",
"day"), "slots booked 2 weeks out" backed "Wants to book online" ("book"), and the praise "Good groom" was said to
contradict "Dogs get matted". The rules (:meth:`MapIndex.backs`): the words of the trade (the map's industry) say
nothing about which fault; one shared word is enough only when it is not a word of every journey (one the
playbook's texts for all trades use: "book", "call", "day"); two shared words are.

Run as a user runs it: the real CLI in a subprocess, on a small map and CSV written here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cjm_assistant.domain.model import Business, JourneyMap, PainPoint, Stage
from cjm_assistant.evidence.placement import MapIndex, common
from cjm_assistant.evidence import words as w


def _stage(i: int, name: str, goal: str, action: str, touchpoint: tuple[str, str], pains=()) -> dict:
    return {"id": f"st{i}", "provenance": "user", "name": name, "goal": goal, "emotion": 0,
            "actions": [{"id": f"ac{i}", "provenance": "user", "text": action}],
            "touchpoints": [{"id": f"tp{i}", "provenance": "user", "name": touchpoint[0], "channel": touchpoint[1]}],
            "pain_points": [{"id": pid, "provenance": "user", "name": name_, "description": desc, "severity": 3}
                            for pid, name_, desc in pains],
            "opportunities": []}


GROOMER = {
    "schema_version": 1, "title": "Muddy Paws: a full groom", "kind": "current",
    "business": {"name": "Muddy Paws", "description": "A one-woman dog grooming salon in a converted garage.",
                 "industry": "Dog grooming", "offering": "Full grooms, bath and brush, nail clips.",
                 "business_model": "B2C"},
    "personas": [{"id": "pe1", "provenance": "user", "name": "Busy owner Jo", "summary": "Has a cockapoo.",
                  "goals": ["A neat dog"], "frustrations": [], "channels": ["Phone"]}],
    "persona": "pe1",
    "channels": [{"id": "ch1", "provenance": "user", "name": "Phone", "kind": "phone"},
                 {"id": "ch2", "provenance": "user", "name": "Facebook", "kind": "social"},
                 {"id": "ch3", "provenance": "user", "name": "Salon", "kind": "in-person"}],
    "stages": [
        _stage(1, "Find a groomer", "Find someone gentle nearby", "Asks in the local dog walkers' Facebook group",
               ("Facebook page and reviews", "Facebook")),
        _stage(2, "Book a slot", "Get a slot that fits around work", "Rings the salon or messages on Facebook",
               ("Phone bookings", "Phone"),
               [("pp1", "Wants to book online", "There is no online booking; owners must phone or message"),
                ("pp2", "Has to be on calls all day",
                 "The groomer answers the phone between appointments and misses many")]),
        _stage(3, "Drop off", "Hand the dog over calmly", "Brings the dog to the salon and explains the cut",
               ("Front door hand-over", "Salon")),
        _stage(4, "The groom", "A clean, tidy, happy dog", "Dog is bathed, dried, clipped and has nails trimmed",
               ("Grooming table", "Salon"),
               [("pp3", "Dogs get matted", "Coats get matted when grooms are too far apart and have to be shaved off")]),
        _stage(5, "Collect & pay", "Pick the dog up and pay quickly", "Collects the dog and pays by card",
               ("Card reader", "Salon")),
    ],
}

ROWS = [  # (rating, comment): rows 1-4 are the attack's, 5-7 the same pain points told in their own words
    (2, "My dog came home with a nick on his ear, not happy."),
    (1, "Booked for 9am - no call, no text, nobody came. Had to take the day off for nothing."),
    (3, "Only slots booked 2 weeks out, had to wait ages."),
    (5, "Good groom, he looks like a new dog!"),
    (1, "His coat was matted and she just shaved it all off without asking."),
    (2, "Rang five times and nobody answered the phone, then no call back."),
    (2, "Wish I could book online instead of ringing."),
]


class Cli:
    def __init__(self, tmp: Path):
        self.tmp = tmp
        home = tmp / "home"
        home.mkdir()
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("CJM_")}
        self.env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
                        XDG_STATE_HOME=str(home / "state"), XDG_CACHE_HOME=str(home / "cache"),
                        LITELLM_LOCAL_MODEL_COST_MAP="True", CJM_DB=str(tmp / "cjm.db"))
        for key in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY"):
            self.env.pop(key, None)

    def run(self, *args, check: bool = True) -> subprocess.CompletedProcess:
        proc = subprocess.run([sys.executable, "-m", "cjm_assistant", "--engine", "playbook", *map(str, args)],
                              cwd=self.tmp, env=self.env, input="", capture_output=True, text=True, timeout=240)
        if check:
            assert proc.returncode == 0, proc.stdout + proc.stderr
        return proc


@pytest.fixture(scope="module")
def groomer(tmp_path_factory):
    """(each row's JSON report by row number, the proposal as printed) for the groomer's feedback."""
    tmp = tmp_path_factory.mktemp("groomer")
    cli = Cli(tmp)
    (tmp / "groomer.map.json").write_text(json.dumps(GROOMER), encoding="utf-8")
    lines = ["rating,comment"] + [f'{rating},"{text}"' for rating, text in ROWS]
    (tmp / "feedback.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    map_id = cli.run("import", tmp / "groomer.map.json").stdout.strip().splitlines()[-1]
    report = cli.run("evidence", map_id, tmp / "feedback.csv", "--report", "json").stdout
    rows = {r["row"]: r for r in (json.loads(line) for line in report.splitlines() if line.startswith("{"))}
    proposal = cli.run("evidence", map_id, tmp / "feedback.csv", check=False)  # not accepted: nothing saved
    return rows, proposal.stdout + proposal.stderr


def _pains(row: dict) -> set[str | None]:
    return {row["pain_point"], *(p["pain_point"] for p in row["parts"])} - {None}


def test_an_injury_is_no_evidence_of_matting_for_sharing_the_word_dog(groomer):
    rows, _ = groomer
    assert rows[1]["sentiment"] == "negative"
    assert "Dogs get matted" not in _pains(rows[1])
    assert rows[5]["pain_point"] == "Dogs get matted"  # a matted coat still is


def test_a_no_show_is_no_evidence_of_being_on_calls_all_day(groomer):
    rows, _ = groomer
    assert "Has to be on calls all day" not in _pains(rows[2])
    assert "Wants to book online" not in _pains(rows[2])  # "Booked for 9am" shares only "book"
    assert rows[6]["pain_point"] == "Has to be on calls all day"  # calls nobody answers still are


def test_a_long_wait_for_a_slot_is_no_evidence_of_wanting_to_book_online(groomer):
    rows, _ = groomer
    assert rows[3]["sentiment"] == "negative"
    assert "Wants to book online" not in _pains(rows[3])
    assert rows[7]["pain_point"] == "Wants to book online"  # asking to book online still is


def test_praise_of_the_groom_does_not_contradict_matting(groomer):
    rows, printed = groomer
    assert rows[4]["sentiment"] == "positive"
    assert "Dogs get matted" in printed  # the proposal names the pain point (the matted coat backs it)...
    assert "praised what" not in printed  # ...and no praise is said to speak against any pain point


def test_the_backed_pain_points_are_only_those_told_in_their_own_words(groomer):
    rows, printed = groomer
    assert sorted(r["pain_point"] for r in rows.values() if r["pain_point"]) == \
        ["Dogs get matted", "Has to be on calls all day", "Wants to book online"]
    assert "3 items back 3 pain points" in printed


# -- the rules, on a map built here -------------------------------------------------------------------


def test_words_of_every_journey_are_common_and_a_trades_own_are_not():
    for word in ("book", "booked", "call", "calls", "day", "time", "wait", "price"):
        assert common(w.term(word)), word
    for word in ("matted", "voucher", "reprint", "conservatory", "dog", "boiler"):
        assert not common(w.term(word)), word


def _index(industry: str, pains: list[tuple[str, str]]) -> MapIndex:
    journey = JourneyMap(title="t", business=Business(name="Shop", industry=industry), stages=[
        Stage(id="st1", name="Visit", pain_points=[PainPoint(id=f"pp{i}", name=n, description=d)
                                                   for i, (n, d) in enumerate(pains)])])
    return MapIndex(journey)


def test_one_shared_word_backs_a_pain_point_only_when_it_is_no_word_of_every_journey():
    index = _index("Printing", [("Reprint claims take too long", ""), ("Has to be on calls all day", "")])
    assert index.backs(0, set(w.terms("asked for a reprint")))  # one word, but the fault's own
    assert not index.backs(1, set(w.terms("had to take the day off")))  # "day": every journey's
    assert not index.backs(1, set(w.terms("no call from them")))  # "call": every journey's
    assert index.backs(1, set(w.terms("on calls with them all day")))  # two words of it


def test_the_words_of_the_trade_back_no_pain_point():
    index = _index("Dog grooming", [("Dogs get matted", "Coats get matted between grooms")])
    assert not index.backs(0, set(w.terms("good groom, lovely dog")))
    assert index.backs(0, set(w.terms("my dog came back matted")))  # "matted" is the fault
    elsewhere = _index("Dog walking", [("Dogs get matted", "Coats get matted between grooms")])
    assert elsewhere.backs(0, set(w.terms("good groom, lovely dog")))  # not a walker's trade: two words of it


def test_a_common_word_both_negate_is_the_fault_itself():
    index = _index("Bakery", [("No prices on Instagram", ""), ("Has to be on calls all day", "")])
    terms, negated = w.negated_terms("No prices on here")
    assert index.backs(0, set(terms), set(negated))  # "no prices" for "No prices on ...": the same thing missing
    terms, negated = w.negated_terms("no call, nobody came")
    assert not index.backs(1, set(terms), set(negated))  # a call missed is not being on calls all day
