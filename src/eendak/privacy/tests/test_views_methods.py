"""A wrong HTTP method on a privacy screen reveals nothing to someone without its permission: the
permission is asked first (the logged 404 of something that is not there), the method after it (a
405 only for whoever may use the screen)."""

import pytest
from django.urls import reverse

from eendak.audit.models import AccessLogEntry, Outcome
from eendak.core.roles import Role

pytestmark = pytest.mark.django_db

# (URL name, kwargs, the permission, a method the screen does not take)
SCREENS = [
    ("privacy:log_search", {}, "privacy.search_access_log", "post"),
    ("privacy:verify", {}, "privacy.verify_access_log", "delete"),
    ("privacy:person_access_lookup", {}, "privacy.view_person_access", "put"),
    ("privacy:person_access_report", {"person_id": 1}, "privacy.view_person_access", "post"),
    ("privacy:emergency_report", {}, "privacy.view_emergency_report", "post"),
    ("privacy:break_glass_start", {}, "persons.break_glass", "delete"),
]
HOLDER = {"privacy.search_access_log": Role.LOG_ADMIN, "privacy.verify_access_log": Role.LOG_ADMIN,
          "privacy.view_person_access":
          Role.PRIVACY_OFFICER, "privacy.view_emergency_report": Role.PRIVACY_OFFICER,
          "persons.break_glass": Role.VT_INTAKE}


@pytest.mark.parametrize(("name", "kwargs", "permission", "method"), SCREENS,
                         ids=[s[0] for s in SCREENS])
def test_a_wrong_method_without_the_permission_is_the_logged_404(
        login_as, make_member, vt, name, kwargs, permission, method):
    outsider = make_member(Role.ANALYST, vt)
    client = login_as(outsider)
    last = AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0

    response = getattr(client, method)(reverse(name, kwargs=kwargs))

    assert response.status_code == 404
    assert AccessLogEntry.objects.filter(id__gt=last, event=permission, outcome=Outcome.DENIED,
                                         user=outsider.user).exists()


@pytest.mark.parametrize(("name", "kwargs", "permission", "method"), SCREENS,
                         ids=[s[0] for s in SCREENS])
def test_a_wrong_method_with_the_permission_is_a_405(login_as, make_member, vt, name, kwargs,
                                                     permission, method):
    client = login_as(make_member(HOLDER[permission], vt))

    assert getattr(client, method)(reverse(name, kwargs=kwargs)).status_code == 405
