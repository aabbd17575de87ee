"""Stage names from the owner's journey answer (round 14, from a dog groomer's answer): "then I try and book the
next one" is one step, not a stage "Try"; "find me on facebook or somebody on the village group recommends me" is
named by its first way, whole, not cut to "Find us on facebook or somebody"."""

from __future__ import annotations

import pytest

from cjm_assistant.knowledge.steps import parse_steps


def names(journey: str) -> list[str]:
    return [s.name for s in parse_steps(journey)]


@pytest.mark.parametrize("journey", [
    "they ring me, I go round and quote, then I try and book the next one in 6-8 weeks",
    "they email a list, we come and collect it, we repair it, they pay",
    "people book online, they go and look at the reviews first, they turn up",
])
def test_and_after_try_go_or_come_joins_one_step(journey):
    got = names(journey)
    assert not any(n.casefold() in ("try", "go", "come", "we come", "they go") for n in got), got
    assert not any(n.casefold().endswith((" try", " go", " come")) for n in got), got


@pytest.mark.parametrize(("journey", "first"), [
    ("they find me on facebook or somebody on the village group recommends me, they message me, I turn up",
     "Find me on facebook"),
    ("customers see the van or someone at the school gate tells them about us, they ring, we book them in",
     "see the van"),
])
def test_a_second_way_said_as_its_own_clause_is_left_out_of_the_name(journey, first):
    got = names(journey)
    assert got[0].endswith(first) and " or " not in got[0], got


def test_two_short_ways_each_whole_are_both_kept():
    got = names("they buy yarn or book a class, they come in, they knit")
    assert got[0].casefold() == "buy yarn or book a class", got
