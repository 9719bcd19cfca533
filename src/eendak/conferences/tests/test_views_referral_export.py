"""The Veiligheidsteam's referrals as CSV and Excel (``core.exports``): the rows the list shows the
organisation, nothing it may not see, logged as an export naming the households' persons."""

import csv
import io

import pytest
from openpyxl import load_workbook

from eendak.audit.models import AccessLogEntry, Action

from .views_helpers import refer, url

pytestmark = pytest.mark.django_db


def test_referrals_export_holds_what_the_list_shows(team_case, team_member, ggz_contact, login_as):
    referral = refer(team_case)
    case = team_case[0]
    client = login_as(team_member)
    assert "Download Excel" in client.get(url("referral_list")).content.decode()

    response = client.get(url("referral_list"), {"formaat": "csv"})
    header, *rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")),
                                    delimiter=";"))
    assert header[0] == "Aanmelding" and [row[0] for row in rows] == [referral.reference]
    assert rows[0][1] == case.reference

    excel = client.get(url("referral_list"), {"formaat": "xlsx", "status": referral.status})
    _header, *cells = list(load_workbook(io.BytesIO(excel.content)).active.iter_rows(
        values_only=True))
    assert [row[0] for row in cells] == [referral.reference]

    entry = AccessLogEntry.objects.filter(event="conferences.referrals_exported").first()
    assert entry.action == Action.EXPORT
    assert set(entry.person_ids) == {m.person_id for m in case.household.members.all()}

    # An organisation that may not see the referral gets a file without it.
    other = login_as(ggz_contact).get(url("referral_list"), {"formaat": "csv"})
    assert other.status_code == 200 and referral.reference not in other.content.decode()
