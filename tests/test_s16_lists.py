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
