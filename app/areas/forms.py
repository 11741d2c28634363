from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import FieldList, Form, FormField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

BLANK_INDICATOR_ROWS = 3


class IndicatorForm(Form):
    """One indicator row; blank rows are ignored, the service checks the values."""

    name = StringField(_l("Indicator"), validators=[Optional(), Length(max=120)])
    value = StringField(_l("Value"), validators=[Optional(), Length(max=30)])
    unit = StringField(_l("Unit"), validators=[Optional(), Length(max=20)])
    year = StringField(_l("Year"), validators=[Optional(), Length(max=4)])
    source = StringField(_l("Source"), validators=[Optional(), Length(max=200)])


class AreaForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(min=2, max=120)])
    description = TextAreaField(
        _l("Description"),
        validators=[Optional(), Length(max=5000)],
        description=_l("Why this area was chosen and what it is like."),
    )
    funding_intensity = StringField(
        _l("Funding intensity (%)"),
        validators=[DataRequired()],
        description=_l("The maximum share of eligible costs a grant may cover here, e.g. 100 or 80."),
    )
    geometry = TextAreaField(
        _l("Boundary (GeoJSON)"),
        validators=[Optional()],
        description=_l(
            "Draw the area on the map, or paste a GeoJSON Polygon or MultiPolygon (longitude, latitude in WGS84)."
        ),
    )
    geojson_file = FileField(_l("…or upload a GeoJSON file"), validators=[Optional()])
    indicators = FieldList(FormField(IndicatorForm), min_entries=1, max_entries=30)


class DeleteAreaForm(FlaskForm):
    """Only the CSRF token: the button confirms."""
