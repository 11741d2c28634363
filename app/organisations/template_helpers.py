"""What templates (ours and other features') use: the partnership panel of an idea page,
the words of organisations, the city page's links, the ``partnership:<id>`` live topic."""

from __future__ import annotations

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db
from app.models import Partnership, PartnerStatus
from app.organisations import bp, labels, queries
from app.organisations.forms import AnswerForm, InvitePartnerForm, StartPartnershipForm
from app.organisations.partnerships import accepted_total
from app.web import ConfirmForm


def city_section(city) -> list[tuple[str, str]]:
    return [
        (_("Organisations"), url_for("organisations.directory", city=city.slug)),
        (_("Partner network"), url_for("organisations.network_page", city=city.slug)),
    ]


def partnership_topic_exists(key: str) -> bool:
    return key.isdigit() and db.session.scalar(sa.select(Partnership.id).where(Partnership.id == int(key))) is not None


def partnership_view(partnership: Partnership, user) -> dict:
    """What a page shows of a partnership, and what ``user`` may do in it."""
    partners = queries.visible_partners(partnership, show_all=partnership.can_lead(user))
    return {
        "partnership": partnership,
        "partners": partners,
        "accepted_count": sum(1 for p in partnership.partners if p.status is PartnerStatus.ACCEPTED),
        "total": accepted_total(partnership),
        "confirm_form": ConfirmForm(),
        "answer_form": AnswerForm(),
    }


def partnership_panel(idea) -> dict:
    """The partnership of ``idea`` for ``organisations/_partnership_for_idea.html``: its
    partners and total, the lead's invite form, or the form to start one."""
    partnership = queries.partnership_of_idea(idea.id)
    if partnership is not None:
        view = partnership_view(partnership, current_user)
        if partnership.can_invite(current_user):
            form = InvitePartnerForm()
            candidates = queries.candidate_partners(partnership, limit=200)
            form.organisation.choices = [(o.id, o.name) for o in candidates]
            view["invite_form"] = form
        return view
    leads = queries.owned_organisations(current_user, idea.city_id)
    start_form = None
    if leads and not idea.hidden:
        start_form = StartPartnershipForm()
        start_form.idea_id.data = idea.id
        start_form.lead.choices = [(o.id, o.name) for o in leads]
    return {"partnership": None, "start_form": start_form}


@bp.record_once
def _register_globals(state) -> None:
    """Globals rather than a context processor, so that imported macros see them too."""
    state.app.jinja_env.globals.update(partnership_panel=partnership_panel, **labels.template_globals())
