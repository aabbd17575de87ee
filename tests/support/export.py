"""Helpers for the web page and spreadsheet tests: a hostile map, and the page read back as a tree.

The hostile map has two personas (one right-to-left), items for only one of
them, and names that try to break out of HTML, an attribute, a script, a
spreadsheet cell or a terminal: ``<script>``, quotes, ``onerror=``, U+202E,
escape codes, emoji, formulas, and names as long as the model allows.
Anything that runs sets ``window.pwned``; anything that loads asks the network.
"""

from __future__ import annotations

import html.parser
import io
from dataclasses import dataclass, field

from cjm_assistant.domain.model import JourneyMap

SCRIPT = "<script>alert(1)</script>"
LONG = ("Onboarding with a very long stage name that keeps going " * 4)[:200]
HOSTILE_TITLE = f'{SCRIPT} "Quotes" & \'apostrophes\' 🎂'


def hostile_map() -> JourneyMap:
    pwn = '<img src="pwn.png" onerror="window.pwned=1">'
    return JourneyMap.model_validate({
        "title": HOSTILE_TITLE,
        "kind": "future",
        "scope": f"</title></style>{SCRIPT}<script>window.pwned=1</script>\nsecond line",
        "business": {"name": 'Bakery </p><script>window.pwned=1</script>', "description": pwn,
                     "industry": "=HYPERLINK(\"http://evil.example\",\"click\")", "goals": ["@SUM(A1:A9)", "-2+3"]},
        "personas": [
            {"id": "pe1", "name": f"Buyer {pwn}", "quote": '"</blockquote><script>window.pwned=1</script>',
             "goals": ["A cake \u202eekac"], "frustrations": ["+1 and -1"], "channels": ["Web' onmouseover='x"]},
            {"id": "pe2", "name": "שלום עולם 🎂", "summary": "مرحبا بالعالم", "goals": ["\x1b[31mred\x1b[0m"]},
        ],
        "persona": "pe1",
        "channels": [{"name": '=HYPERLINK("http://evil.example","x")', "kind": "web"}, {"name": "Shop", "kind": "store"}],
        "stages": [
            {"name": SCRIPT, "emotion": -2, "goal": "javascript:window.pwned=1",
             "actions": [{"text": "for the buyer only", "personas": ["pe1"]}, {"text": "for everyone 👩‍👩‍👧"}],
             "touchpoints": [{"id": "tp1", "name": "Form \"quoted\"", "channel": '=HYPERLINK("http://evil.example","x")',
                              "team": "<b>team</b>"}],
             "thoughts": [{"text": "שלום? \u202eevil", "personas": ["pe2"]}],
             "pain_points": [{"id": "pp1", "name": "=HYPERLINK(\"http://evil.example\",\"click\")", "severity": 3,
                              "touchpoint": "tp1", "mentions": 4, "personas": ["pe1"],
                              "evidence": ['"><svg onload="window.pwned=1">', "It took ages"]}],
             "opportunities": [{"name": "+Fix it", "addresses": ["pp1"], "impact": "high", "effort": "low"}],
             "kpis": [{"name": "@Checkout", "current": "12", "target": "30%"}]},
            {"name": LONG, "emotion": 1, "personas": ["pe2"],
             "pain_points": [{"id": "pp2", "name": LONG, "severity": 1}],
             "opportunities": [{"name": "-Maybe", "addresses": ["pp2"], "impact": "low", "effort": "high"}]},
            {"name": "Return 'visit' & \"review\"", "emotion": 0,
             "touchpoints": [{"id": "tp2", "name": "Shop counter", "channel": "Shop", "personas": ["pe2"]}]},
        ],
    })


def workbook_text(data: bytes) -> str:
    """The text of every cell of an xlsx workbook, one a line (a workbook is zipped: searching its bytes finds
    nothing)."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    return "\n".join(str(c.value) for ws in book for row in ws.iter_rows() for c in row if c.value is not None)


def as_text(content: str | bytes) -> str:
    """An export as text: a text format as it is, a workbook as its cells' text."""
    return content if isinstance(content, str) else workbook_text(content)


# -- the page as a tree --------------------------------------------------------------

VOID = {"meta", "col", "input", "br", "img", "link", "hr", "source", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str | None]
    children: list[Node | str] = field(default_factory=list)
    parent: Node | None = None

    def text(self, screen_reader: bool = False) -> str:
        """The text inside; without ``screen_reader``, as seen: no ``.sr`` text, no hidden marks."""
        out = []
        for child in self.children:
            if isinstance(child, str):
                out.append(child)
            elif screen_reader or "sr" not in (child.attrs.get("class") or "").split():
                out.append(child.text(screen_reader))
        return "".join(out)

    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str, cls: str | None = None, **attrs: str) -> list[Node]:
        return [n for n in self.iter() if n.tag == tag and (cls is None or cls in n.classes())
                and all(n.attrs.get(k) == v for k, v in attrs.items())]


class _TreeBuilder(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.current = self.root
        self.mismatched: list[str] = []

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), parent=self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, dict(attrs), parent=self.current))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self.current.tag != tag:
            self.mismatched.append(f"</{tag}> closes <{self.current.tag}>")
            return
        self.current = self.current.parent or self.root

    def handle_data(self, data):
        self.current.children.append(data)


def parse(page: str) -> Node:
    """The page as a tree; every element must be closed where it was opened."""
    builder = _TreeBuilder()
    builder.feed(page)
    builder.close()
    assert not builder.mismatched, builder.mismatched[:5]
    assert builder.current is builder.root, f"<{builder.current.tag}> is never closed"
    return builder.root
