"""Where cjm-assistant keeps its files.

Nothing here creates a directory: the code that writes a file makes its
parent when it writes (``Store.open`` does it for the database), so asking
where things live never touches the disk.

The database path is chosen in this order: an explicit ``--db PATH``, then
the ``CJM_DB`` environment variable, then ``cjm.db`` in the user data
directory (``~/.local/share/cjm-assistant`` on Linux).
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "cjm-assistant"
DB_ENV = "CJM_DB"
DB_FILENAME = "cjm.db"


def data_dir() -> Path:
    """The user data directory (the database lives here by default)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """The user config directory (``config.toml``)."""
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    from platformdirs import user_log_dir

    return Path(user_log_dir(APP_NAME, appauthor=False))


def log_path() -> Path:
    """The log file."""
    return log_dir() / "cjm.log"


def default_db_path() -> Path:
    return data_dir() / DB_FILENAME


def db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The database to use: ``--db`` beats ``$CJM_DB`` beats the default."""
    chosen = explicit if explicit not in (None, "") else os.environ.get(DB_ENV) or None
    if chosen is None:
        return default_db_path()
    return Path(os.path.expandvars(os.fspath(chosen))).expanduser()
