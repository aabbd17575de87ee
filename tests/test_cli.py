"""The command line: what a user types, what they see, and the exit code.

Most tests call ``cli.main([...])`` in-process and read stdout and stderr;
a few run the installed ``cjm`` script to check exit codes and that no
traceback ever reaches the terminal. Every test has its own database
(``CJM_DB``, set in conftest).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from cjm_assistant import __version__, cli
from cjm_assistant.export.jsonio import from_json
from cjm_assistant.domain.model import JourneyMap

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CJM = Path(sys.executable).with_name("cjm")

# What the Markdown of each example's map must mention: the channels as the user stated them.
STATED_CHANNELS = {
    "bakery": ["Instagram", "Website", "WhatsApp", "Local delivery"],
    "car-insurance": ["Comparison sites", "Website", "Phone", "Email", "Customer portal"],
    "dental-clinic": ["Website", "Phone", "Google Maps", "Email"],
    "language-school": ["Google Search", "Website", "Instagram", "WhatsApp", "Email"],
    "payroll-saas": ["Website", "Onboarding emails", "Help centre", "LinkedIn"],
}


class Result:
    def __init__(self, code: int, out: str, err: str):
        self.code, self.out, self.err = code, out, err

    @property
    def last_line(self) -> str:
        return self.out.strip().splitlines()[-1]


@pytest.fixture
def cjm(capsys):
    """Run ``cjm ARGS...`` in-process; returns the exit code and what was printed."""

    def run(*args: str) -> Result:
        capsys.readouterr()
        try:
            code = cli.main(list(args))
        except SystemExit as e:  # argparse: --version, --help, usage errors
            code = e.code
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def bakery(cjm):
    """The id of a map drafted from examples/bakery.toml."""
    result = cjm("new", "--answers", str(EXAMPLES / "bakery.toml"))
    assert result.code == 0, result.err
    return result.last_line


def current(cjm, ref: str) -> JourneyMap:
    """The map as `cjm export --format json` gives it."""
    result = cjm("export", ref, "--format", "json")
    assert result.code == 0, result.err
    return from_json(result.out)


def versions(cjm, ref: str) -> list[str]:
    return cjm("history", ref).out.splitlines()


def stage_names(journey: JourneyMap) -> list[str]:
    return [s.name for s in journey.stages]


def run_script(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run the installed console script, as a user's shell would."""
    return subprocess.run([str(CJM), *args], cwd=cwd, capture_output=True, text=True, timeout=60,
                          env={**os.environ, **(env or {})})


# -- simple commands -----------------------------------------------------------------


def test_version(cjm):
    result = cjm("--version")

    assert result.code == 0
    assert result.out.strip() == f"cjm-assistant {__version__}"


def test_schema_prints_the_json_schema_of_a_map(cjm):
    result = cjm("schema")

    assert result.code == 0
    schema = json.loads(result.out)
    assert "stages" in schema["properties"]


def test_list_with_no_maps_says_how_to_make_one(cjm):
    result = cjm("list")

    assert result.code == 0
    assert "No maps yet" in result.out


# -- new -----------------------------------------------------------------------------


@pytest.mark.parametrize("example", sorted(STATED_CHANNELS))
def test_new_from_each_example_drafts_and_exports_a_map(cjm, tmp_path, example):
    answers = tomllib.loads((EXAMPLES / f"{example}.toml").read_text(encoding="utf-8"))
    out = tmp_path / f"{example}.md"

    result = cjm("new", "--answers", str(EXAMPLES / f"{example}.toml"), "--export", str(out))

    assert result.code == 0, result.err
    assert result.out.startswith("Drafted “")
    assert f"Wrote {out.resolve()}" in result.out
    map_id = result.last_line
    assert re.fullmatch(r"[0-9a-f]{8}", map_id)
    assert map_id in cjm("list").out

    markdown = out.read_text(encoding="utf-8")
    assert markdown.startswith("# ")
    assert answers["business"].split(",")[0] in markdown  # the business name
    for persona in answers["personas"]:
        assert persona["name"] in markdown
    # The map is drawn for the first persona; the others are named under it.
    for frustration in answers["personas"][0]["frustrations"].split(","):
        assert frustration.strip().casefold() in markdown.casefold()
    for channel in STATED_CHANNELS[example]:
        assert channel in markdown
    stages = re.findall(r"^## Stage \d+: ", markdown, flags=re.MULTILINE)
    assert 4 <= len(stages) <= 8


def test_new_says_what_it_assumed(cjm):
    result = cjm("new", "--answers", str(EXAMPLES / "bakery.toml"))

    assert "  assumed: Industry read as 'Bakery and cake maker'" in result.out


@pytest.mark.parametrize("name", ["Émile's Bakery", "Øresund Bakery", "Cakes by Zoe", "مخبز الأمل", "Ёлка"])
def test_new_keeps_a_business_name_in_any_script(cjm, tmp_path, name):
    answers = [
        f'business = "{name}, a two-person bakery in Leeds selling custom cakes online"'
        if line.startswith("business = ") else line
        for line in (EXAMPLES / "bakery.toml").read_text(encoding="utf-8").splitlines()
    ]
    path = tmp_path / "answers.toml"
    path.write_text("\n".join(answers) + "\n", encoding="utf-8")
    result = cjm("new", "--answers", str(path))
    assert result.code == 0, result.err

    title = cjm("show", result.last_line).out.splitlines()[0]
    assert name in title and "Your business" not in title


def test_new_with_a_missing_answers_file(cjm, tmp_path):
    result = cjm("new", "--answers", str(tmp_path / "answers.toml"))

    assert result.code == 1
    assert result.err == f"cjm: no such file: {tmp_path / 'answers.toml'}\n"
    assert cjm("list").out.startswith("No maps yet")


def test_new_with_a_bad_answers_file_names_the_problem(cjm, tmp_path):
    answers = tmp_path / "answers.toml"
    answers.write_text('business = "Sweet Crumbs"\nchanels = "Instagram"\n', encoding="utf-8")

    result = cjm("new", "--answers", str(answers))

    assert result.code == 1
    assert result.err.startswith("cjm: unknown key(s) in the answers file: chanels")
    assert len(result.err.splitlines()) == 1


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"], ids=["utf8-bom", "utf16-notepad"])
def test_an_answers_file_saved_by_windows_notepad_is_read(cjm, tmp_path, encoding):
    # a byte-order mark made the file "not valid TOML (at line 1, column 1)"
    answers = tmp_path / "answers.toml"
    answers.write_text('business = "Café Øst, a coffee cart in Leeds"\noffering = "coffee and cake"\n',
                       encoding=encoding)
    result = cjm("new", "--answers", str(answers))
    assert result.code == 0, result.err
    assert "Café Øst" in cjm("show", result.last_line).out


def test_a_map_json_with_a_byte_order_mark_imports(cjm, bakery, tmp_path):
    exported = cjm("export", bakery, "-f", "json").out
    path = tmp_path / "map.json"
    path.write_text(exported, encoding="utf-8-sig")
    result = cjm("import", str(path))
    assert result.code == 0, result.err


def test_new_with_the_llm_engine_and_no_model_says_what_to_do(cjm, monkeypatch):
    monkeypatch.delenv("CJM_MODEL", raising=False)

    result = cjm("--engine", "llm", "new", "--answers", str(EXAMPLES / "bakery.toml"))

    assert result.code == 1
    assert result.err.startswith("cjm: --engine llm needs a model: pass --model")
    assert cjm("list").out.startswith("No maps yet")


# -- list, show, export ------------------------------------------------------------------


def test_list_shows_the_maps(cjm, bakery):
    cjm("new", "--answers", str(EXAMPLES / "payroll-saas.toml"))

    lines = cjm("list").out.splitlines()

    assert lines[0].split() == ["ID", "TITLE", "PERSONA", "KIND", "STAGES", "VERSION", "UPDATED"]
    assert len(lines) == 3
    row = next(line for line in lines if line.startswith(bakery))
    assert "Sweet Crumbs: first online order" in row
    assert "Busy parent Priya" in row and "current" in row and "v1" in row
    assert any("PayPilot" in line and "Office manager Olivia" in line for line in lines)


def test_show_by_id(cjm, bakery):
    result = cjm("show", bakery)

    assert result.code == 0
    assert result.out.startswith("# Sweet Crumbs: first online order of a custom cake\n")
    assert "## Persona: Busy parent Priya" in result.out


def test_show_by_title_prefix(cjm, bakery):
    assert cjm("show", "sweet crumbs").out == cjm("show", bakery).out


def test_show_an_older_version(cjm, bakery):
    first = current(cjm, bakery).stages[0].name
    cjm("refine", bakery, f"rename {first} to Discovery")

    result = cjm("show", bakery, "--version", "1")

    assert f"## Stage 1: {first}" in result.out
    assert "Discovery" not in result.out


@pytest.mark.parametrize(("fmt", "start"), [
    ("md", "# Sweet Crumbs: first online order of a custom cake"),
    ("json", "{"),
    ("csv", "map,stage_order,stage,emotion,type"),
    ("mermaid", "journey\n  title Sweet Crumbs"),
])
def test_export_prints_each_format(cjm, bakery, fmt, start):
    result = cjm("export", bakery, "--format", fmt)

    assert result.code == 0
    assert result.out.startswith(start)


@pytest.mark.parametrize("fmt", ["md", "json", "csv", "mermaid"])
def test_export_to_a_file(cjm, bakery, tmp_path, fmt):
    target = tmp_path / f"sweet-crumbs.{fmt}"

    result = cjm("export", bakery, "-f", fmt, "-o", str(target))

    assert result.code == 0
    assert result.out == f"Wrote {target.resolve()}\n"
    assert target.read_text(encoding="utf-8") == cjm("export", bakery, "-f", fmt).out


def test_export_into_a_missing_folder_is_refused_and_creates_nothing(cjm, bakery, tmp_path):
    result = cjm("export", bakery, "-o", str(tmp_path / "docs" / "journey.md"))

    assert result.code == 1
    assert result.err == f"cjm: the folder {tmp_path / 'docs'} does not exist; add --mkdir to create it, or choose another place\n"
    assert list(tmp_path.iterdir()) == []


def test_export_never_replaces_a_file_without_force(cjm, bakery, tmp_path):
    target = tmp_path / "journey.md"
    target.write_text("my notes", encoding="utf-8")

    refused = cjm("export", bakery, "-o", str(target))
    assert refused.code == 1 and target.read_text(encoding="utf-8") == "my notes"
    assert refused.err == f"cjm: {target} already exists; replace it with --force, or choose another name\n"

    forced = cjm("export", bakery, "-o", str(target), "--force")
    assert forced.code == 0 and target.read_text(encoding="utf-8").startswith("# ")


def test_two_maps_with_alike_titles_exported_into_one_folder_keep_both_files(cjm, bakery, tmp_path):
    other = cjm("new", "--answers", str(EXAMPLES / "bakery.toml")).last_line

    first = cjm("export", bakery, "-o", str(tmp_path))
    second = cjm("export", other, "-o", str(tmp_path))

    assert first.code == 0 and second.code == 0, second.err
    names = {p.name for p in tmp_path.iterdir()}
    assert names == {"sweet-crumbs-first-online-order-of-a-custom-cake.md",
                     f"sweet-crumbs-first-online-order-of-a-custom-cake-{other}.md"}


def test_export_to_a_folder_names_the_file_after_the_map(cjm, bakery, tmp_path):
    result = cjm("export", bakery, "-f", "csv", "-o", str(tmp_path))

    written = tmp_path / "sweet-crumbs-first-online-order-of-a-custom-cake.csv"
    assert result.out == f"Wrote {written}\n"
    assert sorted(tmp_path.iterdir()) == [written]


def test_the_json_export_is_the_map(cjm, bakery):
    journey = current(cjm, bakery)

    assert journey.business.name == "Sweet Crumbs"
    assert journey.main_persona.name == "Busy parent Priya"


# -- import --------------------------------------------------------------------------------


def test_import_then_export_gives_back_the_same_map(cjm):
    example = EXAMPLES / "sweet-crumbs.json"

    result = cjm("import", str(example))

    assert result.code == 0
    assert result.out.startswith("Imported “Sweet Crumbs: first custom cake order” as ")
    assert current(cjm, result.last_line) == from_json(example.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("content", "message"), [
    ("this is not JSON", "cjm: {file} is not JSON: line 1, column 1: Expecting value; `cjm import` takes"),
    ('{"title": "Half a map", "stages": "none yet"}', "cjm: {file} is not a valid journey map: "),
    ("[1, 2, 3]", "cjm: {file} is not a journey map: expected a JSON object, found a list; `cjm import` takes"),
    ("", "cjm: {file} is empty; `cjm import` takes"),
])
def test_importing_a_bad_file_imports_nothing(cjm, bakery, tmp_path, content, message):
    bad = tmp_path / "map.json"
    bad.write_text(content, encoding="utf-8")
    before = cjm("list").out

    result = cjm("import", str(bad))

    assert result.code == 1
    assert result.err.startswith(message.format(file=bad))
    assert len(result.err.splitlines()) == 1
    assert result.out == ""
    assert cjm("list").out == before


def test_importing_a_missing_file(cjm, tmp_path):
    result = cjm("import", str(tmp_path / "nowhere.json"))

    assert result.code == 1
    assert result.err == f"cjm: no such file: {tmp_path / 'nowhere.json'}\n"


# -- a database that cannot be written -----------------------------------------------------------


@pytest.fixture
def read_only_db(cjm, bakery, tmp_path):
    """Attack 3, #10: the database of ``bakery``, with a second version, made read-only (immutable as root, who
    writes through file modes), closed cleanly first (no -wal or -shm beside it)."""
    assert cjm("refine", bakery, "add a stage Aftercare").code == 0
    db = Path(os.environ["CJM_DB"])
    db.chmod(0o444)
    immutable = os.geteuid() == 0
    if immutable and (shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(db)]).returncode != 0):
        db.chmod(0o644)
        pytest.skip("running as root without chattr: cannot make a read-only file")
    try:
        yield db
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(db)])
        db.chmod(0o644)


@pytest.mark.parametrize("command", [["list"], ["show", "{map}"], ["export", "{map}", "-f", "json"],
                                     ["history", "{map}"], ["diff", "{map}@1", "{map}@2"]])
def test_a_read_only_database_can_still_be_read(cjm, bakery, read_only_db, command):
    before = sorted(p.name for p in read_only_db.parent.iterdir())

    result = cjm(*[part.replace("{map}", bakery) for part in command])

    assert result.code == 0 and result.err == "", result.err
    assert "Sweet Crumbs" in result.out or "Aftercare" in result.out
    assert sorted(p.name for p in read_only_db.parent.iterdir()) == before


def test_a_write_to_a_read_only_database_says_so_in_one_sentence(cjm, bakery, read_only_db):
    before = read_only_db.read_bytes()

    result = cjm("undo", bakery)

    assert result.code == 1 and result.out == ""
    assert result.err == (f"cjm: cannot write to {read_only_db} (it is read-only); cjm.db is open for reading only, "
                          "so nothing can be saved: check its permissions or pass --db with a writable file\n")
    assert read_only_db.read_bytes() == before


def test_evidence_on_a_read_only_database_is_refused_before_the_file_is_read_and_a_dry_run_still_works(
        cjm, bakery, read_only_db, tmp_path):
    feedback = tmp_path / "feedback.csv"
    feedback.write_text("comment\nThe delivery was late\nLovely cake\n", encoding="utf-8")

    refused = cjm("evidence", bakery, str(feedback), "--yes")
    assert refused.code == 1 and refused.out == ""  # not "Read 2 rows…", then refused at the save
    assert refused.err.startswith(f"cjm: cannot write to {read_only_db} (it is read-only)")
    assert "a dry run with --report still reads the file and saves nothing" in refused.err

    dry = cjm("evidence", bakery, str(feedback), "--report", "json")
    assert dry.code == 0 and len(dry.out.splitlines()) == 2 and "Nothing was saved." in dry.err


# -- history, refine, undo, redo, diff --------------------------------------------------------


def test_odd_version_refs_get_the_same_sentence_everywhere(cjm, bakery, tmp_path):
    # outside attack 5 #8
    assert cjm("show", f"{bakery}@0").code == 1
    zero = cjm("diff", f"{bakery}@0", bakery)  # version 0 is no version, not "now"
    assert zero.code == 1 and f"map {bakery} has no version 0" in zero.err
    for command in ("show", "export"):
        minus = cjm(command, f"{bakery}@-1")
        assert minus.code == 1 and "a version is a number" in minus.err and "no map matches" not in minus.err
    for command in ("history", "undo"):
        one = cjm(command, f"{bakery}@1")
        assert one.code == 1 and "names one version of a map; this command takes the map itself" in one.err
        assert f"current version: '{bakery}'" in one.err
    # refine and ask: MAP@1, quoted or not, is said, never read as the instruction on the most recent map
    for words in ([f"{bakery}@1", "rename", "Inspiration", "to", "Ideas"], [f"{bakery}@1", "rename Inspiration to Ideas"]):
        refused = cjm("refine", *words)
        assert refused.code == 1 and "names one version of a map" in refused.err and "most recent" not in refused.err
    assert len(versions(cjm, bakery)) == 1
    asked = cjm("ask", f"{bakery}@1", "what hurts most?")
    assert asked.code == 1 and "names one version of a map" in asked.err
    journey = current(cjm, bakery)
    journey.title = "Price @ home @3"
    path = tmp_path / "at.json"
    path.write_text(journey.model_dump_json(), encoding="utf-8")
    titled = cjm("import", str(path)).last_line
    shown = cjm("show", "Price @ home @3")  # a whole title holding "@3" is the map's name
    assert shown.code == 0 and shown.out.startswith("# Price @ home @3")
    assert cjm("diff", "Price @ home @3", titled).code == 0


def test_show_and_export_read_map_at_version_as_diff_does(cjm, bakery):
    # outside attack 4 #7: `show MAP@1` and `export MAP@1` said "no map matches"
    first = current(cjm, bakery).stages[0].name
    assert cjm("refine", bakery, f"rename {first} to Found us").code == 0

    assert stage_names(current(cjm, f"{bakery}@1"))[0] == first
    assert stage_names(current(cjm, f"{bakery}@v2"))[0] == "Found us"
    assert stage_names(current(cjm, bakery))[0] == "Found us"  # the current one, as before
    shown = cjm("show", f"{bakery}@1")
    assert shown.code == 0 and f"## Stage 1: {first}" in shown.out and "Found us" not in shown.out
    assert cjm("show", bakery, "--version", "1").out == shown.out
    assert cjm("export", bakery, "--version", "1", "-f", "md").out == cjm("export", f"{bakery}@1", "-f", "md").out

    missing = cjm("export", f"{bakery}@9")
    assert missing.code == 1 and missing.err == f"cjm: map {bakery} has no version 9\n"
    both = cjm("show", f"{bakery}@1", "--version", "2")
    assert both.code != 0 and "name two different versions" in both.err



def test_history_marks_the_head(cjm, bakery):
    first = current(cjm, bakery).stages[0].name
    cjm("refine", bakery, f"rename {first} to Discovery")

    lines = versions(cjm, bakery)

    assert len(lines) == 2
    assert lines[0].startswith("  v1 ") and "accepted the draft map from playbook" in lines[0]
    assert lines[1].startswith("* v2 ") and f"rename {first} to Discovery" in lines[1]


def test_history_credits_you_for_what_you_typed_or_accepted_and_names_the_proposer(cjm, bakery):
    cjm("refine", bakery, "add a stage Aftercare")  # the engine proposes, the user accepts (--yes in a script)

    lines = versions(cjm, bakery)

    assert "you, proposed by playbook" in lines[0] and "you, proposed by playbook" in lines[1]


def test_refine_add_a_stage_after_another(cjm, bakery):
    result = cjm("refine", bakery, "add a stage Onboarding after Enquiry")

    assert result.code == 0, result.err
    assert result.out == "+ stage “Onboarding”\nSaved version 2.\n"
    names = stage_names(current(cjm, bakery))
    assert names[names.index("Enquiry") + 1] == "Onboarding"


def test_refine_rename_a_stage(cjm, bakery):
    result = cjm("refine", bakery, "rename Inspiration to Discovery")

    assert result.code == 0, result.err
    assert "~ stage “Discovery” (name: “Inspiration” → “Discovery”)" in result.out
    assert stage_names(current(cjm, bakery))[0] == "Discovery"
    assert versions(cjm, bakery)[-1].startswith("* v2")


def test_refine_retitles_the_map_and_list_shows_the_new_title(cjm, bakery):
    result = cjm("refine", bakery, "rename the map to Cakes for birthdays", "--yes")
    assert result.code == 0, result.err
    assert current(cjm, bakery).title == "Cakes for birthdays"
    assert "Cakes for birthdays" in cjm("list").out
    assert cjm("show", "Cakes for").code == 0  # found by its new title


def test_refine_add_a_pain_point_with_high_severity(cjm, bakery):
    result = cjm("refine", bakery, "add pain point 'deposit is not refundable' to Order and payment, severity high")

    assert result.code == 0, result.err
    assert "+ pain point “deposit is not refundable” in Order and payment" in result.out
    stage = next(s for s in current(cjm, bakery).stages if s.name == "Order and payment")
    pain = next(p for p in stage.pain_points if p.name == "deposit is not refundable")
    assert pain.severity == 3


def test_refine_remove_the_touchpoints_on_a_channel(cjm, bakery):
    assert any(tp.channel == "WhatsApp" for _, tp in current(cjm, bakery).touchpoints())

    result = cjm("refine", bakery, "remove the WhatsApp touchpoint")

    assert result.code == 0, result.err
    assert result.out.startswith("- touchpoint “")
    assert not any(tp.channel == "WhatsApp" for _, tp in current(cjm, bakery).touchpoints())
    assert "Saved version 2." in result.out


def test_refine_move_a_stage_before_another(cjm, bakery):
    result = cjm("refine", bakery, "move Enquiry before Inspiration")

    assert result.code == 0, result.err
    assert result.out.startswith("↔ stage order “Enquiry → Inspiration")
    assert stage_names(current(cjm, bakery))[:2] == ["Enquiry", "Inspiration"]


def test_each_refinement_is_a_new_version(cjm, bakery):
    for instruction in ["add a stage Onboarding after Enquiry", "rename Inspiration to Discovery",
                        "add pain point 'deposit is not refundable' to Order and payment, severity high",
                        "remove the WhatsApp touchpoint", "move Enquiry before Discovery"]:
        assert cjm("refine", bakery, instruction).code == 0

    lines = versions(cjm, bakery)

    assert [line[2:4] for line in lines] == ["v1", "v2", "v3", "v4", "v5", "v6"]
    assert lines[-1].startswith("* v6")


@pytest.mark.parametrize("already", ["move", "severity", "emotion", "rename"])
def test_a_refinement_that_changes_nothing_saves_no_version(cjm, bakery, already):
    """Attack 3, #9: each printed "Saved version N." and left an empty version for undo to walk through."""
    journey = current(cjm, bakery)
    stage = next(s for s in journey.stages if s.pain_points)
    pain = stage.pain_points[0]
    severity = {1: "low", 2: "medium", 3: "high"}[pain.severity]
    instruction = {"move": f"move pain point '{pain.name}' to {stage.name}",
                   "severity": f"set severity of '{pain.name}' to {severity}",
                   "emotion": f"set emotion of {stage.name} to {stage.emotion}",
                   "rename": f"rename {stage.name} to {stage.name}"}[already]

    result = cjm("refine", bakery, instruction, "--yes")

    assert result.code == 1 and "Saved version" not in result.out
    assert result.err.startswith("cjm: no change: ") and " already " in result.err
    assert len(versions(cjm, bakery)) == 1
    assert cjm("refine", bakery, f"set emotion of {stage.name} to {-1 if stage.emotion != -1 else 1}").code == 0
    assert cjm("undo", bakery).code == 0  # one step back reaches the first version: nothing empty in between
    assert current(cjm, bakery) == journey


def test_refine_with_gibberish_shows_the_help_and_saves_nothing(cjm, bakery):
    result = cjm("refine", bakery, "make it pop")

    assert result.code == 1
    assert result.out == ""
    assert result.err.startswith("cjm: I didn't understand that instruction.")
    assert "add a stage Onboarding after" in result.err
    assert "set goal of Inspiration to" in result.err  # the examples name the map's own stages (its first)
    assert len(versions(cjm, bakery)) == 1


def test_refine_naming_a_stage_that_is_not_there(cjm, bakery):
    result = cjm("refine", bakery, "rename Checkout to Payment")

    assert result.code == 1
    assert result.err.startswith("cjm: ")
    assert len(versions(cjm, bakery)) == 1


def test_undo_then_redo(cjm, bakery):
    cjm("refine", bakery, "rename Inspiration to Discovery")

    undone = cjm("undo", bakery)
    assert undone.code == 0
    assert undone.out == "Undo: the map is now at version 1 (was 2).\n"
    assert stage_names(current(cjm, bakery))[0] == "Inspiration"

    redone = cjm("redo", bakery)
    assert redone.code == 0
    assert redone.out == "Redo: the map is now at version 2 (was 1).\n"
    assert stage_names(current(cjm, bakery))[0] == "Discovery"


def test_undo_at_the_first_version_says_there_is_nothing_to_undo(cjm, bakery):
    result = cjm("undo", bakery)

    assert result.code == 1
    assert result.err == "cjm: Nothing to undo: the map is at version 1.\n"
    assert len(versions(cjm, bakery)) == 1


def test_redo_with_nothing_undone(cjm, bakery):
    result = cjm("redo", bakery)

    assert result.code == 1
    assert "Nothing to redo" in result.err


def test_diff_shows_what_a_refinement_changed(cjm, bakery):
    cjm("refine", bakery, "add pain point 'deposit is not refundable' to Order and payment, severity high")

    result = cjm("diff", f"{bakery}@1", bakery)

    assert result.code == 0
    assert "(v1) → " in result.out and "(v2): 1 added" in result.out
    assert "+ pain point “deposit is not refundable” in Order and payment" in result.out


def test_diff_as_markdown(cjm, bakery):
    cjm("refine", bakery, "rename Inspiration to Discovery")

    result = cjm("diff", f"{bakery}@1", f"{bakery}@2", "--format", "md")

    assert result.code == 0
    assert "Discovery" in result.out and "Inspiration" in result.out


def test_diff_with_a_version_that_is_not_a_number(cjm, bakery):
    result = cjm("diff", f"{bakery}@first", bakery)

    assert result.code == 1
    assert result.err == f"cjm: '{bakery}@first': a version is a number, e.g. {bakery}@3\n"


def test_ask_answers_a_question_about_the_map(cjm, bakery):
    result = cjm("ask", bakery, "where does it hurt most?")

    assert result.code == 0
    assert result.out.startswith("It hurts most at 'Enquiry'")
    assert "Slow replies" in result.out


# -- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [["show"], ["export"], ["history"], ["undo"], ["refine", "rename A to B"],
                                     ["ask", "where does it hurt most?"], ["diff", "no-such-map"]])
def test_an_unknown_map(cjm, bakery, command):
    result = cjm(command[0], "no-such-map", *command[1:])

    assert result.code == 1
    assert result.err == "cjm: no map matches 'no-such-map'; `cjm list` shows your maps\n"


def test_an_ambiguous_title_prefix_lists_the_matches(cjm, bakery):
    other = cjm("new", "--answers", str(EXAMPLES / "bakery.toml")).last_line

    result = cjm("show", "sweet")

    assert result.code == 1
    assert result.err.startswith("cjm: 2 maps match 'sweet': ")
    assert bakery in result.err and other in result.err and "say which by id" in result.err
    assert result.out == ""


def test_a_db_that_is_not_sqlite_is_left_alone(cjm, tmp_path):
    notes = tmp_path / "notes.db"
    notes.write_bytes(b"Shopping list: flour, eggs, sugar\n")

    result = cjm("--db", str(notes), "list")

    assert result.code == 1
    assert result.err.startswith(f"cjm: {notes} is not a cjm database")
    assert notes.read_bytes() == b"Shopping list: flour, eggs, sugar\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_an_unknown_command_is_a_usage_error(cjm):
    result = cjm("frobnicate")

    assert result.code == 2
    assert result.err == "cjm: unknown command 'frobnicate'; `cjm --help` lists the commands\n"


def test_a_mistyped_command_gets_a_did_you_mean(cjm):
    result = cjm("--db", "x.db", "exprot", "sweet")

    assert result.code == 2
    assert result.err == "cjm: unknown command 'exprot'; did you mean `cjm export`?\n"


def test_global_options_work_after_the_subcommand_too(cjm, tmp_path):
    db = tmp_path / "elsewhere.db"

    made = cjm("new", "--answers", str(EXAMPLES / "bakery.toml"), "--engine", "playbook", "--db", str(db))
    listed = cjm("list", "--db", str(db))

    assert made.code == 0, made.err
    assert made.last_line in listed.out and db.is_file()


def test_a_missing_map_means_the_most_recent_one_and_says_so(cjm, bakery):
    newest = cjm("new", "--answers", str(EXAMPLES / "dental-clinic.toml")).last_line

    result = cjm("export", "-f", "mermaid")

    assert result.code == 0 and result.out.startswith("journey")
    assert result.err.startswith(f"cjm: using the most recent map, {newest} ")


def test_a_missing_map_with_no_maps_asks_which(cjm):
    from cjm_assistant.store import Store

    Store.open(os.environ["CJM_DB"]).close()  # a database, with no map in it
    result = cjm("export", "-f", "mermaid")

    assert result.code == 1
    assert result.err.startswith("cjm: which map? There are no maps yet")


def test_ask_and_refine_take_unquoted_words(cjm, bakery):
    asked = cjm("ask", bakery, "where", "does", "it", "hurt", "most?")
    refined = cjm("refine", "add", "stage", "Aftercare", "after", "Enquiry")

    assert asked.code == 0 and asked.out.startswith("It hurts most at")
    assert refined.code == 0, refined.err
    assert "Aftercare" in cjm("show", bakery).out


# -- through the installed script -------------------------------------------------------------


def test_the_script_drafts_a_map_and_exits_0(tmp_path):
    done = run_script("new", "--answers", str(EXAMPLES / "dental-clinic.toml"), "--export", "dental.md",
                      cwd=tmp_path, env={"CJM_DB": str(tmp_path / "cjm.db")})

    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "Organised mum Grace" in (tmp_path / "dental.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("args", "error"), [
    (["show", "no-such-map"], "cjm: there is no database at "),  # a mistyped --db: said, nothing made
    (["import", "missing.json"], "cjm: no such file: missing.json"),
    (["--db", "notes.db", "list"], "cjm: notes.db is not a cjm database"),
    (["--engine", "llm", "new", "--answers", str(EXAMPLES / "bakery.toml")], "cjm: --engine llm needs a model"),
])
def test_the_script_fails_with_one_line_and_no_traceback(tmp_path, args, error):
    (tmp_path / "notes.db").write_text("not a database\n", encoding="utf-8")
    env = {"CJM_DB": str(tmp_path / "cjm.db"), "CJM_MODEL": ""}

    done = run_script(*args, cwd=tmp_path, env=env)

    assert done.returncode == 1
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith(error)
    assert len(done.stderr.splitlines()) == 1
    assert not (tmp_path / "cjm.db").exists()  # a command that failed made no database


def test_reading_commands_on_a_missing_database_say_so_and_make_nothing(cjm, tmp_path):
    # outside attack 4 #9: `cjm --db /typo/dir/x.db list` made the folders and an empty database
    path = tmp_path / "typo" / "dir" / "x.db"
    listed = cjm("--db", str(path), "list")
    assert listed.code == 0 and listed.out.startswith(f"No maps yet (there is no database at {path}).")
    for command in (["show"], ["export", "-f", "json"], ["history"], ["undo"], ["diff", "a@1", "a@2"],
                    ["refine", "add", "stage", "Returns"], ["refine", "sweet", "add stage Returns"]):
        result = cjm("--db", str(path), *command)
        assert result.code == 1 and result.err.startswith(f"cjm: there is no database at {path}, so no maps yet")
    assert not (tmp_path / "typo").exists()


def test_the_script_prints_its_version(tmp_path):
    done = run_script("--version", cwd=tmp_path)

    assert done.returncode == 0
    assert done.stdout.strip() == f"cjm-assistant {__version__}"


def test_refine_that_changes_nothing_says_who_left_it_out_and_never_blames_a_model_it_did_not_use(cjm, bakery):
    # round 4: with the offline playbook there is no model to quote; a repeat is the map's own check
    journey = current(cjm, bakery)
    stage = next(s for s in journey.stages if s.pain_points)
    result = cjm("refine", bakery, f"add pain point '{stage.pain_points[0].name}' to {stage.name}")

    assert result.code == 1
    assert result.err.startswith("cjm: no change: “")
    assert "says the same as" in result.err
    assert "model" not in result.err
    assert len(versions(cjm, bakery)) == 1


def test_list_names_every_persona_of_a_map(cjm, tmp_path):
    answers = tmp_path / "two.toml"
    answers.write_text('business = "Swift Couriers, cyclists carrying court papers"\n'
                       'journey = "they book a run, we collect it, we ride it over, they get an email"\n'
                       '[[personas]]\nname = "Priya"\ndescription = "legal secretary"\n'
                       '[[personas]]\nname = "Dave"\ndescription = "practice manager"\n', encoding="utf-8")
    cjm("new", "--answers", str(answers))
    row = next(line for line in cjm("list").out.splitlines() if "Swift" in line)
    assert "Priya, Dave" in row
