"""What an export takes from the store besides the map: the evidence summary, the linked maps.

Its own module, importing nothing heavy, so that ``cjm show`` and ``cjm export`` stay cheap.
"""

from __future__ import annotations


TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is not imported to run `cjm list` or `cjm show`
if TYPE_CHECKING:
    from typing import Any

    from cjm_assistant.session.contract import SessionCore as Session


def export_context(session: Session, wanted: tuple[str, ...], version: int | None) -> dict[str, Any]:
    """What an export in a format that takes ``wanted`` (``Format.context``) needs from the store.

    ``evidence``: the summary of the evidence rows stored behind the map (or that version of it), when there
    are any; ``links``: the maps linked to this one that are not archived, a future state made from it or the
    map it was made from, each with the file name its own HTML export gets.
    """
    if session.map_id is None:
        return {}
    context: dict[str, Any] = {}
    if "evidence" in wanted:
        rows = session.store.evidence(session.map_id, version)
        if rows:
            from cjm_assistant.evidence import summarise

            context["evidence"] = summarise(rows)
    if "links" in wanted:
        from cjm_assistant.export import suggest_filename
        from cjm_assistant.export.html import LinkedMap

        shown = {record.id for record in session.store.list_maps()}
        links = []
        for link in session.store.links(session.map_id):
            future = link["source_id"] == session.map_id
            other = link["map_id"] if future else link["source_id"]
            if other not in shown or (future and link["relation"] != "future-of"):
                continue
            read = session.store.read(other)
            journey = read[1] if read is not None else session.store.load(other)
            links.append(LinkedMap("future" if future else "source", journey.title, other,
                                   None if future else link["source_version"], suggest_filename(journey, "html")))
        context["links"] = tuple(links)
    return context
