from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Optional

from app.models import Role

ROLE_LABELS = {
    Role.STAFF: _l("City staff"),
    Role.EVALUATOR: _l("Evaluator"),
    Role.FACILITATOR: _l("Facilitator"),
    Role.AUTHORITY: _l("Managing authority"),
    Role.ADMIN: _l("Administrator"),
}


class GrantRoleForm(FlaskForm):
    role = SelectField(
        _l("Role"), choices=[(r.value, label) for r, label in ROLE_LABELS.items()], validators=[DataRequired()]
    )
    city = SelectField(
        _l("City"), validators=[Optional()], description=_l("Required for staff, evaluator and facilitator.")
    )
    department = StringField(
        _l("Department"),
        validators=[Optional()],
        description=_l(
            "Staff only, optional: the department (settore) they work in, e.g. “Settore Welfare”. "
            "Staff of a department edit the calls it owns or co-owns; without one, every call of the city."
        ),
    )
