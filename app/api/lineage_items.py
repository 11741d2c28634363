"""The answers of the lineage endpoints (``app/lineage/chain.py`` items as JSON)."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields


class LineageResultSchema(ma.Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    unit = fields.String(required=True)
    baseline = fields.String(required=True, metadata={"description": "decimal as a string"})
    target = fields.String(required=True)
    value = fields.String(
        allow_none=True, required=True, metadata={"description": "the latest approved value; null while none"}
    )
    measured_on = fields.String(allow_none=True, required=True, metadata={"format": "date"})


class LineageItemSchema(ma.Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    url = fields.String(allow_none=True, required=True, metadata={"description": "null: no page the reader may open"})
    status = fields.String(required=True)
    status_label = fields.String(required=True)


class LineageApplicationSchema(LineageItemSchema):
    """Only applications the reader may read, or ranked / funded ones (title and status)."""

    call_id = fields.Integer(required=True)


class LineageWorkshopSchema(LineageItemSchema):
    relation = fields.String(required=True, metadata={"enum": ["produced", "worked_on"]})


class LineageProjectSchema(LineageItemSchema):
    call_id = fields.Integer(allow_none=True, required=True)
    results = fields.List(fields.Nested(LineageResultSchema), required=True)


class MyNeedSchema(LineageItemSchema):
    city = fields.String(required=True)


class MyNeedLineageSchema(ma.Schema):
    need = fields.Nested(MyNeedSchema, required=True)
    relation = fields.String(required=True, metadata={"enum": ["posted", "supported"]})
    ideas = fields.List(fields.Nested(LineageItemSchema), required=True)
    workshops = fields.List(fields.Nested(LineageWorkshopSchema), required=True)
    calls = fields.List(fields.Nested(LineageItemSchema), required=True)
    applications = fields.List(fields.Nested(LineageApplicationSchema), required=True)
    projects = fields.List(fields.Nested(LineageProjectSchema), required=True)


class MyLineageSchema(ma.Schema):
    needs = fields.List(fields.Nested(MyNeedLineageSchema), required=True)
