"""The privacy officer's screens for the data subject's requests: list with the deadline signal,
registering (errors in Dutch, input kept), the steps, the inzage PDF's download, and another
organisation's request as a 404."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from eendak.audit.models import AccessLogEntry
from eendak.core.actors import Actor
from eendak.core.roles import Role
from eendak.privacy import services as privacy
from eendak.privacy.models import DataSubjectRequest
from eendak.privacy.workflow import RequestKind, RequestState

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(privacy_officer):
    return Actor(privacy_officer.user, privacy_officer)


def _register(officer, person, kind=RequestKind.ACCESS, days_ago=0):
    return privacy.register_request(
        officer, person=person, kind=kind, received_on=timezone.localdate() - timedelta(days=days_ago),
        received_via="email", request_text="Ik wil mijn dossier zien.")


def test_the_list_signals_overdue_requests(login_as, privacy_officer, officer, household_with_case):
    _, _, (parent, *_rest) = household_with_case
    _register(officer, parent, days_ago=40)
    response = login_as(privacy_officer).get(reverse("privacy:request_list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert parent.full_name in page and "Termijn verstreken" in page
    assert AccessLogEntry.objects.get(event="rights_request.list").person_ids == [parent.pk]
    home = login_as(privacy_officer).get(reverse("core:home"))
    assert "Verzoeken van betrokkenen" in home.content.decode()


def test_registering_keeps_the_input_on_an_error(login_as, privacy_officer, household_with_case):
    _, _, (parent, *_rest) = household_with_case
    client = login_as(privacy_officer)
    bad = client.post(reverse("privacy:request_register"), {
        "person_id": parent.pk, "kind": "correction", "received_on": "01-01-2030",
        "received_via": "letter", "request_text": "Mijn voornaam is fout gespeld."})
    assert bad.status_code == 400
    page = bad.content.decode()
    assert "De datum van ontvangst ligt in de toekomst." in page
    assert "Mijn voornaam is fout gespeld." in page
    assert not DataSubjectRequest.objects.exists()
    good = client.post(reverse("privacy:request_register"), {
        "person_id": parent.pk, "kind": "correction",
        "received_on": timezone.localdate().strftime("%d-%m-%Y"), "received_via": "letter",
        "request_text": "Mijn voornaam is fout gespeld.", "correction_field": "given_names",
        "correction_value": "Johanna"})
    made = DataSubjectRequest.objects.get()
    assert good.status_code == 302 and good.url == reverse("privacy:request_detail",
                                                           kwargs={"rights_request_id": made.pk})


def test_an_access_request_to_its_pdf_and_decision(login_as, privacy_officer, officer,
                                                   household_with_case):
    _, _, (parent, *_rest) = household_with_case
    made = _register(officer, parent)
    client = login_as(privacy_officer)
    step = lambda name: reverse("privacy:request_step",  # noqa: E731
                                kwargs={"rights_request_id": made.pk, "step": name})
    assert client.post(step("start")).status_code == 302
    assert client.post(step("inzagebestand")).status_code == 302
    detail = client.get(reverse("privacy:request_detail", kwargs={"rights_request_id": made.pk}))
    assert "Inzagebestand van" in detail.content.decode()
    file = made.files.get()
    pdf = client.get(reverse("privacy:access_file_download",
                             kwargs={"rights_request_id": made.pk, "file_id": file.pk}))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and "no-store" in pdf["Cache-Control"]
    assert AccessLogEntry.objects.get(event="access_file.downloaded").person_ids == [parent.pk]
    no_reason = client.post(step("besluiten"), {"decision": "granted", "reason": ""})
    assert no_reason.status_code == 400 and "Motiveer het besluit" in no_reason.content.decode()
    assert client.post(step("besluiten"), {"decision": "granted",
                                           "reason": "Per post verstuurd"}).status_code == 302
    made.refresh_from_db()
    assert made.state == RequestState.GRANTED


def test_another_organisations_request_is_not_there(login_as, officer, household_with_case,
                                                   make_member, tilburg_team):
    _, _, (parent, *_rest) = household_with_case
    made = _register(officer, parent)
    other = login_as(make_member(Role.PRIVACY_OFFICER, tilburg_team))
    assert other.get(reverse("privacy:request_detail",
                             kwargs={"rights_request_id": made.pk})).status_code == 404
    assert other.post(reverse("privacy:request_step",
                              kwargs={"rights_request_id": made.pk, "step": "start"})).status_code == 404
    worker = login_as(make_member(Role.LOCAL_TEAM_WORKER, tilburg_team))
    assert worker.get(reverse("privacy:request_list")).status_code == 404
