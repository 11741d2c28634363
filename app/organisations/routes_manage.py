"""Pages of signed-in people: register and edit an organisation, its members, verification
by city staff, "my organisations", "my invitations" and "find a partner"."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import InvalidInput
from app.extensions import db
from app.models import Membership, Organisation
from app.organisations import bp, queries, services
from app.organisations import members as member_services
from app.organisations.forms import AnswerForm, InviteMemberForm, MemberRoleForm, OrganisationForm, VerifyForm
from app.organisations.routes import flash_errors, search_context
from app.permissions import login_required, object_permission, require
from app.web import ConfirmForm, city_by_slug, city_choices, form_data, submit_form


def _prepare(form: OrganisationForm, city_slug: str | None):
    city = city_by_slug(city_slug)
    form.city.choices = city_choices(_("— choose —"))
    form.area_ids.choices = [(a.id, a.name) for a in queries.city_areas(city.id if city else None)]
    return city


@bp.route("/organisations/new", methods=["GET", "POST"])
@login_required
def new():
    """Register an organisation; the person registering becomes its owner. Changing the city
    and pressing "Show the areas of this city" reloads the target areas without saving."""
    form = OrganisationForm()
    if request.method == "GET":
        form.city.data = request.args.get("city") or (current_user.city.slug if current_user.city else "")
    city = _prepare(form, form.city.data)
    if "refresh" in request.form:
        return render_template("organisations/form.html", form=form, organisation=None, city=city)
    submission = submit_form(form, lambda: services.register_organisation(current_user, form_data(form)))
    if submission.done:
        organisation = submission.value
        flash(_("%(name)s is registered. City staff will verify it.", name=organisation.name), "success")
        return redirect(url_for("organisations.detail", organisation_id=organisation.id))
    return render_template("organisations/form.html", form=form, organisation=None, city=city), submission.status


def _organisation(organisation_id: int) -> Organisation:
    return queries.get_or_404(Organisation, organisation_id)


@bp.route("/organisations/<int:organisation_id>/edit", methods=["GET", "POST"])
@object_permission("member of the organisation")
def edit(organisation_id):
    organisation = _organisation(organisation_id)
    require(organisation.can_edit(current_user))
    form = OrganisationForm(obj=None if request.method == "POST" else organisation)
    if request.method == "GET":
        form.area_ids.data = [a.id for a in organisation.areas]
    form.city.data = organisation.city.slug
    _prepare(form, organisation.city.slug)
    submission = submit_form(
        form, lambda: services.update_organisation(current_user, organisation, form_data(form, "city"))
    )
    if submission.done:
        flash(_("The profile is saved."), "success")
        return redirect(url_for("organisations.detail", organisation_id=organisation.id))
    return render_template("organisations/form.html", form=form, organisation=organisation, city=organisation.city), (
        submission.status
    )


@bp.route("/organisations/<int:organisation_id>/verify", methods=["POST"])
@object_permission("staff of the organisation's city")
def verify(organisation_id):
    organisation = _organisation(organisation_id)
    require(organisation.can_verify(current_user))
    form = VerifyForm()
    verified = services.verify_organisation(
        current_user, organisation, {"verified": form.verified.data or "yes"}
    ).verified
    flash(_("The organisation is verified.") if verified else _("The verification is withdrawn."), "success")
    return redirect(url_for("organisations.detail", organisation_id=organisation.id))


# --- members ---------------------------------------------------------------------------------


@bp.route("/organisations/<int:organisation_id>/members")
@object_permission("member of the organisation")
def members(organisation_id, invite_form: InviteMemberForm | None = None, status: int = 200):
    organisation = _organisation(organisation_id)
    require(organisation.can_edit(current_user))
    rows = sorted(
        organisation.members,
        key=lambda m: (m.status.value != "active", m.role.value != "owner", (m.user.name if m.user else "").lower()),
    )
    return render_template(
        "organisations/members.html",
        organisation=organisation,
        members=rows,
        invite_form=invite_form or InviteMemberForm(),
        role_form=MemberRoleForm(),
        confirm_form=ConfirmForm(),
    ), status


@bp.route("/organisations/<int:organisation_id>/members/invite", methods=["POST"])
@object_permission("owner of the organisation")
def invite_member(organisation_id):
    organisation = _organisation(organisation_id)
    require(organisation.can_manage_members(current_user))
    form = InviteMemberForm()
    submission = submit_form(form, lambda: member_services.invite_member(current_user, organisation, form_data(form)))
    if submission.done:
        flash(_("The invitation is sent to %(email)s.", email=submission.value.invited_email), "success")
        return redirect(url_for("organisations.members", organisation_id=organisation.id))
    return members(organisation_id, invite_form=form, status=422)


def _membership(organisation_id: int, membership_id: int) -> Membership:
    return member_services.get_membership(_organisation(organisation_id), membership_id)


@bp.route("/organisations/<int:organisation_id>/members/<int:membership_id>/role", methods=["POST"])
@object_permission("owner of the organisation")
def change_role(organisation_id, membership_id):
    membership = _membership(organisation_id, membership_id)
    require(membership.organisation.can_manage_members(current_user))
    form = MemberRoleForm()
    if submit_form(form, lambda: member_services.change_member_role(current_user, membership, form_data(form))).done:
        flash(_("The role is changed."), "success")
    else:
        flash_errors(form)
    return redirect(url_for("organisations.members", organisation_id=organisation_id))


@bp.route("/organisations/<int:organisation_id>/members/<int:membership_id>/remove", methods=["POST"])
@object_permission("owner of the organisation, or the member leaving")
def remove_member(organisation_id, membership_id):
    membership = _membership(organisation_id, membership_id)
    organisation = membership.organisation
    leaving = current_user.is_self(membership.user_id)
    require(membership.can_remove(current_user))
    try:
        member_services.remove_member(current_user, membership)
    except InvalidInput as error:
        flash_errors(error=error)
        return redirect(url_for("organisations.members", organisation_id=organisation_id))
    if leaving:
        flash(_("You left %(name)s.", name=organisation.name), "info")
        return redirect(url_for("organisations.mine"))
    flash(_("Removed."), "info")
    return redirect(url_for("organisations.members", organisation_id=organisation_id))


# --- the signed-in person's pages -------------------------------------------------------------


@bp.route("/organisations/mine")
@login_required
def mine():
    return render_template(
        "organisations/mine.html",
        memberships=queries.my_memberships(current_user),
        invitation_count=len(queries.member_invitations(current_user)) + len(queries.partner_invitations(current_user)),
    )


@bp.route("/organisations/invitations")
@login_required
def invitations():
    return render_template(
        "organisations/invitations.html",
        member_invitations=queries.member_invitations(current_user),
        partner_invitations=queries.partner_invitations(current_user),
        confirm_form=ConfirmForm(),
        answer_form=AnswerForm(),
    )


def _invitation(membership_id: int) -> Membership:
    return queries.get_or_404(Membership, membership_id)


@bp.route("/organisations/invitations/<int:membership_id>/accept", methods=["POST"])
@object_permission("the invited person")
def accept_invitation(membership_id):
    membership = _invitation(membership_id)
    require(membership.can_answer(current_user))
    member_services.accept_membership(current_user, membership)
    flash(_("Welcome to %(name)s.", name=membership.organisation.name), "success")
    return redirect(url_for("organisations.detail", organisation_id=membership.organisation_id))


@bp.route("/organisations/invitations/<int:membership_id>/decline", methods=["POST"])
@object_permission("the invited person")
def decline_invitation(membership_id):
    membership = _invitation(membership_id)
    require(membership.can_answer(current_user))
    member_services.decline_membership(current_user, membership)
    flash(_("The invitation is declined."), "info")
    return redirect(url_for("organisations.invitations"))


@bp.route("/organisations/find-partner")
@login_required
def find_partner():
    """Organisations of a city, by form, area and field, that are not yet in a partnership
    with any organisation the person is a member of."""
    mine_ids = queries.my_organisation_ids(current_user)
    city = city_by_slug(request.args.get("city"))
    if city is None:
        own = queries.get(Organisation, min(mine_ids)) if mine_ids else None
        city = own.city if own else current_user.city
    filters = queries.Filters.from_args(request.args, city.id if city else None)
    filters.exclude_ids = mine_ids | queries.partnered_with(mine_ids)
    page = None
    if city is not None:
        page = db.paginate(queries.organisations_select(filters), per_page=20, max_per_page=20, error_out=False)
    return render_template(
        "organisations/find_partner.html",
        page=page,
        **search_context(city, filters),
        led=[p for p in queries.led_partnerships(current_user) if city is None or p.city_id == city.id],
        has_organisations=bool(mine_ids),
    )
