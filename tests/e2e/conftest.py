"""Headless Chromium for the browser tests (Python ``playwright`` driving the Debian
``chromium`` package: no browser is downloaded). They run in ``make test``; a machine
without Chromium fails them with the command that installs it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CANTIERE_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"The browser tests need Chromium at {CHROMIUM}: install the Debian package "
            "with `sudo apt-get install chromium` (or point CANTIERE_CHROMIUM at a Chromium binary).",
            pytrace=False,
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(
            "The browser tests need the `playwright` Python package: `.venv/bin/pip install -r requirements-dev.txt`.",
            pytrace=False,
        )
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        yield chromium
        chromium.close()
