"""The filters of the lists of calls (a city's and all cities'): the form's choices, and the
query arguments a visitor gave turned into ``queries.calls_select`` arguments. Anything that
is not one of the choices (a typo, an old link, a number beyond any id) is left out and said
so, never an error."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from app.calls import labels
from app.calls.forms import CallFilterForm
from app.extensions import db
from app.models import Area, City
from app.models.call import CallKind, CallStatus, CohesionFund
from app.web import city_choices

#: The query arguments the lists read, and the ones they pass on to the next pages.
NAMES = ("city", "status", "kind", "fund", "area")


def _area_choices(city: City | None) -> list[tuple[str, str]]:
    if city is None:
        return []
    areas = db.session.scalars(sa.select(Area).where(Area.city_id == city.id).order_by(Area.name))
    return [(str(a.id), a.name) for a in areas]


def _status_choices(user, city: City | None) -> list[tuple[str, str]]:
    drafts = city is not None and user.is_staff_of(city)
    return [(s.value, str(label)) for s, label in labels.STATUSES.items() if drafts or s is not CallStatus.DRAFT]


def filter_form(args, user, city: City | None, *, cross_city: bool) -> tuple[CallFilterForm, dict, dict]:
    """The form filled from ``args``, the ``calls_select`` arguments, and the query
    arguments kept (for the pages' links). ``city`` is the list's city, or on the list of
    all cities the one chosen (its areas become a filter)."""
    form = CallFilterForm(args)
    form.city.choices = city_choices(_("All cities"))
    form.status.choices = [("", _("Any status")), *_status_choices(user, city)]
    form.kind.choices = [("", _("Any kind")), *((k.value, str(v)) for k, v in labels.KINDS.items())]
    form.fund.choices = [("", _("Any fund")), *((f.value, f.value) for f in CohesionFund)]
    form.area.choices = [("", _("Any area")), *_area_choices(city)]
    if not cross_city:
        del form.city
    kept: dict[str, str] = {}
    for name in NAMES:
        box = getattr(form, name, None)
        if box is None or not box.data:
            continue
        if box.data in {value for value, _label in box.choices}:
            kept[name] = box.data
        else:
            box.errors = [_("This choice is not available: it is ignored.")]
            box.data = ""
    wanted = {
        "city_id": city.id if city is not None else None,
        "status": CallStatus(kept["status"]) if "status" in kept else None,
        "kind": CallKind(kept["kind"]) if "kind" in kept else None,
        "fund": CohesionFund(kept["fund"]) if "fund" in kept else None,
        "area_id": int(kept["area"]) if "area" in kept else None,
    }
    return form, wanted, kept
