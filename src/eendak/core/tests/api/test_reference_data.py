"""GET /api/v1/municipalities/ and /organisations/: reference data for every verified actor;
organisations changed only by the functional administrator."""

import pytest
from django.test import Client

from eendak.api.tests.support import assert_problem, body, invalid_names, patch_json, post_json
from eendak.audit.models import AccessLogEntry
from eendak.core.models import Organisation
from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.testing import factories as f

pytestmark = pytest.mark.django_db

MUNICIPALITIES = "/api/v1/municipalities/"
ORGANISATIONS = "/api/v1/organisations/"


@pytest.mark.parametrize("role,org_type", [
    (Role.VT_INTAKE, T.VEILIG_THUIS), (Role.PARTNER_LIAISON, T.POLICE), (Role.ANALYST, T.OTHER),
])
def test_every_verified_actor_reads_the_municipalities(login_as, region, role, org_type):
    client = login_as(f.membership(role, f.organisation(org_type)))

    data = body(client.get(MUNICIPALITIES))

    assert data["count"] == 9
    tilburg = next(m for m in data["results"] if m["name"] == "Tilburg")
    assert tilburg["cbsCode"] == "GM0855"
    assert body(client.get(f"{MUNICIPALITIES}{tilburg['id']}/"))["name"] == "Tilburg"
    assert body(client.get(MUNICIPALITIES, {"cbsCode": "gm0855"}))["count"] == 1


def test_organisation_filters(login_as, intake):
    client = login_as(intake)
    tilburg = f.Municipality.objects.get(name="Tilburg")

    police = body(client.get(ORGANISATIONS, {"type": "police"}))["results"]
    teams = body(client.get(ORGANISATIONS, {"municipality": tilburg.pk}))["results"]

    assert [o["typeLabel"] for o in police] == ["Politie"]
    assert [o["name"] for o in teams] == ["Gemeente Tilburg", "Lokaal team Tilburg"]
    assert body(client.get(ORGANISATIONS, {"active": "false"}))["count"] == 0
    assert body(client.get(ORGANISATIONS, {"active": "true"}))["count"] == Organisation.objects.count()


def test_reading_reference_data_writes_no_client_log(login_as, intake):
    client = login_as(intake)
    before = AccessLogEntry.objects.count()

    client.get(ORGANISATIONS)

    assert AccessLogEntry.objects.count() == before


def test_unknown_filter_value_is_400(login_as, intake):
    response = login_as(intake).get(ORGANISATIONS, {"type": "bakery"})

    assert_problem(response, 400)
    assert invalid_names(response) == {"type"}


def test_functional_admin_adds_an_organisation_and_it_is_logged(login_as, functional_admin):
    response = post_json(login_as(functional_admin), ORGANISATIONS,
                         {"name": "Stichting Synthetisch Welzijn", "type": "other"})

    assert response.status_code == 201
    created = Organisation.objects.get(name="Stichting Synthetisch Welzijn")
    assert body(response)["id"] == created.pk and body(response)["isActive"] is True
    entry = AccessLogEntry.objects.get(event="organisation.created")
    assert (entry.organisation_id, entry.role) == (functional_admin.organisation_id,
                                                   Role.FUNCTIONAL_ADMIN)


def test_local_team_without_municipality_is_refused(login_as, functional_admin):
    response = post_json(login_as(functional_admin), ORGANISATIONS,
                         {"name": "Lokaal team Nergens", "type": "local_team"})

    assert_problem(response, 400)
    assert invalid_names(response)
    assert not Organisation.objects.filter(name="Lokaal team Nergens").exists()


def test_second_active_local_team_for_a_municipality_is_refused(login_as, functional_admin):
    tilburg = f.Municipality.objects.get(name="Tilburg")

    response = post_json(login_as(functional_admin), ORGANISATIONS,
                         {"name": "Tweede team Tilburg", "type": "local_team",
                          "municipality": tilburg.pk})

    assert_problem(response, 400)
    assert not Organisation.objects.filter(name="Tweede team Tilburg").exists()


def test_functional_admin_deactivates_an_organisation(login_as, functional_admin, police):
    response = patch_json(login_as(functional_admin), f"{ORGANISATIONS}{police.pk}/",
                          {"isActive": False})

    assert response.status_code == 200
    police.refresh_from_db()
    assert police.is_active is False
    assert AccessLogEntry.objects.filter(event="organisation.deactivated").exists()


@pytest.mark.parametrize("method", ["post", "patch"])
def test_others_cannot_change_organisations(login_as, intake, police, method):
    client = login_as(intake)
    if method == "post":
        response = post_json(client, ORGANISATIONS, {"name": "Nep", "type": "other"})
    else:
        response = patch_json(client, f"{ORGANISATIONS}{police.pk}/", {"name": "Nep"})

    assert_problem(response, 404)
    assert not Organisation.objects.filter(name="Nep").exists()


@pytest.mark.parametrize("url", [MUNICIPALITIES, ORGANISATIONS, f"{ORGANISATIONS}1/"])
def test_without_credentials_401(region, url):
    assert_problem(Client().get(url), 401)


@pytest.mark.parametrize("url", [MUNICIPALITIES, ORGANISATIONS])
def test_session_without_second_factor_403(login_as, intake, url):
    assert_problem(login_as(intake, verified=False).get(url), 403)
