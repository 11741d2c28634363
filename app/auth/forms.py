from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional

# The fields more than one form asks for, the same everywhere.


def email_field() -> EmailField:
    return EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])


def new_password_field() -> PasswordField:
    return PasswordField(_l("New password"), validators=[DataRequired(), Length(min=10, max=200)])


def city_field() -> SelectField:
    return SelectField(_l("Your city"), coerce=str, validators=[Optional()])


class LoginForm(FlaskForm):
    email = email_field()
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    remember = BooleanField(_l("Keep me signed in on this device"))


class SignupForm(FlaskForm):
    """Sign-up's boxes; what they must hold is ``app.auth.schemas.SignupSchema``'s to say."""

    name = StringField(
        _l("Name"), validators=[DataRequired()], description=_l("Shown next to what you post. A first name is enough.")
    )
    email = EmailField(_l("Email"), validators=[DataRequired()])
    password = PasswordField(_l("Password"), validators=[DataRequired()], description=_l("At least 10 characters."))
    city = city_field()
    accept_privacy = BooleanField(_l("I have read the privacy notice and agree to it"), validators=[DataRequired()])


class ResetRequestForm(FlaskForm):
    email = email_field()


class ResetPasswordForm(FlaskForm):
    password = new_password_field()
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )


class ProfileForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(min=2, max=120)])
    city = city_field()
    locale = SelectField(
        _l("Language"),
        choices=[("", _l("As my browser")), ("it", "Italiano"), ("en", "English")],
        validators=[Optional()],
    )
    email_frequency = SelectField(
        _l("Email notifications"),
        choices=[("immediately", _l("Immediately")), ("daily", _l("Daily digest")), ("never", _l("Never"))],
    )


class PasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=200)])
    new_password = new_password_field()


class TokenForm(FlaskForm):
    name = StringField(
        _l("Token name"),
        validators=[DataRequired(), Length(max=80)],
        description=_l("For example: my app, data analysis."),
    )


class DeleteAccountForm(FlaskForm):
    password = PasswordField(_l("Your password, to confirm"), validators=[DataRequired(), Length(max=200)])
    confirm = BooleanField(_l("I understand that my account will be deleted"), validators=[DataRequired()])
