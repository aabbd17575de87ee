"""The map keys of the main screen: edit, delete, move, add, emotion, views.

Each one turns the selection into typed edit ops and hands them to the
session through a task; none of them touches the map itself.
"""

from __future__ import annotations

from cjm_assistant.domain import edits
from cjm_assistant.tui.widgets.map_data import Selection, label


class MapActions:
    """Mixed into MainScreen (which provides map_pane, session, tasks, mode)."""

    def _selected(self) -> tuple[Selection, object, object] | None:
        """(selection, stage, item or None for a stage) on the saved map, or None with a notice."""
        if self.mode() != "map":
            self.notify("There is no map yet.", severity="warning")
            return None
        if self.map_pane.mode != "saved":
            self.notify("Finish reviewing the proposal first.", severity="warning")
            return None
        selection = self.map_pane.selection
        journey = self.session.journey
        if selection is None or journey is None:
            self.notify("Select a stage or an item on the map first (Tab moves to the map).", severity="warning")
            return None
        stage = next((s for s in journey.stages if s.id == selection.stage_id), None)
        if stage is None:
            return None
        if selection.kind == "stage":
            return selection, stage, None
        item = next((i for i in getattr(stage, selection.kind) if i.id == selection.item_id), None)
        return (selection, stage, item) if item is not None else None

    def action_edit_item(self) -> None:
        from cjm_assistant.tui.screens.item_form import ItemFormScreen

        found = self._selected()
        if found is None:
            return
        selection, stage, item = found
        kind = selection.kind
        self._form(ItemFormScreen(kind, stage, stage if kind == "stage" else item, self._channels()))

    def action_add_touchpoint(self) -> None:
        self._add("touchpoints")

    def action_add_pain_point(self) -> None:
        self._add("pain_points")

    def _add(self, lane: str) -> None:
        from cjm_assistant.tui.screens.item_form import ItemFormScreen

        found = self._selected()
        if found is not None:
            self._form(ItemFormScreen(lane, found[1], None, self._channels()))

    def _form(self, form) -> None:
        def saved(result) -> None:
            if result:
                ops, message = result
                self.tasks.edit_ops(ops, message)

        self.app.push_screen(form, saved)

    def _channels(self) -> list[str]:
        journey = self.session.journey
        return [c.name for c in journey.channels] if journey is not None else []

    def action_remove_item(self) -> None:
        found = self._selected()
        if found is None:
            return
        selection, stage, item = found
        if item is None:
            op, what = edits.RemoveStage(stage=stage.id), f"stage “{stage.name}”"
        else:
            noun = {"touchpoints": "touchpoint", "pain_points": "pain_point", "opportunities": "opportunity",
                    "kpis": "kpi", "actions": "action", "thoughts": "thought"}[selection.kind]
            op = edits.parse_ops([{"op": f"remove_{noun}", noun: item.id}])[0]
            what = f"{selection.word} “{label(item)}”"
        if self.tasks.edit_ops([op], f"removed {what}"):
            self.notify(f"Removed {what}. Ctrl+Z brings it back.")

    def action_move_left(self) -> None:
        self._move(-1)

    def action_move_right(self) -> None:
        self._move(1)

    def _move(self, step: int) -> None:
        found = self._selected()
        if found is None:
            return
        stage = found[1]
        stages = self.session.journey.stages
        index = stages.index(stage)
        target = index + step
        if not 0 <= target < len(stages):
            self.notify(f"“{stage.name}” is already the {'first' if step < 0 else 'last'} stage.", severity="warning")
            return
        self.tasks.edit_ops([edits.MoveStage(stage=stage.id, position=target + 1)],
                            f"moved stage “{stage.name}” {'left' if step < 0 else 'right'}")

    def action_emotion_up(self) -> None:
        self._emotion(1)

    def action_emotion_down(self) -> None:
        self._emotion(-1)

    def _emotion(self, step: int) -> None:
        found = self._selected()
        if found is None:
            return
        stage = found[1]
        score = max(-2, min(2, stage.emotion + step))
        if score == stage.emotion:
            self.notify(f"The emotion goes from -2 to +2; “{stage.name}” is at {stage.emotion:+d}.", severity="warning")
            return
        self.tasks.edit_ops([edits.SetEmotion(stage=stage.id, score=score)],
                            f"set the emotion of “{stage.name}” to {score:+d}")

    def action_view(self, view: str) -> None:
        self.map_pane.switch(view)
