"""Every command the README shows runs as written, in order, on a fresh database with the example files.

The blocks run are those that use the app without a screen or a model ("Without the app" and
"Customer evidence, future state, priorities"); installing, opening the app and configuring a
model are not commands a test can run. The commands run in bash, one block after the other, with
a terminal as standard input so that a command that asks ("Accept these changes?") gets a "y".
"""

from __future__ import annotations

import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = ("## Without the app", "## Customer evidence, future state, priorities")


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = []
    for heading in SECTIONS:
        section = text[text.index(heading):]
        block = re.search(r"```sh\n(.*?)```", section, re.S)
        assert block, f"no sh block under {heading}"
        commands += [line for line in block.group(1).splitlines() if line.strip()]
    return commands


def test_the_readme_shows_the_commands_this_test_runs():
    commands = readme_commands()
    assert commands[0].startswith("cjm new --answers examples/bakery.toml")
    assert any("refine sweet \"add pain point 'delivery fee shown late' to Order & pay, severity high\"" in c
               for c in commands)
    assert all(re.match(r"(MAP=\$\()?cjm ", c) for c in commands)


def test_every_readme_command_runs_as_written(tmp_path):
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    script = "set -euo pipefail\n" + "\n".join(
        f"echo '$ {i}'\n{command}" for i, command in enumerate(readme_commands(), 1))
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("CJM_") and k not in ("DISPLAY", "WAYLAND_DISPLAY")}  # --open must open nothing
    env.update(CJM_DB=str(tmp_path / "cjm.db"), CJM_MODEL="", XDG_CONFIG_HOME=str(tmp_path),
               XDG_DATA_HOME=str(tmp_path), PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}")
    main, child = pty.openpty()
    try:
        os.write(main, b"y\n" * 8)  # an answer for every question a command may ask on a terminal
        proc = subprocess.run(["bash", "-c", script], cwd=tmp_path, env=env, stdin=child, capture_output=True,
                              text=True, timeout=300)
    finally:
        os.close(main)
        os.close(child)
    assert proc.returncode == 0, f"{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
    assert "Traceback" not in proc.stderr
    out = proc.stdout
    assert "+ pain point “delivery fee shown late” in Order and payment" in out
    assert (tmp_path / "journey.md").exists() and (tmp_path / "brief.md").exists()
    assert (tmp_path / "journey.html").exists() and list(tmp_path.glob("sweet-crumbs-*.xlsx"))
    assert "There is no desktop here to open it with" in out or "Opened it" in out
    # both imports accepted (with changes to the map or rows only), the future made
    assert len(re.findall(r"Saved version \d+ with [\d,]+ evidence rows", out)) == 2 and "Made “" in out
