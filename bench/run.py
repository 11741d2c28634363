#!/usr/bin/env python3
"""Run the benchmark suite: every ``bench/*.py`` module that defines ``main()``, each in its
own process (one may monkey-patch, another may start servers), one after the other.

    .venv/bin/python bench/run.py              # all of them (make bench)
    .venv/bin/python bench/run.py board needs  # only these
"""

from __future__ import annotations

import ast
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent


def has_main(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(isinstance(node, ast.FunctionDef) and node.name == "main" for node in tree.body)


def modules(only: list[str]) -> list[Path]:
    found = [p for p in sorted(BENCH.glob("*.py")) if p.name != "run.py" and not p.name.startswith("_")]
    found = [p for p in found if has_main(p)]
    if only:
        found = [p for p in found if p.stem in only]
    return found


def main() -> int:
    only = sys.argv[1:]
    chosen = modules(only)
    if not chosen:
        print(f"no benchmark module matches {only}", file=sys.stderr)
        return 1
    failed = []
    for path in chosen:
        print(f"\n==> bench/{path.name}", flush=True)
        started = time.monotonic()
        code = (
            f"import sys; sys.path.insert(0, {str(BENCH)!r}); sys.path.insert(0, {str(ROOT)!r}); "
            f"sys.argv = [{str(path)!r}]; import {path.stem} as m; sys.exit(m.main() or 0)"
        )
        result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=False)
        print(f"<== bench/{path.name}: exit {result.returncode} in {time.monotonic() - started:.0f}s", flush=True)
        if result.returncode:
            failed.append(path.name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
