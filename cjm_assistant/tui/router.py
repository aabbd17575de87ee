"""What a line typed in the chat means: an answer, an instruction, a question, a command.

A pure function of the text and of what is going on (an interview, a map, or
neither), so it is tested without a screen.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from typing import Any, Literal

from cjm_assistant.domain.history import back_in_words, step_in_words
# cheap: a format's module loads when it is first used
from cjm_assistant.export import FORMATS, clashing_extension, format_of_path, is_format

Mode = Literal["interview", "map", "none"]
EDIT_VERBS = {"add": "add", "rename": "rename", "move": "move", "remove": "remove", "delete": "remove"}
INTERVIEW_WORDS = {"skip": "skip", "back": "back", "draft": "draft"}
SIMPLE = {"undo", "redo", "new", "open", "help", "quit"}
# Commands about the open map (evidence, guesses, future state, priorities, comparing), with their aliases.
MAP_COMMANDS = {"evidence": "evidence", "guesses": "guesses", "guess": "guesses", "future": "future",
                "priorities": "priorities", "prioritise": "priorities", "prioritize": "priorities",
                "diff": "diff", "compare": "diff", "linked": "linked", "persona": "persona", "personas": "persona"}


@dataclass
class Intent:
    kind: str  # answer, instruct, ask, edit, undo, redo, export, model, new, open, import, help, quit, error,
    #            evidence, guesses, future, priorities, diff, linked, persona
    text: str = ""
    args: list[str] = field(default_factory=list)


def mode_of(session: Any) -> Mode:
    """What is going on in a session: an interview (no map yet), a map, or neither."""
    if session.interview is not None and session.map_id is None:
        return "interview"
    return "map" if session.has_map else "none"  # never loads the map: this runs on the UI thread


def route(text: str, mode: Mode) -> Intent:
    text = text.strip()
    if text.startswith("/") and not text.startswith("//"):
        return _command(text, mode)
    if text.startswith("//"):
        text = text[1:]  # "//" sends a message that starts with a slash
    if mode == "interview":
        return Intent("answer", text)
    if mode == "map":
        if step := step_in_words(text):  # "undo that", "actually put that back": /undo in plain words
            return Intent(step)
        if back := back_in_words(text):  # "undo the last two changes", "go back to version 1"
            return Intent("undo", text, [back[0], str(back[1])])
        return Intent("ask" if text.rstrip().endswith("?") else "instruct", text)
    return Intent("error", text, ["There is no map or interview yet: start one with /new (Ctrl+N), "
                                  "or open a saved map with /open (Ctrl+O)."])


def _command(text: str, mode: Mode) -> Intent:
    name, _, rest = text[1:].partition(" ")
    name, rest = name.lower(), rest.strip()
    if name in EDIT_VERBS:
        if not rest:
            return Intent("error", text, [f"Say what to {name}, e.g. /{name} {_EXAMPLES[EDIT_VERBS[name]]}"])
        if mode != "map":
            return Intent("error", text, ["There is no map to change yet; finish the interview or /open a map."])
        return Intent("edit", f"{EDIT_VERBS[name]} {rest}")
    if name in INTERVIEW_WORDS:
        if mode != "interview":
            return Intent("error", text, [f"/{name} works during the interview; start one with /new."])
        return Intent("answer", INTERVIEW_WORDS[name])
    if name in SIMPLE:
        return Intent(name, rest)
    if name == "export":
        return _export(text, rest)
    if name == "model":
        return Intent("model", rest, rest.split()[:1])
    if name == "import":
        return Intent("import", rest, [rest] if rest else [])
    if name in MAP_COMMANDS:
        kind = MAP_COMMANDS[name]
        if mode != "map":
            return Intent("error", text, [f"/{name} works on a map; open one with /open (Ctrl+O) or finish the "
                                          "interview first."])
        return Intent(kind, rest, [_path(rest)] if kind == "evidence" and rest else [rest] if rest else [])
    return Intent("error", text, [f"I don't know /{name}. Type /help for the commands and keys."])


def _export(text: str, rest: str) -> Intent:
    try:
        words = shlex.split(rest)
    except ValueError:
        words = rest.split()
    fmt, path = "", ""
    for word in words:
        if not fmt and is_format(word) and not path:
            fmt = word.lower().lstrip(".")
        elif not path:
            path = word
        else:
            return Intent("error", text, [f"Usage: /export [{'|'.join(FORMATS)}] [PATH] (quote a path with spaces)"])
    if path and fmt and (clash := clashing_extension(fmt, path, ask="/export {}")):  # never Markdown as map.xlsx
        return Intent("error", text, [f"{clash}."])
    named = format_of_path(path) if path else None  # "map.xlsx": a workbook; Markdown, the default, stays unsaid
    return Intent("export", text, [fmt or (named if named != "md" else "") or "", path])


def _path(rest: str) -> str:
    """A file path typed after a command: quoted or not, spaces kept."""
    try:
        words = shlex.split(rest)
    except ValueError:
        words = []
    return words[0] if len(words) == 1 else rest.strip().strip("'\"")


_EXAMPLES = {
    "add": "stage Onboarding after Purchase",
    "rename": "Consideration to Research",
    "move": "Reviews before Purchase",
    "remove": "stage Returns",
}
