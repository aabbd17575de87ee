"""The tree: stages, and under each its touchpoints, pain points, opportunities and KPIs."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Tree

from cjm_assistant.domain.model import JourneyMap
from cjm_assistant.tui.widgets.map_data import Selection, colors, emotion_text, item_text, short

TREE_LANES = [("touchpoints", "Touchpoints"), ("pain_points", "Pain points"), ("opportunities", "Opportunities"),
              ("kpis", "KPIs"), ("actions", "Actions"), ("thoughts", "Thoughts")]
MAX_CHILDREN = 200  # per group; the grid shows everything


class MapTree(Tree[Selection]):
    """Stages and their lanes as a tree; ``selection`` says which node the cursor is on."""

    def __init__(self, **kwargs) -> None:
        super().__init__("Map", **kwargs)
        self.show_root = False
        self.guide_depth = 3
        self.journey: JourneyMap | None = None

    def show(self, journey: JourneyMap | None, follow: Selection | None = None) -> None:
        keep = follow or self.selection
        expanded = {n.data.stage_id for n in self._stage_nodes() if n.is_expanded and n.data}
        self.journey = journey
        self.clear()
        if journey is None:
            return
        theme = colors(self.app)
        self.root.set_label(Text(journey.title))
        for i, stage in enumerate(journey.stages):
            title = Text(no_wrap=True)
            title.append(f"{i + 1}. {stage.name}", style="bold")
            title.append(f"  {emotion_text(stage.emotion)}", style="dim")
            node = self.root.add(title, data=Selection("stage", stage.id, stage.id),
                                 expand=stage.id in expanded or not expanded)
            if stage.goal:
                node.add_leaf(Text(f"Goal: {short(stage.goal, 60)}", style="italic"),
                              data=Selection("stage", stage.id, stage.id))
            for lane, heading in TREE_LANES:
                items = list(getattr(stage, lane, None) or [])
                if not items:
                    continue
                group = node.add(Text(f"{heading} ({len(items)})", style="dim"),
                                 data=Selection("stage", stage.id, stage.id), expand=lane != "actions" and lane != "thoughts")
                for item in items[:MAX_CHILDREN]:
                    text = item_text(lane, item, 60, theme)
                    if lane == "touchpoints" and getattr(item, "channel", ""):
                        text.append(f"  · {item.channel}", style="dim")
                    elif lane == "pain_points" and getattr(item, "mentions", 0):
                        text.append(f"  · {item.mentions} mention{'s' if item.mentions != 1 else ''}", style="dim")
                    group.add_leaf(text, data=Selection(lane, item.id, stage.id))
        if keep:
            self.select(keep)

    def _stage_nodes(self):
        return list(self.root.children)

    @property
    def selection(self) -> Selection | None:
        node = self.cursor_node
        return node.data if node is not None and node.data is not None else None

    def select(self, selection: Selection) -> None:
        def walk(node):
            for child in node.children:
                yield child
                yield from walk(child)

        best = None
        for node in walk(self.root):
            if node.data is None:
                continue
            if node.data.item_id == selection.item_id and node.data.kind == selection.kind:
                best = node
                break
            if best is None and node.data.kind == "stage" and node.data.stage_id == selection.stage_id:
                best = node
        if best is not None:
            self.call_after_refresh(self.move_cursor, best)
