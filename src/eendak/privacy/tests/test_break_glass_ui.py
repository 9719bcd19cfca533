"""Break the glass in the UI: name a file you have no part in, give a reason and your password, and
see it for a limited time under a red banner. Nothing about the household shows before the grant."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from eendak.audit.models import AccessLogEntry, EmergencyAccess
from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.persons import bsn as bsn_module
from eendak.testing import factories as f

pytestmark = pytest.mark.django_db

URL = "privacy:break_glass_start"
PASSWORD = "Correct-Paard-Batterij-7"
REASON = "Kind met letsel binnengebracht, ouders onbereikbaar, Veilig Thuis gesloten"


@pytest.fixture
def clinician(make_member, region):
    return make_member(Role.HOSPITAL_CLINICIAN, f.organisation(T.HOSPITAL))


@pytest.fixture
def named(household_with_case):
    """A member with a name that appears nowhere else on a page, to prove it is not shown."""
    household, _, persons = household_with_case
    return f.person_in(household, "other", given_names="Wendelijn", surname="Quarlesvanufford",
                       bsn=f.test_bsn())


def _lookup(client, query):
    return client.post(reverse(URL), {"step": "lookup", "query": query})


def _token(response):
    return response.context["form"].initial["token"]


def _grant(client, token, reason=REASON, password=PASSWORD):
    return client.post(reverse(URL), {"step": "grant", "token": token, "reason": reason,
                                      "password": password})


def test_without_a_grant_the_household_is_404(login_as, clinician, household_with_case):
    household = household_with_case[0]
    response = login_as(clinician).get(reverse("persons:household_detail",
                                               kwargs={"household_id": household.pk}))
    assert response.status_code == 404


def test_lookup_by_reference_shows_nothing_of_the_household(login_as, clinician, household_with_case,
                                                             named):
    household = household_with_case[0]
    response = _lookup(login_as(clinician), household.reference.lower())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Reden voor noodtoegang" in html
    assert "Wendelijn" not in html and "Quarlesvanufford" not in html
    assert not EmergencyAccess.objects.exists()
    entry = AccessLogEntry.objects.filter(event="emergency_access.lookup").get()
    assert entry.person_ids == [] and entry.outcome == "success"


def test_lookup_by_bsn_shows_it_masked(login_as, clinician, named):
    full = bsn_module.decrypt(named.bsn.encrypted_value)
    html = _lookup(login_as(clinician), full).content.decode()
    assert "Reden voor noodtoegang" in html
    assert full not in html
    assert bsn_module.mask(full) in html
    assert "Wendelijn" not in html and "Quarlesvanufford" not in html


def test_unknown_reference_or_bad_bsn_is_a_field_error(login_as, clinician, household_with_case):
    client = login_as(clinician)
    html = _lookup(client, "HH-BESTAATNIET").content.decode()
    assert "Er is geen dossier gevonden met dit kenmerk of BSN." in html
    assert 'value="HH-BESTAATNIET"' in html
    html = _lookup(client, "123456789").content.decode()
    assert "elfproef" in html
    assert AccessLogEntry.objects.filter(event="emergency_access.lookup",
                                         outcome="not_found").exists()


def test_grant_opens_the_household_with_a_red_banner(login_as, clinician, household_with_case, named):
    household = household_with_case[0]
    client = login_as(clinician)
    response = _grant(client, _token(_lookup(client, household.reference)))
    detail = reverse("persons:household_detail", kwargs={"household_id": household.pk})
    assert response.status_code == 302 and response.url == detail
    grant = EmergencyAccess.objects.get()
    assert grant.user == clinician.user and grant.reason == REASON
    html = client.get(detail).content.decode()
    assert "eendak-emergency" in html
    assert f"Noodtoegang tot {timezone.localtime(grant.expires_at):%d-%m-%Y %H:%M}" in html
    assert REASON in html
    assert "Wendelijn Quarlesvanufford" in html
    read = AccessLogEntry.objects.filter(event="household.read").get()
    assert read.emergency and read.reason == REASON


def test_person_page_under_emergency_shows_the_banner(login_as, clinician, household_with_case):
    household, _, persons = household_with_case
    client = login_as(clinician)
    _grant(client, _token(_lookup(client, household.reference)))
    html = client.get(reverse("persons:person_detail",
                              kwargs={"person_id": persons[1].pk})).content.decode()
    assert "eendak-emergency" in html and REASON in html


def test_short_reason_is_shown_on_the_reason_field_and_kept(login_as, clinician, household_with_case):
    household = household_with_case[0]
    client = login_as(clinician)
    response = _grant(client, _token(_lookup(client, household.reference)), reason="spoed")
    html = response.content.decode()
    form = response.context["form"]
    assert "minstens 20 tekens" in " ".join(form.errors["reason"])
    assert "spoed</textarea>" in html
    assert not EmergencyAccess.objects.exists()


def test_wrong_password_is_shown_on_the_password_field_and_logged(login_as, clinician,
                                                                   household_with_case):
    household = household_with_case[0]
    client = login_as(clinician)
    response = _grant(client, _token(_lookup(client, household.reference)), password="fout")
    form = response.context["form"]
    assert "Het wachtwoord klopt niet." in form.errors["password"]
    assert REASON in response.content.decode()  # the reason typed is kept
    assert PASSWORD not in response.content.decode()
    assert not EmergencyAccess.objects.exists()
    assert AccessLogEntry.objects.filter(event="emergency_access.refused", outcome="denied").exists()


def test_expired_grant_gives_404_again(login_as, clinician, household_with_case):
    household, _, persons = household_with_case
    client = login_as(clinician)
    _grant(client, _token(_lookup(client, household.reference)))
    EmergencyAccess.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(reverse("persons:household_detail",
                              kwargs={"household_id": household.pk})).status_code == 404
    assert client.get(reverse("persons:person_detail",
                              kwargs={"person_id": persons[0].pk})).status_code == 404


def test_tampered_or_foreign_token_is_refused(login_as, clinician, make_member, household_with_case):
    household = household_with_case[0]
    client = login_as(clinician)
    token = _token(_lookup(client, household.reference))
    response = _grant(client, token[:-2] + "xx")
    assert response.status_code == 302 and response.url == reverse(URL)
    other = make_member(Role.FORENSIC_DOCTOR, clinician.organisation)
    response = _grant(login_as(other), token)
    assert response.status_code == 302
    assert not EmergencyAccess.objects.exists()


def test_participant_is_sent_to_the_file_without_a_grant(login_as, make_member, vt,
                                                         household_with_case):
    household = household_with_case[0]
    investigator = make_member(Role.VT_INVESTIGATOR, vt)
    response = _lookup(login_as(investigator), household.reference)
    assert response.status_code == 302
    assert response.url == reverse("persons:household_detail", kwargs={"household_id": household.pk})
    assert not EmergencyAccess.objects.exists()


def test_role_without_break_glass_gets_404(login_as, make_member, tilburg_team, household_with_case):
    worker = make_member(Role.LOCAL_TEAM_WORKER, tilburg_team)
    client = login_as(worker)
    assert client.get(reverse(URL)).status_code == 404
    assert _lookup(client, household_with_case[0].reference).status_code == 404


def test_household_list_marks_the_emergency_file_and_flags_the_entry(login_as, clinician,
                                                                     household_with_case, named):
    household = household_with_case[0]
    client = login_as(clinician)
    _grant(client, _token(_lookup(client, household.reference)))
    html = client.get(reverse("persons:household_list")).content.decode()
    assert household.reference in html and "Noodtoegang" in html
    entry = AccessLogEntry.objects.filter(event="household.list").get()
    assert entry.emergency and entry.reason == REASON
    assert named.pk in entry.person_ids


def test_bsn_shown_under_emergency_is_flagged(login_as, clinician, household_with_case, named):
    household = household_with_case[0]
    client = login_as(clinician)
    _grant(client, _token(_lookup(client, household.reference)))
    client.post(reverse("persons:reveal_bsn", kwargs={"person_id": named.pk}))
    entry = AccessLogEntry.objects.filter(event="person.bsn_revealed").get()
    assert entry.emergency and entry.reason == REASON
