"""What lets `cjm export` start lighter changes nothing a user sees: the parser built for one command reads and
refuses its words as the whole parser does, and output skips the cleaning only when cleaning would change nothing."""

from __future__ import annotations

import contextlib
import io

import pytest

from cjm_assistant.cli.parser import COMMANDS, build_parser

# For each command: words it accepts, and words it refuses (an option it does not have, a bad value).
ARGVS = [
    ["--help"], [], ["--db", "x.db"], ["--engine", "nope"], ["--deadline", "abc"], ["--no-such-option"],
    ["one", "two", "three", "four"],
]
SPECIFIC = {
    "export": [["-f", "json", "-o", "out.json", "--force"], ["--format", "pdf"], ["abc", "--persona", "Dev"]],
    "show": [["abc", "--version", "3"], ["--version", "x"]],
    "refine": [["move", "it", "--yes"]],
    "diff": [["a", "b", "-f", "md"], ["a"]],
    "evidence": [["m", "f.csv", "--assign", "12", "Stage"], ["--report", "xml"]],
    "new": [["--answers", "a.toml", "--export", "m.md"]],
}


def outcome(parser, argv: list[str]) -> tuple:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            result = vars(parser.parse_args(argv))
        except SystemExit as e:
            result = ("exit", e.code)
    return result, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_the_parser_of_one_command_reads_and_refuses_its_words_as_the_whole_parser(command: str) -> None:
    for words in ARGVS + SPECIFIC.get(command, []):
        argv = [command, *words]
        assert outcome(build_parser(only=command), argv) == outcome(build_parser(), argv), argv


def test_the_parser_of_one_command_knows_no_other():
    with contextlib.redirect_stderr(io.StringIO()), pytest.raises(SystemExit):
        build_parser(only="export").parse_args(["list"])


def test_text_taken_as_printable_is_text_strip_unsafe_leaves_as_it_is():
    """Every character strip_unsafe would drop or rewrite (all of Unicode is checked) is one str.isprintable refuses,
    so output that is printable (newlines and tabs aside) is written without cleaning, and only such output."""
    from cjm_assistant.cli.output import _printable
    from cjm_assistant.domain.text import SPECIAL, strip_unsafe

    special = [chr(c) for c in range(0x110000) if SPECIAL.match(chr(c)) and chr(c) not in "\n\t"]
    assert len(special) > 100_000  # the control, surrogate, private-use and bidi characters
    assert not any(c.isprintable() for c in special)
    for c in special[:: 97] + ["\x1b[31m", "\r\n", "\u202e", "\x9b1m"]:
        text = f"Stage 1\n\tgoal {c} end"
        assert not _printable(text) and strip_unsafe(text) != text
    for text in ["", "plain", "# Sweet Crumbs\n\n| a | b |\n\tindented “quoted” — † °", "Café 你好 😀"]:
        assert _printable(text) and strip_unsafe(text) == text


def test_output_is_cleaned_as_before(capsys):
    from cjm_assistant.cli.output import safe_output

    with safe_output():
        print("ok \x1b[31mred\x1b[0m line\r\nnext \u202eevil http://user:KEY@host/x")
        print("clean\ttext\n“done”")
    assert capsys.readouterr().out == "ok red line\nnext evil http://***@host/x\nclean\ttext\n“done”\n"


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_every_help_fits_an_80_column_terminal(command, monkeypatch):
    # a help line wider than the terminal wraps mid-word and is hard to read
    monkeypatch.setenv("COLUMNS", "80")
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        build_parser().parse_args([command, "--help"] if command else ["--help"])
    wide = [line for line in out.getvalue().splitlines() if len(line) > 80]
    assert not wide, wide
