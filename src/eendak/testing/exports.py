"""Reading a list export (``core.exports``) in a test as a user's spreadsheet program would: the CSV
with its byte-order mark and semicolons, the XLSX's first sheet. One reader for every app's export
tests, so they all check the same promises of the file."""

import csv
import io

from openpyxl import load_workbook

CSV_TYPE = "text/csv"
XLSX_TYPE = "application/vnd.openxmlformats"


def read_csv(response) -> list[list[str]]:
    """The rows of a CSV export answered in the request (200, text/csv, a BOM for Excel)."""
    assert response.status_code == 200 and response["Content-Type"].startswith(CSV_TYPE)
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")  # for Excel
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


def xlsx_rows(data: bytes) -> list[list]:
    """The rows of an XLSX file's first sheet, values only."""
    return [list(row) for row in load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)]


def read_xlsx(response) -> list[list]:
    """The rows of an XLSX export answered in the request."""
    assert response["Content-Type"].startswith(XLSX_TYPE)
    return xlsx_rows(response.content)
