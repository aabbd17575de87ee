"""What to fix first: the impact/effort 2x2, the ranked pain points, and the one-page brief."""

from __future__ import annotations

from pathlib import Path

import pytest

from cjm_assistant import cli
from cjm_assistant.engines.playbook import PlaybookEngine
from cjm_assistant.export import FORMATS, export, suggest_filename
from cjm_assistant.export.brief import to_brief
from cjm_assistant.export.jsonio import from_json
from cjm_assistant.export.priorities import pain_score, quadrants, rank_pains, to_priorities
from cjm_assistant.domain.model import JourneyMap
from cjm_assistant.session import Session
from cjm_assistant.store import Store

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "sweet-crumbs.json"
FEEDBACK = ROOT / "examples" / "sweet-crumbs-feedback.csv"


@pytest.fixture
def example() -> JourneyMap:
    return from_json(EXAMPLE.read_text(encoding="utf-8"))


def grid_map() -> JourneyMap:
    """One opportunity per combination, on pain points of known weight."""
    return JourneyMap.model_validate({
        "title": "Grid", "business": {"name": "Test"},
        "channels": [{"name": "Web"}],
        "stages": [
            {"name": "One", "emotion": -2, "pain_points": [
                {"id": "pp1", "name": "Severe", "severity": 3},
                {"id": "pp2", "name": "Mild", "severity": 1},
            ], "opportunities": [
                {"name": "Easy big", "impact": "high", "effort": "low", "addresses": ["pp2"]},
                {"name": "Hard big", "impact": "high", "effort": "high", "addresses": ["pp2"]},
                {"name": "Easy medium on severe", "impact": "medium", "effort": "low", "addresses": ["pp1"]},
            ]},
            {"name": "Two", "emotion": 1, "pain_points": [
                {"id": "pp3", "name": "Mild but common", "severity": 1, "mentions": 40},
                {"id": "pp4", "name": "Mild and rare", "severity": 1, "mentions": 1},
                {"id": "pp5", "name": "Also mild", "severity": 1},
            ], "opportunities": [
                {"name": "Easy small", "impact": "low", "effort": "low", "addresses": ["pp5"]},
                {"name": "Hard small", "impact": "low", "effort": "high"},
                {"name": "Medium medium", "impact": "medium", "effort": "medium", "addresses": ["pp5"]},
                {"name": "Easy big, more pains", "impact": "high", "effort": "low", "addresses": ["pp1", "pp3"]},
            ]},
        ],
    })


def test_quadrants_come_in_order_quick_wins_big_bets_fill_ins_money_pits():
    ranked = [(r.quadrant, r.opportunity.name) for r in quadrants(grid_map())]
    assert ranked == [
        ("Quick wins", "Easy big, more pains"),  # answers more and worse pain points: first
        ("Quick wins", "Easy medium on severe"),  # medium impact on a severe pain counts as high
        ("Quick wins", "Easy big"),
        ("Big bets", "Hard big"),
        ("Fill-ins", "Easy small"),
        ("Money pits", "Medium medium"),
        ("Money pits", "Hard small"),
    ]


def test_pain_points_rank_by_severity_then_evidence_then_low_points():
    ranked = [r.pain.name for r in rank_pains(grid_map())]
    assert ranked == ["Severe", "Mild but common", "Mild", "Mild and rare", "Also mild"]
    m = grid_map()
    one, two = m.stages
    assert pain_score(one.pain_points[0], one) == 2 * 3 + 2  # severity, no mentions, emotion -2
    assert pain_score(two.pain_points[0], two) == pytest.approx(2 + 4)  # log2(41) capped at 4
    assert pain_score(one.pain_points[1], one) == 2 + 2  # the stage's low point lifts a mild pain


def test_the_example_map_in_priorities(example):
    md = to_priorities(example)
    assert md.startswith("# Priorities: Sweet Crumbs: first custom cake order\n")
    assert "| | Low effort | More effort |" in md
    quick = md[md.index("| **High impact** |"):].split("\n")[0]
    assert quick.index("Instant auto-reply with the price guide") < quick.index("Big bets")
    sections = [line for line in md.splitlines() if line.startswith("### ")]
    assert sections == ["### Quick wins: high impact, low effort: do these first",
                        "### Big bets: high impact, more effort: plan them",
                        "### Fill-ins: lower impact, low effort: when there is time",
                        "### Money pits: lower impact, more effort: think twice"]
    table = [line for line in md.splitlines() if line.startswith("| ") and line[2:3].isdigit()]
    assert table[0].startswith("| 1 | Unclear delivery window | Delivery | high | 6 | -2 |")
    assert [line.split(" | ")[1] for line in table[:3]] == ["Unclear delivery window", "Slow replies to enquiries",
                                                            "No prices on Instagram"]


def test_names_with_pipes_do_not_break_the_2x2(example):
    m = example.model_copy(deep=True)
    m.stages[0].opportunities[0].name = "Prices | in the bio <b>now</b>"
    grid = [line for line in to_priorities(m).splitlines() if line.startswith("| **High impact**")][0]
    assert "Prices \\| in the bio &lt;b>now&lt;/b>" in grid
    assert grid.replace("\\|", "").count("|") == 4  # three cells


def test_the_brief_has_the_journey_the_worst_moments_with_evidence_the_top_fixes_and_kpis(tmp_db, example):
    session = Session(Store.open(tmp_db), PlaybookEngine())
    session.import_map(example, "x")
    session.accept(session.import_evidence(FEEDBACK))
    brief, _ = session.export("brief")
    assert brief.startswith("# Brief: Sweet Crumbs: first custom cake order\n")
    journey = brief[brief.index("## The journey"):brief.index("## The three worst moments")]
    assert "runs through 5 stages: Discover (feels good), Ask & compare (hurts)" in journey
    assert "The low point is **Delivery**" in journey
    worst = brief[brief.index("## The three worst moments"):brief.index("## What to do first")]
    items = [line for line in worst.splitlines() if line[:2] in ("1.", "2.", "3.")]
    assert len(items) == 3
    assert items[0].startswith("1. **Unclear delivery window** at *Delivery* — high severity, ")
    assert worst.count("   - Evidence: “") == 6  # two customer quotes for each
    assert "sweet-crumbs-feedback.csv row" in worst
    todo = brief[brief.index("## What to do first"):brief.index("## KPIs to watch")]
    assert "1. **Instant auto-reply with the price guide** (quick win: impact high, effort low)" in todo
    kpis = brief[brief.index("## KPIs to watch"):]
    assert kpis.splitlines()[2] == "- **Deliveries inside the promised slot** (Delivery): now not measured, target 95%"
    assert len(brief.splitlines()) < 60  # one page


def test_the_brief_says_when_a_worst_moment_rests_on_a_guess():
    m = grid_map()
    m.stages[0].pain_points[0].provenance = "inferred"
    brief = to_brief(m)
    assert "*No customer evidence yet: this rests on a guess; check it before acting on it.*" in brief
    assert "_No KPIs on the map yet" in brief


def test_formats_are_registered(example):
    assert FORMATS["priorities"].render is to_priorities and FORMATS["brief"].render is to_brief
    assert export(example, "priorities") == to_priorities(example)
    assert suggest_filename(example, "brief") == "sweet-crumbs-first-custom-cake-order.brief.md"
    assert suggest_filename(example, "priorities").endswith(".priorities.md")


def test_cli_exports_priorities_and_brief(capsys, tmp_path):
    def run(*args: str) -> tuple[int, str]:
        capsys.readouterr()
        code = cli.main(list(args))
        out, err = capsys.readouterr()
        assert "Traceback" not in err
        return code, out

    map_id = run("import", str(EXAMPLE))[1].strip().splitlines()[-1]
    code, out = run("export", map_id, "--format", "priorities")
    assert code == 0 and out.startswith("# Priorities: ")
    code, out = run("export", map_id, "-f", "brief", "-o", str(tmp_path))
    assert code == 0 and (tmp_path / "sweet-crumbs-first-custom-cake-order.brief.md").read_text().startswith("# Brief")


def test_the_owners_stated_problems_lead_and_every_mark_stays():
    m = grid_map()
    m.stages[1].pain_points[2].provenance = "user"  # "Also mild": stated by the owner, though mild
    assert rank_pains(m)[0].pain.name == "Also mild"
    brief = to_brief(m)
    worst = brief[brief.index("## The three worst moments"):brief.index("## What to do first")]
    assert worst.index("**Also mild**") < worst.index("**Severe**°")  # the guess keeps its mark
    todo = brief[brief.index("## What to do first"):]
    assert "°" in todo


def test_a_placeholder_is_no_opportunity_and_unanswered_problems_are_listed():
    m = grid_map()
    m.stages[0].pain_points[1].provenance = "user"
    for op in m.stages[0].opportunities:
        op.addresses = [a for a in op.addresses if a != "pp2"] or ["pp1"]
    m.stages[0].opportunities.append(m.stages[0].opportunities[0].model_copy(
        update={"id": "op99", "name": "No suggestion yet", "addresses": ["pp2"]}))
    assert "No suggestion yet" not in [r.opportunity.name for r in quadrants(m)]
    assert "## Your problems with no suggestion yet" in to_priorities(m)
    assert "**Your own ideas for:** Mild" in to_brief(m)


def test_the_briefs_first_moves_answer_the_owners_own_problems_before_guesses(example):
    # issue 11: "briefs and priorities lead with the owner's stated problems"; a quick win on an inferred pain
    # point came before a big bet on the owner's own problem (a cinema's brief led with "Fixed written quotes°")
    from cjm_assistant.export.priorities import QUADRANTS

    todo = to_brief(example)
    todo = todo[todo.index("## What to do first"):todo.index("## KPIs to watch")]
    ranked = [r for r in quadrants(example) if r.quadrant in QUADRANTS[:2]]
    on_guesses = [r for r in ranked if not any(a.pain.provenance != "inferred" for a in r.answers)]
    stated = [r for r in ranked if r not in on_guesses]
    assert stated and on_guesses  # the example has both kinds
    lines = [line for line in todo.splitlines() if line[:1].isdigit() and "Your own ideas" not in line]
    names = [line.split("**")[1] for line in lines]
    first_guess = next((i for i, n in enumerate(names) if n in {r.opportunity.name for r in on_guesses}), len(names))
    assert all(n in {r.opportunity.name for r in stated} for n in names[:first_guess])
    assert set(names[:first_guess]) == {r.opportunity.name for r in stated}.intersection(names)


def test_a_no_suggestion_yet_placeholder_does_not_count_as_an_answer_in_the_markdown_ranking():
    """attack 12 M5: a problem the playbook had no fix for got a "No suggestion yet" item, and the Markdown's
    ranking then said "answered by 1 opportunity", so the owner read it as covered."""
    from cjm_assistant.export.markdown import to_markdown

    m = JourneyMap.model_validate({
        "title": "Spin Sisters", "business": {"name": "Spin Sisters"},
        "stages": [{"id": "st1", "name": "Deposit and booking",
                    "pain_points": [{"id": "pp1", "name": "The balance is due before the honeymoon money comes in",
                                     "provenance": "user"},
                                    {"id": "pp2", "name": "Quotes take days", "provenance": "user"}],
                    "opportunities": [{"id": "op1", "name": "No suggestion yet", "addresses": ["pp1"]},
                                      {"id": "op2", "name": "Same-day quotes", "addresses": ["pp2"]}]}],
    })
    ranked = to_markdown(m).split("## Pain points, ranked", 1)[1]
    honeymoon = next(line for line in ranked.splitlines() if "honeymoon" in line)
    quotes = next(line for line in ranked.splitlines() if "Quotes take days" in line)
    assert "no suggestion yet" in honeymoon and "answered by" not in honeymoon
    assert "answered by 1 opportunity" in quotes


def _with_unplaced(journey: JourneyMap) -> JourneyMap:
    data = journey.model_dump()
    data["unplaced"] = [{"id": "", "provenance": "user", "name": "The trailer gets stuck on soft sand",
                         "severity": 3}]
    return JourneyMap.model_validate(data)


def test_the_owners_problems_not_yet_placed_are_in_the_brief_and_the_priorities(example):
    """Attack 14: the brief said "The map holds 5 pain points" (it had 10) and neither the brief nor the priorities
    named the owner's problems still waiting for a stage, while a guess ranked among the worst moments."""
    journey = _with_unplaced(example)
    ranked = rank_pains(journey)
    stuck = next(r for r in ranked if r.pain.name == "The trailer gets stuck on soft sand")
    assert stuck.stage is None and stuck.where == "not yet placed"
    assert ranked.index(stuck) < min(i for i, r in enumerate(ranked) if r.pain.provenance == "inferred")
    brief = to_brief(journey)
    total = sum(len(s.pain_points) for s in journey.stages) + 1
    assert "soft sand" in brief and f"holds {total} pain points" in brief and "1 not yet placed" in brief
    priorities = to_priorities(journey)
    row = next(line for line in priorities.splitlines() if "soft sand" in line and line.startswith("|"))
    assert "not yet placed" in row and "| — |" in row
    for fmt in ("html", "xlsx", "md"):
        assert export(journey, fmt)  # every format that ranks pain points takes one with no stage
