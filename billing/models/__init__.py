"""Billing models (public schema). Split by sub-domain: parties, costs, statements; locking is shared."""

from .costs import AllocationRow, CostBase, CostLine, CostModel, KeyChoice, VatChoice
from .locking import LockedError
from .parties import BillingParty, party_from_snapshot, validate_orgnr
from .statements import NumberSeries, Period, Statement, StatementLine, period_dates

__all__ = [
    "AllocationRow",
    "BillingParty",
    "CostBase",
    "CostLine",
    "CostModel",
    "KeyChoice",
    "LockedError",
    "NumberSeries",
    "Period",
    "Statement",
    "StatementLine",
    "VatChoice",
    "party_from_snapshot",
    "period_dates",
    "validate_orgnr",
]
