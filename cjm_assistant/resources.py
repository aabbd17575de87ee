"""Where the files the package reads live: ``prompts/`` in a checkout, inside the package in a wheel."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent


@cache
def prompts_dir() -> Path:
    for candidate in (_HERE / "prompts", _HERE.parent / "prompts"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("the prompts folder is missing from this installation; reinstall cjm-assistant")


def read_prompt(name: str) -> str:
    """The text of ``prompts/NAME``."""
    return (prompts_dir() / name).read_text(encoding="utf-8")
