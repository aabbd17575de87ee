"""Session 17, p17: each persona's problems on that persona's own steps, and `--persona` showing only theirs.

The businesses here are in no dev case: a dog-walking platform told in labelled parts, a supper-club app told as one
run of steps where the subject changes ("host posts, guest requests, host accepts -> pay in app"), and a
van-share scheme told the same way with other words."""

from __future__ import annotations

import pytest

from cjm_assistant import cli

_WALKS = dict(
    business="Pawpals, an app in Leeds that matches dog owners with local walkers, we take 20%",
    offering="group and solo dog walks booked in the app",
    customers="two sides: pet parents (busy workers, older people) and walkers (students, retired people)",
    journey="pet parents: search walkers near them, book a walk, pay in the app, get photos after the walk, "
            "leave a rating. walkers: sign up, pass the ID check, accept walks, do the walk, "
            "get paid every two weeks",
    problems="walkers cancel on the morning; our support inbox is slow at weekends",
    kind="current", channels="the app, email, Instagram",
    personas=[{"name": "Pet parent Priya", "description": "works long shifts at the hospital",
               "frustrations": "the walker cancelled on the morning with no replacement"},
              {"name": "Walker Wes", "description": "a student walking dogs between lectures",
               "frustrations": "waiting two weeks for my money; the ID check took ten days"}],
)

_SUPPER = dict(
    business="Tablefolk, an app where home cooks host supper clubs in their kitchens, we take 12%",
    offering="seats at supper clubs in people's homes",
    customers="two sides: hosts (home cooks) and guests (people who like eating out)",
    journey="host posts a supper club with a menu and price -> guest requests a seat, host accepts -> "
            "pay in the app -> guests message the host about allergies -> the evening itself -> "
            "host gets paid out a week later",
    problems="hosts moan the payout takes a week",
    kind="current", channels="the app, email",
    personas=[{"name": "Guest Gemma", "description": "34, likes trying new food with friends",
               "frustrations": "the payment page kept failing on my phone"},
              {"name": "Host Hamid", "description": "cooks Persian food for eight on Fridays",
               "frustrations": "guests ask about allergies at the last minute"}],
)

_VANS = dict(
    business="Shiftshare, a website where people with a van help neighbours move things, we take 15%",
    offering="man-with-a-van jobs booked and paid online",
    customers="two sides: drivers with a van and customers moving a sofa or a few boxes",
    journey="driver posts when he is free -> customer requests a job, driver accepts -> pay on the website -> "
            "the move itself -> driver gets paid out three days later",
    problems="drivers moan the payout takes three days",
    kind="current", channels="our website, email",
    personas=[{"name": "Customer Cara", "description": "moving out of a flat share",
               "frustrations": "the card payment failed twice"},
              {"name": "Driver Dan", "description": "has a Transit, does jobs at weekends",
               "frustrations": "waiting three days for the money"}],
)


def _ids(journey: dict) -> dict[str, str]:
    return {p["name"]: p["id"] for p in journey["personas"]}


def _where(journey: dict, words: str) -> dict:
    """The stage a pain point whose name or description holds ``words`` is on (a persona's complaint the owner also
    stated is one pain point named in the owner's words, the persona's kept in its description)."""
    return next(s for s in journey["stages"] for pp in s["pain_points"]
                if words in f"{pp['name']} {pp.get('description', '')}".casefold())


def _export(capsys, journey: dict, fmt: str, persona: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main(["export", journey["title"][:20], "-f", fmt, "--persona", persona])
    out = capsys.readouterr()
    return code, out.out, out.err


def _mine(stage: dict, pid: str) -> bool:
    return not stage.get("personas") or pid in stage["personas"]


@pytest.mark.parametrize("answers, who, words", [
    (_WALKS, "Walker Wes", "waiting two weeks"),
    (_WALKS, "Walker Wes", "id check"),
    (_WALKS, "Pet parent Priya", "walker cancelled"),
    (_SUPPER, "Guest Gemma", "payment page"),
    (_SUPPER, "Host Hamid", "allergies"),
    (_VANS, "Customer Cara", "card payment"),
    (_VANS, "Driver Dan", "waiting three days"),
])
def test_a_personas_problem_is_on_a_stage_they_go_through(new_map, answers, who, words):
    journey = new_map(**answers)
    stage = _where(journey, words)
    assert _mine(stage, _ids(journey)[who]), (stage["name"], stage.get("personas"))


def test_the_parts_the_owner_labelled_are_each_personas_stages(new_map):
    journey = new_map(**_WALKS)
    ids = _ids(journey)
    whose = {s["name"].casefold(): s.get("personas", []) for s in journey["stages"]}
    assert whose["book a walk"] == [ids["Pet parent Priya"]], whose
    assert whose["get paid every two weeks"] == [ids["Walker Wes"]], whose


@pytest.mark.parametrize("answers, step, customer", [(_SUPPER, "pay in the app", "Guest Gemma"),
                                                     (_VANS, "pay on the website", "Customer Cara")])
def test_a_step_after_the_other_side_acted_is_not_marked_as_theirs(new_map, answers, step, customer):
    """'guest requests, host accepts -> pay in the app': the host does not pay; the one who pays is the guest."""
    journey = new_map(**answers)
    stage = next(s for s in journey["stages"] if s["name"].casefold() == step)
    assert stage.get("personas") in ([], [_ids(journey)[customer]]), stage.get("personas")


def test_a_step_that_names_both_sides_is_both_sides(new_map):
    journey = new_map(**_SUPPER)
    stage = next(s for s in journey["stages"] if s["name"].casefold().startswith("guests message the host"))
    assert stage.get("personas", []) == []


@pytest.mark.parametrize("answers, who, others", [
    (_WALKS, "Walker", ["Search walkers near them", "Book a walk"]),
    (_WALKS, "Priya", ["Accept walks", "Get paid every two weeks"]),
    (_SUPPER, "Gemma", ["Host gets paid out a week later", "Host posts a supper club"]),
])
def test_export_for_one_persona_shows_none_of_the_other_sides_own_stages(new_map, capsys, answers, who, others):
    journey = new_map(**answers)
    code, md, _ = _export(capsys, journey, "md", who)
    assert code == 0
    headings = [line for line in md.splitlines() if line.startswith("## Stage")]
    assert headings and not [h for h in headings if any(o.casefold() in h.casefold() for o in others)], headings
    for fmt in ("csv", "json", "mermaid", "html"):
        code, out, _ = _export(capsys, journey, fmt, who)
        brand = journey["title"].split(":")[0]  # the title names the journey's two ends: not a stage
        out = "\n".join(line for line in out.splitlines() if brand not in line)
        assert code == 0 and not [o for o in others if o in out], (fmt, others)


@pytest.mark.parametrize("fmt", ["md", "csv", "json", "mermaid", "html"])
def test_a_name_that_is_no_persona_is_refused_with_the_names(new_map, capsys, fmt):
    journey = new_map(**_WALKS)
    code, out, err = _export(capsys, journey, fmt, "Zara")
    assert code != 0 and out == ""
    assert "no persona called 'Zara'" in err and "'Pet parent Priya'" in err and "'Walker Wes'" in err, err


def test_the_owners_own_problems_stay_the_owners(new_map, capsys):
    journey = new_map(**_WALKS)
    owner = [pp for s in journey["stages"] for pp in s["pain_points"]
             if "support inbox" in pp["name"].casefold() or "walkers cancel" in pp["name"].casefold()]
    owner += [pp for pp in journey["unplaced"] if "support inbox" in pp["name"].casefold()]
    assert owner and all(pp["personas"] == [] for pp in owner), owner
    capsys.readouterr()
    assert cli.main(["export", journey["title"][:20], "-f", "md"]) == 0
    md = capsys.readouterr().out
    lines = [line for line in md.splitlines() if "support inbox" in line.casefold() and line.startswith("- **")]
    assert lines and not [line for line in lines if "(for " in line], lines


def _draft(tmp_path, answers: dict) -> tuple:
    """A map drafted by `cjm new --answers` in a database of its own: (database, map id)."""
    from tests.conftest import answers_toml

    db, path = tmp_path / "tui.db", tmp_path / "tui-answers.toml"
    path.write_text(answers_toml(dict(answers)), encoding="utf-8")
    assert cli.main(["new", "--db", str(db), "--answers", str(path)]) == 0
    from cjm_assistant.store import Store

    with Store.open(db) as store:
        return db, store.list_maps()[0].id


async def test_in_the_tui_slash_persona_shows_only_their_stages_and_says_when_no_one_has_that_name(tmp_path, capsys):
    from tests.support.tui import chat_texts, make_app, send, settle

    db, map_id = _draft(tmp_path, _WALKS)
    app = make_app(db, open_map=map_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        pane = app.main.map_pane
        everyone = [s.name for s in pane.journey.stages]
        assert "Book a walk" in everyone and "Accept walks" in everyone
        await send(pilot, app, "/persona wes")
        shown = [s.name for s in pane.journey.stages]
        assert "Accept walks" in shown and "Get paid every two weeks" in shown
        assert "Book a walk" not in shown and "Search walkers near them" not in shown, shown
        assert "only Walker Wes's" in pane.border_title
        assert any("Showing only Walker Wes's map" in t for t in chat_texts(app))
        pains = [pp.name for s in pane.journey.stages for pp in s.pain_points]
        assert "The walker cancelled on the morning with no replacement" not in pains, pains
        await send(pilot, app, "/persona Zara")
        said = chat_texts(app)[-1]
        assert "no persona called 'Zara'" in said and "'Pet parent Priya', 'Walker Wes'" in said, said
        assert [s.name for s in pane.journey.stages] == shown  # the view stays as it was
        await send(pilot, app, "/persona all")
        assert [s.name for s in pane.journey.stages] == everyone
        assert "only" not in pane.border_title


def test_the_tui_detail_of_an_item_says_whose_it_is(new_map):
    from cjm_assistant.domain.model import JourneyMap
    from cjm_assistant.tui.widgets.map_data import Selection, detail

    journey = JourneyMap.model_validate(new_map(**_WALKS))
    stage, pp = next((s, pp) for s in journey.stages for pp in s.pain_points if "id check" in pp.name.casefold())
    assert "for Walker Wes" in detail(journey, Selection("pain_points", pp.id, stage.id))


@pytest.mark.parametrize("answers, said", [
    (dict(_WALKS, problems="walkers cancel on the morning; the app logs people out",
          personas=[dict(_WALKS["personas"][0], frustrations="the app logs people out"), _WALKS["personas"][1]]),
     "the app logs people out"),
    (dict(_VANS, problems="the card payment failed twice; drivers moan the payout takes three days"),
     "the card payment failed twice"),
])
def test_a_problem_the_owner_said_stays_the_owners_when_a_persona_says_it_too(new_map, capsys, answers, said):
    journey = new_map(**answers)
    found = [pp for s in journey["stages"] for pp in s["pain_points"] if pp["name"].casefold() == said] + \
        [pp for pp in journey["unplaced"] if pp["name"].casefold() == said]
    assert len(found) == 1 and found[0]["personas"] == [], found
    capsys.readouterr()
    assert cli.main(["export", journey["title"][:20], "-f", "md"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line.casefold().startswith(f"- **{said}")]
    assert lines and not [line for line in lines if "(for " in line], lines
