"""Text hygiene: the one place where text from outside (typed, pasted, read from a file, a model's
reply, a file name) is made safe to store and to print.

* terminal escape sequences (CSI, OSC, two-character ESC forms, and the 8-bit CSI) go whole, so no
  "[31m" debris is left behind;
* control characters (all but newline and tab), lone surrogates, private-use characters, and the
  invisible bidi embeddings, overrides and isolates that can visually reorder a line are dropped
  (right-to-left *letters* and emoji are kept);
* the credentials in a URL (``http://user:KEY@host``, ``?api_key=KEY``, ``&token=KEY``) are replaced by ``***``;
* line ends become "\\n"; text is normalised to NFC so names that look the same compare the same.
"""

from __future__ import annotations

import re
import unicodedata

# The patterns are compiled when first used (see _Patterns): compiling them all costs a few milliseconds that a
# command which never cleans text (``cjm list``) should not pay.
_SOURCES = {
    "ESCAPES": (r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])|\x9b[0-?]*[ -/]*[@-~]", 0),
    # Unicode categories Cc (but newline and tab), Cs and Co, and the bidi controls, as ranges: a regex
    # pass is some twenty times faster than asking unicodedata about every character of a long text.
    "JUNK": ("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\u061c\u202a-\u202e\u2066-\u2069"
             "\U000f0000-\U000ffffd\U00100000-\U0010fffd]", 0),
    "LINE_BREAKS": ("\r\n|[\r\u2028\u2029]", 0),
    # Anything that needs work at all; text without it takes the fast path.
    "SPECIAL": ("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\u061c\u2028\u2029\u202a-\u202e\u2066-\u2069"
                "\U000f0000-\U0010ffff]", 0),
    "_NON_SLUG": (r"[^a-z0-9]+", 0),
    # The userinfo of a URL (http://user:KEY@host/v1, //user:KEY@host without a scheme): credentials, never
    # stored or shown.
    "_USERINFO": (r"((?:\b[a-z][a-z0-9+.-]*:)?//)[^/\s@]+@", re.I),
    # user:KEY@host:port or user:KEY@host/path with no // at all (an api base typed without its scheme); an
    # address after a word and a colon ("Contact:jo@shop.com") has neither a port nor a path, and is kept.
    "_BARE_USERINFO": (r"(?<![\w/.:@-])[\w.%+-]+:[^\s@/:]+@(?=[a-z0-9.-]+(?::\d+|/))", re.I),
    # A credential passed in a URL's query or fragment (?api_key=..., &token=..., #access_token=...).
    "_QUERY_SECRET": (
        r"([?&#;](?:[\w.-]*[_.-])?(?:api[_-]?key|key|token|secret|password|passwd|pwd|auth|signature|sig|"
        r"credentials?|client[_-]?secret|code)=)[^&#\s]+", re.I),
}


class _Patterns:
    """The compiled patterns, each compiled on first use and kept as an attribute (later uses are a plain lookup)."""

    def __getattr__(self, name: str) -> re.Pattern[str]:
        if name not in _SOURCES:
            raise AttributeError(name)
        pattern = re.compile(*_SOURCES[name])
        setattr(self, name, pattern)
        return pattern


_re = _Patterns()


def __getattr__(name: str) -> re.Pattern[str]:
    """``ESCAPES``, ``JUNK``, ``LINE_BREAKS``, ``SPECIAL``...: the compiled pattern, as the module's constant was."""
    if name in _SOURCES:
        return getattr(_re, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def strip_unsafe(value: str) -> str:
    """``value`` without escapes, control characters or bidi controls; line ends as "\\n", tabs kept."""
    if _re.SPECIAL.search(value) is None:
        return value
    value = _re.ESCAPES.sub("", value)
    value = _re.LINE_BREAKS.sub("\n", value)
    return _re.JUNK.sub("", value)


def redact(value: str) -> str:
    """``value`` with the credentials of any URL in it replaced: ``http://user:KEY@host`` -> ``http://***@host``
    (``//user:KEY@host`` and ``user:KEY@host:8000`` too),
    ``?api_key=KEY`` (and ``key``, ``token``, ``access_token``, ``secret``, ``password``...) -> ``?api_key=***``."""
    if "@" in value:
        if "//" in value:
            value = _re._USERINFO.sub(r"\1***@", value)
        value = _re._BARE_USERINFO.sub("***@", value)
    if "=" in value:
        value = _re._QUERY_SECRET.sub(r"\1***", value)
    return value


def clean_text(value: str) -> str:
    """Text safe to store and print: :func:`strip_unsafe`, credentials in URLs redacted, NFC, trimmed."""
    return unicodedata.normalize("NFC", redact(strip_unsafe(value))).strip()


def clean_name(value: str) -> str:
    """A name is one line: :func:`clean_text` with whitespace runs (newlines included) as one space."""
    return " ".join(clean_text(value).split())


def safe(value: object) -> str:
    """Anything (a file name, a path, an exception) as one clean line for a terminal or a log."""
    return clean_name(value if isinstance(value, str) else str(value))


def folded(value: str) -> str:
    """For comparing names as typed: case and accents folded, spaces made single ("Zoë  O'Brien" -> "zoe o'brien"),
    so that a keyboard without an ë still finds Zoë."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", value) if not unicodedata.combining(c))
    return " ".join(plain.casefold().replace("’", "'").split())


def slug(value: str) -> str:
    """ASCII, lower case, words joined by hyphens ("Café & Co!" -> "cafe-co"); may be empty."""
    ascii_text = unicodedata.normalize("NFKD", strip_unsafe(value)).encode("ascii", "ignore").decode("ascii")
    return _re._NON_SLUG.sub("-", ascii_text.lower()).strip("-")
