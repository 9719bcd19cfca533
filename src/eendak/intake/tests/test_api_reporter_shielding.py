"""The reporter's identity is Veilig Thuis's alone: for anyone else the ``reporter`` key is absent
(not null), so a client cannot even tell whether a reporter was recorded."""

import pytest
from rest_framework.test import APIRequestFactory

from eendak.core.actors import Actor
from eendak.intake import services as intake_services
from eendak.intake.api.serializers import ReportSerializer

from .api_helpers import API, body, local_team_member, post_json, web_report

pytestmark = pytest.mark.django_db


def _serialise_for(membership, report):
    request = APIRequestFactory().get("/")
    membership.user.acting_membership = membership
    request.user = membership.user
    return ReportSerializer(report, context={"request": request}).data


def test_veilig_thuis_sees_the_reporter(login_as, intake):
    client = login_as(intake)
    report = body(post_json(client, f"{API}/reports/", web_report()))

    shown = body(client.get(f"{API}/reports/{report['id']}/"))

    assert shown["reporter"] == {
        "name": "J. Jansen", "isProfessional": False, "role": "niet_beroepsmatig",
        "sector": "niet_van_toepassing", "organisationName": "", "phone": "",
        "email": "buurman@example.org", "relation": "buurman", "staysUnknownToFamily": False}


def test_a_reporter_who_wants_to_stay_unknown_to_the_family_is_recorded_so(login_as, intake):
    client = login_as(intake)
    data = web_report()
    data["reporter"]["staysUnknownToFamily"] = True

    report = body(post_json(client, f"{API}/reports/", data))

    assert report["reporter"]["staysUnknownToFamily"] is True
    page = client.get(f"/intake/meldingen/{report['id']}/").content.decode()
    assert 'data-testid="reporter-stays-unknown"' in page


def test_the_work_queue_never_lists_reporters(login_as, intake):
    client = login_as(intake)
    post_json(client, f"{API}/reports/", web_report())

    [item] = body(client.get(f"{API}/reports/"))["results"]

    assert "reporter" not in item
    assert "J. Jansen" not in str(item) and "buurman@example.org" not in str(item)


def test_the_reporter_key_is_absent_for_a_local_team_member(intake, tilburg_team,
                                                            police_report_data):
    intake.user.acting_membership = intake
    report = intake_services.register_report(
        Actor(user=intake.user, membership=intake), police_report_data())

    for_team = _serialise_for(local_team_member("Tilburg"), report)
    for_vt = _serialise_for(intake, report)

    assert "reporter" not in for_team
    assert "Agent K. de Boer" not in str(for_team)
    assert for_vt["reporter"]["name"] == "Agent K. de Boer"
    assert set(for_vt) - set(for_team) == {"reporter"}
