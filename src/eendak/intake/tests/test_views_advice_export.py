"""Advice requests as CSV and Excel (``core.exports``): the rows of the list with its open filter,
logged as an export (an advice request names no family member); only for those who may see it."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from eendak.audit.models import AccessLogEntry, Action
from eendak.core.roles import Role
from eendak.intake import services as intake_services
from eendak.testing import factories as f

ADVICE = reverse("intake:advice_list")


def _advice(intake_actor, question, **named):
    return intake_services.register_advice(intake_actor, intake_services.AdviceData(
        channel="phone", asker_type="resident", question=question, **(named or {"anonymous": True})))


@pytest.mark.django_db
def test_advice_export_holds_the_lists_rows_with_its_filter(intake_actor, intake, login_as):
    first = _advice(intake_actor, "Zorgen om de buren.")
    converted = _advice(intake_actor, "Kind huilt elke avond.", consent_to_contact=True,
                        asker_name="Buurvrouw", asker_phone="013-1111111")
    intake_services.convert_advice_to_report(intake_actor, converted)
    converted.refresh_from_db()
    client = login_as(intake)
    assert "formaat=csv" in client.get(ADVICE).content.decode()

    response = client.get(ADVICE, {"formaat": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    header, *rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")),
                                    delimiter=";"))
    assert header[0] == "Kenmerk" and header[-1] == "Vervolg"
    assert {row[0] for row in rows} == {first.reference, converted.reference}
    assert "Zorgen om de buren" not in response.content.decode()  # the question is not listed
    assert next(row for row in rows if row[0] == converted.reference)[-1] == \
        converted.converted_to.reference

    excel = client.get(ADVICE, {"formaat": "xlsx", "open": "1"})
    sheet = load_workbook(io.BytesIO(excel.content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [first.reference]

    entries = AccessLogEntry.objects.filter(event="advice.list_exported").order_by("pk")
    assert [e.action for e in entries] == [Action.EXPORT, Action.EXPORT]
    assert entries[1].detail.startswith("export=xlsx regels=1")
    assert client.get(ADVICE, {"formaat": "pdf"}).status_code == 400


@pytest.mark.django_db
def test_advice_export_needs_the_lists_permission(intake_actor, vt, login_as):
    _advice(intake_actor, "Zorgen om de buren.")
    analyst = f.membership(Role.ANALYST, vt)
    assert login_as(analyst, verified=False).get(ADVICE, {"formaat": "csv"}).status_code == 404
    assert not AccessLogEntry.objects.filter(event="advice.list_exported").exists()
