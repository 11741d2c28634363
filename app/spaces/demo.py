"""Demo spaces (order 45): community hubs in buildings recovered with FESR money, libraries,
a virtual room per city, and bookings in the coming weeks. Idempotent: a space is found by
city and name, and bookings are added only to spaces that have none."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import sqlalchemy as sa
from flask import current_app

from app.cli import register_seeder
from app.extensions import db
from app.models import Booking, City, MemberRole, Membership, MemberStatus, Organisation, Role, RoleGrant, Space, User

# city slug → spaces: name, address, (lat, lng), capacity, accessible, accessibility notes,
# facilities, availability, fund, owner ("city" or "org"), kind
SPACES = {
    "bari": [
        dict(
            name="Ex Mercato coperto di Japigia – Hub di comunità",
            address="Via Peucetia 5, Bari",
            point=(41.1032, 16.8930),
            capacity=120,
            accessible=True,
            accessibility_notes="Ingresso a raso da via Peucetia, bagno accessibile al piano terra.",
            facilities=["wifi", "projector", "audio", "kitchen", "accessible_toilet", "kids"],
            availability="Lunedì–venerdì 9–21, sabato 9–13",
            fund="fesr",
            owner="city",
        ),
        dict(
            name="Ex scuola Caduti di via Fani – Casa di quartiere",
            address="Via Caduti di via Fani 12, Bari",
            point=(41.1101, 16.8812),
            capacity=60,
            accessible=True,
            accessibility_notes="Rampa sul lato del cortile; ascensore per il primo piano.",
            facilities=["wifi", "lab", "garden", "computers", "accessible_toilet"],
            availability="Martedì–sabato 10–20",
            fund="fesr",
            owner="org",
        ),
        dict(
            name="Centro polifunzionale San Paolo",
            address="Viale Lazio 32, Bari",
            point=(41.1268, 16.8021),
            capacity=40,
            accessible=False,
            accessibility_notes="Tre gradini all'ingresso; pedana mobile su richiesta.",
            facilities=["wifi", "projector", "parking"],
            availability="Lunedì–venerdì 15–20",
            fund=None,
            owner="city",
        ),
        dict(
            name="Spazio virtuale – Sala Teams del Comune",
            kind="virtual",
            link="https://teams.microsoft.com/l/meetup-join/comune-bari-partecipazione",
            capacity=250,
            accessible=True,
            accessibility_notes="Sottotitoli automatici attivabili; si partecipa anche da telefono.",
            facilities=["video_call"],
            availability="Su prenotazione, tutti i giorni 8–22",
            fund=None,
            owner="city",
        ),
    ],
    "napoli": [
        dict(
            name="Biblioteca di comunità di Scampia",
            address="Viale della Resistenza 40, Napoli",
            point=(40.8985, 14.2429),
            capacity=80,
            accessible=True,
            accessibility_notes="Tutto su un piano, percorso tattile dall'ingresso.",
            facilities=["wifi", "computers", "kids", "projector", "accessible_toilet"],
            availability="Lunedì–sabato 9–19",
            fund="fesr",
            owner="city",
        ),
        dict(
            name="Ex Lanificio del Rione Sanità – Sala polifunzionale",
            address="Via dei Cristallini 73, Napoli",
            point=(40.8596, 14.2488),
            capacity=90,
            accessible=False,
            accessibility_notes="Accesso con una scala di otto gradini; montascale in arrivo.",
            facilities=["audio", "projector", "lab"],
            availability="Mercoledì–domenica 16–23",
            fund="fesr",
            owner="org",
        ),
        dict(
            name="Spazio virtuale – Sala Teams del Comune",
            kind="virtual",
            link="https://teams.microsoft.com/l/meetup-join/comune-napoli-partecipazione",
            capacity=250,
            accessible=True,
            accessibility_notes="Sottotitoli automatici attivabili.",
            facilities=["video_call"],
            availability="Su prenotazione",
            fund=None,
            owner="city",
        ),
    ],
    "palermo": [
        dict(
            name="Ex Deposito delle locomotive di Sant'Erasmo – Spazio culturale",
            address="Via Messina Marine 14, Palermo",
            point=(38.1114, 13.3760),
            capacity=150,
            accessible=True,
            accessibility_notes="Spazi a raso, parcheggio riservato all'ingresso.",
            facilities=["audio", "projector", "garden", "parking", "accessible_toilet"],
            availability="Giovedì–domenica 10–22",
            fund="fesr",
            owner="city",
        ),
        dict(
            name="Laboratorio di quartiere ZEN",
            address="Via Girolamo Agnetta 3, Palermo",
            point=(38.1855, 13.3101),
            capacity=35,
            accessible=True,
            accessibility_notes="",
            facilities=["wifi", "lab", "kids"],
            availability="Lunedì–venerdì 9–18",
            fund="fse_plus",
            owner="org",
        ),
        dict(
            name="Spazio virtuale – Sala Teams del Comune",
            kind="virtual",
            link="https://teams.microsoft.com/l/meetup-join/comune-palermo-partecipazione",
            capacity=250,
            accessible=True,
            accessibility_notes="",
            facilities=["video_call"],
            availability="Su prenotazione",
            fund=None,
            owner="city",
        ),
    ],
    "torino": [
        dict(
            name="Bagni pubblici di via Agliè – Casa del quartiere di Barriera di Milano",
            address="Via Agliè 9, Torino",
            point=(45.0917, 7.6952),
            capacity=70,
            accessible=True,
            accessibility_notes="Ingresso a raso, bagno accessibile, anello magnetico in sala grande.",
            facilities=["wifi", "kitchen", "projector", "accessible_toilet", "kids"],
            availability="Lunedì–sabato 9–22",
            fund="fesr",
            owner="org",
        ),
        dict(
            name="Casa del quartiere di San Salvario",
            address="Via Morgari 14, Torino",
            point=(45.0557, 7.6808),
            capacity=100,
            accessible=True,
            accessibility_notes="Ascensore per la sala al primo piano.",
            facilities=["wifi", "kitchen", "garden", "audio"],
            availability="Tutti i giorni 9–23",
            fund=None,
            owner="city",
        ),
    ],
    "foggia": [
        dict(
            name="Ex Opera Nazionale Combattenti – Hub giovani del Candelaro",
            address="Via Candelaro 40, Foggia",
            point=(41.4703, 15.5302),
            capacity=50,
            accessible=True,
            accessibility_notes="Rampa e bagno accessibile.",
            facilities=["wifi", "computers", "lab", "accessible_toilet"],
            availability="Lunedì–venerdì 14–20",
            fund="fesr",
            owner="city",
        ),
        dict(
            name="Spazio virtuale – Sala Teams del Comune",
            kind="virtual",
            link="https://teams.microsoft.com/l/meetup-join/comune-foggia-partecipazione",
            capacity=250,
            accessible=True,
            accessibility_notes="",
            facilities=["video_call"],
            availability="Su prenotazione",
            fund=None,
            owner="city",
        ),
    ],
}

# (days from today, start hour, end hour, purpose)
BOOKINGS = [
    (1, 17, 19, "Prove del coro di quartiere"),
    (2, 10, 12, "Sportello orientamento al lavoro per giovani NEET"),
    (3, 18, 20, "Assemblea del comitato di quartiere"),
    (6, 9, 13, "Corso di italiano per donne straniere"),
    (8, 16, 18, "Doposcuola e laboratorio di lettura"),
]


def _city_actor(city: City) -> User | None:
    """Someone who may register the city's spaces: a staff member of the city, else an admin."""
    staff = db.session.scalar(
        sa.select(User)
        .join(RoleGrant, RoleGrant.user_id == User.id)
        .where(RoleGrant.role == Role.STAFF, RoleGrant.city_id == city.id)
        .order_by(User.id)
        .limit(1)
    )
    if staff is not None:
        return staff
    return db.session.scalar(
        sa.select(User).join(RoleGrant, RoleGrant.user_id == User.id).where(RoleGrant.role == Role.ADMIN).limit(1)
    )


def _organisation_for(city: City) -> Organisation | None:
    """An organisation of the city to own a space: the demo organisation account's first."""
    org_user = db.session.scalar(sa.select(User).where(User.email == "org@demo.cantiere.local"))
    if org_user is not None:
        owned = db.session.scalar(
            sa.select(Organisation)
            .join(Membership, Membership.organisation_id == Organisation.id)
            .where(
                Organisation.city_id == city.id,
                Membership.user_id == org_user.id,
                Membership.status == MemberStatus.ACTIVE,
                Membership.role == MemberRole.OWNER,
            )
            .order_by(Organisation.id)
            .limit(1)
        )
        if owned is not None:
            return owned
    return db.session.scalar(
        sa.select(Organisation).where(Organisation.city_id == city.id).order_by(Organisation.id).limit(1)
    )


def _book_demo_slots(space: Space, actor: User) -> int:
    from app.spaces import services

    if db.session.scalar(sa.select(Booking.id).where(Booking.space_id == space.id).limit(1)):
        return 0
    tz = services.local_timezone()
    today = datetime.now(tz).date()
    count = 0
    for days, start, end, purpose in BOOKINGS[: 3 if space.kind.value == "virtual" else len(BOOKINGS)]:
        day = today + timedelta(days=days)
        starts_at = datetime.combine(day, time(start), tzinfo=tz)
        ends_at = datetime.combine(day, time(end), tzinfo=tz)
        services.book_space(actor, space, starts_at, ends_at, purpose=purpose)
        count += 1
    return count


def seed_spaces(progress) -> None:
    from app.spaces import services

    with current_app.test_request_context("/"):  # messages are translated as in a request
        created = bookings = 0
        without_org = []
        for slug, spaces in SPACES.items():
            city = db.session.scalar(sa.select(City).where(City.slug == slug))
            actor = city and _city_actor(city)
            if city is None or actor is None:
                continue
            for spec in spaces:
                space = db.session.scalar(sa.select(Space).where(Space.city_id == city.id, Space.name == spec["name"]))
                if space is None:
                    owner = "city"
                    if spec["owner"] == "org":
                        organisation = _organisation_for(city)
                        if organisation is not None:
                            owner = f"org:{organisation.id}"
                        else:
                            without_org.append(spec["name"])
                    lat, lng = spec.get("point", (None, None))
                    space = services.create_space(
                        actor,
                        city,
                        {
                            "name": spec["name"],
                            "kind": spec.get("kind", "physical"),
                            "address": spec.get("address", ""),
                            "link": spec.get("link", ""),
                            "lat": lat,
                            "lng": lng,
                            "capacity": spec["capacity"],
                            "accessible": spec["accessible"],
                            "accessibility_notes": spec["accessibility_notes"],
                            "facilities": spec["facilities"],
                            "availability": spec["availability"],
                            "recovered_with": spec["fund"],
                            "owner": owner,
                        },
                    )
                    created += 1
                bookings += _book_demo_slots(space, actor)
        progress(f"{created} spaces, {bookings} bookings")
        if without_org:
            progress(f"no organisation yet: owned by the city instead: {', '.join(without_org)}")


register_seeder(45, "spaces and bookings", seed_spaces)
