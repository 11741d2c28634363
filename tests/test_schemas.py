"""The input-schema base (app/schemas.py): what every feature's schema is built from."""

import enum

import pytest

from app.errors import InvalidInput
from app.schemas import MAX_INT, Choice, Flag, Id, Ids, InputSchema, Int, Text, load


class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Sample(InputSchema):
    title = Text(min=3, max=10, required=True)
    note = Text(max=5)
    count = Int(min=1, max=1000, allow_none=True, load_default=None)
    area = Id(allow_none=True, load_default=None)
    ids = Ids()
    colour = Choice(Colour, load_default=Colour.RED)
    public = Flag()


def test_trims_and_defaults(app):
    with app.test_request_context():
        data = load(Sample, {"title": "  Orti  "})
    assert data == {
        "title": "Orti",
        "note": "",
        "count": None,
        "area": None,
        "ids": [],
        "colour": Colour.RED,
        "public": False,
    }


@pytest.mark.parametrize(
    "body, field",
    [
        ({"title": "ab"}, "title"),
        ({"title": "x" * 11}, "title"),
        ({}, "title"),
        ({"title": "Orti", "count": 0}, "count"),
        ({"title": "Orti", "count": True}, "count"),
        ({"title": "Orti", "count": 1.5}, "count"),
        ({"title": "Orti", "area": 2**63}, "area"),
        ({"title": "Orti", "area": str(10**40)}, "area"),
        ({"title": "Orti", "ids": [1, 2**64]}, "ids.1"),
        ({"title": "Orti", "colour": "green"}, "colour"),
        ({"title": "Orti", "extra": 1}, "extra"),
    ],
)
def test_errors_name_the_field(app, body, field):
    with app.test_request_context(), pytest.raises(InvalidInput) as caught:
        load(Sample, body)
    assert field in caught.value.fields


def test_form_values_load(app):
    """WTForms sends '' for an empty number box and enum values as strings."""
    with app.test_request_context():
        data = load(Sample, {"title": "Orti", "count": "", "area": "7", "colour": "blue", "public": True})
    assert data["count"] is None and data["area"] == 7 and data["colour"] is Colour.BLUE and data["public"]
    assert MAX_INT == 2**31 - 1


def test_messages_are_translated(app):
    with app.test_request_context(headers={"Accept-Language": "it"}), pytest.raises(InvalidInput) as caught:
        load(Sample, {"title": "ab"})
    assert caught.value.fields["title"] == ["Scrivi almeno 3 caratteri."]
