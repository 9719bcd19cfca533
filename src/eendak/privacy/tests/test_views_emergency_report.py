"""The emergency-access report: every grant, with who, for whom, why, how long, and what was opened."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from eendak.audit import services as audit
from eendak.audit.models import AccessLogEntry, Action, EmergencyAccess
from eendak.core.actors import Actor
from eendak.core.roles import Role
from eendak.privacy import services as privacy

pytestmark = pytest.mark.django_db

URL = "privacy:emergency_report"
REASON = "Kind met letsel op de Spoedplein, ouders onbereikbaar"


@pytest.fixture
def officer(make_member, vt):
    return make_member(Role.PRIVACY_OFFICER, vt)


@pytest.fixture
def clinician(make_member, region):
    from eendak.core.roles import OrganisationType as T
    from eendak.testing import factories as f

    return make_member(Role.HOSPITAL_CLINICIAN, f.organisation(T.HOSPITAL))


@pytest.fixture
def grant(clinician, household_with_case):
    household, _, persons = household_with_case
    clinician.user.acting_membership = clinician  # what the middleware does for a request
    actor = Actor(clinician.user, clinician)
    grant = privacy.grant_emergency_access(actor, clinician.user, household, reason=REASON,
                                           password="Correct-Paard-Batterij-7")
    audit.log_access(actor, event="household.read", action=Action.READ, obj=household,
                     persons=persons, emergency=True, reason=REASON)
    # Outside emergency: not part of what was opened under the grant.
    audit.log_access(actor, event="person.search", action=Action.SEARCH)
    return grant


def test_lists_grant_with_user_org_role_household_reason_and_times(login_as, officer, grant,
                                                                     clinician):
    html = login_as(officer).get(reverse(URL)).content.decode()
    assert clinician.user.username in html
    assert "Elisabeth-TweeSteden Ziekenhuis (Spoedplein)" in html
    assert "Behandelaar ziekenhuis" in html
    assert grant.household.reference in html
    assert REASON in html
    assert timezone.localtime(grant.granted_at).strftime("%d-%m-%Y %H:%M") in html
    assert timezone.localtime(grant.expires_at).strftime("%d-%m-%Y %H:%M") in html
    assert "Nog actief" in html


def test_shows_what_was_opened_during_the_grant(login_as, officer, grant):
    html = login_as(officer).get(reverse(URL)).content.decode()
    assert "Dossier van het huishouden ingezien" in html
    assert "Noodtoegang verleend" in html
    assert "Gevonden bij zoeken" not in html


def test_since_filter(login_as, officer, grant):
    tomorrow = (timezone.localdate() + timedelta(days=1)).strftime("%d-%m-%Y")
    html = login_as(officer).get(reverse(URL), {"since": tomorrow}).content.decode()
    assert REASON not in html
    assert "geen noodtoegang gebruikt" in html


def test_expired_grant_is_still_reported(login_as, officer, grant):
    EmergencyAccess.objects.filter(pk=grant.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1))
    html = login_as(officer).get(reverse(URL)).content.decode()
    assert REASON in html and "Verlopen" in html


def test_opening_the_report_is_logged(login_as, officer, grant):
    login_as(officer).get(reverse(URL))
    assert AccessLogEntry.objects.filter(event="emergency_access.report", outcome="success",
                                         username=officer.user.username).exists()


def test_log_admin_may_see_it_too(login_as, make_member, vt, grant):
    admin = make_member(Role.LOG_ADMIN, vt)
    assert REASON in login_as(admin).get(reverse(URL)).content.decode()


def test_user_without_the_permission_gets_404(login_as, intake, grant):
    response = login_as(intake).get(reverse(URL))
    assert response.status_code == 404
    assert REASON not in response.content.decode()
