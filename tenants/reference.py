"""Reference data: Sweden's 290 kommuner (SCB codes), shipped with the project (CC0, see data/)."""

import csv
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@cache
def swedish_kommuner() -> dict[str, str]:
    """kommunkod -> short name, e.g. {"1281": "Lund"}."""
    with open(DATA_DIR / "sweden_kommuner_290.csv", encoding="utf-8", newline="") as handle:
        return {row["municipality_code"]: row["municipality_name_short"] for row in csv.DictReader(handle)}
