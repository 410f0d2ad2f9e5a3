"""One section provider per source of data. Each reads public tables with a fixed number of queries,
whatever the number of kommuner (never a loop over schemas), and says plainly when its source has
no data yet."""

from dataclasses import dataclass
from datetime import date

from tenants.models import Kommun

MSG_NO_DATA = "Inga uppgifter ännu."


@dataclass
class Scope:
    """Which data a report reads: every kommun (consortium) or one kommun (`kommun`)."""

    today: date
    kommun: Kommun | None = None

    @property
    def kommun_id(self) -> int | None:
        return self.kommun.pk if self.kommun is not None else None

    def restrict(self, queryset, field: str = "kommun"):
        """Keep only the kommun's rows in a kommun report: the one filter every provider applies."""
        if self.kommun is None:
            return queryset
        return queryset.filter(**{field: self.kommun})
