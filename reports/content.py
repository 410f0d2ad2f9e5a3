"""What a report holds once its data is gathered: plain data, no queries, ready for the template.

The selectors build these; rendering only lays them out. So the time spent in the database
and the time spent in WeasyPrint can be measured (and tested) apart.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from .charts import Chart


@dataclass
class Kpi:
    """A headline figure: "System registrerade: 412"."""

    label: str
    value: object
    note: str = ""


@dataclass
class Table:
    """A table with a caption; `numeric` marks the columns aligned right."""

    caption: str
    columns: list[str]
    rows: list[list]
    numeric: set[int] = field(default_factory=set)
    footer: list | None = None
    wide: bool = False  # many columns: laid out on a landscape page of its own, in a smaller type


@dataclass
class Section:
    """One heading of the report. A section whose source has no data yet says so in `empty`."""

    key: str
    title: str
    intro: str = ""
    empty: str = ""
    kpis: list[Kpi] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"sec-{self.key}"


@dataclass
class ProviderResult:
    """What one source gives a report: its section, its columns of the one-line-per-kommun table,
    its key figures (kept on the issued report, drawn over time by later reports) and the time of
    the newest change it read (how fresh the data is)."""

    section: Section
    per_kommun: dict[int, dict[str, object]] = field(default_factory=dict)
    per_kommun_columns: list[str] = field(default_factory=list)
    figures: dict[str, float] = field(default_factory=dict)
    as_of: datetime | None = None


@dataclass
class ReportData:
    """Everything a report shows."""

    kind: str
    title: str
    subtitle: str
    generated_at: datetime
    data_as_of: datetime | None
    sections: list[Section]
    figures: dict[str, float] = field(default_factory=dict)
    subject_kommun_id: int | None = None
    period_end: date | None = None
    document_type: str = "report"  # "report" (title page, contents) or "statement" (a plain document)
    extra: dict = field(default_factory=dict)
