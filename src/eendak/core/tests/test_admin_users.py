"""The functional administrator manages staff: accounts, roles, deactivation, second factor."""

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from eendak.audit.models import AccessLogEntry
from eendak.core.models import Membership, User
from eendak.core.roles import Role
from eendak.testing import factories as f

from .conftest import PASSWORD, field_error, page_text

pytestmark = pytest.mark.django_db

NEW_USER = {
    "username": "j.dekker",
    "first_name": "Jasmijn",
    "last_name": "Dekker",
    "email": "j.dekker@example.org",
    "password": "Tulpen-in-Tilburg-2026",
}


def test_admin_creates_a_user_who_can_then_log_in(admin_client, admin_membership):
    response = admin_client.post(reverse("core:user_create"), NEW_USER)

    user = User.objects.get(username="j.dekker")
    assert response.status_code == 302
    assert response.url == reverse("core:user_detail", args=[user.pk])
    assert user.check_password("Tulpen-in-Tilburg-2026")
    entry = AccessLogEntry.objects.get(event="user.created")
    assert entry.username == admin_membership.user.username
    assert entry.organisation_name == admin_membership.organisation.name
    assert entry.object_id == str(user.pk)
    detail = admin_client.get(response.url)
    assert "Jasmijn Dekker" in page_text(detail)
    assert "Deze medewerker heeft nog geen rol." in page_text(detail)


def test_weak_password_is_refused_in_dutch_and_input_kept(admin_client):
    response = admin_client.post(reverse("core:user_create"), {**NEW_USER, "password": "12345678"})

    assert response.status_code == 200
    message = field_error(response, "password")
    assert "Dit wachtwoord is te kort" in message
    assert "minimaal 12 tekens" in message
    assert "alleen uit cijfers" in message
    assert "password" not in message.lower()  # no English slips through
    assert not User.objects.filter(username="j.dekker").exists()
    assert 'value="j.dekker"' in page_text(response)
    assert 'value="Jasmijn"' in page_text(response)
    assert "Er is nog niets opgeslagen" in page_text(response)


def test_password_like_the_name_is_refused(admin_client):
    response = admin_client.post(reverse("core:user_create"),
                                 {**NEW_USER, "username": "jasmijndekker2026",
                                  "password": "jasmijndekker2026"})

    assert "lijkt te veel op" in field_error(response, "password")
    assert not User.objects.filter(username="jasmijndekker2026").exists()


def test_existing_username_is_refused(admin_client, vt):
    existing = f.membership(Role.VT_INTAKE, vt).user

    response = admin_client.post(reverse("core:user_create"),
                                 {**NEW_USER, "username": existing.username})

    assert "Er bestaat al een gebruiker met deze gebruikersnaam." in field_error(response, "username")


def test_role_not_allowed_at_organisation_type_is_refused_and_input_kept(admin_client, vt, police):
    user = f.UserFactory()
    before = Membership.objects.count()

    response = admin_client.post(reverse("core:membership_add", args=[user.pk]),
                                 {"organisation": police.pk, "role": Role.LOCAL_TEAM_WORKER})

    assert response.status_code == 200
    assert "De rol kan niet worden vervuld bij een organisatie van het soort ‘Politie’" in field_error(
        response, "role")
    assert Membership.objects.count() == before
    assert not AccessLogEntry.objects.filter(event="membership.added").exists()
    html = page_text(response)
    assert re.search(rf'<option value="{police.pk}" selected>', html)
    assert re.search(rf'<option value="{Role.LOCAL_TEAM_WORKER}" selected>', html)


def test_allowed_role_is_added_and_logged(admin_client, tilburg_team):
    user = f.UserFactory()

    response = admin_client.post(reverse("core:membership_add", args=[user.pk]),
                                 {"organisation": tilburg_team.pk, "role": Role.LOCAL_TEAM_WORKER},
                                 follow=True)

    assert Membership.objects.filter(user=user, organisation=tilburg_team,
                                     role=Role.LOCAL_TEAM_WORKER, is_active=True).exists()
    assert "Rol toegevoegd" in page_text(response)
    assert AccessLogEntry.objects.filter(event="membership.added").exists()


def test_administrator_cannot_give_themselves_a_role(admin_client, admin_membership, vt):
    response = admin_client.post(reverse("core:membership_add", args=[admin_membership.user.pk]),
                                 {"organisation": vt.pk, "role": Role.LOG_ADMIN})

    assert "U kunt uzelf geen rol geven" in page_text(response)
    assert not Membership.objects.filter(user=admin_membership.user, role=Role.LOG_ADMIN).exists()


def test_deactivating_a_user_ends_their_session(admin_client, vt, login_as):
    worker = f.membership(Role.VT_INTAKE, vt)
    worker_client = login_as(worker)
    assert worker_client.get(reverse("core:home")).status_code == 200

    response = admin_client.post(reverse("core:user_set_active", args=[worker.user.pk]),
                                 {"active": "0"}, follow=True)

    assert "Het account is gedeactiveerd en alle sessies zijn beëindigd." in page_text(response)
    assert worker_client.get(reverse("core:home")).url.startswith(reverse("core:login"))
    worker.user.refresh_from_db()
    assert not worker.user.is_active
    assert AccessLogEntry.objects.filter(event="user.deactivated", object_id=str(worker.user.pk)).exists()
    # And the password no longer lets them in.
    login = worker_client.post(reverse("core:login"),
                               {"username": worker.user.username, "password": PASSWORD})
    assert login.status_code == 200
    assert "klopt niet" in page_text(login) or "gedeactiveerd" in page_text(login)


def test_reactivating_lets_the_user_in_again(admin_client, vt):
    worker = f.membership(Role.VT_INTAKE, vt).user
    worker.is_active = False
    worker.save()

    admin_client.post(reverse("core:user_set_active", args=[worker.pk]), {"active": "1"})

    worker.refresh_from_db()
    assert worker.is_active
    assert AccessLogEntry.objects.filter(event="user.activated").exists()


def test_administrator_cannot_deactivate_themselves(admin_client, admin_membership):
    response = admin_client.post(reverse("core:user_set_active", args=[admin_membership.user.pk]),
                                 {"active": "0"}, follow=True)

    assert "U kunt uw eigen account niet deactiveren." in page_text(response)
    admin_membership.user.refresh_from_db()
    assert admin_membership.user.is_active


def test_ending_a_membership_shows_and_logs_it(admin_client, vt):
    membership = f.membership(Role.VT_INTAKE, vt)

    response = admin_client.post(
        reverse("core:membership_end", args=[membership.user.pk, membership.pk]), follow=True)

    membership.refresh_from_db()
    assert not membership.is_active and membership.ended_at is not None
    assert "Beëindigd op" in page_text(response)
    assert AccessLogEntry.objects.filter(event="membership.ended").exists()


def test_reset_second_factor_makes_the_user_enrol_again(admin_client, vt, login_as, client):
    worker = f.membership(Role.VT_INTAKE, vt)
    worker_client = login_as(worker)  # creates a confirmed device
    assert TOTPDevice.objects.filter(user=worker.user).exists()

    response = admin_client.post(reverse("core:user_reset_second_factor", args=[worker.user.pk]),
                                 follow=True)

    assert "De tweede factor is verwijderd" in page_text(response)
    assert "Nog niet gekoppeld" in page_text(response)
    assert not TOTPDevice.objects.filter(user=worker.user).exists()
    assert AccessLogEntry.objects.filter(event="user.second_factor_reset",
                                         object_id=str(worker.user.pk)).exists()
    # The session verified with the old device is over; the next login enrols a new app.
    assert worker_client.get(reverse("core:home")).url.startswith(reverse("core:login"))
    client.post(reverse("core:login"), {"username": worker.user.username, "password": PASSWORD})
    assert "Authenticator-app koppelen" in page_text(client.get(reverse("core:second_factor")))


def test_service_account_gets_no_password(admin_client):
    response = admin_client.post(reverse("core:user_create"),
                                 {**NEW_USER, "username": "koppeling-politie",
                                  "is_service_account": "on"})

    assert "Een serviceaccount heeft geen wachtwoord" in field_error(response, "password")
    response = admin_client.post(reverse("core:user_create"),
                                 {**NEW_USER, "username": "koppeling-politie", "password": "",
                                  "is_service_account": "on"})
    account = User.objects.get(username="koppeling-politie")
    assert account.is_service_account
    assert not account.has_usable_password()


def test_password_required_for_a_person(admin_client):
    response = admin_client.post(reverse("core:user_create"), {**NEW_USER, "password": ""})

    assert "Vul een eerste wachtwoord in." in field_error(response, "password")


def test_edit_keeps_password_when_left_empty(admin_client, vt):
    worker = f.membership(Role.VT_INTAKE, vt).user

    admin_client.post(reverse("core:user_edit", args=[worker.pk]),
                      {"username": worker.username, "first_name": "Nieuwe", "last_name": "Naam",
                       "email": "", "password": ""})

    worker.refresh_from_db()
    assert worker.get_full_name() == "Nieuwe Naam"
    assert worker.check_password(PASSWORD)
    assert AccessLogEntry.objects.filter(event="user.updated").exists()


def test_list_searches_and_filters(admin_client, vt, police):
    anna = f.membership(Role.VT_INTAKE, vt, f.UserFactory(first_name="Anna", last_name="Verbeek")).user
    bert = f.membership(Role.PARTNER_LIAISON, police,
                        f.UserFactory(first_name="Bert", last_name="Smulders")).user
    gone = f.membership(Role.PARTNER_LIAISON, police,
                        f.UserFactory(first_name="Carla", last_name="Weg", is_active=False)).user
    url = reverse("core:user_list")

    def names(params):
        html = page_text(admin_client.get(url, params))
        return {u.username for u in (anna, bert, gone) if f">{u.get_full_name()}<" in html}

    assert names({"q": "verbeek"}) == {anna.username}
    assert names({"q": anna.username}) == {anna.username}
    assert names({"organisation": police.pk}) == {bert.username, gone.username}
    assert names({"role": Role.PARTNER_LIAISON, "active": "ja"}) == {bert.username}
    assert names({"active": "nee"}) == {gone.username}


def test_list_pagination_keeps_filters(admin_client, police):
    # Bulk: hashing 27 passwords with argon2 would only make the test slow.
    users = User.objects.bulk_create(
        [User(username=f"agent{n:02d}", last_name=f"Politie{n:02d}") for n in range(27)])
    Membership.objects.bulk_create(
        [Membership(user=u, organisation=police, role=Role.PARTNER_LIAISON) for u in users])

    response = admin_client.get(reverse("core:user_list"), {"organisation": police.pk})

    assert f"?organisation={police.pk}&amp;page=2" in page_text(response)
    assert "Pagina 1 van 2" in page_text(response)
