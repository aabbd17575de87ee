"""The LLM engine: any model litellm can reach.

From the bottom up: ``runtime`` imports litellm lazily and quietly and counts tokens; ``errors``
turns provider failures into sentences; ``client`` makes one call (streamed, retried, recorded);
``prompts`` builds the requests from ``prompts/``; ``structured`` reads JSON replies and asks until
one fits; ``engine`` implements the engine protocol and ``evidence`` classifies customer feedback in
batches (the engine calls it; it never imports the engine).
"""

from __future__ import annotations

from cjm_assistant.engines.llm.engine import LLMEngine
from cjm_assistant.engines.llm.runtime import preload

__all__ = ["LLMEngine", "preload"]
