#!/usr/bin/env python3
"""Translation catalogs: one for the foundation (app/translations) and one per feature
(app/<feature>/translations, covering app/<feature>/ and app/templates/<feature>/), so that
features are translated side by side without touching each other's files.

    python scripts/i18n.py extract [needs]  # extract messages, update every catalog (or one)
    python scripts/i18n.py compile   # .po -> .mo (run by make before serving or testing)
    python scripts/i18n.py check     # fail when an Italian message is untranslated or fuzzy
    python scripts/i18n.py set needs translations.json  # {"English msgid": "Italiano", ...}
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app"
LOCALES = ("it", "en")
KEYWORDS = ["_l", "lazy_gettext", "_t", "ngettext:1,2", "lazy_ngettext:1,2"]
FOUNDATION = ["main", "auth", "admin", "api", "models"]
FOUNDATION_TEMPLATES = ["base.html", "_macros", "errors", "auth", "main", "admin", "api", "mail"]


def catalogs() -> list[tuple[Path, list[Path]]]:
    """(translations dir, sources) for the foundation and each feature that has a catalog."""
    found = [
        (
            APP / "translations",
            [*APP.glob("*.py"), *(APP / d for d in FOUNDATION), *(APP / "templates" / t for t in FOUNDATION_TEMPLATES)],
        )
    ]
    for directory in sorted(APP.glob("*/translations")):
        feature = directory.parent
        if feature.name == "translations" or feature == APP:
            continue
        found.append((directory, [feature, APP / "templates" / feature.name]))
    return found


def run(*args: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", *args], cwd=ROOT, capture_output=True, text=True
    )
    if result.returncode:
        sys.exit(result.stdout + result.stderr)


def _extract_pot(sources: list[Path], pot: Path) -> None:
    sources = [str(s.relative_to(ROOT)) for s in sources if s.exists()]
    cfg = ROOT / "scripts" / "babel.cfg"
    run(
        "extract",
        "-F",
        str(cfg),
        *[arg for k in KEYWORDS for arg in ("-k", k)],
        "--no-location",
        "--sort-output",
        "-o",
        str(pot),
        *sources,
    )


def _messages(text: str) -> list:
    """What a catalog says, without its dates and line wrapping."""
    import io

    catalog = read_po(io.StringIO(text))
    return [(m.id, m.context, m.string, sorted(m.flags)) for m in catalog if m.id] + [list(catalog.obsolete)]


def extract(only: str | None = None) -> None:
    """Extract and update every catalog, or only one (``extract needs``, ``extract foundation``)."""
    for directory, sources in catalogs():
        name = "foundation" if directory == APP / "translations" else directory.parent.name
        if only and only != name:
            continue
        pot = directory / "messages.pot"
        _extract_pot(sources, pot)
        for locale in LOCALES:
            po = directory / locale / "LC_MESSAGES" / "messages.po"
            if po.exists():
                before = po.read_text(encoding="utf-8")
                run("update", "-i", str(pot), "-d", str(directory), "-l", locale, "--no-fuzzy-matching")
                if _messages(po.read_text(encoding="utf-8")) == _messages(before):
                    po.write_text(before, encoding="utf-8")  # only dates or wrapping moved: keep the file
            else:
                run("init", "-i", str(pot), "-d", str(directory), "-l", locale)
        pot.unlink()
        print(f"extracted: {directory.relative_to(ROOT)}")


def compile_all() -> None:
    for directory, _sources in catalogs():
        for locale in LOCALES:
            if (directory / locale / "LC_MESSAGES" / "messages.po").exists():
                run("compile", "-d", str(directory), "-l", locale, "--use-fuzzy" if locale == "en" else "--statistics")


def check() -> int:
    """Every message in the code (extracted afresh) has an Italian translation."""
    import tempfile

    missing = []
    for directory, sources in catalogs():
        po = directory / "it" / "LC_MESSAGES" / "messages.po"
        if not po.exists():
            missing.append(f"{po.relative_to(ROOT)}: missing")
            continue
        with po.open("rb") as handle:
            catalog = read_po(handle)
        with tempfile.TemporaryDirectory() as tmp:
            pot = Path(tmp) / "messages.pot"
            _extract_pot(sources, pot)
            with pot.open("rb") as handle:
                template = read_po(handle)
        for message in template:
            if message.id and message.id not in catalog:
                ident = message.id if isinstance(message.id, str) else message.id[0]
                missing.append(f"{po.relative_to(ROOT)}: not extracted yet: {ident!r}")
        for message in catalog:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.fuzzy or not all(strings):
                ident = message.id if isinstance(message.id, str) else message.id[0]
                missing.append(f"{po.relative_to(ROOT)}: {ident!r}")
    for line in missing:
        print(line)
    print(f"{len(missing)} untranslated Italian messages")
    return 1 if missing else 0


def set_translations(name: str, path: str) -> None:
    """Write Italian translations from a JSON object ``{msgid: msgstr}`` (a plural msgid maps
    to a list of forms) into one catalog (``foundation`` or a feature's name)."""
    import json

    from babel.messages.pofile import write_po

    directory = APP / "translations" if name == "foundation" else APP / name / "translations"
    po = directory / "it" / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as handle:
        catalog = read_po(handle)
    wanted = json.loads(Path(path).read_text(encoding="utf-8"))
    unknown = []
    for msgid, msgstr in wanted.items():
        message = next((m for m in catalog if m.id == msgid or (isinstance(m.id, tuple) and m.id[0] == msgid)), None)
        if message is None:
            unknown.append(msgid)
            continue
        message.string = tuple(msgstr) if isinstance(message.id, tuple) else msgstr
        message.flags.discard("fuzzy")
    with po.open("wb") as handle:
        write_po(handle, catalog, width=0, sort_output=True, omit_header=False)
    for msgid in unknown:
        print(f"not in {po.relative_to(ROOT)} (run extract first): {msgid!r}")
    print(f"{len(wanted) - len(unknown)} translations written to {po.relative_to(ROOT)}")


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "compile"
    if command == "extract":
        extract(sys.argv[2] if len(sys.argv) > 2 else None)
    elif command == "compile":
        compile_all()
    elif command == "set" and len(sys.argv) == 4:
        set_translations(sys.argv[2], sys.argv[3])
    elif command == "check":
        sys.exit(check())
    else:
        sys.exit(__doc__)
