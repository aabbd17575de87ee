"""The interview's questions and command words, as data (``prompts/interview.toml``).

Both the interview (which asks them) and the engines (which phrase follow-ups
and extraction prompts) read them from here.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache

from cjm_assistant.resources import read_prompt


@dataclass(frozen=True)
class Question:
    key: str
    ask: str
    example: str = ""
    required: bool = False
    persona: bool = False


@dataclass(frozen=True)
class Script:
    intro: str
    done: str
    questions: tuple[Question, ...]
    commands: dict[str, tuple[str, ...]]
    examples: dict[str, dict[str, str]]  # kind of business -> question key -> example

    def example(self, question: Question, kind: str | None) -> str:
        """The example that fits this kind of business (product, service, b2b, two-sided), else the question's."""
        return self.examples.get(kind or "", {}).get(question.key, question.example)


@cache
def script() -> Script:
    data = tomllib.loads(read_prompt("interview.toml"))
    return Script(
        intro=data["intro"].strip(),
        done=data["done"].strip(),
        questions=tuple(Question(**q) for q in data["question"]),
        commands={k: tuple(v) for k, v in data["commands"].items()},
        examples={k: dict(v) for k, v in data.get("examples", {}).items()},
    )


def command_of(text: str) -> str | None:
    """'skip', 'back', 'draft', 'yes' or 'no' when the answer is one of those words."""
    key = " ".join(text.casefold().strip(" .!?\t\n").split())
    for name, words in script().commands.items():
        if key in words:
            return name
    return None
