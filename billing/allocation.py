"""Sharing the consortium's costs between kommuner: pure arithmetic, no Django, no database.

Municipal finance people check every krona, so the rules are few and exact:

- Money is counted in whole öre (int). A line's amount is split by the weights of its
  allocation key with the largest-remainder method: every kommun first gets the floor
  of its exact share, and the öre left over go one each to the largest remainders.
  The shares of a line therefore add up exactly to the line, and none is negative.
- Ties between equal remainders go to the larger weight, then to the earlier
  participant in the order given. Callers pass participants in a fixed order
  (by kommunkod), so the same input always gives the same öre.
- The one-off joining fee is a price per inhabitant charged to the kommuner that join
  in the model's year; its line total is the sum of those charges (no split).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction

ORE = Decimal("0.01")


class Key(StrEnum):
    """How a budget line is shared. The values are stored in the database."""

    POPULATION = "population"
    EQUAL = "equal"
    SYSTEMS = "systems"
    GB = "gb"
    DELIVERIES = "deliveries"
    JOINING_FEE = "joining_fee"


class AllocationError(ValueError):
    """A line cannot be shared: nobody has any base for its key."""

    def __init__(self, line_id: Hashable, key: Key):
        super().__init__(f"line {line_id!r}: no participant has a base for key {key}")
        self.line_id = line_id
        self.key = key


def to_ore(amount: Decimal) -> int:
    """SEK (Decimal) to öre; amounts with more than two decimals are refused rather than rounded."""
    ore = Decimal(amount) * 100
    if ore != ore.to_integral_value():
        raise ValueError(f"{amount} SEK is not a whole number of öre")
    return int(ore)


def from_ore(ore: int) -> Decimal:
    return (Decimal(ore) / 100).quantize(ORE)


@dataclass(frozen=True)
class Participant:
    """A kommun taking part in a cost model, with its bases for every key."""

    id: Hashable
    name: str
    population: int = 0
    systems: int = 0
    gb: Decimal = Decimal(0)
    deliveries: int = 0
    joining: bool = False

    def base(self, key: Key) -> Decimal:
        """The kommun's base for a key: what its share is proportional to."""
        match key:
            case Key.POPULATION:
                return Decimal(self.population)
            case Key.EQUAL:
                return Decimal(1)
            case Key.SYSTEMS:
                return Decimal(self.systems)
            case Key.GB:
                return Decimal(self.gb)
            case Key.DELIVERIES:
                return Decimal(self.deliveries)
            case Key.JOINING_FEE:
                return Decimal(self.population) if self.joining else Decimal(0)
        raise ValueError(key)


@dataclass(frozen=True)
class Line:
    """A budget line: its amount in SEK, or for the joining fee the price per inhabitant."""

    id: Hashable
    label: str
    key: Key
    amount: Decimal


@dataclass(frozen=True)
class Share:
    """One kommun's part of one line: the key, its base, its share of the bases and the amount."""

    line_id: Hashable
    participant_id: Hashable
    key: Key
    base: Decimal
    share: Fraction  # base / sum of bases; for the joining fee 1 when charged
    amount: Decimal


@dataclass
class Allocation:
    """The result: every (line, participant) share, plus totals that add up by construction."""

    lines: list[Line]
    participants: list[Participant]
    shares: dict[tuple[Hashable, Hashable], Share] = field(default_factory=dict)

    def share(self, line_id: Hashable, participant_id: Hashable) -> Share:
        return self.shares[(line_id, participant_id)]

    def line_total(self, line_id: Hashable) -> Decimal:
        return sum((s.amount for (lid, _p), s in self.shares.items() if lid == line_id), Decimal("0.00"))

    def participant_total(self, participant_id: Hashable) -> Decimal:
        return sum((s.amount for (_l, pid), s in self.shares.items() if pid == participant_id), Decimal("0.00"))

    def total(self) -> Decimal:
        return sum((s.amount for s in self.shares.values()), Decimal("0.00"))


def split_ore(total_ore: int, weights: Sequence[Fraction | int | Decimal]) -> list[int]:
    """Split `total_ore` in proportion to `weights` with the largest-remainder method.

    The parts are whole öre, never negative, and add up exactly to `total_ore`.
    """
    if total_ore < 0:
        raise ValueError("a line amount cannot be negative")
    exact = [Fraction(w) for w in weights]
    if any(w < 0 for w in exact):
        raise ValueError("a base cannot be negative")
    # Scale to whole numbers (exactly): then floors and remainders are plain integer arithmetic.
    scale = math.lcm(*(w.denominator for w in exact))
    ints = [w.numerator * (scale // w.denominator) for w in exact]
    weight_sum = sum(ints)
    if weight_sum == 0:
        raise ValueError("no weights to split by")
    parts, remainders = [], []
    for w in ints:
        part, remainder = divmod(total_ore * w, weight_sum)
        parts.append(part)
        remainders.append(remainder)
    left = total_ore - sum(parts)
    # Largest remainder first; then the larger weight; then the earlier participant.
    order = sorted(range(len(ints)), key=lambda i: (-remainders[i], -ints[i], i))
    for i in order[:left]:
        parts[i] += 1
    return parts


def _round_ore(value: Decimal) -> int:
    return int((value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def allocate(lines: Sequence[Line], participants: Sequence[Participant]) -> Allocation:
    """Share every line between the participants. Raises AllocationError for a line nobody has a base for."""
    result = Allocation(lines=list(lines), participants=list(participants))
    for line in lines:
        bases = [p.base(line.key) for p in participants]
        if line.key == Key.JOINING_FEE:
            for participant, base in zip(participants, bases, strict=True):
                amount = _round_ore(Decimal(line.amount) * base) if base else 0
                result.shares[(line.id, participant.id)] = Share(
                    line.id, participant.id, line.key, base, Fraction(1 if base else 0), from_ore(amount)
                )
            continue
        total = sum(bases, Decimal(0))
        if total <= 0:
            if to_ore(line.amount) == 0:
                parts = [0] * len(participants)
            else:
                raise AllocationError(line.id, line.key)
        else:
            parts = split_ore(to_ore(line.amount), bases)
        for participant, base, part in zip(participants, bases, parts, strict=True):
            share = Fraction(base) / Fraction(total) if total > 0 else Fraction(0)
            result.shares[(line.id, participant.id)] = Share(
                line.id, participant.id, line.key, base, share, from_ore(part)
            )
    return result


def split_period(annual: Decimal, parts: int) -> list[Decimal]:
    """An annual amount in `parts` equal periods (4 quarters) that add up exactly to it."""
    return [from_ore(p) for p in split_ore(to_ore(annual), [1] * parts)]


@dataclass(frozen=True)
class Difference:
    """One kommun's total in the fixed model and in the what-if preview."""

    participant_id: Hashable
    name: str
    before: Decimal | None  # None: not a participant before
    after: Decimal | None  # None: not a participant after

    @property
    def change(self) -> Decimal:
        return (self.after or Decimal("0.00")) - (self.before or Decimal("0.00"))


def compare(before: Allocation, after: Allocation) -> list[Difference]:
    """Per kommun: total before and after, in the order of `before` then the newcomers."""
    names = {p.id: p.name for p in before.participants}
    names.update({p.id: p.name for p in after.participants if p.id not in names})
    in_before = {p.id for p in before.participants}
    in_after = {p.id for p in after.participants}
    return [
        Difference(
            pid,
            name,
            before.participant_total(pid) if pid in in_before else None,
            after.participant_total(pid) if pid in in_after else None,
        )
        for pid, name in names.items()
    ]
