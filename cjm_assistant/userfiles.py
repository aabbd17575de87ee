"""Reading a file the user named (answers, a JSON map): one sentence for each way it can fail."""

from __future__ import annotations

from pathlib import Path


def read_text(path: str | Path) -> str:
    """The UTF-8 text of ``path``; ValueError with a sentence for the user when it can't be read."""
    path = Path(path).expanduser()
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValueError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise ValueError(f"{path} is a folder, not a file") from None
    except PermissionError:
        raise ValueError(f"cannot read {path} (permission denied)") from None
    except UnicodeDecodeError:
        raise ValueError(f"{path} is not a UTF-8 text file") from None
