from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Optional

# The boxes of the account's forms; what they must hold is app.auth.schemas' to say (the
# services load those schemas), so no limit is written here.

# The fields more than one form asks for, the same everywhere.


def email_field() -> EmailField:
    return EmailField(_l("Email"), validators=[DataRequired()])


def new_password_field() -> PasswordField:
    return PasswordField(_l("New password"), validators=[DataRequired()])


def city_field() -> SelectField:
    return SelectField(_l("Your city"), coerce=str, validators=[Optional()])


class LoginForm(FlaskForm):
    email = email_field()
    password = PasswordField(_l("Password"), validators=[DataRequired()])
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
    name = StringField(_l("Name"), validators=[DataRequired()])
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
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    new_password = new_password_field()


class TokenForm(FlaskForm):
    name = StringField(
        _l("Token name"),
        validators=[DataRequired()],
        description=_l("For example: my app, data analysis."),
    )


class DeleteAccountForm(FlaskForm):
    password = PasswordField(_l("Your password, to confirm"), validators=[DataRequired()])
    confirm = BooleanField(_l("I understand that my account will be deleted"), validators=[DataRequired()])
