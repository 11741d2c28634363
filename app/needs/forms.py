from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional


class NeedForm(FlaskForm):
    """Posting or editing a need; the limits are :class:`app.needs.schemas.NeedInput`'s."""

    title = StringField(
        _l("Title"),
        description=_l("In a few words: what is missing or what is wrong (5 to 140 characters)."),
    )
    body = TextAreaField(
        _l("Describe the need"),
        description=_l(
            "Where, who is affected, since when. You can use simple formatting: **bold**, *italics*, lists, links."
        ),
    )
    category = SelectField(_l("Category"), validate_choice=False)
    photo = FileField(
        _l("Photo (optional)"),
        description=_l(
            "JPEG, PNG or WebP, at most 5 MB. We remove the position and every other data stored in the file."
        ),
    )
    remove_photo = BooleanField(_l("Remove the current photo"))
    lat = StringField(_l("Latitude"))
    lng = StringField(_l("Longitude"))
    area = SelectField(
        _l("Target area"),
        validate_choice=False,
        description=_l("Only when you do not place a point: the point decides the area."),
    )


class NeedFilterForm(FlaskForm):
    """The list's filters (GET, no CSRF)."""

    class Meta:
        csrf = False

    q = StringField(_l("Search"), validators=[Optional(), Length(max=200)])
    area = SelectField(_l("Area"), validators=[Optional()])
    category = SelectField(_l("Category"), validators=[Optional()])
    status = SelectField(_l("Status"), validators=[Optional()])
    sort = SelectField(_l("Order"), validators=[Optional()])
