"""Demo organisations: about fifty per demo city across every legal form, with valid tax
codes, members (org@demo.cantiere.local owns a few in Bari), and partnerships around the
demo ideas forming clustered networks with a few bridges. The words (neighbourhoods,
institutions, name patterns and descriptions per demo city) are in
``data/organisations.json``. Idempotent: an organisation is known by its city and tax code,
a partnership by its idea."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

import sqlalchemy as sa

from app.demo.common import DEMO_DOMAIN, DEMO_PASSWORD, by_email, load, new_account
from app.demo.common import city as city_by_slug
from app.extensions import db
from app.models import (
    Area,
    City,
    ContributionKind,
    Idea,
    LegalForm,
    MemberRole,
    Membership,
    MemberStatus,
    Organisation,
    Partner,
    PartnerRole,
    Partnership,
    PartnerStatus,
    User,
)
from app.models.base import utcnow
from app.organisations import taxcode
from app.text import render_markdown

DATA = load("organisations")


def _by_form(mapping: dict) -> dict:
    return {LegalForm(form): value for form, value in mapping.items()}


#: Province office code (digits 8-10 of a codice fiscale numerico / partita IVA).
OFFICE_CODES = DATA["office_codes"]
PHONE_PREFIXES = DATA["phone_prefixes"]
NEIGHBOURHOODS = DATA["neighbourhoods"]
UNIVERSITIES, MUSEUMS, THEATRES = DATA["universities"], DATA["museums"], DATA["theatres"]
LIBRARIES, PUBLIC_BODIES = DATA["libraries"], DATA["public_bodies"]
SAINTS, SURNAMES, FIRST_NAMES = DATA["saints"], DATA["surnames"], DATA["first_names"]
#: Name patterns per form; {q} a neighbourhood, {c} the city, {s} a surname.
NAMES = _by_form(DATA["names"])
COUNTS = _by_form(DATA["counts"])
FIELDS_BY_FORM = _by_form(DATA["fields_by_form"])
DESCRIPTIONS = _by_form(DATA["descriptions"])
CONTRIBUTIONS = _by_form(DATA["contributions"])

ORG_ACCOUNT = f"org@{DEMO_DOMAIN}"
PEOPLE_PER_CITY = 10


def _tax_code(rng: random.Random, form: LegalForm, office: str, used: set[str]) -> str:
    """A valid 11-digit code: partita IVA (leading 0) for businesses, codice fiscale numerico
    (leading 8 for public bodies and schools, 9 for associations) otherwise."""
    lead = "0" if form is LegalForm.BUSINESS else "8" if form in _PUBLIC else "9"
    while True:
        code = taxcode.complete(lead + f"{rng.randrange(10**6):06d}" + office)
        if code not in used:
            used.add(code)
            return code


_PUBLIC = {LegalForm.SCHOOL, LegalForm.UNIVERSITY, LegalForm.PUBLIC_BODY, LegalForm.LIBRARY, LegalForm.MUSEUM}


def _specs(slug: str, city_name: str) -> list[dict]:
    """The organisations of one city: name, form, neighbourhood, description (deterministic)."""
    rng = random.Random(f"cantiere-demo-organisations-{slug}")
    hoods = NEIGHBOURHOODS[slug]
    specs: list[dict] = []

    def add(name: str, form: LegalForm, hood: str | None) -> None:
        if any(s["name"] == name for s in specs):
            return
        template = rng.choice(DESCRIPTIONS[form])
        description = template.format(q=hood or city_name, c=city_name, year=rng.randrange(1995, 2021))
        specs.append({"name": name, "form": form, "hood": hood, "description": description})

    for form, count in COUNTS.items():
        if form is LegalForm.SCHOOL:
            for i in range(count):
                hood = hoods[i % len(hoods)]
                add(f"IC {hood} {1 + i // len(hoods)} – {SAINTS[i % len(SAINTS)]}", form, hood)
            continue
        patterns = NAMES[form]
        for i in range(count):
            hood = hoods[(i * 3 + len(specs)) % len(hoods)]
            surname, other = rng.sample(SURNAMES, 2)
            name = patterns[i % len(patterns)].format(q=hood, c=city_name, s=surname, s2=other)
            add(name, form, hood if "{q}" in patterns[i % len(patterns)] else rng.choice(hoods))
    for form, names in (
        (LegalForm.UNIVERSITY, UNIVERSITIES[slug]),
        (LegalForm.MUSEUM, MUSEUMS[slug]),
        (LegalForm.THEATRE, THEATRES[slug]),
        (LegalForm.LIBRARY, [*LIBRARIES[slug], f"Biblioteca di comunità {hoods[0]}"]),
        (LegalForm.PUBLIC_BODY, PUBLIC_BODIES[slug]),
    ):
        for name in names:
            add(name, form, None if form is not LegalForm.LIBRARY or "comunità" not in name else hoods[0])
    return specs


def _people(city: City, rng: random.Random, password_hash: str) -> list[User]:
    """The demo referents of a city's organisations (password: the demo password)."""
    people = []
    for i in range(PEOPLE_PER_CITY):
        first = FIRST_NAMES[(i * 7 + len(city.slug)) % len(FIRST_NAMES)]
        last = SURNAMES[(i * 11 + len(city.slug) * 3) % len(SURNAMES)]
        email = f"referente{i + 1}.{city.slug}@{DEMO_DOMAIN}"
        people.append(by_email(email) or new_account(email, f"{first} {last}", city, password_hash))
    db.session.flush()
    return people


def _pick_areas(rng: random.Random, areas: list[Area], hood: str | None) -> list[Area]:
    if not areas:
        return []
    matching = [a for a in areas if hood and hood.lower() in a.name.lower()]
    if matching:
        return matching[:1]
    return rng.sample(areas, k=min(len(areas), rng.choice((1, 1, 2))))


def _seed_city(city: City, progress, password_hash: str) -> list[Organisation]:
    slug = city.slug
    rng = random.Random(f"cantiere-demo-members-{slug}")
    office = OFFICE_CODES[slug]
    used = set(db.session.scalars(sa.select(Organisation.tax_code).where(Organisation.city_id == city.id)))
    code_rng = random.Random(f"cantiere-demo-codes-{slug}")
    areas = db.session.scalars(sa.select(Area).where(Area.city_id == city.id).order_by(Area.id)).all()
    people = _people(city, rng, password_hash)
    staff = by_email(f"staff@{DEMO_DOMAIN}")
    org_account = by_email(ORG_ACCOUNT)
    created = 0
    organisations = []
    for index, spec in enumerate(_specs(slug, city.name)):
        code = _tax_code(code_rng, spec["form"], office, set())
        existing = db.session.scalar(
            sa.select(Organisation).where(Organisation.city_id == city.id, Organisation.tax_code == code)
        )
        if existing is not None:
            organisations.append(existing)
            continue
        if code in used:
            continue
        used.add(code)
        owners = (people, org_account if slug == "bari" else None)
        organisations.append(_organisation(city, spec, index, code, rng, areas, owners, staff))
        created += 1
    progress(f"{city.name}: {created} organisations added ({len(organisations)} in all)")
    return organisations


def _organisation(city: City, spec: dict, index: int, code: str, rng, areas, owners, staff) -> Organisation:
    """One organisation of ``_specs``, with its owner and maybe a colleague: ``owners`` is
    the city's referents and the demo organisation account, who owns a few (or None)."""
    form = spec["form"]
    fields = FIELDS_BY_FORM[form]
    runts = None
    if form in (LegalForm.APS, LegalForm.ODV, LegalForm.SOCIAL_ENTERPRISE) or (
        form in (LegalForm.ASSOCIATION, LegalForm.FOUNDATION) and index % 2 == 0
    ):
        runts = str(rng.randrange(10000, 150000))
    domain = "".join(ch for ch in spec["name"].lower() if ch.isalnum())[:24]
    verified = index % 4 != 3
    organisation = Organisation(
        city=city,
        name=spec["name"],
        legal_form=form,
        tax_code=code,
        runts_number=runts,
        description=spec["description"],
        description_html=render_markdown(spec["description"]),
        website=f"https://www.{domain}.it" if index % 3 else "",
        email=f"info@{domain}.it",
        phone=f"+39 {PHONE_PREFIXES[city.slug]} {rng.randrange(100000, 999999)}",
        fields=rng.sample(fields, k=min(len(fields), rng.choice((1, 2, 2, 3)))),
        verified=verified,
        verified_at=utcnow() - timedelta(days=rng.randrange(5, 300)) if verified else None,
        verified_by_id=staff.id if verified and staff is not None else None,
        created_at=utcnow() - timedelta(days=rng.randrange(300, 900)),
    )
    organisation.areas = _pick_areas(rng, areas, spec["hood"])
    people, org_account = owners
    owner = people[index % len(people)]
    if org_account is not None and form in _ORG_ACCOUNT_FORMS and _owned(org_account) < 4:
        owner = org_account
    organisation.members.append(
        Membership(user=owner, role=MemberRole.OWNER, status=MemberStatus.ACTIVE, accepted_at=utcnow())
    )
    colleague = people[(index + 3) % len(people)]
    if index % 3 == 0 and colleague is not owner:
        organisation.members.append(
            Membership(user=colleague, role=MemberRole.MEMBER, status=MemberStatus.ACTIVE, accepted_at=utcnow())
        )
    db.session.add(organisation)
    db.session.flush()
    return organisation


_ORG_ACCOUNT_FORMS = {LegalForm.APS, LegalForm.SOCIAL_COOPERATIVE, LegalForm.ODV}


def _owned(user: User) -> int:
    db.session.flush()
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Membership)
        .where(Membership.user_id == user.id, Membership.role == MemberRole.OWNER)
    )


def _invite_resident() -> None:
    """A pending invitation for the resident demo account, from an organisation of org@."""
    org_account = by_email(ORG_ACCOUNT)
    resident = f"resident@{DEMO_DOMAIN}"
    if org_account is None:
        return
    owned = db.session.scalar(
        sa.select(Organisation)
        .join(Membership)
        .where(Membership.user_id == org_account.id, Membership.role == MemberRole.OWNER)
        .order_by(Organisation.id)
    )
    if owned is None:
        return
    if db.session.scalar(
        sa.select(Membership.id).where(Membership.organisation_id == owned.id, Membership.invited_email == resident)
    ):
        return
    db.session.add(Membership(organisation=owned, invited_email=resident, status=MemberStatus.INVITED))
    facilitator = by_email(f"facilitator@{DEMO_DOMAIN}")
    if facilitator is not None and owned.membership_of(facilitator) is None:
        owned.members.append(
            Membership(user=facilitator, role=MemberRole.MEMBER, status=MemberStatus.ACTIVE, accepted_at=utcnow())
        )


# --- partnerships ------------------------------------------------------------------------------

_BRIDGE_ORDER = [LegalForm.UNIVERSITY, LegalForm.LIBRARY, LegalForm.FOUNDATION, LegalForm.THEATRE]
_BRIDGE_FORMS = set(_BRIDGE_ORDER)
_LEAD_FORMS = {
    LegalForm.APS,
    LegalForm.ODV,
    LegalForm.SOCIAL_COOPERATIVE,
    LegalForm.SOCIAL_ENTERPRISE,
    LegalForm.ASSOCIATION,
}


def _clusters(organisations: list[Organisation], rng: random.Random) -> list[list[Organisation]]:
    """Groups of organisations that work together (by area, else by neighbourhood in the
    name), bridges excepted."""
    groups: dict[str, list[Organisation]] = {}
    for organisation in organisations:
        if organisation.legal_form in _BRIDGE_FORMS:
            continue
        key = organisation.areas[0].slug if organisation.areas else str(organisation.id % 5)
        groups.setdefault(key, []).append(organisation)
    clusters = [g for g in groups.values() if len(g) >= 3]
    if len(clusters) < 2:
        everyone = [o for o in organisations if o.legal_form not in _BRIDGE_FORMS]
        rng.shuffle(everyone)
        clusters = [everyone[i::4] for i in range(4) if everyone[i::4]]
    return clusters


def _bridges(organisations: list[Organisation], groups: int) -> tuple[dict[int, list[Organisation]], list]:
    """A few bridges each join a partnership in two neighbouring groups, so that the groups
    are connected through them (and only through them): the bridges waiting in each group's
    slot, and the spare ones that may join any group."""
    bridges = sorted(
        (o for o in organisations if o.legal_form in _BRIDGE_FORMS), key=lambda o: _BRIDGE_ORDER.index(o.legal_form)
    )
    slots: dict[int, list[Organisation]] = {c: [] for c in range(groups)}
    for k, bridge in enumerate(bridges[: groups + 1]):
        slots[k % groups].append(bridge)
        slots[(k + 1) % groups].append(bridge)
    return slots, bridges[groups + 1 :]


def _contribution(rng: random.Random, form: LegalForm):
    offer = CONTRIBUTIONS[form]
    value = Decimal(rng.randrange(offer["value_from"] // 50, offer["value_to"] // 50 + 1) * 50)
    return ContributionKind(offer["kind"]), value, rng.choice(offer["notes"])


def _seed_partnerships(city: City, organisations: list[Organisation], progress) -> None:
    ideas = db.session.scalars(
        sa.select(Idea)
        .where(Idea.city_id == city.id, Idea.hidden.is_(False))
        .where(~sa.exists().where(Partnership.idea_id == Idea.id))
        .order_by(Idea.id)
    ).all()
    if not ideas:
        progress(f"{city.name}: no idea without a partnership (ideas come from the ideas demo step)")
        return
    rng = random.Random(f"cantiere-demo-partnerships-{city.slug}")
    clusters = _clusters(organisations, rng)
    slots, spare = _bridges(organisations, len(clusters))
    org_account = by_email(ORG_ACCOUNT)
    previous: dict[int, list[Organisation]] = {}
    made = 0
    for index, idea in enumerate(ideas):
        cluster = clusters[index % len(clusters)]
        leads = [o for o in cluster if o.legal_form in _LEAD_FORMS] or cluster
        lead = leads[(index // len(clusters)) % len(leads)]
        if city.slug == "bari" and org_account is not None and index < 3:
            mine = [o for o in organisations if o.is_owner(org_account)]
            lead = mine[index % len(mine)] if mine else lead
        group = index % len(clusters)
        others = [o for o in cluster if o is not lead]
        chosen = rng.sample(others, k=min(len(others), rng.randrange(2, 5)))
        # Someone from the group's previous partnership comes back, so each group is connected.
        before = previous.get(group, [])
        if before and not any(o in before for o in [lead, *chosen[:-1]]):
            returning = [o for o in before if o is not lead and o not in chosen]
            if returning:
                chosen.insert(0, rng.choice(returning))
        if slots[group]:
            chosen.insert(1, slots[group].pop(0))  # not last: the last may still be pending
        elif spare and rng.random() < 0.2:
            chosen.append(spare[index % len(spare)])
        previous[group] = [lead, *chosen[:-1]]  # the last one may still be pending
        partnership = _partnership(idea, lead, chosen, index, rng)
        db.session.add(partnership)
        made += 1
    db.session.flush()
    progress(f"{city.name}: {made} partnerships around ideas")


def _partnership(idea: Idea, lead: Organisation, chosen: list[Organisation], index: int, rng) -> Partnership:
    """The partnership around ``idea``: ``lead`` and the ``chosen`` partners with their
    contributions; the last invited is still pending (or declined) now and then."""
    partnership = Partnership(idea=idea, lead=lead, city_id=idea.city_id, created_at=utcnow() - timedelta(days=60))
    partnership.partners.append(
        Partner(
            organisation=lead,
            role=PartnerRole.LEAD,
            status=PartnerStatus.ACCEPTED,
            responded_at=utcnow() - timedelta(days=60),
        )
    )
    for position, organisation in enumerate(chosen):
        kind, value, note = _contribution(rng, organisation.legal_form)
        last = position == len(chosen) - 1
        status = PartnerStatus.ACCEPTED
        if last and index % 4 == 1:
            status = PartnerStatus.INVITED
        elif last and index % 7 == 5:
            status = PartnerStatus.DECLINED
        partnership.partners.append(
            Partner(
                organisation=organisation,
                role=PartnerRole.CO_APPLICANT if position == 0 else PartnerRole.SUPPORTER,
                status=status,
                contribution_kind=kind,
                contribution_value=value,
                contribution_note=note,
                created_at=utcnow() - timedelta(days=50 - position),
                responded_at=None if status is PartnerStatus.INVITED else utcnow() - timedelta(days=40 - position),
            )
        )
    return partnership


def seed(progress) -> None:
    probe = User(email="probe@invalid", name="probe")
    probe.set_password(DEMO_PASSWORD)
    password_hash = probe.password_hash
    for slug in NEIGHBOURHOODS:
        city = city_by_slug(slug)
        if city is None:
            continue
        organisations = _seed_city(city, progress, password_hash)
        _seed_partnerships(city, organisations, progress)
    _invite_resident()
    db.session.flush()
