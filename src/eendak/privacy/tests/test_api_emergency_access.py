"""Break the glass through the API: reason and password, time-limited, flagged in the log."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from eendak.audit.models import AccessLogEntry, EmergencyAccess
from eendak.core.roles import Role

from .conftest import PASSWORD, assert_problem, body, invalid_names, post_json

pytestmark = pytest.mark.django_db

GRANTS = "/api/v1/emergency-access/"
REASON = "Kind met letsel op de Spoedplein; moeder noemt eerdere melding bij Veilig Thuis."


def request(household, password=PASSWORD, reason=REASON):
    return {"household": household.pk, "reason": reason, "password": password}


def test_wrong_password_is_refused_and_logged(login_as, clinician, household_with_case):
    household, _case, people = household_with_case
    client = login_as(clinician)

    response = post_json(client, GRANTS, request(household, password="niet-mijn-wachtwoord"))

    assert_problem(response, 400)
    assert invalid_names(response) == {"password"}
    assert not EmergencyAccess.objects.exists()
    entry = AccessLogEntry.objects.get(event="emergency_access.refused")
    assert entry.outcome == "denied"
    assert (entry.organisation_id, entry.role) == (clinician.organisation_id, Role.HOSPITAL_CLINICIAN)
    assert_problem(client.get(f"/api/v1/households/{household.pk}/"), 404)
    for person in people:
        assert person.surname not in response.content.decode()


def test_short_reason_names_the_field(login_as, clinician, household_with_case):
    household, _case, _people = household_with_case

    response = post_json(login_as(clinician), GRANTS, request(household, reason="even kijken"))

    assert_problem(response, 400)
    assert invalid_names(response) == {"reason"}


def test_grant_opens_the_household_and_later_reads_are_flagged(login_as, clinician, household_with_case):
    household, _case, people = household_with_case
    client = login_as(clinician)

    response = post_json(client, GRANTS, request(household))

    assert response.status_code == 201
    data = body(response)
    assert data["household"] == household.pk and data["isActive"] is True
    assert data["expiresAt"] > data["grantedAt"]
    assert "password" not in data
    for person in people:
        assert person.surname not in response.content.decode()
    granted = AccessLogEntry.objects.get(event="emergency_access.granted")
    assert granted.emergency and granted.reason == REASON
    assert granted.person_ids == sorted(p.pk for p in people)

    assert client.get(f"/api/v1/households/{household.pk}/").status_code == 200
    assert client.get(f"/api/v1/persons/{people[0].pk}/").status_code == 200
    assert client.get("/api/v1/households/").json()["count"] == 1
    for event in ("household.read", "person.read", "household.list"):
        entry = AccessLogEntry.objects.get(event=event)
        assert entry.emergency is True, event
        assert entry.reason == REASON
        assert (entry.organisation_id, entry.role) == (clinician.organisation_id,
                                                       Role.HOSPITAL_CLINICIAN)


def test_expired_grant_gives_404_again(login_as, clinician, household_with_case):
    household, _case, _people = household_with_case
    client = login_as(clinician)
    post_json(client, GRANTS, request(household))

    EmergencyAccess.objects.update(expires_at=timezone.now() - timedelta(minutes=1))

    assert_problem(client.get(f"/api/v1/households/{household.pk}/"), 404)
    assert client.get(GRANTS, {"active": "true"}).json()["count"] == 0


def test_participant_cannot_break_the_glass(login_as, intake, household_with_case):
    household, _case, _people = household_with_case

    response = post_json(login_as(intake), GRANTS, request(household))

    assert_problem(response, 400)
    assert invalid_names(response) == {"household"}
    assert AccessLogEntry.objects.get(event="emergency_access.refused").outcome == "denied"


def test_role_without_break_glass_gets_404(login_as, liaison, household_with_case):
    household, _case, _people = household_with_case

    response = post_json(login_as(liaison), GRANTS, request(household))

    assert_problem(response, 404)
    assert not EmergencyAccess.objects.exists()


def test_unknown_household_is_a_field_error(login_as, clinician, region):
    response = post_json(login_as(clinician), GRANTS,
                         {"household": 987654, "reason": REASON, "password": PASSWORD})

    assert_problem(response, 400)
    assert invalid_names(response) == {"household"}


def test_list_shows_only_my_own_grants(login_as, clinician, hospital, household_with_case):
    from eendak.testing import factories as f

    household, _case, _people = household_with_case
    colleague = f.membership(Role.HOSPITAL_CLINICIAN, hospital)
    post_json(login_as(colleague), GRANTS, request(household))
    client = login_as(clinician)
    post_json(client, GRANTS, request(household))

    data = client.get(GRANTS).json()

    assert data["count"] == 1
    assert data["results"][0]["username"] == clinician.user.username


def test_repeated_attempts_are_throttled(login_as, clinician, household_with_case):
    household, _case, _people = household_with_case
    client = login_as(clinician)
    for _ in range(10):
        post_json(client, GRANTS, request(household, password="fout"))

    response = post_json(client, GRANTS, request(household))

    assert_problem(response, 429)
    assert response.has_header("Retry-After")
    assert not EmergencyAccess.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_without_credentials_401(household_with_case, method):
    household, _case, _people = household_with_case

    assert_problem(post_json(Client(), GRANTS, request(household)) if method == "post"
                   else Client().get(GRANTS), 401)


@pytest.mark.parametrize("method", ["get", "post"])
def test_session_without_second_factor_403(login_as, clinician, household_with_case, method):
    household, _case, _people = household_with_case
    client = login_as(clinician, verified=False)

    response = post_json(client, GRANTS, request(household)) if method == "post" else client.get(GRANTS)

    assert_problem(response, 403)
    assert not EmergencyAccess.objects.exists()
