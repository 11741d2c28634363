"""Italian by default, English on request; remembered; dates and euros in the locale."""

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from flask_babel import force_locale

from app.i18n import euro


def test_italian_is_the_default(client, city):
    page = client.get("/").get_data(as_text=True)
    assert 'lang="it"' in page and "Accedi" in page


def test_switching_to_english_is_remembered_for_visitors(client, city):
    response = client.get("/lang/en?next=/privacy")
    assert response.headers["Location"] == "/privacy"
    page = client.get("/").get_data(as_text=True)
    assert 'lang="en"' in page and "Sign in" in page
    client.get("/lang/it")
    assert "Accedi" in client.get("/").get_data(as_text=True)


def test_the_browser_language_is_used_when_nothing_was_chosen(client, city):
    page = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert 'lang="en"' in page


def test_a_signed_in_choice_is_stored_on_the_account(client, login, resident, db):
    login(resident)
    client.get("/lang/en")
    db.session.refresh(resident)
    assert resident.locale == "en"


def test_unknown_language_changes_nothing(client, city):
    client.get("/lang/xx")
    assert 'lang="it"' in client.get("/").get_data(as_text=True)


def test_money_and_dates_follow_the_locale(app):
    moment = datetime(2026, 3, 5, 14, 30, tzinfo=UTC)
    with app.test_request_context():
        with force_locale("it"):
            assert euro("12500.5") == "12.500,50\xa0€"
            rendered = app.jinja_env.from_string("{{ d|date }}").render(d=moment)
            assert "mar" in rendered and "2026" in rendered
        with force_locale("en"):
            assert euro("12500.5") == "€12,500.50"
            assert app.jinja_env.from_string("{{ d|date }}").render(d=moment) == "Mar 5, 2026"


def test_every_italian_message_is_translated():
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run([sys.executable, "scripts/i18n.py", "check"], cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:]
