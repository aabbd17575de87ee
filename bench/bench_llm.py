"""Figures for the LLM engine against the scripted server (a script, not a test).

    /work/venv/bin/python bench/bench_llm.py

1. Client overhead per call: a small edit proposal through the whole engine
   (prompt, litellm, streaming, parsing, validation, applying the ops), minus
   a raw HTTP round trip of the same request to the same server. Warm, median
   of 20. Target < 50 ms.
2. Time until the first stage is visible, as a fraction of the whole stream
   of a 10-stage map sent in small chunks with a delay between them.
   Target < 30%.
3. Tokens for one small refinement of a 10-stage map (typed edit ops) vs
   regenerating the whole map (the map JSON in, the whole map out), counted
   with tiktoken including the response_format schema. Target < 15%.
"""

from __future__ import annotations

import http.client
import json
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # a script: the scripted server is in tests/support
os.environ.setdefault("OPENAI_API_KEY", "sk-bench-not-real")
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

from tests.support.scripted_server import Reply, ScriptedServer  # noqa: E402

from cjm_assistant.config import Settings  # noqa: E402
from cjm_assistant.engines.llm import prompts  # noqa: E402
from cjm_assistant.engines.llm import LLMEngine  # noqa: E402
from cjm_assistant.engines.llm.runtime import litellm_module, warm_up  # noqa: E402
from cjm_assistant.domain.model import JourneyMap  # noqa: E402
from cjm_assistant.domain.profile import PersonaProfile, Profile  # noqa: E402

STAGES = ["Notice", "Explore", "Compare", "Ask", "Decide", "Order", "Pay", "Wait", "Receive", "Return"]
CHANNELS = [("Instagram", "social"), ("Website", "web"), ("WhatsApp", "messaging"), ("Email", "email"),
            ("Shop", "store")]
EDIT_REPLY = {"ops": [{"op": "add_pain_point", "stage": "st7", "name": "card declined without a reason",
                       "severity": 3, "touchpoint": "tp20"}],
              "reply": "Added a pain point to Pay: card declined without a reason."}


def ten_stage_map() -> dict:
    """A realistic 10-stage map as a model would write it (stages last)."""
    stages, tp, pp, op = [], 0, 0, 0
    for i, name in enumerate(STAGES):
        touchpoints = []
        for j in range(3):
            tp += 1
            channel = CHANNELS[(i + j) % len(CHANNELS)][0]
            touchpoints.append({"id": f"tp{tp}", "name": f"{name} on {channel}", "channel": channel,
                                "team": ["Marketing", "Sales", "Support"][j]})
        pains = []
        for j in range(2):
            pp += 1
            pains.append({"id": f"pp{pp}", "name": f"{name.lower()} problem {j + 1}", "severity": 1 + (i + j) % 3,
                          "touchpoint": touchpoints[j]["id"],
                          "description": f"Customers struggle to {name.lower()} because details are unclear."})
        op += 1
        stages.append({
            "id": f"st{i + 1}", "name": name, "goal": f"{name} without effort or surprises",
            "emotion": [1, 1, 0, -1, 0, 1, -1, -2, 1, 0][i],
            "actions": [{"text": f"looks for a way to {name.lower()}"}, {"text": "asks a friend for advice"}],
            "touchpoints": touchpoints,
            "thoughts": [{"text": f"Is it worth it to {name.lower()} here?"}],
            "pain_points": pains,
            "opportunities": [{"id": f"op{op}", "name": f"Make {name.lower()} obvious",
                               "addresses": [pains[0]["id"]], "impact": "high", "effort": "low"}],
            "kpis": [{"name": f"{name} rate", "target": "60%"}],
        })
    return {
        "title": "Priya orders a birthday cake", "kind": "current", "scope": "a first online order",
        "business": {"name": "Sweet Crumbs", "description": "A two-person bakery selling custom cakes online.",
                     "industry": "bakery", "offering": "custom celebration cakes", "business_model": "B2C",
                     "goals": ["Why do first-time buyers not come back?"]},
        "personas": [{"id": "pe1", "name": "Priya", "summary": "Busy parent, orders twice a year",
                      "goals": ["a cake like the picture"], "frustrations": ["no prices on Instagram"],
                      "channels": ["Instagram", "WhatsApp"], "quote": "Just tell me what it costs."}],
        "persona": "pe1",
        "channels": [{"id": f"ch{i + 1}", "name": n, "kind": k} for i, (n, k) in enumerate(CHANNELS)],
        "stages": stages,
    }


def engine_for(server: ScriptedServer, **kw) -> LLMEngine:
    return LLMEngine(Settings(model="openai/any", api_base=server.base_url, timeout=10, **kw), formats_file=None)


def raw_round_trip(server: ScriptedServer, body: dict) -> float:
    """One streamed chat completion over a plain HTTP connection: the server's own time, plus a socket."""
    url = urlparse(server.base_url)
    data = json.dumps(body).encode()
    started = time.perf_counter()
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    conn.request("POST", url.path + "/chat/completions", body=data, headers={"Content-Type": "application/json"})
    response = conn.getresponse()
    response.read()
    conn.close()
    return time.perf_counter() - started


def bench_overhead(journey: JourneyMap) -> None:
    with ScriptedServer() as server:
        engine = engine_for(server)
        server.default = Reply.json(EDIT_REPLY, chunk_size=16)
        for _ in range(3):  # warm
            engine.propose_edits(journey, "add a pain point to Pay: card declined")
        body = server.requests[-1]
        engine_times, raw_times, litellm_times = [], [], []
        litellm = litellm_module()
        for _ in range(20):
            started = time.perf_counter()
            engine.propose_edits(journey, "add a pain point to Pay: card declined")
            engine_times.append(time.perf_counter() - started)
            raw_times.append(raw_round_trip(server, body))
            started = time.perf_counter()
            for _chunk in litellm.completion(model="openai/any", api_base=server.base_url,
                                             messages=body["messages"], stream=True, num_retries=0,
                                             stream_options={"include_usage": True}):
                pass
            litellm_times.append(time.perf_counter() - started)
    engine_ms, raw_ms, litellm_ms = (statistics.median(t) * 1000 for t in (engine_times, raw_times, litellm_times))
    overhead = engine_ms - raw_ms
    print("1. Client overhead per call (small edit proposal, warm, median of 20)")
    print(f"   whole engine call      {engine_ms:7.1f} ms")
    print(f"   litellm.completion     {litellm_ms:7.1f} ms   (streamed, same request)")
    print(f"   raw HTTP round trip    {raw_ms:7.1f} ms   (the server's own time)")
    print(f"   overhead               {overhead:7.1f} ms   target < 50 ms  {'OK' if overhead < 50 else 'MISSED'}")


def bench_first_stage(data: dict) -> None:
    content = json.dumps(data)
    with ScriptedServer() as server:
        results = []
        for _ in range(3):
            server.script(Reply(content, chunk_size=16, chunk_delay=0.002))
            engine = engine_for(server)
            seen: list[float] = []
            started = time.perf_counter()
            engine.propose_map(Profile(business_name="Sweet Crumbs", personas=[PersonaProfile(name="Priya")]),
                               on_partial=lambda d: seen.append(time.perf_counter()) if len(d["stages"]) >= 1 and not seen else None)
            total = time.perf_counter() - started
            results.append(((seen[0] - started) / total, total))
    fraction = statistics.median(r[0] for r in results)
    where = content.index('"name": "Explore"') / len(content)
    print("2. First stage visible, 10-stage map streamed in 16-character chunks, 2 ms apart")
    print(f"   stream {len(content):,} chars in {statistics.median(r[1] for r in results):.2f} s; "
          f"stage 1 ends at {where:.0%} of the text")
    print(f"   first stage shown at   {fraction:7.1%} of the stream   target < 30%  {'OK' if fraction < 0.30 else 'MISSED'}")


def bench_tokens(data: dict) -> None:
    litellm = litellm_module()
    journey = JourneyMap.model_validate(data)
    with ScriptedServer() as server:
        server.script(Reply.json(EDIT_REPLY), Reply.json(EDIT_REPLY))
        engine_for(server).propose_edits(journey, "add a pain point to Pay: card declined without a reason")
        engine_for(server).propose_edits(journey, "make the whole map a little more positive")
        request, whole = server.requests

    def count(messages: list[dict], response_format: dict | None, completion: str) -> tuple[int, int]:
        prompt = litellm.token_counter(model="gpt-4o-mini", messages=messages)
        if response_format:
            prompt += litellm.token_counter(model="gpt-4o-mini", text=json.dumps(response_format))
        return prompt, litellm.token_counter(model="gpt-4o-mini", text=completion)

    edit_in, edit_out = count(request["messages"], request.get("response_format"), json.dumps(EDIT_REPLY))

    after = json.loads(json.dumps(data))
    after["stages"][6]["pain_points"].append({"id": "pp21", "name": "card declined without a reason", "severity": 3,
                                              "touchpoint": "tp20"})
    regen_messages = [
        {"role": "system", "content": prompts.system_prompt()},
        {"role": "user", "content": "The current journey map (JSON):\n"
         + prompts.user_data(json.dumps(data, ensure_ascii=False), "map")
         + "\n\nApply this instruction and reply with the whole updated map as one JSON object:\n"
         + prompts.user_data("add a pain point to Pay: card declined without a reason", "instruction")},
    ]
    # The response_format the client sent for the edit, asking for the whole map instead.
    sent = request["response_format"]
    regen_format = dict(sent, json_schema=dict(sent["json_schema"], name="JourneyMap", schema=prompts.map_schema()))
    regen_in, regen_out = count(regen_messages, regen_format, json.dumps(after))
    ratio = (edit_in + edit_out) / (regen_in + regen_out)
    whole_in, whole_out = count(whole["messages"], whole.get("response_format"), json.dumps(EDIT_REPLY))
    print("3. Tokens for one small refinement of a 10-stage map (tiktoken o200k, schema included)")
    print(f"   edit ops:      {edit_in:6,} prompt + {edit_out:5,} completion = {edit_in + edit_out:6,}")
    print(f"   regenerate:    {regen_in:6,} prompt + {regen_out:5,} completion = {regen_in + regen_out:6,}")
    print(f"   refinement / regeneration = {ratio:.1%}   target < 15%  {'OK' if ratio < 0.15 else 'MISSED'}")
    print(f"   (an instruction about the whole map sends every stage: {whole_in:,} + {whole_out} = "
          f"{(whole_in + whole_out) / (regen_in + regen_out):.1%} of regenerating)")


def main() -> None:
    started = time.perf_counter()
    warm_up()
    print(f"litellm import and warm-up: {time.perf_counter() - started:.2f} s (done in the background by preload())\n")
    data = ten_stage_map()
    journey = JourneyMap.model_validate(data)
    bench_overhead(journey)
    print()
    bench_first_stage(data)
    print()
    bench_tokens(data)


if __name__ == "__main__":
    main()
