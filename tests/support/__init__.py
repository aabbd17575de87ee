"""Helpers shared by the tests; holds no tests.

* :mod:`tests.support.bakery`: the bakery map as data (``BAKERY``);
* :mod:`tests.support.scripted_server`: a scripted OpenAI-compatible server;
* :mod:`tests.support.llm`: an LLM engine pointed at that server, and its inputs;
* :mod:`tests.support.tui`: driving the app with Textual's pilot;
* :mod:`tests.support.reliability`: forked children, deterministic edits, the real CLI;
* :mod:`tests.support.snapshots`: syrupy snapshots kept as plain Markdown, CSV or Mermaid files;
* :mod:`tests.support.waiting`: waiting for a condition instead of sleeping a fixed time;
* :mod:`tests.support.a23`: the businesses an outside tester mapped in session 23, and the CLI steps its tests share.

bench/ scripts import the scripted server from here too.
"""
