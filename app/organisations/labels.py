"""The words of organisations and partnerships, translated: legal forms, fields of activity,
member roles, partner roles, contributions and statuses."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.models import ContributionKind, LegalForm, MemberRole, PartnerRole, PartnerStatus

LEGAL_FORMS = {
    LegalForm.APS: _l("Social promotion association (APS)"),
    LegalForm.ODV: _l("Voluntary organisation (ODV)"),
    LegalForm.SOCIAL_COOPERATIVE: _l("Social cooperative"),
    LegalForm.SOCIAL_ENTERPRISE: _l("Social enterprise"),
    LegalForm.FOUNDATION: _l("Foundation"),
    LegalForm.ASSOCIATION: _l("Association"),
    LegalForm.SCHOOL: _l("School"),
    LegalForm.UNIVERSITY: _l("University"),
    LegalForm.MUSEUM: _l("Museum"),
    LegalForm.THEATRE: _l("Theatre"),
    LegalForm.LIBRARY: _l("Library"),
    LegalForm.BUSINESS: _l("Business"),
    LegalForm.PUBLIC_BODY: _l("Public body"),
    LegalForm.OTHER: _l("Other"),
}

#: The colour of each legal form on the network map (and its legend); third-sector forms in
#: greens and teals, culture and education in blues and purples, others in warm tones.
LEGAL_FORM_COLOURS = {
    LegalForm.APS: "#1b7f3b",
    LegalForm.ODV: "#2e9e5b",
    LegalForm.SOCIAL_COOPERATIVE: "#0f766e",
    LegalForm.SOCIAL_ENTERPRISE: "#14b8a6",
    LegalForm.FOUNDATION: "#6d28d9",
    LegalForm.ASSOCIATION: "#65a30d",
    LegalForm.SCHOOL: "#0066cc",
    LegalForm.UNIVERSITY: "#1e3a8a",
    LegalForm.MUSEUM: "#a21caf",
    LegalForm.THEATRE: "#be123c",
    LegalForm.LIBRARY: "#7c3aed",
    LegalForm.BUSINESS: "#c2410c",
    LegalForm.PUBLIC_BODY: "#475569",
    LegalForm.OTHER: "#737373",
}

#: Fields of activity: a fixed list of slugs (stored on the organisation) and their labels.
FIELDS = {
    "inclusione-sociale": _l("Social inclusion"),
    "cultura": _l("Culture"),
    "istruzione": _l("Education"),
    "lavoro": _l("Work and employment"),
    "ambiente": _l("Environment"),
    "salute": _l("Health and care"),
    "sport": _l("Sport"),
    "giovani": _l("Young people"),
    "anziani": _l("Older people"),
    "migranti": _l("Migrants"),
    "rigenerazione-urbana": _l("Urban regeneration"),
    "digitale": _l("Digital skills"),
}

MEMBER_ROLES = {MemberRole.OWNER: _l("Owner"), MemberRole.MEMBER: _l("Member")}

PARTNER_ROLES = {
    PartnerRole.LEAD: _l("Lead"),
    PartnerRole.CO_APPLICANT: _l("Co-applicant"),
    PartnerRole.SUPPORTER: _l("Supporter"),
}

PARTNER_STATUSES = {
    PartnerStatus.INVITED: _l("Invited, awaiting an answer"),
    PartnerStatus.ACCEPTED: _l("Accepted"),
    PartnerStatus.DECLINED: _l("Declined"),
    PartnerStatus.WITHDRAWN: _l("Invitation withdrawn"),
}

CONTRIBUTIONS = {
    ContributionKind.SPACE: _l("Space"),
    ContributionKind.VOLUNTEERS: _l("Volunteers"),
    ContributionKind.EXPERTISE: _l("Expertise"),
    ContributionKind.EQUIPMENT: _l("Equipment"),
    ContributionKind.MONEY: _l("Money"),
}


def legal_form_choices(blank: str | None = None) -> list[tuple[str, str]]:
    choices = [(form.value, str(label)) for form, label in LEGAL_FORMS.items()]
    return ([("", blank)] if blank is not None else []) + choices


def field_choices() -> list[tuple[str, str]]:
    return [(slug, str(label)) for slug, label in FIELDS.items()]


def field_label(slug: str) -> str:
    label = FIELDS.get(slug)
    return str(label) if label is not None else slug


def template_globals() -> dict:
    """What the templates of this feature use to name things."""
    return {
        "LEGAL_FORM_LABELS": LEGAL_FORMS,
        "LEGAL_FORM_COLOURS": LEGAL_FORM_COLOURS,
        "LEGAL_FORM_COLOURS_BY_VALUE": {form.value: colour for form, colour in LEGAL_FORM_COLOURS.items()},
        "LEGAL_FORM_LABELS_BY_VALUE": {form.value: label for form, label in LEGAL_FORMS.items()},
        "FIELD_LABELS": FIELDS,
        "MEMBER_ROLE_LABELS": MEMBER_ROLES,
        "PARTNER_ROLE_LABELS": PARTNER_ROLES,
        "PARTNER_STATUS_LABELS": PARTNER_STATUSES,
        "CONTRIBUTION_LABELS": CONTRIBUTIONS,
    }
