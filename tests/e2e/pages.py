"""Steps many browser tests share."""

from __future__ import annotations

from tests import factories


def sign_in(page, base_url: str, user) -> None:
    """Sign ``user`` in on ``page`` through the sign-in form (the test password)."""
    page.goto(base_url + "/login")
    page.fill("#email", user.email)
    page.fill("#password", factories.PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/login" not in url)
