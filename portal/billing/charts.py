"""The 12-month balance chart of « Accueil », drawn on the server as SVG geometry.

Bars go up from the zero line for an amount due and down for a credit. The template draws them
with presentation attributes only (strict CSP: no style attribute). The drawing is 360 units wide
and shown at most 30rem wide (portal.css), so that its 11-unit labels read as 11 to 15 px from a
phone to a desktop; months are abbreviated as in the tables (« sept. »).
"""

from dataclasses import dataclass
from decimal import Decimal

from .formats import euros

MONTHS = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]

WIDTH, HEIGHT = 360, 170
TOP, BOTTOM, LEFT = 18, 22, 4
BAR_RATIO = 0.6


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label_x: float
    short_month: str
    month: str
    balance: Decimal
    balance_text: str
    is_due: bool


@dataclass(frozen=True)
class BalanceChart:
    width: int
    height: int
    zero_y: float
    label_y: int
    max_text: str
    min_text: str
    top_y: int
    bottom_y: int
    bars: list[Bar]


def balance_chart(history) -> BalanceChart:
    """`history`: MonthBalance items (month, balance), oldest first."""
    highest = max([m.balance for m in history] + [Decimal("0")])
    lowest = min([m.balance for m in history] + [Decimal("0")])
    span = (highest - lowest) or Decimal("1")
    plot = HEIGHT - TOP - BOTTOM
    zero_y = TOP + float(highest / span) * plot
    slot = (WIDTH - LEFT) / max(len(history), 1)
    bars = []
    for index, point in enumerate(history):
        size = float(abs(point.balance) / span) * plot
        x = LEFT + index * slot + slot * (1 - BAR_RATIO) / 2
        bars.append(
            Bar(
                x=round(x, 1),
                y=round(zero_y - size if point.balance > 0 else zero_y, 1),
                width=round(slot * BAR_RATIO, 1),
                height=round(max(size, 1.0), 1),
                label_x=round(LEFT + index * slot + slot / 2, 1),
                short_month=MONTHS[point.month.month - 1],
                month=f"{MONTHS[point.month.month - 1]} {point.month.year}",
                balance=point.balance,
                balance_text=euros(abs(point.balance)),
                is_due=point.balance > 0,
            )
        )
    return BalanceChart(
        width=WIDTH,
        height=HEIGHT,
        zero_y=round(zero_y, 1),
        label_y=HEIGHT - 6,
        max_text=euros(highest),
        min_text=euros(lowest),
        top_y=TOP,
        bottom_y=TOP + plot,
        bars=bars,
    )
