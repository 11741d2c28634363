"""The tranches' arithmetic (``app.projects.tranches``), by hand-computed cases: the
results-based tranche indicator by indicator (mean, weights, negative progress, a target
equal to the baseline, an indicator that should fall, one never reported, one reported
late, below / at the minimum, 100 % and beyond), and when the other tranches are due and
how much they pay. Every case writes its arithmetic in a comment."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from app.projects.tranches import Facts, Indicator, Planned, Reading, achievement, results, schedule

END = date(2026, 6, 30)


def facts(indicators, readings=(), *, minimum="50", grant="100000.00", **kwargs):
    return Facts(
        grant=D(grant),
        min_achievement_pct=D(minimum),
        ends_on=END,
        indicators=tuple(
            Indicator(code=i[0], baseline=D(i[1]), target=D(i[2]), weight=D(i[3]) if len(i) > 3 and i[3] else None)
            for i in indicators
        ),
        readings=tuple(
            Reading(code=code, value=D(value), measured_on=measured_on or date(2026, 6, 1), id=n)
            for n, (code, value, *rest) in enumerate(readings, start=1)
            for measured_on in [rest[0] if rest else None]
        ),
        **kwargs,
    )


BASE = D("20000.00")  # a results share of 20 % of a grant of 100 000.00 €


def achievements(result):
    return [(i["code"], i["achievement"], i["rule"]) for i in result["indicators"]]


# The results-based tranche


def test_plain_mean_of_three_indicators():
    # A: (80 − 0) / (100 − 0) = 0.8
    # B: (35 − 10) / (60 − 10) = 25 / 50 = 0.5
    # C: (4 − 0) / (4 − 0) = 1
    # mean (0.8 + 0.5 + 1) / 3 = 2.3 / 3 = 0.76666… → 0.7667 ≥ 0.5: factor 0.7667
    # amount 20 000.00 × 0.7667 = 15 334.00
    out = results(
        facts([("A", "0", "100"), ("B", "10", "60"), ("C", "0", "4")], [("A", "80"), ("B", "35"), ("C", "4")]),
        BASE,
    )
    assert achievements(out) == [("A", "0.8000", "partial"), ("B", "0.5000", "partial"), ("C", "1.0000", "reached")]
    assert (out["weighted"], out["weights"]) == (False, None)
    assert (out["mean"], out["min_achievement"], out["factor"], out["amount"]) == (
        "0.7667",
        "0.5000",
        "0.7667",
        "15334.00",
    )


def test_weighted_mean_when_every_indicator_has_a_weight():
    # as above, weights 2, 1, 1: (0.8 × 2 + 0.5 × 1 + 1 × 1) / (2 + 1 + 1) = 3.1 / 4 = 0.775
    # amount 20 000.00 × 0.775 = 15 500.00
    out = results(
        facts(
            [("A", "0", "100", "2"), ("B", "10", "60", "1"), ("C", "0", "4", "1")],
            [("A", "80"), ("B", "35"), ("C", "4")],
        ),
        BASE,
    )
    assert out["weighted"] is True
    assert out["weights"] == {"A": "2", "B": "1", "C": "1"}
    assert (out["mean"], out["amount"]) == ("0.7750", "15500.00")


def test_weights_on_only_some_indicators_give_the_plain_mean():
    # B has no weight: the plain mean (0.8 + 0.5) / 2 = 0.65; amount 20 000.00 × 0.65 = 13 000.00
    out = results(facts([("A", "0", "100", "3"), ("B", "10", "60")], [("A", "80"), ("B", "35")]), BASE)
    assert (out["weighted"], out["mean"], out["amount"]) == (False, "0.6500", "13000.00")


def test_negative_progress_counts_as_zero():
    # A went down from its baseline: (40 − 50) / (100 − 50) = −10 / 50 = −0.2 → 0
    # B: (100 − 0) / (100 − 0) = 1;  mean (0 + 1) / 2 = 0.5 = the minimum: factor 0.5
    # amount 20 000.00 × 0.5 = 10 000.00
    out = results(facts([("A", "50", "100"), ("B", "0", "100")], [("A", "40"), ("B", "100")]), BASE)
    assert achievements(out)[0] == ("A", "0.0000", "no_progress")
    assert (out["mean"], out["factor"], out["amount"]) == ("0.5000", "0.5000", "10000.00")


def test_target_equal_to_baseline_is_reached_when_the_value_is_at_least_the_target():
    # keep the level at 20: 20 → 1, 25 → 1, 19 → 0
    assert achievement(D("20"), D("20"), D("20")) == (D("1.0000"), "level_kept")
    assert achievement(D("20"), D("20"), D("25")) == (D("1.0000"), "level_kept")
    assert achievement(D("20"), D("20"), D("19")) == (D("0.0000"), "level_missed")
    # in a project: A kept (1), B (30 − 0) / (60 − 0) = 0.5; mean 0.75; amount 15 000.00
    out = results(facts([("A", "20", "20"), ("B", "0", "60")], [("A", "20"), ("B", "30")]), BASE)
    assert (out["mean"], out["amount"]) == ("0.7500", "15000.00")


def test_an_indicator_that_should_fall():
    # early school leavers, from 40 % to 30 %:
    # measured 36: (36 − 40) / (30 − 40) = −4 / −10 = 0.4
    # measured 44 (it rose): (44 − 40) / (30 − 40) = 4 / −10 = −0.4 → 0
    # measured 25 (better than the target): (25 − 40) / (30 − 40) = 1.5 → 1
    assert achievement(D("40"), D("30"), D("36")) == (D("0.4000"), "partial")
    assert achievement(D("40"), D("30"), D("44")) == (D("0.0000"), "no_progress")
    assert achievement(D("40"), D("30"), D("25")) == (D("1.0000"), "reached")
    # with the minimum at 0: amount 20 000.00 × 0.4 = 8 000.00
    out = results(facts([("ESL", "40", "30")], [("ESL", "36")], minimum="0"), BASE)
    assert (out["mean"], out["amount"]) == ("0.4000", "8000.00")


def test_an_indicator_never_reported_counts_as_zero():
    # A reached (1), B never reported (0): mean 0.5 = minimum; amount 10 000.00
    out = results(facts([("A", "0", "10"), ("B", "0", "10")], [("A", "12")]), BASE)
    b = out["indicators"][1]
    assert (b["value"], b["measured_on"], b["achievement"], b["rule"]) == (None, None, "0.0000", "never_reported")
    assert (out["mean"], out["amount"]) == ("0.5000", "10000.00")


def test_a_value_measured_after_the_end_is_shown_but_not_counted():
    # the project ends on 30 June 2026; measured 60 on 15 June, 100 on 10 July (late):
    # (60 − 0) / (100 − 0) = 0.6; amount 20 000.00 × 0.6 = 12 000.00
    out = results(facts([("A", "0", "100")], [("A", "60", date(2026, 6, 15)), ("A", "100", date(2026, 7, 10))]), BASE)
    a = out["indicators"][0]
    assert (a["value"], a["measured_on"], a["achievement"]) == ("60", "2026-06-15", "0.6000")
    assert a["late"] == [{"value": "100", "measured_on": "2026-07-10"}]
    assert out["amount"] == "12000.00"
    # measured on the last day counts
    on_the_day = results(facts([("A", "0", "100")], [("A", "70", END)]), BASE)
    assert on_the_day["indicators"][0]["value"] == "70"
    # only late values: as never reported
    only_late = results(facts([("A", "0", "100")], [("A", "100", date(2026, 7, 1))], minimum="0"), BASE)
    assert (only_late["indicators"][0]["rule"], only_late["amount"]) == ("never_reported", "0.00")


def test_the_latest_measurement_counts_not_the_latest_filed():
    # filed first (id 1): 90 measured on 20 May; filed later (id 2): 40 measured on 1 May
    # the value is the one measured last: 90 → 0.9; amount 18 000.00
    out = results(facts([("A", "0", "100")], [("A", "90", date(2026, 5, 20)), ("A", "40", date(2026, 5, 1))]), BASE)
    assert (out["indicators"][0]["value"], out["amount"]) == ("90", "18000.00")


def test_below_the_minimum_pays_nothing():
    # (49 − 0) / (100 − 0) = 0.49 < 0.5: factor 0, amount 0.00
    out = results(facts([("A", "0", "100")], [("A", "49")]), BASE)
    assert (out["mean"], out["factor"], out["amount"]) == ("0.4900", "0.0000", "0.00")


def test_exactly_at_the_minimum_pays_in_proportion():
    # (50 − 0) / (100 − 0) = 0.5 = 0.5: factor 0.5, amount 20 000.00 × 0.5 = 10 000.00
    out = results(facts([("A", "0", "100")], [("A", "50")]), BASE)
    assert (out["factor"], out["amount"]) == ("0.5000", "10000.00")


def test_100_percent_and_beyond_pay_the_whole_share():
    # (100 − 0) / 100 = 1 and (150 − 0) / 100 = 1.5 → capped to 1: amount 20 000.00
    assert results(facts([("A", "0", "100")], [("A", "100")]), BASE)["amount"] == "20000.00"
    out = results(facts([("A", "0", "100"), ("B", "0", "10")], [("A", "150"), ("B", "30")]), BASE)
    assert achievements(out) == [("A", "1.0000", "reached"), ("B", "1.0000", "reached")]
    assert (out["mean"], out["factor"], out["amount"]) == ("1.0000", "1.0000", "20000.00")


def test_rounding_to_four_decimals_then_to_the_cent():
    # (1 − 0) / (3 − 0) = 0.33333… → 0.3333 (minimum 0); 20 000.00 × 0.3333 = 6 666.00
    # a grant of 33 333.33 at 20 %: 6 666.666 → base 6 666.67; × 0.3333 = 2 222.0011 → 2 222.00
    out = results(facts([("A", "0", "3")], [("A", "1")], minimum="0"), BASE)
    assert (out["indicators"][0]["achievement"], out["amount"]) == ("0.3333", "6666.00")
    tranche = schedule(
        facts([("A", "0", "3")], [("A", "1")], minimum="0", grant="33333.33", tranches=(Planned("results", D("20")),))
    )[0]
    assert (tranche["base"], tranche["amount"]) == ("6666.67", "2222.00")


# When each tranche is due, and how much the others pay

PLAN = (
    Planned("advance", D("30"), id=1, position=0),
    Planned("intermediate", D("40"), id=2, position=1),
    Planned("balance", D("10"), id=3, position=2),
    Planned("results", D("20"), id=4, position=3),
)


def paid(planned: Planned, amount: str) -> Planned:
    computation = {"base": amount, "amount": amount, "steps": [], "results": None}
    return Planned(planned.kind, planned.share_pct, planned.id, planned.position, True, D(amount), computation)


def rows(**kwargs):
    kwargs.setdefault("tranches", PLAN)
    return {r["kind"]: r for r in schedule(facts([("A", "0", "100")], [("A", "80")], **kwargs))}


def test_a_new_project_can_be_paid_its_advance_only():
    # 30 % × 100 000.00 = 30 000.00 due at once; 40 000.00 waits for 30 000.00 of approved spend
    out = rows()
    assert [(k, r["base"], r["due"], r["payable"]) for k, r in out.items()] == [
        ("advance", "30000.00", True, True),
        ("intermediate", "40000.00", False, False),
        ("balance", "10000.00", False, False),
        ("results", "20000.00", False, False),
    ]
    assert out["intermediate"]["steps"][1] == {
        "code": "due_when_spent",
        "values": {"spent": "0.00", "earlier": "30000.00"},
        "result": False,
    }


def test_the_intermediate_tranche_is_due_when_the_advance_is_spent_and_paid_after_it():
    # spent 30 000.00 ≥ the advance 30 000.00: due, but payable only once the advance is paid
    out = rows(spent=D("30000.00"))
    assert (out["intermediate"]["due"], out["intermediate"]["payable"]) == (True, False)
    out = rows(spent=D("30000.00"), tranches=(paid(PLAN[0], "30000.00"), *PLAN[1:]))
    assert (out["advance"]["paid"], out["intermediate"]["payable"]) == (True, True)
    # 29 999.99 is not yet the advance
    assert rows(spent=D("29999.99"))["intermediate"]["due"] is False


def test_the_balance_never_pays_beyond_the_approved_spend():
    # closed, spent 75 000.00, advance + intermediate paid 70 000.00:
    # room 75 000.00 − 70 000.00 = 5 000.00; balance min(10 000.00, 5 000.00) = 5 000.00
    done = (paid(PLAN[0], "30000.00"), paid(PLAN[1], "40000.00"), *PLAN[2:])
    out = rows(spent=D("75000.00"), closed=True, tranches=done)
    assert (out["balance"]["amount"], out["balance"]["payable"]) == ("5000.00", True)
    assert out["balance"]["steps"][1]["values"] == {
        "base": "10000.00",
        "spent": "75000.00",
        "earlier": "70000.00",
        "room": "5000.00",
    }
    # spent all of it (or more): the whole 10 000.00
    assert rows(spent=D("101000.00"), closed=True, tranches=done)["balance"]["amount"] == "10000.00"
    # the results tranche comes on top, due at closure: 0.8 ≥ 0.5, 20 000.00 × 0.8 = 16 000.00
    assert (out["results"]["amount"], out["results"]["due"], out["results"]["payable"]) == ("16000.00", True, False)


def test_nothing_is_due_while_the_project_is_suspended():
    out = rows(spent=D("90000.00"), suspended=True)
    assert not any(r["due"] for r in out.values())
    assert out["advance"]["steps"][-1]["code"] == "suspended"


def test_a_paid_tranche_answers_its_frozen_computation():
    frozen_results = {"base": "20000.00", "amount": "4000.00", "steps": [], "results": {"factor": "0.2000"}}
    plan = (*(paid(p, "1.00") for p in PLAN[:3]), Planned("results", D("20"), 4, 3, True, D("4000.00"), frozen_results))
    out = rows(closed=True, tranches=plan)  # the value is 80 now: it would pay 16 000.00
    assert (out["results"]["amount"], out["results"]["results"], out["results"]["paid"]) == (
        "4000.00",
        {"factor": "0.2000"},
        True,
    )
