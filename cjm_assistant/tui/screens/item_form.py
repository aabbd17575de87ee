"""A small form to edit a stage or an item in place, or to add a touchpoint or a pain point.

The form never changes the map: it turns what was typed into typed edit ops
(only the fields that changed) and is dismissed with ``(ops, message)``; the
screen saves them through the session like any other edit.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Select, Static

from cjm_assistant.domain.edits import EditError, parse_ops
from cjm_assistant.tui.widgets.footer import KeyFooter
from cjm_assistant.tui.widgets.map_data import ITEM_WORDS, NOUNS, label

LEVELS = [("low", "low"), ("medium", "medium"), ("high", "high")]
FIELDS: dict[str, list[tuple[str, str, list | None]]] = {
    "stage": [("name", "Name", None), ("goal", "Customer goal", None),
              ("emotion", "Emotion", [(f"{v:+d} {w}", v) for v, w in
                                      ((2, "very positive"), (1, "positive"), (0, "neutral"), (-1, "negative"),
                                       (-2, "very negative"))])],
    "touchpoints": [("name", "Name", None), ("channel", "Channel", None), ("team", "Owning team", None),
                    ("description", "Description", None)],
    "pain_points": [("name", "Name", None), ("description", "Description", None),
                    ("severity", "Severity", [("high", 3), ("medium", 2), ("low", 1)])],
    "opportunities": [("name", "Name", None), ("description", "Description", None), ("impact", "Impact", LEVELS),
                      ("effort", "Effort", LEVELS)],
    "kpis": [("name", "Name", None), ("target", "Target", None), ("current", "Current", None)],
    "actions": [("text", "Action", None)],
    "thoughts": [("text", "Thought", None)],
}
REQUIRED = {"name", "text", "channel"}


def ops_for(kind: str, item, stage, values: dict) -> tuple[list, str]:
    """Typed ops for the form's values: updates of what changed, or one add when ``item`` is None."""
    if item is None:
        data = {k: v for k, v in values.items() if v not in ("", None)}
        ops = parse_ops([{"op": f"add_{NOUNS[kind]}", "stage": stage.id, **data}])
        return ops, f"added {ITEM_WORDS[kind]} “{values.get('name') or values.get('text')}” to {stage.name}"
    changed = {k: v for k, v in values.items() if v != (getattr(item, k, None) if k != "emotion" else item.emotion)}
    if not changed:
        return [], ""
    if kind == "stage":
        raw = []
        if "name" in changed:
            raw.append({"op": "rename_stage", "stage": item.id, "name": changed["name"]})
        if "goal" in changed:
            raw.append({"op": "update_stage", "stage": item.id, "goal": changed["goal"]})
        if "emotion" in changed:
            raw.append({"op": "set_emotion", "stage": item.id, "score": changed["emotion"]})
        ops = parse_ops(raw)
    else:
        noun = NOUNS[kind]
        ops = parse_ops([{"op": f"update_{noun}", noun: item.id, **changed}])
    return ops, f"edited {ITEM_WORDS[kind]} “{changed.get('name') or changed.get('text') or label(item)}”"


class ItemFormScreen(ModalScreen[tuple[list, str] | None]):
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel"), Binding("ctrl+s", "save", "Save", priority=True)]

    def __init__(self, kind: str, stage, item=None, channels: list[str] | None = None) -> None:
        super().__init__()
        self.kind, self.stage, self.item = kind, stage, item
        self.channels = channels or []

    def compose(self) -> ComposeResult:
        word = ITEM_WORDS[self.kind]
        title = f"Edit {word} “{label(self.item)}”" if self.item is not None else f"Add a {word} to {self.stage.name}"
        with Vertical(id="item-form", classes="dialog"):
            yield Static(title, classes="dialog-title", markup=False)
            with Grid(id="item-fields"):
                for name, caption, options in FIELDS[self.kind]:
                    yield Label(caption + (" *" if name in REQUIRED else ""))
                    value = self._value(name)
                    if options is not None:
                        yield Select(options, value=value, allow_blank=False, id=f"f-{name}", compact=True)
                    else:
                        suggester = SuggestFromList(self.channels, case_sensitive=False) if name == "channel" else None
                        yield Input(str(value or ""), id=f"f-{name}", suggester=suggester, compact=True)
            yield Static("", id="item-error", markup=False)  # why a save was refused, the form kept as typed
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="item-save")
                yield Button("Cancel", id="item-cancel")
            hint = "Enter or Ctrl+S saves" if self.item is not None else "Enter: the next field · Ctrl+S saves"
            yield Static(f"{hint} · Esc cancels", classes="dialog-hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        first = self.query(Input).first()
        if first is not None:
            first.focus()

    def _value(self, name: str):
        if self.item is None:
            return {"severity": 2, "impact": "medium", "effort": "medium", "emotion": 0}.get(name, "")
        value = getattr(self.item, name, "")
        return value if value is not None else ""

    def values(self) -> dict:
        out = {}
        for name, _, options in FIELDS[self.kind]:
            value = self.query_one(f"#f-{name}").value
            if options is None:
                value = value.strip() if name == "description" else " ".join(value.split())
            out[name] = value
        return out

    def action_save(self) -> None:
        values = self.values()
        missing = [name for name in REQUIRED if name in values and not values[name]]
        if missing:
            self.notify(f"The {missing[0]} cannot be empty.", severity="warning")
            return
        gone = self._gone()
        if gone:
            self.notify(f"{gone} is no longer on the map: it was removed in another window since this form opened. "
                        "Nothing was saved; what you typed is still here (Esc closes the form).", severity="error")
            return
        try:
            ops, message = ops_for(self.kind, self.item, self.stage, values)
            self._check(ops)
        except EditError as e:
            self._refused(str(e))
            return
        self.dismiss((ops, message) if ops else None)

    def _check(self, ops: list) -> None:
        """The edit tried on the map shown (not saved): a refusal (a name another stage has) is said here, with
        the form open and what was typed kept, rather than after the form closed."""
        from cjm_assistant.domain.edits import apply

        journey = getattr(getattr(self.app, "session", None), "journey", None)
        if ops and journey is not None:
            apply(journey, ops)

    def _refused(self, reason: str) -> None:
        reason = reason[:1].upper() + reason[1:]
        error = self.query_one("#item-error", Static)
        error.update(f"{reason}. Nothing was saved: correct it, or Esc to cancel.")
        error.display = True
        self.notify(reason, severity="error")
        field = next((f for f in self.query(Input) if f.id and f.id[2:] in reason.casefold()), None)
        (field or self.query(Input).first()).focus()

    def _gone(self) -> str:
        """What the form is about (the item, or the stage a new one goes to) when the map shown now no longer holds
        it (the CLI or another window removed it), as the user knows it: "The pain point “No reply for days”"."""
        journey = getattr(getattr(self.app, "session", None), "journey", None)
        if journey is None:
            return ""
        ids = {item.id for _, item, _ in journey.items()}
        if self.item is not None and getattr(self.item, "id", "") and self.item.id not in ids:
            return f"The {ITEM_WORDS[self.kind]} “{label(self.item)}”"
        if self.stage is not None and getattr(self.stage, "id", "") and self.stage.id not in ids:
            return f"The stage “{self.stage.name}”"
        return ""

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter saves an edit. In a new item's form it goes to the next field, and saves from the last one: a
        sentence typed on the map by someone who thought the chat had the focus ("please move ..." opens this form
        on its "p") ends with the form open, not with a pain point "lease move ..." saved."""
        fields = list(self.query(Input))
        if self.item is None and event.input in fields and event.input is not fields[-1]:
            fields[fields.index(event.input) + 1].focus()
            return
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "item-save":
            self.action_save()
        else:
            self.dismiss(None)
