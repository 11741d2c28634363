"""Public live topics ``need:<id>`` and ``idea:<id>`` (shared/REALTIME.md): anyone may
subscribe while the need or idea exists and is not hidden."""

from __future__ import annotations

from app import realtime
from app.extensions import db
from app.participation.targets import KINDS


def _exists(model):
    def exists(key: str) -> bool:
        if not key.isdigit() or len(key) > 12:
            return False
        item = db.session.get(model, int(key))
        return item is not None and not item.hidden

    return exists


for _kind, _model in KINDS.items():
    realtime.register_topic(_kind, _exists(_model))
