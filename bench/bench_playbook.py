"""Benchmark: a full interview plus a map proposal on the offline playbook engine.

    python bench/bench_playbook.py

For each example answers file: the whole interview (every answer read by the engine, the proposed stages,
the problems no stage fits) and the draft, with no store, as ``cjm new --answers`` runs them once in a
process: the text caches are emptied before each run. Printed as the median CPU time of several runs, against
the target (under 100 ms per business) and, as its baseline, the interview alone with no map composed.
"""

from __future__ import annotations

from pathlib import Path

from figures import Figure, report, timed

from cjm_assistant.engines.playbook import PlaybookEngine
from cjm_assistant.interview import Interview, load_answers, run_answers
from cjm_assistant.knowledge import detect, relevance
from cjm_assistant.knowledge import text as tx

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
RUNS = 9
TARGET_MS = 100


#: A business unlike the examples, whose draft takes the slower paths: a journey told by its two ends (the service
#: kept between them) and a persona's problems that no stage's words fit, placed by the second look.
UNPLACED = {"tutoring (span journey, second look)": """
business = "Bright Minds, a maths tutoring service in Bristol for GCSE students"
offering = "weekly one-to-one maths tutoring"
customers = "B2C, parents of teenagers"
journey = "from the first enquiry to getting the exam results"
kind = "current"
channels = "our website, WhatsApp, school gate flyers"
problems = "parents don't know if it's working until the results; tutors cancel at short notice"
[[personas]]
name = "Worried parent Wendy"
description = "has a son in year 11"
goals = "a pass in maths"
frustrations = "the homework is never marked, the invoices arrive late, the son gets bored"
"""}


def cold() -> None:
    """Empty the caches a draft fills, so that each run costs what the first draft in a process costs."""
    for cached in (tx.fold, tx._words, tx.phrase, relevance._stems, detect._hits):
        cached.cache_clear()


def one_run(answers: dict, draft: bool = True) -> int:
    """One interview (and the draft): the number of touchpoints drafted."""
    cold()
    engine = PlaybookEngine()
    interview = Interview(engine)
    run_answers(interview, answers)
    if not draft:
        return 0
    return sum(1 for _ in engine.propose_map(interview.state.profile).journey.touchpoints())


def main() -> int:
    PlaybookEngine().propose_map(Interview(PlaybookEngine()).state.profile)  # load the knowledge base once
    figures = []
    cases = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(EXAMPLES.glob("*.toml"))]
    for name, text in [*cases, *UNPLACED.items()]:
        answers = load_answers(text)
        touchpoints = one_run(answers)
        alone = timed(lambda: one_run(answers, draft=False), RUNS).median
        value = timed(lambda: one_run(answers), RUNS).median
        figures.append(Figure(f"{name}: interview and draft ({touchpoints} touchpoints)", value, "ms",
                              f"<= {TARGET_MS} ms", value <= TARGET_MS, f"the interview alone {alone:.1f} ms"))
    return report("playbook engine: the examples' interviews and drafts, no store, caches emptied before each run",
                  figures)


if __name__ == "__main__":
    raise SystemExit(main())
