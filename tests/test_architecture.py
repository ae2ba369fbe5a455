"""The architecture holds: import contracts, no import cycle, no behaviour from import-time session hooks.

`.importlinter` is the enforced picture of docs/ARCHITECTURE.md; `make test` also runs `lint-imports`.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest
from sqlalchemy.orm import Session

import chuhai

ROOT = Path(__file__).resolve().parents[1]
SESSION_EVENTS = ("before_flush", "after_flush", "after_flush_postexec", "before_commit", "after_commit",
                  "after_rollback", "after_soft_rollback", "after_begin", "after_transaction_end")


def _all_modules() -> list[str]:
    return sorted(info.name for info in pkgutil.walk_packages(chuhai.__path__, "chuhai.")
                  if ".migrations." not in info.name)


def _session_listeners() -> dict[str, list[str]]:
    found = {}
    for name in SESSION_EVENTS:
        listeners = getattr(Session.dispatch, name)._clslevel.get(Session, ())
        found[name] = sorted(f"{fn.__module__}.{fn.__qualname__}" for fn in listeners)
    return {name: fns for name, fns in found.items() if fns}


def test_import_contracts_hold():
    """In a process of its own: import-linter reconfigures logging, which would silence later tests' caplog."""
    linter = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(linter), str(ROOT / ".importlinter")], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 broken" in result.stdout


def test_no_import_cycle_between_modules():
    """Function-level imports count too: hiding a cycle inside a function does not remove it."""
    graph = grimp.build_graph("chuhai", exclude_type_checking_imports=True)
    index, low, stack, on_stack, cycles, counter = {}, {}, [], set(), [], [0]

    def visit(module: str) -> None:  # Tarjan's strongly connected components
        index[module] = low[module] = counter[0]
        counter[0] += 1
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    assert cycles == []


def test_importing_the_package_installs_no_session_hook():
    """Consequences are called where they happen; importing a module must not change what a commit does.

    The audit log is the one hook, installed explicitly by the app and the CLI (accounts.audit.install).
    """
    before = _session_listeners()
    for name in _all_modules():
        importlib.import_module(name)
    assert _session_listeners() == before


def test_function_level_imports_only_defer_heavy_dependencies():
    """An import inside a function must say why (a comment on its line: it defers a heavy dependency)."""
    offenders = []
    for path in sorted((ROOT / "src" / "chuhai").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        source = path.read_text()
        lines = source.splitlines()
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, (ast.Import, ast.ImportFrom)) and "#" not in lines[inner.lineno - 1]:
                    offenders.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
    assert sorted(set(offenders)) == []


@pytest.mark.parametrize("path", sorted((ROOT / "bench").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_benchmarks_call_only_engines(path):
    """Benchmarks measure engines on plain data; the app benchmark (bench/foundation) is the one exception."""
    if "foundation" in path.parts:
        pytest.skip("bench/foundation measures the web application itself")
    allowed = ("chuhai.demo.",)  # synthetic data generators, no database
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("chuhai"):
            module = node.module
            assert ".engine" in module or module.startswith(allowed), f"{path.name} imports {module}"


def test_long_functions_say_why():
    """No function over 60 lines without a `# Long: …` comment in it saying why it is one piece."""
    offenders = []
    for path in sorted((ROOT / "src" / "chuhai").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        source = path.read_text()
        lines = source.splitlines()
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno >= 60:
                body = lines[node.lineno - 1:node.end_lineno]
                if not any(line.strip().startswith("# Long:") for line in body):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert offenders == []
