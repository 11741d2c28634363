"""How much each payment tranche of a funded project pays, and when: pure computation over
plain values (``Facts``), no database, no request, ``Decimal`` throughout. The rules, in the
order they are applied (``docs/projects.md``, "Tranches and pay-on-impact"):

**Every tranche** has a *base*: its share of the grant, ``grant × share_pct / 100``, rounded
to the cent. Tranches are paid in order (advance, intermediate, balance, results), each only
once and only when it is *due*; nothing is due while the project is suspended.

- **Advance** (anticipo): pays its base; due at once.
- **Intermediate** (acconto): pays its base; due when the approved spend reaches what the
  earlier tranches pay (the advance): the money advanced has been spent first.
- **Balance** (saldo): due when the project is closed; pays its base, but never more than
  the approved spend not yet covered by the advance and intermediate tranches
  (``min(base, max(0, spent − earlier))``): advance, intermediate and balance together never
  exceed the approved spend. The results-based tranche comes on top of it (total paid ≤
  approved spend + the results tranche).
- **Results** (quota a risultato): due when the project is closed; pays
  ``base × f(achievement)``:

  1. *The value of each indicator* is its latest approved report by ``measured_on`` (the
     later report when two share a date) among those measured on or before the project's
     end date; a value measured after the end is *late*: shown, not counted (the tranche pays
     for what the project achieved in its funded period; when the report was filed does not
     matter, as long as it is approved before the tranche is paid, which freezes it). An
     indicator never reported (or reported only late) has no value and achieves 0.
  2. *Achievement* = ``(value − baseline) / (target − baseline)``, capped to [0, 1] and
     rounded to 4 decimals (0.01 %). For an indicator that should fall the target is below
     the baseline: numerator and denominator are both negative when it falls, so the same
     formula measures it. Moving the wrong way gives a negative ratio: 0. A target equal to
     the baseline (keep the level) achieves 1 when the value is at least the target, else 0.
  3. *The project's achievement* is the mean of the achievements, or their weighted mean
     when every indicator has a weight from the call (``Σ aᵢwᵢ / Σ wᵢ``), rounded to 4
     decimals. No indicator: 0.
  4. *The factor* f(a) is 0 when ``a`` is below the call's minimum achievement, else ``a``
     itself: "in proportion to the targets reached", 70 % reached pays 70 % of the share, and
     100 % pays it all.
  5. *Amount* = ``base × f``, rounded to the cent.

The computation of each tranche is a dict of strings (``as_dict``), frozen on the tranche's
row when it is paid; ``app/projects/tranche_text.py`` says every step in words."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

ZERO, ONE, HUNDRED = Decimal("0"), Decimal("1"), Decimal("100")
CENT, RATIO = Decimal("0.01"), Decimal("0.0001")

ADVANCE, INTERMEDIATE, BALANCE, RESULTS = "advance", "intermediate", "balance", "results"


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def ratio(value: Decimal) -> Decimal:
    return value.quantize(RATIO, ROUND_HALF_UP)


def _s(value: Decimal | None) -> str | None:
    """A decimal as the API writes it: cents for money, 4 decimals for ratios."""
    return None if value is None else str(value)


@dataclass(frozen=True)
class Indicator:
    code: str
    baseline: Decimal
    target: Decimal
    weight: Decimal | None = None
    name: str = ""
    unit: str = ""


@dataclass(frozen=True)
class Reading:
    """An approved indicator report."""

    code: str
    value: Decimal
    measured_on: date
    id: int = 0


@dataclass(frozen=True)
class Planned:
    """A tranche row: ``amount`` and ``computation`` are set once it is paid."""

    kind: str
    share_pct: Decimal
    id: int | None = None
    position: int = 0
    paid: bool = False
    amount: Decimal | None = None
    computation: dict | None = None


@dataclass(frozen=True)
class Facts:
    grant: Decimal
    spent: Decimal = ZERO
    min_achievement_pct: Decimal = ZERO
    ends_on: date | None = None
    closed: bool = False
    suspended: bool = False
    indicators: tuple[Indicator, ...] = ()
    readings: tuple[Reading, ...] = ()
    tranches: tuple[Planned, ...] = field(default_factory=tuple)


def base_of(grant: Decimal, share_pct: Decimal) -> Decimal:
    """A tranche's share of the grant, to the cent."""
    return cents(grant * share_pct / HUNDRED)


def achievement(baseline: Decimal, target: Decimal, value: Decimal | None) -> tuple[Decimal, str]:
    """One indicator's achievement in [0, 1] and the rule that gave it (step 2)."""
    if value is None:
        return ratio(ZERO), "never_reported"
    if target == baseline:
        return (ratio(ONE), "level_kept") if value >= target else (ratio(ZERO), "level_missed")
    raw = (value - baseline) / (target - baseline)
    if raw <= ZERO:
        return ratio(ZERO), "no_progress"
    if raw >= ONE:
        return ratio(ONE), "reached"
    return ratio(raw), "partial"


def counted_value(indicator: Indicator, readings, ends_on: date | None) -> tuple[Reading | None, list[Reading]]:
    """The reading that counts for ``indicator`` and the late ones left out (step 1)."""
    own = [r for r in readings if r.code == indicator.code]
    late = [r for r in own if ends_on is not None and r.measured_on > ends_on]
    on_time = [r for r in own if r not in late]
    return max(on_time, key=lambda r: (r.measured_on, r.id), default=None), late


def results(facts: Facts, base: Decimal) -> dict:
    """The results-based tranche, steps 1–5, as the dict the API answers (strings)."""
    rows, achieved = [], []
    for indicator in facts.indicators:
        reading, late = counted_value(indicator, facts.readings, facts.ends_on)
        value = reading.value if reading else None
        a, rule = achievement(indicator.baseline, indicator.target, value)
        achieved.append(a)
        rows.append(
            {
                "code": indicator.code,
                "name": indicator.name,
                "unit": indicator.unit,
                "baseline": _s(indicator.baseline),
                "target": _s(indicator.target),
                "value": _s(value),
                "measured_on": reading.measured_on.isoformat() if reading else None,
                "achievement": _s(a),
                "rule": rule,
                "late": [{"value": _s(r.value), "measured_on": r.measured_on.isoformat()} for r in late],
            }
        )
    weights = [i.weight for i in facts.indicators]
    weighted = bool(weights) and all(w is not None and w > ZERO for w in weights)
    if weighted:
        mean = ratio(sum((a * w for a, w in zip(achieved, weights, strict=True)), ZERO) / sum(weights, ZERO))
    else:
        mean = ratio(sum(achieved, ZERO) / len(achieved)) if achieved else ZERO
    minimum = ratio(facts.min_achievement_pct / HUNDRED)
    factor = ratio(ZERO) if mean < minimum else mean
    return {
        "indicators": rows,
        "weighted": weighted,
        "weights": {i.code: _s(i.weight) for i in facts.indicators} if weighted else None,
        "mean": _s(mean),
        "min_achievement": _s(minimum),
        "factor": _s(factor),
        "base": _s(base),
        "amount": _s(cents(base * factor)),
    }


def _step(code: str, result=None, **values) -> dict:
    return {
        "code": code,
        "values": {k: _s(v) if isinstance(v, Decimal) else v for k, v in values.items()},
        "result": _s(result) if isinstance(result, Decimal) else result,
    }


def _computed(facts: Facts, planned: Planned, earlier: Decimal) -> dict:
    """An unpaid tranche now: base, amount, whether it is due, and the steps that say why.
    ``earlier``: what the tranches before it pay (paid amounts, or what they would pay)."""
    base = base_of(facts.grant, planned.share_pct)
    spent = cents(facts.spent)
    steps = [_step("base", base, share_pct=planned.share_pct, grant=facts.grant)]
    out = {"base": _s(base), "results": None}
    if planned.kind == ADVANCE:
        amount, due = base, True
        steps.append(_step("due_at_once"))
    elif planned.kind == INTERMEDIATE:
        amount, due = base, spent >= earlier
        steps.append(_step("due_when_spent", due, spent=spent, earlier=earlier))
    elif planned.kind == BALANCE:
        room = max(cents(ZERO), spent - earlier)
        amount, due = min(base, room), facts.closed
        steps.append(_step("balance_cap", amount, base=base, spent=spent, earlier=earlier, room=room))
        steps.append(_step("due_at_closure", due))
    else:
        out["results"] = results(facts, base)
        amount, due = Decimal(out["results"]["amount"]), facts.closed
        steps.append(_step("results", amount, base=base, factor=Decimal(out["results"]["factor"])))
        steps.append(_step("due_at_closure", due))
    if facts.suspended:
        due = False
        steps.append(_step("suspended"))
    return {**out, "amount": _s(amount), "due": due, "steps": steps}


def schedule(facts: Facts) -> list[dict]:
    """Every tranche in order: ``{kind, share_pct, base, amount, due, payable, paid, steps,
    results}``. A paid tranche answers its frozen computation; ``payable`` is true for the
    first unpaid tranche when it is due."""
    out, earlier, waiting = [], cents(ZERO), False
    for planned in sorted(facts.tranches, key=lambda t: t.position):
        row = dict(planned.computation) if planned.paid and planned.computation else _computed(facts, planned, earlier)
        if planned.paid:
            row.update(amount=_s(planned.amount), due=False)
        row.update(
            id=planned.id,
            kind=planned.kind,
            position=planned.position,
            share_pct=_s(planned.share_pct),
            paid=planned.paid,
            payable=not planned.paid and not waiting and row["due"],
        )
        waiting = waiting or not planned.paid
        if planned.kind != RESULTS:
            earlier += Decimal(row["amount"])
        out.append(row)
    return out


def frozen(row: dict) -> dict:
    """What a paid tranche keeps of its computation (``schedule`` answers it afterwards)."""
    return {k: row[k] for k in ("base", "amount", "steps", "results")}
