"""The session driver's calls for maps, files and engines: opening, importing, exporting, switching the engine.
"""

from __future__ import annotations

from textual.message import Message

from cjm_assistant.tui.driver.core import DriverBase, session_call


class FileCalls(DriverBase):
    """Opening a map, importing one, exporting the open one, switching the engine."""

    @session_call("export")
    def export(self, fmt: str, path: str, replace: bool = False, mkdir: bool = False,
               persona: str | None = None) -> Message:
        """Write an export; ``ReplaceAsked`` instead when the file exists and replacing it was not confirmed,
        ``FolderAsked`` when its folder does not exist and creating it was not confirmed. ``persona``: only what
        concerns that persona (the /persona view), as ``cjm export --persona``."""
        from cjm_assistant.userfiles import FileExists, NoFolder

        try:
            return self.Exported(fmt, self.session.export(fmt, path, force=replace, mkdir=mkdir, persona=persona)[1],
                                 persona)
        except FileExists as e:
            return self.ReplaceAsked(fmt, path, e.path, persona)
        except NoFolder as e:
            return self.FolderAsked(fmt, path, e.path, persona)

    @session_call("open")
    def open_map(self, ref: str) -> Message:
        self.session.open_map(ref)
        return self._opened("open")

    @session_call("import")
    def import_file(self, path: str) -> Message:
        """Import a map from a JSON file as a new map, and open it."""
        self.session.import_file(path)
        return self._opened("import")

    @session_call("model")
    def switch_model(self, name: str) -> Message:
        """Use another engine (a litellm model name, or ``playbook``); ``Switched`` once its client has loaded."""
        engine = self.session.switch_engine(name)
        self.session.warm_up()
        return self.Switched(engine)
