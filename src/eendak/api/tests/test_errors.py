"""Every API error is application/problem+json, with a Dutch text and, for fields, invalidParams."""

import pytest
from django.test import Client

from eendak.api import views

from .support import PASSWORD, assert_problem, invalid_names, post_json

pytestmark = pytest.mark.django_db


def test_unknown_api_url_is_404_problem(login_as, intake):
    data = assert_problem(login_as(intake).get("/api/v1/bestaat-niet/"), 404)
    assert data["instance"] == "/api/v1/bestaat-niet/"


def test_unknown_api_url_without_login_is_also_404_problem(region):
    assert_problem(Client().get("/api/v2/households/"), 404)


def test_non_numeric_id_is_404_not_a_server_error(login_as, intake):
    assert_problem(login_as(intake).get("/api/v1/households/abc/"), 404)


def test_page_past_the_end_is_404_problem(login_as, intake):
    assert_problem(login_as(intake).get("/api/v1/municipalities/", {"page": 99}), 404)


def test_page_size_is_capped_at_200(login_as, intake):
    response = login_as(intake).get("/api/v1/organisations/", {"pageSize": 5000})
    assert response.status_code == 200 and response.json()["count"] < 200  # a whole, capped page


def test_method_not_allowed_is_405_problem(login_as, intake):
    response = login_as(intake).delete("/api/v1/municipalities/")

    assert_problem(response, 405)
    assert "GET" in response["Allow"]


def test_unsupported_media_type_is_415_problem(login_as, clinician, household_with_case):
    household, _case, _people = household_with_case

    response = login_as(clinician).post(
        "/api/v1/emergency-access/", f"household={household.pk}&password={PASSWORD}",
        content_type="text/plain",
    )

    assert_problem(response, 415)


def test_malformed_json_is_400_problem(login_as, clinician, region):
    response = login_as(clinician).post("/api/v1/emergency-access/", '{"household": 1,',
                                        content_type="application/json")

    data = assert_problem(response, 400)
    assert "JSON" in data["detail"]


def test_a_broken_form_body_is_called_a_form_not_json(login_as, clinician, region):
    # multipart without its boundary: Django cannot split it into fields.
    response = login_as(clinician).post("/api/v1/emergency-access/", "household=1",
                                        content_type="multipart/form-data")

    data = assert_problem(response, 400)
    assert "formulier" in data["detail"] and "JSON" not in data["detail"]


def test_validation_error_names_each_field(login_as, clinician, region):
    response = post_json(login_as(clinician), "/api/v1/emergency-access/", {})

    data = assert_problem(response, 400)
    assert invalid_names(response) == {"household", "reason", "password"}
    assert all(p["reason"] and p["code"] for p in data["invalidParams"])


def test_401_carries_www_authenticate(region):
    response = Client().get("/api/v1/me/")

    assert_problem(response, 401)
    assert response["WWW-Authenticate"] == "Token"


def test_session_without_second_factor_is_403_with_a_dutch_hint(login_as, intake):
    data = assert_problem(login_as(intake, verified=False).get("/api/v1/me/"), 403)
    assert "tweede factor" in data["detail"]


def test_session_without_chosen_role_is_403(login_as, intake, police):
    from eendak.core.roles import Role
    from eendak.testing import factories as f

    f.membership(Role.SAFETY_TEAM_MEMBER, police, user=intake.user)
    client = login_as(intake)
    session = client.session
    session.pop("eendak_acting_membership")
    session.save()

    data = assert_problem(client.get("/api/v1/me/"), 403)
    assert "rol" in data["detail"]


def test_errors_are_json_even_when_the_browser_asks_for_html(region):
    response = Client().get("/api/v1/households/", HTTP_ACCEPT="text/html")

    data = assert_problem(response, 401)
    assert data["code"] == "not_authenticated"


def test_schema_errors_are_problem_json_not_yaml(region):
    assert_problem(Client().get("/api/v1/schema/"), 401)


def test_server_error_is_500_problem(login_as, intake, monkeypatch):
    def broken(self, request):
        raise RuntimeError("kapot")

    monkeypatch.setattr(views.MeView, "get", broken)
    client = login_as(intake)
    client.raise_request_exception = False

    response = client.get("/api/v1/me/")

    data = assert_problem(response, 500)
    assert "kapot" not in response.content.decode()
    assert data["instance"] == "/api/v1/me/"


@pytest.mark.parametrize("value", ["csv", "xlsx", "pdf"])
def test_a_list_as_a_file_is_the_screens_the_api_says_so_as_a_400_problem(login_as, intake, value):
    """The API answers JSON only; ``?formaat=`` (the screens' export) is refused, not ignored."""
    response = login_as(intake).get("/api/v1/municipalities/", {"formaat": value})
    assert_problem(response, 400)
    assert invalid_names(response) == {"formaat"}
    assert "alleen in JSON" in response.content.decode()
    assert login_as(intake).get("/api/v1/municipalities/").status_code == 200


def test_field_errors_are_named_in_invalid_params_camel_case_like_the_bodies(login_as, clinician,
                                                                               region):
    problem = assert_problem(post_json(login_as(clinician), "/api/v1/emergency-access/", {}), 400)

    assert "invalidParams" in problem and "invalid_params" not in problem
