"""What a line typed in the chat means (pure functions, no screen)."""

from __future__ import annotations

import pytest

from cjm_assistant.tui import help_data
from cjm_assistant.tui.router import route
from cjm_assistant.tui.widgets.map_data import sketch


@pytest.mark.parametrize("text, mode, kind, payload", [
    ("Sweet Crumbs, a bakery", "interview", "answer", "Sweet Crumbs, a bakery"),
    ("is this a question?", "interview", "answer", "is this a question?"),
    ("/skip", "interview", "answer", "skip"),
    ("/back", "interview", "answer", "back"),
    ("/draft", "interview", "answer", "draft"),
    ("add a stage Onboarding after Purchase", "map", "instruct", "add a stage Onboarding after Purchase"),
    ("which stage hurts most?", "map", "ask", "which stage hurts most?"),
    ("/add stage Onboarding after Purchase", "map", "edit", "add stage Onboarding after Purchase"),
    ("/delete stage Returns", "map", "edit", "remove stage Returns"),
    ("/rename Consideration to Research", "map", "edit", "rename Consideration to Research"),
    ("/move Reviews before Purchase", "map", "edit", "move Reviews before Purchase"),
    ("/undo", "map", "undo", ""),
    ("/redo", "map", "redo", ""),
    ("/new", "map", "new", ""),
    ("/open", "none", "open", ""),
    ("/help", "none", "help", ""),
    ("//etc is a path", "map", "instruct", "/etc is a path"),
])
def test_route(text, mode, kind, payload):
    intent = route(text, mode)
    assert (intent.kind, intent.text) == (kind, payload)


@pytest.mark.parametrize("text, args", [
    ("/export", ["", ""]),
    ("/export md", ["md", ""]),
    ("/export csv out/map.csv", ["csv", "out/map.csv"]),
    ("/export '/tmp/my map.md'", ["", "/tmp/my map.md"]),
    ("/export mermaid 'a b.mmd'", ["mermaid", "a b.mmd"]),
])
def test_export_arguments(text, args):
    intent = route(text, "map")
    assert intent.kind == "export" and intent.args == args


@pytest.mark.parametrize("text, mode, says", [
    ("/skip", "map", "during the interview"),
    ("/add stage X", "interview", "no map to change yet"),
    ("/add", "map", "Say what to add"),
    ("/wat", "map", "I don't know /wat"),
    ("hello", "none", "/new"),
])
def test_mistakes_get_a_sentence(text, mode, says):
    intent = route(text, mode)
    assert intent.kind == "error" and says in intent.args[0]


def test_model_command_takes_a_name():
    assert route("/model openai/gpt-4o-mini", "map").args == ["openai/gpt-4o-mini"]
    assert route("/model", "map").args == []


def test_every_key_has_a_title_and_a_readable_display():
    for area, keys in help_data.KEYS.items():
        assert area in help_data.AREAS
        for key in keys:
            assert key.title
            assert help_data.display(key.keys)
    assert help_data.display("ctrl+left,left_square_bracket") == "Ctrl+← / ["


def test_a_half_streamed_map_is_drawn_from_what_is_complete():
    partial = {"title": "Sweet Crumbs", "stages": [
        {"name": "Discover", "emotion": 1, "touchpoints": [{"name": "Instagram post", "channel": "Instagram"}]},
        {"name": "Consider", "pain_points": [{"name": "slow replies", "severity": 3}, {"severity": 2}]},
        {"emotion": 5},  # not a stage yet: no name
    ]}
    journey = sketch(partial)
    assert [s.name for s in journey.stages] == ["Discover", "Consider"]
    assert journey.stages[0].touchpoints[0].name == "Instagram post"
    assert [p.name for p in journey.stages[1].pain_points] == ["slow replies"]
    assert sketch("not a map") is None
