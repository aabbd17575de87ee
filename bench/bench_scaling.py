"""Does any operation grow faster than the map? Cost per item at about 1k, 5k and 25k items.

Run: python bench/bench_scaling.py [--runs 3] [--only NAME]

The three maps stay within the bounds (60 stages, 200 items per lane of a stage) by growing in stages
and in lane size together:

* 1k:  10 stages x (50 touchpoints + 50 pain points)
* 5k:  25 stages x (100 touchpoints + 100 pain points)
* 25k: 60 stages x (200 touchpoints + 200 pain points + 17 actions, thoughts, opportunities, KPIs)

(counted with the stages, channels and persona). For each operation the least CPU time of a few runs
(noise only ever adds time) is divided by the map's items, or for a k-op edit by its k ops (k = a
tenth of the items). The growth
of an operation is the largest ratio of its cost per item on one map to that on the next smaller one,
measured in the same run; above 1.5 it is flagged "grows". Fixed costs (opening a file, a query) make
the small map's cost per item higher, so a ratio below 1 is expected and fine.

A 25k-item map is some 25 MB of objects, more than this machine's caches hold (the small ones fit),
so even a plain walk over every field of every item, indexing every id in a set, costs more per item on it. That walk is measured
on each map in the same run, and each growth is also given divided by the walk's: the growth of the
algorithm itself. The script exits 1 when that is above 1.5 for any operation.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from figures import Figure, Timer, build_map, item_count, report

SIZES = {"1k": (10, 50, 50, 0), "5k": (25, 100, 100, 0), "25k": (60, 200, 200, 17)}
LIMIT = 1.5
FORMATS = ("md", "json", "csv", "mermaid", "priorities", "brief", "html", "xlsx")


def walk(journey) -> int:
    """Every field of every item read once, and every id put in a set: the least any linear pass over a map does
    (an edit ends in a whole-map check that indexes every id), the baseline that shows what the memory hierarchy
    alone does. A set of 25k ids outgrows the caches as the map does, so it is part of the floor."""
    ids = set()
    count = 0
    for _, item, _ in journey.items():
        ids.add(item.id)
        for value in item.__dict__.values():
            count += value.__class__ is str
    return count + len(ids)


def operations(journey, tmp: Path) -> dict[str, tuple[Callable[[], object], int]]:
    """name -> (the operation on this map, how many items it is divided by)."""
    from cjm_assistant.domain import edits
    from cjm_assistant.domain.diff import diff_maps
    from cjm_assistant.domain.model import check_map
    from cjm_assistant.domain.trusted import load_map
    from cjm_assistant.export import export
    from cjm_assistant.store import Store

    n = item_count(journey)
    k = n // 10
    stages = [s.id for s in journey.stages]
    tps = [tp.id for _, tp in journey.touchpoints()]
    pps = [pp.id for _, pp in journey.pain_points()]
    every = max(1, len(tps) // k)

    def ops(raw: list[dict]) -> list:
        return edits.parse_ops(raw)

    one = ops([{"op": "set_emotion", "stage": stages[len(stages) // 2], "score": 2}])
    remove_stage = ops([{"op": "remove_stage", "stage": stages[len(stages) // 2]}])
    adds = ops([{"op": "add_thought", "stage": stages[i % len(stages)], "text": f"Thought {i}"} for i in range(k)])
    answers = ops([{"op": "add_opportunity", "stage": stages[i % len(stages)], "name": f"Idea {i}",
                    "addresses": [pps[(i * every) % len(pps)]]} for i in range(k)])
    updates = ops([{"op": "update_touchpoint", "touchpoint": tps[(i * every) % len(tps)], "team": f"Team {i}"}
                   for i in range(k)])
    removes_tp = ops([{"op": "remove_touchpoint", "touchpoint": tp} for tp in tps[::every][:k]])
    removes_pp = ops([{"op": "remove_pain_point", "pain_point": pp} for pp in pps[::every][:k]])
    edited = edits.apply(journey, one)
    unshared = load_map(edited.model_dump_json())  # a version loaded on its own: nothing shared with the map

    db = tmp / f"scaling-{n}.db"
    with Store.open(db) as store:
        map_id = store.create_map(journey).id

    def fresh(name: str) -> Callable[[], object]:
        def run() -> object:
            edits._RECENT.clear()  # each run applies for real
            return edits.apply(journey, {"one": one, "remove_stage": remove_stage, "adds": adds, "answers": answers,
                                         "updates": updates, "removes_tp": removes_tp, "removes_pp": removes_pp}[name])
        return run

    def save_edit() -> None:
        with Store.open(db) as store:
            head = store.get_map(map_id).head
            store.load(map_id)
            store.save_version(map_id, [{"op": "set_emotion", "stage": stages[0], "score": head % 5 - 2}], base=head)

    def create() -> None:
        with Store.open(tmp / f"create-{n}.db") as store:
            store.create_map(journey)

    def load() -> None:
        with Store.open(db) as store:
            store.load(map_id)

    table: dict[str, tuple[Callable[[], object], int]] = {
        "walk every field of every item (baseline)": (lambda: walk(journey), n),
        "check the whole map (check_map)": (lambda: check_map(journey), n),
        "apply one small edit": (fresh("one"), n),
        "remove a stage": (fresh("remove_stage"), n),
        "k adds (add_thought), per op": (fresh("adds"), k),
        "k adds answering pain points by id, per op": (fresh("answers"), k),
        "k updates by id, per op": (fresh("updates"), k),
        "k touchpoint removals by id, per op": (fresh("removes_tp"), k),
        "k pain point removals by id, per op": (fresh("removes_pp"), k),
        "diff, one edit, nothing shared": (lambda: diff_maps(journey, unshared), n),
        "save: create_map": (create, n),
        "load from the file (a snapshot)": (load, n),
        "load + save one small edit (store)": (save_edit, n),
    }
    for fmt in FORMATS:
        table[f"export {fmt}"] = (lambda fmt=fmt: export(journey, fmt), n)
    return table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", help="only the operations whose name contains this")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="cjm-bench-scaling-"))
    counts: dict[str, int] = {}
    table: dict[str, dict[str, tuple[Callable[[], object], int]]] = {}
    for size, shape in SIZES.items():
        journey = build_map(*shape)
        counts[size] = item_count(journey)
        for name, op in operations(journey, tmp).items():
            if not args.only or args.only in name or name.startswith("walk"):
                table.setdefault(name, {})[size] = op
    # Rounds interleave the sizes (each operation at 1k, 5k, 25k, then again), so that a burst of load from other
    # processes falls on every size alike instead of on the one being measured; the least of the rounds is kept.
    per_item: dict[str, dict[str, float]] = {}
    for name, by_size in table.items():
        for run, _ in by_size.values():
            run()  # warm up: imports, caches
        gc.collect()
        timers = {size: Timer() for size in by_size}
        for _ in range(args.runs):
            for size, (run, _) in by_size.items():
                with timers[size]:
                    run()
        per_item[name] = {size: timers[size].best * 1000 / divisor  # microseconds
                          for size, (_, divisor) in by_size.items()}
    walked = per_item.get("walk every field of every item (baseline)")
    figures = []
    for name, costs in per_item.items():
        steps = list(zip(costs, list(costs)[1:]))
        raw = max(costs[b] / costs[a] for a, b in steps)
        own = max((costs[b] / costs[a]) / (walked[b] / walked[a]) for a, b in steps) if walked else raw
        shown = "  ".join(f"{size} {cost:7.2f}" for size, cost in costs.items())
        grows = " grows" if raw > LIMIT else ""
        figures.append(Figure(f"{name:<44} {shown}  raw {raw:.2f}x{grows}", own, "x", f"<= {LIMIT:g}x per step",
                              own <= LIMIT, "growth of the walk, same maps"))
    sizes = ", ".join(f"{size} = {count:,} items" for size, count in counts.items())
    return report(f"cost per item (microseconds of CPU, least of {args.runs} runs) at {sizes}; raw: the largest ratio of "
                  "cost per item between one size and the next; the figure judged: that ratio over the walk's",
                  figures)


if __name__ == "__main__":
    sys.exit(main())
