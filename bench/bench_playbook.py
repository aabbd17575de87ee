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
    for path in sorted(EXAMPLES.glob("*.toml")):
        answers = load_answers(path.read_text(encoding="utf-8"))
        touchpoints = one_run(answers)
        alone = timed(lambda: one_run(answers, draft=False), RUNS).median
        value = timed(lambda: one_run(answers), RUNS).median
        figures.append(Figure(f"{path.stem}: interview and draft ({touchpoints} touchpoints)", value, "ms",
                              f"<= {TARGET_MS} ms", value <= TARGET_MS, f"the interview alone {alone:.1f} ms"))
    return report("playbook engine: the examples' interviews and drafts, no store, caches emptied before each run",
                  figures)


if __name__ == "__main__":
    raise SystemExit(main())
