"""Exports: any list a user may see, as CSV or XLSX, logged as an export — the one way to do it.

A list offers its export with a small ``table(user, **params)`` function next to its query: it
builds a ``Table`` (a Dutch title, columns with Dutch headers, the rows, the persons the rows name)
from the *same* read model the page shows, so a file can never hold more than the screen (the
need-to-know filtering is the query's, not the export's). The function is marked ``@source`` with
the declared permission of the list, so the worker can rebuild it for a large export.

The view that shows the list asks ``answer`` first::

    @personal_view(["GET"], CaseEvent.LIST, "cases.view_work")
    def my_cases(request, actor):
        if (download := exports.answer(request, actor, pages.my_cases_table,
                                       event=CaseEvent.LIST)) is not None:
            return download
        ...                                     # the page, as before

``answer`` is None when no ``?formaat=csv|xlsx`` (or ``?format=``) is asked, a 400 with a Dutch
sentence for any other value, the file as an attachment for a list of at most
``EENDAK_EXPORT_BACKGROUND_ROWS`` rows (logged as ``Action.EXPORT`` naming the persons in it), and
for a larger list a page with one button that starts the export as long work (``core.tasks``,
``core.jobs``): progress on ``core:job_status``, the result downloaded there by its starter.

The files are for Excel as a Dutch user opens them: CSV with ``;`` between fields and a byte-order
mark (UTF-8), a cell that would start a formula (``= + - @``) prefixed with ``'``; XLSX with bold
headers, frozen first row, numbers as numbers and dates as dates. The dashboards' downloads
(``monitoring.downloads``) use the same two writers.
"""

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.core import signing
from django.http import HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from eendak.audit import services as audit
from eendak.audit.models import Action

TEXT, NUMBER, COUNT, SHARE, DATE = "text", "number", "count", "share", "date"
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
QUERY_NAMES = ("formaat", "format")  # Dutch for people; ``format`` for API-style callers
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SIGNING_SALT = "eendak.core.exports"
START_MAX_AGE = 60 * 60  # seconds a "start the export" button stays valid


@dataclass(frozen=True)
class Column:
    """One column: its key, its Dutch header, its kind, and (optionally) how CSV writes a value."""

    key: str
    label: str
    kind: str = TEXT
    text: Callable | None = None  # value -> str for CSV; default per kind


@dataclass
class Table:
    """A list as a file holds it. ``rows`` are sequences in column order and may be lazy (a
    generator over a queryset's ``iterator``); ``count`` is then their number, counted by the query.
    ``persons`` are the ids of the persons the rows name (the log names them), possibly lazy."""

    title: str
    columns: list[Column]
    rows: Iterable[Sequence]
    name: str = ""  # the file name's stem; from the title when empty
    count: int | None = None
    persons: Iterable[int] = ()
    detail: str = ""  # for the access log: the filter, the case
    sheet: str = ""  # the XLSX sheet's name; from the name when empty

    def size(self) -> int:
        if self.count is None:
            self.rows = list(self.rows)
            self.count = len(self.rows)
        return self.count

    def filename(self, fmt: str) -> str:
        stem = slugify(self.name or self.title)[:80] or "export"
        return f"{stem}-{timezone.localdate():%Y-%m-%d}.{fmt}"


class BadFormat(ValueError):
    pass


# --- The two writers ---------------------------------------------------------------------------------


def _csv_text(value, column: Column) -> str:
    if value is None:
        return ""
    if column.text is not None:
        return column.text(value)
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d-%m-%Y %H:%M") if timezone.is_aware(
            value) else value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    text = str(value)
    return "'" + text if column.kind == TEXT and text.startswith(FORMULA_STARTS) else text


def csv_line(values: Sequence[str]) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerow(values)
    return out.getvalue()


def csv_header(table: Table) -> str:
    return "\ufeff" + csv_line([str(c.label) for c in table.columns])


def csv_row(table: Table, row: Sequence) -> str:
    return csv_line([_csv_text(value, column) for value, column in zip(row, table.columns,
                                                                         strict=True)])


def csv_bytes(table: Table) -> bytes:
    """Semicolons and a byte-order mark, as Dutch spreadsheet programs read CSV; None is empty."""
    parts = [csv_header(table)]
    parts.extend(csv_row(table, row) for row in table.rows)
    return "".join(parts).encode("utf-8")


def _xlsx_value(value, column: Column):
    """A number where the value is one ("<5" stays text); a share as a fraction; a date a date."""
    if value is None:
        return None
    if column.kind == COUNT:
        return int(value) if str(value).isdigit() else str(value)
    if column.kind == SHARE:
        return value / 100
    if column.kind == NUMBER:
        return value
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, date):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def xlsx_bytes(table: Table, progress: Callable[[int], None] | None = None,
               every: int = 1000) -> bytes:
    """The table as one sheet; ``progress(done)`` is called every ``every`` rows (long work)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(slugify(table.sheet or table.name or table.title)[:31] or "lijst")
    workbook.properties.title = str(table.title)
    workbook.properties.creator = "Eendak"
    for index, column in enumerate(table.columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, min(48, len(str(column.label)) + 4))
    sheet.freeze_panes = "A2"
    header = []
    for column in table.columns:
        cell = WriteOnlyCell(sheet, value=str(column.label))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for done, row in enumerate(table.rows, start=1):
        cells = []
        for value, column in zip(row, table.columns, strict=True):
            cell = WriteOnlyCell(sheet, value=_xlsx_value(value, column))
            if column.kind == SHARE:
                cell.number_format = "0%"
            elif column.kind == DATE or isinstance(cell.value, datetime | date):
                cell.number_format = "DD-MM-YYYY HH:MM" if isinstance(cell.value, datetime) \
                    else "DD-MM-YYYY"
            cells.append(cell)
        sheet.append(cells)
        if progress is not None and done % every == 0:
            progress(done)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def content(table: Table, fmt: str) -> bytes:
    return csv_bytes(table) if fmt == "csv" else xlsx_bytes(table)


def file_response(data: bytes, fmt: str, filename: str) -> HttpResponse:
    """The file as an attachment (the caller has logged it)."""
    answer = HttpResponse(data, content_type=FORMATS[fmt])
    answer["Content-Disposition"] = f'attachment; filename="{filename}"'
    answer["X-Content-Type-Options"] = "nosniff"
    return answer


# --- Sources: the lists that may be exported -------------------------------------------------------


def source(permission: str):
    """Mark ``table(user, **params) -> Table`` as an exportable list behind ``permission`` (the
    list's own declared permission, asked without an object; the table function itself applies
    the need-to-know of its query and of any object in ``params``)."""

    def mark(function):
        function.export_permission = permission
        function.export_path = f"{function.__module__}.{function.__qualname__}"
        return function

    return mark


def resolve(path: str):
    """The table function at ``path``, only when it was marked ``@source`` (never just any name)."""
    function = import_string(path)
    if getattr(function, "export_path", None) != path:
        raise ValueError(f"{path} is not an export source")
    return function


# --- The view's helper -----------------------------------------------------------------------------


def requested_format(request) -> str | None:
    """``csv`` or ``xlsx`` from ``?formaat=`` (or ``?format=``); None when not asked; ``BadFormat``
    for anything else."""
    for name in QUERY_NAMES:
        if name in request.GET:
            value = request.GET.get(name, "").strip().lower()
            if value in FORMATS:
                return value
            raise BadFormat(value)
    return None


def background_rows() -> int:
    return int(getattr(settings, "EENDAK_EXPORT_BACKGROUND_ROWS", 2000))


def log_export(actor, table: Table, fmt: str, *, event: str, obj=None) -> None:
    detail = " ".join(filter(None, [f"export={fmt}", f"regels={table.size()}", table.detail]))
    audit.log_access(actor, event=event, action=Action.EXPORT, obj=obj, persons=table.persons,
                     detail=detail[:255])


def answer(request, actor, build, *, event: str, obj=None, params: dict | None = None,
           default: str | None = None):
    """The export of the list ``build`` for this request, or None when no export is asked.

    ``build`` is the list's ``@source`` table function; ``params`` its keyword arguments (JSON:
    they are handed to the worker for a large export). The caller has required the list's
    permission (the page's own). ``event`` is the page's access-log event; the entry is an export.
    ``default`` is the format of a URL that only exports (None: the page itself when none is asked).
    """
    try:
        fmt = requested_format(request)
    except BadFormat:
        return HttpResponseBadRequest(
            _("Onbekend formaat. Kies formaat=csv of formaat=xlsx."),
            content_type="text/plain; charset=utf-8")
    fmt = fmt or default
    if fmt is None:
        return None
    params = params or {}
    table = build(request.user, **params)
    if table.size() > background_rows():
        token = signing.dumps({"source": build.export_path, "params": params, "format": fmt,
                               "event": str(event), "title": str(table.title),
                               "back": request.get_full_path()[:400]}, salt=SIGNING_SALT)
        return render(request, "core/export_start.html", {
            "table": table, "format": fmt.upper(), "token": token,
            "threshold": background_rows()})
    data = content(table, fmt)
    with audit.atomic():
        log_export(actor, table, fmt, event=event, obj=obj)
    return file_response(data, fmt, table.filename(fmt))


LIST_PARAM = "lijst"  # which list, on a page that shows several (Mijn casussen: acties, signalen)


def links(request, list_name: str = "", what: str = "", *, path: str = "",
          query: dict | None = None) -> list[tuple[str, str]]:
    """The "Download CSV" / "Download Excel" links of a list page: its own URL with ``formaat``
    (and ``lijst=<list_name>`` for a second list on the same page, ``what`` its name in the
    links' text, so two pairs on one page do not read the same). ``path`` and ``query``: the
    list's own URL and filter when the page is shown again after a POST elsewhere."""
    params = request.GET.copy() if query is None else QueryDict(mutable=True)
    params.update(query or {})
    for name in (*QUERY_NAMES, "page", LIST_PARAM):
        params.pop(name, None)
    if list_name:
        params[LIST_PARAM] = list_name
    result = []
    for fmt, label in (("csv", _("Download CSV")), ("xlsx", _("Download Excel"))):
        params["formaat"] = fmt
        result.append((f"{label} ({what})" if what else label,
                       f"{path or request.path}?{params.urlencode()}"))
    return result


@dataclass
class Started:
    """What the start view read back from the signed button (nothing the user could change)."""

    source: str
    params: dict = field(default_factory=dict)
    format: str = "csv"
    event: str = ""
    title: str = ""
    back: str = ""


def read_start(token: str) -> Started:
    """The export the button was made for; ``signing.BadSignature`` when tampered or too old."""
    data = signing.loads(token, salt=SIGNING_SALT, max_age=START_MAX_AGE)
    if data.get("format") not in FORMATS:
        raise signing.BadSignature("format")
    return Started(**data)
