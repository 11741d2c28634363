"""Demo target areas: two to four disadvantaged neighbourhoods per demo city, drawn around
their approximate real position, with plausible indicators and funding intensities.

The boundaries are simplified outlines (irregular polygons around the neighbourhood's
centre), good enough to place needs and show a map; they are not official boundaries.
"""

from __future__ import annotations

import math
from decimal import Decimal

import sqlalchemy as sa

from app.cli import register_seeder
from app.extensions import db
from app.models import Area, AreaIndicator, City

# Radii multipliers around the centre, every 36°: an irregular decagon (never self-crossing).
_SHAPES = [
    (1.00, 0.86, 1.08, 0.94, 0.80, 1.05, 0.90, 1.10, 0.84, 0.97),
    (0.92, 1.06, 0.88, 1.00, 1.10, 0.85, 0.98, 0.90, 1.04, 0.87),
    (1.08, 0.95, 0.83, 1.02, 0.93, 1.09, 0.86, 0.96, 1.05, 0.82),
]

_SOURCES = {
    "unemployment": ("Tasso di disoccupazione", "%", 2021, "ISTAT, Censimento permanente della popolazione 2021"),
    "neet": ("Giovani NEET (15-29 anni)", "%", 2021, "ISTAT, Censimento permanente 2021, elaborazione comunale"),
    "dropout": (
        "Abbandono scolastico precoce (18-24 anni)",
        "%",
        2022,
        "Ministero dell'Istruzione e del Merito, Anagrafe nazionale degli studenti 2022",
    ),
    "income": ("Reddito imponibile medio per contribuente", "€", 2022, "MEF, Dichiarazioni IRPEF 2022 per CAP"),
    "population": ("Popolazione residente", "abitanti", 2023, "ISTAT, Bilancio demografico 2023"),
}

# city slug → areas: name, (lat, lng) centre, (lat, lng) radii in degrees, intensity,
# indicators {key: value}, description.
AREAS = {
    "bari": [
        (
            "San Paolo",
            (41.1105, 16.7985),
            (0.0085, 0.0120),
            100,
            {"unemployment": 24.8, "neet": 38.5, "dropout": 22.1, "income": 12640, "population": 27850},
            "Il quartiere più popoloso della periferia ovest, nato come grande insediamento di edilizia "
            "residenziale pubblica. Pochi servizi, molte famiglie giovani e una rete di parrocchie e "
            "associazioni molto attiva.",
        ),
        (
            "Japigia",
            (41.1040, 16.8930),
            (0.0070, 0.0105),
            80,
            {"unemployment": 18.2, "neet": 29.4, "dropout": 16.8, "income": 16210, "population": 31120},
            "Quartiere a sud-est del centro, tra la ferrovia e il mare, con ampie zone di case popolari "
            "e spazi verdi poco curati.",
        ),
        (
            "Libertà",
            (41.1225, 16.8560),
            (0.0048, 0.0068),
            80,
            {"unemployment": 21.5, "neet": 33.0, "dropout": 19.6, "income": 14380, "population": 39870},
            "Quartiere densissimo a ovest del Murattiano, con molte famiglie straniere, botteghe e "
            "l'ex Manifattura dei Tabacchi in via di recupero.",
        ),
    ],
    "napoli": [
        (
            "Scampia",
            (40.9175, 14.2380),
            (0.0090, 0.0120),
            100,
            {"unemployment": 31.6, "neet": 44.2, "dropout": 27.5, "income": 11230, "population": 36480},
            "Quartiere dell'area nord, segnato dalle Vele e da anni di abbandono; oggi è anche un "
            "laboratorio di associazionismo, sport e cultura dal basso.",
        ),
        (
            "Rione Sanità",
            (40.8600, 14.2490),
            (0.0040, 0.0060),
            80,
            {"unemployment": 27.4, "neet": 39.1, "dropout": 24.3, "income": 12880, "population": 29640},
            "Rione storico ai piedi di Capodimonte, con le catacombe restituite alla città da una "
            "cooperativa di giovani del quartiere; alta dispersione scolastica.",
        ),
        (
            "Ponticelli",
            (40.8540, 14.3420),
            (0.0070, 0.0100),
            80,
            {"unemployment": 26.1, "neet": 37.6, "dropout": 23.0, "income": 12450, "population": 51890},
            "Quartiere della periferia orientale, con grandi complessi di edilizia popolare costruiti "
            "dopo il terremoto del 1980 e pochi spazi di aggregazione.",
        ),
    ],
    "palermo": [
        (
            "ZEN - San Filippo Neri",
            (38.1935, 13.3135),
            (0.0050, 0.0070),
            100,
            {"unemployment": 38.9, "neet": 47.8, "dropout": 31.2, "income": 9870, "population": 16240},
            "Il quartiere di edilizia pubblica all'estremo nord della città, con servizi scarsi, "
            "molte abitazioni occupate e una presenza forte di scuole e associazioni di frontiera.",
        ),
        (
            "Brancaccio",
            (38.0975, 13.3905),
            (0.0060, 0.0080),
            80,
            {"unemployment": 26.3, "neet": 36.9, "dropout": 25.4, "income": 12110, "population": 29960},
            "Quartiere della periferia sud-orientale, legato alla memoria di don Pino Puglisi e al "
            "lavoro del centro di accoglienza Padre Nostro.",
        ),
        (
            "Albergheria - Ballarò",
            (38.1115, 13.3560),
            (0.0030, 0.0040),
            80,
            {"unemployment": 29.7, "neet": 40.3, "dropout": 28.6, "income": 10950, "population": 7420},
            "Il cuore antico della città intorno al mercato di Ballarò: palazzi degradati, una forte "
            "comunità di nuovi cittadini e tante iniziative di rigenerazione.",
        ),
    ],
    "torino": [
        (
            "Barriera di Milano",
            (45.0950, 7.6985),
            (0.0080, 0.0110),
            100,
            {"unemployment": 15.8, "neet": 27.9, "dropout": 17.4, "income": 16830, "population": 52310},
            "Ex borgo operaio a nord della Dora, oggi il quartiere con il reddito più basso della città "
            "e una popolazione giovane e di molte origini.",
        ),
        (
            "Aurora",
            (45.0800, 7.6895),
            (0.0040, 0.0070),
            80,
            {"unemployment": 14.2, "neet": 25.6, "dropout": 15.9, "income": 17940, "population": 39870},
            "Quartiere tra Porta Palazzo e la Dora, con ex fabbriche in trasformazione e una vivace "
            "vita di strada intorno a corso Giulio Cesare.",
        ),
        (
            "Falchera",
            (45.1295, 7.7060),
            (0.0050, 0.0070),
            80,
            {"unemployment": 17.5, "neet": 30.2, "dropout": 18.8, "income": 15760, "population": 9850},
            "Quartiere di edilizia popolare all'estremo nord, separato dal resto della città da "
            "tangenziale e ferrovia; pochi collegamenti e pochi servizi.",
        ),
    ],
    "foggia": [
        (
            "Candelaro",
            (41.4745, 15.5320),
            (0.0040, 0.0060),
            100,
            {"unemployment": 23.4, "neet": 35.8, "dropout": 21.7, "income": 11890, "population": 13960},
            "Quartiere di case popolari nella zona nord-ovest, con molte famiglie giovani, pochi spazi "
            "verdi attrezzati e una parrocchia che fa da centro di comunità.",
        ),
        (
            "Rione Martucci",
            (41.4520, 15.5560),
            (0.0030, 0.0050),
            80,
            {"unemployment": 21.1, "neet": 32.4, "dropout": 19.9, "income": 12730, "population": 6120},
            "Rione di edilizia residenziale pubblica a sud-est del centro, con edifici da riqualificare "
            "e un forte bisogno di servizi per bambini e anziani.",
        ),
    ],
}


def outline(centre: tuple[float, float], radii: tuple[float, float], shape_index: int) -> dict:
    """An irregular polygon around ``centre`` (GeoJSON, [lng, lat])."""
    lat0, lng0 = centre
    rlat, rlng = radii
    factors = _SHAPES[shape_index % len(_SHAPES)]
    ring = []
    for i, factor in enumerate(factors):
        angle = math.radians(i * 360 / len(factors))
        ring.append(
            [round(lng0 + rlng * factor * math.cos(angle), 6), round(lat0 + rlat * factor * math.sin(angle), 6)]
        )
    ring.append(list(ring[0]))
    return {"type": "Polygon", "coordinates": [ring]}


def seed_areas(progress) -> None:
    """Target areas of every demo city (idempotent: an existing area is left as it is)."""
    from app.areas.services import slugify

    added = 0
    for slug, areas in AREAS.items():
        city = db.session.scalar(sa.select(City).where(City.slug == slug))
        if city is None:
            continue
        for index, (name, centre, radii, intensity, indicators, description) in enumerate(areas):
            area_slug = slugify(name)
            if db.session.scalar(sa.select(Area.id).where(Area.city_id == city.id, Area.slug == area_slug)):
                continue
            geometry = outline(centre, radii, index)
            ring = geometry["coordinates"][0]
            lngs, lats = [p[0] for p in ring], [p[1] for p in ring]
            area = Area(
                city=city,
                name=name,
                slug=area_slug,
                description=description,
                geometry=geometry,
                min_lat=min(lats),
                max_lat=max(lats),
                min_lng=min(lngs),
                max_lng=max(lngs),
                funding_intensity=Decimal(intensity),
            )
            for position, (key, value) in enumerate(indicators.items()):
                label, unit, year, source = _SOURCES[key]
                area.indicators.append(
                    AreaIndicator(
                        position=position, name=label, value=Decimal(str(value)), unit=unit, year=year, source=source
                    )
                )
            db.session.add(area)
            added += 1
    db.session.flush()
    progress(f"{added} target areas")


register_seeder(10, "target areas", seed_areas)
