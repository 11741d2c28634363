"""Texts of the notifications workshops send (``app.notifications.messages``), in the
reader's language; ``%(title)s`` is the workshop's title."""

from flask_babel import lazy_gettext as _l

from app.notifications.messages import MESSAGES

MESSAGES.update(
    {
        "workshop.promoted": _l('A place freed up: you are now registered for the workshop "%(title)s".'),
        "workshop.invited": _l('You are invited to the co-design workshop "%(title)s".'),
        "workshop.minutes": _l('The minutes of the workshop "%(title)s" are published.'),
        "workshop.cancelled": _l('The workshop "%(title)s" has been cancelled.'),
    }
)
