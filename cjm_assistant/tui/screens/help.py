"""Help: every key and slash command, rendered from help_data (nothing is described twice)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import MarkdownViewer, Static

from cjm_assistant.tui import help_data
from cjm_assistant.tui.widgets.footer import KeyFooter


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def help_markdown(startup: float | None = None, journey=None) -> str:
    lines = ["# Keys and commands", "",
             "Every action is also in the command palette (**Ctrl+P**): type a few letters of its name.", ""]
    for area, title in help_data.AREAS.items():
        keys = [k for k in help_data.KEYS[area] if k.keys]
        if not keys:
            continue
        lines += [f"## {title}", "", "| Key | Action |", "|---|---|"]
        lines += [f"| `{_cell(help_data.display(k.keys))}` | {_cell(k.title)} |" for k in keys]
        lines.append("")
        palette_only = [k for k in help_data.KEYS[area] if not k.keys]
        if palette_only:
            lines += ["Palette only: " + " · ".join(k.title for k in palette_only), ""]
    lines += ["## In the chat", "",
              "During the interview, what you type answers the question. Once there is a map, plain text is an "
              "instruction (you review the proposed change before it is saved), and text ending in `?` is a "
              "question about the map.", "", "| Command | What it does |", "|---|---|"]
    lines += [f"| `{_cell(s.usage)}` | {_cell(s.help)} |" for s in help_data.SLASH]
    try:
        from cjm_assistant.session import Session

        lines += ["", "## Instructions", "", "```text", Session.instruction_help(journey), "```"]
    except Exception:  # noqa: BLE001 - the key tables are what matters
        pass
    lines += ["", "## Marks on the map", "",
              "`°` (dim, italic): inferred, a guess to check · `†`: backed by evidence · "
              "`●●○`: a pain point's severity"]
    if startup is not None:
        lines += ["", f"*Started in {startup:.2f} s.*"]
    return "\n".join(lines)


class HelpScreen(ModalScreen[None]):
    BINDINGS = help_data.bindings("window")
    AUTO_FOCUS = "MarkdownViewer > Markdown"  # the viewer itself cannot take the focus; its document can

    def compose(self) -> ComposeResult:
        with Vertical(id="help", classes="dialog"):
            session = getattr(self.app, "session", None)  # the open map's own stage names in the examples
            yield MarkdownViewer(help_markdown(getattr(self.app, "startup_seconds", None),
                                               session.loaded if session is not None else None),
                                 show_table_of_contents=False)
            yield Static("Esc (or F1) closes · ↑ ↓ PgUp PgDn scroll", classes="dialog-hint")
        yield KeyFooter()

    def action_close(self) -> None:
        self.dismiss(None)
