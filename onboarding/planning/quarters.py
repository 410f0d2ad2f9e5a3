"""Quarters (kvartal): the plan's unit of time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from tenants import formatting

# 'Q1 2027' (as older plans wrote it), '2027-Q1' (the stored code), '2027 K1' (as the platform writes it now).
_LABEL_RE = re.compile(r"^\s*Q([1-4])\s+(\d{4})\s*$|^\s*(\d{4})\s*[-\s]?[QK]([1-4])\s*$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    q: int

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """'2027 K1', '2027-Q1' or 'Q1 2027'."""
        match = _LABEL_RE.match(text or "")
        if not match:
            raise ValueError(text)
        if match.group(1):
            return cls(int(match.group(2)), int(match.group(1)))
        return cls(int(match.group(3)), int(match.group(4)))

    def add(self, n: int) -> Quarter:
        ordinal = self.year * 4 + (self.q - 1) + n
        return Quarter(ordinal // 4, ordinal % 4 + 1)

    def index_from(self, start: Quarter) -> int:
        return (self.year - start.year) * 4 + self.q - start.q

    @property
    def start(self) -> date:
        return date(self.year, 3 * (self.q - 1) + 1, 1)

    @property
    def end(self) -> date:
        return self.add(1).start - timedelta(days=1)

    @property
    def label(self) -> str:
        """As people read it: '2027 K1' (tenants.formatting.quarter, in the active language)."""
        return formatting.quarter(self.year, self.q)

    @property
    def code(self) -> str:
        return f"{self.year}-Q{self.q}"

    def __str__(self) -> str:
        return self.label
