"""The demo steps of spaces and accompaniment: realistic spaces with
bookings in every demo city, tracks at different readiness where there is something to
accompany, and nothing doubled when run again."""

from __future__ import annotations

import sqlalchemy as sa

from app.demo import accompaniment, foundation
from app.demo import spaces as demo_spaces
from app.extensions import db
from app.models import AccompanimentTrack, Booking, ChecklistTemplateItem, City, Fund, Space, SpaceKind, User
from tests.factories import ideas as fi
from tests.factories import organisations as fo


def _counts():
    return tuple(
        db.session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in (Space, Booking, AccompanimentTrack, ChecklistTemplateItem)
    )


def test_demo_spaces_and_tracks(client, db):
    messages = []
    foundation.seed(messages.append)
    bari = db.session.scalar(sa.select(City).where(City.slug == "bari"))
    napoli = db.session.scalar(sa.select(City).where(City.slug == "napoli"))
    org_user = db.session.scalar(sa.select(User).where(User.email == "org@demo.cantiere.local"))
    resident = db.session.scalar(sa.select(User).where(User.email == "resident@demo.cantiere.local"))
    for n in range(4):
        fo.create_organisation(bari, name=f"APS Bari {n}", owner=org_user if n == 0 else None)
    fo.create_organisation(napoli, name="Cooperativa Scampia")
    fi.create_idea(bari, resident, title="Orto condiviso a Japigia")
    db.session.commit()

    demo_spaces.seed(messages.append)
    accompaniment.seed(messages.append)
    db.session.commit()
    first = _counts()
    demo_spaces.seed(messages.append)
    accompaniment.seed(messages.append)
    db.session.commit()
    assert _counts() == first, "the demo steps must be idempotent"

    names = set(db.session.scalars(sa.select(Space.name)))
    for name in (
        "Ex Mercato coperto di Japigia – Hub di comunità",
        "Ex scuola Caduti di via Fani – Casa di quartiere",
        "Biblioteca di comunità di Scampia",
        "Spazio virtuale – Sala Teams del Comune",
    ):
        assert name in names
    for city in db.session.scalars(sa.select(City)):
        spaces = db.session.scalars(sa.select(Space).where(Space.city_id == city.id)).all()
        assert len(spaces) >= 2, city.slug
        assert any(s.recovered_with is Fund.FESR for s in spaces), city.slug
    fani = db.session.scalar(sa.select(Space).where(Space.name.startswith("Ex scuola Caduti")))
    assert fani.owner_organisation_id is not None  # owned by the demo organisation account's APS
    virtual = db.session.scalar(sa.select(Space).where(Space.kind == SpaceKind.VIRTUAL, Space.city_id == bari.id))
    assert virtual.link.startswith("https://") and virtual.lat is None
    assert first[1] >= 20  # bookings

    tracks = db.session.scalars(sa.select(AccompanimentTrack).where(AccompanimentTrack.city_id == bari.id)).all()
    assert len(tracks) == 5  # four organisations and the idea
    assert len({t.readiness for t in tracks}) >= 4, "tracks at different readiness"
    assert any(t.closed_at for t in tracks) and all(t.sessions for t in tracks)
    assert db.session.scalar(sa.select(AccompanimentTrack).where(AccompanimentTrack.city_id == napoli.id))
    # Palermo has no facilitator and nothing to accompany: the checklist only, and it is said.
    assert any("Palermo" in m for m in messages)
    assert (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(ChecklistTemplateItem)
            .where(ChecklistTemplateItem.city_id == bari.id)
        )
        == 6
    )

    # The demo accounts see what they should.
    mine = next(t for t in tracks if t.organisation and t.organisation.name == "APS Bari 0")

    client.post("/login", data={"email": "org@demo.cantiere.local", "password": "cantiere-demo"})
    assert client.get(f"/accompaniment/{mine.id}").status_code == 200
    assert client.get(f"/spaces/{fani.id}").status_code == 200
