from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import FieldList, Form, FormField, StringField, TextAreaField
from wtforms.validators import Optional

BLANK_INDICATOR_ROWS = 3


class IndicatorForm(Form):
    """One indicator row; blank rows are ignored, ``IndicatorInput`` checks the values."""

    name = StringField(_l("Indicator"))
    value = StringField(_l("Value"))
    unit = StringField(_l("Unit"))
    year = StringField(_l("Year"))
    source = StringField(_l("Source"))


class AreaForm(FlaskForm):
    name = StringField(_l("Name"))
    description = TextAreaField(
        _l("Description"),
        description=_l("Why this area was chosen and what it is like."),
    )
    funding_intensity = StringField(
        _l("Funding intensity (%)"),
        description=_l("The maximum share of eligible costs a grant may cover here, e.g. 100 or 80."),
    )
    geometry = TextAreaField(
        _l("Boundary (GeoJSON)"),
        description=_l(
            "Draw the area on the map, or paste a GeoJSON Polygon or MultiPolygon (longitude, latitude in WGS84)."
        ),
    )
    geojson_file = FileField(_l("…or upload a GeoJSON file"), validators=[Optional()])
    indicators = FieldList(FormField(IndicatorForm), min_entries=1, max_entries=30)
