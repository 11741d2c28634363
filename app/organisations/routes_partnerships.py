"""Partnership actions: start one around an idea, invite and withdraw partners, answer an
invitation. Forms come from the partnership page, the idea page (the partnership panel) and
"my invitations"; each returns to ``next`` when it is a local path."""

from __future__ import annotations

from flask import flash, redirect
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import Conflict, InvalidInput
from app.models import Idea, Organisation, Partner, Partnership, PartnerStatus
from app.organisations import bp, partnerships, queries
from app.organisations.forms import AnswerForm, InvitePartnerForm, StartPartnershipForm
from app.organisations.routes import flash_errors, render_partnership
from app.permissions import object_permission, require
from app.web import form_data, safe_next, submit_form


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
        flash_errors(error=error)
        return redirect(safe_next("organisations.mine"))
    flash(_("The partnership is started: now invite its partners."), "success")
    return redirect(safe_next("organisations.partnership", partnership_id=partnership.id))


@bp.route("/partnerships/<int:partnership_id>/partners", methods=["POST"])
@object_permission("owner of the lead organisation")
def invite_partner(partnership_id):
    partnership = queries.get_or_404(Partnership, partnership_id)
    require(partnership.can_invite(current_user))
    form = InvitePartnerForm()
    submission = submit_form(form, lambda: partnerships.invite_partner(current_user, partnership, form_data(form)))
    if submission.done:
        flash(_("%(name)s is invited; its owners are notified.", name=submission.value.organisation.name), "success")
        return redirect(safe_next("organisations.partnership", partnership_id=partnership.id))
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
        flash_errors(error=error)
    else:
        flash(_("The invitation of %(name)s is withdrawn.", name=partner.organisation.name), "info")
    return redirect(safe_next("organisations.partnership", partnership_id=partnership.id))


@bp.route("/partners/<int:partner_id>/answer", methods=["POST"])
@object_permission("owner of the invited organisation")
def answer_partner(partner_id):
    partner = queries.get_or_404(Partner, partner_id)
    require(partner.can_answer(current_user))
    form = AnswerForm()
    try:
        submission = submit_form(form, lambda: partnerships.answer_partner(current_user, partner, form_data(form)))
    except Conflict as error:
        flash(error.message, "warning")
        return redirect(safe_next("organisations.partnership", partnership_id=partner.partnership_id))
    if not submission.done:
        flash_errors(form)
        return redirect(safe_next("organisations.invitations"))
    if partner.status is PartnerStatus.ACCEPTED:
        flash(_("%(name)s is now a partner.", name=partner.organisation.name), "success")
    else:
        flash(_("The invitation is declined."), "info")
    return redirect(safe_next("organisations.partnership", partnership_id=partner.partnership_id))
