"""A user who works for two organisations (or in two roles) chooses one after login."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from eendak.audit.models import AccessLogEntry
from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.testing import factories as f

from .conftest import page_text, password_login, totp_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_hats(vt):
    """Works at Veilig Thuis and sits in the Veiligheidsteam for the Zorg- en Veiligheidshuis."""
    user = f.UserFactory(first_name="Hanna", last_name="Tweehoed")
    at_vt = f.membership(Role.VT_INTAKE, vt, user)
    at_safety_house = f.membership(Role.SAFETY_TEAM_MEMBER, f.organisation(T.SAFETY_HOUSE), user)
    return user, at_vt, at_safety_house


def _log_in(client, user):
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    password_login(client, user.username)
    return client.post(reverse("core:second_factor"), {"token": totp_code(device)}, follow=True)


def test_user_with_two_memberships_must_choose(client, two_hats):
    user, at_vt, at_safety_house = two_hats

    response = _log_in(client, user)

    assert response.redirect_chain[-1][0].startswith(reverse("core:choose_role"))
    html = page_text(response)
    assert "Namens wie werkt u?" in html
    assert str(at_vt) in html and str(at_safety_house) in html
    # Without a choice there is no work to see.
    assert client.get(reverse("core:home")).url.startswith(reverse("core:choose_role"))


def test_choice_shows_in_header_and_in_the_log(client, two_hats):
    user, at_vt, at_safety_house = two_hats
    _log_in(client, user)

    response = client.post(reverse("core:choose_role"), {"membership": at_safety_house.pk}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("core:home")
    html = page_text(response)
    assert f"{at_safety_house.organisation.name} · Lid Veiligheidsteam" in html
    assert "Mijn werk" in html
    entry = AccessLogEntry.objects.get(event="auth.role_chosen")
    assert entry.username == user.username
    assert entry.organisation_id == at_safety_house.organisation_id
    assert entry.organisation_name == at_safety_house.organisation.name
    assert entry.role == Role.SAFETY_TEAM_MEMBER
    # Later entries carry the chosen role too.
    client.post(reverse("core:logout"))
    logout = AccessLogEntry.objects.get(event="auth.logout")
    assert (logout.organisation_name, logout.role) == (at_safety_house.organisation.name,
                                                        Role.SAFETY_TEAM_MEMBER)


def test_switching_role_later(client, two_hats):
    user, at_vt, at_safety_house = two_hats
    _log_in(client, user)
    client.post(reverse("core:choose_role"), {"membership": at_vt.pk})

    response = client.post(reverse("core:choose_role"), {"membership": at_safety_house.pk}, follow=True)

    assert f"{at_safety_house.organisation.name} · Lid Veiligheidsteam" in page_text(response)
    assert AccessLogEntry.objects.filter(event="auth.role_chosen").count() == 2


def test_someone_elses_membership_cannot_be_chosen(client, two_hats, police):
    user, _, _ = two_hats
    other = f.membership(Role.PARTNER_LIAISON, police)
    _log_in(client, user)

    response = client.post(reverse("core:choose_role"), {"membership": other.pk})

    assert response.status_code == 200
    assert "Controleer de gemarkeerde velden" in page_text(response)
    assert "Selecteer een geldige keuze" in page_text(response)  # said at the choice itself
    assert not AccessLogEntry.objects.filter(event="auth.role_chosen").exists()
    assert client.get(reverse("core:home")).url.startswith(reverse("core:choose_role"))


def test_the_second_factor_page_shows_no_menu_and_no_organisation_yet(client, vt):
    worker = f.membership(Role.VT_INTAKE, vt)
    TOTPDevice.objects.create(user=worker.user, name="app", confirmed=True)
    password_login(client, worker.user.username)

    html = client.get(reverse("core:second_factor")).content.decode()

    assert "Code uit uw authenticator-app" in html
    assert "Hoofdmenu" not in html and vt.name not in html
    # After the code the menu and the organisation are there.
    device = TOTPDevice.objects.get(user=worker.user)
    response = client.post(reverse("core:second_factor"), {"token": totp_code(device)}, follow=True)
    assert "Hoofdmenu" in response.content.decode() and vt.name in response.content.decode()
