"""Every key and slash command of the app, as data.

The bindings of each screen, the footer, the command palette and the help
screen are all made from these tables, so a key is described once. To add an
action: add a row here and an ``action_<name>`` method on the screen (or the
app, or the widget named as the row's ``owner``) that owns its area.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding

from cjm_assistant.export import FORMATS  # cheap: a format's module loads when it is first used


@dataclass(frozen=True)
class Key:
    keys: str  # Textual key names, comma-separated: "ctrl+left,left_square_bracket"
    action: str  # the action method's name, without ``action_``
    title: str  # what the palette and the help screen call it
    footer: str = ""  # the footer label; empty means not shown in the footer
    priority: bool = False  # beats the focused widget (e.g. the chat input's own ctrl+z)
    palette: bool = True  # listed in the command palette
    binding: bool = True  # False: documented only (the widget handles the key itself)
    owner: str = ""  # the widget with the action (a selector on the screen), if not the screen or the app


# Where a key works, in the order the help screen lists them.
AREAS: dict[str, str] = {
    "app": "Everywhere",
    "main": "Main screen",
    "input": "Chat input",
    "map": "Map pane (when it has the focus: Tab, or F2 on a narrow screen, reaches it; typing there starts a chat "
           "message)",
    "review": "Proposal review",
    "window": "Help, reports, notes (windows over the screen)",
    "welcome": "Welcome screen (typing about your business there starts the interview with it)",
}

KEYS: dict[str, list[Key]] = {
    # The app's footer keys come first in every footer, in this order (see footer_first).
    "app": [
        Key("ctrl+q", "quit", "Quit (everything is saved; a proposal under review or the engine at work asks first)", footer="Quit", priority=True),
        Key("f1", "help", "Help: keys and commands (F1 again closes it)", footer="Help", priority=True),
        Key("ctrl+p", "command_palette", "Command palette (every action, by name)", palette=False, binding=False),
    ],
    "main": [
        Key("ctrl+z", "undo", "Undo the last change to the map", footer="Undo", priority=True),
        Key("ctrl+y", "redo", "Redo", footer="Redo", priority=True),
        Key("ctrl+e", "export", "Export the map (Markdown, JSON, CSV, Mermaid, priorities, brief)", footer="Export",
            priority=True),
        Key("escape", "cancel", "Cancel the request that is running", footer="Cancel"),
        Key("ctrl+c", "interrupt", "While the model works: stop it, as Esc does (otherwise Ctrl+C copies the "
            "selected text)", priority=True, palette=False),
        Key("f2", "layout", "Switch between the chat and the map (on a wide screen: both, chat, map)",
            footer="Chat/Map"),
        Key("ctrl+n", "new_interview", "New map: start the interview", priority=True),
        Key("ctrl+o", "open_map", "Open a saved map", priority=True),
        Key("", "import_json", "Import a map from a JSON file", owner="ChatPane"),
        Key("", "draft", "Draft the map now (end the interview)", owner="ChatPane"),
        Key("", "insight('import_evidence')", "Import customer evidence (CSV, text, JSON lines)", owner="ChatPane"),
        Key("", "insight('evidence_summary')", "Evidence: what is stored behind the map", owner="ChatPane"),
        Key("", "insight('guesses')", "What still rests on guesses", owner="ChatPane"),
        Key("", "insight('future')", "Future state: a new map with chosen opportunities in place", owner="ChatPane"),
        Key("", "insight('linked')", "Switch to the linked map (future ↔ current state)", owner="ChatPane"),
        Key("", "insight('priorities')", "Priorities: quick wins, big bets, ranked pain points", owner="ChatPane"),
        Key("", "insight('diff')", "Compare the map with its previous version", owner="ChatPane"),
        Key("", "focus_chat", "Focus the chat input"),
        Key("", "focus_map", "Focus the map"),
    ],
    "input": [
        Key("enter", "send", "Send the message", palette=False, binding=False),
        Key("shift+enter,ctrl+j", "newline", "New line (a pasted text keeps its lines)", palette=False, binding=False),
        Key("up,down", "history", "Previous / next message you sent", palette=False, binding=False),
    ],
    "map": [
        Key("enter", "edit_item", "Edit the selected item", footer="Edit", owner="MapPane", priority=True),
        Key("delete", "remove_item", "Delete the selected item", footer="Delete", owner="MapPane"),
        Key("up,down,left,right", "cursor", "Select an item; ←/→ go to the next stage, sliding the grid's window over "
            "a map wider than the screen (its corner says which stages show: 1–4 of 60)", palette=False,
            binding=False),
        Key("left_square_bracket,ctrl+left", "move_left", "Move the selected stage left", owner="MapPane"),
        Key("right_square_bracket,ctrl+right", "move_right", "Move the selected stage right", owner="MapPane"),
        # No letters: on the map a letter starts a chat message ("the parking problem ..." typed by someone who
        # thought the chat had the focus opened the touchpoint form on its "t" and lost the words in it)
        Key("at", "add_touchpoint", "Add a touchpoint to the selected stage", footer="+Touchpoint", owner="MapPane"),
        Key("exclamation_mark", "add_pain_point", "Add a pain point to the selected stage", footer="+Pain",
            owner="MapPane"),
        Key("plus,equals_sign", "emotion_up", "Raise the selected stage's emotion", owner="MapPane"),
        Key("minus", "emotion_down", "Lower the selected stage's emotion", owner="MapPane"),
        Key("f3", "view_item", "Show the selected stage or item in full (all its text)", footer="View",
            owner="MapPane"),
        # Not the digits: "3 students said" typed on the map is a chat message (its 3 switched the view and kept the
        # focus on the map, where the Enter of the message opened an edit form and a Delete removed a stage)
        Key("f4", "next_view", "Next map view: grid (stages × lanes), tree, emotion curve", footer="Views",
            owner="MapPane"),
        Key("", "view('grid')", "Map view: grid (stages × lanes)", owner="MapPane"),
        Key("", "view('tree')", "Map view: tree", owner="MapPane"),
        Key("", "view('curve')", "Map view: emotion curve", owner="MapPane"),
        Key("question_mark", "app.help", "Help", palette=False),
    ],
    "review": [
        # Enter and Esc only, no letters: a word typed here by someone who thought the chat had the focus must not
        # decide the proposal ("great" held the r of Reject)
        Key("enter", "accept", "Accept the ticked parts (all are ticked at first)", footer="Accept", priority=True),
        Key("escape", "reject", "Reject: the map stays as it was", footer="Reject"),
        Key("space", "toggle", "Tick or untick the highlighted part", palette=False, binding=False),
        Key("x", "toggle_all", "Tick or untick every part", footer="All/none"),
        Key("n", "details", "The proposal's notes and changes in full, in a window that scrolls", footer="Notes"),
    ],
    "window": [
        Key("escape,q", "close", "Close the window", footer="Close", palette=False),
        Key("up,down,pageup,pagedown", "scroll", "Scroll", palette=False, binding=False),
    ],
    "welcome": [
        # No letters: typing here is someone's first answer ("our shop sells wool" chose Open on its o, "need a map"
        # lost its n to New, "I run a yarn shop" resumed an old interview on its r)
        Key("ctrl+n", "new", "Start a new map (the interview); or just type about your business", footer="New"),
        Key("ctrl+r", "resume", "Resume the unfinished interview, or else the map changed last", footer="Resume"),
        Key("ctrl+o", "open", "Open a saved map", footer="Open"),
        Key("", "import_file", "Import a map from JSON"),
        Key("enter", "choose", "Choose the highlighted line (or start the map with what you typed)", palette=False,
            binding=False),
    ],
}


@dataclass(frozen=True)
class Slash:
    usage: str
    help: str
    when: str = "map"  # "map", "interview" or "any"


SLASH: list[Slash] = [
    Slash("/add stage Onboarding after Purchase", "add a stage or an item, straight to the map (no review)"),
    Slash("/rename Consideration to Research", "rename a stage or an item"),
    Slash("/move Reviews before Purchase", "move a stage (before/after a stage, or to position N)"),
    Slash("/remove stage Returns", "remove a stage or an item"),
    Slash("/undo  ·  /redo", "step back or forward one version"),
    Slash(f"/export [{'|'.join(FORMATS)}] [PATH]", "export the map (no path: the export dialog)"),
    Slash("/evidence PATH", "import customer feedback (CSV, text, JSON lines) and review what it changes; "
                            "no path: the evidence stored behind the map"),
    Slash("/guesses", "what still rests on guesses (inferred items), stage by stage"),
    Slash("/future [IDS|all]", "a future-state map with opportunities in place (ids or names, comma-separated; "
                               "no argument: pick them), reviewed, then saved as a new linked map"),
    Slash("/linked", "open the linked map: the current state of a future-state map, or its newest future state"),
    Slash("/priorities", "what to do first: the impact/effort 2x2 and the ranked pain points"),
    Slash("/persona [NAME|all]", "show only one persona's stages and items (and those everyone shares); "
                                 "no name or `all`: everyone's again"),
    Slash("/diff [VERSION|MAP[@N]]", "compare the map with an earlier version (default: the previous one) "
                                     "or with another map"),
    Slash("/model NAME", "switch the engine: a litellm model string, or `playbook` for offline", "any"),
    Slash("/new  ·  /open  ·  /import PATH", "new interview, open a saved map, import JSON", "any"),
    Slash("/skip  ·  /back  ·  /draft", "during the interview: skip a question, go back, draft the map now",
          "interview"),
    Slash("/help", "this screen", "any"),
]


def bindings(area: str) -> list[Binding]:
    """The Textual bindings for an area, made from :data:`KEYS`."""
    out = []
    for key in KEYS[area]:
        if not key.binding or not key.keys:
            continue
        out.append(Binding(key.keys, key.action, key.footer or key.title, show=bool(key.footer), priority=key.priority))
    return out


def key_names(area: str) -> frozenset[str]:
    """Every Textual key name an area binds or documents ("enter", "escape", "p"...)."""
    return frozenset(name for key in KEYS[area] for name in key.keys.split(",") if name)


def typed_letter(event) -> bool:
    """Whether a key event is a visible character someone typing a message would send (not a space)."""
    return bool(event.is_printable and event.character and not event.character.isspace())


def footer_first() -> list[str]:
    """The keys every footer shows first, in order (the app's footer keys: quit, help)."""
    return [key.keys.split(",")[0] for key in KEYS["app"] if key.footer and key.binding]


def palette_entries() -> list[tuple[str, Key]]:
    """(area, key) for every action the command palette offers."""
    return [(area, key) for area, keys in KEYS.items() for key in keys if key.palette]


_NAMES = {
    "left_square_bracket": "[", "right_square_bracket": "]", "question_mark": "?", "plus": "+",
    "equals_sign": "=", "minus": "-", "escape": "Esc", "enter": "Enter", "delete": "Del", "space": "Space",
    "up": "↑", "down": "↓", "left": "←", "right": "→", "pageup": "PgUp", "pagedown": "PgDn",
}


def _character(key: str) -> str:
    """The character a printable key name stands for ('at' -> '@', 'exclamation_mark' -> '!'), or ''."""
    from textual.keys import format_key

    shown = format_key(key)
    return shown if len(shown) == 1 else ""


def display(keys: str) -> str:
    """How a key spec reads to a person: 'ctrl+left,left_square_bracket' -> 'Ctrl+← / ['."""
    shown = []
    for key in filter(None, keys.split(",")):
        *mods, last = key.split("+")
        name = _NAMES.get(last) or (last.upper() if len(last) == 1 and mods or last[:1] == "f" and last[1:].isdigit()
                                    else last if len(last) == 1 else _character(last) or last.capitalize())
        shown.append("+".join([m.capitalize() for m in mods] + [name]))
    return " / ".join(shown) or "palette"
