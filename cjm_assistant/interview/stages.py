"""The interview's two steps about stages: confirming the proposed stages (keep, reorder, rename, add) and
placing a stated problem that fits no stage with confidence. Pure functions of the answer and the stage names."""

from __future__ import annotations

import re

#: Answers that keep the proposed stages as they are.
KEEP_WORDS = {"ok", "okay", "fine", "keep", "keep them", "looks good", "good", "correct", "right", "confirm",
              "confirmed", "that's right", "thats right", "yes please", "yep", "sure"}
MIN_STAGES, MAX_STAGES = 2, 16  # the playbook keeps up to 16 of the owner's own steps


def confirm_question(stages: list[str]) -> str:
    listed = "\n".join(f"{i}. {name}" for i, name in enumerate(stages, 1))
    return (f"Do these steps match your customers' journey?\n\n{listed}\n\n"
            "*Say ok to keep them, or write the steps in your order, separated by commas: a number keeps that "
            "step, a number and a name renames it (\"2 Ring us\"), a new name adds a step.*")


#: Said when the owner answers "Do these steps match?" with a bare no: what to type instead.
STEPS_WANTED = ("Which steps should change? Type them in order, separated by commas or '->': a number keeps that "
                "step, a number and a name renames it (\"2 Ring us\"), a new name adds a step; or say ok to keep "
                "these.")


def parse_stage_list(answer: str, proposed: list[str]) -> list[dict]:
    """The stages an answer lists, in its order: "3, 1, 2 Ring us, Pay on the day" keeps step 3 and 1, renames
    step 2 and adds a step of the owner's own; an answer of several lines lists one step per line. ValueError with
    one sentence when it cannot be read."""
    from cjm_assistant.domain.model import clean_name

    lines = [line for line in answer.splitlines() if line.strip()]
    # one step per line when the answer has lines ("Post your film, with the form" is one); else the separators
    parts = [p.strip(" .-*\t") for p in (lines if len(lines) > 1 else re.split(r"\n|,|;|->|→|=>|\s>\s", answer))]
    parts = [p for p in parts if p]
    out: list[dict] = []
    used: set[int] = set()
    for part in parts:
        m = re.match(r"^(\d+)\s*(?:[.:)=-]\s*)?(.*)$", part)
        if m:
            n = int(m.group(1))
            if not 1 <= n <= len(proposed):
                raise ValueError(f"There is no step {n}; the steps are numbered 1 to {len(proposed)}.")
            if n in used:
                raise ValueError(f"Step {n} is listed twice; list each step once.")
            used.add(n)
            name = clean_name(m.group(2)) or proposed[n - 1]
            out.append({"name": name[:80], "base": proposed[n - 1]})
            continue
        same = next((i for i, s in enumerate(proposed, 1) if s.casefold() == part.casefold()), None)
        if same in used:
            raise ValueError(f"“{part}” is listed twice; list each step once.")
        if same:
            used.add(same)
        name = clean_name(part)[:80]
        if any(o["name"].casefold() == name.casefold() for o in out):  # two new steps of one name: never told apart
            raise ValueError(f"“{part}” is listed twice; list each step once.")
        out.append({"name": name, "base": proposed[same - 1] if same else ""})
    if not MIN_STAGES <= len(out) <= MAX_STAGES:
        raise ValueError(f"A map needs {MIN_STAGES} to {MAX_STAGES} steps; you listed {len(out)}.")
    return out


def placing_question(problem: str, stages: list[str]) -> str:
    listed = "\n".join(f"{i}. {name}" for i, name in enumerate(stages, 1))
    return (f"Which step does “{problem}” happen in?\n\n{listed}\n\n"
            "*Answer with a number or a name, a new step and where it goes (“Buying tickets before 3”), or say skip "
            "to leave it unplaced.*")


def new_step(answer: str, stages: list[str]) -> tuple[str, int] | None:
    """A step the owner adds while placing a problem: "Buying tickets before 6" -> ("Buying tickets", 5), the index
    it goes at; "after 5" is the same place. ValueError with one sentence when the number is no step or the map is
    full; None when the answer names no new step."""
    from cjm_assistant.domain.model import clean_name

    m = re.match(r"^\s*(?:add\s+(?:a\s+)?(?:new\s+)?(?:step\s+)?)?[“\"']?(.+?)[”\"']?\s+(before|after)\s+(?:step\s+)?(\d+)"
                 r"\s*\.?\s*$", answer, re.I)
    if not m:
        return None
    name, n = clean_name(m.group(1))[:80], int(m.group(3))
    if not name or name.isdigit():
        return None
    if not 1 <= n <= len(stages):
        raise ValueError(f"There is no step {n}; the steps are numbered 1 to {len(stages)}.")
    if any(s.casefold() == name.casefold() for s in stages):
        raise ValueError(f"There is a step “{name}” already; answer with its name or number.")
    if len(stages) >= MAX_STAGES:
        raise ValueError(f"A map holds at most {MAX_STAGES} steps; answer with one of these.")
    return name, n - 1 if m.group(2).casefold() == "before" else n


_HEDGE = r"(?:i\s+think|i\s+guess|i\s+reckon|i'?d\s+say|probably|prob|maybe|perhaps|likely|most\s+likely|i\s+suppose)"
#: A step's number said with a hedge or a word for a step around it, and nothing else
_HEDGED_NUMBER = re.compile(rf"(?:(?:{_HEDGE}|it'?s|its|at|in|on|the|step|stage|number|no\.?)\s*,?\s+)*(?:#\s*)?(\d+)"
                            rf"(?:\s*,?\s+(?:{_HEDGE}|or\s+so|then))*\s*[?!.]*")


def match_stage(answer: str, stages: list[str]) -> str | None:
    """The stage an answer names: its number, or its name matched loosely ("delivery" is "Delivery or
    collection", "the visit" is "Coming in for the first visit")."""
    from cjm_assistant.domain.names import closest

    words = answer.strip().strip(".").casefold()
    if words.isdigit() and 1 <= int(words) <= len(stages):
        return stages[int(words) - 1]
    lead = re.match(r"(?:step\s+|number\s+)?(\d+)\s*[,.;:)\-–—]\s*\D", words)  # "3, well, it's on our way there"
    if lead and 1 <= int(lead.group(1)) <= len(stages):
        return stages[int(lead.group(1)) - 1]
    hedged = _HEDGED_NUMBER.fullmatch(words)  # "5 i think", "probably 5", "step 5": the number, as a bare "5" is
    if hedged and 1 <= int(hedged.group(1)) <= len(stages):
        return stages[int(hedged.group(1)) - 1]
    return closest(answer, stages)


def short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
