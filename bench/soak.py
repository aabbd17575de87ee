"""Soak: many whole sessions in a row, with faults injected into the model calls (a script).

    /work/venv/bin/python bench/soak.py                  # 1000 sessions
    /work/venv/bin/python bench/soak.py --sessions 50    # CI size
    /work/venv/bin/python bench/soak.py --json           # the figures as one JSON line too

Each session, on one shared SQLite file: an interview from an answers file
(examples/*.toml in turn), a proposed map, 20 refinements, an export. Most
sessions run on the offline playbook engine; every ``--llm-every``-th runs
on the LLM engine against tests/support/scripted_server.py, which plays a model
(profile extraction, a map, the edit ops an instruction asks for, answers).
``--fault-rate`` of those model calls fail, each in a random way: a 429, a
500, a hang (the engine's short timeout ends it), a stream cut midway, broken
JSON. Some faults are absorbed by the engine's retries; the others reach the
session, which must then hold exactly the last saved version of the map and
the user's message (and say what went wrong); the step is then tried again,
as a user would. A fault after which either is not so "lost data".

Printed: sessions completed, model calls and faults injected, faults met by
the session, faults that lost data (must be 0), peak memory (getrusage), the
database size, the time taken. Exit code 1 if a session did not complete or
data was lost.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # a script: the scripted server is in tests/support
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

from tests.support.scripted_server import Reply, ScriptedServer  # noqa: E402

from cjm_assistant.domain import edits  # noqa: E402
from cjm_assistant.config import Settings  # noqa: E402
from cjm_assistant.engines.base import EngineError  # noqa: E402
from cjm_assistant.engines.instructions import propose  # noqa: E402
from cjm_assistant.engines.playbook import PlaybookEngine  # noqa: E402
from cjm_assistant.export import FORMATS, suggest_filename  # noqa: E402
from cjm_assistant.interview import load_answers, run_answers  # noqa: E402
from cjm_assistant.domain.model import JourneyMap, clean_text  # noqa: E402
from cjm_assistant.session import MAX_MESSAGE, Session  # noqa: E402
from cjm_assistant.store import Store  # noqa: E402

REFINEMENTS = 20
FAULTS = ("429", "500", "hang", "truncated", "broken_json")
TRIES = 8  # a step that meets this many faults in a row fails the session
ANSWERS = sorted((ROOT / "examples").glob("*.toml"))
MODEL_MAP = (ROOT / "examples" / "sweet-crumbs.json").read_text(encoding="utf-8")


class SoakFailure(Exception):
    pass


class ModelServer(ScriptedServer):
    """The scripted server as a model: each reply is made from its request, and some are faults instead."""

    def __init__(self, rng: random.Random, fault_rate: float):
        super().__init__()
        self.rng, self.fault_rate = rng, fault_rate
        self.next_ops: list[dict] = []  # what the next edit request should get
        self.calls = 0
        self.injected: Counter[str] = Counter()

    def _record(self, method: str, path: str, headers: dict, body) -> None:
        """Keep only the request being answered: the test server's full log would dominate the memory figure."""
        with self._lock:
            if method == "POST" and isinstance(body, dict):
                self.requests[:] = [body]

    def _next_reply(self, wants_json_schema: bool) -> Reply:
        with self._lock:
            body = self.requests[-1] if self.requests else {}
            self.calls += 1
            fault = self.rng.choice(FAULTS) if self.rng.random() < self.fault_rate else None
            if fault:
                self.injected[fault] += 1
        good = self._reply_for(body)
        if fault == "429":
            return Reply.rate_limited(retry_after=0)
        if fault == "500":
            return Reply.server_error()
        if fault == "hang":
            return Reply(hang=True)
        if fault == "truncated":
            return Reply(content=good.content, truncate_stream=True, chunk_size=max(1, len(good.content) // 4))
        if fault == "broken_json":
            return Reply("Sure! Here is what you asked for: {{{ 'ops': [ not json ]]]")
        return good

    def _reply_for(self, body: dict) -> Reply:
        messages = body.get("messages") or [{}, {}]
        prompt = str(messages[1].get("content", "")) if len(messages) > 1 else ""
        if prompt.startswith("The interview asked:"):  # only answers the playbook's reader cannot read
            return Reply.json({}, chunk_size=256)
        if "Turn the instruction into edit operations" in prompt:
            return Reply.json({"ops": self.next_ops, "reply": "Done."}, chunk_size=256)
        # A draft, in steps (the model is unknown to litellm): the stage names, then each stage.
        stages = {stage["name"]: stage for stage in json.loads(MODEL_MAP)["stages"]}
        if "Name the stages" in prompt:
            return Reply.json({"stages": list(stages)}, chunk_size=256)
        for name, stage in stages.items():
            if f'"{name}", for this customer' in prompt:
                return Reply.json(stage, chunk_size=1024)
        return Reply("The map has its stages in order; the pain points are ranked below.", chunk_size=64)


def instruction(journey: JourneyMap, session_no: int, step: int) -> str:
    stage = journey.stages[step % len(journey.stages)]
    tag = f"{session_no}-{step}"
    channel = journey.channels[step % len(journey.channels)].name.replace("'", "’")
    emotion = step % 5 - 2
    if emotion == stage.emotion:  # a change that changes nothing is refused (and saves no version)
        emotion = emotion + 1 if emotion < 2 else -2
    return [
        f"add thought 'soak thought {tag}' to {stage.id}",
        f"set emotion of {stage.id} to {emotion}",
        f"add pain point 'soak pain {tag}' to {stage.id}, severity high",
        f"add touchpoint 'soak touchpoint {tag}' to {stage.id} on '{channel}'",
        f"rename {stage.id} to 'Stage {tag}'",
        f"add opportunity 'soak idea {tag}' to {stage.id}",
    ][step % 6]


class Soak:
    def __init__(self, db: Path, export_dir: Path, server: ModelServer | None, timeout: float):
        self.store = Store.open(db)
        self.export_dir = export_dir
        self.server = server
        self.timeout = timeout
        self.met: Counter[str] = Counter()
        self.lost: list[str] = []
        self.errors: list[str] = []

    def engine(self, llm: bool):
        if not llm:
            return PlaybookEngine()
        from cjm_assistant.engines.llm import LLMEngine

        assert self.server is not None
        settings = Settings(model="openai/soak", api_base=self.server.base_url, timeout=self.timeout, max_retries=1)
        return LLMEngine(settings)

    # -- the faults -------------------------------------------------------------------------

    def attempt(self, session: Session, step, saved: tuple[int, JourneyMap] | None, said: str | None):
        """Run a step; after each fault that reaches the session, check nothing was lost, and try again."""
        for _ in range(TRIES):
            try:
                return step()
            except EngineError as error:
                self.met[error.kind] += 1
                problem = self.check(session, saved, said, error)
                if problem:
                    self.lost.append(f"{error.kind}: {problem}")
        raise SoakFailure(f"a step met {TRIES} faults in a row")

    def check(self, session: Session, saved: tuple[int, JourneyMap] | None, said: str | None,
              error: EngineError) -> str | None:
        store = self.store
        if saved is not None:
            version, journey = saved
            if store.get_map(session.map_id).head != version:
                return "the head moved"
            if store.load(session.map_id) != journey or session.journey != journey:
                return "the map is not the last saved version"
        if session.map_id:
            messages = store.messages(session.map_id)
        else:
            messages = store.messages(interview=session.interview.state.id)
        if said is not None:
            users = [m for m in messages if m.role == "user"]
            if not users or users[-1].content != clean_text(said)[:MAX_MESSAGE]:
                return "the user's message is not stored"
        if not messages or messages[-1].content != f"⚠ {error}":
            return "the error was not said in the chat"
        return None

    # -- one session ------------------------------------------------------------------------------

    def session(self, number: int, llm: bool) -> None:
        session = Session(self.store, self.engine(llm))
        session.start_interview()
        answers = load_answers(ANSWERS[number % len(ANSWERS)].read_text(encoding="utf-8"))

        class Answering:  # run_answers drives the interview; each answer goes through the session
            def __getattr__(_, name):
                return getattr(session.interview, name)

            def answer(_, text: str, items: list[str] | None = None):
                if items:  # a list answer: read item by item as `cjm new --answers` reads it (the session takes text)
                    return self.attempt(session, lambda: session.interview.answer(text, items=items), None, text)
                return self.attempt(session, lambda: session.answer(text), None, text)

        run_answers(Answering(), answers)
        if session.interview.state.status != "ready":
            self.attempt(session, lambda: session.answer("draft"), None, "draft")
        proposal = self.attempt(session, session.draft_map, None, None)
        version = session.accept(proposal)
        saved = (version, session.journey)
        for step in range(REFINEMENTS):
            text = instruction(session.journey, number, step)
            if self.server is not None:
                self.server.next_ops = edits.ops_to_json(propose(session.journey, text).ops)
            proposal = self.attempt(session, lambda: session.instruct(text), saved, text)
            if not proposal.ops:
                raise SoakFailure(f"no change proposed for {text!r}: {proposal.reply}")
            version = session.accept(proposal)
            saved = (version, session.journey)
        if llm:
            self.attempt(session, lambda: session.ask("where does it hurt most?"), saved, "where does it hurt most?")
        fmt = list(FORMATS)[number % len(FORMATS)]
        session.export(fmt, self.export_dir / suggest_filename(session.journey, fmt))
        if self.store.load(session.map_id) != session.journey or self.store.get_map(session.map_id).head != version:
            raise SoakFailure("the map in the file is not the session's")


def run(sessions: int = 1000, db: Path | None = None, seed: int = 1, llm_every: int = 5, fault_rate: float = 0.1,
        timeout: float = 1.0, progress: bool = False) -> dict:
    """Run the soak; returns the figures (see the module docstring). Exports go to a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="cjm-soak-") as work:
        return _run(sessions, Path(db) if db else Path(work) / "soak.db", Path(work), seed, llm_every, fault_rate,
                    timeout, progress)


def _run(sessions: int, db: Path, work: Path, seed: int, llm_every: int, fault_rate: float, timeout: float,
         progress: bool) -> dict:
    rng = random.Random(seed)
    llm_sessions = {n for n in range(sessions) if llm_every and n % llm_every == llm_every - 1}
    server = None
    if llm_sessions:
        os.environ.setdefault("OPENAI_API_KEY", "sk-soak-not-real")
        server = ModelServer(rng, fault_rate).start()
    soak = Soak(db, work, server, timeout)
    started, completed = time.monotonic(), 0
    try:
        for n in range(sessions):
            try:
                soak.session(n, n in llm_sessions)
                completed += 1
            except Exception as e:  # noqa: BLE001 - counted and reported, the soak goes on
                soak.errors.append(f"session {n}: {type(e).__name__}: {e}\n{traceback.format_exc(limit=3)}")
            if progress and (n + 1) % 50 == 0:
                print(f"  ... {n + 1} sessions, {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    finally:
        if server is not None:
            server.stop()
    store = soak.store
    count = lambda sql: store.conn.execute(sql).fetchone()[0]  # noqa: E731
    figures = {
        "sessions": sessions,
        "llm_sessions": len(llm_sessions),
        "completed": completed,
        "model_calls": server.calls if server else 0,
        "faults_injected": sum(server.injected.values()) if server else 0,
        "faults_by_kind": dict(server.injected) if server else {},
        "faults_met": sum(soak.met.values()),
        "faults_met_by_kind": dict(soak.met),
        "faults_lost_data": len(soak.lost),
        "lost": soak.lost[:10],
        "errors": soak.errors[:5],
        "maps": count("SELECT count(*) FROM maps"),
        "versions": count("SELECT count(*) FROM versions"),
        "messages": count("SELECT count(*) FROM messages"),
        "integrity": count("PRAGMA integrity_check"),
        "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "seconds": round(time.monotonic() - started, 1),
    }
    store.close()  # checkpoints the WAL into the file
    figures["db_bytes"] = sum(p.stat().st_size for p in db.parent.glob(db.name + "*") if p.is_file())
    return figures


def report(f: dict) -> str:
    kinds = ", ".join(f"{k} x{v}" for k, v in sorted(f["faults_by_kind"].items())) or "none"
    met = ", ".join(f"{k} x{v}" for k, v in sorted(f["faults_met_by_kind"].items())) or "none"
    lines = [
        f"soak: {f['sessions']} sessions ({f['llm_sessions']} on the LLM engine), {REFINEMENTS} refinements each",
        f"  sessions completed     {f['completed']} / {f['sessions']}",
        f"  model calls            {f['model_calls']}; faults injected {f['faults_injected']} ({kinds})",
        f"  faults met by sessions {f['faults_met']} ({met}); the rest were absorbed by retries",
        f"  faults that lost data  {f['faults_lost_data']}",
        f"  peak memory            {f['peak_memory_mb']} MB",
        f"  database               {f['db_bytes'] / 1e6:.1f} MB: {f['maps']} maps, {f['versions']} versions, "
        f"{f['messages']} messages; integrity {f['integrity']}",
        f"  time                   {f['seconds']} s",
    ]
    lines += [f"  LOST: {x}" for x in f["lost"]] + [f"  ERROR: {x}" for x in f["errors"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--db", type=Path, help="the SQLite file (default: a new one in a temporary folder)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--llm-every", type=int, default=5, help="every Nth session uses the LLM engine (0: none)")
    parser.add_argument("--fault-rate", type=float, default=0.1, help="share of model calls that fail")
    parser.add_argument("--timeout", type=float, default=1.0, help="the LLM engine's timeout, seconds (ends hangs)")
    parser.add_argument("--json", action="store_true", help="also print the figures as one JSON line")
    args = parser.parse_args(argv)
    figures = run(args.sessions, args.db, args.seed, args.llm_every, args.fault_rate, args.timeout, progress=True)
    print(report(figures))
    if args.json:
        print(json.dumps(figures))
    return 0 if figures["completed"] == figures["sessions"] and figures["faults_lost_data"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
