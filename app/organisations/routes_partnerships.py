"""Partnership actions: start one around an idea, invite and withdraw partners, answer an
invitation. Forms come from the partnership page, the idea page (the partnership panel) and
"my invitations"; each returns to ``next`` when it is a local path."""

from __future__ import annotations

from flask import flash, redirect
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import Conflict, InvalidInput
from app.models import Idea, Organisation, Partner, Partnership
from app.organisations import bp, partnerships, queries
from app.organisations.forms import AnswerForm, InvitePartnerForm, StartPartnershipForm
from app.organisations.routes import render_partnership
from app.permissions import object_permission, require
from app.web import apply_errors, safe_next


def _flash_error(error) -> None:
    fields = getattr(error, "fields", None) or {}
    for message in [m for ms in fields.values() for m in ms] or [error.message]:
        flash(message, "danger")


@bp.route("/partnerships", methods=["POST"])
@object_permission("owner of the lead organisation")
def start_partnership():
    form = StartPartnershipForm()
    if not form.validate_on_submit():
        flash(_("Choose the idea and the lead organisation."), "danger")
        return redirect(safe_next("organisations.mine"))
    idea = queries.get_or_404(Idea, form.idea_id.data)
    lead = queries.get_or_404(Organisation, form.lead.data)
    require(lead.can_act_for(current_user))
    try:
        partnership = partnerships.start_partnership(current_user, idea, lead)
    except (InvalidInput, Conflict) as error:
        _flash_error(error)
        return redirect(safe_next("organisations.mine"))
    flash(_("The partnership is started: now invite its partners."), "success")
    return redirect(safe_next("organisations.partnership", partnership_id=partnership.id))


@bp.route("/partnerships/<int:partnership_id>/partners", methods=["POST"])
@object_permission("owner of the lead organisation")
def invite_partner(partnership_id):
    partnership = queries.get_or_404(Partnership, partnership_id)
    require(partnership.can_invite(current_user))
    form = InvitePartnerForm()
    if form.validate_on_submit():
        organisation = queries.get(Organisation, form.organisation.data)
        try:
            partner = partnerships.invite_partner(
                current_user,
                partnership,
                organisation,
                role=form.role.data,
                contribution_kind=form.contribution_kind.data,
                contribution_value=form.contribution_value.data,
                contribution_note=form.contribution_note.data,
            )
        except InvalidInput as error:
            apply_errors(form, error)
        else:
            flash(_("%(name)s is invited; its owners are notified.", name=partner.organisation.name), "success")
            return redirect(safe_next("organisations.partnership", partnership_id=partnership.id))
    elif not form.organisation.data:
        form.organisation.errors = [*form.organisation.errors, _("Choose an organisation.")]
    return render_partnership(partnership, invite_form=form, status=422)


@bp.route("/partners/<int:partner_id>/withdraw", methods=["POST"])
@object_permission("owner of the lead organisation")
def withdraw_partner(partner_id):
    partner = queries.get_or_404(Partner, partner_id)
    partnership = partner.partnership
    require(partner.can_withdraw(current_user))
    try:
        partnerships.withdraw_partner(current_user, partner)
    except InvalidInput as error:
        _flash_error(error)
    else:
        flash(_("The invitation of %(name)s is withdrawn.", name=partner.organisation.name), "info")
    return redirect(safe_next("organisations.partnership", partnership_id=partnership.id))


@bp.route("/partners/<int:partner_id>/answer", methods=["POST"])
@object_permission("owner of the invited organisation")
def answer_partner(partner_id):
    partner = queries.get_or_404(Partner, partner_id)
    require(partner.can_answer(current_user))
    form = AnswerForm()
    if not form.validate_on_submit():
        flash(_("Choose accept or decline."), "danger")
        return redirect(safe_next("organisations.invitations"))
    accept = form.answer.data == "accept"
    try:
        partnerships.answer_partner(current_user, partner, accept)
    except Conflict as error:
        flash(error.message, "warning")
    else:
        if accept:
            flash(_("%(name)s is now a partner.", name=partner.organisation.name), "success")
        else:
            flash(_("The invitation is declined."), "info")
    return redirect(safe_next("organisations.partnership", partnership_id=partner.partnership_id))
