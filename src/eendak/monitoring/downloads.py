"""The dashboards' downloads: a chart as SVG or PNG, its table as CSV or XLSX — all four from the one
published table of the read model (``dashboards.Table``), so a file holds exactly what the screen
shows. Every download is an export in the access log (``DashboardEvent.DOWNLOADED``, action E),
naming the table, the format, the municipality and the half-years; the API's reads are logged too.
No person is in any of it, so no person is named in the entries.
"""

import csv
import io
from enum import StrEnum

from django.http import HttpResponse
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Font

from eendak.audit import services as audit
from eendak.audit.models import Action

from . import charts
from .dashboards import COUNT, NUMBER, SHARE, Dashboard, Table, display

FORMATS = {
    "svg": "image/svg+xml",
    "png": "image/png",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
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


def csv_bytes(table: Table) -> bytes:
    """Semicolons and a byte-order mark, as Dutch spreadsheet programs read CSV; not published is
    an empty cell."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.label for c in table.columns])
    for row in table.rows:
        writer.writerow(["" if row[c.key] is None else display(row[c.key], c.kind)
                         for c in table.columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _xlsx_value(value, kind: str):
    """A number where the published value is one ("<5" stays text); a share as a fraction."""
    if value is None:
        return None
    if kind == COUNT:
        return int(value) if str(value).isdigit() else str(value)
    if kind == SHARE:
        return value / 100
    if kind == NUMBER:
        return value
    return str(value)


def xlsx_bytes(table: Table, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = slugify(table.key)[:31] or "cijfers"
    workbook.properties.title = title
    workbook.properties.creator = "Eendak"
    sheet.append([c.label for c in table.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([_xlsx_value(row[c.key], c.kind) for c in table.columns])
    for index, column in enumerate(table.columns, start=1):
        if column.kind == SHARE:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = "0%"
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = max(12, min(48, len(column.label) + 4))
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


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
