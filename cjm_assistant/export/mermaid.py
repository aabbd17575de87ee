"""The emotion curve as a Mermaid ``journey`` diagram.

One ``section`` per stage and one task per touchpoint (the stage itself when it
has none); a stage's emotion (-2..+2) is the score (1..5) of each of its tasks,
and its actors are the personas it concerns (on a map with several personas): those its touchpoint is marked
for, else those of its stage.
GitHub renders the result inside a ```` ```mermaid ```` fence.
"""

from __future__ import annotations


from cjm_assistant.export.text import mermaid_actor, mermaid_name

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is not imported to run `cjm list` or `cjm show`
if TYPE_CHECKING:  # the models are only named here: a map read without pydantic exports too
    from cjm_assistant.domain.model import JourneyMap


def score(emotion: int) -> int:
    """A stage emotion (-2..+2) as a journey score (1..5)."""
    return min(5, max(1, emotion + 3))


def to_mermaid(m: JourneyMap) -> str:
    persona = m.main_persona
    everyone = mermaid_actor(persona.name if persona else "", "Customer")
    if len(m.personas) > 1:
        everyone = ", ".join(mermaid_actor(p.name, "Customer") for p in m.personas)
    lines = ["journey", f"  title {mermaid_name(m.title, 'Journey map')}"]
    for number, stage in enumerate(m.stages, 1):
        lines.append(f"  section {mermaid_name(stage.name, f'Stage {number}')}")
        value = score(stage.emotion)
        # a task's actors: the personas its touchpoint is marked for (the owner's payout on a stage both sides
        # share), else its stage's, else everyone
        tasks = [(tp.name, tp.personas or stage.personas) for tp in stage.touchpoints] or [(stage.name, stage.personas)]
        for task, whose in tasks:
            names = [p.name for p in m.personas if p.id in whose]
            actor = ", ".join(mermaid_actor(n, "Customer") for n in names) if names else everyone
            lines.append(f"    {mermaid_name(task, 'Step')}: {value}: {actor}")
    return "\n".join(lines) + "\n"
