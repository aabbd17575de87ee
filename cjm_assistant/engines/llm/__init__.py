"""The LLM engine: any model litellm can reach.

``client`` makes the calls (litellm imported lazily), ``errors`` turns provider failures into
sentences, ``prompts`` builds the requests from ``prompts/``, ``structured`` reads JSON replies,
``engine`` implements the engine protocol and ``evidence`` classifies customer feedback in batches.
"""

from __future__ import annotations

from cjm_assistant.engines.llm.engine import LLMEngine
from cjm_assistant.engines.llm.runtime import preload

__all__ = ["LLMEngine", "preload"]
