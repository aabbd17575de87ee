"""Exports into a folder that does not exist yet (docs/maps/ in a fresh repository): the CLI says so and names the
option that creates it, `--mkdir` creates it (with the folders above it), and nothing is created unasked."""

from __future__ import annotations

import pytest

from cjm_assistant import cli

ANSWERS = 'business = "Hedgerow Preserves, jams and chutneys sold at markets"\nproblems = "the card reader drops out"\n'


@pytest.fixture
def cjm(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CJM_CONFIG", str(tmp_path / "none.toml"))
    db = str(tmp_path / "cjm.db")

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        try:
            code = cli.main(["--engine", "playbook", "--db", db, *args])
        except SystemExit as e:
            code = e.code
        out = capsys.readouterr()
        assert "Traceback" not in out.err
        return code, out.out, out.err
    return run


@pytest.fixture
def answers(tmp_path):
    path = tmp_path / "answers.toml"
    path.write_text(ANSWERS, encoding="utf-8")
    return str(path)


def test_export_to_a_missing_folder_says_how_to_create_it_and_creates_nothing(cjm, answers, tmp_path):
    code, out, _ = cjm("new", "--answers", answers)
    map_id = out.strip().splitlines()[-1]
    target = tmp_path / "docs" / "maps" / "jam.md"
    code, out, err = cjm("export", map_id, "-o", str(target))
    assert code != 0 and "does not exist" in err and "--mkdir" in err, err
    assert not (tmp_path / "docs").exists()

    code, out, err = cjm("export", map_id, "-o", str(target), "--mkdir")
    assert code == 0, err
    assert target.read_text(encoding="utf-8").startswith("# Hedgerow Preserves")
    code, out, err = cjm("export", map_id, "-o", str(tmp_path / "more") + "/", "--mkdir", "--format", "csv")
    assert code == 0 and list((tmp_path / "more").iterdir()), err  # a folder named with "/": the file goes inside


def test_new_with_an_export_to_a_missing_folder_saves_nothing_unless_asked_to_create_it(cjm, answers, tmp_path):
    target = tmp_path / "docs" / "jam.md"
    code, out, err = cjm("new", "--answers", answers, "--export", str(target))
    assert code != 0 and "--mkdir" in err and "nothing was saved" in err, err
    assert cjm("list")[1].count("Hedgerow") == 0
    code, out, err = cjm("new", "--answers", answers, "--export", str(target), "--mkdir")
    assert code == 0, err
    assert target.is_file() and cjm("list")[1].count("Hedgerow") == 1


def test_a_file_in_the_way_of_the_folder_is_a_clear_error(cjm, answers, tmp_path):
    code, out, _ = cjm("new", "--answers", answers)
    map_id = out.strip().splitlines()[-1]
    (tmp_path / "docs").write_text("not a folder", encoding="utf-8")
    code, out, err = cjm("export", map_id, "-o", str(tmp_path / "docs" / "jam.md"), "--mkdir")
    assert code != 0 and "docs is a file, not a folder" in err, err
    assert (tmp_path / "docs").read_text(encoding="utf-8") == "not a folder"


def test_an_export_refused_for_another_reason_creates_no_folder(cjm, answers, tmp_path):
    """`--mkdir` makes the folder only for an export that is then written: a persona the map lacks, a version it
    does not have, or a format cjm does not know leaves no empty folder behind."""
    code, out, _ = cjm("new", "--answers", answers)
    map_id = out.strip().splitlines()[-1]
    for extra in (["--persona", "Nobody Atall"], ["--version", "99"]):
        target = tmp_path / "docs" / "maps" / "jam.md"
        code, out, err = cjm("export", map_id, "-o", str(target), "--mkdir", *extra)
        assert code != 0 and err.strip(), extra
        assert not (tmp_path / "docs").exists(), extra


def test_session_export_refuses_an_unknown_format_before_making_the_folder(tmp_path):
    from cjm_assistant.engines.playbook import PlaybookEngine
    from cjm_assistant.session import Session
    from cjm_assistant.store import Store
    from tests.support.tui import saved_map

    db = tmp_path / "cjm.db"
    map_id = saved_map(db)
    with Store.open(db) as store:
        session = Session(store, PlaybookEngine())
        session.open_map(map_id)
        with pytest.raises(ValueError):
            session.export("docx", tmp_path / "docs" / "map.docx", mkdir=True)
        assert not (tmp_path / "docs").exists()
        _, written = session.export("md", tmp_path / "docs" / "map.md", mkdir=True)
        assert written == tmp_path / "docs" / "map.md" and written.read_text(encoding="utf-8").startswith("# ")


def test_a_persona_export_into_a_folder_is_named_for_the_persona(cjm, tmp_path):
    """Attack 14: `--persona zoe -o docs/` wrote the whole map's file name, so the persona's view and the whole map
    took the same name (and --force would write one over the other)."""
    answers = tmp_path / "two.toml"
    answers.write_text(ANSWERS + '[[personas]]\nname = "Zoë O\'Brien"\n[[personas]]\nname = "Market Maureen"\n',
                       encoding="utf-8")
    code, out, _ = cjm("new", "--answers", str(answers))
    map_id = out.strip().splitlines()[-1]
    docs = tmp_path / "docs"
    docs.mkdir()
    assert cjm("export", map_id, "-o", str(docs) + "/")[0] == 0
    code, out, err = cjm("export", map_id, "--persona", "zoe", "-o", str(docs) + "/")
    assert code == 0, err
    names = sorted(p.name for p in docs.iterdir())
    assert len(names) == 2 and any(n.endswith("-zoe-o-brien.md") for n in names), names


def test_export_into_a_folder_again_with_force_replaces_the_file(cjm, answers, tmp_path):
    """Attack 15: a second export into docs/ with --force wrote a copy named with the map's id beside the first
    file, which was never refreshed."""
    code, out, _ = cjm("new", "--answers", answers)
    map_id = out.strip().splitlines()[-1]
    docs = tmp_path / "docs"
    docs.mkdir()
    assert cjm("export", map_id, "-o", str(docs) + "/")[0] == 0
    first = next(docs.iterdir())
    first.write_text("old", encoding="utf-8")
    assert cjm("export", map_id, "-o", str(docs) + "/", "--force")[0] == 0
    assert [p.name for p in docs.iterdir()] == [first.name]
    assert first.read_text(encoding="utf-8").startswith("# Hedgerow Preserves")
