"""Organisations: a local team belongs to a municipality, and each municipality has one active team."""

import pytest
from django.urls import reverse

from eendak.audit.models import AccessLogEntry
from eendak.core.models import Municipality, Organisation
from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.testing import factories as f

from .conftest import field_error, page_text

pytestmark = pytest.mark.django_db


def test_list_shows_municipality_and_state_and_filters(admin_client, tilburg_team):
    url = reverse("core:organisation_list")

    teams = page_text(admin_client.get(url, {"type": T.LOCAL_TEAM}))
    assert "Lokaal team Tilburg" in teams
    assert "<td>Tilburg</td>" in teams
    assert "<td>Novadic-Kentron</td>" not in teams
    found = page_text(admin_client.get(url, {"q": "kentron"}))
    assert "<td>Novadic-Kentron</td>" in found and "<td>Lokaal team Tilburg</td>" not in found
    assert "<td>Lokaal team Tilburg</td>" not in page_text(admin_client.get(url, {"active": "nee"}))


def test_create_organisation_is_logged(admin_client):
    response = admin_client.post(reverse("core:organisation_create"),
                                 {"name": "Stichting Veilig Verder", "type": T.SHELTER,
                                  "municipality": ""}, follow=True)

    organisation = Organisation.objects.get(name="Stichting Veilig Verder")
    assert organisation.is_active
    assert "is opgeslagen" in page_text(response)
    assert AccessLogEntry.objects.filter(event="organisation.created",
                                         object_id=str(organisation.pk)).exists()


def test_local_team_needs_a_municipality(admin_client):
    response = admin_client.post(reverse("core:organisation_create"),
                                 {"name": "Wijkteam Zonder Gemeente", "type": T.LOCAL_TEAM,
                                  "municipality": ""})

    assert response.status_code == 200
    assert "Een lokaal team hoort bij een gemeente" in field_error(response, "municipality")
    assert not Organisation.objects.filter(name="Wijkteam Zonder Gemeente").exists()
    assert 'value="Wijkteam Zonder Gemeente"' in page_text(response)


def test_second_active_local_team_for_a_municipality_is_refused_in_dutch(admin_client, tilburg_team):
    tilburg = Municipality.objects.get(name="Tilburg")

    response = admin_client.post(reverse("core:organisation_create"),
                                 {"name": "Wijkteam Tilburg-Noord", "type": T.LOCAL_TEAM,
                                  "municipality": tilburg.pk})

    message = field_error(response, "municipality")
    assert "De gemeente Tilburg heeft al een actief lokaal team: ‘Lokaal team Tilburg’" in message
    assert "Constraint" not in page_text(response) and "Beperking" not in page_text(response)
    assert not Organisation.objects.filter(name="Wijkteam Tilburg-Noord").exists()
    assert f'<option value="{tilburg.pk}" selected>' in page_text(response)


def test_replacing_a_local_team_after_deactivating_the_old_one(admin_client, tilburg_team):
    tilburg = Municipality.objects.get(name="Tilburg")

    admin_client.post(reverse("core:organisation_set_active", args=[tilburg_team.pk]), {"active": "0"})
    admin_client.post(reverse("core:organisation_create"),
                      {"name": "Wijkteam Tilburg", "type": T.LOCAL_TEAM, "municipality": tilburg.pk})

    assert Organisation.objects.get(name="Wijkteam Tilburg").is_active
    assert AccessLogEntry.objects.filter(event="organisation.deactivated").exists()
    # The old team cannot come back while the new one is active.
    response = admin_client.post(reverse("core:organisation_set_active", args=[tilburg_team.pk]),
                                 {"active": "1"}, follow=True)
    assert "De gemeente Tilburg heeft al een actief lokaal team: ‘Wijkteam Tilburg’" in page_text(response)
    tilburg_team.refresh_from_db()
    assert not tilburg_team.is_active


def test_edit_keeps_the_rule_for_the_edited_team_itself(admin_client, tilburg_team):
    response = admin_client.post(reverse("core:organisation_edit", args=[tilburg_team.pk]),
                                 {"name": "Lokaal team Tilburg (Toegang)", "type": T.LOCAL_TEAM,
                                  "municipality": tilburg_team.municipality_id})

    assert response.status_code == 302
    tilburg_team.refresh_from_db()
    assert tilburg_team.name == "Lokaal team Tilburg (Toegang)"
    assert AccessLogEntry.objects.filter(event="organisation.updated").exists()


def test_type_change_refused_while_people_hold_roles_that_do_not_fit(admin_client, tilburg_team):
    f.membership(Role.LOCAL_TEAM_WORKER, tilburg_team)

    response = admin_client.post(reverse("core:organisation_edit", args=[tilburg_team.pk]),
                                 {"name": tilburg_team.name, "type": T.POLICE,
                                  "municipality": tilburg_team.municipality_id})

    assert "Medewerker lokaal team" in field_error(response, "type")
    tilburg_team.refresh_from_db()
    assert tilburg_team.type == T.LOCAL_TEAM


def test_duplicate_name_is_refused_in_dutch(admin_client, police):
    response = admin_client.post(reverse("core:organisation_create"),
                                 {"name": police.name, "type": T.POLICE, "municipality": ""})

    assert "Er bestaat al een organisatie met deze naam." in field_error(response, "name")


def test_deactivating_an_organisation_signs_out_its_people(admin_client, police, login_as):
    officer = f.membership(Role.PARTNER_LIAISON, police)
    officer_client = login_as(officer)
    assert officer_client.get(reverse("core:home")).status_code == 200

    admin_client.post(reverse("core:organisation_set_active", args=[police.pk]), {"active": "0"})

    assert officer_client.get(reverse("core:home")).url.startswith(reverse("core:login"))
