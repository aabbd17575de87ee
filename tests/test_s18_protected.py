"""A file the user write-protected is never replaced by an export, --force or not, and a file replaced keeps its
permissions (round two, session 18: an outside walk saw `export -o x.md --force` replace a 0444 file silently and
leave it 0644)."""

from __future__ import annotations

import stat

import pytest

from tests.test_cli import EXAMPLES, bakery, cjm  # noqa: F401  (fixtures)

FORMATS = ["md", "json", "csv", "html", "xlsx"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_write_protected_file_is_not_replaced_even_with_force(cjm, bakery, tmp_path, fmt):
    target = tmp_path / f"journey.{fmt}"
    target.write_bytes(b"the owner's own copy")
    target.chmod(0o444)

    result = cjm("export", bakery, "-f", fmt, "-o", str(target), "--force")

    assert result.code == 1 and len(result.err.splitlines()) == 1, result.err
    assert f"{target} is read-only (write-protected)" in result.err and "chmod u+w" in result.err
    assert target.read_bytes() == b"the owner's own copy"
    assert stat.S_IMODE(target.stat().st_mode) == 0o444
    assert not list(tmp_path.glob(".*.tmp"))


def test_once_writable_again_it_is_replaced_with_force(cjm, bakery, tmp_path):
    target = tmp_path / "journey.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o444)
    assert cjm("export", bakery, "-o", str(target), "--force").code == 1
    target.chmod(0o644)
    assert cjm("export", bakery, "-o", str(target), "--force").code == 0
    assert target.read_text(encoding="utf-8").startswith("#")


@pytest.mark.parametrize("mode", [0o640, 0o600, 0o664])
def test_a_replaced_file_keeps_its_permissions(cjm, bakery, tmp_path, mode):
    target = tmp_path / "journey.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(mode)

    assert cjm("export", bakery, "-o", str(target), "--force").code == 0

    assert target.read_text(encoding="utf-8") != "old"
    assert stat.S_IMODE(target.stat().st_mode) == mode


def test_a_new_file_gets_the_usual_permissions(cjm, bakery, tmp_path):
    target = tmp_path / "fresh.md"
    assert cjm("export", bakery, "-o", str(target)).code == 0
    assert target.exists() and target.stat().st_mode & stat.S_IRUSR
