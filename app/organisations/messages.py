"""Texts of the notifications organisations and partnerships send
(``app.notifications.messages``), in the reader's language."""

from flask_babel import lazy_gettext as _l

from app.notifications.messages import MESSAGES

MESSAGES.update(
    {
        "organisation.member_invited": _l("%(organisation)s invites you to join it: answer in your invitations."),
        "organisation.member_joined": _l("%(name)s joined %(organisation)s."),
        "organisation.verified": _l("City staff verified %(organisation)s."),
        "partner.invited": _l('%(lead)s invites %(organisation)s to its partnership for the idea "%(idea)s".'),
        "partner.accepted": _l('%(organisation)s joined the partnership for the idea "%(idea)s".'),
        "partner.declined": _l('%(organisation)s declined the partnership for the idea "%(idea)s".'),
        "partner.withdrawn": _l('%(lead)s withdrew the invitation of %(organisation)s for the idea "%(idea)s".'),
    }
)
