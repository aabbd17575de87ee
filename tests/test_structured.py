"""Reading JSON from model replies (cjm_assistant.engines.llm.structured): fences, prose, small repairs,
and documents cut off before their end."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cjm_assistant.engines.llm.structured import (
    JsonReplyError,
    PartialJsonParser,
    extract_json,
    loads_lenient,
)

MAP = {
    "stages": [
        {
            "name": "Aware",
            "touchpoints": [
                {"name": "Instagram ad", "emotion": 0.5, "quote": 'She said "wow" {really}'},
                {"name": "Friend [referral]", "emotion": -1, "ok": True, "note": None},
            ],
        },
        {"name": "Buy", "touchpoints": []},
    ]
}
MAP_TEXT = json.dumps(MAP, indent=2)


def parse_partial(text: str):
    """What a stream shows when ``text`` has arrived."""
    return PartialJsonParser().feed(text)


def closed(text: str):
    """What a reply that stopped early (or not) holds: its document closed where it stopped."""
    return loads_lenient(text, allow_truncated=True)


# ------------------------------------------------------------ extract_json


@pytest.mark.parametrize(
    "text",
    [
        MAP_TEXT,
        f"```json\n{MAP_TEXT}\n```",
        f"```\n{MAP_TEXT}\n```",
        f"Here is the map:\n\n```json\n{MAP_TEXT}\n```\n\nHope this helps!",
        f"Here is the map: {MAP_TEXT} Hope this helps {{:-)}}",
        f"\ufeff{MAP_TEXT}",
        f"\ufeff```json\n{MAP_TEXT}\n```",
        f"Step [1] of 2 — the map:\n{MAP_TEXT}\nDone [ok].",
        f"  \n{MAP_TEXT}\n\n",
    ],
)
def test_extract_json_strips_fences_and_prose(text):
    assert json.loads(extract_json(text)) == MAP
    assert loads_lenient(text) == MAP


def test_extract_json_is_string_aware():
    text = 'prefix {"a": "}{ ] [ \\" still string", "b": ["x]"]} suffix }'
    out = extract_json(text)
    assert json.loads(out) == {"a": '}{ ] [ " still string', "b": ["x]"]}


def test_extract_json_top_level_array():
    assert extract_json('Sure: [1, {"a": [2]}, "]"] bye') == '[1, {"a": [2]}, "]"]'


def test_extract_json_truncated_returns_rest():
    assert extract_json('Here:\n```json\n{"a": [1, 2') == '{"a": [1, 2'


def test_extract_json_prefers_the_document_over_prose_brackets():
    assert extract_json('Using [v2]: {"a": 1}') == '{"a": 1}'
    assert extract_json('Step [1]: {"a": [1, 2, 3]} ok') == '{"a": [1, 2, 3]}'


@pytest.mark.parametrize("text", ["", "   ", "no json here", "Sorry, I can't help.", '"just a string"', "42"])
def test_extract_json_no_json(text):
    with pytest.raises(JsonReplyError) as ei:
        extract_json(text)
    assert ei.value.kind == "no_json"
    assert str(ei.value) == "the reply contained no JSON"
    assert isinstance(ei.value, ValueError)


# ------------------------------------------------------------- repairs


@pytest.mark.parametrize(
    "text, expected",
    [
        ('{"a": [1, 2,], "b": {"c": 3,},}', {"a": [1, 2], "b": {"c": 3}}),
        ('{"a": [1, 2 ,\n  ]\n,\n}', {"a": [1, 2]}),
        ('{"a": True, "b": False, "c": None}', {"a": True, "b": False, "c": None}),
        ('{"a": "True, not None,}", "b": [True]}', {"a": "True, not None,}", "b": [True]}),
        ('{"Nonesuch": "x", "k": None}', {"Nonesuch": "x", "k": None}),
        ('{"a": "x, ]"}', {"a": "x, ]"}),
        ('{"a": "line\nbreak"}', {"a": "line\nbreak"}),  # raw control char
        ('```json\n{"a": 1,}\n```', {"a": 1}),
    ],
)
def test_safe_repairs(text, expected):
    assert loads_lenient(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ('{"a": [1, 2', {"a": [1, 2]}),
        ('{"a": [1, 2,', {"a": [1, 2]}),
        ('{"a": "hel', {"a": "hel"}),
        ('{"a": "x\\', {"a": "x"}),
        ('{"a": "x\\u00', {"a": "x"}),
        ('{"a": "x\\\\', {"a": "x\\"}),
        ('{"a": "x\\"', {"a": 'x"'}),
        ('{"a": 1, "b', {"a": 1}),
        ('{"a": 1, "b"', {"a": 1}),
        ('{"a": 1, "b":', {"a": 1}),
        ('{"a": 1, "b": ', {"a": 1}),
        ('{"a": 1, "b": tr', {"a": 1}),
        ('{"a": 1, "b": True', {"a": 1, "b": True}),
        ('{"a": 1, "b": -', {"a": 1}),
        ('{"a": 1, "b": 1.', {"a": 1}),
        ('{"a": 1, "b": 12', {"a": 1, "b": 12}),
        ('{"a": {"b": [{"c": [', {"a": {"b": [{"c": []}]}}),
        ("[", []),
        ("{", {}),
    ],
)
def test_a_truncated_document_is_closed(text, expected):
    assert closed(text) == expected


@pytest.mark.parametrize("text", ['{"a": [1, 2}', "{'a': 1}", '{"a" 1}', "nothing"])
def test_unsafe_repairs_are_refused(text):
    with pytest.raises(JsonReplyError):
        loads_lenient(text)


def test_every_truncation_point_is_closed():
    for i in range(1, len(MAP_TEXT) + 1):
        assert isinstance(closed(MAP_TEXT[:i]), dict)
    assert closed(MAP_TEXT) == MAP


# ----------------------------------------------------------- loads_lenient


def test_loads_lenient_reasons():
    with pytest.raises(JsonReplyError) as ei:
        loads_lenient("I could not produce a map, sorry.")
    assert ei.value.kind == "no_json"
    assert ei.value.reason == "the reply contained no JSON"

    with pytest.raises(JsonReplyError) as ei:
        loads_lenient('```json\n{"stages": [{"name": "Aware"}, {"name": "Co')
    assert ei.value.kind == "truncated"
    assert str(ei.value) == "the reply was cut off in the middle of the JSON"
    assert ei.value.partial == {"stages": [{"name": "Aware"}, {"name": "Co"}]}

    assert loads_lenient('{"stages": [{"name": "Aware"}, {"na', allow_truncated=True) == {
        "stages": [{"name": "Aware"}, {}]
    }

    with pytest.raises(JsonReplyError) as ei:
        loads_lenient("{'single': 'quotes'}")
    assert ei.value.kind == "invalid"
    assert ei.value.reason == "the reply's JSON is malformed"


def test_loads_lenient_repairs():
    assert loads_lenient('Here you go:\n{"a": [1, 2,], "b": True,}\nThanks') == {
        "a": [1, 2],
        "b": True,
    }


# ----------------------------------------------------------- parse_partial


def test_parse_partial_example_from_spec():
    text = '{"stages": [{"name": "Aware", "touchpoints": [{"name": "Ins'
    assert parse_partial(text) == {
        "stages": [{"name": "Aware", "touchpoints": [{"name": "Ins"}]}]
    }


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", None),
        ("Here is the", None),
        ("```json\n", None),
        ("```json\n{", {}),
        ('```json\n{"stages": [', {"stages": []}),
        ('Sure! {"a": 1, "b', {"a": 1}),
        ('{"a": 1, "b": 12', {"a": 1, "b": 12}),  # read as it stands; the watcher shows only complete items
        ('{"a": [1, 2', {"a": [1, 2]}),
        ('{"a": tru', {}),
        ('{"a": true', {"a": True}),
        ('{"a": nul', {}),
        ('{"a": "\\u00e', {"a": ""}),
        ('{"a": "b"}\n```\nHope th', {"a": "b"}),
        ('{"a": [1, 2}', {"a": [1, 2]}),  # a preview is lenient; loads_lenient refuses it
        ("Using [v2]: ", None),
        ('Using [v2]: {"a": "x', {"a": "x"}),
        ('{"a": True, "b": [None,', {"a": True, "b": [None]}),
    ],
)
def test_parse_partial_cases(text, expected):
    assert parse_partial(text) == expected


def test_parse_partial_every_prefix_of_map():
    prev_len = -1
    for i in range(len(MAP_TEXT) + 1):
        got = parse_partial(MAP_TEXT[:i])
        assert got is None or isinstance(got, dict)
        if got is not None:
            size = len(json.dumps(got))
            assert size >= 2
            prev_len = max(prev_len, size)
    assert parse_partial(MAP_TEXT) == MAP


def test_partial_parser_incremental_matches_fresh():
    text = "Here you go:\n```json\n" + MAP_TEXT + "\n```\nEnjoy"
    p = PartialJsonParser()
    for i in range(0, len(text), 7):
        chunk_end = min(len(text), i + 7)
        assert p.feed(text[i:chunk_end]) == parse_partial(text[:chunk_end])
    assert p.value() == MAP


def _big_document(target: int = 50_000) -> str:
    stages = []
    i = 0
    while True:
        stages.append(
            {
                "name": f"Stage {i}",
                "touchpoints": [
                    {
                        "name": f'Touch {j} "quoted" {{brace}} [x]',
                        "emotion": (j % 5) - 2,
                        "pain": j % 2 == 0,
                        "notes": None,
                        "quotes": ["I liked it", "Too slow \\ really"],
                    }
                    for j in range(10)
                ],
            }
        )
        text = json.dumps({"stages": stages}, indent=2)
        if len(text) >= target:
            return text
        i += 1


def test_parse_partial_reads_a_50kb_prefix():
    text = _big_document()
    assert len(text) >= 50_000
    assert parse_partial(text) == json.loads(text)
    half = parse_partial(text[: len(text) // 2])
    assert isinstance(half, dict) and half


# ------------------------------------------------------- property tests

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**12), max_value=10**12)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=12,
)
json_dicts = st.dictionaries(st.text(max_size=6), json_values, max_size=5)


@given(d=json_dicts, indent=st.sampled_from([None, 2]), ascii_=st.booleans())
def test_property_parse_partial_every_prefix(d, indent, ascii_):
    text = json.dumps(d, indent=indent, ensure_ascii=ascii_)
    for i in range(len(text)):
        got = parse_partial(text[:i])
        assert got is None or isinstance(got, dict)
    assert parse_partial(text) == d


@given(d=json_dicts)
def test_property_every_prefix_is_loadable(d):
    text = json.dumps(d)
    for i in range(1, len(text) + 1):
        assert isinstance(closed(text[:i]), dict)  # a prefix of valid JSON can always be closed
    assert loads_lenient(text) == d


@given(d=json_dicts, data=st.data())
def test_property_incremental_parser_random_chunks(d, data):
    text = "```json\n" + json.dumps(d) + "\n```"
    p = PartialJsonParser()
    pos = 0
    while pos < len(text):
        n = data.draw(st.integers(min_value=1, max_value=20))
        p.feed(text[pos : pos + n])
        pos += n
    assert p.value() == d
