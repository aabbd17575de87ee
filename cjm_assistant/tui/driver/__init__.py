"""The session driver (a non-visual widget): see :mod:`.session_driver`."""

from cjm_assistant.tui.driver.session_driver import SessionDriver

__all__ = ["SessionDriver"]
