"""Benchmark: a full interview plus a map proposal on the offline playbook engine.

    python bench/bench_playbook.py

For each example answers file, runs the whole interview (every answer
extracted by the engine) and the map proposal, with no store, and prints the
median engine time over several runs. Target: under 100 ms per business.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from cjm_assistant.engines.playbook import PlaybookEngine
from cjm_assistant.interview import Interview, load_answers, run_answers

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
RUNS = 15


def one_run(answers: dict) -> tuple[float, int]:
    engine = PlaybookEngine()
    start = time.perf_counter()
    interview = Interview(engine)
    run_answers(interview, answers)
    proposal = engine.propose_map(interview.state.profile)
    elapsed = time.perf_counter() - start
    return elapsed, sum(1 for _ in proposal.journey.touchpoints())


def main() -> None:
    PlaybookEngine().propose_map(Interview(PlaybookEngine()).state.profile)  # load the knowledge base once
    print(f"{'answers file':<24}{'median ms':>10}{'max ms':>9}{'touchpoints':>13}   (target < 100 ms)")
    for path in sorted(EXAMPLES.glob("*.toml")):
        answers = load_answers(path.read_text(encoding="utf-8"))
        runs = [one_run(answers) for _ in range(RUNS)]
        times = [t * 1000 for t, _ in runs]
        median = statistics.median(times)
        print(f"{path.name:<24}{median:>10.1f}{max(times):>9.1f}{runs[0][1]:>13}   {'ok' if median < 100 else 'SLOW'}")


if __name__ == "__main__":
    main()
