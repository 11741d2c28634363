"""Sign-up, sign-in, sign-out, password reset, profile, tokens, data export and deletion."""

from __future__ import annotations

import json

import sqlalchemy as sa
from flask import Response, current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from app.auth import bp, services
from app.auth.forms import (
    DeleteAccountForm,
    LoginForm,
    PasswordForm,
    ProfileForm,
    ResetPasswordForm,
    ResetRequestForm,
    SignupForm,
    TokenForm,
)
from app.errors import InvalidInput, RateLimited
from app.extensions import db, limiter
from app.models import ApiToken
from app.permissions import anonymous_only, login_required, public
from app.web import apply_errors, city_by_slug, city_choices, form_data, safe_next, submit_form


def _sign_in(user, remember: bool = False) -> None:
    session.permanent = True  # the idle timeout applies
    login_user(user, remember=remember)


@bp.route("/login", methods=["GET", "POST"])
@anonymous_only
def login():
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data)
        except RateLimited as error:
            flash(error.message, "danger")
            status = 429
        except InvalidInput as error:
            apply_errors(form, error)
            status = 422
        else:
            _sign_in(user, form.remember.data)
            flash(_("Welcome back, %(name)s.", name=user.name), "success")
            return redirect(safe_next())
    elif form.is_submitted():
        status = 422
    return render_template("auth/login.html", form=form), status


@bp.route("/signup", methods=["GET", "POST"])
@anonymous_only
@limiter.limit(lambda: current_app.config["RATELIMIT_SIGNUP"], methods=["POST"])
def signup():
    form = SignupForm()
    form.city.choices = city_choices(_("— choose —"))
    done = submit_form(form, lambda: services.register_user(form_data(form), locale=session.get("lang")))
    if done.done:
        _sign_in(done.value)
        flash(_("Your account is ready. Welcome to Cantiere!"), "success")
        return redirect(safe_next())
    status = done.status
    return render_template("auth/signup.html", form=form), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("main.home"))


@bp.route("/password/reset", methods=["GET", "POST"])
@public
@limiter.limit("10/hour", methods=["POST"])
def reset_request():
    form = ResetRequestForm()
    done = submit_form(form, lambda: services.request_password_reset(form.email.data))
    if done.done:
        flash(_("If an account exists for that address, we have sent it a link to choose a new password."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_request.html", form=form), done.status


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@public
def reset_password(token):
    if services.user_for_reset_token(token) is None:
        flash(_("This link is invalid or has expired. Ask for a new one."), "danger")
        return redirect(url_for("auth.reset_request"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(token, form.password.data)
        except InvalidInput as error:
            apply_errors(form, error)
        else:
            logout_user()
            flash(_("Your password is changed. Sign in with the new one."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form), (422 if form.is_submitted() else 200)


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=None if _submitted() else _profile_data())
    form.city.choices = city_choices(_("— none —"))
    if form.validate_on_submit():
        try:
            services.update_profile(
                current_user,
                name=form.name.data,
                city=city_by_slug(form.city.data),
                locale=form.locale.data,
                email_frequency=form.email_frequency.data,
            )
        except InvalidInput as error:
            apply_errors(form, error)
        else:
            if form.locale.data:
                session["lang"] = form.locale.data
            flash(_("Your profile is saved."), "success")
            return redirect(url_for("auth.profile"))
    tokens = db.session.scalars(
        sa.select(ApiToken).where(ApiToken.user_id == current_user.id).order_by(ApiToken.created_at.desc())
    ).all()
    return render_template(
        "auth/profile.html",
        form=form,
        password_form=PasswordForm(),
        token_form=TokenForm(),
        delete_form=DeleteAccountForm(),
        tokens=tokens,
        new_secret=session.pop("new_token_secret", None),
    ), (422 if form.errors else 200)


def _submitted() -> bool:
    from flask import request

    return request.method == "POST"


def _profile_data():
    class Data:
        name = current_user.name
        city = current_user.city.slug if current_user.city else ""
        locale = current_user.locale or ""
        email_frequency = current_user.email_frequency.value

    return Data()


def _flash_all(fields: dict) -> None:
    """The messages of a form posted from the profile page, shown there after the redirect."""
    for messages in fields.values():
        for message in messages:
            flash(message, "danger")


@bp.route("/profile/password", methods=["POST"])
@login_required
def change_password():
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data, form.new_password.data)
        except InvalidInput as error:
            _flash_all(error.fields)
        else:
            _sign_in(current_user._get_current_object())  # the nonce rotated: keep this session, end the others
            flash(_("Your password is changed; other devices are signed out."), "success")
    else:
        _flash_all(form.errors)
    return redirect(url_for("auth.profile") + "#password")


@bp.route("/profile/tokens", methods=["POST"])
@login_required
def create_token():
    form = TokenForm()
    if form.validate_on_submit():
        try:
            _token, secret = services.create_token(current_user, form.name.data)
        except InvalidInput as error:
            _flash_all(error.fields)
        else:
            session["new_token_secret"] = secret
            flash(_("Your new token is shown below once: copy it now."), "success")
    else:
        flash(_("Give the token a name of at most 80 characters."), "danger")
    return redirect(url_for("auth.profile") + "#tokens")


@bp.route("/profile/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke_token(token_id):
    services.revoke_token(current_user, token_id)
    flash(_("The token is revoked."), "info")
    return redirect(url_for("auth.profile") + "#tokens")


@bp.route("/profile/export.json")
@login_required
def export_data():
    data = services.export_user_data(current_user)
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        mimetype="application/json",
        headers={"Content-Disposition": "attachment; filename=cantiere-my-data.json"},
    )


@bp.route("/profile/delete", methods=["POST"])
@login_required
def delete_account():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            services.delete_account(current_user, form.password.data)
        except InvalidInput as error:
            _flash_all(error.fields)
        else:
            logout_user()
            flash(_("Your account is deleted. What you posted stays, without your name."), "info")
            return redirect(url_for("main.home"))
    else:
        flash(_("Confirm with your password and tick the box to delete your account."), "danger")
    return redirect(url_for("auth.profile") + "#delete")
