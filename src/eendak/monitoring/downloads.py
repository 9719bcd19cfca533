"""The dashboards' downloads: a chart as SVG or PNG, its table as CSV or XLSX — all four from the one
published table of the read model (``dashboards.Table``), so a file holds exactly what the screen
shows. Every download is an export in the access log (``DashboardEvent.DOWNLOADED``, action E),
naming the table, the format, the municipality and the half-years; the API's reads are logged too.
No person is in any of it, so no person is named in the entries.
"""

from enum import StrEnum

from django.http import HttpResponse
from django.utils.text import slugify

from eendak.audit import services as audit
from eendak.audit.models import Action
from eendak.core import exports

from . import charts
from .dashboards import COUNT, NUMBER, SHARE, Dashboard, Table, display

FORMATS = {
    "svg": "image/svg+xml",
    "png": "image/png",
    **exports.FORMATS,
}


class DashboardEvent(StrEnum):
    DOWNLOADED = "dashboard.downloaded"
    API_READ = "dashboard.api_read"


def scope_detail(board: Dashboard, table: Table | None = None, fmt: str = "") -> str:
    parts = [f"gemeente={board.municipality.cbs_code}" if board.municipality else "regio",
             f"halfjaren={board.period.first.key}..{board.period.last.key}"]
    if table is not None:
        parts.insert(0, f"tabel={table.key}")
    if fmt:
        parts.insert(1, f"formaat={fmt}")
    return " ".join(parts)[:255]


def log_download(actor, board: Dashboard, table: Table, fmt: str) -> None:
    audit.log_access(actor, event=DashboardEvent.DOWNLOADED, action=Action.EXPORT,
                     obj=board.municipality, detail=scope_detail(board, table, fmt))


def log_api_read(actor, board: Dashboard) -> None:
    audit.log_access(actor, event=DashboardEvent.API_READ, action=Action.READ,
                     obj=board.municipality, detail=scope_detail(board))


def subtitle(board: Dashboard) -> str:
    return f"{board.scope_label}, {board.period.first.label} – {board.period.last.label}"


def as_export(table: Table, title: str = "") -> exports.Table:
    """The published table as core's export table (``core.exports``): one CSV and one XLSX writer
    for every list in Eendak. CSV shows a value as the screen does; not published is empty."""
    columns = [exports.Column(c.key, str(c.label), _KINDS.get(c.kind, exports.TEXT),
                              text=lambda value, kind=c.kind: display(value, kind))
               for c in table.columns]
    return exports.Table(title=title or str(table.title), columns=columns, name=table.key,
                         sheet=table.key,
                         rows=[[row[c.key] for c in table.columns] for row in table.rows])


_KINDS = {COUNT: exports.COUNT, SHARE: exports.SHARE, NUMBER: exports.NUMBER}


def csv_bytes(table: Table) -> bytes:
    return exports.csv_bytes(as_export(table))


def xlsx_bytes(table: Table, title: str) -> bytes:
    return exports.xlsx_bytes(as_export(table, title))


def filename(board: Dashboard, table: Table, fmt: str) -> str:
    scope = slugify(board.municipality.name) if board.municipality else "regio"
    return f"eendak-{table.key}-{scope}-{board.period.first.key}-{board.period.last.key}.{fmt}"


def content(board: Dashboard, table: Table, fmt: str) -> bytes:
    if fmt == "svg":
        return charts.svg(table, subtitle=subtitle(board)).encode("utf-8")
    if fmt == "png":
        return charts.png(table, subtitle=subtitle(board))
    if fmt == "csv":
        return csv_bytes(table)
    return xlsx_bytes(table, f"{table.title} — {subtitle(board)}")


def response(board: Dashboard, table: Table, fmt: str) -> HttpResponse:
    """The file as an attachment (the caller has logged it)."""
    answer = HttpResponse(content(board, table, fmt), content_type=FORMATS[fmt])
    answer["Content-Disposition"] = f'attachment; filename="{filename(board, table, fmt)}"'
    answer["X-Content-Type-Options"] = "nosniff"
    return answer
