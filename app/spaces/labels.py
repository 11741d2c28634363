"""The fixed vocabularies of spaces with their translated labels: facilities, funds, kinds."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.models import Fund, SpaceKind

#: The fixed list of facilities a space can offer (stored keys, translated labels).
FACILITIES = {
    "wifi": _l("Wi-Fi"),
    "projector": _l("Projector or screen"),
    "audio": _l("Sound system"),
    "computers": _l("Computers"),
    "kitchen": _l("Kitchen"),
    "garden": _l("Garden or courtyard"),
    "lab": _l("Workshop room (laboratorio)"),
    "kids": _l("Children's corner"),
    "accessible_toilet": _l("Accessible toilet"),
    "parking": _l("Parking"),
    "video_call": _l("Video-call equipment"),
}

FUND_LABELS = {Fund.FESR: _l("FESR (ERDF)"), Fund.FSE_PLUS: _l("FSE+ (ESF+)")}
KIND_LABELS = {SpaceKind.PHYSICAL: _l("Physical place"), SpaceKind.VIRTUAL: _l("Virtual room")}
