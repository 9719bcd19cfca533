"""The management screens exist only for the roles that use them: others get a 404."""

import pytest
from django.urls import reverse

from eendak.core.roles import Role
from eendak.testing import factories as f

pytestmark = pytest.mark.django_db


def _management_urls(target_user_pk, organisation_pk, service_pk):
    return [
        ("get", reverse("core:organisation_list")),
        ("get", reverse("core:organisation_create")),
        ("get", reverse("core:organisation_edit", args=[organisation_pk])),
        ("post", reverse("core:organisation_set_active", args=[organisation_pk])),
        ("get", reverse("core:user_list")),
        ("get", reverse("core:user_create")),
        ("get", reverse("core:user_detail", args=[target_user_pk])),
        ("get", reverse("core:user_edit", args=[target_user_pk])),
        ("post", reverse("core:user_set_active", args=[target_user_pk])),
        ("post", reverse("core:user_reset_second_factor", args=[target_user_pk])),
        ("post", reverse("core:user_unlock", args=[target_user_pk])),
        ("post", reverse("core:membership_add", args=[target_user_pk])),
        ("get", reverse("tokens:create", args=[service_pk])),
    ]


@pytest.mark.parametrize("role", [Role.VT_INTAKE, Role.ANALYST, Role.LOG_ADMIN, Role.PRIVACY_OFFICER])
def test_non_administrators_get_not_found(role, vt, login_as):
    client = login_as(f.membership(role, vt))
    target = f.membership(Role.VT_INTAKE, vt).user
    service = f.UserFactory(is_service_account=True)

    for method, url in _management_urls(target.pk, vt.pk, service.pk):
        response = getattr(client, method)(url, {"active": "0"} if method == "post" else None)
        assert response.status_code == 404, url
    target.refresh_from_db()
    assert target.is_active


def test_administrator_reaches_the_screens(admin_client, vt):
    target = f.membership(Role.VT_INTAKE, vt).user
    service = f.UserFactory(is_service_account=True)
    for method, url in _management_urls(target.pk, vt.pk, service.pk):
        if method == "get":
            assert admin_client.get(url).status_code == 200, url


def test_administrator_without_second_factor_is_sent_to_it(admin_membership, login_as):
    client = login_as(admin_membership, verified=False)

    response = client.get(reverse("core:user_list"))

    assert response.status_code == 302
    assert reverse("core:second_factor") in response.url


def test_tokens_only_for_service_accounts(admin_client, vt):
    person = f.membership(Role.VT_INTAKE, vt).user

    assert admin_client.get(reverse("tokens:create", args=[person.pk])).status_code == 404


def test_actions_refuse_get(admin_client, vt):
    target = f.membership(Role.VT_INTAKE, vt).user

    response = admin_client.get(reverse("core:user_set_active", args=[target.pk]))

    assert response.status_code == 405
