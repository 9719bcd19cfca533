"""Every case-file endpoint: an organisation that takes no part gets the 404 of something that does
not exist, an anonymous caller a 401, a session without its second factor a 403 — all as
problem+json, and the case is left exactly as it was."""

import pytest
from django.test import Client

from eendak.audit.models import AccessLogEntry
from eendak.core.roles import Role
from eendak.testing import factories as f

from .api_support import (
    API,
    ENDPOINTS,
    IDS,
    LISTS,
    assert_problem,
    body,
    build_case,
    call,
    ids_for,
    state,
    token_client,
    use_tmp_media,
)

pytestmark = pytest.mark.django_db

@pytest.fixture
def built(household_with_case, settings, tmp_path):
    use_tmp_media(settings, tmp_path)
    return build_case(household_with_case)


@pytest.fixture
def ids(built):
    return ids_for(built)


@pytest.mark.parametrize(("method", "path", "data"), ENDPOINTS, ids=IDS)
def test_an_organisation_that_takes_no_part_gets_404(login_as, built, ids, method, path, data):
    client = login_as(built.goirle)
    before = state(built.case)
    entries = AccessLogEntry.objects.count()

    response = call(client, method, path, data, ids)

    assert_problem(response, 404)
    assert state(built.case) == before
    # The attempt itself is in the log, as not found, with no persons.
    attempt = AccessLogEntry.objects.order_by("-id").first()
    assert AccessLogEntry.objects.count() == entries + 1
    assert (attempt.username, attempt.outcome) == (built.goirle.user.username, "not_found")
    assert not attempt.subjects.exists()


@pytest.mark.parametrize(("method", "path", "data"), ENDPOINTS, ids=IDS)
def test_anonymous_gets_401(built, ids, method, path, data):
    before = state(built.case)

    response = call(Client(), method, path, data, ids)

    assert_problem(response, 401)
    assert response["WWW-Authenticate"]
    assert state(built.case) == before


@pytest.mark.parametrize(("method", "path", "data"), ENDPOINTS, ids=IDS)
def test_session_without_second_factor_gets_403(login_as, built, ids, method, path, data):
    """Even a participant of the case: without the second factor nothing is shown or changed."""
    before = state(built.case)
    member = built.vt if "accept" not in path and "decline" not in path else built.team

    response = call(login_as(member, verified=False), method, path, data, ids)

    assert_problem(response, 403)
    assert state(built.case) == before


@pytest.mark.parametrize("path", LISTS)
def test_lists_show_an_outsider_nothing_of_the_case(login_as, built, path):
    response = login_as(built.goirle).get(API + path)

    assert response.status_code == 200, response.content
    assert body(response)["count"] == 0


@pytest.mark.parametrize("path", LISTS)
def test_lists_need_a_login_and_the_second_factor(login_as, built, path):
    assert_problem(Client().get(API + path), 401)
    assert_problem(login_as(built.team, verified=False).get(API + path), 403)


@pytest.mark.parametrize("role", [Role.LOG_ADMIN, Role.FUNCTIONAL_ADMIN, Role.ANALYST])
@pytest.mark.parametrize("path", ["/cases/{case}/", "/documents/{document}/download/", *LISTS])
def test_veilig_thuis_staff_without_client_data_get_404(login_as, built, ids, role, path):
    """Working at the responsible organisation is not enough: the role must carry client data."""
    client = login_as(f.membership(role, built.case.responsible_organisation))

    assert_problem(client.get(API + path.format(**ids)), 404)


def test_a_partners_token_reads_the_case_while_it_takes_part(built):
    client = token_client(f.membership(Role.PARTNER_LIAISON, built.police))
    assert client.get(built.url).status_code == 200

    from eendak.cases import services

    from .conftest import actor_for

    services.end_participation(actor_for(built.vt), built.participation, reason="Traject klaar.")

    assert_problem(client.get(built.url), 404)


def test_an_unknown_case_is_the_same_404_and_the_attempt_is_logged(login_as, built):
    response = login_as(built.vt).get(f"{API}/cases/999999/")

    assert_problem(response, 404)
    entry = AccessLogEntry.objects.latest("id")
    assert (entry.event, entry.outcome, entry.object_id) == ("case.read", "not_found", "999999")


def test_an_object_of_another_case_is_404(login_as, built, household_with_case):
    """A handover id of this case used on another visible case is not found there."""
    other_household = f.HouseholdFactory()
    f.person_in(other_household, "parent")
    other = f.case_for(other_household, built.case.responsible_organisation,
                       built.team.organisation)
    before = state(built.case)

    response = login_as(built.team).post(
        f"{API}/cases/{other.pk}/handovers/{built.handover.pk}/accept/")

    assert_problem(response, 404)
    assert state(built.case) == before
