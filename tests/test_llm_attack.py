"""What an outside tester found in the LLM engine (issue 16 follow-up), run through `cjm` on the scripted server."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.support.llm import Reply, map_data

from cjm_assistant.cli import main
from cjm_assistant.domain.text import redact

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

pytestmark = pytest.mark.usefixtures("fake_key")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _prompt(body: dict) -> str:
    return "\n".join(str(m.get("content", "")) for m in body.get("messages", []))


def interviewer(body: dict) -> Reply:
    prompt = _prompt(body)
    stages = {s["name"]: s for s in map_data()["stages"]}
    if "Name the stages" in prompt:
        return Reply.json({"stages": list(stages)})
    for name, stage in stages.items():
        if f'"{name}", for this customer' in prompt:
            return Reply.json(stage)
    return Reply.json({})


# 1. credentials in --api-base


@pytest.mark.parametrize(("url", "secret"), [
    ("http://alice:S3cret@host/v1", "S3cret"),
    ("http://host/v1?api_key=K3Y123", "K3Y123"),
    ("http://host/v1?x=1&key=K3Y123", "K3Y123"),
    ("http://host/v1?token=T0K", "T0K"),
    ("https://host/v1#access_token=T0K", "T0K"),
    ("http://host/v1?client_secret=S3c&x=1", "S3c"),
])
def test_redact_hides_credentials_in_a_url(url, secret):
    shown = redact(url)
    assert secret not in shown and "***" in shown and "host/v1" in shown


def test_redact_keeps_ordinary_query_words():
    assert redact("http://host/v1?monkey=1&page=2") == "http://host/v1?monkey=1&page=2"


def test_a_password_in_api_base_is_not_stored_or_printed(server, tmp_path, capsys):
    server.responder = interviewer
    db = tmp_path / "c.db"
    base = server.base_url.replace("http://", "http://alice:S3cretPW@") + "?token=TOKSECRET"
    code, out, err = run(capsys, "--db", str(db), "--engine", "llm", "--model", "openai/any", "--api-base", base,
                         "new", "--answers", str(EXAMPLES / "bakery.toml"))
    assert server.requests, out + err
    assert "S3cretPW" not in out + err and "TOKSECRET" not in out + err
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("c.db*"))
    assert raw and b"S3cretPW" not in raw and b"TOKSECRET" not in raw


def test_doctor_does_not_print_a_token_in_api_base(server, tmp_path, capsys):
    server.responder = lambda body: Reply.json({"ok": True})
    _, out, err = run(capsys, "--db", str(tmp_path / "d.db"), "--model", "openai/any",
                      "--api-base", server.base_url.removesuffix("/v1") + "?token=TOKSECRET", "doctor")
    assert "has no path" in out + err  # the address is printed, without its token
    assert "TOKSECRET" not in out + err
