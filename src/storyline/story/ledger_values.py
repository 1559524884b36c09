"""When two reported figures are the same figure: exact values and rounding.

The ledger's identity rules ask one question of two figures many times: do they
agree, the coarser being the finer rounded to its own digits ("51,9 %" and "52 %",
"4,63 млрд" and "4,6 млрд"), while whole counts stay exact ("100" and "101
человек" differ). Pure functions of the values, kept apart from the grouping.
"""

from __future__ import annotations

import functools

from storyline.model import QuantityMention

__all__ = [
    "ABOUT_SHARE",
    "ROUNDED_SCALE",
    "ROUNDING",
    "VALUE_DIGITS",
    "agree",
    "agree_key",
    "agree_reach",
    "bounded_by",
    "exact",
    "same",
    "within",
]

# Two figures agree when one is the other rounded and they differ by at most
# this share: "51,9 процента" and "52 процента" (bsnlp Brexit) are one report.
ROUNDING = 0.02
# Whole figures below this are counts given exactly ("101 человек"); above it the
# text writes them with a multiplier ("2,6 млрд", "4,63 млрд"), rounded to its digits.
ROUNDED_SCALE = 1_000_000
# Significant digits kept of a figure: the text never gives more, and float
# products of the number reader ("130,3 млн" -> 130300000.00000001) are rounded away.
VALUE_DIGITS = 12
# The scale below which a share of a figure is read as a share of this instead (the
# comparison of a zero figure); not tuned, a float floor.
SCALE_FLOOR = 1e-12


def exact(value: float | None) -> float | None:
    """The figure as the text gave it: 130300000.00000001 is 130300000."""
    return None if value is None else float(f"{value:.{VALUE_DIGITS}g}")


def within(a: QuantityMention, b: QuantityMention) -> bool:
    """`a` is a point inside `b`'s range ("39 млрд" of "35-39 млрд")."""
    return (
        a.value is not None
        and b.value_min is not None
        and b.value_max is not None
        and b.value_min <= a.value <= b.value_max
    )


def same(a: QuantityMention, b: QuantityMention) -> bool:
    return (a.value, a.value_min, a.value_max) == (b.value, b.value_min, b.value_max)


def _close(x: float | None, y: float | None) -> bool:
    """Equal up to the rounding of the coarser report: 51,9 % and 52 %, 2,56 and
    2,6 млрд, 4,63 and 4,6 млрд agree (the coarser one is the finer one rounded to
    its own significant digits, and they differ by at most `ROUNDING`)."""
    if x is None or y is None:
        return x == y
    if x == y:
        return True
    coarse, fine = (x, y) if _digits(x) <= _digits(y) else (y, x)
    if float(fine).is_integer() and abs(fine) < ROUNDED_SCALE:
        return False  # whole counts are exact: 100 and 101 people are two reports that differ
    if _digits(coarse) == _digits(fine) or abs(fine - coarse) > ROUNDING * max(abs(coarse), SCALE_FLOOR):
        return False
    return float(f"{fine:.{_digits(coarse)}g}") == float(f"{coarse:.{VALUE_DIGITS}g}")


def _digits(value: float) -> int:
    """Significant digits a figure was given with: 4600000000 has 2, 4.63e9 has 3, 51.9 has 3."""
    text = f"{abs(value):.{VALUE_DIGITS}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = mantissa if int(exponent) < 0 else f"{float(text):f}".rstrip("0").rstrip(".")
    digits = text.replace(".", "").lstrip("0")
    if "." not in text:
        digits = digits.rstrip("0")
    return max(len(digits), 1)


def agree(a: QuantityMention, b: QuantityMention) -> bool:
    if _agree((a.value, a.value_min, a.value_max), (b.value, b.value_min, b.value_max)):
        return True
    return _approximates(a, b) or _approximates(b, a)


# An approximate figure ("около 70 тысяч", "примерно 600 км") agrees with an exact one
# it rounds, if they differ by at most this share: covid-mass-vaccination-russia's Tyumen
# doses "около 70 тысяч" and "еще 68 000" (2.9 %) are one report. Whole counts are
# otherwise exact (`_close`), and "около 2 тыс." stays apart from "2 400" (20 %).
ABOUT_SHARE = 0.05
# The qualifier the quantity annotator gives "около", "примерно", "порядка" (alone or
# combined with another, "more_about").
ABOUT = "about"


def _approximates(rough: QuantityMention, exact_q: QuantityMention) -> bool:
    """`rough` is marked approximate and is `exact_q`'s point value rounded to its own digits."""
    if not _about(rough):
        return False
    x, y = rough.value, exact_q.value
    if x is None or y is None or rough.value_min is not None or exact_q.value_min is not None:
        return False
    if abs(x - y) > ABOUT_SHARE * max(abs(x), SCALE_FLOOR):
        return False
    return float(f"{y:.{_digits(x)}g}") == float(f"{x:.{VALUE_DIGITS}g}")


# Headroom of `agree_reach` over the exact bound, for the float rounding of the
# comparisons it bounds (a margin, not tuned: any value above 1 keeps it a bound).
REACH_SLACK = 1.01


def agree_reach(x: float) -> float:
    """How far from `x` a value can be and still agree with it: `agree` of two figures
    compares like with like (point with point, range end with range end), and each
    comparison allows at most `ROUNDING` or `ABOUT_SHARE` of the larger value (floored at
    `SCALE_FLOOR`). With s the larger share, |x - y| <= s * (max(|x|, |y|) + floor) and
    max(|x|, |y|) <= |x| + |x - y| give |x - y| <= s * (|x| + floor) / (1 - s). An index
    of figures by value looks only within x +- this (`ledger_figure_index`)."""
    share = max(ROUNDING, ABOUT_SHARE)
    return REACH_SLACK * share * (abs(x) + SCALE_FLOOR) / (1 - share)


def agree_key(q: QuantityMention) -> tuple[float | None, float | None, float | None, bool]:
    """All that `agree` reads of a figure: figures of one key agree with the same figures."""
    return q.value, q.value_min, q.value_max, _about(q)


def _about(q: QuantityMention) -> bool:
    return bool(q.qualifier) and ABOUT in (q.qualifier or "").split("_")


# Distinct value pairs `agree` remembers. It is a pure function of the two figures,
# asked again for the same pairs on every article a story gains (the same-figure join
# of a 2,000-article bsnlp Brexit story: ~25,000 calls an add); 65,536 pairs of two
# 3-tuples are ~15 MiB.
AGREE_CACHE = 1 << 16
_Values = tuple[float | None, float | None, float | None]


@functools.lru_cache(maxsize=AGREE_CACHE)
def _agree(a: _Values, b: _Values) -> bool:
    return _close(a[0], b[0]) and _close(a[1], b[1]) and _close(a[2], b[2])


# Qualifiers that make a figure a bound rather than a value: "как минимум четыре",
# "не менее 70%", "более 100" say only that the true figure is at least that much.
LOWER_BOUNDS = ("at_least", "more_than")
UPPER_BOUNDS = ("at_most", "less_than")


def _bound_kind(q: QuantityMention) -> str | None:
    qualifier = q.qualifier or ""
    if any(qualifier.startswith(b) for b in LOWER_BOUNDS):
        return "lower"
    if any(qualifier.startswith(b) for b in UPPER_BOUNDS):
        return "upper"
    return None


def bounded_by(bound: QuantityMention, q: QuantityMention) -> bool:
    """`bound` is a lower (upper) bound that `q`'s figure satisfies: "как минимум
    четыре погибших" does not contradict "пять человек", nor "более 80" a later
    "более 100"; "не более 300 тысяч" allows 250 000. A range satisfies a bound
    when all of it does."""
    kind = _bound_kind(bound)
    if kind is None or bound.value is None:
        return False
    low = q.value if q.value is not None else q.value_min
    high = q.value if q.value is not None else q.value_max
    if low is None or high is None:
        return False
    if kind == "lower":
        return low >= bound.value or _close(low, bound.value)
    return high <= bound.value or _close(high, bound.value)
