"""``/api/v1/organizations``: the public directory of organisations (US spelling in URLs, as
in ``shared/API.md``), filtered by city, legal form, target area, field and a search."""

from __future__ import annotations

import marshmallow as ma
from flask import url_for
from flask_smorest import Blueprint
from marshmallow import fields, validate

from app.api import RESOURCES
from app.api.body import city_from
from app.api.schemas import PageArgsSchema, answers, page_schema, paginate
from app.models import LegalForm, Organisation
from app.organisations import labels, queries
from app.permissions import public
from app.schemas import Id

blp = Blueprint("api_organizations", __name__, url_prefix="/organizations", description="Organizations")
RESOURCES.append(blp)

FORMS = [form.value for form in LegalForm]


class OrganisationAreaSchema(ma.Schema):
    id = fields.Integer()
    slug = fields.String()
    name = fields.String()


class OrganisationSchema(ma.Schema):
    id = fields.Integer()
    name = fields.String()
    city = fields.Function(lambda o: o.city.slug, metadata={"description": "city slug"})
    legal_form = fields.Function(lambda o: o.legal_form.value, metadata={"enum": FORMS})
    third_sector = fields.Boolean(metadata={"description": "follows from legal form and RUNTS registration"})
    verified = fields.Boolean(metadata={"description": "verified by staff of the city"})
    verified_at = fields.DateTime(allow_none=True)
    tax_code = fields.String(metadata={"description": "codice fiscale or partita IVA, 11 digits"})
    runts_number = fields.String(allow_none=True)
    description = fields.String(metadata={"description": "limited Markdown as written"})
    description_html = fields.String(metadata={"description": "sanitised HTML rendering of the description"})
    website = fields.String()
    email = fields.String()
    phone = fields.String()
    areas = fields.List(fields.Nested(OrganisationAreaSchema), metadata={"description": "target areas of activity"})
    fields_of_activity = fields.Function(
        lambda o: list(o.fields or []), metadata={"description": "slugs: " + ", ".join(labels.FIELDS)}
    )
    created_at = fields.DateTime()
    url = fields.Function(lambda o: url_for("organisations.detail", organisation_id=o.id, _external=True))


OrganisationPage = page_schema(OrganisationSchema, "OrganisationPage")


class OrganisationArgsSchema(PageArgsSchema):
    city = fields.String(load_default=None, validate=validate.Length(max=60), metadata={"description": "city slug"})
    form = fields.String(load_default=None, validate=validate.OneOf(FORMS), metadata={"description": "legal form"})
    area = Id(load_default=None, metadata={"description": "area id"})
    field = fields.String(load_default=None, validate=validate.OneOf(list(labels.FIELDS)))
    verified = fields.Boolean(load_default=None)
    third_sector = fields.Boolean(load_default=None)
    q = fields.String(
        load_default="", validate=validate.Length(max=100), metadata={"description": "search in name and description"}
    )


@blp.route("", methods=["GET"])
@answers(blp, OrganisationPage, 422, query=OrganisationArgsSchema)
@public
def list_organisations(args):
    """Organisations, filtered and paginated (by name)."""
    city = city_from(args["city"]) if args["city"] else None
    filters = queries.Filters(
        city_id=city.id if city else None,
        form=LegalForm(args["form"]) if args["form"] else None,
        area_id=args["area"],
        field=args["field"],
        verified=args["verified"],
        third_sector=args["third_sector"],
        q=args["q"].strip(),
    )
    return paginate(queries.organisations_select(filters), args)


@blp.route("/<int:organisation_id>", methods=["GET"])
@answers(blp, OrganisationSchema, 404)
@public
def get_organisation(organisation_id):
    """One organisation."""
    return queries.get_or_404(Organisation, organisation_id)
