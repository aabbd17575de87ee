"""Syrupy snapshot files that are plain text in their own format, so a diff of one reads as the export.

    assert to_markdown(journey) == snapshot.use_extension(MarkdownSnapshot)

The file is ``tests/__snapshots__/<test file>/<test name>.<ext>``; after an
intended change, ``python -m pytest --snapshot-update`` rewrites it (read the
diff before committing it).
"""

from __future__ import annotations

from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode


class TextSnapshot(SingleFileSnapshotExtension):
    _write_mode = WriteMode.TEXT

    def is_snapshot_location(self, *, location: str) -> bool:
        # syrupy compares the bare ending, and "md" would then claim the ".mmd" files as unused ones.
        return location.endswith(f".{self._file_extension}")


class MarkdownSnapshot(TextSnapshot):
    _file_extension = "md"


class CsvSnapshot(TextSnapshot):
    _file_extension = "csv"


class MermaidSnapshot(TextSnapshot):
    _file_extension = "mmd"
