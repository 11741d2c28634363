"""The shape of the code (shared/STYLE.md, issue 8), checked so that it stays: short files
and functions, no writes or rollbacks in doors, no demo code in the product, no permission
rule re-derived in a template."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent.parent / "app"
PRODUCT = [p for p in APP.rglob("*.py") if "demo" not in p.relative_to(APP).parts[0:1] and p.name != "cli.py"]

MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 60
#: Functions allowed to be longer, each with the reason.
LONG_FUNCTIONS: dict[str, str] = {}


def _rel(path: Path) -> str:
    return str(path.relative_to(APP.parent))


def test_no_python_file_over_400_lines():
    long = {_rel(p): n for p in APP.rglob("*.py") if (n := len(p.read_text().splitlines())) > MAX_FILE_LINES}
    assert not long, f"split these files (lines): {long}"


def test_no_function_over_60_lines():
    long = {}
    for path in APP.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                size = node.end_lineno - node.lineno + 1
                name = f"{_rel(path)}:{node.name}"
                if size > MAX_FUNCTION_LINES and name not in LONG_FUNCTIONS:
                    long[name] = size
    assert not long, f"shorten these functions (lines): {long}"


@pytest.mark.parametrize("pattern", [r"\.rollback\(", r"\.commit\("])
def test_doors_never_commit_or_roll_back(pattern):
    doors = [p for p in APP.rglob("*.py") if p.name.startswith("routes") or p.parent.name == "api"]
    found = [
        f"{_rel(p)}:{i}"
        for p in doors
        for i, line in enumerate(p.read_text().splitlines(), 1)
        if re.search(pattern, line)
    ]
    assert not found, f"a service owns its transaction: {found}"


def test_no_product_module_imports_demo_code():
    found = []
    for path in PRODUCT:
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""] + [a.name for a in node.names]
            if any("demo" in name.split(".")[-1] or name.startswith("app.demo") for name in names):
                found.append(f"{_rel(path)}:{node.lineno}")
    assert not found, f"demo code is imported by the product: {found}"


def test_templates_call_model_permission_methods():
    """``{% if can_edit %}`` re-derives (or smuggles) a rule: call ``obj.can_edit(current_user)``."""
    bare = re.compile(r"(?<![\w.])can_\w+(?!\s*\()")
    found = []
    for path in (APP / "templates").rglob("*.html"):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            for block in re.findall(r"{[{%](.*?)[%}]}", line):
                if bare.search(block):
                    found.append(f"{_rel(path)}:{number}: {block.strip()}")
    assert not found, "\n".join(found)
