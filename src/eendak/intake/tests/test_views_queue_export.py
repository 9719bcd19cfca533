"""The work queue as CSV and Excel (``core.exports``): the rows of the queue with the page's filter —
every page of it, nothing else — logged as an export naming everyone involved in those reports;
only for those who may see the queue."""

import csv
import io
import re
from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from eendak.audit.models import AccessLogEntry, Action
from eendak.core.models import Municipality
from eendak.core.roles import Role
from eendak.intake.models import ReportPerson
from eendak.testing import factories as f

from .test_views_queue import make_report

QUEUE = reverse("intake:queue")


def references_on_page(html: str) -> set[str]:
    return set(re.findall(r'href="/intake/meldingen/\d+/">([^<]+)</a>', html))


@pytest.fixture
def reports(intake_actor, tilburg):
    goirle = Municipality.objects.get(name="Goirle")
    at = timezone.make_aware(datetime(2025, 5, 2, 10))
    return (make_report(intake_actor, tilburg, received_at=at),
            make_report(intake_actor, tilburg, received_at=at, surname="Jansen"),
            make_report(intake_actor, goirle, received_at=at, surname="Smit"))


@pytest.mark.django_db
def test_queue_export_holds_the_filtered_rows_of_the_page(reports, intake, login_as):
    client = login_as(intake)
    goirle = reports[2].municipality
    page = client.get(QUEUE, {"municipality": goirle.pk}).content.decode()
    shown = references_on_page(page)
    assert shown == {reports[2].reference}
    assert "Download CSV" in page and f"municipality={goirle.pk}" in page

    response = client.get(QUEUE, {"municipality": goirle.pk, "formaat": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header, *rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")),
                                    delimiter=";"))
    assert header[2] == "Kenmerk" and {row[2] for row in rows} == shown
    assert rows[0][5] == "Goirle"

    everything = client.get(QUEUE, {"formaat": "xlsx"})
    sheet = load_workbook(io.BytesIO(everything.content)).active
    _header, *cells = list(sheet.iter_rows(values_only=True))
    assert {row[2] for row in cells} == {r.reference for r in reports}
    assert references_on_page(client.get(QUEUE).content.decode()) == {r.reference for r in reports}

    first, second = AccessLogEntry.objects.filter(event="report.queue_exported").order_by("id")
    assert first.action == second.action == Action.EXPORT
    assert set(first.person_ids) == set(ReportPerson.objects.filter(
        report=reports[2]).values_list("person_id", flat=True))
    assert set(second.person_ids) == set(ReportPerson.objects.values_list("person_id", flat=True))


@pytest.mark.django_db
def test_queue_export_needs_the_queues_permission(reports, vt, login_as):
    team = f.membership(Role.ANALYST, vt)
    assert login_as(team, verified=False).get(QUEUE, {"formaat": "csv"}).status_code == 404
    assert not AccessLogEntry.objects.filter(event="report.queue_exported").exists()
