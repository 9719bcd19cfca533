import pytest
from django.urls import reverse

from eendak.audit.models import AccessLogEntry
from eendak.core.roles import Role
from eendak.testing import factories as f


@pytest.mark.django_db
def test_login_requires_second_factor_then_home(client, vt):
    m = f.membership(Role.VT_INTAKE, vt)
    r = client.post(reverse("core:login"), {"username": m.user.username, "password": "Correct-Paard-Batterij-7"})
    assert r.status_code == 302 and r.url.startswith(reverse("core:second_factor"))
    r = client.get(reverse("core:home"))
    assert r.status_code == 302 and reverse("core:second_factor") in r.url
    r = client.get(reverse("core:second_factor"))
    assert "QR" in r.content.decode()
    assert AccessLogEntry.objects.filter(event="auth.login").exists()
