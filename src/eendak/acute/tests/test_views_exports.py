"""The Spoedplein's lists as CSV and Excel (``core.exports``): the work list and the forensic
queue hold the rows the page shows — never another hospital's — and each download is logged as an
export naming the patients."""

import io

import pytest
from openpyxl import load_workbook

from eendak.acute import services
from eendak.audit.models import AccessLogEntry, Action
from eendak.testing.exports import read_csv

from .views_helpers import url

pytestmark = pytest.mark.django_db


def test_the_work_list_exports_the_hospitals_own_presentations(toddler, adult, clinician,
                                                               other_clinician, login_as):
    client = login_as(clinician)
    assert "formaat=xlsx" in client.get(url("work")).content.decode()
    header, *rows = read_csv(client.get(url("work"), {"formaat": "csv"}))
    assert header[:3] == ["Kenmerk", "Aankomst", "Patiënt"]
    assert {row[0] for row in rows} == {toddler.reference, adult.reference}
    excel = client.get(url("work"), {"formaat": "xlsx"})
    sheet = load_workbook(io.BytesIO(excel.content)).active
    assert {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)} == {
        toddler.reference, adult.reference}
    entries = AccessLogEntry.objects.filter(event="acute.work_exported")
    assert [e.action for e in entries] == [Action.EXPORT, Action.EXPORT]
    assert set(entries[0].person_ids) == {toddler.patient_id, adult.patient_id}

    # Another hospital's clinician: a file without them, logged naming no one.
    header, *rows = read_csv(login_as(other_clinician).get(url("work"), {"formaat": "csv"}))
    assert rows == []
    assert login_as(clinician).get(url("work"), {"formaat": "pdf"}).status_code == 400


def test_the_forensic_queue_exports_whats_waiting(adult, clinician_actor, forensic_doctor,
                                                  clinician, login_as):
    services.request_forensic(clinician_actor, adult, question="Letsel vastleggen.")
    header, *rows = read_csv(login_as(forensic_doctor).get(url("forensic_queue"),
                                                           {"formaat": "csv"}))
    assert [row[2] for row in rows] == [adult.reference] and rows[0][4] == "Letsel vastleggen."
    entry = AccessLogEntry.objects.get(event="acute.forensic_queue_exported")
    assert entry.action == Action.EXPORT and entry.person_ids == [adult.patient_id]
    # A clinician has no queue: the logged 404, nothing exported.
    assert login_as(clinician).get(url("forensic_queue"), {"formaat": "csv"}).status_code == 404
    assert AccessLogEntry.objects.filter(event="acute.forensic_queue_exported").count() == 1


def test_the_figures_export_the_hospitals_own_and_the_regions_published(
        toddler, adult, clinician, clinician_actor, other_clinician, hospital, login_as):
    """"Cijfers Spoedplein" as a file: the hospital's own counts (another hospital: none of them),
    the analyst's published ones ("<5", no share under 5); logged as an export naming no one."""
    from django.utils import timezone

    from eendak.core.roles import Role
    from eendak.testing import factories as f

    services.record_willingness(clinician_actor, toddler, state="willing")
    services.record_willingness(clinician_actor, adult, state="not_willing")
    month = f"{timezone.localtime():%Y-%m}"
    client = login_as(clinician)
    assert "formaat=csv" in client.get(url("figures")).content.decode()
    header, *rows = read_csv(client.get(url("figures"), {"formaat": "csv"}))
    assert header[:2] == ["Maand", "Presentaties"]
    own = {row[0]: row for row in rows}[month]
    column = {name: i for i, name in enumerate(header)}
    assert own[1] == "2" and own[column["Bereid tot aangifte (van wie gevraagd)"]] == "50"
    sheet = load_workbook(io.BytesIO(client.get(url("figures"), {"formaat": "xlsx"}).content)).active
    cells = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert cells[month][1] == 2
    assert read_csv(login_as(other_clinician).get(url("figures"), {"formaat": "csv"}))[1:] == []

    analyst = login_as(f.membership(Role.ANALYST, hospital))
    header, *rows = read_csv(analyst.get(url("figures"), {"formaat": "csv"}))
    regional = {row[0]: row for row in rows}[month]
    assert regional[1] == "<5" and regional[column["Bereid tot aangifte (van wie gevraagd)"]] == ""
    entries = AccessLogEntry.objects.filter(event="acute.figures_exported")
    assert [e.action for e in entries] == [Action.EXPORT] * 4
    assert not any(e.person_ids for e in entries)
    bad = client.get(url("figures"), {"formaat": "pdf"})
    assert bad.status_code == 400 and "Onbekend formaat" in bad.content.decode()
