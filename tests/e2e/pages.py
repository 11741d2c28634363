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


def phone_page(browser, server, width: int, tolerated=("/vendor/",)):
    """A page on a phone ``width`` px wide, in Italian, that reaches only ``server``, and the
    list of problems it meets: script errors, and console errors of the server's files but
    those whose address holds one of ``tolerated`` (by default the vendored libraries')."""
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="it-IT")
    page = context.new_page()
    page.set_default_timeout(15000)
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))

    def console(message):
        where = message.location.get("url", "")
        if message.type == "error" and where.startswith(server.url) and not any(t in where for t in tolerated):
            problems.append(f"{message.text} ({where})")

    page.on("console", console)
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server.url) else route.abort())
    return page, problems
