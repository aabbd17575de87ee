"""The session's parts keep to their contract (session/contract.py), read from the source.

``Session`` is composed of parts (turns, versions, maps, exports, insights) whose methods type ``self``
by the ``SessionParts`` protocol. No type checker runs here, so these tests hold both sides of it:
every ``self.name`` a part's method uses is listed in the protocol, every method of a part does type
``self`` by it, and a real ``Session`` has every name the protocol lists.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from cjm_assistant.session import Session, contract
from cjm_assistant.session.exports import Exports
from cjm_assistant.session.insights import Insights
from cjm_assistant.session.maps import Maps
from cjm_assistant.session.turns import Turns
from cjm_assistant.session.versions import Versions
from cjm_assistant.store import Store

PARTS = [Turns, Versions, Maps, Exports, Insights]


def protocol_members() -> set[str]:
    """The names SessionParts lists, its own and SessionCore's: attributes, properties, methods."""
    tree = ast.parse(Path(contract.__file__).read_text(encoding="utf-8"))
    members: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name in ("SessionCore", "SessionParts"):
            for item in node.body:
                if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    members.add(item.target.id)
                elif isinstance(item, ast.FunctionDef):
                    members.add(item.name)
    return members


def part_methods(part: type) -> list[ast.FunctionDef]:
    tree = ast.parse(inspect.getsource(inspect.getmodule(part)))
    cls = next(node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == part.__name__)
    return [item for item in cls.body if isinstance(item, ast.FunctionDef)]


def is_static(method: ast.FunctionDef) -> bool:
    return any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in method.decorator_list)


def test_the_contract_is_read() -> None:
    members = protocol_members()
    assert {"store", "say", "_commit", "interview", "accept"} <= members  # from both protocols


@pytest.mark.parametrize("part", PARTS, ids=lambda part: part.__name__)
def test_every_method_of_a_part_types_self_by_the_contract(part: type) -> None:
    for method in part_methods(part):
        if is_static(method):
            continue
        first = method.args.args[0]
        assert first.arg == "self" and ast.unparse(first.annotation or ast.Constant(None)) == "SessionParts", \
            f"{part.__name__}.{method.name} does not type self by SessionParts"


@pytest.mark.parametrize("part", PARTS, ids=lambda part: part.__name__)
def test_a_part_uses_only_what_the_contract_lists(part: type) -> None:
    members = protocol_members()
    for method in part_methods(part):
        used = {node.attr for node in ast.walk(method) if isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name) and node.value.id == "self"}
        assert used <= members, f"{part.__name__}.{method.name} uses {sorted(used - members)}, not in SessionParts"


def test_a_session_has_all_the_contract_lists(tmp_path: Path) -> None:
    session = Session(Store.open(tmp_path / "cjm.db"), None)
    try:
        missing = [name for name in protocol_members() if not hasattr(Session, name) and name not in vars(session)]
        assert missing == []
    finally:
        session.close()
