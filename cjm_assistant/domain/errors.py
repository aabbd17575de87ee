"""The domain's errors, in a module of their own so that a caller can catch them without importing pydantic."""

from __future__ import annotations


class MapError(ValueError):
    """A map that breaks a rule; the message is meant for a person."""


class EditError(ValueError):
    """An edit that cannot be applied; ``str()`` is a sentence for the user."""

    def __init__(self, message: str, index: int | None = None):
        super().__init__(message)
        self.index = index


#: What an answers file (or the interview) says that fills each list of a map, for a refusal that names it
_FILLED_BY = {"channels": "`channels` and the personas' `channels`", "personas": "`personas`", "stages": "`stages`",
              "touchpoints": "`channels`", "pain_points": "`problems` and the personas' `frustrations`",
              "opportunities": "`problems` and the personas' `frustrations`", "unplaced": "`problems` and the "
              "personas' `frustrations`"}


def over_the_limit(error: Exception, in_file: bool = False) -> str | None:
    """One sentence for a map that would hold more than a list of it may (pydantic's ``too_long`` errors: 80
    channels, 228 opportunities on a stage), naming the list, where it is and the limit; what an answers file
    fills it with, ``in_file``. None for any other error (it is no such refusal)."""
    errors = error.errors() if callable(getattr(error, "errors", None)) else None
    if not errors or any(e.get("type") != "too_long" for e in errors):
        return None
    loc, ctx = errors[0].get("loc", ()), errors[0].get("ctx", {})
    lane = str(loc[-1]) if loc else "items"
    where = f" on stage {loc[1] + 1}" if len(loc) > 2 and loc[0] == "stages" and isinstance(loc[1], int) else ""
    holds = "a stage holds" if where else "a map holds"
    said = (f"the map would hold {ctx.get('actual_length', 'more')} {lane.replace('_', ' ')}{where}, and {holds} at "
            f"most {ctx.get('max_length')}")
    if in_file and lane in _FILLED_BY:
        said += f"; give fewer in {_FILLED_BY[lane]} of the answers file"
    return said
