"""One rounding for every figure (issue 29): 四舍五入 — half up, away from zero — done once, on the exact value.

Floats carry binary noise (−49.395 万元 is stored as −49.39499…), and Python's `round` and `format` round half to
even on that noise, so the same figure read −49.39 on one page and −49.40 on another. Figures are therefore taken
as exact decimals first — an integer as it is, money to the fen (the ledger's unit), any other float as the
decimal it stands for — and rounded once from there, by `half_up`, which ui.labels.fmt (screen, tables, charts,
exports, the 通报) and the judgements (projections, changes in %) use.

The questions do not round their rates, ratios and averages (a rate rounded to two decimals in SQL and then to one
on screen read 12.345 % as 12.35 and then 12.4 %, not 12.3 %): each is a quotient of whole counts or fen, computed
in binary floating point, so it comes within a few units in the last place of the true quotient. `exact` takes a
float to `SIGNIFICANT` significant digits, which removes that noise (100 × 247 / 2000 read as 12.349999999999998 is
12.35, a true half) and nothing else: a quotient of counts below 10⁸ that is not itself a half lies at least
1/(2 × 10⁸) of its last shown place away from one, far more than the 10⁻¹³ relative step this keeps.
"""

from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

FEN = Decimal("0.01")
SIGNIFICANT = 13  # digits of a float kept as exact: binary noise is ~10⁻¹⁶ relative, a true difference ≥ ~10⁻¹⁰


def exact(value) -> Decimal:
    """`value` as an exact decimal: an int or Decimal as it is, a float as the decimal it stands for (its shortest
    repr, with binary noise beyond `SIGNIFICANT` digits taken off)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if hasattr(value, "item"):  # a numpy or pandas scalar
        return exact(value.item())
    shortest = Decimal(repr(float(value)))
    if not shortest.is_finite() or shortest == 0:
        return shortest
    step = Decimal(1).scaleb(shortest.adjusted() + 1 - SIGNIFICANT)
    return shortest.quantize(step, rounding=ROUND_HALF_UP) if shortest.as_tuple().exponent < step.adjusted() \
        else shortest


def half_up(value, places: int = 0) -> Decimal:
    """`value` rounded half up (away from zero) to `places` decimals, from its exact decimal; never '-0'."""
    rounded = exact(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return rounded.copy_abs() if rounded == 0 else rounded


def half_up_int(value) -> int:
    """`value` rounded half up to a whole number (四舍五入 to 人, 个, 元)."""
    return int(half_up(value))


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float | Decimal) and value != value)


def yuan(value) -> Decimal | None:
    """An amount in 元 exactly, to the fen: a sum of fen amounts in floating point is brought back to its fen.
    None stays None (nothing paid, no baseline)."""
    return None if _missing(value) else half_up(value, 2)


def wan_yuan(value_yuan) -> Decimal | None:
    """An amount in 元 expressed in 万元, exactly (computed from the yuan, never from a rounded 万元 figure)."""
    return None if _missing(value_yuan) else yuan(value_yuan).scaleb(-4)
