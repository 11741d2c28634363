"""The computation of a tranche in words, in the reader's language: one sentence per step
(``app.projects.tranches`` writes the steps as codes and values, so a frozen computation is
read in any language), and the rule that gave each indicator its achievement. Plain
strings: the templates escape them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import format_date, format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.i18n import euro

KINDS = {
    "advance": _l("Advance"),
    "intermediate": _l("Intermediate payment"),
    "balance": _l("Balance"),
    "results": _l("Results-based tranche"),
}


def pct(value) -> str:
    """A ratio (``"0.7000"``) as a percentage (``70%``)."""
    return f"{format_decimal(Decimal(value) * 100, format='#,##0.##')}%"


def share(value) -> str:
    """A share already in percent (``"30.00"``) as ``30%``."""
    return f"{format_decimal(Decimal(value), format='#,##0.##')}%"


def number(value) -> str:
    return "—" if value is None else format_decimal(Decimal(value), format="#,##0.##")


def day(value: str | None) -> str:
    return "—" if not value else format_date(date.fromisoformat(value), "d MMM y")


def _yes(value) -> str:
    return _("yes") if value else _("not yet")


def step(item: dict) -> str:
    """One step of a tranche's computation as a sentence."""
    v, result, code = item["values"], item["result"], item["code"]
    if code == "base":
        return _(
            "Its share of the grant: %(share)s × %(grant)s = %(base)s.",
            share=share(v["share_pct"]),
            grant=euro(v["grant"]),
            base=euro(result),
        )
    if code == "due_at_once":
        return _("Due at once, when the project starts.")
    if code == "due_when_spent":
        return _(
            "Due when the approved spend (%(spent)s) reaches what the earlier tranches pay (%(earlier)s): %(yes)s.",
            spent=euro(v["spent"]),
            earlier=euro(v["earlier"]),
            yes=_yes(result),
        )
    if code == "balance_cap":
        return _(
            "Never more than the approved spend not yet paid: %(spent)s − %(earlier)s = %(room)s;"
            " the balance pays the smaller of %(base)s and %(room)s: %(amount)s.",
            spent=euro(v["spent"]),
            earlier=euro(v["earlier"]),
            room=euro(v["room"]),
            base=euro(v["base"]),
            amount=euro(result),
        )
    if code == "due_at_closure":
        return _("Due when the project is closed: %(yes)s.", yes=_yes(result))
    if code == "results":
        return _(
            "Its share × the factor earned by the results: %(base)s × %(factor)s = %(amount)s.",
            base=euro(v["base"]),
            factor=pct(v["factor"]),
            amount=euro(result),
        )
    if code == "suspended":
        return _("Nothing is due while the project is suspended.")
    return code


def rule(row: dict) -> str:
    """How one indicator's achievement was found."""
    code = row["rule"]
    if code == "never_reported":
        return _("No approved value measured by the project's end: 0%.")
    if code == "level_kept":
        return _("The target is the baseline (keep the level): reached, 100%.")
    if code == "level_missed":
        return _("The target is the baseline (keep the level): not reached, 0%.")
    formula = _(
        "(value − baseline) ÷ (target − baseline) = (%(value)s − %(baseline)s) ÷ (%(target)s − %(baseline)s)",
        value=number(row["value"]),
        baseline=number(row["baseline"]),
        target=number(row["target"]),
    )
    if code == "no_progress":
        return _("%(formula)s: no progress towards the target, 0%%.", formula=formula)
    if code == "reached":
        return _("%(formula)s: target reached, 100%% (never more).", formula=formula)
    return _("%(formula)s = %(pct)s.", formula=formula, pct=pct(row["achievement"]))


def mean(results: dict) -> str:
    """Step 3: the project's achievement, with its arithmetic."""
    rows = results["indicators"]
    if not rows:
        return _("No indicator: the project's achievement is 0%.")
    if results["weighted"]:
        weights = results["weights"]
        top = " + ".join(f"{pct(r['achievement'])} × {number(weights[r['code']])}" for r in rows)
        bottom = " + ".join(number(weights[r["code"]]) for r in rows)
        return _(
            "The project's achievement, weighted as the call sets: (%(top)s) ÷ (%(bottom)s) = %(mean)s.",
            top=top,
            bottom=bottom,
            mean=pct(results["mean"]),
        )
    top = " + ".join(pct(r["achievement"]) for r in rows)
    return _(
        "The project's achievement, the mean of the indicators': (%(top)s) ÷ %(n)s = %(mean)s.",
        top=top,
        n=len(rows),
        mean=pct(results["mean"]),
    )


def factor(results: dict) -> str:
    """Step 4: below the minimum nothing, else the achievement itself."""
    if Decimal(results["mean"]) < Decimal(results["min_achievement"]):
        return _(
            "%(mean)s is below the call's minimum achievement (%(min)s): nothing of this tranche is paid.",
            mean=pct(results["mean"]),
            min=pct(results["min_achievement"]),
        )
    return _(
        "%(mean)s reaches the call's minimum achievement (%(min)s): the tranche pays %(mean)s of its share.",
        mean=pct(results["mean"]),
        min=pct(results["min_achievement"]),
    )


def amount(results: dict) -> str:
    """Step 5."""
    return _(
        "Amount: %(base)s × %(factor)s = %(amount)s.",
        base=euro(results["base"]),
        factor=pct(results["factor"]),
        amount=euro(results["amount"]),
    )
