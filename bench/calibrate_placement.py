"""Calibrate where the stage model places a part (cjm_assistant/evidence/placement.json), its weights as fitted.

bench/fit_placement.py fits the weights and one threshold. This script reads every dev case once as the import
reads it (tests/dev/evidence, never the held-out sets), keeps each part's placement calls, and replays them with the
current weights and other thresholds, scored as bench/score_evidence.py scores a case (placed: of the rows labelled
with a stage; on a fitting stage: of the placed rows):

* the stage accuracy of the placed rows by the confidence of the part that speaks for the row, and by its sentiment
  (how often a placement at each confidence is right: where right and wrong are as likely, the part is a guess);
* a grid of settings: the general threshold, and a higher one for parts that neither praise nor complain
  (``thresholds.neutral``: a question, a request, a note), or a lead demanded over the runner-up stage (``margin``);
* leave-one-file-out: for each case, the setting is chosen on all the other cases (the best stage accuracy among
  the settings that place at least :data:`MIN_PLACED` of their rows; ties: the lower thresholds) and that case is
  scored with it; the totals, and how many cases do better or worse than with the current setting.

``--write`` puts the setting chosen on every case into placement.json (``threshold``, ``margin``, ``thresholds``).

Usage: python bench/calibrate_placement.py [--write] [--bands]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import fit_placement as fp  # noqa: E402

from cjm_assistant.evidence import match as match_mod  # noqa: E402
from cjm_assistant.evidence import sentiment as sn  # noqa: E402
from cjm_assistant.evidence import stagemodel  # noqa: E402
from cjm_assistant.evidence.match import Match  # noqa: E402

# the least share of rows placed (dev placed may drop to 87%; half a point kept as a margin, since a choice made at
# the very edge placed fewer than 87% of the rows of the cases it was not chosen on)
MIN_PLACED = 0.875
GENERAL = (0.375, 0.3875, 0.4, 0.4125)
NEUTRAL = (None, 0.45, 0.5, 0.55, 0.6)
MARGINS = (0.0, 0.5)
BANDS = (0.0, 0.375, 0.425, 0.475, 0.55, 0.6, 0.7, 0.8, 0.9, 1.01)


def settings() -> list[tuple[float, float | None, float]]:
    out = [(t, n, 0.0) for t in GENERAL for n in NEUTRAL]
    # a lead over the runner-up: sureness is the stage's probability less margin x the next one's (lower thresholds)
    out += [(round(t - 0.075, 4), None, m) for t in GENERAL for m in MARGINS if m]
    return out


def model_for(base: dict, setting) -> dict:
    threshold, neutral, margin = setting
    return dict(base, threshold=threshold, margin=margin, thresholds={sn.NEUTRAL: neutral} if neutral else {})


class Case(fp.Case):
    def __init__(self, name: str):
        super().__init__(name)
        # a row about no business of this one (a test, a row meant for another) is unplaced after its parts are
        self.away = [sn.not_feedback(t) or (not sn.bare_answer(t) and sn.not_about_us(t)) for _, t in self.texts]

    def matches(self, model: dict) -> list[Match]:
        self.matcher.placement = model
        out = []
        for (calls, _), away in zip(self.rows, self.away):
            parts = [self.matcher._place(*call) for call in calls]
            for part in parts if away else []:
                part.placed = False
            out.append(Match(parts))
        self.matcher.placement = {}
        return out

    def counts(self, model: dict) -> tuple[int, int, int, int]:
        return self.score([(m.stage_id, m.placed) for m in self.matches(model)])


def totals(per: dict[str, tuple], names) -> tuple[int, ...]:
    return tuple(sum(per[n][i] for n in names) for i in range(4))


def pick(grid: dict, names) -> tuple:
    def key(setting):
        placed, staged, right, placed_all = totals(grid[setting], names)
        return (placed >= MIN_PLACED * staged, right / max(placed_all, 1), -setting[0], -(setting[1] or 0))
    return max(grid, key=key)


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:.2f}%" if b else "-"


def bands(cases: dict[str, Case], base: dict) -> None:
    print("placed rows by the confidence of the part that speaks for them (current setting): on the right stage")
    rows = []
    for case in cases.values():
        for m, (_, label) in zip(case.matches(base), case.rows):
            if m.placed:
                right = label is not None and label >= 0 and m.stage_id == case.stage_ids[label]
                rows.append((m.main.confidence, m.main.sentiment, right))
    for feeling in (None, sn.POSITIVE, sn.NEGATIVE, sn.NEUTRAL):
        print(f"  {feeling or 'all parts'}:")
        for lo, hi in zip(BANDS, BANDS[1:]):
            got = [r for c, f, r in rows if lo <= c < hi and feeling in (None, f)]
            if got:
                print(f"    [{lo:.3f}, {hi:.3f})  {len(got):5} rows  {pct(sum(got), len(got)):>7} right")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the chosen setting into placement.json")
    parser.add_argument("--bands", action="store_true", help="print the accuracy of placed rows by confidence")
    args = parser.parse_args(argv)
    match_mod.CACHE = 0
    base = stagemodel.model()
    names = sorted(p.name.removesuffix(".labels.csv") for p in fp.DEV.glob("*.labels.csv"))
    cases = {name: Case(name) for name in names}
    if args.bands:
        bands(cases, base)
    current = (base.get("threshold"), (base.get("thresholds") or {}).get(sn.NEUTRAL), base.get("margin", 0.0))
    grid = {}
    for setting in dict.fromkeys([current, *settings()]):
        grid[setting] = {name: case.counts(model_for(base, setting)) for name, case in cases.items()}
        p, s, r, a = totals(grid[setting], names)
        print(f"  threshold {setting[0]:<7} neutral {setting[1]!s:<5} margin {setting[2]:<4} placed {pct(p, s):>7}"
              f"  on a fitting stage {pct(r, a):>7}{'   (current)' if setting == current else ''}", flush=True)
    chosen = pick(grid, names)
    loo, better, worse, choices = [0, 0, 0, 0], 0, 0, {}
    for name in names:
        setting = pick(grid, [n for n in names if n != name])
        choices[setting] = choices.get(setting, 0) + 1
        loo = [x + y for x, y in zip(loo, grid[setting][name])]
        _, _, r, a = grid[setting][name]
        _, _, br, ba = grid[current][name]
        diff = (r / a if a else 0) - (br / ba if ba else 0)
        better, worse = better + (diff > 1e-9), worse + (diff < -1e-9)
    p, s, r, a = totals(grid[chosen], names)
    bp, bs, br, ba = totals(grid[current], names)
    print(f"chosen on all {len(names)} cases: threshold {chosen[0]}, neutral {chosen[1]}, margin {chosen[2]}: placed "
          f"{pct(p, s)}, on a fitting stage {pct(r, a)} (current: {pct(bp, bs)}, {pct(br, ba)})")
    print(f"leave-one-file-out (chosen without the case scored): placed {pct(loo[0], loo[1])}, on a fitting stage "
          f"{pct(loo[2], loo[3])}; {better} cases better on a fitting stage than now, {worse} worse; choices: "
          + ", ".join(f"{k} x{v}" for k, v in choices.items()))
    if args.write:
        model = json.loads(stagemodel.WEIGHTS_FILE.read_text(encoding="utf-8"))
        model.update(model_for({}, chosen))
        stagemodel.WEIGHTS_FILE.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {stagemodel.WEIGHTS_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
