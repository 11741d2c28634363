"""Template globals of the lineage panel (``lineage/_panel.html``)."""

from __future__ import annotations

from flask_login import current_user

from app.lineage import bp, chain, labels


@bp.app_template_global()
def lineage_of(obj) -> chain.Chain:
    """Where ``obj`` came from and what it became, as the reader may see it."""
    return chain.chain_of(obj, current_user)


@bp.app_template_global()
def lineage_kinds() -> tuple[tuple[str, str], ...]:
    """``(kind, heading)`` in the order a need travels."""
    return tuple((kind, str(labels.KINDS[kind])) for kind in chain.ORDER)
